"""sitemap.xml, robots.txt and the Atom feeds: published content only, in both languages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Response, current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from shop.core.i18n import LANGUAGES
from shop.extensions import db
from shop.public import queries
from shop.public.caching import make_cacheable, static_url
from shop.public.views import bp, root_bp


def _absolute(endpoint: str, **values: Any) -> str:
    return current_app.config["SHOP_BASE_URL"] + url_for(endpoint, **values)


def _entries() -> list[dict[str, Any]]:
    book = queries.the_book()
    book_date = book.updated_at.date()
    pages: list[tuple[str, dict[str, Any], dt.date]] = [
        ("public.home", {}, book_date),
        ("public.authors", {}, book_date),
        ("public.reviews", {}, book_date),
        ("public.interviews", {}, book_date),
        ("public.legal_notice", {}, book_date),
        ("public.terms", {}, book_date),
        ("public.privacy", {}, book_date),
        ("public.reading_help", {}, book_date),
        ("events.agenda", {}, book_date),
        ("press.kit", {}, book_date),
    ]
    pages += [("public.author", {"slug": a.slug}, a.updated_at.date()) for a in queries.authors()]
    reviews = db.session.scalars(queries.published_reviews()).all()
    pages += [("public.review", {"slug": r.slug}, r.updated_at.date()) for r in reviews]
    interviews = db.session.scalars(queries.published_interviews()).all()
    pages += [("public.interview", {"slug": i.slug}, i.updated_at.date()) for i in interviews]
    return [
        {
            "lastmod": lastmod.isoformat(),
            "urls": {lang: _absolute(endpoint, lang=lang, **values) for lang in LANGUAGES},
        }
        for endpoint, values, lastmod in pages
    ]


@root_bp.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    xml = render_template("seo/sitemap.xml", entries=_entries())
    return make_cacheable(Response(xml, mimetype="application/xml"))


@root_bp.get("/robots.txt")
def robots() -> ResponseReturnValue:
    body = "\n".join(
        [
            "User-agent: *",
            "Disallow: /tableau-de-bord/",
            "Disallow: /espace-auteur/",
            "Disallow: /d/",
            "Disallow: /webhooks/",
            f"Sitemap: {_absolute('root.sitemap')}",
            "",
        ]
    )
    return make_cacheable(Response(body, mimetype="text/plain"))


@root_bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    return redirect(static_url("img/favicon.svg"), code=301)


@bp.get("/feed.atom")
def feed() -> ResponseReturnValue:
    reviews = db.session.scalars(queries.published_reviews().limit(20)).all()
    interviews = db.session.scalars(queries.published_interviews().limit(20)).all()
    entries = [
        {"title": r.title, "url": _absolute("public.review", slug=r.slug), "updated": r.updated_at,
         "published": r.published_on, "author": r.reviewer or r.outlet, "summary": r.excerpt}
        for r in reviews
    ] + [
        {"title": i.title, "url": _absolute("public.interview", slug=i.slug), "updated": i.updated_at,
         "published": i.held_on, "author": i.interviewer or i.interviewees, "summary": i.introduction}
        for i in interviews
    ]  # fmt: skip
    entries.sort(key=lambda e: e["published"], reverse=True)
    updated = max((e["updated"] for e in entries), default=queries.the_book().updated_at)
    xml = render_template("seo/feed.xml", entries=entries, updated=updated, self_url=_absolute("public.feed"))
    return Response(xml, mimetype="application/atom+xml")
