from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import current_app

from shop.audience.buffer import buffer_of
from shop.audience.models import RawHit

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    # Every hit is written as soon as its answer is sent, so tests read the database right away.
    return {"AUDIENCE_FLUSH_HITS": 1, "AUDIENCE_BEACON_RATE_LIMIT": "1000 per minute"}


def beacon(client, path: str, referrer: str = "", ua: str = CHROME, ip: str = "203.0.113.7",
           headers: dict[str, str] | None = None, **utm: str):  # fmt: skip
    response = client.post(
        "/hit",
        data={"p": path, "r": referrer, **utm},
        headers={"User-Agent": ua, **(headers or {})},
        environ_base={"REMOTE_ADDR": ip},
    )
    assert response.status_code == 204, response.status_code
    assert "Set-Cookie" not in response.headers
    return response


def flush() -> None:
    """The test client never closes responses, so the after-response flush of real servers is done here."""
    buffer_of(current_app._get_current_object()).flush()


def raw_hits(db) -> list[RawHit]:
    flush()
    db.session.expire_all()
    return list(db.session.scalars(sa.select(RawHit).order_by(RawHit.id)))


def views(db) -> int:
    return sum(h.hits for h in raw_hits(db) if h.kind == "view")
