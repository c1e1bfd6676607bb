"""The model layer refuses bad catalogue data with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest

from shop.catalog.models import CatalogError, Edition
from shop.core.isbn import format_isbn13, is_valid_isbn13
from tests.factories import make_book, make_review


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9782354560300", True),
        ("978-2-35456-030-0", True),
        ("9782354560301", False),  # wrong check digit
        ("978235456030", False),  # 12 digits
        ("1234567890128", False),  # not a book prefix
        ("97823545603OO", False),
        ("", False),
    ],
)
def test_isbn13_checksum(value: str, valid: bool) -> None:
    assert is_valid_isbn13(value) is valid


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        ("9782354560300", "978-2-35456-030-0"),  # the book's own ISBN, as on its back cover
        ("9780306406157", "978-0-306-40615-7"),  # English-language group, a 3-digit publisher
        ("9791032305690", "979-10-323-0569-0"),  # the French 979-10 group
        ("978235456030", "978235456030"),  # not an ISBN-13: shown as given
    ],
)
def test_isbn13_is_hyphenated_by_the_agency_ranges(value: str, printed: str) -> None:
    assert format_isbn13(value) == printed


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("isbn13", "9782354560301", "Invalid ISBN-13"),
        ("price_cents", -1, "Invalid price"),
        ("price_cents", 19.9, "Invalid price"),
        ("format", "audiobook", "Unknown edition format"),
        ("stock", -3, "stock cannot be negative"),
        ("currency", "EURO", "Invalid currency"),
    ],
)
def test_edition_refuses_bad_values(db, field: str, value: object, message: str) -> None:
    book = make_book(with_editions=False)
    fields = {"book": book, "format": "print", "isbn13": "9782354560300", "price_cents": 1990, "stock": 1}
    fields[field] = value
    with pytest.raises(CatalogError, match=message):
        Edition(**fields)


def test_isbn_is_stored_normalised(db) -> None:
    book = make_book(with_editions=False)
    edition = Edition(book=book, format="ebook", isbn13="978-2-35456-031-7", price_cents=1299)
    db.session.add(edition)
    db.session.flush()
    assert edition.isbn13 == "9782354560317"


def test_datetimes_come_back_aware_utc(db) -> None:
    review = make_review(published_on=dt.date(2010, 10, 6))
    db.session.commit()
    db.session.expire_all()
    assert review.created_at.tzinfo is not None
    assert review.created_at.utcoffset() == dt.timedelta(0)


def test_naive_datetimes_are_refused(db) -> None:
    review = make_review()
    review.created_at = dt.datetime(2026, 1, 1)
    with pytest.raises(Exception, match="naive datetime"):
        db.session.flush()
    db.session.rollback()
