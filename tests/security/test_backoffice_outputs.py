"""What the back office sends out: CSV cells that cannot run as formulas, redirects that ignore the Referer."""

from __future__ import annotations

import csv
import io

import pytest

from shop.dashboard.export import neutralise
from shop.outbox.models import EmailStatus, OutboxEmail
from tests.backoffice.conftest import login
from tests.delivery.conftest import paid_order


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Zoé", "Zoé"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_csv_export_neutralises_a_buyer_name_formula(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "ebook")
    order.buyer_name = '=HYPERLINK("http://evil.example","clic")'
    db.session.commit()
    login(client, publisher)
    text = client.get("/tableau-de-bord/commandes.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["buyer"] == "'" + order.buyer_name


def test_email_retry_goes_to_the_order_not_the_referer(app, client, db, book, publisher) -> None:
    order = paid_order(app, book, "ebook")
    email = OutboxEmail(
        dedupe_key="t:1", recipient="z@example.com", template="order_confirmation", order_id=order.id
    )
    email.status = EmailStatus.FAILED
    db.session.add(email)
    db.session.commit()
    login(client, publisher)
    response = client.post(
        f"/tableau-de-bord/emails/{email.id}/reessayer", headers={"Referer": "https://evil.example/phish"}
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/tableau-de-bord/commandes/{order.id}")
