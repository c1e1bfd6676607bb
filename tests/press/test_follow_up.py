"""Issue 16: after a review copy, one reminder if it was not downloaded, a polite answer to a declined request,
and a list of who received, downloaded and reviewed."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.downloads.models import DownloadGrant
from shop.outbox.models import OutboxEmail
from shop.press.models import ReviewCopyRequest
from tests.backoffice.conftest import login
from tests.factories import make_review, make_user


def _approved(client, db, name: str = "Jean Dupont", days_ago: int = 8) -> ReviewCopyRequest:
    request = ReviewCopyRequest(name=name, outlet="Le Monde", email=f"{name[:4].lower()}@example.com",
                                reason="Critique", locale="fr")  # fmt: skip
    db.session.add(request)
    db.session.commit()
    assert (
        client.post(
            f"/tableau-de-bord/presse/exemplaires/{request.id}", data={"decision": "approved"}
        ).status_code
        == 303
    )
    db.session.expire_all()
    request.decided_at = utcnow() - dt.timedelta(days=days_ago)
    db.session.commit()
    return request


def _templates(db, template: str) -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).filter_by(template=template)))


def test_one_reminder_for_a_copy_not_downloaded_and_none_for_one_that_was(
    app, client, db, runner, book
) -> None:
    login(client, make_user("publisher", email="editeur@example.com"))
    idle = _approved(client, db, "Jean Dupont")
    reader = _approved(client, db, "Anne Martin")
    recent = _approved(client, db, "Paul Durand", days_ago=2)
    grant = db.session.scalars(
        sa.select(DownloadGrant).join(DownloadGrant.order_line).filter_by(order_id=reader.order_id)
    ).first()
    grant.downloads = 1
    db.session.commit()
    for _ in range(2):  # the worker passes again: still one reminder
        result = runner.invoke(args=["shop", "mailing", "queue"])
        assert result.exit_code == 0, result.output
    [reminder] = _templates(db, "review_copy_reminder")
    assert reminder.recipient == idle.email and reminder.order_id == idle.order_id
    db.session.expire_all()
    assert idle.reminded_at and reader.reminded_at and recent.reminded_at is None
    from shop.outbox.rendering import render

    text = render(reminder).text
    assert "/fr/commande/" in text and "pas encore été téléchargé" in text


def test_a_declined_request_is_answered_once(client, db) -> None:
    login(client, make_user("publisher", email="editeur@example.com"))
    request = ReviewCopyRequest(name="Jo", outlet="Le Point", email="jo@example.com", reason="x", locale="en")
    db.session.add(request)
    db.session.commit()
    for _ in range(2):
        client.post(f"/tableau-de-bord/presse/exemplaires/{request.id}", data={"decision": "declined"})
    [answer] = _templates(db, "review_copy_declined")
    assert answer.recipient == "jo@example.com" and answer.locale == "en"


def test_the_list_shows_who_received_downloaded_and_reviewed(client, db, book) -> None:
    login(client, make_user("publisher", email="editeur@example.com"))
    request = _approved(client, db, "Jean Dupont")
    review = make_review(title="Un livre utile", outlet="Le Monde")
    db.session.commit()
    page = client.get("/tableau-de-bord/presse/exemplaires").get_data(as_text=True)
    assert "Pas encore téléchargé" in page
    response = client.post(
        f"/tableau-de-bord/presse/exemplaires/{request.id}/critique", data={"review_id": str(review.id)}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert request.review_id == review.id
    page = client.get("/tableau-de-bord/presse/exemplaires").get_data(as_text=True)
    assert f'<option value="{review.id}" selected>Le Monde · Un livre utile</option>' in page
    bad = client.post(
        f"/tableau-de-bord/presse/exemplaires/{request.id}/critique", data={"review_id": "999999"}
    )
    assert bad.status_code == 400


def test_review_copies_show_in_their_own_export_as_such(client, db, book) -> None:
    login(client, make_user("publisher", email="editeur@example.com"))
    request = _approved(client, db, "=cmd|' /C calc'!A0")  # a name that a spreadsheet would run
    response = client.get("/tableau-de-bord/presse/exemplaires.csv")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, row = text.lstrip("\ufeff").strip().splitlines()
    assert header.startswith("Type;") and row.startswith("Exemplaire de presse (gratuit);")
    assert ";'=cmd" in row and request.email in row
    sales = client.get("/tableau-de-bord/commandes.csv").get_data(as_text=True)
    assert request.email not in sales  # never a sale
