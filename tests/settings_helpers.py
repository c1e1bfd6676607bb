"""Changing the publisher's settings from a test, the way the dashboard does (shop.settings.store)."""

from __future__ import annotations

import dataclasses
from typing import Any

from shop.extensions import db
from shop.settings import store


def change_settings(**changes: Any) -> None:
    store.save(dataclasses.replace(store.current(), **changes), None)
    db.session.commit()


def approve_reviews() -> None:
    change_settings(reviews_need_approval=True)
