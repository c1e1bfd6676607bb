"""Invoices and credit notes; and the two races that must hold on PostgreSQL: download counts and invoice numbers."""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from shop.catalog.models import EditionFormat
from shop.checkout.cart import rate_by_code, shipping_rates
from shop.checkout.service import create_order
from shop.downloads.models import DownloadGrant
from shop.extensions import db as _db
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders import actions, refunds
from shop.orders.models import Order
from tests.delivery.conftest import paid_order


def _invoice_url(app, invoice: Invoice) -> str:
    with app.test_request_context():
        from shop.invoices.views import invoice_token

        return f"/facture/{invoice_token(invoice)}"


def test_invoice_page_and_pdf_carry_the_mentions(app, client, db, book) -> None:
    order = paid_order(app, book, "print", "ebook")
    invoice = db.session.scalars(sa.select(Invoice)).one()
    assert (invoice.kind, invoice.number, invoice.amount_cents) == (
        InvoiceKind.INVOICE,
        "FA-000001",
        order.total_cents,
    )
    page = client.get(_invoice_url(app, invoice)).get_data(as_text=True)
    for mention in (
        "Facture FA-000001",
        "FR00123456789",
        "RCS Paris 123",
        "Total HT",
        "Prix unitaire HT",
        "5,5",
        order.number,
    ):
        assert mention in page, mention
    pdf = client.get(_invoice_url(app, invoice) + ".pdf")
    assert pdf.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "FACTURE FA-000001" in text and "Total TTC" in text and "FR00123456789" in text
    assert client.get("/facture/forged").status_code == 404


def test_refund_issues_a_credit_note_referencing_the_invoice(app, client, db, book) -> None:
    order = paid_order(app, book, "ebook")
    with app.test_request_context():
        refunds.record_refund(order, "publisher", 500, None, "re_1")
        db.session.commit()
    note = db.session.scalars(sa.select(Invoice).filter_by(kind=InvoiceKind.CREDIT_NOTE)).one()
    assert (
        note.number == "AV-000001"
        and note.credited_invoice.number == "FA-000001"
        and note.amount_cents == 500
    )
    assert "FA-000001" in client.get(_invoice_url(app, note)).get_data(as_text=True)


def test_twenty_concurrent_payments_get_consecutive_invoice_numbers(app, db, book, is_postgres) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL concern (CI runs it there)")
    ids = []
    book.edition(EditionFormat.PRINT).stock = 100
    with app.test_request_context("/fr/"):
        rate = rate_by_code("fr", shipping_rates())
        for i in range(20):
            order, _ = create_order(
                [(book.edition(EditionFormat.PRINT), 1)], rate, f"b{i}@example.com", "fr", None
            )
            ids.append(order.id)
        db.session.commit()
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def pay(order_id: int) -> None:
        try:
            barrier.wait()  # before taking a pooled connection: 20 threads, fewer connections
            with app.app_context():
                order = _db.session.get(Order, order_id)
                actions.mark_paid(order, "test")
                _db.session.commit()
                _db.session.remove()
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=pay, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(db.session.scalars(sa.select(Invoice.sequence).filter_by(kind=InvoiceKind.INVOICE)))
    assert numbers == list(range(1, 21))


def test_fifty_parallel_downloads_of_a_five_download_link(app, db, book, live_server, is_postgres) -> None:
    if not is_postgres:
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL concern (CI runs it there)")
    paid_order(app, book, "ebook")
    with app.test_request_context():
        from shop.downloads.copies import stamp_pending
        from shop.downloads.grants import token_for

        stamp_pending()
        grant = db.session.scalars(sa.select(DownloadGrant).filter_by(format="pdf")).one()
        url = f"{live_server.url}/d/{token_for(grant)}"
    barrier = threading.Barrier(50)
    codes: list[int] = []

    def fetch() -> None:
        barrier.wait()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                response.read()
                codes.append(response.status)
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)

    threads = [threading.Thread(target=fetch) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] * 5 + [410] * 45
    db.session.expire_all()
    assert db.session.get(DownloadGrant, grant.id).downloads == 5
