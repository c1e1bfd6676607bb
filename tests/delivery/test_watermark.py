"""Watermarked copies: the buyer on the first page and in every footer, outline and metadata kept; EPUB valid."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from ebooklib import epub
from pypdf import PdfReader

from shop.downloads.watermark import Stamp, WatermarkError, stamp_epub, stamp_pdf
from tests.delivery.conftest import EPUB, PDF

STAMP = Stamp(
    'Zoé <script>alert(1)</script> & "Lectrice" 🎉',
    "zoe@example.com",
    "LCM-2026-000042",
    "Le Community Management",
    dt.date(2026, 11, 25),
)
EPUBCHECK_JARS = [Path("/usr/share/java/epubcheck.jar"), Path("/usr/bin/epubcheck")]


def test_pdf_carries_the_buyer_and_keeps_outline_and_metadata() -> None:
    original = PdfReader(io.BytesIO(PDF))
    stamped = PdfReader(io.BytesIO(stamp_pdf(PDF, STAMP)))
    assert len(stamped.pages) == len(original.pages)
    assert "zoe@example.com" in stamped.pages[0].extract_text()
    assert "LCM-2026-000042" in stamped.pages[-1].extract_text()
    assert [o.title for o in stamped.outline] == [o.title for o in original.outline] and stamped.outline
    assert stamped.metadata.title == original.metadata.title == "Le Community Management"
    assert stamped.metadata["/Watermark"] == "LCM-2026-000042 zoe@example.com"


def test_corrupt_pdf_is_a_watermark_error() -> None:
    with pytest.raises(WatermarkError):
        stamp_pdf(b"%PDF-1.4 broken", STAMP)


def _stamped_epub(tmp_path: Path) -> Path:
    path = tmp_path / "copy.epub"
    path.write_bytes(stamp_epub(EPUB, STAMP))
    return path


def test_epub_gets_an_ex_libris_after_the_cover(tmp_path: Path) -> None:
    path = _stamped_epub(tmp_path)
    book = epub.read_epub(str(path), options={"ignore_ncx": True})
    spine = [idref for idref, _ in book.spine]
    assert spine[1] == "lcm-exlibris"
    page = book.get_item_with_id("lcm-exlibris").get_content().decode()
    assert "zoe@example.com" in page and "&lt;script&gt;" in page and "<script>" not in page
    rights = book.get_metadata("DC", "rights")[0][0]
    assert "zoe@example.com" in rights
    with zipfile.ZipFile(path) as zf:
        first = zf.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)


def _epubcheck(path: Path) -> subprocess.CompletedProcess[str]:
    jar = next((j for j in EPUBCHECK_JARS if j.exists()), None)
    if jar is None or shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("EPUBCheck (Debian package epubcheck) and java must be installed in CI")
        pytest.skip("epubcheck not installed")
    return subprocess.run(
        ["java", "-jar", str(jar), str(path)], capture_output=True, text=True, timeout=120, check=False
    )


def test_stamped_epub_passes_epubcheck(tmp_path: Path) -> None:
    result = _epubcheck(_stamped_epub(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_corrupt_epub_is_a_watermark_error() -> None:
    with pytest.raises(WatermarkError):
        stamp_epub(b"not a zip", STAMP)
