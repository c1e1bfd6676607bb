"""Shared fixtures: app, db, client, runner; a fresh database per test; no unexpected network.

The schema is built once per session by the Alembic migrations (never by create_all), then every test starts from
empty tables. PostgreSQL is used when TEST_DATABASE_URL is set, SQLite in a temporary file otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from shop import create_app
from shop.extensions import db as _db
from shop.extensions import limiter

pytest_plugins = [
    "tests.fixtures.network",
    "tests.fixtures.live_server",
    "tests.fixtures.smtp",
    "tests.fixtures.stripe_api",
]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def _normalise(url: str) -> str:
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        return _normalise(TEST_DATABASE_URL)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def base_overrides(database_url: str, tmp: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SHOP_ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SHOP_BASE_URL": "http://shop.test",
        "SERVER_NAME": None,
        "STRIPE_SECRET_KEY": None,
        "STRIPE_WEBHOOK_SECRET": None,
        "STRIPE_API_BASE": None,
        "MAIL_SERVER": None,
        "MEDIA_DIR": str(tmp / "media"),
        "EBOOK_STORAGE_DIR": str(tmp / "ebooks"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "WTF_CSRF_ENABLED": False,
    }


@pytest.fixture(scope="session")
def migrated_database(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Drop whatever was there and apply every migration once."""
    from flask_migrate import upgrade

    app = create_app(base_overrides(database_url, tmp_path_factory.mktemp("setup")))
    with app.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        _empty_all_tables()  # migration 0019 writes starting data; every test starts from empty tables all the same
        _db.engine.dispose()
    return database_url


def _empty_all_tables() -> None:
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    with _db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            conn.execute(
                sa.text("PRAGMA foreign_keys=OFF")
            )  # self-references (credit notes) need no ordering
            for name in tables:
                conn.execute(sa.text(f'DELETE FROM "{name}"'))  # noqa: S608 - names from our metadata
            conn.execute(sa.text("PRAGMA foreign_keys=ON"))


@pytest.fixture
def app_overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Override in a test module to change settings for that module's app. By default, a test that asks for the
    in-process SMTP server gets a real SMTP conversation with it."""
    if "smtp_server" not in request.fixturenames:
        return {}
    server = request.getfixturevalue("smtp_server")
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_USE_TLS": False,
        "MAIL_SUPPRESS_SEND": False,
    }


@pytest.fixture
def app(migrated_database: str, tmp_path: Path, app_overrides: dict[str, Any]) -> Iterator[Flask]:
    app = create_app({**base_overrides(migrated_database, tmp_path), **app_overrides})
    with app.app_context():
        limiter.reset()
        yield app
        _db.session.remove()
        _empty_all_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Any:
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def is_postgres(database_url: str) -> bool:
    return database_url.startswith("postgresql")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2's production cost is deliberate; tests only need the same algorithm, not the same cost."""
    from argon2 import PasswordHasher

    monkeypatch.setattr(
        "shop.accounts.models._hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
