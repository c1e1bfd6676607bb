"""What the beacon counts, and what it refuses to count."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from shop.audience import visitors
from shop.audience.models import DailySalt
from tests.audience.conftest import CHROME, IPHONE, beacon, raw_hits, views
from tests.factories import make_book, make_review


@pytest.fixture
def site(db):
    make_book(title="Le Community Management")
    make_review(slug="le-monde", title="Le Monde aime le livre")
    db.session.commit()


def test_a_view_is_counted_with_its_dimensions_and_nothing_personal(client, db, site) -> None:
    beacon(client, "/fr/presse/le-monde", referrer="https://www.lemonde.fr/livres/article?id=3", ua=IPHONE,
           utm_source="newsletter", utm_medium="email", utm_campaign="rentree")  # fmt: skip
    [hit] = raw_hits(db)
    assert (hit.kind, hit.path, hit.lang, hit.referrer, hit.device, hit.country, hit.hits) == (
        "view", "/presse/le-monde", "fr", "lemonde.fr", "mobile", "", 1,
    )  # fmt: skip
    assert (hit.utm_source, hit.utm_medium, hit.utm_campaign) == ("newsletter", "email", "rentree")
    assert len(hit.visitor) == 16 and "203.0.113.7" not in hit.visitor


@pytest.mark.parametrize(
    "headers", [{"DNT": "1"}, {"Sec-GPC": "1"}, {"DNT": "1", "Sec-GPC": "1"}], ids=["dnt", "gpc", "both"]
)
def test_readers_who_decline_are_not_counted(client, db, site, headers) -> None:
    beacon(client, "/fr/", headers=headers)
    assert raw_hits(db) == []
    beacon(client, "/fr/", headers={"DNT": "0"})
    assert views(db) == 1


@pytest.mark.parametrize(
    "ua",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0 Safari/537.36",
        "",
    ],
)
def test_robots_are_not_counted(client, db, site, ua: str) -> None:
    beacon(client, "/fr/", ua=ua)
    assert raw_hits(db) == []


@pytest.mark.parametrize(
    "path",
    ["/fr/panier", "/tableau-de-bord/", "/de/", "https://evil.example/fr/", "//evil.example/fr/", "", "fr/",
     "/fr/\x00", "/hit", "/fr/" + "a" * 400],
)  # fmt: skip
def test_only_public_pages_are_counted_and_junk_is_answered_the_same(client, db, site, path: str) -> None:
    beacon(client, path)
    assert raw_hits(db) == []


def test_an_oversized_or_odd_request_is_answered_the_same(client, db, site, caplog) -> None:
    beacon(client, "/fr/", referrer="https://example.org/" + "x" * 20_000)
    assert client.get("/hit").status_code == 405
    response = client.post("/hit", data=b"\xff\xfe garbage", headers={"User-Agent": CHROME})
    assert response.status_code == 204
    assert raw_hits(db) == [] and "could not be counted" not in caplog.text


def test_junk_in_the_other_fields_is_cleaned(client, db, site) -> None:
    beacon(client, "/en/?utm_source=ignored#top", referrer="javascript:alert(1)", utm_source="x" * 500,
           utm_campaign="a\x00b\nc")  # fmt: skip
    [hit] = raw_hits(db)
    assert (hit.path, hit.lang, hit.referrer) == ("/", "en", "")
    assert hit.utm_source == "x" * 100 and hit.utm_campaign == "abc"


def test_own_site_is_not_a_referrer(client, db, site) -> None:
    beacon(client, "/fr/", referrer="http://shop.test/fr/presse/le-monde")
    assert [h.referrer for h in raw_hits(db)] == [""]


def test_device_classes() -> None:
    assert visitors.device_class(CHROME) == "desktop"
    assert visitors.device_class(IPHONE) == "mobile"
    assert visitors.device_class("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) Safari/604.1") == "tablet"
    assert visitors.device_class("Mozilla/5.0 (Linux; Android 14; SM-X710) Safari/537.36") == "tablet"
    assert visitors.device_class("Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari/537.36") == "mobile"


def test_one_reader_is_one_visitor_per_day_and_another_day_another_visitor(
    client, db, site, monkeypatch
) -> None:
    beacon(client, "/fr/")
    beacon(client, "/fr/presse/le-monde")
    beacon(client, "/fr/", ip="198.51.100.4")
    first_day = {h.visitor for h in raw_hits(db)}
    assert len(first_day) == 2  # two addresses, two visitors; the same reader on two pages is one
    monday = visitors.today()
    monkeypatch.setattr(visitors, "today", lambda: monday + dt.timedelta(days=1))
    beacon(client, "/fr/")
    tuesday_hash = raw_hits(db)[-1].visitor
    assert tuesday_hash not in first_day  # same address and browser, new day: a new, unrelated hash
    # Yesterday's salt is gone: yesterday's hashes can no longer be recomputed.
    assert db.session.scalars(sa.select(DailySalt.day)).all() == [monday + dt.timedelta(days=1)]


def test_hits_are_batched_not_written_one_row_per_hit(app, client, db, site) -> None:
    app.config["AUDIENCE_FLUSH_HITS"] = 50
    app.config["AUDIENCE_FLUSH_SECONDS"] = 3600
    for _ in range(10):
        beacon(client, "/fr/")
    beacon(client, "/fr/presse/le-monde")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("audience_raw_hits"))) == 0
    rows = raw_hits(db)  # the flush: one INSERT, one row per (page, source, visitor) with its count
    assert sorted((r.path, r.hits) for r in rows) == [("/", 10), ("/presse/le-monde", 1)]


def test_the_beacon_is_rate_limited(app, client, db, site) -> None:
    app.config["AUDIENCE_BEACON_RATE_LIMIT"] = "3 per minute"
    statuses = [
        client.post("/hit", data={"p": "/fr/"}, headers={"User-Agent": CHROME}).status_code for _ in range(5)
    ]
    assert statuses == [204, 204, 204, 429, 429]


def test_counting_can_be_switched_off(app, client, db, site) -> None:
    app.config["AUDIENCE_ENABLED"] = False
    beacon(client, "/fr/")
    assert raw_hits(db) == []
