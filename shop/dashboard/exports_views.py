"""The exports page: the sales journal and the customer list, streamed, in the dialect the spreadsheet expects."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue

from shop.dashboard import journal
from shop.dashboard.views import bp


def _dialect() -> journal.Dialect:
    return journal.DIALECTS.get(request.args.get("dialect") or "fr", journal.DIALECTS["fr"])


def _csv(chunks: Iterator[str], name: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/exports")
def exports() -> ResponseReturnValue:
    return render_template("dashboard/exports.html")


@bp.get("/exports/journal-des-ventes.csv")
def sales_journal() -> ResponseReturnValue:
    dialect = _dialect()
    return _csv(
        journal.stream(journal.journal_header(), journal.journal_rows(dialect), dialect),
        "journal-des-ventes.csv",
    )


@bp.get("/exports/clients.csv")
def customers() -> ResponseReturnValue:
    dialect = _dialect()
    return _csv(
        journal.stream(journal.customers_header(), journal.customer_rows(dialect), dialect), "clients.csv"
    )
