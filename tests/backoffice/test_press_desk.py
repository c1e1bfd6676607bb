"""Authors publish press reviews; hostile input in any editorial field never reaches a public page as markup."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from lxml import html

from shop.editorial.models import PressReview, PublicationStatus
from tests.backoffice.conftest import login
from tests.factories import make_book
from tests.settings_helpers import approve_reviews

XSS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    "<div onmouseover='alert(1)'>hover<b>broken",
    '"><script>alert(3)</script>',
    "<iframe src='https://evil.example'></iframe>",
]
FIELDS = ["title", "outlet", "reviewer", "excerpt", "body_markdown", "permission_note", "tags"]


def _review_data(**overrides: str) -> dict[str, str]:
    data = {"title": "Un bon livre", "outlet": "Le Journal", "reviewer": "Zoé", "published_on": "2026-11-20",
            "url": "https://journal.example/article", "excerpt": "Indispensable.", "body_markdown": "Texte **complet**.",
            "permission_note": "Reproduit avec l'aimable autorisation du Journal.", "category": "press", "tags": "presse",
            "status": "published"}  # fmt: skip
    return {**data, **overrides}


def _assert_no_active_content(page: str) -> None:
    doc = html.fromstring(page)
    main = doc.xpath("//main")[0]
    assert not main.xpath(".//script | .//iframe | .//svg"), "active element in the page"
    for element in main.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name} survived"
            assert not value.strip().lower().startswith("javascript:"), f"javascript: URL in {name}"


def test_author_publishes_a_review_visible_in_both_languages(client, db, author_user) -> None:
    make_book()
    db.session.commit()
    login(client, author_user)
    response = client.post("/espace-auteur/revues/nouvelle", data=_review_data())
    assert response.status_code == 303
    review = db.session.scalars(sa.select(PressReview)).one()
    assert review.status == PublicationStatus.PUBLISHED and review.added_by_id == author_user.id
    for lang in ("fr", "en"):
        listing = client.get(f"/{lang}/presse/").get_data(as_text=True)
        assert "Un bon livre" in listing and "Indispensable." in listing


def test_invalid_review_keeps_input_and_explains(client, db, author_user) -> None:
    login(client, author_user)
    response = client.post(
        "/espace-auteur/revues/nouvelle", data=_review_data(title="", url="javascript:alert(1)")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Merci d'indiquer un titre." in page
    assert "Merci d'indiquer une adresse web complète" in page and 'value="Le Journal"' in page
    assert db.session.scalars(sa.select(PressReview)).all() == []


def test_approval_setting_holds_author_submissions(app, client, db, author_user) -> None:
    approve_reviews()
    login(client, author_user)
    client.post("/espace-auteur/revues/nouvelle", data=_review_data())
    assert db.session.scalars(sa.select(PressReview)).one().status == PublicationStatus.PENDING


@pytest.mark.parametrize("payload", XSS)
def test_xss_corpus_in_every_field_never_reaches_public_pages(client, db, author_user, payload: str) -> None:
    make_book()
    db.session.commit()
    login(client, author_user)
    data = _review_data(**{field: f"{payload} {field}" for field in FIELDS})
    assert client.post("/espace-auteur/revues/nouvelle", data=data).status_code == 303
    review = db.session.scalars(sa.select(PressReview)).one()
    for lang in ("fr", "en"):
        _assert_no_active_content(client.get(f"/{lang}/presse/{review.slug}").get_data(as_text=True))
        _assert_no_active_content(client.get(f"/{lang}/presse/").get_data(as_text=True))
        _assert_no_active_content(client.get(f"/{lang}/").get_data(as_text=True))


@pytest.mark.parametrize("payload", XSS)
def test_xss_corpus_in_interview_fields_never_reaches_public_pages(
    client, db, author_user, payload: str
) -> None:
    make_book()
    db.session.commit()
    login(client, author_user)
    fields = ("title", "interviewees", "interviewer", "introduction", "body_markdown")
    data = {field: f"{payload} {field}" for field in fields} | {
        "held_on": "2026-11-01",
        "status": "published",
    }
    assert client.post("/espace-auteur/entretiens/nouveau", data=data).status_code == 303
    from shop.editorial.models import Interview

    interview = db.session.scalars(sa.select(Interview)).one()
    for lang in ("fr", "en"):
        _assert_no_active_content(client.get(f"/{lang}/entretiens/{interview.slug}").get_data(as_text=True))
        _assert_no_active_content(client.get(f"/{lang}/entretiens/").get_data(as_text=True))
        _assert_no_active_content(
            client.get(f"/{lang}/auteurs/{author_user.author.slug}").get_data(as_text=True)
        )
