"""Flask-Login user loading."""

from __future__ import annotations

from shop.extensions import db, login_manager


def register_user_loader() -> None:
    from flask_babel import lazy_gettext as _l

    from shop.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        return db.session.get(User, int(user_id))
