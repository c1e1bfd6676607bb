"""French typography: a narrow no-break space (U+202F) before ? ! ; : and inside « », so a "?" never starts a line.

One filter, applied to French translated strings (shop.core.i18n) and to French editorial Markdown
(shop.core.markdown). It reads HTML as well as plain text: tags with their attributes, comments, entities and the
content of code, pre, kbd, samp, script and style are copied as they are. A sign takes the space only when it closes
a phrase (followed by a space, the end, a tag or another sign), so "http://", "10:30", "?page=2" and "&amp;" keep
theirs. Running it twice changes nothing.
"""

from __future__ import annotations

import re

NNBSP = "\u202f"

# What may stand between a word and its sign: ordinary, no-break and thin spaces, as characters or entities.
_SPACE = r"(?:[ \u00a0\u2009\u202f]|&nbsp;|&#160;|&#[xX]0*[aA]0;|&#8239;|&#[xX]202[fF];)"
_PATTERN = re.compile(
    r"(?P<keep><(?P<code>code|pre|kbd|samp|script|style)\b.*?</(?P=code)\s*>|<!--.*?-->|<[^>]*>"
    r"|(?P<ticks>`+)[^`]+(?P=ticks))"  # and a Markdown source's `code` spans
    # The sign follows a word, a closing mark or a tag, never a line break, another sign or an opening mark; at the
    # start of a message it follows what the message is put after (" : %(name)s" after a button's label).
    rf"|(?<![\s\u00a0\u2009\u202f?!;:«(\[{{]){_SPACE}*(?P<sign>[?!;:])(?=$|[\s\u00a0\u202f<&\"'’»)\].,?!;:])"
    rf"|(?P<open>«){_SPACE}*(?=[^\s\u00a0\u2009\u202f])"
    rf"|(?<=[^\s\u00a0\u2009\u202f«]){_SPACE}*(?P<close>»)"
    r"|(?P<entity>&#?\w+;)",
    re.DOTALL | re.IGNORECASE,
)


def _fix(match: re.Match[str]) -> str:
    if match.group("sign"):
        return NNBSP + match.group("sign")
    if match.group("open"):
        return "«" + NNBSP
    if match.group("close"):
        return NNBSP + "»"
    return match.group(0)  # markup or an entity: copied


def french(text: str) -> str:
    """French spacing for plain text or HTML."""
    if not any(c in text for c in "?!;:«»"):
        return text
    return _PATTERN.sub(_fix, text)


def teach_pdf_fonts() -> None:
    """Let reportlab's standard fonts draw U+202F: they have no glyph for it, and print a black box.

    Each standard font gets a substitute (the same font, through a one-character encoding) that draws U+202F as
    the font's no-break space, so the PDFs keep their labels' French spacing. Registering twice changes nothing.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.rl_codecs import RL_Codecs

    global _pdf_fonts_taught
    if _pdf_fonts_taught:
        return
    _pdf_fonts_taught = True
    RL_Codecs.add_dynamic_codec(_PDF_ENCODING, {0x202F: 0xA0}, {0xA0: 0x202F})
    pdfmetrics.registerEncoding(pdfmetrics.Encoding(_PDF_ENCODING, "WinAnsiEncoding"))
    for name in pdfmetrics.standardFonts:
        if name in ("Symbol", "ZapfDingbats"):
            continue
        font = pdfmetrics.getFont(name)
        substitute = pdfmetrics.Font(f"{name}-nnbsp", name, _PDF_ENCODING)
        pdfmetrics.registerFont(substitute)
        font.substitutionFonts = [*font.substitutionFonts, substitute]


_PDF_ENCODING = "shopnnbsp"
_pdf_fonts_taught = False
