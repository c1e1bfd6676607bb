"""Packing slips (A4, one page per order) and address labels (10 x 15 cm, one per order), drawn with reportlab."""

from __future__ import annotations

import io
from collections.abc import Sequence

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from shop.catalog.models import Publisher
from shop.orders.models import Order

LABEL = (100 * mm, 150 * mm)


def address_lines(order: Order) -> list[str]:
    city = " ".join(part for part in (order.shipping_postal_code, order.shipping_city) if part)
    lines = [order.shipping_name or order.buyer_name, order.shipping_line1, order.shipping_line2, city,
             order.shipping_country]  # fmt: skip
    return [line for line in lines if line]


def sender_lines(seller: Publisher | None) -> list[str]:
    if seller is None:
        return []
    city = " ".join(part for part in (seller.postal_code, seller.city) if part)
    return [line for line in (seller.name, seller.street_address, city, seller.country) if line]


def _write(pdf: canvas.Canvas, lines: Sequence[str], x: float, y: float, size: float, step: float) -> float:
    pdf.setFont("Helvetica", size)
    for line in lines:
        pdf.drawString(x, y, line[:90])
        y -= step
    return y


def packing_slips(orders: Sequence[Order], seller: Publisher | None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(_("Packing slips"))
    _w, height = A4
    for order in orders:
        y = height - 20 * mm
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(20 * mm, y, _("Packing slip — order %(number)s", number=order.number))
        y = _write(pdf, sender_lines(seller), 20 * mm, y - 12 * mm, 9, 4.5 * mm)
        pdf.setFont("Helvetica-Bold", 11)
        pdf.drawString(110 * mm, height - 32 * mm, _("Ship to"))
        _write(pdf, address_lines(order), 110 * mm, height - 38 * mm, 11, 5.5 * mm)
        y = height - 80 * mm
        pdf.setFont("Helvetica-Bold", 10)
        pdf.drawString(20 * mm, y, _("Item"))
        pdf.drawRightString(190 * mm, y, _("Copies to ship"))
        pdf.setFont("Helvetica", 10)
        for line in order.lines:
            left = line.quantity - line.refunded_quantity
            if line.ships and left > 0:
                y -= 6 * mm
                pdf.drawString(20 * mm, y, line.description[:80])
                pdf.drawRightString(190 * mm, y, str(left))
        y -= 12 * mm
        paid = order.paid_at.date().isoformat() if order.paid_at else "—"
        _write(
            pdf,
            [_("Paid on %(date)s", date=paid), _("Buyer: %(email)s", email=order.email)],
            20 * mm,
            y,
            9,
            5 * mm,
        )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def address_labels(orders: Sequence[Order], seller: Publisher | None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LABEL)
    pdf.setTitle(_("Address labels"))
    width, height = LABEL
    for order in orders:
        pdf.setFont("Helvetica", 7)
        pdf.drawString(8 * mm, height - 10 * mm, _("Sender"))
        _write(pdf, sender_lines(seller), 8 * mm, height - 14 * mm, 8, 3.8 * mm)
        pdf.line(8 * mm, height - 34 * mm, width - 8 * mm, height - 34 * mm)
        pdf.setFont("Helvetica-Bold", 9)
        pdf.drawString(8 * mm, height - 44 * mm, _("Recipient"))
        _write(pdf, address_lines(order), 8 * mm, height - 54 * mm, 13, 7 * mm)
        pdf.setFont("Helvetica", 8)
        pdf.drawString(8 * mm, 10 * mm, order.number or "")
        pdf.showPage()
    pdf.save()
    return out.getvalue()
