"""Retailer links per edition: added, changed and removed in the book editor, each URL checked (a web address to
the book's own page, not a home page), and shown on the book page under the right edition."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from lxml import html

from shop.catalog.models import EditionFormat, RetailerLink
from tests.backoffice.conftest import login
from tests.factories import make_retailer

KOBO = "https://www.kobo.com/fr/fr/ebook/le-community-management"

URLS = [
    (KOBO, True),
    ("http://www.decitre.fr/livres/le-community-management-9782354560300.html", True),
    ("https://www.leslibraires.fr/livre/123-le-community-management?ref=editeur", True),
    ("https://www.fnac.com/", False),  # a home page
    ("https://www.fnac.com", False),
    ("https://www.fnac.com/?q=community", False),  # a search on the home page, not the book's page
    ("javascript:alert(1)//www.fnac.com/livre", False),
    ("ftp://books.example/livre", False),
    ("www.fnac.com/livre/1", False),  # not a full address
    ("https://www.fnac.com/livre\x00", False),
    ("https:///livre/1", False),
    ("https://x.example/" + "a" * 600, False),
]


def _edition(book, fmt: str):
    return next(e for e in book.editions if e.format == EditionFormat(fmt))


@pytest.mark.parametrize(("url", "accepted"), URLS)
def test_link_urls_are_checked(client, db, book, publisher, url, accepted) -> None:
    login(client, publisher)
    ebook = _edition(book, "ebook")
    prefix = f"new-{ebook.id}-"
    response = client.post(f"/tableau-de-bord/livre/editions/{ebook.id}/liens",
                           data={prefix + "name": "Kobo", prefix + "url": url})  # fmt: skip
    links = db.session.scalars(sa.select(RetailerLink)).all()
    if accepted:
        assert response.status_code == 303 and [(ln.edition_id, ln.url) for ln in links] == [(ebook.id, url)]
    else:
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and links == []
        assert "page du livre" in page or "adresse web complète" in page or "caractères" in page, url


def test_name_is_required(client, db, book, publisher) -> None:
    login(client, publisher)
    ebook = _edition(book, "ebook")
    response = client.post(f"/tableau-de-bord/livre/editions/{ebook.id}/liens",
                           data={f"new-{ebook.id}-name": " ", f"new-{ebook.id}-url": KOBO})  # fmt: skip
    assert response.status_code == 422 and "nom du revendeur" in response.get_data(as_text=True)
    assert KOBO in response.get_data(as_text=True)  # the input is kept


@pytest.mark.parametrize(("lang", "heading", "print_label", "ebook_label"),
                         [("fr", "Acheter ailleurs", "Livre imprimé", "Livre numérique"),
                          ("en", "Buy elsewhere", "Print edition", "E-book")])  # fmt: skip
def test_public_page_shows_links_under_their_edition(client, db, book, lang, heading, print_label,
                                                     ebook_label) -> None:  # fmt: skip
    make_retailer(book, "print", name="Decitre", url="https://www.decitre.fr/livres/lcm-9782354560300.html")
    make_retailer(book, "ebook", name="Kobo", url=KOBO)
    db.session.commit()
    doc = html.fromstring(client.get(f"/{lang}/").get_data(as_text=True))
    section = doc.xpath("//section[@class='retailers']")[0]
    assert section.xpath("string(h2)") == heading
    groups = {
        h3.text_content(): [a.get("href") for a in h3.getnext().xpath(".//a")] for h3 in section.xpath("h3")
    }
    assert {k.split(" (")[0]: v for k, v in groups.items()} == {
        print_label: ["https://www.decitre.fr/livres/lcm-9782354560300.html"], ebook_label: [KOBO],
    }, groups  # fmt: skip


def test_links_of_an_edition_off_sale_are_not_shown(client, db, book) -> None:
    make_retailer(book, "bundle", name="Librairie Mollat", url="https://www.mollat.com/livres/lcm")
    _edition(book, "bundle").active = False
    db.session.commit()
    assert "Librairie Mollat" not in client.get("/fr/").get_data(as_text=True)


def test_publisher_changes_and_removes_a_link(client, db, book, publisher) -> None:
    link = make_retailer(book, "print", name="Fnak", url="https://www.fnac.com/a1/livre")
    db.session.commit()
    login(client, publisher)
    prefix = f"link-{link.id}-"
    bad = client.post(f"/tableau-de-bord/livre/liens/{link.id}",
                      data={prefix + "name": "Fnac", prefix + "url": "https://www.fnac.com/"})  # fmt: skip
    assert bad.status_code == 422 and "pas sa page d" in bad.get_data(as_text=True)
    good = client.post(f"/tableau-de-bord/livre/liens/{link.id}",
                       data={prefix + "name": "Fnac", prefix + "url": "https://livre.fnac.com/a2/lcm"})  # fmt: skip
    assert good.status_code == 303
    db.session.expire_all()
    assert (link.name, link.url) == ("Fnac", "https://livre.fnac.com/a2/lcm")
    assert "https://livre.fnac.com/a2/lcm" in client.get("/fr/").get_data(as_text=True)
    assert client.post(f"/tableau-de-bord/livre/liens/{link.id}/supprimer").status_code == 303
    assert db.session.scalars(sa.select(RetailerLink)).all() == []
    assert "retailers" not in client.get("/fr/").get_data(as_text=True)
    assert client.post(f"/tableau-de-bord/livre/liens/{link.id}/supprimer").status_code == 404


def test_settings_page_points_to_the_book_editor(client, db, book, publisher) -> None:
    login(client, publisher)
    page = client.get("/tableau-de-bord/reglages").get_data(as_text=True)
    assert "/tableau-de-bord/livre#liens" in page and "revendeurs" in page


def test_an_old_home_page_link_is_flagged_in_the_editor(client, db, book, publisher) -> None:
    """Links migrated from the per-book list may open a home page: the editor says so, with the form open."""
    make_retailer(book, "print", name="Virgin", url="https://www.virginmegastore.fr/")
    db.session.commit()
    login(client, publisher)
    doc = html.fromstring(client.get("/tableau-de-bord/livre").get_data(as_text=True))
    item = doc.xpath("//section[@id='liens']//li[a[text()='Virgin']]")[0]
    assert "page d'accueil" in item.xpath("string(p[@class='error'])") and item.xpath("details/@open")
