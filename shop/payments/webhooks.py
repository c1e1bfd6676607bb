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
from shop.orders import actions
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from shop.payments.models import StripeEvent
from shop.payments.stripe_client import WebhookSignatureError, parse_webhook, session_info

bp = Blueprint("webhooks", __name__)
ACTOR = "stripe:webhook"


def _order_for(obj: dict[str, Any]) -> Order | None:
    metadata = obj.get("metadata") or {}
    raw = metadata.get("order_id") or obj.get("client_reference_id")
    if order_id := parse_id(raw):
        return db.session.get(Order, order_id)
    intent = obj.get("payment_intent")
    if intent:
        return db.session.scalars(sa.select(Order).where(Order.payment_intent_id == intent)).first()
    return None


def _paid(order: Order, obj: dict[str, Any]) -> None:
    info = session_info(obj)
    actions.mark_paid(order, ACTOR, info.payment_intent_id, info.customer_name, info.shipping)


def on_session_completed(order: Order, obj: dict[str, Any]) -> None:
    if obj.get("payment_status") in ("paid", "no_payment_required"):
        _paid(order, obj)
    else:  # a delayed method (SEPA debit...): async_payment_succeeded or _failed will follow
        actions.event(order, "awaiting_async_payment", ACTOR, session=obj.get("id"))


def on_async_failed(order: Order, obj: dict[str, Any]) -> None:
    actions.cancel_order(order, ACTOR, "payment_failed")


def on_session_expired(order: Order, obj: dict[str, Any]) -> None:
    actions.cancel_order(order, ACTOR, "checkout_expired", OrderStatus.EXPIRED)


def on_charge_refunded(order: Order, obj: dict[str, Any]) -> None:
    """Refunds made in Stripe's dashboard; amount_refunded is cumulative, so a repeat finds nothing new."""
    delta = int(obj.get("amount_refunded") or 0) - order.refunded_cents
    if delta > 0:
        refund_key = f"{obj.get('id')}:{obj.get('amount_refunded')}"
        actions.record_refund(order, ACTOR, delta, None, refund_key)


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
    record = StripeEvent(id=str(event["id"]), type=str(event["type"]))
    db.session.add(record)
    try:
        # On PostgreSQL a concurrent duplicate waits here for the first delivery to commit, then fails.
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return {"received": True, "duplicate": True}, 200
    handler = HANDLERS.get(record.type)
    obj = (event.get("data") or {}).get("object") or {}
    order = _order_for(obj) if handler else None
    if handler is None:
        current_app.logger.info("ignored Stripe event %s of type %s", record.id, record.type)
    elif order is None:
        current_app.logger.warning("Stripe event %s (%s) matches no order", record.id, record.type)
    else:
        # Lock the order before linking the event to it: the foreign key check would otherwise take a share lock
        # first, and two deliveries upgrading their share locks to FOR UPDATE deadlock each other.
        actions.lock(order)
        record.order_id = order.id
        handler(order, obj)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return {"received": True, "duplicate": True}, 200
    return {"received": True}, 200
