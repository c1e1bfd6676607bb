"""Markdown to safe HTML. Stored text is never trusted: we sanitise every time we render."""

from __future__ import annotations

import markdown as md
import nh3
from markupsafe import Markup

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


def render_markdown(text: str | None) -> Markup:
    """Render reader-facing Markdown; raw HTML in the source is escaped by nh3's allow-list."""
    if not text:
        return Markup("")
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return Markup(sanitize_html(html))  # noqa: S704 - sanitised by nh3 just above
