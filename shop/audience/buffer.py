"""Batching of beacon hits: counted in memory, written in one INSERT every AUDIENCE_FLUSH_HITS hits or
AUDIENCE_FLUSH_SECONDS seconds, after the response has been sent.

Hits of a batch are pre-counted per (dimensions, visitor), so a reader who opens five pages writes one row with
hits=5. A process that dies loses at most one batch of counts: an accepted trade for statistics, which are
never money. Each app server process keeps its own buffer; nothing needs coordinating, the roll-up adds them up.
"""

from __future__ import annotations

import atexit
import datetime as dt
import threading
import time
import weakref
from collections import Counter
from typing import NamedTuple

import sqlalchemy as sa
from flask import Flask

from shop.audience.models import RawHit
from shop.extensions import db


class Hit(NamedTuple):
    day: dt.date
    kind: str
    path: str
    lang: str
    referrer: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    device: str
    country: str
    visitor: str


class HitBuffer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.counts: Counter[Hit] = Counter()
        self.pending = 0
        self.started = time.monotonic()

    def add(self, hit: Hit) -> bool:
        """Count a hit; True when the batch is due and the caller should flush (after answering)."""
        with self.lock:
            if not self.pending:
                self.started = time.monotonic()
            self.counts[hit] += 1
            self.pending += 1
            return self.due()

    def due(self) -> bool:
        config = self.app.config
        return self.pending >= config["AUDIENCE_FLUSH_HITS"] or (
            self.pending > 0 and time.monotonic() - self.started >= config["AUDIENCE_FLUSH_SECONDS"]
        )

    def flush(self) -> int:
        """Write the batch as one multi-row INSERT in its own transaction; returns the number of rows written."""
        with self.lock:
            counts, self.counts, self.pending = self.counts, Counter(), 0
        if not counts:
            return 0
        rows = [{**hit._asdict(), "hits": n} for hit, n in counts.items()]
        with self.app.app_context(), db.engine.begin() as conn:
            conn.execute(sa.insert(RawHit), rows)
        return len(rows)

    def flush_quietly(self) -> None:
        """For after-response hooks: a failed write is logged and its batch dropped, never raised at a server."""
        try:
            self.flush()
        except Exception:
            self.app.logger.exception("audience: a batch of hits could not be written")


_live: weakref.WeakSet[HitBuffer] = weakref.WeakSet()


def buffer_of(app: Flask) -> HitBuffer:
    found = app.extensions.get("audience_buffer")
    if found is None:
        found = app.extensions["audience_buffer"] = HitBuffer(app)
        _live.add(found)
    return found


@atexit.register
def _flush_at_exit() -> None:
    """A worker that stops cleanly (gunicorn restart, deploy) writes what it still holds."""
    for buffer in list(_live):
        try:
            buffer.flush()
        except Exception:  # the database may already be gone; losing one batch of counts is accepted
            buffer.app.logger.warning("audience: the last batch of hits could not be written at exit")
