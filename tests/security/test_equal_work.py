"""Known and unknown e-mail addresses cost the same work (asserted on the work done, not on a stopwatch)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from shop.outbox.delivery import deliver_due
from shop.outbox.models import OutboxEmail
from tests.backoffice.conftest import PASSWORD
from tests.delivery.conftest import paid_order


class CountingHasher(PasswordHasher):
    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.verifications = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self.verifications += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch) -> CountingHasher:
    counting = CountingHasher()
    monkeypatch.setattr("shop.accounts.models._hasher", counting)
    return counting


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("editeur@example.com", PASSWORD),
        ("editeur@example.com", "wrong password"),
        ("nobody@example.com", "wrong password"),
        ("inactive@example.com", PASSWORD),
    ],
)
def test_every_login_attempt_verifies_one_argon2_hash(client, db, publisher, hasher, email, password) -> None:
    from tests.factories import make_user

    make_user("publisher", email="inactive@example.com", active=False)
    db.session.commit()
    hasher.verifications = 0
    client.post("/compte/connexion", data={"email": email, "password": password})
    assert hasher.verifications == 1


def test_unknown_account_is_refused_even_with_the_dummy_password(client, db, hasher) -> None:
    response = client.post(
        "/compte/connexion", data={"email": "nobody@example.com", "password": "no account has this password"}
    )
    assert response.status_code == 200 and "/tableau-de-bord" not in (response.location or "")


def test_fresh_links_write_one_outbox_row_for_buyers_and_strangers(app, client, db, book) -> None:
    paid_order(app, book, "ebook", email="zoe@example.com")
    before = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail))
    for email in ("zoe@example.com", "stranger@example.com"):
        response = client.post("/en/liens", data={"email": email})
        assert response.status_code == 303 and response.location.endswith("/en/liens?sent=1")
    rows = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id).offset(before)).all()
    assert [(r.recipient, r.template) for r in rows] == [
        ("zoe@example.com", "fresh_links"),
        ("stranger@example.com", "fresh_links_none"),
    ]
    deliver_due()
    db.session.expire_all()
    stranger = rows[1]
    assert stranger.status.value == "sent" and "no e-book order" in (stranger.body_text or "")
    assert stranger.locale == "en"
