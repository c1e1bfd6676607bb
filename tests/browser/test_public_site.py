"""A reader's journey in Chromium, and every public page type checked by axe-core and the Nu HTML checker."""

from __future__ import annotations

from pathlib import Path

import pytest

from shop.catalog.demo import load_demo
from tests.browser_checks import axe_violations, html_errors
from tests.events.factories import add_events

pytestmark = pytest.mark.browser

PAGE_TYPES = [
    "/",
    "/auteurs/",
    "/auteurs/catherine-ertzscheid",
    "/presse/",
    "/presse/reseau-des-cci-pratiques-web-social",
    "/entretiens/",
    "/entretiens/trois-community-managers-racontent-leur-livre",
    "/mentions-legales",
    "/cgv",
    "/confidentialite",
    "/presse/reseau-des-cci-pratiques-web-social/commentaires",
    "/agenda",
    "/lettre/",
    "/lettre/merci",
    "/espace-presse/",
    "/espace-presse/exemplaire",
    "/espace-presse/exemplaire/merci",
    "/presse/nope",  # the styled 404
]


@pytest.fixture
def demo_site(db):
    load_demo()
    add_events(db)
    db.session.commit()


def test_reader_journey(page, demo_site) -> None:
    page.goto("/fr/")
    assert page.locator("h1").inner_text() == "Le Community Management"
    page.get_by_role(
        "link", name="[Revue de blogs] Le réseau des CCI se penche sur ses pratiques en matière de web social"
    ).click()
    page.wait_for_url("**/fr/presse/reseau-des-cci-pratiques-web-social")
    assert "aimable autorisation" in page.locator("main").inner_text()
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/presse/reseau-des-cci-pratiques-web-social")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Comments").is_visible()
    assert page.get_by_role("link", name="Leave a comment").is_visible()
    page.get_by_role("link", name="Interviews", exact=True).first.click()
    page.wait_for_url("**/en/entretiens/")
    page.get_by_role("link", name="Trois community managers racontent leur livre").click()
    assert page.get_by_role("heading", name="Pourquoi ce livre ?").is_visible()
    assert page.context.cookies() == []  # reading never sets a cookie


def test_accessibility_and_html_validity(page, demo_site, tmp_path: Path) -> None:
    documents: dict[str, str] = {}
    failures: dict[str, list] = {}
    for lang in ("fr", "en"):
        for path in PAGE_TYPES:
            url = f"/{lang}{path}"
            response = page.goto(url)
            documents[url] = response.text()  # as served, before axe injects its script
            violations = axe_violations(page)
            if violations:
                failures[url] = violations
    assert failures == {}
    assert html_errors(documents, tmp_path) == []
