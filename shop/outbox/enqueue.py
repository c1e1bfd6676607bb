"""enqueue(): write the message in the caller's transaction; a duplicate dedupe key is a no-op."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context
from sqlalchemy.exc import IntegrityError

from shop.core.db import utcnow
from shop.extensions import db
from shop.outbox.models import EmailStatus, OutboxEmail


def enqueue(
    template: str,
    recipient: str,
    locale: str,
    dedupe_key: str,
    context: dict[str, Any] | None = None,
    order_id: int | None = None,
) -> OutboxEmail:
    """Queue a message; returns the existing row when that dedupe key was already queued (nothing new is sent)."""
    existing = db.session.scalars(sa.select(OutboxEmail).filter_by(dedupe_key=dedupe_key)).first()
    if existing is not None:
        return existing
    email = OutboxEmail(
        template=template, recipient=recipient, locale=locale, dedupe_key=dedupe_key, context=context or {},
        order_id=order_id,
    )  # fmt: skip
    try:
        # A savepoint: a concurrent twin that committed first makes this insert fail without losing the caller's work.
        with db.session.begin_nested():
            db.session.add(email)
    except IntegrityError:
        return db.session.scalars(sa.select(OutboxEmail).filter_by(dedupe_key=dedupe_key)).one()
    if has_request_context():
        # Delivery of these rows is attempted once the response is sent (shop/outbox/delivery.py).
        g.outbox_ids = [*g.get("outbox_ids", []), email.id]
    return email


def retry_email(email: OutboxEmail) -> None:
    """The publisher's retry button: a failed message goes back to the queue with a fresh attempt budget."""
    if email.status == EmailStatus.FAILED:
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.next_attempt_at = utcnow()
        db.session.flush()
