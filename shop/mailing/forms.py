"""The sign-up form. A plain WTForms form, not Flask-WTF: the book page that shows it is cached and cookie-less, so
it cannot carry a session CSRF token. None is needed: a forged sign-up only mails a confirmation link (double
opt-in), at most once a day per address, and the view is rate-limited."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, HiddenField, StringField
from wtforms.validators import Email, InputRequired, Length

from shop.mailing.models import SignupSource


class SignupForm(Form):
    email = StringField(
        _l("Your e-mail address"),
        validators=[InputRequired(_l("Please give your e-mail address.")), Email(_l("This e-mail address is not valid.")), Length(max=254)],
    )  # fmt: skip
    # Unticked by default: consent is never presumed.
    consent = BooleanField(validators=[InputRequired(_l("Please tick the box to subscribe."))])
    source = HiddenField()
    website = StringField(_l("Leave this field empty"))  # honeypot, hidden from people by CSS

    def signup_source(self) -> SignupSource:
        try:
            return SignupSource(self.source.data or "")
        except ValueError:
            return SignupSource.LETTER_PAGE
