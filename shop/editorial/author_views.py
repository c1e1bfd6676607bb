"""The authors' press desk: add, edit, preview and publish press reviews; edit one's profile; see sales."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.file import FileField

from shop.accounts.models import Role
from shop.audience.press_desk import desk_figures
from shop.core.i18n import back_office_language, keep_back_office_language
from shop.core.images import ImageError, reencode
from shop.core.media import store_media
from shop.core.security import protect
from shop.core.urls import is_web_url
from shop.dashboard.stats import copies_sold
from shop.editorial.author_forms import ProfileForm, ReviewForm
from shop.editorial.models import PressReview, PublicationStatus, ReviewCategory, Tag
from shop.editorial.publishing import unique_slug
from shop.editorial.slugs import slugify
from shop.extensions import db
from shop.settings import store as settings_store

bp = protect(Blueprint("authors_area", __name__, url_prefix="/espace-auteur"), "author", "publisher")


bp.before_request(back_office_language)
bp.url_defaults(keep_back_office_language)


def _editable(review: PressReview) -> PressReview:
    """Authors edit only what they added; the publisher edits everything."""
    if current_user.role != Role.PUBLISHER and review.added_by_id != current_user.id:
        abort(403)
    return review


@bp.get("/")
def reviews() -> ResponseReturnValue:
    query = sa.select(PressReview).order_by(PressReview.published_on.desc())
    if current_user.role != Role.PUBLISHER:
        query = query.where(PressReview.added_by_id == current_user.id)
    found = db.session.scalars(query).all()
    figures = desk_figures("/presse/", [r.slug for r in found])
    return render_template("authors/reviews.html", reviews=found, sold=copies_sold(), figures=figures)


def _tags(raw: str | None) -> list[Tag]:
    # Keyed by slug: "Foo Bar, foo-bar" names one tag, and two new Tag rows with one slug would break its UNIQUE.
    by_slug: dict[str, Tag] = {}
    for name in (t.strip() for t in (raw or "").split(",")):
        slug = slugify(name, 80)
        if name and slug not in by_slug:
            by_slug[slug] = db.session.scalars(sa.select(Tag).filter_by(slug=slug)).first() or Tag(
                slug=slug, name=name[:80]
            )
    return list(by_slug.values())


def _image(field: FileField, stem: str, max_side: int) -> str | None:
    """Store an uploaded image re-encoded as WebP; None when nothing was sent. Raises ImageError with a reason."""
    upload = field.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    data, _w, _h = reencode(upload.read(), max_side)
    return store_media(data, stem, "webp")


def _save(form: ReviewForm, review: PressReview | None) -> PressReview:
    if review is None:
        review = PressReview(
            added_by_id=current_user.id, slug=unique_slug(PressReview, form.title.data or "")
        )
        db.session.add(review)
    for field in (
        "title",
        "outlet",
        "reviewer",
        "published_on",
        "url",
        "excerpt",
        "body_markdown",
        "permission_note",
    ):
        setattr(
            review, field, getattr(form, field).data or ("" if field not in ("url", "published_on") else None)
        )
    review.category = ReviewCategory(form.category.data)
    logo = _image(form.logo, f"logo-{slugify(review.outlet, 40)}", 320)
    if logo:
        review.outlet_logo = logo
    review.tags = _tags(form.tags.data)
    wanted = PublicationStatus(form.status.data)
    needs_approval = settings_store.reviews_need_approval() and current_user.role != Role.PUBLISHER
    review.status = (
        PublicationStatus.PENDING if wanted == PublicationStatus.PUBLISHED and needs_approval else wanted
    )
    db.session.flush()
    return review


@bp.route("/revues/nouvelle", methods=["GET", "POST"])
def new_review() -> ResponseReturnValue:
    form = ReviewForm()
    if form.validate_on_submit() and _saved(form, None):
        review = db.session.scalars(sa.select(PressReview).order_by(PressReview.id.desc())).first()
        assert review is not None
        flash(_("Press review saved."), "info")
        return redirect(url_for("authors_area.edit_review", review_id=review.id), code=303)
    return render_template("authors/review_form.html", form=form, review=None)


@bp.route("/revues/<int:review_id>", methods=["GET", "POST"])
def edit_review(review_id: int) -> ResponseReturnValue:
    review = _editable(db.session.get(PressReview, review_id) or abort(404))
    form = ReviewForm(obj=review)
    if not form.is_submitted():
        form.tags.data = ", ".join(t.name for t in review.tags)
        form.status.data = "published" if review.status != PublicationStatus.DRAFT else "draft"
    if form.validate_on_submit() and _saved(form, review):
        flash(_("Press review saved."), "info")
        return redirect(url_for("authors_area.edit_review", review_id=review.id), code=303)
    return render_template("authors/review_form.html", form=form, review=review)


def _saved(form: ReviewForm, review: PressReview | None) -> bool:
    """Save and commit; an unusable logo puts its reason next to the field and saves nothing."""
    try:
        _save(form, review)
    except ImageError as exc:
        db.session.rollback()
        form.logo.errors = [str(exc)]
        return False
    db.session.commit()
    return True


@bp.route("/profil", methods=["GET", "POST"])
def profile() -> ResponseReturnValue:
    author = current_user.author
    if author is None:
        flash(_("Your account is not linked to an author profile."), "error")
        return redirect(url_for("authors_area.reviews"))
    form = ProfileForm(bio_fr=author.bio.get("fr", ""), bio_en=author.bio.get("en", ""),
                       links="\n".join(f"{link['label']} | {link['url']}" for link in author.links))  # fmt: skip
    if form.validate_on_submit():
        try:
            photo = _image(form.photo, f"author-{author.slug}", 480)
        except ImageError as exc:
            form.photo.errors = [str(exc)]
            return render_template("authors/profile.html", form=form, author=author)
        if photo:
            author.photo = photo
        author.bio = {"fr": form.bio_fr.data or "", "en": form.bio_en.data or ""}
        links = []
        for line in (form.links.data or "").splitlines():
            label, _sep, url = line.partition("|")
            if is_web_url(url.strip(), allow_mailto=True):
                links.append({"label": label.strip()[:80] or url.strip(), "url": url.strip()[:300]})
        author.links = links
        db.session.commit()
        flash(_("Profile saved."), "info")
        return redirect(url_for("authors_area.profile"), code=303)
    return render_template("authors/profile.html", form=form, author=author)
