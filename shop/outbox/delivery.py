"""Delivery of queued e-mails over SMTP, or into the development mailbox when no server is set.

At-least-once, at most one duplicate: a row is marked `sending` (a lease) and committed before the SMTP
conversation, and `sent` after it. If the process dies before the server accepted the message, the lease expires
(OUTBOX_LEASE_SECONDS, longer than any conversation can last since each SMTP step times out after MAIL_TIMEOUT)
and the row is queued again: still one message. If it dies between the server's acceptance and our commit, the buyer
may receive that one message twice. We accept that rather than the alternative (marking sent first), which would
lose a receipt or a download link for good.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

import sqlalchemy as sa
from flask import Flask, Response, current_app, g
from flask_mail import Message

from shop.core.db import utcnow
from shop.extensions import db
from shop.outbox import attachments, smtp
from shop.outbox.models import EmailStatus, OutboxEmail
from shop.outbox.rendering import render

MAX_ATTEMPTS = 8


def backoff(attempts: int) -> dt.timedelta:
    """Wait 1, 2, 4 ... minutes after each failed attempt, capped at 2 hours. With MAX_ATTEMPTS = 8 a message is
    retried for 127 minutes (1 + 2 + 4 + 8 + 16 + 32 + 64) before it is marked failed for the publisher."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 120))


def lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(current_app.config.get("OUTBOX_LEASE_SECONDS", 120)))


DEV_MAILBOX_ENVS = ("development", "testing")


def uses_dev_mailbox() -> bool:
    """Only in development: elsewhere a missing MAIL_SERVER is a delivery error, retried and shown to the
    publisher, never a message kept in the database and marked sent."""
    if current_app.config.get("MAIL_SERVER"):
        return False
    if current_app.config["SHOP_ENV"] not in DEV_MAILBOX_ENVS:
        raise RuntimeError("MAIL_SERVER is not set: e-mail cannot be delivered outside development")
    return True


def _claim(limit: int, only: Sequence[int] | None = None) -> list[int]:
    """Take due rows; on PostgreSQL SKIP LOCKED lets any number of workers run side by side."""
    now = utcnow()
    # A row left `sending` by a killed process: its lease has run out, so nobody is talking to SMTP about it.
    db.session.execute(
        sa.update(OutboxEmail)
        .where(OutboxEmail.status == EmailStatus.SENDING, OutboxEmail.next_attempt_at < now - lease())
        .values(status=EmailStatus.QUEUED)
    )
    query = (
        sa.select(OutboxEmail)
        .where(OutboxEmail.status == EmailStatus.QUEUED, OutboxEmail.next_attempt_at <= now)
        .order_by(OutboxEmail.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if only is not None:
        query = query.where(OutboxEmail.id.in_(list(only)))
    rows = db.session.scalars(query).all()
    for row in rows:
        row.status = EmailStatus.SENDING
        row.next_attempt_at = now
    db.session.commit()
    return [row.id for row in rows]


def _send(email: OutboxEmail) -> None:
    rendered = render(email)
    if uses_dev_mailbox():
        email.subject, email.body_text, email.body_html = rendered.subject, rendered.text, rendered.html
        return
    message = Message(
        subject=rendered.subject, recipients=[email.recipient], body=rendered.text, html=rendered.html,
        extra_headers=rendered.headers or None,
    )  # fmt: skip
    for attachment in rendered.attachments:
        message.attach(attachment.filename, attachment.content_type, attachment.data)
    smtp.send(message)


def deliver_one(email_id: int) -> bool:
    email = db.session.get(OutboxEmail, email_id)
    if email is None or email.status != EmailStatus.SENDING:
        return False
    from shop.mailing.emails import withdrawn

    # A letter to someone who unsubscribed after it was queued; a Kindle copy of an order refunded since.
    if withdrawn(email) or attachments.withdrawn(email):
        email.status = EmailStatus.CANCELED
        db.session.commit()
        return True
    try:
        _send(email)
    except Exception as exc:  # any failure: SMTP refusal, network, template; the row keeps the reason
        db.session.rollback()
        email = db.session.get(OutboxEmail, email_id)
        assert email is not None
        email.attempts += 1
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= MAX_ATTEMPTS:
            email.status = EmailStatus.FAILED
        else:
            email.status = EmailStatus.QUEUED
            email.next_attempt_at = utcnow() + backoff(email.attempts)
        db.session.commit()
        current_app.logger.warning(
            "e-mail %s not sent (attempt %s): %s", email.id, email.attempts, email.last_error
        )
        return False
    email.status = EmailStatus.SENT
    email.sent_at = utcnow()
    email.attempts += 1
    email.last_error = None
    db.session.commit()
    return True


def deliver_due(limit: int = 50) -> tuple[int, int]:
    """Send what is due; returns (sent, not sent)."""
    sent = failed = 0
    for email_id in _claim(limit):
        if deliver_one(email_id):
            sent += 1
        else:
            failed += 1
    return sent, failed


def deliver_now(email_ids: Sequence[int]) -> int:
    """The messages one request just queued, and nothing else: a web worker waits at most about one
    MAIL_TIMEOUT. It stops at the first failure; the worker (`flask shop outbox send --loop`) retries."""
    deadline = time.monotonic() + float(current_app.config.get("MAIL_TIMEOUT", 10))
    sent = 0
    for email_id in _claim(len(email_ids), only=email_ids):
        if time.monotonic() > deadline or not deliver_one(email_id):
            break
        sent += 1
    return sent


def register(app: Flask) -> None:
    @app.after_request
    def deliver_after_response(response: Response) -> Response:
        """Best effort right after the request that enqueued: the worker catches whatever this misses."""
        email_ids = list(g.pop("outbox_ids", None) or [])  # this request's messages only, tried once
        if email_ids:
            real_app = current_app._get_current_object()  # type: ignore[attr-defined]

            def run() -> None:
                with real_app.app_context():
                    try:
                        deliver_now(email_ids)
                        from shop.downloads.copies import stamp_pending

                        stamp_pending(limit=5)
                    except Exception:  # never let delivery break a response already sent
                        real_app.logger.exception("post-response delivery failed")

            response.call_on_close(run)
        return response
