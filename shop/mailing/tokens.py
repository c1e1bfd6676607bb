"""Signed tokens in mailing links: they authenticate a click without a session or an account.

Confirmation links expire (a forgotten request should not be confirmable a year later); unsubscribe links never
do, since RFC 8058 asks that the link in an old message still works. Both name the address as well as the row, so
a token stays bound to the person it was mailed to even if ids were ever reused.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from shop.extensions import db
from shop.mailing.models import Subscriber

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _timed() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="mailing-confirm")


def _plain() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="mailing-unsubscribe")


def confirm_token(subscriber: Subscriber) -> str:
    return _timed().dumps([subscriber.id, subscriber.email])


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _plain().dumps([subscriber.id, subscriber.email])


def _match(data: object) -> Subscriber | None:
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int):
        return None
    subscriber = db.session.get(Subscriber, data[0])
    return subscriber if subscriber is not None and subscriber.email == data[1] else None


def subscriber_to_confirm(token: str) -> Subscriber | None:
    try:
        return _match(_timed().loads(token, max_age=CONFIRM_MAX_AGE))
    except BadSignature:  # includes SignatureExpired
        return None


def subscriber_to_unsubscribe(token: str) -> Subscriber | None:
    try:
        return _match(_plain().loads(token))
    except BadSignature:
        return None
