"""E-book masters are refused with a clear reason when they would fail a buyer."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfWriter

from shop.downloads.validation import MasterFileError, validate_master
from tests.delivery.conftest import EPUB, PDF


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "fmt", "max_bytes", "message"),
    [
        (b"", "pdf", 1000, "empty"),
        (PDF, "pdf", 100, "larger than"),
        (b"random bytes", "epub", 10**6, "not an EPUB"),
        (_zip([("content.opf", b"x")]), "epub", 10**6, "mimetype"),
        (_zip([("mimetype", b"application/epub+zip")]), "epub", 10**6, "container.xml"),
        (b"hello", "pdf", 10**6, "not a PDF"),
        (PDF[: len(PDF) // 3], "pdf", 10**6, "cannot be read"),
        (_encrypted_pdf(), "pdf", 10**6, "encrypted"),
        (PDF, "mobi", 10**6, "Unknown"),
    ],
)
def test_bad_masters_are_refused(app, data: bytes, fmt: str, max_bytes: int, message: str) -> None:
    with app.test_request_context("/en/"), pytest.raises(MasterFileError, match=message):
        validate_master(data, fmt, max_bytes)


def test_reasons_are_given_in_the_publishers_language(app) -> None:
    with app.test_request_context("/fr/"), pytest.raises(MasterFileError, match="Ce PDF est chiffré"):
        validate_master(_encrypted_pdf(), "pdf")


@pytest.mark.parametrize(("data", "fmt"), [(EPUB, "epub"), (PDF, "pdf")])
def test_good_masters_pass(app, data: bytes, fmt: str) -> None:
    validate_master(data, fmt)
