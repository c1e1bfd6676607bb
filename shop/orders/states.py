"""The order state machine: the only way an order's status changes.

Moving to the status an order already has is a logged no-op: that is what makes duplicate webhooks and the race
between the success page and the webhook harmless. A move not in the table raises.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from shop.orders.models import Order


class OrderStatus(enum.StrEnum):
    PENDING = "pending"  # checkout started, stock reserved, not paid
    PAID = "paid"  # paid, nothing delivered yet
    PARTIALLY_FULFILLED = "partially_fulfilled"  # e-book delivered, print not shipped yet
    FULFILLED = "fulfilled"  # everything delivered or shipped
    CANCELED = "canceled"  # payment failed or abandoned by the buyer
    EXPIRED = "expired"  # checkout session expired unpaid
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


class PaymentStatus(enum.StrEnum):
    UNPAID = "unpaid"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"
    FAILED = "failed"
    PROCESSING = "processing"  # a delayed method (SEPA debit...): Stripe will tell us whether it succeeded


S = OrderStatus
TRANSITIONS: dict[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.PAID, S.CANCELED, S.EXPIRED}),
    S.PAID: frozenset({S.PARTIALLY_FULFILLED, S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_FULFILLED: frozenset({S.FULFILLED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.FULFILLED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    # A partially refunded order may still have a print copy to ship, or be refunded in full later.
    S.PARTIALLY_REFUNDED: frozenset({S.FULFILLED, S.REFUNDED}),
    # Money Stripe confirms is never dropped: a payment arriving after we closed the order still fulfils it.
    S.CANCELED: frozenset({S.PAID}),
    S.EXPIRED: frozenset({S.PAID}),
    S.REFUNDED: frozenset(),
}


class IllegalTransition(Exception):
    def __init__(self, current: OrderStatus, target: OrderStatus) -> None:
        super().__init__(f"order cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def can_transition(current: OrderStatus, target: OrderStatus) -> bool:
    return current == target or target in TRANSITIONS[current]


def transition(order: Order, target: OrderStatus, actor: str, **params: Any) -> bool:
    """Move `order` to `target`, writing an OrderEvent in the same flush.

    Returns True when the status changed, False for a same-state no-op (still logged, so the timeline shows
    the duplicate). Raises IllegalTransition for a move not in the table.
    """
    from shop.orders.models import OrderEvent

    current = OrderStatus(order.status)
    if current == target:
        order.events.append(
            OrderEvent(type="status_unchanged", actor=actor, params={"status": target.value, **params})
        )
        return False
    if target not in TRANSITIONS[current]:
        raise IllegalTransition(current, target)
    order.status = target
    order.events.append(
        OrderEvent(
            type="status_changed", actor=actor, params={"from": current.value, "to": target.value, **params}
        )
    )
    return True
