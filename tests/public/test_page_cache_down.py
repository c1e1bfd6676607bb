"""A Redis outage never breaks a page or a commit: pages render uncached and changes still commit."""

from __future__ import annotations

import socket

import pytest
import sqlalchemy as sa

from shop.catalog.models import Book


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # nothing listens once the socket is closed


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"PAGE_CACHE": True, "CACHE_URL": f"redis://127.0.0.1:{_closed_port()}/0"}


def test_pages_render_and_commits_succeed_while_redis_is_down(client, demo, db, caplog) -> None:
    for _ in range(2):
        response = client.get("/fr/")
        assert response.status_code == 200 and "X-Cache" not in response.headers
    db.session.scalars(sa.select(Book)).one().title = "Pendant la panne"
    db.session.commit()
    assert "Pendant la panne" in client.get("/fr/").get_data(as_text=True)
    assert "page cache unavailable" in caplog.text
