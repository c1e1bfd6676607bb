"""/<lang>/commande/<token>/kindle: the Send to Kindle form of an order (also shown on the order page)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from shop.checkout.tokens import order_from_token
from shop.checkout.views import bp
from shop.extensions import db, limiter
from shop.reading.forms import KindleForm
from shop.reading.kindle import KindleRefused, can_send, send_to_kindle, sender_address


def _order_key() -> str:
    return "kindle:" + str((request.view_args or {}).get("token", ""))[:200]


@bp.route("/commande/<token>/kindle", methods=["GET", "POST"])
@limiter.limit("5 per hour", key_func=_order_key, methods=["POST"])
@limiter.limit("20 per hour", methods=["POST"])
def send_to_kindle_page(token: str) -> ResponseReturnValue:
    order = order_from_token(token)
    form = KindleForm()
    refusal = None
    if request.method == "POST" and form.validate():
        try:
            send_to_kindle(order, form.address(), request.remote_addr)
        except KindleRefused as exc:
            db.session.rollback()
            refusal = str(exc)
        else:
            db.session.commit()
            flash(_("Your EPUB is on its way to %(address)s. It appears in your Kindle library within a few minutes.",
                    address=form.address()), "notice")  # fmt: skip
            return redirect(url_for("checkout.success", token=token), code=303)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "reading/kindle.html", order=order, token=token, form=form, refusal=refusal,
        available=can_send(order), sender=sender_address(),
    ), status  # fmt: skip
