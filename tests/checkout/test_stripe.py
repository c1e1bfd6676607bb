"""Stripe Checkout through the real `stripe` library against the local stand-in, and signed webhooks."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from typing import Any

import pytest
import sqlalchemy as sa

from shop.orders import signals
from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus
from shop.payments.models import StripeEvent
from tests.checkout.conftest import add, checkout
from tests.fixtures.stripe_api import WEBHOOK_SECRET, sign_payload, stripe_settings

SECRET = WEBHOOK_SECRET


@pytest.fixture
def app_overrides(stripe_standin) -> dict[str, Any]:
    return stripe_settings(stripe_standin)


@pytest.fixture
def paid_signals():
    sent: list[int] = []

    def receiver(order: Order, **_: Any) -> None:
        sent.append(order.id)

    signals.order_paid.connect(receiver)
    yield sent
    signals.order_paid.disconnect(receiver)


def _start(client, editions, *formats: str, lang: str = "fr") -> tuple[Order, str]:
    for fmt in formats:
        add(client, editions[fmt], lang=lang)
    response = checkout(client, lang=lang)
    assert response.status_code == 303, response.get_data(as_text=True)
    from shop.extensions import db

    order = db.session.scalars(sa.select(Order)).one()
    return order, response.headers["Location"]


def post_event(client, payload: bytes, secret: str = SECRET, timestamp: int | None = None):
    return client.post(
        "/webhooks/stripe",
        data=payload,
        headers={
            "Stripe-Signature": sign_payload(payload, secret, timestamp),
            "Content-Type": "application/json",
        },
    )


def test_checkout_session_is_created_from_our_prices(client, db, editions, stripe_standin) -> None:
    order, url = _start(client, editions, "print", "ebook")
    session = stripe_standin.sessions[order.checkout_session_id]
    assert url == session["url"]
    [call] = stripe_standin.calls("/v1/checkout/sessions")
    params = call.params
    assert params["mode"] == "payment" and params["locale"] == "fr"
    assert params["customer_email"] == "zoe@example.com"
    assert params["client_reference_id"] == str(order.id)
    assert params["metadata"] == {"order_id": str(order.id), "order_number": order.number}
    assert [(li["price_data"]["unit_amount"], li["quantity"]) for li in params["line_items"]] == [
        ("1990", "1"),
        ("1299", "1"),
    ]
    assert params["shipping_address_collection"]["allowed_countries"] == ["FR", "MC"]
    assert params["shipping_options"][0]["shipping_rate_data"]["fixed_amount"]["amount"] == "300"
    assert "allow_promotion_codes" not in params and "discounts" not in params
    assert "{CHECKOUT_SESSION_ID}" in params["success_url"]
    assert call.headers["Idempotency-Key"] == f"checkout-order-{order.id}"
    assert call.headers["Stripe-Version"] == "2026-10-28.endive"
    assert session["amount_total"] == order.total_cents == 3589


def test_ebook_only_session_collects_no_address(client, db, editions, stripe_standin) -> None:
    _start(client, editions, "ebook", lang="en")
    params = stripe_standin.calls("/v1/checkout/sessions")[0].params
    assert (
        params["locale"] == "en"
        and "shipping_address_collection" not in params
        and "shipping_options" not in params
    )


@pytest.mark.parametrize("failure", [500, 402, "down"])
def test_stripe_failure_keeps_the_cart_and_gives_the_copies_back(
    client, db, editions, stripe_standin, app, failure
) -> None:
    """The copies are reserved and committed before Stripe is called; when Stripe fails, a compensating step
    cancels that order and puts them back."""
    if failure == "down":
        app.config["STRIPE_API_BASE"] = "http://127.0.0.1:9"  # nothing listens on the discard port
    else:
        stripe_standin.fail_with = failure
    add(client, editions["print"])
    response = checkout(client)
    assert response.status_code == 503
    assert "Le service de paiement est indisponible" in response.get_data(as_text=True)
    [order] = db.session.scalars(sa.select(Order)).all()
    assert order.status == OrderStatus.CANCELED and not order.stock_reserved
    assert [e.type for e in order.events if e.type.startswith("stock_")] == [
        "stock_reserved",
        "stock_released",
    ]
    db.session.expire_all()
    assert editions["print"].stock == 10
    assert "Payer la commande" in client.get("/fr/panier").get_data(as_text=True)


def test_ten_duplicate_completed_events_pay_once(client, db, editions, stripe_standin, paid_signals) -> None:
    order, _ = _start(client, editions, "print", "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    payload = stripe_standin.event("checkout.session.completed", session, event_id="evt_dup")
    codes = [post_event(client, payload).status_code for _ in range(10)]
    assert codes == [200] * 10
    db.session.expire_all()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED and order.payment_status == PaymentStatus.PAID
    assert order.shipping_city == "Lyon" and order.buyer_name == "Zoé Lectrice"
    assert paid_signals == [order.id]
    assert editions["print"].stock == 9
    assert [e.type for e in order.events].count("status_changed") == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StripeEvent)) == 1


def test_success_page_before_and_after_the_webhook(
    client, db, editions, stripe_standin, paid_signals
) -> None:
    order, _ = _start(client, editions, "ebook")
    pending = client.get(f"/fr/commande/{_token(client, order)}")
    assert 'http-equiv="refresh"' in pending.get_data(as_text=True)
    session = stripe_standin.complete_session(order.checkout_session_id)
    success_url = (
        session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]).replace("http://shop.test", "")
    )
    page = client.get(success_url)
    assert "Merci\u202f! Votre paiement est confirmé." in page.get_data(as_text=True)
    assert post_event(client, stripe_standin.event("checkout.session.completed", session)).status_code == 200
    client.get(success_url)
    db.session.expire_all()
    assert order.status == OrderStatus.FULFILLED and paid_signals == [order.id]
    assert "payment_confirmed_again" in [e.type for e in order.events]


def _token(client, order: Order) -> str:
    from shop.checkout.tokens import order_token

    with client.application.test_request_context():
        return order_token(order)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("bad_secret", 400), ("tampered", 400), ("stale", 400), ("no_header", 400), ("garbage", 400),
    ],
)  # fmt: skip
def test_bad_signatures_change_nothing(
    client, db, editions, stripe_standin, case: str, expected: int
) -> None:
    order, _ = _start(client, editions, "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    payload = stripe_standin.event("checkout.session.completed", session)
    headers = {"Stripe-Signature": sign_payload(payload, SECRET)}
    if case == "bad_secret":
        headers = {"Stripe-Signature": sign_payload(payload, "whsec_wrong")}
    elif case == "tampered":
        payload = payload.replace(b'"paid"', b'"paid" ', 1)
    elif case == "stale":
        headers = {"Stripe-Signature": sign_payload(payload, SECRET, int(time.time()) - 301)}
    elif case == "no_header":
        headers = {}
    elif case == "garbage":
        payload = b"not json"
        headers = {"Stripe-Signature": sign_payload(payload, SECRET)}
    response = client.post("/webhooks/stripe", data=payload, headers=headers)
    assert response.status_code == expected
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StripeEvent)) == 0


def test_expired_after_completed_leaves_the_order_paid(client, db, editions, stripe_standin) -> None:
    order, _ = _start(client, editions, "print")
    session = stripe_standin.complete_session(order.checkout_session_id)
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    post_event(client, stripe_standin.event("checkout.session.expired", session))
    db.session.expire_all()
    assert order.status == OrderStatus.PAID and editions["print"].stock == 9


def test_expired_releases_the_reserved_copy(client, db, editions, stripe_standin) -> None:
    order, _ = _start(client, editions, "print")
    assert editions["print"].stock == 9
    session = stripe_standin.sessions[order.checkout_session_id] | {"status": "expired"}
    post_event(client, stripe_standin.event("checkout.session.expired", session))
    post_event(client, stripe_standin.event("checkout.session.expired", session))
    db.session.expire_all()
    assert order.status == OrderStatus.EXPIRED and editions["print"].stock == 10


def test_refunded_before_completed_ends_refunded(client, db, editions, stripe_standin) -> None:
    order, _ = _start(client, editions, "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    stripe_standin.dashboard_refund(session["id"], 1299)
    post_event(client, stripe_standin.event("charge.refunded", stripe_standin.charge(session["id"])))
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    db.session.expire_all()
    assert order.status == OrderStatus.REFUNDED and order.payment_status == PaymentStatus.REFUNDED
    assert order.refunded_cents == 1299


def test_partial_then_full_refund_from_stripes_dashboard(client, db, editions, stripe_standin) -> None:
    order, _ = _start(client, editions, "print", "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    stripe_standin.dashboard_refund(session["id"], 1000)
    post_event(client, stripe_standin.event("charge.refunded", stripe_standin.charge(session["id"])))
    post_event(
        client, stripe_standin.event("charge.refunded", stripe_standin.charge(session["id"]))
    )  # resent
    db.session.expire_all()
    assert (order.status, order.refunded_cents) == (OrderStatus.PARTIALLY_REFUNDED, 1000)
    stripe_standin.dashboard_refund(session["id"], order.total_cents - 1000)
    post_event(client, stripe_standin.event("charge.refunded", stripe_standin.charge(session["id"])))
    db.session.expire_all()
    assert (order.status, order.refunded_cents) == (OrderStatus.REFUNDED, order.total_cents)


def test_dispute_flags_the_order_and_unknown_events_are_acknowledged(
    client, db, editions, stripe_standin
) -> None:
    order, _ = _start(client, editions, "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "payment_intent": session["payment_intent"],
        "amount": 1299,
        "reason": "fraudulent",
    }
    assert post_event(client, stripe_standin.event("charge.dispute.created", dispute)).status_code == 200
    assert (
        post_event(
            client, stripe_standin.event("customer.created", {"id": "cus_1", "object": "customer"})
        ).status_code
        == 200
    )
    db.session.expire_all()
    assert order.disputed is True


def test_async_payment_paths(client, db, editions, stripe_standin) -> None:
    order, _ = _start(client, editions, "print")
    session = stripe_standin.complete_session(order.checkout_session_id, payment_status="unpaid")
    post_event(client, stripe_standin.event("checkout.session.completed", session))
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING
    post_event(client, stripe_standin.event("checkout.session.async_payment_failed", session))
    db.session.expire_all()
    assert order.status == OrderStatus.CANCELED and order.payment_status == PaymentStatus.FAILED
    assert editions["print"].stock == 10


def test_parallel_duplicate_webhooks_on_postgres(
    app, client, db, editions, stripe_standin, live_server, paid_signals, is_postgres
) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL concern (CI runs it there)")
    order, _ = _start(client, editions, "print", "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    payload = stripe_standin.event("checkout.session.completed", session, event_id="evt_parallel")
    other = stripe_standin.event("checkout.session.completed", session)  # same session, another event id
    barrier = threading.Barrier(10)
    codes: list[int] = []

    def deliver(body: bytes) -> None:
        request = urllib.request.Request(
            f"{live_server.url}/webhooks/stripe", data=body, method="POST",
            headers={"Stripe-Signature": sign_payload(body, SECRET), "Content-Type": "application/json"},
        )  # fmt: skip
        barrier.wait()
        with urllib.request.urlopen(request, timeout=30) as response:
            codes.append(response.status)

    threads = [threading.Thread(target=deliver, args=(payload if i < 8 else other,)) for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 10
    db.session.expire_all()
    assert paid_signals == [order.id]
    assert editions["print"].stock == 9
    assert [e.type for e in order.events].count("status_changed") == 2
    assert json.loads(payload)["id"] == "evt_parallel"
