"""The invoice as a page (signed link for the buyer) and as a PDF, both in the order's language.

An invoice is the buyer's document: whoever opens the link (the buyer on an English phone, the publisher in
French), it reads in the language the order was placed in, like the e-mails that carry it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, g, render_template
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from itsdangerous import BadSignature, URLSafeSerializer

from shop.catalog.models import Publisher
from shop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES
from shop.extensions import db
from shop.invoices.lines import Row, Totals, rows, totals, vat_by_rate
from shop.invoices.models import Invoice
from shop.invoices.pdf import invoice_pdf

bp = Blueprint("invoices", __name__)

T = TypeVar("T")


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="invoice")


def invoice_token(invoice: Invoice) -> str:
    return _serializer().dumps(invoice.id)


def invoice_from_token(token: str) -> Invoice:
    try:
        invoice_id = int(_serializer().loads(token))
    except (BadSignature, ValueError, TypeError):
        abort(404)
    return db.session.get(Invoice, invoice_id) or abort(404)


def invoice_language(invoice: Invoice) -> str:
    locale = invoice.order.locale
    return locale if locale in LANGUAGES else DEFAULT_LANGUAGE


def in_order_language(invoice: Invoice, make: Callable[[], T]) -> T:
    """Run `make` with the order's language: messages, dates and amounts (g.lang is what the filters read)."""
    previous = g.get("lang")
    g.lang = invoice_language(invoice)
    try:
        with force_locale(g.lang):
            return make()
    finally:
        g.lang = previous


def _context(invoice: Invoice) -> dict[str, object]:
    seller = db.session.scalars(sa.select(Publisher).order_by(Publisher.id)).first()
    return {"invoice": invoice, "order": invoice.order, "seller": seller}


@bp.app_template_global("invoice_rows")
def invoice_rows(invoice: Invoice) -> list[Row]:
    return rows(invoice)


@bp.app_template_global("invoice_totals")
def invoice_totals(invoice: Invoice) -> Totals:
    return totals(invoice)


@bp.app_template_global("invoice_vat_by_rate")
def invoice_vat_by_rate(invoice: Invoice) -> dict[int, tuple[int, int]]:
    return vat_by_rate(invoice)


@bp.get("/facture/<token>")
def invoice_page(token: str) -> ResponseReturnValue:
    invoice = invoice_from_token(token)
    context = _context(invoice)
    response = Response(
        in_order_language(invoice, lambda: render_template("invoices/invoice.html", **context))
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/facture/<token>.pdf")
def invoice_pdf_view(token: str) -> ResponseReturnValue:
    invoice = invoice_from_token(token)
    context = _context(invoice)
    data = in_order_language(invoice, lambda: invoice_pdf(**context))  # type: ignore[arg-type]
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
