"""`flask shop backup` / `flask shop restore`: the same orders and files come back, and a damaged backup is refused."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from shop.backup import sha256
from shop.core.media import store_media
from shop.orders.models import Order
from shop.public.content_version import read_version
from tests.conftest import _empty_all_tables
from tests.delivery.conftest import paid_order


def _orders(db) -> list[tuple[str, int, str]]:
    db.session.remove()
    return [
        (o.number, o.total_cents, o.email) for o in db.session.scalars(sa.select(Order).order_by(Order.id))
    ]


def _files(app) -> dict[str, str]:
    found = {}
    for setting in ("EBOOK_STORAGE_DIR", "MEDIA_DIR"):
        root = Path(app.config[setting])
        found |= {f"{setting}/{p.relative_to(root)}": sha256(p) for p in root.rglob("*") if p.is_file()}
    return found


def _wipe(app, db) -> None:
    db.session.remove()
    _empty_all_tables()
    for setting in ("EBOOK_STORAGE_DIR", "MEDIA_DIR"):
        for path in Path(app.config[setting]).rglob("*"):
            if path.is_file():
                path.unlink()


def _backup(runner, tmp_path: Path) -> Path:
    result = runner.invoke(args=["shop", "backup", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    (backup,) = (tmp_path / "backups").iterdir()
    return backup


def test_backup_then_restore_gives_back_the_same_orders_and_files(app, db, runner, book, tmp_path) -> None:
    paid_order(app, book, "ebook", "print")
    paid_order(app, book, "ebook", email="max@example.com")
    with app.app_context():
        store_media(b"cover bytes", "cover", "jpg")
    orders, files = _orders(db), _files(app)
    assert len(orders) == 2 and any(k.startswith("EBOOK_STORAGE_DIR/") for k in files)

    backup = _backup(runner, tmp_path)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert set(manifest["archives"]) == {"database.dump", "files.tar"}
    assert len(manifest["files"]) == len(files)

    version_before = read_version(db.session)
    _wipe(app, db)
    assert _orders(db) == [] and _files(app) == {}
    result = runner.invoke(args=["shop", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Restored the database" in result.output

    assert _orders(db) == orders
    assert _files(app) == files
    assert read_version(db.session) > version_before  # no page cached before the restore can be served


def test_a_damaged_backup_is_refused_before_anything_changes(app, db, runner, book, tmp_path) -> None:
    paid_order(app, book, "ebook")
    backup = _backup(runner, tmp_path)
    with (backup / "files.tar").open("r+b") as tar:
        tar.seek(600)
        tar.write(b"tampered")
    orders = _orders(db)
    result = runner.invoke(args=["shop", "restore", str(backup), "--yes"])
    assert result.exit_code != 0
    assert "files.tar does not match its SHA-256 checksum" in result.output
    assert _orders(db) == orders


def test_restore_asks_before_replacing_the_database(app, db, runner, book, tmp_path) -> None:
    backup = _backup(runner, tmp_path)
    result = runner.invoke(args=["shop", "restore", str(backup)], input="n\n")
    assert result.exit_code != 0 and "Aborted" in result.output
