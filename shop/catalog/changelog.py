"""The book editor's change log: the actions write one row per changed value; the editor page reads them back as
plain sentences in its own language ("Catherine a changé le prix de l'édition imprimée : 24,00 € → 25,00 €").

Values are stored as short text in a neutral form (cents, ISO dates, normalised ISBNs, "1"/"0") and formatted only
when shown, so the same row reads well in French and in English. Long texts are cut when stored (STORED_CHARS) and
again, shorter, when shown (SHOWN_CHARS): the history says what changed, the book editor holds the full text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from flask_babel import LazyString, format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from shop.catalog.models import Book, ChangeLog, Edition, EditionFormat
from shop.core.isbn import format_isbn13
from shop.core.money import format_money
from shop.extensions import db

if TYPE_CHECKING:
    from shop.accounts.models import User

STORED_CHARS = 500
SHOWN_CHARS = 80

# What changed, with its article, ready to follow "a changé" / "changed".
WHAT: dict[str, LazyString] = {
    "title": _l("the title"),
    "subtitle.fr": _l("the French subtitle"), "subtitle.en": _l("the English subtitle"),
    "pitch.fr": _l("the French pitch"), "pitch.en": _l("the English pitch"),
    "description.fr": _l("the French description"), "description.en": _l("the English description"),
    "table_of_contents.fr": _l("the French table of contents"),
    "table_of_contents.en": _l("the English table of contents"),
    "published_on": _l("the publication date"), "pages": _l("the number of pages"),
    "price.print": _l("the price of the print edition"), "price.ebook": _l("the price of the e-book"),
    "price.bundle": _l("the price of the bundle"),
    "isbn.print": _l("the ISBN of the print edition"), "isbn.ebook": _l("the ISBN of the e-book"),
    "isbn.bundle": _l("the ISBN of the bundle"),
}  # fmt: skip
EDITION: dict[str, LazyString] = {
    EditionFormat.PRINT: _l("the print edition"),
    EditionFormat.EBOOK: _l("the e-book"),
    EditionFormat.BUNDLE: _l("the bundle"),
}
TEXT_FIELDS = ("title", "subtitle", "pitch", "description", "table_of_contents")


def actor_name(user: User | None) -> str:
    """Who, as the history will name them: the author's name for an author's account, else the e-mail."""
    if user is None:
        return ""
    return user.author.name if user.author is not None else user.email


def _clip(value: Any, limit: int) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split()) if len(text) > limit else text
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def record(book: Book, field: str, old: Any, new: Any, actor: User | None, *,
           edition: Edition | None = None, subject: str = "") -> ChangeLog | None:  # fmt: skip
    """Add one row for a change (nothing when the value stays the same); the caller's transaction keeps it."""
    old_text, new_text = _clip(old, STORED_CHARS), _clip(new, STORED_CHARS)
    if old_text == new_text:
        return None
    row = ChangeLog(
        book_id=book.id, user_id=actor.id if actor is not None else None, actor=actor_name(actor)[:254],
        field=field, edition_format=edition.format if edition is not None else None, subject=subject[:120],
        old_value=old_text, new_value=new_text,
    )  # fmt: skip
    db.session.add(row)
    return row


def recent(book: Book, limit: int = 30) -> Sequence[ChangeLog]:
    query = (
        sa.select(ChangeLog)
        .filter_by(book_id=book.id)
        .order_by(ChangeLog.at.desc(), ChangeLog.id.desc())
        .limit(limit)
    )
    return db.session.scalars(query).all()


# -- reading a row back


def _quoted(text: str) -> str:
    return _("“%(text)s”", text=_clip(text, SHOWN_CHARS))


def _shown(row: ChangeLog, value: str) -> str:
    """A stored value in the page's words: money, a date, a hyphenated ISBN, a number or quoted text."""
    from shop.core.templating import current_lang

    kind = row.field.split(".", 1)[0]
    try:
        if kind == "price":
            return format_money(int(value), "EUR", current_lang())
        if kind == "published_on":
            return str(format_date(dt.date.fromisoformat(value), format="long"))
        if kind == "isbn":
            return format_isbn13(value)
        if kind == "pages":
            return value
    except ValueError:
        pass
    return _quoted(value)


def _edition(row: ChangeLog) -> str:
    found = EDITION.get(row.edition_format) if row.edition_format else None
    return str(found) if found is not None else _("an edition")


def _value_sentence(row: ChangeLog, who: str) -> str:
    what = WHAT.get(row.field if not row.edition_format else f"{row.field}.{row.edition_format.value}")
    label = str(what) if what is not None else _("a detail of the book")
    old, new = row.old_value, row.new_value
    if not old:
        return _("%(who)s set %(what)s: %(new)s", who=who, what=label, new=_shown(row, new))
    if not new:
        return _("%(who)s removed %(what)s (it was %(old)s)", who=who, what=label, old=_shown(row, old))
    return _("%(who)s changed %(what)s: %(old)s → %(new)s", who=who, what=label, old=_shown(row, old),
             new=_shown(row, new))  # fmt: skip


def _file_sentence(row: ChangeLog, who: str) -> str:
    name = {
        "cover": _("the cover"),
        "sample_epub": _("the sample chapter (EPUB)"),
        "sample_pdf": _("the sample chapter (PDF)"),
    }.get(row.field, _("a file"))
    if not row.new_value:
        return _("%(who)s removed %(what)s.", who=who, what=name)
    if not row.old_value:
        return _("%(who)s added %(what)s.", who=who, what=name)
    return _("%(who)s replaced %(what)s.", who=who, what=name)


def _active_sentence(row: ChangeLog, who: str) -> str:
    if row.new_value == "1":
        return _("%(who)s put %(edition)s on sale.", who=who, edition=_edition(row))
    return _("%(who)s took %(edition)s off sale.", who=who, edition=_edition(row))


def _link_sentence(row: ChangeLog, who: str) -> str:
    edition, name = _edition(row), row.subject
    if row.field == "link.name":
        return _("%(who)s renamed the link %(old)s to %(new)s for %(edition)s.", who=who, edition=edition,
                 old=_quoted(row.old_value), new=_quoted(row.new_value))  # fmt: skip
    if not row.old_value:
        return _("%(who)s added a link to %(name)s for %(edition)s: %(url)s", who=who, name=name,
                 edition=edition, url=_clip(row.new_value, SHOWN_CHARS))  # fmt: skip
    if not row.new_value:
        return _("%(who)s removed the %(name)s link for %(edition)s.", who=who, name=name, edition=edition)
    return _("%(who)s changed the %(name)s link for %(edition)s: %(old)s → %(new)s", who=who, name=name,
             edition=edition, old=_clip(row.old_value, SHOWN_CHARS), new=_clip(row.new_value, SHOWN_CHARS))  # fmt: skip


SENTENCES: dict[str, Callable[[ChangeLog, str], str]] = {
    "cover": _file_sentence, "sample_epub": _file_sentence, "sample_pdf": _file_sentence,
    "active": _active_sentence, "link": _link_sentence, "link.name": _link_sentence,
}  # fmt: skip


def sentence(row: ChangeLog) -> str:
    """The row as one sentence in the current language; an unknown field still reads as words, never a code."""
    who = row.actor or _("The demo loader")
    return SENTENCES.get(row.field, _value_sentence)(row, who)


def when(row: ChangeLog) -> str:
    return str(format_datetime(row.at, format="short"))
