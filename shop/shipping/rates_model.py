"""Delivery zones and their rates, edited by the publisher (the loi Darcos checks live in shop.checkout.pricing)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.db import Base, TimestampMixin, utcnow


class ShippingZone(TimestampMixin, Base):
    __tablename__ = "shipping_zones"
    __table_args__ = (
        sa.CheckConstraint("fee_cents > 0 AND fee_from_threshold_cents > 0", name="fees_positive"),
        sa.CheckConstraint("min_days >= 0 AND max_days >= min_days", name="delivery_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    label_fr: Mapped[str] = mapped_column(sa.String(120))
    label_en: Mapped[str] = mapped_column(sa.String(120))
    fee_cents: Mapped[int]  # per parcel, when the parcel's new books are worth less than the Darcos threshold
    fee_from_threshold_cents: Mapped[int]
    min_days: Mapped[int]  # estimated delivery time, in working days
    max_days: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    countries: Mapped[list[ZoneCountry]] = relationship(
        back_populates="zone", cascade="all, delete-orphan", order_by="ZoneCountry.position"
    )

    @property
    def country_codes(self) -> list[str]:
        return [c.country for c in self.countries]


class ZoneCountry(Base):
    """A country belongs to one zone at most: the primary key says so, whatever the editor lets through."""

    __tablename__ = "shipping_zone_countries"

    country: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    zone_id: Mapped[int] = mapped_column(sa.ForeignKey("shipping_zones.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    zone: Mapped[ShippingZone] = relationship(back_populates="countries")
