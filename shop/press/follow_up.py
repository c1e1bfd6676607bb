"""After a review copy is sent: one reminder if it was not downloaded, and the review it led to.

BookFunnel's review copies are the reference: the publisher sees who received the book, who downloaded it and who
reviewed it, and a journalist who has not opened the e-mail gets one nudge, never more.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app

from shop.core.db import utcnow
from shop.downloads.models import DownloadGrant
from shop.editorial.models import PressReview
from shop.extensions import db
from shop.orders.models import OrderLine
from shop.outbox.enqueue import enqueue
from shop.press.models import RequestStatus, ReviewCopyRequest


def downloads_of(request: ReviewCopyRequest) -> int:
    """Downloads of the copy's e-book links, all formats together (0 before approval)."""
    if request.order_id is None:
        return 0
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(DownloadGrant.downloads), 0))
        .join(OrderLine, OrderLine.id == DownloadGrant.order_line_id)
        .where(OrderLine.order_id == request.order_id)
    )
    return int(total or 0)


def remind_undownloaded(now: dt.datetime | None = None) -> int:
    """Queue the one reminder for copies approved REVIEW_COPY_REMINDER_DAYS ago and still not downloaded."""
    now = now or utcnow()
    days = int(current_app.config.get("REVIEW_COPY_REMINDER_DAYS", 7))
    due = db.session.scalars(
        sa.select(ReviewCopyRequest).where(
            ReviewCopyRequest.status == RequestStatus.APPROVED,
            ReviewCopyRequest.order_id.is_not(None),
            ReviewCopyRequest.reminded_at.is_(None),
            ReviewCopyRequest.decided_at < now - dt.timedelta(days=days),
        )
    ).all()
    reminded = 0
    for request in due:
        if downloads_of(request) == 0:
            enqueue("review_copy_reminder", request.email, request.locale, f"review-copy-reminder:{request.id}",
                    {"sent_on": request.decided_at.date().isoformat() if request.decided_at else ""},
                    order_id=request.order_id)  # fmt: skip
            reminded += 1
        request.reminded_at = now  # downloaded or reminded: either way, never again
    db.session.flush()
    return reminded


def link_review(request: ReviewCopyRequest, review_id: int | None) -> bool:
    """Tie (or untie, with None) the press review this copy led to; False if there is no such review."""
    if review_id is not None and db.session.get(PressReview, review_id) is None:
        return False
    request.review_id = review_id
    db.session.flush()
    return True
