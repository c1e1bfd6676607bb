"""The to-ship queue: paid orders with print copies not refunded and not shipped yet, oldest payment first."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from shop.catalog.models import EditionFormat
from shop.extensions import db
from shop.orders.models import Order, OrderLine
from shop.orders.states import OrderStatus

# Statuses an order with print copies left can have; FULFILLED means shipped, REFUNDED means nothing is left.
WAITING = (OrderStatus.PAID, OrderStatus.PARTIALLY_FULFILLED, OrderStatus.PARTIALLY_REFUNDED)


def _where() -> list[sa.ColumnElement[bool]]:
    """The SQL twin of Order.copies_to_ship > 0."""
    return [
        Order.status.in_(WAITING),
        Order.paid_at.is_not(None),
        Order.shipped_at.is_(None),
        sa.exists().where(
            OrderLine.order_id == Order.id,
            OrderLine.format.in_((EditionFormat.PRINT, EditionFormat.BUNDLE)),
            OrderLine.quantity > OrderLine.refunded_quantity,
        ),
    ]


def to_ship(limit: int = 500) -> Sequence[Order]:
    return db.session.scalars(
        # The page shows each order's copies to ship: their lines in one query, not one per order.
        sa.select(Order).where(*_where()).order_by(Order.paid_at, Order.id).limit(limit)
        .options(selectinload(Order.lines))
    ).all()  # fmt: skip


def count_to_ship() -> int:
    return int(db.session.scalar(sa.select(sa.func.count(Order.id)).where(*_where())) or 0)
