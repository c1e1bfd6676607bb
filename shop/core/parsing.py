"""Values from requests, parsed in one place: a bad value is a 400 or a form error, never a 500.

Numbers are ASCII digits only and bounded: `str.isdigit()` accepts "²", which `int()` refuses, and a 5,000-digit
string hits Python's integer string limit; an unbounded number overflows a database integer column. Text refuses
NUL (PostgreSQL rejects it) and control characters, and is as long as its column at most. Dates stay in a range
where date arithmetic cannot overflow.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto  # Flask-WTF's marker for "read the request"; wrap_formdata compares to it
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map, PathConverter, UnicodeConverter
from wtforms import Field, IntegerField, TextAreaField
from wtforms.validators import ValidationError

MAX_INT = 2**31 - 1  # the smallest integer column we have (PostgreSQL INTEGER)
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)

_INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
_PRICE = re.compile(r"([0-9]{1,7})(?:[.,]([0-9]{1,2}))?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# C0 controls but tab and line breaks, DEL, C1 controls; tabs and line breaks only in multi-line text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SINGLE_LINE_ONLY = re.compile(r"[\t\r\n\u2028\u2029]")


class BadValue(ValueError):
    """A value a person sent that we cannot use; the message is shown to them in their language."""


class InvalidParameter(BadRequest):
    """A 400 whose description is a translated message, shown on the error page (other 400s keep the generic one)."""


def parse_int(raw: Any, minimum: int = 0, maximum: int = MAX_INT) -> int:
    text = str(raw if raw is not None else "").strip()
    if not _INTEGER.fullmatch(text):
        raise BadValue(str(_l("Please enter a whole number.")))
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadValue(str(_l("Please enter a number from %(low)s to %(high)s.", low=minimum, high=maximum)))
    return value


def parse_id(raw: Any) -> int | None:
    """A database id, or None for anything that cannot be one."""
    try:
        return parse_int(raw, 1)
    except BadValue:
        return None


def parse_cents(raw: Any, maximum: int = 1_000_000_00) -> int:
    """A price in euros ("19.90", "19,90", "19") as integer cents; no exponent, no infinity, no float rounding."""
    match = _PRICE.fullmatch(str(raw if raw is not None else "").strip())
    if not match:
        raise BadValue(str(_l("Give a price in euros, e.g. 19.90.")))
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    if cents > maximum:
        raise BadValue(str(_l("Give a price in euros, e.g. 19.90.")))
    return cents


def euros_validator(maximum: int) -> Any:
    """A WTForms validator: the field holds a price parse_cents accepts, at most `maximum` cents."""

    def check(_form: Any, field: Any) -> None:
        try:
            parse_cents(field.data, maximum=maximum)
        except BadValue as exc:
            raise ValidationError(str(exc)) from None

    return check


def parse_date(raw: Any, earliest: dt.date = EARLIEST, latest: dt.date = LATEST) -> dt.date:
    text = str(raw if raw is not None else "").strip()
    try:
        if not _DATE.fullmatch(text):
            raise ValueError(text)
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise BadValue(str(_l("Please give a date as YYYY-MM-DD."))) from None
    if not earliest <= value <= latest:
        raise BadValue(
            str(_l("Please give a date between %(start)s and %(end)s.", start=earliest, end=latest))
        )
    return value


def control_chars_in(text: str, multiline: bool = False) -> bool:
    return bool(_CONTROL.search(text) or (not multiline and _SINGLE_LINE_ONLY.search(text)))


def parse_text(raw: Any, max_length: int, multiline: bool = False) -> str:
    """Stripped text without control characters, `max_length` characters at most."""
    text = str(raw if raw is not None else "").strip()
    if control_chars_in(text, multiline):
        raise BadValue(str(_l("This text contains characters that are not allowed.")))
    if len(text) > max_length:
        raise BadValue(str(_l("%(max)s characters at most, please.", max=max_length)))
    return text


def clip(raw: Any, max_length: int) -> str | None:
    """For data another system already accepted (Stripe): keep it rather than refuse it, but make it storable."""
    if raw is None:
        return None
    text = " ".join(_CONTROL.sub("", str(raw)).split())
    return text[:max_length].rstrip() or None


# Request helpers: a bad value in a query string or a form read outside WTForms is a 400.


def _or_400(parse: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return parse(*args, **kwargs)
    except BadValue as exc:
        raise InvalidParameter(str(exc)) from None


def arg_int(name: str, default: int, minimum: int = 0, maximum: int = MAX_INT) -> int:
    raw = request.args.get(name)
    return default if raw in (None, "") else _or_400(parse_int, raw, minimum, maximum)


def arg_text(name: str, max_length: int = 200) -> str | None:
    return _or_400(parse_text, request.args.get(name), max_length) or None


def form_text(name: str, max_length: int, multiline: bool = False) -> str:
    return str(_or_400(parse_text, request.form.get(name), max_length, multiline))


# WTForms: the base of every form, and validators and fields added to every form's fields.


class HtmlForm(FlaskForm):
    """Our forms are HTML forms. Flask-WTF would read a JSON body as form data, and a JSON number or list in a
    text field crashes the validators; a JSON body here is an empty form."""

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            if formdata is _Auto and request.is_json and not request.form:
                return None
            return super().wrap_formdata(form, formdata)


def no_control_chars(_form: Any, field: Field) -> None:
    """Refuse NUL and control characters; only multi-line text areas may contain line breaks and tabs."""
    if isinstance(field.data, str) and control_chars_in(field.data, isinstance(field, TextAreaField)):
        raise ValidationError(_l("This text contains characters that are not allowed."))


def date_in_range(_form: Any, field: Field) -> None:
    day = field.data.date() if isinstance(field.data, dt.datetime) else field.data
    if isinstance(day, dt.date) and not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _l("Please give a date between %(start)s and %(end)s.", start=EARLIEST, end=LATEST)
        )


class BoundedIntegerField(IntegerField):
    """An integer from ASCII digits between `minimum` and `maximum`, with a message in the person's language."""

    def __init__(self, *args: Any, minimum: int = 0, maximum: int = MAX_INT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.minimum, self.maximum = minimum, maximum

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in (None, ""):
            self.data = None
            return
        try:
            self.data = parse_int(valuelist[0], self.minimum, self.maximum)
        except BadValue as exc:
            self.data = None
            raise ValueError(str(exc)) from None


# Path parameters: a segment with NUL or control characters, or longer than any slug or token, matches no route.
_SEGMENT = "[^/\\x00-\\x1f\\x7f-\\x9f]"


class SafeStringConverter(UnicodeConverter):
    def __init__(
        self, map: Map, minlength: int = 1, maxlength: int | None = 500, length: int | None = None
    ) -> None:
        super().__init__(map, minlength, maxlength, length)
        self.regex = self.regex.replace("[^/]", _SEGMENT, 1)


class SafePathConverter(PathConverter):
    regex = f"{_SEGMENT}[^\\x00-\\x1f\\x7f-\\x9f]{{0,999}}?"


class SafeIntegerConverter(IntegerConverter):
    """ASCII digits only (werkzeug's \\d also matches other scripts' digits) and no larger than an id column."""

    regex = "[0-9]{1,10}"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_INT,
                 signed: bool = False) -> None:  # fmt: skip
        super().__init__(map, fixed_digits, min, max, signed)


def register(app: Flask) -> None:
    """Called before any blueprint is registered: rules pick their converters when they are added."""
    app.url_map.converters.update(
        default=SafeStringConverter,
        string=SafeStringConverter,
        path=SafePathConverter,
        int=SafeIntegerConverter,
    )
