"""The publisher moderates review-copy requests on the dashboard."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from shop.core.db import utcnow
from shop.dashboard.views import bp
from shop.extensions import db
from shop.press.models import RequestStatus, ReviewCopyRequest


@bp.get("/presse/exemplaires")
def review_copies() -> ResponseReturnValue:
    rows = db.session.scalars(
        sa.select(ReviewCopyRequest)
        .order_by(ReviewCopyRequest.status != RequestStatus.PENDING, ReviewCopyRequest.id.desc())
        .limit(200)
    ).all()
    return render_template("press/dashboard.html", requests=rows)


@bp.post("/presse/exemplaires/<int:request_id>")
def decide_review_copy(request_id: int) -> ResponseReturnValue:
    found = db.session.get(ReviewCopyRequest, request_id) or abort(404)
    decision = request.form.get("decision")
    if decision not in (RequestStatus.APPROVED.value, RequestStatus.DECLINED.value):
        abort(400)
    found.status = RequestStatus(decision)
    found.decided_at = utcnow()
    db.session.commit()
    return redirect(url_for("dashboard.review_copies"), code=303)
