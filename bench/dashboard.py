"""The orders list, a filtered search, the "À expédier" queue, the overview and the CSV export on 1,000,000 orders
in PostgreSQL.

Run: .venv/bin/python bench/dashboard.py [--orders 1000000] [--database shop_bench]
Creates (and drops first) its own database on 127.0.0.1; prints p50/p95 latencies, the export's rows per second
and its peak Python memory, with the load average (the machine may be shared). The target is p95 <= 50 ms for the
orders list and the queue.
"""

from __future__ import annotations

import argparse
import gc
import os
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
    fn()  # one untimed run: the first request compiles the page's templates and warms the database's cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    q = statistics.quantiles(samples, n=20)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{label:<40} p50 {statistics.median(samples):7.1f} ms   p95 {q[18]:7.1f} ms   load {load}")


def fill(orders: int) -> None:
    """Orders and lines straight in SQL: generate_series is far faster than the ORM for a million rows."""
    start = time.perf_counter()
    db.session.execute(sa.text("""
        INSERT INTO orders (number, email, buyer_name, locale, status, payment_status, disputed, currency, books_cents,
            shipping_cents, shipping_vat_rate_bp, shipping_vat_cents, vat_cents, total_cents, total_excl_vat_cents,
            refunded_cents, payment_provider, stock_reserved, created_at, updated_at, paid_at, shipped_at,
            stripe_fee_cents, stripe_net_cents, stripe_fee_currency, balance_transaction_id, fee_attempts)
        SELECT 'LCM-2025-' || lpad(i::text, 7, '0'), 'buyer' || i || '@example.com', 'Lecteur ' || i, 'fr',
            -- as the order actions leave them: an e-book order is fulfilled on payment, a shipped one fulfilled
            CASE WHEN i % 5 = 3 THEN 'refunded' WHEN i % 5 = 4 THEN 'expired'
                 WHEN i % 3 = 0 OR i % 365 >= 3 THEN 'fulfilled'
                 ELSE (ARRAY['paid', 'fulfilled', 'partially_fulfilled'])[1 + i % 5] END, 'paid', false, 'EUR',
            1990, 300, 550, 16, 120, 2290, 2170, 0, 'stripe', false,
            now() - (i % 365) * interval '1 day', now(), now() - (i % 365) * interval '1 day',
            -- print parcels leave within three days (one order in three is an e-book, lines below): the queue
            -- holds the last days' paid orders, as in a running shop
            CASE WHEN i % 365 >= 3 AND i % 3 <> 0 AND i % 5 NOT IN (3, 4) THEN now() - (i % 365 - 2) * interval '1 day' END,
            59, 2231, 'EUR', 'txn_' || i, 1  -- the fee of 22.90 EUR at 1.5 % + 0.25 EUR, fetched once
        FROM generate_series(1, :n) AS i
    """), {"n": orders})  # fmt: skip
    db.session.execute(sa.text("""
        INSERT INTO order_lines (order_id, edition_id, format, description, isbn13, quantity, unit_price_cents,
            vat_rate_bp, vat_cents, total_cents, refunded_quantity, refunded_cents)
        SELECT o.id, e.id, e.format, 'Le Community Management', e.isbn13, 1, e.price_cents, 550, 104, e.price_cents, 0, 0
        FROM orders o JOIN editions e ON e.format = CASE WHEN o.id % 3 = 0 THEN 'ebook' ELSE 'print' END
    """))  # fmt: skip
    db.session.commit()
    # Autovacuum would do it minutes later, in the middle of the timings: the statistics, and the visibility map
    # that lets the orders list read its page of ids from the index alone, as in a shop running for a while.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE"))
        conn.execute(
            sa.text("CHECKPOINT")
        )  # the load's dirty pages written now, not during the first timings
    print(f"filled {orders:,} orders in {time.perf_counter() - start:.1f} s")


def db_count(app, sql: str) -> int:  # type: ignore[no-untyped-def]
    with app.app_context():
        return int(db.session.scalar(sa.text(sql)) or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--database", default="shop_bench")
    args = parser.parse_args()
    for sql in (f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)", f"CREATE DATABASE {args.database}"):
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
        login_id = f"{publisher.id}:{publisher.session_version}"  # what shop.accounts.loader expects
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = login_id
    # The setup (migrations, demo, a million-row load) leaves a heap a serving worker does not have: collect it and
    # set it aside (gc.freeze, as a pre-forking server does), or one full collection of it lands in the timings.
    gc.collect()
    gc.freeze()
    for url in ("/tableau-de-bord/commandes", "/tableau-de-bord/a-expedier", "/tableau-de-bord/"):
        # A redirect to the login page answers in a millisecond: measure only real pages.
        assert client.get(url).status_code == 200, url
    timed("orders list, first page", lambda: client.get("/tableau-de-bord/commandes").close())
    timed("orders list, page 150", lambda: client.get("/tableau-de-bord/commandes?page=150").close())
    timed(
        "search by e-mail", lambda: client.get("/tableau-de-bord/commandes?q=buyer777777@example.com").close()
    )
    timed("filter status + format + dates", lambda: client.get(
        "/tableau-de-bord/commandes?status=fulfilled&format=ebook&from=2025-06-01&to=2025-09-30").close())  # fmt: skip
    timed("À expédier queue", lambda: client.get("/tableau-de-bord/a-expedier").close())
    timed("overview (figures, fees, to do)", lambda: client.get("/tableau-de-bord/").close(), runs=10)
    waiting = db_count(
        app,
        "SELECT count(*) FROM orders WHERE shipped_at IS NULL AND status IN ('paid', 'partially_fulfilled')",
    )
    print(f"orders waiting in the queue: {waiting:,}")
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
