"""Reader comments on press reviews and interviews: stored pending, shown only once approved."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, enum_column, utcnow
from shop.extensions import db


class CommentStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class CommentTarget(enum.StrEnum):
    REVIEW = "review"
    INTERVIEW = "interview"


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (sa.Index("ix_comments_target", "target_type", "target_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[CommentTarget] = mapped_column(enum_column(CommentTarget))
    target_id: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(80))
    email: Mapped[str] = mapped_column(sa.String(254))  # never shown publicly
    body: Mapped[str] = mapped_column(sa.Text)  # plain text, escaped when shown
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus), default=CommentStatus.PENDING)
    # A keyed hash, not the address: enough to spot a flood, useless to anyone reading the database.
    ip_hash: Mapped[str] = mapped_column(sa.String(64), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    moderated_at: Mapped[dt.datetime | None]


class UsedCommentToken(Base):
    """A comment form's token, once it has been used: the unique key makes a replay (or a double click racing the
    first) fail at insert time, so one form yields one comment."""

    __tablename__ = "used_comment_tokens"

    token_hash: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    used_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


def use_token(token: str, max_age: dt.timedelta) -> bool:
    """Record `token` as used; False if it already was. Tokens past `max_age` are refused by their signature
    anyway, so their records are pruned here."""
    db.session.execute(sa.delete(UsedCommentToken).where(UsedCommentToken.used_at < utcnow() - max_age))
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    try:
        with db.session.begin_nested():
            db.session.add(UsedCommentToken(token_hash=token_hash))
    except sa.exc.IntegrityError:
        return False
    return True


def hash_ip(ip: str | None, secret: str) -> str:
    return hashlib.sha256(f"{secret}:{ip or ''}".encode()).hexdigest()


def add_comment(
    target: CommentTarget, target_id: int, name: str, email: str, body: str, ip_hash: str
) -> Comment:
    comment = Comment(
        target_type=target, target_id=target_id, name=name.strip(), email=email.strip(), body=body.strip(),
        ip_hash=ip_hash,
    )  # fmt: skip
    db.session.add(comment)
    db.session.flush()
    return comment


def approved_comments(target: CommentTarget, target_id: int) -> list[Comment]:
    query = (
        sa.select(Comment)
        .filter_by(target_type=target, target_id=target_id, status=CommentStatus.APPROVED)
        .order_by(Comment.created_at, Comment.id)
    )
    return list(db.session.scalars(query))


def pending_comments() -> list[Comment]:
    """The moderation queue, oldest first."""
    query = sa.select(Comment).filter_by(status=CommentStatus.PENDING).order_by(Comment.created_at)
    return list(db.session.scalars(query))


def moderate(comment: Comment, status: CommentStatus) -> None:
    comment.status = status
    comment.moderated_at = utcnow()
    db.session.flush()
