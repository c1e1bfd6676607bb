"""The invoice as a page (signed link for the buyer) and as a PDF."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, g, render_template
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeSerializer

from shop.catalog.models import Publisher
from shop.extensions import db
from shop.invoices.lines import Row, Totals, rows, totals, vat_by_rate
from shop.invoices.models import Invoice
from shop.invoices.pdf import invoice_pdf

bp = Blueprint("invoices", __name__)


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


def _context(invoice: Invoice) -> dict[str, object]:
    g.lang = invoice.order.locale
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
    response = Response(render_template("invoices/invoice.html", **_context(invoice)))
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/facture/<token>.pdf")
def invoice_pdf_view(token: str) -> ResponseReturnValue:
    invoice = invoice_from_token(token)
    data = invoice_pdf(**_context(invoice))  # type: ignore[arg-type]
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
