"""Small factory functions: each builds one valid object, flushed, with overridable fields."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from shop.accounts.models import Role, User
from shop.catalog.models import Author, Book, Edition, EditionFormat, Publisher, RetailerLink
from shop.core.isbn import isbn13_check_digit
from shop.editorial.models import Interview, PressReview, PublicationStatus, Tag
from shop.extensions import db

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_isbn() -> str:
    first12 = f"97829{_n():07d}"
    return first12 + str(isbn13_check_digit(first12))


def _save(obj: Any) -> Any:
    db.session.add(obj)
    db.session.flush()
    return obj


def make_publisher(**kw: Any) -> Publisher:
    fields: dict[str, Any] = {
        "name": "Éditions Test", "street_address": "1 rue du Test", "postal_code": "75001", "city": "Paris",
        "email": "editeur@example.test", "vat_number": "FR00123456789", "registration": "RCS Paris 123",
        "legal_form": "SARL", "mediator_name": "Médiateur Test", "mediator_url": "https://mediateur.example",
    }  # fmt: skip
    return _save(Publisher(**{**fields, **kw}))


def make_author(**kw: Any) -> Author:
    n = _n()
    fields: dict[str, Any] = {
        "slug": f"author-{n}",
        "name": f"Author {n}",
        "bio": {"fr": "Bio FR", "en": "Bio EN"},
    }
    return _save(Author(**{**fields, **kw}))


def make_edition(book: Book, fmt: str = "print", **kw: Any) -> Edition:
    defaults: dict[str, Any] = {
        "print": {"price_cents": 1990, "stock": 10, "isbn13": make_isbn()},
        "ebook": {"price_cents": 1299, "stock": None, "isbn13": make_isbn()},
        "bundle": {"price_cents": 2490, "stock": None, "isbn13": None},
    }[fmt]
    return _save(Edition(book=book, format=EditionFormat(fmt), **{**defaults, **kw}))


def make_book(with_editions: bool = True, **kw: Any) -> Book:
    n = _n()
    fields: dict[str, Any] = {
        "slug": f"book-{n}",
        "title": f"Book {n}",
        "subtitle": {"fr": "Sous-titre", "en": "Subtitle"},
        "pitch": {"fr": "Accroche", "en": "Pitch"},
        "description": {"fr": "Description", "en": "Description EN"},
        "table_of_contents": {"fr": "1. Un", "en": "1. One"},
        "published_on": dt.date(2010, 9, 10),
        "pages": 224,
    }
    if "publisher" not in kw:
        kw["publisher"] = make_publisher()
    book = _save(Book(**{**fields, **kw}))
    if with_editions:
        for fmt in ("print", "ebook", "bundle"):
            make_edition(book, fmt)
        db.session.refresh(book)
    return book


def make_retailer(book: Book, fmt: str = "print", **kw: Any) -> RetailerLink:
    """A link to the book's page at a retailer, for the book's edition of format `fmt`."""
    edition = next(e for e in book.editions if e.format == EditionFormat(fmt))
    fields = {"edition_id": edition.id, "name": "Librairie", "url": "https://librairie.example/livre/1", **kw}
    return _save(RetailerLink(**fields))


def make_tag(name: str = "CCI", **kw: Any) -> Tag:
    return _save(Tag(**{"name": name, "slug": f"tag-{_n()}", **kw}))


def make_review(**kw: Any) -> PressReview:
    n = _n()
    fields: dict[str, Any] = {
        "slug": f"review-{n}",
        "outlet": "Vedocci",
        "reviewer": "Mael Le Hir",
        "title": f"Review {n}",
        "url": "https://outlet.example/review",
        "published_on": dt.date(2010, 10, 6),
        "excerpt": "Un livre déjà de référence.",
        "status": PublicationStatus.PUBLISHED,
    }
    return _save(PressReview(**{**fields, **kw}))


def make_interview(**kw: Any) -> Interview:
    n = _n()
    fields: dict[str, Any] = {
        "slug": f"interview-{n}",
        "title": f"Interview {n}",
        "interviewees": "Catherine Ertzscheid",
        "held_on": dt.date(2010, 9, 20),
        "body_markdown": "## Question ?\n\nRéponse.",
        "status": PublicationStatus.PUBLISHED,
    }
    return _save(Interview(**{**fields, **kw}))


def make_user(role: str = "publisher", password: str = "correct horse battery", **kw: Any) -> User:
    user = User(**{"email": f"user{_n()}@example.test", "role": Role(role), **kw})
    user.set_password(password)
    return _save(user)
