"""Values computed when an e-mail is rendered: the order, the book and its publisher, fresh URLs, download links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from babel import Locale
from flask import current_app, url_for
from flask_babel import format_date

from shop.catalog.models import Book, Publisher
from shop.downloads.grants import link_for
from shop.downloads.models import DownloadGrant, EbookFormat
from shop.extensions import db
from shop.orders.models import Order
from shop.outbox.models import OutboxEmail


def build(email: OutboxEmail) -> dict[str, Any]:
    base = current_app.config["SHOP_BASE_URL"]
    book = db.session.scalars(sa.select(Book).order_by(Book.id).limit(1)).first()
    context: dict[str, Any] = {
        "publisher": db.session.scalars(sa.select(Publisher).order_by(Publisher.id)).first(),
        "book": book,
        "cover": _cover(base, book),
        "shop_url": base + url_for("public.home", lang=email.locale),
        "fresh_links_url": base + url_for("downloads_lang.fresh_links", lang=email.locale),
        "reading_help_url": base + url_for("public.reading_help", lang=email.locale),
        "number": "",
    }
    if email.order_id:
        from shop.invoices.numbering import invoice_for
        from shop.invoices.views import invoice_token

        order = db.session.get(Order, email.order_id)
        if order is not None:
            invoice = invoice_for(order)
            context.update(
                order=order, number=order.number, status_url=order_page_url(order),
                invoice_url=base + url_for("invoices.invoice_page", token=invoice_token(invoice)) if invoice else None,
                dashboard_url=base + url_for("dashboard.order", order_id=order.id),
                shipping_country=_country_name(order.shipping_country, email.locale),
            )  # fmt: skip
    if email.context.get("sent_on"):  # an ISO date kept in the row: written out in the reader's language
        context["sent_on"] = format_date(dt.date.fromisoformat(email.context["sent_on"]), format="long")
    grant_ids = email.context.get("grant_ids") or []
    if grant_ids:
        found = db.session.scalars(
            sa.select(DownloadGrant).where(DownloadGrant.id.in_(grant_ids)).order_by(DownloadGrant.id)
        )
        context["link_groups"] = link_groups(found)
    return context


def order_page_url(order: Order) -> str:
    """The buyer's one page per order (signed, no login), in the order's language."""
    from shop.checkout.tokens import order_token

    return current_app.config["SHOP_BASE_URL"] + url_for(
        "checkout.success", lang=order.locale, token=order_token(order)
    )


def _country_name(code: str | None, locale: str) -> str:
    """A country as a reader names it ("France", not "FR")."""
    return str(Locale.parse(locale).territories.get(code or "", code or ""))


def _cover(base: str, book: Book | None) -> dict[str, Any] | None:
    """An absolute URL (mail clients have no base URL) and a size that keeps the cover's proportions."""
    if book is None or not book.cover:
        return None
    width = 72
    height = (
        round(width * book.cover_height / book.cover_width) if book.cover_width and book.cover_height else 0
    )
    return {
        "url": base + url_for("media.media", filename=book.cover),
        "width": width,
        "height": height or None,
    }


def link_groups(found: Iterable[DownloadGrant]) -> list[dict[str, Any]]:
    """One group per order line (EPUB then PDF), each with its order's page: a request for fresh links made from
    the site may cover several orders."""
    groups: dict[int, dict[str, Any]] = {}
    for grant in found:
        line = grant.order_line
        group = groups.setdefault(line.id, {
            "title": line.description, "order_number": line.order.number, "order_url": order_page_url(line.order),
            "links": [], "expires_at": grant.expires_at, "max_downloads": grant.max_downloads,
        })  # fmt: skip
        group["links"].append({"format": grant.format.value, "url": link_for(grant)})
        group["expires_at"] = min(group["expires_at"], grant.expires_at, key=_aware)
    order = list(EbookFormat)
    for group in groups.values():
        group["links"].sort(key=lambda link: order.index(EbookFormat(link["format"])))
    return list(groups.values())


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
