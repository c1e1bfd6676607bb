"""Publisher settings: shop settings, e-book master files, legal identity, authors' submissions (retailer links: the
book editor)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from shop.catalog.models import Edition, EditionFormat, Publisher
from shop.core import parsing
from shop.core.urls import is_web_url
from shop.dashboard.views import bp
from shop.downloads.copies import add_master
from shop.downloads.models import EbookFormat, EbookMaster
from shop.downloads.validation import MasterFileError
from shop.editorial.models import Interview, PressReview, PublicationStatus
from shop.extensions import db
from shop.public.queries import the_book
from shop.settings import store
from shop.settings.forms import SettingsForm
from shop.settings.models import LegalPage

PUBLISHER_LABELS = {
    "name": _l("Name"), "legal_form": _l("Legal form and capital"), "street_address": _l("Address"),
    "postal_code": _l("Postal code"), "city": _l("City"), "country": _l("Country (ISO code)"), "email": _l("E-mail"),
    "phone": _l("Telephone"), "website": _l("Website"), "registration": _l("Registration (RCS)"),
    "vat_number": _l("VAT number"), "publication_director": _l("Publication director"), "host": _l("Hosting provider (name)"),
    "host_address": _l("Hosting provider's address"), "host_phone": _l("Hosting provider's telephone"),
    "mediator_name": _l("Consumer mediator"), "mediator_url": _l("Mediator's website"),
}  # fmt: skip
PUBLISHER_FIELDS = list(PUBLISHER_LABELS)


@bp.get("/reglages")
def settings() -> ResponseReturnValue:
    form = SettingsForm(formdata=None)
    form.fill(store.current())
    return render_settings(form)


def render_settings(settings_form: SettingsForm, status: int = 200) -> ResponseReturnValue:
    """The whole settings page; the shop settings form with what was typed when it is shown again with errors."""
    book = the_book()
    ebook = book.edition(EditionFormat.EBOOK)
    masters = db.session.scalars(sa.select(EbookMaster).filter_by(edition_id=ebook.id)).all() if ebook else []
    pending = db.session.scalars(sa.select(PressReview).filter_by(status=PublicationStatus.PENDING)).all()
    pending_interviews = db.session.scalars(
        sa.select(Interview).filter_by(status=PublicationStatus.PENDING)
    ).all()
    return render_template("dashboard/settings.html", book=book, publisher=book.publisher, masters=masters,
                           labels=PUBLISHER_LABELS, pending=pending, pending_interviews=pending_interviews,
                           settings_form=settings_form, legal_pages=list(LegalPage)), status  # fmt: skip


@bp.post("/reglages/fichiers")
def upload_master() -> ResponseReturnValue:
    upload = request.files.get("file")
    fmt = request.form.get("format")
    ebook = db.session.scalars(sa.select(Edition).filter_by(format=EditionFormat.EBOOK)).first()
    if ebook is None or fmt not in {f.value for f in EbookFormat} or upload is None or not upload.filename:
        flash(_("Choose a file and its format."), "error")
        return redirect(url_for("dashboard.settings"), code=303)
    try:
        add_master(ebook, EbookFormat(fmt), upload.read())
        db.session.commit()
        flash(_("The new master file is in place; new orders get copies made from it."), "info")
    except MasterFileError as exc:
        db.session.rollback()
        flash(_("File refused: %(reason)s", reason=str(exc)), "error")
    return redirect(url_for("dashboard.settings"), code=303)


@bp.post("/reglages/editeur")
def edit_publisher() -> ResponseReturnValue:
    publisher: Publisher = the_book().publisher
    # Each field as long as its column at most: a longer value is a 400 with the limit, not a cut-off address.
    values = {f: parsing.form_text(f, Publisher.__table__.c[f].type.length) for f in PUBLISHER_FIELDS}  # type: ignore[attr-defined]
    if not values["name"] or "@" not in values["email"]:
        flash(_("The publisher needs a name and an e-mail address."), "error")
        return redirect(url_for("dashboard.settings"), code=303)
    if any(values[f] and not is_web_url(values[f]) for f in ("website", "mediator_url")):
        flash(_("The website and the mediator's website must be full web addresses (https://...)."), "error")
        return redirect(url_for("dashboard.settings"), code=303)
    for field, value in values.items():
        setattr(publisher, field, value)
    db.session.commit()
    flash(_("Legal identity saved; the legal pages and new invoices use it."), "info")
    return redirect(url_for("dashboard.settings"), code=303)


@bp.post("/reglages/revues/<int:review_id>")
def decide_review(review_id: int) -> ResponseReturnValue:
    return _decide(db.session.get(PressReview, review_id) or abort(404))


@bp.post("/reglages/entretiens/<int:interview_id>")
def decide_interview(interview_id: int) -> ResponseReturnValue:
    return _decide(db.session.get(Interview, interview_id) or abort(404))


def _decide(item: PressReview | Interview) -> ResponseReturnValue:
    decision = request.form.get("decision")
    if decision not in ("published", "draft"):
        abort(400)
    item.status = PublicationStatus(decision)
    db.session.commit()
    return redirect(url_for("dashboard.settings"), code=303)


@bp.post("/reglages/sessions/terminer")
def end_other_sessions() -> ResponseReturnValue:
    """A lost laptop or a shared computer: every other session ends; this one is renewed with the new version."""
    user = current_user._get_current_object()
    user.end_sessions()
    db.session.commit()
    login_user(user)
    flash(_("Every other session has ended; other devices must log in again."), "info")
    return redirect(url_for("dashboard.settings"), code=303)
