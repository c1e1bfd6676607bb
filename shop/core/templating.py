"""Jinja filters and globals: money, dates, translated fields, markdown, language switch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from flask import Flask, g, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import lazy_gettext as _l

from shop.catalog.models import EditionFormat
from shop.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translated
from shop.core.isbn import format_isbn13
from shop.core.markdown import render_markdown
from shop.core.media import image_size
from shop.core.money import format_money, format_rate
from shop.core.urls import safe_href
from shop.editorial.models import ReviewCategory
from shop.public.structured import as_script


def current_lang() -> str:
    return str(g.get("lang") or get_locale() or DEFAULT_LANGUAGE)


def money(cents: int, currency: str = "EUR") -> str:
    return format_money(cents, currency, current_lang())


def rate(rate_bp: int) -> str:
    return format_rate(rate_bp, current_lang())


def long_date(value: dt.date | None) -> str:
    return format_date(value, format="long") if value else ""


def tr(value: Mapping[str, str] | None) -> str:
    return translated(value, current_lang())


LOCALISED_BLUEPRINTS = ("public.", "checkout.", "events.", "mailing.", "press.")
BACK_OFFICE_BLUEPRINTS = ("dashboard.", "authors_area.")


def switch_language_url(lang: str) -> str:
    """The same page in another language, keeping the query string."""
    # The public blueprint pops "lang" from view_args, so the endpoint tells us the page is a localised one.
    if (
        request.endpoint
        and request.endpoint.startswith(LOCALISED_BLUEPRINTS)
        and request.view_args is not None
    ):
        # The path's own values win over a query argument of the same name (?slug=... must not rewrite the link).
        args: dict[str, Any] = {**request.args.to_dict(), **request.view_args, "lang": lang}
        return url_for(request.endpoint, **args)
    if request.endpoint and request.endpoint.startswith(BACK_OFFICE_BLUEPRINTS) and request.method == "GET":
        # The back office takes its language from ?lang=, the same page in the other language.
        return url_for(
            request.endpoint, **{**request.args.to_dict(), **(request.view_args or {}), "lang": lang}
        )
    return url_for("public.home", lang=lang)


CATEGORY_LABELS = {
    ReviewCategory.PRESS: _l("Press"),
    ReviewCategory.BLOG: _l("Blogs"),
    ReviewCategory.RADIO_TV: _l("Radio and TV"),
    ReviewCategory.BOOKSELLER: _l("Booksellers"),
}


FORMAT_LABELS = {
    EditionFormat.PRINT: _l("Print edition"),
    EditionFormat.EBOOK: _l("E-book (EPUB and PDF)"),
    EditionFormat.BUNDLE: _l("Print + e-book"),
}


def format_label(fmt: EditionFormat | str) -> str:
    return str(FORMAT_LABELS[EditionFormat(fmt)])


def category_label(category: ReviewCategory | str) -> str:
    return str(CATEGORY_LABELS.get(ReviewCategory(category), category))


def register(app: Flask) -> None:
    from shop.dashboard.labels import GLOBALS as LABELS
    from shop.dashboard.timeline import sentence as event_sentence
    from shop.orders.attention import label as attention_label

    app.jinja_env.globals["attention_label"] = attention_label
    app.jinja_env.globals["event_sentence"] = event_sentence
    app.jinja_env.globals.update(LABELS)
    app.jinja_env.filters.update(money=money, rate=rate, long_date=long_date, tr=tr, markdown=render_markdown)
    app.jinja_env.filters["isbn"] = format_isbn13
    app.jinja_env.filters["jsonld"] = as_script
    app.jinja_env.filters["safe_href"] = safe_href
    app.jinja_env.globals.update(
        current_lang=current_lang,
        switch_language_url=switch_language_url,
        LANGUAGES=LANGUAGES,
        category_label=category_label,
        format_label=format_label,
        image_size=image_size,
    )
