"""ReviewCopyRequest: a journalist asks for a copy of the book; the publisher decides."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, enum_column, utcnow


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class ReviewCopyRequest(Base):
    __tablename__ = "review_copy_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    outlet: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    reason: Mapped[str] = mapped_column(sa.Text)
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.PENDING, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[dt.datetime | None]
    # The free order an approval creates (its e-book links).
    order_id: Mapped[int | None] = mapped_column(sa.ForeignKey("orders.id", ondelete="SET NULL"))
    # When the one reminder went out to a journalist who had not downloaded the copy.
    reminded_at: Mapped[dt.datetime | None]
    # The press review that came of it, once published: who received, downloaded and reviewed.
    review_id: Mapped[int | None] = mapped_column(sa.ForeignKey("press_reviews.id", ondelete="SET NULL"))
