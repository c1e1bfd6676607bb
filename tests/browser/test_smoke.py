"""Chromium renders the home page; axe-core and the Nu HTML checker find nothing wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser_checks import axe_violations, html_errors
from tests.factories import make_book

pytestmark = pytest.mark.browser


def test_home_page_in_chromium(page, db, tmp_path: Path) -> None:
    book = make_book(title="Le Community Management")
    db.session.commit()
    documents = {}
    for lang in ("fr", "en"):
        response = page.goto(f"/{lang}/")
        documents[lang] = response.text()  # as served, before axe injects its script
        assert page.locator("h1").inner_text() == book.title
        assert page.locator("html").get_attribute("lang") == lang
        assert axe_violations(page) == []
    assert html_errors(documents, tmp_path) == []
