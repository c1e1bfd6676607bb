"""Shipping several orders at once, by hand from the queue or from a carrier's CSV of tracking numbers.

Each order goes through shop.orders.actions.mark_shipped (one event, one e-mail to the buyer each); the caller
commits once for the whole batch.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import sqlalchemy as sa

from shop.extensions import db
from shop.orders import actions
from shop.orders.models import Order
from shop.shipping.carriers import Carrier, find

MAX_ROWS = 2000


@dataclass
class Report:
    shipped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # nothing left to ship, or already shipped
    unknown: list[str] = field(default_factory=list)  # numbers or carriers we do not know


def ship(order: Order, carrier: Carrier, tracking: str, actor: str, report: Report) -> None:
    tracking = tracking.strip()[:80]
    if not order.copies_to_ship or not tracking:
        report.skipped.append(order.number or str(order.id))
    elif actions.mark_shipped(order, actor, carrier.name, tracking, carrier.tracking_url(tracking)):
        report.shipped.append(order.number or str(order.id))
    else:
        report.skipped.append(order.number or str(order.id))


def ship_many(tracking_by_order: dict[int, str], carrier: Carrier, actor: str) -> Report:
    report = Report()
    orders = db.session.scalars(
        sa.select(Order).where(Order.id.in_(tracking_by_order)).order_by(Order.id)
    ).all()
    for order in orders:
        ship(order, carrier, tracking_by_order[order.id], actor, report)
    return report


def _cells(row: dict[str, str | None], *names: str) -> str:
    for name in names:
        value = row.get(name)
        if value:
            return value.strip()
    return ""


def import_csv(data: bytes, default: Carrier, actor: str) -> Report:
    """Rows of order number and tracking number (and optionally carrier), comma or semicolon separated.

    Header names accepted: order/commande/numero_commande, tracking/suivi/numero_suivi, carrier/transporteur.
    """
    text = data.decode("utf-8-sig", errors="replace")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:  # one column, or too little text to tell: the comma it is
        dialect = csv.excel
    rows = csv.DictReader(io.StringIO(text), dialect=dialect)
    report = Report()
    for i, raw in enumerate(rows):
        if i >= MAX_ROWS:
            break
        row = {(k or "").strip().casefold(): v for k, v in raw.items()}
        number = _cells(row, "order", "commande", "numero_commande", "order_number").upper()
        tracking = _cells(row, "tracking", "suivi", "numero_suivi", "tracking_number")
        carrier = find(_cells(row, "carrier", "transporteur")) or default
        order = db.session.scalars(sa.select(Order).filter_by(number=number)).first() if number else None
        if order is None:
            report.unknown.append(number or f"#{i + 2}")
            continue
        ship(order, carrier, tracking, actor, report)
    return report
