"""Translated labels for the mailing list's statuses and sources (no enum value reaches a page), and wiring."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from shop.core.i18n import select_locale
from shop.mailing.actions import consent_wording
from shop.mailing.models import MailingStatus, SignupSource, SubscriberStatus

SUBSCRIBER_STATUS = {
    SubscriberStatus.PENDING: _l("Waiting for confirmation"),
    SubscriberStatus.CONFIRMED: _l("Confirmed"),
    SubscriberStatus.UNSUBSCRIBED: _l("Unsubscribed"),
}
MAILING_STATUS = {
    MailingStatus.DRAFT: _l("Draft"),
    MailingStatus.SENDING: _l("Being queued"),
    MailingStatus.QUEUED: _l("Queued for every subscriber"),
}
SIGNUP_SOURCE = {
    SignupSource.BOOK_PAGE: _l("Book page"),
    SignupSource.ORDER_PAGE: _l("Order page"),
    SignupSource.CHECKOUT: _l("Checkout"),
    SignupSource.LETTER_PAGE: _l("Sign-up page"),
}


def register(app: Flask) -> None:
    from shop.mailing.views import bp

    app.register_blueprint(bp)
    app.jinja_env.globals.update(
        subscriber_status_label=lambda s: str(SUBSCRIBER_STATUS[SubscriberStatus(s)]),
        mailing_status_label=lambda s: str(MAILING_STATUS[MailingStatus(s)]),
        signup_source_label=lambda s: str(SIGNUP_SOURCE[SignupSource(s)]),
        consent_wording=lambda: consent_wording(select_locale()),
    )
