"""Every Stripe event we processed, by id: a retried or duplicated delivery finds its id and changes nothing."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, utcnow


class StripeEvent(Base):
    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)  # evt_..., unique by construction
    type: Mapped[str] = mapped_column(sa.String(80))
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="SET NULL"), index=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
