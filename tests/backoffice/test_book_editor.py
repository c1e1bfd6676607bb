"""The publisher edits the book's texts, facts and ISBNs; invalid ISBNs are refused with a reason."""

from __future__ import annotations

from shop.catalog.models import EditionFormat
from tests.backoffice.conftest import login

VALID = "9782354560126"


def _isbn(book, fmt: str) -> str | None:
    edition = book.edition(EditionFormat(fmt))
    return edition.isbn13 if edition else None


def _form(book, **changes: str) -> dict[str, str]:
    data = {"title": book.title, "subtitle_fr": "Nouveau sous-titre", "subtitle_en": "New subtitle",
            "pitch_fr": "Le guide.", "pitch_en": "The guide.", "pages": "312", "published_on": "2026-09-01",
            "isbn_print": _isbn(book, "print") or "", "isbn_ebook": _isbn(book, "ebook") or "",
            "isbn_bundle": _isbn(book, "bundle") or ""}  # fmt: skip
    return {**data, **changes}


def test_publisher_edits_the_book_and_the_public_page_follows(client, db, book, publisher) -> None:
    login(client, publisher)
    page = client.get("/tableau-de-bord/livre").get_data(as_text=True)
    assert book.title in page
    response = client.post(
        "/tableau-de-bord/livre", data=_form(book, title="Le Community Management, 2e édition")
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert book.title == "Le Community Management, 2e édition" and book.pages == 312
    assert book.subtitle == {"fr": "Nouveau sous-titre", "en": "New subtitle"}
    assert "Nouveau sous-titre" in client.get("/fr/").get_data(as_text=True)
    assert "New subtitle" in client.get("/en/").get_data(as_text=True)


def test_invalid_or_duplicate_isbn_is_refused(client, db, book, publisher) -> None:
    login(client, publisher)
    bad = client.post("/tableau-de-bord/livre", data=_form(book, isbn_print="9782354560127"))
    assert bad.status_code == 422 and "ISBN-13 valide" in bad.get_data(as_text=True)
    same = client.post("/tableau-de-bord/livre", data=_form(book, isbn_print=VALID, isbn_ebook=VALID))
    assert same.status_code == 422 and "son propre ISBN" in same.get_data(as_text=True)
    db.session.expire_all()
    assert book.subtitle != {"fr": "Nouveau sous-titre", "en": "New subtitle"}
