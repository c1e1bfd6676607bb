"""Markdown to safe HTML. Stored text is never trusted: we sanitise every time we render."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3
from markupsafe import Markup

from shop.core.typography import french

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "blockquote", "code", "pre", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "abbr", "cite", "q", "sup", "sub", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener nofollow ugc",
    )


def render_markdown(text: str | None, lang: str | None = None) -> Markup:
    """Render reader-facing Markdown; raw HTML in the source is escaped by nh3's allow-list.

    `lang` is the text's own language (a review's, an interview's); by default the page's. French text gets French
    typography, applied to the sanitised HTML so code, links' addresses and attributes stay as written.
    """
    if not text:
        return Markup("")
    if lang is None:
        from shop.core.i18n import current_language

        lang = current_language()
    return Markup(_render(text, lang == "fr"))  # noqa: S704 - sanitised by nh3 in _render


@lru_cache(maxsize=256)
def _render(text: str, french_typography: bool = False) -> str:
    """A pure function of its arguments, so the HTML is kept: Markdown costs ~1 ms per page otherwise."""
    html = sanitize_html(md.markdown(text, extensions=["extra", "sane_lists"], output_format="html"))
    return french(html) if french_typography else html
