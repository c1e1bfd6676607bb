"""An approved review copy is a free order of its own kind: watermarked e-book links, its own limits, no invoice,
never a sale."""

from __future__ import annotations

import sqlalchemy as sa
from pypdf import PdfReader

from shop.dashboard import stats
from shop.downloads.copies import stamp_pending
from shop.downloads.models import DownloadGrant, EbookCopy
from shop.downloads.storage import storage
from shop.invoices.models import Invoice
from shop.orders.models import Order, OrderKind
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from shop.press.models import RequestStatus, ReviewCopyRequest
from tests.backoffice.conftest import login
from tests.factories import make_user


def _request(db) -> ReviewCopyRequest:
    found = ReviewCopyRequest(
        name="Jean Dupont", outlet="Le Monde", email="jean@example.com", reason="Critique", locale="en"
    )
    db.session.add(found)
    db.session.commit()
    return found


def test_approving_sends_watermarked_links_in_a_free_order_that_is_never_a_sale(
    app, client, db, book
) -> None:
    request = _request(db)
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, publisher)
    before = stats.period("all", None)
    assert (
        client.post(
            f"/tableau-de-bord/presse/exemplaires/{request.id}", data={"decision": "approved"}
        ).status_code
        == 303
    )
    client.post(
        f"/tableau-de-bord/presse/exemplaires/{request.id}", data={"decision": "approved"}
    )  # twice: no-op

    db.session.expire_all()
    order = db.session.scalars(sa.select(Order)).one()
    assert request.status == RequestStatus.APPROVED and request.order_id == order.id
    assert (order.kind, order.status, order.total_cents, order.locale) == (
        OrderKind.REVIEW_COPY,
        OrderStatus.FULFILLED,
        0,
        "en",
    )
    assert [e.type for e in order.events] == ["review_copy_granted"]
    assert db.session.scalars(sa.select(Invoice)).first() is None  # no invoice
    assert stats.period("all", None) == before and stats.copies_sold() == {}  # not a sale
    assert order.number not in client.get("/tableau-de-bord/commandes").get_data(as_text=True)
    assert order.number in client.get(f"/tableau-de-bord/commandes/{order.id}").get_data(as_text=True)
    assert f"/tableau-de-bord/commandes/{order.id}" in client.get(
        "/tableau-de-bord/presse/exemplaires"
    ).get_data(as_text=True)

    grants = db.session.scalars(sa.select(DownloadGrant)).all()
    assert len(grants) == 2 and {g.max_downloads for g in grants} == {3}
    assert all(58 <= (g.expires_at - order.created_at).days <= 60 for g in grants)
    (email,) = db.session.scalars(sa.select(OutboxEmail).filter_by(template="ebook_links")).all()
    assert email.recipient == "jean@example.com" and email.order_id == order.id

    assert stamp_pending() == 2
    pdf_copy = next(c for c in db.session.scalars(sa.select(EbookCopy)) if c.format.value == "pdf")
    text = PdfReader(storage().path(pdf_copy.storage_key or "")).pages[0].extract_text()
    assert "Jean Dupont" in text and order.number in text  # watermarked for the journalist


def test_declining_creates_nothing(client, db, book) -> None:
    request = _request(db)
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, publisher)
    client.post(f"/tableau-de-bord/presse/exemplaires/{request.id}", data={"decision": "declined"})
    db.session.expire_all()
    assert request.status == RequestStatus.DECLINED and db.session.scalars(sa.select(Order)).first() is None
