"""The comment form: no session, so the page that shows it stays cookie-less and cacheable.

Instead of Flask-WTF's session-bound CSRF token, the form carries a signed, timestamped token naming its target:
it proves the form came from our page, and its timestamp enforces a minimum fill time against bots. A hidden
honeypot field catches the rest; rate limiting per address is on the view.
"""

from __future__ import annotations

import secrets
import time

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import Form, HiddenField, StringField, TextAreaField
from wtforms.validators import Email, InputRequired, Length, ValidationError

from shop.core.parsing import no_control_chars

MIN_FILL_SECONDS = 3
MAX_AGE_SECONDS = 2 * 24 * 3600


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="comment-form")


def make_token(target: str, now: float | None = None) -> str:
    # The nonce makes every form's token distinct, so a used one can be recorded and refused (single use).
    ts = int(now if now is not None else time.time())
    return _serializer().dumps({"target": target, "ts": ts, "n": secrets.token_urlsafe(12)})


class CommentForm(Form):
    name = StringField(
        _l("Name"), validators=[InputRequired(_l("Please give your name.")), no_control_chars, Length(max=80)]
    )
    email = StringField(
        _l("E-mail (never shown)"),
        validators=[InputRequired(_l("Please give your e-mail address.")), no_control_chars, Length(max=254), Email(_l("This e-mail address is not valid."))],
    )  # fmt: skip
    body = TextAreaField(
        _l("Comment"),
        validators=[InputRequired(_l("Please write a comment.")), no_control_chars, Length(min=2, max=3000, message=_l("Between 2 and 3,000 characters, please."))],
    )  # fmt: skip
    website = StringField(
        _l("Leave this field empty"), validators=[Length(max=500)]
    )  # honeypot: hidden from people by CSS
    token = HiddenField(validators=[Length(max=500)])

    def __init__(self, *args: object, target: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.target = target
        if not self.token.data:
            self.token.data = make_token(target)

    def validate_token(self, field: HiddenField) -> None:
        try:
            data = _serializer().loads(field.data or "")
        except BadSignature:
            raise ValidationError(_l("This form has expired; please send it again.")) from None
        age = time.time() - int(data.get("ts", 0))
        if data.get("target") != self.target or age > MAX_AGE_SECONDS:
            raise ValidationError(_l("This form has expired; please send it again."))
        if age < MIN_FILL_SECONDS:
            raise ValidationError(_l("That was quick! Please take a moment and send the form again."))

    def refuse_used_token(self) -> None:
        """A replayed form: say so, and carry a fresh token so the reader can still send their text."""
        self.token.errors = [_l("This form has already been sent once; please send it again.")]
        self.token.data = make_token(self.target)

    def is_spam(self) -> bool:
        return bool(self.website.data)
