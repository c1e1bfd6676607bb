"""The payment gateway interface and its two implementations: Stripe Checkout and the labelled test mode.

Both complete orders through the same order actions (shop.orders.actions), so the test mode exercises the real
fulfilment path.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Protocol

from flask import current_app, url_for

from shop.checkout.tokens import order_token
from shop.orders import actions
from shop.orders.models import Order, PaymentProvider
from shop.payments import stripe_client
from shop.payments.stripe_client import CheckoutLine, CheckoutRequest, PaymentProviderError

__all__ = ["PaymentGateway", "PaymentProviderError", "get_gateway", "test_mode_allowed"]


class PaymentGateway(Protocol):
    provider: PaymentProvider

    def start_checkout(
        self, order: Order, shipping_countries: list[str] | None, shipping_label: str | None
    ) -> str:
        """Prepare the payment; returns the URL to send the buyer to."""
        ...

    def confirm(self, order: Order, session_id: str | None) -> None:
        """Called from the success page: fulfil if the provider says the order is paid (idempotent)."""
        ...

    def refund(
        self, order: Order, actor: str, amount_cents: int, line_quantities: Mapping[int, int] | None
    ) -> None: ...


def _order_url(endpoint: str, order: Order) -> str:
    return current_app.config["SHOP_BASE_URL"] + url_for(
        endpoint, lang=order.locale, token=order_token(order)
    )


class TestGateway:
    """No real payment: a page of our own with pay and cancel buttons. Refused in production."""

    provider = PaymentProvider.TEST

    def start_checkout(
        self, order: Order, shipping_countries: list[str] | None, shipping_label: str | None
    ) -> str:
        order.payment_provider = PaymentProvider.TEST
        return url_for("checkout.test_payment", lang=order.locale, token=order_token(order))

    def confirm(self, order: Order, session_id: str | None) -> None:
        return None  # the test page's pay button already called mark_paid

    def refund(
        self, order: Order, actor: str, amount_cents: int, line_quantities: Mapping[int, int] | None
    ) -> None:
        actions.record_refund(order, actor, amount_cents, line_quantities, f"test_re_{uuid.uuid4().hex[:16]}")


class StripeGateway:
    provider = PaymentProvider.STRIPE

    def __init__(self, secret_key: str, api_base: str | None) -> None:
        self.client = stripe_client.make_client(secret_key, api_base)

    def start_checkout(
        self, order: Order, shipping_countries: list[str] | None, shipping_label: str | None
    ) -> str:
        order.payment_provider = PaymentProvider.STRIPE
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
            expires_at=int(order.expires_at.timestamp()) if order.expires_at else None,
        )
        session = stripe_client.create_checkout_session(self.client, request)
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

    def refund(
        self, order: Order, actor: str, amount_cents: int, line_quantities: Mapping[int, int] | None
    ) -> None:
        if not order.payment_intent_id:
            raise PaymentProviderError("order has no Stripe payment to refund")
        key = f"refund-{order.id}-{order.refunded_cents}-{amount_cents}"
        refund_id = stripe_client.create_refund(self.client, order.payment_intent_id, amount_cents, key)
        actions.record_refund(order, actor, amount_cents, line_quantities, refund_id)


def test_mode_allowed() -> bool:
    return current_app.config["SHOP_ENV"] != "production"


def get_gateway(provider: PaymentProvider | None = None) -> PaymentGateway:
    """Stripe when a key is configured (always in production), the test mode otherwise."""
    config = current_app.config
    if provider == PaymentProvider.TEST or (provider is None and not config["STRIPE_SECRET_KEY"]):
        if not test_mode_allowed():
            raise PaymentProviderError("test payment mode is refused in production")
        return TestGateway()
    # One client per app and settings: it holds a pooled HTTP session, which must not be rebuilt per request.
    key = (config["STRIPE_SECRET_KEY"], config["STRIPE_API_BASE"])
    cache = current_app.extensions.setdefault("stripe_gateways", {})
    if key not in cache:
        cache[key] = StripeGateway(*key)
    gateway: PaymentGateway = cache[key]
    return gateway
