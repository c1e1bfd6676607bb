"""Orders that need the publisher's decision: flagged on the order, listed on the overview, e-mailed once.

PAID_OUT_OF_STOCK: Stripe confirmed a payment for an order we had already expired, and its print copies are gone.
REFUND_MISMATCH: Stripe's cumulative refunded amount differs from the refunds we recorded.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from shop.accounts.models import Role, User
from shop.catalog.models import Publisher
from shop.extensions import db
from shop.orders.actions import event
from shop.orders.models import ATTENTION_PAID_OUT_OF_STOCK, ATTENTION_REFUND_MISMATCH, Order
from shop.outbox.enqueue import enqueue

PAID_OUT_OF_STOCK = ATTENTION_PAID_OUT_OF_STOCK
REFUND_MISMATCH = ATTENTION_REFUND_MISMATCH

LABELS = {
    PAID_OUT_OF_STOCK: _l(
        "Paid after its checkout had expired, and the print copies are gone: ship later or refund."
    ),
    REFUND_MISMATCH: _l("Stripe's refunded amount differs from the refunds recorded here: check in Stripe."),
}


def label(reason: str | None) -> str:
    return str(LABELS.get(reason or "", reason or ""))


def recipients() -> list[str]:
    """The publisher accounts, or the publisher's own address when none exists yet."""
    emails = list(
        db.session.scalars(
            sa.select(User.email).where(User.role == Role.PUBLISHER, User.active.is_(True)).order_by(User.id)
        )
    )
    if not emails:
        publisher = db.session.scalars(sa.select(Publisher).order_by(Publisher.id)).first()
        emails = [publisher.email] if publisher and publisher.email else []
    return emails


def flag(order: Order, reason: str, actor: str, **params: object) -> None:
    """Ask the publisher to decide; one e-mail per order and reason, however often the cause repeats."""
    order.attention = reason
    event(order, "attention_needed", actor, reason=reason, **params)
    for recipient in recipients():
        enqueue("publisher_attention", recipient, "fr", f"attention:{order.id}:{reason}:{recipient}",
                {"reason": reason}, order_id=order.id)  # fmt: skip


def resolve(order: Order, actor: str) -> None:
    if order.attention is not None:
        event(order, "attention_resolved", actor, reason=order.attention)
        order.attention = None
