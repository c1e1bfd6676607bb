"""In Chromium: the reading-help page, the order page's Send to Kindle box and the HTML e-mails, at phone and desk
widths, with axe-core and the Nu checker on the pages. Screenshots go to $READING_SCREENSHOTS (or a temp dir)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from shop.catalog.demo import load_demo
from shop.checkout.tokens import order_token
from shop.downloads.copies import stamp_pending
from shop.outbox.models import OutboxEmail
from shop.outbox.rendering import render
from shop.reading.kindle import send_to_kindle
from tests.browser.orders import order_with, shipped
from tests.browser_checks import axe_violations, html_errors

pytestmark = pytest.mark.browser
WIDTHS = (320, 390, 1280)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("READING_SCREENSHOTS") or tmp_path / "shots")
    directory.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {directory}")
    return directory


def _widths(page, name: str, shots: Path, too_wide: dict[str, int]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            too_wide[f"{name} @ {width}"] = scroll
        if width != 320:
            page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)


def test_help_kindle_and_emails_fit_and_pass_the_checkers(app, page, db, shots: Path, tmp_path: Path) -> None:
    load_demo()
    db.session.commit()
    documents: dict[str, str] = {}
    too_wide: dict[str, int] = {}
    failures: dict[str, list] = {}

    for lang in ("fr", "en"):
        response = page.goto(f"/{lang}/aide-lecture")
        documents[f"help-{lang}"] = response.text()
        failures[f"help-{lang}"] = axe_violations(page)
        _widths(page, f"help-{lang}", shots, too_wide)

        order = order_with(app, "ebook", "print", lang=lang)
        stamp_pending()
        db.session.commit()
        page.goto(f"/{lang}/commande/{order_token(order)}")
        label = "Adresse e-mail de votre Kindle" if lang == "fr" else "Your Kindle's e-mail address"
        page.get_by_label(label).fill("zoe@gmail.com")
        page.get_by_role(
            "button", name="Envoyer l’EPUB sur mon Kindle" if lang == "fr" else "Send the EPUB to my Kindle"
        ).click()
        page.wait_for_load_state()
        documents[f"kindle-error-{lang}"] = page.content()
        assert page.locator("#kindle_email").input_value() == "zoe@gmail.com"
        failures[f"kindle-error-{lang}"] = axe_violations(page)
        _widths(page, f"kindle-error-{lang}", shots, too_wide)
        page.get_by_label(label).fill("zoe@kindle.com")
        page.get_by_role(
            "button", name="Envoyer l’EPUB sur mon Kindle" if lang == "fr" else "Send the EPUB to my Kindle"
        ).click()
        page.wait_for_url(f"**/{lang}/commande/*")
        assert "zoe@kindle.com" in page.locator("main").inner_text()
        documents[f"order-{lang}"] = page.content()
        failures[f"order-{lang}"] = axe_violations(page)
        page.locator("#kindle").scroll_into_view_if_needed()
        _widths(page, f"order-kindle-{lang}", shots, too_wide)

        # The HTML e-mails, as a mail client would show them (the cover comes from the live server).
        shipped(order)
        with app.test_request_context():
            send_to_kindle(order, "zoe@kindle.com", None)
            db.session.commit()
        rows = db.session.scalars(
            sa.select(OutboxEmail).filter_by(order_id=order.id).order_by(OutboxEmail.id)
        )
        seen: set[str] = set()
        for email in rows:
            if email.template in seen:
                continue
            seen.add(email.template)
            # Served by Playwright beside the shop, without the shop's CSP (which rightly refuses inline styles).
            html = render(email).html
            page.route(
                "**/__email__",
                lambda route, _request, body=html: route.fulfill(body=body, content_type="text/html"),
            )
            page.goto("/__email__")
            page.unroute("**/__email__")
            assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"), (
                email.template
            )
            _widths(page, f"email-{email.template}-{lang}", shots, too_wide)
        assert {"order_confirmation", "ebook_links", "shipping", "kindle"} <= seen

    assert {name: v for name, v in failures.items() if v} == {}
    assert too_wide == {}
    assert html_errors(documents, tmp_path) == []
