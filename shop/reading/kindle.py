"""Send to Kindle: the buyer's watermarked EPUB e-mailed, as an attachment, to their Kindle's own address.

It goes through the outbox like every message (written in the request's transaction, delivered after commit,
retried), and the row names the copy rather than holding its bytes: the attachment is read from the file store
when the message leaves (shop/outbox/attachments.py). Sending costs one download of the EPUB link, counted with the
same conditional UPDATE as a download, so the link's limit holds whichever way the copy leaves the shop.
"""

from __future__ import annotations

import uuid
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from shop.downloads import grants
from shop.downloads.models import CopyStatus, DownloadGrant, EbookCopy, EbookFormat
from shop.downloads.storage import storage
from shop.extensions import db
from shop.orders.models import Order, OrderLine
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.enqueue import enqueue
from shop.outbox.models import OutboxEmail

# Amazon refuses e-mails above 50 MB; a base64 attachment is a third larger than the file.
MAX_KINDLE_BYTES = 35 * 1024 * 1024
DELIVERABLE = (
    OrderStatus.PAID,
    OrderStatus.PARTIALLY_FULFILLED,
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_REFUNDED,
)


class KindleRefused(Exception):
    """Why the copy cannot be sent now, in words for the buyer."""


def sender_address() -> str:
    """The address Amazon must have on the buyer's approved list: the one our messages come from."""
    return parseaddr(str(current_app.config.get("MAIL_DEFAULT_SENDER") or ""))[1]


def _epub_line(order: Order) -> tuple[OrderLine, EbookCopy | None, DownloadGrant | None] | None:
    """The first e-book line with its EPUB copy and newest EPUB link (asking for fresh links adds newer ones)."""
    if order.status not in DELIVERABLE or order.payment_status == PaymentStatus.REFUNDED:
        return None
    lines = grants.ebook_lines(order)
    if not lines:
        return None
    line = lines[0]  # one book: a second e-book line would hold the same copy under another ex-libris date
    copy = db.session.scalars(
        sa.select(EbookCopy).filter_by(order_line_id=line.id, format=EbookFormat.EPUB)
    ).first()
    grant = db.session.scalars(
        sa.select(DownloadGrant)
        .filter_by(order_line_id=line.id, format=EbookFormat.EPUB)
        .order_by(DownloadGrant.id.desc())
        .limit(1)
    ).first()
    return line, copy, grant


def can_send(order: Order) -> bool:
    """The order page offers the form once the EPUB copy is ready (a used-up link is refused with a reason)."""
    found = _epub_line(order)
    return bool(found and found[1] is not None and found[1].status == CopyStatus.READY and found[2])


def send_to_kindle(order: Order, address: str, ip: str | None) -> OutboxEmail:
    """Count one EPUB download and queue the message; raises KindleRefused. Flushes; the caller commits."""
    _line, copy, grant = _epub_line(order) or (None, None, None)
    if grant is None:
        raise KindleRefused(_l("This order has no e-book to send."))
    if copy is None or copy.status != CopyStatus.READY or not copy.storage_key:
        raise KindleRefused(_l("Your EPUB copy is still being prepared. Please try again in a minute."))
    if storage().path(copy.storage_key).stat().st_size > MAX_KINDLE_BYTES:
        raise KindleRefused(_l("This EPUB is too large for Amazon's e-mail delivery: download it instead."))
    if not grants.consume(grant, ip):
        raise KindleRefused(
            _l(
                "Your EPUB link has no download left, or has expired. Ask for fresh links on this page, then send it again."
            )
        )
    email = enqueue(
        "kindle", address, order.locale, f"kindle:{order.id}:{uuid.uuid4().hex}",
        {"attach_copy_ids": [copy.id], "charged_grant_ids": [grant.id]}, order_id=order.id,
    )  # fmt: skip
    db.session.flush()
    return email
