"""Every back-office page speaks in words: no enum value, event type, template id, actor code or JSON reaches it."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from lxml import html

from shop.catalog.models import EditionFormat
from shop.dashboard.labels import EMAIL_TEMPLATE
from shop.dashboard.timeline import SENTENCES
from shop.downloads.models import CopyStatus
from shop.editorial.comments import CommentStatus, CommentTarget
from shop.editorial.models import PressReview, PublicationStatus, ReviewCategory
from shop.orders.attention import LABELS as ATTENTION
from shop.orders.models import OrderEvent, PaymentProvider
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.models import EmailStatus
from tests.backoffice.conftest import login
from tests.backoffice.every_state import EVENT_PARAMS, populate

ENUMS = (OrderStatus, PaymentStatus, EmailStatus, CopyStatus, PublicationStatus, ReviewCategory, CommentTarget,
         CommentStatus, PaymentProvider, EditionFormat)  # fmt: skip
CODES = (
    {m.value for enum in ENUMS for m in enum}
    | set(SENTENCES) | set(EVENT_PARAMS) | set(EMAIL_TEMPLATE) | {"some_new_template"} | set(ATTENTION)
    | {"stripe:webhook", "user:1", "system", "test-mode", "checkout_expired", "payment_failed", "fr", "en"}
)  # fmt: skip
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b|\b(?:user|stripe|system):[a-z0-9_]+\b")
SEPARATORS = re.compile(r"[·→():;,|<>]")


def _pages(app, client, order_ids: list[int], review_ids: list[int]) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("dashboard.", "authors_area.")) or "GET" not in (rule.methods or ()):
            continue
        if not rule.arguments:
            urls.append(rule.rule)
        elif rule.arguments == {"order_id"}:
            urls += [rule.rule.replace("<int:order_id>", str(i)) for i in order_ids]
        elif rule.arguments == {"review_id"}:
            urls += [rule.rule.replace("<int:review_id>", str(i)) for i in review_ids]
    return urls


def _offences(page: str) -> list[str]:
    doc = html.fromstring(page)
    found = []
    for main in doc.xpath("//main | //header"):
        text = main.text_content()
        if '{"' in text or "{'" in text:
            found.append("JSON in the page")
        found += [f"code {m!r}" for m in SNAKE.findall(text)]
        for node in main.xpath(".//text()"):
            found += [
                f"bare value {part.strip()!r}" for part in SEPARATORS.split(node) if part.strip() in CODES
            ]
    return found


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_code_or_json_on_any_back_office_page(app, client, db, book, publisher, lang) -> None:
    orders = populate(app, book)
    login(client, publisher)
    review_ids = list(db.session.scalars(sa.select(PressReview.id)))
    urls = _pages(app, client, [o.id for o in orders], review_ids)
    assert len(urls) > len(orders) + 5
    checked = 0
    for url in urls:
        response = client.get(url, query_string={"lang": lang})
        # The author's profile sends a publisher elsewhere; the QR code needs the link it encodes.
        assert response.status_code in (200, 302) or url.endswith("/qr.svg"), url
        response.get_data()  # streamed exports run to the end before the next request
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = response.get_data(as_text=True)
        assert f'<html lang="{lang}">' in page, url
        assert _offences(page) == [], url
        text = html.fromstring(page).xpath("//main")[0].text_content()
        wrong = re.compile(
            r"\b(the|Order|Payment|Other)\b" if lang == "fr" else r"\b(Commande|Paiement|Autre|Historique)\b"
        )
        assert not wrong.search(text), (url, wrong.search(text))
        checked += 1
    assert checked >= len(orders) + 5


def test_the_checker_catches_codes_and_json() -> None:
    """The test above can fail: the raw forms the old pages printed are all caught."""
    for bad in ("<main>paid · paid</main>", '<main>{"lines": {"1": 1}}</main>', "<main>partially_refunded</main>",
                "<main>radio_tv</main>", "<main>order_confirmation → x</main>", "<main>(stripe:webhook)</main>"):  # fmt: skip
        assert _offences(bad), bad


def test_every_event_type_reads_as_a_sentence(app, db, book) -> None:
    with app.test_request_context("/tableau-de-bord/?lang=en"):
        from shop.core.i18n import back_office_language
        from shop.dashboard.timeline import sentence

        back_office_language()

        for type_, params in EVENT_PARAMS.items():
            text = sentence(OrderEvent(type=type_, actor="system", params=params))
            assert text and "{" not in text and type_ not in text
        shipped = OrderEvent(type="status_changed", actor="user:1",
                             params={"from": "paid", "to": "fulfilled", "carrier": "Colissimo", "tracking_number": "6A12"})  # fmt: skip
        assert sentence(shipped) == "Shipped by Colissimo, tracking 6A12."


def test_back_office_keeps_english_across_links_and_redirects(app, client, db, book, publisher) -> None:
    orders = populate(app, book)
    login(client, publisher)
    page = client.get("/tableau-de-bord/?lang=en").get_data(as_text=True)
    doc = html.fromstring(page)
    nav = [
        a.get("href") for a in doc.xpath("//nav[@class='main-nav']//a") if "tableau-de-bord" in a.get("href")
    ]
    assert nav and all("lang=en" in href for href in nav)
    assert all("lang=en" in action for action in doc.xpath("//main//form[@method='post']/@action"))
    order = orders[-1]
    response = client.post(f"/tableau-de-bord/commandes/{order.id}/note?lang=en", data={"text": "hello"})
    assert response.status_code == 303 and "lang=en" in response.headers["Location"]
    desk = client.get("/espace-auteur/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in desk and "/tableau-de-bord/commandes?lang=en" in desk  # the dashboard's menu
