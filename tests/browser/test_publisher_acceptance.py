"""In Chromium, issue 14's acceptance: the publisher changes the pitch and the cover and sees them on the public
page; imports a carrier's tracking CSV and the orders show as shipped with tracking links, for the publisher and
the buyer; an author moderates a comment on their own review."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from PIL import Image

from shop.catalog.models import Book
from shop.checkout.tokens import order_token
from shop.editorial.comments import Comment, CommentStatus, CommentTarget, add_comment
from shop.editorial.models import PressReview
from shop.orders.states import OrderStatus
from shop.public.queries import the_book
from tests.browser.test_back_office import _demo_passwords, _login
from tests.delivery.conftest import paid_order
from tests.shipping.test_queue_and_slips import with_address

pytestmark = pytest.mark.browser
PUBLISHER = "editeur@diateino.example"
AUTHOR = "catherine@diateino.example"


def _png(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 900), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_publisher_changes_the_pitch_and_the_cover(page, db) -> None:
    passwords = _demo_passwords()
    db.session.commit()
    old_cover = the_book().cover
    _login(page, PUBLISHER, passwords[PUBLISHER])
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/tableau-de-bord/livre")
    pitch = "Le guide que les community managers gardent sur leur bureau."
    page.get_by_label("Accroche (français)").fill(pitch)
    page.get_by_label("Couverture (PNG, JPEG ou WebP, 5 Mo au plus)").set_input_files(
        files=[{"name": "couverture.png", "mimeType": "image/png", "buffer": _png((200, 30, 60))}]
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    assert page.get_by_text("Le livre est enregistré").is_visible()

    page.goto("/fr/")
    assert page.locator(".pitch").first.inner_text().strip() == pitch
    cover = page.locator("img.cover").first
    src = cover.get_attribute("src") or ""
    assert old_cover is None or old_cover not in src  # the new file, not a cached old one
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")  # the browser could show it
    assert page.request.get(urlsplit(src).path).headers["content-type"] == "image/webp"  # re-encoded
    db.session.expire_all()
    book = db.session.scalars(sa.select(Book)).first()
    assert book.pitch["fr"] == pitch and book.cover and book.cover in src


def test_publisher_imports_a_carrier_tracking_csv(page, app, db) -> None:
    passwords = _demo_passwords()
    db.session.commit()
    book = the_book()
    orders = [
        with_address(paid_order(app, book, "print", email=f"l{i}@example.com"), i, 3 - i) for i in range(3)
    ]
    db.session.commit()
    csv_text = (
        "commande;suivi;transporteur\n"
        f"{orders[0].number};6A11111111111;Colissimo\n"
        f"{orders[1].number.lower()};24680;mondial_relay\n"  # numbers are matched whatever the case
        f"{orders[2].number};JD0001;DHL\n"
        "LCM-2099-999999;XX1;Colissimo\n"
    )
    _login(page, PUBLISHER, passwords[PUBLISHER])
    page.wait_for_url("**/tableau-de-bord/")
    page.get_by_role("link", name="À expédier", exact=True).first.click()
    page.locator("#tracking-file").set_input_files(
        files=[{"name": "suivi.csv", "mimeType": "text/csv", "buffer": csv_text.encode("utf-8-sig")}]
    )
    page.get_by_role("button", name="Importer et marquer comme expédiées").click()
    assert page.get_by_text("3 commandes marquées comme expédiées").is_visible()
    assert page.get_by_text("Numéros de commande inconnus : LCM-2099-999999").is_visible()
    assert page.get_by_text("Rien à expédier.").is_visible()

    expected = {
        orders[0].id: "https://www.laposte.fr/outils/suivre-vos-envois?code=6A11111111111",
        orders[1].id: "https://www.mondialrelay.fr/suivi-de-colis/?numeroExpedition=24680",
        orders[2].id: "https://www.dhl.com/fr-fr/home/tracking.html?tracking-id=JD0001&submit=1",
    }
    for order in orders:
        page.goto(f"/tableau-de-bord/commandes/{order.id}")
        assert page.get_by_text("Expédiée", exact=False).first.is_visible()
        assert page.get_by_role("link", name="Suivre le colis").get_attribute("href") == expected[order.id]
        page.goto(f"/fr/commande/{order_token(order)}")  # what the buyer sees
        assert page.locator(f"a[href='{expected[order.id]}']").is_visible()
    db.session.expire_all()
    assert all(o.status == OrderStatus.FULFILLED and o.shipped_at for o in orders)
    assert [o.carrier for o in orders] == ["Colissimo", "Mondial Relay", "DHL"]


def test_author_moderates_a_comment_on_their_own_review(page, db) -> None:
    passwords = _demo_passwords()
    from shop.accounts.models import User

    author = db.session.scalars(sa.select(User).filter_by(email=AUTHOR)).one()
    review = db.session.scalars(sa.select(PressReview).order_by(PressReview.id)).first()
    review.added_by_id = author.id  # the demo's review, as if Catherine had added it
    kept = add_comment(
        CommentTarget.REVIEW, review.id, "Léa", "lea@example.com", "Un livre qui m'a aidée.", "h"
    )
    dropped = add_comment(
        CommentTarget.REVIEW, review.id, "Spam", "spam@example.com", "Achetez des abonnés", "h"
    )
    db.session.commit()

    page.goto(f"/fr/presse/{review.slug}/commentaires")
    assert page.get_by_text("l’auteur de cette page").is_visible()  # the form says who moderates
    _login(page, AUTHOR, passwords[AUTHOR])
    page.wait_for_url("**/espace-auteur/")
    page.get_by_role("link", name="Commentaires", exact=True).click()
    assert page.get_by_text("Un livre qui m'a aidée.").is_visible()
    page.get_by_role("button", name="Approuver le commentaire de Léa").click()
    assert page.get_by_text("Commentaire approuvé : il est affiché.").is_visible()
    page.get_by_role("button", name="Refuser le commentaire de Spam").click()
    assert page.get_by_text("Commentaire refusé : il reste masqué.").is_visible()
    assert page.get_by_text("Aucun commentaire en attente.").is_visible()

    page.goto(f"/fr/presse/{review.slug}")
    assert page.get_by_text("Un livre qui m'a aidée.").is_visible()
    assert page.get_by_text("Achetez des abonnés").count() == 0
    db.session.expire_all()
    assert db.session.get(Comment, kept.id).status == CommentStatus.APPROVED
    assert db.session.get(Comment, dropped.id).status == CommentStatus.REJECTED
