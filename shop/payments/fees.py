"""Stripe's fee on each payment, fetched once from the charge's balance transaction and stored on the order.

Never in the webhook's own work: payment marks the order due (`fee_due_at`), and the fetch runs after the response
is sent, or in the worker's next pass (`flask shop outbox send --loop`). A claim (a short lease on `fee_due_at`,
committed before the call) lets one process only ask Stripe; once `balance_transaction_id` is stored nothing asks
again, whatever the number of webhooks or retries. If Stripe is unreachable the order waits with a growing delay and
the dashboard says the fee is not known yet.

Refunds: Stripe does not give its fee back on a refund for accounts in France, and a refund's balance transaction
carries no fee, so refunds stay as the refunds table records them and the payment's fee is final.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_request_context

from shop.core.db import utcnow
from shop.extensions import db
from shop.orders import signals
from shop.orders.models import Order, PaymentProvider
from shop.payments.gateway import PaymentProviderError, StripeGateway, get_gateway

LEASE = dt.timedelta(minutes=2)  # longer than one Stripe call can take (10 s timeout, one retry)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 ... minutes after each failure, then every 6 hours: a fee is never given up on."""
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def on_paid(order: Order, **_: Any) -> None:
    """Runs in the payment's transaction: the order becomes due, and this request fetches it once it has answered."""
    if order.payment_provider != PaymentProvider.STRIPE or not order.payment_intent_id:
        return
    if order.balance_transaction_id is None:
        order.fee_due_at = utcnow()
        if has_request_context():
            g.setdefault("fee_order_ids", []).append(order.id)


def _claim(order_id: int) -> bool:
    """Take the order for one fetch; False if it is stored, not due, or another process holds it."""
    now = utcnow()
    claimed = db.session.execute(
        sa.update(Order)
        .where(Order.id == order_id, Order.fee_due_at <= now, Order.balance_transaction_id.is_(None))
        .values(fee_due_at=now + LEASE, fee_attempts=Order.fee_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(getattr(claimed, "rowcount", 0))


def fetch_fee(order_id: int) -> bool:
    """Ask Stripe once for the order's balance transaction and store it; True when stored. Commits."""
    if not _claim(order_id):
        return False
    order = db.session.get(Order, order_id)
    if order is None or not order.payment_intent_id:
        return False
    db.session.refresh(order)
    try:
        gateway = get_gateway(PaymentProvider.STRIPE)
        if not isinstance(gateway, StripeGateway):
            raise PaymentProviderError("Stripe is not configured")
        info = gateway.fee_of(order.payment_intent_id)
        if info is None:
            raise PaymentProviderError("the charge has no balance transaction yet")
    except PaymentProviderError as exc:
        order.fee_due_at = utcnow() + backoff(order.fee_attempts)
        db.session.commit()
        current_app.logger.warning(
            "Stripe fee of order %s not fetched (try %s): %s", order.id, order.fee_attempts, exc
        )
        return False
    order.stripe_fee_cents, order.stripe_net_cents = info.fee, info.net
    order.stripe_fee_currency, order.balance_transaction_id = info.currency, info.balance_transaction_id
    order.fee_due_at = None
    db.session.commit()
    return True


def fetch_due(limit: int = 20, only: Sequence[int] | None = None) -> int:
    """The worker's pass: orders whose fee is due, oldest first; returns how many were stored."""
    query = sa.select(Order.id).where(Order.fee_due_at <= utcnow()).order_by(Order.fee_due_at).limit(limit)
    if only is not None:
        query = query.where(Order.id.in_(list(only)))
    ids = list(db.session.scalars(query))
    db.session.commit()  # end the read before the calls: no snapshot held while Stripe answers
    return sum(fetch_fee(order_id) for order_id in ids)


def register(app: Flask) -> None:
    signals.order_paid.connect(on_paid)

    @app.after_request
    def fetch_after_response(response: Response) -> Response:
        """Best effort once the webhook (or success page) has answered; the worker catches whatever this misses."""
        order_ids = list(g.pop("fee_order_ids", None) or [])
        if order_ids:
            real_app = current_app._get_current_object()  # type: ignore[attr-defined]

            def run() -> None:
                with real_app.app_context():
                    try:
                        fetch_due(limit=len(order_ids), only=order_ids)
                    except Exception:  # never let this break a response already sent
                        real_app.logger.exception("fetching Stripe fees after the response failed")

            response.call_on_close(run)
        return response
