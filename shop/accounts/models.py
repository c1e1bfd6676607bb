"""People who log in: the publisher and the authors."""

from __future__ import annotations

import contextlib
import enum

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.catalog.models import Author
from shop.core.db import Base, TimestampMixin, enum_column

_hasher = PasswordHasher()
_dummy_hashes: dict[tuple[int, int, int], str] = {}


def _dummy_hash() -> str:
    """A hash made with the current cost parameters, to verify against when no account matches."""
    params = (_hasher.time_cost, _hasher.memory_cost, _hasher.parallelism)
    if params not in _dummy_hashes:
        _dummy_hashes[params] = _hasher.hash("no account has this password")
    return _dummy_hashes[params]


def verify_login(user: User | None, password: str) -> bool:
    """The same Argon2 verification whether or not the account exists or is active: an unknown e-mail must not
    answer faster (141 ms against 8.5 ms) and so reveal who has an account."""
    if user is None:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_dummy_hash(), password)
        return False
    return user.check_password(password) and user.active


class Role(enum.StrEnum):
    PUBLISHER = "publisher"
    AUTHOR = "author"


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("authors.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the login session's id: raising it ends every session opened before (logout, password change,
    # the publisher's "log out everywhere"), even from a copied cookie, since cookies are signed, not stored.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    author: Mapped[Author | None] = relationship()

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts through this property.
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
