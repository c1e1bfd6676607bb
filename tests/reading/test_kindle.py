"""Send to Kindle: the watermarked EPUB leaves through the outbox and a real SMTP server, attached and valid, and
costs one download; bad addresses and used-up links are refused in words."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from shop.checkout.tokens import order_token
from shop.downloads.copies import stamp_pending
from shop.downloads.models import DownloadGrant, DownloadLog, EbookFormat
from shop.extensions import db as _db
from shop.orders import refunds
from shop.outbox.delivery import deliver_due
from shop.outbox.models import EmailStatus, OutboxEmail
from tests.delivery.conftest import paid_order
from tests.delivery.test_watermark import _epubcheck


def _page(app, order, locale: str = "fr") -> str:
    with app.test_request_context():
        return f"/{locale}/commande/{order_token(order)}"


def _epub_grant(order) -> DownloadGrant:
    return _db.session.scalars(
        sa.select(DownloadGrant)
        .join(DownloadGrant.order_line)
        .where(DownloadGrant.format == EbookFormat.EPUB)
        .order_by(DownloadGrant.id.desc())
    ).first()


@pytest.fixture
def order(app, db, book):
    order = paid_order(app, book, "ebook")
    stamp_pending()
    db.session.commit()
    return order


def test_send_to_kindle_end_to_end_over_smtp(app, client, db, order, smtp_server, tmp_path: Path) -> None:
    page = _page(app, order)
    html = client.get(page).get_data(as_text=True)
    assert 'name="kindle_email"' in html and "livre@diateino.example" in html and "/fr/aide-lecture" in html
    deliver_due()  # the confirmation and the links: not what this test is about
    smtp_server.messages.clear()
    before = _epub_grant(order).downloads

    response = client.post(f"{page}/kindle", data={"kindle_email": " Zoe_42@Kindle.com "})
    assert response.status_code == 303 and response.headers["Location"].endswith(page)
    assert "zoe_42@kindle.com" in client.get(page).get_data(as_text=True)  # the flashed confirmation
    db.session.expire_all()
    assert _epub_grant(order).downloads == before + 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DownloadLog)) == 1
    row = db.session.scalars(sa.select(OutboxEmail).filter_by(template="kindle")).one()
    assert set(row.context) == {"attach_copy_ids", "charged_grant_ids"}  # names the copy, holds no bytes

    assert deliver_due() == (1, 0)
    [message] = smtp_server.messages
    assert message["To"] == "zoe_42@kindle.com" and message["From"].endswith("<livre@diateino.example>")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/epub+zip"
    assert attachment.get_filename() == f"le-community-management-{order.number}.epub"
    data = attachment.get_content()
    with zipfile.ZipFile(io.BytesIO(data)) as epub:
        assert epub.namelist()[0] == "mimetype"
        assert any(
            b"zoe@example.com" in epub.read(name) for name in epub.namelist() if name.endswith(".xhtml")
        )
    path = tmp_path / "kindle.epub"
    path.write_bytes(data)
    result = _epubcheck(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert message.get_body(preferencelist=("plain",)) is not None
    assert message.get_body(preferencelist=("html",)) is not None


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("zoe@gmail.com", "Ce n’est pas une adresse Kindle"),
        ("zoe@kindle.com.evil.example", "Ce n’est pas une adresse Kindle"),
        ("zoe@notkindle.com", "Ce n’est pas une adresse Kindle"),
        ("@kindle.com", "adresse e-mail n’est pas valide"),
        ("", "Indiquez l’adresse e-mail de votre Kindle"),
        ("zoe\x00@kindle.com", "caractères"),
    ],
)
def test_bad_addresses_redisplay_the_form_with_a_message(
    app, client, db, order, address: str, message: str
) -> None:
    response = client.post(f"{_page(app, order)}/kindle", data={"kindle_email": address})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in html.replace("'", "’")
    assert 'name="kindle_email"' in html and 'aria-invalid="true"' in html
    if address and "\x00" not in address:
        assert f'value="{address}"' in html  # the buyer's input is kept
    assert _epub_grant(order).downloads == 0
    assert db.session.scalars(sa.select(OutboxEmail).filter_by(template="kindle")).first() is None


def test_english_page_and_message(app, client, db, book) -> None:
    order = paid_order(app, book, "ebook", locale="en")
    stamp_pending()
    db.session.commit()
    response = client.post(f"{_page(app, order, 'en')}/kindle", data={"kindle_email": "zoe@gmail.com"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "This is not a Kindle address" in html and 'lang="en"' in html
    assert "Send to Kindle" in html and "livre@diateino.example" in html


def test_free_kindle_addresses_are_accepted(app, client, db, order) -> None:
    response = client.post(f"{_page(app, order)}/kindle", data={"kindle_email": "zoe@free.kindle.com"})
    assert response.status_code == 303


def test_no_download_left_is_refused(app, client, db, order) -> None:
    grant = _epub_grant(order)
    grant.downloads = grant.max_downloads
    db.session.commit()
    response = client.post(f"{_page(app, order)}/kindle", data={"kindle_email": "zoe@kindle.com"})
    html = response.get_data(as_text=True).replace("'", "’")
    assert response.status_code == 422
    assert "n’a plus de téléchargement disponible" in html and 'value="zoe@kindle.com"' in html
    assert db.session.scalars(sa.select(OutboxEmail).filter_by(template="kindle")).first() is None
    db.session.expire_all()
    assert _epub_grant(order).downloads == grant.max_downloads


def test_expired_link_is_refused(app, client, db, order) -> None:
    db.session.execute(
        sa.update(DownloadGrant).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    )
    db.session.commit()
    response = client.post(f"{_page(app, order)}/kindle", data={"kindle_email": "zoe@kindle.com"})
    assert response.status_code == 422


def test_a_copy_still_being_prepared_is_not_offered(app, client, db, book) -> None:
    order = paid_order(app, book, "ebook")  # copies not stamped yet
    page = _page(app, order)
    assert 'name="kindle_email"' not in client.get(page).get_data(as_text=True)
    response = client.post(f"{page}/kindle", data={"kindle_email": "zoe@kindle.com"})
    assert response.status_code == 422 and "encore en préparation" in response.get_data(as_text=True)


def test_print_only_order_has_nothing_to_send(app, client, db, book) -> None:
    order = paid_order(app, book, "print")
    page = _page(app, order)
    assert 'name="kindle_email"' not in client.get(page).get_data(as_text=True)
    assert client.get(f"{page}/kindle").status_code == 200
    response = client.post(f"{page}/kindle", data={"kindle_email": "zoe@kindle.com"})
    assert response.status_code == 422 and "pas de livre numérique à envoyer" in response.get_data(
        as_text=True
    )


def test_a_refund_before_delivery_withdraws_the_message(app, client, db, order, smtp_server) -> None:
    deliver_due()
    client.post(f"{_page(app, order)}/kindle", data={"kindle_email": "zoe@kindle.com"})
    with app.test_request_context():
        refunds.record_refund(order, "publisher", order.total_cents, None, "re_full")
        db.session.commit()
    deliver_due()
    row = db.session.scalars(sa.select(OutboxEmail).filter_by(template="kindle")).one()
    assert row.status == EmailStatus.CANCELED
    assert not any(m["To"] == "zoe@kindle.com" for m in smtp_server.messages)


def test_sending_is_rate_limited_per_order(app, client, db, order) -> None:
    url = f"{_page(app, order)}/kindle"
    codes = [client.post(url, data={"kindle_email": "zoe@gmail.com"}).status_code for _ in range(6)]
    assert codes[:5] == [422] * 5 and codes[5] == 429
