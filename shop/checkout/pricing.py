"""French book-pricing rules and the order quote, in one place (DOMAIN.md sections 1-3).

Prices always come from the database: the quote takes editions and quantities, never amounts from a request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from shop.catalog.models import Edition, EditionFormat
from shop.core.money import vat_included

DARCOS_THRESHOLD_CENTS = 3500  # new books worth less than this (incl. VAT) per parcel...
DARCOS_MINIMUM_CENTS = 300  # ...pay at least this for delivery (arrêté of 4 April 2023)
DARCOS_ABOVE_MINIMUM_CENTS = 1  # and delivery is never free above the threshold (loi of 8 July 2014)
BOOK_VAT_RATE_BP = 550
SHIPPED_FORMATS = (EditionFormat.PRINT, EditionFormat.BUNDLE)

# The rates a new shop starts with (seeded into shipping_zones by migration 0019 and the demo loader; used as they
# are while no zone was ever saved). The publisher edits them in the dashboard (shop.shipping.rates_views).
DEFAULT_SHIPPING_RATES: list[dict[str, Any]] = [
    {"code": "fr", "countries": ["FR", "MC"], "label": {"fr": "France métropolitaine (Colissimo)", "en": "Metropolitan France (Colissimo)"},
     "fee_cents": 300, "fee_from_threshold_cents": 1, "min_days": 2, "max_days": 4},
    {"code": "eu", "countries": ["BE", "LU", "DE", "ES", "IT", "NL", "PT", "AT", "IE"], "label": {"fr": "Union européenne", "en": "European Union"},
     "fee_cents": 850, "fee_from_threshold_cents": 850, "min_days": 4, "max_days": 8},
    {"code": "ch", "countries": ["CH"], "label": {"fr": "Suisse", "en": "Switzerland"},
     "fee_cents": 1200, "fee_from_threshold_cents": 1200, "min_days": 5, "max_days": 10},
]  # fmt: skip


class PricingRuleError(ValueError):
    """A configuration or a request that would break a French pricing rule; the message names the rule.

    The message stays English for logs; `label` is the same sentence translated for the person who must act.
    """

    def __init__(self, message: str, label: str | LazyString | None = None) -> None:
        super().__init__(message)
        self.label = label if label is not None else message


@dataclass(frozen=True)
class ShippingRate:
    code: str
    countries: tuple[str, ...]
    label: Mapping[str, str]
    fee_cents: int
    fee_from_threshold_cents: int
    # Estimated delivery time in working days; None when unknown (the cart then shows no estimate).
    min_days: int | None = None
    max_days: int | None = None

    def fee_for(self, books_cents: int) -> int:
        return self.fee_cents if books_cents < DARCOS_THRESHOLD_CENTS else self.fee_from_threshold_cents


@dataclass(frozen=True)
class QuoteLine:
    edition: Edition
    quantity: int
    unit_price_cents: int
    vat_rate_bp: int
    total_cents: int
    vat_cents: int

    @property
    def total_excl_vat_cents(self) -> int:
        return self.total_cents - self.vat_cents


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...]
    books_cents: int
    shipping: ShippingRate | None
    shipping_cents: int
    shipping_vat_rate_bp: int
    shipping_vat_cents: int
    currency: str

    @property
    def vat_cents(self) -> int:
        return sum(line.vat_cents for line in self.lines) + self.shipping_vat_cents

    @property
    def total_cents(self) -> int:
        return self.books_cents + self.shipping_cents

    @property
    def total_excl_vat_cents(self) -> int:
        return self.total_cents - self.vat_cents

    @property
    def shipped_books_cents(self) -> int:
        return sum(line.total_cents for line in self.lines if line.edition.format in SHIPPED_FORMATS)

    @property
    def ships(self) -> bool:
        return any(line.edition.format in SHIPPED_FORMATS for line in self.lines)

    @property
    def has_ebook(self) -> bool:
        return any(line.edition.format in (EditionFormat.EBOOK, EditionFormat.BUNDLE) for line in self.lines)


def check_rate(code: str, fee_cents: int, fee_from_threshold_cents: int) -> None:
    """Refuse a delivery rate that breaks the loi Darcos minimum or offers free delivery of books, naming the rule."""
    if fee_cents < DARCOS_MINIMUM_CENTS:
        raise PricingRuleError(
            f"Shipping rate {code!r}: loi Darcos minimum delivery fee is 3.00 EUR under 35.00 EUR of books.",
            _l(
                "Shipping rate %(code)s: the loi Darcos sets a delivery fee of at least 3.00 EUR under 35.00 EUR "
                "of books.",
                code=code,
            ),
        )
    if fee_from_threshold_cents < DARCOS_ABOVE_MINIMUM_CENTS:
        raise PricingRuleError(
            f"Shipping rate {code!r}: free delivery of books is forbidden (loi of 8 July 2014).",
            _l(
                "Shipping rate %(code)s: free delivery of books is forbidden (law of 8 July 2014).", code=code
            ),
        )


def load_rates(config: Sequence[Mapping[str, Any]]) -> list[ShippingRate]:
    """Parse and check rates (from the database's zones or the defaults); a rate breaking the Darcos minimum is
    refused by name."""
    rates = []
    for raw in config:
        rate = ShippingRate(
            code=str(raw["code"]), countries=tuple(raw["countries"]), label=dict(raw["label"]),
            fee_cents=int(raw["fee_cents"]), fee_from_threshold_cents=int(raw["fee_from_threshold_cents"]),
            min_days=raw.get("min_days"), max_days=raw.get("max_days"),
        )  # fmt: skip
        check_rate(rate.code, rate.fee_cents, rate.fee_from_threshold_cents)
        rates.append(rate)
    if not rates:
        raise PricingRuleError(
            "At least one shipping rate is needed to sell the print edition.",
            _l("At least one shipping rate is needed to sell the print edition."),
        )
    return rates


def check_edition(
    edition: Edition, print_edition: Edition | None = None, ebook: Edition | None = None
) -> None:
    """Refuse an edition configuration that French book law forbids, naming the rule."""
    if edition.vat_rate_bp != BOOK_VAT_RATE_BP:
        raise PricingRuleError(
            "Books are taxed at 5.5 % VAT in France (CGI art. 278-0 bis).",
            _l("Books are taxed at 5.5 % VAT in France (CGI art. 278-0 bis)."),
        )
    if edition.price_cents <= 0:
        raise PricingRuleError(
            "Loi Lang / loi of 26 May 2011: the publisher sets a public price above zero.",
            _l("Loi Lang and law of 26 May 2011: the publisher sets a public price above zero."),
        )
    bundle_parts = print_edition.price_cents + ebook.price_cents if print_edition and ebook else None
    if (
        edition.format == EditionFormat.BUNDLE
        and bundle_parts is not None
        and edition.price_cents > bundle_parts
    ):
        raise PricingRuleError(
            "A bundle (offre groupée) costs no more than its parts bought separately.",
            _l("A bundle (offre groupée) costs no more than its parts bought separately."),
        )


def unit_price(edition: Edition) -> int:
    """Always the public price: no discount on a shipped print book (loi of 8 July 2014) nor on an e-book
    (loi of 26 May 2011); a bundle has its own publisher-set price."""
    return edition.price_cents


def quote(items: Sequence[tuple[Edition, int]], shipping: ShippingRate | None) -> Quote:
    lines = []
    for edition, quantity in items:
        price = unit_price(edition)
        total = price * quantity
        # VAT per line, half-up, on the line total (DOMAIN.md section 3).
        lines.append(
            QuoteLine(
                edition, quantity, price, edition.vat_rate_bp, total, vat_included(total, edition.vat_rate_bp)
            )
        )
    books = sum(line.total_cents for line in lines)
    shipped = [line for line in lines if line.edition.format in SHIPPED_FORMATS]
    ships = bool(shipped)
    if ships and shipping is None:
        raise PricingRuleError(
            "A shipped order needs a delivery rate.", _l("A shipped order needs a delivery rate.")
        )
    # The Darcos threshold counts the new books in the parcel; an e-book in the same order is not shipped.
    fee = shipping.fee_for(sum(line.total_cents for line in shipped)) if (ships and shipping) else 0
    currency = lines[0].edition.currency if lines else "EUR"
    return Quote(
        lines=tuple(lines), books_cents=books, shipping=shipping if ships else None, shipping_cents=fee,
        shipping_vat_rate_bp=BOOK_VAT_RATE_BP, shipping_vat_cents=vat_included(fee, BOOK_VAT_RATE_BP), currency=currency,
    )  # fmt: skip


def check_editions(editions: Sequence[Edition]) -> None:
    """Refuse a set of a book's editions that French book law or bundle consistency forbids, naming the rule.

    Checked together because they depend on each other: a bundle's price against its parts, and a bundle on sale
    only while both parts are (lowering the print price can break the bundle rule without touching the bundle).
    """
    by_format = {e.format: e for e in editions}
    print_edition, ebook = by_format.get(EditionFormat.PRINT), by_format.get(EditionFormat.EBOOK)
    for edition in editions:
        check_edition(edition, print_edition, ebook)
    if not any(e.active for e in editions):
        raise PricingRuleError(
            "At least one edition must stay on sale.", _l("At least one edition must stay on sale.")
        )
    bundle = by_format.get(EditionFormat.BUNDLE)
    if (
        bundle is not None
        and bundle.active
        and not (print_edition and print_edition.active and ebook and ebook.active)
    ):
        raise PricingRuleError(
            "A bundle (offre groupée) is sold only while its print edition and its e-book are on sale.",
            _l("A bundle (offre groupée) is sold only while its print edition and its e-book are on sale."),
        )
