"""Sales figures for the overview: revenue net of refunds, by period and by format, and the daily series; what
buyers paid, what was refunded, Stripe's fees and the net that reaches the bank, which add up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from shop.catalog.models import Edition, EditionFormat
from shop.extensions import db
from shop.orders.models import Order, OrderKind, OrderLine, PaymentProvider
from shop.orders.states import OrderStatus

SOLD = (
    OrderStatus.PAID,
    OrderStatus.PARTIALLY_FULFILLED,
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_REFUNDED,
    OrderStatus.REFUNDED,
)


@dataclass(frozen=True)
class Money:
    """Gross - refunds - fees = net, for a set of orders, each counted on its day of payment."""

    gross_cents: int  # what buyers paid, VAT and delivery included
    refunds_cents: int  # what was given back to them (the refunds table's sum, kept on each order)
    fees_cents: int  # Stripe's fees known so far; Stripe keeps them when it refunds
    fees_unknown: int  # Stripe payments whose fee has not been fetched yet (counted as 0 until then)

    @property
    def revenue_cents(self) -> int:
        return self.gross_cents - self.refunds_cents

    @property
    def net_cents(self) -> int:
        return self.gross_cents - self.refunds_cents - self.fees_cents


def fee_unknown() -> sa.ColumnElement[int]:
    """1 for a Stripe payment whose fee has not been fetched yet, else 0: summed, the orders the note counts."""
    return sa.case(
        (sa.and_(Order.payment_provider == PaymentProvider.STRIPE, Order.stripe_fee_cents.is_(None)), 1),
        else_=0,
    )


def money(where: Sequence[sa.ColumnElement[bool]]) -> tuple[int, Money]:
    """The number of orders and their money, in one pass over the rows."""
    unknown = fee_unknown()
    orders, gross, refunds, fees, missing = db.session.execute(
        sa.select(
            sa.func.count(Order.id), sa.func.coalesce(sa.func.sum(Order.total_cents), 0),
            sa.func.coalesce(sa.func.sum(Order.refunded_cents), 0),
            sa.func.coalesce(sa.func.sum(Order.stripe_fee_cents), 0), sa.func.coalesce(sa.func.sum(unknown), 0),
        ).where(*where)
    ).one()  # fmt: skip
    return int(orders), Money(int(gross), int(refunds), int(fees or 0), int(missing or 0))


@dataclass(frozen=True)
class Period:
    label: str
    orders: int
    revenue_cents: int
    by_format: dict[str, int]
    money: Money


def period(label: str, since: dt.datetime | None) -> Period:
    where: list[sa.ColumnElement[bool]] = [Order.status.in_(SOLD), Order.kind == OrderKind.SALE]
    if since is not None:
        where.append(Order.paid_at >= since)
    orders, totals = money(where)
    return Period(label, orders, totals.revenue_cents, revenue_by_format(where), totals)


def revenue_by_format(where: Sequence[sa.ColumnElement[bool]]) -> dict[str, int]:
    """Revenue net of refunds per edition format, over the orders `where` selects."""
    rows = db.session.execute(
        sa.select(OrderLine.format, sa.func.sum(OrderLine.total_cents - OrderLine.refunded_cents))
        .join(Order, Order.id == OrderLine.order_id)
        .where(*where)
        .group_by(OrderLine.format)
    ).all()
    return {EditionFormat(f).value: int(v or 0) for f, v in rows}


def copies_sold() -> dict[str, int]:
    """Copies by format, net of refunds: what authors see (no buyer data)."""
    rows = db.session.execute(
        sa.select(OrderLine.format, sa.func.sum(OrderLine.quantity - OrderLine.refunded_quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.status.in_(SOLD), Order.kind == OrderKind.SALE)
        .group_by(OrderLine.format)
    ).all()
    return {EditionFormat(f).value: int(v or 0) for f, v in rows}


def low_stock(threshold: int = 10) -> Sequence[Edition]:
    return db.session.scalars(
        sa.select(Edition).where(
            Edition.format == EditionFormat.PRINT, Edition.active.is_(True), Edition.stock < threshold
        )
    ).all()
