"""Audience tables. Every column is listed in tests/audience/test_privacy.py: none holds personal data.

Dimensions are stored as '' rather than NULL when unknown, so that they group and compare the same way on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.db import Base, utcnow
from shop.orders.models import Order

PATH_LENGTH = 300
DOMAIN_LENGTH = 120
CAMPAIGN_LENGTH = 100


class DailySalt(Base):
    """The day's random salt for visitor hashes; rows of past days are deleted, which unlinks their hashes."""

    __tablename__ = "audience_salts"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    salt: Mapped[str] = mapped_column(sa.String(64))


class _Dimensions:
    day: Mapped[dt.date]
    # "view" (a page seen) or "cart" (something added to the cart): the first two steps of the funnel.
    kind: Mapped[str] = mapped_column(sa.String(8), default="view")
    path: Mapped[str] = mapped_column(sa.String(PATH_LENGTH), default="")  # without the /fr or /en prefix
    lang: Mapped[str] = mapped_column(sa.String(8), default="")
    referrer: Mapped[str] = mapped_column(sa.String(DOMAIN_LENGTH), default="")  # a domain, never a full URL
    utm_source: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    utm_medium: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    utm_campaign: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    device: Mapped[str] = mapped_column(sa.String(8), default="")  # desktop | mobile | tablet
    country: Mapped[str] = mapped_column(sa.String(2), default="")  # ISO code, only with a GeoIP database


class RawHit(_Dimensions, Base):
    """Append-only: hits as the beacon buffers flush them, pre-counted per (dimensions, visitor) in each batch.

    Kept AUDIENCE_RAW_RETENTION_DAYS at most; `flask shop audience rollup` folds them into DailyStat first.
    """

    __tablename__ = "audience_raw_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(index=True)
    # 16 hex digits of sha256(daily salt, site, address, user agent): unique per day, meaningless the day after.
    visitor: Mapped[str] = mapped_column(sa.String(16))
    hits: Mapped[int] = mapped_column(default=1)


class DailyStat(_Dimensions, Base):
    """One row per day and combination of dimensions: what remains once raw hits are gone."""

    __tablename__ = "audience_daily"
    __table_args__ = (sa.Index("ix_audience_daily_day_kind", "day", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date]
    hits: Mapped[int] = mapped_column(default=0)
    visitors: Mapped[int] = mapped_column(default=0)


class DailyTotal(Base):
    """Unique visitors of a whole day per kind: not the sum of DailyStat rows, where a reader of two pages counts
    twice."""

    __tablename__ = "audience_daily_totals"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    visitors: Mapped[int] = mapped_column(default=0)


class OrderSource(Base):
    """Where the buyer of an order came from: the page they landed on, the referring domain, the campaign."""

    __tablename__ = "order_sources"

    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    landing: Mapped[str] = mapped_column(sa.String(PATH_LENGTH), default="")
    referrer: Mapped[str] = mapped_column(sa.String(DOMAIN_LENGTH), default="")
    utm_source: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    utm_medium: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    utm_campaign: Mapped[str] = mapped_column(sa.String(CAMPAIGN_LENGTH), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship()
