"""The on-disk cache shared by the stages that keep costly results between builds.

Compiled templates (render) and drawn charts (documents) live here, like .pyc files:
losing the cache only makes gongwen slower, never wrong. A compiled template is code that
runs outside the template sandbox, so every entry is signed with a key kept elsewhere (the
user's configuration folder): a file planted in the cache folder is never read, let alone run.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

_SIGNATURE_BYTES = 32


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


def config_dir() -> Path:
    """The user's gongwen settings folder (GONGWEN_CONFIG_DIR in tests): the cache key, recent workspaces."""
    return _config_dir()


def _config_dir() -> Path:
    if os.environ.get("GONGWEN_CONFIG_DIR"):
        return Path(os.environ["GONGWEN_CONFIG_DIR"])
    if os.environ.get("APPDATA"):  # Windows
        return Path(os.environ["APPDATA"]) / "gongwen"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "gongwen"


def _key() -> bytes | None:
    """This user's signing key, made on first use; None when it can be neither read nor made."""
    path = _config_dir() / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32))  # what secrets.token_bytes does, without its imports
        return path.read_bytes()
    except FileExistsError:  # another build made it a moment ago
        try:
            return path.read_bytes()
        except OSError:
            return None
    except OSError:
        return None


def _signature(key: bytes, path: Path, data: bytes) -> bytes:
    # The entry's name is signed too: a valid entry copied under another name is refused.
    return hmac.new(key, path.name.encode("utf-8") + b"\0" + data, hashlib.sha256).digest()


def store_signed(path: Path, data: bytes) -> None:
    """store_in_cache, signed; without a key nothing is cached."""
    key = _key()
    if key is not None:
        store_in_cache(path, _signature(key, path, data) + data)


def load_signed(path: Path) -> bytes | None:
    """What store_signed kept, or None when it is missing, damaged, or not signed with this user's key."""
    key = _key()
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    signature, data = raw[:_SIGNATURE_BYTES], raw[_SIGNATURE_BYTES:]
    if key is None or not hmac.compare_digest(signature, _signature(key, path, data)):
        return None
    return data
