"""Issue 11, finding 15: the test payment mode delivers only to a country of the shipping rate chosen in the cart,
as Stripe does (its fee was computed for that rate)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from lxml import html

from shop.orders.models import Order
from shop.orders.states import OrderStatus
from tests.checkout.conftest import add, checkout

ADDRESS = {"action": "pay", "name": "Zoé", "line1": "3 quai Wilson", "postal_code": "1201", "city": "Genève"}


def _payment_page(client, editions, lang: str = "fr", rate: str = "fr") -> str:
    add(client, editions["print"], lang=lang)
    response = checkout(client, lang=lang, shipping_rate=rate)
    assert response.status_code == 303
    return response.headers["Location"]


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fr", "La livraison choisie ne dessert pas ce pays. Merci de choisir un pays dans la liste."),
        ("en", "The delivery you chose does not go to this country. Please choose a country from the list."),
    ],
)
@pytest.mark.parametrize("country", ["CH", "ZZ", ""])
def test_a_country_outside_the_chosen_rate_is_refused(client, db, editions, lang, message, country) -> None:
    page = _payment_page(client, editions, lang)
    response = client.post(page, data={**ADDRESS, "country": country})
    assert response.status_code == 422
    doc = html.fromstring(response.get_data(as_text=True))
    assert message in doc.text_content()
    assert doc.xpath("//input[@name='line1']/@value") == ["3 quai Wilson"]  # what the buyer typed is kept
    assert doc.xpath("//input[@name='city']/@value") == ["Genève"]
    assert doc.xpath("//select[@name='country']/@aria-invalid") == ["true"]
    db.session.expire_all()
    order = db.session.scalars(sa.select(Order)).one()
    assert order.status == OrderStatus.PENDING and order.shipping_country is None


def test_the_page_offers_only_the_rate_countries_and_accepts_them(client, db, editions) -> None:
    page = _payment_page(client, editions, rate="fr")
    doc = html.fromstring(client.get(page).get_data(as_text=True))
    assert doc.xpath("//select[@name='country']/option/@value") == ["FR", "MC"]
    assert "Monaco" in doc.xpath("string(//select[@name='country'])")
    response = client.post(page, data={**ADDRESS, "country": "MC"})
    assert response.status_code == 303
    db.session.expire_all()
    order = db.session.scalars(sa.select(Order)).one()
    assert order.status == OrderStatus.PAID and order.shipping_country == "MC"


def test_a_swiss_rate_accepts_switzerland(client, db, editions) -> None:
    page = _payment_page(client, editions, rate="ch")
    assert client.post(page, data={**ADDRESS, "country": "CH"}).status_code == 303
