"""Download links as capabilities: random, expiring, counted with one conditional UPDATE, revocable."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app, url_for

from shop.catalog.models import EditionFormat
from shop.core.db import utcnow
from shop.downloads.models import DownloadGrant, DownloadLog, EbookFormat
from shop.extensions import db
from shop.orders.models import Order, OrderLine
from shop.settings import store as settings_store


def token_for(grant: DownloadGrant) -> str:
    """Re-derived from the secret key and the grant's salt: the database alone cannot produce a working link."""
    mac = hmac.new(
        current_app.config["SECRET_KEY"].encode(), f"grant:{grant.id}:{grant.salt}".encode(), hashlib.sha256
    )
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_for(grant: DownloadGrant) -> str:
    return current_app.config["SHOP_BASE_URL"] + url_for("downloads.download", token=token_for(grant))


def issue(line: OrderLine) -> list[DownloadGrant]:
    """One grant per format for an e-book (or bundle) line."""
    grants = []
    limits = (
        settings_store.current()
    )  # the publisher's settings when the link is made; later changes leave it be
    for fmt in EbookFormat:
        grant = DownloadGrant(
            order_line_id=line.id, format=fmt, salt=secrets.token_hex(16),
            expires_at=utcnow() + dt.timedelta(days=limits.download_days),
            max_downloads=limits.download_limit,
        )  # fmt: skip
        db.session.add(grant)
        db.session.flush()
        grant.token_hash = hash_token(token_for(grant))
        grants.append(grant)
    db.session.flush()
    return grants


def ebook_lines(order: Order) -> list[OrderLine]:
    return [
        line
        for line in order.lines
        if line.format in (EditionFormat.EBOOK, EditionFormat.BUNDLE)
        and line.refunded_quantity < line.quantity
    ]


def revoke(grants: Sequence[DownloadGrant]) -> None:
    now = utcnow()
    for grant in grants:
        if grant.revoked_at is None:
            grant.revoked_at = now
    db.session.flush()


def grants_of(line_ids: Sequence[int]) -> list[DownloadGrant]:
    if not line_ids:
        return []
    return list(db.session.scalars(sa.select(DownloadGrant).where(DownloadGrant.order_line_id.in_(line_ids))))


def find(token: str) -> DownloadGrant | None:
    return db.session.scalars(sa.select(DownloadGrant).filter_by(token_hash=hash_token(token))).first()


def consume(grant: DownloadGrant, ip: str | None) -> bool:
    """Count one download if the link is still valid; a single UPDATE, so concurrent requests cannot overshoot."""
    counted = db.session.execute(
        sa.update(DownloadGrant)
        .where(
            DownloadGrant.id == grant.id,
            DownloadGrant.revoked_at.is_(None),
            DownloadGrant.expires_at > utcnow(),
            DownloadGrant.downloads < DownloadGrant.max_downloads,
        )
        .values(downloads=DownloadGrant.downloads + 1)
        .execution_options(synchronize_session=False)
    )
    if counted.rowcount != 1:  # type: ignore[attr-defined]
        return False
    secret = current_app.config["SECRET_KEY"]
    db.session.add(
        DownloadLog(
            grant_id=grant.id,
            format=grant.format,
            ip_hash=hashlib.sha256(f"{secret}:{ip}".encode()).hexdigest(),
        )
    )
    return True


def reset_count(grant: DownloadGrant) -> None:
    grant.downloads = 0
    db.session.flush()
