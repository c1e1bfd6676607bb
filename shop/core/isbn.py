"""ISBN-13 normalisation and checksum."""

from __future__ import annotations


def normalize_isbn13(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch in "Xx")


def isbn13_check_digit(first12: str) -> int:
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_isbn13(value: str) -> bool:
    digits = normalize_isbn13(value)
    if len(digits) != 13 or not digits.isdigit() or not digits.startswith(("978", "979")):
        return False
    return isbn13_check_digit(digits[:12]) == int(digits[12])


def format_isbn13(value: str) -> str:
    """978-2-35456-012-3 style is publisher-specific; a neutral 3-10 split reads well enough."""
    digits = normalize_isbn13(value)
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 13 else value
