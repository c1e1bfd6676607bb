"""The buyer's order pages: success (status), cancel, and the labelled test payment page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from shop.checkout import cart
from shop.checkout.order_state import CLOSED, order_view
from shop.checkout.tokens import order_from_token
from shop.checkout.views import bp, require_test_mode
from shop.core import parsing
from shop.downloads import grants
from shop.extensions import db, limiter
from shop.orders import actions
from shop.orders.models import PaymentProvider, shipping_column_sizes
from shop.orders.states import OrderStatus
from shop.outbox.enqueue import enqueue
from shop.payments.gateway import PaymentProviderError, get_gateway


@bp.get("/commande/<token>")
def success(token: str) -> ResponseReturnValue:
    """The one page per order (the thank-you page after payment, and the signed link in every e-mail)."""
    order = order_from_token(token)
    if order.status == OrderStatus.PENDING:
        try:
            # Whichever comes first, this page or the webhook, fulfils; the other is a logged no-op.
            get_gateway(order.payment_provider).confirm(order, parsing.arg_text("session_id", 255))
            db.session.commit()
        except PaymentProviderError:
            db.session.rollback()  # the webhook will do it; the page refreshes itself meanwhile
    if order.status != OrderStatus.PENDING:
        cart.clear()
    return render_template("checkout/order.html", order=order, view=order_view(order), token=token)


@bp.post("/commande/<token>/liens")
@limiter.limit("5 per hour", key_func=lambda: "order-links:" + request.path)
def fresh_links(token: str) -> ResponseReturnValue:
    """New download links for this order's e-books, shown on the page and sent by e-mail."""
    order = order_from_token(token)
    view = order_view(order)
    if view.can_ask_fresh_links:
        issued = [grant for line in grants.ebook_lines(order) for grant in grants.issue(line)]
        enqueue("fresh_links", order.email, order.locale, f"order-fresh-links:{order.id}:{issued[0].id}",
                {"grant_ids": [grant.id for grant in issued]}, order_id=order.id)  # fmt: skip
        db.session.commit()
        flash(_("Fresh links are below, and on their way to %(email)s.", email=order.email), "notice")
    return redirect(url_for("checkout.success", token=token), code=303)


@bp.get("/commande/<token>/annulee")
def cancel(token: str) -> ResponseReturnValue:
    """Where Stripe sends a buyer who leaves its page without paying. The payment may still have gone through
    (a late click, a slow bank), so the page says only what we know, and a paid order goes to its own page."""
    order = order_from_token(token)
    if order.status not in (OrderStatus.PENDING, *CLOSED):
        return redirect(url_for("checkout.success", token=token), code=303)
    return render_template("checkout/canceled.html", order=order, view=order_view(order))


@bp.route("/paiement-test/<token>", methods=["GET", "POST"])
def test_payment(token: str) -> ResponseReturnValue:
    require_test_mode()
    order = order_from_token(token)
    if order.payment_provider != PaymentProvider.TEST:
        return redirect(url_for("checkout.success", token=token))
    if request.method == "POST":
        if request.form.get("action") == "pay":
            actions.mark_paid(order, "test-mode", payment_intent_id=f"test_pi_{order.id}",
                              buyer_name=parsing.form_text("name", 200), shipping=_test_address(order))  # fmt: skip
            db.session.commit()
            return redirect(url_for("checkout.success", token=token), code=303)
        actions.cancel_order(order, "test-mode", "canceled_by_buyer")
        db.session.commit()
        return redirect(url_for("checkout.cancel", token=token), code=303)
    return render_template("checkout/test_payment.html", order=order, token=token)


def _test_address(order: object) -> dict[str, str | None] | None:
    if not request.form.get("line1"):
        return None
    return {key: parsing.form_text(key, size) or None for key, size in shipping_column_sizes().items()}
