"""The book editor: the publisher changes the book's texts, facts, cover, sample chapter, editions and retailer
links without a developer. Views parse and call the actions of shop.catalog (the demo loader uses the same ones),
then commit once; a refused value re-displays the page with the input and a translated reason (422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.catalog import book_actions, changelog, edition_actions
from shop.catalog.models import Book, Edition, RetailerLink
from shop.checkout.pricing import PricingRuleError
from shop.core.urls import is_page_url
from shop.dashboard.book_editions import EditionsForm, LinkForm
from shop.dashboard.book_form import BookForm, uploaded
from shop.dashboard.views import bp
from shop.extensions import db
from shop.public.queries import the_book

EDITOR = "dashboard/book.html"


def _page(book: Book, status: int = 200, **forms: Any) -> ResponseReturnValue:
    """The whole editor. `forms` may replace the freshly filled form of the part just refused (form, editions_form,
    link_forms, new_link_forms) or add a `preview` of the texts."""
    if "form" not in forms:
        forms["form"] = BookForm(formdata=None)
        forms["form"].fill(book)
    forms.setdefault("editions_form", EditionsForm.for_book(book, fill=True))
    link_forms = {link.id: LinkForm.for_link(link) for e in book.editions for link in e.retailer_links}
    new_link_forms = {e.id: LinkForm.for_new(e.id) for e in book.editions}
    link_forms.update(forms.pop("link_forms", {}))
    new_link_forms.update(forms.pop("new_link_forms", {}))
    # Links saved before the rule (migrated from the per-book list) may still open a retailer's home page.
    home_pages = {link.id for e in book.editions for link in e.retailer_links if not is_page_url(link.url)}
    history = [(changelog.when(row), changelog.sentence(row)) for row in changelog.recent(book)]
    return render_template(EDITOR, book=book, link_forms=link_forms, new_link_forms=new_link_forms,
                           home_pages=home_pages, history=history, **forms), status  # fmt: skip


def _saved(message: str, anchor: str) -> ResponseReturnValue:
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("dashboard.book_editor", _anchor=anchor), code=303)


def _actor() -> Any:
    return current_user._get_current_object()


@bp.get("/livre")
def book_editor() -> ResponseReturnValue:
    return _page(the_book())


@bp.post("/livre")
def save_book() -> ResponseReturnValue:
    book = the_book()
    form = BookForm()
    if not form.validate():
        return _page(book, 422, form=form)
    if request.form.get("preview"):
        # Nothing is saved: the page comes back with the texts as readers would see them, and the form as typed.
        return _page(book, form=form, preview=form.preview())
    actor = _actor()
    book_actions.edit_texts(book, form.text_values(), actor)
    uploads = [
        (form.cover, lambda data: book_actions.replace_cover(book, data, actor)),
        (form.sample_epub, lambda data: book_actions.replace_sample(book, "epub", data, actor)),
        (form.sample_pdf, lambda data: book_actions.replace_sample(book, "pdf", data, actor)),
    ]
    for field, replace in uploads:
        data = uploaded(field)
        if data is None:
            continue
        try:
            replace(data)
        except book_actions.BookFileError as exc:
            db.session.rollback()  # nothing of this form is saved: the publisher sees their input and the reason
            field.errors = [_("File refused: %(reason)s", reason=str(exc))]
            return _page(the_book(), 422, form=form)
    for fmt in book_actions.SAMPLE_FORMATS:
        if form[f"remove_sample_{fmt}"].data and uploaded(form[f"sample_{fmt}"]) is None:
            book_actions.remove_sample(book, fmt, actor)
    return _saved(_("The book is saved; its pages show the change."), "livre")


@bp.post("/livre/editions")
def save_editions() -> ResponseReturnValue:
    book = the_book()
    form = EditionsForm.for_book(book, fill=False)
    if not form.validate():
        return _page(book, 422, editions_form=form)
    try:
        edition_actions.update_editions(book, form.values(book), _actor())
    except (PricingRuleError, edition_actions.EditionError) as exc:
        db.session.rollback()
        reason = str(exc.label) if isinstance(exc, PricingRuleError) else str(exc)
        form.form_errors.append(_("Refused: %(rule)s", rule=reason))
        return _page(the_book(), 422, editions_form=form)
    return _saved(_("Editions saved; the book page shows the change."), "editions")


@bp.post("/livre/editions/<int:edition_id>/liens")
def add_link(edition_id: int) -> ResponseReturnValue:
    edition = db.session.get(Edition, edition_id) or abort(404)
    form = LinkForm.for_new(edition.id, fill=False)
    return _save_link(
        form, lambda name, url: edition_actions.add_link(edition, name, url, _actor()),
        _("Link added; the book page shows it."), new_link_forms={edition_id: form},
    )  # fmt: skip


@bp.post("/livre/liens/<int:link_id>")
def change_link(link_id: int) -> ResponseReturnValue:
    link = db.session.get(RetailerLink, link_id) or abort(404)
    form = LinkForm.for_link(link, fill=False)
    return _save_link(
        form, lambda name, url: edition_actions.change_link(link, name, url, _actor()),
        _("Link saved; the book page shows it."), link_forms={link_id: form},
    )  # fmt: skip


def _save_link(
    form: LinkForm, save: Callable[[str, str], object], done: str, **refused: dict[int, LinkForm]
) -> ResponseReturnValue:
    """A retailer link added or changed: saved, or the page again with the form and its message (422)."""
    if form.validate():
        try:
            save(form.name.data or "", form.url.data or "")
            return _saved(done, "liens")
        except edition_actions.EditionError as exc:
            db.session.rollback()
            form.url.errors = [str(exc)]
    return _page(the_book(), 422, **refused)


@bp.post("/livre/liens/<int:link_id>/supprimer")
def remove_link(link_id: int) -> ResponseReturnValue:
    link = db.session.get(RetailerLink, link_id) or abort(404)
    edition_actions.remove_link(link, _actor())
    return _saved(_("Link removed."), "liens")
