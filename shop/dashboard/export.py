"""CSV export of the filtered orders, streamed in constant memory: one row per order line, for the accountant."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Response, request, stream_with_context
from flask.typing import ResponseReturnValue

from shop.dashboard.queries import OrderFilters
from shop.dashboard.views import bp
from shop.extensions import db
from shop.orders.models import Order, OrderLine

HEADER = ["order", "date", "status", "email", "buyer", "country", "item", "isbn", "quantity", "vat_rate",
          "total_excl_vat", "vat", "total_incl_vat", "refunded", "currency"]  # fmt: skip


def _euros(cents: int) -> str:
    return f"{cents / 100:.2f}"


def rows(filters: OrderFilters, batch: int = 1000) -> Iterator[list[str]]:
    ids = filters.query().with_only_columns(Order.id).order_by(None).order_by(Order.id)
    query = (
        sa.select(Order, OrderLine).join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.id.in_(ids.scalar_subquery())).order_by(Order.id, OrderLine.id)
        .execution_options(yield_per=batch)
    )  # fmt: skip
    for order, line in db.session.execute(query):
        yield [
            order.number or "", order.created_at.date().isoformat(), order.status.value, order.email,
            order.buyer_name or order.shipping_name or "", order.shipping_country or "", line.description,
            line.isbn13 or "", str(line.quantity), f"{line.vat_rate_bp / 100:g}", _euros(line.total_cents - line.vat_cents),
            _euros(line.vat_cents), _euros(line.total_cents), _euros(line.refunded_cents), order.currency,
        ]  # fmt: skip


def stream(filters: OrderFilters) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # a BOM, so spreadsheet programs read UTF-8 accents correctly
    writer.writerow(HEADER)
    for row in rows(filters):
        writer.writerow(row)
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
