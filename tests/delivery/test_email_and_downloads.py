"""A paid order reaches the buyer by real SMTP, once, in their language; the link in the message downloads the
watermarked copy; links count, expire and can be revoked; buyers can ask for fresh ones."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from shop.downloads.models import DownloadGrant, DownloadLog
from shop.orders import actions, refunds
from shop.outbox.delivery import MAX_ATTEMPTS, deliver_due
from shop.outbox.enqueue import enqueue, retry_email
from shop.outbox.models import EmailStatus, OutboxEmail
from tests.delivery.conftest import paid_order

pytestmark = pytest.mark.usefixtures("no_publisher_mail")  # these tests count the buyer's messages


def _emails(db) -> list[OutboxEmail]:
    return list(db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)))


def _links(message) -> list[str]:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.findall(r"http://shop\.test(/d/[A-Za-z0-9_-]+)", body)


def test_confirmation_and_links_by_real_smtp_then_download(app, client, db, book, smtp_server) -> None:
    order = paid_order(app, book, "ebook", "print")
    assert [e.template for e in _emails(db)] == ["order_confirmation", "ebook_links"]
    assert deliver_due() == (2, 0)
    confirmation, links = smtp_server.messages
    assert confirmation["To"] == "zoe@example.com" and order.number in confirmation["Subject"]
    assert confirmation["Subject"] == f"Votre commande {order.number} est confirmée"
    text = confirmation.get_body(preferencelist=("plain",)).get_content()
    assert "Total TTC" in text and "J'accepte expressément" in text and "/facture/" in text
    assert confirmation.get_body(preferencelist=("html",)) is not None
    urls = _links(links)
    assert len(urls) == 2
    pdf_url = next(u for u in urls if db.session.scalars(sa.select(DownloadGrant)).all())
    response = None
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        if response.mimetype == "application/pdf":
            assert "attachment" in response.headers["Content-Disposition"]
            assert "zoe@example.com" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
        else:
            assert response.mimetype == "application/epub+zip"
        response.close()
    assert pdf_url
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DownloadLog)) == 2
    assert deliver_due() == (0, 0)  # nothing is ever sent twice


def test_messages_in_english_for_an_english_order(app, db, book, smtp_server) -> None:
    paid_order(app, book, "ebook", locale="en")
    deliver_due()
    assert smtp_server.messages[1]["Subject"].startswith("Your e-book download links")


def test_smtp_down_for_a_whole_run_then_every_message_exactly_once(app, db, book, smtp_server) -> None:
    paid_order(app, book, "ebook", email="a@example.com")
    paid_order(app, book, "ebook", email="b@example.com")
    smtp_server.stop()  # connections refused
    assert deliver_due() == (0, 4)
    assert all(e.status == EmailStatus.QUEUED and e.attempts == 1 and e.last_error for e in _emails(db))
    assert deliver_due() == (0, 0)  # backing off: nothing due yet
    smtp_server.__init__()  # a new server on a new port, as after a restart
    smtp_server.start()
    app.config["MAIL_PORT"] = smtp_server.port
    app.extensions["mail"].port = smtp_server.port
    db.session.execute(sa.update(OutboxEmail).values(next_attempt_at=dt.datetime.now(dt.UTC)))
    db.session.commit()
    assert deliver_due() == (4, 0)
    assert deliver_due() == (0, 0)
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == ["a@example.com", "a@example.com", "b@example.com", "b@example.com"]


def test_refusals_back_off_then_fail_and_can_be_retried(app, db, book, smtp_server) -> None:
    paid_order(app, book, "print")
    smtp_server.recorder.refuse = True
    for _ in range(MAX_ATTEMPTS):
        db.session.execute(sa.update(OutboxEmail).values(next_attempt_at=dt.datetime.now(dt.UTC)))
        db.session.commit()
        deliver_due()
    [email] = _emails(db)
    assert email.status == EmailStatus.FAILED and email.attempts == MAX_ATTEMPTS and "451" in email.last_error
    smtp_server.recorder.refuse = False
    retry_email(email)
    db.session.commit()
    assert deliver_due() == (1, 0) and len(smtp_server.messages) == 1


def test_a_repeated_payment_signal_enqueues_nothing_new(app, db, book) -> None:
    order = paid_order(app, book, "ebook")
    from shop.orders.signals import order_paid

    with app.test_request_context():
        order_paid.send(order, actor="duplicate")
        actions.mark_paid(order, "stripe:webhook")
        db.session.commit()
    assert [e.template for e in _emails(db)] == ["order_confirmation", "ebook_links"]
    assert (
        len(db.session.scalars(sa.select(DownloadGrant)).all()) == 2 * 2
    )  # links reissued only by the raw signal


def test_enqueue_is_deduplicated(app, db) -> None:
    first = enqueue("password_reset", "x@example.com", "fr", "k1")
    second = enqueue("password_reset", "y@example.com", "en", "k1")
    assert first.id == second.id and len(_emails(db)) == 1


def _grant_urls(app, db) -> dict[str, str]:
    with app.test_request_context():
        from shop.downloads.grants import token_for

        return {g.format.value: f"/d/{token_for(g)}" for g in db.session.scalars(sa.select(DownloadGrant))}


def test_a_link_works_five_times_then_answers_410(app, client, db, book) -> None:
    paid_order(app, book, "ebook")
    url = _grant_urls(app, db)["epub"]
    codes = []
    for _ in range(6):
        response = client.get(url)
        codes.append(response.status_code)
        response.close()
    assert codes == [200] * 5 + [410]
    assert "nouveaux liens" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("case", ["expired", "revoked", "unknown"])
def test_dead_links_answer_410_with_a_way_out(app, client, db, book, case: str) -> None:
    paid_order(app, book, "ebook")
    url = _grant_urls(app, db)["pdf"]
    grant = db.session.scalars(sa.select(DownloadGrant)).first()
    if case == "expired":
        db.session.execute(
            sa.update(DownloadGrant).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    elif case == "revoked":
        db.session.execute(sa.update(DownloadGrant).values(revoked_at=dt.datetime.now(dt.UTC)))
    else:
        url = "/d/" + "x" * 43
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 410 and grant is not None
    assert 'name="email"' in response.get_data(as_text=True)


def test_full_refund_revokes_links_but_a_print_refund_does_not(app, client, db, book) -> None:
    order = paid_order(app, book, "ebook", "print")
    print_line = next(line for line in order.lines if line.format.value == "print")
    with app.test_request_context():
        refunds.record_refund(order, "publisher", print_line.total_cents, {print_line.id: 1}, "re_print")
        db.session.commit()
    urls = _grant_urls(app, db)
    response = client.get(urls["epub"])
    assert response.status_code == 200
    response.close()
    with app.test_request_context():
        refunds.record_refund(order, "publisher", order.total_cents - order.refunded_cents, None, "re_rest")
        db.session.commit()
    assert client.get(urls["pdf"]).status_code == 410
    templates = [e.template for e in _emails(db)]
    assert templates.count("refund") == 2


def test_fresh_links_same_answer_and_rate_limited(app, client, db, book) -> None:
    paid_order(app, book, "ebook", email="zoe@example.com")
    known = client.post("/fr/liens", data={"email": "Zoe@example.com"})
    unknown = client.post("/fr/liens", data={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [e.template for e in _emails(db)].count("fresh_links") == 1
    codes = [client.post("/fr/liens", data={"email": "zoe@example.com"}).status_code for _ in range(5)]
    assert codes[-1] == 429


def test_post_response_delivery_uses_the_dev_mailbox(app, client, db, book) -> None:
    paid_order(app, book, "ebook")
    deliver_due()
    inbox = client.get("/dev/mailbox/").get_data(as_text=True)
    assert "Votre commande" in inbox
    email = _emails(db)[1]
    page = client.get(f"/dev/mailbox/{email.id}").get_data(as_text=True)
    assert "/d/" in page and email.status == EmailStatus.SENT
    app.config["SHOP_ENV"] = "production"
    assert client.get("/dev/mailbox/").status_code == 404


def test_a_watermarking_failure_never_blocks_the_order(app, client, db, book) -> None:
    from shop.downloads.copies import stamp_pending
    from shop.downloads.models import CopyStatus, EbookCopy, EbookMaster
    from shop.downloads.storage import storage

    master = db.session.scalars(sa.select(EbookMaster).filter_by(format="pdf")).one()
    with app.app_context():
        storage().put(master.storage_key, b"%PDF-1.4 this master got damaged on disk")
    order = paid_order(app, book, "ebook")
    assert order.payment_status.value == "paid"
    assert {e.template for e in _emails(db)} == {
        "order_confirmation",
        "ebook_links",
    }  # the buyer still hears from us
    stamp_pending()
    failed = db.session.scalars(sa.select(EbookCopy).filter_by(format="pdf")).one()
    assert (
        failed.status == CopyStatus.FAILED and failed.attempts == 1 and "WatermarkError" in failed.last_error
    )
    response = client.get(_grant_urls(app, db)["pdf"])
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"  # the link is not used up
    assert db.session.scalars(sa.select(DownloadGrant).filter_by(format="pdf")).one().downloads == 0
    epub = client.get(_grant_urls(app, db)["epub"])
    assert epub.status_code == 200  # the other format is unaffected
    epub.close()
