"""Issue 11, finding 2: a reservation ends as soon as the buyer comes back from Stripe without paying, or starts a new
checkout; Stripe is asked to close the session first, so a payment made meanwhile is fulfilled, never canceled."""

from __future__ import annotations

import sqlalchemy as sa

from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus
from tests.checkout.conftest import checkout
from tests.money.conftest import start


def _cancel_path(stripe_standin, order: Order) -> str:
    url = stripe_standin.sessions[order.checkout_session_id]["cancel_url"]
    return url.removeprefix("http://shop.test")


def _orders(db) -> list[Order]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Order).order_by(Order.id)))


def test_returning_through_the_cancel_link_releases_the_copies(client, db, editions, stripe_standin) -> None:
    order = start(client, editions, "print", "bundle")
    db.session.expire_all()
    assert editions["print"].stock == 8
    page = client.get(_cancel_path(stripe_standin, order))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Paiement non abouti" in html and "Rien n'a été débité" in html
    assert stripe_standin.calls(f"/v1/checkout/sessions/{order.checkout_session_id}/expire")
    db.session.expire_all()
    assert stripe_standin.sessions[order.checkout_session_id]["status"] == "expired"
    assert order.status == OrderStatus.CANCELED and not order.stock_reserved
    assert editions["print"].stock == 10
    with client.session_transaction() as session:
        assert session["cart"] and "pending_order" not in session  # the cart is kept for another try
    assert client.get(_cancel_path(stripe_standin, order)).status_code == 200  # a reload changes nothing
    db.session.expire_all()
    assert editions["print"].stock == 10


def test_the_cancel_link_fulfils_an_order_paid_in_another_tab(client, db, editions, stripe_standin) -> None:
    order = start(client, editions, "print")
    session = stripe_standin.complete_session(order.checkout_session_id)  # paid; the webhook is late
    response = client.get(_cancel_path(stripe_standin, order))
    assert response.status_code == 303 and "/annulee" not in response.headers["Location"]
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and order.payment_intent_id == session["payment_intent"]
    assert editions["print"].stock == 9  # the reservation became the sale


def test_the_cancel_link_keeps_the_copies_when_stripe_is_unreachable(client, db, editions, stripe_standin):
    order = start(client, editions, "print")
    stripe_standin.fail_with = 500
    assert client.get(_cancel_path(stripe_standin, order)).status_code == 200
    db.session.expire_all()
    assert (
        order.status == OrderStatus.PENDING and editions["print"].stock == 9
    )  # the expiry command closes it


def test_a_second_checkout_releases_the_first_reservation(client, db, editions, stripe_standin) -> None:
    first = start(client, editions, "print")
    second = start(client, editions)  # same cart, pay pressed again (back button, second tab)
    assert second.id != first.id
    first_session = stripe_standin.sessions[first.checkout_session_id]
    assert first_session["status"] == "expired"
    orders = _orders(db)
    assert [o.status for o in orders] == [OrderStatus.CANCELED, OrderStatus.PENDING]
    assert editions["print"].stock == 9 and orders[1].stock_reserved and not orders[0].stock_reserved


def test_a_second_checkout_after_paying_in_another_tab_shows_the_paid_order(
    client, db, editions, stripe_standin
) -> None:
    first = start(client, editions, "print")
    stripe_standin.complete_session(first.checkout_session_id)
    response = checkout(client)
    assert response.status_code == 303 and "/commande/" in response.headers["Location"]
    orders = _orders(db)
    assert len(orders) == 1 and orders[0].payment_status == PaymentStatus.PAID  # never charged twice
    assert editions["print"].stock == 9


def test_a_new_checkout_fails_softly_when_stripe_cannot_close_the_first(client, db, editions, stripe_standin):
    start(client, editions, "print")
    stripe_standin.fail_with = 500
    response = checkout(client)
    assert response.status_code == 503
    orders = _orders(db)
    assert [o.status for o in orders] == [OrderStatus.PENDING] and editions["print"].stock == 9
