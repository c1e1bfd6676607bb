"""The cart lives in the signed session cookie, created only when the buyer adds something."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import current_app, session
from flask_babel import lazy_gettext as _l

from shop.catalog.models import Edition, EditionFormat
from shop.checkout.pricing import ShippingRate
from shop.core import parsing
from shop.extensions import db
from shop.shipping.rates import active_rates

CART_KEY = "cart"
RATE_KEY = "cart_rate"  # the delivery rate the buyer last chose: the totals and the pay button follow it


class CartError(ValueError):
    """A refused cart change; the message is shown to the buyer in their language."""


def max_quantity() -> int:
    return int(current_app.config.get("MAX_PRINT_QUANTITY", 20))


def items() -> dict[int, int]:
    raw = session.get(CART_KEY) or {}
    return {int(k): int(v) for k, v in raw.items()}


def _save(cart: dict[int, int]) -> None:
    session[CART_KEY] = {str(k): v for k, v in cart.items() if v > 0}


def parse_quantity(raw: Any, edition: Edition) -> int:
    """Whole numbers from 1 to the maximum; a single copy of anything that is not shipped."""
    try:
        quantity = parsing.parse_int(raw)
    except parsing.BadValue:
        raise CartError(str(_l("Please enter a whole number of copies."))) from None
    limit = max_quantity() if edition.format != EditionFormat.EBOOK else 1
    if quantity < 1:
        raise CartError(str(_l("Please enter at least one copy.")))
    if quantity > limit:
        raise CartError(
            str(_l("For more than %(limit)s copies, please write to us for a group order.", limit=limit))
        )
    return quantity


def active_edition(raw_id: Any) -> Edition:
    edition_id = parsing.parse_id(raw_id)
    edition = db.session.get(Edition, edition_id) if edition_id else None
    if edition is None or not edition.active:
        raise CartError(str(_l("This edition is not on sale.")))
    return edition


def add(raw_id: Any, raw_quantity: Any) -> Edition:
    edition = active_edition(raw_id)
    cart = items()
    quantity = parse_quantity(raw_quantity, edition) + cart.get(edition.id, 0)
    set_quantity(edition, quantity)
    return edition


def set_quantity(edition: Edition, quantity: int) -> None:
    parse_quantity(quantity, edition)
    cart = items()
    available = edition.copies_available
    if available is not None:
        # A bundle ships a copy of the print edition: both draw on the same stock.
        source = edition.stock_source
        others = sum(
            qty
            for other_id, qty in cart.items()
            if other_id != edition.id
            and (other := db.session.get(Edition, other_id)) is not None
            and other.stock_source is source
        )
        if quantity + others > available:
            left = max(available - others, 0)
            raise CartError(
                str(_l("Only %(count)s copies left in stock.", count=left))
                if left
                else str(_l("Out of stock"))
            )
    cart[edition.id] = quantity
    _save(cart)


def remove(edition_id: int) -> None:
    cart = items()
    cart.pop(edition_id, None)
    _save(cart)


def clear() -> None:
    session.pop(CART_KEY, None)
    session.pop(RATE_KEY, None)


def contents() -> list[tuple[Edition, int]]:
    """Cart lines with live editions; vanished or withdrawn editions silently drop out."""
    cart = items()
    if not cart:
        return []
    editions = db.session.scalars(
        sa.select(Edition).where(Edition.id.in_(cart), Edition.active.is_(True))
    ).all()
    return sorted(((e, cart[e.id]) for e in editions), key=lambda pair: pair[0].position)


def shipping_rates() -> list[ShippingRate]:
    """The active delivery zones the publisher set in the dashboard (shop.shipping.rates)."""
    return active_rates()


def rate_by_code(code: str | None, rates: Sequence[ShippingRate]) -> ShippingRate:
    return next((r for r in rates if r.code == code), rates[0])


def chosen_rate(posted: str | None, rates: Sequence[ShippingRate]) -> ShippingRate:
    """The rate posted now (then remembered), else the one remembered in the session, else the first.

    Remembering it is what keeps the cart's totals equal to what the payment page charges, with or
    without JavaScript: the page is always priced with the rate the buyer last chose.
    """
    codes = {r.code for r in rates}
    if posted in codes:
        if session.get(CART_KEY) and session.get(RATE_KEY) != posted:
            session[RATE_KEY] = posted
        return rate_by_code(posted, rates)
    return rate_by_code(session.get(RATE_KEY), rates)
