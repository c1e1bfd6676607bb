"""Parsing what the beacon and the add-to-cart form send: pages, referrers and campaign tags.

Everything comes from the reader's browser and is untrusted: a value that does not parse becomes '' (unknown), never
an error, and every value is cut to its column's length.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import parse_qs, urlsplit

from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, RequestRedirect

from shop.audience.models import CAMPAIGN_LENGTH, DOMAIN_LENGTH, PATH_LENGTH
from shop.core.i18n import LANGUAGES

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HOST = re.compile(r"^[a-z0-9.-]+$")
UTM_FIELDS = ("utm_source", "utm_medium", "utm_campaign")


@dataclass(frozen=True)
class Source:
    """Where a visit comes from; '' for whatever is unknown."""

    referrer: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""


def clean(value: object, limit: int = CAMPAIGN_LENGTH) -> str:
    """Printable text, trimmed and cut; anything else is ''."""
    if not isinstance(value, str):
        return ""
    return _CONTROL.sub("", value).strip()[:limit]


def own_host() -> str:
    return _host_of(current_app.config["SHOP_BASE_URL"])


@cache
def _host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def referrer_domain(url: object) -> str:
    """The host of an http(s) referrer, without `www.`; '' for our own site, other schemes and junk."""
    text = clean(url, 2000)
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not _HOST.match(host) or host == own_host():
        return ""
    return host.removeprefix("www.")[:DOMAIN_LENGTH]


def public_page(path: object) -> tuple[str, str] | None:
    """(language, path without the language) when `path` is one of the reader-facing pages; None otherwise."""
    if not isinstance(path, str) or len(path) > PATH_LENGTH or _CONTROL.search(path):
        return None
    text = path.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    return _match_public(current_app.url_map, text.split("?", 1)[0].split("#", 1)[0])


@lru_cache(maxsize=4096)  # the beacon asks about the same few pages all day; junk only evicts junk
def _match_public(url_map: Map, path: str) -> tuple[str, str] | None:
    try:
        endpoint, args = url_map.bind("localhost").match(path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    lang = args.get("lang")
    if not str(endpoint).startswith("public.") or lang not in LANGUAGES:
        return None
    return lang, path[len(lang) + 1 :] or "/"


def campaign(values: Mapping[str, object]) -> tuple[str, str, str]:
    return (
        clean(values.get("utm_source")),
        clean(values.get("utm_medium")),
        clean(values.get("utm_campaign")),
    )


def campaign_of_url(url: str) -> tuple[str, str, str]:
    """utm_* tags of a URL's query string (a same-site referrer keeps its query)."""
    try:
        query = parse_qs(urlsplit(url).query)
    except ValueError:
        return "", "", ""
    return campaign({name: (query.get(name) or [""])[0] for name in UTM_FIELDS})
