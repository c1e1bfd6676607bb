"""Reverse proxies: believe X-Forwarded-* only for the number of hops the operator declared (TRUSTED_PROXIES)."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def register(app: Flask) -> None:
    """With 0 (the default) the headers are ignored: a client could otherwise claim any address and escape the
    rate limits, or reach the loopback-only development mailbox. Behind nginx set 1."""
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
