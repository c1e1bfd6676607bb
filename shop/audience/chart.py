"""Visitors and views per day as an SVG line chart with axes, drawn on the server (no script, no inline style).

The page shows the same figures in a table below the chart; the SVG's <desc> summarises them for screen readers.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n at or above `value` (at least 4), so that four ticks fall on round numbers."""
    value = max(value, 4)
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * 4 >= value:
                return step * magnitude * 4
        magnitude *= 10


def _polyline(points: list[tuple[float, float]], colour: str) -> str:
    coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    return f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>'


def audience_svg(series: list[tuple[dt.date, int, int]]) -> Markup:
    """`series` is (day, views, visitors); views are drawn in dark blue, visitors in orange."""
    top = nice_ceiling(max((views for _, views, _ in series), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(series) - 1, 1)

    def y(value: int) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = []
    for tick in range(0, top + 1, top // 4):  # the y axis: five round values and their grid lines
        parts.append(
            f'<line x1="{LEFT}" y1="{y(tick):.1f}" x2="{WIDTH - RIGHT}" y2="{y(tick):.1f}" stroke="#d5dbe1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>'
        )
    label_every = max(len(series) // 6, 1)  # the x axis: about six dates
    for i, (day, _views, _visitors) in enumerate(series):
        if i % label_every == 0 or i == len(series) - 1:
            x = LEFT + i * step
            parts.append(
                f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 4}" stroke="#4a5563"/>'
            )
            label = escape(format_date(day, "d MMM"))
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">{label}</text>'
            )
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#4a5563"/>')
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#4a5563"/>'
    )
    parts.append(_polyline([(LEFT + i * step, y(v)) for i, (_, v, _) in enumerate(series)], "#163a59"))
    parts.append(_polyline([(LEFT + i * step, y(v)) for i, (_, _, v) in enumerate(series)], "#c25400"))
    summary = _(
        "Views and unique visitors per day over %(days)s days: %(views)s views, %(visitors)s visitors.",
        days=len(series), views=sum(v for _, v, _ in series), visitors=sum(v for _, _, v in series),
    )  # fmt: skip
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="audience-chart-desc"><desc id="audience-chart-desc">{escape(summary)}</desc>'
        f"{''.join(parts)}</svg>"
    )
    return Markup(svg)  # noqa: S704 - every interpolated text is escaped or a number
