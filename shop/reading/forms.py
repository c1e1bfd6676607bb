"""The Send to Kindle form: one address, which must be a Kindle's own."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, Field
from wtforms.validators import Email, InputRequired, Length, ValidationError

from shop.core.parsing import HtmlForm, no_control_chars

# Amazon accepts personal documents only at the device's own address; anything else would send the buyer's
# watermarked copy to a stranger's mailbox. free.kindle.com is the older Wi-Fi-only variant, still delivered.
KINDLE_DOMAINS = ("kindle.com", "free.kindle.com")


def kindle_address(_form: Any, field: Field) -> None:
    value = (field.data or "").strip().lower()
    local, _, domain = value.rpartition("@")
    if not local or domain not in KINDLE_DOMAINS:
        raise ValidationError(
            _l("This is not a Kindle address: it must end with @kindle.com (or @free.kindle.com).")
        )


def _strip(value: Any) -> Any:
    """A space pasted with the address from Amazon's page is not a mistake worth refusing."""
    return value.strip() if isinstance(value, str) else value


class KindleForm(HtmlForm):
    kindle_email = EmailField(
        _l("Your Kindle's e-mail address"),
        validators=[InputRequired(_l("Please give your Kindle's e-mail address.")), no_control_chars,
                    Length(max=254), Email(_l("This e-mail address is not valid.")), kindle_address],
        filters=[_strip],
    )  # fmt: skip

    def address(self) -> str:
        return (self.kindle_email.data or "").strip().lower()
