"""Approving a review-copy request: a free order of its own kind with watermarked e-book links.

The order is born fulfilled (nothing to pay, nothing to ship), so no status moves through the transition table and
no `order_paid` signal fires: no invoice, no sale in the figures (they count `OrderKind.SALE` only). Links come
from the same grants and watermarking as a sale, with their own validity and download limit.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from shop.catalog.models import EditionFormat
from shop.checkout.service import describe
from shop.core.db import utcnow
from shop.downloads import copies, grants
from shop.extensions import db
from shop.orders.actions import assign_number, event
from shop.orders.models import Order, OrderKind, OrderLine, PaymentProvider
from shop.orders.states import OrderStatus
from shop.outbox.enqueue import enqueue
from shop.press.models import RequestStatus, ReviewCopyRequest
from shop.public.queries import the_book


class NoEbook(Exception):
    """The book has no active e-book edition to send."""


def approve(request: ReviewCopyRequest, actor: str) -> Order:
    """Create the free order, its links and the e-mail that carries them; approving twice is a no-op."""
    if request.order_id is not None:
        existing = db.session.get(Order, request.order_id)
        if existing is not None:
            return existing
    edition = the_book().edition(EditionFormat.EBOOK)
    if edition is None or not edition.active:
        raise NoEbook
    config = current_app.config
    order = Order(
        kind=OrderKind.REVIEW_COPY, email=request.email, buyer_name=request.name, locale=request.locale,
        status=OrderStatus.FULFILLED, payment_provider=PaymentProvider.NONE, currency=edition.currency,
    )  # fmt: skip
    order.lines.append(
        OrderLine(edition_id=edition.id, format=edition.format, description=describe(edition, request.locale), isbn13=edition.isbn13,
                  quantity=1, unit_price_cents=0, vat_rate_bp=edition.vat_rate_bp, vat_cents=0, total_cents=0)
    )  # fmt: skip
    db.session.add(order)
    assign_number(order)
    event(order, "review_copy_granted", actor, outlet=request.outlet)
    issued = []
    for line in order.lines:
        for grant in grants.issue(line):
            grant.expires_at = utcnow() + dt.timedelta(days=int(config["REVIEW_COPY_DOWNLOAD_DAYS"]))
            grant.max_downloads = int(config["REVIEW_COPY_DOWNLOAD_LIMIT"])
            issued.append(grant)
        copies.schedule(line)  # watermarked with the journalist's name and the order number, like a sale
    request.status = RequestStatus.APPROVED
    request.decided_at = utcnow()
    db.session.flush()
    request.order_id = order.id
    enqueue("ebook_links", order.email, order.locale, f"ebook-links:{order.id}",
            {"grant_ids": [g.id for g in issued]}, order_id=order.id)  # fmt: skip
    db.session.flush()
    return order


def decline(request: ReviewCopyRequest) -> None:
    """Decline politely: the journalist is told, once, and can still buy the book."""
    if request.status == RequestStatus.PENDING:
        request.status = RequestStatus.DECLINED
        request.decided_at = utcnow()
        db.session.flush()
        enqueue("review_copy_declined", request.email, request.locale, f"review-copy-declined:{request.id}",
                {"name": request.name, "outlet": request.outlet})  # fmt: skip
