"""The publisher moderates review-copy requests on the dashboard; approving sends a free, watermarked e-book."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.core import parsing
from shop.dashboard.export import neutralise
from shop.dashboard.views import bp
from shop.editorial.models import PressReview
from shop.extensions import db
from shop.orders.models import Order
from shop.press import follow_up, review_copies
from shop.press.models import RequestStatus, ReviewCopyRequest


@bp.get("/presse/exemplaires")
def review_copies_list() -> ResponseReturnValue:
    rows = db.session.scalars(
        sa.select(ReviewCopyRequest)
        .order_by(ReviewCopyRequest.status != RequestStatus.PENDING, ReviewCopyRequest.id.desc())
        .limit(200)
    ).all()
    reviews = db.session.scalars(
        sa.select(PressReview).order_by(PressReview.published_on.desc()).limit(200)
    ).all()
    downloads = {r.id: follow_up.downloads_of(r) for r in rows if r.order_id is not None}
    return render_template("press/dashboard.html", requests=rows, reviews=reviews, downloads=downloads)


@bp.post("/presse/exemplaires/<int:request_id>/critique")
def link_review_copy(request_id: int) -> ResponseReturnValue:
    """The press review a copy led to, so the list shows who received, downloaded and reviewed."""
    found = db.session.get(ReviewCopyRequest, request_id) or abort(404)
    review_id = parsing.parse_id(request.form.get("review_id"))
    if not follow_up.link_review(found, review_id):
        abort(400)
    db.session.commit()
    return redirect(url_for("dashboard.review_copies_list"), code=303)


@bp.post("/presse/exemplaires/<int:request_id>")
def decide_review_copy(request_id: int) -> ResponseReturnValue:
    found = db.session.get(ReviewCopyRequest, request_id) or abort(404)
    decision = request.form.get("decision")
    if decision == RequestStatus.APPROVED.value:
        try:
            review_copies.approve(found, actor=f"user:{current_user.id}")
        except review_copies.NoEbook:
            db.session.rollback()
            flash(_("There is no active e-book edition to send."), "error")
            return redirect(url_for("dashboard.review_copies_list"), code=303)
        flash(_("Approved: the e-book links are on their way to %(email)s.", email=found.email), "info")
    elif decision == RequestStatus.DECLINED.value:
        review_copies.decline(found)
    else:
        abort(400)
    db.session.commit()
    return redirect(url_for("dashboard.review_copies_list"), code=303)


@bp.get("/presse/exemplaires.csv")
def review_copies_csv() -> ResponseReturnValue:
    """Review copies as such: free copies, apart from the sales (they have no invoice and no revenue)."""
    rows = db.session.scalars(
        sa.select(ReviewCopyRequest)
        .where(ReviewCopyRequest.status == RequestStatus.APPROVED)
        .order_by(ReviewCopyRequest.id)
    ).all()
    buffer = io.StringIO()
    buffer.write("\ufeff")  # UTF-8 with BOM, as the other exports
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Kind"), _("Approved on"), _("Name"), _("Outlet"), _("E-mail"), _("Order"), _("Downloads"),
                     _("Review")])  # fmt: skip
    for r in rows:
        review = db.session.get(PressReview, r.review_id) if r.review_id else None
        order = db.session.get(Order, r.order_id) if r.order_id else None
        cells = [_("Review copy (free)"), r.decided_at.date().isoformat() if r.decided_at else "", r.name, r.outlet,
                 r.email, order.number if order and order.number else "", str(follow_up.downloads_of(r)),
                 f"{review.outlet} · {review.title}" if review else ""]  # fmt: skip
        writer.writerow([neutralise(cell) for cell in cells])
    response = Response(buffer.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="exemplaires-presse.csv"'
    return response
