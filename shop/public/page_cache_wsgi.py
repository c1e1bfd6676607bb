"""The page cache in front of Flask: a WSGI middleware answers hits before any request context, session, URL
matching or hook exists, and keeps rendered pages that the app marked storable.

Only paths under a language (/fr/..., /en/...), the sitemap and robots.txt are looked up. A miss goes through Flask
with the key and the version read *before* rendering in the environ; the `mark_storable` after_request hook
(page_cache.py) says whether the page qualifies, and the final headers are checked again here, after the session
was saved: a `Set-Cookie` or `Vary: Cookie` keeps a page out. A hit replays the stored headers (the app's own, the
security headers included) with `X-Cache: HIT`, and answers 304 to a matching If-None-Match like Flask would.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.http import parse_etags, unquote_etag

from shop.core.i18n import LANGUAGES
from shop.extensions import db
from shop.public import content_version
from shop.public.page_cache import MAX_KEY_LENGTH, NOT_STORED, PENDING, STORABLE, Entry, Store, store_errors

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

log = logging.getLogger(__name__)
PREFIXES = tuple(f"/{lang}/" for lang in LANGUAGES)
ROOT_PAGES = frozenset({"/sitemap.xml", "/robots.txt"})


def cache_key(environ: WSGIEnvironment) -> str | None:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO") or "/"
    if not path.startswith(PREFIXES) and path not in ROOT_PAGES:
        return None
    query = environ.get("QUERY_STRING")
    key = f"{path}?{query}" if query else path
    return key if len(key) <= MAX_KEY_LENGTH else None


def _cookie_free(headers: list[tuple[str, str]]) -> bool:
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie" or (lowered == "vary" and "cookie" in value.lower()):
            return False
    return True


class PageCacheMiddleware:
    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.app = app
        self.wsgi_app = wsgi_app

    @property
    def store(self) -> Store:
        store: Store = self.app.extensions["page_cache"]
        return store

    def _database_version(self) -> int:
        with self.app.app_context():
            try:
                return content_version.read_version(db.session)
            finally:
                db.session.remove()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        key = cache_key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        store = self.store
        try:
            version, entry = store.lookup(key, self._database_version)
        except store_errors(store) as error:
            log.warning("page cache unavailable, rendering: %s", error)
            return self.wsgi_app(environ, start_response)
        if entry is not None:
            return self._serve(entry, environ, start_response)
        environ[PENDING] = (key, version)
        return self._render(environ, start_response, key, version)

    @staticmethod
    def _serve(entry: Entry, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        headers = [*entry.headers, ("X-Cache", "HIT")]
        etag = next((value for name, value in entry.headers if name.lower() == "etag"), None)
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if etag and if_none_match and parse_etags(if_none_match).contains_weak(unquote_etag(etag)[0] or ""):
            start_response("304 NOT MODIFIED", headers)
            return []
        start_response("200 OK", [*headers, ("Content-Length", str(len(entry.body)))])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [entry.body]

    def _render(
        self, environ: WSGIEnvironment, start_response: StartResponse, key: str, version: int
    ) -> Iterable[bytes]:
        kept: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[..., Any]:
            if (
                environ.get(STORABLE)
                and environ.get("REQUEST_METHOD") == "GET"
                and status.startswith("200")
                and _cookie_free(headers)
            ):
                kept["headers"] = [(k, v) for k, v in headers if k.lower() not in NOT_STORED]
                headers = [*headers, ("X-Cache", "MISS")]
            return start_response(status, headers, exc_info)

        body_iter = self.wsgi_app(environ, capture)
        if "headers" not in kept:
            return body_iter
        try:
            body = b"".join(body_iter)
        finally:
            close = getattr(body_iter, "close", None)
            if close is not None:
                close()
        store = self.store
        try:
            store.store(key, Entry(version, kept["headers"], body))
        except store_errors(store) as error:
            log.warning("page cache unavailable, not stored: %s", error)
        return [body]
