"""The book editor's forms for the editions (price, ISBN, on sale) and their retailer links."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, FormField, StringField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from shop.catalog.edition_actions import NAME_CHARS, URL_CHARS, EditionValues
from shop.catalog.models import Book, EditionFormat, RetailerLink
from shop.core.isbn import format_isbn13, is_valid_isbn13
from shop.core.money import price_text
from shop.core.parsing import HtmlForm, euros_validator, no_control_chars, parse_cents
from shop.core.templating import current_lang
from shop.core.urls import WebURL, is_page_url

MAX_PRICE_CENTS = 10_000_00  # a book over 10,000 euros is a typo


def _isbn(_form: Any, field: Any) -> None:
    if field.data and not is_valid_isbn13(field.data):
        raise ValidationError(_l("This is not a valid ISBN-13 (978 or 979, 13 digits, check digit)."))


def _book_page(_form: Any, field: Any) -> None:
    if field.data and not is_page_url(field.data.strip()):
        raise ValidationError(
            _l("Give the address of the book's own page at this retailer, not its home page.")
        )


class EditionRow(Form):
    """One edition's line; a sub-form of EditionsForm (field names like print-price)."""

    price = StringField(_l("Price incl. VAT (EUR)"), validators=[InputRequired(_l("Give a price in euros, e.g. 19.90.")),
                                                                  no_control_chars, Length(max=12), euros_validator(MAX_PRICE_CENTS)])  # fmt: skip
    isbn13 = StringField(_l("ISBN-13"), validators=[Optional(), no_control_chars, Length(max=20), _isbn])
    active = BooleanField(_l("On sale on this site"))


class EditionsForm(HtmlForm):
    print = FormField(EditionRow, label=_l("Print edition"))
    ebook = FormField(EditionRow, label=_l("E-book"))
    bundle = FormField(EditionRow, label=_l("Print + e-book"))

    @classmethod
    def for_book(cls, book: Book, fill: bool) -> EditionsForm:
        """A form with one row per edition the book has (a book without a bundle has no bundle row)."""
        form = cls() if not fill else cls(formdata=None)
        formats = {e.format.value for e in book.editions}
        for fmt in EditionFormat:
            if fmt.value not in formats:
                del form[fmt.value]
        if fill:
            for edition in book.editions:
                row = form[edition.format.value]
                row["price"].data = price_text(edition.price_cents, current_lang())
                row["isbn13"].data = format_isbn13(edition.isbn13) if edition.isbn13 else ""
                row["active"].data = edition.active
        return form

    def rows(self) -> list[tuple[EditionFormat, Any]]:
        return [(fmt, self[fmt.value]) for fmt in EditionFormat if fmt.value in self]

    def values(self, book: Book) -> dict[int, EditionValues]:
        by_format = {e.format: e for e in book.editions}
        return {
            by_format[fmt].id: EditionValues(
                price_cents=parse_cents(row["price"].data, maximum=MAX_PRICE_CENTS),
                isbn13=(row["isbn13"].data or "").strip() or None,
                active=bool(row["active"].data),
            )
            for fmt, row in self.rows()
        }


class LinkForm(HtmlForm):
    """A retailer link; each one on the page has its own prefix (link-12-, new-3-), so field ids stay unique."""

    name = StringField(
        _l("Retailer"),
        validators=[InputRequired(_l("Give the retailer's name.")), no_control_chars, Length(max=NAME_CHARS)],
    )
    url = StringField(
        _l("Address of the book's page"),
        validators=[InputRequired(_l("Please give a full web address (https://...).")), no_control_chars,
                    Length(max=URL_CHARS), WebURL(), _book_page],
    )  # fmt: skip

    @classmethod
    def for_link(cls, link: RetailerLink, fill: bool = True) -> LinkForm:
        if fill:
            return cls(formdata=None, prefix=f"link-{link.id}", obj=link)
        return cls(prefix=f"link-{link.id}")

    @classmethod
    def for_new(cls, edition_id: int, fill: bool = True) -> LinkForm:
        return cls(formdata=None, prefix=f"new-{edition_id}") if fill else cls(prefix=f"new-{edition_id}")
