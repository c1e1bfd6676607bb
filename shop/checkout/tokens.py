"""Signed references to an order for the buyer's pages (status, test payment): unguessable, no login needed."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app
from itsdangerous import BadSignature, URLSafeSerializer

from shop.extensions import db
from shop.orders.models import Order


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="order")


def order_token(order: Order) -> str:
    return _serializer().dumps(order.id)


def order_from_token(token: str) -> Order:
    try:
        order_id = _serializer().loads(token)
    except BadSignature:
        abort(404)
    order = db.session.scalars(sa.select(Order).where(Order.id == int(order_id))).first()
    return order or abort(404)
