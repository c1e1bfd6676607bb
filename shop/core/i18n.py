"""Language selection: the URL prefix decides on public pages, Accept-Language elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from babel.support import NullTranslations
from flask import g, has_request_context, request
from flask_babel import Domain, get_locale, refresh

from shop.core.typography import french, teach_pdf_fonts

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


def current_language() -> str:
    """The language the current page or e-mail is written in (force_locale wins, as it does for messages)."""
    locale = get_locale() if has_request_context() or g else None
    return locale.language if locale is not None else str(g.get("lang") or DEFAULT_LANGUAGE)


def translated(value: Mapping[str, str] | None, lang: str | None = None) -> str:
    """Pick the text for `lang` from a {"fr": ..., "en": ...} field, falling back to French, then anything.

    The field may be Markdown: French spacing leaves its `code` spans and <autolinks> alone, and the Markdown
    renderer applies the same filter again, which changes nothing.
    """
    if not value:
        return ""
    lang = lang or select_locale()
    text = value.get(lang) or value.get(DEFAULT_LANGUAGE) or next(iter(value.values()), "")
    # Editorial text in French (asked for, or the fallback) is set with French typography, as messages are.
    return _french(text) if text and text == value.get("fr") else text


def back_office_language() -> None:
    """The back office is French unless `?lang=en` asks for English (a before_request hook)."""
    lang = request.args.get("lang")
    g.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    refresh()  # Flask-Babel caches the locale on g, which an enclosing app context (a CLI, a test) shares


def keep_back_office_language(endpoint: str, values: dict[str, object]) -> None:
    """A url_defaults hook: links, form actions and redirects keep `?lang=en` from page to page."""
    if g.get("lang") not in (None, DEFAULT_LANGUAGE) and "lang" not in values:
        values["lang"] = g.lang


@lru_cache(maxsize=4096)
def _french(message: str) -> str:
    return french(message)


class _FrenchCatalog:
    """A French catalogue whose every message comes out with French spacing; the rest is the catalogue's own."""

    def __init__(self, catalog: NullTranslations) -> None:
        self.catalog = catalog

    def __getattr__(self, name: str) -> Any:
        return getattr(self.catalog, name)

    def ugettext(self, message: str) -> str:
        return _french(self.catalog.ugettext(message))

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _french(self.catalog.ungettext(singular, plural, n))

    def upgettext(self, context: str, message: str) -> str:
        return _french(self.catalog.upgettext(context, message))

    def unpgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return _french(self.catalog.unpgettext(context, singular, plural, n))

    gettext, ngettext, pgettext, npgettext = ugettext, ungettext, upgettext, unpgettext


class TypographicDomain(Domain):
    """Flask-Babel's domain, with French typography on French messages.

    The one place every translated string passes through: `_()`, `lazy_gettext` and Jinja's `{{ _() }}` all ask
    the domain for its catalogue. The spacing is applied to the message before its %(placeholders)s are filled, so
    names, e-mail addresses and URLs put into it are never touched.
    """

    def __init__(self) -> None:
        super().__init__()
        self._french: dict[int, _FrenchCatalog] = {}

    def get_translations(self) -> Any:
        catalog = super().get_translations()
        locale = get_locale()
        if locale is None or locale.language != "fr":
            return catalog
        wrapped = self._french.get(id(catalog))
        if wrapped is None or wrapped.catalog is not catalog:
            wrapped = self._french[id(catalog)] = _FrenchCatalog(catalog)
        return wrapped


def install_typography() -> None:
    """Route every translation through TypographicDomain (Babel keeps one domain per extension object)."""
    from shop.extensions import babel

    if not isinstance(babel.__dict__.get("domain_instance"), TypographicDomain):
        babel.domain_instance = TypographicDomain()
    teach_pdf_fonts()  # the PDFs draw translated labels with the standard fonts, which lack U+202F


install_typography()
