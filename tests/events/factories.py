"""Events for page checks: one upcoming in a place and online, one past online only."""

from __future__ import annotations

import datetime as dt

from shop.core.db import utcnow
from shop.events.models import Event


def add_events(db) -> list[Event]:
    soon = utcnow().replace(microsecond=0) + dt.timedelta(days=20)
    events = [
        Event(title="Rencontre à Rennes", starts_at=soon, ends_at=soon + dt.timedelta(hours=2),
              place_name="Librairie Le Failler", address="8-14 rue Saint-Georges, 35000 Rennes",
              online_url="https://meet.example/rennes", booking_url="https://tickets.example/rennes",
              description="Dédicace et **discussion**.", language="fr"),
        Event(title="Webinar: community management in 2026", starts_at=soon - dt.timedelta(days=60),
              online_url="https://meet.example/webinar", language="en"),
    ]  # fmt: skip
    db.session.add_all(events)
    db.session.flush()
    return events
