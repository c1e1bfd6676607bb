"""Issue 13, item 5: the invoice and the credit note, as a page and as a PDF, are in the order's language, whatever
the language of whoever opens them."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from lxml import html
from pypdf import PdfReader

from shop.invoices.models import Invoice, InvoiceKind
from shop.orders import refunds
from tests.delivery.conftest import paid_order

ENGLISH = {
    "page": ["Invoice FA-000001", "Customer", "Unit price excl. VAT", "Total incl. VAT", "Paid by card."],
    "pdf": ["INVOICE FA-000001", "Customer", "Qty", "Unit excl. VAT", "Total incl. VAT:", "Paid by card."],
    "note_page": ["Credit note AV-000001", "Total credited incl. VAT", "correcting invoice FA-000001"],
    "note_pdf": ["CREDIT NOTE AV-000001", "Total credited incl. VAT:", "correcting invoice FA-000001"],
    "foreign": ["Facture", "Avoir", "TTC", "Client", "Qté", "Commande"],
}
FRENCH = {
    "page": ["Facture FA-000001", "Client", "Prix unitaire HT", "Total TTC", "Payée par carte bancaire."],
    "pdf": ["FACTURE FA-000001", "Client", "Qté", "PU HT", "Total TTC\u00a0:", "Payée par carte bancaire."],
    "note_page": ["Avoir AV-000001", "Total crédité TTC", "sur la facture FA-000001"],
    "note_pdf": ["AVOIR AV-000001", "Total crédité TTC\u00a0:", "sur la facture FA-000001"],
    "foreign": ["Invoice", "Credit note", "incl. VAT", "Customer", "Qty", "Paid by card"],
}


def _url(app, invoice: Invoice) -> str:
    with app.test_request_context():
        from shop.invoices.views import invoice_token

        return f"/facture/{invoice_token(invoice)}"


def _documents(app, client, invoice: Invoice, visitor: str) -> tuple[str, str]:
    headers = {"Accept-Language": visitor}
    page = client.get(_url(app, invoice), headers=headers)
    pdf = client.get(_url(app, invoice) + ".pdf", headers=headers)
    assert page.status_code == 200 and pdf.status_code == 200
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    return page.get_data(as_text=True), text


@pytest.mark.parametrize(("locale", "visitor", "words"), [("en", "fr", ENGLISH), ("fr", "en", FRENCH)])
def test_invoice_and_credit_note_follow_the_order_language(
    app, client, db, book, locale, visitor, words
) -> None:
    order = paid_order(app, book, "print", "ebook", locale=locale)
    invoice = db.session.scalars(sa.select(Invoice)).one()
    page, pdf = _documents(app, client, invoice, visitor)
    assert html.fromstring(page).get("lang") == locale
    for word in words["page"]:
        assert word in page, word
    for word in words["pdf"]:
        assert word in pdf, word
    with app.test_request_context():
        refunds.record_refund(order, "publisher", 500, None, "re_1")
        db.session.commit()
    note = db.session.scalars(sa.select(Invoice).filter_by(kind=InvoiceKind.CREDIT_NOTE)).one()
    note_page, note_pdf = _documents(app, client, note, visitor)
    for word in words["note_page"]:
        assert word in note_page, word
    for word in words["note_pdf"]:
        assert word in note_pdf, word
    body = html.fromstring(page).xpath("//article[@class='invoice']")[0].text_content()
    for text in (body, pdf, note_pdf):
        assert "\u25a0" not in text  # no missing glyph (the French labels' narrow no-break spaces)
        for word in words["foreign"]:
            assert word not in text, word


def test_english_invoice_names_the_delivery_in_english(app, client, db, book) -> None:
    paid_order(app, book, "print", locale="en")
    invoice = db.session.scalars(sa.select(Invoice)).one()
    page, pdf = _documents(app, client, invoice, "fr")
    assert "Delivery" in page and "Delivery" in pdf and "Livraison" not in page + pdf
