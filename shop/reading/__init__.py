"""Helping buyers read what they bought: the reading-help page and Send to Kindle."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Template helpers for the order page's Send to Kindle box (its routes are imported by shop.web)."""
    from shop.reading.forms import KindleForm
    from shop.reading.kindle import can_send, sender_address

    app.jinja_env.globals.update(
        kindle_sender=sender_address, kindle_can_send=can_send, new_kindle_form=KindleForm
    )
