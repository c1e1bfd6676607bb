"""Values computed when an e-mail is rendered: the order, the publisher, fresh URLs and download links."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for

from shop.catalog.models import Publisher
from shop.downloads.grants import link_for
from shop.downloads.models import DownloadGrant
from shop.extensions import db
from shop.orders.models import Order
from shop.outbox.models import OutboxEmail


def build(email: OutboxEmail) -> dict[str, Any]:
    base = current_app.config["SHOP_BASE_URL"]
    context: dict[str, Any] = {
        "publisher": db.session.scalars(sa.select(Publisher).order_by(Publisher.id)).first(),
        "shop_url": base + url_for("public.home", lang=email.locale),
        "fresh_links_url": base + url_for("downloads_lang.fresh_links", lang=email.locale),
        "number": "",
    }
    if email.order_id:
        from shop.checkout.tokens import order_token
        from shop.invoices.numbering import invoice_for
        from shop.invoices.views import invoice_token

        order = db.session.get(Order, email.order_id)
        if order is not None:
            invoice = invoice_for(order)
            context.update(
                order=order, number=order.number,
                status_url=base + url_for("checkout.success", lang=order.locale, token=order_token(order)),
                invoice_url=base + url_for("invoices.invoice_page", token=invoice_token(invoice)) if invoice else None,
                dashboard_url=base + url_for("dashboard.order", order_id=order.id),
            )  # fmt: skip
    grant_ids = email.context.get("grant_ids") or []
    if grant_ids:
        found = db.session.scalars(
            sa.select(DownloadGrant).where(DownloadGrant.id.in_(grant_ids)).order_by(DownloadGrant.id)
        )
        context["links"] = [
            {"format": g.format.value.upper(), "url": link_for(g), "title": g.order_line.description,
             "expires_at": g.expires_at, "max_downloads": g.max_downloads}
            for g in found
        ]  # fmt: skip
    return context
