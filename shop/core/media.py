"""Uploaded and generated images and samples, served from MEDIA_DIR under content-hashed names."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from flask import Blueprint, current_app, send_from_directory
from flask.typing import ResponseReturnValue
from PIL import Image, UnidentifiedImageError

bp = Blueprint("media", __name__)

ONE_YEAR = 365 * 24 * 3600


def media_dir() -> Path:
    return Path(current_app.config["MEDIA_DIR"])


def store_media(data: bytes, stem: str, extension: str) -> str:
    """Write bytes under a name that changes with the content, so the URL can be cached forever."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"{stem}-{digest}.{extension.lstrip('.')}"
    target = media_dir() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.write_bytes(data)
    return name


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
    root = media_dir().resolve()
    path = (root / filename).resolve()
    if not path.is_relative_to(root):
        return None
    return _pixel_size(str(path))


@bp.get("/media/<path:filename>")
def media(filename: str) -> ResponseReturnValue:
    response = send_from_directory(media_dir(), filename, max_age=ONE_YEAR)
    response.cache_control.immutable = True
    response.cache_control.public = True
    return response
