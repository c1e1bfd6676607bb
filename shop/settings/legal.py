"""Versioned legal texts: the latest version is the one shown, every version stays readable, orders keep theirs.

Version 1 of each page is the text the shop started with (shop.settings.legal_defaults); migration 0019 writes it,
and while a database holds no version of a page, version 1 is read from there as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

import sqlalchemy as sa
from flask import get_template_attribute
from markupsafe import Markup, escape

from shop.catalog.models import Publisher
from shop.core.markdown import render_markdown
from shop.extensions import db
from shop.settings import store
from shop.settings.legal_defaults import DEFAULT_TEXTS
from shop.settings.models import LegalPage, LegalVersion

# Fields a legal text may hold, written {{ name }}. Blocks stand alone on their line (a paragraph of their own) and
# become a piece of page from `templates/legal/_blocks.html`; the others are words inside a sentence.
BLOCKS = ("publisher", "host", "seller", "delivery_rates", "withdrawal_form")
WORDS = (
    "mediator",
    "publisher_name",
    "publisher_address",
    "publisher_email",
    "download_days",
    "download_limit",
)
FIELDS = BLOCKS + WORDS
_FIELD = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
# One pass over the HTML: a field alone in its paragraph, or a field anywhere; what is filled in is never re-read.
_PLACES = re.compile(r"<p>\s*\{\{\s*([A-Za-z_]+)\s*\}\}\s*</p>|\{\{\s*([A-Za-z_]+)\s*\}\}")


def _default(page: LegalPage) -> LegalVersion:
    texts = DEFAULT_TEXTS[page]
    return LegalVersion(page=page, number=1, body_fr=texts["fr"], body_en=texts["en"], author_email="")


def versions(page: LegalPage) -> Sequence[LegalVersion]:
    """Newest first; version 1 from the defaults when nothing was ever saved."""
    saved = db.session.scalars(
        sa.select(LegalVersion).filter_by(page=page).order_by(LegalVersion.number.desc())
    ).all()
    return saved or [_default(page)]


def latest(page: LegalPage) -> LegalVersion:
    return versions(page)[0]


def version(page: LegalPage, number: int) -> LegalVersion | None:
    if not db.session.scalar(sa.select(sa.func.count(LegalVersion.id)).filter_by(page=page)):
        return _default(page) if number == 1 else None
    return db.session.scalar(sa.select(LegalVersion).filter_by(page=page, number=number))


def unknown_fields(text: str) -> list[str]:
    return sorted({name for name in _FIELD.findall(text) if name not in FIELDS})


def misplaced_blocks(text: str) -> list[str]:
    """Blocks written inside a sentence: each must be a paragraph of its own (blank lines around it)."""
    html = str(render_markdown(text))
    return sorted({m[2] for m in _PLACES.finditer(html) if m[2] in BLOCKS})


def save(
    page: LegalPage, body_fr: str, body_en: str, author_id: int | None, author_email: str
) -> LegalVersion | None:
    """A new version when the text changed (None when it did not); version 1 is written down first if it was only
    the default. Flushes; the caller commits."""
    current = latest(page)
    if current.body_fr == body_fr and current.body_en == body_en:
        return None
    if current.id is None:
        db.session.add(current)
    new = LegalVersion(
        page=page, number=current.number + 1, body_fr=body_fr, body_en=body_en, author_id=author_id,
        author_email=author_email,
    )  # fmt: skip
    db.session.add(new)
    db.session.flush()
    return new


# What orders recorded before the terms lived in the database: the template text, which became version 1.
LEGACY_TERMS_VERSION = "2026-11"


def accepted_terms_number(stored: str | None) -> int | None:
    """The version number of the terms an order's buyer accepted, from Order.terms_version."""
    if stored == LEGACY_TERMS_VERSION:
        return 1
    return int(stored) if stored and stored.isascii() and stored.isdigit() else None


def current_terms_number() -> int:
    """What an order records as the terms its buyer accepted (Order.terms_version holds this number as text)."""
    return latest(LegalPage.TERMS).number


def render(text: str, lang: str, publisher: Publisher, rates: Callable[[], Sequence[object]]) -> Markup:
    """The Markdown, sanitised, with its fields filled in; an unknown field is left as written.

    `rates` is called only when the text shows them, and the settings are read once: the page stays a few queries."""
    html = str(render_markdown(text, lang))  # the text's language: French typography for the French text
    settings = cache(store.current)
    words: dict[str, Callable[[], object]] = {
        "publisher_name": lambda: publisher.name,
        "publisher_address": lambda: publisher.postal_address,
        "publisher_email": lambda: publisher.email,
        "download_days": lambda: settings().download_days,
        "download_limit": lambda: settings().download_limit,
    }

    def piece(name: str) -> str:
        shown = rates() if name == "delivery_rates" else ()
        return str(get_template_attribute("legal/_blocks.html", name)(publisher=publisher, rates=shown))

    def fill(match: re.Match[str]) -> str:
        alone, name = match[1] is not None, match[1] or match[2]
        if name in BLOCKS:
            return piece(name) if alone else match[0]
        if name == "mediator":
            value = piece(name)
        elif name in words:
            value = str(escape(words[name]()))
        else:
            return match[0]
        return f"<p>{value}</p>" if alone else value

    return Markup(_PLACES.sub(fill, html))  # noqa: S704 - sanitised by render_markdown; filled values escaped
