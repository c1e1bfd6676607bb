"""Flask-Login user loading."""

from __future__ import annotations

from shop.extensions import db, login_manager


def register_user_loader() -> None:
    from flask_babel import lazy_gettext as _l

    from shop.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The session names "id:version"; an older version (or the old bare id) is a session that was ended."""
        user_id, _sep, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None
        user = db.session.get(User, int(user_id))
        return user if user is not None and user.session_version == int(version) else None
