"""Legal pages, filled from the publisher's legal identity in the database."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from shop.public import queries
from shop.public.views import bp

LEGAL_PAGES = {
    "mentions-legales": "legal/notice.html",
    "cgv": "legal/terms.html",
    "confidentialite": "legal/privacy.html",
}


@bp.get("/mentions-legales")
def legal_notice() -> ResponseReturnValue:
    return _render("mentions-legales")


@bp.get("/cgv")
def terms() -> ResponseReturnValue:
    return _render("cgv")


@bp.get("/confidentialite")
def privacy() -> ResponseReturnValue:
    return _render("confidentialite")


def _render(page: str) -> ResponseReturnValue:
    book = queries.the_book()
    return render_template(LEGAL_PAGES[page], book=book, publisher=book.publisher)
