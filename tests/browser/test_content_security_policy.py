"""In Chromium: no page of the shop breaks its own Content-Security-Policy (no blocked script, style or image)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.catalog.demo import load_demo
from shop.orders.models import Order
from shop.outbox.models import OutboxEmail
from tests.browser.test_public_site import PAGE_TYPES

pytestmark = pytest.mark.browser

# Runs through DevTools before any page script, so the policy does not apply to it.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(
    `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


@pytest.fixture
def watched(page):
    page.context.add_init_script(LISTEN)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    found: dict[str, list[str]] = {}

    def check(label: str | None = None) -> None:
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__csp || []") + console
        if violations:
            found[label or page.url] = list(violations)
        console.clear()

    yield page, check, found


def _visit(page, check, url: str) -> None:
    response = page.goto(url)
    assert response is not None and "frame-ancestors 'none'" in response.headers["content-security-policy"]
    check(url)


def test_no_page_violates_its_policy(watched, db) -> None:
    page, check, found = watched
    passwords = {email: pw for _role, email, pw in load_demo().accounts}
    db.session.commit()
    for lang in ("fr", "en"):
        for path in PAGE_TYPES:
            _visit(page, check, f"/{lang}{path}")
    _visit(page, check, "/fr/liens")

    # cart, checkout and the order page (test payment mode)
    page.goto("/fr/")
    page.get_by_role("button", name="Ajouter au panier : Livre numérique").click()
    page.wait_for_url("**/fr/panier")
    check("cart")
    page.get_by_label("Adresse e-mail pour votre reçu").fill("lectrice@example.com")
    page.get_by_label("J'accepte expressément que le téléchargement").check()
    page.get_by_label("J'ai lu et j'accepte les").check()
    page.get_by_role("button", name="Payer la commande").click()
    page.wait_for_url("**/fr/paiement-test/**")
    check("test payment page")
    page.get_by_role("button", name="Simuler un paiement réussi").click()
    page.wait_for_url("**/fr/commande/**")
    check("order page")
    order = db.session.scalars(sa.select(Order)).one()

    # the publisher's back office
    page.goto("/compte/connexion")
    check("login")
    page.get_by_label("E-mail").fill("editeur@diateino.example")
    page.get_by_label("Mot de passe").fill(passwords["editeur@diateino.example"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")
    check("dashboard")
    for path in ("commandes", f"commandes/{order.id}", "catalogue", "commentaires", "reglages", "audience",
                 "audience/liens?page=/fr/&source=newsletter"):  # fmt: skip
        _visit(page, check, f"/tableau-de-bord/{path}")
    for path in ("", "revues/nouvelle", "entretiens", "entretiens/nouveau", "profil"):
        _visit(page, check, f"/espace-auteur/{path}")
    email = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)).first()
    _visit(page, check, "/dev/mailbox/")
    if email is not None:
        _visit(page, check, f"/dev/mailbox/{email.id}")
    assert found == {}
