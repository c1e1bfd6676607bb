"""Mailings: written and previewed on the dashboard, tested, then queued in resumable batches at a set pace."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from shop.core.db import utcnow
from shop.mailing import sending
from shop.mailing.models import Mailing, MailingStatus, Subscriber, SubscriberStatus
from shop.outbox import enqueue as enqueue_module
from shop.outbox.delivery import deliver_due
from shop.outbox.models import EmailStatus, OutboxEmail
from tests.backoffice.conftest import login
from tests.factories import make_user
from tests.mailing.conftest import outbox


def _subscribers(
    db, n: int, lang: str = "fr", status: SubscriberStatus = SubscriberStatus.CONFIRMED
) -> list[int]:
    ids = []
    for i in range(n):
        s = Subscriber(
            email=f"{lang}{status.value}{i}@example.com", locale=lang, status=status, consent_text="oui",
            consent_version="2026-11", consent_source="book_page",
        )  # fmt: skip
        db.session.add(s)
        db.session.flush()
        ids.append(s.id)
    db.session.commit()
    return ids


def _mailing(db, lang: str = "fr") -> Mailing:
    mailing = Mailing(subject="Nouvelles", body_markdown="Bonjour", language=lang)
    db.session.add(mailing)
    sending.start(mailing)
    db.session.commit()
    return mailing


def _everything_due(db) -> None:
    db.session.execute(
        sa.update(OutboxEmail)
        .where(OutboxEmail.status == EmailStatus.QUEUED)
        .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
    )
    db.session.commit()


@pytest.fixture
def app_overrides(request) -> dict[str, Any]:
    overrides: dict[str, Any] = {"MAILING_BATCH_SIZE": 3}
    if "smtp_server" in request.fixturenames:
        server = request.getfixturevalue("smtp_server")
        overrides.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False)
    return overrides


def test_a_mailing_interrupted_halfway_and_resumed_mails_each_confirmed_subscriber_once(
    app, db, smtp_server, monkeypatch
) -> None:
    """Runs on PostgreSQL in CI (TEST_DATABASE_URL), on SQLite otherwise."""
    confirmed = _subscribers(db, 8)
    _subscribers(db, 2, status=SubscriberStatus.PENDING)
    _subscribers(db, 2, lang="en")
    mailing = _mailing(db)
    mailing_id = mailing.id

    # The worker queues a first batch (committed), then dies in the middle of the second one.
    assert sending.queue_batch(mailing) == 3
    db.session.commit()
    calls = {"n": 0}
    real_enqueue = enqueue_module.enqueue

    def dying_enqueue(*args: Any, **kwargs: Any) -> OutboxEmail:
        calls["n"] += 1
        if calls["n"] == 2:
            raise SystemExit("killed")
        return real_enqueue(*args, **kwargs)

    monkeypatch.setattr("shop.mailing.sending.enqueue", dying_enqueue)
    with pytest.raises(SystemExit):
        sending.queue_batch(db.session.get(Mailing, mailing_id))
    db.session.rollback()
    monkeypatch.setattr("shop.mailing.sending.enqueue", real_enqueue)

    # Meanwhile the outbox worker sends what is due, and one delivery is interrupted mid-way (left "sending").
    _everything_due(db)
    assert deliver_due(limit=2) == (2, 0)
    half_sent = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.status == EmailStatus.QUEUED).order_by(OutboxEmail.id)
    ).first()
    half_sent.status = EmailStatus.SENDING
    half_sent.next_attempt_at = utcnow() - dt.timedelta(hours=1)  # its lease ran out
    db.session.commit()

    # Resumed, and even a lost cursor is harmless: the dedupe keys refuse a second row per subscriber.
    mailing = db.session.get(Mailing, mailing_id)
    mailing.last_subscriber_id = 0
    db.session.commit()
    assert sending.queue_all() == 8  # 3 already there + 5 new; rows are not duplicated
    assert db.session.get(Mailing, mailing_id).status == MailingStatus.QUEUED
    _everything_due(db)
    while deliver_due()[0]:
        pass

    rows = outbox(db, "mailing")
    assert sorted(r.context["subscriber_id"] for r in rows) == sorted(confirmed)
    assert all(r.status == EmailStatus.SENT for r in rows)
    received = Counter(m["To"] for m in smtp_server.messages)
    assert received == Counter({f"frconfirmed{i}@example.com": 1 for i in range(8)})
    assert sending.counts(db.session.get(Mailing, mailing_id)) == sending.Counts(
        queued=0, sent=8, failed=0, canceled=0
    )


def test_letters_are_paced_by_the_per_minute_setting(app, db) -> None:
    app.config["MAILING_PER_MINUTE"] = 30  # one every two seconds
    _subscribers(db, 5)
    mailing = _mailing(db)
    sending.queue_all()
    slots = [r.next_attempt_at for r in outbox(db, "mailing")]
    gaps = {(b - a).total_seconds() for a, b in itertools.pairwise(slots)}
    assert gaps == {2.0}
    assert deliver_due() == (1, 0)  # only the first slot is due now: the others wait their turn
    assert db.session.get(Mailing, mailing.id).next_slot_at >= slots[-1]


def test_publisher_writes_previews_tests_and_sends_a_mailing(app, client, db) -> None:
    _subscribers(db, 2, lang="en")
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, publisher)
    response = client.post(
        "/tableau-de-bord/lettre/envois",
        data={"subject": "Spring news", "body": "Hello <script>x</script> **friends**", "language": "en"},
    )
    mailing = db.session.scalars(sa.select(Mailing)).one()
    assert response.headers["Location"].endswith(f"/lettre/envois/{mailing.id}")
    page = client.get(f"/tableau-de-bord/lettre/envois/{mailing.id}").get_data(as_text=True)
    assert "<strong>friends</strong>" in page and "<script>x</script>" not in page  # sanitised preview
    assert "2 abonnés confirmés" in page

    client.post(f"/tableau-de-bord/lettre/envois/{mailing.id}/test")
    client.post(f"/tableau-de-bord/lettre/envois/{mailing.id}/test")
    tests = outbox(db, "mailing")
    assert [t.recipient for t in tests] == ["editeur@example.com", "editeur@example.com"]

    client.post(f"/tableau-de-bord/lettre/envois/{mailing.id}/envoyer")
    assert db.session.get(Mailing, mailing.id).status == MailingStatus.SENDING
    assert (
        client.post(
            f"/tableau-de-bord/lettre/envois/{mailing.id}",
            data={"subject": "x", "body": "y", "language": "en"},
        ).status_code
        == 409
    )
    sending.queue_all()
    page = client.get("/tableau-de-bord/lettre").get_data(as_text=True)
    assert "Spring news" in page and "En file pour chaque abonné" in page
    assert sending.counts(db.session.get(Mailing, mailing.id)).queued == 2


def test_mailing_pages_refuse_anonymous_visitors(client) -> None:
    assert client.get("/tableau-de-bord/lettre").status_code == 302
    assert client.post("/tableau-de-bord/lettre/envois/1/envoyer").status_code == 302
