"""Links stored by people (publisher settings, author profiles, reviews, interviews, retailers) may only be web
addresses: a `javascript:` or `data:` link would run in a reader's browser from our own pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms.validators import ValidationError

WEB_SCHEMES = ("http", "https")
# Browsers drop tabs and newlines inside a URL ("java\tscript:"), so any whitespace or control character refuses it.
_UNSAFE_CHARACTERS = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_web_url(value: str | None, allow_mailto: bool = False) -> bool:
    """True for an absolute http(s) address with a host (or, when allowed, `mailto:` an address)."""
    if not value or _UNSAFE_CHARACTERS.search(value):
        return False
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if allow_mailto and scheme == "mailto":
        return bool(_EMAIL.match(value[len("mailto:") :]))
    return scheme in WEB_SCHEMES and bool(parts.hostname) and value.lower().startswith(scheme + "://")


class WebURL:
    """The one WTForms validator for every URL field; an empty value is left to Optional/InputRequired."""

    def __init__(self, allow_mailto: bool = False, message: Any = None) -> None:
        self.allow_mailto = allow_mailto
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        value = (field.data or "").strip()
        if value and not is_web_url(value, self.allow_mailto):
            raise ValidationError(self.message or _l("Please give a full web address (https://...)."))


def safe_href(value: str | None) -> str | Markup:
    """Render-time guard for links saved before validation existed: anything but a web or mail address is '#'."""
    return value if value and is_web_url(value, allow_mailto=True) else Markup("#")


def is_page_url(value: str | None) -> bool:
    """A web address that names a page on its site (a path beyond '/'): a retailer's link must open the book's
    own page there, not the retailer's home page, where the reader would have to search again."""
    return is_web_url(value) and bool(urlsplit(value or "").path.strip("/"))
