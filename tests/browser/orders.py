"""Orders in every state for the browser tests, built with the checkout service and the order actions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from shop.catalog.models import Book, EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.extensions import db
from shop.orders import actions, refunds
from shop.orders.models import Order, PaymentProvider


def demo_book() -> Book:
    return db.session.scalars(sa.select(Book)).first()


def order_with(app: Flask, *formats: str, paid: bool = True, lang: str = "fr") -> Order:
    book = demo_book()
    with app.test_request_context(f"/{lang}/"):
        items = [(book.edition(EditionFormat(fmt)), 1) for fmt in formats]
        rate = rate_by_code("fr", shipping_rates())
        order, _ = create_order(items, rate, "zoe@example.com", lang, "J'accepte expressément ...")
        order.payment_provider = PaymentProvider.TEST
        if paid:
            actions.mark_paid(
                order, "test", buyer_name="Zoé Lectrice-Dupont-de-la-Grande-Maison",
                shipping={"name": "Zoé Lectrice", "line1": "12 boulevard de la Reine-Hortense-Prolongée",
                          "postal_code": "75011", "city": "Paris", "country": "FR"},
            )  # fmt: skip
        db.session.commit()
        return order


def shipped(order: Order) -> Order:
    actions.mark_shipped(order, "publisher", "colissimo", "6A00000000012345678", None)
    db.session.commit()
    return order


def refunded(order: Order, cents: int | None = None) -> Order:
    refunds.record_refund(order, "publisher", cents or order.total_cents)
    db.session.commit()
    return order
