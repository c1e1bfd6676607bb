"""The payment gateway interface and its two implementations: Stripe Checkout and the labelled test mode.

Both complete orders through the same order actions (shop.orders.actions), so the test mode exercises the real
fulfilment path.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

from flask import current_app, url_for

from shop.checkout.tokens import order_token
from shop.core.db import utcnow
from shop.orders import actions
from shop.orders.models import Order, PaymentProvider
from shop.orders.refund_model import Refund
from shop.payments import stripe_client
from shop.payments.stripe_client import (
    CheckoutLine,
    CheckoutRequest,
    FeeInfo,
    PaymentProviderError,
    RefundInfo,
    SessionInfo,
)

__all__ = ["PaymentGateway", "PaymentProviderError", "get_gateway", "test_mode_allowed"]

STRIPE_MIN_SESSION_SECONDS = 30 * 60
STRIPE_EXPIRY_MARGIN_SECONDS = 120


class PaymentGateway(Protocol):
    provider: PaymentProvider

    def start_checkout(
        self,
        order: Order,
        shipping_countries: list[str] | None,
        shipping_label: str | None,
        shipping_days: tuple[int, int] | None = None,
    ) -> str:
        """Prepare the payment; returns the URL to send the buyer to. `shipping_days`: the delivery estimate in
        working days (soonest, latest), shown on the payment page."""
        ...

    def confirm(self, order: Order, session_id: str | None) -> None:
        """Called from the success page: fulfil if the provider says the order is paid (idempotent)."""
        ...

    def refund(self, order: Order, refund: Refund) -> str:
        """Ask the provider to refund; returns its refund id. Called with no row lock held."""
        ...

    def expire(self, order: Order) -> SessionInfo | None:
        """Close the payment page; returns what the provider says the session is now (None: nothing to ask)."""
        ...


def _order_url(endpoint: str, order: Order) -> str:
    return current_app.config["SHOP_BASE_URL"] + url_for(
        endpoint, lang=order.locale, token=order_token(order)
    )


class TestGateway:
    """No real payment: a page of our own with pay and cancel buttons. Refused in production."""

    provider = PaymentProvider.TEST

    def start_checkout(
        self,
        order: Order,
        shipping_countries: list[str] | None,
        shipping_label: str | None,
        shipping_days: tuple[int, int] | None = None,
    ) -> str:
        order.payment_provider = PaymentProvider.TEST
        return url_for("checkout.test_payment", lang=order.locale, token=order_token(order))

    def confirm(self, order: Order, session_id: str | None) -> None:
        return None  # the test page's pay button already called mark_paid

    def refund(self, order: Order, refund: Refund) -> str:
        return f"test_re_{uuid.uuid4().hex[:16]}"

    def expire(self, order: Order) -> SessionInfo | None:
        return None


def _session_expiry(order: Order) -> dt.datetime:
    """Stripe refuses a session that expires in less than 30 minutes from its creation; the margin covers the
    time between our clock reading and Stripe's. The local window follows, so we never expire first."""
    earliest = utcnow() + dt.timedelta(seconds=STRIPE_MIN_SESSION_SECONDS + STRIPE_EXPIRY_MARGIN_SECONDS)
    return max(order.expires_at or earliest, earliest)


class StripeGateway:
    provider = PaymentProvider.STRIPE

    def __init__(self, secret_key: str, api_base: str | None) -> None:
        self.client = stripe_client.make_client(secret_key, api_base)

    def start_checkout(
        self,
        order: Order,
        shipping_countries: list[str] | None,
        shipping_label: str | None,
        shipping_days: tuple[int, int] | None = None,
    ) -> str:
        # Only reads until Stripe has answered: a change here would autoflush and hold the order's row (and
        # SQLite's write lock) for the whole network call.
        expires_at = _session_expiry(order)
        shipping = order.shipping_cents if order.has_print else None
        request = CheckoutRequest(
            order_id=order.id,
            order_number=order.number or "",
            customer_email=order.email,
            locale=order.locale,
            lines=[
                CheckoutLine(line.description, line.unit_price_cents, line.quantity, order.currency)
                for line in order.lines
            ],
            # Stripe replaces {CHECKOUT_SESSION_ID}; the success page fetches that session to fulfil.
            success_url=_order_url("checkout.success", order) + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=_order_url("checkout.cancel", order),
            idempotency_key=f"checkout-order-{order.id}",
            shipping_countries=shipping_countries if order.has_print else None,
            shipping_label=shipping_label,
            shipping_amount=shipping,
            shipping_days=shipping_days if order.has_print else None,
            expires_at=int(expires_at.timestamp()),
        )
        session = stripe_client.create_checkout_session(self.client, request)
        order.payment_provider = PaymentProvider.STRIPE
        order.expires_at = expires_at
        order.checkout_session_id = session.id
        if not session.url:
            raise PaymentProviderError("Stripe returned a session without a URL")
        return session.url

    def confirm(self, order: Order, session_id: str | None) -> None:
        if not order.checkout_session_id or (session_id and session_id != order.checkout_session_id):
            return
        session = stripe_client.retrieve_checkout_session(self.client, order.checkout_session_id)
        if session.payment_status == "paid":
            actions.mark_paid(
                order,
                "stripe:success_page",
                session.payment_intent_id,
                session.customer_name,
                session.shipping,
            )

    def refund(self, order: Order, refund: Refund) -> str:
        if not order.payment_intent_id:
            raise PaymentProviderError("order has no Stripe payment to refund")
        return stripe_client.create_refund(
            self.client, order.payment_intent_id, refund.amount_cents, refund.request_key, order.id
        )

    def expire(self, order: Order) -> SessionInfo | None:
        if not order.checkout_session_id:
            return None
        return stripe_client.expire_checkout_session(self.client, order.checkout_session_id)

    def refunds_of(self, payment_intent_id: str) -> list[RefundInfo]:
        return stripe_client.list_refunds(self.client, payment_intent_id)

    def fee_of(self, payment_intent_id: str) -> FeeInfo | None:
        return stripe_client.payment_fee(self.client, payment_intent_id)


def test_mode_allowed() -> bool:
    return current_app.config["SHOP_ENV"] != "production"


def get_gateway(provider: PaymentProvider | None = None) -> PaymentGateway:
    """Stripe when a key is configured (always in production), the test mode otherwise."""
    config = current_app.config
    if provider == PaymentProvider.TEST or (provider is None and not config["STRIPE_SECRET_KEY"]):
        if not test_mode_allowed():
            raise PaymentProviderError("test payment mode is refused in production")
        return TestGateway()
    if not config["STRIPE_SECRET_KEY"]:  # a Stripe order, but the keys were removed since
        raise PaymentProviderError("Stripe is not configured (STRIPE_SECRET_KEY)")
    # One client per app and settings: it holds a pooled HTTP session, which must not be rebuilt per request.
    key = (config["STRIPE_SECRET_KEY"], config["STRIPE_API_BASE"])
    cache = current_app.extensions.setdefault("stripe_gateways", {})
    if key not in cache:
        cache[key] = StripeGateway(*key)
    gateway: PaymentGateway = cache[key]
    return gateway
