"""The to-ship queue: print packing slips and labels for a selection, ship several orders, import tracking numbers."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from shop.catalog.models import Publisher
from shop.dashboard.views import bp
from shop.extensions import db
from shop.orders.models import Order
from shop.shipping import bulk, queue, slips
from shop.shipping.carriers import CARRIERS, find

MAX_CSV_BYTES = 1024 * 1024


QUEUE_PAGE = 50


def _seller() -> Publisher | None:
    return db.session.scalars(sa.select(Publisher).order_by(Publisher.id)).first()


def _selected() -> list[int]:
    raw = request.form.getlist("order")
    return [int(v) for v in raw[:500] if v.isascii() and v.isdigit() and len(v) < 10]


def _pdf(data: bytes, name: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _report(report: bulk.Report) -> None:
    if report.shipped:
        flash(ngettext("%(num)d order marked as shipped; each buyer is told by e-mail.",
                       "%(num)d orders marked as shipped; each buyer is told by e-mail.", len(report.shipped)), "info")  # fmt: skip
    if report.skipped:
        flash(_("Not shipped (no tracking number, or nothing left to ship): %(orders)s",
                orders=", ".join(report.skipped)), "error")  # fmt: skip
    if report.unknown:
        flash(_("Unknown order numbers: %(orders)s", orders=", ".join(report.unknown[:50])), "error")


@bp.get("/a-expedier")
def to_ship() -> ResponseReturnValue:
    # A page of the oldest: a day's parcels for a small publisher, and quick however long the queue
    # (bench/dashboard.py: 100 rows took twice as long to render, over 50 ms on a shared machine).
    orders = queue.to_ship(QUEUE_PAGE + 1)
    return render_template(
        "dashboard/to_ship.html", orders=orders[:QUEUE_PAGE], more=len(orders) > QUEUE_PAGE, carriers=CARRIERS
    )


@bp.post("/a-expedier")
def ship_selection() -> ResponseReturnValue:
    ids = _selected()
    action = request.form.get("action")
    if not ids:
        flash(_("Tick at least one order."), "error")
    elif action in ("slips", "labels"):
        orders = db.session.scalars(
            sa.select(Order).where(Order.id.in_(ids)).order_by(Order.paid_at, Order.id)
        ).all()
        if action == "slips":
            return _pdf(slips.packing_slips(orders, _seller()), "bordereaux.pdf")
        return _pdf(slips.address_labels(orders, _seller()), "etiquettes.pdf")
    elif action == "ship":
        carrier = find(request.form.get("carrier")) or abort(400)
        tracking = {i: (request.form.get(f"tracking-{i}") or "")[:80] for i in ids}
        _report(bulk.ship_many(tracking, carrier, f"user:{current_user.id}"))
        db.session.commit()
    else:
        abort(400)
    return redirect(url_for("dashboard.to_ship"), code=303)


@bp.post("/a-expedier/import")
def import_tracking() -> ResponseReturnValue:
    upload = request.files.get("file")
    carrier = find(request.form.get("carrier")) or abort(400)
    data = upload.read(MAX_CSV_BYTES + 1) if upload else b""
    if not data or len(data) > MAX_CSV_BYTES:
        flash(_("Choose a CSV file of at most 1 MB."), "error")
    else:
        _report(bulk.import_csv(data, carrier, f"user:{current_user.id}"))
        db.session.commit()
    return redirect(url_for("dashboard.to_ship"), code=303)


@bp.get("/commandes/<int:order_id>/bordereau.pdf")
def packing_slip(order_id: int) -> ResponseReturnValue:
    order = db.session.get(Order, order_id) or abort(404)
    return _pdf(slips.packing_slips([order], _seller()), f"bordereau-{order.number}.pdf")


@bp.get("/commandes/<int:order_id>/etiquette.pdf")
def address_label(order_id: int) -> ResponseReturnValue:
    order = db.session.get(Order, order_id) or abort(404)
    return _pdf(slips.address_labels([order], _seller()), f"etiquette-{order.number}.pdf")
