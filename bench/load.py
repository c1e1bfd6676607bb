"""A small Python HTTP load generator for when wrk is not installed: keep-alive clients in threads, bounded in time."""

from __future__ import annotations

import http.client
import statistics
import threading
import time


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


def load(port: int, path: str, seconds: float, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        local: list[float] = []
        failed = 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                failed += response.status >= 400
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except OSError:
                failed += 1
                conn.close()
            local.append(time.perf_counter() - start)
        with lock:
            latencies.extend(local)
            errors += failed

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(latencies, n=100)
    return {"rps": len(latencies) / seconds, "p50": q[49] * 1000, "p99": q[98] * 1000, "errors": float(errors),
            "socket_errors": 0.0}  # fmt: skip
