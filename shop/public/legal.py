"""Legal pages: the running text of the latest version (or of an older one, ?version=N), with the publisher's
identity and the delivery rates filled in from the database (shop.settings.legal)."""

from __future__ import annotations

from flask import abort, g, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from shop.core import parsing
from shop.public import queries
from shop.public.views import bp
from shop.settings import legal
from shop.settings.models import LegalPage
from shop.shipping.rates import active_rates

TITLES = {
    LegalPage.NOTICE: _l("Legal notice"),
    LegalPage.TERMS: _l("Terms of sale"),
    LegalPage.PRIVACY: _l("Privacy policy"),
}
MAX_VERSION = 1_000_000


@bp.get("/mentions-legales")
def legal_notice() -> ResponseReturnValue:
    return _render(LegalPage.NOTICE)


@bp.get("/cgv")
def terms() -> ResponseReturnValue:
    return _render(LegalPage.TERMS)


@bp.get("/confidentialite")
def privacy() -> ResponseReturnValue:
    return _render(LegalPage.PRIVACY)


def _render(page: LegalPage) -> ResponseReturnValue:
    book = queries.the_book()
    latest = legal.latest(page)
    number = parsing.arg_int("version", latest.number, minimum=1, maximum=MAX_VERSION)
    shown = latest if number == latest.number else legal.version(page, number) or abort(404)
    body = legal.render(shown.body(g.lang), g.lang, book.publisher, active_rates)
    return render_template(
        "legal/page.html",
        book=book,
        title=TITLES[page],
        body=body,
        shown=shown,
        old=shown.number != latest.number,
    )
