"""The orders list: filters, search, sort and a bounded pagination that stays fast on a large table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from shop.catalog.models import EditionFormat
from shop.core import parsing
from shop.orders.models import Order, OrderKind, OrderLine
from shop.orders.states import OrderStatus

PER_PAGE = 50
MAX_PAGE = 200  # beyond 10,000 rows, narrow the filters: an OFFSET that deep would scan the table
SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (Order.created_at.desc(), Order.id.desc()),
    "oldest": (Order.created_at.asc(), Order.id.asc()),
    "total": (Order.total_cents.desc(), Order.id.desc()),
}


@dataclass(frozen=True)
class OrderFilters:
    status: str | None
    fmt: str | None
    q: str | None
    date_from: dt.date | None
    date_to: dt.date | None
    sort: str
    page: int

    @classmethod
    def parse(cls, args: MultiDict[str, str]) -> OrderFilters:
        # A filter the list cannot use is dropped (the list stays usable); a search with control characters is
        # refused, as it could only reach the database to fail there.
        def date(name: str) -> dt.date | None:
            try:
                return parsing.parse_date(args.get(name))
            except parsing.BadValue:
                return None

        try:
            q = parsing.parse_text(args.get("q"), 200) or None
        except parsing.BadValue as exc:
            raise parsing.InvalidParameter(str(exc)) from None
        try:
            page = min(parsing.parse_int(args.get("page", "1"), minimum=1), MAX_PAGE)
        except parsing.BadValue:
            page = 1

        status = args.get("status") if args.get("status") in {s.value for s in OrderStatus} else None
        fmt = args.get("format") if args.get("format") in {f.value for f in EditionFormat} else None
        return cls(
            status=status, fmt=fmt, q=q, date_from=date("from"), date_to=date("to"),
            sort=str(args.get("sort")) if args.get("sort") in SORTS else "newest", page=page,
        )  # fmt: skip

    def args(self, **changes: Any) -> dict[str, Any]:
        values = {"status": self.status, "format": self.fmt, "q": self.q, "from": self.date_from, "to": self.date_to,
                  "sort": self.sort, "page": self.page, **changes}  # fmt: skip
        return {k: v for k, v in values.items() if v not in (None, "", 1) or (k == "page" and v != 1)}

    def query(self) -> sa.Select[Any]:
        # Sales only: review copies are listed with their requests (shop/press), never in sales or exports.
        query = sa.select(Order).where(Order.kind == OrderKind.SALE)
        if self.status:
            query = query.where(Order.status == self.status)
        if self.fmt:
            query = query.where(
                sa.exists().where(OrderLine.order_id == Order.id, OrderLine.format == self.fmt)
            )
        if self.q:
            # Each kind of search hits its own index; only a name search scans (e-mails are stored lower-cased).
            needle = self.q.lower()
            if needle.startswith("lcm-"):
                query = query.where(Order.number == self.q.upper())
            elif "@" in needle:
                query = query.where(Order.email == needle)
            else:
                query = query.where(
                    sa.or_(
                        sa.func.lower(Order.buyer_name).contains(needle),
                        sa.func.lower(Order.shipping_name).contains(needle),
                    )
                )
        if self.date_from:
            query = query.where(
                Order.created_at >= dt.datetime.combine(self.date_from, dt.time(), tzinfo=dt.UTC)
            )
        if self.date_to:
            query = query.where(
                Order.created_at
                < dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
            )
        return query.order_by(*SORTS[self.sort])

    def page_query(self) -> sa.Select[Any]:
        # One row more than shown tells whether a next page exists, without a COUNT over the whole table. The
        # OFFSET skips ids only (an index-only scan), then the page's rows are read by id: a deep page no longer
        # reads thousands of whole rows to throw them away.
        ids = self.query().with_only_columns(Order.id).limit(PER_PAGE + 1).offset((self.page - 1) * PER_PAGE)
        page = ids.subquery()
        return sa.select(Order).join(page, Order.id == page.c.id).order_by(*SORTS[self.sort])
