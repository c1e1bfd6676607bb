"""Double opt-in, consent proof, no enumeration, rate limit, one-click unsubscribe (RFC 8058), export and erasure."""

from __future__ import annotations

import json

import pytest
from flask_babel import force_locale

from shop.mailing import sending
from shop.mailing.actions import CONSENT_WORDING
from shop.mailing.models import Mailing, MailingStatus, SubscriberStatus
from shop.outbox.delivery import deliver_due
from shop.outbox.models import EmailStatus
from tests.backoffice.conftest import login
from tests.factories import make_user
from tests.mailing.conftest import confirm_link, confirmed, link_in, outbox, sign_up, subscriber


def test_signup_form_on_the_book_page_is_unticked_and_in_both_languages(client, book) -> None:
    for lang, wording in (("fr", "Je souhaite recevoir"), ("en", "I would like to receive")):
        page = client.get(f"/{lang}/").get_data(as_text=True)
        assert f'action="/{lang}/lettre/"' in page
        assert 'name="consent" value="y">' in page  # never pre-ticked
        assert wording in page
    assert "Set-Cookie" not in client.get("/fr/").headers


def test_double_opt_in_records_the_proof_and_mails_nothing_before_confirmation(app, client, db, book) -> None:
    response = sign_up(client, "Lea@Example.com", lang="en")
    assert response.status_code == 303 and response.headers["Location"] == "/en/lettre/merci"
    pending = subscriber(db, "lea@example.com")
    assert pending is not None and pending.status == SubscriberStatus.PENDING
    with force_locale("en"):
        assert pending.consent_text == str(CONSENT_WORDING)
    assert (pending.consent_version, pending.consent_source.value, pending.locale) == (
        "2026-11",
        "book_page",
        "en",
    )
    assert pending.consent_at is not None and pending.consent_at.tzinfo is not None

    mailing = Mailing(subject="News", body_markdown="Hello **readers**", language="en")
    db.session.add(mailing)
    sending.start(mailing)
    db.session.commit()
    assert sending.queue_all() == 0  # a pending address receives no mailing
    assert outbox(db, "mailing") == []

    link = confirm_link(db, "lea@example.com")
    assert client.get(link).status_code == 200  # a GET (a mail scanner) confirms nothing
    assert subscriber(db, "lea@example.com").status == SubscriberStatus.PENDING
    assert client.post(link).status_code == 200
    assert subscriber(db, "lea@example.com").status == SubscriberStatus.CONFIRMED
    assert client.post("/en/lettre/confirmer/forged-token").status_code == 404

    later = Mailing(subject="Later", body_markdown="Hi", language="en")
    db.session.add(later)
    sending.start(later)
    db.session.commit()
    assert sending.queue_all() == 1


def test_consent_must_be_ticked(client, db, book) -> None:
    response = sign_up(client, "no-box@example.com", consent=False)
    assert response.status_code == 422
    assert "Veuillez cocher la case" in response.get_data(as_text=True)
    assert subscriber(db, "no-box@example.com") is None and outbox(db) == []


def test_sign_up_answers_the_same_for_new_pending_confirmed_and_unsubscribed_addresses(
    client, db, book
) -> None:
    confirmed(client, db, "known@example.com")
    sign_up(client, "pending@example.com")
    gone = confirmed(client, db, "gone@example.com")
    from shop.mailing.actions import unsubscribe

    unsubscribe(gone)
    db.session.commit()

    answers = set()
    for email in ("new@example.com", "known@example.com", "pending@example.com", "gone@example.com"):
        response = sign_up(client, email)
        answers.add(
            (
                response.status_code,
                response.headers["Location"],
                response.get_data(),
                "Set-Cookie" in response.headers,
            )
        )
    assert len(answers) == 1
    status, location, _body, sets_cookie = answers.pop()
    assert (status, location, sets_cookie) == (303, "/fr/lettre/merci", False)
    # A confirmed address is not mailed again; the others get at most one link a day each.
    recipients = [e.recipient for e in outbox(db, "mailing_confirm")]
    assert recipients.count("known@example.com") == 1  # the one of its own sign-up, nothing more
    assert recipients.count("pending@example.com") == 1
    assert recipients.count("new@example.com") == 1
    assert subscriber(db, "gone@example.com").status == SubscriberStatus.PENDING


@pytest.mark.parametrize("limit_hit_after", [10])
def test_sign_up_is_rate_limited(client, db, book, limit_hit_after: int) -> None:
    codes = [sign_up(client, f"reader{i}@example.com").status_code for i in range(limit_hit_after + 1)]
    assert codes[:limit_hit_after] == [303] * limit_hit_after
    assert codes[-1] == 429


