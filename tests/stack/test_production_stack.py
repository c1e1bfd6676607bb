"""The production stack end to end: nginx (deploy/nginx/shop.conf) in front of two gunicorn app servers sharing
PostgreSQL, Redis (page cache and rate limits) and the file stores.

Run with `make test-stack`; needs nginx, redis-server, wrk and PostgreSQL on 127.0.0.1 (.ci/run installs them).
STACK_DATABASE_URL names the dedicated database, dropped and recreated here; without it these tests are skipped, so
a plain `pytest -m "not browser"` does not start servers.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from tests.stack.servers import BIN, flask, free_port, get, nginx_command, nginx_config, running

pytestmark = pytest.mark.stack
DATABASE_URL = os.environ.get("STACK_DATABASE_URL", "")
PUBLIC_MAX_AGE = 2
PUBLIC_PAGES = ["/fr/", "/en/", "/fr/auteurs/", "/fr/presse/", "/fr/entretiens/", "/fr/mentions-legales"]
LOAD_SECONDS = 20
LOAD_CONNECTIONS = 200


@dataclass
class Stack:
    env: dict[str, str]
    nginx: int
    apps: list[int]
    tmp: Path


def _recreate(url: str) -> None:
    parsed = sa.engine.make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')


def _require(*commands: str) -> None:
    missing = [c for c in commands if shutil.which(c) is None]
    if missing:
        pytest.fail(f"the stack test needs {', '.join(missing)} (see .ci/run)")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not DATABASE_URL:
        pytest.skip("set STACK_DATABASE_URL (make test-stack) to run the production stack")
    _require("nginx", "redis-server", "wrk", "pg_dump", "pg_restore")
    tmp = tmp_path_factory.mktemp("stack")
    _recreate(DATABASE_URL)
    redis_port, nginx_port = free_port(), free_port()
    apps = [free_port(), free_port()]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "STRIPE_", "MAIL_"))},
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "FLASK_APP": "shop", "SHOP_ENV": "development",
        "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "stack-test-secret", "SHOP_BASE_URL": f"http://127.0.0.1:{nginx_port}",
        "MEDIA_DIR": str(tmp / "media"), "EBOOK_STORAGE_DIR": str(tmp / "ebooks"),
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0", "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/1",
        "PUBLIC_MAX_AGE": str(PUBLIC_MAX_AGE), "X_ACCEL_REDIRECT_PREFIX": "/_protected/ebooks", "TRUSTED_PROXIES": "1",
    }  # fmt: skip
    flask(env, "db", "upgrade")
    flask(env, "shop", "demo")
    config = nginx_config(tmp, nginx_port, apps, tmp / "media", tmp / "ebooks")
    with ExitStack() as processes:
        redis = [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        processes.enter_context(running(redis, redis_port, env, tmp / "redis.log"))
        for port in apps:
            gunicorn = [
                str(BIN / "gunicorn"),
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "shop:create_app()",
            ]
            processes.enter_context(running(gunicorn, port, env, tmp / f"gunicorn-{port}.log"))
        processes.enter_context(running(nginx_command(config), nginx_port, env, tmp / "nginx.log"))
        yield Stack(env=env, nginx=nginx_port, apps=apps, tmp=tmp)


def _in_process_app(stack: Stack):  # type: ignore[no-untyped-def]
    from shop import create_app

    keys = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "CACHE_URL": "CACHE_URL", "MEDIA_DIR": "MEDIA_DIR",
            "EBOOK_STORAGE_DIR": "EBOOK_STORAGE_DIR", "SECRET_KEY": "SECRET_KEY"}  # fmt: skip
    overrides = {setting: stack.env[name] for name, setting in keys.items()}
    overrides["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + DATABASE_URL.split("://", 1)[1]
    return create_app(overrides)


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
    app = _in_process_app(stack)
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

    app = _in_process_app(stack)
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
