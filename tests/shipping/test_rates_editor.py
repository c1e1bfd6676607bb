"""The delivery rates editor: the loi Darcos enforced by name, one zone per country, and the cart offering the zones."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from shop.checkout.pricing import PricingRuleError, check_rate
from shop.shipping.rates import active_rates, delivery_estimate, ensure_seeded
from shop.shipping.rates_model import ShippingZone
from tests.backoffice.conftest import login
from tests.checkout.conftest import add
from tests.factories import make_book, make_user

URL = "/tableau-de-bord/livraison/tarifs"
NORWAY = {
    "label_fr": "Norvège", "label_en": "Norway", "code": "no", "countries": "no, sj", "fee": "9,90",
    "fee_from_threshold": "9.90", "min_days": "5", "max_days": "9", "position": "5", "active": "y",
}  # fmt: skip


@pytest.fixture
def staff(app, db):
    user = make_user("publisher", email="editeur@example.com")
    make_book(title="Le Community Management")
    db.session.commit()
    client = app.test_client()
    login(client, user)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " "))


# Darcos (arrêté of 4 April 2023): 3.00 EUR at least under 35 EUR of books; never free from 35 EUR (law of 2014).
@pytest.mark.parametrize(
    ("under", "from_threshold", "refused_by"),
    [
        (300, 1, None),
        (450, 0.01 * 100, None),
        (1200, 1200, None),
        (299, 1, "loi Darcos"),
        (0, 500, "loi Darcos"),
        (300, 0, "8 July 2014"),
        (1000, 0, "8 July 2014"),
    ],
)
def test_darcos_rule_accepts_and_refuses_rates(
    app, under: int, from_threshold: float, refused_by: str | None
) -> None:
    if refused_by is None:
        check_rate("x", under, int(from_threshold))
    else:
        with pytest.raises(PricingRuleError, match=refused_by):
            check_rate("x", under, int(from_threshold))


@pytest.mark.parametrize(
    ("fee", "fee_from", "message"),
    [
        ("2,99", "5", "la loi Darcos impose au moins 3,00 EUR de livraison sous 35,00 EUR de livres"),
        ("0", "5", "la loi Darcos"),
        ("3", "0", "la livraison gratuite des livres est interdite (loi du 8 juillet 2014)"),
    ],
)
def test_the_editor_refuses_a_rate_naming_the_rule_and_keeps_the_input(
    staff, db, fee: str, fee_from: str, message: str
) -> None:
    response = staff.post(URL, data={**NORWAY, "fee": fee, "fee_from_threshold": fee_from})
    page = _text(response)
    assert response.status_code == 422
    assert message.replace("’", "'") in page.replace("’", "'").replace("&#39;", "'"), page[-3000:]
    assert 'value="Norvège"' in page and f'value="{fee}"' in page
    assert db.session.scalar(sa.select(ShippingZone).filter_by(code="no")) is None


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"countries": "XX, FR"}, "Code pays inconnu : XX"),
        ({"countries": "BE"}, "BE est déjà desservi par la zone « Union européenne »"),
        ({"countries": ""}, "Indiquez au moins un pays."),
        ({"code": "fr"}, "Une autre zone porte déjà ce code."),
        ({"code": "Pas Bon"}, "Uniquement des lettres minuscules"),
        ({"min_days": "9", "max_days": "5"}, "Le délai le plus long ne peut pas être plus court"),
        ({"min_days": "abc"}, "Merci d'indiquer un nombre entier."),
        ({"fee": "1e3"}, "Indiquez un prix en euros"),
        ({"label_fr": "a\x00b"}, "caractères"),
    ],
)
def test_bad_zone_input_is_shown_again_with_a_message(
    staff, db, changes: dict[str, Any], field_message: str
) -> None:
    response = staff.post(URL, data={**NORWAY, **changes})
    page = _text(response).replace("&#39;", "'").replace("’", "'")
    assert response.status_code == 422
    assert field_message.replace("’", "'") in page, page[-3000:]
    assert db.session.scalar(sa.select(sa.func.count(ShippingZone.id)).filter_by(code="no")) == 0


def test_add_edit_and_deactivate_a_zone_and_the_cart_follows(staff, db) -> None:
    assert staff.post(URL, data=NORWAY).status_code == 303
    zone = db.session.scalar(sa.select(ShippingZone).filter_by(code="no"))
    assert (
        zone.country_codes == ["NO", "SJ"]
        and zone.fee_cents == 990
        and (zone.min_days, zone.max_days) == (5, 9)
    )
    assert (
        len(db.session.scalars(sa.select(ShippingZone)).all()) == 4
    )  # the three starting zones were written down
    listing = _text(staff.get(URL))
    assert "Norvège" in listing and "Svalbard" in listing and "5 à 9 jours ouvrés" in listing

    buyer = staff.application.test_client()
    add(buyer, print_edition(db))
    cart = _text(buyer.get("/fr/panier"))
    assert (
        'value="no"' in cart
        and "Norvège · 9,90 €" in cart
        and "Livraison estimée : 5 à 9 jours ouvrés" in cart
    )
    assert "Livraison estimée : 2 à 4 jours ouvrés" in cart  # France, from the starting zones

    edit = f"{URL}/{zone.id}"
    assert 'value="9,90"' in _text(staff.get(edit))
    assert staff.post(edit, data={**NORWAY, "fee": "12", "min_days": "3", "max_days": "3"}).status_code == 303
    db.session.expire_all()
    assert zone.fee_cents == 1200
    assert "Norvège · 12,00 €" in _text(buyer.get("/fr/panier")) and "3 jours ouvrés" in _text(
        buyer.get("/fr/panier")
    )

    deactivated = {k: v for k, v in NORWAY.items() if k != "active"}
    assert staff.post(edit, data=deactivated).status_code == 303
    db.session.expire_all()
    assert zone.active is False and "no" not in {r.code for r in active_rates()}
    assert 'value="no"' not in _text(buyer.get("/fr/panier"))


def print_edition(db):
    from shop.catalog.models import Book, EditionFormat

    return db.session.scalars(sa.select(Book)).first().edition(EditionFormat.PRINT)


def test_the_last_zone_offered_cannot_be_switched_off(staff, db) -> None:
    ensure_seeded()
    db.session.commit()
    for raw in active_rates():
        zone = db.session.scalars(sa.select(ShippingZone).filter_by(code=raw.code)).one()
        data = {"label_fr": raw.label["fr"], "label_en": raw.label["en"], "code": raw.code,
                "countries": ",".join(raw.countries), "fee": str(raw.fee_cents / 100), "position": "0",
                "fee_from_threshold": f"{raw.fee_from_threshold_cents / 100:.2f}", "min_days": "1", "max_days": "2"}  # fmt: skip
        response = staff.post(f"{URL}/{zone.id}", data=data)
    assert response.status_code == 422
    assert "Il faut au moins un tarif de livraison" in _text(response), re.findall(
        r"class=\"error[^<]*<", _text(response)
    )
    assert [r.code for r in active_rates()] == ["ch"]


@pytest.mark.parametrize(
    ("low", "high", "lang", "words"),
    [(2, 4, "fr", "2 à 4 jours ouvrés"), (2, 4, "en", "2 to 4 working days"), (1, 1, "fr", "1 jour ouvré"),
     (3, 3, "en", "3 working days"), (None, None, "fr", "")],
)  # fmt: skip
def test_delivery_estimate_words(app, low, high, lang: str, words: str) -> None:
    from flask_babel import force_locale

    with app.test_request_context(f"/{lang}/"), force_locale(lang):
        assert delivery_estimate(low, high) == words
