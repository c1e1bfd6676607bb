"""Money is integer cents plus an ISO currency; formatting happens only at the edges, with Babel."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, format_decimal


def format_money(cents: int, currency: str = "EUR", locale: str = "fr") -> str:
    return format_currency(Decimal(cents) / 100, currency, locale=locale)


def price_text(cents: int, locale: str = "fr") -> str:
    """A price as the publisher types it in a form: 24,00 in French, 24.00 in English (parse_cents reads both)."""
    text = f"{cents // 100}.{cents % 100:02d}"
    return text.replace(".", ",") if locale.startswith("fr") else text


def vat_included(gross_cents: int, rate_bp: int) -> int:
    """VAT contained in a tax-inclusive amount, rounded half-up to the cent.

    rate_bp is the rate in basis points (550 = 5.5 %).
    """
    gross = Decimal(gross_cents)
    vat = gross * rate_bp / (10000 + rate_bp)
    return int(vat.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_rate(rate_bp: int, locale: str = "fr") -> str:
    # French sets the sign apart with a narrow no-break space ("5,5 %"); English writes it close ("5.5%").
    sign = "\u202f%" if locale.startswith("fr") else "%"
    return format_decimal(Decimal(rate_bp) / 100, locale=locale) + sign
