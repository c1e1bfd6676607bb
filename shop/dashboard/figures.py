"""The overview's figures for a chosen period: a series that sums to the period's revenue, by format and country.

Revenue is what was paid net of refunds, counted on the day of payment, as in shop.dashboard.stats; the chart,
its text table and the period's totals come from the same rows, so they reconcile to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.dashboard.stats import SOLD, Money, fee_unknown, revenue_by_format
from shop.extensions import db
from shop.orders.models import Order

PERIODS = {"30d": 30, "90d": 90, "12m": 12}  # days, days, months


@dataclass(frozen=True)
class Figures:
    key: str
    start: dt.date
    series: list[tuple[dt.date, int]]  # one point per day, or per month for "12m"
    monthly: bool
    orders: int
    revenue_cents: int
    by_format: dict[str, int]
    by_country: list[tuple[str, int]]
    money: Money  # gross, refunds, Stripe fees and net of the same orders

    @property
    def delivery_cents(self) -> int:
        """Delivery net of its refunds: what the formats' columns leave of the revenue."""
        return self.revenue_cents - sum(self.by_format.values())


def _start(key: str, today: dt.date) -> dt.date:
    if key == "12m":
        month = today.month - 11
        year = today.year + (month - 1) // 12
        return dt.date(year, (month - 1) % 12 + 1, 1)
    return today - dt.timedelta(days=PERIODS[key] - 1)


def _buckets(key: str, start: dt.date, today: dt.date) -> list[dt.date]:
    if key != "12m":
        return [start + dt.timedelta(days=i) for i in range((today - start).days + 1)]
    months, day = [], start
    while day <= today:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def _day(column: Any) -> sa.ColumnElement[Any]:
    """The UTC day of a timestamp, in SQL: PostgreSQL stores an instant, SQLite the UTC time as text."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.cast(sa.func.timezone("UTC", column), sa.Date)
    return sa.func.date(column)


def figures(key: str) -> Figures:
    key = key if key in PERIODS else "30d"
    today = utcnow().date()
    start = _start(key, today)
    since = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    where = (Order.status.in_(SOLD), Order.paid_at >= since)
    # Summed by the database per day and country: a few hundred rows back, however many orders (bench/dashboard.py).
    day = _day(Order.paid_at).label("day")
    rows = db.session.execute(
        sa.select(day, Order.shipping_country, sa.func.count(Order.id), sa.func.sum(Order.total_cents),
                  sa.func.sum(Order.refunded_cents), sa.func.sum(sa.func.coalesce(Order.stripe_fee_cents, 0)),
                  sa.func.sum(fee_unknown()))
        .where(*where).group_by(day, Order.shipping_country)
    ).all()  # fmt: skip
    totals = dict.fromkeys(_buckets(key, start, today), 0)
    countries: Counter[str] = Counter()
    orders = gross = refunds = fees = unknown = 0
    for paid_on, country, count, total, refunded, fee, missing in rows:
        amount = int(total) - int(refunded)
        paid_day = paid_on if isinstance(paid_on, dt.date) else dt.date.fromisoformat(str(paid_on))
        bucket = paid_day.replace(day=1) if key == "12m" else paid_day
        if bucket in totals:
            totals[bucket] += amount
        countries[country or "—"] += amount
        orders, gross, refunds = orders + int(count), gross + int(total), refunds + int(refunded)
        fees, unknown = fees + int(fee), unknown + int(missing)
    return Figures(
        key=key, start=start, series=sorted(totals.items()), monthly=key == "12m", orders=orders,
        revenue_cents=sum(totals.values()), by_format=revenue_by_format(where),
        by_country=countries.most_common(), money=Money(gross, refunds, fees, unknown),
    )  # fmt: skip
