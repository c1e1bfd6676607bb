"""A buyer pays in test payment mode through nginx, the e-mail reaches the SMTP server, and the e-book download is
authorised by the app (X-Accel-Redirect) and streamed by nginx."""

from __future__ import annotations

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

import pytest
import sqlalchemy as sa

from tests.stack.conftest import DATABASE_URL, Stack

pytestmark = pytest.mark.stack
BUYER = "lectrice@example.org"


class Browser:
    """Just enough of a browser: cookies, forms, no redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, url: str, form: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        path = urlsplit(url)._replace(scheme="", netloc="").geturl()
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        data = response.read()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def csrf(self, url: str) -> str:
        status, _, body = self.request("GET", url)
        assert status == 200, (url, status)
        match = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body)
        assert match, f"no CSRF token on {url}"
        return match.group(1).decode()


def _ebook_edition_id() -> int:
    engine = sa.create_engine("postgresql+psycopg://" + DATABASE_URL.split("://", 1)[1])
    with engine.connect() as conn:
        edition_id = conn.execute(sa.text("SELECT id FROM editions WHERE format = 'ebook'")).scalar_one()
    engine.dispose()
    return int(edition_id)


def _download_link(stack: Stack) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for message in stack.smtp.messages:
            if BUYER in str(message["To"]):
                text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
                links = re.findall(r"https?://\S+/d/[A-Za-z0-9_\-]+", text)
                if links:
                    return links[0]
        time.sleep(0.5)
    raise AssertionError(f"no e-mail with a download link reached {BUYER}")


def test_a_buyer_pays_through_nginx_gets_the_email_and_downloads_through_x_accel(stack: Stack) -> None:
    browser = Browser(stack.nginx)
    status, headers, _ = browser.request(
        "POST", "/fr/panier/ajouter", {"edition_id": str(_ebook_edition_id())}
    )
    assert status == 303 and "session" in browser.cookies
    token = browser.csrf("/fr/panier")
    checkout = {"email": BUYER, "shipping_rate": "fr", "waiver": "y", "terms": "y", "csrf_token": token}
    status, headers, _ = browser.request("POST", "/fr/panier/payer", checkout)
    assert status == 303 and "/paiement-test/" in headers["location"], headers
    payment_page = headers["location"]
    status, headers, _ = browser.request(
        "POST",
        payment_page,
        {"action": "pay", "name": "Zoé Lectrice", "csrf_token": browser.csrf(payment_page)},
    )
    assert status == 303
    status, _, body = browser.request("GET", headers["location"])
    assert status == 200 and BUYER.encode() in body

    link = _download_link(stack)
    path = urlsplit(link).path
    status, headers, body = Browser(stack.apps[0]).request("GET", path)  # the app only authorises
    if status == 503:  # the watermarked copy is being made: the page says to come back
        time.sleep(3)
        status, headers, body = Browser(stack.apps[0]).request("GET", path)
    assert status == 200 and body == b""
    assert headers["x-accel-redirect"].startswith("/_protected/ebooks/")
    status, headers, body = Browser(stack.nginx).request("GET", path)  # nginx streams the file
    assert status == 200, body[:200]
    assert "x-accel-redirect" not in headers
    assert "attachment" in headers["content-disposition"]
    assert body[:2] == b"PK" or body[:4] == b"%PDF"
    assert len(body) > 1000
    status, _, _ = Browser(stack.nginx).request("GET", "/_protected/ebooks/" + path.rsplit("/", 1)[-1])
    assert status == 404  # the internal location is not reachable from outside
