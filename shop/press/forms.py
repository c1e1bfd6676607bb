"""The review-copy form: like the comment form, a signed timed token instead of a session (see
shop/public/comment_form.py), on a page of its own that is never cached."""

from __future__ import annotations

import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import Form, HiddenField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, ValidationError

MIN_FILL_SECONDS = 3
MAX_AGE_SECONDS = 2 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="review-copy-form")


def make_token(now: float | None = None) -> str:
    return _serializer().dumps({"ts": int(now if now is not None else time.time())})


class ReviewCopyForm(Form):
    name = StringField(_l("Name"), validators=[InputRequired(_l("Please give your name.")), Length(max=120)])
    outlet = StringField(
        _l("Outlet"), validators=[InputRequired(_l("Please name the outlet.")), Length(max=200)]
    )
    email = StringField(
        _l("Professional e-mail"),
        validators=[InputRequired(_l("Please give your e-mail address.")), Email(_l("This e-mail address is not valid.")), Length(max=254)],
    )  # fmt: skip
    reason = TextAreaField(
        _l("Why would you like a copy?"),
        validators=[InputRequired(_l("Please tell us a few words about your project.")), Length(max=3000)],
    )
    website = StringField(_l("Leave this field empty"))  # honeypot
    token = HiddenField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.token.data:
            self.token.data = make_token()

    def validate_token(self, field: HiddenField) -> None:
        try:
            age = time.time() - int(_serializer().loads(field.data or "").get("ts", 0))
        except (BadSignature, AttributeError, ValueError, TypeError):
            raise ValidationError(_l("This form has expired; please send it again.")) from None
        if age > MAX_AGE_SECONDS:
            raise ValidationError(_l("This form has expired; please send it again."))
        if age < MIN_FILL_SECONDS:
            raise ValidationError(_l("That was quick! Please take a moment and send the form again."))
