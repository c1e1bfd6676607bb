"""The invoice as a PDF, drawn with reportlab from the same rows as the HTML page."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shop.catalog.models import Publisher
from shop.core.money import format_money, format_rate
from shop.invoices.lines import rows, totals, vat_by_rate
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.models import Order


def invoice_pdf(invoice: Invoice, order: Order, seller: Publisher | None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    credit = invoice.kind == InvoiceKind.CREDIT_NOTE
    pdf.setTitle(f"{'Avoir' if credit else 'Facture'} {invoice.number}")
    _, height = A4
    y = height - 20 * mm

    def text(value: str, x: float = 20, size: int = 9, bold: bool = False) -> None:
        nonlocal y
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        pdf.drawString(x * mm, y, value)

    def nl(step: float = 5) -> None:
        nonlocal y
        y -= step * mm

    text(f"{'AVOIR' if credit else 'FACTURE'} {invoice.number}", size=16, bold=True)
    nl(8)
    if seller:
        for value in (
            seller.name,
            seller.legal_form,
            seller.postal_address,
            seller.registration,
            f"TVA : {seller.vat_number}",
        ):
            if value:
                text(value)
                nl()
    nl(3)
    text("Client :", bold=True)
    nl()
    buyer: list[str | None] = [order.shipping_name or order.buyer_name, order.email, order.shipping_line1,
                               f"{order.shipping_postal_code or ''} {order.shipping_city or ''}".strip(), order.shipping_country]  # fmt: skip
    for item in buyer:
        if item:
            text(item)
            nl()
    nl(3)
    text(f"Date d'émission : {invoice.issued_at.date().isoformat()}")
    nl()
    if order.paid_at:
        text(f"Date de vente et de paiement : {order.paid_at.date().isoformat()}")
        nl()
    text(f"Commande : {order.number}")
    nl()
    if credit and invoice.credited_invoice:
        corrected = invoice.credited_invoice
        text(
            f"Avoir de {format_money(invoice.amount_cents)} TTC sur la facture {corrected.number} "
            f"du {corrected.issued_at.date().isoformat()}",
            bold=True,
        )
        nl()
    nl(4)
    for x, head in (
        (20, "Désignation"),
        (110, "Qté"),
        (122, "PU HT"),
        (142, "TVA"),
        (160, "Montant TVA"),
        (182, "Total TTC"),
    ):
        text(head, x=x, bold=True)
    nl()
    for row in rows(invoice):
        text(row.description[:55], x=20)
        text(str(row.quantity), x=110)
        text(format_money(row.unit_excl_vat_cents), x=122)
        text(format_rate(row.vat_rate_bp), x=142)
        text(format_money(row.vat_cents), x=160)
        text(format_money(row.total_cents), x=182)
        nl()
    nl(3)
    for rate, (base, vat) in vat_by_rate(invoice).items():
        text(f"TVA {format_rate(rate)} : base HT {format_money(base)}, TVA {format_money(vat)}")
        nl()
    sums = totals(invoice)
    text(f"Total HT : {format_money(sums.excl_vat_cents)}   Total TVA : {format_money(sums.vat_cents)}   "
         f"Total {'crédité ' if credit else ''}TTC : {format_money(sums.incl_vat_cents)}", bold=True)  # fmt: skip
    nl(10)
    text("Remboursé sur la carte de paiement." if credit else "Paiement reçu par carte bancaire.", size=8)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
