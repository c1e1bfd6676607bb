"""A signed Stripe event carries what the buyer typed on Stripe's page: it is stored clipped, never refused."""

from __future__ import annotations

from typing import Any

import pytest

from shop.orders.states import OrderStatus, PaymentStatus
from tests.checkout.test_stripe import _start, app_overrides, post_event  # noqa: F401 - fixture

NAME = "Zoé " + "x" * 246  # 250 characters: the buyer_name column holds 200


@pytest.mark.parametrize(
    ("name", "line1", "postal_code", "stored_name", "stored_line1", "stored_postal_code"),
    [
        (NAME, "5 rue des Lilas", "69001", NAME[:200], "5 rue des Lilas", "69001"),
        ("Zoé\x00 Lectrice", "5 rue\r\ndes Lilas", "6" * 30, "Zoé Lectrice", "5 rue des Lilas", "6" * 20),
    ],
)
def test_long_or_dirty_customer_details_still_pay_the_order(
    client, db, editions, stripe_standin, name: str, line1: str, postal_code: str, stored_name: str,
    stored_line1: str, stored_postal_code: str,
) -> None:  # fmt: skip
    order, _ = _start(client, editions, "print")
    session: dict[str, Any] = stripe_standin.complete_session(order.checkout_session_id)
    session["customer_details"]["name"] = name
    address = session["collected_information"]["shipping_details"]["address"]
    address.update(line1=line1, postal_code=postal_code)
    assert post_event(client, stripe_standin.event("checkout.session.completed", session)).status_code == 200
    db.session.expire_all()
    assert order.payment_status == PaymentStatus.PAID and order.status == OrderStatus.PAID
    assert (order.buyer_name, order.shipping_line1, order.shipping_postal_code) == (
        stored_name, stored_line1, stored_postal_code,
    )  # fmt: skip
