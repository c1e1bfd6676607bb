"""Nothing wider than the phone (WCAG 1.4.10): every page type at 320 and 390 px, with screenshots as artefacts.

The screenshots go to $REFLOW_SCREENSHOTS, or to a temporary directory the test prints.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from shop.accounts.models import User
from shop.accounts.views import reset_token
from shop.catalog.demo import load_demo
from shop.checkout.tokens import order_token
from shop.invoices.models import Invoice, InvoiceKind
from shop.invoices.numbering import invoice_for
from shop.invoices.views import invoice_token
from tests.browser.orders import order_with, refunded, shipped

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)
PUBLIC = ["/", "/auteurs/", "/auteurs/catherine-ertzscheid", "/presse/", "/presse/reseau-des-cci-pratiques-web-social",
          "/presse/reseau-des-cci-pratiques-web-social/commentaires", "/entretiens/",
          "/entretiens/trois-community-managers-racontent-leur-livre", "/mentions-legales", "/cgv", "/confidentialite",
          "/liens", "/presse/nope", "/agenda", "/aide-lecture", "/espace-presse/", "/espace-presse/exemplaire",
          "/lettre/"]  # fmt: skip
BACK_OFFICE = ["/tableau-de-bord/", "/tableau-de-bord/catalogue", "/tableau-de-bord/commandes",
               "/tableau-de-bord/commentaires", "/tableau-de-bord/reglages", "/tableau-de-bord/livre",
               "/tableau-de-bord/livraison/tarifs", "/tableau-de-bord/livraison/tarifs/1",
               "/tableau-de-bord/reglages/textes-legaux/cgv", "/espace-auteur/",
               "/espace-auteur/revues/nouvelle", "/espace-auteur/revues/1", "/espace-auteur/entretiens",
               "/espace-auteur/entretiens/nouveau", "/espace-auteur/entretiens/1", "/espace-auteur/profil",
               "/dev/mailbox/", "/tableau-de-bord/a-expedier", "/tableau-de-bord/exports", "/tableau-de-bord/audience",
               "/tableau-de-bord/audience/liens", "/tableau-de-bord/lettre", "/tableau-de-bord/presse/exemplaires",
               "/tableau-de-bord/reglages/textes-legaux/mentions-legales", "/espace-auteur/agenda",
               "/espace-auteur/agenda/nouveau", "/espace-auteur/commentaires"]  # fmt: skip
CART_STATES = {"empty": [], "ebook": ["Livre numérique"], "print": ["Livre imprimé"], "bundle": ["Papier + numérique"],
               "all": ["Livre imprimé", "Livre numérique", "Papier + numérique"]}  # fmt: skip


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("REFLOW_SCREENSHOTS") or tmp_path / "reflow")
    directory.mkdir(parents=True, exist_ok=True)
    print(f"\nreflow screenshots: {directory}")
    return directory


def _check(page, name: str, shots: Path, failures: dict[str, int]) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.wait_for_load_state()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        slug = re.sub(r"[^\w]+", "_", name).strip("_") or "root"
        page.screenshot(path=str(shots / f"{slug}-{width}.png"), full_page=True)
        if scroll_width > inner_width:
            failures[f"{name} @ {width}px"] = scroll_width


def _visit(page, url: str, shots: Path, failures: dict[str, int], name: str | None = None) -> None:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    _check(page, name or url, shots, failures)


def test_every_page_reflows_at_320_px(app, page, db, shots: Path) -> None:
    load_demo()
    db.session.commit()
    failures: dict[str, int] = {}
    for lang in ("fr", "en"):
        for path in PUBLIC:
            _visit(page, f"/{lang}{path}", shots, failures)

    for state, buttons in CART_STATES.items():
        page.context.clear_cookies()
        for label in buttons:
            page.goto("/fr/")
            page.get_by_role("button", name=f"Ajouter au panier : {label}").click()
        _visit(page, "/fr/panier", shots, failures, f"cart-{state}")

    pending = order_with(app, "print", "ebook", paid=False)
    _visit(page, f"/fr/paiement-test/{order_token(pending)}", shots, failures, "test-payment")
    ebook = order_with(app, "ebook")
    print_order = shipped(order_with(app, "print", "ebook"))
    partly = refunded(order_with(app, "bundle"), 1000)
    full = refunded(order_with(app, "print"))
    for name, order in {"pending": pending, "ebook": ebook, "shipped": print_order, "partly-refunded": partly,
                        "refunded": full}.items():  # fmt: skip
        for lang in ("fr", "en"):
            _visit(page, f"/{lang}/commande/{order_token(order)}", shots, failures, f"order-{name}-{lang}")
    _visit(page, f"/fr/commande/{order_token(pending)}/annulee", shots, failures, "canceled")
    invoice = invoice_for(print_order)
    assert invoice is not None
    _visit(page, f"/facture/{invoice_token(invoice)}", shots, failures, "invoice")
    credit_note = db.session.scalars(sa.select(Invoice).filter_by(kind=InvoiceKind.CREDIT_NOTE)).first()
    assert credit_note is not None
    _visit(page, f"/facture/{invoice_token(credit_note)}", shots, failures, "credit-note")

    user = db.session.scalars(sa.select(User).filter_by(email="editeur@diateino.example")).one()
    user.set_password("demo-editeur-2010")  # demo passwords are generated per installation
    db.session.commit()
    with app.test_request_context():
        reset = f"/compte/mot-de-passe/{reset_token(user)}"
    for path in ("/compte/connexion", "/compte/mot-de-passe", reset, "/d/not-a-link", "/dev/mailbox/1"):
        _visit(page, path, shots, failures)
    page.goto("/compte/connexion")
    page.get_by_label("E-mail").fill("editeur@diateino.example")
    page.get_by_label("Mot de passe").fill("demo-editeur-2010")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")
    for path in [
        *BACK_OFFICE,
        f"/tableau-de-bord/commandes/{print_order.id}",
        f"/tableau-de-bord/commandes/{partly.id}",
    ]:
        _visit(page, path, shots, failures)
    # The book editor's refused states: a price breaking a rule, a retailer's home page instead of the book's page.
    page.goto("/tableau-de-bord/livre")
    page.locator("#print-price").fill("0")
    page.get_by_role("button", name="Enregistrer les éditions").click()
    _check(page, "book-editor-price-refused", shots, failures)
    page.get_by_text("Ajouter un revendeur pour cette édition : Livre imprimé").click()
    page.locator("#liens details[open] form input[type=url]").fill("https://www.fnac.com/")
    page.locator("#liens details[open] form input[type=url]").press("Enter")
    _check(page, "book-editor-link-refused", shots, failures)
    assert failures == {}, f"wider than the screen (scrollWidth): {failures}; screenshots in {shots}"
