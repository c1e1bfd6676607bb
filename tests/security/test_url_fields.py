"""Every stored link is http(s) (or mailto where it is an address): `javascript:` never reaches a page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from shop.catalog.models import Author, Publisher, RetailerLink
from shop.core.urls import is_web_url, safe_href
from shop.editorial.models import Interview, PressReview
from tests.backoffice.conftest import login
from tests.backoffice.test_press_desk import _review_data

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "http:alert(1)",
    "https://",
    "//evil.example",
    "https://exa mple.com",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused(url: str) -> None:
    assert not is_web_url(url) and not is_web_url(url, allow_mailto=True)
    assert safe_href(url) == "#"


@pytest.mark.parametrize(
    ("url", "mailto", "ok"),
    [
        ("https://www.cm2c.net", False, True),
        ("http://example.com/a?b=c#d", False, True),
        ("mailto:autrice@example.com", False, False),
        ("mailto:autrice@example.com", True, True),
        ("mailto:javascript:alert(1)", True, False),
    ],
)
def test_web_and_mail_addresses(url: str, mailto: bool, ok: bool) -> None:
    assert is_web_url(url, allow_mailto=mailto) is ok


def _publisher_fields(book) -> dict[str, str]:
    return {
        c.name: getattr(book.publisher, c.name) or ""
        for c in Publisher.__table__.c
        if c.name not in ("id", "created_at", "updated_at")
    }


@pytest.mark.parametrize("field", ["website", "mediator_url"])
def test_publisher_settings_refuse_javascript(client, db, book, publisher, field: str) -> None:
    login(client, publisher)
    before = getattr(book.publisher, field)
    client.post(
        "/tableau-de-bord/reglages/editeur", data=_publisher_fields(book) | {field: "javascript:alert(1)"}
    )
    db.session.expire_all()
    assert getattr(book.publisher, field) == before
    assert "javascript:" not in client.get("/fr/cgv").get_data(as_text=True)


def test_retailer_link_refuses_javascript(client, db, book, publisher) -> None:
    login(client, publisher)
    edition_id = book.editions[0].id
    prefix = f"new-{edition_id}-"
    client.post(f"/tableau-de-bord/livre/editions/{edition_id}/liens",
                data={prefix + "name": "Evil", prefix + "url": " javascript:alert(1)//x.example/livre"})  # fmt: skip
    assert not db.session.scalars(sa.select(RetailerLink).filter_by(name="Evil")).all()


def test_review_url_refuses_javascript(client, db, author_user) -> None:
    login(client, author_user)
    response = client.post("/espace-auteur/revues/nouvelle", data=_review_data(url="javascript:alert(1)"))
    assert response.status_code == 200
    assert not db.session.scalars(sa.select(PressReview)).all()


def test_interview_media_url_refuses_javascript(client, db, author_user) -> None:
    login(client, author_user)
    data = {"title": "Entretien", "interviewees": "Catherine", "held_on": "2026-11-20",
            "media_url": "javascript:alert(1)", "status": "published"}  # fmt: skip
    response = client.post("/espace-auteur/entretiens/nouveau", data=data)
    assert response.status_code == 200
    assert not db.session.scalars(sa.select(Interview)).all()


def test_author_profile_links_refuse_javascript(client, db, author_user) -> None:
    login(client, author_user)
    response = client.post(
        "/espace-auteur/profil", data={"links": "Site | https://ok.example\nPiège | javascript:alert(1)"}
    )
    assert response.status_code == 200 and "javascript" in response.get_data(as_text=True)
    author = db.session.get(Author, author_user.author_id)
    assert author.links == []


def test_links_saved_before_validation_render_as_hash(client, db, book) -> None:
    book.publisher.mediator_url = "javascript:alert(1)"
    book.publisher.mediator_name = "Médiateur"
    db.session.commit()
    page = client.get("/fr/cgv").get_data(as_text=True)
    assert "javascript:" not in page and 'href="#"' in page
