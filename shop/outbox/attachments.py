"""Files attached to a message, read from the file store when the message is sent, never kept in the outbox row.

A row names what to attach (`attach_copy_ids`: the buyer's watermarked copies); the bytes are read at delivery
time, so a queue of Kindle deliveries costs a few integers in the database, and a copy re-stamped meanwhile (after
a failed first attempt) is the one that leaves.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from shop.downloads.models import MIME_TYPES, CopyStatus, DownloadGrant, EbookCopy
from shop.downloads.storage import storage
from shop.extensions import db
from shop.outbox.models import OutboxEmail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def attachments_for(email: OutboxEmail) -> list[Attachment]:
    """Raises when a copy is missing: the outbox records the error and retries, the message never leaves bare."""
    found = []
    for copy_id in email.context.get("attach_copy_ids") or []:
        copy = db.session.get(EbookCopy, int(copy_id))
        if copy is None or copy.status != CopyStatus.READY or not copy.storage_key:
            raise FileNotFoundError(f"watermarked copy {copy_id} is not ready")
        order = copy.order_line.order
        found.append(
            Attachment(
                f"le-community-management-{order.number}.{copy.format.value}",
                MIME_TYPES[copy.format],
                storage().get(copy.storage_key),
            )
        )
    return found


def withdrawn(email: OutboxEmail) -> bool:
    """A copy queued for a Kindle whose download link was revoked since (a full refund) is not sent."""
    grant_ids = email.context.get("charged_grant_ids") or []
    if not grant_ids:
        return False
    revoked = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(DownloadGrant)
        .where(DownloadGrant.id.in_(grant_ids), DownloadGrant.revoked_at.is_not(None))
    )
    return bool(revoked)
