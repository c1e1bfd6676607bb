"""Raw hits become daily aggregates, and are then deleted past AUDIENCE_RAW_RETENTION_DAYS.

`flask shop audience rollup` runs this once a day (README: the systemd timer or cron line). It is idempotent: each
complete day that still has raw hits is recomputed from them (delete its aggregates, insert them again), so a run
repeated, or a late batch flushed just after midnight, changes nothing but what it should. Today is never rolled
up: the dashboard reads today's raw hits directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from shop.audience.models import DailySalt, DailyStat, DailyTotal, RawHit
from shop.extensions import db

DIMENSIONS = (
    "kind",
    "path",
    "lang",
    "referrer",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "device",
    "country",
)


@dataclass(frozen=True)
class RollupReport:
    days: list[dt.date]
    raw_deleted: int
    salts_deleted: int


def last_rolled_day() -> dt.date | None:
    """The latest day the aggregates hold; later days are read from the raw hits."""
    return db.session.scalar(sa.select(sa.func.max(DailyTotal.day)))


def roll_up_day(day: dt.date) -> None:
    db.session.execute(sa.delete(DailyStat).where(DailyStat.day == day))
    db.session.execute(sa.delete(DailyTotal).where(DailyTotal.day == day))
    dims = [getattr(RawHit, name) for name in DIMENSIONS]
    per_dimensions = (
        sa.select(RawHit.day, *dims, sa.func.sum(RawHit.hits), sa.func.count(sa.distinct(RawHit.visitor)))
        .where(RawHit.day == day)
        .group_by(RawHit.day, *dims)
    )
    db.session.execute(
        sa.insert(DailyStat).from_select(["day", *DIMENSIONS, "hits", "visitors"], per_dimensions)
    )
    per_kind = (
        sa.select(
            RawHit.day, RawHit.kind, sa.func.sum(RawHit.hits), sa.func.count(sa.distinct(RawHit.visitor))
        )
        .where(RawHit.day == day)
        .group_by(RawHit.day, RawHit.kind)
    )
    db.session.execute(sa.insert(DailyTotal).from_select(["day", "kind", "hits", "visitors"], per_kind))


def roll_up(today: dt.date, retention_days: int) -> RollupReport:
    """Aggregate every complete day with raw hits from the last rolled-up day on, then apply the retention.

    Flushes; the caller commits.
    """
    last = last_rolled_day()
    query = sa.select(RawHit.day).distinct().where(RawHit.day < today).order_by(RawHit.day)
    if last is not None:
        query = query.where(
            RawHit.day >= last
        )  # the last day again: a batch may have arrived after its roll-up
    days = list(db.session.scalars(query))
    for day in days:
        roll_up_day(day)
    cutoff = today - dt.timedelta(days=retention_days)
    raw = db.session.execute(sa.delete(RawHit).where(RawHit.day < cutoff))
    salts = db.session.execute(sa.delete(DailySalt).where(DailySalt.day < today))
    db.session.flush()
    return RollupReport(sorted(days), raw.rowcount or 0, salts.rowcount or 0)  # type: ignore[attr-defined]
