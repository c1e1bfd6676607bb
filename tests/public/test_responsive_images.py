"""Issue 13, item 10: covers and author photos are stored with narrower copies and served with srcset and sizes."""

from __future__ import annotations

import io
import re

import pytest
from lxml import html
from PIL import Image

from shop.core.images import reencode
from shop.core.media import media_dir, store_media, variant_name


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def _width(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return image.width


@pytest.mark.parametrize(
    ("size", "widths"),
    [((1600, 2400), [240, 480, 960]), ((600, 900), [240, 480]), ((300, 300), [240]), ((200, 300), [])],
)
def test_a_stored_image_gets_its_narrower_copies_never_upscaled(app, size, widths) -> None:
    with app.test_request_context():
        data, _w, _h = reencode(_png(*size), 2400)
        name = store_media(data, "cover", "webp")
        made = sorted(p.name for p in media_dir().glob("cover-*w.webp"))
        assert made == sorted(variant_name(name, w) for w in widths)
        for width in widths:
            copy = (media_dir() / variant_name(name, width)).read_bytes()
            with Image.open(io.BytesIO(copy)) as image:
                assert image.format == "WEBP" and image.width == width
                assert image.height == round(size[1] * width / size[0])


def _candidates(img) -> list[tuple[str, int]]:
    found = []
    for part in img.get("srcset").split(","):
        url, descriptor = part.split()
        found.append((url, int(descriptor.removesuffix("w"))))
    return found


def _check_srcset(client, img) -> None:
    candidates = _candidates(img)
    assert len(candidates) >= 2 and img.get("sizes")
    assert img.get("width") and img.get("height")
    assert img.get("src") == candidates[-1][0]  # the full image stays the fallback
    for url, width in candidates:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _width(response.data) == width, url
        response.close()


def test_book_page_serves_the_cover_in_several_widths(client, demo) -> None:
    for lang in ("fr", "en"):
        doc = html.fromstring(client.get(f"/{lang}/").get_data(as_text=True))
        [cover] = doc.xpath("//img[contains(@class, 'cover')]")
        _check_srcset(client, cover)
        assert "18rem" in cover.get("sizes")
        # Link previews keep one URL: the full cover.
        assert doc.xpath("//meta[@property='og:image']/@content")[0].endswith(cover.get("src"))


def test_author_pages_serve_photos_in_several_widths(client, demo) -> None:
    doc = html.fromstring(client.get("/fr/auteurs/").get_data(as_text=True))
    photos = doc.xpath("//ul[contains(@class, 'author-list')]//img")
    assert len(photos) == 3
    for img in photos:
        _check_srcset(client, img)
    doc = html.fromstring(client.get("/fr/auteurs/catherine-ertzscheid").get_data(as_text=True))
    [portrait] = doc.xpath("//img[contains(@class, 'portrait')]")
    _check_srcset(client, portrait)


def test_images_without_copies_still_render(client, demo) -> None:
    for copy in media_dir().glob("*-[0-9]*w.webp"):
        copy.unlink()
    body = client.get("/en/").get_data(as_text=True)
    [cover] = html.fromstring(body).xpath("//img[contains(@class, 'cover')]")
    assert cover.get("srcset") is None and cover.get("sizes") is None
    served = client.get(cover.get("src"))
    assert served.status_code == 200
    served.close()
    assert cover.get("width") == "600" and cover.get("height") == "900"


def test_demo_loader_gives_older_images_their_copies(app, client, demo) -> None:
    from shop.catalog.demo import load_demo

    for copy in media_dir().glob("*-[0-9]*w.webp"):
        copy.unlink()
    load_demo()
    body = client.get("/fr/").get_data(as_text=True)
    assert re.search(r'srcset="[^"]*-240w\.webp 240w', body)
