"""Public pages are cacheable by any proxy: no cookie, a short Cache-Control, an ETag and 304 answers.

Static files get fingerprinted URLs (/assets/css/site.<hash>.css) served with a one-year immutable lifetime, so a
changed stylesheet is a new URL and nothing stale lingers in caches.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory, url_for
from flask.globals import request_ctx
from flask.typing import ResponseReturnValue

ONE_YEAR = 365 * 24 * 3600
bp = Blueprint("assets", __name__)
_FINGERPRINT = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<ext>\.[A-Za-z0-9]+)$")


@cache
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


def file_digest(filename: str) -> str:
    path = Path(current_app.static_folder or "") / filename
    return _digest(str(path), path.stat().st_mtime_ns)


def static_url(filename: str) -> str:
    """URL of a static file whose name carries a hash of its content."""
    stem, dot, ext = filename.rpartition(".")
    return url_for("assets.asset", fingerprinted=f"{stem}.{file_digest(filename)}{dot}{ext}")


@bp.get("/assets/<path:fingerprinted>")
def asset(fingerprinted: str) -> ResponseReturnValue:
    match = _FINGERPRINT.match(fingerprinted)
    if not match:
        abort(404)
    filename = match["stem"] + match["ext"]
    static = Path(current_app.static_folder or "")
    if not (static / filename).is_file() or file_digest(filename) != match["digest"]:
        abort(404)
    response = send_from_directory(static, filename, max_age=ONE_YEAR)
    response.cache_control.public = True
    response.cache_control.immutable = True
    return response


def session_touched() -> bool:
    """The request read or changed its session, so Flask will add `Vary: Cookie` or a cookie after the hooks.

    Looks at the context's own session object: since Flask 3.1 merely reading `flask.session` marks it accessed.
    """
    raw = request_ctx._session if request_ctx else None
    return raw is not None and (raw.accessed or raw.modified)


def sets_cookie(response: Response) -> bool:
    """The response carries a cookie now, or the session will add one (or `Vary: Cookie`) after this hook."""
    return "Set-Cookie" in response.headers or session_touched()


def make_cacheable(response: Response) -> Response:
    """For public GET pages: cache headers, an ETag of the body, and 304 on a matching If-None-Match."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
        return response
    if response.cache_control.no_store:  # a page that opted out (the comment form with its timed token)
        return response
    if sets_cookie(response):  # a cookie is one visitor's: never let a proxy hand it to others
        return response
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_MAX_AGE"]
    response.add_etag()
    response.make_conditional(request)
    return response


def quiet_login_hooks(app: Flask) -> None:
    """Keep Flask-Login from touching the session of requests that never logged anyone in.

    Its template context processor loads the user for every template, and its after_request hook tests the session
    for a pending remember-me cookie: either marks the session accessed, so every page, public ones included, went
    out with `Vary: Cookie` and could not be cached. Templates now get the lazy `current_user` proxy (loaded only
    by a template that looks at it), and the hook runs only when the session was already in use or holds the
    remember-me flag that `login_user` sets during the same request.
    """
    from flask_login import current_user

    processors = app.template_context_processors[None]
    processors[:] = [p for p in processors if getattr(p, "__name__", "") != "_user_context_processor"]
    app.context_processor(lambda: {"current_user": current_user})

    hooks = app.after_request_funcs.get(None, [])
    for index, hook in enumerate(hooks):
        if getattr(hook, "__name__", "") == "_update_remember_cookie":
            hooks[index] = _quiet(hook)


def _quiet(update_remember_cookie: Any) -> Any:
    def update_remember_cookie_when_needed(response: Response) -> Response:
        raw = request_ctx._session
        refresh = current_app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
        if raw is not None and not raw.accessed and "_remember" not in raw and not refresh:
            return response
        return update_remember_cookie(response)

    return update_remember_cookie_when_needed


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    quiet_login_hooks(app)
    app.jinja_env.globals["static_url"] = static_url
