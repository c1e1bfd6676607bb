"""Issue 10, defect 6: a hung SMTP relay never holds a worker past MAIL_TIMEOUT, a web request only sends what it
queued, and a message left `sending` by a killed process goes out once after its lease."""

from __future__ import annotations

import datetime as dt
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from shop.core.db import utcnow
from shop.outbox import delivery
from shop.outbox.delivery import MAX_ATTEMPTS, backoff, deliver_due, deliver_now
from shop.outbox.enqueue import enqueue
from shop.outbox.models import EmailStatus, OutboxEmail


class HungRelay:
    """Accepts TCP connections and never says a word, like a relay stuck behind a firewall."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        try:
            while True:
                conn, _ = self.sock.accept()
                self.accepted.append(conn)
        except OSError:
            return

    def close(self) -> None:
        for conn in self.accepted:
            conn.close()
        self.sock.close()


@pytest.fixture
def hung_relay() -> Iterator[HungRelay]:
    relay = HungRelay()
    yield relay
    relay.close()


@pytest.fixture
def app_overrides(request) -> dict[str, Any]:
    if "hung_relay" in request.fixturenames:
        port = request.getfixturevalue("hung_relay").port
    elif "smtp_server" in request.fixturenames:
        port = request.getfixturevalue("smtp_server").port
    else:
        return {}
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_TIMEOUT": 0.5}


def _queue(n: int) -> list[int]:
    ids = [
        enqueue("password_reset", f"r{i}@example.com", "fr", f"t:{i}", {"reset_url": "http://x"}).id
        for i in range(n)
    ]
    from shop.extensions import db

    db.session.commit()
    return ids


def _in_thread(fn: Any) -> threading.Thread:
    thread = threading.Thread(target=fn, daemon=True)
    thread.start()
    thread.join(timeout=20)  # a bound on hanging forever, not a speed measurement
    return thread


def test_a_hung_relay_times_out_and_the_message_waits_for_a_retry(app, db, hung_relay) -> None:
    [email_id] = _queue(1)
    result: list[tuple[int, int]] = []

    def run() -> None:
        with app.app_context():
            result.append(deliver_due())

    assert not _in_thread(run).is_alive(), "deliver_due() never returned: no SMTP timeout"
    assert result == [(0, 1)] and hung_relay.accepted
    email = db.session.get(OutboxEmail, email_id)
    db.session.refresh(email)
    assert email.status == EmailStatus.QUEUED and "timed out" in (email.last_error or "")


def test_after_a_request_only_its_own_messages_are_tried_and_the_first_failure_stops(
    app, db, hung_relay
) -> None:
    ids = _queue(3)
    done: list[int] = []

    def run() -> None:
        with app.app_context():
            done.append(deliver_now(ids[:2]))

    assert not _in_thread(run).is_alive()
    assert done == [0] and len(hung_relay.accepted) == 1  # one conversation, then it gave up
    statuses = [db.session.get(OutboxEmail, i) for i in ids]
    for email in statuses:
        db.session.refresh(email)
    assert [e.attempts for e in statuses] == [1, 0, 0]
    assert statuses[2].status == EmailStatus.QUEUED  # not this request's message: left to the worker


def test_a_message_left_sending_by_a_killed_worker_goes_out_once_after_its_lease(
    app, db, smtp_server
) -> None:
    [email_id] = _queue(1)
    email = db.session.get(OutboxEmail, email_id)
    email.status = EmailStatus.SENDING  # claimed, then the process was killed before talking to SMTP
    email.next_attempt_at = utcnow() - dt.timedelta(seconds=30)
    db.session.commit()
    assert deliver_due() == (0, 0) and smtp_server.messages == []  # the lease still runs
    email.next_attempt_at = utcnow() - delivery.lease() - dt.timedelta(seconds=1)
    db.session.commit()
    assert deliver_due() == (1, 0)
    assert deliver_due() == (0, 0)
    assert len(smtp_server.messages) == 1
    assert db.session.scalar(sa.select(OutboxEmail.status).filter_by(id=email_id)) == EmailStatus.SENT


def test_the_retry_schedule_is_the_one_its_docstring_gives() -> None:
    waits = [backoff(n) for n in range(1, MAX_ATTEMPTS)]
    total = sum(waits, dt.timedelta())
    assert [int(w.total_seconds() // 60) for w in waits[:3]] == [1, 2, 4]
    assert f"{int(total.total_seconds() // 60)} minutes" in (backoff.__doc__ or "")
    assert f"MAX_ATTEMPTS = {MAX_ATTEMPTS}" in (backoff.__doc__ or "")
