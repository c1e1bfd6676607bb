"""Issue 10, defect 1: money Stripe confirms is never dropped, and expiry asks Stripe before releasing anything."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from shop.accounts.models import Role
from shop.core.db import utcnow
from shop.invoices.numbering import invoice_for
from shop.orders.attention import PAID_OUT_OF_STOCK
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.models import OutboxEmail
from shop.payments.gateway import STRIPE_EXPIRY_MARGIN_SECONDS, STRIPE_MIN_SESSION_SECONDS
from tests.factories import make_user
from tests.money.conftest import post_event, start


def _window_passes(db, order) -> None:
    order.expires_at = utcnow() - dt.timedelta(minutes=1)
    db.session.commit()


def _templates(db, order) -> list[str]:
    """The buyer's messages about the order (the publisher's new-order message is tested on its own)."""
    return sorted(
        db.session.scalars(
            sa.select(OutboxEmail.template).filter_by(order_id=order.id, recipient=order.email)
        )
    )


def test_expire_asks_stripe_first_and_fulfils_a_session_paid_meanwhile(
    client, db, runner, editions, stripe_standin
):
    order = start(client, editions, "print")
    session = stripe_standin.complete_session(order.checkout_session_id)  # paid; the webhook is late
    _window_passes(db, order)
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert result.exit_code == 0, result.output
    assert "Expired 0" in result.output and order.number in result.output
    assert stripe_standin.calls(f"/v1/checkout/sessions/{session['id']}/expire")
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and order.payment_status == PaymentStatus.PAID
    assert order.payment_intent_id == session["payment_intent"]
    assert invoice_for(order) is not None and "order_confirmation" in _templates(db, order)
    assert editions["print"].stock == 9  # the reservation became the sale


def test_expire_closes_an_open_session_and_releases_the_copies(client, db, runner, editions, stripe_standin):
    order = start(client, editions, "print")
    _window_passes(db, order)
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert "Expired 1" in result.output
    db.session.expire_all()
    assert stripe_standin.sessions[order.checkout_session_id]["status"] == "expired"
    assert order.status == OrderStatus.EXPIRED and editions["print"].stock == 10


def test_expire_keeps_the_copies_when_stripe_is_unreachable(client, db, runner, editions, stripe_standin):
    order = start(client, editions, "print")
    _window_passes(db, order)
    stripe_standin.fail_with = 500
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert result.exit_code == 1 and "unreachable" in result.output
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING and editions["print"].stock == 9


def test_payment_after_local_expiry_is_fulfilled_with_the_copies_taken_again(
    client, db, editions, stripe_standin
):
    order = start(client, editions, "print", "ebook")
    session = stripe_standin.sessions[order.checkout_session_id]
    post_event(client, stripe_standin.event("checkout.session.expired", session | {"status": "expired"}))
    db.session.expire_all()
    assert order.status == OrderStatus.EXPIRED and editions["print"].stock == 10
    paid = stripe_standin.complete_session(order.checkout_session_id)
    assert post_event(client, stripe_standin.event("checkout.session.completed", paid)).status_code == 200
    db.session.expire_all()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED and order.payment_status == PaymentStatus.PAID
    assert order.payment_intent_id == paid["payment_intent"] and order.attention is None
    assert editions["print"].stock == 9
    assert _templates(db, order) == ["ebook_links", "order_confirmation"]
    assert invoice_for(order) is not None


def test_late_payment_with_no_copy_left_is_paid_and_flagged_with_a_one_click_refund(
    client, db, editions, stripe_standin
):
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    order = start(client, editions, "print")
    session = stripe_standin.sessions[order.checkout_session_id]
    post_event(client, stripe_standin.event("checkout.session.expired", session | {"status": "expired"}))
    editions["print"].stock = 0  # the last copies sold meanwhile
    db.session.commit()
    paid = stripe_standin.complete_session(order.checkout_session_id)
    post_event(client, stripe_standin.event("checkout.session.async_payment_succeeded", paid))
    db.session.expire_all()
    assert order.payment_status == PaymentStatus.PAID and order.attention == PAID_OUT_OF_STOCK
    assert editions["print"].stock == 0
    [alert] = db.session.scalars(sa.select(OutboxEmail).filter_by(template="publisher_attention")).all()
    assert alert.recipient == publisher.email and publisher.role == Role.PUBLISHER

    staff = client.application.test_client()
    staff.post("/compte/connexion", data={"email": publisher.email, "password": "correct horse battery"})
    overview = staff.get("/tableau-de-bord/").get_data(as_text=True)
    assert order.number in overview and "épuisés" in overview
    page = staff.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert "Rembourser toute la commande" in page
    staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    db.session.expire_all()
    assert order.status == OrderStatus.REFUNDED and order.attention is None
    assert editions["print"].stock == 0  # no copy was taken for it, so none comes back
    assert stripe_standin.refunds_of(paid["payment_intent"])[0]["amount"] == order.total_cents


def test_async_payment_is_never_expired_by_age_and_fulfils_when_it_clears(
    client, db, runner, editions, stripe_standin
):
    order = start(client, editions, "print")
    session = stripe_standin.complete_session(order.checkout_session_id, payment_status="unpaid")
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    _window_passes(db, order)
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert "Expired 0" in result.output
    assert not stripe_standin.calls(f"/v1/checkout/sessions/{session['id']}/expire")
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING and order.payment_status == PaymentStatus.PROCESSING
    cleared = stripe_standin.settle_async(session["id"])
    post_event(client, stripe_standin.event("checkout.session.async_payment_succeeded", cleared))
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and editions["print"].stock == 9


def test_expire_finds_a_session_waiting_for_a_delayed_payment(client, db, runner, editions, stripe_standin):
    order = start(client, editions, "print")
    stripe_standin.complete_session(
        order.checkout_session_id, payment_status="unpaid"
    )  # webhook not yet here
    _window_passes(db, order)
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert "Waiting for a delayed payment" in result.output
    db.session.expire_all()
    assert order.payment_status == PaymentStatus.PROCESSING and editions["print"].stock == 9


def test_sessions_live_at_least_stripes_thirty_minutes(client, db, app, editions, stripe_standin):
    app.config["CHECKOUT_EXPIRY_MINUTES"] = 1  # shorter than Stripe allows: our margin must win
    order = start(client, editions, "ebook")
    [call] = stripe_standin.calls("/v1/checkout/sessions")
    session = stripe_standin.sessions[order.checkout_session_id]
    lifetime = int(call.params["expires_at"]) - session["created"]
    assert lifetime >= STRIPE_MIN_SESSION_SECONDS + STRIPE_EXPIRY_MARGIN_SECONDS - 5
    assert int(order.expires_at.timestamp()) == int(call.params["expires_at"])  # we never expire first


def test_shipping_a_late_paid_order_takes_the_restocked_copies(client, db, staff, editions, stripe_standin):
    order = start(client, editions, "print")
    session = stripe_standin.sessions[order.checkout_session_id]
    post_event(client, stripe_standin.event("checkout.session.expired", session | {"status": "expired"}))
    editions["print"].stock = 0
    db.session.commit()
    post_event(
        client,
        stripe_standin.event("checkout.session.completed", stripe_standin.complete_session(session["id"])),
    )
    editions["print"].stock = 5  # a reprint arrived
    db.session.commit()
    staff.post(
        f"/tableau-de-bord/commandes/{order.id}/expedier",
        data={"carrier": "Colissimo", "tracking_number": "6A1"},
    )
    db.session.expire_all()
    assert order.shipped_at is not None and order.attention is None and editions["print"].stock == 4
