"""An event as schema.org JSON-LD and as iCalendar (RFC 5545, written by the `icalendar` library)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import icalendar
from flask import current_app, url_for

from shop.events.models import Event

ONLINE = "https://schema.org/OnlineEventAttendanceMode"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
MIXED = "https://schema.org/MixedEventAttendanceMode"


def _page_url(event: Event, lang: str) -> str:
    return current_app.config["SHOP_BASE_URL"] + url_for(
        "events.agenda", lang=lang, _anchor=f"event-{event.id}"
    )


def jsonld(event: Event, lang: str) -> dict[str, Any]:
    """schema.org Event; name, startDate and location are the fields Google requires."""
    locations: list[dict[str, Any]] = []
    if event.place_name:
        place: dict[str, Any] = {"@type": "Place", "name": event.place_name}
        if event.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": event.address}
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    mode = MIXED if len(locations) == 2 else (ONLINE if event.online_url else OFFLINE)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": event.local_start.isoformat(),
        "endDate": event.effective_end.astimezone(event.zone).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "inLanguage": event.language,
        "url": _page_url(event, lang),
    }
    if event.description:
        data["description"] = event.description
    if event.booking_url:
        data["offers"] = {"@type": "Offer", "url": event.booking_url}
    return data


def _vevent(event: Event, lang: str) -> icalendar.Event:
    vevent = icalendar.Event()
    host = current_app.config["SHOP_BASE_URL"].split("://", 1)[-1].split("/", 1)[0]
    vevent.add("uid", f"event-{event.id}@{host}")
    vevent.add("dtstamp", event.created_at)
    vevent.add("dtstart", event.local_start)
    vevent.add("dtend", event.effective_end.astimezone(event.zone))
    vevent.add("summary", event.title)
    where = ", ".join(part for part in (event.place_name, event.address) if part) or event.online_url
    if where:
        vevent.add("location", where)
    description = "\n\n".join(
        part for part in (event.description, event.booking_url, event.online_url) if part
    )
    if description:
        vevent.add("description", description)
    vevent.add("url", event.online_url or _page_url(event, lang))
    return vevent


def calendar(events: Iterable[Event], lang: str, name: str) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Le Community Management//Agenda//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(_vevent(event, lang))
    cal.add_missing_timezones()
    return cal.to_ical()
