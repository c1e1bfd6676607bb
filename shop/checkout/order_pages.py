"""The buyer's order pages: success (status), cancel, and the labelled test payment page."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from shop.checkout import cart
from shop.checkout.tokens import order_from_token
from shop.checkout.views import bp, require_test_mode
from shop.core import parsing
from shop.extensions import db
from shop.orders import actions
from shop.orders.models import PaymentProvider, shipping_column_sizes
from shop.orders.states import OrderStatus
from shop.payments.gateway import PaymentProviderError, get_gateway


@bp.get("/commande/<token>")
def success(token: str) -> ResponseReturnValue:
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
    return render_template("checkout/order.html", order=order)


@bp.get("/commande/<token>/annulee")
def cancel(token: str) -> ResponseReturnValue:
    order = order_from_token(token)
    return render_template("checkout/canceled.html", order=order)


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
