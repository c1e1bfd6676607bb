"""Issue 13, item 10: a cover or an author photo uploaded in the back office is stored with its srcset copies."""

from __future__ import annotations

import io

from lxml import html

from shop.core.media import media_dir, variant_name
from tests.backoffice.conftest import login
from tests.public.test_responsive_images import _candidates, _png, _width


def test_uploaded_cover_gets_its_copies(client, db, book, publisher) -> None:
    from tests.backoffice.test_book_editor import _form

    login(client, publisher)
    response = client.post(
        "/tableau-de-bord/livre",
        data=_form(book) | {"cover": (io.BytesIO(_png(1200, 1800)), "cover.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert book.cover.endswith(".webp") and (book.cover_width, book.cover_height) == (1067, 1600)
    for width in (240, 480, 960):
        assert _width((media_dir() / variant_name(book.cover, width)).read_bytes()) == width
    doc = html.fromstring(client.get("/en/").get_data(as_text=True))
    [cover] = doc.xpath("//img[contains(@class, 'cover')]")
    assert [w for _u, w in _candidates(cover)] == [240, 480, 960, 1067]


def test_uploaded_author_photo_gets_its_copy(client, db, author_user) -> None:
    login(client, author_user)
    data = {"bio_fr": "Bio", "bio_en": "Bio", "links": "", "photo": (io.BytesIO(_png(900, 900)), "me.png")}
    assert (
        client.post("/espace-auteur/profil", data=data, content_type="multipart/form-data").status_code == 303
    )
    db.session.expire_all()
    photo = author_user.author.photo
    assert _width((media_dir() / photo).read_bytes()) == 480
    assert _width((media_dir() / variant_name(photo, 240)).read_bytes()) == 240
    assert not (media_dir() / variant_name(photo, 480)).exists()  # never as wide as the photo itself
