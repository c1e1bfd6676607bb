"""CSV export of the filtered orders, streamed in constant memory: one row per order line, for the accountant."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask.typing import ResponseReturnValue

from shop.dashboard.labels import order_status
from shop.dashboard.queries import OrderFilters
from shop.dashboard.views import bp
from shop.extensions import db
from shop.orders.models import Order, OrderLine

HEADER = ["order", "date", "status", "email", "buyer", "country", "item", "isbn", "quantity", "vat_rate",
          "total_excl_vat", "vat", "total_incl_vat", "refunded", "currency"]  # fmt: skip


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}"


def rows(filters: OrderFilters, batch: int = 2000) -> Iterator[list[str]]:
    """Plain columns, not ORM objects: nothing accumulates in the session, and rows stream from a server cursor."""
    ids = filters.query().with_only_columns(Order.id).order_by(None)
    query = (
        sa.select(
            Order.number, Order.created_at, Order.status, Order.email, Order.buyer_name, Order.shipping_name,
            Order.shipping_country, Order.currency, OrderLine.description, OrderLine.isbn13, OrderLine.quantity,
            OrderLine.vat_rate_bp, OrderLine.total_cents, OrderLine.vat_cents, OrderLine.refunded_cents,
        )
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.id.in_(ids.scalar_subquery()))
        .order_by(Order.id, OrderLine.id)
        .execution_options(yield_per=batch)
    )  # fmt: skip
    for r in db.session.execute(query):
        yield [
            r.number or "", r.created_at.date().isoformat(), order_status(r.status), r.email, r.buyer_name or r.shipping_name or "",
            r.shipping_country or "", r.description, r.isbn13 or "", str(r.quantity), f"{r.vat_rate_bp / 100:g}",
            _euros(r.total_cents - r.vat_cents), _euros(r.vat_cents), _euros(r.total_cents), _euros(r.refunded_cents),
            r.currency,
        ]  # fmt: skip


# OWASP CSV injection: a spreadsheet evaluates a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A leading quote makes the spreadsheet show the text instead of running it (buyer names are free text)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def stream(filters: OrderFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a BOM, so spreadsheet programs read UTF-8 accents correctly
    writer.writerow(HEADER)
    for row in rows(filters):
        writer.writerow([neutralise(cell) for cell in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


@bp.get("/commandes.csv")
def export_csv() -> ResponseReturnValue:
    filters = OrderFilters.parse(request.args)
    response = Response(stream_with_context(stream(filters)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="commandes.csv"'
    return response
