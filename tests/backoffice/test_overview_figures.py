"""The overview's figures reconcile: chart table, period totals and formats sum to the same cents; the to-do list
counts everything waiting (paid print orders to ship included)."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html

from shop.core.money import format_money
from shop.orders import refunds
from tests.backoffice.conftest import login
from tests.delivery.conftest import paid_order


def _cells(doc, xpath: str) -> list[str]:
    return [" ".join(c.text_content().split()) for c in doc.xpath(xpath)]


def _cents(cell: str) -> int:
    return int(cell.replace("€", "").replace(",", "").replace(" ", ""))


def _money(cents: int) -> str:
    return " ".join(format_money(cents, "EUR", "fr").split())


@pytest.mark.parametrize(("period", "days_back"), [("30d", 29), ("90d", 89), ("12m", 330)])
def test_chart_table_and_period_totals_reconcile(app, client, db, book, publisher, period, days_back) -> None:
    inside = [
        paid_order(app, book, "ebook"),
        paid_order(app, book, "print", "ebook"),
        paid_order(app, book, "bundle"),
    ]
    outside = paid_order(app, book, "print")
    refunds.record_refund(inside[1], "test", 500)
    now = dt.datetime.now(dt.UTC)
    inside[0].paid_at = now - dt.timedelta(days=days_back)
    inside[2].paid_at = now - dt.timedelta(days=days_back // 2)
    outside.paid_at = now - dt.timedelta(days=400)
    db.session.commit()
    expected = sum(o.total_cents - o.refunded_cents for o in inside)
    login(client, publisher)
    doc = html.fromstring(client.get(f"/tableau-de-bord/?period={period}").get_data(as_text=True))
    chosen = _cells(doc, "//tr[@id='chosen-period']/td")
    assert chosen[0] == "3" and chosen[1] == _money(expected)
    # formats + delivery = revenue
    parts = [_cents(c) for c in chosen[2:]]
    assert sum(parts) == expected
    rows = _cells(doc, "//table[@id='chart-table']/tbody/tr/td")
    total = sum(_cents(c) for c in rows)
    assert total == expected and len(rows) == (12 if period == "12m" else int(period[:-1]))
    assert _cells(doc, "//table[@id='chart-table']/tfoot//td") == [_money(expected)]
    svg = doc.xpath("//figure[@class='chart']")[0]
    assert len(svg.xpath(".//*[local-name()='text']")) >= 5  # axis values and dates
    by_country = _cells(doc, "//table[@id='by-country']/tbody/tr/td")
    assert sum(_cents(c) for c in by_country) == expected


def test_to_do_counts_orders_to_ship_and_is_never_falsely_empty(app, client, db, book, publisher) -> None:
    login(client, publisher)
    assert "Rien, tout va bien." in client.get("/tableau-de-bord/").get_data(as_text=True)
    paid_order(app, book, "ebook")
    assert "Rien, tout va bien." in client.get("/tableau-de-bord/").get_data(as_text=True)
    paid_order(app, book, "print")
    paid_order(app, book, "bundle")
    page = client.get("/tableau-de-bord/").get_data(as_text=True)
    assert "Rien, tout va bien." not in page and "2 commandes à expédier" in page


def test_to_do_counts_comments_and_submissions(app, client, db, publisher) -> None:
    from shop.editorial.comments import Comment, CommentTarget
    from shop.editorial.models import PublicationStatus
    from tests.factories import make_review

    db.session.add(
        Comment(
            target_type=CommentTarget.REVIEW, target_id=1, name="Zoé", email="z@example.com", body="Bravo"
        )
    )
    make_review(status=PublicationStatus.PENDING)
    db.session.commit()
    login(client, publisher)
    page = client.get("/tableau-de-bord/?lang=en").get_data(as_text=True)
    assert "1 comment waiting for approval" in page and "1 submission waiting for approval" in page
    assert "Nothing, all is well." not in page
