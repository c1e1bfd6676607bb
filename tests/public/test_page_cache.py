"""The rendered-page cache: hits, 304s, and invalidation by every change a public page shows, on both stores."""

from __future__ import annotations

import socket
import uuid

import pytest
import sqlalchemy as sa

from shop.catalog.models import Book, Edition, EditionFormat
from shop.catalog.stock import adjust_stock
from shop.editorial.comments import Comment, CommentStatus, CommentTarget, add_comment
from shop.editorial.models import PressReview
from shop.public.content_version import read_version

REDIS_URL = "redis://127.0.0.1:6379/7"
REVIEW = "/fr/presse/reseau-des-cci-pratiques-web-social"


def _redis_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["memory", "redis"])
def app_overrides(request: pytest.FixtureRequest) -> dict[str, object]:
    if request.param == "memory":
        return {"PAGE_CACHE": True, "CACHE_URL": None}
    if not _redis_running():
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    # Loopback Redis, allowed by the network guard; a key prefix of its own keeps parallel tests apart.
    return {"PAGE_CACHE": True, "CACHE_URL": REDIS_URL, "CACHE_KEY_PREFIX": f"test:{uuid.uuid4().hex}:"}


def _book(db) -> Book:
    return db.session.scalars(sa.select(Book)).one()


def _print_edition(db) -> Edition:
    return db.session.scalars(sa.select(Edition).filter_by(format=EditionFormat.PRINT)).one()


def test_second_request_is_a_hit_with_the_same_page_and_etag(client, demo) -> None:
    first = client.get("/fr/")
    second = client.get("/fr/")
    assert first.headers["X-Cache"] == "MISS" and second.headers["X-Cache"] == "HIT"
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == "public, max-age=300"
    assert second.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Set-Cookie" not in second.headers and "Vary" not in second.headers
    not_modified = client.get("/fr/", headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.headers["X-Cache"] == "HIT"


def test_a_hit_runs_no_flask_code_and_at_most_one_tiny_query(app, client, demo, db, app_overrides) -> None:
    statements: list[str] = []
    views: list[int] = []
    app.before_request(lambda: views.append(1))
    client.get("/fr/")
    assert views == [1]
    views.clear()
    sa.event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert client.get("/fr/").headers["X-Cache"] == "HIT"
    assert views == []  # answered in front of Flask: no session, no hook, no view
    if app_overrides["CACHE_URL"]:
        assert statements == []
    else:  # in-process store: the version comes from the database
        assert len(statements) == 1 and "content_version" in statements[0]


def test_the_key_is_path_and_query(client, demo) -> None:
    assert client.get("/fr/presse/").headers["X-Cache"] == "MISS"
    assert client.get("/fr/presse/?categorie=blog").headers["X-Cache"] == "MISS"
    assert client.get("/en/presse/").headers["X-Cache"] == "MISS"
    assert client.get("/fr/presse/?categorie=blog").headers["X-Cache"] == "HIT"


def test_a_publisher_edit_shows_on_the_next_request(client, demo, db) -> None:
    client.get("/fr/")
    assert client.get("/fr/").headers["X-Cache"] == "HIT"
    _book(db).title = "Un tout autre titre"
    db.session.commit()
    response = client.get("/fr/")
    assert response.headers["X-Cache"] == "MISS"
    assert "Un tout autre titre" in response.get_data(as_text=True)


def test_a_price_change_invalidates(client, demo, db) -> None:
    client.get("/fr/")
    _print_edition(db).price_cents += 100
    db.session.commit()
    assert client.get("/fr/").headers["X-Cache"] == "MISS"


def test_a_rolled_back_change_leaves_the_cache_alone(client, demo, db) -> None:
    client.get("/fr/")
    before = read_version(db.session)
    _book(db).title = "Jamais publié"
    db.session.flush()
    db.session.rollback()
    assert read_version(db.session) == before
    assert client.get("/fr/").headers["X-Cache"] == "HIT"


def test_stock_matters_only_when_it_crosses_zero(client, demo, db) -> None:
    edition = _print_edition(db)
    client.get("/fr/")
    adjust_stock(edition, -1, "one sold at a fair", "publisher")
    db.session.commit()
    assert client.get("/fr/").headers["X-Cache"] == "HIT"
    adjust_stock(edition, -(edition.stock or 0), "all gone", "publisher")
    db.session.commit()
    sold_out = client.get("/fr/")
    assert sold_out.headers["X-Cache"] == "MISS"
    assert "Épuisé" in sold_out.get_data(as_text=True)


def test_stock_change_through_the_orm_crossing_zero_invalidates(client, demo, db) -> None:
    client.get("/fr/")
    edition = _print_edition(db)
    edition.stock = (edition.stock or 0) + 5
    db.session.commit()
    assert client.get("/fr/").headers["X-Cache"] == "HIT"
    edition.stock = 0
    db.session.commit()
    assert client.get("/fr/").headers["X-Cache"] == "MISS"


def test_pending_comments_keep_the_cache_and_approval_invalidates(client, demo, db) -> None:
    review = db.session.scalars(sa.select(PressReview)).first()
    client.get(REVIEW)
    comment = add_comment(CommentTarget.REVIEW, review.id, "Lou", "lou@example.org", "Bravo", "")
    db.session.commit()
    assert client.get(REVIEW).headers["X-Cache"] == "HIT"
    db.session.get(Comment, comment.id).status = CommentStatus.APPROVED
    db.session.commit()
    response = client.get(REVIEW)
    assert response.headers["X-Cache"] == "MISS" and "Bravo" in response.get_data(as_text=True)


def test_bulk_updates_of_public_content_invalidate(client, demo, db) -> None:
    client.get("/fr/presse/")
    db.session.execute(sa.update(PressReview).values(title="Retitré"))
    db.session.commit()
    assert client.get("/fr/presse/").headers["X-Cache"] == "MISS"


def test_pages_with_a_cookie_or_a_form_token_are_never_stored(client, demo) -> None:
    form = client.get(f"{REVIEW}/commentaires")
    assert form.headers["Cache-Control"] == "no-store" and "X-Cache" not in form.headers
    assert "X-Cache" not in client.get(f"{REVIEW}/commentaires").headers
    cart = client.get("/fr/panier/")
    assert "X-Cache" not in cart.headers


def test_a_visitor_with_a_session_gets_the_shared_page_without_cookie(client, demo, db) -> None:
    client.get("/fr/")
    ebook = db.session.scalars(sa.select(Edition).filter_by(format=EditionFormat.EBOOK)).one()
    client.post("/fr/panier/ajouter", data={"edition_id": ebook.id, "quantity": 1})
    assert client.get_cookie("session") is not None
    response = client.get("/fr/")
    assert response.headers["X-Cache"] == "HIT"
    assert "Set-Cookie" not in response.headers and "Vary" not in response.headers


def test_content_version_counts_commits_that_change_pages(app, demo, db) -> None:
    start = read_version(db.session)
    _book(db).title = "Un"
    db.session.commit()
    _book(db).title = "Deux"
    db.session.flush()
    _book(db).subtitle = {"fr": "trois"}
    db.session.commit()
    assert read_version(db.session) == start + 2
