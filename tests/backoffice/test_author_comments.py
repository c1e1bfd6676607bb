"""Authors moderate the comments on their own reviews and interviews, and only those; the form says they can."""

from __future__ import annotations

import sqlalchemy as sa

from shop.editorial.comments import Comment, CommentStatus, CommentTarget, add_comment
from tests.backoffice.conftest import login
from tests.factories import make_interview, make_review, make_user


def _comment(target: CommentTarget, target_id: int, body: str) -> Comment:
    return add_comment(target, target_id, "Léa", "lea@example.com", body, "h")


def test_an_author_sees_and_moderates_only_comments_on_their_own_pieces(
    app, client, db, book, author_user
) -> None:
    other = make_user("author", email="autre@example.com")
    mine = make_review(added_by_id=author_user.id, title="Ma revue")
    theirs = make_review(added_by_id=other.id, title="Sa revue")
    named = make_interview(title="Notre entretien", authors=[author_user.author])  # added by the publisher
    on_mine = _comment(CommentTarget.REVIEW, mine.id, "Bravo pour la revue")
    on_theirs = _comment(CommentTarget.REVIEW, theirs.id, "Pas pour vous")
    on_named = _comment(CommentTarget.INTERVIEW, named.id, "Merci pour l'entretien")
    db.session.commit()
    login(client, author_user)
    page = client.get("/espace-auteur/commentaires").get_data(as_text=True)
    assert "Bravo pour la revue" in page and "Merci pour l&#39;entretien" in page and "Ma revue" in page
    assert "Pas pour vous" not in page and "lea@example.com" not in page

    url = "/espace-auteur/commentaires/{}"
    assert client.post(url.format(on_mine.id), data={"decision": "approved"}).status_code == 303
    assert client.post(url.format(on_named.id), data={"decision": "rejected"}).status_code == 303
    assert client.post(url.format(on_theirs.id), data={"decision": "approved"}).status_code == 403
    assert client.post(url.format(on_mine.id), data={"decision": "delete"}).status_code == 400
    assert client.post(url.format(999999), data={"decision": "approved"}).status_code == 404
    db.session.expire_all()
    statuses = {c.id: c.status for c in db.session.scalars(sa.select(Comment))}
    assert statuses == {on_mine.id: CommentStatus.APPROVED, on_named.id: CommentStatus.REJECTED,
                        on_theirs.id: CommentStatus.PENDING}  # fmt: skip
    assert "Bravo pour la revue" in client.get(f"/fr/presse/{mine.slug}").get_data(as_text=True)


def test_the_publisher_sees_every_waiting_comment_there_too(app, client, db, publisher) -> None:
    review = make_review()
    _comment(CommentTarget.REVIEW, review.id, "Un commentaire")
    db.session.commit()
    login(client, publisher)
    assert "Un commentaire" in client.get("/espace-auteur/commentaires?lang=en").get_data(as_text=True)


def test_the_comment_form_says_the_author_moderates(app, client, db, book) -> None:
    review = make_review()
    db.session.commit()
    page = client.get(f"/fr/presse/{review.slug}/commentaires").get_data(as_text=True)
    assert "l’auteur de cette page" in page
