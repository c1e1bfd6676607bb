"""A shop with orders in every state and an event of every type: what the back office must show in words."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from shop.catalog.models import EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.dashboard.timeline import SENTENCES
from shop.downloads.models import CopyStatus, EbookCopy
from shop.editorial.comments import Comment, CommentTarget
from shop.editorial.models import PublicationStatus, ReviewCategory
from shop.extensions import db
from shop.orders import actions, attention, refunds
from shop.orders.models import Order, OrderEvent
from shop.orders.states import OrderStatus
from shop.outbox.models import EmailStatus, OutboxEmail
from tests.delivery.conftest import paid_order
from tests.factories import make_review

# Parameters as the code writes them, including the JSON-looking ones a careless page would dump.
EVENT_PARAMS: dict[str, dict[str, object]] = {
    "created": {"total_cents": 2490, "locale": "fr"},
    "stock_reserved": {"copies": 2},
    "stock_released": {"copies": 1},
    "paid_after_close": {"status": "expired"},
    "payment_confirmed_again": {"status": "paid"},
    "status_changed": {"from": "paid", "to": "partially_refunded", "amount_cents": 100},
    "status_unchanged": {"status": "partially_refunded"},
    "cancel_ignored": {"reason": "checkout_expired", "status": "partially_fulfilled"},
    "shipment_already_recorded": {},
    "attention_needed": {"reason": "refund_mismatch", "stripe": 100, "recorded": 0},
    "attention_resolved": {"reason": "paid_out_of_stock"},
    "dispute_opened": {"dispute_id": "dp_123"},
    "note": {"text": "Appelé la lectrice"},
    "refund_requested": {"amount_cents": 1990},
    "refund_failed": {"amount_cents": 1990, "reason": "card expired"},
    "refund_seen_again": {"refund_id": "re_1"},
    "refunded": {"amount_cents": 1990, "refund_id": "re_1", "full": False, "restocked": 1, "lines": {"1": 1}},
    "refund_ignored": {"refund_id": "re_2"},
    "awaiting_async_payment": {},
    "links_resent": {},
    "download_count_reset": {"grant": 3},
    "some_future_event": {"lines": {"1": 1}, "status": "partially_refunded"},
}


def _pending(app: Flask, book) -> Order:
    with app.test_request_context("/fr/"):
        order, _ = create_order(
            [(book.edition(EditionFormat.PRINT), 1)],
            rate_by_code("fr", shipping_rates()),
            "p@example.com",
            "fr",
            "x",
        )
        db.session.commit()
        return order


def populate(app: Flask, book) -> list[Order]:
    orders = [_pending(app, book)]
    for status in (OrderStatus.CANCELED, OrderStatus.EXPIRED):
        order = _pending(app, book)
        actions.cancel_order(order, "stripe:webhook", "payment_failed" if status == "canceled" else "checkout_expired",
                             status)  # fmt: skip
        orders.append(order)
    to_ship = paid_order(app, book, "print", email="ship@example.com")
    both = paid_order(app, book, "print", "ebook", email="both@example.com")
    ebook = paid_order(app, book, "ebook", email="ebook@example.com")
    bundle = paid_order(app, book, "bundle", email="bundle@example.com")
    partly = paid_order(app, book, "print", "ebook", email="partly@example.com")
    full = paid_order(app, book, "ebook", email="full@example.com")
    shipped = paid_order(app, book, "print", email="shipped@example.com")
    actions.mark_shipped(shipped, "user:1", "Colissimo", "6A12345678901")
    refunds.record_refund(partly, "user:1", 1990, {partly.lines[0].id: 1})
    refunds.record_refund(full, "stripe:webhook", full.total_cents)
    actions.flag_dispute(ebook, "stripe:webhook", "dp_1")
    attention.flag(both, attention.PAID_OUT_OF_STOCK, "stripe:webhook")
    for type_, params in EVENT_PARAMS.items():
        to_ship.events.append(OrderEvent(type=type_, actor="system", params=params))
    db.session.add(OutboxEmail(dedupe_key="failed-1", recipient="x@example.com", template="shipping",
                               status=EmailStatus.FAILED, last_error="550 mailbox unavailable", order_id=to_ship.id))  # fmt: skip
    db.session.add(OutboxEmail(dedupe_key="odd-1", recipient="x@example.com", template="some_new_template",
                               status=EmailStatus.QUEUED, order_id=to_ship.id))  # fmt: skip
    line = next(line for line in ebook.lines if line.includes_ebook)
    copy = db.session.scalars(sa.select(EbookCopy).filter_by(order_line_id=line.id)).first()
    assert copy is not None
    copy.status, copy.last_error = CopyStatus.FAILED, "bad file"
    db.session.add(Comment(target_type=CommentTarget.INTERVIEW, target_id=1, name="Zoé", email="z@example.com",
                           body="Bravo"))  # fmt: skip
    make_review(category=ReviewCategory.RADIO_TV, status=PublicationStatus.PENDING)
    db.session.commit()
    assert set(SENTENCES) <= set(EVENT_PARAMS)
    orders += [to_ship, both, ebook, bundle, partly, full, shipped]
    assert {o.status for o in orders} == set(OrderStatus), "every status is represented"
    return list(db.session.scalars(sa.select(Order).order_by(Order.id)))
