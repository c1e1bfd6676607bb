"""Rendered public pages, shared by every worker and app server, invalidated at once by any content change.

A public page (one `make_cacheable` marked `Cache-Control: public`, without cookie, session or form token) is kept
under its path and query string together with the content version it was rendered under (see content_version.py).
A request is answered from the cache only while that version is still the current one, so a publisher's change,
a price change or an edition going out of stock is visible on the very next request, on every server.

Stores: Redis when CACHE_URL is set (a hit costs one GET of the version; each worker keeps a local copy of the
pages it served); an in-process LRU otherwise, which reads the version from the database in one tiny query so that
several workers still agree. Hits are served by a WSGI middleware in front of Flask (page_cache_wsgi.py): no
request context, session, login, hook or query. A Redis failure never breaks a page: it is logged and the page is
rendered as if the cache were off.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from flask import Flask, Response, current_app, request

from shop.public import content_version
from shop.public.caching import session_touched

log = logging.getLogger(__name__)
CACHED_BLUEPRINTS = frozenset({"public", "root"})
MAX_KEY_LENGTH = 1000
PENDING = "shop.page_cache.pending"  # WSGI environ keys shared with page_cache_wsgi.py
STORABLE = "shop.page_cache.storable"
# Headers that belong to one response only; the rest (type, language, ETag, Cache-Control, Vary...) is kept.
NOT_STORED = frozenset({"set-cookie", "content-length", "date", "x-cache"})
# The Redis copy of the version expires so that a publication lost between COMMIT and Redis heals by itself.
VERSION_TTL = 60
PAGE_TTL = 24 * 3600
# Monotonic: a late, older publication never replaces a newer one.
SET_IF_GREATER = """
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local new = tonumber(ARGV[1])
if new > current then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) return new end
return current
"""


@dataclass(frozen=True)
class Entry:
    version: int
    headers: list[tuple[str, str]]
    body: bytes

    def dump(self) -> bytes:
        return b"%d\n%s\n%s" % (self.version, json.dumps(self.headers).encode(), self.body)

    @classmethod
    def load(cls, raw: bytes) -> Entry:
        version, headers, body = raw.split(b"\n", 2)
        return cls(int(version), [(name, value) for name, value in json.loads(headers)], body)


class LocalPages:
    """A bounded LRU of pages in this process (thread-safe for gthread workers)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[str, Entry] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, version: int) -> Entry | None:
        with self.lock:
            entry = self.pages.get(key)
            if entry is None or entry.version != version:
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        with self.lock:
            self.pages[key] = entry
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


class MemoryStore:
    """One worker's own pages; the version comes from the database so that all workers agree."""

    def __init__(self, size: int) -> None:
        self.local = LocalPages(size)

    def lookup(self, key: str, database_version: Callable[[], int]) -> tuple[int, Entry | None]:
        version = database_version()
        return version, self.local.get(key, version)

    def store(self, key: str, entry: Entry) -> None:
        self.local.put(key, entry)

    def publish(self, version: int) -> None:
        """Nothing to do: the next lookup reads the new version from the database."""


class RedisStore:
    """Pages and the current version in Redis, shared by every worker of every app server.

    Each worker also keeps the pages it served in a small local LRU: a hit then costs one GET of the version
    (a few bytes) instead of moving the page through Redis; the local copy is used only under the current version.
    """

    def __init__(self, url: str, prefix: str = "shop:", local_size: int = 256) -> None:
        import redis

        self.version_key = prefix + "content-version"
        self.page_prefix = prefix + "page:"
        self.errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.set_if_greater = self.client.register_script(SET_IF_GREATER)
        self.local = LocalPages(local_size)

    def lookup(self, key: str, database_version: Callable[[], int]) -> tuple[int, Entry | None]:
        raw_version = cast(bytes | None, self.client.get(self.version_key))
        if raw_version is None:  # expired or never published: the database is the truth
            version = int(
                self.set_if_greater(keys=[self.version_key], args=[database_version(), VERSION_TTL])
            )
        else:
            version = int(raw_version)
        entry = self.local.get(key, version)
        if entry is None:
            raw_page = cast(bytes | None, self.client.get(self.page_prefix + key))
            entry = Entry.load(raw_page) if raw_page is not None else None
            if entry is None or entry.version != version:
                return version, None
            self.local.put(key, entry)
        return version, entry

    def store(self, key: str, entry: Entry) -> None:
        self.client.set(self.page_prefix + key, entry.dump(), ex=PAGE_TTL)
        self.local.put(key, entry)

    def publish(self, version: int) -> None:
        self.set_if_greater(keys=[self.version_key], args=[version, VERSION_TTL])


Store = MemoryStore | RedisStore


def make_store(app: Flask) -> Store:
    url = app.config.get("CACHE_URL")
    return (
        RedisStore(url, app.config.get("CACHE_KEY_PREFIX", "shop:"))
        if url
        else MemoryStore(int(app.config.get("PAGE_CACHE_SIZE", 1000)))
    )


def store_errors(store: Store) -> tuple[type[Exception], ...]:
    return store.errors if isinstance(store, RedisStore) else ()


def is_storable(response: Response) -> bool:
    """Only pages make_cacheable marked public, and nothing that carries a cookie, a session or a form token."""
    cache_control = response.cache_control
    return (
        request.method == "GET"
        and request.blueprint in CACHED_BLUEPRINTS
        and response.status_code == 200
        and cache_control.public
        and not cache_control.no_store
        and not cache_control.private
        and not response.direct_passthrough
        and response.is_sequence
        and "Set-Cookie" not in response.headers
        and "cookie" not in {v.lower() for v in response.vary}
        and not session_touched()
    )


def mark_storable(response: Response) -> Response:
    """after_request: tell the middleware this rendered page may be kept (it checks the final headers again)."""
    if PENDING in request.environ and is_storable(response):
        request.environ[STORABLE] = True
    return response


def _publish(version: int) -> None:
    from flask import has_app_context

    if not has_app_context():
        return
    store: Store | None = current_app.extensions.get("page_cache")
    if store is None:
        return
    try:
        store.publish(version)
    except store_errors(store) as error:  # healed within VERSION_TTL seconds
        log.warning("page cache: version %s not published: %s", version, error)


def register(app: Flask) -> None:
    content_version.register()
    if not app.config.get("PAGE_CACHE", True):
        return
    app.extensions["page_cache"] = make_store(app)
    content_version.on_new_version(_publish)
    app.after_request(mark_storable)
    from shop.public.page_cache_wsgi import PageCacheMiddleware

    app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
