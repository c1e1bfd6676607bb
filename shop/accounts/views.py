"""Login, logout and password reset for the publisher and the authors."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from wtforms import EmailField, PasswordField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from shop.accounts import throttle
from shop.accounts.models import Role, User, verify_login
from shop.core import parsing
from shop.core.parsing import HtmlForm, no_control_chars
from shop.core.security import is_safe_next
from shop.extensions import db, limiter
from shop.outbox.enqueue import enqueue

bp = Blueprint("accounts", __name__, url_prefix="/compte")
RESET_MAX_AGE = 3600


class LoginForm(HtmlForm):
    email = EmailField(
        _l("E-mail"),
        validators=[InputRequired(_l("Please give your e-mail address.")), no_control_chars, Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Please give your password.")), Length(max=1000)]
    )


class ResetRequestForm(HtmlForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            InputRequired(_l("Please give your e-mail address.")),
            no_control_chars,
            Length(max=254),
            Email(_l("This e-mail address is not valid.")),
        ],
    )


class NewPasswordForm(HtmlForm):
    password = PasswordField(
        _l("New password"),
        validators=[
            InputRequired(),
            Length(min=10, message=_l("At least 10 characters, please.")),
            Length(max=1000),
        ],
    )
    confirm = PasswordField(
        _l("Confirm the password"),
        validators=[Length(max=1000), EqualTo("password", message=_l("The two passwords differ."))],
    )


def home_for(user: User) -> str:
    return url_for("dashboard.overview") if user.role == Role.PUBLISHER else url_for("authors_area.reviews")


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(throttle.PAIR_LIMIT, key_func=throttle.pair_key, methods=["POST"], deduct_when=throttle.failed)
@limiter.limit(throttle.ADDRESS_LIMIT, methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        email = (form.email.data or "").strip().lower()
        throttle.slow_down_if_targeted(email)
        user = db.session.scalars(sa.select(User).filter_by(email=email)).first()
        if verify_login(user, form.password.data or "") and user is not None:
            login_user(user)
            # A `next` with control characters (a CR-LF would split the Location header) goes home instead.
            target = request.args.get("next") or ""
            safe = is_safe_next(target) and not parsing.control_chars_in(target) and len(target) < 2000
            return redirect(target if safe else home_for(user))
        throttle.record_failure(email)
        form.password.errors = [_("Wrong e-mail or password.")]
    return render_template("accounts/login.html", form=form)


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    # Forgetting the id in this cookie is not enough: a copy of the cookie taken earlier would still work.
    if current_user.is_authenticated:
        current_user.end_sessions()
        db.session.commit()
    logout_user()
    return redirect(url_for("accounts.login"))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user: User) -> str:
    # The hash's tail is in the token: once the password changes, older links stop working.
    return _serializer().dumps({"id": user.id, "h": user.password_hash[-12:]})


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def reset_request() -> ResponseReturnValue:
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = db.session.scalars(
            sa.select(User).filter_by(email=(form.email.data or "").strip().lower())
        ).first()
        if user is not None and user.active:
            link = current_app.config["SHOP_BASE_URL"] + url_for("accounts.reset", token=reset_token(user))
            enqueue(
                "password_reset",
                user.email,
                "fr",
                f"password-reset:{user.id}:{reset_token(user)[-16:]}",
                {"link": link},
            )
            db.session.commit()
        flash(_("If an account uses this address, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/mot-de-passe/<token>", methods=["GET", "POST"])
def reset(token: str) -> ResponseReturnValue:
    try:
        data = _serializer().loads(token, max_age=RESET_MAX_AGE)
    except (BadSignature, SignatureExpired):
        flash(_("This reset link has expired; ask for a new one."), "error")
        return redirect(url_for("accounts.reset_request"))
    user = db.session.get(User, int(data["id"]))
    if user is None or user.password_hash[-12:] != data.get("h"):
        flash(_("This reset link has expired; ask for a new one."), "error")
        return redirect(url_for("accounts.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        user.set_password(form.password.data or "")
        db.session.commit()
        flash(_("Your password has been changed. You can log in."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form)
