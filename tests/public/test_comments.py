"""Reader comments: held for approval, escaped, defended against spam without third parties."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from lxml import html

from shop.editorial.comments import Comment, CommentStatus, CommentTarget, moderate, pending_comments
from shop.public.comment_form import make_token
from shop.public.queries import review_or_404

REVIEW = "/fr/presse/reseau-des-cci-pratiques-web-social"


def _form(client, path: str) -> dict[str, str]:
    page = client.get(f"{path}/commentaires")
    assert page.headers["Cache-Control"] == "no-store" and "Set-Cookie" not in page.headers
    doc = html.fromstring(page.get_data(as_text=True))
    token = doc.xpath("//input[@name='token']/@value")[0]
    return {
        "name": "Zoé",
        "email": "zoe@example.com",
        "body": "Très bon livre !",
        "website": "",
        "token": token,
    }


def _aged_token(app, target: str, seconds: int = 60) -> str:
    with app.test_request_context():
        return make_token(target, now=time.time() - seconds)


def _review_target(app) -> str:
    with app.test_request_context():
        return f"review:{review_or_404('reseau-des-cci-pratiques-web-social').id}"


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) or 0


def test_comment_is_held_for_moderation_then_shown_escaped(app, client, demo) -> None:
    data = _form(client, REVIEW) | {
        "body": "<script>alert(1)</script> Bravo",
        "token": _aged_token(app, _review_target(app)),
    }
    response = client.post(f"{REVIEW}/commentaires", data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{REVIEW}?commentaire=merci#commentaires")
    assert "Set-Cookie" not in response.headers
    thanks = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "apparaîtra dès qu'il aura été approuvé" in thanks
    assert "Bravo" not in thanks  # pending: invisible
    [comment] = pending_comments()
    assert (comment.status, comment.target_type, comment.email) == (
        CommentStatus.PENDING,
        CommentTarget.REVIEW,
        "zoe@example.com",
    )
    assert len(comment.ip_hash) == 64 and "127.0.0.1" not in comment.ip_hash
    moderate(comment, CommentStatus.APPROVED)
    demo.session.commit()
    page = client.get(REVIEW).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bravo" in page and "<script>alert(1)" not in page
    assert "zoe@example.com" not in page


def test_rejected_comments_stay_hidden(app, client, demo) -> None:
    data = _form(client, REVIEW) | {"body": "Spam spam", "token": _aged_token(app, _review_target(app))}
    client.post(f"{REVIEW}/commentaires", data=data)
    moderate(pending_comments()[0], CommentStatus.REJECTED)
    demo.session.commit()
    assert "Spam spam" not in client.get(REVIEW).get_data(as_text=True)


def test_honeypot_gets_the_same_answer_and_stores_nothing(app, client, demo) -> None:
    data = _form(client, REVIEW) | {
        "website": "http://spam.example",
        "token": _aged_token(app, _review_target(app)),
    }
    response = client.post(f"{REVIEW}/commentaires", data=data)
    assert response.status_code == 303 and _count(demo) == 0


def test_too_fast_is_refused_with_a_message_and_input_kept(client, demo) -> None:
    data = _form(client, REVIEW) | {"body": "Un avis réfléchi"}
    response = client.post(f"{REVIEW}/commentaires", data=data)
    assert response.status_code == 422 and _count(demo) == 0
    doc = html.fromstring(response.get_data(as_text=True))
    assert "C'était rapide" in doc.text_content()
    assert [t.strip() for t in doc.xpath("//textarea[@name='body']/text()")] == ["Un avis réfléchi"]
    assert doc.xpath("//input[@name='name']/@value") == ["Zoé"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Merci d'indiquer votre nom."),
        ("email", "pas-une-adresse", "Cette adresse e-mail n'est pas valide."),
        ("body", "", "Merci d'écrire un commentaire."),
        ("token", "forged", "Ce formulaire a expiré"),
    ],
)
def test_invalid_input_is_explained_in_french(
    app, client, demo, field: str, value: str, message: str
) -> None:
    data = _form(client, REVIEW) | {"token": _aged_token(app, _review_target(app))} | {field: value}
    response = client.post(f"{REVIEW}/commentaires", data=data)
    assert response.status_code == 422 and _count(demo) == 0
    assert message in html.fromstring(response.get_data(as_text=True)).text_content()
    assert "Set-Cookie" not in response.headers


def test_a_token_for_another_page_is_refused(app, client, demo) -> None:
    data = _form(client, REVIEW) | {"token": _aged_token(app, "interview:1")}
    assert client.post(f"{REVIEW}/commentaires", data=data).status_code == 422


def test_rate_limited_per_address(app, client, demo) -> None:
    app.config["COMMENT_RATE_LIMIT"] = "2 per hour"
    data = _form(client, REVIEW)
    # A fresh form each time: a token is single use, and the limit must hold across distinct forms.
    codes = [
        client.post(
            f"{REVIEW}/commentaires", data=data | {"token": _aged_token(app, _review_target(app))}
        ).status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    assert _count(demo) == 2


def test_interview_comments(app, client, demo) -> None:
    path = "/en/entretiens/trois-community-managers-racontent-leur-livre"
    assert f"{path}/commentaires" in client.get(path).get_data(as_text=True)
    interview_id = demo.session.scalar(sa.text("SELECT id FROM interviews"))
    data = _form(client, path) | {"token": _aged_token(app, f"interview:{interview_id}")}
    response = client.post(f"{path}/commentaires", data=data)
    assert response.status_code == 303
    assert pending_comments()[0].target_type == CommentTarget.INTERVIEW
