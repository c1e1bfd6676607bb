"""Changes to the book's texts, facts, cover and sample chapter: the book editor and the demo loader both go
through these, so every change is checked the same way and written to the change log. Actions flush; the caller
commits (the public page cache follows: Book is a public model, see shop.public.content_version)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from shop.catalog.changelog import TEXT_FIELDS, record
from shop.catalog.models import Book
from shop.core.images import ImageError, reencode
from shop.core.media import store_media
from shop.downloads.validation import MasterFileError, validate_master
from shop.extensions import db

if TYPE_CHECKING:
    from shop.accounts.models import User

COVER_MAX_SIDE = 1600
# A sample chapter is a few pages: 20 MB leaves room for pictures while a whole book by mistake is refused.
SAMPLE_MAX_BYTES = 20 * 1024 * 1024
SAMPLE_FORMATS = ("epub", "pdf")
LANGS = ("fr", "en")


class BookFileError(ValueError):
    """A refused cover or sample; the message is translated and says why."""


def edit_texts(book: Book, values: Mapping[str, Any], actor: User | None) -> None:
    """Set the title, the per-language texts ({"fr": ..., "en": ...}), publication date and pages."""
    if "title" in values:
        title = (values["title"] or "").strip()
        record(book, "title", book.title, title, actor)
        book.title = title
    for name in TEXT_FIELDS[1:]:
        if name not in values:
            continue
        old = dict(getattr(book, name) or {})
        # Browsers send a text area's line breaks as CRLF: stored as LF, so saving untouched text changes nothing.
        new = {lang: _lf(text) for lang, text in (values[name] or {}).items() if text and text.strip()}
        for lang in LANGS:
            record(book, f"{name}.{lang}", old.get(lang, ""), new.get(lang, ""), actor)
        setattr(book, name, new)
    if "published_on" in values:
        day: dt.date | None = values["published_on"]
        record(book, "published_on", _iso(book.published_on), _iso(day), actor)
        book.published_on = day
    if "pages" in values:
        record(book, "pages", book.pages or "", values["pages"] or "", actor)
        book.pages = values["pages"]
    db.session.flush()


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def replace_cover(book: Book, data: bytes, actor: User | None) -> None:
    """Decode, check and re-encode the image (shop.core.images), store it under a content-hashed name."""
    try:
        clean, width, height = reencode(data, COVER_MAX_SIDE)
    except ImageError as exc:
        raise BookFileError(str(exc)) from None
    name = store_media(clean, "cover", "webp")
    record(book, "cover", book.cover or "", name, actor)
    book.cover, book.cover_width, book.cover_height = name, width, height
    db.session.flush()


def replace_sample(book: Book, fmt: str, data: bytes, actor: User | None) -> None:
    """Check the sample as strictly as an e-book master (a real EPUB container or a readable, unencrypted PDF),
    with a smaller size cap, and publish it at once: the book page links to the stored file."""
    if fmt not in SAMPLE_FORMATS:
        raise BookFileError(str(_l("Unknown e-book format.")))
    try:
        validate_master(data, fmt, max_bytes=SAMPLE_MAX_BYTES)
    except MasterFileError as exc:
        raise BookFileError(str(exc)) from None
    name = store_media(data, f"extrait-{book.slug}", fmt)
    field = f"sample_{fmt}"
    record(book, field, getattr(book, field) or "", name, actor)
    setattr(book, field, name)
    db.session.flush()


def remove_sample(book: Book, fmt: str, actor: User | None) -> None:
    field = f"sample_{fmt}"
    if fmt in SAMPLE_FORMATS and getattr(book, field):
        record(book, field, getattr(book, field), "", actor)
        setattr(book, field, None)
        db.session.flush()
