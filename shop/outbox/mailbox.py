"""The development mailbox: with no MAIL_SERVER, read what the shop would have sent, links included."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template
from flask.typing import ResponseReturnValue

from shop.extensions import db
from shop.outbox.models import EmailStatus, OutboxEmail

bp = Blueprint("mailbox", __name__, url_prefix="/dev/mailbox")


@bp.before_request
def development_only() -> None:
    if current_app.config["SHOP_ENV"] not in ("development", "testing") or current_app.config.get(
        "MAIL_SERVER"
    ):
        abort(404)


@bp.get("/")
def inbox() -> ResponseReturnValue:
    emails = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(100)).all()
    return render_template("outbox/mailbox.html", emails=emails, sent=EmailStatus.SENT)


@bp.get("/<int:email_id>")
def message(email_id: int) -> ResponseReturnValue:
    email = db.session.get(OutboxEmail, email_id) or abort(404)
    return render_template("outbox/message.html", email=email)
