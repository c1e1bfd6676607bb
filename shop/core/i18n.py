"""Language selection: the URL prefix decides on public pages, Accept-Language elsewhere."""

from __future__ import annotations

from collections.abc import Mapping

from flask import g, has_request_context, request
from flask_babel import refresh

LANGUAGES: tuple[str, ...] = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def best_language() -> str:
    """The visitor's preferred language among ours, from Accept-Language."""
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE


def select_locale() -> str:
    lang = g.get("lang")
    if lang in LANGUAGES:
        return str(lang)
    if not has_request_context():  # CLI commands and workers: French unless told otherwise
        return DEFAULT_LANGUAGE
    # Also covers URLs that matched no route (a 404 under /en/ must be in English).
    prefix = request.path.strip("/").split("/", 1)[0]
    if prefix in LANGUAGES:
        return prefix
    return best_language()


def translated(value: Mapping[str, str] | None, lang: str | None = None) -> str:
    """Pick the text for `lang` from a {"fr": ..., "en": ...} field, falling back to French, then anything."""
    if not value:
        return ""
    lang = lang or select_locale()
    return value.get(lang) or value.get(DEFAULT_LANGUAGE) or next(iter(value.values()), "")


def back_office_language() -> None:
    """The back office is French unless `?lang=en` asks for English (a before_request hook)."""
    lang = request.args.get("lang")
    g.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    refresh()  # Flask-Babel caches the locale on g, which an enclosing app context (a CLI, a test) shares


def keep_back_office_language(endpoint: str, values: dict[str, object]) -> None:
    """A url_defaults hook: links, form actions and redirects keep `?lang=en` from page to page."""
    if g.get("lang") not in (None, DEFAULT_LANGUAGE) and "lang" not in values:
        values["lang"] = g.lang
