"""The legal texts editor: each save of a page is a new version, with its author and date; older ones stay readable."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from shop.dashboard.views import bp
from shop.extensions import db
from shop.public.queries import the_book
from shop.settings import legal
from shop.settings.forms import LegalTextForm
from shop.settings.models import LegalPage
from shop.shipping.rates import active_rates

# The dashboard's address of each page is its public one's (/fr/cgv), so the publisher recognises it.
SLUGS = {"mentions-legales": LegalPage.NOTICE, "cgv": LegalPage.TERMS, "confidentialite": LegalPage.PRIVACY}
PUBLIC_ENDPOINTS = {LegalPage.NOTICE: "public.legal_notice", LegalPage.TERMS: "public.terms",
                    LegalPage.PRIVACY: "public.privacy"}  # fmt: skip
FIELD_HELP = {
    "publisher": _l("the publisher's identity (name, address, registration, VAT number, contacts, director)"),
    "host": _l("the hosting provider's name, address and telephone"),
    "seller": _l("the seller in one sentence, with the contact e-mail"),
    "delivery_rates": _l("the table of delivery zones, prices and estimated delivery times"),
    "withdrawal_form": _l("the withdrawal form, addressed to the publisher"),
    "mediator": _l("the consumer mediator, linked to their website"),
    "publisher_name": _l("the publisher's name"),
    "publisher_address": _l("the publisher's postal address"),
    "publisher_email": _l("the publisher's e-mail address"),
    "download_days": _l("how many days e-book links stay valid"),
    "download_limit": _l("how many downloads each link allows"),
}

# The order page links the terms its buyer accepted: an app-wide template global, registered with the dashboard.
bp.add_app_template_global(legal.accepted_terms_number, "accepted_terms_number")


def _page(slug: str) -> LegalPage:
    return SLUGS.get(slug) or abort(404)


def _render(
    page: LegalPage, slug: str, form: LegalTextForm, preview: object = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "dashboard/legal_text.html", page=page, slug=slug, form=form, versions=legal.versions(page), preview=preview,
        public_endpoint=PUBLIC_ENDPOINTS[page], field_help=FIELD_HELP, blocks=legal.BLOCKS, pages=SLUGS,
    ), status  # fmt: skip


@bp.get("/reglages/textes-legaux/<legal_page>")
def legal_text(legal_page: str) -> ResponseReturnValue:
    page = _page(legal_page)
    latest = legal.latest(page)
    form = LegalTextForm(formdata=None, data={"body_fr": latest.body_fr, "body_en": latest.body_en})
    return _render(page, legal_page, form)


@bp.post("/reglages/textes-legaux/<legal_page>")
def save_legal_text(legal_page: str) -> ResponseReturnValue:
    page = _page(legal_page)
    form = LegalTextForm()
    if not form.validate():
        return _render(page, legal_page, form, status=422)
    body_fr, body_en = (
        (form.body_fr.data or "").replace("\r\n", "\n"),
        (form.body_en.data or "").replace("\r\n", "\n"),
    )
    if request.form.get("action") == "preview":
        publisher, rates = the_book().publisher, active_rates
        preview = {
            "fr": legal.render(body_fr, "fr", publisher, rates),
            "en": legal.render(body_en, "en", publisher, rates),
        }
        return _render(page, legal_page, form, preview=preview)
    try:
        saved = legal.save(page, body_fr, body_en, current_user.id, current_user.email)
        db.session.commit()
    except IntegrityError:  # another save took the same version number a moment earlier
        db.session.rollback()
        form.body_fr.errors = [
            _("Someone saved this page at the same moment; check the latest version and save again.")
        ]
        return _render(page, legal_page, form, status=409)
    if saved is None:
        flash(_("Nothing changed: the text is the same as the current version."), "info")
    else:
        flash(_("Version %(number)s saved; the public page shows it now.", number=saved.number), "info")
    return redirect(url_for("dashboard.legal_text", legal_page=legal_page), code=303)
