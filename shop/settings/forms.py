"""The dashboard's forms for the shop settings and the legal texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from shop.core.parsing import BoundedIntegerField, HtmlForm, no_control_chars
from shop.settings import legal
from shop.settings.store import Settings

MAX_LEGAL_TEXT = 100_000


class SettingsForm(HtmlForm):
    reviews_need_approval = BooleanField(_l("Authors' press reviews and interviews wait for my approval"))
    download_days = BoundedIntegerField(
        _l("E-book links stay valid for (days)"), minimum=1, maximum=3650,
        validators=[InputRequired(_l("Please enter a whole number."))],
    )  # fmt: skip
    download_limit = BoundedIntegerField(
        _l("Downloads allowed per format and link"), minimum=1, maximum=1000,
        validators=[InputRequired(_l("Please enter a whole number."))],
    )  # fmt: skip
    low_stock_threshold = BoundedIntegerField(
        _l("Warn me below this many print copies in stock"), minimum=0, maximum=100000,
        validators=[InputRequired(_l("Please enter a whole number."))],
    )  # fmt: skip
    notify_paid_orders = BooleanField(_l("E-mail me each new paid order"))

    def fill(self, value: Settings) -> None:
        for name in ("reviews_need_approval", "download_days", "download_limit", "low_stock_threshold",
                     "notify_paid_orders"):  # fmt: skip
            self[name].data = getattr(value, name)

    def value(self) -> Settings:
        return Settings(
            reviews_need_approval=bool(self.reviews_need_approval.data), download_days=self.download_days.data or 1,
            download_limit=self.download_limit.data or 1, low_stock_threshold=self.low_stock_threshold.data or 0,
            notify_paid_orders=bool(self.notify_paid_orders.data),
        )  # fmt: skip


def _fields(_form: Any, field: Any) -> None:
    text = field.data or ""
    unknown = legal.unknown_fields(text)
    if unknown:
        raise ValidationError(
            _l("Unknown field: %(names)s. The fields you can use are listed below the form.",
               names=", ".join("{{ %s }}" % name for name in unknown))  # noqa: UP031 - braces are the text
        )  # fmt: skip
    misplaced = legal.misplaced_blocks(text)
    if misplaced:
        raise ValidationError(
            _l("Put %(names)s on a line of its own, with an empty line before and after.",
               names=", ".join("{{ %s }}" % name for name in misplaced))  # noqa: UP031
        )  # fmt: skip


class LegalTextForm(HtmlForm):
    body_fr = TextAreaField(
        _l("Text in French (Markdown)"),
        validators=[
            InputRequired(_l("Please write the text.")),
            no_control_chars,
            Length(max=MAX_LEGAL_TEXT),
            _fields,
        ],
    )
    body_en = TextAreaField(
        _l("Text in English (Markdown)"),
        validators=[
            InputRequired(_l("Please write the text.")),
            no_control_chars,
            Length(max=MAX_LEGAL_TEXT),
            _fields,
        ],
    )
