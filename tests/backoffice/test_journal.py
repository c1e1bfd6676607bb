"""The sales journal reconciles with the dashboard to the cent, with refunds and delivery; both CSV dialects."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import sqlalchemy as sa
from lxml import html

from shop.catalog.models import EditionFormat
from shop.extensions import db
from shop.invoices.models import Invoice
from shop.orders import refunds
from shop.orders.models import Order, PaymentProvider
from tests.backoffice.conftest import login
from tests.delivery.conftest import paid_order


def _shop(app, book) -> None:
    plain = paid_order(app, book, "print", "ebook", email="a@example.com")
    by_line = paid_order(app, book, "print", "ebook", email="b@example.com")
    whole = paid_order(app, book, "print", email="c@example.com")
    bare = paid_order(app, book, "bundle", email="a@example.com")
    plain.buyer_name = '=HYPERLINK("https://evil.example")'
    for order in (plain, by_line, whole, bare):
        order.payment_intent_id = f"pi_{order.id}"
        order.payment_provider = PaymentProvider.STRIPE
    for order in (plain, by_line, whole):  # as fetched from Stripe; bare's is not known yet
        order.stripe_fee_cents = round(order.total_cents * 0.015) + 25
        order.balance_transaction_id = f"txn_{order.id}"
    print_line = next(line for line in by_line.lines if line.format == EditionFormat.PRINT)
    refunds.record_refund(by_line, "test", print_line.unit_price_cents, {print_line.id: 1})
    refunds.record_refund(whole, "test", whole.total_cents)  # delivery refunded too
    refunds.record_refund(bare, "stripe:webhook", 333)  # a bare amount, as from Stripe's dashboard
    db.session.commit()


def _cents(text: str) -> int:
    """An amount as the dashboard prints it in English (− 1,234.56 €) in cents, sign dropped."""
    digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    return int(Decimal(digits) * 100)


def _journal(client, dialect: str) -> tuple[bytes, list[list[str]]]:
    response = client.get(f"/tableau-de-bord/exports/journal-des-ventes.csv?dialect={dialect}")
    assert response.status_code == 200 and response.mimetype == "text/csv" and response.is_streamed
    data = response.get_data()
    text = data.decode("utf-8-sig")
    return data, list(csv.reader(io.StringIO(text), delimiter=";" if dialect == "fr" else ","))


def test_journal_sums_to_the_dashboard_with_refunds_and_delivery(app, client, db, book, publisher) -> None:
    _shop(app, book)
    expected = sum(o.total_cents - o.refunded_cents for o in db.session.scalars(sa.select(Order)))
    login(client, publisher)
    overview = html.fromstring(client.get("/tableau-de-bord/?lang=en").get_data(as_text=True))
    all_time = overview.xpath("//table[@class='figures']/tbody/tr[last()]/td")[1].text_content()
    _data, rows = _journal(client, "intl")
    header, body = rows[0], rows[1:]
    assert header[0] == "Document" or header[0] == "Pièce"
    incl = [Decimal(r[11]) for r in body]
    assert sum(incl) * 100 == expected
    assert all(Decimal(r[9]) + Decimal(r[10]) == Decimal(r[11]) for r in body)
    assert f"{expected / 100:,.2f}".replace(",", "") in all_time.replace(",", "").replace("\xa0", "")
    kinds = {r[0]: r[1] for r in body}
    assert len(kinds) == db.session.scalar(sa.select(sa.func.count(Invoice.id)))
    credit_rows = [r for r in body if r[1] in ("Credit note", "Avoir")]
    assert credit_rows and all(Decimal(r[11]) < 0 for r in credit_rows)
    assert any(
        r[6] in ("Delivery", "Livraison") and Decimal(r[11]) < 0 for r in credit_rows
    )  # delivery credited
    assert any(r[4].startswith("'=") for r in body)  # formula neutralised
    assert all(r[13] for r in body)  # payment or refund reference on every row
    # The Stripe fee, once per invoice (its first row), never on a credit note: sums to the overview's fees and net.
    fees = sum(o.stripe_fee_cents or 0 for o in db.session.scalars(sa.select(Order)))
    assert sum(Decimal(r[12] or 0) for r in body) * 100 == fees
    assert all(not r[12] for r in credit_rows)
    money = overview.xpath("//table[@id='money']/tbody/tr[last()]/td")
    gross, refunded, fee, net = (_cents(cell.text_content()) for cell in money)
    assert fee == fees and net == expected - fees == sum(incl) * 100 - fees
    assert gross - refunded - fee == net and "*" in money[2].text_content()  # one fee not known yet


def test_french_dialect(app, client, db, book, publisher) -> None:
    _shop(app, book)
    login(client, publisher)
    data, rows = _journal(client, "fr")
    assert data.startswith("\ufeff".encode()) and b";" in data.splitlines()[0]
    amount = rows[1][11]
    assert "," in amount and "." not in amount and rows[1][8] == "5,50"
    intl, _ = _journal(client, "intl")
    assert not intl.startswith("\ufeff".encode())


def test_customer_list(app, client, db, book, publisher) -> None:
    _shop(app, book)
    totals = {
        email: sum(
            o.total_cents - o.refunded_cents
            for o in db.session.scalars(sa.select(Order).filter_by(email=email))
        )
        for email in ("a@example.com", "b@example.com", "c@example.com")
    }
    login(client, publisher)
    text = client.get("/tableau-de-bord/exports/clients.csv?dialect=intl").get_data(as_text=True)
    rows = {r[1]: r for r in list(csv.reader(io.StringIO(text)))[1:]}
    assert set(rows) == set(totals)
    assert (
        rows["a@example.com"][3] == "2" and Decimal(rows["a@example.com"][4]) * 100 == totals["a@example.com"]
    )
    assert Decimal(rows["c@example.com"][4]) == 0
