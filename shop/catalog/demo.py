"""`flask shop demo`: load the real book and its demo companions, idempotently (lookups by natural key)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any, TypeVar

import sqlalchemy as sa

from shop.accounts.models import Role, User
from shop.catalog import book_actions, demo_assets, edition_actions
from shop.catalog import demo_content as content
from shop.catalog.models import Author, Book, Edition, EditionFormat, Publisher, RetailerLink
from shop.core.media import store_media, store_variants
from shop.editorial.models import Interview, PressReview, PublicationStatus, ReviewCategory, Tag
from shop.editorial.slugs import slugify
from shop.extensions import db

T = TypeVar("T")


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


def _get_or_create(model: type[T], report: DemoReport, label: str, make: Callable[[], T], **lookup: Any) -> T:
    found = db.session.scalars(sa.select(model).filter_by(**lookup)).first()
    if found is not None:
        report.kept.append(label)
        return found
    obj = make()
    db.session.add(obj)
    db.session.flush()
    report.created.append(label)
    return obj


@cache
def _generated(kind: str, *args: Any) -> bytes:
    """Generated files depend only on their arguments; make them once per process."""
    makers: dict[str, Callable[..., bytes]] = {
        "portrait": demo_assets.make_portrait_placeholder,
        "cover": demo_assets.make_cover_png,
        "epub": demo_assets.make_sample_epub,
        "pdf": demo_assets.make_sample_pdf,
    }
    return makers[kind](*args)


def _authors(report: DemoReport) -> list[Author]:
    authors = []
    for position, data in enumerate(content.AUTHORS):

        def make(data: dict[str, Any] = data, position: int = position) -> Author:
            photo = store_media(_generated("portrait", data["name"]), f"author-{data['slug']}", "webp")
            return Author(**data, photo=photo, links=[], position=position)

        authors.append(_get_or_create(Author, report, f"author {data['name']}", make, slug=data["slug"]))
    return authors


def _book(report: DemoReport, publisher: Publisher, authors: list[Author]) -> Book:
    """The book, then its files, editions and links through the book editor's own actions (so they are checked
    and logged the same way); each part is added only when missing."""
    book: Book = _get_or_create(
        Book, report, "book", lambda: Book(**content.BOOK, publisher=publisher, authors=authors),
        slug=content.BOOK["slug"],
    )  # fmt: skip
    names = tuple(a.name for a in authors)
    if not book.cover:
        cover = _generated("cover", content.BOOK["title"], content.BOOK["subtitle"]["fr"], names, 600, 900)
        book_actions.replace_cover(book, cover, None)
        report.created.append("cover")
    samples = {
        "epub": ("epub", content.BOOK["title"], names, "fr"),
        "pdf": ("pdf", content.BOOK["title"], names, 6),
    }
    for fmt, args in samples.items():
        if not getattr(book, f"sample_{fmt}"):
            book_actions.replace_sample(book, fmt, _generated(*args), None)
            report.created.append(f"{fmt} sample chapter")
    for data in content.EDITIONS:
        fmt = EditionFormat(data["format"])
        make_edition = partial(Edition, book=book, **data)
        _get_or_create(Edition, report, f"{fmt.value} edition", make_edition, book_id=book.id, format=fmt)
    db.session.refresh(book)
    editions = {e.format: e for e in book.editions}
    for fmt_name, name, url in content.RETAILERS:
        edition = editions.get(EditionFormat(fmt_name))
        if edition is None:
            continue
        if db.session.scalars(sa.select(RetailerLink).filter_by(edition_id=edition.id, name=name)).first():
            report.kept.append(f"retailer {name}")
        else:
            edition_actions.add_link(edition, name, url, None)
            report.created.append(f"retailer {name}")
    return book


def _tag(name: str, report: DemoReport) -> Tag:
    slug = slugify(name)
    return _get_or_create(Tag, report, f"tag {name}", partial(Tag, slug=slug, name=name), slug=slug)


def _editorial(report: DemoReport, authors: list[Author]) -> None:
    review = dict(content.REVIEW)
    tags = [_tag(name, report) for name in review.pop("tags")]
    review["category"] = ReviewCategory(review["category"])
    make_review = partial(PressReview, **review, tags=tags, status=PublicationStatus.PUBLISHED)
    _get_or_create(PressReview, report, "press review by Mael Le Hir", make_review, slug=review["slug"])
    interview = dict(content.INTERVIEW)
    slugs = interview.pop("authors")
    chosen = [a for a in authors if a.slug in slugs]
    make_interview = partial(Interview, **interview, authors=chosen, status=PublicationStatus.PUBLISHED)
    _get_or_create(Interview, report, "interview", make_interview, slug=interview["slug"])


def _accounts(report: DemoReport, authors: list[Author]) -> None:
    """Passwords are generated per installation and reported only for accounts created now: printed once."""
    by_slug = {a.slug: a for a in authors}
    for email, role, author_slug in content.DEMO_USERS:
        password = secrets.token_urlsafe(12)

        def make(
            email: str = email, role: str = role, slug: str | None = author_slug, pw: str = password
        ) -> User:
            user = User(email=email, role=Role(role), author=by_slug.get(slug or ""))
            user.set_password(pw)
            return user

        label = f"{role} account {email}"
        _get_or_create(User, report, label, make, email=email)
        if label in report.created:
            report.accounts.append((role, email, password))


def _masters(report: DemoReport, book: Book) -> None:
    """A full (generated) e-book, so a newcomer's test purchase downloads a real, watermarked file."""
    from shop.downloads.copies import add_master
    from shop.downloads.models import EbookFormat, EbookMaster

    ebook = book.edition(EditionFormat.EBOOK)
    if ebook is None:
        return
    names = tuple(a.name for a in book.authors)
    for fmt, data in (
        (EbookFormat.EPUB, _generated("epub", book.title, names, "fr", 8)),
        (EbookFormat.PDF, _generated("pdf", book.title, names, 40)),
    ):
        if db.session.scalars(sa.select(EbookMaster).filter_by(edition_id=ebook.id, format=fmt)).first():
            report.kept.append(f"{fmt.value} master")
        else:
            add_master(ebook, fmt, data)
            report.created.append(f"{fmt.value} master")


def load_demo() -> DemoReport:
    """Create whatever part of the demo is missing; the caller commits."""
    report = DemoReport()
    publisher = _get_or_create(
        Publisher, report, "publisher", lambda: Publisher(**content.PUBLISHER), name=content.PUBLISHER["name"]
    )
    authors = _authors(report)
    book = _book(report, publisher, authors)
    db.session.refresh(book)
    # Images kept from an older installation get their srcset copies now (new ones have them already).
    for image in (book.cover, *(a.photo for a in authors)):
        if image:
            store_variants(image)
    _masters(report, book)
    _editorial(report, authors)
    _accounts(report, authors)
    from shop.shipping.rates import ensure_seeded  # imported here: shipping depends on the catalogue

    ensure_seeded()  # the delivery zones the rates editor starts from
    return report
