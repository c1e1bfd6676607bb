"""A buyer in Chromium: from the book page to the success page in test payment mode, e-book and print."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.catalog.demo import load_demo
from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus

pytestmark = pytest.mark.browser


def test_buy_ebook_and_print_in_test_mode(page, db) -> None:
    load_demo()
    db.session.commit()
    page.goto("/fr/")
    assert page.context.cookies() == []
    page.get_by_role("button", name="Ajouter au panier : Livre imprimé").click()
    page.wait_for_url("**/fr/panier")
    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre numérique").click()
    page.wait_for_url("**/fr/panier")
    assert "Mode test\u202f: aucun paiement réel" in page.locator("main").inner_text()
    page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
    page.get_by_role("button", name="Payer la commande").click()
    assert page.get_by_text("Merci de cocher cette case pour acheter le livre numérique.").is_visible()
    assert page.get_by_label("Adresse e-mail pour votre reçu").input_value() == "lectrice@example.com"
    page.get_by_label("J'accepte expressément que le téléchargement").check()
    page.get_by_label("J'ai lu et j'accepte les").check()
    page.get_by_role("button", name="Payer la commande").click()
    page.wait_for_url("**/fr/paiement-test/**")
    assert "aucun paiement réel" in page.locator("main").inner_text()
    page.get_by_role("button", name="Simuler un paiement réussi").click()
    page.wait_for_url("**/fr/commande/**")
    assert page.get_by_text("Merci ! Votre paiement est confirmé.").is_visible()
    assert "lectrice@example.com" in page.locator("main").inner_text()

    db.session.expire_all()
    order = db.session.scalars(sa.select(Order)).one()
    assert order.status == OrderStatus.PARTIALLY_FULFILLED and order.payment_status == PaymentStatus.PAID
    assert order.email == "lectrice@example.com" and order.total_cents == 1990 + 1299 + 300
    assert order.shipping_city == "Paris" and order.waiver_accepted_at is not None
    assert sorted(line.format.value for line in order.lines) == ["ebook", "print"]
