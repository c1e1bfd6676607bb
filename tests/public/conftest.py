from __future__ import annotations

import pytest

from shop.catalog.demo import load_demo


@pytest.fixture
def demo(db):
    """The real book's demo content, committed, as a newcomer sees it."""
    load_demo()
    db.session.commit()
    return db
