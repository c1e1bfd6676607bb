"""The Stripe adapter: the only module that imports `stripe`. Domain code sees our dataclasses, never Stripe's."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import stripe
from stripe._base_address import BaseAddresses
from stripe.params.checkout import SessionCreateParams

from shop.core.parsing import clip
from shop.orders.models import shipping_column_sizes

# Pinned in one place: the library and our webhook parsing agree on object shapes for this version.
STRIPE_API_VERSION = "2026-10-28.endive"
# The library otherwise reports request timings to Stripe and writes an id under ~/.config: not ours to share.
stripe.enable_telemetry = False
TIMEOUT_SECONDS = 10
WEBHOOK_TOLERANCE_SECONDS = 300


class PaymentProviderError(Exception):
    """Stripe was unreachable or refused; the message is for logs, the buyer gets a translated one."""


class WebhookSignatureError(Exception):
    pass


@dataclass(frozen=True)
class CheckoutLine:
    name: str
    unit_amount: int
    quantity: int
    currency: str


@dataclass(frozen=True)
class CheckoutRequest:
    order_id: int
    order_number: str
    customer_email: str | None
    locale: str
    lines: list[CheckoutLine]
    success_url: str
    cancel_url: str
    idempotency_key: str
    shipping_countries: list[str] | None = None
    shipping_label: str | None = None
    shipping_amount: int | None = None
    shipping_days: tuple[int, int] | None = None  # delivery estimate in working days: soonest, latest
    expires_at: int | None = None


@dataclass(frozen=True)
class SessionInfo:
    id: str
    url: str | None
    status: str | None
    payment_status: str | None
    payment_intent_id: str | None
    amount_total: int | None
    customer_name: str | None
    shipping: dict[str, str | None] | None
    metadata: dict[str, str] = field(default_factory=dict)


def make_client(secret_key: str, api_base: str | None = None) -> stripe.StripeClient:
    base: BaseAddresses = {"api": api_base} if api_base else {}
    return stripe.StripeClient(
        secret_key,
        stripe_version=STRIPE_API_VERSION,
        base_addresses=base,
        max_network_retries=1,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
    )


def _guard(call: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return call(*args, **kwargs)
    except stripe.StripeError as exc:  # connection errors, API errors, auth errors alike
        raise PaymentProviderError(f"{type(exc).__name__}: {exc.user_message or exc}") from exc


def create_checkout_session(client: stripe.StripeClient, req: CheckoutRequest) -> SessionInfo:
    params: SessionCreateParams = {
        "mode": "payment",
        "locale": "fr" if req.locale == "fr" else "en",
        "client_reference_id": str(req.order_id),
        "metadata": {"order_id": str(req.order_id), "order_number": req.order_number},
        "payment_intent_data": {
            "metadata": {"order_id": str(req.order_id), "order_number": req.order_number}
        },
        "line_items": [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": line.currency.lower(),
                    "unit_amount": line.unit_amount,
                    "tax_behavior": "inclusive",
                    "product_data": {"name": line.name},
                },
            }
            for line in req.lines
        ],
        "success_url": req.success_url,
        "cancel_url": req.cancel_url,
        # French book law: no promotion codes, ever (allow_promotion_codes is deliberately absent).
    }
    if req.customer_email:
        params["customer_email"] = req.customer_email
    if req.expires_at:
        params["expires_at"] = req.expires_at
    if req.shipping_countries and req.shipping_amount is not None:
        countries: Any = req.shipping_countries  # Stripe's Literal list of ISO codes
        params["shipping_address_collection"] = {"allowed_countries": countries}
        params["shipping_options"] = [
            {"shipping_rate_data": {"type": "fixed_amount", "display_name": req.shipping_label or "Livraison",
                                    "tax_behavior": "inclusive",
                                    "fixed_amount": {"amount": req.shipping_amount, "currency": req.lines[0].currency.lower()}}}
        ]  # fmt: skip
        if (
            req.shipping_days and req.shipping_days[0] > 0
        ):  # Stripe takes estimates of one business day or more
            soonest, latest = req.shipping_days
            params["shipping_options"][0]["shipping_rate_data"]["delivery_estimate"] = {
                "minimum": {"unit": "business_day", "value": soonest},
                "maximum": {"unit": "business_day", "value": latest},
            }
    session = _guard(
        client.v1.checkout.sessions.create, params=params, options={"idempotency_key": req.idempotency_key}
    )
    return session_info(session)


def retrieve_checkout_session(client: stripe.StripeClient, session_id: str) -> SessionInfo:
    return session_info(_guard(client.v1.checkout.sessions.retrieve, session_id))


def expire_checkout_session(client: stripe.StripeClient, session_id: str) -> SessionInfo:
    """Close the session at Stripe; if Stripe refuses (already complete or expired), say what it is now."""
    try:
        return session_info(client.v1.checkout.sessions.expire(session_id))
    except stripe.InvalidRequestError:
        return retrieve_checkout_session(client, session_id)
    except stripe.StripeError as exc:
        raise PaymentProviderError(f"{type(exc).__name__}: {exc.user_message or exc}") from exc


@dataclass(frozen=True)
class RefundInfo:
    id: str
    amount: int
    status: str | None
    request_key: str | None  # our key, from the refund's metadata


def refund_info(obj: Any) -> RefundInfo:
    if isinstance(obj, stripe.StripeObject):
        obj = obj.to_dict()
    metadata = obj.get("metadata") or {}
    return RefundInfo(
        id=str(obj["id"]), amount=int(obj.get("amount") or 0), status=obj.get("status"),
        request_key=metadata.get("refund_key") if isinstance(metadata, dict) else None,
    )  # fmt: skip


def create_refund(
    client: stripe.StripeClient, payment_intent_id: str, amount: int, request_key: str, order_id: int
) -> str:
    refund = _guard(
        client.v1.refunds.create,
        params={
            "payment_intent": payment_intent_id,
            "amount": amount,
            # The webhook finds our request by this key if it overtakes the dashboard (shop.orders.refunds).
            "metadata": {"refund_key": request_key, "order_id": str(order_id)},
        },
        options={"idempotency_key": f"refund-{request_key}"},
    )
    return str(refund["id"])


def list_refunds(client: stripe.StripeClient, payment_intent_id: str) -> list[RefundInfo]:
    page = _guard(client.v1.refunds.list, params={"payment_intent": payment_intent_id, "limit": 100})
    return [refund_info(r) for r in page.data]


@dataclass(frozen=True)
class FeeInfo:
    """A payment's balance transaction: what Stripe kept (fee) and pays out (net), in the balance currency."""

    balance_transaction_id: str
    fee: int
    net: int
    currency: str


