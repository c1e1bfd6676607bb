"""The order timeline as sentences: one translated sentence per OrderEvent type, never its JSON parameters.

Every type written by shop.orders, shop.payments, shop.checkout and the dashboard has an entry in SENTENCES; a
type this module does not know yet reads "Other event", so a new event can never leak its raw parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from shop.core.money import format_money
from shop.core.templating import current_lang
from shop.dashboard import labels
from shop.orders.attention import label as attention_label
from shop.orders.models import OrderEvent
from shop.orders.states import OrderStatus

Params = Mapping[str, Any]

REASONS = {
    "payment_failed": lambda: _("the payment failed"),
    "checkout_expired": lambda: _("the payment page expired unused"),
    "canceled_by_buyer": lambda: _("the buyer canceled"),
    "payment_service_unavailable": lambda: _("the payment service was unreachable"),
}


def _money(params: Params, key: str = "amount_cents") -> str:
    value = params.get(key)
    return format_money(value, "EUR", current_lang()) if isinstance(value, int) else "—"


def _count(params: Params, key: str) -> int:
    value = params.get(key)
    return value if isinstance(value, int) else 0


def _text(params: Params, key: str) -> str:
    value = params.get(key)
    return value if isinstance(value, str) else ""


def _reason(params: Params) -> str:
    found = REASONS.get(_text(params, "reason"))
    return found() if found else _("no reason given")


def _status_changed(p: Params) -> str:
    target, reason = _text(p, "to"), _text(p, "reason")
    if target == OrderStatus.PAID:
        return _("Payment received.")
    if reason == "ebook_delivered_by_email":
        return _("E-book links sent by e-mail: the order is complete.")
    if reason == "ebook_delivered_print_to_ship":
        return _("E-book links sent by e-mail; the print copies are still to ship.")
    if target == OrderStatus.FULFILLED and p.get("carrier"):
        return _("Shipped by %(carrier)s, tracking %(tracking)s.", carrier=_text(p, "carrier"),
                 tracking=_text(p, "tracking_number") or "—")  # fmt: skip
    if target == OrderStatus.CANCELED:
        return _("Order canceled: %(reason)s.", reason=_reason(p))
    if target == OrderStatus.EXPIRED:
        return _("Order expired unpaid: %(reason)s.", reason=_reason(p))
    return _("Status changed from “%(old)s” to “%(new)s”.", old=labels.order_status(_text(p, "from")),
             new=labels.order_status(target))  # fmt: skip


def _refunded(p: Params) -> str:
    sentence = (
        _("Refunded %(amount)s: the whole order.", amount=_money(p))
        if p.get("full")
        else _("Refunded %(amount)s.", amount=_money(p))
    )
    restocked = _count(p, "restocked")
    if restocked:
        sentence += " " + ngettext("%(num)d copy back in stock.", "%(num)d copies back in stock.", restocked)
    return sentence


SENTENCES: dict[str, Callable[[Params], str]] = {
    "created": lambda p: _("Order placed for %(total)s.", total=_money(p, "total_cents")),
    "stock_reserved": lambda p: ngettext(
        "%(num)d copy reserved.", "%(num)d copies reserved.", _count(p, "copies")
    ),
    "stock_released": lambda p: ngettext(
        "%(num)d copy put back in stock.", "%(num)d copies put back in stock.", _count(p, "copies")
    ),
    "paid_after_close": lambda p: _(
        "Payment received after the order had closed (%(status)s).",
        status=labels.order_status(_text(p, "status")),
    ),
    "payment_confirmed_again": lambda p: _("Payment confirmed again; nothing changed."),
    "status_changed": _status_changed,
    "status_unchanged": lambda p: _(
        "Notice received again (already “%(status)s”); nothing changed.",
        status=labels.order_status(_text(p, "status")),
    ),
    "cancel_ignored": lambda p: _(
        "Cancellation ignored: the order is already “%(status)s”.",
        status=labels.order_status(_text(p, "status")),
    ),
    "shipment_already_recorded": lambda p: _("Shipment already recorded; nothing changed."),
    "attention_needed": lambda p: _(
        "Needs your decision: %(reason)s", reason=attention_label(_text(p, "reason"))
    ),
    "attention_resolved": lambda p: _(
        "Decision no longer needed: %(reason)s", reason=attention_label(_text(p, "reason"))
    ),
    "dispute_opened": lambda p: _(
        "The buyer's bank opened a dispute (%(id)s).", id=_text(p, "dispute_id") or "—"
    ),
    "note": lambda p: _("Note: %(text)s", text=_text(p, "text")),
    "refund_requested": lambda p: _(
        "Refund of %(amount)s requested from the payment service.", amount=_money(p)
    ),
    "refund_failed": lambda p: _(
        "Refund of %(amount)s failed: %(reason)s", amount=_money(p), reason=_text(p, "reason") or "—"
    ),
    "refund_seen_again": lambda p: _("Refund reported again; nothing changed."),
    "refunded": _refunded,
    "refund_ignored": lambda p: _("Refund notice ignored: nothing was left to refund."),
    "awaiting_async_payment": lambda p: _("Waiting for a delayed payment (bank debit or transfer)."),
    "links_resent": lambda p: _("Fresh download links sent."),
    "download_count_reset": lambda p: _("Download count reset."),
}


def sentence(event: OrderEvent) -> str:
    params = event.params if isinstance(event.params, Mapping) else {}
    describe = SENTENCES.get(event.type)
    if describe is None:
        return _("Other event.")
    return describe(params)
