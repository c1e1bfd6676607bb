"""shop.core.parsing: the one place request values are parsed. Each bad value is refused, never a crash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shop.core import parsing


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("12", 12), (" 7 ", 7), ("+3", 3), ("0", 0), ("2147483647", 2147483647)],
)
def test_parse_int_accepts_ascii_digits(raw: str, expected: int) -> None:
    assert parsing.parse_int(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["²", "١٢", "𝟙", "9" * 5000, "2147483648", "-1", "1.5", "1e3", "inf", "", None, "\x00", "1\x00", "0x10"],
)
def test_parse_int_refuses(raw: Any) -> None:
    with pytest.raises(parsing.BadValue):
        parsing.parse_int(raw)


def test_parse_int_bounds_are_inclusive_and_negative_allowed_on_request() -> None:
    assert parsing.parse_int("-5", minimum=-5, maximum=5) == -5
    with pytest.raises(parsing.BadValue, match="from -5 to 5"):
        parsing.parse_int("6", minimum=-5, maximum=5)


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", 1), ("²", None), ("0", None), ("99999999999", None), (None, None)]
)
def test_parse_id(raw: Any, expected: int | None) -> None:
    assert parsing.parse_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("19.90", 1990), ("19,9", 1990), ("19", 1900), ("0", 0), ("0.05", 5), (" 7,50 ", 750)],
)
def test_parse_cents(raw: str, expected: int) -> None:
    assert parsing.parse_cents(raw) == expected


@pytest.mark.parametrize("raw", ["inf", "nan", "1e40", "-1", "19.999", "²", "", "1" * 40, "10000.01"])
def test_parse_cents_refuses(raw: str) -> None:
    with pytest.raises(parsing.BadValue):
        parsing.parse_cents(raw, maximum=10_000_00)


@pytest.mark.parametrize(
    "raw", ["9999-12-31", "0001-01-01", "2024-02-30", "²⁰²⁴-01-01", "٢٠٢٤-01-01", "", "2024-1-1"]
)
def test_parse_date_refuses(raw: str) -> None:
    with pytest.raises(parsing.BadValue):
        parsing.parse_date(raw)


def test_parse_date_accepts_an_iso_date_in_range() -> None:
    assert parsing.parse_date("2024-02-29") == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("raw", "multiline", "ok"),
    [
        ("Zoé Lectrice", False, True),
        ("a\x00b", False, False),
        ("a\x1bb", True, False),
        ("a\x7fb", True, False),
        ("a\x85b", True, False),
        ("line\r\nbreak", False, False),
        ("line\r\nbreak\tand tab", True, True),
        ("x" * 11, False, False),
    ],
)
def test_parse_text(raw: str, multiline: bool, ok: bool) -> None:
    if ok:
        assert parsing.parse_text(raw, 100, multiline) == raw.strip()
    else:
        with pytest.raises(parsing.BadValue):
            parsing.parse_text(raw, 10, multiline)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Zoé", "Zoé"), ("a\x00b\r\nc", "ab c"), ("x" * 250, "x" * 200), (None, None), ("\x00", None)],
)
def test_clip_keeps_what_can_be_stored(raw: str | None, expected: str | None) -> None:
    assert parsing.clip(raw, 200) == expected
