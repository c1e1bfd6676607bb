"""Authors moderate the comments on their own press reviews and interviews, as the publisher does for all of them
(shop.dashboard.catalogue). Their own: the pieces they added, and the interviews that name them among the authors."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.models import Role
from shop.editorial.author_views import bp
from shop.editorial.comments import Comment, CommentStatus, CommentTarget, moderate
from shop.editorial.models import Interview, PressReview
from shop.extensions import db


@dataclass(frozen=True)
class Waiting:
    comment: Comment
    title: str  # the piece's title, so the author knows what the reader answers


def _own_reviews() -> sa.Select[int]:
    query = sa.select(PressReview.id)
    if current_user.role != Role.PUBLISHER:
        query = query.where(PressReview.added_by_id == current_user.id)
    return query


def _own_interviews() -> sa.Select[int]:
    query = sa.select(Interview.id)
    if current_user.role != Role.PUBLISHER:
        mine = [Interview.added_by_id == current_user.id]
        if current_user.author is not None:
            mine.append(Interview.authors.any(id=current_user.author.id))
        query = query.where(sa.or_(*mine))
    return query


def _own(target: CommentTarget) -> sa.ColumnElement[bool]:
    pieces = _own_reviews() if target == CommentTarget.REVIEW else _own_interviews()
    return sa.and_(Comment.target_type == target, Comment.target_id.in_(pieces.scalar_subquery()))


def _titles(comments: list[Comment]) -> dict[tuple[CommentTarget, int], str]:
    titles: dict[tuple[CommentTarget, int], str] = {}
    for target, model in ((CommentTarget.REVIEW, PressReview), (CommentTarget.INTERVIEW, Interview)):
        ids = [c.target_id for c in comments if c.target_type == target]
        if ids:
            rows = db.session.execute(sa.select(model.id, model.title).where(model.id.in_(ids)))
            titles.update({(target, piece_id): title for piece_id, title in rows})
    return titles


@bp.get("/commentaires")
def comments() -> ResponseReturnValue:
    found = list(
        db.session.scalars(
            sa.select(Comment)
            .where(Comment.status == CommentStatus.PENDING)
            .where(sa.or_(_own(CommentTarget.REVIEW), _own(CommentTarget.INTERVIEW)))
            .order_by(Comment.created_at, Comment.id)
            .limit(200)
        )
    )
    titles = _titles(found)
    waiting = [Waiting(c, titles.get((c.target_type, c.target_id), "")) for c in found]
    return render_template("authors/comments.html", waiting=waiting)


@bp.post("/commentaires/<int:comment_id>")
def moderate_own_comment(comment_id: int) -> ResponseReturnValue:
    comment = db.session.get(Comment, comment_id) or abort(404)
    if (
        db.session.scalar(sa.select(Comment.id).where(Comment.id == comment.id, _own(comment.target_type)))
        is None
    ):
        abort(403)  # someone else's piece: only its author or the publisher decides
    decision = request.form.get("decision")
    if decision not in (CommentStatus.APPROVED.value, CommentStatus.REJECTED.value):
        abort(400)
    moderate(comment, CommentStatus(decision))
    db.session.commit()
    flash(_("Comment approved: it is shown.") if decision == "approved" else _("Comment rejected: it stays hidden."),
          "info")  # fmt: skip
    return redirect(url_for("authors_area.comments"), code=303)
