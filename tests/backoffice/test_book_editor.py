"""The publisher edits the book's texts, facts, cover and sample chapter; refused files re-display with a reason,
and the public pages follow at once (the content version moves)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from shop.catalog.demo_assets import make_sample_epub, make_sample_pdf
from shop.public.content_version import read_version
from tests.backoffice.conftest import login
from tests.delivery.test_watermark import _epubcheck

EPUB = make_sample_epub("Le Community Management", ["Catherine Ertzscheid"], "fr", 1)
PDF = make_sample_pdf("Le Community Management", ["Catherine Ertzscheid"], pages=2)


def _form(book, **changes):
    data = {"title": book.title, "subtitle_fr": "Nouveau sous-titre", "subtitle_en": "New subtitle",
            "pitch_fr": "Le guide.", "pitch_en": "The guide.", "pages": "312", "published_on": "2026-09-01"}  # fmt: skip
    return {**data, **changes}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 450), (20, 60, 90)).save(out, format="PNG")
    return out.getvalue()


def test_publisher_edits_the_book_and_the_public_page_follows(client, db, book, publisher) -> None:
    login(client, publisher)
    page = client.get("/tableau-de-bord/livre").get_data(as_text=True)
    assert book.title in page
    assert "Nouveau sous-titre" not in client.get("/fr/").get_data(as_text=True)  # now in the page cache
    before = read_version(db.session)
    response = client.post(
        "/tableau-de-bord/livre", data=_form(book, title="Le Community Management, 2e édition")
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert book.title == "Le Community Management, 2e édition" and book.pages == 312
    assert book.subtitle == {"fr": "Nouveau sous-titre", "en": "New subtitle"}
    assert read_version(db.session) > before
    assert "Nouveau sous-titre" in client.get("/fr/").get_data(as_text=True)
    assert "New subtitle" in client.get("/en/").get_data(as_text=True)


def test_cover_and_samples_are_uploaded_and_linked_from_the_book_page(
    client, db, app, book, publisher
) -> None:
    login(client, publisher)
    files = {"cover": (io.BytesIO(_png()), "cover.png"), "sample_epub": (io.BytesIO(EPUB), "extrait.epub"),
             "sample_pdf": (io.BytesIO(PDF), "extrait.pdf")}  # fmt: skip
    response = client.post("/tableau-de-bord/livre", data={**_form(book), **files},
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 303
    db.session.expire_all()
    assert book.cover.endswith(".webp") and (book.cover_width, book.cover_height) == (300, 450)
    assert book.sample_epub.endswith(".epub") and book.sample_pdf.endswith(".pdf")
    page = client.get("/fr/").get_data(as_text=True)
    for name, data in ((book.sample_epub, EPUB), (book.sample_pdf, PDF)):
        assert f"/media/{name}" in page
        with client.get(f"/media/{name}") as download:
            assert download.status_code == 200 and download.get_data() == data
    # The sample readers get passes EPUBCheck, like the stamped copies of the e-book masters.
    result = _epubcheck(Path(app.config["MEDIA_DIR"]) / book.sample_epub)
    assert result.returncode == 0, result.stdout + result.stderr


BROKEN = [
    ("sample_epub", b"PK\x03\x04 not really a zip", "pas un fichier EPUB"),
    ("sample_epub", b"", "vide"),
    ("sample_pdf", b"%PDF-1.7 broken", "Ce PDF "),
    ("sample_pdf", EPUB, "pas un fichier PDF"),
    ("cover", b"GIF89a nope", "image"),
]


@pytest.mark.parametrize(("field", "data", "reason"), BROKEN)
def test_refused_files_redisplay_with_a_reason(client, db, book, publisher, field, data, reason) -> None:
    login(client, publisher)
    response = client.post("/tableau-de-bord/livre", content_type="multipart/form-data",
                           data={**_form(book, title="Titre gardé ?"), field: (io.BytesIO(data), "f.bin")})  # fmt: skip
    db.session.expire_all()
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Fichier refusé" in page and reason.lower() in page.lower()
    assert "Titre gardé ?" in page  # the input is kept...
    assert book.title != "Titre gardé ?" and getattr(book, field) is None  # ...and nothing is saved


def test_sample_too_large_is_refused(client, db, book, publisher, monkeypatch) -> None:
    monkeypatch.setattr("shop.catalog.book_actions.SAMPLE_MAX_BYTES", 1000)
    login(client, publisher)
    response = client.post("/tableau-de-bord/livre", content_type="multipart/form-data",
                           data={**_form(book), "sample_pdf": (io.BytesIO(PDF), "gros.pdf")})  # fmt: skip
    assert response.status_code == 422 and "Le fichier dépasse" in response.get_data(as_text=True)


def test_a_sample_can_be_removed(client, db, book, publisher) -> None:
    login(client, publisher)
    client.post("/tableau-de-bord/livre", content_type="multipart/form-data",
                data={**_form(book), "sample_pdf": (io.BytesIO(PDF), "extrait.pdf")})  # fmt: skip
    db.session.expire_all()
    assert book.sample_pdf
    client.post("/tableau-de-bord/livre", data={**_form(book), "remove_sample_pdf": "y"})
    db.session.expire_all()
    assert book.sample_pdf is None
    assert "Sample chapter (PDF)" not in client.get("/en/").get_data(as_text=True)


def test_preview_shows_the_markdown_and_saves_nothing(client, db, book, publisher) -> None:
    login(client, publisher)
    form = _form(
        book, description_fr="## Pourquoi\n\nUn **guide**.", table_of_contents_en="1. *One*", preview="1"
    )
    response = client.post("/tableau-de-bord/livre", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<strong>guide</strong>" in page and "<em>One</em>" in page
    db.session.expire_all()
    assert book.description.get("fr") != "## Pourquoi\n\nUn **guide**." and book.pages != 312
