"""Stripe's fee on each payment: fetched once, after the webhook has answered, through the real `stripe` library
against the stand-in; retried later when Stripe is unreachable, with the dashboard saying the fee is not known yet."""

from __future__ import annotations

import datetime as dt

from shop.core.db import utcnow
from shop.payments import fees
from tests.fixtures.stripe_api import stripe_fee
from tests.money.conftest import paid, post_event

FEE_PATH_PREFIX = "/v1/payment_intents/"


def _fee_calls(stripe_standin) -> list:
    return [r for r in stripe_standin.requests if r.path.startswith(FEE_PATH_PREFIX)]


def test_the_fee_is_fetched_once_with_expand_and_stored(app, client, db, editions, stripe_standin) -> None:
    order = paid(client, editions, stripe_standin, "print", "ebook")
    assert _fee_calls(stripe_standin) == []  # not in the webhook's request: it answered first
    assert order.fee_due_at is not None and order.stripe_fee_cents is None

    assert fees.fetch_due() == 1
    db.session.expire_all()
    (call,) = _fee_calls(stripe_standin)
    assert call.method == "GET" and call.path == f"/v1/payment_intents/{order.payment_intent_id}"
    assert call.params["expand"] == ["latest_charge.balance_transaction"]  # one call, not three
    txn = next(iter(stripe_standin.balance_transactions.values()))
    assert order.stripe_fee_cents == stripe_fee(order.total_cents) == txn["fee"]
    assert order.stripe_net_cents == order.total_cents - order.stripe_fee_cents
    assert order.balance_transaction_id == txn["id"] and order.stripe_fee_currency == "EUR"
    assert order.fee_due_at is None and order.fee_attempts == 1

    # Stripe delivers the completion again (a new event id, and the same one): nothing asks Stripe again.
    session = stripe_standin.sessions[order.checkout_session_id]
    assert post_event(client, stripe_standin.event("checkout.session.completed", session)).status_code == 200
    assert fees.fetch_due() == 0 and fees.fetch_fee(order.id) is False
    assert len(_fee_calls(stripe_standin)) == 1


def test_the_fee_is_fetched_right_after_the_webhook_response(
    app, client, db, editions, stripe_standin
) -> None:
    from tests.money.conftest import start

    order = start(client, editions, "ebook")
    session = stripe_standin.complete_session(order.checkout_session_id)
    response = post_event(client, stripe_standin.event("checkout.session.completed", session))
    assert response.status_code == 200 and _fee_calls(stripe_standin) == []
    response.close()  # the server closes the response once sent: the fetch runs then
    db.session.expire_all()
    assert len(_fee_calls(stripe_standin)) == 1
    assert order.stripe_fee_cents == stripe_fee(order.total_cents) and order.fee_due_at is None


def test_unreachable_stripe_is_retried_later_and_the_dashboard_says_so(
    app, client, db, staff, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "print")
    stripe_standin.fail_with = 503
    assert fees.fetch_due() == 0
    db.session.expire_all()
    assert order.stripe_fee_cents is None and order.fee_attempts == 1
    assert order.fee_due_at is not None and order.fee_due_at > utcnow()  # later, not in a tight loop
    calls = len(_fee_calls(stripe_standin))
    assert fees.fetch_due() == 0 and len(_fee_calls(stripe_standin)) == calls  # not due yet

    page = staff.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert "frais inconnus pour l’instant" in page or "frais inconnus pour l'instant" in page
    overview = staff.get("/tableau-de-bord/").get_data(as_text=True)
    assert "pas encore connu" in overview or "pas encore connus" in overview

    stripe_standin.fail_with = None
    order.fee_due_at = utcnow() - dt.timedelta(seconds=1)  # the delay has passed
    db.session.commit()
    assert fees.fetch_due() == 1
    db.session.expire_all()
    assert order.stripe_fee_cents == stripe_fee(order.total_cents) and order.fee_attempts == 2
    page = staff.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert "inconnus" not in page and order.balance_transaction_id in page


def test_a_payment_not_settled_yet_is_asked_again(app, client, db, editions, stripe_standin) -> None:
    """A charge without its balance transaction yet (Stripe creates it on success): no fee stored, retried."""
    order = paid(client, editions, stripe_standin, "ebook")
    charge = stripe_standin.charges[stripe_standin.intents[order.payment_intent_id]["latest_charge"]]
    charge["balance_transaction"] = None
    assert fees.fetch_due() == 0
    db.session.expire_all()
    assert order.stripe_fee_cents is None and order.fee_due_at > utcnow()


def test_a_refund_leaves_the_fee_as_it_was(app, client, db, staff, editions, stripe_standin) -> None:
    order = paid(client, editions, stripe_standin, "print", "ebook")
    fees.fetch_due()
    response = staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    assert response.status_code in (302, 303)
    db.session.expire_all()
    assert order.refunded_cents == order.total_cents
    assert order.stripe_fee_cents == stripe_fee(order.total_cents)
    refund = next(iter(stripe_standin.refunds.values()))
    assert stripe_standin.balance_transactions[refund["balance_transaction"]]["fee"] == 0
    assert fees.fetch_due() == 0 and len(_fee_calls(stripe_standin)) == 1
