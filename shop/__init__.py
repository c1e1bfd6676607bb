"""Le Community Management: the book's own shop."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build and wire the application; no database, network or migration work happens here."""
    from shop import config, web
    from shop.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.update(config.settings_or_exit(Path(app.instance_path)))
    if overrides:
        app.config.update(overrides)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=web.select_locale,
        default_translation_directories=str(ROOT / "shop" / "translations"),
    )
    web.register(app)
    return app
