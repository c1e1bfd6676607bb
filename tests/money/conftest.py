"""The money path against the project's Stripe stand-in: a book with e-book masters, Stripe keys, signed webhooks."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from shop.orders.models import Order
from tests.checkout.conftest import add, checkout
from tests.checkout.test_stripe import SECRET, post_event
from tests.delivery.conftest import book  # the same book, with e-book masters, as fixture
from tests.fixtures.stripe_api import stripe_settings

__all__ = ["SECRET", "book", "post_event", "start"]


@pytest.fixture
def app_overrides(stripe_standin) -> dict[str, Any]:
    return stripe_settings(stripe_standin)


@pytest.fixture
def editions(book):
    return {e.format.value: e for e in book.editions}


def start(client, editions, *formats: str, email: str = "zoe@example.com") -> Order:
    """A pending order through the real cart and checkout: copies reserved, a Stripe session created."""
    from shop.extensions import db

    for fmt in formats:
        add(client, editions[fmt])
    response = checkout(client, email=email)
    assert response.status_code == 303, response.get_data(as_text=True)
    return db.session.scalars(sa.select(Order).order_by(Order.id.desc())).first()


def paid(client, editions, stripe_standin, *formats: str) -> Order:
    """A Stripe order paid through the signed checkout.session.completed webhook."""
    from shop.extensions import db

    order = start(client, editions, *formats)
    session = stripe_standin.complete_session(order.checkout_session_id)
    assert post_event(client, stripe_standin.event("checkout.session.completed", session)).status_code == 200
    db.session.expire_all()
    return order


@pytest.fixture
def staff(app, db):
    """A test client logged in as the publisher."""
    from tests.factories import make_user

    user = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    client = app.test_client()
    client.post("/compte/connexion", data={"email": user.email, "password": "correct horse battery"})
    return client
