"""The orders list, a filtered search and the CSV export on 1,000,000 orders in PostgreSQL.

Run: .venv/bin/python bench/dashboard.py [--orders 1000000] [--database shop_bench]
Creates (and drops first) its own database on 127.0.0.1; prints p50/p95 latencies, the export's rows per second
and its peak Python memory.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import time
import tracemalloc

import sqlalchemy as sa

from shop import create_app
from shop.catalog.demo import load_demo
from shop.extensions import db


def timed(label: str, fn, runs: int = 20) -> None:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(samples, n=20)
    print(f"{label:<40} p50 {statistics.median(samples):7.1f} ms   p95 {q[18]:7.1f} ms")


def fill(orders: int) -> None:
    """Orders and lines straight in SQL: generate_series is far faster than the ORM for a million rows."""
    start = time.perf_counter()
    db.session.execute(sa.text("""
        INSERT INTO orders (number, email, buyer_name, locale, status, payment_status, disputed, currency, books_cents,
            shipping_cents, shipping_vat_rate_bp, shipping_vat_cents, vat_cents, total_cents, total_excl_vat_cents,
            refunded_cents, payment_provider, stock_reserved, created_at, updated_at, paid_at)
        SELECT 'LCM-2025-' || lpad(i::text, 7, '0'), 'buyer' || i || '@example.com', 'Lecteur ' || i, 'fr',
            (ARRAY['paid','fulfilled','partially_fulfilled','refunded','expired'])[1 + i % 5], 'paid', false, 'EUR',
            1990, 300, 550, 16, 120, 2290, 2170, 0, 'stripe', false,
            now() - (i % 365) * interval '1 day', now(), now() - (i % 365) * interval '1 day'
        FROM generate_series(1, :n) AS i
    """), {"n": orders})  # fmt: skip
    db.session.execute(sa.text("""
        INSERT INTO order_lines (order_id, edition_id, format, description, isbn13, quantity, unit_price_cents,
            vat_rate_bp, vat_cents, total_cents, refunded_quantity, refunded_cents)
        SELECT o.id, e.id, e.format, 'Le Community Management', e.isbn13, 1, e.price_cents, 550, 104, e.price_cents, 0, 0
        FROM orders o JOIN editions e ON e.format = CASE WHEN o.id % 3 = 0 THEN 'ebook' ELSE 'print' END
    """))  # fmt: skip
    db.session.commit()
    db.session.execute(sa.text("ANALYZE"))
    db.session.commit()  # autovacuum would do it later; the figures need the statistics now
    print(f"filled {orders:,} orders in {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--database", default="shop_bench")
    args = parser.parse_args()
    for sql in (f"DROP DATABASE IF EXISTS {args.database}", f"CREATE DATABASE {args.database}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{args.database}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SHOP_ENV": "testing",
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_demo()
        db.session.commit()
        fill(args.orders)
        from shop.accounts.models import User

        publisher = db.session.scalars(sa.select(User).filter_by(role="publisher")).one()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(publisher.id)
    timed("orders list, first page", lambda: client.get("/tableau-de-bord/commandes").close())
    timed("orders list, page 150", lambda: client.get("/tableau-de-bord/commandes?page=150").close())
    timed(
        "search by e-mail", lambda: client.get("/tableau-de-bord/commandes?q=buyer777777@example.com").close()
    )
    timed("filter status + format + dates", lambda: client.get(
        "/tableau-de-bord/commandes?status=fulfilled&format=ebook&from=2025-06-01&to=2025-09-30").close())  # fmt: skip
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    response = client.get("/tableau-de-bord/commandes.csv")
    rows = sum(chunk.count(b"\n") for chunk in response.response) - 1  # type: ignore[union-attr]
    elapsed = time.perf_counter() - start
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    print(
        f"CSV export: {rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s, peak RSS growth {growth:.1f} MB"
    )
    # A second, traced pass (tracemalloc slows Python down) over a quarter of the orders gives the peak of Python
    # allocations during the export; constant memory means it does not grow with the row count.
    tracemalloc.start()
    response = client.get("/tableau-de-bord/commandes.csv?status=fulfilled")
    traced = sum(chunk.count(b"\n") for chunk in response.response) - 1  # type: ignore[union-attr]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"CSV export, traced pass over {traced:,} rows: peak Python memory {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
