"""One comment form, one comment; a session ends for good at logout, password change or the publisher's button."""

from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask.testing import FlaskClient

from shop.accounts.models import User
from shop.accounts.views import reset_token
from shop.editorial.comments import Comment
from tests.backoffice.conftest import login
from tests.public.test_comments import REVIEW, _aged_token, _form, _review_target


def test_a_comment_token_works_once(app, client, demo) -> None:
    data = _form(client, REVIEW) | {"token": _aged_token(app, _review_target(app))}
    first = client.post(f"{REVIEW}/commentaires", data=data)
    replays = [client.post(f"{REVIEW}/commentaires", data=data) for _ in range(4)]
    assert first.status_code == 303
    assert {r.status_code for r in replays} == {422}
    assert "déjà été envoyé" in replays[0].get_data(as_text=True)
    assert demo.session.scalar(sa.select(sa.func.count()).select_from(Comment)) == 1


def test_two_forms_opened_in_the_same_second_have_distinct_tokens(app) -> None:
    target = "review:1"
    assert _aged_token(app, target) != _aged_token(app, target)


def _copy_cookies(source: FlaskClient, target: FlaskClient) -> None:
    for cookie in source._cookies.values():
        target.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)


def _dashboard_status(client: FlaskClient) -> int:
    # The test app context outlives requests; Flask-Login caches the user in `g`, which a real request never shares.
    g.pop("_login_user", None)
    return client.get("/tableau-de-bord/").status_code


def test_a_copied_cookie_dies_at_logout(app, client, db, publisher) -> None:
    login(client, publisher)
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert _dashboard_status(thief) == 200
    client.post("/compte/deconnexion")
    assert _dashboard_status(thief) == 302


def test_a_session_opened_before_a_password_reset_dies_with_it(app, client, db, publisher) -> None:
    login(client, publisher)
    assert _dashboard_status(client) == 200
    other = app.test_client()
    with app.test_request_context():
        token = reset_token(publisher)
    other.post(
        f"/compte/mot-de-passe/{token}",
        data={"password": "a new long password", "confirm": "a new long password"},
    )
    assert _dashboard_status(client) == 302
    assert login(other, publisher, "a new long password").status_code == 302
    assert _dashboard_status(other) == 200


def test_the_publisher_logs_out_every_other_session(app, client, db, book, publisher) -> None:
    login(client, publisher)
    laptop = app.test_client()
    login(laptop, publisher)
    g.pop("_login_user", None)
    page = client.get("/tableau-de-bord/reglages").get_data(as_text=True)
    assert "/tableau-de-bord/reglages/sessions/terminer" in page
    assert client.post("/tableau-de-bord/reglages/sessions/terminer").status_code == 303
    assert _dashboard_status(laptop) == 302
    assert _dashboard_status(client) == 200


def test_the_old_bare_id_session_is_not_accepted(app, client, db, publisher) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = str(publisher.id)
        session["_fresh"] = True
    assert _dashboard_status(client) == 302
    assert db.session.get(User, publisher.id).get_id() == f"{publisher.id}:{publisher.session_version}"
