"""/<lang>/aide-lecture: how to open the EPUB or PDF on each kind of device, as BookFunnel explains it.

A public page like the legal ones: cacheable, no cookie, in both languages. The text lives in the template."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from shop.public import queries
from shop.public.views import bp
from shop.reading.kindle import sender_address


@bp.get("/aide-lecture")
def reading_help() -> ResponseReturnValue:
    book = queries.the_book()
    return render_template("reading/help.html", book=book, publisher=book.publisher, sender=sender_address())
