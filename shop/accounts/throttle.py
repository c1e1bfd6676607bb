"""Login throttling that a stranger cannot turn against the owner.

Guesses are counted per account *and* client address: ten wrong passwords from one address close the form to that
address only. Across all addresses, an account under attack is slowed down (each attempt waits), never refused, so
the owner can still log in from their own address while someone elsewhere hammers the form.
"""

from __future__ import annotations

import time

from flask import Response, current_app, request
from flask_limiter.util import get_remote_address
from limits import parse

from shop.extensions import limiter

PAIR_LIMIT = "10 per 15 minutes"  # failed attempts per account + address, then 429 for that address
ADDRESS_LIMIT = "30 per 15 minutes"  # attempts per address, whatever the account
# Failed attempts per account from anywhere; beyond them each attempt waits.
ACCOUNT_WINDOW = parse("10 per 15 minutes")


def _email() -> str:
    return (request.form.get("email") or "").strip().lower()


def pair_key() -> str:
    return f"login:{_email()}|{get_remote_address()}"


def failed(response: Response) -> bool:
    """A login that worked redirects; a wrong password re-renders the form (200)."""
    return response.status_code == 200


def slow_down_if_targeted(email: str) -> None:
    stats = limiter.limiter.get_window_stats(ACCOUNT_WINDOW, "login-account", email)
    if stats.remaining <= 0:
        time.sleep(current_app.config.get("LOGIN_SLOWDOWN_SECONDS", 1.0))


def record_failure(email: str) -> None:
    limiter.limiter.hit(ACCOUNT_WINDOW, "login-account", email)
