"""The book editor: the publisher changes the book's texts, facts, ISBNs and cover without a developer."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from shop.catalog.models import Edition
from shop.core.images import ImageError, reencode
from shop.core.media import store_media
from shop.dashboard.book_form import BookForm
from shop.dashboard.views import bp
from shop.extensions import db
from shop.public.queries import the_book

COVER_MAX_SIDE = 1600


@bp.route("/livre", methods=["GET", "POST"])
def book_editor() -> ResponseReturnValue:
    book = the_book()
    form = BookForm()
    if not form.is_submitted():
        form.fill(book)
    elif form.validate():
        taken = {
            e.isbn13
            for e in db.session.scalars(sa.select(Edition).where(Edition.book_id != book.id))
            if e.isbn13
        }
        isbns = [f.data for f in (form.isbn_print, form.isbn_ebook, form.isbn_bundle) if f.data]
        upload = form.cover.data
        try:
            cover = (
                reencode(upload.read(), COVER_MAX_SIDE)
                if upload and getattr(upload, "filename", "")
                else None
            )
        except ImageError as exc:
            form.cover.errors = [str(exc)]
            return render_template("dashboard/book.html", form=form, book=book), 422
        if len(set(isbns)) != len(isbns) or taken.intersection(isbns):
            form.isbn_print.errors = [_("Each edition needs its own ISBN.")]
            return render_template("dashboard/book.html", form=form, book=book), 422
        form.apply(book)
        if cover is not None:
            data, book.cover_width, book.cover_height = cover
            book.cover = store_media(data, "cover", "webp")
        db.session.commit()
        flash(_("The book is saved; its pages show the change."), "info")
        return redirect(url_for("dashboard.book_editor"), code=303)
    else:
        return render_template("dashboard/book.html", form=form, book=book), 422
    return render_template("dashboard/book.html", form=form, book=book)
