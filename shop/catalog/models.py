"""The book, its editions (print, e-book, bundle), its authors, its publisher, where else to buy each edition,
and the log of changes made to them from the book editor."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from shop.core.db import Base, TimestampMixin, enum_column, utcnow
from shop.core.i18n import translated
from shop.core.isbn import is_valid_isbn13, normalize_isbn13

Translations = dict[str, str]


class CatalogError(ValueError):
    """Refused catalogue data; the message says which rule it breaks."""


class EditionFormat(enum.StrEnum):
    PRINT = "print"
    EBOOK = "ebook"
    BUNDLE = "bundle"


book_authors = sa.Table(
    "book_authors",
    Base.metadata,
    sa.Column("book_id", sa.ForeignKey("books.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("author_id", sa.ForeignKey("authors.id", ondelete="CASCADE"), primary_key=True),
)


class Publisher(TimestampMixin, Base):
    """The seller's legal identity: GPSR block, legal notice, invoices."""

    __tablename__ = "publishers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    legal_form: Mapped[str] = mapped_column(sa.String(200), default="")
    street_address: Mapped[str] = mapped_column(sa.String(300), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(20), default="")
    city: Mapped[str] = mapped_column(sa.String(120), default="")
    country: Mapped[str] = mapped_column(sa.String(2), default="FR")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    registration: Mapped[str] = mapped_column(sa.String(200), default="")
    vat_number: Mapped[str] = mapped_column(sa.String(40), default="")
    publication_director: Mapped[str] = mapped_column(sa.String(200), default="")
    host: Mapped[str] = mapped_column(sa.String(300), default="")  # the hosting provider's name (LCEN art. 6)
    host_address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    host_phone: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    mediator_name: Mapped[str] = mapped_column(sa.String(200), default="")
    mediator_url: Mapped[str] = mapped_column(sa.String(300), default="")

    @property
    def postal_address(self) -> str:
        return ", ".join(p for p in (self.street_address, f"{self.postal_code} {self.city}".strip()) if p)


class Author(TimestampMixin, Base):
    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    bio: Mapped[Translations] = mapped_column(sa.JSON, default=dict)
    photo: Mapped[str | None] = mapped_column(sa.String(255))
    # [{"label": "Blog", "url": "https://..."}]
    links: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)

    def bio_in(self, lang: str) -> str:
        return translated(self.bio, lang)


class Book(TimestampMixin, Base):
    __tablename__ = "books"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    subtitle: Mapped[Translations] = mapped_column(sa.JSON, default=dict)
    pitch: Mapped[Translations] = mapped_column(sa.JSON, default=dict)
    description: Mapped[Translations] = mapped_column(sa.JSON, default=dict)
    # Markdown per language: the table of contents is edited as text, not as rows.
    table_of_contents: Mapped[Translations] = mapped_column(sa.JSON, default=dict)
    publisher_id: Mapped[int] = mapped_column(sa.ForeignKey("publishers.id"))
    published_on: Mapped[dt.date | None]
    pages: Mapped[int | None] = mapped_column(sa.CheckConstraint("pages > 0", name="pages_positive"))
    language: Mapped[str] = mapped_column(sa.String(8), default="fr")
    cover: Mapped[str | None] = mapped_column(sa.String(255))
    cover_width: Mapped[int | None]
    cover_height: Mapped[int | None]
    sample_epub: Mapped[str | None] = mapped_column(sa.String(255))
    sample_pdf: Mapped[str | None] = mapped_column(sa.String(255))

    publisher: Mapped[Publisher] = relationship()
    authors: Mapped[list[Author]] = relationship(secondary=book_authors, order_by=Author.position)
    editions: Mapped[list[Edition]] = relationship(back_populates="book", order_by="Edition.position")

    def edition(self, fmt: EditionFormat) -> Edition | None:
        return next((e for e in self.editions if e.format == fmt and e.active), None)


