from __future__ import annotations

from typing import Any

import pytest

from tests.delivery.conftest import book, no_publisher_mail  # noqa: F401 - the book with its EPUB and PDF masters


@pytest.fixture
def app_overrides(request) -> dict[str, Any]:
    """A real SMTP conversation when the test asks for the in-process server."""
    if "smtp_server" not in request.fixturenames:
        return {}
    server = request.getfixturevalue("smtp_server")
    return {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": server.port,
        "MAIL_USE_TLS": False,
        "MAIL_SUPPRESS_SEND": False,
    }
