"""Webhook signing exactly as Stripe does it, so tests can post events the real verification accepts."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any


def sign_payload(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """The Stripe-Signature header: t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>."""
    ts = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{ts}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={ts},v1={mac}"


def signed_event(event: dict[str, Any], secret: str, timestamp: int | None = None) -> tuple[bytes, str]:
    """The raw body and its Stripe-Signature header, ready to POST to the webhook endpoint."""
    payload = json.dumps(event, indent=2).encode()  # Stripe pretty-prints; only the exact bytes verify
    return payload, sign_payload(payload, secret, timestamp)
