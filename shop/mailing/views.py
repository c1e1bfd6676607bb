"""Public mailing-list pages under /<lang>/lettre/: sign up, confirm, unsubscribe.

The POSTs are CSRF-exempt on purpose. Sign-up: see forms.py. Confirm and unsubscribe: the signed token in the URL
is the authentication, and RFC 8058 one-click unsubscribe comes from a mail provider's server, without any cookie.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from shop.core.i18n import select_locale
from shop.extensions import csrf, db, limiter
from shop.mailing import actions
from shop.mailing.forms import SignupForm
from shop.mailing.models import SubscriberStatus
from shop.mailing.tokens import subscriber_to_confirm, subscriber_to_unsubscribe
from shop.public.caching import make_cacheable
from shop.public.views import localised

bp = localised(Blueprint("mailing", __name__, url_prefix="/<lang>/lettre"))


def _signup_limit() -> str:
    return current_app.config["MAILING_SIGNUP_RATE_LIMIT"]


def _email_key() -> str:
    return "signup:" + actions.normalise(request.form.get("email", ""))[:254]


def _no_store(response: ResponseReturnValue, status: int = 200) -> Response:
    answer = make_response(response, status)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.get("/")
def signup() -> ResponseReturnValue:
    """Cookie-less and cacheable like the book page (the form carries no token)."""
    form = SignupForm(source="letter_page")
    return make_cacheable(make_response(render_template("mailing/signup.html", form=form)))


@bp.post("/")
@csrf.exempt
@limiter.limit("5 per day", key_func=_email_key)
@limiter.limit(_signup_limit)
def signup_post() -> ResponseReturnValue:
    form = SignupForm(MultiDict(request.form))
    if not form.validate():
        return _no_store(render_template("mailing/signup.html", form=form), 422)
    if not form.website.data:  # a bot filling the honeypot gets the same answer and stores nothing
        actions.request_subscription(form.email.data or "", select_locale(), form.signup_source())
        db.session.commit()
    # The same answer for a new, pending, confirmed or unsubscribed address: nothing to learn from it.
    return redirect(url_for("mailing.thanks"), code=303)


@bp.get("/merci")
def thanks() -> ResponseReturnValue:
    return make_cacheable(make_response(render_template("mailing/thanks.html")))


@bp.route("/confirmer/<token>", methods=["GET", "POST"])
@csrf.exempt
def confirm(token: str) -> ResponseReturnValue:
    """GET shows a button; only the POST confirms, so a mail scanner fetching links cannot subscribe anyone."""
    subscriber = subscriber_to_confirm(token)
    if subscriber is None:
        return _no_store(render_template("mailing/invalid.html"), 404)
    if request.method == "POST":
        actions.confirm(subscriber)
        db.session.commit()
    done = subscriber.status == SubscriberStatus.CONFIRMED
    return _no_store(render_template("mailing/confirm.html", done=done, subscriber=subscriber))


@bp.route("/desinscription/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str) -> ResponseReturnValue:
    """One click: the POST (from our button or a mail client's RFC 8058 request) takes effect at once."""
    subscriber = subscriber_to_unsubscribe(token)
    if request.method == "POST":
        if subscriber is not None:
            actions.unsubscribe(subscriber)
            db.session.commit()
        # An erased subscriber's old link: they are off the list all the same.
        return _no_store(render_template("mailing/unsubscribe.html", done=True))
    if subscriber is None:
        return _no_store(render_template("mailing/unsubscribe.html", done=True))
    done = subscriber.status == SubscriberStatus.UNSUBSCRIBED
    return _no_store(render_template("mailing/unsubscribe.html", done=done))
