"""From a campaign landing to the paid order, and the funnel on a scripted set of visits and orders."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.audience import reports
from shop.audience.models import OrderSource
from shop.audience.visitors import today
from shop.orders.models import Order
from tests.audience.conftest import CHROME, beacon, flush, raw_hits
from tests.factories import make_book, make_review

TAGS = "utm_source=newsletter&utm_medium=email&utm_campaign=rentree"


@pytest.fixture
def editions(db):
    book = make_book(title="Le Community Management")
    make_review(slug="le-monde", title="Le Monde aime le livre")
    db.session.commit()
    return {e.format.value: e for e in book.editions}


def add(client, edition, ip: str = "203.0.113.7", headers: dict[str, str] | None = None, **fields: str):
    return client.post(
        "/fr/panier/ajouter",
        data={"edition_id": str(edition.id), "quantity": "1", **fields},
        headers={"User-Agent": CHROME, **(headers or {})},
        environ_base={"REMOTE_ADDR": ip},
    )


def buy(client, pay: bool = True) -> None:
    response = client.post(
        "/fr/panier/payer",
        data={"email": "zoe@example.com", "shipping_rate": "fr", "waiver": "y", "terms": "y"},
    )
    payment_page = response.headers["Location"]
    assert "/paiement-test/" in payment_page
    if pay:
        address = {"name": "Zoé", "line1": "1 rue", "postal_code": "75001", "city": "Paris", "country": "FR"}
        client.post(payment_page, data={"action": "pay", **address})


def only_source(db) -> OrderSource:
    db.session.expire_all()
    [source] = db.session.scalars(sa.select(OrderSource)).all()
    return source


def test_campaign_landing_is_carried_to_the_paid_order(app, db, editions) -> None:
    reader = app.test_client()
    # Landed on a press review from a newsletter link, went on to the book page, added the e-book there:
    # beacon.js sends the review (document.referrer, with its tags) as the page that brought the reader.
    beacon(reader, "/fr/presse/le-monde", **dict(p.split("=") for p in TAGS.split("&")))
    beacon(reader, "/fr/", referrer="http://shop.test/fr/presse/le-monde?" + TAGS)
    add(reader, editions["ebook"], a_page="/fr/presse/le-monde?" + TAGS, a_ref="")
    add(reader, editions["print"], a_page="/fr/", a_ref="https://twitter.com/")  # first touch wins
    buy(reader)
    source = only_source(db)
    assert (source.landing, source.referrer) == ("/presse/le-monde", "")
    assert (source.utm_source, source.utm_medium, source.utm_campaign) == ("newsletter", "email", "rentree")
    order = db.session.get(Order, source.order_id)
    assert order.paid_at is not None
    flush()
    period = reports.Period.last(7, today())
    assert reports.revenue_by_source(period, "campaign") == [
        ("newsletter", "email", "rentree", 1, order.total_cents)
    ]
    assert reports.revenue_by_source(period, "landing") == [("/presse/le-monde", 1, order.total_cents)]
    assert reports.page_figures(["/presse/le-monde"], period)["/presse/le-monde"] == reports.PageFigures(
        views=1, visitors=1, orders=1, revenue_cents=order.total_cents
    )


def test_an_outside_referrer_is_credited(app, db, editions) -> None:
    reader = app.test_client()
    add(reader, editions["ebook"], a_page="/en/", a_ref="https://www.lemonde.fr/culture/article-123")
    buy(reader, pay=False)
    source = only_source(db)
    assert (source.landing, source.referrer, source.utm_source) == ("/", "lemonde.fr", "")


def test_without_javascript_the_referer_of_the_form_post_is_the_landing(app, db, editions) -> None:
    reader = app.test_client()
    add(
        reader,
        editions["ebook"],
        headers={"Referer": "http://shop.test/fr/?utm_source=flyer&utm_medium=event"},
    )
    buy(reader, pay=False)
    source = only_source(db)
    assert (source.landing, source.utm_source, source.utm_medium) == ("/", "flyer", "event")


@pytest.mark.parametrize("page", ["https://evil.example/fr/presse/le-monde", "/fr/panier", "javascript:x"])
def test_foreign_or_private_pages_are_not_credited(app, db, editions, page) -> None:
    reader = app.test_client()
    add(reader, editions["ebook"], a_page=page)
    buy(reader, pay=False)
    assert db.session.scalars(sa.select(OrderSource)).all() == []


@pytest.mark.parametrize("header", ["DNT", "Sec-GPC"])
def test_readers_who_decline_are_neither_counted_nor_attributed(app, db, editions, header) -> None:
    reader = app.test_client()
    add(reader, editions["ebook"], headers={header: "1"}, a_page="/fr/?" + TAGS)
    buy(reader, pay=False)
    assert db.session.scalars(sa.select(OrderSource)).all() == []
    assert raw_hits(db) == []


def test_the_funnel_on_a_scripted_day(app, db, editions) -> None:
    """Five readers see pages; three add to the cart; two start a checkout; one pays."""
    readers = [(app.test_client(), f"198.51.100.{i}") for i in range(1, 6)]
    for client, ip in readers:
        beacon(client, "/fr/", ip=ip)
    beacon(readers[0][0], "/fr/presse/le-monde", ip=readers[0][1])  # one reader reads two pages
    for client, ip in readers[:3]:
        add(client, editions["ebook"], ip=ip, a_page="/fr/")
    add(readers[0][0], editions["print"], ip=readers[0][1], a_page="/fr/")  # a second add, same visitor
    buy(readers[0][0], pay=True)
    buy(readers[1][0], pay=False)
    flush()
    period = reports.Period.last(30, today())
    funnel = reports.funnel(period)
    assert (funnel.views, funnel.visitors, funnel.cart, funnel.checkouts, funnel.paid) == (6, 5, 3, 2, 1)
    assert [(step, count, rate) for step, count, rate in funnel.steps] == [
        ("visitors", 5, None),
        ("cart", 3, 0.6),
        ("checkouts", 2, 2 / 3),
        ("paid", 1, 0.5),
    ]
    assert funnel.overall == 0.2
