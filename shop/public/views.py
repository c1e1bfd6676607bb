"""Reader-facing pages. Every public URL carries its language: /fr/... or /en/..."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from shop.catalog.models import EditionFormat
from shop.core.i18n import LANGUAGES, best_language
from shop.public import queries, structured
from shop.public.caching import make_cacheable

root_bp = Blueprint("root", __name__)
bp = Blueprint("public", __name__, url_prefix="/<lang>")


@root_bp.get("/")
def index() -> ResponseReturnValue:
    response = redirect(url_for("public.home", lang=best_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


def pull_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    lang = (values or {}).pop("lang", None)
    if lang not in LANGUAGES:
        g.lang = best_language()
        abort(404)
    g.lang = lang


def add_lang(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


def localised(blueprint: Blueprint) -> Blueprint:
    """Every URL of `blueprint` starts with /<lang>/ and sets g.lang; unknown languages are a 404."""
    blueprint.url_value_preprocessor(pull_lang)
    blueprint.url_defaults(add_lang)
    return blueprint


localised(bp)


@bp.after_request
def cacheable(response: Response) -> Response:
    return make_cacheable(response)


@bp.get("/")
def home() -> ResponseReturnValue:
    book = queries.the_book(full=True)
    return render_template(
        "public/home.html",
        book=book,
        print_edition=book.edition(EditionFormat.PRINT),
        ebook_edition=book.edition(EditionFormat.EBOOK),
        bundle_edition=book.edition(EditionFormat.BUNDLE),
        reviews=queries.latest_reviews(),
        interview=queries.latest_interview(),
        jsonld=structured.book_jsonld(book),
    )


@bp.get("/auteurs/")
def authors() -> ResponseReturnValue:
    return render_template("public/authors.html", authors=queries.authors(), book=queries.the_book())


@bp.get("/auteurs/<slug>")
def author(slug: str) -> ResponseReturnValue:
    person = queries.author_or_404(slug)
    return render_template(
        "public/author.html", author=person, interviews=queries.interviews_of(person), book=queries.the_book()
    )
