"""Masters and the buyer's stamped copies. Stamping never blocks an order: failures are retried and flagged."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app

from shop.catalog.models import Edition, EditionFormat
from shop.downloads.models import CopyStatus, EbookCopy, EbookFormat, EbookMaster
from shop.downloads.storage import storage
from shop.downloads.validation import validate_master
from shop.downloads.watermark import Stamp, stamp_epub, stamp_pdf
from shop.extensions import db
from shop.orders.models import OrderLine

MAX_STAMP_ATTEMPTS = 5
STAMPERS = {EbookFormat.EPUB: stamp_epub, EbookFormat.PDF: stamp_pdf}


def add_master(edition: Edition, fmt: EbookFormat, data: bytes) -> EbookMaster:
    """Validate and store a master file (refused with a clear MasterFileError); replaces the previous one."""
    validate_master(data, fmt.value)
    digest = hashlib.sha256(data).hexdigest()
    key = storage().put(f"masters/{edition.id}-{digest[:16]}.{fmt.value}", data)
    master = db.session.scalars(sa.select(EbookMaster).filter_by(edition_id=edition.id, format=fmt)).first()
    if master is None:
        master = EbookMaster(
            edition_id=edition.id, format=fmt, storage_key=key, size=len(data), sha256=digest
        )
        db.session.add(master)
    else:
        master.storage_key, master.size, master.sha256 = key, len(data), digest
    db.session.flush()
    return master


def master_for(line: OrderLine, fmt: EbookFormat) -> EbookMaster | None:
    """A bundle line is delivered from the book's e-book edition masters."""
    edition = line.edition
    if edition.format == EditionFormat.BUNDLE:
        edition = edition.book.edition(EditionFormat.EBOOK) or edition
    return db.session.scalars(sa.select(EbookMaster).filter_by(edition_id=edition.id, format=fmt)).first()


def schedule(line: OrderLine) -> None:
    for fmt in EbookFormat:
        exists = db.session.scalars(sa.select(EbookCopy).filter_by(order_line_id=line.id, format=fmt)).first()
        if exists is None:
            db.session.add(EbookCopy(order_line_id=line.id, format=fmt))
    db.session.flush()


def stamp(copy: EbookCopy) -> bool:
    """Make the copy; on failure record why and leave it for a retry. Commits its own outcome."""
    line = copy.order_line
    order = line.order
    try:
        master = master_for(line, copy.format)
        if master is None:
            raise FileNotFoundError(f"no {copy.format.value} master for edition {line.edition_id}")
        data = storage().get(master.storage_key)
        shop_name = current_app.config.get("SHOP_NAME", "Le Community Management")
        stamp_ = Stamp(order.buyer_name, order.email, order.number or "", shop_name, order.created_at.date())
        stamped = STAMPERS[copy.format](data, stamp_)
        copy.storage_key = storage().put(f"copies/{order.id}/{line.id}.{copy.format.value}", stamped)
        copy.status = CopyStatus.READY
        copy.last_error = None
    except Exception as exc:  # a bad master or a full disk must not cost the buyer their order
        copy.attempts += 1
        copy.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        copy.status = CopyStatus.FAILED
        current_app.logger.warning("watermarking copy %s failed: %s", copy.id, copy.last_error)
    db.session.commit()
    return copy.status == CopyStatus.READY


def stamp_pending(limit: int = 20) -> int:
    """The worker's pass: pending copies, and failed ones that still have attempts left."""
    query = (
        sa.select(EbookCopy)
        .where(
            sa.or_(
                EbookCopy.status == CopyStatus.PENDING,
                sa.and_(EbookCopy.status == CopyStatus.FAILED, EbookCopy.attempts < MAX_STAMP_ATTEMPTS),
            )
        )
        .order_by(EbookCopy.id)
        .limit(limit)
    )
    return sum(stamp(copy) for copy in db.session.scalars(query).all())


def retry_copy(copy: EbookCopy) -> None:
    """The publisher's retry button for a copy that ran out of attempts."""
    copy.attempts = 0
    copy.status = CopyStatus.PENDING
    db.session.flush()
