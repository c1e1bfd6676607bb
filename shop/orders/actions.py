"""Order use cases. Each flushes and never commits: the caller (view, webhook, CLI) commits once.

Every fulfilment path (Stripe webhook, success page, test payment mode) goes through these same functions, which
are idempotent: the second caller finds the work done and only logs a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.extensions import db
from shop.orders import signals, stock_ops
from shop.orders.models import ATTENTION_PAID_OUT_OF_STOCK, Order, OrderEvent
from shop.orders.states import OrderStatus, PaymentStatus, transition
from shop.orders.stock_ops import OutOfStock as OutOfStock  # the checkout catches it from here


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
    """Take the print copies now (bundles included); raises OutOfStock and takes nothing if one is missing."""
    needed = stock_ops.order_copies(order)
    stock_ops.take(needed)
    order.stock_reserved = True
    event(order, "stock_reserved", "system", copies=sum(needed.values()))


def release_stock(order: Order, actor: str) -> bool:
    """Give reserved copies back exactly once, whoever asks first (expiry, cancel, failed payment)."""
    released = db.session.execute(
        sa.update(Order).where(Order.id == order.id, Order.stock_reserved.is_(True)).values(stock_reserved=False)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if released.rowcount != 1:  # type: ignore[attr-defined]
        return False
    order.stock_reserved = False
    needed = stock_ops.order_copies(order)
    stock_ops.put_back(needed)
    event(order, "stock_released", actor, copies=sum(needed.values()))
    return True


def _revive(order: Order, actor: str) -> None:
    """Money for an order we had already expired or canceled: take its copies again if there are any.

    Stripe confirmed the payment, so the order is paid whatever happens; when the copies are gone the publisher
    decides (ship later or refund in one click), see shop.orders.attention.
    """
    from shop.orders import attention

    event(order, "paid_after_close", actor, status=order.status.value)
    try:
        stock_ops.take(stock_ops.order_copies(order))
    except stock_ops.OutOfStock:
        attention.flag(order, attention.PAID_OUT_OF_STOCK, actor)
    order.closed_at = None


def mark_paid(
    order: Order,
    actor: str,
    payment_intent_id: str | None = None,
    buyer_name: str | None = None,
    shipping: Mapping[str, str | None] | None = None,
) -> bool:
    """Record the payment; True only for the call that actually moved the order to paid."""
    lock(order)
    if order.status in (OrderStatus.EXPIRED, OrderStatus.CANCELED):
        _revive(order, actor)
    elif order.status != OrderStatus.PENDING:
        event(order, "payment_confirmed_again", actor, status=order.status.value)
        return False
    if buyer_name:
        order.buyer_name = str(buyer_name)[:200]
    if shipping:
        # Cut to our column sizes: a payment is never refused because an address is longer than we expected.
        for key, size in (("name", 200), ("line1", 200), ("line2", 200), ("postal_code", 20), ("city", 120),
                          ("country", 2)):  # fmt: skip
            if shipping.get(key):
                setattr(order, f"shipping_{key}", str(shipping[key])[:size])
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


def cancel_order(
    order: Order,
    actor: str,
    reason: str,
    status: OrderStatus = OrderStatus.CANCELED,
    provider_confirmed: bool = False,
) -> bool:
    """Cancel or expire an unpaid order; a paid order is left alone (events may arrive late or out of order)."""
    lock(order)
    if order.status != OrderStatus.PENDING:
        event(order, "cancel_ignored", actor, reason=reason, status=order.status.value)
        return False
    release_stock(order, actor)
    if status == OrderStatus.CANCELED and reason == "payment_failed":
        order.payment_status = PaymentStatus.FAILED
    order.closed_at = utcnow()
    # provider_confirmed: the payment provider itself said nothing was paid (only then may the buyer read so).
    extra = {"provider_confirmed": True} if provider_confirmed else {}
    transition(order, status, actor, reason=reason, **extra)
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
    if order.attention == ATTENTION_PAID_OUT_OF_STOCK:
        from shop.orders import attention

        # The copies it waited for are shipped: take them from stock now if they were restocked meanwhile.
        try:
            left = ((line, line.quantity - line.refunded_quantity) for line in order.lines)
            stock_ops.take(stock_ops.copies_needed(left))
        except stock_ops.OutOfStock:
            event(order, "shipped_from_elsewhere", actor)
        attention.resolve(order, actor)
    transition(order, OrderStatus.FULFILLED, actor, carrier=carrier, tracking_number=tracking_number)
    db.session.flush()
    signals.order_shipped.send(order, actor=actor)
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
