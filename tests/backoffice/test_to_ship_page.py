"""The "À expédier" page shows a page of the oldest orders and says when more wait after them."""

from __future__ import annotations

from shop.dashboard import shipping_views
from tests.backoffice.conftest import login
from tests.delivery.conftest import paid_order
from tests.shipping.test_queue_and_slips import with_address


def test_the_page_shows_the_oldest_and_says_more_wait(app, client, db, book, publisher, monkeypatch) -> None:
    orders = [
        with_address(paid_order(app, book, "print", email=f"l{i}@example.com"), i, 5 - i) for i in range(3)
    ]
    db.session.commit()
    login(client, publisher)
    monkeypatch.setattr(shipping_views, "QUEUE_PAGE", 2)
    page = client.get("/tableau-de-bord/a-expedier?lang=en").get_data(as_text=True)
    assert orders[0].number in page and orders[1].number in page and orders[2].number not in page
    assert "The 2 oldest orders are shown" in page
    monkeypatch.setattr(shipping_views, "QUEUE_PAGE", 3)
    page = client.get("/tableau-de-bord/a-expedier?lang=en").get_data(as_text=True)
    assert orders[2].number in page and "3 orders wait" in page
