"""axe-core and the Nu HTML checker, both from npm (node_modules/), run against real pages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is missing; run `npm install` (the Makefile does it)")
    pytest.skip(f"{what} is missing; run `npm install`")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core in the page; returns the violations (empty list when the page passes)."""
    if not AXE.exists():
        _missing("axe-core")
    # Evaluated through DevTools rather than added as a <script>: the pages' CSP refuses inline scripts.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def html_errors(documents: dict[str, str], tmp_path: Path) -> list[str]:
    """Validate HTML documents with the Nu checker in one Java run; returns 'name: message' errors."""
    if not VNU.exists():
        _missing("vnu-jar")
    if shutil.which("java") is None:
        _missing("java")
    files = []
    for i, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"doc{i}.html"
        path.write_text(html, encoding="utf-8")
        files.append((path, name))
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *[str(p) for p, _ in files]],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    names = {p.resolve().as_uri(): n for p, n in files}
    report = json.loads(proc.stderr or proc.stdout)
    return [
        f"{names.get(m.get('url', ''), m.get('url'))}: {m.get('message')} [{m.get('extract', '')!r}]"
        for m in report["messages"]
        if m.get("type") == "error"
    ]
