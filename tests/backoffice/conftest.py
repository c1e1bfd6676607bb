from __future__ import annotations

import pytest

from tests.factories import make_author, make_user

PASSWORD = "correct horse battery"


def login(client, user, password: str = PASSWORD, next_url: str | None = None):
    url = "/compte/connexion" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": user.email, "password": password})


@pytest.fixture
def publisher(db):
    user = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    return user


@pytest.fixture
def author_user(db):
    user = make_user("author", email="autrice@example.com", author=make_author(name="Catherine Ertzscheid"))
    db.session.commit()
    return user


from tests.delivery.conftest import book  # noqa: E402, F401 - the same book, with e-book masters, as fixture
