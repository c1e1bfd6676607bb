"""The book editor's main form: title, texts in both languages, publication facts, cover and sample chapter.

Editions (price, ISBN, on sale) and retailer links have their own forms: shop/dashboard/book_editions.py."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from markupsafe import Markup
from wtforms import BooleanField, DateField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from shop.catalog.models import Book
from shop.core.markdown import render_markdown
from shop.core.parsing import BoundedIntegerField, HtmlForm, date_in_range, no_control_chars

TRANSLATED = ("subtitle", "pitch", "description", "table_of_contents")


def uploaded(field: Any) -> bytes | None:
    """The bytes of a file field, or None when no file was chosen (or a text value came instead of a file)."""
    upload = field.data
    if upload is None or not getattr(upload, "filename", "") or not hasattr(upload, "read"):
        return None
    return bytes(upload.read())


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
    cover = FileField(_l("Cover (PNG, JPEG or WebP, 5 MB at most)"))
    sample_epub = FileField(_l("Sample chapter, EPUB (20 MB at most)"))
    remove_sample_epub = BooleanField(_l("Remove the EPUB sample"))
    sample_pdf = FileField(_l("Sample chapter, PDF (20 MB at most)"))
    remove_sample_pdf = BooleanField(_l("Remove the PDF sample"))

    def fill(self, book: Book) -> None:
        self.title.data = book.title
        for name in TRANSLATED:
            for lang in ("fr", "en"):
                getattr(self, f"{name}_{lang}").data = (getattr(book, name) or {}).get(lang, "")
        self.published_on.data, self.pages.data = book.published_on, book.pages

    def text_values(self) -> dict[str, Any]:
        """The form's texts and facts, as shop.catalog.book_actions.edit_texts takes them."""
        values: dict[str, Any] = {"title": self.title.data or ""}
        for name in TRANSLATED:
            values[name] = {lang: getattr(self, f"{name}_{lang}").data or "" for lang in ("fr", "en")}
        values["published_on"], values["pages"] = self.published_on.data, self.pages.data
        return values

    def preview(self) -> dict[str, dict[str, Markup | str]]:
        """Per language, the pitch, description and table of contents as the book page renders them."""
        return {
            lang: {
                "pitch": self[f"pitch_{lang}"].data or "",
                "description": render_markdown(self[f"description_{lang}"].data or ""),
                "table_of_contents": render_markdown(self[f"table_of_contents_{lang}"].data or ""),
            }
            for lang in ("fr", "en")
        }
