"""Subscribing, confirming, unsubscribing, exporting and erasing: each flushes; the caller commits."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from shop.core.db import utcnow
from shop.extensions import db
from shop.mailing.models import SignupSource, Subscriber, SubscriberStatus
from shop.outbox.enqueue import enqueue
from shop.outbox.models import EmailStatus, OutboxEmail

# The box a person ticks. Changing this wording means bumping MAILING_CONSENT_VERSION.
CONSENT_WORDING = _l(
    "I would like to receive the publisher's news about the book (events, new editions) by e-mail, "
    "about once a month. I can unsubscribe at any time with one click."
)


def consent_wording(lang: str) -> str:
    with force_locale(lang):
        return str(CONSENT_WORDING)


def normalise(email: str) -> str:
    return email.strip().lower()


def find(email: str) -> Subscriber | None:
    return db.session.scalars(sa.select(Subscriber).filter_by(email=normalise(email))).first()


def request_subscription(email: str, lang: str, source: SignupSource) -> Subscriber:
    """Record a sign-up and mail the confirmation link. The caller answers the same whatever happens here, so the
    form never tells whether an address is known.

    A confirmed address is left alone (its proof stays the one that was confirmed). A pending or unsubscribed one
    gets the new proof and a confirmation link, at most one per address per day (the dedupe key), so the form
    cannot be used to flood someone's mailbox.
    """
    subscriber = find(email)
    if subscriber is not None and subscriber.status == SubscriberStatus.CONFIRMED:
        return subscriber
    if subscriber is None:
        subscriber = Subscriber(email=normalise(email))
        db.session.add(subscriber)
    subscriber.locale = lang
    subscriber.status = SubscriberStatus.PENDING
    subscriber.consent_text = consent_wording(lang)
    subscriber.consent_version = current_app.config["MAILING_CONSENT_VERSION"]
    subscriber.consent_source = source
    subscriber.consent_at = utcnow()
    db.session.flush()
    enqueue(
        "mailing_confirm",
        subscriber.email,
        lang,
        f"mailing-confirm:{subscriber.id}:{utcnow().date().isoformat()}",
        {"subscriber_id": subscriber.id},
    )
    return subscriber


def confirm(subscriber: Subscriber) -> None:
    """The link was followed: from now on (and only now) the address receives mailings. Repeating is a no-op."""
    if subscriber.status == SubscriberStatus.PENDING:
        subscriber.status = SubscriberStatus.CONFIRMED
        subscriber.confirmed_at = utcnow()
        db.session.flush()


def unsubscribe(subscriber: Subscriber) -> None:
    """Effective at once: messages already queued for this address are withdrawn at delivery (see emails.py)."""
    if subscriber.status != SubscriberStatus.UNSUBSCRIBED:
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = utcnow()
        db.session.flush()


def export(subscriber: Subscriber) -> dict[str, Any]:
    """Everything stored about the person (right of access), as JSON-ready values."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "email": subscriber.email,
        "language": subscriber.locale,
        "status": subscriber.status.value,
        "consent": {
            "wording": subscriber.consent_text,
            "version": subscriber.consent_version,
            "source": subscriber.consent_source.value,
            "given_at": iso(subscriber.consent_at),
        },
        "confirmed_at": iso(subscriber.confirmed_at),
        "unsubscribed_at": iso(subscriber.unsubscribed_at),
        "created_at": iso(subscriber.created_at),
    }


def erase(subscriber: Subscriber) -> None:
    """Right to erasure: the row goes, messages still queued for it are dropped, and the address is blanked out of
    the outbox's history."""
    rows = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.recipient == subscriber.email, _is_list_mail())
    ).all()
    for row in rows:
        if row.status in (EmailStatus.QUEUED, EmailStatus.FAILED):
            db.session.delete(row)
        else:
            row.recipient = "erased@invalid"
            row.context = {}
            row.body_text = row.body_html = None
    db.session.delete(subscriber)
    db.session.flush()


def _is_list_mail() -> sa.ColumnElement[bool]:
    return sa.or_(OutboxEmail.template == "mailing", OutboxEmail.template == "mailing_confirm")
