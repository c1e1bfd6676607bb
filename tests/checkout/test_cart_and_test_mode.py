"""The cart refuses tampered input in the buyer's language; the test payment mode completes orders through the
same fulfilment actions as Stripe."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from lxml import html

from shop.orders import signals
from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus
from tests.checkout.conftest import add, checkout


def _orders(db) -> list[Order]:
    return list(db.session.scalars(sa.select(Order)))


def _errors(response) -> str:
    return html.fromstring(response.get_data(as_text=True)).text_content()


def test_public_pages_stay_cookieless_until_the_cart(client, db, editions) -> None:
    assert "Set-Cookie" not in client.get("/fr/").headers
    response = add(client, editions["print"])
    assert "session=" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    assert client.get("/fr/panier").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Merci d'indiquer au moins un exemplaire."),
        ("-1", "Merci d'indiquer un nombre entier d'exemplaires."),
        ("1e9", "Merci d'indiquer un nombre entier d'exemplaires."),
        ("abc", "Merci d'indiquer un nombre entier d'exemplaires."),
        ("1000000000", "Au-delà de 20 exemplaires"),
        ("21", "Au-delà de 20 exemplaires"),
    ],
)
def test_bad_quantities_are_refused_in_french(client, db, editions, quantity: str, message: str) -> None:
    response = add(client, editions["print"], quantity)
    page = client.get(response.headers["Location"])
    assert message in _errors(page)
    assert "Votre panier est vide." in _errors(page)


@pytest.mark.parametrize("edition_id", ["999999", "abc", "", "-3"])
def test_unknown_editions_are_refused(client, db, editions, edition_id: str) -> None:
    client.post("/en/panier/ajouter", data={"edition_id": edition_id, "quantity": "1"})
    page = client.get("/en/panier")
    assert "This edition is not on sale." in _errors(page) and "Your cart is empty." in _errors(page)


def test_inactive_edition_is_refused(client, db, editions) -> None:
    editions["ebook"].active = False
    db.session.commit()
    add(client, editions["ebook"], lang="en")
    assert "This edition is not on sale." in _errors(client.get("/en/panier"))


def test_price_fields_in_the_request_are_ignored(client, db, editions) -> None:
    client.post(
        "/fr/panier/ajouter",
        data={"edition_id": editions["ebook"].id, "quantity": "1", "price_cents": "1", "unit_price": "0.01"},
    )
    response = checkout(client, price_cents="1", total_cents="1", vat_rate_bp="0", amount="1")
    assert response.status_code == 303
    [order] = _orders(db)
    assert (order.total_cents, order.lines[0].unit_price_cents, order.lines[0].vat_rate_bp) == (
        1299,
        1299,
        550,
    )


def test_missing_waiver_with_an_ebook_creates_nothing(client, db, editions) -> None:
    add(client, editions["ebook"])
    response = checkout(client, waiver=None)
    assert response.status_code == 422
    assert "Merci de cocher cette case pour acheter le livre numérique." in _errors(response)
    assert _orders(db) == []
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.xpath("//input[@name='email']/@value") == ["zoe@example.com"]  # input kept


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("terms", None, "Merci d'accepter les conditions générales de vente."),
        ("email", "nope", "Cette adresse e-mail n'est pas valide."),
    ],
)
def test_other_checkout_errors(client, db, editions, field: str, value, message: str) -> None:
    add(client, editions["print"])
    response = checkout(client, **{field: value})
    assert response.status_code == 422 and message in _errors(response) and _orders(db) == []


def test_waiver_not_asked_for_print_only(client, db, editions) -> None:
    add(client, editions["print"])
    assert "L221-28" not in client.get("/fr/panier").get_data(as_text=True)
    assert checkout(client, waiver=None).status_code == 303


def test_test_mode_purchase_reserves_stock_and_pays_through_the_actions(client, db, editions) -> None:
    paid = []
    signals.order_paid.connect(lambda order, **kw: paid.append(order.id), weak=False)
    try:
        add(client, editions["print"], "2")
        add(client, editions["ebook"])
        response = checkout(client)
        payment_page = response.headers["Location"]
        assert "/fr/paiement-test/" in payment_page
        [order] = _orders(db)
        assert order.status == OrderStatus.PENDING and order.number.startswith("LCM-")
        assert editions["print"].stock == 8  # reserved at checkout start
        assert "aucun paiement réel" in client.get(payment_page).get_data(as_text=True)
        assert order.waiver_text.startswith("J'accepte expressément") and order.waiver_locale == "fr"
        done = client.post(
            payment_page,
            data={
                "action": "pay",
                "name": "Zoé",
                "line1": "1 rue",
                "postal_code": "75001",
                "city": "Paris",
                "country": "FR",
            },
        )
        client.post(payment_page, data={"action": "pay"})  # a double click changes nothing
        db.session.expire_all()
        assert order.status == OrderStatus.PARTIALLY_FULFILLED and order.payment_status == PaymentStatus.PAID
        assert (order.shipping_city, order.buyer_name) == ("Paris", "Zoé")
        assert paid == [order.id]
        assert editions["print"].stock == 8  # decremented once
        success = client.get(done.headers["Location"]).get_data(as_text=True)
        assert "Merci\u202f! Votre paiement est confirmé." in success and "zoe@example.com" in success
        assert "Votre panier est vide." in _errors(client.get("/fr/panier"))
    finally:
        signals.order_paid.receivers.clear()


def test_test_mode_cancel_releases_stock(client, db, editions) -> None:
    add(client, editions["print"], "3")
    payment_page = checkout(client).headers["Location"]
    assert editions["print"].stock == 7
    client.post(payment_page, data={"action": "cancel"})
    db.session.expire_all()
    [order] = _orders(db)
    assert order.status == OrderStatus.CANCELED and editions["print"].stock == 10
    assert "Votre panier" in client.get("/fr/panier").get_data(as_text=True)


def test_test_mode_is_refused_in_production(app, client, db, editions) -> None:
    add(client, editions["ebook"])
    payment_page = checkout(client).headers["Location"]
    app.config["SHOP_ENV"] = "production"
    assert client.get(payment_page).status_code == 404
    assert client.post(payment_page, data={"action": "pay"}).status_code == 404


def test_expiry_command_releases_stock(client, db, editions, runner) -> None:
    import datetime as dt

    add(client, editions["print"], "4")
    checkout(client)
    [order] = _orders(db)
    order.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    db.session.commit()
    result = runner.invoke(args=["shop", "orders", "expire"])
    assert "Expired 1" in result.output
    db.session.expire_all()
    assert order.status == OrderStatus.EXPIRED and editions["print"].stock == 10


def test_last_copy_cannot_be_sold_twice(app, db, editions) -> None:
    editions["print"].stock = 1
    db.session.commit()
    first, second = app.test_client(), app.test_client()
    add(first, editions["print"])
    add(second, editions["print"])
    assert checkout(first).status_code == 303
    response = checkout(second)
    assert response.status_code == 409 and "vient d'être épuisé" in _errors(response)
    db.session.expire_all()
    assert editions["print"].stock == 0 and len(_orders(db)) == 1


def test_two_buyers_race_for_the_last_copy_on_postgres(db, editions, live_server, is_postgres) -> None:
    if not is_postgres:
        pytest.skip("needs PostgreSQL row locks; CI runs the suite on PostgreSQL too")
    import http.cookiejar
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    editions["print"].stock = 1
    edition_id = editions["print"].id
    db.session.commit()
    barrier = threading.Barrier(4)
    codes: list[int] = []

    def buyer() -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = urllib.parse.urlencode({"edition_id": edition_id, "quantity": 1}).encode()
        opener.open(f"{live_server.url}/fr/panier/ajouter", data=form, timeout=30).read()
        pay = urllib.parse.urlencode({"email": "a@example.com", "shipping_rate": "fr", "terms": "y"}).encode()
        barrier.wait()
        try:
            with opener.open(f"{live_server.url}/fr/panier/payer", data=pay, timeout=30) as response:
                codes.append(response.status)
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)

    threads = [threading.Thread(target=buyer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 409, 409, 409]  # 200: redirected to the test payment page
    db.session.expire_all()
    assert editions["print"].stock == 0 and len(_orders(db)) == 1
