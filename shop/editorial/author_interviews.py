"""Interviews in the press desk: the same rules as press reviews (own content, optional approval)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.models import Role
from shop.audience.press_desk import desk_figures
from shop.editorial.author_forms import InterviewForm
from shop.editorial.author_views import bp
from shop.editorial.models import Interview, PublicationStatus
from shop.editorial.publishing import unique_slug
from shop.extensions import db
from shop.settings import store as settings_store


@bp.get("/entretiens")
def interviews() -> ResponseReturnValue:
    query = sa.select(Interview).order_by(Interview.held_on.desc())
    if current_user.role != Role.PUBLISHER:
        query = query.where(Interview.added_by_id == current_user.id)
    found = db.session.scalars(query).all()
    figures = desk_figures("/entretiens/", [i.slug for i in found])
    return render_template("authors/interviews.html", interviews=found, figures=figures)


def _save(form: InterviewForm, interview: Interview | None) -> Interview:
    if interview is None:
        interview = Interview(added_by_id=current_user.id, slug=unique_slug(Interview, form.title.data or ""))
        if current_user.author is not None:
            interview.authors = [current_user.author]
        db.session.add(interview)
    for field in (
        "title",
        "interviewees",
        "interviewer",
        "held_on",
        "introduction",
        "body_markdown",
        "media_url",
    ):
        setattr(
            interview, field, getattr(form, field).data or (None if field in ("media_url", "held_on") else "")
        )
    wanted = PublicationStatus(form.status.data)
    needs_approval = settings_store.reviews_need_approval() and current_user.role != Role.PUBLISHER
    interview.status = (
        PublicationStatus.PENDING if wanted == PublicationStatus.PUBLISHED and needs_approval else wanted
    )
    db.session.flush()
    return interview


@bp.route("/entretiens/nouveau", methods=["GET", "POST"])
def new_interview() -> ResponseReturnValue:
    form = InterviewForm()
    if form.validate_on_submit():
        interview = _save(form, None)
        db.session.commit()
        flash(_("Interview saved."), "info")
        return redirect(url_for("authors_area.edit_interview", interview_id=interview.id), code=303)
    return render_template("authors/interview_form.html", form=form, interview=None)


@bp.route("/entretiens/<int:interview_id>", methods=["GET", "POST"])
def edit_interview(interview_id: int) -> ResponseReturnValue:
    interview = db.session.get(Interview, interview_id) or abort(404)
    if current_user.role != Role.PUBLISHER and interview.added_by_id != current_user.id:
        abort(403)
    form = InterviewForm(obj=interview)
    if not form.is_submitted():
        form.status.data = "published" if interview.status != PublicationStatus.DRAFT else "draft"
    if form.validate_on_submit():
        _save(form, interview)
        db.session.commit()
        flash(_("Interview saved."), "info")
        return redirect(url_for("authors_area.edit_interview", interview_id=interview.id), code=303)
    return render_template("authors/interview_form.html", form=form, interview=interview)
