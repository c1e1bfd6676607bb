"""The beacon endpoint: POST /hit from static/js/beacon.js, answered 204 whatever it carried.

It is a small WSGI layer in front of Flask rather than a Flask view: a page view must cost less than the page, so
the beacon skips the session, CSRF, login and every after-request hook, and so can never set a cookie. The same
answer for counted and refused (DNT, GPC, robots, junk) hits tells a client nothing and costs the same small work:
parse, hash, add to the in-memory batch. The database write happens after the answer has been sent, once per batch
(shop.audience.buffer). Past AUDIENCE_BEACON_RATE_LIMIT per address the answer is 429, from the shop's limiter
storage (RATELIMIT_STORAGE_URI), so several app servers share the count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from flask import Flask, current_app
from limits import RateLimitItem, parse
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request
from werkzeug.wsgi import ClosingIterator

from shop.audience import sources, visitors
from shop.audience.buffer import Hit, HitBuffer, buffer_of
from shop.extensions import limiter

PATH = "/hit"
HEADERS = [("Content-Length", "0"), ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]


def count(request: Request, kind: str, path: str, lang: str, source: sources.Source) -> HitBuffer | None:
    """Add one hit of the request's visitor to the batch, unless they declined or are a robot.

    Returns the buffer when its batch is due: the caller flushes it once the answer is sent.
    """
    config = current_app.config
    user_agent = request.headers.get("User-Agent", "")
    if not config["AUDIENCE_ENABLED"] or visitors.declines_tracking(request) or visitors.is_bot(user_agent):
        return None
    address = request.remote_addr or ""
    day = visitors.today()
    hit = Hit(
        day, kind, path, lang, source.referrer, source.utm_source, source.utm_medium, source.utm_campaign,
        visitors.device_class(user_agent), visitors.country_of(address),
        visitors.visitor_hash(day, address, user_agent),
    )  # fmt: skip
    buffer = buffer_of(current_app._get_current_object())  # type: ignore[attr-defined]
    return buffer if buffer.add(hit) else None


@cache
def _limit(text: str) -> RateLimitItem:
    return parse(text)


def allowed(request: Request) -> bool:
    item = _limit(str(current_app.config["AUDIENCE_BEACON_RATE_LIMIT"]))
    return bool(limiter.limiter.hit(item, "audience-beacon", request.remote_addr or ""))


def handle(request: Request) -> tuple[str, HitBuffer | None]:
    if not allowed(request):
        return "429 Too Many Requests", None
    try:
        form = request.form
    except RequestEntityTooLarge:
        return "204 No Content", None
    page = sources.public_page(form.get("p"))
    if page is None:
        return "204 No Content", None
    lang, path = page
    utm_source, utm_medium, utm_campaign = sources.campaign(form)
    source = sources.Source(sources.referrer_domain(form.get("r")), utm_source, utm_medium, utm_campaign)
    return "204 No Content", count(request, "view", path, lang, source)


class BeaconMiddleware:
    def __init__(self, app: Flask, wrapped: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.wrapped = wrapped

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.wrapped(environ, start_response)
        if environ.get("REQUEST_METHOD") != "POST":
            start_response("405 Method Not Allowed", [*HEADERS, ("Allow", "POST")])
            return []
        request = Request(environ)
        request.max_content_length = 8 * 1024  # a beacon is a few hundred bytes
        try:
            with self.app.app_context():
                status, due = handle(request)
        except (
            Exception
        ):  # statistics must never break: a failure is logged, the reader sees the usual answer
            self.app.logger.exception("audience: a beacon hit could not be counted")
            status, due = "204 No Content", None
        start_response(status, list(HEADERS))
        # Flushed once the answer has left: the reader's browser never waits on the database.
        return ClosingIterator([], due.flush_quietly) if due else []


def register(app: Flask) -> None:
    app.wsgi_app = BeaconMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
