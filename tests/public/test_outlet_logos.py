"""Outlet logos on the press pages: sized from the file (read once, cached), lazy-loaded, decorative."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from PIL import Image

from shop.core.media import image_size, media_dir, store_media
from shop.editorial.models import PressReview

REVIEW = "reseau-des-cci-pratiques-web-social"


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, format="PNG")
    return out.getvalue()


def test_logo_has_its_size_and_loads_lazily(client, demo) -> None:
    review = demo.session.scalars(sa.select(PressReview).filter_by(slug=REVIEW)).one()
    review.outlet_logo = store_media(_png(240, 60), "logo-vedocci", "png")
    demo.session.commit()
    expected = re.compile(
        r'<img class="outlet-logo" src="/media/logo-vedocci-\w+\.png" alt="" width="240" height="60" loading="lazy"'
    )
    for url in (f"/fr/presse/{review.slug}", "/en/presse/"):
        assert expected.search(client.get(url).get_data(as_text=True)), url


def test_size_is_read_once_and_cached(app, db) -> None:
    name = store_media(_png(90, 30), "logo-cached", "png")
    assert image_size(name) == (90, 30)
    (media_dir() / name).unlink()
    assert image_size(name) == (90, 30)  # served from the cache: the file is not opened again


def test_missing_or_foreign_files_give_no_size(app, db) -> None:
    assert image_size(None) is None
    assert image_size("nope.png") is None
    assert image_size("../../etc/passwd") is None


def test_review_without_logo_shows_none(client, demo) -> None:
    assert "outlet-logo" not in client.get(f"/fr/presse/{REVIEW}").get_data(as_text=True)
