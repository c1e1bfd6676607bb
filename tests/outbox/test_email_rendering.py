"""Every e-mail type, in French and in English, both parts: the publisher's layout with inlined styles, the order
page where the message is about an order, and not one string left in the other language."""

from __future__ import annotations

import html as html_lib
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from shop.outbox.rendering import RenderedEmail, render
from tests.outbox.emails_world import ALL_TEMPLATES, ORDER_TEMPLATES, queue

CATALOG = Path(__file__).resolve().parents[2] / "shop" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%s|%d")
# Words a reader would notice in the wrong language (the book's own title, "Le Community Management", is French
# in both; the publisher's name and address are French data).
ENGLISH_WORDS = re.compile(
    r"\b(the|your|order|download|links?|please|thank|refund|invoice|delivery|shipped)\b", re.I
)
FRENCH_WORDS = re.compile(
    r"\b(votre|vos|commande|télécharg\w*|merci|numérique|remboursement|liens?|facture)\b", re.I
)


def _normalise(text: str) -> str:
    text = text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")
    return re.sub(r"\s+", " ", text)


def _visible(html: str) -> str:
    """What a reader sees of the HTML part: no tags, no URLs."""
    body = re.sub(r"<head>.*?</head>", " ", html, flags=re.S)
    return _words(html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


def _words(text: str) -> str:
    return _normalise(re.sub(r"(https?://|mailto:)\S+|\S+@\S+", " ", text))


@cache
def _fragments() -> dict[str, set[str]]:
    """Literal pieces (12+ characters) of every catalogue entry whose French differs from its English."""
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh, locale="fr")
    pieces: dict[str, set[str]] = {"en": set(), "fr": set()}
    for message in catalog:
        if not message.id or not message.string:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        french = message.string if isinstance(message.string, str) else message.string[0]
        if _normalise(english) == _normalise(french):
            continue
        for lang, text in (("en", english), ("fr", french)):
            pieces[lang] |= {p.strip() for p in PLACEHOLDER.split(_normalise(text)) if len(p.strip()) >= 12}
    return pieces


def _leftovers(text: str, locale: str) -> list[str]:
    """Catalogue text of the other language found in a message."""
    other = "en" if locale == "fr" else "fr"
    return sorted(p for p in _fragments()[other] if p in text and p not in _fragments()[locale])


@pytest.fixture(params=["fr", "en"])
def locale(request) -> str:
    return str(request.param)


@pytest.mark.parametrize("template", ALL_TEMPLATES)
def test_every_email_both_parts_both_languages(app, db, book, template: str, locale: str) -> None:
    email, order = queue(app, book, template, locale)
    assert email is not None and email.template == template and email.locale == locale
    rendered: RenderedEmail = render(email)
    text, html = rendered.text, rendered.html

    assert rendered.subject and "%(" not in rendered.subject
    # The layout's <style> block was inlined: mail clients that drop <style> still get the design.
    assert "<style" not in html and html.count('style="') > 10
    assert re.search(
        r'<a class="button" href="[^"]+" style="[^"]*background|<td class="button-cell" style="', html
    ) or (template in ("review_copy_declined", "mailing", "kindle", "refund"))
    # The publisher's identity and the cover, by absolute URL.
    assert "Éditions Test" in html and "1 rue du Test, 75001 Paris" in html
    assert "Éditions Test" in text and "1 rue du Test, 75001 Paris" in text
    assert 'src="http://shop.test/media/covers/lcm.jpg"' in html
    # The order page, where the message is about one order.
    if template in ORDER_TEMPLATES:
        page = f"http://shop.test/{locale}/commande/"
        assert page in text and page in html, template
    if template == "review_copy_reminder":  # a date in words, not the ISO date kept in the row
        assert (
            "20 novembre 2026" if locale == "fr" else "November 20, 2026"
        ) in text and "2026-11-20" not in text
    if template in ("publisher_attention", "publisher_new_order"):
        assert f"http://shop.test/tableau-de-bord/commandes/{order.id}" in text + html
    # Nothing left in the other language, in the subject, the text or what the HTML shows.
    for part in (rendered.subject, _words(text), _visible(html)):
        assert _leftovers(part, locale) == [], (template, locale)
        words = ENGLISH_WORDS if locale == "fr" else FRENCH_WORDS
        assert not words.findall(part), (template, locale, words.findall(part), part)
    # The plain text reads on its own: no markup, no template residue, no run of blank lines.
    assert (
        "<" not in text.replace("<zoe", "") and "{{" not in text and "{%" not in text and "\n\n\n" not in text
    )


@pytest.mark.parametrize("template", ["ebook_links", "fresh_links"])
def test_the_links_email_reads_naturally(app, db, book, template: str, locale: str) -> None:
    email, _order = queue(app, book, template, locale)
    rendered = render(email)
    for part in (_normalise(rendered.text), _normalise(html_lib.unescape(rendered.html))):
        if locale == "fr":
            assert "Télécharger l'EPUB" in part and "Télécharger le PDF" in part
        else:
            assert "Download the EPUB" in part and "Download the PDF" in part
        assert "(EPUB)" not in part and "Télécharger Le Community" not in part
        assert "/aide-lecture" in part  # how to read it, on every device
    assert rendered.html.count('class="button"') == 2


def test_fresh_links_for_several_orders_name_each_order_and_its_page(app, db, book) -> None:
    from shop.downloads.views import send_fresh_links
    from tests.delivery.conftest import paid_order
    from tests.outbox.emails_world import _latest

    first, second = paid_order(app, book, "ebook"), paid_order(app, book, "bundle")
    with app.test_request_context("/fr/"):
        send_fresh_links("zoe@example.com")
        db.session.commit()
        rendered = render(_latest("fresh_links"))
    for part in (rendered.text, rendered.html):
        assert first.number in part and second.number in part
        assert part.count("http://shop.test/fr/commande/") >= 2
    assert rendered.html.count('class="button"') == 4  # EPUB and PDF of each order
