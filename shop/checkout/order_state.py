"""What the buyer's order page shows: the order's current state, read from the facts (payment, copies, links,
shipment, refunds, invoices) rather than from one status value, so the page follows the order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

import sqlalchemy as sa

from shop.core.db import utcnow
from shop.downloads import grants
from shop.downloads.models import CopyStatus, DownloadGrant, EbookCopy
from shop.extensions import db
from shop.invoices.models import Invoice, InvoiceKind
from shop.invoices.views import invoice_token
from shop.orders.models import Order, PaymentProvider
from shop.orders.states import OrderStatus, PaymentStatus

CLOSED = (OrderStatus.CANCELED, OrderStatus.EXPIRED)
# Carriers whose public tracking page we know; a tracking URL typed by the publisher wins.
TRACKING_PAGES = {
    "colissimo": "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    "la poste": "https://www.laposte.fr/outils/suivre-vos-envois?code={number}",
    "chronopost": "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={number}",
}


@dataclass(frozen=True)
class LinkView:
    format: str  # "EPUB" or "PDF"
    url: str | None  # None once the link can no longer be used
    downloads_left: int
    expires_at: dt.datetime


@dataclass(frozen=True)
class DocumentView:
    number: str
    amount_cents: int
    issued_at: dt.datetime
    url: str
    pdf_url: str


@dataclass
class OrderView:
    order: Order
    links: list[LinkView] = field(default_factory=list)
    preparing: bool = False  # stamped copies not all ready yet: the page refreshes itself
    copies_delayed: bool = False  # stamping failed for now: retried by the worker, the publisher is told
    invoice: DocumentView | None = None
    credit_notes: list[DocumentView] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.order.status == OrderStatus.PENDING

    @property
    def closed(self) -> bool:
        return self.order.status in CLOSED

    @property
    def paid(self) -> bool:
        return not (self.pending or self.closed)

    @property
    def fully_refunded(self) -> bool:
        return self.order.payment_status == PaymentStatus.REFUNDED

    @property
    def partly_refunded(self) -> bool:
        return self.order.refunded_cents > 0 and not self.fully_refunded

    @property
    def provider_says_unpaid(self) -> bool:
        """Only the payment provider can tell that nothing was charged: a test-mode order, or Stripe reporting the
        session expired or the payment failed. Our own expiry clock (`shop orders expire`) does not know."""
        if self.order.payment_provider == PaymentProvider.TEST:
            return True
        return any(
            e.params.get("provider_confirmed")
            or (
                e.actor.startswith("stripe")
                and e.params.get("reason") in ("checkout_expired", "payment_failed")
            )
            for e in self.order.events
        )

    @property
    def tracking_url(self) -> str | None:
        order = self.order
        url = (order.tracking_url or "").strip()
        if url.startswith(("https://", "http://")):
            return url
        template = TRACKING_PAGES.get((order.carrier or "").strip().lower())
        if template and order.tracking_number:
            return template.format(number=quote(order.tracking_number.strip(), safe=""))
        return None

    @property
    def can_ask_fresh_links(self) -> bool:
        return self.paid and not self.fully_refunded and bool(grants.ebook_lines(self.order))


def _document(invoice: Invoice) -> DocumentView:
    from flask import url_for

    token = invoice_token(invoice)
    return DocumentView(
        invoice.number, invoice.amount_cents, invoice.issued_at,
        url_for("invoices.invoice_page", token=token), url_for("invoices.invoice_pdf_view", token=token),
    )  # fmt: skip


def _latest_grants(line_ids: list[int]) -> list[DownloadGrant]:
    """The newest link per line and format: asking for fresh links adds grants, the page shows the last ones."""
    latest: dict[tuple[int, str], DownloadGrant] = {}
    for grant in sorted(grants.grants_of(line_ids), key=lambda g: g.id):
        latest[(grant.order_line_id, grant.format.value)] = grant
    return list(latest.values())


def _link(grant: DownloadGrant, now: dt.datetime) -> LinkView:
    expires_at = grant.expires_at if grant.expires_at.tzinfo else grant.expires_at.replace(tzinfo=dt.UTC)
    left = max(grant.max_downloads - grant.downloads, 0)
    usable = grant.revoked_at is None and expires_at > now and left > 0
    return LinkView(grant.format.value.upper(), grants.link_for(grant) if usable else None, left, expires_at)


def order_view(order: Order) -> OrderView:
    view = OrderView(order)
    if not view.paid:
        return view
    documents = db.session.scalars(sa.select(Invoice).filter_by(order_id=order.id).order_by(Invoice.id)).all()
    for document in documents:
        if document.kind == InvoiceKind.INVOICE:
            view.invoice = _document(document)
        else:
            view.credit_notes.append(_document(document))
    line_ids = [line.id for line in grants.ebook_lines(order)]
    if view.fully_refunded or not line_ids:
        return view
    copies = db.session.scalars(sa.select(EbookCopy).where(EbookCopy.order_line_id.in_(line_ids))).all()
    statuses = {copy.status for copy in copies}
    view.copies_delayed = CopyStatus.FAILED in statuses
    view.preparing = not view.copies_delayed and (not copies or CopyStatus.PENDING in statuses)
    if not view.preparing and not view.copies_delayed:
        now = utcnow()
        view.links = [_link(grant, now) for grant in _latest_grants(line_ids)]
    return view
