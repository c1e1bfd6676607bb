"""Issue 10, defects 2, 4 and 9: a refund counted once whoever sees it first, credit notes that show only what
they credit, unshipped copies back on the shelf, and no ship button once nothing is left to ship."""

from __future__ import annotations

import sqlalchemy as sa

from shop.catalog.stock import StockMovement
from shop.invoices.lines import rows, totals
from shop.invoices.models import Invoice, InvoiceKind
from shop.orders.refund_model import Refund, RefundStatus
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from tests.money.conftest import paid, post_event


def _line(order, fmt: str):
    return next(line for line in order.lines if line.format.value == fmt)


def _credit_notes(db, order) -> list[Invoice]:
    return list(
        db.session.scalars(sa.select(Invoice).filter_by(order_id=order.id, kind=InvoiceKind.CREDIT_NOTE))
    )


def test_webhook_overtaking_the_dashboard_refund_counts_it_once(
    app, client, db, staff, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "print", "ebook")
    ebook = _line(order, "ebook")
    webhook = app.test_client()

    def stripe_sends_charge_refunded_at_once(refund: dict) -> None:
        charge = stripe_standin.charge(order.checkout_session_id)
        assert post_event(webhook, stripe_standin.event("charge.refunded", charge)).status_code == 200

    stripe_standin.on_refund = stripe_sends_charge_refunded_at_once
    response = staff.post(
        f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes", f"line-{ebook.id}": "1"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert order.refunded_cents == ebook.total_cents == 1299
    assert ebook.refunded_quantity == 1 and _line(order, "print").refunded_quantity == 0
    [refund] = db.session.scalars(sa.select(Refund)).all()
    assert refund.status == RefundStatus.SUCCEEDED and refund.lines == {str(ebook.id): 1}
    assert len(_credit_notes(db, order)) == 1
    assert len(db.session.scalars(sa.select(OutboxEmail).filter_by(template="refund")).all()) == 1
    assert order.attention is None  # Stripe's cumulative figure agrees with ours


def test_a_refund_stripe_failed_is_recorded_as_failed_and_changes_nothing(
    client, db, staff, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "ebook")
    stripe_standin.fail_with = 500
    staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    db.session.expire_all()
    [refund] = db.session.scalars(sa.select(Refund)).all()
    assert refund.status == RefundStatus.FAILED and order.refunded_cents == 0
    assert order.status == OrderStatus.FULFILLED and _credit_notes(db, order) == []


def test_stripes_cumulative_amount_disagreeing_is_flagged_not_recorded(
    client, db, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "ebook")
    charge = stripe_standin.charge(order.checkout_session_id, amount_refunded=500)  # no refund listed
    post_event(client, stripe_standin.event("charge.refunded", charge))
    db.session.expire_all()
    assert order.refunded_cents == 0 and order.attention == "refund_mismatch"


def test_credit_note_lists_only_what_it_credits(client, db, staff, editions, stripe_standin) -> None:
    order = paid(client, editions, stripe_standin, "print", "ebook")
    ebook = _line(order, "ebook")
    staff.post(
        f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes", f"line-{ebook.id}": "1"}
    )
    [note] = _credit_notes(db, order)
    assert [(r.description, r.quantity, r.total_cents) for r in rows(note)] == [(ebook.description, 1, 1299)]
    assert totals(note).incl_vat_cents == note.amount_cents == 1299
    assert totals(note).vat_cents == note.vat_cents == ebook.vat_cents
    page = client.get(f"/facture/{_token(note)}").get_data(as_text=True)
    assert "12,99" in page and "19,90" not in page and note.credited_invoice.number in page
    staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    db.session.expire_all()
    second = _credit_notes(db, order)[1]
    described = [r.description for r in rows(second)]
    assert described == [_line(order, "print").description, "Livraison"]
    assert totals(second).incl_vat_cents == order.total_cents - 1299 == second.amount_cents
    pdf = client.get(f"/facture/{_token(second)}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def _token(invoice: Invoice) -> str:
    from shop.invoices.views import invoice_token

    return invoice_token(invoice)


def test_refunded_unshipped_copies_go_back_to_stock_and_shipping_is_no_longer_offered(
    client, db, staff, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "print", "bundle")
    assert editions["print"].stock == 8  # the bundle's copy comes from the print stock
    print_line, bundle_line = _line(order, "print"), _line(order, "bundle")
    page = staff.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert "/expedier" in page
    staff.post(
        f"/tableau-de-bord/commandes/{order.id}/rembourser",
        data={"confirm": "yes", f"line-{print_line.id}": "1", f"line-{bundle_line.id}": "1"},
    )
    db.session.expire_all()
    assert editions["print"].stock == 10
    movements = db.session.scalars(sa.select(StockMovement)).all()
    assert [(m.delta, m.stock_after) for m in movements] == [(2, 10)] and order.number in movements[0].reason
    page = staff.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert "/expedier" not in page
    staff.post(
        f"/tableau-de-bord/commandes/{order.id}/expedier",
        data={"carrier": "Colissimo", "tracking_number": "6A1"},
    )
    db.session.expire_all()
    assert order.shipped_at is None


def test_refund_after_shipping_does_not_restock(client, db, staff, editions, stripe_standin) -> None:
    order = paid(client, editions, stripe_standin, "print")
    staff.post(
        f"/tableau-de-bord/commandes/{order.id}/expedier",
        data={"carrier": "Colissimo", "tracking_number": "6A1"},
    )
    staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    db.session.expire_all()
    assert order.status == OrderStatus.REFUNDED and editions["print"].stock == 9
    assert db.session.scalars(sa.select(StockMovement)).all() == []


def test_a_refund_the_webhook_cannot_tie_to_the_request_is_still_counted_once(
    app, client, db, staff, editions, stripe_standin
) -> None:
    order = paid(client, editions, stripe_standin, "ebook")
    webhook = app.test_client()

    def stripe_loses_our_metadata(refund: dict) -> None:
        refund["metadata"] = {}
        post_event(
            webhook, stripe_standin.event("charge.refunded", stripe_standin.charge(order.checkout_session_id))
        )

    stripe_standin.on_refund = stripe_loses_our_metadata
    staff.post(f"/tableau-de-bord/commandes/{order.id}/rembourser", data={"confirm": "yes"})
    db.session.expire_all()
    assert order.refunded_cents == order.total_cents and len(_credit_notes(db, order)) == 1
    statuses = sorted(r.status.value for r in db.session.scalars(sa.select(Refund)))
    assert statuses == ["duplicate", "succeeded"]
