"""The publisher's dashboard: overview, orders list, order detail."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Blueprint, abort, g, render_template, request
from flask.typing import ResponseReturnValue

from shop.catalog.models import EditionFormat
from shop.core.db import utcnow
from shop.core.i18n import back_office_language, keep_back_office_language
from shop.core.security import protect
from shop.dashboard import stats
from shop.dashboard.chart import point_label, revenue_svg
from shop.dashboard.figures import PERIODS, figures
from shop.dashboard.queries import PER_PAGE, OrderFilters
from shop.dashboard.todo import todo
from shop.downloads.models import DownloadGrant, EbookCopy
from shop.extensions import db
from shop.invoices.models import Invoice
from shop.invoices.views import invoice_token
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from shop.outbox.models import OutboxEmail
from shop.settings import store as settings_store
from shop.shipping.carriers import CARRIERS

bp = protect(Blueprint("dashboard", __name__, url_prefix="/tableau-de-bord"), "publisher")


bp.before_request(back_office_language)
bp.url_defaults(keep_back_office_language)


@bp.get("/")
def overview() -> ResponseReturnValue:
    now = utcnow()
    today = dt.datetime.combine(now.date(), dt.time(), tzinfo=dt.UTC)
    chosen = figures(request.args.get("period", "30d"))
    periods = [stats.period("today", today), stats.period("all", None)]
    return render_template(
        "dashboard/overview.html", periods=periods, figures=chosen, period_keys=list(PERIODS),
        chart=revenue_svg(chosen.series, g.lang, chosen.monthly), point_label=point_label, low_stock=stats.low_stock(settings_store.low_stock_threshold()),
        todo=todo(), formats=list(EditionFormat),
    )  # fmt: skip


@bp.get("/commandes")
def orders() -> ResponseReturnValue:
    filters = OrderFilters.parse(request.args)
    rows = db.session.scalars(filters.page_query()).all()
    return render_template(
        "dashboard/orders.html", orders=rows[:PER_PAGE], has_next=len(rows) > PER_PAGE, filters=filters,
        statuses=list(OrderStatus), formats=list(EditionFormat),
    )  # fmt: skip


@bp.get("/commandes/<int:order_id>")
def order(order_id: int) -> ResponseReturnValue:
    found = db.session.get(Order, order_id) or abort(404)
    line_ids = [line.id for line in found.lines]
    grants = (
        db.session.scalars(sa.select(DownloadGrant).where(DownloadGrant.order_line_id.in_(line_ids))).all()
        if line_ids
        else []
    )
    copies = (
        db.session.scalars(sa.select(EbookCopy).where(EbookCopy.order_line_id.in_(line_ids))).all()
        if line_ids
        else []
    )
    emails = db.session.scalars(
        sa.select(OutboxEmail).filter_by(order_id=found.id).order_by(OutboxEmail.id)
    ).all()
    found_invoices = db.session.scalars(
        sa.select(Invoice).filter_by(order_id=found.id).order_by(Invoice.id)
    ).all()
    invoices = [(invoice, invoice_token(invoice)) for invoice in found_invoices]
    return render_template(
        "dashboard/order.html", order=found, grants=grants, copies=copies, emails=emails, invoices=invoices,
        carriers=CARRIERS,
    )  # fmt: skip
