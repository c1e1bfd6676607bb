"""schema.org JSON-LD for search engines: the Book with its editions, and each critic review."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup

from shop.catalog.models import Book, EditionFormat
from shop.editorial.models import PressReview

BOOK_FORMATS = {
    EditionFormat.PRINT: "https://schema.org/Paperback",
    EditionFormat.EBOOK: "https://schema.org/EBook",
}


def absolute(path: str) -> str:
    return current_app.config["SHOP_BASE_URL"] + path


def _person_list(book: Book) -> list[dict[str, str]]:
    return [{"@type": "Person", "name": a.name} for a in book.authors]


def book_jsonld(book: Book) -> dict[str, Any]:
    page = absolute(url_for("public.home"))
    editions = []
    for edition in book.editions:
        if not edition.active or edition.format not in BOOK_FORMATS:
            continue
        in_stock = edition.in_stock
        editions.append(
            {
                "@type": "Book",
                "bookFormat": BOOK_FORMATS[edition.format],
                "isbn": edition.isbn13,
                "inLanguage": book.language,
                "offers": {
                    "@type": "Offer",
                    "price": f"{edition.price_cents / 100:.2f}",
                    "priceCurrency": edition.currency,
                    "availability": "https://schema.org/" + ("InStock" if in_stock else "OutOfStock"),
                    "url": page,
                },
            }
        )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": book.title,
        "alternativeHeadline": book.subtitle.get(book.language, ""),
        "author": _person_list(book),
        "publisher": {"@type": "Organization", "name": book.publisher.name},
        "inLanguage": book.language,
        "url": page,
        "workExample": editions,
    }
    if book.published_on:
        data["datePublished"] = book.published_on.isoformat()
    if book.pages:
        data["numberOfPages"] = book.pages
    if book.cover:
        data["image"] = absolute(url_for("media.media", filename=book.cover))
    return data


def review_jsonld(review: PressReview, book: Book) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CriticReview",
        "name": review.title,
        "datePublished": review.published_on.isoformat(),
        "inLanguage": review.language,
        "publisher": {"@type": "Organization", "name": review.outlet},
        "itemReviewed": {"@type": "Book", "name": book.title, "author": _person_list(book)},
        "url": absolute(url_for("public.review", slug=review.slug)),
    }
    if review.reviewer:
        data["author"] = {"@type": "Person", "name": review.reviewer}
    if review.excerpt:
        data["reviewBody"] = review.excerpt
    if review.url:
        data["sameAs"] = review.url
    return data


def as_script(data: dict[str, Any]) -> Markup:
    """JSON safe to embed in <script>: "</" and friends are escaped so the data cannot close the tag."""
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return Markup(f'<script type="application/ld+json">{text}</script>')  # noqa: S704 - escaped above
