"""What happens when an order is paid, refunded or shipped: receivers of the order signals, run inside the same
transaction as the status change, so an invoice number, links and e-mails exist exactly when the change does."""

from __future__ import annotations

from typing import Any

from flask import Flask

from shop.downloads import copies, grants
from shop.invoices.numbering import issue_credit_note, issue_invoice
from shop.orders import signals
from shop.orders.models import Order, OrderLine
from shop.orders.refund_model import Refund
from shop.outbox.enqueue import enqueue


def on_paid(order: Order, **_: Any) -> None:
    issue_invoice(order)
    enqueue(
        "order_confirmation", order.email, order.locale, f"order-confirmation:{order.id}", order_id=order.id
    )
    issued = []
    for line in grants.ebook_lines(order):
        issued += grants.issue(line)
        copies.schedule(line)
    if issued:
        enqueue("ebook_links", order.email, order.locale, f"ebook-links:{order.id}",
                {"grant_ids": [g.id for g in issued]}, order_id=order.id)  # fmt: skip


def on_refunded(
    order: Order,
    amount_cents: int,
    lines: list[tuple[OrderLine, int]],
    full: bool,
    refund: Refund | None = None,
    **_: Any,
) -> None:
    """A full refund revokes every link; refunding only the print line leaves the e-book's links alone."""
    affected = (
        [line.id for line in order.lines] if full else [line.id for line, _ in lines if line.includes_ebook]
    )
    grants.revoke(grants.grants_of(affected))
    note = issue_credit_note(order, amount_cents, refund)
    enqueue("refund", order.email, order.locale, f"refund:{order.id}:{order.refunded_cents}",
            {"amount_cents": amount_cents, "credit_note": note.number if note else None}, order_id=order.id)  # fmt: skip


def on_shipped(order: Order, **_: Any) -> None:
    enqueue("shipping", order.email, order.locale, f"shipping:{order.id}", order_id=order.id)


def register(app: Flask) -> None:
    # Blinker keeps one connection per function, so creating several apps (as tests do) connects once.
    signals.order_paid.connect(on_paid)
    signals.order_refunded.connect(on_refunded)
    signals.order_shipped.connect(on_shipped)
