"""Every change made through the book editor is logged (who, when, field, old -> new) and shown on the editor page
as plain sentences, in French and in English."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from lxml import html

from shop.catalog.changelog import STORED_CHARS
from shop.catalog.demo_assets import make_sample_pdf
from shop.catalog.models import ChangeLog, EditionFormat
from tests.backoffice.conftest import login
from tests.backoffice.test_book_editions import _form as editions_form
from tests.backoffice.test_words_not_codes import _offences
from tests.factories import make_author, make_retailer, make_user

EDITOR = "/tableau-de-bord/livre"
KOBO = "https://www.kobo.com/fr/fr/ebook/le-community-management"
LONG = "Un très long texte. " * 100

SENTENCES = {
    "fr": [
        "Catherine Ertzscheid a changé le titre : « Book » → « Le Community Management »",
        "Catherine Ertzscheid a changé la description en français : « Description » → « Un très long texte.",
        "Catherine Ertzscheid a changé la date de publication : 10 septembre 2010 → 1 septembre 2026",
        "Catherine Ertzscheid a changé le nombre de pages : 224 → 312",
        "Catherine Ertzscheid a ajouté la couverture.",
        "Catherine Ertzscheid a ajouté l'extrait (PDF).",
        "Catherine Ertzscheid a changé le prix de l'édition imprimée : 19,90 € → 25,00 €",
        "Catherine Ertzscheid a changé l'ISBN de l'édition imprimée :",
        "→ 978-2-35456-030-0",
        "Catherine Ertzscheid a retiré l'offre groupée de la vente.",
        f"Catherine Ertzscheid a ajouté un lien vers Kobo pour le livre numérique : {KOBO}",
        "Catherine Ertzscheid a renommé le lien « Fnak » en « Fnac » pour l'édition imprimée.",
        "Catherine Ertzscheid a changé le lien Fnac pour l'édition imprimée : https://www.fnac.com/a1/x → "
        "https://livre.fnac.com/a2/lcm",
        "Catherine Ertzscheid a supprimé le lien Fnac pour l'édition imprimée.",
    ],
    "en": [
        "Catherine Ertzscheid changed the title: “Book” → “Le Community Management”",
        "Catherine Ertzscheid changed the publication date: September 10, 2010 → September 1, 2026",
        "Catherine Ertzscheid added the cover.",
        "Catherine Ertzscheid added the sample chapter (PDF).",
        "Catherine Ertzscheid changed the price of the print edition: €19.90 → €25.00",
        "Catherine Ertzscheid took the bundle off sale.",
        f"Catherine Ertzscheid added a link to Kobo for the e-book: {KOBO}",
        "Catherine Ertzscheid removed the Fnac link for the print edition.",
    ],
}


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 90)).save(out, format="PNG")
    return out.getvalue()


def _make_every_kind_of_change(client, db, book) -> None:
    book.title = "Book"
    fnac = make_retailer(book, "print", name="Fnak", url="https://www.fnac.com/a1/x")
    db.session.commit()
    texts = {"title": "Le Community Management", "subtitle_fr": "Sous-titre", "subtitle_en": "Subtitle",
             "pitch_fr": "Accroche", "pitch_en": "Pitch", "description_fr": LONG, "description_en": "Description EN",
             "table_of_contents_fr": "1. Un", "table_of_contents_en": "1. One", "published_on": "2026-09-01",
             "pages": "312"}  # fmt: skip
    files = {
        "cover": (io.BytesIO(_png()), "c.png"),
        "sample_pdf": (io.BytesIO(make_sample_pdf("T", ["A"], 1)), "s.pdf"),
    }
    assert client.post(EDITOR, data={**texts, **files}, content_type="multipart/form-data").status_code == 303
    changes = {"print_price": "25.00", "print_isbn13": "978-2-35456-030-0", "bundle_active": None}
    assert client.post(f"{EDITOR}/editions", data=editions_form(book, **changes)).status_code == 303
    ebook = book.edition(EditionFormat.EBOOK)
    new = f"new-{ebook.id}-"
    link = {new + "name": "Kobo", new + "url": KOBO}
    assert client.post(f"{EDITOR}/editions/{ebook.id}/liens", data=link).status_code == 303
    edit = {f"link-{fnac.id}-name": "Fnac", f"link-{fnac.id}-url": "https://livre.fnac.com/a2/lcm"}
    assert client.post(f"{EDITOR}/liens/{fnac.id}", data=edit).status_code == 303
    assert client.post(f"{EDITOR}/liens/{fnac.id}/supprimer").status_code == 303


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_change_is_logged_and_reads_as_a_sentence(client, db, book, lang) -> None:
    catherine = make_user(
        "publisher", email="catherine@example.com", author=make_author(name="Catherine Ertzscheid")
    )
    db.session.commit()
    login(client, catherine)
    _make_every_kind_of_change(client, db, book)

    rows = db.session.scalars(sa.select(ChangeLog).order_by(ChangeLog.id)).all()
    fields = {(r.field, r.edition_format.value if r.edition_format else None) for r in rows}
    assert {("title", None), ("description.fr", None), ("published_on", None), ("pages", None), ("cover", None),
            ("sample_pdf", None), ("price", "print"), ("isbn", "print"), ("active", "bundle"), ("link", "ebook"),
            ("link.name", "print"), ("link", "print")} <= fields  # fmt: skip
    assert all(r.user_id == catherine.id and r.actor == "Catherine Ertzscheid" and r.at for r in rows)
    assert ("subtitle.fr", None) not in fields  # unchanged values are not logged
    long_row = next(r for r in rows if r.field == "description.fr")
    assert len(long_row.new_value) == STORED_CHARS and long_row.new_value.endswith("…")

    page = client.get(EDITOR, query_string={"lang": lang}).get_data(as_text=True)
    history = html.fromstring(page).xpath("//ul[@class='history']")[0]
    text = " ".join(history.text_content().replace("\xa0", " ").replace("\u202f", " ").split())
    for sentence in SENTENCES[lang]:
        assert sentence in text, (sentence, text)
    assert LONG.strip() not in text  # long text is cut in the history
    assert _offences(page) == []  # no field name, edition format or other code on the page


def test_the_demo_loader_is_named_in_words(runner, client, db, publisher) -> None:
    assert runner.invoke(args=["shop", "demo"]).exit_code == 0
    login(client, publisher)
    page = client.get(EDITOR).get_data(as_text=True)
    assert "Le chargement de la démo a ajouté un lien vers Kobo pour le livre numérique" in page


def test_saving_untouched_text_logs_nothing(client, db, book, publisher) -> None:
    """Browsers send text areas with CRLF line breaks: the same text, not a change."""
    book.table_of_contents = {"fr": "1. Un\n2. Deux", "en": "1. One\n2. Two"}
    db.session.commit()
    login(client, publisher)
    form = {"title": book.title, "subtitle_fr": "Sous-titre", "subtitle_en": "Subtitle", "pitch_fr": "Accroche",
            "pitch_en": "Pitch", "description_fr": "Description", "description_en": "Description EN",
            "table_of_contents_fr": "1. Un\r\n2. Deux", "table_of_contents_en": "1. One\r\n2. Two",
            "published_on": "2010-09-10", "pages": "224"}  # fmt: skip
    assert client.post(EDITOR, data=form).status_code == 303
    assert db.session.scalars(sa.select(ChangeLog)).all() == []
