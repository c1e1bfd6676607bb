"""Editions in the book editor: prices under the French price rules (refused naming the rule), ISBN-13 checked,
stored normalised and shown hyphenated, and the on-sale flag that hides an edition and stops its purchase."""

from __future__ import annotations

import pytest
from lxml import html

from shop.catalog.models import Edition, EditionFormat
from tests.backoffice.conftest import login
from tests.factories import make_book, make_isbn

URL = "/tableau-de-bord/livre/editions"
ISBN = "978-2-35456-030-0"


def _form(book, **changes: str) -> dict[str, str]:
    """The editions form as the page sends it (every edition on sale), with `changes` (print_price=...)."""
    data: dict[str, str] = {}
    for e in book.editions:
        fmt = e.format.value
        data |= {
            f"{fmt}-price": f"{e.price_cents / 100:.2f}",
            f"{fmt}-isbn13": e.isbn13 or "",
            f"{fmt}-active": "y",
        }
    for key, value in changes.items():
        fmt, name = key.split("_", 1)
        if value is None:
            data.pop(f"{fmt}-{name}", None)
        else:
            data[f"{fmt}-{name}"] = value
    return data


def _editions(db, book) -> dict[str, Edition]:
    db.session.expire_all()
    return {e.format.value: e for e in book.editions}


PRICE_REFUSALS = [
    ({"bundle_price": "33.00"}, "ne coûte pas plus cher que ses éléments"),  # 19.90 + 12.99 = 32.89
    (
        {"print_price": "10.00"},
        "ne coûte pas plus cher que ses éléments",
    ),  # the bundle is now dearer than its parts
    ({"print_price": "0"}, "prix public supérieur à zéro"),
    ({"ebook_price": "0,00"}, "prix public supérieur à zéro"),
    ({"print_active": None, "ebook_active": None, "bundle_active": None}, "Au moins une édition"),
    ({"print_active": None}, "Une offre groupée n"),  # the bundle still on sale without its print part
    ({"print_price": "abc"}, "Indiquez un prix en euros"),
    ({"print_price": "-1"}, "Indiquez un prix en euros"),
    ({"ebook_price": "99999999"}, "Indiquez un prix en euros"),
    ({"ebook_price": ""}, "Indiquez un prix en euros"),
]


@pytest.mark.parametrize(("changes", "message"), PRICE_REFUSALS)
def test_price_rules_refuse_naming_the_rule(client, db, book, publisher, changes, message) -> None:
    login(client, publisher)
    before = {fmt: (e.price_cents, e.active) for fmt, e in _editions(db, book).items()}
    response = client.post(URL, data=_form(book, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page, page[page.find('id="editions"') :][:1500]
    assert {fmt: (e.price_cents, e.active) for fmt, e in _editions(db, book).items()} == before


def test_prices_that_keep_the_rules_are_saved_together(client, db, book, publisher) -> None:
    login(client, publisher)
    # Raising both parts and the bundle at once: checked as a whole, not one edition after the other.
    response = client.post(URL, data=_form(book, print_price="25,00", ebook_price="14.99", bundle_price="35"))
    assert response.status_code == 303
    editions = _editions(db, book)
    assert [editions[f].price_cents for f in ("print", "ebook", "bundle")] == [2500, 1499, 3500]
    page = client.get("/fr/").get_data(as_text=True)
    assert "25,00" in page and "14,99" in page


ISBN_CASES = [
    (ISBN, "9782354560300", None),
    ("9782354560300", "9782354560300", None),
    ("978-2-35456-030-1", None, "ISBN-13 valide"),  # wrong check digit
    ("2354560300", None, "ISBN-13 valide"),  # an ISBN-10
    ("977-2-35456-030-3", None, "ISBN-13 valide"),
    ("", None, None),  # no ISBN: allowed (a bundle usually has none)
]


@pytest.mark.parametrize(("typed", "stored", "message"), ISBN_CASES)
def test_isbn_is_checked_stored_normalised_and_shown_hyphenated(client, db, book, publisher, typed, stored,
                                                                message) -> None:  # fmt: skip
    login(client, publisher)
    response = client.post(URL, data=_form(book, print_isbn13=typed))
    editions = _editions(db, book)
    if message:
        assert response.status_code == 422 and message in response.get_data(as_text=True)
        assert editions["print"].isbn13 != typed
        return
    assert response.status_code == 303 and editions["print"].isbn13 == stored
    if stored:
        assert ISBN in client.get("/tableau-de-bord/livre").get_data(as_text=True)
        assert ISBN in client.get("/fr/").get_data(as_text=True)


def test_an_isbn_belongs_to_one_edition_only(client, db, book, publisher) -> None:
    login(client, publisher)
    ebook_isbn = _editions(db, book)["ebook"].isbn13
    same = client.post(URL, data=_form(book, print_isbn13=ebook_isbn))
    assert same.status_code == 422 and "son propre ISBN" in same.get_data(as_text=True)
    other = make_book(title="Un autre livre")
    db.session.commit()
    taken = other.edition(EditionFormat.PRINT).isbn13
    elsewhere = client.post(URL, data=_form(book, bundle_isbn13=taken))
    assert elsewhere.status_code == 422 and "son propre ISBN" in elsewhere.get_data(as_text=True)
    # Two editions may swap their ISBNs in one go.
    editions = _editions(db, book)
    print_isbn = editions["print"].isbn13
    swapped = client.post(URL, data=_form(book, print_isbn13=ebook_isbn, ebook_isbn13=print_isbn))
    assert swapped.status_code == 303
    editions = _editions(db, book)
    assert (editions["print"].isbn13, editions["ebook"].isbn13) == (ebook_isbn, print_isbn)
    assert make_isbn()  # the factory's ISBNs stay valid for the next test


def test_an_edition_off_sale_is_hidden_and_cannot_be_bought(client, db, book, publisher) -> None:
    login(client, publisher)
    response = client.post(URL, data=_form(book, ebook_active=None, bundle_active=None))
    assert response.status_code == 303
    editions = _editions(db, book)
    assert not editions["ebook"].active and editions["print"].active
    doc = html.fromstring(client.get("/fr/").get_data(as_text=True))
    assert [h3.text_content() for h3 in doc.xpath("//ul[@class='offers']//h3")] == ["Livre imprimé"]
    client.post("/fr/panier/ajouter", data={"edition_id": editions["ebook"].id, "quantity": "1"})
    cart = client.get("/fr/panier").get_data(as_text=True)
    assert "pas en vente" in cart and "12,99" not in cart
    # Back on sale: buyable again.
    client.post(URL, data=_form(book))
    client.post("/fr/panier/ajouter", data={"edition_id": editions["ebook"].id, "quantity": "1"})
    assert "12,99" in client.get("/fr/panier").get_data(as_text=True)


def test_the_editor_shows_each_edition_with_its_stock(client, db, book, publisher) -> None:
    login(client, publisher)
    page = client.get("/tableau-de-bord/livre?lang=en").get_data(as_text=True)
    assert 'name="print-price" type="text" value="19.90"' in page or 'value="19.90"' in page
    assert "Stock: 10 copies." in page
    assert 'value="19,90"' in client.get("/tableau-de-bord/livre").get_data(as_text=True)
