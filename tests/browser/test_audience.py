"""In Chromium: the beacon counts a page served from a cache, sends no cookie, and its source reaches the order."""

from __future__ import annotations

import time
from typing import Any

import pytest
import sqlalchemy as sa

from shop.audience.buffer import buffer_of
from shop.audience.models import OrderSource, RawHit
from shop.catalog.demo import load_demo
from shop.orders.models import Order

pytestmark = pytest.mark.browser

# Playwright's headless Chromium says "HeadlessChrome", which the robot list rightly refuses.
READER_UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
)
REVIEW = "/fr/presse/reseau-des-cci-pratiques-web-social"
TAGS = "utm_source=newsletter&utm_medium=email&utm_campaign=rentree"


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    return {"AUDIENCE_FLUSH_HITS": 1}  # the real server writes each hit once its 204 is sent


def _views(app, db, expected: int) -> list[RawHit]:
    """Wait (bounded) for the beacons in flight to reach the database."""
    deadline = time.monotonic() + 10
    while True:
        buffer_of(app).flush()
        db.session.expire_all()
        hits = list(db.session.scalars(sa.select(RawHit).where(RawHit.kind == "view")))
        if sum(h.hits for h in hits) >= expected or time.monotonic() > deadline:
            return hits
        time.sleep(0.05)


def test_beacon_counts_cached_pages_without_cookies_and_attributes_the_sale(
    app, browser, live_server, db
) -> None:
    load_demo()
    db.session.commit()
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", user_agent=READER_UA)
    context.set_default_timeout(10_000)
    page = context.new_page()
    beacons: list[dict[str, str]] = []
    page.on("request", lambda r: beacons.append(r.headers) if r.url.endswith("/hit") else None)

    # First view: rendered by the app. Second view: served from a stand-in proxy cache, the app never sees the page.
    # Each view waits for its own beacon: a beacon still in flight when the next navigation starts reaches the server
    # but its request event may never reach Playwright (the document that sent it is gone).
    with page.expect_request(lambda r: r.url.endswith("/hit")):
        first = page.goto(f"{REVIEW}?{TAGS}")
    assert first is not None and first.ok
    cached_html = first.body()
    page.route(
        f"**{REVIEW}*",
        lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=cached_html),
    )
    with page.expect_request(lambda r: r.url.endswith("/hit")):
        page.goto(f"{REVIEW}?{TAGS}")
    page.unroute(f"**{REVIEW}*")
    hits = _views(app, db, 2)
    assert sum(h.hits for h in hits) == 2 and len({h.visitor for h in hits}) == 1  # two views, one visitor
    assert {(h.path, h.lang, h.utm_source, h.utm_campaign) for h in hits} == {
        ("/presse/reseau-des-cci-pratiques-web-social", "fr", "newsletter", "rentree")
    }
    for _ in range(
        100
    ):  # the server has both hits; Playwright may not have handed us the second request event yet
        if len(beacons) >= 2:
            break
        page.wait_for_timeout(50)
    assert len(beacons) == 2 and not any("cookie" in headers for headers in beacons)
    assert context.cookies() == []

    # From the review to the book page, then buy: the review and its campaign are credited with the order.
    page.get_by_role("link", name="Le Community Management").first.click()
    page.wait_for_url("**/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre numérique").click()
    page.wait_for_url("**/fr/panier")
    page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
    page.get_by_label("J'accepte expressément que le téléchargement").check()
    page.get_by_label("J'ai lu et j'accepte les").check()
    page.get_by_role("button", name="Payer la commande").click()
    page.wait_for_url("**/fr/paiement-test/**")
    page.get_by_role("button", name="Simuler un paiement réussi").click()
    page.wait_for_url("**/fr/commande/**")
    db.session.expire_all()
    order = db.session.scalars(sa.select(Order)).one()
    source = db.session.get(OrderSource, order.id)
    assert order.paid_at is not None and source is not None
    assert (source.landing, source.utm_source, source.utm_medium, source.utm_campaign) == (
        "/presse/reseau-des-cci-pratiques-web-social", "newsletter", "email", "rentree",
    )  # fmt: skip
    context.close()
