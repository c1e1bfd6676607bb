"""The delivery-zone form of the rates editor: plain fields, parsed in one place, messages in the publisher's words."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from shop.core import parsing
from shop.core.money import price_text
from shop.core.parsing import BoundedIntegerField, HtmlForm, euros_validator, no_control_chars
from shop.core.templating import current_lang
from shop.shipping.rates import ZoneError, ZoneInput, parse_countries
from shop.shipping.rates_model import ShippingZone

MAX_FEE_CENTS = 1000_00  # a parcel over 1,000 euros is a typo


def _countries(_form: Any, field: Any) -> None:
    try:
        parse_countries(field.data or "")
    except ZoneError as exc:
        raise ValidationError(str(exc.label)) from None


class ZoneForm(HtmlForm):
    code = StringField(
        _l("Short code (for your records)"),
        validators=[InputRequired(_l("Please give a short code.")), no_control_chars, Length(max=20),
                    Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and hyphens only."))],
    )  # fmt: skip
    label_fr = StringField(
        _l("Name shown to buyers (French)"),
        validators=[InputRequired(_l("Please give a name.")), no_control_chars, Length(max=120)],
    )
    label_en = StringField(
        _l("Name shown to buyers (English)"),
        validators=[InputRequired(_l("Please give a name.")), no_control_chars, Length(max=120)],
    )
    countries = StringField(
        _l("Countries (two-letter ISO codes, e.g. FR, BE, CH)"),
        validators=[
            InputRequired(_l("Give at least one country.")),
            no_control_chars,
            Length(max=1000),
            _countries,
        ],
    )
    fee = StringField(
        _l("Price per parcel under 35 € of books (€)"),
        validators=[
            InputRequired(_l("Give a price in euros, e.g. 19.90.")),
            no_control_chars,
            Length(max=12),
            euros_validator(MAX_FEE_CENTS),
        ],
    )
    fee_from_threshold = StringField(
        _l("Price per parcel from 35 € of books (€)"),
        validators=[
            InputRequired(_l("Give a price in euros, e.g. 19.90.")),
            no_control_chars,
            Length(max=12),
            euros_validator(MAX_FEE_CENTS),
        ],
    )
    min_days = BoundedIntegerField(
        _l("Delivery time, at the soonest (working days)"), minimum=0, maximum=90,
        validators=[InputRequired(_l("Please enter a whole number."))],
    )  # fmt: skip
    max_days = BoundedIntegerField(
        _l("Delivery time, at the latest (working days)"), minimum=0, maximum=90,
        validators=[InputRequired(_l("Please enter a whole number."))],
    )  # fmt: skip
    position = BoundedIntegerField(_l("Position in the list"), minimum=0, maximum=1000, default=0)
    active = BooleanField(_l("Offered to buyers"), default=True)

    def fill(self, zone: ShippingZone) -> None:
        self.code.data, self.label_fr.data, self.label_en.data = zone.code, zone.label_fr, zone.label_en
        self.countries.data = ", ".join(zone.country_codes)
        self.fee.data, self.fee_from_threshold.data = (
            price_text(zone.fee_cents, current_lang()),
            price_text(zone.fee_from_threshold_cents, current_lang()),
        )
        self.min_days.data, self.max_days.data = zone.min_days, zone.max_days
        self.position.data, self.active.data = zone.position, zone.active

    def value(self) -> ZoneInput:
        """The validated input (call after validate())."""
        return ZoneInput(
            code=self.code.data or "", label_fr=(self.label_fr.data or "").strip(),
            label_en=(self.label_en.data or "").strip(), countries=parse_countries(self.countries.data or ""),
            fee_cents=parsing.parse_cents(self.fee.data), fee_from_threshold_cents=parsing.parse_cents(self.fee_from_threshold.data),
            min_days=self.min_days.data or 0, max_days=self.max_days.data or 0, active=bool(self.active.data),
            position=self.position.data or 0,
        )  # fmt: skip
