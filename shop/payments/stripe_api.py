"""The Stripe boundary: the only module that imports `stripe`.

Everything that crosses it is one of our dataclasses or a plain dict, so the rest of the shop never holds a Stripe
object and never catches a Stripe exception. Configuration is passed in explicitly (no Flask here).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import stripe
from stripe.params import RefundCreateParams
from stripe.params.checkout import SessionCreateParams

# Pinned in one place. It is the version this library release is generated for, so the typed params and the
# objects we read agree with what Stripe sends; the webhook endpoint in the dashboard must use it too.
STRIPE_API_VERSION = "2026-10-28.endive"
WEBHOOK_TOLERANCE_SECONDS = 300
# (connect, read) in seconds: a buyer is waiting on the other side of the request.
TIMEOUT_SECONDS = (3.05, 15.0)
# Retries are safe because every POST carries an idempotency key (ours, or one the library generates).
MAX_NETWORK_RETRIES = 1
# Stripe accepts expires_at between 30 minutes and 24 hours from *its* clock; keep a margin for skew.
_MIN_EXPIRY_SECONDS = 30 * 60 + 60
_MAX_EXPIRY_SECONDS = 24 * 3600 - 60
# Languages Checkout is translated into; anything else would make Stripe refuse the whole session.
_CHECKOUT_LANGUAGES = frozenset(
    {"bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fil", "fr", "hr", "hu", "id", "it", "ja", "ko", "lt",
     "lv", "ms", "mt", "nb", "nl", "pl", "pt", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh"}
)  # fmt: skip

# Telemetry would write a persistent id under ~/.config/stripe on the first request and report latencies.
stripe.enable_telemetry = False

TaxBehavior = Literal["inclusive", "exclusive", "unspecified"]


class PaymentProviderError(Exception):
    """Stripe could not be reached or refused the request.

    `message` is for the logs. `user_safe` says whether it may be shown to the buyer as is (only our own neutral
    wording for transient failures is); `retryable` whether trying again later can succeed.
    """

    def __init__(
        self,
        message: str,
        user_safe: bool = False,
        *,
        retryable: bool = False,
        http_status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.user_safe = user_safe
        self.retryable = retryable
        self.http_status = http_status
        self.code = code


class WebhookSignatureError(Exception):
    """The body is not a genuine, recent Stripe event: answer 400 and do nothing."""


@dataclass(frozen=True)
class CheckoutLine:
    name: str
    unit_amount: int  # minor units (cents), tax included
    quantity: int
    currency: str
    # French book prices are fixed prices with VAT included (loi Lang), hence "inclusive".
    tax_behavior: TaxBehavior = "inclusive"


@dataclass(frozen=True)
class ShippingOption:
    display_name: str
    amount: int
    currency: str
    tax_behavior: TaxBehavior = "inclusive"


@dataclass(frozen=True)
class CheckoutRequest:
    order_id: int
    order_number: str
    customer_email: str | None
    locale: str
    lines: list[CheckoutLine]
    success_url: str  # should contain {CHECKOUT_SESSION_ID}, which Stripe substitutes on redirect
    cancel_url: str
    idempotency_key: str
    shipping_countries: list[str] | None = None
    shipping_option: ShippingOption | None = None
    # An absolute Unix time, not a duration: a retry with the same idempotency key must send identical params,
    # and "now + duration" would differ a second later (Stripe then refuses with an idempotency_error).
    expires_at: int | None = None


@dataclass(frozen=True)
class CheckoutSessionInfo:
    id: str
    url: str | None
    status: str | None  # open, complete, expired
    payment_status: str | None  # unpaid, paid, no_payment_required
    payment_intent_id: str | None
    amount_total: int | None
    currency: str | None
    customer_email: str | None
    shipping_name: str | None
    shipping_address: dict[str, str | None] | None
    metadata: dict[str, str] = field(default_factory=dict)
    customer_name: str | None = None
    client_reference_id: str | None = None
    expires_at: int | None = None


@dataclass(frozen=True)
class LineItemInfo:
    description: str | None
    quantity: int | None
    unit_amount: int | None
    amount_total: int
    currency: str


@dataclass(frozen=True)
class RefundInfo:
    id: str
    amount: int
    status: str | None  # pending, requires_action, succeeded, failed, canceled


def make_client(
    secret_key: str,
    api_base: str | None = None,
    *,
    max_network_retries: int = MAX_NETWORK_RETRIES,
    timeout: float | tuple[float, float] = TIMEOUT_SECONDS,
) -> stripe.StripeClient:
    """Build once per process and reuse: the client is thread-safe and keeps one HTTP session per thread."""
    return stripe.StripeClient(
        secret_key,
        stripe_version=STRIPE_API_VERSION,
        base_addresses={"api": api_base} if api_base else {},
        max_network_retries=max_network_retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def _provider_error(exc: stripe.StripeError) -> PaymentProviderError:
    status, code = exc.http_status, exc.code
    if isinstance(exc, stripe.APIConnectionError):
        return PaymentProviderError("The payment service cannot be reached right now.", True, retryable=True)
    if isinstance(exc, stripe.RateLimitError) or (status or 0) >= 500:
        # Neutral wording on purpose; the Stripe details (request id...) stay on __cause__ for the logs.
        message = "The payment service is temporarily unavailable."
        return PaymentProviderError(message, True, retryable=True, http_status=status, code=code)
    # Other 4xx: our request or our keys are wrong; retrying will not help and the details are not for buyers.
    message = (
        f"{type(exc).__name__} (HTTP {status}, code {code}, request {exc.request_id}): {exc.user_message}"
    )
    return PaymentProviderError(message, False, http_status=status, code=code)


def _checkout_locale(locale: str) -> str:
    language = locale.replace("_", "-").split("-")[0].lower()
    return language if language in _CHECKOUT_LANGUAGES else "auto"


def _session_params(req: CheckoutRequest) -> SessionCreateParams:
    order_meta = {"order_id": str(req.order_id), "order_number": req.order_number}
    params: SessionCreateParams = {
        "mode": "payment",
        "locale": _checkout_locale(req.locale),
        "client_reference_id": str(req.order_id),
        "metadata": dict(order_meta),
        # Copied onto the PaymentIntent so charge.refunded and charge.dispute.created events can be traced too.
        "payment_intent_data": {"metadata": dict(order_meta)},
        "line_items": [
            {
                "quantity": line.quantity,
                "price_data": {
                    "currency": line.currency.lower(),
                    "unit_amount": line.unit_amount,
                    "tax_behavior": line.tax_behavior,
                    "product_data": {"name": line.name},
                },
            }
            for line in req.lines
        ],
        "success_url": req.success_url,
        "cancel_url": req.cancel_url,
        # allow_promotion_codes is deliberately never sent: French law forbids discounting new books.
    }
    if req.customer_email:
        params["customer_email"] = req.customer_email
    if req.shipping_countries:
        countries: list[Any] = [c.upper() for c in req.shipping_countries]  # typed as a Literal of ISO codes
        params["shipping_address_collection"] = {"allowed_countries": countries}
    if req.shipping_option is not None:
        option = req.shipping_option
        params["shipping_options"] = [
            {
                "shipping_rate_data": {
                    "type": "fixed_amount",
                    "display_name": option.display_name,
                    "tax_behavior": option.tax_behavior,
                    "fixed_amount": {"amount": option.amount, "currency": option.currency.lower()},
                }
            }
        ]
    if req.expires_at is not None:
        now = int(time.time())
        params["expires_at"] = min(max(req.expires_at, now + _MIN_EXPIRY_SECONDS), now + _MAX_EXPIRY_SECONDS)
    return params


@contextmanager
def _translated_errors() -> Iterator[None]:
    try:
        yield
    except stripe.StripeError as exc:  # connection, API, auth, rate limit, idempotency errors alike
        raise _provider_error(exc) from exc


def create_checkout_session(client: stripe.StripeClient, req: CheckoutRequest) -> CheckoutSessionInfo:
    """Same idempotency key and same params within 24 h: Stripe returns the session it created the first time.

    The same key with *different* params is refused (400 idempotency_error), so derive the key from the content.
    """
    with _translated_errors():
        options: stripe.RequestOptions = {"idempotency_key": req.idempotency_key}
        session = client.v1.checkout.sessions.create(params=_session_params(req), options=options)
    return _session_info(session.to_dict())


def retrieve_checkout_session(client: stripe.StripeClient, session_id: str) -> CheckoutSessionInfo:
    with _translated_errors():
        session = client.v1.checkout.sessions.retrieve(session_id)
    return _session_info(session.to_dict())


def expire_checkout_session(client: stripe.StripeClient, session_id: str) -> CheckoutSessionInfo:
    """Stripe only expires open sessions; one completed meanwhile makes this fail with a 400."""
    with _translated_errors():
        session = client.v1.checkout.sessions.expire(session_id)
    return _session_info(session.to_dict())


def list_line_items(client: stripe.StripeClient, session_id: str) -> list[LineItemInfo]:
    with _translated_errors():
        page = client.v1.checkout.sessions.line_items.list(session_id, params={"limit": 100})
        items = [item.to_dict() for item in page.auto_paging_iter()]  # follows has_more with starting_after
    return [
        LineItemInfo(
            description=item.get("description"),
            quantity=item.get("quantity"),
            unit_amount=(item.get("price") or {}).get("unit_amount"),
            amount_total=int(item["amount_total"]),
            currency=str(item["currency"]),
        )
        for item in items
    ]


def create_refund(
    client: stripe.StripeClient,
    payment_intent_id: str,
    amount: int | None,
    idempotency_key: str,
    metadata: Mapping[str, str] | None = None,
) -> RefundInfo:
    """`amount` None refunds whatever is left. A refund may stay `pending`; charge.refunded confirms it."""
    params: RefundCreateParams = {"payment_intent": payment_intent_id}
    if amount is not None:
        params["amount"] = amount
    if metadata:
        params["metadata"] = dict(metadata)
    with _translated_errors():
        refund = client.v1.refunds.create(params=params, options={"idempotency_key": idempotency_key})
    return RefundInfo(id=refund.id, amount=refund.amount, status=refund.status)


def parse_webhook(
    payload: bytes, sig_header: str | None, secret: str, tolerance: int = WEBHOOK_TOLERANCE_SECONDS
) -> dict[str, Any]:
    """Check the Stripe-Signature header against the raw body, then decode the event as a plain dict.

    The body must be the exact bytes received: the HMAC covers them, so re-serialised JSON never verifies.
    Stripe only rejects timestamps older than `tolerance`, not ones in the future; we keep that behaviour.
    """
    try:
        stripe.WebhookSignature.verify_header(payload, sig_header, secret, tolerance)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise WebhookSignatureError(str(exc)) from exc
    if not isinstance(event, dict) or event.get("object") != "event" or not {"id", "type"} <= event.keys():
        raise WebhookSignatureError("signed body is not a Stripe event")
    data = event.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("object"), dict):
        raise WebhookSignatureError("Stripe event without data.object")
    return event


def session_info_from_event_object(obj: Mapping[str, Any]) -> CheckoutSessionInfo:
    """From the `data.object` of a checkout.session.* event."""
    if obj.get("object") != "checkout.session":
        raise ValueError(f"expected a checkout.session, got {obj.get('object')!r}")
    return _session_info(obj)


def _session_info(obj: Mapping[str, Any]) -> CheckoutSessionInfo:
    intent = obj.get("payment_intent")
    if isinstance(intent, Mapping):  # expanded
        intent = intent.get("id")
    customer = obj.get("customer_details") or {}
    # Since API 2025-03-31 the address lives in collected_information; older payloads had shipping_details.
    collected = obj.get("collected_information") or {}
    shipping = collected.get("shipping_details") or obj.get("shipping_details") or {}
    address = shipping.get("address")
    return CheckoutSessionInfo(
        id=str(obj["id"]),
        url=obj.get("url"),
        status=obj.get("status"),
        payment_status=obj.get("payment_status"),
        payment_intent_id=intent,
        amount_total=obj.get("amount_total"),
        currency=obj.get("currency"),
        # What the buyer typed on Stripe's page wins over what we prefilled.
        customer_email=customer.get("email") or obj.get("customer_email"),
        shipping_name=shipping.get("name"),
        shipping_address=_address(address) if address else None,
        metadata={str(k): str(v) for k, v in (obj.get("metadata") or {}).items()},
        customer_name=customer.get("name"),
        client_reference_id=obj.get("client_reference_id"),
        expires_at=obj.get("expires_at"),
    )


def _address(address: Mapping[str, Any]) -> dict[str, str | None]:
    keys = ("line1", "line2", "postal_code", "city", "state", "country")
    return {key: address.get(key) for key in keys}
