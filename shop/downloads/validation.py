"""E-book masters are checked when added, with a reason the publisher can act on."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader

MAX_MASTER_BYTES = 200 * 1024 * 1024


class MasterFileError(ValueError):
    pass


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what an EPUB may expand to: a few kilobytes of zip can inflate to gigabytes (a zip bomb)."""

    max_entries: int = 5000
    max_entry_bytes: int = 100 * 1024 * 1024
    max_total_bytes: int = 400 * 1024 * 1024

    @classmethod
    def from_config(cls) -> ZipLimits:
        if not has_app_context():
            return cls()
        config = current_app.config
        return cls(
            max_entries=config.get("EPUB_MAX_ENTRIES", cls.max_entries),
            max_entry_bytes=config.get("EPUB_MAX_ENTRY_BYTES", cls.max_entry_bytes),
            max_total_bytes=config.get("EPUB_MAX_UNCOMPRESSED_BYTES", cls.max_total_bytes),
        )


def validate_master(data: bytes, fmt: str, max_bytes: int = MAX_MASTER_BYTES) -> None:
    if not data:
        raise MasterFileError(str(_l("The file is empty.")))
    if len(data) > max_bytes:
        raise MasterFileError(str(_l("The file is larger than %(mb)s MB.", mb=f"{max_bytes / 1048576:.3g}")))
    if fmt == "epub":
        _validate_epub(data)
    elif fmt == "pdf":
        _validate_pdf(data)
    else:
        raise MasterFileError(str(_l("Unknown e-book format.")))


def _validate_epub(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise MasterFileError(str(_l("This is not an EPUB file (not a ZIP container)."))) from None
    _check_expansion(zf, ZipLimits.from_config())
    names = zf.namelist()
    if not names or names[0] != "mimetype" or zf.read("mimetype").strip() != b"application/epub+zip":
        raise MasterFileError(str(_l("Invalid EPUB: the mimetype entry must come first.")))
    if "META-INF/container.xml" not in names:
        raise MasterFileError(str(_l("Invalid EPUB: META-INF/container.xml is missing.")))
    container = zf.read("META-INF/container.xml").decode("utf-8", "replace")
    if not any(name.endswith(".opf") and name in container for name in names):
        raise MasterFileError(str(_l("Invalid EPUB: the package document (.opf) is missing.")))


def _too_large() -> MasterFileError:
    return MasterFileError(str(_l("This EPUB expands to too many or too large files; it is refused.")))


def _check_expansion(zf: zipfile.ZipFile, limits: ZipLimits) -> None:
    """Inflate every entry in small chunks, counting real bytes: the sizes a zip declares can lie."""
    entries = zf.infolist()
    if len(entries) > limits.max_entries:
        raise _too_large()
    total = 0
    try:
        for entry in entries:
            if entry.file_size > limits.max_entry_bytes:
                raise _too_large()
            size = 0
            with zf.open(entry) as stream:
                while chunk := stream.read(64 * 1024):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limits.max_entry_bytes or total > limits.max_total_bytes:
                        raise _too_large()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted entry; NotImplementedError: a compression method we cannot read.
        raise MasterFileError(str(_l("This EPUB cannot be read; it may be damaged or encrypted."))) from None


def _validate_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF"):
        raise MasterFileError(str(_l("This is not a PDF file.")))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise MasterFileError(str(_l("This PDF is encrypted; upload an unencrypted master.")))
        if len(reader.pages) == 0:
            raise MasterFileError(str(_l("This PDF has no pages.")))
    except MasterFileError:
        raise
    except Exception:
        raise MasterFileError(str(_l("This PDF cannot be read; it may be damaged."))) from None
