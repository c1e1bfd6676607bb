"""A delivery zone added in the dashboard is what Stripe charges: the session's shipping option and the paid order."""

from __future__ import annotations

import sqlalchemy as sa

from shop.orders.models import Order
from shop.orders.states import PaymentStatus
from tests.checkout.conftest import add, checkout
from tests.money.conftest import post_event

NORWAY = {
    "label_fr": "Norvège", "label_en": "Norway", "code": "no", "countries": "NO", "fee": "11,40",
    "fee_from_threshold": "9,90", "min_days": "5", "max_days": "9", "position": "0", "active": "y",
}  # fmt: skip


def test_a_paid_order_with_the_new_zone_charges_its_fee(client, db, editions, stripe_standin, staff) -> None:
    assert staff.post("/tableau-de-bord/livraison/tarifs", data=NORWAY).status_code == 303
    add(client, editions["print"])  # one copy, under 35 EUR of books: the fee under the threshold
    response = checkout(client, shipping_rate="no", waiver=None)
    assert response.status_code == 303, response.get_data(as_text=True)
    order = db.session.scalars(sa.select(Order)).one()
    assert order.shipping_method == "no" and order.shipping_cents == 1140
    assert order.total_cents == editions["print"].price_cents + 1140

    [call] = stripe_standin.calls("/v1/checkout/sessions")
    params = call.params
    assert params["shipping_address_collection"]["allowed_countries"] == ["NO"]
    [option] = params["shipping_options"]
    assert option["shipping_rate_data"]["fixed_amount"]["amount"] == "1140"
    assert option["shipping_rate_data"]["display_name"] == "Norvège"
    assert option["shipping_rate_data"]["delivery_estimate"] == {  # Stripe's page shows the zone's delivery time
        "minimum": {"unit": "business_day", "value": "5"}, "maximum": {"unit": "business_day", "value": "9"}
    }  # fmt: skip

    session = stripe_standin.complete_session(order.checkout_session_id)
    assert post_event(client, stripe_standin.event("checkout.session.completed", session)).status_code == 200
    db.session.expire_all()
    assert order.payment_status == PaymentStatus.PAID and order.shipping_cents == 1140


def test_from_the_threshold_the_zone_charges_its_other_fee(
    client, db, editions, stripe_standin, staff
) -> None:
    assert staff.post("/tableau-de-bord/livraison/tarifs", data=NORWAY).status_code == 303
    add(client, editions["print"], quantity="3")  # three copies: 35 EUR of books or more
    assert checkout(client, shipping_rate="no", waiver=None).status_code == 303
    order = db.session.scalars(sa.select(Order)).one()
    assert order.books_cents >= 3500 and order.shipping_cents == 990
