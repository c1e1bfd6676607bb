"""E-book masters, stamped copies per order line, download grants (hashed tokens) and their log."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.db import Base, enum_column, utcnow
from shop.orders.models import OrderLine


class EbookFormat(enum.StrEnum):
    EPUB = "epub"
    PDF = "pdf"


MIME_TYPES = {EbookFormat.EPUB: "application/epub+zip", EbookFormat.PDF: "application/pdf"}


class EbookMaster(Base):
    __tablename__ = "ebook_masters"
    __table_args__ = (sa.UniqueConstraint("edition_id", "format", name="uq_ebook_masters_edition_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"))
    format: Mapped[EbookFormat] = mapped_column(enum_column(EbookFormat))
    storage_key: Mapped[str] = mapped_column(sa.String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CopyStatus(enum.StrEnum):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"  # retried by the worker; shown to the publisher


class EbookCopy(Base):
    """The buyer's watermarked copy: made once per order line and format, then served as is."""

    __tablename__ = "ebook_copies"
    __table_args__ = (sa.UniqueConstraint("order_line_id", "format", name="uq_ebook_copies_line_format"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(sa.ForeignKey("order_lines.id", ondelete="CASCADE"))
    format: Mapped[EbookFormat] = mapped_column(enum_column(EbookFormat))
    status: Mapped[CopyStatus] = mapped_column(enum_column(CopyStatus), default=CopyStatus.PENDING)
    storage_key: Mapped[str | None] = mapped_column(sa.String(255))
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    order_line: Mapped[OrderLine] = relationship()


class DownloadGrant(Base):
    """A download link. The token is never stored: only its SHA-256, and a per-grant salt from which the token is
    re-derived with the app's secret key when the e-mail is rendered."""

    __tablename__ = "download_grants"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_line_id: Mapped[int] = mapped_column(
        sa.ForeignKey("order_lines.id", ondelete="CASCADE"), index=True
    )
    format: Mapped[EbookFormat] = mapped_column(enum_column(EbookFormat))
    salt: Mapped[str] = mapped_column(sa.String(64))
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[dt.datetime]
    max_downloads: Mapped[int]
    downloads: Mapped[int] = mapped_column(default=0)
    revoked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    order_line: Mapped[OrderLine] = relationship()


class DownloadLog(Base):
    __tablename__ = "download_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(sa.ForeignKey("download_grants.id", ondelete="CASCADE"), index=True)
    format: Mapped[EbookFormat] = mapped_column(enum_column(EbookFormat))
    ip_hash: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
