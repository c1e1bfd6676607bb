"""Sending a mailing: one outbox row per (mailing, subscriber), queued in batches by the worker, at a set pace.

Exactly one message per subscriber, even across crashes:
- queuing walks the confirmed subscribers in id order; each batch's outbox rows and the mailing's cursor are
  committed together, so a crash loses at most the batch in progress, which is redone;
- each row's dedupe key is "mailing:<mailing id>:<subscriber id>", unique in the outbox: even a redone batch or a
  second worker cannot queue a subscriber twice;
- the outbox then delivers each row once (see shop/outbox/delivery.py for its lease).
The pace (MAILING_PER_MINUTE) is kept by giving each row its own `next_attempt_at` slot; the outbox only sends rows
that are due, so transactional e-mail (receipts, download links) never waits behind a mailing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from shop.core.db import utcnow
from shop.extensions import db
from shop.mailing.models import Mailing, MailingStatus, Subscriber, SubscriberStatus
from shop.outbox.enqueue import enqueue
from shop.outbox.models import EmailStatus, OutboxEmail


def dedupe_prefix(mailing: Mailing) -> str:
    return f"mailing:{mailing.id}:"


def send_test(mailing: Mailing, recipient: str) -> OutboxEmail:
    """A copy to the publisher: not tied to any subscriber, so every click sends a new one."""
    n = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(OutboxEmail)
        .where(OutboxEmail.dedupe_key.like(f"mailing-test:{mailing.id}:%"))
    )
    return enqueue(
        "mailing", recipient, mailing.language, f"mailing-test:{mailing.id}:{n}", {"mailing_id": mailing.id}
    )


def start(mailing: Mailing) -> None:
    """The publisher's "send" button: the worker (`flask shop mailing queue`) takes it from here."""
    if mailing.status in (None, MailingStatus.DRAFT):  # None: a new mailing, its default not applied yet
        mailing.status = MailingStatus.SENDING
        mailing.started_at = utcnow()
        db.session.flush()


def queue_batch(mailing: Mailing, size: int | None = None) -> int:
    """Queue the next batch of confirmed subscribers of the mailing's language; returns how many were queued.
    The caller commits after each batch (that commit is the checkpoint)."""
    if mailing.status != MailingStatus.SENDING:
        return 0
    size = size or int(current_app.config["MAILING_BATCH_SIZE"])
    subscribers = db.session.scalars(
        sa.select(Subscriber)
        .where(
            Subscriber.status == SubscriberStatus.CONFIRMED,
            Subscriber.locale == mailing.language,
            Subscriber.id > mailing.last_subscriber_id,
        )
        .order_by(Subscriber.id)
        .limit(size)
    ).all()
    if not subscribers:
        mailing.status = MailingStatus.QUEUED
        mailing.queued_at = utcnow()
        db.session.flush()
        return 0
    interval = dt.timedelta(minutes=1) / max(int(current_app.config["MAILING_PER_MINUTE"]), 1)
    slot = max(mailing.next_slot_at or utcnow(), utcnow())
    for subscriber in subscribers:
        email = enqueue(
            "mailing", subscriber.email, mailing.language, f"{dedupe_prefix(mailing)}{subscriber.id}",
            {"mailing_id": mailing.id, "subscriber_id": subscriber.id},
        )  # fmt: skip
        if email.status == EmailStatus.QUEUED and email.attempts == 0:
            email.next_attempt_at = slot
            slot += interval
    mailing.last_subscriber_id = subscribers[-1].id
    mailing.next_slot_at = slot
    db.session.flush()
    return len(subscribers)


def queue_all() -> int:
    """The worker's step: every mailing being sent, batch by batch, one commit per batch."""
    total = 0
    ids = db.session.scalars(sa.select(Mailing.id).filter_by(status=MailingStatus.SENDING)).all()
    for mailing_id in ids:
        while True:
            mailing = db.session.get(Mailing, mailing_id)
            if mailing is None:
                break
            queued = queue_batch(mailing)
            db.session.commit()
            total += queued
            if not queued:
                break
    return total


@dataclass(frozen=True)
class Counts:
    queued: int
    sent: int
    failed: int
    canceled: int


def counts(mailing: Mailing) -> Counts:
    rows = db.session.execute(
        sa.select(OutboxEmail.status, sa.func.count())
        .where(OutboxEmail.dedupe_key.like(f"{dedupe_prefix(mailing)}%"))
        .group_by(OutboxEmail.status)
    ).all()
    by_status = {status: n for status, n in rows}
    return Counts(
        queued=by_status.get(EmailStatus.QUEUED, 0) + by_status.get(EmailStatus.SENDING, 0),
        sent=by_status.get(EmailStatus.SENT, 0),
        failed=by_status.get(EmailStatus.FAILED, 0),
        canceled=by_status.get(EmailStatus.CANCELED, 0),
    )


def audience(language: str) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Subscriber)
            .where(Subscriber.status == SubscriberStatus.CONFIRMED, Subscriber.locale == language)
        )
        or 0
    )