class Edition(TimestampMixin, Base):
    __tablename__ = "editions"
    __table_args__ = (
        sa.CheckConstraint("price_cents >= 0", name="price_not_negative"),
        sa.CheckConstraint("vat_rate_bp >= 0 AND vat_rate_bp <= 10000", name="vat_rate_range"),
        sa.CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(sa.ForeignKey("books.id", ondelete="CASCADE"), index=True)
    format: Mapped[EditionFormat] = mapped_column(enum_column(EditionFormat))
    isbn13: Mapped[str | None] = mapped_column(sa.String(13), unique=True)
    price_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
    vat_rate_bp: Mapped[int] = mapped_column(default=550)
    stock: Mapped[int | None]
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    book: Mapped[Book] = relationship(back_populates="editions")
    # Each retailer sells one edition: its link goes to that edition's own page in the retailer's shop.
    retailer_links: Mapped[list[RetailerLink]] = relationship(
        back_populates="edition", order_by="RetailerLink.position", cascade="all, delete-orphan"
    )

    @validates("format")
    def _check_format(self, _key: str, value: Any) -> EditionFormat:
        try:
            return EditionFormat(value)
        except ValueError:
            allowed = ", ".join(f.value for f in EditionFormat)
            raise CatalogError(f"Unknown edition format {value!r}: expected one of {allowed}.") from None

    @validates("isbn13")
    def _check_isbn(self, _key: str, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if not is_valid_isbn13(value):
            raise CatalogError(
                f"Invalid ISBN-13 {value!r}: 13 digits starting 978/979 with a valid check digit."
            )
        return normalize_isbn13(value)

    @validates("price_cents")
    def _check_price(self, _key: str, value: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise CatalogError(
                f"Invalid price {value!r}: a public price is a whole number of cents, 0 or more."
            )
        return value

    @validates("stock")
    def _check_stock(self, _key: str, value: int | None) -> int | None:
        if value is not None and value < 0:
            raise CatalogError(f"Invalid stock {value!r}: stock cannot be negative.")
        return value

    @validates("currency")
    def _check_currency(self, _key: str, value: str) -> str:
        if len(value) != 3 or not value.isalpha():
            raise CatalogError(f"Invalid currency {value!r}: use an ISO 4217 code such as EUR.")
        return value.upper()

    @property
    def stock_source(self) -> Edition | None:
        """The edition whose copies this one ships: itself for print, the book's print edition for a bundle."""
        if self.format == EditionFormat.PRINT:
            return self
        if self.format == EditionFormat.BUNDLE:
            prints = [e for e in self.book.editions if e.format == EditionFormat.PRINT]
            return next((e for e in prints if e.active), prints[0] if prints else None)
        return None

    @property
    def copies_available(self) -> int | None:
        """Print copies left for this edition; None when it ships nothing or its stock is not counted."""
        source = self.stock_source
        return source.stock if source is not None else None

    @property
    def in_stock(self) -> bool:
        available = self.copies_available
        return available is None or available > 0


class RetailerLink(Base):
    """Where else to buy one edition: the URL of the book's page at the retailer, never its home page."""

    __tablename__ = "retailer_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    url: Mapped[str] = mapped_column(sa.String(500))
    position: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship(back_populates="retailer_links")


class ChangeLog(Base):
    """One change made to the book from the book editor (or the demo loader, through the same actions).

    Values are kept as short text (long text cut, see shop.catalog.changelog) and turned into a sentence in the
    reader's language only when shown; `actor` keeps who it was even if the account is later removed.
    """

    __tablename__ = "book_change_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    book_id: Mapped[int] = mapped_column(sa.ForeignKey("books.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(sa.String(254), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    field: Mapped[str] = mapped_column(sa.String(40))
    edition_format: Mapped[EditionFormat | None] = mapped_column(enum_column(EditionFormat))
    subject: Mapped[str] = mapped_column(sa.String(120), default="")
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")
