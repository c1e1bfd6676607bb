"""Twenty buyers start a print checkout at the same moment while Stripe takes a second to answer.

Run: .venv/bin/python bench/checkout_concurrency.py [--buyers 20] [--latency 1.0] [--database postgresql://...]
gunicorn (gthread, enough threads for every buyer) serves the shop on PostgreSQL by default (a `shop_bench`
database is created and emptied), the project's Stripe stand-in answers every call after --latency seconds.
If a stock row stayed locked during the Stripe call, the checkouts would queue behind each other and the wall
time would approach buyers x latency; reserving in a short transaction first keeps it near one latency.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.public_pages import free_port, wait_ready  # noqa: E402
from tests.fixtures.stripe_api import StripeStandIn, _Handler  # noqa: E402


def start_standin(latency: float) -> tuple[StripeStandIn, ThreadingHTTPServer]:
    standin = StripeStandIn(latency=latency)
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"standin": standin}))
    server.daemon_threads = True
    standin.base_url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return standin, server


def print_edition_id(port: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/fr/")
    page = conn.getresponse().read().decode()
    marker = 'name="edition_id" value="'
    return page[page.index(marker) + len(marker) :].split('"', 1)[0]  # the first buy button: print


def buyer(
    port: int, edition_id: str, n: int, barrier: threading.Barrier, out: list[tuple[float, int]]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    conn.request(
        "POST", "/fr/panier/ajouter", urllib.parse.urlencode({"edition_id": edition_id, "quantity": 1}), form
    )
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "").split(";", 1)[0]
    conn.request("GET", "/fr/panier", headers={"Cookie": cookie})
    response = conn.getresponse()
    page = response.read().decode()
    cookie = (response.getheader("Set-Cookie") or cookie).split(";", 1)[0]
    marker = 'name="csrf_token" value="'
    token = page[page.index(marker) + len(marker) :].split('"', 1)[0]
    fields = {"csrf_token": token, "email": f"buyer{n}@example.com", "shipping_rate": "fr", "terms": "y"}
    body = urllib.parse.urlencode(fields)
    barrier.wait()
    start = time.perf_counter()
    conn.request("POST", "/fr/panier/payer", body, {**form, "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    out.append((time.perf_counter() - start, response.status))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=20)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/shop_bench")
    args = parser.parse_args()
    if args.database.startswith("postgresql"):
        name = args.database.rsplit("/", 1)[1]
        admin = args.database.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
    standin, server = start_standin(args.latency)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": args.database, "MEDIA_DIR": f"{tmp}/media", "EBOOK_STORAGE_DIR": f"{tmp}/ebooks",
               "SECRET_KEY": "bench", "FLASK_APP": "shop", "STRIPE_SECRET_KEY": "sk_test_bench",
               "STRIPE_WEBHOOK_SECRET": "whsec_bench", "STRIPE_API_BASE": standin.base_url,
               # Twenty buyers from one test machine: the anti-hoarding limits per address would stop them.
               "RATELIMIT_ENABLED": "false", "CHECKOUT_MAX_OPEN_ORDERS": "1000",
               "CHECKOUT_MAX_RESERVED_COPIES": "1000"}  # fmt: skip
        for command in (["db", "upgrade"], ["shop", "demo"]):
            subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        threads = str(args.buyers + 5)
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--worker-class", "gthread", "--threads", threads,
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "shop:create_app()"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_ready(port, "/fr/")
            edition_id = print_edition_id(port)
            barrier = threading.Barrier(args.buyers + 1)
            results: list[tuple[float, int]] = []
            workers = [
                threading.Thread(target=buyer, args=(port, edition_id, n, barrier, results))
                for n in range(args.buyers)
            ]
            for w in workers:
                w.start()
            barrier.wait()
            wall = time.perf_counter()
            for w in workers:
                w.join()
            wall = time.perf_counter() - wall
        finally:
            proc.terminate()
            proc.wait(timeout=10)
            server.shutdown()
    statuses = sorted({status for _, status in results})
    latencies = sorted(t for t, _ in results)
    sessions = len(standin.calls("/v1/checkout/sessions"))
    print(f"{args.buyers} concurrent print checkouts, Stripe stand-in answering in {args.latency:.1f} s, "
          f"gunicorn 2 gthread workers x {threads} threads, {args.database.split('://')[0]}")  # fmt: skip
    print(f"wall time {wall:.2f} s   per checkout: median {statistics.median(latencies):.2f} s, "
          f"slowest {latencies[-1]:.2f} s   statuses {statuses}   Stripe sessions created {sessions}")  # fmt: skip


if __name__ == "__main__":
    main()
