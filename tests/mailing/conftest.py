from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from shop.mailing.models import Subscriber
from shop.outbox.models import OutboxEmail
from tests.factories import make_book


@pytest.fixture
def book(db):
    book = make_book(title="Le Community Management")
    db.session.commit()
    return book


def sign_up(client, email: str, lang: str = "fr", consent: bool = True, **extra: str):
    data = {"email": email, "source": "book_page", **extra}
    if consent:
        data["consent"] = "y"
    return client.post(f"/{lang}/lettre/", data=data)


def subscriber(db, email: str) -> Subscriber | None:
    db.session.expire_all()
    return db.session.scalars(sa.select(Subscriber).filter_by(email=email)).first()


def outbox(db, template: str | None = None) -> list[OutboxEmail]:
    db.session.expire_all()
    query = sa.select(OutboxEmail).order_by(OutboxEmail.id)
    if template:
        query = query.filter_by(template=template)
    return list(db.session.scalars(query))


def link_in(text: str, kind: str) -> str:
    match = re.search(rf"http://shop\.test(/(?:fr|en)/lettre/{kind}/[A-Za-z0-9_.-]+)", text)
    assert match, text
    return match.group(1)


def confirm_link(db, email: str) -> str:
    """The confirmation link as the reader would receive it (rendered like the outbox does)."""
    from shop.outbox.rendering import render

    row = [e for e in outbox(db, "mailing_confirm") if e.recipient == email][-1]
    return link_in(render(row).text, "confirmer")


def confirmed(client, db, email: str, lang: str = "fr") -> Subscriber:
    sign_up(client, email, lang)
    assert client.post(confirm_link(db, email)).status_code == 200
    found = subscriber(db, email)
    assert found is not None
    return found
