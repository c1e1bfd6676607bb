"""The agenda: authors add events; the public agenda, the book page, JSON-LD and iCalendar show them."""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo

import icalendar
import sqlalchemy as sa
from flask import g

from shop.core.db import utcnow
from shop.events.models import Event
from tests.backoffice.conftest import login
from tests.factories import make_author, make_book, make_user

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _event(db, days: int = 10, **kw) -> Event:
    start = (utcnow() + dt.timedelta(days=days)).replace(microsecond=0)
    fields = {"title": "Rencontre à Rennes", "starts_at": start, "timezone": "Europe/Paris", "place_name": "Librairie Le Failler",
              "address": "8-14 rue Saint-Georges, 35000 Rennes", "description": "Dédicace", "language": "fr", **kw}  # fmt: skip
    event = Event(**fields)
    db.session.add(event)
    db.session.commit()
    return event


def _jsonld(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def test_an_author_adds_an_event_that_shows_on_the_agenda_and_the_book_page_in_both_languages(
    client, db
) -> None:
    make_book(title="Le Community Management")
    author = make_user("author", email="autrice@example.com", author=make_author(name="Catherine Ertzscheid"))
    db.session.commit()
    login(client, author)
    next_year = utcnow().year + 1
    response = client.post(
        "/espace-auteur/agenda/nouveau",
        data={"title": "Talk in Montreal", "starts_at": f"{next_year}-03-12T18:30", "timezone": "America/Montreal",
              "online_url": "https://meet.example/cm", "booking_url": "https://tickets.example/cm", "language": "en",
              "description": "A **talk**"},
    )  # fmt: skip
    assert response.status_code == 303
    event = db.session.scalars(sa.select(Event)).one()
    assert event.starts_at == dt.datetime(
        next_year, 3, 12, 18, 30, tzinfo=zoneinfo.ZoneInfo("America/Montreal")
    )
    assert event.added_by_id == author.id
    assert "Talk in Montreal" in client.get("/espace-auteur/agenda").get_data(as_text=True)
    form = client.get(f"/espace-auteur/agenda/{event.id}").get_data(as_text=True)
    assert f'value="{next_year}-03-12T18:30"' in form and "America/Montreal" in form

    def read(path: str) -> str:
        # The test client shares the test's app context (and `g`), where Flask-Babel caches the locale
        # of the previous request; a real server starts every request afresh.
        g.pop("_flask_babel", None)
        return client.get(path).get_data(as_text=True)

    for lang, heading in (("fr", "Événements à venir"), ("en", "Upcoming events")):
        agenda = read(f"/{lang}/agenda")
        assert "Talk in Montreal" in agenda and "18:30 (America/Montreal)" in agenda and heading in agenda
        assert "Talk in Montreal" in read(f"/{lang}/")


def test_event_form_needs_a_place_or_a_link(client, db) -> None:
    author = make_user("author", email="autrice@example.com")
    db.session.commit()
    login(client, author)
    response = client.post(
        "/espace-auteur/agenda/nouveau",
        data={"title": "Nowhere", "starts_at": "2030-01-01T10:00", "timezone": "UTC", "language": "fr"},
    )
    assert response.status_code == 200 and "Indiquez un lieu" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Event)).first() is None


def test_authors_edit_only_their_own_events_and_the_publisher_all(client, db) -> None:
    other = make_user("author", email="other@example.com")
    event = _event(db, added_by_id=other.id)
    author = make_user("author", email="autrice@example.com")
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, author)
    assert client.post(f"/espace-auteur/agenda/{event.id}/supprimer").status_code == 403
    client.post("/compte/deconnexion")
    login(client, publisher)
    assert client.post(f"/espace-auteur/agenda/{event.id}/supprimer").status_code == 303
    assert db.session.scalars(sa.select(Event)).first() is None


def test_agenda_has_event_json_ld_with_the_required_fields(client, db) -> None:
    event = _event(db)
    _event(db, days=-30, title="Past talk")
    html = client.get("/en/agenda").get_data(as_text=True)
    events = [d for d in _jsonld(html) if d.get("@type") == "Event"]
    assert len(events) == 1  # upcoming only
    data = events[0]
    assert data["name"] == "Rencontre à Rennes"
    assert dt.datetime.fromisoformat(data["startDate"]) == event.starts_at
    assert data["startDate"].endswith(("+01:00", "+02:00"))  # in the place's own time zone
    assert data["location"]["@type"] == "Place" and data["location"]["address"]["streetAddress"].startswith(
        "8-14"
    )
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert "Past talk" in html  # past events are listed, without structured data
    assert "Set-Cookie" not in client.get("/en/agenda").headers


def test_ics_download_and_feed_parse_back_with_icalendar(client, db) -> None:
    event = _event(db, online_url="https://meet.example/x")
    past = _event(
        db, days=-3, title="Past talk", place_name=None, address=None, online_url="https://meet.example/y"
    )
    response = client.get(f"/fr/agenda/{event.id}.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.get_data())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Rencontre à Rennes"
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at and start.tzinfo is not None and str(start.tzinfo) == "Europe/Paris"
    assert "Librairie Le Failler" in str(vevent["LOCATION"])
    assert calendar.walk("VTIMEZONE")  # the zone is described for clients without a database

    feed = icalendar.Calendar.from_ical(client.get("/en/agenda.ics").get_data())
    summaries = {str(v["SUMMARY"]) for v in feed.walk("VEVENT")}
    assert summaries == {"Rencontre à Rennes", "Past talk"}
    uids = {str(v["UID"]) for v in feed.walk("VEVENT")}
    assert len(uids) == 2 and f"event-{past.id}@shop.test" in uids
    assert client.get("/fr/agenda/999.ics").status_code == 404


def test_agenda_and_press_kit_are_in_the_sitemap_with_their_language_versions(client, db) -> None:
    make_book()
    db.session.commit()
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    for lang in ("fr", "en"):
        assert (
            f"http://shop.test/{lang}/agenda<" in sitemap
            and f"http://shop.test/{lang}/espace-presse/<" in sitemap
        )
    page = client.get("/en/agenda").get_data(as_text=True)
    assert '<link rel="alternate" hreflang="fr" href="http://shop.test/fr/agenda">' in page
