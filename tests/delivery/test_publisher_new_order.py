"""The publisher hears of each new paid sale by e-mail, once per account, unless the setting is off."""

from __future__ import annotations

import sqlalchemy as sa

from shop.extensions import db
from shop.orders import publisher_mail, signals
from shop.orders.models import OrderKind
from shop.outbox.models import OutboxEmail
from shop.outbox.rendering import render
from shop.settings import store
from tests.delivery.conftest import paid_order
from tests.factories import make_user


def _notify(on: bool) -> None:
    store.save(store.Settings(notify_paid_orders=on), user_id=None)
    db.session.commit()


def _new_order_mails() -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).filter_by(template="publisher_new_order")))


def test_each_publisher_account_hears_of_a_paid_order_once(app, db, book) -> None:
    make_user("publisher", email="editeur@example.com")
    make_user("publisher", email="associee@example.com")
    make_user("author", email="autrice@example.com")
    _notify(True)
    order = paid_order(app, book, "print", "ebook")
    with app.test_request_context("/"):
        signals.order_paid.send(order, actor="test")  # a repeated signal (a revived order) sends nothing more
        db.session.commit()

    mails = _new_order_mails()
    assert sorted(m.recipient for m in mails) == ["associee@example.com", "editeur@example.com"]
    assert {m.order_id for m in mails} == {order.id}
    order.shipping_name, order.shipping_line1 = "Zoé Lectrice", "12 rue des Lilas"
    order.shipping_postal_code, order.shipping_city, order.shipping_country = "69001", "Lyon", "FR"
    with app.test_request_context("/"):
        rendered = render(mails[0])
    assert order.number in rendered.subject
    assert "12 rue des Lilas" in rendered.text and "69001 Lyon" in rendered.html  # whom to ship to
    assert f"/tableau-de-bord/commandes/{order.id}" in rendered.text


def test_no_mail_when_the_publisher_turned_it_off(app, db, book) -> None:
    make_user("publisher", email="editeur@example.com")
    _notify(False)
    paid_order(app, book, "ebook")
    assert _new_order_mails() == []


def test_no_mail_for_a_review_copy(app, db, book) -> None:
    make_user("publisher", email="editeur@example.com")
    _notify(True)
    order = paid_order(app, book, "ebook")
    db.session.execute(sa.delete(OutboxEmail).where(OutboxEmail.template == "publisher_new_order"))
    order.kind = OrderKind.REVIEW_COPY
    with app.test_request_context("/"):
        publisher_mail.on_paid(order)
    assert _new_order_mails() == []
