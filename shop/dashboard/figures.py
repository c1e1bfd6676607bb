"""The overview's figures for a chosen period: a series that sums to the period's revenue, by format and country.

Revenue is what was paid net of refunds, counted on the day of payment, as in shop.dashboard.stats; the chart,
its text table and the period's totals come from the same rows, so they reconcile to the cent.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa

from shop.catalog.models import EditionFormat
from shop.core.db import utcnow
from shop.dashboard.stats import SOLD, Money
from shop.extensions import db
from shop.orders.models import Order, OrderLine, PaymentProvider

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


def figures(key: str) -> Figures:
    key = key if key in PERIODS else "30d"
    today = utcnow().date()
    start = _start(key, today)
    since = dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC)
    where = (Order.status.in_(SOLD), Order.paid_at >= since)
    rows = db.session.execute(
        sa.select(Order.paid_at, Order.total_cents, Order.refunded_cents, Order.shipping_country,
                  Order.stripe_fee_cents, Order.payment_provider).where(*where)
    ).all()  # fmt: skip
    totals = dict.fromkeys(_buckets(key, start, today), 0)
    countries: Counter[str] = Counter()
    for paid_at, total, refunded, country, _fee, _provider in rows:
        amount = total - refunded
        day = paid_at.date() if paid_at else start
        bucket = day.replace(day=1) if key == "12m" else day
        if bucket in totals:
            totals[bucket] += int(amount)
        countries[country or "—"] += int(amount)
    # The money of the same rows, summed here rather than by a second pass over the table.
    money = Money(
        gross_cents=sum(r.total_cents for r in rows), refunds_cents=sum(r.refunded_cents for r in rows),
        fees_cents=sum(r.stripe_fee_cents or 0 for r in rows),
        fees_unknown=sum(r.stripe_fee_cents is None and r.payment_provider == PaymentProvider.STRIPE for r in rows),
    )  # fmt: skip
    formats = db.session.execute(
        sa.select(OrderLine.format, sa.func.sum(OrderLine.total_cents - OrderLine.refunded_cents))
        .join(Order, Order.id == OrderLine.order_id)
        .where(*where)
        .group_by(OrderLine.format)
    ).all()
    return Figures(
        key=key, start=start, series=sorted(totals.items()), monthly=key == "12m", orders=len(rows),
        revenue_cents=sum(totals.values()), by_format={EditionFormat(f).value: int(v or 0) for f, v in formats},
        by_country=countries.most_common(), money=money,
    )  # fmt: skip
