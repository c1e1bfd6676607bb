"""Order use cases. Each flushes and never commits: the caller (view, webhook, CLI) commits once.

Every fulfilment path (Stripe webhook, success page, test payment mode) goes through these same functions, which
are idempotent: the second caller finds the work done and only logs a no-op.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from shop.catalog.models import Edition
from shop.core.db import utcnow
from shop.extensions import db
from shop.orders import signals
from shop.orders.models import Order, OrderEvent
from shop.orders.states import OrderStatus, PaymentStatus, transition


class OutOfStock(Exception):
    def __init__(self, edition: Edition) -> None:
        super().__init__(f"not enough stock for edition {edition.id}")
        self.edition = edition


def lock(order: Order) -> Order:
    """Re-read the order row under FOR UPDATE (PostgreSQL) so concurrent fulfilments queue up behind each other."""
    # NO KEY UPDATE: serialises fulfilments, yet does not fight the share locks that foreign keys to the order take.
    db.session.execute(sa.select(Order.id).where(Order.id == order.id).with_for_update(key_share=True))
    db.session.refresh(order)
    return order


def event(order: Order, type_: str, actor: str, **params: Any) -> None:
    order.events.append(OrderEvent(type=type_, actor=actor, params=params))


def assign_number(order: Order) -> None:
    """LCM-<year>-<id>: readable, unique, and known before payment so Stripe and the buyer can quote it."""
    db.session.flush()
    order.number = f"LCM-{order.created_at.year}-{order.id:06d}"


def reserve_stock(order: Order) -> None:
    """Take the print copies now; a conditional UPDATE means two buyers cannot both get the last copy."""
    for line in order.lines:
        if not line.ships or line.edition.stock is None:
            continue
        taken = db.session.execute(
            sa.update(Edition)
            .where(Edition.id == line.edition_id, Edition.stock >= line.quantity)
            .values(stock=Edition.stock - line.quantity)
            .execution_options(synchronize_session=False)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise OutOfStock(line.edition)
        db.session.refresh(line.edition)
    order.stock_reserved = True
    event(
        order,
        "stock_reserved",
        "system",
        lines={str(line.edition_id): line.quantity for line in order.lines if line.ships},
    )


def release_stock(order: Order, actor: str) -> bool:
    """Give reserved copies back exactly once, whoever asks first (expiry, cancel, failed payment)."""
    released = db.session.execute(
        sa.update(Order).where(Order.id == order.id, Order.stock_reserved.is_(True)).values(stock_reserved=False)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if released.rowcount != 1:  # type: ignore[attr-defined]
        return False
    order.stock_reserved = False
    for line in order.lines:
        if line.ships and line.edition.stock is not None:
            db.session.execute(
                sa.update(Edition)
                .where(Edition.id == line.edition_id)
                .values(stock=Edition.stock + line.quantity)
            )
            db.session.refresh(line.edition)
    event(order, "stock_released", actor)
    return True


def mark_paid(
    order: Order,
    actor: str,
    payment_intent_id: str | None = None,
    buyer_name: str | None = None,
    shipping: Mapping[str, str | None] | None = None,
) -> bool:
    """Record the payment; True only for the call that actually moved the order to paid."""
    lock(order)
    if order.status != OrderStatus.PENDING:
        event(order, "payment_confirmed_again", actor, status=order.status.value)
        return False
    if buyer_name:
        order.buyer_name = buyer_name
    if shipping:
        for key in ("name", "line1", "line2", "postal_code", "city", "country"):
            if shipping.get(key):
                setattr(order, f"shipping_{key}", shipping[key])
    order.payment_intent_id = payment_intent_id or order.payment_intent_id
    order.payment_status = PaymentStatus.PAID
    order.paid_at = utcnow()
    # The reservation becomes the sale: stock was decremented once, at checkout start.
    order.stock_reserved = False
    transition(order, OrderStatus.PAID, actor, payment_intent=payment_intent_id)
    db.session.flush()
    signals.order_paid.send(order, actor=actor)
    if not order.has_print:
        transition(order, OrderStatus.FULFILLED, "system", reason="ebook_delivered_by_email")
    elif order.has_ebook:
        transition(order, OrderStatus.PARTIALLY_FULFILLED, "system", reason="ebook_delivered_print_to_ship")
    db.session.flush()
    return True


def cancel_order(order: Order, actor: str, reason: str, status: OrderStatus = OrderStatus.CANCELED) -> bool:
    """Cancel or expire an unpaid order; a paid order is left alone (events may arrive late or out of order)."""
    lock(order)
    if order.status != OrderStatus.PENDING:
        event(order, "cancel_ignored", actor, reason=reason, status=order.status.value)
        return False
    release_stock(order, actor)
    if status == OrderStatus.CANCELED and reason == "payment_failed":
        order.payment_status = PaymentStatus.FAILED
    order.closed_at = utcnow()
    transition(order, status, actor, reason=reason)
    db.session.flush()
    signals.order_canceled.send(order, actor=actor, reason=reason)
    return True


def mark_shipped(
    order: Order, actor: str, carrier: str, tracking_number: str, tracking_url: str | None = None
) -> bool:
    lock(order)
    if order.shipped_at is not None:
        event(order, "shipment_already_recorded", actor)
        return False
    order.carrier, order.tracking_number, order.tracking_url = carrier, tracking_number, tracking_url
    order.shipped_at = utcnow()
    transition(order, OrderStatus.FULFILLED, actor, carrier=carrier, tracking_number=tracking_number)
    db.session.flush()
    signals.order_shipped.send(order, actor=actor)
    return True


def record_refund(
    order: Order,
    actor: str,
    amount_cents: int,
    line_quantities: Mapping[int, int] | None = None,
    provider_refund_id: str | None = None,
) -> bool:
    """Record money returned to the buyer; idempotent per provider refund id."""
    lock(order)
    if order.status == OrderStatus.PENDING:
        # A refund can only follow a payment: the paid event is late, and will be a no-op when it comes.
        mark_paid(order, actor)
    if provider_refund_id and any(
        e.type == "refunded" and e.params.get("refund_id") == provider_refund_id for e in order.events
    ):
        return False
    remaining = order.total_cents - order.refunded_cents
    amount_cents = min(amount_cents, remaining)
    if amount_cents <= 0:
        event(order, "refund_ignored", actor, refund_id=provider_refund_id)
        return False
    refunded_lines = []
    for line in order.lines:
        quantity = (line_quantities or {}).get(line.id, 0)
        quantity = min(quantity, line.quantity - line.refunded_quantity)
        if quantity > 0:
            line.refunded_quantity += quantity
            line.refunded_cents += line.unit_price_cents * quantity
            refunded_lines.append((line, quantity))
    order.refunded_cents += amount_cents
    full = order.refunded_cents >= order.total_cents
    if full and not line_quantities:
        refunded_lines = [
            (line, line.quantity - line.refunded_quantity)
            for line in order.lines
            if line.quantity > line.refunded_quantity
        ]
        for line, quantity in refunded_lines:
            line.refunded_quantity += quantity
            line.refunded_cents += line.unit_price_cents * quantity
    order.payment_status = PaymentStatus.REFUNDED if full else PaymentStatus.PARTIALLY_REFUNDED
    event(order, "refunded", actor, amount_cents=amount_cents, refund_id=provider_refund_id, full=full)
    transition(
        order,
        OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED,
        actor,
        amount_cents=amount_cents,
    )
    db.session.flush()
    signals.order_refunded.send(
        order, actor=actor, amount_cents=amount_cents, lines=refunded_lines, full=full
    )
    return True


def flag_dispute(order: Order, actor: str, dispute_id: str) -> bool:
    if order.disputed:
        return False
    order.disputed = True
    event(order, "dispute_opened", actor, dispute_id=dispute_id)
    db.session.flush()
    return True


def add_note(order: Order, actor: str, text: str) -> None:
    event(order, "note", actor, text=text)
    db.session.flush()


def expire_stale(now: dt.datetime | None = None) -> list[Order]:
    """Pending orders whose checkout window closed: release their copies and mark them expired."""
    now = now or utcnow()
    stale = db.session.scalars(
        sa.select(Order).where(
            Order.status == OrderStatus.PENDING, Order.expires_at.is_not(None), Order.expires_at < now
        )
    ).all()
    return [
        order for order in stale if cancel_order(order, "system", "checkout_expired", OrderStatus.EXPIRED)
    ]
