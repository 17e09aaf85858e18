"""The on-disk cache shared by the stages that keep costly results between builds.

Compiled templates (render) and drawn charts (documents) live here, like .pyc files:
losing the cache only makes gongwen slower, never wrong.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cached result ("templates", "charts")."""
    root = os.environ.get("GONGWEN_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "gongwen" / kind


def store_in_cache(path: Path, data: bytes) -> None:
    """Keep `data` for the next build; without a cache (read-only home, full disk) gongwen is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # concurrent builds never read half a file
    except OSError:
        pass
