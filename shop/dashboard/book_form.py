"""The book editor's form: title, texts in both languages, publication facts, ISBNs and cover."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from shop.catalog.models import Book, EditionFormat
from shop.core.isbn import is_valid_isbn13, normalize_isbn13
from shop.core.parsing import BoundedIntegerField, HtmlForm, date_in_range, no_control_chars

TRANSLATED = ("subtitle", "pitch", "description", "table_of_contents")


def _isbn(_form: Any, field: Any) -> None:
    if field.data and not is_valid_isbn13(field.data):
        raise ValidationError(_l("This is not a valid ISBN-13 (978 or 979, 13 digits, check digit)."))


class BookForm(HtmlForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Please give a title.")), no_control_chars, Length(max=300)]
    )
    subtitle_fr = StringField(
        _l("Subtitle (French)"), validators=[Optional(), no_control_chars, Length(max=300)]
    )
    subtitle_en = StringField(
        _l("Subtitle (English)"), validators=[Optional(), no_control_chars, Length(max=300)]
    )
    pitch_fr = TextAreaField(
        _l("Short pitch (French)"), validators=[Optional(), no_control_chars, Length(max=1000)]
    )
    pitch_en = TextAreaField(
        _l("Short pitch (English)"), validators=[Optional(), no_control_chars, Length(max=1000)]
    )
    description_fr = TextAreaField(
        _l("Description, Markdown (French)"), validators=[Optional(), no_control_chars, Length(max=20000)]
    )
    description_en = TextAreaField(
        _l("Description, Markdown (English)"), validators=[Optional(), no_control_chars, Length(max=20000)]
    )
    table_of_contents_fr = TextAreaField(_l("Table of contents, Markdown (French)"),
                                         validators=[Optional(), no_control_chars, Length(max=20000)])  # fmt: skip
    table_of_contents_en = TextAreaField(_l("Table of contents, Markdown (English)"),
                                         validators=[Optional(), no_control_chars, Length(max=20000)])  # fmt: skip
    published_on = DateField(_l("Publication date"), validators=[Optional(), date_in_range])
    pages = BoundedIntegerField(_l("Pages"), minimum=1, maximum=10000, validators=[Optional()])
    isbn_print = StringField(
        _l("ISBN of the print edition"), validators=[Optional(), no_control_chars, Length(max=20), _isbn]
    )
    isbn_ebook = StringField(
        _l("ISBN of the e-book"), validators=[Optional(), no_control_chars, Length(max=20), _isbn]
    )
    isbn_bundle = StringField(
        _l("ISBN of the bundle"), validators=[Optional(), no_control_chars, Length(max=20), _isbn]
    )
    cover = FileField(_l("Cover (PNG, JPEG or WebP, 5 MB at most)"))

    def fill(self, book: Book) -> None:
        self.title.data = book.title
        for name in TRANSLATED:
            for lang in ("fr", "en"):
                getattr(self, f"{name}_{lang}").data = (getattr(book, name) or {}).get(lang, "")
        self.published_on.data, self.pages.data = book.published_on, book.pages
        for edition in book.editions:
            getattr(self, f"isbn_{edition.format.value}").data = edition.isbn13 or ""

    def apply(self, book: Book) -> None:
        """Copy the form onto the book; the caller commits."""
        book.title = (self.title.data or "").strip()
        for name in TRANSLATED:
            values = {lang: (getattr(self, f"{name}_{lang}").data or "").strip() for lang in ("fr", "en")}
            setattr(book, name, {lang: text for lang, text in values.items() if text})
        book.published_on, book.pages = self.published_on.data, self.pages.data
        for edition in book.editions:
            raw = getattr(self, f"isbn_{EditionFormat(edition.format).value}").data
            edition.isbn13 = normalize_isbn13(raw) if raw else None
