"""Uploaded images are decoded, checked and re-encoded: what we store and serve is always our own clean file."""

from __future__ import annotations

import io

from flask_babel import lazy_gettext as _l
from PIL import Image, UnidentifiedImageError

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED = {"PNG", "JPEG", "WEBP", "GIF"}


class ImageError(ValueError):
    pass


def reencode(data: bytes, max_side: int = 800) -> tuple[bytes, int, int]:
    """Return WebP bytes and their size; refuses non-images, oversized files and decompression bombs."""
    if not data:
        raise ImageError(str(_l("The file is empty.")))
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(str(_l("Images are limited to 5 MB.")))
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ALLOWED:
                raise ImageError(str(_l("Use a PNG, JPEG, WebP or GIF image.")))
            if image.width * image.height > MAX_PIXELS:
                raise ImageError(str(_l("This image is too large.")))
            image.load()
            clean = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ImageError(str(_l("This file is not an image we can read."))) from None
    clean.thumbnail((max_side, max_side))
    out = io.BytesIO()
    clean.save(
        out, format="WEBP", quality=85
    )  # re-encoding drops metadata and any payload hidden in the file
    return out.getvalue(), clean.width, clean.height


# Widths (px) served in a srcset beside the stored image; a variant is made only when smaller than the image.
VARIANT_WIDTHS = (240, 480, 960)


def narrower(data: bytes, width: int) -> bytes:
    """A WebP copy of one of our stored images, scaled down to `width` (the caller never asks for an upscale)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        clean = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    height = max(1, round(clean.height * width / clean.width))
    out = io.BytesIO()
    clean.resize((width, height), Image.Resampling.LANCZOS).save(out, format="WEBP", quality=82)
    return out.getvalue()
