"""The Audience page, its CSV, the campaign link builder, and the figures authors see in the press desk."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import etree, html

from shop.audience import reports
from shop.audience.chart import audience_svg, nice_ceiling
from shop.audience.visitors import today
from tests.audience.conftest import beacon, flush
from tests.backoffice.conftest import login
from tests.factories import make_author, make_book, make_interview, make_review, make_user


@pytest.fixture
def publisher(db):
    user = make_user("publisher", email="editeur@example.com")
    make_book(title="Le Community Management")
    make_review(slug="le-monde", title="Le Monde aime le livre")
    db.session.commit()
    return user


def _text(response) -> str:
    return html.fromstring(response.get_data(as_text=True)).text_content()


def test_audience_page_shows_the_figures(app, client, db, publisher) -> None:
    visitor = app.test_client()
    beacon(visitor, "/fr/presse/le-monde", referrer="https://www.lemonde.fr/", utm_source="newsletter",
           utm_medium="email", utm_campaign="rentree")  # fmt: skip
    beacon(visitor, "/fr/")
    flush()
    login(client, publisher)
    response = client.get("/tableau-de-bord/audience?periode=7")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    text = _text(response)
    for expected in ("Le Monde aime le livre", "lemonde.fr", "newsletter", "rentree", "Visiteurs", "Ajouté au panier",
                     "Paiement commencé", "Payé", "7 derniers jours"):  # fmt: skip
        assert expected in text, expected
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.xpath("//figure[@class='chart']/svg/desc")
    assert client.get("/tableau-de-bord/audience?periode=abc").status_code == 200  # the default period


def test_chart_has_axes_with_round_ticks(app) -> None:
    series = [(today(), 0, 0), (today(), 37, 12)]
    svg = etree.fromstring(str(audience_svg(series)).encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in svg.iterfind(".//s:text", ns)]
    assert labels[:5] == ["0", "10", "20", "30", "40"]
    assert len(svg.findall(".//s:polyline", ns)) == 2
    assert [nice_ceiling(v) for v in (0, 5, 37, 41, 180, 999)] == [4, 8, 40, 80, 200, 2000]


def test_csv_export(app, client, db, publisher) -> None:
    beacon(app.test_client(), "/fr/", utm_source="=cmd|' /C calc'!A0")
    flush()
    login(client, publisher)
    response = client.get("/tableau-de-bord/audience.csv?periode=30")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["day", "kind", "path", "lang", "referrer", "utm_source", "utm_medium", "utm_campaign",
                       "device", "country", "hits", "visitors"]  # fmt: skip
    assert rows[1][1:3] == ["view", "/"] and rows[1][5].startswith("'=")  # a formula is neutralised
    assert rows[1][-2:] == ["1", "1"]


def test_campaign_link_builder_and_qr_code(client, db, publisher) -> None:
    login(client, publisher)
    page = client.get("/tableau-de-bord/audience/liens")
    assert "/fr/presse/le-monde" in page.get_data(as_text=True)
    response = client.get(
        "/tableau-de-bord/audience/liens",
        query_string={
            "page": "/fr/presse/le-monde",
            "source": "bookshop",
            "campagne": "Salon du Livre 2027 !",
        },
    )
    doc = html.fromstring(response.get_data(as_text=True))
    url = doc.xpath("//output[@id='tagged-url']")[0].text
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "shop.test", "/fr/presse/le-monde")
    assert parse_qs(parts.query) == {"utm_source": ["bookshop"], "utm_medium": ["event"],
                                     "utm_campaign": ["salon-du-livre-2027"]}  # fmt: skip
    qr = client.get(doc.xpath("//img/@src")[0])
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert etree.fromstring(qr.data).tag == "{http://www.w3.org/2000/svg}svg"
    assert client.get("/tableau-de-bord/audience/qr.svg?url=https://evil.example/").status_code == 400
    unknown = client.get("/tableau-de-bord/audience/liens?page=/fr/panier&source=newsletter")
    assert not html.fromstring(unknown.get_data(as_text=True)).xpath("//output")


def test_authors_see_the_figures_of_their_own_reviews_and_interviews(app, client, db) -> None:
    author = make_user("author", email="autrice@example.com", author=make_author(name="Catherine"))
    make_book(title="Le Community Management")
    db.session.flush()
    make_review(slug="mine", title="Ma revue", added_by_id=author.id)
    make_review(slug="theirs", title="Pas la mienne")
    make_interview(slug="entretien", title="Mon entretien", added_by_id=author.id)
    db.session.commit()
    reader = app.test_client()
    for path in ("/fr/presse/mine", "/en/presse/mine", "/fr/entretiens/entretien", "/fr/presse/theirs"):
        beacon(reader, path)
    flush()
    login(client, author)
    desk = html.fromstring(client.get("/espace-auteur/").get_data(as_text=True))
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in desk.xpath("//tbody/tr")]
    # Visitors are unique per page and language: the same reader in French and English counts in each.
    assert [(r[0], r[4], r[5], r[6]) for r in rows] == [("Ma revue", "2", "2", "0")]
    interviews = html.fromstring(client.get("/espace-auteur/entretiens").get_data(as_text=True))
    rows = [[c.text_content().strip() for c in tr.xpath("td")] for tr in interviews.xpath("//tbody/tr")]
    assert [(r[0], r[3], r[4]) for r in rows] == [("Mon entretien", "1", "1")]
    assert reports.parse_period("365") == 365 and reports.parse_period("8") == reports.DEFAULT_PERIOD
