"""Invoice rows with amounts excluding and including VAT, shared by the HTML page and the PDF.

An invoice lists the whole order; a credit note lists only what its refund credited: the refunded copies of each
line and the delivery when it was refunded. A refund made as a bare amount (in Stripe's dashboard) is one row.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from shop.core.money import vat_included
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.models import Order, OrderLine


@dataclass(frozen=True)
class Row:
    description: str
    quantity: int
    unit_excl_vat_cents: int
    vat_rate_bp: int
    vat_cents: int
    total_cents: int

    @property
    def total_excl_vat_cents(self) -> int:
        return self.total_cents - self.vat_cents


@dataclass(frozen=True)
class Totals:
    excl_vat_cents: int
    vat_cents: int
    incl_vat_cents: int


def _line_row(line: OrderLine, quantity: int) -> Row:
    if quantity == line.quantity:
        total, vat = line.total_cents, line.vat_cents
    else:
        total = line.unit_price_cents * quantity
        vat = vat_included(total, line.vat_rate_bp)
    return Row(line.description, quantity, round((total - vat) / quantity), line.vat_rate_bp, vat, total)


def _delivery_row(order: Order, amount: int) -> Row:
    vat = (
        order.shipping_vat_cents
        if amount == order.shipping_cents
        else vat_included(amount, order.shipping_vat_rate_bp)
    )
    return Row(_("Delivery"), 1, amount - vat, order.shipping_vat_rate_bp, vat, amount)


def _credit_rows(note: Invoice) -> list[Row]:
    order, refund = note.order, note.refund
    if refund is not None and refund.lines:
        by_id = {line.id: line for line in order.lines}
        result = [
            _line_row(by_id[lid], q) for lid, q in refund.quantities().items() if lid in by_id and q > 0
        ]
        if refund.shipping_cents:
            result.append(_delivery_row(order, refund.shipping_cents))
        if sum(row.total_cents for row in result) == note.amount_cents:
            return result
    rate = order.lines[0].vat_rate_bp if order.lines else order.shipping_vat_rate_bp
    vat = vat_included(note.amount_cents, rate)
    label = _("Refund on order %(number)s", number=order.number)
    return [Row(label, 1, note.amount_cents - vat, rate, vat, note.amount_cents)]


def rows(invoice: Invoice) -> list[Row]:
    if invoice.kind == InvoiceKind.CREDIT_NOTE:
        return _credit_rows(invoice)
    order = invoice.order
    result = [_line_row(line, line.quantity) for line in order.lines]
    if order.shipping_cents:
        result.append(_delivery_row(order, order.shipping_cents))
    return result


def totals(invoice: Invoice) -> Totals:
    """The document's own totals: for a credit note, only what it credits."""
    found = rows(invoice)
    vat = sum(row.vat_cents for row in found)
    incl = sum(row.total_cents for row in found)
    return Totals(incl - vat, vat, incl)


def vat_by_rate(invoice: Invoice) -> dict[int, tuple[int, int]]:
    """{rate: (base excl. VAT, VAT)}: the per-rate breakdown an invoice must show."""
    summary: dict[int, tuple[int, int]] = {}
    for row in rows(invoice):
        base, vat = summary.get(row.vat_rate_bp, (0, 0))
        summary[row.vat_rate_bp] = (base + row.total_excl_vat_cents, vat + row.vat_cents)
    return summary
