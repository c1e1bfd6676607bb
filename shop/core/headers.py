"""Security headers on every response: what the browser may load and run, and what it may tell other sites.

The pages carry no inline script or style, so the policy needs no 'unsafe-inline'. JSON-LD blocks are data, which
browsers never execute, so script-src does not apply to them. The checkout form posts to us and we answer with a
redirect to Stripe Checkout; browsers apply form-action to that redirect, hence Stripe's origin there.
"""

from __future__ import annotations

from flask import Flask, Response, current_app

STRIPE_CHECKOUT = "https://checkout.stripe.com"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        f"form-action 'self' {STRIPE_CHECKOUT}",
    ]
)

# Nothing in the shop uses these features; a page that never asks cannot be tricked into asking.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}
HSTS = "max-age=31536000"  # a year; no includeSubDomains: other hosts of the publisher's domain are not ours


def register(app: Flask) -> None:
    @app.after_request
    def security_headers(response: Response) -> Response:
        # setdefault: a page with a narrower need (the development mailbox) sets its own policy first.
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if current_app.config["SHOP_ENV"] == "production":
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
