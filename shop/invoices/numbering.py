"""Gap-free numbering at payment time (DOMAIN.md section 5)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from shop.extensions import db
from shop.invoices.lines import rows
from shop.invoices.models import Invoice, InvoiceCounter, InvoiceKind
from shop.orders.models import Order
from shop.orders.refund_model import Refund

PREFIX = {InvoiceKind.INVOICE: "FA", InvoiceKind.CREDIT_NOTE: "AV"}


def _next(kind: InvoiceKind) -> int:
    """Lock the counter row (FOR UPDATE on PostgreSQL), so the sequence has no gap and no duplicate; the number
    is taken in the same transaction as the payment, and rolled back with it."""
    counter = db.session.scalars(
        sa.select(InvoiceCounter).filter_by(kind=kind.value).with_for_update()
    ).first()
    if counter is None:
        try:
            with db.session.begin_nested():
                db.session.add(InvoiceCounter(kind=kind.value, value=0))
        except IntegrityError:
            pass  # another transaction created it first
        counter = db.session.scalars(
            sa.select(InvoiceCounter).filter_by(kind=kind.value).with_for_update()
        ).one()
    counter.value += 1
    db.session.flush()
    return counter.value


def invoice_for(order: Order) -> Invoice | None:
    return db.session.scalars(
        sa.select(Invoice).filter_by(order_id=order.id, kind=InvoiceKind.INVOICE)
    ).first()


def issue_invoice(order: Order) -> Invoice:
    existing = invoice_for(order)
    if existing is not None:
        return existing
    sequence = _next(InvoiceKind.INVOICE)
    invoice = Invoice(
        kind=InvoiceKind.INVOICE, sequence=sequence, number=f"FA-{sequence:06d}",
        order_id=order.id, amount_cents=order.total_cents, vat_cents=order.vat_cents,
    )  # fmt: skip
    db.session.add(invoice)
    db.session.flush()
    return invoice


def issue_credit_note(order: Order, amount_cents: int, refund: Refund | None = None) -> Invoice | None:
    invoice = invoice_for(order)
    if invoice is None:
        return None
    sequence = _next(InvoiceKind.CREDIT_NOTE)
    note = Invoice(
        kind=InvoiceKind.CREDIT_NOTE, sequence=sequence, number=f"AV-{sequence:06d}", order_id=order.id,
        credited_invoice_id=invoice.id, amount_cents=amount_cents, refund_id=refund.id if refund else None,
        vat_cents=0,
    )  # fmt: skip
    db.session.add(note)
    db.session.flush()
    note.vat_cents = sum(row.vat_cents for row in rows(note))
    db.session.flush()
    return note
