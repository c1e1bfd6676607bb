"""The publisher hears of each new paid sale at once (a setting, on by default): what was bought, what to ship."""

from __future__ import annotations

from typing import Any

from flask import Flask

from shop.orders import signals
from shop.orders.attention import recipients
from shop.orders.models import Order, OrderKind
from shop.outbox.enqueue import enqueue
from shop.settings import store


def on_paid(order: Order, **_: Any) -> None:
    # Review copies are the publisher's own decision: no news to bring.
    if order.kind != OrderKind.SALE or not store.notify_paid_orders():
        return
    for recipient in recipients():
        # The key makes a late or repeated payment signal (a revived order) one message, never two.
        enqueue(
            "publisher_new_order", recipient, "fr", f"new-order:{order.id}:{recipient}", order_id=order.id
        )


def register(app: Flask) -> None:
    signals.order_paid.connect(on_paid)
