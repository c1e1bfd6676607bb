"""Issue 13, item 5: order lines, and so Stripe's page, invoices and e-mails, name the edition in the buyer's
language."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.orders.models import Order
from tests.checkout.conftest import add, checkout


@pytest.mark.parametrize(
    ("lang", "expected", "absent"),
    [
        ("en", ["print edition", "print + e-book"], "offre groupée"),
        ("fr", ["livre imprimé", "papier + numérique"], "print"),
    ],
)
def test_order_lines_name_the_edition_in_the_buyers_language(client, db, editions, lang, expected, absent):
    add(client, editions["print"], lang=lang)
    add(client, editions["bundle"], lang=lang)
    assert checkout(client, lang=lang).status_code == 303
    order = db.session.scalars(sa.select(Order)).one()
    descriptions = [line.description for line in order.lines]
    assert [d.split(" – ", 1)[1] for d in descriptions] == expected
    assert not any(absent in d for d in descriptions)
