"""Every public page, in both languages: content, metadata, no cookie, cache headers and 304, and the 404 cases."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from lxml import etree, html

from shop.catalog.models import Edition, EditionFormat
from shop.editorial.models import PublicationStatus
from tests.factories import make_interview, make_review

REVIEW = "/presse/reseau-des-cci-pratiques-web-social"
INTERVIEW = "/entretiens/trois-community-managers-racontent-leur-livre"
PAGES = {
    "/": ["Le Community Management", "Catherine Ertzscheid", "Vedocci"],
    "/auteurs/": ["Benoît Faverial", "Sylvain Guéguen"],
    "/auteurs/catherine-ertzscheid": ["Catherine Ertzscheid", "Trois community managers"],
    "/presse/": ["Mael Le Hir", "Vedocci"],
    REVIEW: ["Mael Le Hir", "aimable autorisation", "https://www.vedocci.fr/"],
    "/entretiens/": ["Trois community managers racontent leur livre"],
    INTERVIEW: ["Pourquoi ce livre\u202f?", "Catherine Ertzscheid"],  # French typography, on either page
    "/mentions-legales": ["Éditions Diateino", "RCS Paris"],
    "/cgv": ["CM2C", "L221-28"],
    "/confidentialite": ["CNIL"],
}
LOCALISED = {
    "fr": ["Ils parlent du livre", "Mentions légales"],
    "en": ["They talk about the book", "Legal notice"],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_public_page(client, demo, lang: str, path: str) -> None:
    response = client.get(f"/{lang}{path}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    for text in PAGES[path]:
        assert text in body, text
    assert LOCALISED[lang][1] in body
    doc = html.fromstring(body)
    assert doc.get("lang") == lang
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//link[@rel='canonical']/@href")[0].endswith(f"/{lang}{path}")
    assert {e.get("hreflang") for e in doc.xpath("//link[@rel='alternate'][@hreflang]")} == {
        "fr",
        "en",
        "x-default",
    }
    assert doc.xpath("//meta[@property='og:title']/@content")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=300"
    etag = response.headers["ETag"]
    again = client.get(f"/{lang}{path}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_language_switch_keeps_the_reader_on_the_same_content(client, demo) -> None:
    doc = html.fromstring(client.get(f"/fr{REVIEW}").get_data(as_text=True))
    assert doc.xpath("//nav[@class='lang-switch']//a[@hreflang='en']/@href") == [f"/en{REVIEW}"]


@pytest.mark.parametrize(("lang", "price"), [("fr", "19,90\xa0€"), ("en", "€19.90")])
def test_prices_are_formatted_for_the_language(client, demo, lang: str, price: str) -> None:
    assert price in client.get(f"/{lang}/").get_data(as_text=True)


def test_out_of_stock_print_edition_is_disabled(client, demo, db) -> None:
    db.session.execute(sa.update(Edition).where(Edition.format == EditionFormat.PRINT).values(stock=0))
    db.session.commit()
    doc = html.fromstring(client.get("/fr/").get_data(as_text=True))
    offers = doc.xpath("//li[@class='offer']")
    print_offer, ebook_offer = offers[0], offers[1]
    assert "Épuisé" in print_offer.text_content()
    assert print_offer.xpath(".//button/@disabled") and not print_offer.xpath(".//form")
    assert ebook_offer.xpath(".//form[@action='/fr/panier/ajouter']//input[@name='edition_id']")


def _jsonld(body: str) -> dict:
    scripts = html.fromstring(body).xpath("//script[@type='application/ld+json']/text()")
    assert len(scripts) == 1
    return json.loads(scripts[0])


def test_book_jsonld(client, demo) -> None:
    data = _jsonld(client.get("/en/").get_data(as_text=True))
    assert data["@type"] == "Book" and data["name"] == "Le Community Management"
    assert [a["name"] for a in data["author"]] == [
        "Catherine Ertzscheid",
        "Benoît Faverial",
        "Sylvain Guéguen",
    ]
    assert data["publisher"]["name"] == "Éditions Diateino"
    formats = {w["bookFormat"]: w for w in data["workExample"]}
    assert set(formats) == {"https://schema.org/Paperback", "https://schema.org/EBook"}
    paperback = formats["https://schema.org/Paperback"]
    assert paperback["isbn"] == "9782354560300"
    assert paperback["offers"] == {
        "@type": "Offer", "price": "19.90", "priceCurrency": "EUR",
        "availability": "https://schema.org/InStock", "url": "http://shop.test/en/",
    }  # fmt: skip


def test_review_jsonld(client, demo) -> None:
    data = _jsonld(client.get(f"/fr{REVIEW}").get_data(as_text=True))
    assert data["@type"] == "CriticReview"
    assert data["author"] == {"@type": "Person", "name": "Mael Le Hir"}
    assert data["publisher"]["name"] == "Vedocci" and data["datePublished"] == "2010-10-06"
    assert data["itemReviewed"]["name"] == "Le Community Management"


def test_jsonld_cannot_be_broken_out_of(client, demo) -> None:
    make_review(slug="evil", title="</script><script>alert(1)</script>", excerpt="x")
    demo.session.commit()
    body = client.get("/fr/presse/evil").get_data(as_text=True)
    assert "<script>alert(1)" not in body
    assert _jsonld(body)["name"] == "</script><script>alert(1)</script>"


def test_sitemap_lists_published_pages_in_both_languages(client, demo) -> None:
    make_review(slug="draft-review", status=PublicationStatus.DRAFT)
    make_interview(slug="draft-interview", status=PublicationStatus.PENDING)
    demo.session.commit()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    tree = etree.fromstring(response.data)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:url/s:loc/text()", namespaces=ns)
    for lang in ("fr", "en"):
        assert f"http://shop.test/{lang}{REVIEW}" in locs
        assert f"http://shop.test/{lang}{INTERVIEW}" in locs
        assert f"http://shop.test/{lang}/" in locs
    assert not [loc for loc in locs if "draft" in loc]
    assert all(tree.xpath("//s:url/s:lastmod/text()", namespaces=ns))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_atom_feed(client, demo, lang: str) -> None:
    make_review(slug="draft-review", status=PublicationStatus.DRAFT)
    demo.session.commit()
    response = client.get(f"/{lang}/feed.atom")
    assert response.mimetype == "application/atom+xml" and "Set-Cookie" not in response.headers
    tree = etree.fromstring(response.data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    ids = tree.xpath("//a:entry/a:id/text()", namespaces=ns)
    assert f"http://shop.test/{lang}{REVIEW}" in ids and f"http://shop.test/{lang}{INTERVIEW}" in ids
    assert not [i for i in ids if "draft" in i]


def test_robots(client, demo) -> None:
    body = client.get("/robots.txt").get_data(as_text=True)
    assert "Sitemap: http://shop.test/sitemap.xml" in body and "Disallow: /tableau-de-bord/" in body


@pytest.mark.parametrize(
    "path",
    [
        "/fr/presse/nope", "/en/entretiens/nope", "/fr/auteurs/nope", "/fr/presse/?page=0", "/fr/presse/?page=abc",
        "/fr/presse/?page=999999", "/fr/presse/?page=-1", "/fr/entretiens/?page=2", "/de/", "/xx/presse/",
        "/fr/presse/draft-review", "/en/entretiens/draft-interview",
    ],
)  # fmt: skip
def test_not_found_is_styled_and_localised(client, demo, path: str) -> None:
    make_review(slug="draft-review", status=PublicationStatus.DRAFT)
    make_interview(slug="draft-interview", status=PublicationStatus.PENDING)
    demo.session.commit()
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    expected = "Page introuvable" if path.startswith("/fr/") else "Page not found"
    assert expected in body and 'class="site-header"' in body
    assert "Set-Cookie" not in response.headers


def test_reviews_filter_by_category_and_tag_and_paginate(client, demo) -> None:
    for n in range(12):
        make_review(
            slug=f"r{n:02d}", title=f"Press item {n:02d}", category="press", outlet="Le Journal", reviewer=""
        )
    demo.session.commit()
    first = client.get("/en/presse/?categorie=press").get_data(as_text=True)
    assert "Press item 11" in first and "Press item 02" in first and "Vedocci" not in first
    second = client.get("/en/presse/?categorie=press&page=2").get_data(as_text=True)
    assert "Press item 01" in second and "Press item 00" in second and "Press item 11" not in second
    tagged = client.get("/en/presse/?tag=cci").get_data(as_text=True)
    assert "Vedocci" in tagged and "Press item" not in tagged


def test_fingerprinted_static_files(client, app) -> None:
    with app.test_request_context():
        from shop.public.caching import static_url

        url = static_url("css/site.css")
    assert url.startswith("/assets/css/site.") and url.endswith(".css")
    response = client.get(url)
    assert response.status_code == 200
    assert (
        "immutable" in response.headers["Cache-Control"]
        and "max-age=31536000" in response.headers["Cache-Control"]
    )
    response.close()
    assert client.get("/assets/css/site.0000000000.css").status_code == 404
