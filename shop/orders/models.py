"""Order, OrderLine, OrderEvent. Money is integer cents; every line keeps its own VAT rate and amount."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shop.catalog.models import Edition, EditionFormat
from shop.core.db import Base, TimestampMixin, enum_column, utcnow
from shop.orders.states import OrderStatus, PaymentStatus


class PaymentProvider(enum.StrEnum):
    STRIPE = "stripe"
    TEST = "test"  # the labelled test payment mode, never in production
    NONE = "none"  # a review copy: nothing to pay


class OrderKind(enum.StrEnum):
    SALE = "sale"
    # A free copy for a journalist (shop/press/review_copies.py): born fulfilled, no payment, no invoice, never
    # counted as a sale.
    REVIEW_COPY = "review_copy"


# Reasons for Order.attention. Here rather than in shop.orders.attention, so the order actions can name them
# without importing the module that e-mails the publisher (which imports the actions).
ATTENTION_PAID_OUT_OF_STOCK = "paid_out_of_stock"  # paid after expiry with no copy left
ATTENTION_REFUND_MISMATCH = "refund_mismatch"  # Stripe's refunded total differs from ours


# The statuses are shop.shipping.queue.WAITING's values, written out: an index predicate is plain SQL.
TO_SHIP_WHERE = "shipped_at IS NULL AND status IN ('paid', 'partially_fulfilled', 'partially_refunded')"


class Order(TimestampMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        sa.CheckConstraint("total_cents >= 0", name="total_not_negative"),
        sa.CheckConstraint(
            "refunded_cents >= 0 AND refunded_cents <= total_cents", name="refund_within_total"
        ),
        sa.Index("ix_orders_status_created_at", "status", "created_at"),
        sa.Index("ix_orders_created_at", "created_at"),
        # The orders list's pages: its page of ids is read from this index alone, however deep the page.
        sa.Index("ix_orders_kind_created_at_id", "kind", "created_at", "id"),
        # The overview's periods (today, 30 days...) and their money are counted by day of payment.
        sa.Index("ix_orders_paid_at", "paid_at"),
        # The "À expédier" queue (shop.shipping.queue), oldest payment first: only the few orders waiting for a
        # parcel are in it, so the queue reads the first rows of this index however many orders were ever shipped.
        sa.Index(
            "ix_orders_to_ship",
            "paid_at",
            "id",
            postgresql_where=sa.text(TO_SHIP_WHERE),
            sqlite_where=sa.text(TO_SHIP_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Public number, e.g. LCM-2026-000123; set right after the first flush gives the id.
    number: Mapped[str | None] = mapped_column(sa.String(32), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    # HMAC of the checkout client's address (shop.checkout.limits): counts its open orders, never stores the IP.
    client_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    kind: Mapped[OrderKind] = mapped_column(
        enum_column(OrderKind, 24), default=OrderKind.SALE, server_default=OrderKind.SALE.value
    )
    buyer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    locale: Mapped[str] = mapped_column(sa.String(8), default="fr")
    status: Mapped[OrderStatus] = mapped_column(enum_column(OrderStatus, 24), default=OrderStatus.PENDING)
    payment_status: Mapped[PaymentStatus] = mapped_column(
        enum_column(PaymentStatus, 24), default=PaymentStatus.UNPAID
    )
    disputed: Mapped[bool] = mapped_column(default=False)
    # Why the publisher must decide something (ATTENTION_*, labelled in shop.orders.attention); None when nothing is.
    attention: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")

    # Totals incl. VAT unless named otherwise.
    books_cents: Mapped[int] = mapped_column(default=0)
    shipping_cents: Mapped[int] = mapped_column(default=0)
    shipping_vat_rate_bp: Mapped[int] = mapped_column(default=550)
    shipping_vat_cents: Mapped[int] = mapped_column(default=0)
    vat_cents: Mapped[int] = mapped_column(default=0)
    total_cents: Mapped[int] = mapped_column(default=0)
    total_excl_vat_cents: Mapped[int] = mapped_column(default=0)
    refunded_cents: Mapped[int] = mapped_column(default=0)

    shipping_method: Mapped[str | None] = mapped_column(sa.String(40))
    shipping_name: Mapped[str | None] = mapped_column(sa.String(200))
    shipping_line1: Mapped[str | None] = mapped_column(sa.String(200))
    shipping_line2: Mapped[str | None] = mapped_column(sa.String(200))
    shipping_postal_code: Mapped[str | None] = mapped_column(sa.String(20))
    shipping_city: Mapped[str | None] = mapped_column(sa.String(120))
    shipping_country: Mapped[str | None] = mapped_column(sa.String(2))
    carrier: Mapped[str | None] = mapped_column(sa.String(80))
    tracking_number: Mapped[str | None] = mapped_column(sa.String(80))
    tracking_url: Mapped[str | None] = mapped_column(sa.String(500))

    # Proof of the e-book withdrawal waiver (Code de la consommation L221-28 13°) and of the terms accepted.
    waiver_text: Mapped[str | None] = mapped_column(sa.Text)
    waiver_version: Mapped[str | None] = mapped_column(sa.String(20))
    waiver_locale: Mapped[str | None] = mapped_column(sa.String(8))
    waiver_accepted_at: Mapped[dt.datetime | None]
    terms_version: Mapped[str | None] = mapped_column(sa.String(20))
    terms_accepted_at: Mapped[dt.datetime | None]

    payment_provider: Mapped[PaymentProvider] = mapped_column(
        enum_column(PaymentProvider, 24), default=PaymentProvider.STRIPE
    )
    checkout_session_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    payment_intent_id: Mapped[str | None] = mapped_column(sa.String(255), index=True)
    stock_reserved: Mapped[bool] = mapped_column(default=False)
    # Stripe's fee and what it pays out, from the charge's balance transaction (shop.payments.fees), in the
    # balance currency; all None until fetched. Refunds do not give the fee back in France, so these never change.
    stripe_fee_cents: Mapped[int | None]
    stripe_net_cents: Mapped[int | None]
    stripe_fee_currency: Mapped[str | None] = mapped_column(sa.String(3))
    balance_transaction_id: Mapped[str | None] = mapped_column(sa.String(255))
    # When the fee is next to be fetched: set on payment, pushed back after a failure, None once stored. Indexed:
    # the worker's queue is the few rows with a date, whatever the size of the table.
    fee_due_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    fee_attempts: Mapped[int] = mapped_column(default=0, server_default="0")

    paid_at: Mapped[dt.datetime | None]
    shipped_at: Mapped[dt.datetime | None]
    closed_at: Mapped[dt.datetime | None]
    expires_at: Mapped[dt.datetime | None]

    lines: Mapped[list[OrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderLine.id"
    )
    events: Mapped[list[OrderEvent]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderEvent.id"
    )

    @property
    def has_print(self) -> bool:
        return any(line.ships for line in self.lines)

    @property
    def has_ebook(self) -> bool:
        return any(line.includes_ebook for line in self.lines)

    @property
    def copies_to_ship(self) -> int:
        """Print copies paid for, not refunded and not shipped yet: what the ship action is for."""
        if self.shipped_at is not None or self.paid_at is None:
            return 0
        return sum(line.quantity - line.refunded_quantity for line in self.lines if line.ships)


class OrderLine(Base):
    __tablename__ = "order_lines"
    __table_args__ = (
        sa.CheckConstraint("quantity > 0", name="quantity_positive"),
        sa.CheckConstraint("unit_price_cents >= 0", name="unit_price_not_negative"),
        sa.CheckConstraint(
            "refunded_quantity >= 0 AND refunded_quantity <= quantity", name="refund_qty_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"), index=True)
    format: Mapped[EditionFormat] = mapped_column(enum_column(EditionFormat))
    description: Mapped[str] = mapped_column(sa.String(300))
    isbn13: Mapped[str | None] = mapped_column(sa.String(13))
    quantity: Mapped[int]
    unit_price_cents: Mapped[int]  # incl. VAT, the public price at the time of the order
    vat_rate_bp: Mapped[int]
    vat_cents: Mapped[int]
    total_cents: Mapped[int]  # incl. VAT
    refunded_quantity: Mapped[int] = mapped_column(default=0)
    refunded_cents: Mapped[int] = mapped_column(default=0)

    order: Mapped[Order] = relationship(back_populates="lines")
    edition: Mapped[Edition] = relationship()

    @property
    def total_excl_vat_cents(self) -> int:
        return self.total_cents - self.vat_cents

    @property
    def ships(self) -> bool:
        return self.format in (EditionFormat.PRINT, EditionFormat.BUNDLE)

    @property
    def includes_ebook(self) -> bool:
        return self.format in (EditionFormat.EBOOK, EditionFormat.BUNDLE)


class OrderEvent(Base):
    """Append-only timeline: never updated, never deleted."""

    __tablename__ = "order_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(sa.ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(sa.String(40))
    actor: Mapped[str] = mapped_column(sa.String(120))  # "stripe", "buyer", "system", "user:<id>"
    params: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    order: Mapped[Order] = relationship(back_populates="events")


def shipping_column_sizes() -> dict[str, int]:
    """Length of each shipping_* column, by address key: what a buyer's address may hold once stored."""
    keys = ("name", "line1", "line2", "postal_code", "city", "country")
    return {key: Order.__table__.c[f"shipping_{key}"].type.length for key in keys}  # type: ignore[attr-defined]
