"""Each shop setting, changed from the dashboard, changes what the shop does; bad input is shown again."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from shop.catalog.models import EditionFormat
from shop.core.db import utcnow
from shop.downloads.models import DownloadGrant
from shop.editorial.models import PressReview, PublicationStatus
from shop.settings import store
from shop.settings.models import ShopSettings
from tests.backoffice.conftest import PASSWORD, login
from tests.delivery.conftest import paid_order
from tests.factories import make_author, make_user
from tests.settings_helpers import change_settings

URL = "/tableau-de-bord/reglages/boutique"
VALID = {"download_days": "30", "download_limit": "5", "low_stock_threshold": "10", "notify_paid_orders": "y"}


@pytest.fixture
def staff(app, db, book):
    user = make_user("publisher", email="editeur@example.com")
    db.session.commit()
    client = app.test_client()
    login(client, user)
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True)).replace("&#39;", "'")


def test_defaults_are_todays_config_defaults(app, db) -> None:
    assert db.session.get(ShopSettings, 1) is None
    assert store.current() == store.Settings(
        reviews_need_approval=False, download_days=30, download_limit=5, low_stock_threshold=10,
        notify_paid_orders=True,
    )  # fmt: skip


def test_the_settings_page_shows_and_saves_every_setting(staff, db) -> None:
    page = _text(staff.get("/tableau-de-bord/reglages"))
    assert re.search(r'name="download_days"[^>]*value="30"', page)
    assert re.search(r'<input checked[^>]*name="notify_paid_orders"', page), page[page.find("boutique") :][
        :2000
    ]
    data = {
        "reviews_need_approval": "y",
        "download_days": "7",
        "download_limit": "2",
        "low_stock_threshold": "3",
    }
    assert staff.post(URL, data=data).status_code == 303
    db.session.expire_all()
    assert store.current() == store.Settings(True, 7, 2, 3, False)
    assert db.session.get(ShopSettings, 1).updated_by_id is not None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("download_days", "0", "Merci d'indiquer un nombre de 1 à 3650."),
        ("download_days", "abc", "Merci d'indiquer un nombre entier."),
        ("download_limit", "1001", "Merci d'indiquer un nombre de 1 à 1000."),
        ("download_limit", "", "Merci d'indiquer un nombre entier."),
        ("low_stock_threshold", "-1", "Merci d'indiquer un nombre de 0 à 100000."),
        ("low_stock_threshold", "1e9", "Merci d'indiquer un nombre entier."),
    ],
)
def test_bad_settings_are_shown_again_with_a_message(staff, db, field: str, value: str, message: str) -> None:
    response = staff.post(URL, data={**VALID, "download_days": "12", field: value})
    page = _text(response)
    assert response.status_code == 422
    assert message in page, re.findall(r'class="error"[^<]*<', page)
    assert f'name="{field}" type="text" value="{value}"' in page or f'value="{value}"' in page
    assert db.session.get(ShopSettings, 1) is None


def test_download_days_and_limit_apply_to_new_grants(app, db, staff, book) -> None:
    before = paid_order(app, book, "ebook")
    assert staff.post(URL, data={**VALID, "download_days": "7", "download_limit": "2"}).status_code == 303
    after = paid_order(app, book, "ebook", email="leo@example.com")
    grants = {
        order.id: db.session.scalars(
            sa.select(DownloadGrant).where(DownloadGrant.order_line_id == order.lines[0].id)
        ).all()
        for order in (before, after)
    }
    assert {g.max_downloads for g in grants[before.id]} == {5}
    assert {g.max_downloads for g in grants[after.id]} == {2}
    days = (grants[after.id][0].expires_at - utcnow()) / dt.timedelta(days=1)
    assert 6.9 < days <= 7


def test_review_approval_holds_an_authors_review(app, db, book) -> None:
    author = make_user("author", email="autrice@example.com", author=make_author(name="Catherine Ertzscheid"))
    db.session.commit()
    data = {"title": "Une revue", "outlet": "Le Journal", "published_on": "2024-01-02", "url": "https://example.com/r",
            "excerpt": "Bien.", "category": "press", "status": "published", "tags": ""}  # fmt: skip
    writer = app.test_client()
    login(writer, author, PASSWORD)
    assert writer.post("/espace-auteur/revues/nouvelle", data=data).status_code == 303
    change_settings(reviews_need_approval=True)  # as the settings page does (its form is tested above)
    assert (
        writer.post("/espace-auteur/revues/nouvelle", data={**data, "title": "Une autre"}).status_code == 303
    )
    statuses = dict(db.session.execute(sa.select(PressReview.title, PressReview.status)).all())
    assert statuses == {"Une revue": PublicationStatus.PUBLISHED, "Une autre": PublicationStatus.PENDING}


def test_low_stock_threshold_drives_the_overview_warning(db, staff, book) -> None:
    book.edition(EditionFormat.PRINT).stock = 4
    db.session.commit()
    assert "Stock faible" in _text(staff.get("/tableau-de-bord/"))  # the default threshold, 10
    assert staff.post(URL, data={**VALID, "low_stock_threshold": "3"}).status_code == 303
    assert "Stock faible" not in _text(staff.get("/tableau-de-bord/"))
    assert staff.post(URL, data={**VALID, "low_stock_threshold": "5"}).status_code == 303
    assert "Stock faible" in _text(staff.get("/tableau-de-bord/"))
