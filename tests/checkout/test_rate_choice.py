"""The cart shows the total of the delivery rate the buyer last chose, and that is what Stripe is asked for."""

from __future__ import annotations

import re
from typing import Any

import pytest

from shop.checkout.pricing import DEFAULT_SHIPPING_RATES
from tests.checkout.conftest import add, checkout
from tests.fixtures.stripe_api import stripe_settings

RATE_CODES = [rate["code"] for rate in DEFAULT_SHIPPING_RATES]


@pytest.fixture
def app_overrides(stripe_standin) -> dict[str, Any]:
    return stripe_settings(stripe_standin)


def _cents(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">([^<]+)<', html)
    assert match, f"#{element_id} not on the page"
    return int(re.sub(r"\D", "", match.group(1)))


def _checked_rate(html: str) -> str:
    [code] = re.findall(r'name="shipping_rate" value="(\w+)" checked', html)
    return code


@pytest.mark.parametrize("fmt", ["print", "bundle"])
@pytest.mark.parametrize("code", RATE_CODES)
def test_rendered_total_is_the_amount_sent_to_stripe(client, db, editions, stripe_standin, code, fmt) -> None:
    add(client, editions[fmt])
    # The no-JavaScript path: pick a rate and press "update the total"; the cart remembers the choice.
    shown = client.post("/fr/panier/livraison", data={"shipping_rate": code, "email": "zoe@example.com"})
    assert shown.status_code == 200 and 'value="zoe@example.com"' in shown.get_data(as_text=True)
    page = client.get("/fr/panier").get_data(as_text=True)
    assert _checked_rate(page) == code
    total = _cents(page, "cart-total")
    assert _cents(page, "pay-amount") == total

    response = checkout(client, shipping_rate=code)
    assert response.status_code == 303, response.get_data(as_text=True)
    [call] = stripe_standin.calls("/v1/checkout/sessions")
    [session] = stripe_standin.sessions.values()
    assert session["amount_total"] == total
    fee = int(call.params["shipping_options"][0]["shipping_rate_data"]["fixed_amount"]["amount"])
    assert fee == _cents(page, "cart-delivery-fee")


def test_each_rate_carries_its_own_totals_for_the_script(client, db, editions) -> None:
    add(client, editions["print"])
    page = client.get("/en/panier").get_data(as_text=True)
    assert _checked_rate(page) == RATE_CODES[0]  # nothing chosen yet: the first rate
    totals = re.findall(r'data-total="([^"]+)"', page)
    assert len(totals) == len(RATE_CODES) and len(set(totals)) == len(RATE_CODES)
    assert re.search(r'<script src="/assets/js/cart\.\w+\.js" defer>', page)


def test_an_unknown_rate_keeps_the_last_choice(client, db, editions) -> None:
    add(client, editions["print"])
    client.post("/fr/panier/livraison", data={"shipping_rate": "ch"})
    client.post("/fr/panier/livraison", data={"shipping_rate": "mars"})
    assert _checked_rate(client.get("/fr/panier").get_data(as_text=True)) == "ch"
