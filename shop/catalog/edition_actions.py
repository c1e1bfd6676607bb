"""Changes to the editions (price, ISBN, on sale or not) and to where else each one can be bought, made the same
way by the book editor and the demo loader: checked against the French price rules and written to the change log.
Stock is not here: it moves only through shop.catalog.stock, with its own movements log. Actions flush; the caller
commits, or rolls back when an action refuses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from shop.catalog.changelog import record
from shop.catalog.models import Book, Edition, RetailerLink
from shop.checkout.pricing import check_editions
from shop.core.isbn import is_valid_isbn13, normalize_isbn13
from shop.core.parsing import control_chars_in
from shop.core.urls import is_page_url
from shop.extensions import db

if TYPE_CHECKING:
    from shop.accounts.models import User

NAME_CHARS = 120
URL_CHARS = 500


class EditionError(ValueError):
    """A refused edition or link change; the message is translated and says which rule or what to do."""


@dataclass(frozen=True)
class EditionValues:
    price_cents: int
    isbn13: str | None
    active: bool


def update_editions(book: Book, values: Mapping[int, EditionValues], actor: User | None) -> None:
    """Apply new prices, ISBNs and on-sale flags to the book's editions (keyed by edition id), then check them
    together: PricingRuleError (its `label` names the rule) or EditionError refuse the whole change."""
    editions = {e.id: e for e in book.editions}
    isbns = [normalize_isbn13(v.isbn13) for v in values.values() if v.isbn13]
    if any(not is_valid_isbn13(isbn) for isbn in isbns):
        raise EditionError(str(_l("This is not a valid ISBN-13 (978 or 979, 13 digits, check digit).")))
    taken = db.session.scalars(
        sa.select(Edition.isbn13).where(Edition.isbn13.in_(isbns), Edition.id.not_in(list(editions)))
    ).all()
    if len(set(isbns)) != len(isbns) or taken:
        raise EditionError(str(_l("Each edition needs its own ISBN.")))
    for edition_id, new in values.items():
        edition = editions[edition_id]
        isbn = normalize_isbn13(new.isbn13) if new.isbn13 else None
        record(book, "price", edition.price_cents, new.price_cents, actor, edition=edition)
        record(book, "isbn", edition.isbn13 or "", isbn or "", actor, edition=edition)
        record(book, "active", int(edition.active), int(new.active), actor, edition=edition)
        edition.price_cents, edition.active = new.price_cents, new.active
        # Two editions swapping ISBNs would meet the unique index half-way: clear first, then set.
        edition.isbn13 = None
    db.session.flush()
    for edition_id, new in values.items():
        editions[edition_id].isbn13 = normalize_isbn13(new.isbn13) if new.isbn13 else None
    check_editions(book.editions)
    db.session.flush()


def _checked(name: str, url: str) -> tuple[str, str]:
    name, url = (name or "").strip(), (url or "").strip()
    if not name or len(name) > NAME_CHARS or control_chars_in(name):
        raise EditionError(str(_l("Give the retailer's name (120 characters at most).")))
    if len(url) > URL_CHARS or not is_page_url(url):
        raise EditionError(
            str(
                _l(
                    "Give the address of the book's own page at this retailer (https://..., not its home page)."
                )
            )
        )
    return name, url


def add_link(edition: Edition, name: str, url: str, actor: User | None) -> RetailerLink:
    name, url = _checked(name, url)
    link = RetailerLink(name=name, url=url, position=len(edition.retailer_links))
    edition.retailer_links.append(link)
    record(edition.book, "link", "", url, actor, edition=edition, subject=name)
    db.session.flush()
    return link


def change_link(link: RetailerLink, name: str, url: str, actor: User | None) -> None:
    name, url = _checked(name, url)
    edition = link.edition
    record(edition.book, "link.name", link.name, name, actor, edition=edition, subject=name)
    record(edition.book, "link", link.url, url, actor, edition=edition, subject=name)
    link.name, link.url = name, url
    db.session.flush()


def remove_link(link: RetailerLink, actor: User | None) -> None:
    edition = link.edition
    record(edition.book, "link", link.url, "", actor, edition=edition, subject=link.name)
    edition.retailer_links.remove(link)
    db.session.flush()
