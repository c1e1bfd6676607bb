"""Figures the press desk shows authors next to each of their reviews and interviews (last 30 days)."""

from __future__ import annotations

from collections.abc import Iterable

from shop.audience.reports import PageFigures, Period, page_figures
from shop.audience.visitors import today

DESK_DAYS = 30


def desk_figures(prefix: str, slugs: Iterable[str]) -> dict[str, PageFigures]:
    """By slug: views and visitors of the page (both languages), paid orders that landed on it and their revenue."""
    paths = {f"{prefix}{slug}": slug for slug in slugs}
    found = page_figures(list(paths), Period.last(DESK_DAYS, today()))
    return {slug: found[path] for path, slug in paths.items()}
