"""Delivery rates from the database: what the cart, the checkout and the terms of sale read, and the editor's actions.

A shop whose zones were never saved (a test database, an install before migration 0019 seeded them) uses the default
rates of shop.checkout.pricing as they are; the first change in the editor writes those defaults down first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from babel import Locale
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from shop.checkout.pricing import DEFAULT_SHIPPING_RATES, ShippingRate, check_rate, load_rates
from shop.extensions import db
from shop.shipping.rates_model import ShippingZone, ZoneCountry

# Territories Babel names, minus its groupings ("EU", "UN", "QO"...): what a parcel can be sent to.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
COUNTRY_CODES = frozenset(
    code
    for code in map(str, Locale("en").territories)
    if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
)


class ZoneError(ValueError):
    """A refused zone; `field` names the form field the message belongs to, `label` is the translated message."""

    def __init__(self, field: str, label: str | LazyString) -> None:
        super().__init__(str(label))
        self.field, self.label = field, label


@dataclass(frozen=True)
class ZoneInput:
    code: str
    label_fr: str
    label_en: str
    countries: tuple[str, ...]
    fee_cents: int
    fee_from_threshold_cents: int
    min_days: int
    max_days: int
    active: bool
    position: int


def _rate(zone: ShippingZone) -> ShippingRate:
    return ShippingRate(
        code=zone.code, countries=tuple(zone.country_codes), label={"fr": zone.label_fr, "en": zone.label_en},
        fee_cents=zone.fee_cents, fee_from_threshold_cents=zone.fee_from_threshold_cents,
        min_days=zone.min_days, max_days=zone.max_days,
    )  # fmt: skip


def zones() -> Sequence[ShippingZone]:
    return db.session.scalars(
        sa.select(ShippingZone)
        .options(selectinload(ShippingZone.countries))
        .order_by(ShippingZone.position, ShippingZone.id)
    ).all()


def active_rates() -> list[ShippingRate]:
    """The rates the buyer may choose, in the publisher's order; checked against the loi Darcos on every read, so
    a row written around the editor can never reach a payment page."""
    saved = zones()
    if not saved:
        return load_rates(DEFAULT_SHIPPING_RATES)
    return load_rates([asdict(_rate(zone)) for zone in saved if zone.active and zone.countries])


def ensure_seeded() -> None:
    """Write the default zones down when none was ever saved (the demo loader and the editor call this); flushes."""
    if db.session.scalar(sa.select(sa.func.count(ShippingZone.id))):
        return
    for position, raw in enumerate(DEFAULT_SHIPPING_RATES):
        zone = ShippingZone(
            code=raw["code"], label_fr=raw["label"]["fr"], label_en=raw["label"]["en"], fee_cents=raw["fee_cents"],
            fee_from_threshold_cents=raw["fee_from_threshold_cents"], min_days=raw["min_days"],
            max_days=raw["max_days"], active=True, position=position,
        )  # fmt: skip
        zone.countries = [ZoneCountry(country=c, position=i) for i, c in enumerate(raw["countries"])]
        db.session.add(zone)
    db.session.flush()


def parse_countries(raw: str) -> tuple[str, ...]:
    """ "FR, MC be" -> ("FR", "MC", "BE"); an unknown code is refused by name."""
    codes = [part.upper() for part in raw.replace(";", ",").replace(",", " ").split() if part]
    unknown = [c for c in codes if c not in COUNTRY_CODES]
    if unknown:
        raise ZoneError(
            "countries",
            _l(
                "Unknown country code: %(codes)s. Use two-letter ISO codes such as FR, BE, CH.",
                codes=", ".join(unknown),
            ),
        )
    if not codes:
        raise ZoneError("countries", _l("Give at least one country."))
    return tuple(dict.fromkeys(codes))  # duplicates dropped, order kept


def save_zone(zone: ShippingZone | None, data: ZoneInput) -> ShippingZone:
    """Create (zone None) or change a zone after the loi Darcos check and the one-zone-per-country check; flushes.

    Raises ZoneError (a form field and its message) or PricingRuleError (the rule, named)."""
    ensure_seeded()
    check_rate(data.code, data.fee_cents, data.fee_from_threshold_cents)
    if data.max_days < data.min_days:
        raise ZoneError("max_days", _l("The longest delivery time cannot be shorter than the shortest."))
    same_code = db.session.scalar(sa.select(ShippingZone).filter_by(code=data.code))
    if same_code is not None and same_code is not zone:
        raise ZoneError("code", _l("Another zone already has this code."))
    taken = db.session.execute(
        sa.select(ZoneCountry.country, ShippingZone.label_fr, ShippingZone.label_en)
        .join(ShippingZone)
        .where(ZoneCountry.country.in_(data.countries), ShippingZone.id != (zone.id if zone else -1))
    ).all()
    if taken:
        country, label_fr, _label_en = taken[0]
        raise ZoneError(
            "countries",
            _l("%(country)s is already delivered in the zone “%(zone)s”; a country belongs to one zone only.",
               country=country, zone=label_fr),
        )  # fmt: skip
    if zone is None:
        zone = ShippingZone(code=data.code)
        db.session.add(zone)
    zone.code, zone.label_fr, zone.label_en = data.code, data.label_fr, data.label_en
    zone.fee_cents, zone.fee_from_threshold_cents = data.fee_cents, data.fee_from_threshold_cents
    zone.min_days, zone.max_days = data.min_days, data.max_days
    zone.active, zone.position = data.active, data.position
    kept = {c.country: c for c in zone.countries}
    zone.countries = [kept.get(code) or ZoneCountry(country=code) for code in data.countries]
    for i, member in enumerate(zone.countries):
        member.position = i
    db.session.flush()
    active_rates()  # refuses, by the same rule as the cart, a change that leaves no zone to deliver to
    return zone


def delivery_estimate(min_days: int | None, max_days: int | None) -> str:
    """ "2 à 4 jours ouvrés" / "2 to 4 working days", in the current language; empty when unknown."""
    if min_days is None or max_days is None:
        return ""
    if min_days == max_days:
        # Not ngettext: the catalogue tools fill both plural forms alike, and only "1" is singular here.
        return str(_l("1 working day")) if max_days == 1 else str(_l("%(num)s working days", num=max_days))
    return str(_l("%(low)s to %(high)s working days", low=min_days, high=max_days))
