"""The publisher's Audience page, its CSV export and the campaign link builder (routes of the dashboard)."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa
from flask import Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue

from shop.audience import links, reports
from shop.audience.chart import audience_svg
from shop.audience.rollup import DIMENSIONS
from shop.audience.visitors import today
from shop.dashboard.export import neutralise
from shop.dashboard.views import bp
from shop.editorial.models import Interview, PressReview
from shop.extensions import db


def page_labels(paths: list[str]) -> dict[str, str]:
    """Titles of the reviews and interviews among `paths` (given without language), so that reports read as words."""
    slugs = {p.rsplit("/", 1)[-1] for p in paths if p.startswith(("/presse/", "/entretiens/"))}
    labels: dict[str, str] = {}
    if slugs:
        for model, prefix in ((PressReview, "/presse/"), (Interview, "/entretiens/")):
            for slug, title in db.session.execute(
                sa.select(model.slug, model.title).where(model.slug.in_(slugs))
            ):
                labels[prefix + slug] = title
    return labels


def _period() -> tuple[int, reports.Period]:
    days = reports.parse_period(request.args.get("periode"))
    return days, reports.Period.last(days, today())


@bp.get("/audience")
def audience() -> ResponseReturnValue:
    days, period = _period()
    series = reports.daily_series(period)
    pages = reports.top(period, "path")
    by_landing = reports.revenue_by_source(period, "landing")
    labels = page_labels([p for p, *_ in pages] + [row[0] for row in by_landing])
    return render_template(
        "dashboard/audience.html", days=days, periods=reports.PERIODS, period=period, series=series,
        chart=audience_svg(series), funnel=reports.funnel(period), pages=pages, labels=labels,
        referrers=reports.top(period, "referrer"), campaigns=reports.top_campaigns(period),
        devices=reports.top(period, "device"), countries=reports.top(period, "country"),
        by_landing=by_landing, by_referrer=reports.revenue_by_source(period, "referrer"),
        by_campaign=reports.revenue_by_source(period, "campaign"),
    )  # fmt: skip


@bp.get("/audience.csv")
def audience_csv() -> ResponseReturnValue:
    """The period's daily figures per page and source, one row per day and combination, for a spreadsheet."""
    days, period = _period()
    s = reports.stats(period)
    query = sa.select(s).order_by(s.c.day, s.c.kind, s.c.path, s.c.referrer)
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so spreadsheet programs read UTF-8 accents correctly
    writer = csv.writer(out)
    writer.writerow(["day", *DIMENSIONS, "hits", "visitors"])
    for row in db.session.execute(query):
        writer.writerow([row.day.isoformat(), *(neutralise(str(getattr(row, d))) for d in DIMENSIONS),
                         row.hits, row.visitors])  # fmt: skip
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="audience-{period.end.isoformat()}-{days}j.csv"'
    )
    return response


@bp.get("/audience/liens")
def campaign_links() -> ResponseReturnValue:
    pages = links.pages()
    page = request.args.get("page", "")
    source = request.args.get("source", "")
    campaign = links.campaign_slug(request.args.get("campagne", ""))
    mediums = {code: medium for code, medium, _label in links.SOURCES}
    url = None
    if page in {p for p, _ in pages} and source in mediums:
        url = links.tagged_url(page, source, mediums[source], campaign)
    return render_template(
        "dashboard/audience_links.html", pages=pages, sources=links.SOURCES, page=page, source=source,
        campaign=campaign, url=url,
    )  # fmt: skip


@bp.get("/audience/qr.svg")
def campaign_qr() -> ResponseReturnValue:
    """The QR code of a link to our own site (any other address is refused: this is not a public QR service)."""
    url = request.args.get("url", "")
    base = current_app.config["SHOP_BASE_URL"] + "/"
    if not url.startswith(base) or len(url) > 1000 or any(ord(c) < 33 for c in url):
        abort(400)
    response = Response(links.qr_svg(url, "QR"), mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = 'inline; filename="qr-campagne.svg"'
    return response
