"""Time to stamp a generated 300-page PDF and an EPUB of similar size (300 one-page chapters).

Run: .venv/bin/python bench/watermark.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable

from shop.catalog.demo_assets import make_sample_epub, make_sample_pdf
from shop.downloads.watermark import Stamp, stamp_epub, stamp_pdf

STAMP = Stamp(
    "Zoé Lectrice", "zoe@example.com", "LCM-2026-000123", "Le Community Management", dt.date(2026, 11, 25)
)


def measure(
    label: str, stamp: Callable[[bytes, Stamp], bytes], master: bytes, runs: int, unit: int, unit_name: str
) -> None:
    timings = []
    out = b""
    for _ in range(runs):
        start = time.perf_counter()
        out = stamp(master, STAMP)
        timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    print(f"{label:<5} in {len(master) / 1e6:6.2f} MB  out {len(out) / 1e6:6.2f} MB  "
          f"min {best:6.3f} s  median {median:6.3f} s  {unit / median:7.0f} {unit_name}/s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    authors = ["Catherine Ertzscheid", "Benoît Faverial", "Sylvain Guéguen"]
    pdf = make_sample_pdf("Le Community Management", authors, pages=300)
    epub = make_sample_epub("Le Community Management", authors, "fr", chapters=300)  # about one page each
    print(f"{args.runs} runs each")
    measure("PDF", stamp_pdf, pdf, args.runs, 300, "pages")
    measure("EPUB", stamp_epub, epub, args.runs, 300, "chapters")


if __name__ == "__main__":
    main()
