"""The public agenda (/fr/agenda, /en/agenda), an .ics file per event, and the agenda's iCalendar feed."""

from __future__ import annotations

from babel.dates import format_datetime
from flask import Blueprint, Flask, Response, abort, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from shop.core.i18n import select_locale
from shop.events import formats, queries
from shop.events.models import Event
from shop.extensions import db
from shop.public.caching import make_cacheable
from shop.public.views import localised

bp = localised(Blueprint("events", __name__, url_prefix="/<lang>"))
CALENDAR_TYPE = "text/calendar; charset=utf-8"
BOOK_PAGE_LIMIT = 3


@bp.after_request
def cacheable(response: Response) -> Response:
    return make_cacheable(response)


@bp.get("/agenda")
def agenda() -> ResponseReturnValue:
    lang = select_locale()
    upcoming, past = queries.upcoming(), queries.past()
    jsonld = [formats.jsonld(event, lang) for event in upcoming]
    return render_template("events/agenda.html", upcoming=upcoming, past=past, jsonld=jsonld)


@bp.get("/agenda.ics")
def feed() -> ResponseReturnValue:
    body = formats.calendar(queries.all_for_feed(), select_locale(), _("Le Community Management: agenda"))
    return Response(body, mimetype=CALENDAR_TYPE)


@bp.get("/agenda/<int:event_id>.ics")
def ics(event_id: int) -> ResponseReturnValue:
    event = db.session.get(Event, event_id) or abort(404)
    body = formats.calendar([event], select_locale(), event.title)
    return Response(
        body,
        mimetype=CALENDAR_TYPE,
        headers={"Content-Disposition": f"attachment; filename=event-{event.id}.ics"},
    )


def event_when(event: Event) -> str:
    """The date and time where the event happens, with that place's time zone named."""
    lang = select_locale()
    text = format_datetime(event.starts_at, "EEEE d MMMM y, HH:mm", tzinfo=event.zone, locale=lang)
    return f"{text} ({event.timezone.replace('_', ' ')})"


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        upcoming_events=lambda: queries.upcoming(BOOK_PAGE_LIMIT), event_when=event_when
    )
