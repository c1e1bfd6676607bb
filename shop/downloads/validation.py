"""E-book masters are checked when added, with a reason the publisher can act on."""

from __future__ import annotations

import io
import zipfile

from flask_babel import lazy_gettext as _l
from pypdf import PdfReader

MAX_MASTER_BYTES = 200 * 1024 * 1024


class MasterFileError(ValueError):
    pass


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
    names = zf.namelist()
    if not names or names[0] != "mimetype" or zf.read("mimetype").strip() != b"application/epub+zip":
        raise MasterFileError(str(_l("Invalid EPUB: the mimetype entry must come first.")))
    if "META-INF/container.xml" not in names:
        raise MasterFileError(str(_l("Invalid EPUB: META-INF/container.xml is missing.")))
    container = zf.read("META-INF/container.xml").decode("utf-8", "replace")
    if not any(name.endswith(".opf") and name in container for name in names):
        raise MasterFileError(str(_l("Invalid EPUB: the package document (.opf) is missing.")))


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
