"""The order page follows the order: pending, preparing, paid with links, shipped, partly and fully refunded,
cancelled; and it never says "nothing was charged" unless the payment provider said so."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from shop.catalog.models import EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.checkout.tokens import order_token
from shop.downloads.copies import add_master, stamp_pending
from shop.downloads.models import DownloadGrant, EbookFormat
from shop.orders import actions, refunds
from shop.orders.models import Order, PaymentProvider
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from tests.delivery.conftest import EPUB, PDF
from tests.factories import make_book

THANKS = "Merci\u202f! Votre paiement est confirmé."
NOTHING_CHARGED = "Rien n'a été débité"


@pytest.fixture
def book(db):
    book = make_book(title="Le Community Management")
    ebook = book.edition(EditionFormat.EBOOK)
    add_master(ebook, EbookFormat.EPUB, EPUB)
    add_master(ebook, EbookFormat.PDF, PDF)
    db.session.commit()
    return book


def _order(app, book, *formats: str, paid: bool = True, provider=PaymentProvider.TEST) -> Order:
    from shop.extensions import db

    with app.test_request_context("/fr/"):
        items = [(book.edition(EditionFormat(fmt)), 1) for fmt in formats]
        order, _ = create_order(
            items, rate_by_code("fr", shipping_rates()), "zoe@example.com", "fr", "J'accepte"
        )
        order.payment_provider = provider
        if paid:
            actions.mark_paid(order, "test", buyer_name="Zoé Lectrice")
        db.session.commit()
        return order


def _page(client, order: Order, lang: str = "fr") -> str:
    response = client.get(f"/{lang}/commande/{order_token(order)}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _refresh(html: str) -> str | None:
    match = re.search(r'<meta http-equiv="refresh" content="(\d+)">', html)
    return match.group(1) if match else None


def test_pending(app, client, db, book) -> None:
    html = _page(client, _order(app, book, "ebook", paid=False))
    assert "Nous attendons la confirmation du paiement" in html and _refresh(html) == "3"
    assert THANKS not in html and NOTHING_CHARGED not in html


def test_preparing_refreshes_itself_until_the_copies_are_ready(app, client, db, book) -> None:
    order = _order(app, book, "ebook")
    html = _page(client, order)
    assert THANKS in html and "Nous préparons vos exemplaires personnels" in html
    assert _refresh(html) == "5" and "/d/" not in html
    stamp_pending()
    html = _page(client, order)
    assert _refresh(html) is None and "Nous préparons" not in html


def test_paid_shows_links_downloads_left_expiry_invoice_and_fresh_links(app, client, db, book) -> None:
    order = _order(app, book, "ebook")
    stamp_pending()
    html = _page(client, order)
    links = re.findall(r'href="(http://[^"]+/d/[^"]+)"', html)
    assert len(links) == 2 and "Télécharger (EPUB)" in html and "Télécharger (PDF)" in html
    assert html.count("Téléchargements restants\u202f: 5") == 2 and "valable jusqu" in html
    assert re.search(r'href="/facture/[^"]+">Facture FA-\d+</a>', html)
    grant = db.session.scalars(sa.select(DownloadGrant).order_by(DownloadGrant.id)).first()
    grant.downloads = 5  # used up
    db.session.commit()
    html = _page(client, order)
    assert "ce lien a expiré ou a été épuisé" in html and len(re.findall(r"/d/", html)) == 1

    assert f'action="/fr/commande/{order_token(order)}/liens"' in html
    response = client.post(f"/fr/commande/{order_token(order)}/liens")
    assert response.status_code == 303
    html = _page(client, order)
    assert (
        "Vos nouveaux liens sont ci-dessous" in html and html.count("Téléchargements restants\u202f: 5") == 2
    )
    assert set(re.findall(r'href="(http://[^"]+/d/[^"]+)"', html)).isdisjoint(links)
    assert db.session.scalars(sa.select(OutboxEmail).filter_by(template="fresh_links")).one()


@pytest.mark.parametrize(
    ("carrier", "url", "expected"),
    [
        ("Colissimo", None, "https://www.laposte.fr/outils/suivre-vos-envois?code=6A123"),
        ("Transporteur local", "https://suivi.example/6A123", "https://suivi.example/6A123"),
        ("Transporteur local", "javascript:alert(1)", None),
    ],
)
def test_shipped(app, client, db, book, carrier, url, expected) -> None:
    order = _order(app, book, "print")
    assert "vous recevrez le numéro de suivi" in _page(client, order)
    actions.mark_shipped(order, "publisher", carrier, "6A123", url)
    db.session.commit()
    html = _page(client, order)
    assert re.search(rf"Expédié le \d+ \w+ \d{{4}} par {carrier}\.", html)
    assert "vous recevrez le numéro de suivi" not in html
    if expected:
        assert f'<a href="{expected}" rel="noopener">6A123</a>' in html
    else:
        assert "<strong>6A123</strong>" in html and "javascript:" not in html


def test_partly_refunded_keeps_the_ebook(app, client, db, book) -> None:
    order = _order(app, book, "print", "ebook")
    stamp_pending()
    print_line = next(line for line in order.lines if line.format == EditionFormat.PRINT)
    refunds.record_refund(order, "publisher", print_line.total_cents, {print_line.id: 1})
    db.session.commit()
    html = _page(client, order)
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert "Une partie de cette commande a été remboursée." in html and THANKS not in html
    assert re.search(r'remboursés le .*href="/facture/[^"]+">Avoir AV-\d+</a>', html)
    assert len(re.findall(r'href="http://[^"]+/d/', html)) == 2


def test_fully_refunded(app, client, db, book) -> None:
    order = _order(app, book, "print", "ebook")
    stamp_pending()
    refunds.record_refund(order, "publisher", order.total_cents)
    db.session.commit()
    html = _page(client, order)
    assert "Cette commande a été entièrement remboursée." in html and THANKS not in html
    assert "/d/" not in html and f'action="/fr/commande/{order_token(order)}/liens"' not in html
    assert "fermés par le remboursement" in html and "Il ne sera pas expédié" in html
    assert re.search(r"Avoir AV-\d+", html) and re.search(r"Facture FA-\d+", html)
    assert client.post(f"/fr/commande/{order_token(order)}/liens").status_code == 303
    assert db.session.scalars(sa.select(OutboxEmail).filter_by(template="fresh_links")).all() == []


def test_nothing_charged_only_when_the_provider_says_so(app, client, db, book) -> None:
    ours = _order(app, book, "ebook", paid=False, provider=PaymentProvider.STRIPE)
    actions.cancel_order(ours, "system", "checkout_expired", OrderStatus.EXPIRED)  # our clock, not Stripe
    theirs = _order(app, book, "ebook", paid=False, provider=PaymentProvider.STRIPE)
    actions.cancel_order(theirs, "stripe:webhook", "checkout_expired", OrderStatus.EXPIRED)
    test_mode = _order(app, book, "ebook", paid=False)
    actions.cancel_order(test_mode, "test-mode", "canceled_by_buyer")
    db.session.commit()
    html = _page(client, ours)
    assert "annulée avant la confirmation de son paiement" in html and NOTHING_CHARGED not in html
    assert "écrivez-nous" in html
    assert NOTHING_CHARGED in _page(client, theirs) and NOTHING_CHARGED in _page(client, test_mode)
    assert NOTHING_CHARGED not in client.get(f"/fr/commande/{order_token(ours)}/annulee").get_data(
        as_text=True
    )


def test_cancel_page_says_what_we_know(app, client, db, book) -> None:
    pending = _order(app, book, "ebook", paid=False, provider=PaymentProvider.STRIPE)
    html = client.get(f"/fr/commande/{order_token(pending)}/annulee").get_data(as_text=True)
    assert "Vous avez quitté la page de paiement" in html and NOTHING_CHARGED not in html
    paid = _order(app, book, "ebook")
    response = client.get(f"/en/commande/{order_token(paid)}/annulee")
    assert response.status_code == 303 and response.headers["Location"] == f"/en/commande/{order_token(paid)}"


def test_every_order_email_links_to_the_order_page(app, db, book) -> None:
    from shop.outbox.rendering import render

    order = _order(app, book, "print", "ebook")
    actions.mark_shipped(order, "publisher", "Colissimo", "6A123")
    refunds.record_refund(order, "publisher", 500)
    db.session.commit()
    emails = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.order_id == order.id, OutboxEmail.recipient == order.email)
    ).all()
    assert {e.template for e in emails} == {"order_confirmation", "ebook_links", "shipping", "refund"}
    url = f"/fr/commande/{order_token(order)}"
    for email in emails:
        rendered = render(email)
        assert url in rendered.text and url in rendered.html, email.template
