"""Mail is never swallowed outside development; the dev mailbox is local-only; demo passwords are per install."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from shop import create_app
from shop.accounts.models import User
from shop.catalog import demo_content
from shop.config import CONFIG_ERROR_EXIT_STATUS, ConfigError, load_settings
from shop.outbox.delivery import deliver_due
from shop.outbox.enqueue import enqueue
from shop.outbox.models import EmailStatus, OutboxEmail

PRODUCTION = {
    "SHOP_ENV": "production",
    "SECRET_KEY": "x" * 32,
    "DATABASE_URL": "postgresql://db/shop",
    "STRIPE_SECRET_KEY": "sk_live_x",
    "STRIPE_WEBHOOK_SECRET": "whsec_x",
    "SHOP_BASE_URL": "https://livre.example",
}


def test_production_refuses_to_start_without_mail_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="MAIL_SERVER, MAIL_DEFAULT_SENDER"):
        load_settings(tmp_path, PRODUCTION)


def test_the_refusal_is_a_clear_line_not_a_traceback(monkeypatch, capsys) -> None:
    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    monkeypatch.delenv("MAIL_DEFAULT_SENDER", raising=False)
    with pytest.raises(SystemExit) as exited:
        create_app()
    assert exited.value.code == CONFIG_ERROR_EXIT_STATUS
    err = capsys.readouterr().err
    assert err.startswith("Configuration error: SHOP_ENV=production needs these settings: MAIL_SERVER")
    assert "Traceback" not in err


def test_outside_development_a_missing_mail_server_is_an_error_not_a_sent_message(app, db) -> None:
    enqueue("password_reset", "zoe@example.com", "fr", "t:1", {"link": "http://shop.test/x"})
    db.session.commit()
    app.config["SHOP_ENV"] = "staging"
    assert deliver_due() == (0, 1)
    email = db.session.scalars(sa.select(OutboxEmail)).one()
    assert email.status == EmailStatus.QUEUED and "MAIL_SERVER" in (email.last_error or "")
    assert email.body_text is None


@pytest.mark.parametrize(
    ("remote_addr", "headers", "status"),
    [
        ("127.0.0.1", {}, 200),
        ("::1", {}, 200),
        ("203.0.113.7", {}, 404),
        ("192.168.1.20", {}, 404),
        ("127.0.0.1", {"X-Forwarded-For": "203.0.113.7"}, 404),  # a local reverse proxy passing a stranger on
    ],
)
def test_dev_mailbox_answers_only_the_local_machine(client, db, remote_addr, headers, status) -> None:
    response = client.get("/dev/mailbox/", environ_base={"REMOTE_ADDR": remote_addr}, headers=headers)
    assert response.status_code == status


def test_demo_passwords_are_not_in_the_code() -> None:
    source = (
        Path(demo_content.__file__).read_text() + Path(demo_content.__file__).with_name("demo.py").read_text()
    )
    assert "demo-editeur-2010" not in source and "demo-autrice-2010" not in source
    assert all(len(user) == 3 for user in demo_content.DEMO_USERS)


def test_demo_passwords_are_generated_and_printed_once(runner, db) -> None:
    first = runner.invoke(args=["shop", "demo"])
    passwords = dict(line.split()[1::2] for line in first.output.splitlines() if "password:" in line)
    assert set(passwords) == {"editeur@diateino.example", "catherine@diateino.example"}
    publisher = db.session.scalars(sa.select(User).filter_by(email="editeur@diateino.example")).one()
    assert publisher.check_password(passwords["editeur@diateino.example"])
    assert passwords["editeur@diateino.example"] != passwords["catherine@diateino.example"]
    second = runner.invoke(args=["shop", "demo"])
    assert "password:" not in second.output
