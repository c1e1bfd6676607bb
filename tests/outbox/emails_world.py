"""One queued message of every e-mail type, in a given language, the way the shop itself queues them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Flask

from shop.downloads.copies import stamp_pending
from shop.downloads.views import send_fresh_links
from shop.extensions import db
from shop.mailing.models import Mailing, SignupSource, Subscriber, SubscriberStatus
from shop.orders.attention import PAID_OUT_OF_STOCK
from shop.orders.models import Order
from shop.outbox.enqueue import enqueue
from shop.outbox.models import OutboxEmail
from shop.reading.kindle import send_to_kindle
from tests.delivery.conftest import paid_order

# Messages about one order: each must carry that order's page (the publisher's: the dashboard page).
ORDER_TEMPLATES = {
    "order_confirmation", "ebook_links", "fresh_links", "shipping", "refund", "review_copy_reminder",
}  # fmt: skip
ALL_TEMPLATES = [
    "order_confirmation", "ebook_links", "fresh_links", "fresh_links_none", "shipping", "refund", "password_reset",
    "publisher_attention", "publisher_new_order", "review_copy_reminder", "review_copy_declined", "mailing_confirm", "mailing", "kindle",
]  # fmt: skip


def _subscriber(locale: str) -> Subscriber:
    subscriber = Subscriber(email="lecteur@example.com", locale=locale, consent_text="Oui", consent_version="1",
                            consent_source=SignupSource.BOOK_PAGE, status=SubscriberStatus.CONFIRMED)  # fmt: skip
    db.session.add(subscriber)
    db.session.flush()
    return subscriber


def _queue(app: Flask, book: Any, template: str, locale: str) -> tuple[OutboxEmail, Order | None]:
    book.cover, book.cover_width, book.cover_height = "covers/lcm.jpg", 400, 600
    db.session.commit()
    order = paid_order(app, book, "ebook", "print", locale=locale)
    with app.test_request_context(f"/{locale}/"):
        email = _BUILDERS[template](order, locale)
        db.session.commit()
    return email, order


def _latest(template: str) -> OutboxEmail:
    return db.session.scalars(
        sa.select(OutboxEmail).filter_by(template=template).order_by(OutboxEmail.id.desc())
    ).first()


def _fresh(order: Order, locale: str) -> OutboxEmail:
    send_fresh_links(order.email)
    return _latest("fresh_links")


def _fresh_none(order: Order, locale: str) -> OutboxEmail:
    from flask import g

    g.lang = locale
    send_fresh_links("nobody@example.com")
    return _latest("fresh_links_none")


def _shipping(order: Order, locale: str) -> OutboxEmail:
    order.carrier, order.tracking_number, order.tracking_url = (
        "Colissimo",
        "6A123",
        "https://www.laposte.fr/t/6A123",
    )
    return enqueue("shipping", order.email, locale, f"shipping:{order.id}", order_id=order.id)


def _mailing(order: Order, locale: str) -> OutboxEmail:
    body = "Bonjour, **nouvelles** du livre." if locale == "fr" else "Hello, **news** of the book."
    mailing = Mailing(subject="Nouvelles" if locale == "fr" else "News", body_markdown=body, language=locale)
    db.session.add(mailing)
    db.session.flush()
    subscriber = _subscriber(locale)
    return enqueue("mailing", subscriber.email, locale, "mailing:1",
                   {"mailing_id": mailing.id, "subscriber_id": subscriber.id})  # fmt: skip


def _mailing_confirm(order: Order, locale: str) -> OutboxEmail:
    subscriber = _subscriber(locale)
    return enqueue("mailing_confirm", subscriber.email, locale, "confirm:1", {"subscriber_id": subscriber.id})


def _kindle(order: Order, locale: str) -> OutboxEmail:
    stamp_pending()
    return send_to_kindle(order, "zoe_42@kindle.com", "127.0.0.1")


_BUILDERS: dict[str, Callable[[Order, str], OutboxEmail]] = {
    "order_confirmation": lambda order, locale: _latest("order_confirmation"),
    "ebook_links": lambda order, locale: _latest("ebook_links"),
    "fresh_links": _fresh,
    "fresh_links_none": _fresh_none,
    "shipping": _shipping,
    "refund": lambda order, locale: enqueue("refund", order.email, locale, "refund:1",
                                            {"amount_cents": 500, "credit_note": "AV-2026-0001"}, order_id=order.id),
    "password_reset": lambda order, locale: enqueue("password_reset", "editeur@example.com", locale, "reset:1",
                                                    {"link": "http://shop.test/compte/reinitialiser/abc"}),
    "publisher_attention": lambda order, locale: enqueue("publisher_attention", "editeur@example.com", locale,
                                                         "attention:1", {"reason": PAID_OUT_OF_STOCK}, order_id=order.id),
    "publisher_new_order": lambda order, locale: enqueue("publisher_new_order", "editeur@example.com", locale,
                                                         "new-order:1", order_id=order.id),
    "review_copy_reminder": lambda order, locale: enqueue("review_copy_reminder", order.email, locale, "remind:1",
                                                          {"sent_on": "2026-11-20"}, order_id=order.id),
    "review_copy_declined": lambda order, locale: enqueue("review_copy_declined", "jo@example.com", locale,
                                                          "declined:1", {"name": "Jo", "outlet": "Le Monde"}),
    "mailing_confirm": _mailing_confirm,
    "mailing": _mailing,
    "kindle": _kindle,
}  # fmt: skip

queue = _queue
