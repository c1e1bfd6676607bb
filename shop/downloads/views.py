"""GET /d/<token> serves the buyer's stamped copy; /<lang>/liens sends fresh links to a buyer who asks."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import Email, InputRequired, Length

from shop.core.parsing import HtmlForm, no_control_chars
from shop.downloads import copies, grants
from shop.downloads.models import MIME_TYPES, CopyStatus, EbookCopy
from shop.downloads.storage import storage
from shop.extensions import db, limiter
from shop.orders.models import Order
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.enqueue import enqueue
from shop.public.views import localised

bp = Blueprint("downloads", __name__)
lang_bp = localised(Blueprint("downloads_lang", __name__, url_prefix="/<lang>"))
DELIVERABLE = (
    OrderStatus.PAID,
    OrderStatus.PARTIALLY_FULFILLED,
    OrderStatus.FULFILLED,
    OrderStatus.PARTIALLY_REFUNDED,
)


class FreshLinksForm(HtmlForm):
    email = EmailField(
        _l("The e-mail address you used to order"),
        validators=[InputRequired(_l("Please give your e-mail address.")), no_control_chars, Length(max=254),
                    Email(_l("This e-mail address is not valid."))],
    )  # fmt: skip


def _gone(lang: str) -> ResponseReturnValue:
    g.lang = lang
    return render_template("downloads/gone.html", form=FreshLinksForm()), 410


@bp.get("/d/<token>")
def download(token: str) -> ResponseReturnValue:
    grant = grants.find(token) if len(token) < 100 else None
    if grant is None:
        return _gone(request.accept_languages.best_match(["fr", "en"]) or "fr")
    order = grant.order_line.order
    copy = db.session.scalars(
        sa.select(EbookCopy).filter_by(order_line_id=grant.order_line_id, format=grant.format)
    ).first()
    if copy is None:
        copies.schedule(grant.order_line)
        db.session.commit()
        copy = db.session.scalars(
            sa.select(EbookCopy).filter_by(order_line_id=grant.order_line_id, format=grant.format)
        ).one()
    if copy.status != CopyStatus.READY and not copies.stamp(copy):
        g.lang = order.locale
        return render_template("downloads/preparing.html"), 503, {"Retry-After": "60"}
    if not grants.consume(grant, request.remote_addr):
        db.session.rollback()
        return _gone(order.locale)
    db.session.commit()
    filename = f"le-community-management-{order.number}.{grant.format.value}"
    accel = current_app.config.get("X_ACCEL_REDIRECT_PREFIX")
    if accel and copy.storage_key:
        # The proxy streams the file; the app only authorised it.
        response = Response(status=200, mimetype=MIME_TYPES[grant.format])
        response.headers["X-Accel-Redirect"] = f"{accel.rstrip('/')}/{copy.storage_key}"
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = send_file(storage().path(copy.storage_key or ""), mimetype=MIME_TYPES[grant.format],
                             as_attachment=True, download_name=filename)  # fmt: skip
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _email_key() -> str:
    return "links:" + (request.form.get("email") or "").strip().lower()


@lang_bp.route("/liens", methods=["GET", "POST"])
@limiter.limit("5 per hour", key_func=_email_key, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def fresh_links() -> ResponseReturnValue:
    form = FreshLinksForm()
    if request.method == "POST" and form.validate():
        send_fresh_links((form.email.data or "").strip().lower())
        db.session.commit()
        # The same answer whether or not the address has orders: nothing to learn about who bought what.
        return redirect(url_for("downloads_lang.fresh_links", sent=1), code=303)
    return render_template("downloads/fresh_links.html", form=form, sent=request.args.get("sent") == "1")


def send_fresh_links(email: str) -> int:
    orders = db.session.scalars(
        sa.select(Order).where(
            sa.func.lower(Order.email) == email,
            Order.status.in_(DELIVERABLE),
            Order.payment_status != PaymentStatus.REFUNDED,
        )
    ).all()
    issued = []
    for order in orders:
        for line in grants.ebook_lines(order):
            issued += grants.issue(line)
    # Always one outbox row: a stranger's request costs the same work as a buyer's, so the answer's timing says
    # nothing about who bought; and someone who ordered under another address learns to try that one.
    if issued:
        enqueue("fresh_links", email, orders[-1].locale, f"fresh-links:{uuid.uuid4().hex}",
                {"grant_ids": [x.id for x in issued]})  # fmt: skip
    else:
        enqueue("fresh_links_none", email, str(g.get("lang") or "fr"), f"fresh-links:{uuid.uuid4().hex}")
    return len(issued)
