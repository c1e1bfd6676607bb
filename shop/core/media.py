"""Uploaded and generated images and samples, served from MEDIA_DIR under content-hashed names."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path, PurePosixPath

from flask import Blueprint, current_app, send_from_directory, url_for
from flask.typing import ResponseReturnValue
from PIL import Image, UnidentifiedImageError

from shop.core.images import VARIANT_WIDTHS, narrower

bp = Blueprint("media", __name__)

ONE_YEAR = 365 * 24 * 3600
# Stored images of these kinds get narrower copies for srcset (see store_variants).
RESPONSIVE = {"webp", "png", "jpg", "jpeg"}


def media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def store_media(data: bytes, stem: str, extension: str) -> str:
    """Write bytes under a name that changes with the content, so the URL can be cached forever.

    An image also gets its narrower copies for srcset, whoever stores it (book editor, author profile, demo).
    """
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"{stem}-{digest}.{extension.lstrip('.')}"
    target = media_dir() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(data)
    if name.rsplit(".", 1)[-1].lower() in RESPONSIVE:
        store_variants(name)
    return name


def variant_name(filename: str, width: int) -> str:
    """The narrower copy's name, derived from the stored name: nothing to record in the database."""
    path = PurePosixPath(filename)
    return str(path.with_name(f"{path.stem}-{width}w.webp"))


def _inside_media(filename: str) -> Path | None:
    root = media_dir().resolve()
    path = (root / filename).resolve()
    return path if path.is_relative_to(root) else None


def store_variants(filename: str) -> list[str]:
    """Write the narrower copies of a stored image that are missing (at upload, and for older images later).

    Only widths below the image's own are made: a copy is never upscaled, the image itself is the widest.
    """
    path = _inside_media(filename)
    size = _pixel_size(str(path)) if path is not None else None
    if path is None or size is None:
        return []
    made, data = [], b""
    for width in VARIANT_WIDTHS:
        if width >= size[0]:
            break
        target = media_dir() / variant_name(filename, width)
        if not target.exists():
            data = data or path.read_bytes()
            target.write_bytes(narrower(data, width))
        made.append(target.name)
    return made


@bp.app_template_global("srcset")
def srcset(filename: str | None) -> str:
    """The srcset of a stored image: its narrower copies that exist, then the image at its own width.

    Empty when there is no copy (an image stored before copies were made): the <img> keeps its single src.
    """
    size = image_size(filename)
    if not filename or size is None:
        return ""
    candidates = [
        f"{url_for('media.media', filename=variant_name(filename, width))} {width}w"
        for width in VARIANT_WIDTHS
        if width < size[0] and (media_dir() / variant_name(filename, width)).is_file()
    ]
    if not candidates:
        return ""
    return ", ".join([*candidates, f"{url_for('media.media', filename=filename)} {size[0]}w"])


@functools.lru_cache(maxsize=1024)
def _pixel_size(path: str) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:
            return image.width, image.height
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError):
        return None


def image_size(filename: str | None) -> tuple[int, int] | None:
    """Width and height of a stored image, for the <img> attributes that keep the layout from jumping.

    Read once with Pillow (only the header is decoded) and cached: a media name changes with its content, so
    a cached size never goes stale.
    """
    if not filename:
        return None
    path = _inside_media(filename)
    return _pixel_size(str(path)) if path is not None else None


@bp.get("/media/<path:filename>")
def media(filename: str) -> ResponseReturnValue:
    response = send_from_directory(media_dir(), filename, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    response.cache_control.public = True
    return response
