"""The reading-help page: public, cacheable, in both languages, every device covered, linked from the order page."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fr",
            [
                "Lire votre livre numérique",
                "Kindle",
                "Kobo",
                "Apple Books",
                "Android",
                "Ordinateur",
                "@kindle.com",
            ],
        ),
        (
            "en",
            ["Reading your e-book", "Kindle", "Kobo", "Apple Books", "Android", "Computer", "@kindle.com"],
        ),
    ],
)
def test_help_page_in_both_languages(app, client, db, book, lang: str, words: list[str]) -> None:
    response = client.get(f"/{lang}/aide-lecture")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and f'lang="{lang}"' in html
    assert all(word in html for word in words)
    assert "livre@diateino.example" in html  # the sender to approve on Amazon
    assert "Set-Cookie" not in response.headers and "public" in response.headers["Cache-Control"]
    other = "en" if lang == "fr" else "fr"
    assert f'hreflang="{other}" href="http://shop.test/{other}/aide-lecture"' in html


def test_help_page_is_in_the_sitemap(client, db, book) -> None:
    assert "http://shop.test/en/aide-lecture" in client.get("/sitemap.xml").get_data(as_text=True)
