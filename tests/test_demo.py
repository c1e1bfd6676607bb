"""`flask shop demo` loads the real book once, however often it runs."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from shop.accounts.models import User
from shop.catalog.models import Author, Book, Edition, EditionFormat, Publisher, RetailerLink
from shop.core.isbn import is_valid_isbn13
from shop.core.urls import is_page_url
from shop.editorial.models import Interview, PressReview, Tag

MODELS = (Publisher, Author, Book, Edition, RetailerLink, PressReview, Interview, Tag, User)


def _counts(db) -> dict[str, int]:
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in MODELS}


def test_demo_twice_leaves_one_copy_of_everything(runner, db) -> None:
    first = runner.invoke(args=["shop", "demo"])
    assert first.exit_code == 0, first.output
    counts = _counts(db)
    second = runner.invoke(args=["shop", "demo"])
    assert second.exit_code == 0, second.output
    assert "0 created" in second.output
    assert _counts(db) == counts
    assert counts["Book"] == 1 and counts["Author"] == 3 and counts["Edition"] == 3 and counts["User"] == 2
    assert "editeur@diateino.example" in first.output and "password:" in first.output


def test_demo_is_the_real_book(runner, db, app) -> None:
    runner.invoke(args=["shop", "demo"])
    book = db.session.scalars(sa.select(Book)).one()
    assert book.title == "Le Community Management"
    assert book.subtitle["fr"] == "Stratégies et bonnes pratiques pour interagir avec vos communautés"
    assert book.published_on.isoformat() == "2010-09-10"
    assert book.publisher.name == "Éditions Diateino"
    assert [a.name for a in book.authors] == ["Catherine Ertzscheid", "Benoît Faverial", "Sylvain Guéguen"]
    assert {e.format for e in book.editions} == set(EditionFormat)
    for edition in book.editions:
        assert edition.isbn13 is None or is_valid_isbn13(edition.isbn13)
    links = {(e.format.value, link.name) for e in book.editions for link in e.retailer_links}
    assert {("print", "Fnac"), ("print", "Eyrolles"), ("ebook", "Kobo"), ("ebook", "Apple Books")} <= links
    assert all(is_page_url(link.url) for e in book.editions for link in e.retailer_links)
    review = db.session.scalars(sa.select(PressReview)).one()
    assert (review.reviewer, review.outlet, review.published_on.isoformat()) == (
        "Mael Le Hir",
        "Vedocci",
        "2010-10-06",
    )
    assert "aimable autorisation" in review.permission_note and review.excerpt and review.url
    assert db.session.scalars(sa.select(Interview)).one().is_published
    media = app.config["MEDIA_DIR"]
    for name in (book.cover, book.sample_epub, book.sample_pdf, book.authors[0].photo):
        assert name and (Path(media) / name).stat().st_size > 100


def test_demo_if_empty_leaves_an_existing_catalogue_alone(runner, db) -> None:
    runner.invoke(args=["shop", "demo"])
    db.session.execute(sa.delete(RetailerLink))
    db.session.commit()
    result = runner.invoke(args=["shop", "demo", "--if-empty"])
    assert result.exit_code == 0 and "left alone" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RetailerLink)) == 0


def test_demo_refused_in_production(runner, app) -> None:
    app.config["SHOP_ENV"] = "production"
    result = runner.invoke(args=["shop", "demo"])
    assert result.exit_code != 0 and "production" in result.output


def test_users_create(runner, db) -> None:
    result = runner.invoke(args=["shop", "users", "create", "Pub@Example.test", "--role", "publisher"])
    assert result.exit_code == 0, result.output
    password = result.output.split("Generated password: ")[1].strip()
    user = db.session.scalars(sa.select(User)).one()
    assert user.email == "pub@example.test" and user.check_password(password)
    again = runner.invoke(args=["shop", "users", "create", "pub@example.test", "--role", "author"])
    assert again.exit_code != 0 and "already exists" in again.output
    bad = runner.invoke(args=["shop", "users", "create", "not-an-email", "--role", "author"])
    assert bad.exit_code != 0 and "not an e-mail" in bad.output
    role = runner.invoke(args=["shop", "users", "create", "a@b.test", "--role", "admin"])
    assert role.exit_code != 0
