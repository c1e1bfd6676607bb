"""Press reviews ("Ils parlent du livre") and author interviews."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.catalog.models import Author
from shop.core.db import Base, TimestampMixin, enum_column


class PublicationStatus(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"  # submitted by an author, waiting for the publisher when moderation is on
    PUBLISHED = "published"


class ReviewCategory(enum.StrEnum):
    PRESS = "press"
    BLOG = "blog"
    RADIO_TV = "radio_tv"
    BOOKSELLER = "bookseller"


press_review_tags = sa.Table(
    "press_review_tags",
    Base.metadata,
    sa.Column("press_review_id", sa.ForeignKey("press_reviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)

interview_authors = sa.Table(
    "interview_authors",
    Base.metadata,
    sa.Column("interview_id", sa.ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("author_id", sa.ForeignKey("authors.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))


class PressReview(TimestampMixin, Base):
    __tablename__ = "press_reviews"
    __table_args__ = (sa.Index("ix_press_reviews_status_published_on", "status", "published_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    outlet: Mapped[str] = mapped_column(sa.String(200))
    outlet_url: Mapped[str | None] = mapped_column(sa.String(500))
    outlet_logo: Mapped[str | None] = mapped_column(sa.String(255))
    reviewer: Mapped[str] = mapped_column(sa.String(200), default="")
    title: Mapped[str] = mapped_column(sa.String(300))
    url: Mapped[str | None] = mapped_column(sa.String(500))
    published_on: Mapped[dt.date]
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    excerpt: Mapped[str] = mapped_column(sa.Text, default="")
    # Markdown; only when the outlet allowed reproduction, which permission_note records.
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    permission_note: Mapped[str] = mapped_column(sa.String(500), default="")
    category: Mapped[ReviewCategory] = mapped_column(
        enum_column(ReviewCategory), default=ReviewCategory.PRESS
    )
    status: Mapped[PublicationStatus] = mapped_column(
        enum_column(PublicationStatus), default=PublicationStatus.DRAFT
    )
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    tags: Mapped[list[Tag]] = relationship(secondary=press_review_tags, order_by=Tag.name)

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class Interview(TimestampMixin, Base):
    __tablename__ = "interviews"
    __table_args__ = (sa.Index("ix_interviews_status_held_on", "status", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(160), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    interviewees: Mapped[str] = mapped_column(sa.String(300))
    interviewer: Mapped[str] = mapped_column(sa.String(200), default="")
    held_on: Mapped[dt.date]
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    introduction: Mapped[str] = mapped_column(sa.Text, default="")
    # Questions as "## Question" headings followed by the answer, in Markdown.
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    media_url: Mapped[str | None] = mapped_column(sa.String(500))
    status: Mapped[PublicationStatus] = mapped_column(
        enum_column(PublicationStatus), default=PublicationStatus.DRAFT
    )
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    authors: Mapped[list[Author]] = relationship(secondary=interview_authors, order_by=Author.position)

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED
