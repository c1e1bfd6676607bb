"""Backup and restore: the database plus the two file stores (e-books, media), with a manifest of SHA-256 checksums.

A backup is a directory holding
- `database.dump`: `pg_dump --format=custom` (PostgreSQL) or a consistent copy of the file (SQLite, development);
- `files.tar`: `ebooks/...` (EBOOK_STORAGE_DIR) and `media/...` (MEDIA_DIR);
- `manifest.json`: when, which database kind, and the SHA-256 of both archives and of every file inside the tar.
Restore checks every checksum before it touches anything, restores the database (`pg_restore --clean --if-exists`),
then the files, and checks the files again once they are in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

DUMP = "database.dump"
FILES = "files.tar"
MANIFEST = "manifest.json"
STORES = ("ebooks", "media")
PG_TIMEOUT = 3600  # seconds; a dump of this shop takes seconds, a hung server must not block a timer forever


class BackupError(RuntimeError):
    """The backup cannot be made or restored; the message says why."""


@dataclass(frozen=True)
class Locations:
    database_url: str
    ebook_dir: Path
    media_dir: Path

    def store(self, name: str) -> Path:
        return self.ebook_dir if name == "ebooks" else self.media_dir


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq URL for pg_dump/pg_restore, the password passed in the environment rather than on the command line."""
    parsed = sa.engine.make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        subprocess.run(command, env=env, check=True, capture_output=True, text=True, timeout=PG_TIMEOUT)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).") from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _kind(url: str) -> str:
    backend = sa.engine.make_url(url).get_backend_name()
    if backend not in ("postgresql", "sqlite"):
        raise BackupError(f"Unsupported database {backend!r}: PostgreSQL or SQLite.")
    return backend


def _sqlite_path(url: str) -> Path:
    database = sa.engine.make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def dump_database(url: str, target: Path) -> None:
    if _kind(url) == "postgresql":
        libpq, env = _libpq(url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", libpq], env)
    else:
        with sqlite3.connect(_sqlite_path(url)) as source, sqlite3.connect(target) as copy:
            source.backup(copy)  # consistent even while the app writes


def restore_database(url: str, dump: Path) -> None:
    if _kind(url) == "postgresql":
        libpq, env = _libpq(url)
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              f"--dbname={libpq}", str(dump)], env)  # fmt: skip
    else:
        with sqlite3.connect(dump) as source, sqlite3.connect(_sqlite_path(url)) as target:
            source.backup(target)


def make_backup(where: Locations, parent: Path, now: dt.datetime | None = None) -> Path:
    """Write a new backup directory under `parent` and return it."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = parent / f"shop-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    dump_database(where.database_url, target / DUMP)
    members: dict[str, str] = {}
    with tarfile.open(target / FILES, "w") as tar:
        for name in STORES:
            root = where.store(name)
            for path in sorted(root.rglob("*")) if root.is_dir() else []:
                if path.is_file() and not path.is_symlink():
                    arcname = f"{name}/{path.relative_to(root).as_posix()}"
                    tar.add(path, arcname=arcname, recursive=False)
                    members[arcname] = sha256(path)
    manifest = {
        "created_at": stamp,
        "database": _kind(where.database_url),
        "archives": {DUMP: sha256(target / DUMP), FILES: sha256(target / FILES)},
        "files": members,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return target


def read_manifest(backup: Path) -> dict[str, object]:
    try:
        manifest: dict[str, object] = json.loads((backup / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {backup}: {error}") from error
    archives = manifest.get("archives")
    if not isinstance(archives, dict) or set(archives) != {DUMP, FILES}:
        raise BackupError(f"{MANIFEST} does not list {DUMP} and {FILES}.")
    for name, expected in archives.items():
        if not (backup / name).is_file():
            raise BackupError(f"{name} is missing from {backup}.")
        if sha256(backup / name) != expected:
            raise BackupError(f"{name} does not match its SHA-256 checksum: the backup is damaged.")
    return manifest


def restore_backup(where: Locations, backup: Path) -> dict[str, int]:
    """Check, then restore the database and the files. Returns how many files went to each store."""
    manifest = read_manifest(backup)
    if manifest.get("database") != _kind(where.database_url):
        raise BackupError(f"This backup holds a {manifest.get('database')} database.")
    expected = manifest.get("files")
    if not isinstance(expected, dict):
        raise BackupError(f"{MANIFEST} has no file list.")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(backup / FILES) as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, links out or devices
        found = {p.relative_to(tmp).as_posix(): sha256(p) for p in Path(tmp).rglob("*") if p.is_file()}
        if found != expected:
            raise BackupError("The files in files.tar do not match the manifest.")
        restore_database(where.database_url, backup / DUMP)
        counts = {}
        for name in STORES:
            source, destination = Path(tmp) / name, where.store(name)
            destination.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, destination, dirs_exist_ok=True)
            counts[name] = sum(1 for key in expected if key.startswith(f"{name}/"))
    for key, checksum in expected.items():
        name, _, relative = key.partition("/")
        if sha256(where.store(name) / relative) != checksum:
            raise BackupError(f"{key} did not land intact.")
    return counts
