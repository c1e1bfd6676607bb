"""Reading leads to buying: the offers sit right under the title, press pages end with a way to buy, and
English readers learn the book is in French."""

from __future__ import annotations

import json

import pytest
from lxml import html

REVIEW = "/presse/reseau-des-cci-pratiques-web-social"
INTERVIEW = "/entretiens/trois-community-managers-racontent-leur-livre"
HERO = "//div[contains(concat(' ', @class, ' '), ' book-hero ')]"
BUY = "//section[@id='acheter']"


def _tree(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_hero_holds_the_offers(client, demo, lang: str) -> None:
    hero = _tree(client, f"/{lang}/").xpath(HERO)[0]
    assert hero.xpath(".//img[@class='cover']") and hero.xpath(".//h1")
    assert len(hero.xpath(".//li[@class='offer']//p[@class='price']")) == 3
    assert hero.xpath(".//li[@class='offer']//form//button")


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", [REVIEW, INTERVIEW])
def test_press_pages_end_with_a_link_to_buy(client, demo, lang: str, path: str) -> None:
    tree = _tree(client, f"/{lang}{path}")
    [link] = tree.xpath("//p[@class='buy-cta']/a")
    assert link.get("href") == f"/{lang}/#acheter"
    assert link.getparent().getprevious().tag == "article"  # right after the review or interview


def test_english_pages_say_the_book_is_in_french(client, demo) -> None:
    assert "The book is in French." in _tree(client, "/en/").xpath(BUY)[0].text_content()
    assert "en français" not in _tree(client, "/fr/").xpath(BUY)[0].text_content()


def test_json_ld_says_the_book_is_in_french_on_english_pages(client, demo) -> None:
    [script] = _tree(client, "/en/").xpath("//script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["inLanguage"] == "fr"
    assert {edition["inLanguage"] for edition in data["workExample"]} == {"fr"}
