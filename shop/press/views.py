"""The public press area under /<lang>/espace-presse: press kit, press release PDF, review-copy request form."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from shop.core.i18n import select_locale
from shop.extensions import csrf, db, limiter
from shop.press.forms import ReviewCopyForm
from shop.press.models import RequestStatus, ReviewCopyRequest
from shop.press.release import facts, release_pdf
from shop.public.caching import make_cacheable
from shop.public.queries import the_book
from shop.public.views import localised

bp = localised(Blueprint("press", __name__, url_prefix="/<lang>/espace-presse"))


@bp.get("/")
def kit() -> ResponseReturnValue:
    book = the_book()
    return make_cacheable(make_response(render_template("press/kit.html", book=book, facts=facts(book))))


@bp.get("/communique.pdf")
def release() -> ResponseReturnValue:
    lang = select_locale()
    response = Response(release_pdf(the_book(), lang), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"inline; filename=communique-{lang}.pdf"
    return make_cacheable(response)


def _request_limit() -> str:
    return current_app.config.get("REVIEW_COPY_RATE_LIMIT", "5 per hour")


def _form_page(form: ReviewCopyForm, status: int = 200) -> ResponseReturnValue:
    response = make_response(render_template("press/request.html", form=form, book=the_book()), status)
    response.headers["Cache-Control"] = "no-store"  # the form's token carries a timestamp
    return response


# Exempt from session CSRF on purpose: the form carries its own signed token (see forms.py).
@bp.route("/exemplaire", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(_request_limit, methods=["POST"])
def request_copy() -> ResponseReturnValue:
    if request.method == "GET":
        return _form_page(ReviewCopyForm())
    form = ReviewCopyForm(MultiDict(request.form))
    if not form.validate():
        return _form_page(form, 422)
    if not form.website.data:  # a bot filling the honeypot gets the same answer and stores nothing
        db.session.add(
            ReviewCopyRequest(
                name=(form.name.data or "").strip(), outlet=(form.outlet.data or "").strip(),
                email=(form.email.data or "").strip().lower(), reason=form.reason.data or "", locale=select_locale(),
            )
        )  # fmt: skip
        db.session.commit()
    return redirect(url_for("press.requested"), code=303)


@bp.get("/exemplaire/merci")
def requested() -> ResponseReturnValue:
    return make_cacheable(make_response(render_template("press/requested.html", book=the_book())))


STATUS_LABELS = {
    RequestStatus.PENDING: _l("Waiting for a decision"),
    RequestStatus.APPROVED: _l("Approved"),
    RequestStatus.DECLINED: _l("Declined"),
}


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals["review_copy_status_label"] = lambda s: str(STATUS_LABELS[RequestStatus(s)])
