"""Watermarking: pure functions of (master file, buyer stamp) -> the buyer's copy.

PDF: a visible line on the first page and a discreet footer on every page, merged from a reportlab overlay; the
outline (bookmarks) and document metadata are kept. EPUB: an ex-libris page after the cover and metadata entries;
the container stays a valid EPUB 3 (mimetype first and stored, manifest and spine updated).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas


class WatermarkError(Exception):
    pass


@dataclass(frozen=True)
class Stamp:
    buyer_name: str
    buyer_email: str
    order_number: str
    shop_name: str
    date: dt.date

    def line(self) -> str:
        name = f"{self.buyer_name} " if self.buyer_name else ""
        return f"Ex-libris {name}<{self.buyer_email}> · {self.order_number} · {self.date.isoformat()} · {self.shop_name}"


FONT = "Helvetica"
MARGIN = 18.0  # points kept clear at each side of the crop box


def fit_lines(text: str, size: float, min_size: float, width: float) -> tuple[float, list[str]]:
    """The largest size from `size` down to `min_size` at which the text fits `width`; below that, the text is
    wrapped at its ` · ` separators (then at spaces) at `min_size`. Every returned line fits."""
    current = size
    while current > min_size and stringWidth(text, FONT, current) > width:
        current = max(min_size, current - 0.5)
    if stringWidth(text, FONT, current) <= width:
        return current, [text]
    lines: list[str] = []
    for word in re.split(r"(?<= ·) | (?=·)", text) if " · " in text else text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(candidate, FONT, min_size) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    fitted: list[str] = []
    for line in lines:  # a single word longer than the page (a long e-mail): cut it
        while stringWidth(line, FONT, min_size) > width:
            cut = len(line)
            while cut > 1 and stringWidth(line[:cut], FONT, min_size) > width:
                cut -= 1
            fitted.append(line[:cut])
            line = line[cut:]
        fitted.append(line)
    return min_size, fitted


def _overlay(page_box: tuple[float, float, float, float], text: str, size: float, top: bool) -> PdfReader:
    """A one-page PDF the size of the page, with the stamp centred inside the crop box."""
    left, bottom, right, upper = page_box
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(right, upper))
    size, lines = fit_lines(text, size, min(size, 4.5), right - left - 2 * MARGIN)
    pdf.setFont(FONT, size)
    pdf.setFillGray(0.35)
    leading = size * 1.25
    y = upper - 18 if top else bottom + 10 + leading * (len(lines) - 1)
    for line in lines:
        pdf.drawCentredString((left + right) / 2, y, line)
        y -= leading
    pdf.save()
    return PdfReader(io.BytesIO(out.getvalue()))


def stamp_pdf(master: bytes, stamp: Stamp) -> bytes:
    try:
        reader = PdfReader(io.BytesIO(master))
        if reader.is_encrypted:
            raise WatermarkError("encrypted PDF")
        writer = PdfWriter(clone_from=reader)  # clone keeps the outline, metadata and named destinations
    except WatermarkError:
        raise
    except Exception as exc:
        raise WatermarkError(f"unreadable PDF: {exc}") from exc
    text = stamp.line()
    footers: dict[tuple[float, float, float, float], PdfReader] = {}  # one overlay per page box, not per page
    for index, page in enumerate(writer.pages):
        box = page.cropbox
        key = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        if key not in footers:
            footers[key] = _overlay(key, text, 6, top=False)
        page.merge_page(footers[key].pages[0])
        if index == 0:
            page.merge_page(_overlay(key, text, 9, top=True).pages[0])
    metadata: dict[str, object] = {str(k): v for k, v in (reader.metadata or {}).items()}
    metadata["/Watermark"] = f"{stamp.order_number} {stamp.buyer_email}"
    writer.add_metadata(metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


EX_LIBRIS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="fr" xml:lang="fr">
<head><meta charset="utf-8"/><title>Ex-libris</title></head>
<body><section epub:type="frontmatter"><h1>Ex-libris</h1>
<p>{name}</p><p>{email}</p><p>{order} · {date}</p><p>{shop}</p></section></body></html>
"""


def _rootfile(zf: zipfile.ZipFile) -> str:
    container = zf.read("META-INF/container.xml").decode("utf-8")
    match = re.search(r'full-path="([^"]+)"', container)
    if not match:
        raise WatermarkError("container.xml names no package document")
    return match.group(1)


def stamp_epub(master: bytes, stamp: Stamp) -> bytes:
    try:
        source = zipfile.ZipFile(io.BytesIO(master))
        opf_path = _rootfile(source)
        opf = source.read(opf_path).decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
        raise WatermarkError(f"unreadable EPUB: {exc}") from exc
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    page = EX_LIBRIS.format(
        name=escape(stamp.buyer_name), email=escape(stamp.buyer_email), order=escape(stamp.order_number),
        date=stamp.date.isoformat(), shop=escape(stamp.shop_name),
    )  # fmt: skip
    item = '<item id="lcm-exlibris" href="lcm-exlibris.xhtml" media-type="application/xhtml+xml"/>'
    opf, count = re.subn(r"(<manifest[^>]*>)", r"\1" + item, opf, count=1)
    # After the cover: the first spine item stays first, the ex-libris comes second.
    opf, spine = re.subn(
        r"(<spine[^>]*>\s*<itemref[^>]*/>)", r'\1<itemref idref="lcm-exlibris"/>', opf, count=1
    )
    rights = f"<dc:rights>{escape('Copie personnelle de ' + stamp.buyer_email + ' (' + stamp.order_number + ')')}</dc:rights>"
    copy_id = f'<dc:identifier id="lcm-copy">urn:lcm:copy:{escape(stamp.order_number)}</dc:identifier>'
    opf, metas = re.subn(r"(</metadata>)", rights + copy_id + r"\1", opf, count=1)
    if not (count and spine and metas):
        raise WatermarkError("package document has no manifest, spine or metadata")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        # OCF: mimetype first, stored uncompressed, so readers can sniff the file type.
        target.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for info in source.infolist():
            if info.filename == "mimetype":
                continue
            data = opf.encode("utf-8") if info.filename == opf_path else source.read(info.filename)
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        target.writestr(base + "lcm-exlibris.xhtml", page)
    return out.getvalue()


__all__ = ["Stamp", "WatermarkError", "stamp_epub", "stamp_pdf"]
