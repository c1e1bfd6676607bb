"""The buyer's order pages: success (status), cancel, and the labelled test payment page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from shop.checkout import cart, pending
from shop.checkout.forms import TestPaymentForm
from shop.checkout.order_state import order_view
from shop.checkout.tokens import order_from_token
from shop.checkout.views import bp, require_test_mode
from shop.core import parsing
from shop.downloads import grants
from shop.extensions import db, limiter
from shop.orders import actions
from shop.orders.models import Order, PaymentProvider, shipping_column_sizes
from shop.orders.states import OrderStatus
from shop.outbox.enqueue import enqueue
from shop.payments.expiry import Outcome
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
        pending.forget(order)
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
    """Stripe's cancel link: the buyer came back without paying, so the copies go back to the stock now.

    Stripe closes the session first; had the buyer paid in another tab meanwhile, the order is fulfilled instead,
    and the page says only what we know (a paid order goes to its own page)."""
    order = order_from_token(token)
    try:
        outcome = pending.release(order, "buyer:cancel_page", "canceled_by_buyer")
    except PaymentProviderError as exc:
        db.session.rollback()  # Stripe unreachable: the order stays pending and the expiry command closes it later
        current_app.logger.warning("could not close the checkout of %s: %s", order.number, exc)
        outcome = None
    if outcome == Outcome.PAID or order.paid_at is not None:
        return redirect(url_for("checkout.success", token=token), code=303)
    return render_template("checkout/canceled.html", order=order, view=order_view(order))


@bp.route("/paiement-test/<token>", methods=["GET", "POST"])
def test_payment(token: str) -> ResponseReturnValue:
    require_test_mode()
    order = order_from_token(token)
    if order.payment_provider != PaymentProvider.TEST:
        return redirect(url_for("checkout.success", token=token))
    form = TestPaymentForm()
    countries = _delivery_countries(order)
    form.country.choices = [(code, _country_name(code)) for code in countries]
    if request.method == "POST":
        if request.form.get("action") == "pay":
            # A settled order needs no address (a double click only logs a no-op in mark_paid).
            if order.status == OrderStatus.PENDING and order.has_print and not form.validate_for(countries):
                return render_template("checkout/test_payment.html", order=order, token=token, form=form), 422
            actions.mark_paid(order, "test-mode", payment_intent_id=f"test_pi_{order.id}", buyer_name=form.name.data,
                              shipping=_test_address(form) if order.has_print else None)  # fmt: skip
            db.session.commit()
            return redirect(url_for("checkout.success", token=token), code=303)
        actions.cancel_order(order, "test-mode", "canceled_by_buyer")
        db.session.commit()
        return redirect(url_for("checkout.cancel", token=token), code=303)
    return render_template("checkout/test_payment.html", order=order, token=token, form=form)


def _delivery_countries(order: Order) -> list[str]:
    """The countries of the rate chosen in the cart; all configured ones if that rate has since been removed."""
    rates = cart.shipping_rates()
    rate = next((r for r in rates if r.code == order.shipping_method), None)
    return list(rate.countries) if rate else sorted({code for r in rates for code in r.countries})


def _country_name(code: str) -> str:
    locale = get_locale()
    return str(locale.territories.get(code, code)) if locale else code


def _test_address(form: TestPaymentForm) -> dict[str, str | None] | None:
    if not (form.line1.data or "").strip():
        return None
    sizes = shipping_column_sizes()
    return {
        key: (str(form[key].data or "")).strip()[: sizes.get(key, 200)] or None
        for key in ("name", "line1", "postal_code", "city", "country")
    }
