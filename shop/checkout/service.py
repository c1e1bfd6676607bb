"""Turning a cart into a pending order and handing it to the payment gateway."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import current_app
from flask_babel import force_locale

from shop.audience.attribution import attach_source
from shop.catalog.models import Edition
from shop.checkout import limits
from shop.checkout.pricing import Quote, ShippingRate, quote
from shop.core.db import utcnow
from shop.core.templating import format_label
from shop.extensions import db
from shop.orders import actions
from shop.orders.models import Order, OrderLine
from shop.settings import legal


def describe(edition: Edition, locale: str) -> str:
    """The line as the buyer reads it on Stripe's page, the invoice and the e-mails: in the order's language."""
    with force_locale(locale):
        label = format_label(edition.format)
    return f"{edition.book.title} – {label[:1].lower()}{label[1:]}"


def create_order(
    items: Sequence[tuple[Edition, int]],
    rate: ShippingRate | None,
    email: str,
    locale: str,
    waiver_text: str | None,
    client_hash: str | None = None,
) -> tuple[Order, Quote]:
    """A pending order with its lines, totals, consent proof and reserved stock; flushed, not committed.

    Raises limits.TooManyOpenOrders, before writing anything, when the buyer's client address (its hash) or e-mail
    already holds too many unpaid orders or copies."""
    priced = quote(items, rate)
    email = email.strip().lower()
    if client_hash is not None:
        limits.ensure_room(client_hash, email, limits.copies_in(priced))
    now = utcnow()
    config = current_app.config
    order = Order(
        email=email,
        client_hash=client_hash,
        locale=locale,
        currency=priced.currency,
        books_cents=priced.books_cents,
        shipping_cents=priced.shipping_cents,
        shipping_vat_rate_bp=priced.shipping_vat_rate_bp,
        shipping_vat_cents=priced.shipping_vat_cents,
        vat_cents=priced.vat_cents,
        total_cents=priced.total_cents,
        total_excl_vat_cents=priced.total_excl_vat_cents,
        shipping_method=priced.shipping.code if priced.shipping else None,
        # The number of the terms' version shown at /cgv (shop.settings.legal); /cgv?version=N shows it again.
        terms_version=str(legal.current_terms_number()),
        terms_accepted_at=now,
        expires_at=now + dt.timedelta(minutes=config["CHECKOUT_EXPIRY_MINUTES"]),
    )
    if priced.has_ebook:
        # Proof of the express waiver (L221-28 13°): the exact words the buyer ticked, their version and language.
        order.waiver_text = waiver_text
        order.waiver_version = config["WAIVER_VERSION"]
        order.waiver_locale = locale
        order.waiver_accepted_at = now
    for line in priced.lines:
        order.lines.append(
            OrderLine(
                edition=line.edition,
                format=line.edition.format,
                description=describe(line.edition, locale),
                isbn13=line.edition.isbn13,
                quantity=line.quantity,
                unit_price_cents=line.unit_price_cents,
                vat_rate_bp=line.vat_rate_bp,
                vat_cents=line.vat_cents,
                total_cents=line.total_cents,
            )
        )
    db.session.add(order)
    attach_source(order)
    actions.assign_number(order)
    actions.event(order, "created", "buyer", total_cents=order.total_cents, locale=locale)
    actions.reserve_stock(order)
    return order, priced
