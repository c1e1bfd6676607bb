"""Paid − refunds − Stripe fees = net, to the cent, on the overview and in the sales journal, for orders paid and
refunded through the real Stripe library against the stand-in (delivery included, one fee not known yet)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from lxml import html

from shop.payments import fees
from tests.money.conftest import paid


def _cents(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
    return int(Decimal(digits) * 100)


def _line(order, fmt: str):
    return next(line for line in order.lines if line.format.value == fmt)


def test_overview_and_journal_reconcile_gross_fees_refunds_and_net(
    app, client, db, staff, editions, stripe_standin
) -> None:
    both = paid(client, editions, stripe_standin, "print", "ebook")
    whole = paid(client, editions, stripe_standin, "print")
    bundle = paid(client, editions, stripe_standin, "bundle")
    assert fees.fetch_due() == 3
    late = paid(client, editions, stripe_standin, "ebook")  # Stripe is down when its fee is due
    stripe_standin.fail_with = 503
    assert fees.fetch_due() == 0
    stripe_standin.fail_with = None
    refund = "/tableau-de-bord/commandes/{}/rembourser"
    ebook = _line(both, "ebook")
    assert (
        staff.post(refund.format(both.id), data={"confirm": "yes", f"line-{ebook.id}": "1"}).status_code
        == 303
    )
    assert staff.post(refund.format(whole.id), data={"confirm": "yes"}).status_code == 303  # delivery too
    db.session.expire_all()
    orders = (both, whole, bundle, late)
    assert all(o.shipping_cents for o in (both, whole, bundle)) and whole.refunded_cents == whole.total_cents

    gross = sum(o.total_cents for o in orders)
    refunded = sum(r["amount"] for r in stripe_standin.refunds.values())
    charged = [t for t in stripe_standin.balance_transactions.values() if t["type"] == "charge"]
    fetched = {o.balance_transaction_id for o in orders} - {None}
    fee_total = sum(t["fee"] for t in charged if t["id"] in fetched)
    assert len(fetched) == 3 and refunded == sum(o.refunded_cents for o in orders)

    page = html.fromstring(staff.get("/tableau-de-bord/?lang=en").get_data(as_text=True))
    for row in page.xpath("//table[@id='money']/tbody/tr")[::2]:  # the chosen 30 days, and all time
        cells = row.xpath("td")
        shown = [_cents(cell.text_content()) for cell in cells]
        assert shown == [gross, refunded, fee_total, gross - refunded - fee_total]
        assert "*" in cells[2].text_content()  # the late order's fee is not counted yet, and says so

    text = staff.get("/tableau-de-bord/exports/journal-des-ventes.csv?dialect=intl").get_data(as_text=True)
    body = list(csv.reader(io.StringIO(text)))[1:]
    journal_incl = sum(Decimal(r[11]) for r in body) * 100
    journal_fees = sum(Decimal(r[12] or 0) for r in body) * 100
    assert journal_incl == gross - refunded and journal_fees == fee_total
    assert journal_incl - journal_fees == gross - refunded - fee_total

    order_page = html.fromstring(
        staff.get(f"/tableau-de-bord/commandes/{both.id}?lang=en").get_data(as_text=True)
    )
    amounts = [_cents(td.text_content()) for td in order_page.xpath("//table[@id='order-money']//td")]
    assert amounts == [both.total_cents, both.refunded_cents, both.stripe_fee_cents,
                       both.total_cents - both.refunded_cents - both.stripe_fee_cents]  # fmt: skip
