"""Issue 11, finding 2: nobody can hoard the print stock with unpaid checkouts (test payment mode).

A scripted hoarder gets at most CHECKOUT_MAX_OPEN_ORDERS pending orders (and CHECKOUT_MAX_RESERVED_COPIES copies)
per client address and per e-mail address, and a rate limit on the pay button; a real buyer elsewhere still buys.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest
import sqlalchemy as sa
from lxml import html

from shop.checkout import limits
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from tests.checkout.conftest import add, checkout

HOARDER = "203.0.113.66"
BUYER = "192.0.2.7"


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _try(app, address: str, email: str, quantity: str = "1"):
    """One scripted checkout from a fresh cookie-less client, as a script would send it."""
    client = _client(app, address)
    add(client, _try.edition, quantity)  # type: ignore[attr-defined]
    return checkout(client, email=email)


def _text(response) -> str:
    return html.fromstring(response.get_data(as_text=True)).text_content()


def _pending(db) -> list[Order]:
    return list(db.session.scalars(sa.select(Order).where(Order.status == OrderStatus.PENDING)))


@pytest.fixture
def stock(db, editions):
    editions["print"].stock = 100
    db.session.commit()
    _try.edition = editions["print"]  # type: ignore[attr-defined]
    return editions["print"]


def test_a_scripted_hoarder_is_stopped_while_a_real_buyer_still_buys(app, db, stock) -> None:
    codes = [_try(app, HOARDER, f"bot{i}@example.com", "5").status_code for i in range(8)]
    assert codes == [303] * 3 + [429] * 5  # one address, many e-mails: three open orders at most
    codes = [_try(app, f"198.51.100.{i}", "bot@example.com", "5").status_code for i in range(1, 7)]
    assert codes == [303] * 3 + [429] * 3  # many addresses, one e-mail: the same
    db.session.expire_all()
    assert len(_pending(db)) == 6 and stock.stock == 100 - 6 * 5
    assert _try(app, BUYER, "zoe@example.com", "2").status_code == 303
    db.session.expire_all()
    assert stock.stock == 100 - 6 * 5 - 2


def test_the_refusal_is_a_clear_message_on_the_cart_page_and_the_cart_is_kept(app, db, stock) -> None:
    for i in range(3):
        _try(app, HOARDER, f"bot{i}@example.com")
    client = _client(app, HOARDER)
    add(client, stock, "2")
    response = checkout(client, email="zoe@example.com")
    assert response.status_code == 429
    assert "Trop de commandes attendent leur paiement" in _text(response)
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.xpath("//input[@name='email']/@value") == ["zoe@example.com"]
    assert doc.xpath(f"//input[@id='qty-{stock.id}']/@value") == ["2"]
    db.session.expire_all()
    assert len(_pending(db)) == 3 and stock.stock == 97


def test_copies_held_by_one_address_are_capped(app, db, stock) -> None:
    assert _try(app, HOARDER, "a@example.com", "15").status_code == 303
    response = _try(app, HOARDER, "b@example.com", "6")  # 21 copies would be set aside for one address
    assert response.status_code == 429 and "Au plus 20 exemplaires imprimés" in _text(response)
    assert _try(app, HOARDER, "b@example.com", "5").status_code == 303  # 20 is allowed
    response = _try(app, "198.51.100.9", "a@example.com", "6")  # and per e-mail, from elsewhere
    assert response.status_code == 429 and "Au plus 20 exemplaires imprimés" in _text(response)
    assert _try(app, "198.51.100.9", "a@example.com", "5").status_code == 303
    db.session.expire_all()
    assert stock.stock == 75


def test_ebook_orders_count_as_open_orders_but_hold_no_copies(app, db, editions, stock) -> None:
    for i in range(3):
        client = _client(app, HOARDER)
        add(client, editions["ebook"])
        assert checkout(client, email=f"e{i}@example.com").status_code == 303
    assert _try(app, HOARDER, "z@example.com").status_code == 429


def test_closed_orders_no_longer_count(app, db, stock) -> None:
    for i in range(3):
        _try(app, HOARDER, f"bot{i}@example.com")
    first = _pending(db)[0]
    first.status = OrderStatus.PAID  # paid orders hold nothing unpaid
    db.session.commit()
    assert _try(app, HOARDER, "bot9@example.com").status_code == 303


def test_the_pay_button_is_rate_limited_per_address(app, db, stock) -> None:
    client = _client(app, HOARDER)
    add(client, stock)
    codes = [checkout(client, email="nope").status_code for _ in range(10)]  # a script hammering the button
    assert codes == [422] * 10
    response = checkout(client, email="zoe@example.com")
    assert response.status_code == 429
    assert "Trop de tentatives de paiement depuis votre connexion" in _text(response)
    doc = html.fromstring(response.get_data(as_text=True))
    assert doc.xpath("//input[@name='email']/@value") == [
        "zoe@example.com"
    ]  # the cart and the input are kept
    assert doc.xpath(f"//input[@id='qty-{stock.id}']/@value") == ["1"]
    other = _client(app, BUYER)
    add(other, stock)
    assert checkout(other).status_code == 303  # another address is not affected


def test_the_order_stores_a_keyed_hash_of_the_address_not_the_address(app, db, stock) -> None:
    assert _try(app, HOARDER, "zoe@example.com").status_code == 303
    [order] = _pending(db)
    expected = hmac.new(b"test-secret-key", f"checkout-client|{HOARDER}".encode(), hashlib.sha256).hexdigest()
    assert order.client_hash == expected
    assert HOARDER not in str([getattr(order, c.key) for c in Order.__table__.columns])


@pytest.mark.parametrize(
    ("address", "counted_as"),
    [
        ("203.0.113.66", "203.0.113.66"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:1:2:3", "2001:db8:1:2::/64"),  # one subscriber's /64 is one client
        ("::ffff:192.0.2.7", "192.0.2.7"),
    ],
)
def test_ipv6_clients_count_per_64(app, address: str, counted_as: str) -> None:
    with app.test_request_context(environ_base={"REMOTE_ADDR": address}):
        assert limits.client_address() == counted_as


def test_a_second_checkout_of_the_same_cart_releases_the_first(app, db, stock) -> None:
    client = _client(app, BUYER)
    add(client, stock, "3")
    assert checkout(client).status_code == 303
    db.session.expire_all()
    assert stock.stock == 97
    for _ in range(4):  # back, pay again: never more than one reservation, never hits the limit
        assert checkout(client).status_code == 303
    db.session.expire_all()
    orders = list(db.session.scalars(sa.select(Order).order_by(Order.id)))
    assert [o.status for o in orders] == [OrderStatus.CANCELED] * 4 + [OrderStatus.PENDING]
    assert stock.stock == 97 and not any(o.stock_reserved for o in orders[:4])
    assert orders[0].events[-1].params["reason"] == "replaced_by_new_checkout"


def test_the_last_copy_survives_pressing_pay_twice(app, db, stock) -> None:
    stock.stock = 1
    db.session.commit()
    client = _client(app, BUYER)
    add(client, stock)
    assert checkout(client).status_code == 303
    assert checkout(client).status_code == 303  # the buyer's own earlier checkout is not a rival
    db.session.expire_all()
    assert stock.stock == 0 and len(_pending(db)) == 1


def test_parallel_checkouts_of_one_hoarder_cannot_pass_the_limit_on_postgres(
    db, stock, live_server, is_postgres
):
    """Nine checkouts of one address at the same instant: they queue on the address, so three orders at most."""
    if not is_postgres:
        pytest.skip("SQLite lets one writer at a time; the race is a PostgreSQL concern (CI runs it there)")
    import http.cookiejar
    import threading
    import urllib.error
    import urllib.parse
    import urllib.request

    edition_id, workers = stock.id, 9
    db.session.commit()
    barrier = threading.Barrier(workers)
    codes: list[int] = []

    def hoarder(i: int) -> None:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = urllib.parse.urlencode({"edition_id": edition_id, "quantity": 1}).encode()
        opener.open(f"{live_server.url}/fr/panier/ajouter", data=form, timeout=30).read()
        pay = urllib.parse.urlencode(
            {"email": f"bot{i}@example.com", "shipping_rate": "fr", "terms": "y"}
        ).encode()
        barrier.wait()
        try:
            with opener.open(f"{live_server.url}/fr/panier/payer", data=pay, timeout=30) as response:
                codes.append(response.status)
        except urllib.error.HTTPError as exc:
            codes.append(exc.code)

    threads = [threading.Thread(target=hoarder, args=(i,)) for i in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] * 3 + [429] * (workers - 3)  # 200: redirected to the test payment page
    db.session.expire_all()
    assert len(_pending(db)) == 3 and stock.stock == 97


@pytest.fixture
def app_overrides(request) -> dict[str, object]:
    return {"TRUSTED_PROXIES": 1} if request.node.name.startswith("test_behind_one_proxy") else {}


def test_behind_one_proxy_the_forwarded_address_is_the_client(app, db, stock) -> None:
    """With TRUSTED_PROXIES=1 every request comes from the proxy; ProxyFix gives each buyer their own address."""

    def pay(forwarded: str, email: str) -> int:
        client = _client(app, "127.0.0.1")
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
        add(client, stock)
        return checkout(client, email=email).status_code

    assert [pay(HOARDER, f"bot{i}@example.com") for i in range(4)] == [303, 303, 303, 429]
    assert pay(BUYER, "zoe@example.com") == 303
    db.session.expire_all()
    assert {o.client_hash for o in _pending(db)} == {limits_hash(app, HOARDER), limits_hash(app, BUYER)}


def limits_hash(app, address: str) -> str:
    with app.test_request_context():
        return limits.client_hash(address)
