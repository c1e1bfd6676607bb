"""Limits on unpaid checkouts, so that nobody can hoard the print stock (issue 11, finding 2).

A pending order holds its print copies until it is paid or closed (at least 30 minutes: Stripe's shortest session),
so without limits a script empties the stock in a second. The guards:

- a rate limit on the pay button per client address (CHECKOUT_RATE_LIMIT);
- at most CHECKOUT_MAX_OPEN_ORDERS pending orders, holding at most CHECKOUT_MAX_RESERVED_COPIES print copies, per
  client address *and* per e-mail address (a script varies one or the other);
- one pending order per cart session: a new checkout, or the return from Stripe's cancel link, releases the previous
  one (shop.checkout.pending).

The client address is `request.remote_addr`, which ProxyFix corrects when TRUSTED_PROXIES is set. The order stores
only an HMAC of it keyed with SECRET_KEY: enough to count, useless to find out who the buyer is.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

import sqlalchemy as sa
from flask import current_app, request
from flask_babel import gettext as _

from shop.checkout.pricing import SHIPPED_FORMATS, Quote
from shop.extensions import db
from shop.orders.models import Order, OrderLine
from shop.orders.states import OrderStatus


class TooManyOpenOrders(Exception):
    """A checkout refused by the hoarding limits; the message is shown to the buyer in their language."""


def checkout_rate_limit() -> str:
    return str(current_app.config.get("CHECKOUT_RATE_LIMIT", "10 per 10 minutes;40 per day"))


def client_address() -> str:
    """The address the limits count, as text. An IPv6 client counts per /64: that is the block one subscriber
    usually gets, so counting single addresses would let one machine rotate through 2**64 of them."""
    raw = request.remote_addr or ""
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _digest(purpose: str, value: str) -> bytes:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).digest()


def client_hash(address: str | None = None) -> str:
    return _digest("checkout-client", client_address() if address is None else address).hex()


def copies_in(priced: Quote) -> int:
    return sum(line.quantity for line in priced.lines if line.edition.format in SHIPPED_FORMATS)


def _serialise(client: str, email: str) -> None:
    """On PostgreSQL, checkouts of the same client or e-mail queue up until the reservation commits (a fraction of a
    second, before Stripe is called): otherwise parallel requests would all count the same open orders and all pass.
    Locks are taken in one global order, so two checkouts never wait for each other in a circle. SQLite lets one
    writer at a time anyway."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    keys = sorted(
        int.from_bytes(_digest("checkout-lock", value)[:8], "big", signed=True)
        for value in (f"client:{client}", f"email:{email}")
    )
    for key in keys:
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))


def _held(condition: sa.ColumnElement[bool]) -> tuple[int, int]:
    """(pending orders, print copies they hold) matching the condition."""
    pending = Order.status == OrderStatus.PENDING
    orders = db.session.scalar(sa.select(sa.func.count(Order.id)).where(pending, condition)) or 0
    copies = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(OrderLine.quantity), 0))
        .join(OrderLine.order)
        .where(pending, condition, Order.stock_reserved.is_(True), OrderLine.format.in_(SHIPPED_FORMATS))
    )
    return orders, int(copies or 0)


def ensure_room(client: str, email: str, copies: int) -> None:
    """Raise TooManyOpenOrders if one more pending order with these copies would pass a limit. Call it in the
    transaction that reserves, before reserving."""
    _serialise(client, email)
    config = current_app.config
    max_orders = int(config["CHECKOUT_MAX_OPEN_ORDERS"])
    max_copies = int(config["CHECKOUT_MAX_RESERVED_COPIES"])
    for condition in (Order.client_hash == client, Order.email == email):
        orders, held = _held(condition)
        if orders >= max_orders:
            raise TooManyOpenOrders(
                _(
                    "Too many orders are waiting for payment from your connection or e-mail address. Please pay or "
                    "cancel them, or try again in %(minutes)s minutes. Your cart is kept.",
                    minutes=config["CHECKOUT_EXPIRY_MINUTES"],
                )
            )
        if copies and held + copies > max_copies:
            raise TooManyOpenOrders(
                _(
                    "At most %(limit)s print copies can be set aside at once for your connection or e-mail address "
                    "while orders wait for payment. Please pay for your earlier order first, or write to us for a "
                    "group order. Your cart is kept.",
                    limit=max_copies,
                )
            )
