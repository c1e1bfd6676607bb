"""Protected areas: every endpoint refuses anonymous visitors and the wrong role; login is throttled; CSRF holds."""

from __future__ import annotations

import re
from typing import Any

import pytest
from werkzeug.routing import Rule

from tests.backoffice.conftest import login
from tests.factories import make_review, make_user

AREAS = {"dashboard": {"publisher"}, "authors_area": {"author", "publisher"}}


def _url(rule: Rule) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", "1", rule.rule)


def _protected_rules(app) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in AREAS]
    assert len(rules) > 15, "the areas should not be empty"
    return rules


def test_every_protected_endpoint_sends_anonymous_visitors_to_login(app, client) -> None:
    for rule in _protected_rules(app):
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = client.open(_url(rule), method=method)
            assert response.status_code == 302, (rule.endpoint, method)
            assert "/compte/connexion?next=" in response.headers["Location"], rule.endpoint


@pytest.mark.parametrize("role", ["author", "publisher"])
def test_every_protected_endpoint_refuses_the_wrong_role(app, client, db, role: str) -> None:
    user = make_user(role)
    db.session.commit()
    login(client, user)
    for rule in _protected_rules(app):
        allowed = AREAS[rule.endpoint.split(".")[0]]
        if role in allowed:
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert client.open(_url(rule), method=method).status_code == 403, (rule.endpoint, method)


def test_login_redirects_safely(client, publisher) -> None:
    assert (
        login(client, publisher, next_url="/tableau-de-bord/commandes").headers["Location"]
        == "/tableau-de-bord/commandes"
    )
    client.post("/compte/deconnexion")
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        assert login(client, publisher, next_url=evil).headers["Location"] == "/tableau-de-bord/"
        client.post("/compte/deconnexion")


def test_wrong_password_is_refused_in_french_and_throttled(client, publisher) -> None:
    response = login(client, publisher, password="nope")
    assert response.status_code == 200 and "Adresse e-mail ou mot de passe incorrect." in response.get_data(
        as_text=True
    )
    codes = [login(client, publisher, password="nope").status_code for _ in range(10)]
    assert codes[-1] == 429


def test_inactive_accounts_cannot_log_in(client, db, publisher) -> None:
    publisher.active = False
    db.session.commit()
    assert login(client, publisher).status_code == 200


@pytest.fixture
def app_overrides(request) -> dict[str, Any]:
    return {"WTF_CSRF_ENABLED": True} if request.node.name.startswith("test_csrf") else {}


def test_csrf_a_post_without_token_is_refused(app, client, db, publisher) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = publisher.get_id()
        session["_fresh"] = True
    order_note = client.post("/tableau-de-bord/commandes/1/note", data={"text": "x"})
    assert order_note.status_code == 400
    review = make_review()
    db.session.commit()
    assert client.post(f"/espace-auteur/revues/{review.id}", data={"title": "hacked"}).status_code == 400


def test_authors_edit_only_their_own_reviews(client, db, author_user) -> None:
    mine = make_review(added_by_id=author_user.id)
    other = make_review(added_by_id=make_user("author").id)
    db.session.commit()
    login(client, author_user)
    assert client.get(f"/espace-auteur/revues/{mine.id}").status_code == 200
    assert client.get(f"/espace-auteur/revues/{other.id}").status_code == 403


def test_password_reset_by_emailed_token(client, db, publisher) -> None:
    from shop.outbox.models import OutboxEmail

    client.post("/compte/mot-de-passe", data={"email": publisher.email})
    email = db.session.query(OutboxEmail).one()
    link = email.context["link"].replace("http://shop.test", "")
    response = client.post(link, data={"password": "a new long password", "confirm": "a new long password"})
    assert response.status_code == 302
    assert login(client, publisher, password="a new long password").status_code == 302
    assert (
        client.post(link, data={"password": "another one here", "confirm": "another one here"}).status_code
        == 302
    )
    assert login(client, publisher, password="another one here").status_code == 200  # the old link died
