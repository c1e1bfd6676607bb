"""Cart and checkout pages under /<lang>/: the only reader-facing pages with a session (and so a cookie)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import TooManyRequests
from wtforms.fields.choices import SelectChoice

from shop.audience.attribution import remember_add_to_cart
from shop.checkout import cart, limits, pending
from shop.checkout.forms import CheckoutForm, waiver_wording
from shop.checkout.pricing import PricingRuleError, quote
from shop.checkout.service import create_order
from shop.checkout.tokens import order_token
from shop.core import parsing
from shop.core.i18n import select_locale
from shop.extensions import csrf, db, limiter
from shop.mailing.actions import request_subscription
from shop.mailing.models import SignupSource
from shop.orders.actions import OutOfStock, cancel_order
from shop.payments.gateway import PaymentProviderError, get_gateway
from shop.public.views import localised

bp = localised(Blueprint("checkout", __name__, url_prefix="/<lang>"))


@bp.after_request
def never_cache(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


# CSRF-exempt on purpose: the buy buttons live on the cacheable, cookie-less book page, which cannot carry a
# session token; adding a book to a cart is harmless and every later step is protected.
@bp.post("/panier/ajouter")
@csrf.exempt
def add() -> ResponseReturnValue:
    try:
        cart.add(request.form.get("edition_id"), request.form.get("quantity", "1"))
        remember_add_to_cart()
    except cart.CartError as exc:
        flash(str(exc), "error")
    return redirect(url_for("checkout.cart_page"), code=303)


@bp.post("/panier/quantite")
def update() -> ResponseReturnValue:
    try:
        edition = cart.active_edition(request.form.get("edition_id"))
        cart.set_quantity(edition, cart.parse_quantity(request.form.get("quantity"), edition))
    except cart.CartError as exc:
        flash(str(exc), "error")
    return redirect(url_for("checkout.cart_page"), code=303)


@bp.post("/panier/retirer")
def remove() -> ResponseReturnValue:
    edition_id = parsing.parse_id(request.form.get("edition_id"))
    if edition_id:
        cart.remove(edition_id)
    return redirect(url_for("checkout.cart_page"), code=303)


def _render_cart(form: CheckoutForm, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    items = cart.contents()
    rates = cart.shipping_rates()
    lang = select_locale()
    form.shipping_rate.choices = [SelectChoice(r.code, r.label.get(lang, r.code)) for r in rates]
    rate = cart.chosen_rate(form.shipping_rate.data, rates)
    form.shipping_rate.data = rate.code
    priced = quote(items, rate) if items else None
    # One quote per rate, so the page can show each total at once (static/js/cart.js) without a round trip.
    options = [(r, quote(items, r)) for r in rates] if priced and priced.ships else []
    return render_template(
        "checkout/cart.html", form=form, quote=priced, rates=rates, options=options, waiver_text=waiver_wording(),
        error=error, max_quantity=cart.max_quantity(),
    ), status  # fmt: skip


@bp.get("/panier")
def cart_page() -> ResponseReturnValue:
    return _render_cart(CheckoutForm())


@bp.post("/panier/livraison")
def choose_rate() -> ResponseReturnValue:
    """The "update" button next to the delivery choices (the no-JavaScript path): remember the rate and show the
    cart again with what the buyer has typed so far, without judging the unfinished form."""
    return _render_cart(CheckoutForm())


@bp.post("/panier/payer")
@limiter.limit(limits.checkout_rate_limit, methods=["POST"])
def pay() -> ResponseReturnValue:
    form = CheckoutForm()
    items = cart.contents()
    if not items:
        flash(_("Your cart is empty."), "error")
        return redirect(url_for("checkout.cart_page"), code=303)
    rates = cart.shipping_rates()
    form.shipping_rate.choices = [SelectChoice(r.code, r.code) for r in rates]
    chosen = cart.chosen_rate(form.shipping_rate.data, rates)
    priced = quote(items, chosen)
    if not form.validate_for(priced.ships, priced.has_ebook):
        return _render_cart(form, status=422)
    rate = chosen if priced.ships else None
    unavailable = _(
        "The payment service is unavailable right now. Your cart is kept; please try again in a few minutes."
    )
    try:
        gateway = get_gateway()
        # This cart's earlier checkout gives its copies back first: pressing pay again never competes with itself.
        paid_meanwhile = pending.release_previous()
    except PaymentProviderError as exc:
        db.session.rollback()
        current_app.logger.warning("checkout could not start: %s", exc)
        return _render_cart(form, unavailable, 503)
    if paid_meanwhile is not None:  # paid in another tab: show that order rather than charge the buyer twice
        return redirect(url_for("checkout.success", token=order_token(paid_meanwhile)), code=303)
    try:
        order, _quote = create_order(
            items, rate, form.email.data or "", select_locale(), waiver_wording(), limits.client_hash()
        )
        if request.form.get("newsletter") == "y":  # the unticked box of templates/mailing/_checkout_box.html
            request_subscription(form.email.data or "", select_locale(), SignupSource.CHECKOUT)
        # The copies are reserved in a short transaction of their own: no stock row stays locked while Stripe answers.
        db.session.commit()
    except limits.TooManyOpenOrders as exc:
        db.session.rollback()
        return _render_cart(form, str(exc), 429)
    except OutOfStock:
        db.session.rollback()
        return _render_cart(form, _("Sorry, the print edition has just sold out. Your cart is kept."), 409)
    except (PaymentProviderError, PricingRuleError) as exc:
        db.session.rollback()  # nothing was committed: no order, stock untouched, the cart stays as it was
        current_app.logger.warning("checkout could not start: %s", exc)
        return _render_cart(form, unavailable, 503)
    try:
        days = (
            (rate.min_days, rate.max_days) if rate and rate.min_days is not None and rate.max_days else None
        )
        url = gateway.start_checkout(order, list(rate.countries) if rate else None, _rate_label(rate), days)
        db.session.commit()
    except PaymentProviderError as exc:
        # Compensate: the order never reached the payment page, so its copies go back at once.
        db.session.rollback()
        cancel_order(order, "system", "payment_service_unavailable")
        db.session.commit()
        current_app.logger.warning("checkout could not start: %s", exc)
        return _render_cart(form, unavailable, 503)
    pending.remember(order)
    return redirect(url, code=303)


def _rate_label(rate: cart.ShippingRate | None) -> str | None:
    return rate.label.get(select_locale()) if rate else None


@bp.errorhandler(TooManyRequests)
def too_many_checkouts(exc: TooManyRequests) -> ResponseReturnValue:
    """The checkout rate limit: the cart page again, with what the buyer typed and a message they can act on."""
    message = _(
        "Too many payment attempts from your connection. Your cart is kept; please try again in a few minutes."
    )
    return _render_cart(CheckoutForm(), message, 429)


@bp.errorhandler(cart.CartError)
def cart_error(exc: cart.CartError) -> ResponseReturnValue:
    flash(str(exc), "error")
    return redirect(url_for("checkout.cart_page"), code=303)


def require_test_mode() -> None:
    if current_app.config["SHOP_ENV"] == "production":
        abort(404)