def payment_fee(client: stripe.StripeClient, payment_intent_id: str) -> FeeInfo | None:
    """PaymentIntent -> latest charge -> balance transaction, in one call thanks to `expand`. None while the
    charge has no balance transaction yet (Stripe creates it once the charge succeeds)."""
    intent = _guard(
        client.v1.payment_intents.retrieve,
        payment_intent_id,
        params={"expand": ["latest_charge.balance_transaction"]},
    )
    charge = intent.to_dict().get("latest_charge")
    txn = charge.get("balance_transaction") if isinstance(charge, dict) else None
    if not isinstance(txn, dict) or not txn.get("id"):
        return None
    return FeeInfo(
        balance_transaction_id=str(txn["id"])[:255], fee=int(txn.get("fee") or 0), net=int(txn.get("net") or 0),
        currency=str(txn.get("currency") or "eur").upper()[:3],
    )  # fmt: skip


def _address(obj: Any) -> dict[str, str | None] | None:
    details = obj.get("collected_information") or {}
    details = details.get("shipping_details") or obj.get("shipping_details")
    if not details:
        return None
    address = details.get("address") or {}
    return {
        key: clip(value, shipping_column_sizes()[key]) for key, value in (("name", details.get("name")), *(
            (k, address.get(k)) for k in ("line1", "line2", "postal_code", "city", "country")))
    }  # fmt: skip


def session_info(obj: Any) -> SessionInfo:
    """From a Checkout Session, as a StripeObject or as the plain dict inside a webhook event."""
    if isinstance(obj, stripe.StripeObject):  # not a dict since stripe 13: convert, nested objects included
        obj = obj.to_dict()
    intent = obj.get("payment_intent")
    if isinstance(intent, dict):
        intent = intent.get("id")
    customer = obj.get("customer_details") or {}
    return SessionInfo(
        id=obj["id"], url=obj.get("url"), status=obj.get("status"), payment_status=obj.get("payment_status"),
        payment_intent_id=intent, amount_total=obj.get("amount_total"), customer_name=clip(customer.get("name"), 200),  # a longer name kept the order pending (DataError)
        shipping=_address(obj), metadata=dict(obj.get("metadata") or {}),
    )  # fmt: skip


def parse_webhook(payload: bytes, sig_header: str | None, secret: str) -> dict[str, Any]:
    """Verify the Stripe-Signature on the raw body (5-minute tolerance), then decode the event."""
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), sig_header or "", secret, WEBHOOK_TOLERANCE_SECONDS
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as exc:
        raise WebhookSignatureError(str(exc)) from exc
    if not isinstance(event, dict) or "id" not in event or "type" not in event:
        raise WebhookSignatureError("not a Stripe event")
    return event
