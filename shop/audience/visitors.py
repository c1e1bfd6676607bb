"""Who may be counted, and how a visitor is recognised within one day without being identified.

The unique-visitor hash is sha256(daily salt + site + address + user agent), cut to 64 bits. The salt is random,
made the first time it is needed each (UTC) day and deleted the next day, so a hash can be recomputed only on the
day it was made: the same reader on two days is two unrelated visitors, and nobody can go back from a hash to an
address. Neither the address nor the user agent is ever written anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import threading
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from crawlerdetect import CrawlerDetect
from flask import Flask, current_app
from werkzeug.wrappers import Request

from shop.audience.models import DailySalt
from shop.extensions import db

_TABLET = re.compile(r"iPad|Tablet|PlayBook|Silk|Kindle|Android(?!.*Mobile)", re.IGNORECASE)
_MOBILE = re.compile(r"Mobi|iPhone|iPod|Android|Opera Mini|IEMobile", re.IGNORECASE)
_salt_lock = threading.Lock()


@cache
def _crawlers() -> CrawlerDetect:
    return CrawlerDetect()


def declines_tracking(request: Request) -> bool:
    """Do Not Track and Global Privacy Control: either one and the visit is not counted at all."""
    return request.headers.get("DNT", "").strip() == "1" or request.headers.get("Sec-GPC", "").strip() == "1"


def is_bot(user_agent: str) -> bool:
    """Robots by the crawlerdetect list (maintained upstream); an empty user agent is a script, not a reader."""
    return not user_agent.strip() or bool(_crawlers().isCrawler(user_agent))


def device_class(user_agent: str) -> str:
    """Coarse on purpose: three classes say enough about layout and nothing about the person."""
    if _TABLET.search(user_agent):
        return "tablet"
    if _MOBILE.search(user_agent):
        return "mobile"
    return "desktop"


def country_of(address: str) -> str:
    """ISO country from a GeoIP database when AUDIENCE_GEOIP_DATABASE names one (off by default); '' otherwise.

    The hook reads a MaxMind-format file through the optional `geoip2` package; the address is looked up in
    memory and dropped, only the two-letter country is kept.
    """
    reader = _geoip_reader(current_app._get_current_object())  # type: ignore[attr-defined]
    if reader is None:
        return ""
    try:
        return str(reader.country(address).country.iso_code or "")[:2]
    except Exception:  # unknown or private address: no country, never an error for the beacon
        return ""


def _geoip_reader(app: Flask) -> Any:
    state = app.extensions.setdefault("audience_geoip", {})
    if "reader" not in state:
        path = app.config.get("AUDIENCE_GEOIP_DATABASE")
        state["reader"] = None
        if path:
            try:
                import geoip2.database

                state["reader"] = geoip2.database.Reader(path)
            except (ImportError, OSError) as exc:
                app.logger.warning("AUDIENCE_GEOIP_DATABASE is set but unusable: %s", exc)
    return state["reader"]


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def daily_salt(day: dt.date) -> str:
    """The salt of `day`, made once per day by whichever process asks first; older salts are deleted then."""
    cache_ = current_app.extensions.setdefault("audience_salts", {})
    if day in cache_:
        return str(cache_[day])
    with _salt_lock:
        salt = _load_or_create_salt(day)
        cache_.clear()
        cache_[day] = salt
    return salt


def _load_or_create_salt(day: dt.date) -> str:
    # A separate connection: the salt must be committed whatever the caller's transaction does.
    with db.engine.begin() as conn:
        found = conn.scalar(sa.select(DailySalt.salt).where(DailySalt.day == day))
        if found:
            return str(found)
        conn.execute(sa.delete(DailySalt).where(DailySalt.day < day))
    try:
        with db.engine.begin() as conn:
            conn.execute(sa.insert(DailySalt).values(day=day, salt=secrets.token_hex(32)))
    except sa.exc.IntegrityError:
        pass  # another process made it first: use theirs
    with db.engine.connect() as conn:
        return str(conn.scalar(sa.select(DailySalt.salt).where(DailySalt.day == day)))


def visitor_hash(day: dt.date, address: str, user_agent: str) -> str:
    site = urlsplit(current_app.config["SHOP_BASE_URL"]).netloc
    material = "\n".join((daily_salt(day), site, address, user_agent)).encode()
    return hashlib.sha256(material).hexdigest()[:16]
