"""Figures for the Audience page and the press desk: aggregates for rolled-up days, raw hits for the others.

Unique visitors are unique per day (as in Plausible): a period's visitors are the sum of its days' visitors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from shop.audience.models import DailyStat, DailyTotal, OrderSource, RawHit
from shop.audience.rollup import DIMENSIONS, last_rolled_day
from shop.extensions import db
from shop.orders.models import Order

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def last(cls, days: int, today: dt.date) -> Period:
        return cls(today - dt.timedelta(days=days - 1), today)

    @property
    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=dt.UTC)
        return start, start + dt.timedelta(days=len(self.days))


def parse_period(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) in PERIODS else DEFAULT_PERIOD


def stats(period: Period) -> sa.Subquery:
    """Rows (day, dimensions..., hits, visitors) over the period, from both the aggregates and the raw hits."""
    last = last_rolled_day() or dt.date.min
    rolled = sa.select(DailyStat.day, *[getattr(DailyStat, d) for d in DIMENSIONS], DailyStat.hits,
                       DailyStat.visitors).where(DailyStat.day.between(period.start, min(last, period.end)))  # fmt: skip
    dims = [getattr(RawHit, d) for d in DIMENSIONS]
    live = (
        sa.select(RawHit.day, *dims, sa.func.sum(RawHit.hits).label("hits"),
                  sa.func.count(sa.distinct(RawHit.visitor)).label("visitors"))
        .where(RawHit.day > last, RawHit.day.between(period.start, period.end))
        .group_by(RawHit.day, *dims)
    )  # fmt: skip
    return sa.union_all(rolled, live).subquery()


def totals(period: Period) -> sa.Subquery:
    """Rows (day, kind, hits, visitors): unique visitors of each whole day."""
    last = last_rolled_day() or dt.date.min
    rolled = sa.select(DailyTotal.day, DailyTotal.kind, DailyTotal.hits, DailyTotal.visitors).where(
        DailyTotal.day.between(period.start, min(last, period.end))
    )
    live = (
        sa.select(RawHit.day, RawHit.kind, sa.func.sum(RawHit.hits).label("hits"),
                  sa.func.count(sa.distinct(RawHit.visitor)).label("visitors"))
        .where(RawHit.day > last, RawHit.day.between(period.start, period.end))
        .group_by(RawHit.day, RawHit.kind)
    )  # fmt: skip
    return sa.union_all(rolled, live).subquery()


def daily_series(period: Period) -> list[tuple[dt.date, int, int]]:
    """(day, views, visitors) for every day of the period, zeros included."""
    t = totals(period)
    found = {
        day: (int(hits), int(visitors))
        for day, hits, visitors in db.session.execute(
            sa.select(t.c.day, t.c.hits, t.c.visitors).where(t.c.kind == "view")
        )
    }
    return [(day, *found.get(day, (0, 0))) for day in period.days]


def top(period: Period, dimension: str, kind: str = "view", limit: int = 20) -> list[tuple[str, int, int]]:
    """(value, hits, visitors) of one dimension, most hits first; '' is a value too (direct, untagged)."""
    s = stats(period)
    column = s.c[dimension]
    query = (
        sa.select(column, sa.func.sum(s.c.hits), sa.func.sum(s.c.visitors))
        .where(s.c.kind == kind)
        .group_by(column)
        .order_by(sa.func.sum(s.c.hits).desc(), column)
        .limit(limit)
    )
    return [(value, int(hits), int(visitors)) for value, hits, visitors in db.session.execute(query)]


def top_campaigns(period: Period, limit: int = 20) -> list[tuple[str, str, str, int, int]]:
    s = stats(period)
    keys = (s.c.utm_source, s.c.utm_medium, s.c.utm_campaign)
    query = (
        sa.select(*keys, sa.func.sum(s.c.hits), sa.func.sum(s.c.visitors))
        .where(s.c.kind == "view", sa.or_(*(k != "" for k in keys)))
        .group_by(*keys)
        .order_by(sa.func.sum(s.c.hits).desc(), *keys)
        .limit(limit)
    )
    return [(a, b, c, int(h), int(v)) for a, b, c, h, v in db.session.execute(query)]


@dataclass(frozen=True)
class Funnel:
    views: int
    visitors: int
    cart: int
    checkouts: int
    paid: int

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def steps(self) -> list[tuple[str, int, float | None]]:
        """(step, count, conversion from the step before)."""
        return [
            ("visitors", self.visitors, None),
            ("cart", self.cart, self.rate(self.cart, self.visitors)),
            ("checkouts", self.checkouts, self.rate(self.checkouts, self.cart)),
            ("paid", self.paid, self.rate(self.paid, self.checkouts)),
        ]

    @property
    def overall(self) -> float | None:
        return self.rate(self.paid, self.visitors)


def funnel(period: Period) -> Funnel:
    t = totals(period)
    by_kind: dict[str, tuple[int, int]] = {
        kind: (int(hits or 0), int(visitors or 0))
        for kind, hits, visitors in db.session.execute(
            sa.select(t.c.kind, sa.func.sum(t.c.hits), sa.func.sum(t.c.visitors)).group_by(t.c.kind)
        )
    }
    start, end = period.bounds
    in_period = (Order.created_at >= start, Order.created_at < end)
    checkouts = db.session.scalar(sa.select(sa.func.count(Order.id)).where(*in_period)) or 0
    paid = (
        db.session.scalar(sa.select(sa.func.count(Order.id)).where(*in_period, Order.paid_at.is_not(None)))
        or 0
    )
    views, visitors = by_kind.get("view", (0, 0))
    return Funnel(views, visitors, by_kind.get("cart", (0, 0))[1], int(checkouts), int(paid))


SOURCE_KEYS = ("landing", "referrer", "utm_source", "utm_medium", "utm_campaign")


def revenue_by_source(period: Period, key: str) -> list[tuple[Any, ...]]:
    """(value(s), paid orders, revenue in cents net of refunds) of orders paid in the period, best first.

    `key` is "landing", "referrer" or "campaign" (source, medium and campaign together); orders without a source
    are grouped under ''.
    """
    columns = (
        [OrderSource.utm_source, OrderSource.utm_medium, OrderSource.utm_campaign]
        if key == "campaign"
        else [getattr(OrderSource, key)]
    )
    keyed = [sa.func.coalesce(c, "").label(c.key) for c in columns]
    revenue = sa.func.sum(Order.total_cents - Order.refunded_cents)
    start, end = period.bounds
    query = (
        sa.select(*keyed, sa.func.count(Order.id), revenue)
        .select_from(Order)
        .outerjoin(OrderSource, OrderSource.order_id == Order.id)
        .where(Order.paid_at >= start, Order.paid_at < end)
        .group_by(*keyed)
        .order_by(revenue.desc(), *keyed)
    )
    return [(*row[:-2], int(row[-2]), int(row[-1] or 0)) for row in db.session.execute(query)]


@dataclass(frozen=True)
class PageFigures:
    views: int = 0
    visitors: int = 0
    orders: int = 0
    revenue_cents: int = 0


def page_figures(paths: list[str], period: Period) -> dict[str, PageFigures]:
    """Views, visitors, and paid orders that landed there, for pages given without their language prefix."""
    if not paths:
        return {}
    s = stats(period)
    seen = {
        path: (int(h), int(v))
        for path, h, v in db.session.execute(
            sa.select(s.c.path, sa.func.sum(s.c.hits), sa.func.sum(s.c.visitors))
            .where(s.c.kind == "view", s.c.path.in_(paths))
            .group_by(s.c.path)
        )
    }
    start, end = period.bounds
    sold = {
        path: (int(n), int(cents or 0))
        for path, n, cents in db.session.execute(
            sa.select(OrderSource.landing, sa.func.count(Order.id), sa.func.sum(Order.total_cents - Order.refunded_cents))
            .join(Order, Order.id == OrderSource.order_id)
            .where(OrderSource.landing.in_(paths), Order.paid_at >= start, Order.paid_at < end)
            .group_by(OrderSource.landing)
        )
    }  # fmt: skip
    return {p: PageFigures(*seen.get(p, (0, 0)), *sold.get(p, (0, 0))) for p in paths}
