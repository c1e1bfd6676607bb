"""Issue 10, defects 3, 7 and 8: bundles draw print copies, no stock row locked while Stripe answers, and a
well-signed but malformed event never causes a server error."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from shop.extensions import db as _db
from shop.orders.states import OrderStatus
from shop.payments.models import StripeEvent
from tests.checkout.conftest import add
from tests.money.conftest import post_event, start


def test_a_bundle_reserves_sells_and_releases_print_copies(client, db, editions, stripe_standin) -> None:
    order = start(client, editions, "bundle")
    db.session.expire_all()
    assert editions["print"].stock == 9 and order.stock_reserved
    session = stripe_standin.sessions[order.checkout_session_id]
    post_event(client, stripe_standin.event("checkout.session.expired", session | {"status": "expired"}))
    db.session.expire_all()
    assert order.status == OrderStatus.EXPIRED and editions["print"].stock == 10


def test_no_bundle_is_sold_when_print_is_out_of_stock(client, db, editions, stripe_standin) -> None:
    editions["print"].stock = 0
    db.session.commit()
    page = client.get("/fr/").get_data(as_text=True)
    assert f'name="edition_id" value="{editions["bundle"].id}"' not in page
    add(client, editions["bundle"])
    with client.session_transaction() as session:
        assert session.get("cart", {}) == {}
    editions["print"].stock = 1
    db.session.commit()
    add(client, editions["print"])
    add(client, editions["bundle"])  # print and bundle draw on the same single copy
    with client.session_transaction() as session:
        assert session["cart"] == {str(editions["print"].id): 1}


def test_the_last_copy_goes_to_one_buyer_whether_print_or_bundle(app, client, db, editions, stripe_standin):
    editions["print"].stock = 1
    db.session.commit()
    other = app.test_client()
    add(other, editions["print"])  # both carts hold the last copy; only one checkout can take it
    first = start(client, editions, "bundle")
    response = other.post(
        "/fr/panier/payer",
        data={"email": "b@example.com", "shipping_rate": "fr", "terms": "y", "waiver": "y"},
    )
    assert response.status_code == 409 and first.stock_reserved
    db.session.expire_all()
    assert editions["print"].stock == 0


def test_no_stock_row_stays_locked_while_stripe_answers(app, client, db, editions, stripe_standin) -> None:
    """While Stripe creates the session, another transaction can write the print edition's row at once."""
    seen: list[int] = []
    engine = sa.create_engine(_db.engine.url)  # a connection of its own, as another worker would have
    print_id = editions["print"].id

    def another_buyer_touches_the_stock(session: dict) -> None:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SET lock_timeout = '300ms'"))
            else:
                conn.execute(sa.text("PRAGMA busy_timeout = 300"))
            try:
                conn.execute(sa.text("UPDATE editions SET stock = stock WHERE id = :id"), {"id": print_id})
                conn.commit()
                seen.append(1)
            except OperationalError:
                seen.append(0)

    stripe_standin.on_session = another_buyer_touches_the_stock
    order = start(client, editions, "print")
    engine.dispose()
    assert seen == [1] and order.checkout_session_id


@pytest.mark.parametrize(
    "data",
    [{"object": []}, {"object": "cs_1"}, {"object": None}, "x", None, {"object": 12}],
    ids=["list", "string", "null", "data-string", "data-null", "number"],
)
@pytest.mark.parametrize("type_", ["checkout.session.completed", "charge.refunded", "charge.dispute.created"])
def test_malformed_but_signed_events_are_refused_without_a_trace(client, db, data, type_) -> None:
    payload = json.dumps({"id": "evt_bad", "object": "event", "type": type_, "data": data}).encode()
    response = post_event(client, payload)
    assert response.status_code == 400
    assert db.session.scalars(sa.select(StripeEvent)).all() == []


def test_malformed_events_of_unknown_types_are_acknowledged(client, db) -> None:
    payload = json.dumps(
        {"id": "evt_odd", "object": "event", "type": "customer.created", "data": "x"}
    ).encode()
    assert post_event(client, payload).status_code == 200


@pytest.mark.parametrize("metadata", [{"order_id": "²"}, {"order_id": "9" * 40}, "not-a-dict", None])
def test_odd_order_references_match_no_order(client, db, editions, stripe_standin, metadata) -> None:
    obj = {"id": "cs_x", "object": "checkout.session", "payment_status": "paid", "metadata": metadata,
           "client_reference_id": None, "payment_intent": None}  # fmt: skip
    payload = json.dumps({"id": "evt_ref", "object": "event", "type": "checkout.session.completed",
                          "data": {"object": obj}}).encode()  # fmt: skip
    assert post_event(client, payload).status_code == 200
