"""Issue 13, item 5: French typography (a narrow no-break space before ? ! ; : and inside « ») from one filter, on
French messages and French editorial Markdown; English pages keep English typography."""

from __future__ import annotations

import io
import re

import pytest
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from lxml import html
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from shop.core.markdown import render_markdown
from shop.core.typography import NNBSP, french

N = NNBSP


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Merci !", f"Merci{N}!"),
        ("Merci!", f"Merci{N}!"),
        ("Vraiment ?", f"Vraiment{N}?"),
        ("Quoi ?!", f"Quoi{N}?!"),
        ("Prix : 10 €", f"Prix{N}: 10 €"),
        ("Prix: 10 €", f"Prix{N}: 10 €"),
        ("un ; deux", f"un{N}; deux"),
        ("« Bonjour »", f"«{N}Bonjour{N}»"),
        ("«Bonjour»", f"«{N}Bonjour{N}»"),
        ("«\u00a0Bonjour\u00a0»", f"«{N}Bonjour{N}»"),
        ("a&nbsp;: b", f"a{N}: b"),
        (f"déjà{N}?", f"déjà{N}?"),  # never doubled
        (f"déjà {N}?", f"déjà{N}?"),
        ("À 10:30 ou 9:05", "À 10:30 ou 9:05"),  # times
        (
            "Voir http://exemple.fr/a?b=1;c=2 et mailto:a@b.fr",
            "Voir http://exemple.fr/a?b=1;c=2 et mailto:a@b.fr",
        ),
        ("Tom &amp; Jerry", "Tom &amp; Jerry"),  # entities keep their ";"
        ("&laquo;Bonjour&raquo;", "&laquo;Bonjour&raquo;"),
        ("ratio 1:2", "ratio 1:2"),
        ("(?)", "(?)"),
        (" : %(edition)s", f"{N}: %(edition)s"),  # a message that continues what it is put after
        ("%(name)s : %(count)s", f"%(name)s{N}: %(count)s"),  # a message before its placeholders are filled
        (
            '<a href="https://x.fr/?a=1&amp;b=2" title="Quoi ?">ici</a> !',
            f'<a href="https://x.fr/?a=1&amp;b=2" title="Quoi ?">ici</a>{N}!',
        ),
        ("<strong>Note</strong> : texte", f"<strong>Note</strong>{N}: texte"),
        ("<code>a ? b : c;</code> puis ?", f"<code>a ? b : c;</code> puis{N}?"),
        ("<pre><code>x = a ? b : c;\n</code></pre>", "<pre><code>x = a ? b : c;\n</code></pre>"),
        ("<!-- a ? --> b", "<!-- a ? --> b"),
        ("`a ? b` puis ?", f"`a ? b` puis{N}?"),  # a Markdown source's code span
        ("Question ?\nSuite", f"Question{N}?\nSuite"),
        ("Hello, world.", "Hello, world."),
    ],
)
def test_french_spacing(given: str, expected: str) -> None:
    assert french(given) == expected
    assert french(expected) == expected  # running it twice changes nothing


def test_french_messages_get_the_spacing_and_english_ones_do_not(app) -> None:
    with app.test_request_context("/fr/"):
        assert _("Buyer: %(email)s", email="zoe:x@example.com") == f"Acheteur{N}: zoe:x@example.com"
        assert str(_l("Buyer: %(email)s", email="a")) == f"Acheteur{N}: a"
        rendered = app.jinja_env.from_string("{{ _('Buyer: %(email)s', email='a') }}").render()
        assert rendered == f"Acheteur{N}: a"
        with force_locale("en"):
            assert _("Buyer: %(email)s", email="a") == "Buyer: a"
    with app.test_request_context("/en/"):
        refresh()  # the test's app context outlives the request: Flask-Babel's cached locale with it
        assert _("Buyer: %(email)s", email="a") == "Buyer: a"


def test_french_markdown_spacing_leaves_code_and_links_alone(app) -> None:
    source = "Pourquoi ? « Parce que » : `a ? b : c` et [le site](https://exemple.fr/?q=1) !\n\n    x = y ? 1 : 2;\n"
    with app.test_request_context("/fr/"):
        out = str(render_markdown(source))
    assert f"Pourquoi{N}?" in out and f"«{N}Parce que{N}»{N}:" in out and f"</a>{N}!" in out
    assert "<code>a ? b : c</code>" in out and 'href="https://exemple.fr/?q=1"' in out
    assert "x = y ? 1 : 2;" in out
    with app.test_request_context("/en/"):
        refresh()
        assert N not in str(render_markdown(source))  # an English page's own text
        assert f"Pourquoi{N}?" in str(render_markdown(source, "fr"))  # French text quoted on an English page


def test_french_editorial_fields_get_the_spacing(app) -> None:
    from shop.core.i18n import translated

    field = {"fr": "Pourquoi ? `a ? b`", "en": "Why? `a ? b`"}
    assert translated(field, "fr") == f"Pourquoi{N}? `a ? b`"
    assert translated(field, "en") == "Why? `a ? b`"
    assert translated({"fr": "Seul ?"}, "en") == f"Seul{N}?"  # the French fallback is French text


BREAKABLE = re.compile(r"[ \t\r\n\u00a0][?!;:»]|«[ \t\r\n\u00a0]")


def _visible_text(body: str) -> str:
    doc = html.fromstring(body)
    for node in doc.xpath("//script|//style|//code|//pre"):
        node.drop_tree()
    return doc.text_content()


@pytest.mark.parametrize(
    "path",
    [
        "/fr/",
        "/fr/presse/reseau-des-cci-pratiques-web-social",
        "/fr/entretiens/trois-community-managers-racontent-leur-livre",
    ],
)
def test_a_french_page_never_breaks_before_a_question_mark(client, demo, path: str) -> None:
    body = client.get(path).get_data(as_text=True)
    text = _visible_text(body)
    assert [text[m.start() - 30 : m.end() + 10] for m in BREAKABLE.finditer(text)] == []
    assert f"{N}?" in text or f"{N}:" in text or f"{N}!" in text
    assert "\u2009" not in text


def test_an_english_page_has_english_typography(client, demo) -> None:
    body = client.get("/en/").get_data(as_text=True)
    assert N not in body
    assert not re.search(r"\w [?!;:](\s|$)", _visible_text(body))


def test_french_pdf_labels_keep_their_spacing_without_a_missing_glyph(app) -> None:
    out = io.BytesIO()
    with app.test_request_context("/fr/"):
        pdf = canvas.Canvas(out)
        for font in ("Helvetica", "Helvetica-Bold", "Times-Roman"):
            pdf.setFont(font, 10)
            pdf.drawString(50, 700, _("Buyer: %(email)s", email="zoe@example.com"))
        pdf.save()
    text = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert "Acheteur\u00a0: zoe@example.com" in text and "\u25a0" not in text


ENGLISH_LABELS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December|by|interviewed"
    r"|Read the original|Join online|Book a seat|Add to my calendar|online|Press|Blogs)\b"
)


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/presse/reseau-des-cci-pratiques-web-social",
        "/en/entretiens/trois-community-managers-racontent-leur-livre",
        "/en/agenda",
    ],
)
def test_english_labels_stay_outside_french_content(client, demo, path: str) -> None:
    from tests.events.factories import add_events

    add_events(demo)
    demo.session.commit()
    doc = html.fromstring(client.get(path).get_data(as_text=True))
    french = doc.xpath("//body//*[@lang='fr']")
    assert french, "the page quotes French content"
    for node in french:
        assert not ENGLISH_LABELS.search(node.text_content()), html.tostring(node, encoding="unicode")[:300]
