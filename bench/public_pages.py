"""Public pages under gunicorn next to a hello-world Flask app with the same settings, warm (page cache) and cold.

Run: .venv/bin/python bench/public_pages.py [--seconds 10] [--connections 64] [--workers 2] [--renders 200]
Loopback only; every load run is bounded in time. For each page it prints requests/s, p50 and p99 at 64
connections (wrk when installed, a Python load generator otherwise) and the ratio to hello world; then the CPU time
of one cold render measured in-process (time.process_time, median of N renders, cache off).
Warm uses Redis (CACHE_URL=redis://127.0.0.1:6379/7) when it answers, the in-process store otherwise.
Figures on a shared machine are noisy: compare runs made back to back.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import load as python_load
from load import wait_ready

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS_URL = "redis://127.0.0.1:6379/7"
PAGES = {
    "book page": "/fr/",
    "press review": "/fr/presse/reseau-des-cci-pratiques-web-social",
    "press list": "/fr/presse/",
}
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


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def serve(app_spec: str, cwd: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
           "--log-level", "warning", app_spec]  # fmt: skip
    return subprocess.Popen(cmd, cwd=cwd, env=env), port


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        return float("nan")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(port: int, path: str, seconds: float, connections: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds:.0f}s", "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        # Anchored at a line's start: the "+/- Stdev" column (e.g. "85.50%") also ends in "50%".
        "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "errors": float(errors.group(1)) if errors else 0.0,
        "socket_errors": 1.0 if socket_errors else 0.0,
    }


def measure(
    server: tuple[subprocess.Popen[bytes], int], paths: dict[str, str], args: argparse.Namespace
) -> dict:
    proc, port = server
    results = {}
    try:
        wait_ready(port, "/fr/")
        for label, path in paths.items():
            if shutil.which("wrk"):
                subprocess.run(
                    ["wrk", "-t1", "-c8", "-d2s", f"http://127.0.0.1:{port}{path}"],
                    capture_output=True,
                    check=True,
                )  # warm-up: fills the cache when it is on
                results[label] = wrk(port, path, args.seconds, args.connections)
            else:
                python_load(port, path, 2, args.connections)
                results[label] = python_load(port, path, args.seconds, args.connections)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return results


def cpu_per_render(env: dict[str, str], renders: int) -> dict[str, float]:
    """Median CPU milliseconds of one cold render per page, in-process through the test client (cache off)."""
    os.environ.update(env)
    from shop import create_app

    app = create_app({"PAGE_CACHE": False})
    client = app.test_client()
    medians = {}
    for label, path in PAGES.items():
        samples = []
        for _ in range(renders):
            start = time.process_time()
            assert client.get(path).status_code == 200
            samples.append(time.process_time() - start)
        medians[label] = statistics.median(samples) * 1000
    return medians


def row(label: str, result: dict[str, float], hello: dict[str, float]) -> str:
    flag = "  ERRORS" if result["errors"] or result["socket_errors"] else ""
    return (f"{label:<26} {result['rps']:9.0f} {result['p50']:9.2f} {result['p99']:9.2f} "
            f"{result['rps'] / hello['rps']:8.2f}x{flag}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "MEDIA_DIR": f"{tmp}/media",
               "SECRET_KEY": "bench", "FLASK_APP": "shop", "PYTHONPATH": str(ROOT)}  # fmt: skip
        for command in (["db", "upgrade"], ["shop", "demo"]):
            subprocess.run([str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True)
        Path(tmp, "hello.py").write_text(HELLO)
        store = "Redis" if redis_answers() else "in-process"
        warm_env = {**env, "PAGE_CACHE": "1", "CACHE_URL": REDIS_URL if store == "Redis" else "",
                    "CACHE_KEY_PREFIX": f"bench:{os.getpid()}:"}  # fmt: skip
        tool = "wrk -t1" if shutil.which("wrk") else "Python load generator"
        print(f"gunicorn {args.workers} sync workers; {tool}, {args.connections} connections, "
              f"{args.seconds:.0f} s per page; warm = page cache on ({store}), cold = PAGE_CACHE=0")  # fmt: skip
        hello = measure(serve("hello:app", Path(tmp), env, args.workers), {"hello": "/fr/"}, args)["hello"]
        warm = measure(serve("shop:create_app()", ROOT, warm_env, args.workers), PAGES, args)
        cold = measure(
            serve("shop:create_app()", ROOT, {**env, "PAGE_CACHE": "0"}, args.workers), PAGES, args
        )
        cpu = cpu_per_render({**env, "PAGE_CACHE": "0"}, args.renders)
    print(f"\n{'':<26} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'vs hello':>9}")
    print(row("hello world", hello, hello))
    for label in PAGES:
        print(row(f"{label} (warm)", warm[label], hello))
    for label in PAGES:
        print(row(f"{label} (cold)", cold[label], hello))
    print(f"\nCPU per cold render, median of {args.renders} (in-process, test client):")
    for label, ms in cpu.items():
        print(f"  {label:<24} {ms:6.2f} ms")


if __name__ == "__main__":
    main()
