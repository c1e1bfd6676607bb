"""Demo-like data for the fuzz test, so that its requests reach deep code: orders in several states, a published
review with tags, an interview, comments, a retailer link, download links, invoices, an outbox e-mail; and valid
values for every path parameter and form field the fuzz test keeps valid while it breaks the others."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import Flask

from shop.catalog.models import EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.checkout.tokens import order_token
from shop.downloads.grants import token_for
from shop.downloads.models import DownloadGrant, EbookCopy
from shop.editorial.comments import CommentStatus, CommentTarget, add_comment, moderate
from shop.extensions import db
from shop.invoices.models import Invoice
from shop.invoices.views import invoice_token
from shop.orders import refunds
from shop.orders.models import Order, PaymentProvider
from shop.outbox.models import OutboxEmail
from shop.public.comment_form import make_token
from shop.shipping.rates import ensure_seeded
from shop.shipping.rates_model import ShippingZone
from tests.delivery.conftest import paid_order
from tests.factories import make_author, make_interview, make_retailer, make_review, make_tag, make_user


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)  # path parameter name -> an existing row's id
    strings: dict[str, str] = field(default_factory=dict)  # path parameter name -> a valid value
    form: dict[str, str] = field(default_factory=dict)  # form field name -> a valid value
    users: dict[str, Any] = field(default_factory=dict)  # role -> user
    comment_targets: dict[str, str] = field(default_factory=dict)  # endpoint -> the comment token's target


def _order(app: Flask, book: Any, *formats: str, pay: bool = True) -> Order:
    if pay:
        return paid_order(app, book, *formats)
    with app.test_request_context("/fr/"):
        items = [(book.edition(EditionFormat(fmt)), 1) for fmt in formats]
        order, _ = create_order(items, rate_by_code("fr", shipping_rates()), "pending@example.com", "fr", "…")
        order.payment_provider = PaymentProvider.TEST
        db.session.commit()
        return order


def _marketing_rows() -> tuple[Any, Any, Any, Any]:
    """One row of each kind the agenda, the mailing list and the press area pages take by id."""
    import datetime as dt

    from shop.events.models import Event
    from shop.mailing.models import Mailing, SignupSource, Subscriber
    from shop.press.models import ReviewCopyRequest

    rows = (
        Event(title="Rencontre", starts_at=dt.datetime(2030, 5, 4, 18, tzinfo=dt.UTC), place_name="Librairie"),
        Subscriber(email="lecteur@example.com", locale="fr", consent_text="Oui", consent_version="1",
                   consent_source=SignupSource.BOOK_PAGE),
        Mailing(subject="Nouvelles", body_markdown="Bonjour", language="fr"),
        ReviewCopyRequest(name="Jo", outlet="Le Monde", email="jo@example.com", reason="Critique", locale="fr"),
    )  # fmt: skip
    db.session.add_all(rows)
    db.session.commit()
    return rows


def build(app: Flask, book: Any) -> World:
    world = World()
    author = make_author(name="Catherine Ertzscheid", slug="catherine-ertzscheid")
    world.users["author"] = make_user("author", email="autrice@example.com", author=author)
    world.users["publisher"] = make_user("publisher", email="editeur@example.com")
    review = make_review(tags=[make_tag("Foo Bar", slug="foo-bar")], added_by_id=world.users["author"].id)
    interview = make_interview(authors=[author], added_by_id=world.users["author"].id)
    link = make_retailer(book)
    db.session.commit()

    pending = _order(app, book, "print", pay=False)
    shipped_later = _order(app, book, "print", "ebook")
    ebook_only = _order(app, book, "ebook")
    refunded = _order(app, book, "print")
    with app.test_request_context("/"):
        refunds.record_refund(refunded, "test", refunded.total_cents)
        comment = add_comment(CommentTarget.REVIEW, review.id, "Léa", "lea@example.com", "Très juste.", "x")
        add_comment(CommentTarget.INTERVIEW, interview.id, "Paul", "paul@example.com", "Merci !", "x")
        moderate(comment, CommentStatus.APPROVED)
        db.session.commit()
        grant = db.session.scalars(sa.select(DownloadGrant).order_by(DownloadGrant.id)).first()
        invoice = db.session.scalars(sa.select(Invoice).order_by(Invoice.id)).first()
        email = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)).first()
        copy = db.session.scalars(sa.select(EbookCopy).order_by(EbookCopy.id)).first()
        assert grant and invoice and email, "paid orders should have links, an invoice and an e-mail"
        world.strings.update(
            lang="fr",
            slug=review.slug,
            token=order_token(pending),
            filename="nope.png",
            fingerprinted="x.png",
        )
        world.strings.update(
            {
                "public.author": author.slug, "public.interview": interview.slug,
                "public.comment_interview": interview.slug, "downloads.download": token_for(grant),
                "invoices.invoice_page": invoice_token(invoice), "invoices.invoice_pdf_view": invoice_token(invoice),
                "checkout.success": order_token(shipped_later), "accounts.reset": "expired-token",
                "checkout.send_to_kindle_page": order_token(ebook_only),
            }
        )  # fmt: skip
    event, subscriber, mailing, copy_request = _marketing_rows()
    ensure_seeded()  # the delivery zones, so the rates editor's pages take a real zone id
    db.session.commit()
    zone = db.session.scalars(sa.select(ShippingZone).order_by(ShippingZone.id)).first()
    world.strings["legal_page"] = "cgv"
    world.ids.update(
        event_id=event.id, subscriber_id=subscriber.id, mailing_id=mailing.id, request_id=copy_request.id,
        order_id=shipped_later.id, review_id=review.id, interview_id=interview.id, link_id=link.id,
        edition_id=book.edition(EditionFormat.PRINT).id, comment_id=comment.id, grant_id=grant.id,
        email_id=email.id, copy_id=copy.id if copy else 1, zone_id=zone.id if zone else 1,
    )  # fmt: skip
    world.comment_targets = {
        "public.comment_review": f"review:{review.id}",
        "public.comment_interview": f"interview:{interview.id}",
    }
    lines = {f"line-{line.id}": "1" for o in (shipped_later, ebook_only, refunded) for line in o.lines}
    world.form.update(
        lines, email="zoe@example.com", password="correct horse battery", confirm="yes", name="Zoé Lectrice",
        title="Un titre", outlet="Le Monde", reviewer="Jean", published_on="2024-01-02", held_on="2024-01-02",
        url="https://example.com/a", media_url="https://example.com/v", excerpt="Bien.", body_markdown="## Q ?\n\nR.",
        category="press", tags="Foo Bar, foo-bar", status="published", interviewees="Catherine", quantity="1",
        edition_id=str(world.ids["edition_id"]), delta="1", reason="Inventaire", price="19.90", carrier="La Poste",
        tracking_number="8R123", tracking_url="https://laposte.fr/t", text="Note", decision="approved",
        action="pay", line1="1 rue", postal_code="75001", city="Paris", country="FR", terms="y", waiver="y",
        shipping_rate="fr", body="Un commentaire", bio_fr="Bio", bio_en="Bio", links="Site | https://example.com",
        format="epub", legal_form="SARL", kindle_email="zoe@kindle.com", street_address="1 rue", vat_number="FR00123456789",
        label_fr="Norvège", label_en="Norway", code="no", countries="NO", fee="4,50", fee_from_threshold="4,50",
        min_days="3", max_days="5", position="3", active="y", body_fr="## Texte\n\n{{ seller }}", body_en="## Text",
        download_days="30", download_limit="5", low_stock_threshold="10", notify_paid_orders="y",
    )  # fmt: skip
    # The book editor's forms: editions (print-price...) and retailer links, whose fields carry a per-row prefix.
    print_id = world.ids["edition_id"]
    world.form.update(
        {"print-price": "19.90", "ebook-price": "12.99", "bundle-price": "24.90", "print-active": "y",
         "ebook-active": "y", "bundle-active": "y", f"new-{print_id}-name": "Decitre",
         f"new-{print_id}-url": "https://www.decitre.fr/livres/lcm.html", f"link-{link.id}-name": "Librairie",
         f"link-{link.id}-url": "https://librairie.example/livre/2"}
    )  # fmt: skip
    return world


def comment_token(target: str) -> str:
    """A valid comment form token, old enough to pass the minimum fill time."""
    return make_token(target, now=time.time() - 60)
