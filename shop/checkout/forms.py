"""Checkout forms. Only choices and consents come from the buyer; every amount comes from the database."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length

from shop.core.parsing import HtmlForm, no_control_chars


def waiver_wording() -> str:
    """The exact legal wording shown next to the unticked box, in the page's language (stored with the order)."""
    return str(
        _l(
            "I expressly agree that the download of the e-book starts as soon as my payment is confirmed, and I "
            "acknowledge that I thereby lose my right of withdrawal (article L221-28 13° of the French Consumer Code)."
        )
    )


class CheckoutForm(HtmlForm):
    email = EmailField(
        _l("E-mail address for your receipt and download links"),
        validators=[InputRequired(_l("Please give your e-mail address.")), no_control_chars, Length(max=254), Email(_l("This e-mail address is not valid."))],
    )  # fmt: skip
    shipping_rate = RadioField(_l("Delivery"), choices=[], validate_choice=True)
    waiver = BooleanField()
    terms = BooleanField(validators=[InputRequired(_l("Please accept the terms of sale."))])

    def validate_for(self, needs_shipping: bool, has_ebook: bool) -> bool:
        if not needs_shipping:
            self.shipping_rate.validate_choice = False  # nothing to deliver: no rate to choose
        ok = self.validate()
        if has_ebook and not self.waiver.data:
            self.waiver.errors = [*self.waiver.errors, str(_l("Please tick this box to buy the e-book."))]
            ok = False
        return ok


class TestPaymentForm(HtmlForm):
    """The labelled test payment page: what Stripe's page would collect, prefilled so one click pays."""

    name = StringField(_l("Name"), default="Lecteur Test", validators=[no_control_chars, Length(max=200)])
    line1 = StringField(
        _l("Address"), default="1 rue de l'Exemple", validators=[no_control_chars, Length(max=200)]
    )
    postal_code = StringField(
        _l("Postal code"), default="75001", validators=[no_control_chars, Length(max=20)]
    )
    city = StringField(_l("City"), default="Paris", validators=[no_control_chars, Length(max=120)])
    country = SelectField(_l("Country"), choices=[], validate_choice=False)

    def validate_for(self, countries: Sequence[str]) -> bool:
        """Like Stripe, deliver only to a country of the rate the buyer chose (its fee was computed for it)."""
        ok = self.validate()
        if self.country.data not in countries:
            self.country.errors = [
                *self.country.errors,
                str(
                    _l(
                        "The delivery you chose does not go to this country. Please choose a country from the list."
                    )
                ),
            ]
            ok = False
        return ok
