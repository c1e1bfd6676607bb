"""The file store behind e-book masters and stamped copies. A directory today; an object store could replace it."""

from __future__ import annotations

import os
from pathlib import Path

from flask import current_app


class FileStorage:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        target = (self.root / key).resolve()
        if self.root.resolve() not in target.parents:
            raise ValueError(f"storage key escapes the store: {key!r}")
        return target

    def put(self, key: str, data: bytes) -> str:
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # atomic: a reader never sees half a file
        return key

    def get(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def storage() -> FileStorage:
    return FileStorage(current_app.config["EBOOK_STORAGE_DIR"])
