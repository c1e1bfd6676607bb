"""On a phone: buy above the fold, and the cart's totals follow the delivery rate at once (cart.js)."""

from __future__ import annotations

import re

import pytest

from shop.catalog.demo import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(db):
    load_demo()
    db.session.commit()


@pytest.mark.parametrize(("lang", "button"), [("fr", "Ajouter au panier"), ("en", "Add to cart")])
def test_first_buy_button_is_on_the_first_screen(page, demo_site, lang: str, button: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{lang}/")
    first = page.get_by_role("button", name=re.compile(f"^{button}")).first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 844, box
    price = page.locator(".offer .price").first.bounding_box()
    cover = page.locator("img.cover").bounding_box()
    assert price is not None and price["y"] + price["height"] <= 844
    assert cover is not None and cover["width"] <= 390 / 2  # a small cover beside the title, not above it


def test_cart_total_follows_the_rate_at_once(page, demo_site) -> None:
    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre imprimé").click()
    page.wait_for_url("**/fr/panier")
    pay = page.get_by_role("button", name=re.compile("^Payer la commande"))
    assert "22,90" in pay.inner_text()
    assert page.get_by_role("button", name="Mettre à jour le total").is_hidden()  # the script does it
    page.get_by_label(re.compile("^Union européenne")).check()
    assert "28,40" in pay.inner_text() and "28,40" in page.locator("#cart-total").inner_text()
    page.get_by_label(re.compile("^Suisse")).check()
    assert "31,90" in pay.inner_text()


def test_cart_without_javascript_updates_through_the_server(browser, live_server, demo_site) -> None:
    context = browser.new_context(base_url=live_server.url, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/fr/")
        page.get_by_role("button", name="Ajouter au panier : Livre imprimé").click()
        page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
        page.get_by_label(re.compile("^Union européenne")).check()
        page.get_by_role("button", name="Mettre à jour le total").click()
        pay = page.get_by_role("button", name=re.compile("^Payer la commande"))
        assert "28,40" in pay.inner_text()
        assert page.get_by_label("Adresse e-mail pour votre reçu").input_value() == "lectrice@example.com"
        page.goto("/fr/panier")
        assert "28,40" in page.get_by_role("button", name=re.compile("^Payer la commande")).inner_text()
    finally:
        context.close()


def test_site_name_prints_dark_on_white(page, demo_site) -> None:
    page.goto("/fr/")
    page.emulate_media(media="print")
    colours = page.evaluate(
        """() => {
            const style = (s) => getComputedStyle(document.querySelector(s));
            return [style('.brand').color, style('.site-header').backgroundColor, style('body').backgroundColor];
        }"""
    )
    assert colours[0] == "rgb(0, 0, 0)", colours
    assert colours[1] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)") and colours[2] == "rgb(255, 255, 255)", (
        colours
    )


def test_cart_and_order_pages_pass_axe(app, page, demo_site) -> None:
    from shop.checkout.tokens import order_token
    from shop.downloads.copies import stamp_pending
    from tests.browser.orders import order_with, refunded, shipped
    from tests.browser_checks import axe_violations

    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Papier + numérique").click()
    page.wait_for_url("**/fr/panier")
    failures = {"cart": axe_violations(page)}
    # Settled states: while copies are being prepared the page refreshes itself every 5 s on purpose (no
    # JavaScript needed), which axe's meta-refresh rule reports; that state is short-lived by design.
    orders = {
        "shipped": shipped(order_with(app, "print", "ebook")),
        "refunded": refunded(order_with(app, "bundle"), 500),
    }
    stamp_pending()
    for name, order in orders.items():
        page.goto(f"/en/commande/{order_token(order)}")
        failures[name] = axe_violations(page)
    assert {k: v for k, v in failures.items() if v} == {}
