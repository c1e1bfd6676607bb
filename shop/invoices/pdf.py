"""The invoice as a PDF, drawn with reportlab from the same rows and labels as the HTML page.

Drawn in the current locale: the view runs it in the order's language (invoices.views.in_order_language).
"""

from __future__ import annotations

import datetime as dt
import io

from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shop.catalog.models import Publisher
from shop.core.money import format_money, format_rate
from shop.invoices.lines import rows, totals, vat_by_rate
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.models import Order

ITEM_X, ITEM_WIDTH = 20, 86  # mm: the description, cut to its column
# Right edges (mm) of quantity, unit price, rate, VAT and total: figures and their headings align on them.
RIGHT_EDGES = (112, 136, 154, 170, 192)


def _labelled(label: str, value: str) -> str:
    return _("%(label)s: %(value)s", label=label, value=value)


def _fit(pdf: canvas.Canvas, value: str, width: float, size: int) -> str:
    """The text, cut with an ellipsis if it would run into the next column."""
    if pdf.stringWidth(value, "Helvetica", size) <= width:
        return value
    while value and pdf.stringWidth(value + "…", "Helvetica", size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def invoice_pdf(invoice: Invoice, order: Order, seller: Publisher | None) -> bytes:
    locale = str(get_locale() or "fr")
    currency = order.currency

    def money(cents: int) -> str:
        return format_money(cents, currency, locale)

    def day(value: dt.datetime) -> str:
        return format_date(value.date(), format="long")

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, lang=locale)
    credit = invoice.kind == InvoiceKind.CREDIT_NOTE
    title = (
        _("Credit note %(number)s", number=invoice.number)
        if credit
        else _("Invoice %(number)s", number=invoice.number)
    )
    pdf.setTitle(title)
    y = A4[1] - 20 * mm

    def text(value: str, x: float = 20, size: int = 9, bold: bool = False, right: bool = False) -> None:
        pdf.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        (pdf.drawRightString if right else pdf.drawString)(x * mm, y, value)

    def nl(step: float = 5) -> None:
        nonlocal y
        y -= step * mm

    text(title.upper(), size=16, bold=True)
    nl(8)
    if seller:
        for value in (
            seller.name,
            seller.legal_form,
            seller.postal_address,
            seller.registration,
            _("VAT number: %(number)s", number=seller.vat_number) if seller.vat_number else None,
        ):
            if value:
                text(value)
                nl()
    nl(3)
    text(_("Customer"), bold=True)
    nl()
    buyer: list[str | None] = [order.shipping_name or order.buyer_name, order.email, order.shipping_line1,
                               f"{order.shipping_postal_code or ''} {order.shipping_city or ''}".strip(), order.shipping_country]  # fmt: skip
    for item in buyer:
        if item:
            text(item)
            nl()
    nl(3)
    text(_("Issued on %(date)s", date=day(invoice.issued_at)))
    nl()
    if order.paid_at:
        text(_("Sale and payment on %(date)s", date=day(order.paid_at)))
        nl()
    text(_("Order %(number)s", number=order.number))
    nl()
    if credit and invoice.credited_invoice:
        corrected = invoice.credited_invoice
        text(
            _(
                "Credit of %(amount)s incl. VAT correcting invoice %(number)s of %(date)s",
                amount=money(invoice.amount_cents),
                number=corrected.number,
                date=day(corrected.issued_at),
            ),
            bold=True,
        )
        nl()
    nl(4)
    heads = (_("Qty"), _("Unit excl. VAT"), _("VAT rate"), _("VAT"), _("Total incl. VAT"))
    text(_("Item"), x=ITEM_X, size=7, bold=True)
    for x, head in zip(RIGHT_EDGES, heads, strict=True):
        text(head, x=x, size=7, bold=True, right=True)
    nl()
    for row in rows(invoice):
        text(_fit(pdf, row.description, ITEM_WIDTH * mm, 8), x=ITEM_X, size=8)
        cells = (
            str(row.quantity),
            money(row.unit_excl_vat_cents),
            format_rate(row.vat_rate_bp, locale),
            money(row.vat_cents),
            money(row.total_cents),
        )
        for x, cell in zip(RIGHT_EDGES, cells, strict=True):
            text(cell, x=x, size=8, right=True)
        nl()
    nl(3)
    for rate, (base, vat) in vat_by_rate(invoice).items():
        breakdown = _("VAT %(rate)s on %(base)s excl. VAT", rate=format_rate(rate, locale), base=money(base))
        text(_labelled(breakdown, money(vat)))
        nl()
    sums = totals(invoice)
    text(_labelled(_("Total excl. VAT"), money(sums.excl_vat_cents)))
    nl()
    text(_labelled(_("VAT"), money(sums.vat_cents)))
    nl()
    grand = _("Total credited incl. VAT") if credit else _("Total incl. VAT")
    text(_labelled(grand, money(sums.incl_vat_cents)), bold=True)
    nl(10)
    text(_("Refunded to the card used for the payment.") if credit else _("Paid by card."), size=8)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
