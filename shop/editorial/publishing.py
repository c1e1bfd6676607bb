"""Rules shared by everything the press desk publishes (press reviews and interviews)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_login import current_user

from shop.accounts.models import Role
from shop.editorial.models import PublicationStatus
from shop.editorial.slugs import slugify
from shop.extensions import db
from shop.settings import store as settings_store


def unique_slug(model: Any, title: str, current: Any = None) -> str:
    """The title's slug, suffixed -2, -3... when another item already uses it."""
    base = slugify(title)
    slug, n = base, 2
    while (
        found := db.session.scalars(sa.select(model).filter_by(slug=slug)).first()
    ) and found is not current:
        slug, n = f"{base}-{n}", n + 1
    return slug


def status_for(wanted: str | None) -> PublicationStatus:
    """An author's "publish" waits for the publisher when the "reviews need approval" setting is on; the publisher's never does."""
    status = PublicationStatus(wanted or PublicationStatus.DRAFT)
    needs_approval = settings_store.reviews_need_approval() and current_user.role != Role.PUBLISHER
    return PublicationStatus.PENDING if status == PublicationStatus.PUBLISHED and needs_approval else status
