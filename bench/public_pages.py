"""Book page throughput and latency under gunicorn, next to a hello-world Flask app with the same settings.

Run: .venv/bin/python bench/public_pages.py [--seconds 10] [--concurrency 8] [--workers 2]
Loopback only; every load run is bounded in time. Prints requests/s and p50/p95/p99 for both apps and the ratio.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

HELLO = textwrap.dedent(
    """
    from flask import Flask
    app = Flask(__name__)

    @app.get("/fr/")
    def hello():
        return "Hello, World!"
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, path: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on {port} not ready")


def load(port: int, path: str, seconds: float, concurrency: int) -> tuple[int, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local: list[float] = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"unexpected status {response.status}")
            local.append(time.perf_counter() - start)
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), latencies


def serve(app_spec: str, cwd: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [
        str(BIN / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        app_spec,
    ]
    return subprocess.Popen(cmd, cwd=cwd, env=env), port


def measure(
    label: str, proc_port: tuple[subprocess.Popen[bytes], int], args: argparse.Namespace
) -> dict[str, float]:
    proc, port = proc_port
    try:
        wait_ready(port, "/fr/")
        load(port, "/fr/", 1.0, args.concurrency)  # warm-up
        count, latencies = load(port, "/fr/", args.seconds, args.concurrency)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    q = statistics.quantiles(latencies, n=100)
    result = {"rps": count / args.seconds, "p50": q[49] * 1000, "p95": q[94] * 1000, "p99": q[98] * 1000}
    print(
        f"{label:<12} {result['rps']:8.0f} req/s   p50 {result['p50']:6.2f} ms   p95 {result['p95']:6.2f} ms   p99 {result['p99']:6.2f} ms"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "MEDIA_DIR": f"{tmp}/media",
               "SECRET_KEY": "bench", "FLASK_APP": "shop"}  # fmt: skip
        for command in (["db", "upgrade"], ["shop", "demo"]):
            subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True)
        Path(tmp, "hello.py").write_text(HELLO)
        print(
            f"gunicorn, {args.workers} sync workers, {args.concurrency} keep-alive clients, {args.seconds:.0f} s each"
        )
        book = measure("book page", serve("shop:create_app()", ROOT, env, args.workers), args)
        hello = measure("hello world", serve("hello:app", Path(tmp), env, args.workers), args)
    print(f"ratio        book page reaches {book['rps'] / hello['rps']:.1%} of hello-world throughput; "
          f"p50 latency x{book['p50'] / hello['p50']:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
