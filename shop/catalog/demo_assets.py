"""Generated demo files: a cover, author portraits and a sample chapter (EPUB 3 and PDF). Nothing is downloaded."""

from __future__ import annotations

import io
import textwrap
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PUBLISHER = "Diateino"

SAMPLE_PARAGRAPHS = [
    "Une communauté en ligne ne se décrète pas : elle se construit, conversation après conversation. Avant de "
    "choisir un outil, le community manager se demande ce que la communauté attend, et ce que l'organisation "
    "peut lui apporter.",
    "Écouter vient avant parler. Repérer où l'on parle déjà de vous, avec quels mots et quelles attentes, "
    "permet de rejoindre ces échanges sans les interrompre, et de répondre avec justesse.",
    "La transparence fonde la confiance. Oser se raconter, reconnaître une erreur, expliquer une décision : "
    "ce sont ces gestes simples qui transforment des clients en ambassadeurs.",
    "Enfin, une communauté vivante co-crée. Consulter ses membres, mettre en valeur leurs idées et leur "
    "rendre compte de ce qu'elles deviennent, c'est leur donner une raison de rester.",
]


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    if path.exists():
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _image_bytes(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt.upper(), **({"quality": 85} if fmt.lower() == "webp" else {}))
    return out.getvalue()


def make_cover(
    title: str, subtitle: str, authors: list[str], width: int = 600, height: int = 900
) -> Image.Image:
    image = Image.new("RGB", (width, height), (22, 58, 89))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, int(height * 0.62), width, height), fill=(240, 176, 62))
    y = int(height * 0.12)
    for line in textwrap.wrap(title, 14):
        draw.text((width // 12, y), line, font=_font(width // 10, bold=True), fill="white")
        y += width // 8
    y += width // 30
    for line in textwrap.wrap(subtitle, 34):
        draw.text((width // 12, y), line, font=_font(width // 28), fill=(220, 232, 242))
        y += width // 22
    y = int(height * 0.66)
    for name in authors:
        draw.text((width // 12, y), name, font=_font(width // 24, bold=True), fill=(22, 58, 89))
        y += width // 18
    draw.text((width // 12, height - width // 8), PUBLISHER, font=_font(width // 22), fill=(22, 58, 89))
    return image


def make_cover_png(
    title: str, subtitle: str, authors: list[str], width: int = 600, height: int = 900
) -> bytes:
    return _image_bytes(make_cover(title, subtitle, authors, width, height), "png")


def make_portrait_placeholder(name: str, size: int = 320, fmt: str = "webp") -> bytes:
    """An initials avatar, until the author uploads a photo."""
    image = Image.new("RGB", (size, size), (22, 58, 89))
    draw = ImageDraw.Draw(image)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    font = _font(size // 3, bold=True)
    box = draw.textbbox((0, 0), initials, font=font)
    draw.text(
        ((size - box[2] + box[0]) / 2, (size - box[3] + box[1]) / 2 - box[1]),
        initials,
        font=font,
        fill="white",
    )
    return _image_bytes(image, fmt)


def _xhtml(title: str, body: str, lang: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{lang}" '
        f'xml:lang="{lang}"><head><meta charset="utf-8"/><title>{escape(title)}</title></head>'
        f"<body>{body}</body></html>"
    )


def make_sample_epub(title: str, authors: list[str], language: str = "fr", chapters: int = 2) -> bytes:
    """A small valid EPUB 3: cover image page, navigation document and `chapters` chapters."""
    cover = _image_bytes(make_cover(title, "Extrait", authors, 600, 900), "png")
    docs = [("cover.xhtml", "Couverture", f'<img src="cover.png" alt="{escape(title)}"/>')]
    for n in range(1, chapters + 1):
        body = f"<h1>Chapitre {n}</h1>" + "".join(f"<p>{escape(p)}</p>" for p in SAMPLE_PARAGRAPHS)
        docs.append((f"chapter{n}.xhtml", f"Chapitre {n}", body))
    nav_items = "".join(f'<li><a href="{href}">{escape(label)}</a></li>' for href, label, _ in docs)
    nav = _xhtml(
        "Table des matières",
        f'<nav epub:type="toc" id="toc"><h1>Table des matières</h1><ol>{nav_items}</ol></nav>',
        language,
    )
    creators = "".join(f"<dc:creator>{escape(a)}</dc:creator>" for a in authors)
    manifest = "".join(
        f'<item id="doc{i}" href="{href}" media-type="application/xhtml+xml"/>'
        for i, (href, _, _) in enumerate(docs)
    )
    spine = "".join(f'<itemref idref="doc{i}"/>' for i in range(len(docs)))
    opf = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="bookid" xml:lang="fr">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="bookid">urn:uuid:6f1c1f4e-7d0e-4a57-9d1e-2b1f5a0c{len(title):04d}</dc:identifier>'
        f"<dc:title>{escape(title)}</dc:title>{creators}<dc:language>{language}</dc:language>"
        f"<dc:publisher>{PUBLISHER}</dc:publisher>"
        '<meta property="dcterms:modified">2010-09-10T00:00:00Z</meta></metadata>'
        '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>'
        f"{manifest}</manifest><spine>{spine}</spine></package>"
    )
    container = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        # OCF: the mimetype entry comes first and is stored uncompressed so readers can sniff it.
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", container)
        zf.writestr("OEBPS/content.opf", opf)
        zf.writestr("OEBPS/nav.xhtml", nav)
        zf.writestr("OEBPS/cover.png", cover)
        for href, label, body in docs:
            zf.writestr(f"OEBPS/{href}", _xhtml(label, body, language))
    return out.getvalue()


def make_sample_pdf(title: str, authors: list[str], pages: int = 6, with_outline: bool = True) -> bytes:
    """A PDF with a title page, text pages, an outline (bookmarks) and metadata."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A5, pageCompression=1)
    pdf.setTitle(title)
    pdf.setAuthor(", ".join(authors))
    pdf.setSubject("Extrait")
    pdf.setCreator(PUBLISHER)
    _width, height = A5
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawString(15 * mm, height - 40 * mm, title)
    pdf.setFont("Helvetica", 11)
    for i, name in enumerate(authors):
        pdf.drawString(15 * mm, height - (55 + 7 * i) * mm, name)
    pdf.drawString(15 * mm, 20 * mm, PUBLISHER)
    if with_outline:
        pdf.bookmarkPage("title")
        pdf.addOutlineEntry("Titre", "title", level=0)
    pdf.showPage()
    for n in range(1, pages):
        key = f"p{n}"
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(15 * mm, height - 20 * mm, f"Chapitre {n}")
        if with_outline:
            pdf.bookmarkPage(key)
            pdf.addOutlineEntry(f"Chapitre {n}", key, level=0)
        text = pdf.beginText(15 * mm, height - 32 * mm)
        text.setFont("Helvetica", 10)
        for paragraph in SAMPLE_PARAGRAPHS:
            for line in textwrap.wrap(paragraph, 70):
                text.textLine(line)
            text.textLine("")
        pdf.drawText(text)
        pdf.showPage()
    pdf.save()
    return out.getvalue()
