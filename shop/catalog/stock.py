"""Print stock changes made by the publisher, each with its reason: the stock's own timeline."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, mapped_column

from shop.catalog.models import CatalogError, Edition
from shop.core.db import Base, utcnow
from shop.extensions import db


class StockMovement(Base):
    __tablename__ = "stock_movements"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    delta: Mapped[int]
    stock_after: Mapped[int]
    reason: Mapped[str] = mapped_column(sa.String(300))
    actor: Mapped[str] = mapped_column(sa.String(120))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def adjust_stock(edition: Edition, delta: int, reason: str, actor: str) -> StockMovement:
    """Add or remove copies atomically; refused if it would leave negative stock or has no reason."""
    if not reason.strip():
        raise CatalogError(_("A stock change needs a reason."))
    changed = db.session.execute(
        sa.update(Edition).where(Edition.id == edition.id, Edition.stock + delta >= 0).values(stock=Edition.stock + delta)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise CatalogError(_("Stock cannot go below zero."))
    db.session.refresh(edition)
    movement = StockMovement(
        edition_id=edition.id,
        delta=delta,
        stock_after=edition.stock or 0,
        reason=reason.strip()[:300],
        actor=actor,
    )
    db.session.add(movement)
    db.session.flush()
    return movement
