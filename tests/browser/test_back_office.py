"""In Chromium: the publisher ships and refunds a test-mode order; an author publishes a press review."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.catalog.demo import load_demo
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail

pytestmark = pytest.mark.browser


def _buy_print(page) -> None:
    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre imprimé").click()
    page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
    page.get_by_label("J'ai lu et j'accepte les").check()
    page.get_by_role("button", name="Payer la commande").click()
    page.get_by_role("button", name="Simuler un paiement réussi").click()
    page.wait_for_url("**/fr/commande/**")


def _login(page, email: str, password: str) -> None:
    page.goto("/compte/connexion")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def _demo_passwords() -> dict[str, str]:
    """The demo's passwords are generated per installation; the report is the only place they appear."""
    report = load_demo()
    return {email: password for _role, email, password in report.accounts}


def test_publisher_ships_and_refunds(page, db) -> None:
    passwords = _demo_passwords()
    db.session.commit()
    _buy_print(page)
    order = db.session.scalars(sa.select(Order)).one()
    _login(page, "editeur@diateino.example", passwords["editeur@diateino.example"])
    page.wait_for_url("**/tableau-de-bord/")
    page.get_by_role("link", name="Commandes", exact=True).click()
    page.get_by_role("link", name=order.number).click()
    page.get_by_label("Numéro de suivi").fill("6A0000000001")
    page.get_by_role("button", name="Marquer comme expédiée").click()
    assert page.get_by_text("l'acheteur est prévenu par e-mail").is_visible()
    db.session.expire_all()
    assert order.status == OrderStatus.FULFILLED and order.tracking_number == "6A0000000001"
    assert db.session.scalars(sa.select(OutboxEmail).filter_by(template="shipping")).one()
    page.locator("input[name^='line-']").first.fill("1")
    page.get_by_label("Je confirme ce remboursement").check()
    page.get_by_role("button", name="Rembourser", exact=True).click()
    assert page.get_by_text("Remboursement enregistré").is_visible()
    db.session.expire_all()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED and order.refunded_cents == 1990


def test_author_publishes_a_review(page, db) -> None:
    passwords = _demo_passwords()
    db.session.commit()
    _login(page, "catherine@diateino.example", passwords["catherine@diateino.example"])
    page.wait_for_url("**/espace-auteur/")
    page.get_by_role("link", name="Ajouter une revue de presse").click()
    page.get_by_label("Titre", exact=True).fill("Un guide indispensable")
    page.get_by_label("Média", exact=True).fill("Le Journal du Net")
    page.get_by_label("Date de parution").fill("2026-11-20")
    page.get_by_label("Citation", exact=True).fill("Le meilleur guide du community management.")
    page.get_by_label("Statut", exact=True).select_option("published")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Revue de presse enregistrée.").is_visible()
    for lang in ("fr", "en"):
        page.goto(f"/{lang}/presse/")
        assert page.get_by_text("Le meilleur guide du community management.").is_visible()
