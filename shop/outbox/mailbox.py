"""The development mailbox: with no MAIL_SERVER, read what the shop would have sent, links included."""

from __future__ import annotations

import ipaddress

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from shop.core.headers import CONTENT_SECURITY_POLICY
from shop.extensions import db
from shop.outbox.delivery import DEV_MAILBOX_ENVS
from shop.outbox.models import EmailStatus, OutboxEmail

bp = Blueprint("mailbox", __name__, url_prefix="/dev/mailbox")


@bp.before_request
def development_only() -> None:
    """The mailbox holds password-reset links: only the developer's own machine may read it. Behind a proxy the
    address is the proxy's unless TRUSTED_PROXIES is set, so a proxied request is refused too (X-Forwarded-For)."""
    if current_app.config["SHOP_ENV"] not in DEV_MAILBOX_ENVS or current_app.config.get("MAIL_SERVER"):
        abort(404)
    if not _is_loopback(request.remote_addr) or "X-Forwarded-For" in request.headers:
        abort(404)


def _is_loopback(address: str | None) -> bool:
    try:
        return ipaddress.ip_address(address or "").is_loopback
    except ValueError:
        return False


@bp.after_request
def email_styles(response: Response) -> Response:
    """E-mails need inline styles (mail clients ignore stylesheets); the shop's own pages do not get them."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "style-src 'self'", "style-src 'self' 'unsafe-inline'"
    )
    return response


@bp.get("/")
def inbox() -> ResponseReturnValue:
    emails = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(100)).all()
    return render_template("outbox/mailbox.html", emails=emails, sent=EmailStatus.SENT)


@bp.get("/<int:email_id>")
def message(email_id: int) -> ResponseReturnValue:
    email = db.session.get(OutboxEmail, email_id) or abort(404)
    return render_template("outbox/message.html", email=email)
