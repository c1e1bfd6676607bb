"""POST /webhooks/stripe: verify, record the event id once, dispatch to the order actions, commit once.

Stripe may deliver an event twice, late or out of order; every handler is safe to repeat and to run in any order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from shop.core.parsing import parse_id
from shop.extensions import csrf, db
from shop.orders import actions, attention, refunds
from shop.orders.models import Order, PaymentProvider
from shop.orders.states import OrderStatus
from shop.payments.expiry import mark_waiting
from shop.payments.gateway import PaymentProviderError, StripeGateway, get_gateway
from shop.payments.models import StripeEvent
from shop.payments.stripe_client import (
    RefundInfo,
    WebhookSignatureError,
    parse_webhook,
    refund_info,
    session_info,
)

bp = Blueprint("webhooks", __name__)
ACTOR = "stripe:webhook"


def _order_for(obj: dict[str, Any]) -> Order | None:
    found = obj.get("metadata")
    metadata: dict[str, Any] = found if isinstance(found, dict) else {}
    raw = metadata.get("order_id") or obj.get("client_reference_id")
    if order_id := parse_id(raw):
        return db.session.get(Order, order_id)
    intent = obj.get("payment_intent")
    if isinstance(intent, str) and intent:
        return db.session.scalars(sa.select(Order).where(Order.payment_intent_id == intent)).first()
    return None


def _paid(order: Order, obj: dict[str, Any]) -> None:
    info = session_info(obj)
    actions.mark_paid(order, ACTOR, info.payment_intent_id, info.customer_name, info.shipping)


def on_session_completed(order: Order, obj: dict[str, Any]) -> None:
    if obj.get("payment_status") in ("paid", "no_payment_required"):
        _paid(order, obj)
    else:  # a delayed method (SEPA debit...): async_payment_succeeded or _failed will follow
        mark_waiting(order, ACTOR)


def on_async_failed(order: Order, obj: dict[str, Any]) -> None:
    actions.cancel_order(order, ACTOR, "payment_failed")


def on_session_expired(order: Order, obj: dict[str, Any]) -> None:
    actions.cancel_order(order, ACTOR, "checkout_expired", OrderStatus.EXPIRED)


def on_charge_refunded(order: Order, obj: dict[str, Any]) -> None:
    """Each refund is recorded once by its id (ours may already be, from the dashboard); the cumulative
    amount_refunded is only a cross-check."""
    for info in _refunds_in(obj):
        if info.status in (None, "succeeded", "pending"):
            refunds.record_provider_refund(order, info.id, info.amount, ACTOR, info.request_key)
    reported = obj.get("amount_refunded")
    if isinstance(reported, int) and reported != order.refunded_cents:
        attention.flag(
            order, attention.REFUND_MISMATCH, ACTOR, stripe=reported, recorded=order.refunded_cents
        )


def _refunds_in(obj: dict[str, Any]) -> list[RefundInfo]:
    listed = obj.get("refunds")
    data = listed.get("data") if isinstance(listed, dict) else None
    if isinstance(data, list):
        return [refund_info(r) for r in data if isinstance(r, dict) and r.get("id")]
    return list(obj.get("_fetched_refunds") or [])


def _fetch_refunds(obj: dict[str, Any]) -> None:
    """Charges carry their refunds only when expanded: fetch them before any lock is taken."""
    listed = obj.get("refunds")
    if isinstance(listed, dict) and isinstance(listed.get("data"), list):
        return
    intent = obj.get("payment_intent")
    gateway = get_gateway(PaymentProvider.STRIPE)
    if isinstance(intent, str) and isinstance(gateway, StripeGateway):
        obj["_fetched_refunds"] = gateway.refunds_of(intent)


def on_dispute(order: Order, obj: dict[str, Any]) -> None:
    actions.flag_dispute(order, ACTOR, str(obj.get("id")))


HANDLERS: dict[str, Callable[[Order, dict[str, Any]], None]] = {
    "checkout.session.completed": on_session_completed,
    "checkout.session.async_payment_succeeded": _paid,
    "checkout.session.async_payment_failed": on_async_failed,
    "checkout.session.expired": on_session_expired,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute,
}


@bp.post("/webhooks/stripe")
@csrf.exempt  # authenticated by Stripe's signature instead
def stripe_webhook() -> ResponseReturnValue:
    secret = current_app.config["STRIPE_WEBHOOK_SECRET"]
    if not secret:
        return {"error": "webhooks are not configured"}, 404
    try:
        event = parse_webhook(request.get_data(), request.headers.get("Stripe-Signature"), secret)
    except WebhookSignatureError as exc:
        current_app.logger.warning("rejected Stripe webhook: %s", exc)
        return {"error": "invalid signature"}, 400
    handler = HANDLERS.get(str(event["type"]))
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if handler is not None and not isinstance(obj, dict):
        current_app.logger.warning("malformed Stripe event %s: data.object is not an object", event["id"])
        return {"error": "malformed event"}, 400
    if handler is on_charge_refunded and isinstance(obj, dict):
        try:
            _fetch_refunds(obj)
        except PaymentProviderError as exc:  # Stripe retries the event later
            current_app.logger.warning("could not list the refunds of %s: %s", event["id"], exc)
            return {"error": "payment service unavailable"}, 503
    record = StripeEvent(id=str(event["id"])[:255], type=str(event["type"])[:255])
    db.session.add(record)
    try:
        # On PostgreSQL a concurrent duplicate waits here for the first delivery to commit, then fails.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return {"received": True, "duplicate": True}, 200
    order = _order_for(obj) if handler is not None and isinstance(obj, dict) else None
    if handler is None:
        current_app.logger.info("ignored Stripe event %s of type %s", record.id, record.type)
    elif order is None:
        current_app.logger.warning("Stripe event %s (%s) matches no order", record.id, record.type)
    else:
        # Lock the order before linking the event to it: the foreign key check would otherwise take a share lock
        # first, and two deliveries upgrading their share locks to FOR UPDATE deadlock each other.
        actions.lock(order)
        record.order_id = order.id
        handler(order, obj)  # type: ignore[arg-type]  # obj is a dict whenever a handler runs
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return {"received": True, "duplicate": True}, 200
    return {"received": True}, 200
