"""Print copies taken, given back and put back for orders: print lines and bundles draw on the same stock.

A bundle ships a copy of the print edition, so its copies come from the print edition's stock (Edition.stock_source).
Every change is one conditional UPDATE, so two buyers cannot both get the last copy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa
from flask_babel import gettext as _

from shop.catalog.models import Edition
from shop.catalog.stock import StockMovement
from shop.extensions import db
from shop.orders.models import ATTENTION_PAID_OUT_OF_STOCK, Order, OrderLine


class OutOfStock(Exception):
    def __init__(self, edition: Edition) -> None:
        super().__init__(f"not enough stock for edition {edition.id}")
        self.edition = edition


def copies_needed(lines: Iterable[tuple[OrderLine, int]]) -> dict[Edition, int]:
    """{print edition with counted stock: copies} for these (line, quantity) pairs."""
    needed: Counter[Edition] = Counter()
    for line, quantity in lines:
        source = line.edition.stock_source if line.ships else None
        if source is not None and source.stock is not None and quantity > 0:
            needed[source] += quantity
    return dict(needed)


def take(needed: dict[Edition, int]) -> None:
    """Take every copy or none: raises OutOfStock after undoing what this call took."""
    taken: list[tuple[Edition, int]] = []
    for edition, quantity in needed.items():
        result = db.session.execute(
            sa.update(Edition)
            .where(Edition.id == edition.id, Edition.stock >= quantity)
            .values(stock=Edition.stock - quantity)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            put_back(dict(taken))
            raise OutOfStock(edition)
        taken.append((edition, quantity))
        db.session.refresh(edition)


def put_back(needed: dict[Edition, int]) -> None:
    for edition, quantity in needed.items():
        db.session.execute(
            sa.update(Edition)
            .where(Edition.id == edition.id)
            .values(stock=Edition.stock + quantity)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(edition)


def order_copies(order: Order) -> dict[Edition, int]:
    return copies_needed((line, line.quantity) for line in order.lines)


def restock_refunded(order: Order, lines: list[tuple[OrderLine, int]], actor: str) -> int:
    """Refunded copies that never left the warehouse go back on the shelf, with a movement naming the order."""
    if order.shipped_at is not None:
        return 0  # shipped copies are with the buyer; a returned parcel is counted by hand
    if order.attention == ATTENTION_PAID_OUT_OF_STOCK:
        return 0  # paid after expiry with no copy left: none was ever taken for it
    needed = copies_needed(lines)
    put_back(needed)
    for edition, quantity in needed.items():
        db.session.add(
            StockMovement(
                edition_id=edition.id,
                delta=quantity,
                stock_after=edition.stock or 0,
                reason=_("Refund of order %(number)s, not shipped", number=order.number)[:300],
                actor=actor[:120],
            )
        )
    return sum(needed.values())
