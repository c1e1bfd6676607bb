"""`flask shop orders expire`: close unpaid orders whose checkout window passed, asking Stripe first.

Stripe is asked to expire the session before we release anything: if the buyer paid in the meantime, Stripe refuses
and says the session is complete, and we fulfil instead. Orders waiting for a delayed payment (SEPA debit...) are
never expired by age: Stripe's async_payment_succeeded or _failed event decides. No row lock is held while Stripe
answers (ARCHITECTURE.md, rule 15).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from shop.core.db import utcnow
from shop.extensions import db
from shop.orders import actions
from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus
from shop.payments.gateway import PaymentProviderError, get_gateway

ACTOR = "system:expiry"


@dataclass
class ExpiryReport:
    expired: list[str] = field(default_factory=list)
    paid: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def stale_order_ids(now: dt.datetime) -> list[int]:
    return list(
        db.session.scalars(
            sa.select(Order.id)
            .where(
                Order.status == OrderStatus.PENDING,
                Order.payment_status != PaymentStatus.PROCESSING,
                Order.expires_at.is_not(None),
                Order.expires_at < now,
            )
            .order_by(Order.id)
        )
    )


def mark_waiting(order: Order, actor: str) -> None:
    actions.lock(order)
    if order.status == OrderStatus.PENDING and order.payment_status != PaymentStatus.PROCESSING:
        order.payment_status = PaymentStatus.PROCESSING
        actions.event(order, "awaiting_async_payment", actor)


class Outcome(enum.StrEnum):
    CLOSED = "closed"  # canceled or expired here, its copies back in stock
    PAID = "paid"  # the buyer had paid meanwhile: fulfilled instead
    WAITING = "waiting"  # a delayed payment is under way: Stripe's async_payment_* event decides
    UNCHANGED = "unchanged"  # someone else had already closed or paid it


def close_through_gateway(
    order: Order, actor: str, reason: str, status: OrderStatus = OrderStatus.EXPIRED
) -> Outcome:
    """Close an unpaid order: ask the provider to close its payment page first, then record what it says; commits.

    Raises PaymentProviderError when the provider cannot be reached; then nothing has changed and the copies stay
    reserved (the expiry command tries again later). The Stripe call happens between two short transactions."""
    db.session.commit()  # nothing of ours is held while Stripe answers
    session = get_gateway(order.payment_provider).expire(order)
    if session is not None and session.status == "complete":
        if session.payment_status in ("paid", "no_payment_required"):
            actions.mark_paid(
                order, actor, session.payment_intent_id, session.customer_name, session.shipping
            )
            outcome = Outcome.PAID  # by this call or an earlier one: paid either way
        else:
            mark_waiting(order, actor)
            outcome = Outcome.WAITING
    else:
        # Stripe closed the session (or there was none to close: the test mode, a session never created).
        closed = actions.cancel_order(order, actor, reason, status, provider_confirmed=True)
        outcome = Outcome.CLOSED if closed else Outcome.UNCHANGED
    db.session.commit()
    return outcome


def expire_one(order: Order, report: ExpiryReport) -> None:
    """Expire one order and commit."""
    number = order.number or str(order.id)
    try:
        outcome = close_through_gateway(order, ACTOR, "checkout_expired", OrderStatus.EXPIRED)
    except PaymentProviderError as exc:
        current_app.logger.warning("could not expire the Stripe session of %s: %s", number, exc)
        report.unreachable.append(number)  # tried again on the next run; the copies stay reserved till then
        return
    listed = {Outcome.CLOSED: report.expired, Outcome.PAID: report.paid, Outcome.WAITING: report.waiting}
    if outcome in listed:
        listed[outcome].append(number)


def expire_stale(now: dt.datetime | None = None) -> ExpiryReport:
    report = ExpiryReport()
    for order_id in stale_order_ids(now or utcnow()):
        order = db.session.get(Order, order_id)
        if order is not None:
            expire_one(order, report)
    return report
