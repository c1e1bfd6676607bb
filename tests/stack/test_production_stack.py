"""The production stack end to end (fixtures in conftest.py): proxy cache, content changes, load, backup."""

from __future__ import annotations

import hashlib
import re
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.stack.conftest import DATABASE_URL, PUBLIC_MAX_AGE, Stack, _recreate, in_process_app
from tests.stack.servers import flask, get

pytestmark = pytest.mark.stack
PUBLIC_PAGES = ["/fr/", "/en/", "/fr/auteurs/", "/fr/presse/", "/fr/entretiens/", "/fr/mentions-legales"]
LOAD_SECONDS = 20
LOAD_CONNECTIONS = 200


def test_a_public_page_is_a_proxy_cache_hit_the_second_time(stack: Stack) -> None:
    status, first, _ = get(stack.nginx, "/fr/entretiens/")
    assert status == 200 and first["x-cache-status"] in {"MISS", "EXPIRED"}
    status, second, _ = get(stack.nginx, "/fr/entretiens/")
    assert status == 200 and second["x-cache-status"] == "HIT"
    assert "set-cookie" not in second and second["cache-control"] == f"public, max-age={PUBLIC_MAX_AGE}"
    assert get(stack.nginx, "/fr/panier")[1].get("x-cache-status") in {None, "MISS", "BYPASS"}


def test_static_and_media_are_served_by_nginx_with_their_lifetimes(stack: Stack) -> None:
    _, _, page = get(stack.nginx, "/fr/")
    stylesheet = re.search(r'href="(/assets/css/[^"]+\.css)"', page)
    assert stylesheet, "the page links a fingerprinted stylesheet"
    status, headers, _ = get(stack.nginx, stylesheet.group(1), {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers["cache-control"]
    assert "x-cache-status" not in headers  # nginx answered from disk, not through the app
    cover = re.search(r'src="(/media/[^"]+)"', page)
    if cover:
        status, headers, _ = get(stack.nginx, cover.group(1))
        assert status == 200 and "max-age=31536000" in headers["cache-control"]


def test_a_publisher_edit_shows_on_every_server_at_once_and_through_nginx_after_max_age(stack: Stack) -> None:
    from shop.catalog.models import Book
    from shop.extensions import db

    get(stack.nginx, "/fr/")
    assert get(stack.nginx, "/fr/")[1]["x-cache-status"] == "HIT"
    for port in stack.apps:
        get(port, "/fr/")
    title = f"Titre revu {time.time_ns()}"
    app = in_process_app(stack)
    with app.app_context():
        db.session.scalars(sa.select(Book)).first().title = title
        db.session.commit()
        db.engine.dispose()
    # The shared page cache is invalidated in the same instant on both app servers: the first renders the new
    # page (MISS), the second is served that new page from Redis (HIT).
    seen = [get(port, "/fr/") for port in stack.apps]
    assert [headers["x-cache"] for _, headers, _ in seen] == ["MISS", "HIT"]
    assert all(title in body for _, _, body in seen)
    deadline = time.monotonic() + PUBLIC_MAX_AGE + 5
    while title not in get(stack.nginx, "/fr/")[2]:
        assert time.monotonic() < deadline, "nginx kept the old page past its max-age"
        time.sleep(0.5)


def test_200_connections_on_public_pages_through_nginx_give_no_error(stack: Stack) -> None:
    script = stack.tmp / "pages.lua"
    paths = ", ".join(f'"{p}"' for p in PUBLIC_PAGES)
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{LOAD_CONNECTIONS}", f"-d{LOAD_SECONDS}s", "-s", str(script),
         f"http://127.0.0.1:{stack.nginx}/"],
        capture_output=True, text=True, check=True, timeout=LOAD_SECONDS + 30,
    ).stdout  # fmt: skip
    assert re.search(r"(\d+) requests in", out) and int(re.search(r"(\d+) requests in", out).group(1)) > 0
    assert "Non-2xx" not in out, out
    assert "Socket errors" not in out, out


def _orders(url: str) -> list[tuple]:
    engine = sa.create_engine("postgresql+psycopg://" + url.split("://", 1)[1])
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT number, status, total_cents, email FROM orders ORDER BY id")
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _checksums(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def test_a_backup_restored_into_a_fresh_database_gives_the_same_orders_and_files(stack: Stack) -> None:
    from shop.catalog.models import Book
    from shop.extensions import db
    from tests.delivery.conftest import paid_order

    app = in_process_app(stack)
    with app.app_context():
        book = db.session.scalars(sa.select(Book)).first()
        paid_order(app, book, "ebook", "print")
        db.engine.dispose()
    orders = _orders(DATABASE_URL)
    assert orders, "an order to carry over"
    backups = stack.tmp / "backups"
    flask(stack.env, "shop", "backup", str(backups))
    (backup,) = backups.iterdir()

    fresh = DATABASE_URL.rsplit("/", 1)[0] + "/" + DATABASE_URL.rsplit("/", 1)[1] + "_restore"
    _recreate(fresh)
    restored = {**stack.env, "DATABASE_URL": fresh, "MEDIA_DIR": str(stack.tmp / "media2"),
                "EBOOK_STORAGE_DIR": str(stack.tmp / "ebooks2")}  # fmt: skip
    flask(restored, "shop", "restore", str(backup), "--yes")
    assert _orders(fresh) == orders
    assert _checksums(stack.tmp / "ebooks2") == _checksums(stack.tmp / "ebooks") != {}
    assert _checksums(stack.tmp / "media2") == _checksums(stack.tmp / "media")