def test_honeypot_stores_nothing(client, db, book) -> None:
    assert sign_up(client, "bot@example.com", website="http://spam.example").status_code == 303
    assert subscriber(db, "bot@example.com") is None


def _letter(app, db, client, email: str) -> tuple[Mailing, str]:
    confirmed(client, db, email)
    mailing = Mailing(subject="La lettre", body_markdown="Bonjour **lecteurs**", language="fr")
    db.session.add(mailing)
    sending.start(mailing)
    db.session.commit()
    sending.queue_all()
    return mailing, email


def test_mailing_carries_rfc_8058_headers_and_a_link_over_real_smtp(
    app, client, db, book, smtp_server
) -> None:
    _letter(app, db, client, "reader@example.com")
    for row in outbox(db):  # the confirmation went out already; make the letter due now
        row.next_attempt_at = row.created_at
    db.session.commit()
    deliver_due()
    letters = [m for m in smtp_server.messages if m["Subject"] == "La lettre"]
    assert len(letters) == 1
    letter = letters[0]
    unsubscribe = letter["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://shop.test/fr/lettre/desinscription/") and unsubscribe.endswith(">")
    assert letter["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = letter.get_body(preferencelist=("plain",)).get_content()
    assert unsubscribe[1:-1] in text
    assert "<strong>lecteurs</strong>" in letter.get_body(preferencelist=("html",)).get_content()
    confirmations = [m for m in smtp_server.messages if m["Subject"] != "La lettre"]
    assert confirmations and all("List-Unsubscribe" not in m for m in confirmations)


def test_one_click_unsubscribe_is_a_post_without_session_and_withdraws_queued_letters(app, db, book) -> None:
    setup_client = app.test_client()
    mailing, email = _letter(app, db, setup_client, "reader@example.com")
    from shop.outbox.rendering import render

    row = outbox(db, "mailing")[0]
    link = link_in(render(row).text, "desinscription")

    mail_provider = app.test_client()  # no cookie, no CSRF token: only the signed URL
    response = mail_provider.post(
        link, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert subscriber(db, email).status == SubscriberStatus.UNSUBSCRIBED
    assert (
        mail_provider.post("/fr/lettre/desinscription/forged").status_code == 200
    )  # harmless, nothing changes

    row = outbox(db, "mailing")[0]
    row.next_attempt_at = row.created_at
    db.session.commit()
    deliver_due()
    assert outbox(db, "mailing")[0].status == EmailStatus.CANCELED  # effective at once
    assert sending.counts(mailing).canceled == 1


def test_publisher_exports_and_erases_a_subscriber(app, client, db, book) -> None:
    found = confirmed(client, db, "ask@example.com")
    publisher = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    login(client, publisher)
    page = client.get("/tableau-de-bord/lettre").get_data(as_text=True)
    assert "ask@example.com" in page and "Confirmé" in page
    exported = client.get(f"/tableau-de-bord/lettre/abonnes/{found.id}/export")
    data = json.loads(exported.get_data(as_text=True))
    assert data["email"] == "ask@example.com" and data["consent"]["version"] == "2026-11"
    assert data["consent"]["source"] == "book_page" and data["consent"]["wording"].startswith("Je souhaite")
    assert client.post(f"/tableau-de-bord/lettre/abonnes/{found.id}/supprimer").status_code == 303
    assert subscriber(db, "ask@example.com") is None
    assert all(e.recipient != "ask@example.com" for e in outbox(db))


def test_checkout_box_is_unticked_and_subscribes_only_when_ticked(client, db, book) -> None:
    from tests.checkout.conftest import add, checkout

    ebook = next(e for e in book.editions if e.format.value == "ebook")
    add(client, ebook)
    page = client.get("/fr/panier").get_data(as_text=True)
    assert 'id="newsletter" name="newsletter" value="y">' in page
    checkout(client, email="buyer@example.com")
    assert subscriber(db, "buyer@example.com") is None
    add(client, ebook)
    checkout(client, email="fan@example.com", newsletter="y")
    fan = subscriber(db, "fan@example.com")
    assert (
        fan is not None and fan.status == SubscriberStatus.PENDING and fan.consent_source.value == "checkout"
    )


def test_mailing_status_labels_are_translated(app, db) -> None:
    from shop.mailing.labels import MAILING_STATUS

    assert set(MAILING_STATUS) == set(MailingStatus)
