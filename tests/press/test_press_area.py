"""The press kit, the press release PDF, and review-copy requests moderated by the publisher."""

from __future__ import annotations

import io
import time

import sqlalchemy as sa
from flask import g
from pypdf import PdfReader

from shop.press.forms import make_token
from shop.press.models import RequestStatus, ReviewCopyRequest
from tests.backoffice.conftest import login
from tests.factories import make_author, make_book, make_user


def _book(db):
    book = make_book(
        title="Le Community Management", cover="covers/lcm.jpg", cover_width=1600, cover_height=2400
    )
    book.authors.append(make_author(name="Catherine Ertzscheid", photo="authors/catherine.jpg"))
    db.session.commit()
    return book


def test_press_kit_has_cover_photos_facts_and_contact_in_both_languages(client, db) -> None:
    book = _book(db)
    isbn = next(e.isbn13 for e in book.editions if e.format.value == "print")
    for lang, heading in (("fr", "Fiche technique"), ("en", "Fact sheet")):
        g.pop(
            "_flask_babel", None
        )  # the test client shares the test's `g`, where Flask-Babel caches the locale
        response = client.get(f"/{lang}/espace-presse/")
        page = response.get_data(as_text=True)
        assert heading in page and isbn in page and "224" in page
        assert (
            "/media/covers/lcm.jpg" in page
            and "1600 × 2400" in page
            and "/media/authors/catherine.jpg" in page
        )
        assert "editeur@example.test" in page
        assert "Set-Cookie" not in response.headers


def test_press_release_pdf_carries_the_facts(client, db) -> None:
    book = _book(db)
    response = client.get("/en/espace-presse/communique.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Le Community Management" in text and "Fact sheet" in text
    assert next(e.isbn13 for e in book.editions if e.format.value == "ebook") in text


def _request(client, **fields):
    data = {"name": "Jean Dupont", "outlet": "Le Monde", "email": "Jean@Example.com", "reason": "A review",
            "token": make_token(time.time() - 10), **fields}  # fmt: skip
    return client.post("/fr/espace-presse/exemplaire", data=data)


def test_review_copy_request_is_stored_and_moderated(client, db) -> None:
    _book(db)
    form = client.get("/fr/espace-presse/exemplaire")
    assert form.headers["Cache-Control"] == "no-store"
    assert _request(client).headers["Location"] == "/fr/espace-presse/exemplaire/merci"
    found = db.session.scalars(sa.select(ReviewCopyRequest)).one()
    assert (found.email, found.status, found.locale) == ("jean@example.com", RequestStatus.PENDING, "fr")

    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, publisher)
    assert "Le Monde" in client.get("/tableau-de-bord/presse/exemplaires").get_data(as_text=True)
    client.post(f"/tableau-de-bord/presse/exemplaires/{found.id}", data={"decision": "approved"})
    db.session.expire_all()
    assert found.status == RequestStatus.APPROVED and found.decided_at is not None
    assert (
        client.post(f"/tableau-de-bord/presse/exemplaires/{found.id}", data={"decision": "x"}).status_code
        == 400
    )


def test_review_copy_form_refuses_forged_or_hasty_tokens_and_bots(client, db) -> None:
    _book(db)
    assert _request(client, token="forged").status_code == 422
    assert _request(client, token=make_token()).status_code == 422  # sent in under three seconds
    assert _request(client, website="spam").status_code == 303
    assert db.session.scalars(sa.select(ReviewCopyRequest)).first() is None
