"""The factory, settings, health check, language redirect and error pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from shop.config import ConfigError, load_settings
from tests.factories import make_book


def test_healthz_checks_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    ("accept", "target"),
    [("fr-FR,fr;q=0.9", "/fr/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE", "/fr/"), ("", "/fr/")],
)
def test_root_redirects_by_accept_language(client, accept: str, target: str) -> None:
    response = client.get("/", headers={"Accept-Language": accept})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(target)


@pytest.mark.parametrize(("lang", "text"), [("fr", "Page introuvable"), ("en", "Page not found")])
def test_404_is_styled_and_in_the_visitors_language(client, lang: str, text: str) -> None:
    response = client.get(f"/{lang}/nothing-here")
    assert response.status_code == 404
    assert text in response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in response.get_data(as_text=True)


def test_unknown_language_prefix_is_404_in_accept_language(client) -> None:
    response = client.get("/de/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unexpected_error_shows_no_trace(app: Flask, client) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = client.get("/boom", headers={"Accept-Language": "fr"})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "Une erreur" in body


def test_home_renders_the_book(client, db) -> None:
    book = make_book(title="Le Community Management")
    db.session.commit()
    response = client.get("/fr/")
    assert response.status_code == 200
    assert book.title in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "DATABASE_URL",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "SHOP_BASE_URL",
        "MAIL_SERVER",
        "MAIL_DEFAULT_SENDER",
    ],
)
def test_production_refuses_to_start_without_secrets(tmp_path: Path, missing: str) -> None:
    env = {
        "SHOP_ENV": "production",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": "postgresql://db/shop",
        "STRIPE_SECRET_KEY": "sk_live_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "SHOP_BASE_URL": "https://livre.example",
        "MAIL_SERVER": "smtp.livre.example",
        "MAIL_DEFAULT_SENDER": "livre@livre.example",
    }
    del env[missing]
    with pytest.raises(ConfigError, match=missing):
        load_settings(tmp_path, env)


def test_production_settings_are_hardened(tmp_path: Path) -> None:
    env = {
        "SHOP_ENV": "production",
        "SECRET_KEY": "x" * 32,
        "DATABASE_URL": "postgres://db/shop",
        "STRIPE_SECRET_KEY": "sk_live_x",
        "STRIPE_WEBHOOK_SECRET": "whsec_x",
        "SHOP_BASE_URL": "https://livre.example/",
        "MAIL_SERVER": "smtp.livre.example",
        "MAIL_DEFAULT_SENDER": "livre@livre.example",
    }
    settings = load_settings(tmp_path, env)
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://db/shop"
    assert settings["SHOP_BASE_URL"] == "https://livre.example"


def test_development_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, {})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'shop.sqlite3'}"
    assert settings["STRIPE_SECRET_KEY"] is None and settings["MAIL_SERVER"] is None
    # The generated key is stable across restarts of the same instance.
    assert load_settings(tmp_path, {})["SECRET_KEY"] == settings["SECRET_KEY"]
