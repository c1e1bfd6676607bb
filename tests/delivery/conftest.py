from __future__ import annotations

import pytest
from flask import Flask

from shop.catalog.demo_assets import make_sample_epub, make_sample_pdf
from shop.catalog.models import EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.downloads.copies import add_master
from shop.downloads.models import EbookFormat
from shop.extensions import db
from shop.orders import actions
from shop.orders.models import Order, PaymentProvider
from shop.settings import store
from tests.factories import make_book

EPUB = make_sample_epub("Le Community Management", ["Catherine Ertzscheid"], "fr", 3)
PDF = make_sample_pdf("Le Community Management", ["Catherine Ertzscheid"], pages=8)


@pytest.fixture
def book(db):
    book = make_book(title="Le Community Management")
    ebook = book.edition(EditionFormat.EBOOK)
    add_master(ebook, EbookFormat.EPUB, EPUB)
    add_master(ebook, EbookFormat.PDF, PDF)
    db.session.commit()
    return book


@pytest.fixture
def no_publisher_mail(db) -> None:
    """For tests that count the buyer's messages: the publisher's new-order message (on by default) is tested on
    its own (test_publisher_new_order.py)."""
    store.save(store.Settings(notify_paid_orders=False), user_id=None)
    db.session.commit()


def paid_order(app: Flask, book, *formats: str, email: str = "zoe@example.com", locale: str = "fr") -> Order:
    with app.test_request_context(f"/{locale}/"):
        items = [(book.edition(EditionFormat(fmt)), 1) for fmt in formats]
        rate = rate_by_code("fr", shipping_rates())
        order, _ = create_order(items, rate, email, locale, "J'accepte expressément ...")
        order.buyer_name = "Zoé Lectrice"
        order.payment_provider = PaymentProvider.TEST
        actions.mark_paid(order, "test")
        db.session.commit()
        return order
