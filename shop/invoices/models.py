"""Invoices and credit notes: numbered in one gap-free sequence each, never deleted, never renumbered."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.core.db import Base, enum_column, utcnow
from shop.orders.models import Order
from shop.orders.refund_model import Refund


class InvoiceKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoiceCounter(Base):
    """One row per sequence; incremented under a row lock so concurrent payments cannot skip or reuse a number."""

    __tablename__ = "invoice_counters"

    kind: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


class Invoice(Base):
    __tablename__ = "invoices"
    __table_args__ = (sa.UniqueConstraint("kind", "sequence", name="uq_invoices_kind_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[InvoiceKind] = mapped_column(enum_column(InvoiceKind))
    sequence: Mapped[int]
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="RESTRICT"), index=True)
    credited_invoice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("invoices.id", ondelete="RESTRICT"))
    # A credit note shows only what its refund credited (lines, quantities, delivery).
    refund_id: Mapped[int | None] = mapped_column(sa.ForeignKey("refunds.id", ondelete="RESTRICT"))
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    amount_cents: Mapped[int]  # incl. VAT; for a credit note, the amount credited
    vat_cents: Mapped[int]

    order: Mapped[Order] = relationship()
    credited_invoice: Mapped[Invoice | None] = relationship(remote_side=[id])
    refund: Mapped[Refund | None] = relationship()
