"""The publisher runs the shop: orders list and search, shipping, refunds, CSV export, stock, prices, moderation."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from shop.catalog.models import EditionFormat
from shop.catalog.stock import StockMovement
from shop.editorial.comments import Comment, CommentStatus, CommentTarget
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from tests.backoffice.conftest import login
from tests.delivery.conftest import paid_order


def test_overview_lists_revenue_and_attention(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "print", "ebook")
    login(client, publisher)
    page = client.get("/tableau-de-bord/").get_data(as_text=True)
    assert "Chiffre d'affaires" in page and "<svg" in page and "<desc" in page
    assert "35,89" in page.replace("\xa0", " ") and order.number


def test_orders_filters_and_search(app, client, db, book, publisher) -> None:
    first = paid_order(app, book, "ebook", email="alice@example.com")
    second = paid_order(app, book, "print", email="bob@example.com")
    login(client, publisher)
    assert second.number in client.get("/tableau-de-bord/commandes?q=bob@example.com").get_data(as_text=True)
    assert first.number not in client.get("/tableau-de-bord/commandes?q=bob@example.com").get_data(
        as_text=True
    )
    by_format = client.get("/tableau-de-bord/commandes?format=ebook").get_data(as_text=True)
    assert first.number in by_format and second.number not in by_format
    assert first.number in client.get(f"/tableau-de-bord/commandes?q={first.number}").get_data(as_text=True)
    assert second.number in client.get("/tableau-de-bord/commandes?q=lectrice").get_data(as_text=True)
    assert client.get("/tableau-de-bord/commandes?page=abc&status=nope&from=bad").status_code == 200


def test_ship_then_shipping_email(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "print", "ebook")
    login(client, publisher)
    refused = client.post(
        f"/tableau-de-bord/commandes/{order.id}/expedier",
        data={"carrier": "Colissimo"},
        follow_redirects=True,
    )
    assert "Indiquez le transporteur et le numéro de suivi." in refused.get_data(as_text=True)
    client.post(
        f"/tableau-de-bord/commandes/{order.id}/expedier",
        data={"carrier": "Colissimo", "tracking_number": "6A123"},
    )
    db.session.expire_all()
    assert order.status == OrderStatus.FULFILLED and order.tracking_number == "6A123"
    assert (
        db.session.scalars(sa.select(OutboxEmail).filter_by(template="shipping")).one().order_id == order.id
    )


def test_refund_needs_confirmation_then_refunds_chosen_lines(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "print", "ebook")
    print_line = next(line for line in order.lines if line.format == EditionFormat.PRINT)
    login(client, publisher)
    client.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={f"line-{print_line.id}": "1"})
    db.session.expire_all()
    assert order.refunded_cents == 0
    client.post(
        f"/tableau-de-bord/commandes/{order.id}/rembourser",
        data={f"line-{print_line.id}": "1", "confirm": "yes"},
    )
    db.session.expire_all()
    assert (
        order.status == OrderStatus.PARTIALLY_REFUNDED and order.refunded_cents == print_line.unit_price_cents
    )


def test_csv_export_one_row_per_line_with_vat(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "print", "ebook")
    login(client, publisher)
    response = client.get("/tableau-de-bord/commandes.csv")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["order"] for r in rows] == [order.number, order.number]
    print_row = next(r for r in rows if "imprimé" in r["item"])
    assert (
        print_row["vat_rate"],
        print_row["total_incl_vat"],
        print_row["vat"],
        print_row["total_excl_vat"],
    ) == ("5.5", "19.90", "1.04", "18.86")


def test_stock_adjustment_with_reason(client, db, book, publisher) -> None:
    login(client, publisher)
    edition = book.edition(EditionFormat.PRINT)
    client.post(
        f"/tableau-de-bord/editions/{edition.id}/stock", data={"delta": "50", "reason": "Réimpression"}
    )
    refused = client.post(
        f"/tableau-de-bord/editions/{edition.id}/stock",
        data={"delta": "-1000", "reason": "x"},
        follow_redirects=True,
    )
    assert "Le stock ne peut pas descendre sous zéro." in refused.get_data(as_text=True)
    db.session.expire_all()
    assert edition.stock == 60
    assert db.session.scalars(sa.select(StockMovement)).one().reason == "Réimpression"


def test_price_change_refused_when_it_breaks_a_rule(client, db, book, publisher) -> None:
    login(client, publisher)
    bundle = book.edition(EditionFormat.BUNDLE)
    response = client.post(
        f"/tableau-de-bord/editions/{bundle.id}/prix", data={"price": "99"}, follow_redirects=True
    )
    assert "Refusé" in response.get_data(as_text=True)
    db.session.expire_all()
    assert bundle.price_cents == 2490


def test_comment_moderation(client, db, publisher) -> None:
    comment = Comment(
        target_type=CommentTarget.REVIEW, target_id=1, name="Zoé", email="z@example.com", body="Bravo"
    )
    db.session.add(comment)
    db.session.commit()
    login(client, publisher)
    assert "Bravo" in client.get("/tableau-de-bord/commentaires").get_data(as_text=True)
    client.post(f"/tableau-de-bord/commentaires/{comment.id}", data={"decision": "approved"})
    db.session.expire_all()
    assert comment.status == CommentStatus.APPROVED
