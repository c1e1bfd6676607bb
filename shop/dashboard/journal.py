"""Exports for the accountant: the sales journal and the customer list, as CSV in a French or international dialect.

The journal has one row per invoice row and per credit-note row (shop.invoices.lines.rows: delivery included, a
credit note lists only what it credits, with negative amounts), so its rows sum exactly to the revenue the overview
shows for the same orders: invoiced totals less refunds. The Stripe fee column holds each payment's fee once, on the
first row of its invoice (empty while Stripe has not told it, and on credit notes: Stripe keeps its fee when it
refunds), so it sums to the overview's Stripe fees and the amounts less the fees to its net.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from shop.dashboard.export import neutralise
from shop.dashboard.stats import SOLD
from shop.extensions import db
from shop.invoices.lines import rows
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.models import Order

BATCH = 200
# A plain number (a credit note's -19,90) is data, not a formula: only other cells starting with - are neutralised.
NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    decimal: str
    bom: bool


DIALECTS = {"fr": Dialect(";", ",", True), "intl": Dialect(",", ".", False)}


def amount(cents: int, dialect: Dialect) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}{dialect.decimal}{abs(cents) % 100:02d}"


def rate(rate_bp: int, dialect: Dialect) -> str:
    return amount(rate_bp, dialect)  # basis points read as a percentage with two decimals: 550 -> 5,50


def journal_header() -> list[str]:
    return [_("Document"), _("Type"), _("Date"), _("Order"), _("Buyer"), _("Country"), _("Item"), _("Quantity"),
            _("VAT rate (%)"), _("Amount excl. VAT"), _("VAT"), _("Amount incl. VAT"), _("Stripe fee"),
            _("Payment reference")]  # fmt: skip


def _invoices() -> Iterator[Invoice]:
    """Every document in number order, a batch at a time: the session never holds the whole table."""
    last = 0
    while True:
        batch = db.session.scalars(
            sa.select(Invoice).where(Invoice.id > last).order_by(Invoice.id).limit(BATCH)
            .options(selectinload(Invoice.order).selectinload(Order.lines), selectinload(Invoice.refund))
        ).all()  # fmt: skip
        if not batch:
            return
        yield from batch
        last = batch[-1].id
        for invoice in batch:  # forget what was written out, so memory stays flat however long the journal
            for obj in (invoice, invoice.order, *invoice.order.lines, invoice.refund):
                if obj is not None and obj in db.session:
                    db.session.expunge(obj)


def journal_rows(dialect: Dialect) -> Iterator[list[str]]:
    for invoice in _invoices():
        order, credit = invoice.order, invoice.kind == InvoiceKind.CREDIT_NOTE
        sign = -1 if credit else 1
        reference = (
            invoice.refund.provider_refund_id if credit and invoice.refund else order.payment_intent_id
        ) or ""
        fee = order.stripe_fee_cents if not credit else None
        for index, row in enumerate(rows(invoice)):
            yield [
                invoice.number, _("Credit note") if credit else _("Invoice"), invoice.issued_at.date().isoformat(),
                order.number or "", order.buyer_name or order.shipping_name or order.email, order.shipping_country or "",
                row.description, str(sign * row.quantity), rate(row.vat_rate_bp, dialect),
                amount(sign * row.total_excl_vat_cents, dialect), amount(sign * row.vat_cents, dialect),
                amount(sign * row.total_cents, dialect),
                amount(fee, dialect) if fee is not None and index == 0 else "", reference,
            ]  # fmt: skip


def customers_header() -> list[str]:
    return [_("Name"), _("E-mail"), _("Country"), _("Orders"), _("Total incl. VAT, net of refunds")]


def customer_rows(dialect: Dialect) -> Iterator[list[str]]:
    query = (
        sa.select(Order.email, sa.func.max(Order.buyer_name), sa.func.max(Order.shipping_country),
                  sa.func.count(Order.id), sa.func.sum(Order.total_cents - Order.refunded_cents))
        .where(Order.status.in_(SOLD)).group_by(Order.email).order_by(Order.email)
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for email, name, country, orders, total in db.session.execute(query):
        yield [name or "", email, country or "", str(orders), amount(int(total or 0), dialect)]


def stream(header: list[str], body: Iterable[list[str]], dialect: Dialect) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, lineterminator="\r\n")
    if dialect.bom:
        buffer.write("\ufeff")  # the BOM tells French spreadsheet programs the file is UTF-8
    writer.writerow(header)
    for row in body:
        writer.writerow([cell if NUMBER.fullmatch(cell) else neutralise(cell) for cell in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
