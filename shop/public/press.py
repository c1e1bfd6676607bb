"""Press reviews, interviews and the comments readers leave on them."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from shop.editorial import comments
from shop.editorial.comments import CommentTarget
from shop.editorial.models import ReviewCategory
from shop.extensions import csrf, db, limiter
from shop.public import queries, structured
from shop.public.comment_form import CommentForm
from shop.public.views import bp


@bp.get("/presse/")
def reviews() -> ResponseReturnValue:
    category = request.args.get("categorie") or None
    tag = request.args.get("tag") or None
    if category and category not in {c.value for c in ReviewCategory}:
        category = None
    page = queries.paginate(
        queries.published_reviews(category, tag), queries.parse_page(request.args.get("page"))
    )
    return render_template(
        "public/reviews.html",
        page=page,
        category=category,
        tag=tag,
        filters={k: v for k, v in (("categorie", category), ("tag", tag)) if v},
        categories=list(ReviewCategory),
        tags=queries.tags_in_use(),
        book=queries.the_book(),
    )


def _render_review(slug: str, form: CommentForm | None = None, status: int = 200) -> ResponseReturnValue:
    review = queries.review_or_404(slug)
    book = queries.the_book()
    form = form or CommentForm(target=f"review:{review.id}")
    return render_template(
        "public/review.html",
        review=review,
        book=book,
        form=form,
        comments=comments.approved_comments(CommentTarget.REVIEW, review.id),
        jsonld=structured.review_jsonld(review, book),
        posted=request.args.get("commentaire") == "merci",
    ), status


@bp.get("/presse/<slug>")
def review(slug: str) -> ResponseReturnValue:
    return _render_review(slug)


@bp.get("/entretiens/")
def interviews() -> ResponseReturnValue:
    page = queries.paginate(queries.published_interviews(), queries.parse_page(request.args.get("page")))
    return render_template("public/interviews.html", page=page, book=queries.the_book())


def _render_interview(slug: str, form: CommentForm | None = None, status: int = 200) -> ResponseReturnValue:
    interview = queries.interview_or_404(slug)
    form = form or CommentForm(target=f"interview:{interview.id}")
    return render_template(
        "public/interview.html",
        interview=interview,
        book=queries.the_book(),
        form=form,
        comments=comments.approved_comments(CommentTarget.INTERVIEW, interview.id),
        posted=request.args.get("commentaire") == "merci",
    ), status


@bp.get("/entretiens/<slug>")
def interview(slug: str) -> ResponseReturnValue:
    return _render_interview(slug)


def _comment_limit() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per hour")


def _post_comment(
    target: CommentTarget, target_id: int, endpoint: str, slug: str
) -> ResponseReturnValue | CommentForm:
    """Store a valid comment and redirect (PRG); an invalid form comes back to be shown with its errors."""
    form = CommentForm(MultiDict(request.form), target=f"{target.value}:{target_id}")
    if not form.validate():
        return form
    if not form.is_spam():  # a bot filling the honeypot gets the same answer and stores nothing
        ip_hash = comments.hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])
        comments.add_comment(
            target, target_id, form.name.data or "", form.email.data or "", form.body.data or "", ip_hash
        )
        db.session.commit()
    return redirect(url_for(endpoint, slug=slug, commentaire="merci", _anchor="commentaires"), code=303)


# Exempt from session CSRF on purpose: the form carries its own signed token (see comment_form.py).
@bp.post("/presse/<slug>/commentaires")
@csrf.exempt
@limiter.limit(_comment_limit, methods=["POST"])
def comment_review(slug: str) -> ResponseReturnValue:
    review = queries.review_or_404(slug)
    result = _post_comment(CommentTarget.REVIEW, review.id, "public.review", slug)
    return _render_review(slug, result, status=422) if isinstance(result, CommentForm) else result


@bp.post("/entretiens/<slug>/commentaires")
@csrf.exempt
@limiter.limit(_comment_limit, methods=["POST"])
def comment_interview(slug: str) -> ResponseReturnValue:
    interview = queries.interview_or_404(slug)
    result = _post_comment(CommentTarget.INTERVIEW, interview.id, "public.interview", slug)
    return _render_interview(slug, result, status=422) if isinstance(result, CommentForm) else result
