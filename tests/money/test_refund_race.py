"""Issue 10, defect 2 under real concurrency (PostgreSQL): dashboard refunds and Stripe's charge.refunded for the
same refund, delivered at the same moment, twenty times; each refund must be recorded exactly once."""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import sqlalchemy as sa

from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.refund_model import Refund
from shop.outbox.models import OutboxEmail
from tests.factories import make_user
from tests.fixtures.stripe_api import sign_payload, stripe_settings
from tests.money.conftest import SECRET, paid

ROUNDS = 20


@pytest.fixture
def app_overrides(stripe_standin) -> dict:
    """Twenty checkouts from one test machine: the hoarding rate limit would rightly stop them."""
    return {**stripe_settings(stripe_standin), "RATELIMIT_ENABLED": False}


def _opener(base: str, email: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = urllib.parse.urlencode({"email": email, "password": "correct horse battery"}).encode()
    opener.open(f"{base}/compte/connexion", data=form, timeout=30).read()
    return opener


def test_dashboard_refunds_racing_charge_refunded_are_recorded_once(
    app, client, db, editions, stripe_standin, live_server, is_postgres
) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL concern (CI runs it there)")
    editions["print"].stock = 100
    make_user("publisher", email="editeur@example.com")
    db.session.commit()
    staff = _opener(live_server.url, "editeur@example.com")
    webhooks: list[threading.Thread] = []
    codes: list[int] = []

    def deliver(body: bytes) -> None:
        request = urllib.request.Request(
            f"{live_server.url}/webhooks/stripe", data=body, method="POST",
            headers={"Stripe-Signature": sign_payload(body, SECRET), "Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=30) as response:
            codes.append(response.status)

    orders = []
    for _ in range(ROUNDS):
        order = paid(app.test_client(), editions, stripe_standin, "print", "ebook")  # a buyer per round
        ebook = next(line for line in order.lines if line.format.value == "ebook")
        orders.append((order.id, ebook.id, ebook.total_cents))
        session_id = order.checkout_session_id

        def stripe_sends_the_event_now(refund: dict, session_id: str = session_id) -> None:
            body = stripe_standin.event("charge.refunded", stripe_standin.charge(session_id))
            thread = threading.Thread(target=deliver, args=(body,))  # races the dashboard's own recording
            webhooks.append(thread)
            thread.start()

        stripe_standin.on_refund = stripe_sends_the_event_now
        form = urllib.parse.urlencode({"confirm": "yes", f"line-{ebook.id}": "1"}).encode()
        staff.open(
            f"{live_server.url}/tableau-de-bord/commandes/{order.id}/rembourser", data=form, timeout=30
        ).read()
    for thread in webhooks:
        thread.join(timeout=30)
    assert codes == [200] * ROUNDS
    db.session.expire_all()
    from shop.orders.models import Order

    winners: dict[str, int] = {}
    for order_id, _line_id, amount in orders:
        order = db.session.get(Order, order_id)
        assert order.refunded_cents == amount and order.attention is None
        assert len(db.session.scalars(sa.select(Refund).filter_by(order_id=order_id)).all()) == 1
        notes = db.session.scalars(
            sa.select(Invoice).filter_by(order_id=order_id, kind=InvoiceKind.CREDIT_NOTE)
        )
        assert len(notes.all()) == 1
        emails = db.session.scalars(sa.select(OutboxEmail).filter_by(order_id=order_id, template="refund"))
        assert len(emails.all()) == 1
        first = next(e.actor for e in order.events if e.type == "refunded")
        winners[first.split(":")[0]] = winners.get(first.split(":")[0], 0) + 1
    print("refund recorded first by:", winners)
