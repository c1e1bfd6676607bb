"""One number that changes whenever something a public page shows changes: the page cache's invalidation key.

Any commit that creates, changes or deletes a public-affecting row (the catalogue, the editorial content, the
publisher's identity, approved comments) increments the single row of `content_version` in the same transaction.
Stock matters only when an edition crosses zero (the buy button appears or goes), so an order taking one of many
copies leaves every cached page valid.

Decisions:
- Changes are noticed at flush time (`before_flush` for ORM objects, `do_orm_execute` for bulk UPDATE/DELETE such
  as the stock reservation), but the row is incremented in `before_commit`, just before COMMIT: the row lock is then
  always the last lock a transaction takes and is held for the shortest time, so it can neither deadlock with the
  stock or order locks nor serialise whole checkouts.
- After the commit the new number is handed to the page cache (Redis or in-process), see shop/public/page_cache.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, scoped_session

from shop.catalog.models import Author, Book, Edition, EditionFormat, Publisher, RetailerLink
from shop.core.db import Base
from shop.editorial.comments import Comment, CommentStatus
from shop.editorial.models import Interview, PressReview, Tag
from shop.settings.models import LegalVersion, ShopSettings
from shop.shipping.rates_model import ShippingZone, ZoneCountry

CHANGED = "content_changed"
NEW_VERSION = "content_version"
ROW_ID = 1
# Every instance of these is shown on public pages; Edition and Comment have finer rules below.
PUBLIC_MODELS: tuple[type, ...] = (
    Author,
    Book,
    Edition,
    Publisher,
    RetailerLink,
    PressReview,
    Interview,
    Tag,
    LegalVersion,  # the legal pages
    ShippingZone,  # the terms of sale show the delivery rates
    ZoneCountry,
    ShopSettings,  # the terms of sale show the download limits
)
_listeners: list[Callable[[int], None]] = []


class ContentVersion(Base):
    """A single row (id 1); a missing row reads as version 0 and is created by the first bump."""

    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def read_version(connection: sa.Connection | Session | scoped_session[Any]) -> int:
    """The committed version, in one tiny query."""
    value = connection.execute(sa.select(ContentVersion.version).where(ContentVersion.id == ROW_ID)).scalar()
    return int(value or 0)


def on_new_version(listener: Callable[[int], None]) -> None:
    """Call `listener(version)` after each commit that changed public content (the page cache registers here)."""
    if listener not in _listeners:
        _listeners.append(listener)


def _edition_changes_pages(edition: Edition) -> bool:
    """An edition's change shows unless the only change is stock that stays on the same side of zero."""
    state = sa.inspect(edition)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()} - {"updated_at"}
    if changed != {"stock"}:
        return bool(changed)
    history = state.attrs.stock.history
    if not history.deleted:
        return True  # set on an expired object: the old value is unknown, so assume the button changed
    return _in_stock(edition.format, history.deleted[0]) != _in_stock(edition.format, edition.stock)


def _in_stock(fmt: EditionFormat, stock: int | None) -> bool:
    return fmt != EditionFormat.PRINT or (stock or 0) > 0


def _comment_changes_pages(comment: Comment, new: bool) -> bool:
    if comment.status == CommentStatus.APPROVED:
        return True
    if new:
        return False  # a pending comment is not shown
    return CommentStatus.APPROVED in (sa.inspect(comment).attrs.status.history.deleted or [])


def _affects_pages(obj: Any, kind: str) -> bool:
    if isinstance(obj, Edition) and kind == "dirty":
        return _edition_changes_pages(obj)
    if isinstance(obj, Comment):
        return _comment_changes_pages(obj, new=kind == "new")
    return isinstance(obj, PUBLIC_MODELS)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if session.info.get(CHANGED):
        return
    if (
        any(_affects_pages(obj, "new") for obj in session.new)
        or any(_affects_pages(obj, "deleted") for obj in session.deleted)
        or any(_affects_pages(obj, "dirty") for obj in session.dirty if session.is_modified(obj))
    ):
        session.info[CHANGED] = True


def _out_of_stock(session: Session) -> set[int]:
    table = cast(sa.Table, Edition.__table__)
    query = sa.select(table.c.id).where(
        table.c.format == EditionFormat.PRINT, sa.func.coalesce(table.c.stock, 0) <= 0
    )
    return set(session.connection().execute(query).scalars())


def _do_orm_execute(state: Any) -> Any:
    """Bulk UPDATE/DELETE on public tables bypass before_flush; stock updates are compared around the statement."""
    if not (state.is_update or state.is_delete) or state.session.info.get(CHANGED):
        return None
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, (*PUBLIC_MODELS, Comment)):
        return None
    if mapper.class_ is not Edition or state.is_delete:
        state.session.info[CHANGED] = True
        return None
    before = _out_of_stock(state.session)
    result = state.invoke_statement()
    if _out_of_stock(state.session) != before:
        state.session.info[CHANGED] = True
    return result


def bump(session: Session | scoped_session[Any], at_least: int = 0) -> int:
    """Increment the version in the session's transaction and return the new value (upsert: works on an empty
    table, e.g. right after a restore into a fresh database)."""
    table = cast(sa.Table, ContentVersion.__table__)
    connection = session.connection()
    next_value = sa.case((table.c.version + 1 > at_least, table.c.version + 1), else_=at_least)
    updated = connection.execute(
        table.update().where(table.c.id == ROW_ID).values(version=next_value)
    ).rowcount
    if not updated:
        connection.execute(table.insert().values(id=ROW_ID, version=max(1, at_least)))
    return read_version(connection)


def jump_after_restore(session: Session | scoped_session[Any]) -> None:
    """A restored database brings back an older version number, which caches may still hold pages for: move the
    version past any counter value (to the Unix time), and publish it when the caller commits."""
    session.info[NEW_VERSION] = bump(session, at_least=int(time.time()))


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # the last changes are noticed by before_flush
    if session.info.get(CHANGED):
        session.info[NEW_VERSION] = bump(session)


def _after_commit(session: Session) -> None:
    version = session.info.pop(NEW_VERSION, None)
    session.info.pop(CHANGED, None)
    if version is not None:
        for listener in _listeners:
            listener(version)


def _after_transaction_end(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # a rollback of the whole transaction forgets what it noticed
        session.info.pop(CHANGED, None)
        session.info.pop(NEW_VERSION, None)


def register() -> None:
    """Listen on every ORM session (idempotent)."""
    for name, listener in (
        ("before_flush", _before_flush),
        ("do_orm_execute", _do_orm_execute),
        ("before_commit", _before_commit),
        ("after_commit", _after_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)
