"""Legal texts from the database: the shop starts with today's texts, each save is a new version, orders keep theirs."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from shop.catalog.models import EditionFormat, Publisher
from shop.orders.models import Order
from shop.settings import legal
from shop.settings.models import LegalPage, LegalVersion
from tests.backoffice.conftest import login
from tests.checkout.conftest import add, checkout
from tests.factories import make_user

EDITOR = "/tableau-de-bord/reglages/textes-legaux/cgv"


@pytest.fixture
def staff(app, db, book):
    user = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    client = app.test_client()
    login(client, user)
    return client


def _text(response) -> str:
    raw = response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ").replace("&#39;", "'")
    return re.sub(r"\s+", " ", raw)


def _save(staff, fr: str, en: str = "## Terms\n\nNew.", action: str = "save"):
    return staff.post(EDITOR, data={"body_fr": fr, "body_en": en, "action": action})


def test_a_fresh_shop_shows_todays_pages_with_the_database_filled_in(client, db, book) -> None:
    publisher = db.session.scalars(sa.select(Publisher)).one()
    publisher.host, publisher.host_address, publisher.host_phone = (
        "OVH SAS",
        "2 rue Kellermann, 59100 Roubaix",
        "1007",
    )
    db.session.commit()
    terms = _text(client.get("/fr/cgv"))
    for words in ("Conditions générales de vente", "1. Vendeur", publisher.name, "5. Droit de rétractation",
                  "Formulaire de rétractation", "France métropolitaine (Colissimo)", "2 à 4 jours ouvrés",
                  "valables 30 jours et pour 5 téléchargements", "Version 1"):  # fmt: skip
        assert words in terms, words
    assert "{{" not in terms
    notice = _text(client.get("/fr/mentions-legales"))
    assert (
        "OVH SAS" in notice and "2 rue Kellermann, 59100 Roubaix" in notice and "Téléphone : 1007" in notice
    )
    privacy = _text(client.get("/fr/confidentialite"))
    assert f"Responsable du traitement : {publisher.name}" in privacy and "{{" not in privacy


def test_a_saved_text_is_a_new_version_and_orders_keep_the_one_accepted(app, staff, client, db, book) -> None:
    add(client, book.edition(EditionFormat.PRINT))
    assert checkout(client, waiver=None).status_code == 303
    first = db.session.scalars(sa.select(Order)).one()
    assert first.terms_version == "1"

    response = _save(
        staff, "## Nouveau\n\nLes livres voyagent vite.\n\n{{ delivery_rates }}\n\n{{ withdrawal_form }}"
    )
    assert response.status_code == 303
    versions = db.session.scalars(sa.select(LegalVersion).order_by(LegalVersion.number)).all()
    assert [(v.number, v.author_email) for v in versions] == [(1, ""), (2, "editeur@example.com")]
    page = _text(client.get("/fr/cgv"))
    assert "Les livres voyagent vite." in page and "Version 2" in page and "1. Vendeur" not in page
    assert "2 à 4 jours ouvrés" in page and "Formulaire de rétractation" in page

    client.get("/fr/panier")
    add(client, book.edition(EditionFormat.PRINT))
    assert checkout(client, waiver=None).status_code == 303
    orders = db.session.scalars(sa.select(Order).order_by(Order.id)).all()
    assert [o.terms_version for o in orders] == ["1", "2"]
    old = client.get("/fr/cgv?version=1")
    assert old.status_code == 200 and "1. Vendeur" in _text(old) and "remplacée depuis" in _text(old)
    order_page = _text(staff.get(f"/tableau-de-bord/commandes/{first.id}"))
    assert (
        "Conditions générales de vente acceptées : version 1" in order_page
        and "/fr/cgv?version=1" in order_page
    )
    history = _text(staff.get(EDITOR))
    assert "editeur@example.com" in history and "/fr/cgv?version=1" in history and "en vigueur" in history


def test_saving_the_same_text_makes_no_version(staff, db) -> None:
    current = legal.latest(LegalPage.TERMS)
    assert _save(staff, current.body_fr, current.body_en).status_code == 303
    assert legal.latest(LegalPage.TERMS).number == 1


def test_preview_shows_without_saving(staff, db) -> None:
    response = _save(staff, "## Essai\n\n{{ seller }}", action="preview")
    assert response.status_code == 200 and "<h2>Essai</h2>" in _text(response)
    assert "Contact :" in _text(response)  # the seller block filled in
    assert db.session.scalar(sa.select(sa.func.count(LegalVersion.id))) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Bonjour {{ vendeur }}", "Champ inconnu : {{ vendeur }}"),
        ("Voir {{ delivery_rates }} ici.", "Placez {{ delivery_rates }} seul sur sa ligne"),
        ("", "Merci d’écrire le texte."),
        ("a\x00b", "caractères"),
        ("x" * 100_001, "100000"),
    ],
)
def test_bad_legal_text_is_shown_again_with_a_message(staff, db, text: str, message: str) -> None:
    response = _save(staff, text)
    page = _text(response)
    assert response.status_code == 422
    assert message.replace("’", "'") in page.replace("’", "'"), re.findall(r'class="error"[^<]*<', page)
    if text and len(text) < 100 and "\x00" not in text:
        assert text in page
    assert db.session.scalar(sa.select(sa.func.count(LegalVersion.id))) == 0


@pytest.mark.parametrize(("query", "status"), [("version=1", 200), ("version=2", 404), ("version=abc", 400),
                                               ("version=0", 400), ("version=", 200)])  # fmt: skip
def test_version_parameter(client, book, query: str, status: int) -> None:
    assert client.get(f"/fr/cgv?{query}").status_code == status


def test_raw_html_in_a_legal_text_is_not_run(staff, client, db) -> None:
    assert _save(staff, "## Titre\n\n<script>alert(1)</script> <b onclick=x>gras</b>").status_code == 303
    page = client.get("/fr/cgv").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "onclick" not in page


@pytest.mark.parametrize(("stored", "number"), [("2026-11", 1), ("1", 1), ("12", 12), (None, None), ("x", None),
                                                ("²", None)])  # fmt: skip
def test_the_version_an_order_recorded(stored: str | None, number: int | None) -> None:
    assert legal.accepted_terms_number(stored) == number
