"""The one way to read (and change) the publisher's settings: typed getters with the defaults a new shop starts with.

The settings live in one database row (shop_settings); while it does not exist every getter answers its default.
Environment variables keep secrets and infrastructure only (ARCHITECTURE.md section 3).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from shop.core.db import utcnow
from shop.extensions import db
from shop.settings.models import ShopSettings


@dataclass(frozen=True)
class Settings:
    reviews_need_approval: bool = False  # authors' press reviews and interviews wait for the publisher
    download_days: int = 30  # e-book link validity (DOMAIN.md section 6)
    download_limit: int = 5  # downloads per format and link
    low_stock_threshold: int = 10  # the overview warns below this many print copies
    notify_paid_orders: bool = True  # an e-mail to the publisher for each new paid order


DEFAULTS = Settings()
FIELDS = tuple(f.name for f in fields(Settings))


def current() -> Settings:
    """The settings in force. No cache of our own: session.get answers from the session's identity map after the
    first read, and a long-running worker must see a change made from the dashboard."""
    row = db.session.get(ShopSettings, 1)
    return Settings(**{name: getattr(row, name) for name in FIELDS}) if row is not None else DEFAULTS


def reviews_need_approval() -> bool:
    return current().reviews_need_approval


def download_days() -> int:
    return current().download_days


def download_limit() -> int:
    return current().download_limit


def low_stock_threshold() -> int:
    return current().low_stock_threshold


def notify_paid_orders() -> bool:
    return current().notify_paid_orders


def save(value: Settings, user_id: int | None) -> None:
    """Write every setting at once; flushes (the caller commits)."""
    row = db.session.get(ShopSettings, 1)
    if row is None:
        row = ShopSettings(id=1)
        db.session.add(row)
    for name in FIELDS:
        setattr(row, name, getattr(value, name))
    row.updated_at, row.updated_by_id = utcnow(), user_id
    db.session.flush()
