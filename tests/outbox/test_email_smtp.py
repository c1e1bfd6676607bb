"""The rendered parts survive a real SMTP conversation: text and HTML as alternatives, HTML with inline styles."""

from __future__ import annotations

from shop.outbox.delivery import deliver_due
from tests.delivery.conftest import paid_order


def test_links_email_over_smtp_has_both_parts_inlined(app, db, book, smtp_server, no_publisher_mail) -> None:
    order = paid_order(app, book, "ebook", locale="en")
    assert deliver_due() == (2, 0)
    links = next(m for m in smtp_server.messages if m["Subject"].startswith("Your e-book download links"))
    assert "multipart/alternative" in [part.get_content_type() for part in links.walk()]
    text = links.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    html = links.get_body(preferencelist=("html",)).get_content()
    assert (
        "Download the EPUB\nhttp://shop.test/d/" in text and "Download the PDF\nhttp://shop.test/d/" in text
    )
    assert "http://shop.test/en/commande/" in text and "http://shop.test/en/commande/" in html
    assert "<style" not in html and 'class="button" href="http://shop.test/d/' in html
    assert 'style="' in html.split('class="button"', 1)[1].split(">", 1)[0]  # the button's own inline style
    assert order.number in links["Subject"]
