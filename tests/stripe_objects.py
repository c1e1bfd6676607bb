"""Stripe-shaped objects for the stand-in (tests/stripe_standin.py), after the API reference for our pinned version.

Only the fields the shop could plausibly read are filled in, with Stripe's types and null conventions. Values sent
as form fields arrive as strings, exactly as Stripe receives them.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import Any


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SESSION_PARAMS = _words(
    "adaptive_pricing after_expiration allow_promotion_codes automatic_tax billing_address_collection "
    "branding_settings cancel_url client_reference_id consent_collection currency custom_fields custom_text "
    "customer customer_account customer_creation customer_email customer_update discounts "
    "excluded_payment_method_types expand expires_at integration_identifier invoice_creation line_items locale "
    "managed_payments metadata mode name_collection optional_items origin_context payment_intent_data "
    "payment_method_collection payment_method_configuration payment_method_data payment_method_options "
    "payment_method_types permissions phone_number_collection redirect_on_completion return_url "
    "saved_payment_method_options setup_intent_data shipping_address_collection shipping_options submit_type "
    "subscription_data success_url tax_id_collection ui_mode wallet_options"
)
REFUND_PARAMS = _words(
    "amount charge currency customer expand instructions_email metadata origin payment_intent reason "
    "refund_application_fee reverse_transfer"
)
LOCALES = _words(
    "auto bg cs da de el en en-GB es es-419 et fi fil fr fr-CA hi-IN hr hu id it ja ko lt lv ms mt nb nl pl pt "
    "pt-BR ro ru sk sl sv th tr vi zh zh-HK zh-TW"
)
DEFAULT_ADDRESS = {"line1": "5 rue des Lilas", "line2": None, "postal_code": "69001", "city": "Lyon",
                   "state": None, "country": "FR"}  # fmt: skip


class StripeHTTPError(Exception):
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        super().__init__(body["error"]["message"])
        self.status, self.body = status, body

    @classmethod
    def invalid(cls, message: str, param: str | None = None, code: str | None = None) -> StripeHTTPError:
        return cls(400, error("invalid_request_error", message, param=param, code=code))

    @classmethod
    def missing(cls, kind: str, object_id: str, param: str, status: int = 400) -> StripeHTTPError:
        # Stripe answers 404 for an unknown id in the URL, 400 for one given as a parameter.
        body = error("invalid_request_error", f"No such {kind}: '{object_id}'", param, "resource_missing")
        return cls(status, body)


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def error(type_: str, message: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": type_, "message": message}
    if param:
        body["param"] = param
    if code:
        body.update(code=code, doc_url=f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}")
    return {"error": body}


def _int(value: Any, param: str, minimum: int = 0) -> int:
    if not isinstance(value, str) or not re.fullmatch(r"-?\d+", value) or int(value) < minimum:
        kind = "positive integer" if minimum > 0 else "non-negative integer"
        raise StripeHTTPError.invalid(f"Invalid {kind}", param)
    return int(value)


def _required(params: dict[str, Any], key: str, prefix: str = "") -> Any:
    if params.get(key) in (None, ""):
        raise StripeHTTPError.invalid(f"Missing required param: {prefix}{key}.", f"{prefix}{key}")
    return params[key]


def _check_unknown(params: dict[str, Any], known: frozenset[str]) -> None:
    for key in params:
        if key not in known:
            raise StripeHTTPError.invalid(f"Received unknown parameter: {key}", key)


def _check_metadata(metadata: Any, param: str) -> dict[str, str]:
    if metadata in (None, ""):
        return {}
    if not isinstance(metadata, dict) or len(metadata) > 50:
        raise StripeHTTPError.invalid("Invalid metadata: at most 50 keys", param)
    for key, value in metadata.items():
        if len(key) > 40 or len(str(value)) > 500:
            raise StripeHTTPError.invalid(
                "Metadata keys are limited to 40 and values to 500 characters", param
            )
    return dict(metadata)


def new_session(params: dict[str, Any], base_url: str) -> dict[str, Any]:
    _check_unknown(params, SESSION_PARAMS)
    mode = _required(params, "mode")
    if mode not in ("payment", "setup", "subscription"):
        raise StripeHTTPError.invalid("Invalid mode: must be one of payment, setup, or subscription", "mode")
    lines = params.get("line_items") or []
    if mode == "payment" and not 1 <= len(lines) <= 100:
        raise StripeHTTPError.invalid("Payment mode takes between 1 and 100 line_items.", "line_items")
    items, currency = [], None
    for i, line in enumerate(lines):
        prefix = f"line_items[{i}]"
        quantity = _int(_required(line, "quantity", f"{prefix}[]"), f"{prefix}[quantity]", minimum=1)
        price = _required(line, "price_data", f"{prefix}[]")
        currency = str(_required(price, "currency", f"{prefix}[price_data][]")).lower()
        unit = _int(
            _required(price, "unit_amount", f"{prefix}[price_data][]"), f"{prefix}[price_data][unit_amount]"
        )
        name = _required(price.get("product_data") or {}, "name", f"{prefix}[price_data][product_data][]")
        items.append(_line_item(name, unit, quantity, currency, price.get("tax_behavior", "unspecified")))
    locale = params.get("locale")
    if locale is not None and locale not in LOCALES:
        raise StripeHTTPError.invalid(f"Invalid locale: {locale}", "locale")
    email = params.get("customer_email")
    if email is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        raise StripeHTTPError.invalid(f"Invalid email address: {email}", "customer_email", "email_invalid")
    for param in ("success_url", "cancel_url"):
        if param in params and not re.match(r"https?://", params[param]):
            raise StripeHTTPError.invalid("Not a valid URL", param, "url_invalid")
    created = int(time.time())
    expires_at = created + 24 * 3600
    if "expires_at" in params:
        expires_at = _int(params["expires_at"], "expires_at")
        if not created + 30 * 60 <= expires_at <= created + 24 * 3600:
            raise StripeHTTPError.invalid(
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
                "expires_at",
            )
    shipping_rates = []
    for i, option in enumerate(params.get("shipping_options") or []):
        data = _required(option, "shipping_rate_data", f"shipping_options[{i}][]")
        fixed = _required(data, "fixed_amount", f"shipping_options[{i}][shipping_rate_data][]")
        _required(data, "display_name", f"shipping_options[{i}][shipping_rate_data][]")
        amount = _int(fixed.get("amount"), f"shipping_options[{i}][shipping_rate_data][fixed_amount][amount]")
        shipping_rates.append({"shipping_amount": amount, "shipping_rate": new_id("shr")})
    collection = params.get("shipping_address_collection")
    subtotal = sum(item["amount_total"] for item in items)
    shipping = shipping_rates[0]["shipping_amount"] if shipping_rates else 0
    session_id = f"cs_test_{secrets.token_urlsafe(40).replace('-', 'a').replace('_', 'b')}"
    return {
        "id": session_id, "object": "checkout.session", "adaptive_pricing": {"enabled": False},
        "after_expiration": None,
        "allow_promotion_codes": (params["allow_promotion_codes"] == "true") if "allow_promotion_codes" in params else None,
        "amount_subtotal": subtotal, "amount_total": subtotal + shipping,
        "automatic_tax": {"enabled": False, "liability": None, "provider": None, "status": None},
        "billing_address_collection": params.get("billing_address_collection"),
        "cancel_url": params.get("cancel_url"), "client_reference_id": params.get("client_reference_id"),
        "client_secret": None, "collected_information": None, "consent": None, "consent_collection": None,
        "created": created, "currency": currency or params.get("currency"), "custom_fields": [],
        "customer": None, "customer_creation": "if_required", "customer_details": None,
        "customer_email": email, "discounts": [], "expires_at": expires_at, "invoice": None, "livemode": False,
        "locale": locale, "metadata": _check_metadata(params.get("metadata"), "metadata"), "mode": mode,
        "payment_intent": None, "payment_link": None, "payment_method_collection": "if_required",
        "payment_method_types": ["card"], "payment_status": "unpaid",
        "shipping_address_collection": {"allowed_countries": collection["allowed_countries"]} if collection else None,
        "shipping_cost": {"amount_subtotal": shipping, "amount_tax": 0, "amount_total": shipping,
                          "shipping_rate": shipping_rates[0]["shipping_rate"]} if shipping_rates else None,
        "shipping_options": shipping_rates, "status": "open", "submit_type": None, "subscription": None,
        "success_url": params.get("success_url"),
        "total_details": {"amount_discount": 0, "amount_shipping": shipping, "amount_tax": 0},
        "ui_mode": "hosted", "url": f"{base_url}/c/pay/{session_id}",
        # Not part of Stripe's object: kept so the stand-in can answer /line_items and build the PaymentIntent.
        "_line_items": items,
        "_payment_intent_metadata": _check_metadata(
            (params.get("payment_intent_data") or {}).get("metadata"), "payment_intent_data[metadata]"
        ),
    }  # fmt: skip


def _line_item(name: str, unit: int, quantity: int, currency: str, tax_behavior: str) -> dict[str, Any]:
    price = {"id": new_id("price"), "object": "price", "active": False, "currency": currency, "livemode": False,
             "metadata": {}, "product": new_id("prod"), "tax_behavior": tax_behavior, "type": "one_time",
             "unit_amount": unit, "unit_amount_decimal": str(unit)}  # fmt: skip
    return {"id": new_id("li"), "object": "item", "adjustable_quantity": None, "amount_discount": 0,
            "amount_subtotal": unit * quantity, "amount_tax": 0, "amount_total": unit * quantity,
            "currency": currency, "description": name, "price": price, "quantity": quantity}  # fmt: skip


def public(session: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in session.items() if not k.startswith("_")}


def line_items_page(session: dict[str, Any], params: dict[str, Any], path: str) -> dict[str, Any]:
    items = session["_line_items"]
    limit = _int(params.get("limit", "10"), "limit", minimum=1)
    start = 0
    if "starting_after" in params:
        ids = [item["id"] for item in items]
        if params["starting_after"] not in ids:
            raise StripeHTTPError.missing("item", params["starting_after"], "starting_after")
        start = ids.index(params["starting_after"]) + 1
    page = items[start : start + min(limit, 100)]
    return {"object": "list", "data": page, "has_more": start + len(page) < len(items), "url": path}


def payment_intent_for(session: dict[str, Any]) -> dict[str, Any]:
    return {"id": new_id("pi"), "object": "payment_intent", "amount": session["amount_total"],
            "amount_refunded": 0, "currency": session["currency"], "latest_charge": new_id("ch"),
            "metadata": dict(session["_payment_intent_metadata"]), "status": "succeeded"}  # fmt: skip


def complete(
    session: dict[str, Any],
    payment_status: str,
    intent_id: str,
    email: str | None,
    name: str,
    address: dict[str, str | None] | None,
) -> None:
    collection = session.get("shipping_address_collection")
    allowed = collection["allowed_countries"] if collection else ["FR"]
    address = address or {**DEFAULT_ADDRESS, "country": "FR" if "FR" in allowed else allowed[0]}
    session.update(
        status="complete", payment_status=payment_status, payment_intent=intent_id, url=None,
        customer_details={"address": address, "business_name": None, "email": email or session["customer_email"]
                          or "zoe.lectrice@example.com", "individual_name": None, "name": name, "phone": None,
                          "tax_exempt": "none", "tax_ids": []},
        collected_information={"business_name": None, "individual_name": None,
                               "shipping_details": {"address": address, "name": name} if collection else None},
    )  # fmt: skip


def charge(intent: dict[str, Any], amount_refunded: int | None = None) -> dict[str, Any]:
    """A charge as in charge.* events. Stripe does not copy the PaymentIntent's metadata onto it: find the
    order through payment_intent."""
    refunded = intent["amount_refunded"] if amount_refunded is None else amount_refunded
    return {"id": intent["latest_charge"], "object": "charge", "amount": intent["amount"],
            "amount_captured": intent["amount"], "amount_refunded": refunded, "captured": True,
            "created": int(time.time()), "currency": intent["currency"], "customer": None, "disputed": False,
            "livemode": False, "metadata": {}, "paid": True, "payment_intent": intent["id"],
            "refunded": refunded >= intent["amount"], "status": "succeeded"}  # fmt: skip


def dispute(intent: dict[str, Any], reason: str) -> dict[str, Any]:
    return {"id": new_id("dp"), "object": "dispute", "amount": intent["amount"],
            "charge": intent["latest_charge"], "created": int(time.time()), "currency": intent["currency"],
            "is_charge_refundable": False, "livemode": False, "metadata": {}, "payment_intent": intent["id"],
            "reason": reason, "status": "needs_response",
            "evidence_details": {"due_by": int(time.time()) + 7 * 86400, "has_evidence": False,
                                 "past_due": False, "submission_count": 0}}  # fmt: skip


def new_refund(params: dict[str, Any], intents: dict[str, dict[str, Any]]) -> dict[str, Any]:
    _check_unknown(params, REFUND_PARAMS)
    intent_id = params.get("payment_intent")
    if not intent_id and params.get("charge"):
        by_charge = {i["latest_charge"]: i["id"] for i in intents.values()}
        if params["charge"] not in by_charge:
            raise StripeHTTPError.missing("charge", params["charge"], "charge")
        intent_id = by_charge[params["charge"]]
    if not intent_id:
        raise StripeHTTPError.invalid(
            "One of the following params should be provided for this request: payment_intent or charge."
        )
    intent = intents.get(intent_id)
    if intent is None:
        raise StripeHTTPError.missing("payment_intent", intent_id, "payment_intent")
    remaining = intent["amount"] - intent["amount_refunded"]
    if remaining <= 0:
        raise StripeHTTPError.invalid(
            f"Charge {intent['latest_charge']} has already been refunded.", code="charge_already_refunded"
        )
    amount = _int(params["amount"], "amount", minimum=1) if "amount" in params else remaining
    if amount > remaining:
        raise StripeHTTPError.invalid(
            f"Refund amount ({amount}) is greater than unrefunded amount on charge ({remaining})", "amount"
        )
    intent["amount_refunded"] += amount
    return {"id": new_id("re"), "object": "refund", "amount": amount, "balance_transaction": new_id("txn"),
            "charge": intent["latest_charge"], "created": int(time.time()), "currency": intent["currency"],
            "metadata": _check_metadata(params.get("metadata"), "metadata"), "payment_intent": intent_id,
            "reason": params.get("reason"), "receipt_number": None, "source_transfer_reversal": None,
            "status": "succeeded", "transfer_reversal": None}  # fmt: skip


def event(type_: str, obj: dict[str, Any], api_version: str) -> dict[str, Any]:
    return {"id": new_id("evt"), "object": "event", "api_version": api_version, "created": int(time.time()),
            "data": {"object": obj}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": type_}  # fmt: skip
