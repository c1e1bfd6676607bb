"""Refund: one row per refund, unique by the payment provider's refund id, whoever sees it first.

The dashboard writes the row as `requested` (with the lines it refunds) and commits before calling Stripe, so a
`charge.refunded` webhook that overtakes the dashboard finds the request by its key and completes it instead of
recording the money a second time. Refunds made in Stripe's own dashboard arrive only by webhook and get a row then.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.db import Base, enum_column, utcnow
from shop.orders.models import Order


class RefundStatus(enum.StrEnum):
    REQUESTED = "requested"  # written before the provider is called
    SUCCEEDED = "succeeded"  # the provider refunded; recorded on the order exactly once
    FAILED = "failed"  # the provider refused or was unreachable: nothing was refunded
    DUPLICATE = "duplicate"  # the provider's refund was already recorded under another row


class Refund(Base):
    __tablename__ = "refunds"
    __table_args__ = (sa.CheckConstraint("amount_cents > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    # Our key, sent to Stripe as idempotency key and metadata: it ties the provider's refund to this request.
    request_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    provider_refund_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    status: Mapped[RefundStatus] = mapped_column(enum_column(RefundStatus), default=RefundStatus.REQUESTED)
    amount_cents: Mapped[int]
    shipping_cents: Mapped[int] = mapped_column(default=0)  # the delivery part of amount_cents
    # {"<order line id>": quantity}; empty for an amount-only refund made in Stripe's dashboard.
    lines: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    actor: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    recorded_at: Mapped[dt.datetime | None]

    order: Mapped[Order] = relationship()

    def quantities(self) -> dict[int, int]:
        return {int(k): int(v) for k, v in (self.lines or {}).items()}
