"""Press reviews, interviews and the comments readers leave on them."""

from __future__ import annotations

import datetime as dt

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from shop.core import parsing
from shop.editorial import comments
from shop.editorial.comments import CommentTarget
from shop.editorial.models import ReviewCategory
from shop.extensions import csrf, db, limiter
from shop.public import queries, structured
from shop.public.comment_form import MAX_AGE_SECONDS, CommentForm
from shop.public.views import bp


@bp.get("/presse/")
def reviews() -> ResponseReturnValue:
    category = parsing.arg_text("categorie", 40)
    tag = parsing.arg_text("tag", 80)
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


@bp.get("/presse/<slug>")
def review(slug: str) -> ResponseReturnValue:
    review = queries.review_or_404(slug)
    book = queries.the_book()
    return render_template(
        "public/review.html",
        review=review,
        book=book,
        comments=comments.approved_comments(CommentTarget.REVIEW, review.id),
        comment_url=url_for("public.comment_review", slug=slug),
        jsonld=structured.review_jsonld(review, book),
        posted=request.args.get("commentaire") == "merci",
    )


@bp.get("/entretiens/")
def interviews() -> ResponseReturnValue:
    page = queries.paginate(queries.published_interviews(), queries.parse_page(request.args.get("page")))
    return render_template("public/interviews.html", page=page, book=queries.the_book())


@bp.get("/entretiens/<slug>")
def interview(slug: str) -> ResponseReturnValue:
    interview = queries.interview_or_404(slug)
    return render_template(
        "public/interview.html",
        interview=interview,
        book=queries.the_book(),
        comments=comments.approved_comments(CommentTarget.INTERVIEW, interview.id),
        comment_url=url_for("public.comment_interview", slug=slug),
        posted=request.args.get("commentaire") == "merci",
    )


def _form_page(title: str, back_url: str, form: CommentForm, status: int = 200) -> ResponseReturnValue:
    """The comment form has a page of its own: its token carries a timestamp, so it is never cached, while the
    review or interview it belongs to stays byte-identical between requests (stable ETag)."""
    response = make_response(
        render_template(
            "public/comment_form.html", title=title, back_url=back_url, form=form, book=queries.the_book()
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _comment_limit() -> str:
    return current_app.config.get("COMMENT_RATE_LIMIT", "5 per hour")


def _post_comment(
    target: CommentTarget, target_id: int, endpoint: str, slug: str
) -> ResponseReturnValue | CommentForm:
    """Store a valid comment and redirect (PRG); an invalid form comes back to be shown with its errors."""
    form = CommentForm(MultiDict(request.form), target=f"{target.value}:{target_id}")
    if not form.validate():
        return form
    if not comments.use_token(form.token.data or "", dt.timedelta(seconds=MAX_AGE_SECONDS)):
        form.refuse_used_token()
        return form
    if not form.is_spam():  # a bot filling the honeypot gets the same answer and stores nothing
        ip_hash = comments.hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])
        comments.add_comment(
            target, target_id, form.name.data or "", form.email.data or "", form.body.data or "", ip_hash
        )
        db.session.commit()
    return redirect(url_for(endpoint, slug=slug, commentaire="merci", _anchor="commentaires"), code=303)


# Exempt from session CSRF on purpose: the form carries its own signed token (see comment_form.py).
@bp.route("/presse/<slug>/commentaires", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(_comment_limit, methods=["POST"])
def comment_review(slug: str) -> ResponseReturnValue:
    review = queries.review_or_404(slug)
    back = url_for("public.review", slug=slug)
    if request.method == "GET":
        return _form_page(review.title, back, CommentForm(target=f"review:{review.id}"))
    result = _post_comment(CommentTarget.REVIEW, review.id, "public.review", slug)
    return _form_page(review.title, back, result, status=422) if isinstance(result, CommentForm) else result


@bp.route("/entretiens/<slug>/commentaires", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(_comment_limit, methods=["POST"])
def comment_interview(slug: str) -> ResponseReturnValue:
    interview = queries.interview_or_404(slug)
    back = url_for("public.interview", slug=slug)
    if request.method == "GET":
        return _form_page(interview.title, back, CommentForm(target=f"interview:{interview.id}"))
    result = _post_comment(CommentTarget.INTERVIEW, interview.id, "public.interview", slug)
    return (
        _form_page(interview.title, back, result, status=422) if isinstance(result, CommentForm) else result
    )
