"""Retailer links belong to an edition; the book editor's change log.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-25 21:14:12.495946

Existing per-book links are moved to one edition of their book, chosen by the retailer's name:
- a name naming an e-book store or reader (Kobo, Apple Books/iBooks, Google Play/Books, Kindle, Numilog, 7switch,
  Youboox, ePagine, Bookeen, Cultura numérique...) or containing "ebook", "e-book", "numérique" or "epub" goes to the
  e-book edition;
- any other name (Fnac, Amazon, Decitre, a bookshop, the publisher's own site) goes to the print edition, the one
  most retailers sell;
- when the book has no edition of that format, the link goes to the other of the two, then to the bundle;
- a link of a book without any edition cannot be kept (there is nothing it could sell) and is deleted.
The downgrade gives each link back to the book of its edition.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

import shop.core.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

EBOOK_STORES = re.compile(
    r"kobo|apple|ibooks|google|kindle|numilog|7switch|youboox|epagine|e-pagine|bookeen|scribd|storytel"
    r"|e-?book|num[ée]rique|epub",
    re.IGNORECASE,
)


def edition_for(name: str, editions: dict[str, int]) -> int | None:
    """The edition a retailer's link belongs to, from the retailer's name and the editions the book has."""
    order = ("ebook", "print", "bundle") if EBOOK_STORES.search(name or "") else ("print", "ebook", "bundle")
    return next((editions[fmt] for fmt in order if fmt in editions), next(iter(editions.values()), None))


def upgrade():
    op.create_table(
        "book_change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("book_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=254), nullable=False),
        sa.Column("at", shop.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("edition_format", sa.Enum("print", "ebook", "bundle", name="editionformat", native_enum=False,
                                            length=16), nullable=True),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=False),
        sa.Column("new_value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["book_id"], ["books.id"], name=op.f("fk_book_change_log_book_id_books"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_book_change_log_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_book_change_log")),
    )
    with op.batch_alter_table("book_change_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_book_change_log_book_id"), ["book_id"], unique=False)

    with op.batch_alter_table("retailer_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("edition_id", sa.Integer(), nullable=True))

    connection = op.get_bind()
    editions: dict[int, dict[str, int]] = {}
    for edition_id, book_id, fmt in connection.execute(
        sa.text("SELECT id, book_id, format FROM editions ORDER BY position, id")
    ):
        editions.setdefault(book_id, {}).setdefault(fmt, edition_id)
    for link_id, book_id, name in connection.execute(sa.text("SELECT id, book_id, name FROM retailer_links")).all():
        target = edition_for(name, editions.get(book_id, {}))
        if target is None:
            connection.execute(sa.text("DELETE FROM retailer_links WHERE id = :id"), {"id": link_id})
        else:
            connection.execute(
                sa.text("UPDATE retailer_links SET edition_id = :edition WHERE id = :id"),
                {"edition": target, "id": link_id},
            )

    with op.batch_alter_table("retailer_links", schema=None) as batch_op:
        batch_op.alter_column("edition_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_index(batch_op.f("ix_retailer_links_book_id"))
        batch_op.create_index(batch_op.f("ix_retailer_links_edition_id"), ["edition_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("fk_retailer_links_book_id_books"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_retailer_links_edition_id_editions"), "editions",
                                    ["edition_id"], ["id"], ondelete="CASCADE")
        batch_op.drop_column("book_id")


def downgrade():
    with op.batch_alter_table("retailer_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("book_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE retailer_links SET book_id = (SELECT book_id FROM editions WHERE editions.id = retailer_links.edition_id)"
    )
    with op.batch_alter_table("retailer_links", schema=None) as batch_op:
        batch_op.alter_column("book_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint(batch_op.f("fk_retailer_links_edition_id_editions"), type_="foreignkey")
        batch_op.create_foreign_key(batch_op.f("fk_retailer_links_book_id_books"), "books", ["book_id"], ["id"],
                                    ondelete="CASCADE")
        batch_op.drop_index(batch_op.f("ix_retailer_links_edition_id"))
        batch_op.create_index(batch_op.f("ix_retailer_links_book_id"), ["book_id"], unique=False)
        batch_op.drop_column("edition_id")

    with op.batch_alter_table("book_change_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_book_change_log_book_id"))
    op.drop_table("book_change_log")
