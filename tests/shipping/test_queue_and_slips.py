"""The to-ship queue, packing slips and labels, shipping several orders at once, and the tracking CSV import."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from shop.extensions import db
from shop.orders import refunds
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from shop.shipping.carriers import CARRIERS, find
from tests.backoffice.conftest import login, publisher  # noqa: F401 - fixture
from tests.delivery.conftest import book, paid_order  # noqa: F401 - fixture

STREETS = ["12 rue des Lilas", "3 avenue Foch", "7 place du Marché"]


def with_address(order: Order, i: int, days_ago: int) -> Order:
    order.shipping_name, order.shipping_line1 = f"Lectrice {i}", STREETS[i]
    order.shipping_postal_code, order.shipping_city, order.shipping_country = f"7500{i + 1}", "Paris", "FR"
    order.paid_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    return order


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    subprocess.run(["qpdf", "--check", str(path)], check=True, capture_output=True)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def waiting(app, db, book):  # noqa: F811
    orders = [
        with_address(paid_order(app, book, "print", "ebook" if i else "print"), i, 10 - i) for i in range(3)
    ]
    paid_order(app, book, "ebook")  # nothing to ship
    refunded = paid_order(app, book, "print")
    refunds.record_refund(refunded, "test", refunded.total_cents)  # nothing left to ship
    db.session.commit()
    return orders


def test_carriers_give_tracking_links() -> None:
    assert {c.name for c in CARRIERS} >= {
        "Colissimo",
        "Lettre suivie",
        "Mondial Relay",
        "Chronopost",
        "DHL",
        "UPS",
    }
    assert find("COLISSIMO") is find("colissimo") is not None
    assert (
        find("colissimo").tracking_url("6A 12/3")
        == "https://www.laposte.fr/outils/suivre-vos-envois?code=6A%2012%2F3"
    )
    assert find("nope") is None


def test_queue_lists_paid_print_orders_oldest_first(client, waiting, publisher) -> None:  # noqa: F811
    login(client, publisher)
    page = client.get("/tableau-de-bord/a-expedier").get_data(as_text=True)
    positions = [page.index(o.number) for o in waiting]
    assert positions == sorted(positions)
    assert page.count('name="order"') == 3


def test_slips_and_labels_for_a_selection_hold_the_addresses(client, waiting, publisher, tmp_path) -> None:  # noqa: F811
    login(client, publisher)
    ids = [str(o.id) for o in waiting]
    for action, size in (("slips", (595, 842)), ("labels", (283, 425))):
        response = client.post("/tableau-de-bord/a-expedier", data={"order": ids, "action": action})
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = pdf_text(response.data, tmp_path)
        assert all(street in text for street in STREETS) and all(o.number in text for o in waiting)
        box = PdfReader(io.BytesIO(response.data)).pages[0].mediabox
        assert (round(box.width), round(box.height)) == size and len(
            PdfReader(io.BytesIO(response.data)).pages
        ) == 3
    single = client.get(f"/tableau-de-bord/commandes/{waiting[0].id}/etiquette.pdf")
    assert STREETS[0] in pdf_text(single.data, tmp_path)


def test_ship_several_at_once_with_tracking_links(client, waiting, publisher) -> None:  # noqa: F811
    login(client, publisher)
    data = {"order": [str(o.id) for o in waiting], "action": "ship", "carrier": "colissimo",
            f"tracking-{waiting[0].id}": "6A001", f"tracking-{waiting[1].id}": "6A002"}  # fmt: skip
    page = client.post("/tableau-de-bord/a-expedier", data=data, follow_redirects=True).get_data(as_text=True)
    assert (
        "2 commandes marquées comme expédiées" in page and waiting[2].number in page
    )  # no number: not shipped
    db.session.expire_all()
    assert [o.status for o in waiting[:2]] == [OrderStatus.FULFILLED] * 2 and waiting[2].shipped_at is None
    assert waiting[0].carrier == "Colissimo"
    assert waiting[0].tracking_url == "https://www.laposte.fr/outils/suivre-vos-envois?code=6A001"
    assert len(db.session.scalars(sa.select(OutboxEmail).filter_by(template="shipping")).all()) == 2
    assert client.get("/tableau-de-bord/a-expedier").get_data(as_text=True).count('name="order"') == 1


def test_import_tracking_csv_french_dialect(client, waiting, publisher) -> None:  # noqa: F811
    login(client, publisher)
    csv_bytes = (
        "\ufeffcommande;suivi;transporteur\n"
        f"{waiting[0].number};MR123;Mondial Relay\n"
        f"{waiting[1].number.lower()};6A999;\n"
        "LCM-2026-999999;X1;\n"
    ).encode()
    page = client.post(
        "/tableau-de-bord/a-expedier/import",
        data={"carrier": "colissimo", "file": (io.BytesIO(csv_bytes), "suivi.csv")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 commandes marquées comme expédiées" in page and "LCM-2026-999999" in page
    db.session.expire_all()
    assert waiting[0].carrier == "Mondial Relay" and "MR123" in (waiting[0].tracking_url or "")
    assert waiting[1].carrier == "Colissimo" and waiting[1].tracking_number == "6A999"
    again = client.post(
        "/tableau-de-bord/a-expedier/import",
        data={"carrier": "colissimo", "file": (io.BytesIO(csv_bytes), "suivi.csv")},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Non expédiées" in again  # already shipped: reported, nothing sent twice
    assert len(db.session.scalars(sa.select(OutboxEmail).filter_by(template="shipping")).all()) == 2


def test_bad_requests_are_refused(client, waiting, publisher) -> None:  # noqa: F811
    login(client, publisher)
    assert (
        client.post("/tableau-de-bord/a-expedier", data={"order": ["x"], "action": "slips"}).status_code
        == 303
    )
    assert (
        client.post(
            "/tableau-de-bord/a-expedier", data={"order": [str(waiting[0].id)], "action": "zap"}
        ).status_code
        == 400
    )
    bad_carrier = {"order": [str(waiting[0].id)], "action": "ship", "carrier": "pigeon"}
    assert client.post("/tableau-de-bord/a-expedier", data=bad_carrier).status_code == 400
