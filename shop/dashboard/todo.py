"""The overview's "to do" list: every kind of thing waiting for the publisher, counted, so none hides another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from shop.downloads.models import CopyStatus, EbookCopy
from shop.editorial.comments import Comment, CommentStatus
from shop.editorial.models import Interview, PressReview, PublicationStatus
from shop.extensions import db
from shop.orders.models import Order
from shop.outbox.models import EmailStatus, OutboxEmail
from shop.shipping.queue import count_to_ship


@dataclass(frozen=True)
class Todo:
    to_ship: int
    failed_emails: Sequence[OutboxEmail]
    failed_copies: Sequence[EbookCopy]
    disputed: Sequence[Order]
    attention: Sequence[Order]
    comments: int
    submissions: int

    @property
    def nothing(self) -> bool:
        return not (self.to_ship or self.failed_emails or self.failed_copies or self.disputed or self.attention
                    or self.comments or self.submissions)  # fmt: skip


def _count(query: sa.Select[Any]) -> int:
    return int(db.session.scalar(query) or 0)


def todo() -> Todo:
    return Todo(
        to_ship=count_to_ship(),
        failed_emails=db.session.scalars(sa.select(OutboxEmail).filter_by(status=EmailStatus.FAILED).limit(50)).all(),
        failed_copies=db.session.scalars(sa.select(EbookCopy).filter_by(status=CopyStatus.FAILED).limit(50)).all(),
        disputed=db.session.scalars(sa.select(Order).where(Order.disputed.is_(True)).order_by(Order.id.desc()).limit(20)).all(),
        attention=db.session.scalars(sa.select(Order).where(Order.attention.is_not(None)).order_by(Order.id.desc()).limit(50)).all(),
        comments=_count(sa.select(sa.func.count(Comment.id)).where(Comment.status == CommentStatus.PENDING)),
        submissions=_count(sa.select(sa.func.count(PressReview.id)).where(PressReview.status == PublicationStatus.PENDING))
        + _count(sa.select(sa.func.count(Interview.id)).where(Interview.status == PublicationStatus.PENDING)),
    )  # fmt: skip
