"""Cold renders stay cheap: each public page type runs a fixed number of queries, however much content there is.

A lazy load per item (an N+1) would grow with the 12 extra reviews and interviews below and break the cap.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from shop.catalog.models import Author
from tests.factories import make_interview, make_review, make_tag

REVIEW = "/presse/reseau-des-cci-pratiques-web-social"
INTERVIEW = "/entretiens/trois-community-managers-racontent-leur-livre"
CAPS = {
    "/fr/": 7,  # one more than before: the upcoming events shown on the book page
    "/fr/auteurs/": 2,
    "/fr/auteurs/catherine-ertzscheid": 3,
    "/fr/presse/": 4,
    "/fr/presse/?page=2": 4,
    f"/fr{REVIEW}": 5,
    "/fr/entretiens/": 3,
    f"/fr{INTERVIEW}": 4,
    "/fr/mentions-legales": 3,  # + the text's latest version
    "/fr/cgv": 6,  # + the latest version, the delivery zones and their countries, the download settings
    "/fr/feed.atom": 3,
    "/sitemap.xml": 4,
}


@pytest.fixture
def app_overrides() -> dict[str, object]:
    return {"PAGE_CACHE": False}  # every request renders


@pytest.fixture
def plenty(demo, db):
    authors = db.session.scalars(sa.select(Author)).all()
    tags = [make_tag(f"Tag {i}") for i in range(3)]
    for _ in range(12):
        make_review(tags=tags)
        make_interview(authors=authors)
    db.session.commit()
    return db


@pytest.fixture
def statements(db) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield seen
    sa.event.remove(db.engine, "before_cursor_execute", count)


@pytest.mark.parametrize("path", list(CAPS))
def test_queries_per_public_page_are_capped(client, plenty, db, statements: list[str], path: str) -> None:
    db.session.remove()  # nothing already loaded in the identity map helps the page
    statements.clear()
    assert client.get(path).status_code == 200
    assert len(statements) <= CAPS[path], "\n".join(statements)
