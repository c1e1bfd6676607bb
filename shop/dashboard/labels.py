"""Words, not codes: every status, e-mail type, provider and actor the back office shows, as a translated label.

A value this module does not know is shown as a neutral word ("Other"), never as the raw code.
"""

from __future__ import annotations

import enum

from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l

from shop.downloads.models import CopyStatus
from shop.editorial.comments import CommentTarget
from shop.editorial.models import PublicationStatus
from shop.orders.models import PaymentProvider
from shop.orders.states import OrderStatus, PaymentStatus
from shop.outbox.models import EmailStatus

ORDER_STATUS: dict[str, LazyString] = {
    OrderStatus.PENDING: _l("Awaiting payment"),
    OrderStatus.PAID: _l("Paid, to deliver"),
    OrderStatus.PARTIALLY_FULFILLED: _l("E-book delivered, print to ship"),
    OrderStatus.FULFILLED: _l("Delivered"),
    OrderStatus.CANCELED: _l("Canceled"),
    OrderStatus.EXPIRED: _l("Expired unpaid"),
    OrderStatus.PARTIALLY_REFUNDED: _l("Partly refunded"),
    OrderStatus.REFUNDED: _l("Refunded"),
}
PAYMENT_STATUS: dict[str, LazyString] = {
    PaymentStatus.UNPAID: _l("Not paid"),
    PaymentStatus.PAID: _l("Payment received"),
    PaymentStatus.PARTIALLY_REFUNDED: _l("Payment partly refunded"),
    PaymentStatus.REFUNDED: _l("Payment refunded"),
    PaymentStatus.FAILED: _l("Payment failed"),
    PaymentStatus.PROCESSING: _l("Payment in progress"),
}
EMAIL_STATUS: dict[str, LazyString] = {
    EmailStatus.QUEUED: _l("Waiting to be sent"),
    EmailStatus.SENDING: _l("Being sent"),
    EmailStatus.SENT: _l("Sent"),
    EmailStatus.FAILED: _l("Failed"),
}
COPY_STATUS: dict[str, LazyString] = {
    CopyStatus.PENDING: _l("Being prepared"),
    CopyStatus.READY: _l("Ready"),
    CopyStatus.FAILED: _l("Failed"),
}
PUBLICATION_STATUS: dict[str, LazyString] = {
    PublicationStatus.DRAFT: _l("Draft"),
    PublicationStatus.PENDING: _l("Waiting for approval"),
    PublicationStatus.PUBLISHED: _l("Published"),
}
EMAIL_TEMPLATE: dict[str, LazyString] = {
    "order_confirmation": _l("Order confirmation"),
    "ebook_links": _l("E-book download links"),
    "fresh_links": _l("Fresh download links"),
    "fresh_links_none": _l("Answer to a request for links (no order found)"),
    "refund": _l("Refund notice"),
    "shipping": _l("Shipping notice"),
    "publisher_attention": _l("Alert to the publisher"),
    "publisher_new_order": _l("New paid order, to the publisher"),
    "password_reset": _l("Password reset"),
    "kindle": _l("Copy sent to a Kindle"),
}
PROVIDER: dict[str, LazyString] = {
    PaymentProvider.STRIPE: _l("Stripe"),
    PaymentProvider.TEST: _l("Test payment mode"),
}
COMMENT_TARGET: dict[str, LazyString] = {
    CommentTarget.REVIEW: _l("Press review"),
    CommentTarget.INTERVIEW: _l("Interview"),
}
ACTOR: dict[str, LazyString] = {
    "buyer": _l("buyer"),
    "system": _l("shop"),
    "system:expiry": _l("shop (expiry check)"),
    "stripe:webhook": _l("Stripe"),
    "stripe:success_page": _l("Stripe (confirmation page)"),
    "stripe": _l("Stripe"),
    "test-mode": _l("test payment mode"),
    "test": _l("test payment mode"),
}


def _label(table: dict[str, LazyString], value: str | enum.Enum | None) -> str:
    key = value.value if isinstance(value, enum.Enum) else value
    found = table.get(str(key)) if key is not None else None
    return str(found) if found is not None else str(_l("Other"))


def order_status(value: str | enum.Enum | None) -> str:
    return _label(ORDER_STATUS, value)


def payment_status(value: str | enum.Enum | None) -> str:
    return _label(PAYMENT_STATUS, value)


def email_status(value: str | enum.Enum | None) -> str:
    return _label(EMAIL_STATUS, value)


def copy_status(value: str | enum.Enum | None) -> str:
    return _label(COPY_STATUS, value)


def publication_status(value: str | enum.Enum | None) -> str:
    return _label(PUBLICATION_STATUS, value)


def email_template(value: str | None) -> str:
    return _label(EMAIL_TEMPLATE, value)


def provider(value: str | enum.Enum | None) -> str:
    return _label(PROVIDER, value)


def comment_target(value: str | enum.Enum | None) -> str:
    return _label(COMMENT_TARGET, value)


def actor(value: str | None) -> str:
    """ "user:<id>" is a person of the shop: the publisher or an author, who act from the back office."""
    if value and value.startswith("user:"):
        return str(_l("back office"))
    return _label(ACTOR, value)


def country_name(code: str | None) -> str:
    """A country's name in the page's language; orders without an address (e-books only) say so."""
    if not code or len(code) != 2:
        return str(_l("No postal address (e-book only)"))
    locale = get_locale()
    return str(locale.territories.get(code.upper(), code.upper())) if locale else code.upper()


LANGUAGES = {"fr": _l("French"), "en": _l("English")}


def language_name(code: str | None) -> str:
    return _label(LANGUAGES, code)


GLOBALS = {
    "order_status_label": order_status, "payment_status_label": payment_status, "email_status_label": email_status,
    "copy_status_label": copy_status, "publication_status_label": publication_status,
    "email_template_label": email_template, "provider_label": provider, "comment_target_label": comment_target,
    "actor_label": actor, "country_name": country_name, "language_name": language_name,
}  # fmt: skip
