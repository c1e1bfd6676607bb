"""Issue 13, item 8: every character of the stamp lies inside the page's crop box, on A5, A4 and US Letter."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from shop.downloads.watermark import FONT, Stamp, stamp_pdf

LONG = Stamp(
    buyer_name="Marie-Bérénice de La Tour d'Auvergne-Lauraguais",
    buyer_email="marie-berenice.delatourdauvergne@communication-institutionnelle.example",
    order_number="LCM-2026-000123",
    shop_name="Le Community Management",
    date=dt.date(2026, 11, 25),
)


def _master(size: tuple[float, float], pages: int = 2) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=size)
    for n in range(pages):
        pdf.drawString(72, size[1] / 2, f"Page {n + 1}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _stamp_spans(page) -> list[tuple[float, float, float, str]]:
    """(x start, x end, y, text) of every stamp fragment drawn on the page, in page coordinates."""
    spans: list[tuple[float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text.strip() or text.startswith("Page "):
            return
        scale = cm[0] * tm[0]
        x = tm[4] * cm[0] + cm[4]
        y = tm[5] * cm[3] + cm[5]
        spans.append((x, x + stringWidth(text, FONT, size * scale), y, text))

    page.extract_text(visitor_text=visit)
    return spans


@pytest.mark.parametrize("size", [A5, A4, LETTER], ids=["A5", "A4", "Letter"])
def test_every_character_of_the_stamp_is_inside_the_crop_box(size) -> None:
    reader = PdfReader(io.BytesIO(stamp_pdf(_master(size), LONG)))
    for number, page in enumerate(reader.pages):
        box = page.cropbox
        spans = _stamp_spans(page)
        text = "".join(t for *_, t in spans).replace(" ", "")
        assert LONG.buyer_email in text and LONG.order_number in text, (number, spans)
        for start, end, y, fragment in spans:
            assert float(box.left) <= start and end <= float(box.right), (size, number, fragment, start, end)
            assert float(box.bottom) <= y <= float(box.top), (size, number, fragment, y)


def test_a_short_stamp_stays_on_one_line_at_full_size() -> None:
    short = Stamp("Zoé", "z@example.com", "LCM-2026-000001", "LCM", dt.date(2026, 11, 25))
    page = PdfReader(io.BytesIO(stamp_pdf(_master(A4, 1), short))).pages[0]
    lines = {round(y) for *_, y, _t in _stamp_spans(page)}
    assert len(lines) == 2  # one footer line, one title-page line
