"""The French price rules, as a table: each row is a cart and what the law says it costs."""

from __future__ import annotations

import pytest

from shop.catalog.models import Edition, EditionFormat
from shop.checkout.pricing import (
    DEFAULT_SHIPPING_RATES,
    PricingRuleError,
    ShippingRate,
    check_edition,
    load_rates,
    quote,
)

FR = load_rates(DEFAULT_SHIPPING_RATES)[0]


def ed(fmt: str, price: int, vat: int = 550) -> Edition:
    return Edition(format=EditionFormat(fmt), price_cents=price, vat_rate_bp=vat, currency="EUR")


# (cart, books, shipping, vat, total)
CASES = [
    ([("print", 1990, 1)], 1990, 300, 104 + 16, 2290),  # under 35 EUR: at least 3.00 EUR delivery (Darcos)
    ([("print", 1990, 2)], 3980, 1, 207 + 0, 3981),  # 35 EUR or more: delivery never free, 0.01 EUR
    ([("ebook", 1299, 1)], 1299, 0, 68, 1299),  # e-book: no delivery, exact public price
    ([("bundle", 2490, 1)], 2490, 300, 130 + 16, 2790),  # bundle at its own price, shipped
    ([("print", 1990, 1), ("ebook", 1299, 1)], 3289, 300, 104 + 68 + 16, 3589),  # e-book not in the parcel
    ([("print", 3500, 1)], 3500, 1, 182, 3501),  # exactly at the threshold
    ([("print", 3499, 1)], 3499, 300, 182 + 16, 3799),  # one cent under
]


@pytest.mark.parametrize(("cart", "books", "shipping", "vat", "total"), CASES)
def test_quote(cart, books: int, shipping: int, vat: int, total: int) -> None:
    items = [(ed(fmt, price), qty) for fmt, price, qty in cart]
    result = quote(items, FR)
    assert result.books_cents == books
    assert result.shipping_cents == shipping
    assert result.vat_cents == vat
    assert result.total_cents == total
    assert result.total_excl_vat_cents == total - vat
    for line, (_, price, qty) in zip(result.lines, cart, strict=True):
        assert line.unit_price_cents == price  # always the public price: no discount, ever
        assert line.total_cents == price * qty


@pytest.mark.parametrize(
    ("gross", "vat"), [(1990, 104), (1299, 68), (300, 16), (1, 0), (10, 1), (3980, 207), (211, 11)]
)
def test_vat_is_per_line_half_up(gross: int, vat: int) -> None:
    assert quote([(ed("ebook", gross), 1)], None).lines[0].vat_cents == vat


@pytest.mark.parametrize(
    ("rate", "rule"),
    [
        ({"fee_cents": 299, "fee_from_threshold_cents": 1}, "loi Darcos"),
        ({"fee_cents": 0, "fee_from_threshold_cents": 0}, "loi Darcos"),
        ({"fee_cents": 300, "fee_from_threshold_cents": 0}, "free delivery"),
    ],
)
def test_rates_breaking_the_law_are_refused(rate: dict, rule: str) -> None:
    config = [{"code": "x", "countries": ["FR"], "label": {"fr": "x", "en": "x"}, **rate}]
    with pytest.raises(PricingRuleError, match=rule):
        load_rates(config)


@pytest.mark.parametrize(
    ("edition", "rule"),
    [
        (ed("print", 1990, vat=2000), "5.5 % VAT"),
        (ed("ebook", 0), "public price"),
        (ed("bundle", 3500), "bundle"),
    ],
)
def test_edition_configurations_breaking_the_law_are_refused(edition: Edition, rule: str) -> None:
    with pytest.raises(PricingRuleError, match=rule):
        check_edition(edition, ed("print", 1990), ed("ebook", 1299))


def test_a_shipped_order_needs_a_rate() -> None:
    with pytest.raises(PricingRuleError, match="delivery rate"):
        quote([(ed("print", 1990), 1)], None)


def test_rate_fee_follows_the_threshold() -> None:
    rate = ShippingRate("x", ("FR",), {}, 450, 2)
    assert (rate.fee_for(3499), rate.fee_for(3500)) == (450, 2)
