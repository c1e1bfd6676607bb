"""The press release as a PDF (reportlab), from the same data as the press kit page."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from shop.catalog.models import Book
from shop.core.i18n import translated
from shop.core.templating import format_label, long_date, money


def release_pdf(book: Book, lang: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=_("Press release"),
                            author=book.publisher.name, lang=lang)  # fmt: skip
    styles = getSampleStyleSheet()

    def para(text: str, style: str = "BodyText") -> Paragraph:
        return Paragraph(escape(text), styles[style])

    story = [
        para(_("Press release"), "Heading3"),
        para(book.title, "Title"),
        para(translated(book.subtitle, lang), "Heading2"),
        para(_("By %(authors)s", authors=", ".join(a.name for a in book.authors))),
        Spacer(1, 6 * mm),
        para(translated(book.pitch, lang)),
        Spacer(1, 4 * mm),
    ]
    story += [para(line) for line in translated(book.description, lang).split("\n\n") if line.strip()]
    story += [Spacer(1, 6 * mm), para(_("Fact sheet"), "Heading2")]
    for fact in facts(book):
        story.append(para(fact))
    publisher = book.publisher
    contact = " · ".join(v for v in (publisher.name, publisher.email, publisher.phone) if v)
    story += [Spacer(1, 6 * mm), para(_("Press contact"), "Heading2"), para(contact)]
    doc.build(story)
    return out.getvalue()


def facts(book: Book) -> list[str]:
    """The fact sheet, one line each, shared by the page and the PDF."""
    lines = [_("Publisher: %(name)s", name=book.publisher.name)]
    if book.published_on:
        lines.append(_("Published on %(date)s", date=long_date(book.published_on)))
    if book.pages:
        lines.append(_("%(pages)s pages", pages=book.pages))
    for edition in book.editions:
        if not edition.active:
            continue
        line = f"{format_label(edition.format)}: {money(edition.price_cents, edition.currency)}"
        if edition.isbn13:
            line += f" · ISBN {edition.isbn13}"
        lines.append(line)
    return lines
