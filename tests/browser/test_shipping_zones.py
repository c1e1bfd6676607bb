"""In Chromium: the publisher adds a delivery zone; a buyer's cart offers it with its delivery time, and pays its fee."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.orders.models import Order
from tests.browser.test_back_office import _demo_passwords, _login

pytestmark = pytest.mark.browser


def test_publisher_adds_a_zone_and_the_buyer_pays_its_fee(page, db) -> None:
    passwords = _demo_passwords()
    db.session.commit()
    _login(page, "editeur@diateino.example", passwords["editeur@diateino.example"])
    page.wait_for_url("**/tableau-de-bord/")
    page.get_by_role("link", name="Tarifs de livraison", exact=True).click()
    page.get_by_label("Nom affiché aux acheteurs (français)").fill("Norvège")
    page.get_by_label("Nom affiché aux acheteurs (anglais)").fill("Norway")
    page.get_by_label("Code court (pour vos repères)").fill("no")
    page.get_by_label("Pays (codes ISO à deux lettres, par ex. FR, BE, CH)").fill("NO")
    page.get_by_label("Prix par colis sous 35 € de livres (€)").fill("2,50")
    page.get_by_label("Prix par colis à partir de 35 € de livres (€)").fill("9,90")
    page.get_by_label("Délai de livraison, au plus tôt (jours ouvrés)").fill("5")
    page.get_by_label("Délai de livraison, au plus tard (jours ouvrés)").fill("9")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text(
        "la loi Darcos impose au moins 3,00 EUR de livraison"
    ).is_visible()  # refused, named
    assert page.get_by_label("Nom affiché aux acheteurs (français)").input_value() == "Norvège"  # input kept
    page.get_by_label("Prix par colis sous 35 € de livres (€)").fill("11,40")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Zone de livraison enregistrée").is_visible()
    assert page.get_by_role("cell", name="5 à 9 jours ouvrés").is_visible()

    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre imprimé").click()
    zone = page.get_by_label("Norvège · 11,40 €")
    assert zone.is_visible() and page.get_by_text("Livraison estimée : 5 à 9 jours ouvrés").is_visible()
    zone.check()
    assert page.locator("#cart-delivery-fee").inner_text().startswith("11,40")
    page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
    page.get_by_label("J'ai lu et j'accepte les").check()
    page.get_by_role("button", name="Payer la commande").click()
    page.get_by_role("button", name="Simuler un paiement réussi").click()
    page.wait_for_url("**/fr/commande/**")
    order = db.session.scalars(sa.select(Order)).one()
    assert order.shipping_method == "no" and order.shipping_cents == 1140
