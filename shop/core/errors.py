"""Error pages in the visitor's language; no stack trace ever reaches a visitor."""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import DataError, StatementError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from shop.core.parsing import InvalidParameter
from shop.extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Access denied"), _l("You are not allowed to see this page.")),
    404: (_l("Page not found"), _l("This page does not exist or is no longer available.")),
    405: (_l("Method not allowed"), _l("This address cannot be used this way.")),
    410: (_l("No longer available"), _l("This link has expired or has been withdrawn.")),
    413: (_l("File too large"), _l("The file you sent is larger than we accept.")),
    429: (_l("Too many requests"), _l("Please wait a moment before trying again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred. It has been logged; please try again."),
    ),
}


def render_error(code: int, description: str | None = None) -> ResponseReturnValue:
    title, default_text = MESSAGES.get(code, MESSAGES[500])
    if request.path.startswith("/webhooks/") or request.accept_mimetypes.best == "application/json":
        return {"error": str(title)}, code
    return render_template(
        "errors/error.html", code=code, title=title, text=description or default_text
    ), code


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> ResponseReturnValue:
        code = exc.code or 500
        if code not in MESSAGES:
            return exc
        return render_error(code, str(exc.description) if isinstance(exc, InvalidParameter) else None)

    @app.errorhandler(ValueError)
    @app.errorhandler(OverflowError)
    @app.errorhandler(StatementError)
    def handle_bad_input(exc: Exception) -> ResponseReturnValue:
        """Safety net: a value the parsing missed (the database refused it, or Python could not convert it) is
        the request's fault, so a 400; the warning names it so the real cause gets fixed in shop.core.parsing."""
        if isinstance(exc, StatementError) and not (
            isinstance(exc, DataError) or isinstance(exc.orig, ValueError | OverflowError)
        ):
            return handle_unexpected(exc)
        current_app.logger.warning("Bad input reached %s %s: %r", request.method, request.path, exc)
        db.session.rollback()
        return render_error(BadRequest.code)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> ResponseReturnValue:
        if isinstance(exc, HTTPException):
            return handle_http(exc)
        current_app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        db.session.rollback()
        return render_error(InternalServerError.code)
