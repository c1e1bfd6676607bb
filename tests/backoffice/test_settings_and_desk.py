"""Publisher settings and the rest of the press desk: masters, retailers, legal identity, images, interviews."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from lxml import html
from PIL import Image

from shop.catalog.models import Publisher, RetailerLink
from shop.downloads.models import EbookMaster
from shop.editorial.models import Interview, PressReview, PublicationStatus
from tests.backoffice.conftest import login
from tests.backoffice.test_press_desk import _review_data
from tests.delivery.conftest import EPUB
from tests.settings_helpers import approve_reviews


def _png(size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "fmt", "message"),
    [
        ("book.epub", EPUB, "epub", "Le nouveau fichier maître est en place"),
        ("book.pdf", b"not a pdf", "pdf", "Fichier refusé\u202f: Ce n'est pas un fichier PDF."),
        ("book.epub", b"PK junk", "epub", "Fichier refusé\u202f: Ce n'est pas un fichier EPUB"),
    ],
)
def test_master_upload_is_validated(
    client, db, book, publisher, filename: str, data: bytes, fmt: str, message: str
) -> None:
    login(client, publisher)
    before = db.session.scalars(sa.select(EbookMaster.sha256).filter_by(format=fmt)).one()
    response = client.post("/tableau-de-bord/reglages/fichiers", data={"format": fmt, "file": (io.BytesIO(data), filename)},
                           content_type="multipart/form-data", follow_redirects=True)  # fmt: skip
    assert message in html.fromstring(response.get_data(as_text=True)).text_content()
    after = db.session.scalars(sa.select(EbookMaster.sha256).filter_by(format=fmt)).one()
    assert (after != before) == message.startswith("Le nouveau") or after == before


def test_retailers_and_legal_identity(client, db, book, publisher) -> None:
    login(client, publisher)
    # Retailer links are set per edition in the book editor now, to the book's own page.
    edition_id = book.editions[0].id
    add, prefix = f"/tableau-de-bord/livre/editions/{edition_id}/liens", f"new-{edition_id}-"
    client.post(
        add, data={prefix + "name": "Librairie Mollat", prefix + "url": "https://www.mollat.com/livres/lcm"}
    )
    client.post(add, data={prefix + "name": "Evil", prefix + "url": "javascript:alert(1)"})
    assert [r.name for r in db.session.scalars(sa.select(RetailerLink))] == ["Librairie Mollat"]
    assert "Librairie Mollat" in client.get("/fr/").get_data(as_text=True)
    fields = {
        c.name: getattr(book.publisher, c.name) or ""
        for c in Publisher.__table__.c
        if c.name not in ("id", "created_at", "updated_at")
    }
    client.post("/tableau-de-bord/reglages/editeur", data=fields | {"mediator_name": "Médiateur du livre"})
    db.session.expire_all()
    assert book.publisher.mediator_name == "Médiateur du livre"
    assert "Médiateur du livre" in client.get("/fr/cgv").get_data(as_text=True)


def test_outlet_logo_is_reencoded_and_bad_images_refused(client, db, author_user) -> None:
    login(client, author_user)
    bad = client.post("/espace-auteur/revues/nouvelle", data=_review_data() | {"logo": (io.BytesIO(b"<svg onload=x>"), "logo.svg")},
                      content_type="multipart/form-data")  # fmt: skip
    assert (
        "Ce fichier n'est pas une image lisible."
        in html.fromstring(bad.get_data(as_text=True)).text_content()
    )
    assert db.session.scalars(sa.select(PressReview)).all() == []
    good = client.post("/espace-auteur/revues/nouvelle", data=_review_data() | {"logo": (io.BytesIO(_png()), "logo.png")},
                       content_type="multipart/form-data")  # fmt: skip
    assert good.status_code == 303
    review = db.session.scalars(sa.select(PressReview)).one()
    assert review.outlet_logo.endswith(".webp")
    served = client.get(f"/media/{review.outlet_logo}")
    assert served.mimetype == "image/webp"
    served.close()


def test_author_photo_upload(client, db, author_user) -> None:
    login(client, author_user)
    response = client.post("/espace-auteur/profil", data={"bio_fr": "Bio", "bio_en": "Bio", "links": "Blog | https://blog.example",
                           "photo": (io.BytesIO(_png((900, 900))), "me.png")}, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 303
    db.session.expire_all()
    assert author_user.author.photo.endswith(".webp") and author_user.author.links == [
        {"label": "Blog", "url": "https://blog.example"}
    ]


def test_interviews_from_the_press_desk_with_approval(app, client, db, author_user, publisher) -> None:
    from tests.factories import make_book

    make_book()
    db.session.commit()
    approve_reviews()
    login(client, author_user)
    data = {"title": "Le métier en 2026", "interviewees": "Catherine Ertzscheid", "held_on": "2026-11-01",
            "body_markdown": "## Question ?\n\nRéponse.", "status": "published"}  # fmt: skip
    assert client.post("/espace-auteur/entretiens/nouveau", data=data).status_code == 303
    interview = db.session.scalars(sa.select(Interview)).one()
    assert interview.status == PublicationStatus.PENDING and interview.authors == [author_user.author]
    assert client.get(f"/fr/entretiens/{interview.slug}").status_code == 404
    client.post("/compte/deconnexion")
    login(client, publisher)
    assert "Le métier en 2026" in client.get("/tableau-de-bord/reglages").get_data(as_text=True)
    client.post(f"/tableau-de-bord/reglages/entretiens/{interview.id}", data={"decision": "published"})
    assert "Réponse." in client.get(f"/en/entretiens/{interview.slug}").get_data(as_text=True)
