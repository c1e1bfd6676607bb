"""Processes of the production stack for tests: Redis, gunicorn instances and nginx with the repository's site file.

The nginx configuration is deploy/nginx/shop.conf itself, rewritten only for the test machine: a loopback port
instead of TLS on 443, temporary directories instead of /srv and /var, and the two gunicorn ports as upstreams.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args!r} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s")


def get(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@contextmanager
def running(
    command: list[str], port: int, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc)
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def flask(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def nginx_config(tmp: Path, port: int, upstreams: list[int], media: Path, ebooks: Path) -> Path:
    site = (ROOT / "deploy" / "nginx" / "shop.conf").read_text()
    site = re.sub(
        r"server \{\n    listen 80;.*?\n\}\n", "", site, count=1, flags=re.S
    )  # the HTTP->HTTPS redirect
    site = site.replace("    listen 443 ssl http2;\n", f"    listen 127.0.0.1:{port};\n")
    site = re.sub(r"\n\s*listen \[::\]:443 ssl http2;", "", site)
    site = re.sub(r"\n\s*ssl_[a-z_]+ [^\n]*;[^\n]*", "", site)
    servers = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in upstreams)
    site = re.sub(r"    server 127\.0\.0\.1:8000 [^\n]*\n", servers, site)
    if not BROTLI_MODULE.exists():
        site = re.sub(r"\n\s*brotli_static on;", "", site)
    snippet = tmp / "shop-proxy.conf"
    snippet.write_text((ROOT / "deploy" / "nginx" / "shop-proxy.conf").read_text())
    for old, new in {
        "/srv/shop/app": str(ROOT), "/srv/shop/media": str(media), "/srv/shop/ebooks": str(ebooks),
        "/var/cache/nginx/shop": str(tmp / "cache"), "/etc/nginx/snippets/shop-proxy.conf": str(snippet),
    }.items():  # fmt: skip
        site = site.replace(old, new)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir(exist_ok=True)
    config = tmp / "nginx.conf"
    config.write_text(
        "\n".join(
            [
                f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else "",
                "user root;" if os.geteuid() == 0 else "",  # workers must read the 0700 temporary directories
                "daemon off;",
                "worker_processes 2;",
                f"pid {tmp / 'nginx.pid'};",
                f"error_log {tmp / 'error.log'} warn;",
                "events { worker_connections 4096; }",
                "http {",
                "  include /etc/nginx/mime.types;",
                "  default_type application/octet-stream;",
                "  access_log off;",
                *(f"  {name}_temp_path {tmp / name};" for name in ("proxy", "fastcgi", "uwsgi", "scgi")),
                f"  client_body_temp_path {tmp / 'body'};",
                site,
                "}",
            ]
        )
    )
    return config


def nginx_command(config: Path) -> list[str]:
    return ["nginx", "-p", str(config.parent), "-c", str(config), "-e", str(config.parent / "error.log")]
