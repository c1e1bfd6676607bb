"""Campaign links: a page of the shop tagged with utm_* parameters, and its QR code for print."""

from __future__ import annotations

import io
import re
import unicodedata
from urllib.parse import urlencode

import segno
import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from shop.core.i18n import LANGUAGES
from shop.editorial.models import Interview, PressReview, PublicationStatus
from shop.extensions import db

# (source, medium, label): utm_medium groups the sources the way the reports do.
SOURCES = [
    ("newsletter", "email", _l("Newsletter")),
    ("facebook", "social", "Facebook"),
    ("instagram", "social", "Instagram"),
    ("linkedin", "social", "LinkedIn"),
    ("mastodon", "social", "Mastodon"),
    ("bluesky", "social", "Bluesky"),
    ("x", "social", "X"),
    ("bookshop", "event", _l("Bookshop event")),
]


def pages() -> list[tuple[str, str]]:
    """(path, label) of the pages worth a campaign, in each language: the book, lists, published content."""
    fixed = [("/", _l("The book")), ("/presse/", _l("Press reviews")), ("/entretiens/", _l("Interviews")),
             ("/auteurs/", _l("Authors"))]  # fmt: skip
    reviews = db.session.execute(
        sa.select(PressReview.slug, PressReview.title)
        .where(PressReview.status == PublicationStatus.PUBLISHED)
        .order_by(PressReview.published_on.desc())
    )
    interviews = db.session.execute(
        sa.select(Interview.slug, Interview.title)
        .where(Interview.status == PublicationStatus.PUBLISHED)
        .order_by(Interview.held_on.desc())
    )
    items = [(path, str(label)) for path, label in fixed]
    items += [(f"/presse/{slug}", title) for slug, title in reviews]
    items += [(f"/entretiens/{slug}", title) for slug, title in interviews]
    from shop.dashboard.labels import language_name

    return [
        (f"/{lang}{path}", f"{label} ({language_name(lang)})") for path, label in items for lang in LANGUAGES
    ]


def campaign_slug(text: str) -> str:
    """'Salon du livre 2027' -> 'salon-du-livre-2027': readable in reports, safe in a URL."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60]


def tagged_url(path: str, source: str, medium: str, campaign: str) -> str:
    query = {"utm_source": source, "utm_medium": medium}
    if campaign:
        query["utm_campaign"] = campaign
    return f"{current_app.config['SHOP_BASE_URL']}{path}?{urlencode(query)}"


def qr_svg(url: str, title: str) -> bytes:
    """A QR code drawn with segno, medium error correction: still readable on a slightly damaged flyer."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=4, title=title, xmldecl=True)
    return out.getvalue()
