"""The one pending order a cart session may hold, and its release (issue 11, finding 2).

A buyer who comes back from Stripe without paying, or who presses the pay button again, no longer needs the copies
the earlier checkout set aside: they go back to the stock at once instead of after the 30-minute window. Stripe is
asked to close the session first, so a buyer who paid in another tab meanwhile is fulfilled, never canceled.
"""

from __future__ import annotations

from flask import session

from shop.extensions import db
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from shop.payments.expiry import Outcome, close_through_gateway

PENDING_KEY = "pending_order"


def remember(order: Order) -> None:
    session[PENDING_KEY] = order.id


def forget(order: Order) -> None:
    if session.get(PENDING_KEY) == order.id:
        session.pop(PENDING_KEY, None)


def release(order: Order, actor: str, reason: str) -> Outcome:
    """Close this unpaid order through its payment provider (see shop.payments.expiry); commits.

    Raises PaymentProviderError when the provider cannot be reached: then the order stays as it was."""
    if order.status != OrderStatus.PENDING:
        outcome = Outcome.UNCHANGED
    else:
        outcome = close_through_gateway(order, actor, reason, OrderStatus.CANCELED)
    forget(order)  # even a delayed payment under way (WAITING) is no longer this cart's business
    return outcome


def release_previous() -> Order | None:
    """Release the order this cart session started before; returns it if Stripe says it was paid meanwhile."""
    order_id = session.get(PENDING_KEY)
    order = db.session.get(Order, order_id) if isinstance(order_id, int) else None
    if order is None:
        session.pop(PENDING_KEY, None)
        return None
    outcome = release(order, "buyer:new_checkout", "replaced_by_new_checkout")
    return order if outcome == Outcome.PAID else None
