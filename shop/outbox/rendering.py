"""E-mail templates: HTML and text, in the recipient's language, with the shop's name and legal footer.

The HTML layout keeps its CSS in one <style> block; css-inline copies it into style="" attributes at render time,
because most mail clients (Gmail's apps, Outlook) drop <style> blocks. Remote stylesheets are never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import css_inline
from flask import current_app, g, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from shop.outbox.attachments import Attachment, attachments_for
from shop.outbox.models import OutboxEmail

SUBJECTS = {
    "order_confirmation": _l("Your order %(number)s is confirmed"),
    "ebook_links": _l("Your e-book download links (order %(number)s)"),
    "fresh_links": _l("Your fresh download links"),
    "fresh_links_none": _l("Your request for download links"),
    "shipping": _l("Your book is on its way (order %(number)s)"),
    "refund": _l("Refund for order %(number)s"),
    "password_reset": _l("Reset your password"),
    "publisher_attention": _l("Order %(number)s needs your decision"),
    "publisher_new_order": _l("New order %(number)s"),
    "review_copy_reminder": _l("Your review copy of Le Community Management is waiting for you"),
    "review_copy_declined": _l("Your request for a review copy"),
    "mailing_confirm": _l("Please confirm your subscription"),
    "mailing": "%(mailing_subject)s",
    "kindle": _l("Le Community Management for your Kindle (order %(number)s)"),
}

_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False, keep_link_tags=False)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)  # e.g. List-Unsubscribe on mailings
    attachments: tuple[Attachment, ...] = ()  # e.g. the watermarked EPUB sent to a Kindle


def render(email: OutboxEmail, extra: dict[str, Any] | None = None) -> RenderedEmail:
    """Render at send time, so a template fix reaches messages still in the queue."""
    if not has_request_context():
        # The worker has no request: build URLs against the shop's public address.
        with current_app.test_request_context("/", base_url=current_app.config["SHOP_BASE_URL"]):
            return _render(email, extra)
    return _render(email, extra)


def inline_styles(html: str) -> str:
    return _INLINER.inline(html)


def _render(email: OutboxEmail, extra: dict[str, Any] | None) -> RenderedEmail:
    from shop.mailing import emails as list_emails
    from shop.outbox import context as email_context

    page_lang = g.get("lang")
    g.lang = email.locale  # the buyer's stored language, whatever page triggered the sending
    try:
        with force_locale(email.locale):
            context = {
                **email.context,
                **email_context.build(email),
                **list_emails.context(email),
                **(extra or {}),
            }
            subject = str(SUBJECTS[email.template]) % context
            text = render_template(f"emails/{email.template}.txt", email=email, **context)
            html = render_template(f"emails/{email.template}.html", email=email, subject=subject, **context)
    finally:
        g.lang = page_lang
    return RenderedEmail(
        subject=subject, text=_tidy(text), html=inline_styles(html),
        headers=list_emails.headers(email, context), attachments=tuple(attachments_for(email)),
    )  # fmt: skip


def _tidy(text: str) -> str:
    """Templates leave blank lines where optional parts are absent: never more than one in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"
