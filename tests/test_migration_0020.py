"""Migration 0020 moves each book's retailer links to one of its editions, by the retailer's name (e-book stores
to the e-book, the others to the print edition), and the downgrade gives them back to the book."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from shop import create_app
from shop.extensions import db
from tests.conftest import base_overrides
from tests.factories import make_book, make_edition

LINKS = [  # (book, retailer) -> the edition format it must land on
    ("both", "Fnac", "print"), ("both", "Kobo", "ebook"), ("both", "Apple Books", "ebook"),
    ("both", "Google Play Livres", "ebook"), ("both", "Librairie Mollat", "print"), ("both", "Amazon Kindle", "ebook"),
    ("ebook only", "Fnac", "ebook"), ("print only", "Kobo", "print"), ("none", "Decitre", None),
]  # fmt: skip


def test_links_move_to_the_edition_that_fits(tmp_path: Path) -> None:
    app = create_app(base_overrides(f"sqlite:///{tmp_path / 'm.sqlite3'}", tmp_path))
    with app.app_context():
        upgrade(revision="0019")
        books = {"both": make_book(), "ebook only": make_book(with_editions=False),
                 "print only": make_book(with_editions=False), "none": make_book(with_editions=False)}  # fmt: skip
        make_edition(books["ebook only"], "ebook")
        make_edition(books["print only"], "print")
        db.session.commit()
        book_ids = {name: book.id for name, book in books.items()}
        with db.engine.begin() as conn:
            for position, (book, name, _fmt) in enumerate(LINKS):
                conn.execute(
                    sa.text(
                        "INSERT INTO retailer_links (book_id, name, url, position) VALUES (:b, :n, :u, :p)"
                    ),
                    {"b": book_ids[book], "n": name, "u": "https://shop.example/livre/1", "p": position},
                )
        db.session.remove()

        upgrade(revision="0020")
        with db.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "SELECT e.book_id, l.name, e.format FROM retailer_links l JOIN editions e ON e.id = l.edition_id"
            )).all()  # fmt: skip
        moved = {(book, name): fmt for book, name, fmt in rows}
        expected = {(book_ids[book], name): fmt for book, name, fmt in LINKS if fmt}
        assert moved == expected  # and the link of the book without editions is gone

        downgrade(revision="0019")
        with db.engine.connect() as conn:
            back = set(conn.execute(sa.text("SELECT book_id, name FROM retailer_links")).all())
        assert back == set(expected)
        db.engine.dispose()
