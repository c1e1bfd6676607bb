"""The publisher's actions on an order: each a POST through the order actions, confirmed when irreversible."""

from __future__ import annotations

import uuid

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.core import parsing
from shop.dashboard.views import bp
from shop.downloads import copies as copies_mod
from shop.downloads import grants
from shop.downloads.models import DownloadGrant, EbookCopy
from shop.extensions import db
from shop.orders import actions, refunds
from shop.orders.models import Order
from shop.orders.states import OrderStatus, can_transition
from shop.outbox.enqueue import enqueue, retry_email
from shop.outbox.models import OutboxEmail
from shop.payments.gateway import PaymentProviderError, get_gateway
from shop.shipping import carriers


def _order(order_id: int) -> Order:
    return db.session.get(Order, order_id) or abort(404)


def _actor() -> str:
    return f"user:{current_user.id}"


def _back(order: Order) -> ResponseReturnValue:
    return redirect(url_for("dashboard.order", order_id=order.id), code=303)


@bp.post("/commandes/<int:order_id>/expedier")
def ship(order_id: int) -> ResponseReturnValue:
    order = _order(order_id)
    carrier = parsing.form_text("carrier", 80)
    tracking = parsing.form_text("tracking_number", 80)
    url = parsing.form_text("tracking_url", 500) or None
    if not carrier or not tracking:
        flash(_("Give the carrier and the tracking number."), "error")
    elif url and not url.startswith(("https://", "http://")):
        flash(_("The tracking link must start with https://."), "error")
    elif not can_transition(order.status, OrderStatus.FULFILLED):
        flash(_("Only a paid order can be shipped."), "error")
    elif not order.copies_to_ship:
        flash(_("This order has nothing to ship."), "error")
    else:
        known = carriers.find(carrier)  # a known carrier gives its name and its tracking page
        if known is not None:
            carrier, url = known.name, url or known.tracking_url(tracking)
        actions.mark_shipped(order, _actor(), carrier, tracking, url)
        db.session.commit()
        flash(_("Marked as shipped; the buyer is told by e-mail."), "info")
    return _back(order)


@bp.post("/commandes/<int:order_id>/rembourser")
def refund(order_id: int) -> ResponseReturnValue:
    order = _order(order_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the confirmation box: a refund cannot be undone."), "error")
        return _back(order)
    try:
        quantities = {
            line.id: quantity for line in order.lines
            if (quantity := parsing.parse_int(request.form.get(f"line-{line.id}") or "0", maximum=line.quantity)) > 0
        }  # fmt: skip
    except parsing.BadValue as exc:
        flash(str(exc), "error")
        return _back(order)
    try:
        pending = refunds.request(order, _actor(), quantities or None)
    except refunds.NothingToRefund:
        db.session.rollback()
        flash(_("Nothing left to refund on these lines."), "error")
        return _back(order)
    # The request is durable before Stripe hears of it, and no lock is held while Stripe answers: a
    # charge.refunded webhook arriving first completes this same request instead of counting the money twice.
    db.session.commit()
    try:
        provider_id = get_gateway(order.payment_provider).refund(order, pending)
    except PaymentProviderError as exc:
        db.session.rollback()
        refunds.fail(pending, _actor(), str(exc))
        db.session.commit()
        flash(
            _("The payment service refused or is unreachable; nothing was refunded. Try again later."),
            "error",
        )
        return _back(order)
    refunds.record(pending, provider_id, _actor())
    db.session.commit()
    flash(_("Refund recorded; the buyer is told by e-mail."), "info")
    return _back(order)


@bp.post("/commandes/<int:order_id>/liens")
def resend_links(order_id: int) -> ResponseReturnValue:
    order = _order(order_id)
    issued = [g for line in grants.ebook_lines(order) for g in grants.issue(line)]
    if issued:
        enqueue("fresh_links", order.email, order.locale, f"resend-links:{order.id}:{uuid.uuid4().hex}",
                {"grant_ids": [g.id for g in issued]}, order_id=order.id)  # fmt: skip
        actions.event(order, "links_resent", _actor())
        db.session.commit()
        flash(_("Fresh download links sent."), "info")
    return _back(order)


@bp.post("/liens/<int:grant_id>/remettre-a-zero")
def reset_grant(grant_id: int) -> ResponseReturnValue:
    grant = db.session.get(DownloadGrant, grant_id) or abort(404)
    grants.reset_count(grant)
    actions.event(grant.order_line.order, "download_count_reset", _actor(), grant=grant.id)
    db.session.commit()
    return _back(grant.order_line.order)


@bp.post("/commandes/<int:order_id>/note")
def note(order_id: int) -> ResponseReturnValue:
    order = _order(order_id)
    text = parsing.form_text("text", 2000, multiline=True)
    if text:
        actions.add_note(order, _actor(), text)
        db.session.commit()
    return _back(order)


@bp.post("/emails/<int:email_id>/reessayer")
def retry(email_id: int) -> ResponseReturnValue:
    email = db.session.get(OutboxEmail, email_id) or abort(404)
    retry_email(email)
    db.session.commit()
    # Never the Referer: a forged header would make this an open redirect. The order page shows the message.
    if email.order_id is not None:
        return redirect(url_for("dashboard.order", order_id=email.order_id), code=303)
    return redirect(url_for("dashboard.overview"), code=303)


@bp.post("/exemplaires/<int:copy_id>/reessayer")
def retry_copy(copy_id: int) -> ResponseReturnValue:
    copy = db.session.get(EbookCopy, copy_id) or abort(404)
    copies_mod.retry_copy(copy)
    db.session.commit()
    return redirect(request.referrer or url_for("dashboard.overview"), code=303)
