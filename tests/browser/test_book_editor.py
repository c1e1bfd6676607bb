"""In Chromium: the publisher changes the pitch, the cover, a price and a retailer link in the book editor and sees
them on the public page; the editor's history tells what changed. Screenshots at 390 and 1280 px go to
$BOOK_SHOTS, or to a temporary directory the test prints."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PIL import Image

from shop.catalog.demo import load_demo

pytestmark = pytest.mark.browser

KOBO = "https://www.kobo.com/fr/fr/ebook/le-community-management-2e-edition"


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("BOOK_SHOTS") or tmp_path / "book")
    directory.mkdir(parents=True, exist_ok=True)
    print(f"\nbook editor screenshots: {directory}")
    return directory


def _cover(path: Path) -> Path:
    out = io.BytesIO()
    Image.new("RGB", (400, 600), (180, 30, 40)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def _shoot(page, shots: Path, name: str, selector: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
        page.locator(selector).screenshot(path=str(shots / f"{name}-{width}.png"))


def test_publisher_edits_the_book_and_sees_it_on_the_site(page, db, tmp_path, shots) -> None:
    report = load_demo()
    db.session.commit()
    password = {email: pw for _role, email, pw in report.accounts}["editeur@diateino.example"]
    page.goto("/compte/connexion")
    page.get_by_label("E-mail").fill("editeur@diateino.example")
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/tableau-de-bord/")

    page.goto("/tableau-de-bord/livre")
    page.get_by_label("Accroche (français)").fill("Le guide pour faire vivre vos communautés en ligne.")
    page.get_by_label("Couverture (PNG, JPEG ou WebP, 5 Mo au plus)").set_input_files(
        str(_cover(tmp_path / "c.png"))
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.get_by_text("Le livre est enregistré").is_visible()

    page.locator("#print-price").fill("21,00")
    page.locator("#bundle-price").fill("29,90")
    page.get_by_role("button", name="Enregistrer les éditions").click()
    assert page.get_by_text("Éditions enregistrées").is_visible()

    links = page.locator("#liens")
    links.get_by_text("Ajouter un revendeur pour cette édition : Livre numérique").click()
    ebook_form = links.locator("details[open] form")
    ebook_form.get_by_label("Revendeur").fill("Kobo (2e édition)")
    ebook_form.get_by_label("Adresse de la page du livre").fill("https://www.kobo.com/")
    ebook_form.get_by_role("button", name="Ajouter").click()
    assert page.get_by_text(
        "pas sa page d'accueil"
    ).first.is_visible()  # refused: a home page, the form stays open
    _shoot(page, shots, "editor-link-refused", "#liens")
    ebook_form = page.locator("#liens details[open] form")
    ebook_form.get_by_label("Adresse de la page du livre").fill(KOBO)
    ebook_form.get_by_role("button", name="Ajouter").click()
    assert page.get_by_text("Lien ajouté").is_visible()

    history = page.locator("#historique")
    assert "a changé le prix de l'édition imprimée" in history.inner_text()
    assert "a ajouté un lien vers Kobo (2e édition) pour le livre numérique" in history.inner_text()
    for name, selector in (("editor-editions", "#editions"), ("editor-links", "#liens"),
                           ("editor-history", "#historique"), ("editor-texts", "#livre")):  # fmt: skip
        _shoot(page, shots, name, selector)
    page.goto("/tableau-de-bord/livre?lang=en")
    _shoot(page, shots, "editor-history-en", "#historique")

    page.goto("/fr/")
    assert page.get_by_text("Le guide pour faire vivre vos communautés en ligne.").is_visible()
    assert "cover-" in (page.locator("img.cover").get_attribute("src") or "")
    assert page.locator(".offer").first.get_by_text("21,00").is_visible()
    retailers = page.locator("section.retailers")
    assert retailers.get_by_role("link", name="Kobo (2e édition)").get_attribute("href") == KOBO
    _shoot(page, shots, "public-where-to-buy", "section.retailers")
    page.goto("/en/")
    _shoot(page, shots, "public-where-to-buy-en", "section.retailers")
