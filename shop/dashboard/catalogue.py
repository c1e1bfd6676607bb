"""Stock, prices and comment moderation from the dashboard."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.catalog.edition_actions import EditionValues, update_editions
from shop.catalog.models import CatalogError, Edition
from shop.catalog.stock import StockMovement, adjust_stock
from shop.checkout.pricing import PricingRuleError
from shop.core import parsing
from shop.dashboard.book_editions import MAX_PRICE_CENTS
from shop.dashboard.views import bp
from shop.editorial.comments import Comment, CommentStatus, moderate, pending_comments
from shop.extensions import db

MAX_STOCK_DELTA = 1_000_000


@bp.get("/catalogue")
def catalogue() -> ResponseReturnValue:
    editions = db.session.scalars(sa.select(Edition).order_by(Edition.position)).all()
    movements = db.session.scalars(sa.select(StockMovement).order_by(StockMovement.id.desc()).limit(20)).all()
    return render_template("dashboard/catalogue.html", editions=editions, movements=movements)


@bp.post("/editions/<int:edition_id>/stock")
def stock(edition_id: int) -> ResponseReturnValue:
    edition = db.session.get(Edition, edition_id) or abort(404)
    try:
        delta = parsing.parse_int(
            request.form.get("delta"), minimum=-MAX_STOCK_DELTA, maximum=MAX_STOCK_DELTA
        )
        reason = parsing.parse_text(request.form.get("reason"), 300)
        adjust_stock(edition, delta, reason, f"user:{current_user.id}")
        db.session.commit()
        flash(_("Stock updated."), "info")
    except ValueError as exc:  # CatalogError is a ValueError too
        db.session.rollback()
        flash(
            str(exc)
            if isinstance(exc, CatalogError | parsing.BadValue)
            else _("Give a whole number of copies, e.g. 50 or -2."),
            "error",
        )
    return redirect(url_for("dashboard.catalogue"), code=303)


@bp.post("/editions/<int:edition_id>/prix")
def price(edition_id: int) -> ResponseReturnValue:
    edition = db.session.get(Edition, edition_id) or abort(404)
    try:
        cents = parsing.parse_cents(request.form.get("price"), maximum=MAX_PRICE_CENTS)
        previous = edition.price_cents
        # The book editor's action: the same rules for the whole set of editions, and a line in its change log.
        same = EditionValues(cents, edition.isbn13, edition.active)
        update_editions(edition.book, {edition.id: same}, current_user._get_current_object())
        db.session.commit()
        flash(_("Price changed from %(old)s to %(new)s cents.", old=previous, new=cents), "info")
    except PricingRuleError as exc:
        db.session.rollback()
        flash(_("Refused: %(rule)s", rule=str(exc.label)), "error")
    except (ValueError, CatalogError):
        db.session.rollback()
        flash(_("Give a price in euros, e.g. 19.90."), "error")
    return redirect(url_for("dashboard.catalogue"), code=303)


@bp.get("/commentaires")
def comments() -> ResponseReturnValue:
    return render_template("dashboard/comments.html", comments=pending_comments())


@bp.post("/commentaires/<int:comment_id>")
def moderate_comment(comment_id: int) -> ResponseReturnValue:
    comment = db.session.get(Comment, comment_id) or abort(404)
    decision = request.form.get("decision")
    if decision == "delete":
        db.session.delete(comment)
    elif decision in (CommentStatus.APPROVED.value, CommentStatus.REJECTED.value):
        moderate(comment, CommentStatus(decision))
    else:
        abort(400)
    db.session.commit()
    return redirect(url_for("dashboard.comments"), code=303)
