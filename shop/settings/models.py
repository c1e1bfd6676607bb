"""The publisher's settings (one row) and the versioned running text of the legal pages."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, enum_column, utcnow


class ShopSettings(Base):
    """One row (id 1). A missing row means every setting has its default (shop.settings.store.DEFAULTS)."""

    __tablename__ = "shop_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("download_days BETWEEN 1 AND 3650", name="download_days_range"),
        sa.CheckConstraint("download_limit BETWEEN 1 AND 1000", name="download_limit_range"),
        sa.CheckConstraint("low_stock_threshold BETWEEN 0 AND 100000", name="low_stock_threshold_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reviews_need_approval: Mapped[bool] = mapped_column(default=False)
    download_days: Mapped[int] = mapped_column(default=30)
    download_limit: Mapped[int] = mapped_column(default=5)
    low_stock_threshold: Mapped[int] = mapped_column(default=10)
    notify_paid_orders: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class LegalPage(enum.StrEnum):
    NOTICE = "notice"
    TERMS = "terms"
    PRIVACY = "privacy"


class LegalVersion(Base):
    """One saved version of a legal page's running text, in both languages; never changed once written.

    Orders keep the number of the terms' version their buyer accepted (Order.terms_version), so every version stays.
    """

    __tablename__ = "legal_versions"
    __table_args__ = (
        sa.UniqueConstraint("page", "number", name="uq_legal_versions_page_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    page: Mapped[LegalPage] = mapped_column(enum_column(LegalPage))
    number: Mapped[int]
    body_fr: Mapped[str] = mapped_column(sa.Text)
    body_en: Mapped[str] = mapped_column(sa.Text)
    # The author's e-mail is copied: the version must still say who wrote it once the account is gone.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    author_email: Mapped[str] = mapped_column(sa.String(254), default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    def body(self, lang: str) -> str:
        return self.body_en if lang == "en" else self.body_fr
