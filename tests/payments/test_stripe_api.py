"""The Stripe adapter through the real `stripe` library, against the local stand-in (127.0.0.1 only)."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest
import stripe

from shop.payments import stripe_api
from shop.payments.stripe_api import (
    STRIPE_API_VERSION,
    CheckoutLine,
    CheckoutRequest,
    PaymentProviderError,
    ShippingOption,
    WebhookSignatureError,
    create_checkout_session,
    create_refund,
    expire_checkout_session,
    list_line_items,
    make_client,
    parse_webhook,
    retrieve_checkout_session,
    session_info_from_event_object,
)
from tests import stripe_fixtures
from tests.stripe_fixtures import STRIPE_TEST_SECRET_KEY
from tests.stripe_signing import sign_payload, signed_event
from tests.stripe_standin import StripeStandIn, decode_form

# Bound here rather than through pytest_plugins so they override, for this module only, any same-named fixture.
stripe_standin = stripe_fixtures.stripe_standin
stripe_client = stripe_fixtures.stripe_client

SECRET = "whsec_test_secret"
SUCCESS_URL = "https://shop.test/fr/commande/abc/merci?session_id={CHECKOUT_SESSION_ID}"


def order_request(**changes: object) -> CheckoutRequest:
    request = CheckoutRequest(
        order_id=42,
        order_number="LCM-2025-0042",
        customer_email="zoe@example.com",
        locale="fr",
        lines=[
            CheckoutLine("Le Community Management (papier)", 2900, 2, "EUR"),
            CheckoutLine("Le Community Management (e-book)", 1499, 1, "EUR"),
        ],
        shipping_countries=["FR", "BE"],
        shipping_option=ShippingOption("Colissimo", 600, "EUR"),
        success_url=SUCCESS_URL,
        cancel_url="https://shop.test/fr/panier",
        idempotency_key="checkout-order-42",
        expires_at=int(time.time()) + 3600,
    )
    return replace(request, **changes)  # type: ignore[arg-type]


def paid_session(client: stripe.StripeClient, standin: StripeStandIn) -> str:
    session = create_checkout_session(client, order_request())
    standin.complete_session(session.id)
    return session.id


def test_pinned_version_is_the_one_the_library_is_generated_for() -> None:
    assert stripe.api_version == STRIPE_API_VERSION


def test_session_creation_sends_what_checkout_needs(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    info = create_checkout_session(stripe_client, order_request())

    sent = stripe_standin.last("POST", "/v1/checkout/sessions")
    assert sent.header("Stripe-Version") == STRIPE_API_VERSION
    assert sent.header("Idempotency-Key") == "checkout-order-42"
    assert sent.header("Authorization") == f"Bearer {STRIPE_TEST_SECRET_KEY}"
    params = sent.params
    assert params["mode"] == "payment"
    assert params["locale"] == "fr"
    assert params["customer_email"] == "zoe@example.com"
    assert params["client_reference_id"] == "42"
    assert params["metadata"] == {"order_id": "42", "order_number": "LCM-2025-0042"}
    assert params["payment_intent_data"] == {"metadata": {"order_id": "42", "order_number": "LCM-2025-0042"}}
    assert params["line_items"][0] == {
        "quantity": "2",
        "price_data": {
            "currency": "eur",
            "unit_amount": "2900",
            "tax_behavior": "inclusive",
            "product_data": {"name": "Le Community Management (papier)"},
        },
    }
    assert params["line_items"][1]["price_data"]["unit_amount"] == "1499"
    assert params["shipping_address_collection"] == {"allowed_countries": ["FR", "BE"]}
    assert params["shipping_options"] == [
        {
            "shipping_rate_data": {
                "type": "fixed_amount",
                "display_name": "Colissimo",
                "tax_behavior": "inclusive",
                "fixed_amount": {"amount": "600", "currency": "eur"},
            }
        }
    ]
    assert params["success_url"] == SUCCESS_URL  # the placeholder goes to Stripe untouched
    # French law (prix unique du livre): no promotion codes, no discounts.
    assert "allow_promotion_codes" not in params
    assert "discounts" not in params

    assert info.id.startswith("cs_test_")
    assert info.url and info.url.startswith(stripe_standin.base_url)
    assert (info.status, info.payment_status, info.payment_intent_id) == ("open", "unpaid", None)
    assert info.amount_total == 2 * 2900 + 1499 + 600
    assert info.currency == "eur"
    assert info.metadata == {"order_id": "42", "order_number": "LCM-2025-0042"}
    assert stripe_standin.success_redirect_url(info.id).endswith(f"session_id={info.id}")


def test_digital_only_order_collects_no_address(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    create_checkout_session(
        stripe_client, order_request(shipping_countries=None, shipping_option=None, customer_email=None)
    )
    params = stripe_standin.last("POST", "/v1/checkout/sessions").params
    assert not {"shipping_address_collection", "shipping_options", "customer_email"} & params.keys()


@pytest.mark.parametrize(
    ("ours", "stripes"), [("fr", "fr"), ("fr_FR", "fr"), ("en-GB", "en"), ("xx", "auto")]
)
def test_locale_is_one_checkout_accepts(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn, ours: str, stripes: str
) -> None:
    create_checkout_session(stripe_client, order_request(locale=ours))
    assert stripe_standin.last("POST", "/v1/checkout/sessions").params["locale"] == stripes


def test_expiry_is_kept_within_stripes_window(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    create_checkout_session(stripe_client, order_request(expires_at=int(time.time()) + 60))
    expires_at = int(stripe_standin.last("POST", "/v1/checkout/sessions").params["expires_at"])
    assert expires_at >= int(time.time()) + 30 * 60


def test_retry_with_the_same_key_returns_the_same_session(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = order_request()
    first = create_checkout_session(stripe_client, request)
    later = (
        time.time() + 90
    )  # expires_at is absolute, so the params stay identical however late the retry comes
    monkeypatch.setattr(stripe_api, "time", SimpleNamespace(time=lambda: later))
    second = create_checkout_session(stripe_client, request)
    assert second.id == first.id
    assert len(stripe_standin.sessions) == 1


def test_same_key_with_other_params_is_refused(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    create_checkout_session(stripe_client, order_request())
    with pytest.raises(PaymentProviderError) as caught:
        create_checkout_session(stripe_client, order_request(customer_email="other@example.com"))
    assert caught.value.http_status == 400
    assert not caught.value.retryable


def test_lost_response_is_retried_under_the_same_key(stripe_standin: StripeStandIn) -> None:
    client = make_client(STRIPE_TEST_SECRET_KEY, stripe_standin.base_url, max_network_retries=1, timeout=5)
    stripe_standin.fail_next("lost")  # Stripe created the session but the answer never arrived
    info = create_checkout_session(client, order_request())
    posts = stripe_standin.calls("POST", "/v1/checkout/sessions")
    assert len(posts) == 2
    assert {p.header("Idempotency-Key") for p in posts} == {"checkout-order-42"}
    assert list(stripe_standin.sessions) == [info.id]


def test_retrieve_after_payment_shows_paid_and_the_address(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    session_id = paid_session(stripe_client, stripe_standin)

    info = retrieve_checkout_session(stripe_client, session_id)
    assert stripe_standin.last("GET").path == f"/v1/checkout/sessions/{session_id}"
    assert (info.status, info.payment_status) == ("complete", "paid")
    assert info.payment_intent_id and info.payment_intent_id.startswith("pi_")
    assert info.customer_email == "zoe@example.com"
    assert info.customer_name == info.shipping_name == "Zoé Lectrice"
    assert info.shipping_address is not None
    assert info.shipping_address["country"] == "FR"
    assert info.shipping_address["postal_code"] == "69001"
    assert info.client_reference_id == "42"


def test_unknown_session_is_a_provider_error(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    with pytest.raises(PaymentProviderError) as caught:
        retrieve_checkout_session(stripe_client, "cs_test_nope")
    error = caught.value
    assert (error.http_status, error.code, error.user_safe, error.retryable) == (
        404,
        "resource_missing",
        False,
        False,
    )
    assert not isinstance(error.__cause__, PaymentProviderError)


def test_line_items(stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn) -> None:
    session = create_checkout_session(stripe_client, order_request())
    items = list_line_items(stripe_client, session.id)
    assert [(i.description, i.quantity, i.unit_amount, i.amount_total) for i in items] == [
        ("Le Community Management (papier)", 2, 2900, 5800),
        ("Le Community Management (e-book)", 1, 1499, 1499),
    ]
    assert stripe_standin.last("GET").params == {"limit": "100"}


def test_expire_open_session_only(stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn) -> None:
    session = create_checkout_session(stripe_client, order_request())
    assert expire_checkout_session(stripe_client, session.id).status == "expired"
    with pytest.raises(PaymentProviderError) as caught:
        expire_checkout_session(stripe_client, session.id)
    assert caught.value.http_status == 400


def test_refunds(stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn) -> None:
    session_id = paid_session(stripe_client, stripe_standin)
    intent = retrieve_checkout_session(stripe_client, session_id).payment_intent_id
    assert intent

    partial = create_refund(stripe_client, intent, 1499, "refund-42-1")
    sent = stripe_standin.last("POST", "/v1/refunds")
    assert sent.params == {"payment_intent": intent, "amount": "1499"}
    assert sent.header("Idempotency-Key") == "refund-42-1"
    assert (partial.amount, partial.status) == (1499, "succeeded")
    assert partial.id.startswith("re_")
    assert (
        create_refund(stripe_client, intent, 1499, "refund-42-1").id == partial.id
    )  # a retry, not a new one

    rest = create_refund(stripe_client, intent, None, "refund-42-2")
    assert rest.amount == 2 * 2900 + 600
    with pytest.raises(PaymentProviderError) as caught:
        create_refund(stripe_client, intent, 100, "refund-42-3")
    assert caught.value.code == "charge_already_refunded"


@pytest.mark.parametrize("failure", ["drop", 500, 503])
def test_outages_are_retryable_provider_errors(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn, failure: int | str
) -> None:
    stripe_standin.fail_next(failure)
    with pytest.raises(PaymentProviderError) as caught:
        create_checkout_session(stripe_client, order_request())
    assert caught.value.retryable and caught.value.user_safe
    assert "stripe" not in caught.value.message.lower()


def test_unreachable_stripe_is_a_provider_error() -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(STRIPE_TEST_SECRET_KEY, f"http://127.0.0.1:{port}", max_network_retries=0, timeout=2)
    with pytest.raises(PaymentProviderError) as caught:
        retrieve_checkout_session(client, "cs_test_x")
    assert caught.value.retryable


@pytest.mark.parametrize(
    ("status", "error_type"),
    [(400, "invalid_request_error"), (401, "invalid_request_error"), (402, "card_error"), (403, "api_error")],
)
def test_refusals_are_not_retryable(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn, status: int, error_type: str
) -> None:
    stripe_standin.fail_next(status, error_type=error_type, message="Refused by the stand-in")
    with pytest.raises(PaymentProviderError) as caught:
        create_checkout_session(stripe_client, order_request())
    error = caught.value
    assert (error.http_status, error.retryable, error.user_safe) == (status, False, False)
    assert "Refused by the stand-in" in error.message


def test_invalid_params_are_refused_like_stripe_does(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    bad = order_request(lines=[CheckoutLine("Livre", 2900, 0, "EUR")])
    with pytest.raises(PaymentProviderError, match="Invalid positive integer"):
        create_checkout_session(stripe_client, bad)
    assert stripe_standin.sessions == {}


def test_standin_refuses_unknown_params_like_stripe(stripe_client: stripe.StripeClient) -> None:
    params: Any = {"mode": "payment", "allow_promo_codes": True}  # a typo Stripe would catch
    with pytest.raises(stripe.InvalidRequestError, match="unknown parameter: allow_promo_codes"):
        stripe_client.v1.checkout.sessions.create(params=params)


def test_standin_decodes_stripes_form_encoding() -> None:
    pairs = [("a[0][b][c]", "1"), ("a[0][d]", "x"), ("a[1][d]", "y"), ("f", "2")]
    assert decode_form(pairs) == {"a": [{"b": {"c": "1"}, "d": "x"}, {"d": "y"}], "f": "2"}


# --- webhooks -----------------------------------------------------------------------------------------------


def test_signed_event_parses_to_a_plain_dict(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    session_id = paid_session(stripe_client, stripe_standin)
    payload, header = signed_event(stripe_standin.event_for(session_id), SECRET)

    event = parse_webhook(payload, header, SECRET)
    assert type(event) is dict
    assert (event["type"], event["api_version"], event["livemode"]) == (
        "checkout.session.completed",
        STRIPE_API_VERSION,
        False,
    )
    info = session_info_from_event_object(event["data"]["object"])
    assert (info.id, info.payment_status, info.metadata["order_id"]) == (session_id, "paid", "42")
    assert info.shipping_address and info.shipping_address["city"] == "Lyon"


def test_charge_and_dispute_events(stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn) -> None:
    session_id = paid_session(stripe_client, stripe_standin)
    intent = stripe_standin.sessions[session_id]["payment_intent"]
    refunded = parse_webhook(
        *signed_event(stripe_standin.charge_refunded_event(session_id, 600), SECRET), SECRET
    )
    charge = refunded["data"]["object"]
    assert (charge["object"], charge["payment_intent"], charge["amount_refunded"], charge["refunded"]) == (
        "charge",
        intent,
        600,
        False,
    )
    disputed = parse_webhook(*signed_event(stripe_standin.dispute_created_event(session_id), SECRET), SECRET)
    assert disputed["type"] == "charge.dispute.created"
    assert disputed["data"]["object"]["payment_intent"] == intent


def test_rotated_secrets_send_several_signatures(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    payload = json.dumps(stripe_standin_event(stripe_client, stripe_standin)).encode()
    ts = int(time.time())
    old = sign_payload(payload, "whsec_old", ts).split(",")[1]
    assert parse_webhook(payload, f"t={ts},{old},{sign_payload(payload, SECRET, ts).split(',')[1]}", SECRET)


def stripe_standin_event(client: stripe.StripeClient, standin: StripeStandIn) -> dict[str, object]:
    return standin.event_for(paid_session(client, standin))


@pytest.mark.parametrize("case", ["tampered", "wrong secret", "stale", "no header", "garbage header"])
def test_bad_signatures_are_refused(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn, case: str
) -> None:
    payload, header = signed_event(stripe_standin_event(stripe_client, stripe_standin), SECRET)
    if case == "tampered":
        payload = payload.replace(b'"paid"', b'"unpaid"', 1)
    elif case == "wrong secret":
        header = sign_payload(payload, "whsec_someone_else")
    elif case == "stale":
        header = sign_payload(payload, SECRET, int(time.time()) - 301)
    elif case == "no header":
        header = ""
    else:
        header = "v1=deadbeef"
    with pytest.raises(WebhookSignatureError):
        parse_webhook(payload, header, SECRET)


@pytest.mark.parametrize(
    "body", [b"not json", b'{"id": "x"}', b"\xff\xfe", b'{"object": "event", "id": "e", "type": "t"}']
)
def test_signed_garbage_is_refused(body: bytes) -> None:
    with pytest.raises(WebhookSignatureError):
        parse_webhook(body, sign_payload(body, SECRET), SECRET)


def test_recent_signature_within_tolerance_is_accepted(
    stripe_client: stripe.StripeClient, stripe_standin: StripeStandIn
) -> None:
    payload, _ = signed_event(stripe_standin_event(stripe_client, stripe_standin), SECRET)
    assert parse_webhook(payload, sign_payload(payload, SECRET, int(time.time()) - 250), SECRET)
