"""The event form of the authors' area: a local date and time in a named time zone, a place or an online link."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from shop.core.parsing import HtmlForm, date_in_range, no_control_chars
from shop.core.urls import WebURL
from shop.events.models import Event

TIMEZONES = ["Europe/Paris", "Europe/Brussels", "Europe/Zurich", "Europe/London", "America/Montreal", "UTC"]
LANGUAGE_CHOICES = [SelectChoice("fr", _l("French")), SelectChoice("en", _l("English"))]


class EventForm(HtmlForm):
    title = StringField(
        _l("Title"), validators=[InputRequired(_l("Please give a title.")), no_control_chars, Length(max=200)]
    )
    starts_at = DateTimeLocalField(
        _l("Starts (local time)"), format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Please give the date and time.")), date_in_range],
    )  # fmt: skip
    ends_at = DateTimeLocalField(
        _l("Ends (local time, optional)"), format="%Y-%m-%dT%H:%M", validators=[Optional(), date_in_range]
    )
    timezone = SelectField(_l("Time zone"), choices=[SelectChoice(z, z.replace("_", " ")) for z in TIMEZONES])
    place_name = StringField(_l("Place"), validators=[Optional(), no_control_chars, Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), no_control_chars, Length(max=300)])
    online_url = URLField(
        _l("Online link"), validators=[Optional(), no_control_chars, Length(max=500), WebURL()]
    )
    booking_url = URLField(
        _l("Booking link"), validators=[Optional(), no_control_chars, Length(max=500), WebURL()]
    )
    description = TextAreaField(
        _l("Description (Markdown)"), validators=[Optional(), no_control_chars, Length(max=10000)]
    )
    language = SelectField(_l("Language of the event"), choices=LANGUAGE_CHOICES)

    def validate(self, extra_validators: Any = None) -> bool:
        # Not a validate_place_name method: Optional() stops the field's chain when it is empty.
        valid = bool(super().validate(extra_validators))
        if not (self.place_name.data or "").strip() and not (self.online_url.data or "").strip():
            self.place_name.errors = [*self.place_name.errors, _l("Give a place, an online link, or both.")]
            return False
        return valid

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        if field.data and self.starts_at.data and field.data < self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))

    def _utc(self, local: dt.datetime | None) -> dt.datetime | None:
        if local is None:
            return None
        return local.replace(tzinfo=zoneinfo.ZoneInfo(self.timezone.data or "UTC")).astimezone(dt.UTC)

    def fill(self, event: Event) -> None:
        event.title = (self.title.data or "").strip()
        event.timezone = self.timezone.data or "Europe/Paris"
        event.starts_at = self._utc(self.starts_at.data)  # type: ignore[assignment]
        event.ends_at = self._utc(self.ends_at.data)
        event.place_name = (self.place_name.data or "").strip() or None
        event.address = (self.address.data or "").strip() or None
        event.online_url = (self.online_url.data or "").strip() or None
        event.booking_url = (self.booking_url.data or "").strip() or None
        event.description = self.description.data or ""
        event.language = self.language.data or "fr"

    def load(self, event: Event) -> None:
        self.title.data, self.timezone.data, self.language.data = event.title, event.timezone, event.language
        self.starts_at.data = event.local_start.replace(tzinfo=None)
        end = event.local_end
        self.ends_at.data = end.replace(tzinfo=None) if end else None
        self.place_name.data, self.address.data = event.place_name, event.address
        self.online_url.data, self.booking_url.data = event.online_url, event.booking_url
        self.description.data = event.description
