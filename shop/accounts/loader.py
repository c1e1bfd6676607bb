"""Flask-Login user loading."""

from __future__ import annotations

from shop.extensions import db, login_manager


def register_user_loader() -> None:
    from shop.accounts.models import User

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        return db.session.get(User, int(user_id))
