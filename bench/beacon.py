"""Beacon throughput and p99 under 64 concurrent clients (wrk, POST from a Lua script), next to a hello-world Flask
endpoint under the same gunicorn, and the database rows written per 1,000 hits.

Run: .venv/bin/python bench/beacon.py [--seconds 10] [--connections 64] [--workers 2] [--database shop_bench_audience]
Needs wrk and PostgreSQL on 127.0.0.1 (the database is dropped and created). Loopback only, bounded in time.
The load comes from --visitors addresses (X-Forwarded-For, TRUSTED_PROXIES=1) over four pages, so the batches
hold several visitors and pages, as real traffic does; the rate limit is raised so that every hit is counted.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

HELLO = textwrap.dedent(
    """
    from flask import Flask
    app = Flask(__name__)

    @app.post("/hit")
    def hello():
        return "", 204
    """
)

SHOP = "from shop import create_app\napp = create_app()\n"

LUA = textwrap.dedent(
    """
    local paths = {"/fr/", "/fr/presse/reseau-des-cci-pratiques-web-social", "/en/", "/fr/auteurs/"}
    local counter = 0
    request = function()
      counter = counter + 1
      local n = counter % VISITORS
      local ip = "10." .. math.floor(n / 65536) % 256 .. "." .. math.floor(n / 256) % 256 .. "." .. n % 256
      local body = "p=" .. paths[counter % 4 + 1] .. "&r=https%3A%2F%2Fwww.lemonde.fr%2Fculture&utm_source=newsletter"
      return wrk.format("POST", "/hit", {["Content-Type"] = "application/x-www-form-urlencoded",
        ["User-Agent"] = "UA", ["X-Forwarded-For"] = ip}, body)
    end
    """
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    module_dir: Path, module: str, port: int, workers: int, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
               "--chdir", str(module_dir), f"{module}:app"]  # fmt: skip
    process = subprocess.Popen(command, env={**os.environ, **env, "PYTHONPATH": f"{ROOT}:{module_dir}"})
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        probe = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST",
                                f"http://127.0.0.1:{port}/hit"], capture_output=True, text=True)  # fmt: skip
        if probe.stdout.strip() in ("204", "429"):
            return process
        time.sleep(0.3)
    process.kill()
    raise SystemExit(f"{module} did not start on port {port}")


def wrk(port: int, script: Path, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), f"http://127.0.0.1:{port}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    total = re.search(r"(\d+) requests in", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p99_ms": float(p99.group(1)) * units[p99.group(2)] if p99 else float("nan"),
        "requests": float(total.group(1)) if total else 0.0,
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)  # graceful: each worker writes the batch it still holds
    process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--visitors", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="shop_bench_audience")
    args = parser.parse_args()
    for sql in (f"DROP DATABASE IF EXISTS {args.database}", f"CREATE DATABASE {args.database}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{args.database}"
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "SHOP_ENV": "development", "TRUSTED_PROXIES": "1",
           "AUDIENCE_BEACON_RATE_LIMIT": "10000000 per minute"}  # fmt: skip
    from shop import create_app
    from shop.catalog.demo import load_demo
    from shop.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "SHOP_ENV": "testing"})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        load_demo()
        db.session.commit()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "hello_app.py").write_text(HELLO)
        (folder / "shop_app.py").write_text(SHOP)
        script = folder / "beacon.lua"
        script.write_text(LUA.replace("VISITORS", str(args.visitors)).replace('"UA"', f'"{UA}"'))
        servers = {}
        for name, module in (("hello-world", "hello_app"), ("beacon", "shop_app")):
            port = free_port()
            servers[name] = (port, start(folder, module, port, args.workers, env))
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
        try:
            # Alternated rounds, medians reported: the machine's other load hits both endpoints alike.
            for _ in range(args.rounds):
                for name, (port, _process) in servers.items():
                    runs[name].append(wrk(port, script, args.seconds, args.connections))
        finally:
            for _port, process in servers.values():
                stop(process)
        results = {name: _median(found) for name, found in runs.items()}
        total = {name: sum(r["requests"] - r["non_2xx"] for r in found) for name, found in runs.items()}

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        rows, hits = conn.execute(
            sa.text("SELECT count(*), coalesce(sum(hits), 0) FROM audience_raw_hits")
        ).one()
    engine.dispose()
    print(f"{args.connections} connections, {args.rounds} alternated rounds of {args.seconds} s, "
          f"gunicorn -w {args.workers} (sync), wrk -t2; medians")  # fmt: skip
    for name, r in results.items():
        print(f"{name:<12} {r['rps']:9.0f} req/s   p99 {r['p99_ms']:7.1f} ms   "
              f"({r['requests']:.0f} requests per round, {r['non_2xx']:.0f} non-2xx)")  # fmt: skip
    ratio = results["beacon"]["rps"] / results["hello-world"]["rps"]
    print(f"beacon / hello-world throughput: {ratio:.2f}x (goal: at least 0.5x)")
    print(f"hits counted {hits} of {total['beacon']:.0f} answered (+1 probe); raw rows written {rows}: "
          f"{1000 * rows / max(hits, 1):.1f} rows per 1,000 hits over {args.visitors} visitors and 4 pages")  # fmt: skip
    batch = int(env.get("AUDIENCE_FLUSH_HITS", "200"))
    print(f"INSERT statements: one per batch of {batch} hits per worker = {1000 / batch:.0f} per 1,000 hits")


if __name__ == "__main__":
    main()
