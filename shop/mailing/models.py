"""Subscriber (one row per address, with the proof of its consent) and Mailing (a letter to one language)."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from shop.core.db import Base, enum_column, utcnow


class SubscriberStatus(enum.StrEnum):
    PENDING = "pending"  # asked, not yet confirmed by the link: never mailed
    CONFIRMED = "confirmed"
    UNSUBSCRIBED = "unsubscribed"


class SignupSource(enum.StrEnum):
    BOOK_PAGE = "book_page"
    ORDER_PAGE = "order_page"
    CHECKOUT = "checkout"
    LETTER_PAGE = "letter_page"


class Subscriber(Base):
    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased
    locale: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[SubscriberStatus] = mapped_column(
        enum_column(SubscriberStatus), default=SubscriberStatus.PENDING, index=True
    )
    # The proof of consent, as the person saw it: the exact wording, its version, where and when, in which language.
    consent_text: Mapped[str] = mapped_column(sa.Text)
    consent_version: Mapped[str] = mapped_column(sa.String(20))
    consent_source: Mapped[SignupSource] = mapped_column(enum_column(SignupSource, length=20))
    consent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[dt.datetime | None]
    unsubscribed_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MailingStatus(enum.StrEnum):
    DRAFT = "draft"
    SENDING = "sending"  # the worker is queuing it, batch by batch
    QUEUED = "queued"  # every subscriber has their outbox row; the outbox delivers them at the set pace


class Mailing(Base):
    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(sa.String(200))
    body_markdown: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str] = mapped_column(sa.String(8))
    status: Mapped[MailingStatus] = mapped_column(enum_column(MailingStatus), default=MailingStatus.DRAFT)
    # Resuming after a crash: subscribers are queued in id order, and this cursor moves in the same transaction as
    # each batch's outbox rows. The dedupe key "mailing:<id>:<subscriber>" covers even a lost cursor.
    last_subscriber_id: Mapped[int] = mapped_column(default=0)
    # The pace: the next free sending slot, so that batches queued minutes apart keep the same rhythm.
    next_slot_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    queued_at: Mapped[dt.datetime | None]
