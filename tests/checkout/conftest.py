from __future__ import annotations

import re

import pytest

from tests.factories import make_book


@pytest.fixture
def book(db):
    book = make_book(title="Le Community Management")
    db.session.commit()
    return book


@pytest.fixture
def editions(book):
    return {e.format.value: e for e in book.editions}


def add(client, edition, quantity="1", lang="fr"):
    return client.post(
        f"/{lang}/panier/ajouter", data={"edition_id": str(edition.id), "quantity": str(quantity)}
    )


def checkout(client, lang="fr", **fields):
    data = {"email": "zoe@example.com", "shipping_rate": "fr", "waiver": "y", "terms": "y", **fields}
    return client.post(f"/{lang}/panier/payer", data={k: v for k, v in data.items() if v is not None})


def test_payment_url(response) -> str:
    location = response.headers["Location"]
    assert re.search(r"/paiement-test/", location), location
    return location
