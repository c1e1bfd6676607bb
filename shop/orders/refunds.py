"""Refund use cases: request (before the provider is called), record (once per provider refund id), fail.

Whoever sees a provider refund first records it: the dashboard after its Stripe call returns, or the
`charge.refunded` webhook, which may overtake it. Both run under the order's row lock and look the refund up by its
provider id and by our request key, so the money is counted once. The cumulative amount Stripe reports is only a
cross-check (shop.orders.attention flags a mismatch).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.extensions import db
from shop.orders import attention, signals
from shop.orders.actions import event, lock, mark_paid
from shop.orders.models import Order, OrderLine
from shop.orders.refund_model import Refund, RefundStatus
from shop.orders.states import OrderStatus, PaymentStatus, transition
from shop.orders.stock_ops import restock_refunded


class NothingToRefund(ValueError):
    pass


def _pending(order: Order) -> list[Refund]:
    return list(
        db.session.scalars(
            sa.select(Refund).filter_by(order_id=order.id, status=RefundStatus.REQUESTED)
        ).all()
    )


def _shipping_refunded(order: Order) -> int:
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Refund.shipping_cents), 0)).where(
            Refund.order_id == order.id, Refund.status != RefundStatus.FAILED
        )
    )
    return int(total or 0)


def plan(order: Order, line_quantities: Mapping[int, int] | None) -> tuple[int, int, dict[str, int]]:
    """(amount, delivery part, {line id: quantity}) for refunding these lines, or everything left when None.

    Requests still waiting for the provider count as refunded, so two clicks cannot refund a copy twice.
    """
    pending = _pending(order)
    waiting: dict[int, int] = {}
    for refund in pending:
        for line_id, quantity in refund.quantities().items():
            waiting[line_id] = waiting.get(line_id, 0) + quantity
    left = {line.id: line.quantity - line.refunded_quantity - waiting.get(line.id, 0) for line in order.lines}
    remaining = order.total_cents - order.refunded_cents - sum(r.amount_cents for r in pending)
    if line_quantities:
        chosen = {lid: min(q, left.get(lid, 0)) for lid, q in line_quantities.items() if q > 0}
        chosen = {lid: q for lid, q in chosen.items() if q > 0}
        amount = sum(line.unit_price_cents * chosen.get(line.id, 0) for line in order.lines)
        shipping = 0
    else:
        chosen = {lid: q for lid, q in left.items() if q > 0}
        amount = remaining
        shipping = max(order.shipping_cents - _shipping_refunded(order), 0)
    amount = min(amount, remaining)
    if amount <= 0:
        raise NothingToRefund(order.id)
    return amount, min(shipping, amount), {str(lid): q for lid, q in chosen.items()}


def request(order: Order, actor: str, line_quantities: Mapping[int, int] | None) -> Refund:
    """Write the refund as requested; the caller commits *before* calling the provider."""
    lock(order)
    amount, shipping, lines = plan(order, line_quantities)
    refund = Refund(
        order_id=order.id, request_key=uuid.uuid4().hex, amount_cents=amount, shipping_cents=shipping,
        lines=lines, actor=actor[:120],
    )  # fmt: skip
    db.session.add(refund)
    event(order, "refund_requested", actor, amount_cents=amount)
    db.session.flush()
    return refund


def fail(refund: Refund, actor: str, reason: str) -> None:
    lock(refund.order)
    db.session.refresh(refund)
    if refund.status == RefundStatus.REQUESTED:
        refund.status = RefundStatus.FAILED
        event(refund.order, "refund_failed", actor, amount_cents=refund.amount_cents, reason=reason[:200])
        db.session.flush()


def find(order: Order, provider_refund_id: str | None, request_key: str | None) -> Refund | None:
    if provider_refund_id:
        found = db.session.scalars(sa.select(Refund).filter_by(provider_refund_id=provider_refund_id)).first()
        if found is not None:
            return found
    if request_key:
        return db.session.scalars(
            sa.select(Refund).filter_by(request_key=request_key, order_id=order.id)
        ).first()
    return None


def record(refund: Refund, provider_refund_id: str, actor: str, amount_cents: int | None = None) -> bool:
    """Apply a refund the provider made, exactly once; True only for the call that recorded it."""
    order = lock(refund.order)
    db.session.refresh(refund)
    if refund.status == RefundStatus.SUCCEEDED:
        event(order, "refund_seen_again", actor, refund_id=provider_refund_id)
        return False
    twin = find(order, provider_refund_id, None)
    if twin is not None and twin.id != refund.id:
        # The webhook could not tie Stripe's refund to this request and recorded it on a row of its own.
        refund.status = RefundStatus.DUPLICATE
        event(order, "refund_seen_again", actor, refund_id=provider_refund_id)
        return False
    if order.status == OrderStatus.PENDING:
        mark_paid(order, actor)  # a refund can only follow a payment: the paid event is late
    if amount_cents is not None and amount_cents != refund.amount_cents:
        # The provider's figure is the truth; our line split no longer describes it.
        refund.amount_cents, refund.lines, refund.shipping_cents = amount_cents, {}, 0
    refund.status = RefundStatus.SUCCEEDED
    refund.provider_refund_id = provider_refund_id
    refund.recorded_at = utcnow()
    _apply(order, refund, actor)
    return True


def _apply(order: Order, refund: Refund, actor: str) -> None:
    amount = min(refund.amount_cents, order.total_cents - order.refunded_cents)
    by_id = {line.id: line for line in order.lines}
    refunded_lines: list[tuple[OrderLine, int]] = []
    for line_id, quantity in refund.quantities().items():
        line = by_id.get(line_id)
        quantity = min(quantity, line.quantity - line.refunded_quantity) if line else 0
        if line is not None and quantity > 0:
            line.refunded_quantity += quantity
            line.refunded_cents += line.unit_price_cents * quantity
            refunded_lines.append((line, quantity))
    order.refunded_cents += amount
    full = order.refunded_cents >= order.total_cents
    if full:  # whatever was not itemised is refunded too
        for line in order.lines:
            rest = line.quantity - line.refunded_quantity
            if rest > 0:
                line.refunded_quantity += rest
                line.refunded_cents += line.unit_price_cents * rest
                refunded_lines.append((line, rest))
    order.payment_status = PaymentStatus.REFUNDED if full else PaymentStatus.PARTIALLY_REFUNDED
    restocked = restock_refunded(order, refunded_lines, actor)
    if order.attention == attention.PAID_OUT_OF_STOCK and not order.copies_to_ship:
        attention.resolve(order, actor)  # the copies it waited for were refunded: nothing left to decide
    event(order, "refunded", actor, amount_cents=amount, refund_id=refund.provider_refund_id, full=full,
          restocked=restocked)  # fmt: skip
    transition(
        order, OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED, actor, amount_cents=amount
    )
    db.session.flush()
    signals.order_refunded.send(
        order, actor=actor, amount_cents=amount, lines=refunded_lines, full=full, refund=refund
    )


def record_provider_refund(
    order: Order, provider_refund_id: str, amount_cents: int, actor: str, request_key: str | None = None
) -> bool:
    """A refund the provider reports (webhook): complete our request if it is ours, else record it as new."""
    lock(order)
    refund = find(order, provider_refund_id, request_key)
    if refund is not None:
        return record(refund, provider_refund_id, actor, amount_cents)
    else:
        left = order.total_cents - order.refunded_cents
        if left <= 0:
            event(order, "refund_ignored", actor, refund_id=provider_refund_id)
            return False
        refund = Refund(
            order_id=order.id, request_key=uuid.uuid4().hex, amount_cents=min(amount_cents, left), actor=actor[:120]
        )  # fmt: skip
        db.session.add(refund)
        db.session.flush()
    return record(refund, provider_refund_id, actor)


def record_refund(
    order: Order,
    actor: str,
    amount_cents: int,
    line_quantities: Mapping[int, int] | None = None,
    provider_refund_id: str | None = None,
) -> bool:
    """Request and record in one step, for a refund the provider has already made (the tests' shortcut; the
    dashboard goes through request -> provider -> record so that no lock is held during the call)."""
    provider_refund_id = provider_refund_id or f"local_{uuid.uuid4().hex[:16]}"
    if find(order, provider_refund_id, None) is not None:
        return False
    try:
        refund = request(order, actor, line_quantities)
    except NothingToRefund:
        event(order, "refund_ignored", actor, refund_id=provider_refund_id)
        return False
    if not line_quantities and amount_cents < refund.amount_cents:
        refund.amount_cents, refund.lines, refund.shipping_cents = amount_cents, {}, 0
    return record(refund, provider_refund_id, actor)
