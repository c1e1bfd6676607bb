"""People who log in: the publisher and the authors."""

from __future__ import annotations

import enum

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.catalog.models import Author
from shop.core.db import Base, TimestampMixin, enum_column

_hasher = PasswordHasher()


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
