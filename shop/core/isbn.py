"""ISBN-13 checks and hyphenation, from python-stdnum's maintained copy of the ISBN agency's range table."""

from __future__ import annotations

from stdnum import isbn as _isbn


def normalize_isbn13(value: str) -> str:
    return "".join(ch for ch in value if ch.isascii() and (ch.isdigit() or ch in "Xx"))


def isbn13_check_digit(first12: str) -> int:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_isbn13(value: str) -> bool:
    digits = normalize_isbn13(value)
    return len(digits) == 13 and digits.startswith(("978", "979")) and _isbn.is_valid(digits)


def format_isbn13(value: str) -> str:
    """Hyphenated by registration group and publisher ranges: 978-2-35456-030-0, as printed on the book."""
    digits = normalize_isbn13(value)
    if len(digits) != 13:
        return value
    try:
        return str(_isbn.format(digits))
    except Exception:  # a prefix the range table does not know yet: the neutral 3-10 split
        return f"{digits[:3]}-{digits[3:]}"
