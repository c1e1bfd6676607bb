"""Which events to show: upcoming (not yet over) first by date, past ones most recent first."""

from __future__ import annotations

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.events.models import Event
from shop.extensions import db

PAST_LIMIT = 50


def _not_over() -> sa.ColumnElement[bool]:
    now = utcnow()
    return sa.or_(Event.ends_at >= now, sa.and_(Event.ends_at.is_(None), Event.starts_at >= now))


def _over() -> sa.ColumnElement[bool]:
    # Spelled out rather than ~_not_over(): NOT over a NULL end would be NULL, and the event would vanish.
    now = utcnow()
    return sa.or_(Event.ends_at < now, sa.and_(Event.ends_at.is_(None), Event.starts_at < now))


def upcoming(limit: int | None = None) -> list[Event]:
    statement = sa.select(Event).where(_not_over()).order_by(Event.starts_at, Event.id)
    if limit:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement))


def past(limit: int = PAST_LIMIT) -> list[Event]:
    statement = sa.select(Event).where(_over()).order_by(Event.starts_at.desc()).limit(limit)
    return list(db.session.scalars(statement))


def all_for_feed() -> list[Event]:
    return [*upcoming(), *past()]
