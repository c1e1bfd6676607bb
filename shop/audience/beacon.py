"""The beacon endpoint: POST /hit from static/js/beacon.js, answered 204 whatever it carried.

The same answer for counted and refused (DNT, GPC, robots, junk) hits tells a client nothing, and costs the same
small work: parse, hash, add to the in-memory batch. The database write happens after the
response is sent, once per batch (shop.audience.buffer). Past AUDIENCE_BEACON_RATE_LIMIT per address the answer
is 429. The endpoint never reads or sets a cookie.
"""

from __future__ import annotations

from flask import Blueprint, Flask, Response, after_this_request, current_app, request

from shop.audience import sources, visitors
from shop.audience.buffer import Hit, buffer_of
from shop.extensions import csrf, limiter

bp = Blueprint("audience", __name__)


def _rate_limit() -> str:
    return str(current_app.config["AUDIENCE_BEACON_RATE_LIMIT"])


def count(kind: str, path: str, lang: str, source: sources.Source) -> None:
    """Add one hit of the current request's visitor to the batch, unless they declined or are a robot."""
    config = current_app.config
    user_agent = request.headers.get("User-Agent", "")
    if not config["AUDIENCE_ENABLED"] or visitors.declines_tracking(request) or visitors.is_bot(user_agent):
        return
    address = request.remote_addr or ""
    day = visitors.today()
    hit = Hit(
        day, kind, path, lang, source.referrer, source.utm_source, source.utm_medium, source.utm_campaign,
        visitors.device_class(user_agent), visitors.country_of(address),
        visitors.visitor_hash(day, address, user_agent),
    )  # fmt: skip
    buffer = buffer_of(current_app._get_current_object())  # type: ignore[attr-defined]
    if buffer.add(hit):

        @after_this_request
        def flush_after_answering(response: Response) -> Response:
            # Runs once the answer has left: the reader's browser never waits on the database.
            response.call_on_close(buffer.flush)
            return response


@bp.post("/hit")
@csrf.exempt
@limiter.limit(_rate_limit)
def hit() -> Response:
    form = request.form
    page = sources.public_page(form.get("p"))
    if page is not None:
        lang, path = page
        utm_source, utm_medium, utm_campaign = sources.campaign(form)
        source = sources.Source(sources.referrer_domain(form.get("r")), utm_source, utm_medium, utm_campaign)
        count("view", path, lang, source)
    return Response(status=204)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
