"""The production stack for the `stack` tests: nginx (deploy/nginx/shop.conf) in front of two gunicorn servers
sharing PostgreSQL, Redis (page cache, rate limits), the file stores and an SMTP server; started once per run.

STACK_DATABASE_URL names the dedicated database, dropped and recreated here; without it the stack tests are
skipped, so a plain `pytest -m "not browser"` does not start servers (`make test-stack` sets it).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from tests.fixtures.smtp import SMTPServer
from tests.stack.servers import BIN, flask, free_port, nginx_command, nginx_config, running

DATABASE_URL = os.environ.get("STACK_DATABASE_URL", "")
PUBLIC_MAX_AGE = 2


@dataclass
class Stack:
    env: dict[str, str]
    nginx: int
    apps: list[int]
    tmp: Path
    smtp: SMTPServer


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


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not DATABASE_URL:
        pytest.skip("set STACK_DATABASE_URL (make test-stack) to run the production stack")
    _require("nginx", "redis-server", "wrk", "pg_dump", "pg_restore")
    tmp = tmp_path_factory.mktemp("stack")
    _recreate(DATABASE_URL)
    redis_port, nginx_port = free_port(), free_port()
    apps = [free_port(), free_port()]
    smtp = SMTPServer()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "STRIPE_", "MAIL_"))},
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "FLASK_APP": "shop", "SHOP_ENV": "development",
        "DATABASE_URL": DATABASE_URL, "SECRET_KEY": "stack-test-secret", "SHOP_BASE_URL": f"http://127.0.0.1:{nginx_port}",
        "MEDIA_DIR": str(tmp / "media"), "EBOOK_STORAGE_DIR": str(tmp / "ebooks"),
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/0", "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/1",
        "PUBLIC_MAX_AGE": str(PUBLIC_MAX_AGE), "X_ACCEL_REDIRECT_PREFIX": "/_protected/ebooks", "TRUSTED_PROXIES": "1",
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port), "MAIL_USE_TLS": "false",
    }  # fmt: skip
    flask(env, "db", "upgrade")
    flask(env, "shop", "demo")
    config = nginx_config(tmp, nginx_port, apps, tmp / "media", tmp / "ebooks")
    with ExitStack() as processes:
        smtp.start()
        processes.callback(smtp.stop)
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
        yield Stack(env=env, nginx=nginx_port, apps=apps, tmp=tmp, smtp=smtp)


def in_process_app(stack: Stack):  # type: ignore[no-untyped-def]
    from shop import create_app

    keys = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI", "CACHE_URL": "CACHE_URL", "MEDIA_DIR": "MEDIA_DIR",
            "EBOOK_STORAGE_DIR": "EBOOK_STORAGE_DIR", "SECRET_KEY": "SECRET_KEY"}  # fmt: skip
    overrides = {setting: stack.env[name] for name, setting in keys.items()}
    overrides["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + DATABASE_URL.split("://", 1)[1]
    return create_app(overrides)
