"""Invoice rows with amounts excluding and including VAT, shared by the HTML page and the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from shop.invoices.models import Invoice


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


def rows(invoice: Invoice) -> list[Row]:
    order = invoice.order
    result = [
        Row(line.description, line.quantity, round((line.total_cents - line.vat_cents) / line.quantity),
            line.vat_rate_bp, line.vat_cents, line.total_cents)
        for line in order.lines
    ]  # fmt: skip
    if order.shipping_cents:
        result.append(
            Row("Livraison / Delivery", 1, order.shipping_cents - order.shipping_vat_cents, order.shipping_vat_rate_bp,
                order.shipping_vat_cents, order.shipping_cents)
        )  # fmt: skip
    return result


def vat_by_rate(invoice: Invoice) -> dict[int, tuple[int, int]]:
    """{rate: (base excl. VAT, VAT)}: the per-rate breakdown an invoice must show."""
    summary: dict[int, tuple[int, int]] = {}
    for row in rows(invoice):
        base, vat = summary.get(row.vat_rate_bp, (0, 0))
        summary[row.vat_rate_bp] = (base + row.total_excl_vat_cents, vat + row.vat_cents)
    return summary
