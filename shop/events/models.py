"""Event: one meeting with the book's authors, in a place, online, or both."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, utcnow


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        sa.CheckConstraint("ends_at IS NULL OR ends_at >= starts_at", name="ends_after_start"),
        sa.CheckConstraint("place_name IS NOT NULL OR online_url IS NOT NULL", name="has_a_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    # Stored in UTC; `timezone` (IANA name) is where the event happens, for display and for iCalendar.
    starts_at: Mapped[dt.datetime] = mapped_column(index=True)
    ends_at: Mapped[dt.datetime | None]
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Paris")
    place_name: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    online_url: Mapped[str | None] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    booking_url: Mapped[str | None] = mapped_column(sa.String(500))
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime | None:
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def effective_end(self) -> dt.datetime:
        return self.ends_at or self.starts_at + dt.timedelta(hours=2)
