"""Reader-facing pages. Every public URL carries its language: /fr/... or /en/..."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from shop.catalog.models import Book
from shop.core.i18n import LANGUAGES, best_language
from shop.extensions import db

root_bp = Blueprint("root", __name__)
bp = Blueprint("public", __name__, url_prefix="/<lang>")


@root_bp.get("/")
def index() -> ResponseReturnValue:
    response = redirect(url_for("public.home", lang=best_language()), code=302)
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.url_value_preprocessor
def pull_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    lang = (values or {}).pop("lang", None)
    if lang not in LANGUAGES:
        g.lang = best_language()
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_lang(endpoint: str, values: dict[str, Any]) -> None:
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang


def the_book() -> Book:
    book = db.session.scalars(sa.select(Book).order_by(Book.id).limit(1)).first()
    if book is None:
        abort(404)
    return book


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template("public/home.html", book=the_book())
