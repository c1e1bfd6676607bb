"""Read-only queries for the public pages; drafts and pending items never leave here."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload, selectinload

from shop.catalog.models import Author, Book, Edition
from shop.core import parsing
from shop.editorial.models import Interview, PressReview, PublicationStatus, Tag, press_review_tags
from shop.extensions import db

T = TypeVar("T")
PER_PAGE = 10


@dataclass
class Page(Generic[T]):
    items: Sequence[T]
    number: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def parse_page(raw: str | None) -> int:
    """Only plain positive integers are page numbers; anything else is a 404, never a 500."""
    if raw is None:
        return 1
    try:
        return parsing.parse_int(raw, minimum=1, maximum=999_999)
    except parsing.BadValue:
        abort(404)


def paginate(query: sa.Select[Any], page: int, per_page: int = PER_PAGE) -> Page[Any]:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, math.ceil(total / per_page))
    if page > pages:
        abort(404)
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=items, number=page, pages=pages, total=total)


def the_book(full: bool = False) -> Book:
    """The shop's book; `full` loads at once what the book page shows (editions, authors, publisher, links)."""
    query = sa.select(Book).order_by(Book.id).limit(1)
    if full:
        query = query.options(
            joinedload(Book.publisher),
            selectinload(Book.editions).selectinload(Edition.retailer_links),
            selectinload(Book.authors),
        )
    book = db.session.scalars(query).first()
    if book is None:
        abort(404)
    return book


def published_reviews(category: str | None = None, tag: str | None = None) -> sa.Select[Any]:
    query = sa.select(PressReview).filter_by(status=PublicationStatus.PUBLISHED)
    if category:
        query = query.filter_by(category=category)
    if tag:
        query = query.where(PressReview.tags.any(Tag.slug == tag))
    return query.order_by(PressReview.published_on.desc(), PressReview.id.desc())


def published_interviews() -> sa.Select[Any]:
    query = sa.select(Interview).filter_by(status=PublicationStatus.PUBLISHED)
    return query.order_by(Interview.held_on.desc(), Interview.id.desc())


def latest_reviews(limit: int = 3) -> Sequence[PressReview]:
    return db.session.scalars(published_reviews().limit(limit)).all()


def latest_interview() -> Interview | None:
    return db.session.scalars(published_interviews().limit(1)).first()


def review_or_404(slug: str) -> PressReview:
    review = db.session.scalars(
        sa.select(PressReview).filter_by(slug=slug, status=PublicationStatus.PUBLISHED)
    ).first()
    return review or abort(404)


def interview_or_404(slug: str) -> Interview:
    interview = db.session.scalars(
        sa.select(Interview).filter_by(slug=slug, status=PublicationStatus.PUBLISHED)
    ).first()
    return interview or abort(404)


def authors() -> Sequence[Author]:
    return db.session.scalars(sa.select(Author).order_by(Author.position, Author.name)).all()


def author_or_404(slug: str) -> Author:
    return db.session.scalars(sa.select(Author).filter_by(slug=slug)).first() or abort(404)


def interviews_of(author: Author) -> Sequence[Interview]:
    return db.session.scalars(
        published_interviews().where(Interview.authors.any(Author.id == author.id))
    ).all()


def tags_in_use() -> Sequence[Tag]:
    published = (
        sa.select(press_review_tags.c.tag_id)
        .join(PressReview, PressReview.id == press_review_tags.c.press_review_id)
        .where(PressReview.status == PublicationStatus.PUBLISHED)
    )
    query = sa.select(Tag).where(Tag.id.in_(published)).order_by(Tag.name)
    return db.session.scalars(query).all()
