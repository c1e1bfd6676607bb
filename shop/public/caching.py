"""Public pages are cacheable by any proxy: no cookie, a short Cache-Control, an ETag and 304 answers.

Static files get fingerprinted URLs (/assets/css/site.<hash>.css) served with a one-year immutable lifetime, so a
changed stylesheet is a new URL and nothing stale lingers in caches.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory, url_for
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


def make_cacheable(response: Response) -> Response:
    """For public GET pages: cache headers, an ETag of the body, and 304 on a matching If-None-Match."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.direct_passthrough:
        return response
    if response.cache_control.no_store:  # a page that opted out (the comment form with its timed token)
        return response
    response.cache_control.public = True
    response.cache_control.max_age = current_app.config["PUBLIC_MAX_AGE"]
    response.add_etag()
    response.make_conditional(request)
    return response


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["static_url"] = static_url
