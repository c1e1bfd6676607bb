"""In Chromium: a reader signs up from the book page and confirms; the publisher sends a mailing; an author adds an
event that appears on the agenda and the book page in both languages. The confirmation and unsubscribe pages pass axe
and the Nu checker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from shop.catalog.demo import load_demo
from shop.mailing.models import Subscriber, SubscriberStatus
from shop.mailing.tokens import unsubscribe_token
from shop.outbox.models import OutboxEmail
from shop.outbox.rendering import render
from tests.browser.test_back_office import _login
from tests.browser_checks import axe_violations, html_errors

pytestmark = pytest.mark.browser


def _confirmation_path(db, email: str) -> str:
    db.session.expire_all()
    row = db.session.scalars(
        sa.select(OutboxEmail).filter_by(template="mailing_confirm", recipient=email)
    ).one()
    match = re.search(r"https?://[^/\s]+(/fr/lettre/confirmer/\S+)", render(row).text)
    assert match
    return match.group(1)


def test_reader_signs_up_and_confirms(page, db, tmp_path: Path) -> None:
    load_demo()
    db.session.commit()
    page.goto("/fr/")
    page.get_by_label("Votre adresse e-mail").fill("lectrice@example.com")
    page.get_by_label("Je souhaite recevoir").check()
    page.get_by_role("button", name="S'inscrire").click()
    page.wait_for_url("**/fr/lettre/merci")
    assert page.get_by_role("heading", name="Consultez votre messagerie").is_visible()
    assert page.context.cookies() == []
    subscriber = db.session.scalars(sa.select(Subscriber)).one()
    assert subscriber.status == SubscriberStatus.PENDING

    documents: dict[str, str] = {}
    confirm = _confirmation_path(db, "lectrice@example.com")
    documents["confirm"] = page.goto(confirm).text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirmer mon inscription").click()
    assert page.get_by_role("heading", name="Vous êtes inscrit").is_visible()
    db.session.expire_all()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    path = f"/fr/lettre/desinscription/{unsubscribe_token(subscriber)}"  # the link every letter carries
    documents["unsubscribe"] = page.goto(path).text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Me désinscrire de la lettre").click()
    assert page.get_by_role("heading", name="Vous êtes désinscrit").is_visible()
    db.session.expire_all()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert html_errors(documents, tmp_path) == []


def test_author_adds_an_event_shown_on_the_agenda_and_book_page_in_both_languages(page, db) -> None:
    report = load_demo()
    db.session.commit()
    passwords = {email: password for _role, email, password in report.accounts}
    _login(page, "catherine@diateino.example", passwords["catherine@diateino.example"])
    page.wait_for_url("**/espace-auteur/")
    page.get_by_role("link", name="Événements").click()
    page.get_by_role("link", name="Ajouter un événement").click()
    page.get_by_label("Titre", exact=True).fill("Rencontre à la librairie Dialogues")
    page.get_by_label("Début (heure locale)").fill("2099-05-20T18:30")
    page.get_by_label("Lieu", exact=True).fill("Librairie Dialogues")
    page.get_by_label("Adresse", exact=True).fill("Rue de Siam, 29200 Brest")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("L'événement est à l'agenda.").is_visible()
    for lang, heading in (("fr", "Événements à venir"), ("en", "Upcoming events")):
        page.goto(f"/{lang}/agenda")
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.get_by_role("heading", name="Rencontre à la librairie Dialogues").is_visible()
        page.goto(f"/{lang}/")
        assert page.get_by_role("link", name="Rencontre à la librairie Dialogues").is_visible()


def test_publisher_writes_previews_tests_and_sends_a_mailing(page, db) -> None:
    """Written in Markdown, previewed, a test copy to the publisher, then queued for the confirmed subscribers of
    that language only, each exactly once."""
    from shop.mailing.models import Mailing, MailingStatus, SignupSource
    from shop.mailing.sending import queue_all
    from tests.browser.test_back_office import _demo_passwords

    passwords = _demo_passwords()
    for email, locale, status in (("a@example.com", "fr", SubscriberStatus.CONFIRMED),
                                  ("b@example.com", "fr", SubscriberStatus.PENDING),
                                  ("c@example.com", "en", SubscriberStatus.CONFIRMED)):  # fmt: skip
        db.session.add(Subscriber(email=email, locale=locale, status=status, consent_text="Oui",
                                  consent_version="1", consent_source=SignupSource.BOOK_PAGE))  # fmt: skip
    db.session.commit()
    publisher = next(email for email in passwords if email.startswith("editeur"))
    _login(page, publisher, passwords[publisher])
    page.goto("/tableau-de-bord/lettre")
    page.get_by_label("Objet").fill("Rencontre à Lyon")
    page.get_by_label("Texte (Markdown)").fill("Bonjour,\n\n**Rendez-vous** le 4 mai à la librairie.")
    page.get_by_role("button", name="Enregistrer et prévisualiser").click()
    page.wait_for_url(re.compile(r".*/tableau-de-bord/lettre/envois/\d+$"))
    assert page.locator(".mailing-preview strong").inner_text() == "Rendez-vous"
    page.get_by_role("button", name="M'envoyer un test").click()
    page.get_by_role("button", name="Envoyer aux abonnés").click()
    mailing = db.session.scalars(sa.select(Mailing)).one()
    db.session.expire_all()
    assert mailing.status == MailingStatus.SENDING
    queue_all()
    queue_all()  # the worker passes again: nobody queued twice
    db.session.expire_all()
    assert mailing.status == MailingStatus.QUEUED
    letters = db.session.scalars(sa.select(OutboxEmail).filter_by(template="mailing")).all()
    recipients = sorted(letter.recipient for letter in letters)
    assert recipients.count("a@example.com") == 1
    assert "b@example.com" not in recipients and "c@example.com" not in recipients
    assert publisher in recipients  # the test copy
