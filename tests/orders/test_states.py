"""Every (from, to) pair of the order state machine: allowed moves change and log, same-state moves are
logged no-ops, everything else raises and changes nothing."""

from __future__ import annotations

import itertools

import pytest

from shop.orders.models import Order
from shop.orders.states import TRANSITIONS, IllegalTransition, OrderStatus, transition

S = OrderStatus
EXPECTED_ALLOWED = {
    (S.PENDING, S.PAID), (S.PENDING, S.CANCELED), (S.PENDING, S.EXPIRED),
    (S.PAID, S.PARTIALLY_FULFILLED), (S.PAID, S.FULFILLED), (S.PAID, S.PARTIALLY_REFUNDED), (S.PAID, S.REFUNDED),
    (S.PARTIALLY_FULFILLED, S.FULFILLED), (S.PARTIALLY_FULFILLED, S.PARTIALLY_REFUNDED),
    (S.PARTIALLY_FULFILLED, S.REFUNDED),
    (S.FULFILLED, S.PARTIALLY_REFUNDED), (S.FULFILLED, S.REFUNDED),
    (S.PARTIALLY_REFUNDED, S.FULFILLED), (S.PARTIALLY_REFUNDED, S.REFUNDED),
    # A payment Stripe confirms after we closed the order is never dropped (shop.orders.actions._revive).
    (S.CANCELED, S.PAID), (S.EXPIRED, S.PAID),
}  # fmt: skip


def test_table_is_the_reviewed_one() -> None:
    actual = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert actual == EXPECTED_ALLOWED


@pytest.mark.parametrize(("current", "target"), list(itertools.product(S, S)))
def test_every_pair(current: OrderStatus, target: OrderStatus) -> None:
    order = Order(email="a@b.test", status=current)
    if current == target:
        assert transition(order, target, actor="test") is False
        assert order.status == current
        assert [e.type for e in order.events] == ["status_unchanged"]
    elif (current, target) in EXPECTED_ALLOWED:
        assert transition(order, target, actor="test", reason="x") is True
        assert order.status == target
        event = order.events[-1]
        assert (event.type, event.actor) == ("status_changed", "test")
        assert event.params == {"from": current.value, "to": target.value, "reason": "x"}
    else:
        with pytest.raises(IllegalTransition):
            transition(order, target, actor="test")
        assert order.status == current and order.events == []
