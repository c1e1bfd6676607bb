"""An EPUB master that inflates far beyond its size is refused while streaming, before memory is spent on it."""

from __future__ import annotations

import io
import zipfile

import pytest

from shop.downloads.validation import MasterFileError, ZipLimits, _check_expansion, validate_master
from tests.delivery.conftest import EPUB


def _bomb(entries: int, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("mimetype", b"application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", b'<rootfile full-path="content.opf"/>')
        zf.writestr("content.opf", b"<package/>")
        chunk = b"\0" * (1024 * 1024)
        for n in range(entries):
            with zf.open(f"OEBPS/bomb{n}.xhtml", "w", force_zip64=True) as entry:
                for _ in range(size // len(chunk)):
                    entry.write(chunk)
    return out.getvalue()


def test_one_huge_entry_is_refused(app) -> None:
    bomb = _bomb(1, 64 * 1024 * 1024)  # 64 MB of zeros deflates to about 64 KB
    assert len(bomb) < 200 * 1024
    app.config["EPUB_MAX_ENTRY_BYTES"] = 16 * 1024 * 1024
    with app.test_request_context("/en/"), pytest.raises(MasterFileError, match="too many or too large"):
        validate_master(bomb, "epub")


def test_many_entries_adding_up_are_refused(app) -> None:
    bomb = _bomb(8, 4 * 1024 * 1024)
    app.config["EPUB_MAX_UNCOMPRESSED_BYTES"] = 20 * 1024 * 1024
    with app.test_request_context("/en/"), pytest.raises(MasterFileError, match="too many or too large"):
        validate_master(bomb, "epub")


def test_too_many_entries_are_refused(app) -> None:
    app.config["EPUB_MAX_ENTRIES"] = 3
    with app.test_request_context("/en/"), pytest.raises(MasterFileError, match="too many or too large"):
        validate_master(_bomb(2, 0), "epub")


def test_declared_sizes_are_not_trusted() -> None:
    """A header that understates the size: the stream is counted, or zipfile notices the lie; both refuse."""
    bomb = bytearray(_bomb(1, 8 * 1024 * 1024))
    zf = zipfile.ZipFile(io.BytesIO(bytes(bomb)))
    info = zf.getinfo("OEBPS/bomb0.xhtml")
    info.file_size = 10  # as if the central directory said 10 bytes
    with pytest.raises(MasterFileError):
        _check_expansion(zf, ZipLimits(max_entry_bytes=1024 * 1024, max_total_bytes=10**9))


def test_a_real_epub_passes_the_default_caps(app) -> None:
    validate_master(EPUB, "epub")
