"""Every response carries the security headers; HSTS only in production; the policy allows no inline script."""

from __future__ import annotations

import pytest

from shop.core.headers import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "path", ["/fr/", "/fr/presse/nope", "/", "/static/css/site.css", "/tableau-de-bord/", "/compte/connexion"]
)
def test_every_response_has_the_headers(client, db, path: str) -> None:
    response = client.get(path)
    response.close()  # a static file is streamed from an open file
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'",
                      "form-action 'self' https://checkout.stripe.com"):  # fmt: skip
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_in_production(app, client, db) -> None:
    app.config["SHOP_ENV"] = "production"
    assert client.get("/fr/").headers["Strict-Transport-Security"] == "max-age=31536000"


def test_the_dev_mailbox_relaxes_styles_only(client, db) -> None:
    csp = client.get("/dev/mailbox/").headers["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp and "script-src 'self';" in csp
    assert csp != CONTENT_SECURITY_POLICY


def test_no_inline_script_or_style_in_the_templates() -> None:
    """E-mails aside (mail clients need inline styles), templates must not need 'unsafe-inline'."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        if template.parts[-2] in ("emails", "outbox"):
            continue
        text = template.read_text(encoding="utf-8")
        # A <script src> of our own files is allowed by script-src 'self'; a script with a body is inline.
        if re.search(r"<script(?![^>]*(application/ld\+json|\ssrc=))|\son[a-z]+=|\sstyle=", text):
            offenders.append(template.name)
    assert offenders == []
