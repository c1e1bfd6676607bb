from __future__ import annotations

from tests.delivery.conftest import book, no_publisher_mail  # noqa: F401 - the book with its EPUB and PDF masters
