"""The revenue bar chart as inline SVG, with axes, dates and values: readable without JavaScript.

The page shows the same series as a text table beside it; the SVG carries a summary for screen readers.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from shop.core.money import format_money

LEFT, BOTTOM, TOP = 70, 28, 10


def point_label(day: dt.date, monthly: bool) -> str:
    return format_date(day, "MMM yyyy") if monthly else format_date(day, "d MMM")


def revenue_svg(
    series: list[tuple[dt.date, int]], locale: str, monthly: bool = False, width: int = 720, height: int = 220
) -> Markup:
    peak = max((v for _, v in series), default=0) or 1
    plot_w, plot_h = width - LEFT, height - BOTTOM - TOP
    bar = plot_w / max(len(series), 1)
    total = sum(v for _, v in series)
    best_day, best = max(series, key=lambda item: item[1]) if series else (None, 0)
    summary = _(
        "Revenue from %(start)s to %(end)s: %(total)s; best %(day)s (%(best)s).",
        start=point_label(series[0][0], monthly) if series else "-",
        end=point_label(series[-1][0], monthly) if series else "-",
        total=format_money(total, "EUR", locale), day=point_label(best_day, monthly) if best_day else "-",
        best=format_money(best, "EUR", locale),
    )  # fmt: skip
    parts = []
    for fraction in (0, 0.5, 1):  # y axis: zero, half and the peak, in euros
        y = TOP + plot_h - fraction * plot_h
        tick = escape(format_money(round(peak * fraction), "EUR", locale))
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width}" y2="{y:.1f}" stroke="#c9ced6"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    step = max(len(series) // 6, 1)
    for i, (day, value) in enumerate(series):
        h = value / peak * plot_h
        x = LEFT + i * bar
        label = escape(f"{point_label(day, monthly)} : {format_money(value, 'EUR', locale)}")
        parts.append(
            f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{max(bar - 1, 1):.1f}" height="{h:.1f}" '
            f'fill="#163a59"><title>{label}</title></rect>'
        )
        if i % step == 0 or i == len(series) - 1:  # x axis: a date every few bars, and the last one
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - 8}" text-anchor="middle" font-size="11">'
                f"{escape(point_label(day, monthly))}</text>"
            )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-desc"><desc id="chart-desc">{escape(summary)}</desc>'
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#4a5563"/>{"".join(parts)}'
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{width}" y2="{TOP + plot_h}" stroke="#4a5563"/></svg>'
    )
    return Markup(svg)  # noqa: S704 - every interpolated text is escaped above
