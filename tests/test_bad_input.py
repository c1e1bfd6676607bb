# ruff: noqa: F811 - the fixtures below are imported from other test packages
"""Issue 11, finding 1: each bad value that caused a 500 is now a 400, a 404 or the form again with a message."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from shop.catalog.models import EditionFormat
from shop.editorial.models import PressReview, Tag
from shop.orders.models import Order
from shop.orders.states import OrderStatus
from tests.backoffice.conftest import author_user, login, publisher  # noqa: F401 - fixtures
from tests.delivery.conftest import book, paid_order  # noqa: F401 - fixture
from tests.factories import make_author, make_interview, make_review

ANONYMOUS = [
    # (method, path, form, expected status)
    ("POST", "/fr/panier/ajouter", {"edition_id": "{print}", "quantity": "²"}, 303),
    ("POST", "/fr/panier/ajouter", {"edition_id": "²", "quantity": "1"}, 303),
    ("POST", "/fr/panier/ajouter", {"edition_id": "{print}", "quantity": "9" * 5000}, 303),
    ("POST", "/fr/panier/quantite", {"edition_id": "²", "quantity": "²"}, 303),
    ("POST", "/fr/panier/quantite", {"edition_id": "{print}", "quantity": "²"}, 303),
    ("POST", "/fr/panier/retirer", {"edition_id": "²"}, 303),
    ("GET", "/fr/presse/?page=²", None, 404),
    ("GET", "/fr/presse/a%00b", None, 404),
    ("GET", "/fr/auteurs/a%00b", None, 404),
    ("GET", "/fr/entretiens/a%00b/commentaires", None, 404),
    ("GET", "/media/a%00b.png", None, 404),
    ("GET", "/fr/presse/?tag=a%00b", None, 400),
    ("POST", "/compte/connexion", {"email": "a\x00b@example.com", "password": "x"}, 200),
    ("POST", "/compte/mot-de-passe", {"email": "a\x00b@example.com"}, 200),
    ("POST", "/fr/liens", {"email": "a\x00b@example.com"}, 200),
]


@pytest.mark.parametrize(("method", "path", "form", "status"), ANONYMOUS)
def test_bad_public_values(client, db, book, method: str, path: str, form: Any, status: int) -> None:
    data = {k: v.format(print=book.edition(EditionFormat.PRINT).id) for k, v in (form or {}).items()}
    response = client.open(path, method=method, data=data)
    assert response.status_code == status
    if status == 303:
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "indiquer un nombre" in page or "pas en vente" in page or path.endswith("retirer")
    if status == 200:
        assert "non autorisés" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["review", "interview"])
def test_comment_with_nul_comes_back_with_a_message(client, db, book, target: str) -> None:
    from tests.fuzz_world import comment_token

    item = make_review() if target == "review" else make_interview()
    db.session.commit()
    path = f"/fr/{'presse' if target == 'review' else 'entretiens'}/{item.slug}/commentaires"
    data = {
        "name": "Léa\x00",
        "email": "lea@example.com",
        "body": "Très juste.",
        "token": comment_token(f"{target}:{item.id}"),
    }
    response = client.post(path, data=data)
    assert response.status_code == 422 and "non autorisés" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("path", "field"),
    [("/espace-auteur/revues/nouvelle", "title"), ("/espace-auteur/revues/nouvelle", "outlet"),
     ("/espace-auteur/revues/nouvelle", "excerpt"), ("/espace-auteur/entretiens/nouveau", "title"),
     ("/espace-auteur/entretiens/nouveau", "introduction"), ("/espace-auteur/profil", "bio_fr")],
)  # fmt: skip
def test_author_forms_refuse_nul(client, db, author_user, path: str, field: str) -> None:
    login(client, author_user)
    data = {"title": "T", "outlet": "O", "published_on": "2024-01-02", "held_on": "2024-01-02", "category": "press",
            "status": "draft", "interviewees": "I", field: "a\x00b"}  # fmt: skip
    response = client.post(path, data=data)
    assert response.status_code == 200 and "non autorisés" in response.get_data(as_text=True)


def test_duplicate_tag_names_make_one_tag(client, db, author_user) -> None:
    login(client, author_user)
    data = {"title": "T", "outlet": "O", "published_on": "2024-01-02", "category": "press", "status": "draft",
            "tags": "Foo Bar, foo-bar, FOO BAR"}  # fmt: skip
    assert client.post("/espace-auteur/revues/nouvelle", data=data).status_code == 303
    review = db.session.scalars(sa.select(PressReview)).one()
    assert [t.slug for t in review.tags] == ["foo-bar"] and db.session.scalar(
        sa.select(sa.func.count(Tag.id))
    ) == 1


BACK_OFFICE = [
    # (path template, form, flashed message or status)
    ("/tableau-de-bord/editions/{print}/prix", {"price": "inf"}, "Indiquez un prix"),
    ("/tableau-de-bord/editions/{print}/prix", {"price": "1e40"}, "Indiquez un prix"),
    ("/tableau-de-bord/editions/{print}/prix", {"price": "99999999"}, "Indiquez un prix"),
    (
        "/tableau-de-bord/editions/{print}/stock",
        {"delta": "99999999999", "reason": "x"},
        "indiquer un nombre",
    ),
    ("/tableau-de-bord/editions/{print}/stock", {"delta": "²", "reason": "x"}, "indiquer un nombre"),
    ("/tableau-de-bord/editions/{print}/stock", {"delta": "1", "reason": "a\x00b"}, "non autorisés"),
    (
        "/tableau-de-bord/commandes/{paid}/rembourser",
        {"confirm": "yes", "line-{line}": "²"},
        "indiquer un nombre",
    ),
    (
        "/tableau-de-bord/commandes/{pending}/expedier",
        {"carrier": "La Poste", "tracking_number": "1"},
        "payée",
    ),
    ("/tableau-de-bord/commandes/{paid}/expedier", {"carrier": "La\x00Poste", "tracking_number": "1"}, 400),
    ("/tableau-de-bord/commandes/{paid}/note", {"text": "a\x00b"}, 400),
    (
        "/tableau-de-bord/reglages/editeur",
        {"name": "Éditions", "email": "a@b.fr", "postal_code": "1" * 21},
        400,
    ),
    (
        "/tableau-de-bord/livre/editions/{print}/liens",
        {"new-{print}-name": "a\x00b", "new-{print}-url": "https://x.fr/l"},
        422,
    ),
    ("/tableau-de-bord/livre/editions", {"print-price": "²", "print-isbn13": "9" * 5000}, 422),
    ("/tableau-de-bord/commandes?to=9999-12-31", None, 200),
    ("/tableau-de-bord/commandes?from=0001-01-01&page=²", None, 200),
    ("/tableau-de-bord/commandes?q=%00", None, 400),
    ("/tableau-de-bord/commandes/99999999999", None, 404),
]


@pytest.mark.parametrize(("path", "form", "expected"), BACK_OFFICE)
def test_bad_back_office_values(
    app, client, db, book, publisher, path: str, form: Any, expected: Any
) -> None:
    paid = paid_order(app, book, "print")
    pending = _pending_order(app, book)
    values = {"print": book.edition(EditionFormat.PRINT).id, "paid": paid.id, "pending": pending.id,
              "line": paid.lines[0].id}  # fmt: skip
    login(client, publisher)
    url = path.format(**values)
    data = {k.format(**values): v for k, v in (form or {}).items()}
    response = client.post(url, data=data) if form is not None else client.get(url)
    if isinstance(expected, int):
        assert response.status_code == expected
        return
    assert response.status_code == 303
    assert expected in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    edition = book.edition(EditionFormat.PRINT)
    assert (edition.price_cents, paid.refunded_cents, pending.status) == (1990, 0, OrderStatus.PENDING)


def _pending_order(app, book) -> Order:
    from shop.checkout.cart import rate_by_code, shipping_rates
    from shop.checkout.service import create_order
    from shop.extensions import db

    with app.test_request_context("/fr/"):
        order, _ = create_order([(book.edition(EditionFormat.PRINT), 1)], rate_by_code("fr", shipping_rates()),
                                "pending@example.com", "fr", "…")  # fmt: skip
        db.session.commit()
        return order


@pytest.mark.parametrize("target", ["/\r\nX", "/\x00", "//evil.example", "/tableau-de-bord/catalogue"])
def test_login_next_with_control_characters_goes_home(client, db, publisher, target: str) -> None:
    response = login(
        client, publisher, next_url=target.replace("\r", "%0d").replace("\n", "%0a").replace("\x00", "%00")
    )
    assert response.status_code == 302
    assert response.headers["Location"] == (
        target if target == "/tableau-de-bord/catalogue" else "/tableau-de-bord/"
    )


def test_test_payment_refuses_a_postal_code_longer_than_its_column(app, client, db, book) -> None:
    from shop.checkout.tokens import order_token
    from shop.orders.models import PaymentProvider

    order = _pending_order(app, book)
    order.payment_provider = PaymentProvider.TEST
    db.session.commit()
    with app.test_request_context():
        token = order_token(order)
    data = {
        "action": "pay",
        "name": "Zoé",
        "line1": "1 rue",
        "postal_code": "7" * 21,
        "city": "Paris",
        "country": "FR",
    }
    response = client.post(f"/fr/paiement-test/{token}", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "7" * 21 in html  # the form again, with what was typed
    assert "20" in re.sub(r"<[^>]+>", " ", html.split("postal_code", 1)[1])[:400]
    db.session.expire_all()
    assert order.status == OrderStatus.PENDING


def test_author_slug_with_nul_is_not_found(client, db, book) -> None:
    make_author(slug="a-b")
    db.session.commit()
    assert client.get("/fr/auteurs/a-b").status_code == 200
    assert client.get("/fr/auteurs/a%00b").status_code == 404


@pytest.mark.parametrize(
    "path", ["/compte/connexion", "/compte/mot-de-passe", "/fr/liens", "/fr/panier/payer"]
)
def test_json_bodies_are_not_form_data(client, db, book, path: str) -> None:
    response = client.post(path, json={"email": [1e308, None], "password": {"a": "\x00"}})
    assert response.status_code in (200, 303, 422)


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ValueError("bad"), 400),
        (OverflowError("date value out of range"), 400),
        (sa.exc.DataError("SELECT 1", {}, Exception("integer out of range")), 400),
        (sa.exc.StatementError("bind", "SELECT 1", {}, ValueError("NUL")), 400),
        (sa.exc.IntegrityError("INSERT", {}, Exception("duplicate key")), 500),
        (RuntimeError("bug"), 500),
    ],
)
def test_safety_net_makes_bad_input_a_400_and_bugs_stay_500(
    app, client, error: Exception, status: int
) -> None:
    def fail() -> None:
        raise error

    app.add_url_rule("/boom", "boom", fail)
    assert client.get("/boom").status_code == status


def test_language_switch_keeps_the_page_path_over_query_arguments(client, db, book) -> None:
    review = make_review()
    db.session.commit()
    page = client.get(f"/fr/presse/{review.slug}?slug=a%00b").get_data(as_text=True)
    assert f'/en/presse/{review.slug}"' in page and "a%00b" not in page
