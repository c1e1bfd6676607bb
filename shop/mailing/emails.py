"""What the outbox needs from the mailing list at send time: links, the letter itself, RFC 8058 headers, and
whether a queued message is still wanted."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from shop.core.markdown import render_markdown
from shop.extensions import db
from shop.mailing.models import Mailing, Subscriber, SubscriberStatus
from shop.mailing.tokens import confirm_token, unsubscribe_token
from shop.outbox.models import OutboxEmail

LIST_TEMPLATES = ("mailing", "mailing_confirm")


def context(email: OutboxEmail) -> dict[str, Any]:
    if email.template not in LIST_TEMPLATES:
        return {}
    base = current_app.config["SHOP_BASE_URL"]
    values: dict[str, Any] = {}
    subscriber = db.session.get(Subscriber, email.context.get("subscriber_id") or 0)
    if subscriber is not None:
        values["confirm_url"] = base + url_for(
            "mailing.confirm", lang=email.locale, token=confirm_token(subscriber)
        )
        values["unsubscribe_url"] = base + url_for(
            "mailing.unsubscribe", lang=email.locale, token=unsubscribe_token(subscriber)
        )
    elif email.template == "mailing":  # the publisher's test copy: the link leads to the sign-up page
        values["unsubscribe_url"] = base + url_for("mailing.signup", lang=email.locale)
    mailing = db.session.get(Mailing, email.context.get("mailing_id") or 0)
    if mailing is not None:
        values["mailing_subject"] = mailing.subject
        values["mailing_html"] = render_markdown(mailing.body_markdown)
        values["mailing_text"] = mailing.body_markdown
    return values


def headers(email: OutboxEmail, values: dict[str, Any]) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: the mail client POSTs "List-Unsubscribe=One-Click" to this HTTPS URL."""
    if (
        email.template != "mailing"
        or not email.context.get("subscriber_id")
        or "unsubscribe_url" not in values
    ):
        return {}  # not a letter, or the publisher's test copy (no subscription to end)
    return {
        "List-Unsubscribe": f"<{values['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def withdrawn(email: OutboxEmail) -> bool:
    """A letter queued for someone who has since unsubscribed (or been erased) is not sent."""
    if email.template != "mailing" or not email.context.get("subscriber_id"):
        return False
    subscriber = db.session.get(Subscriber, email.context["subscriber_id"])
    return subscriber is None or subscriber.status != SubscriberStatus.CONFIRMED
