"""Reading and writing .docx/.xlsx zip packages: deterministic and atomic.

Same parts in, same bytes out: entries keep their order, every entry gets one
fixed timestamp, and nothing depends on the clock or the process. Writes go to
a temporary file in the target folder and are renamed into place, so a killed
build leaves either the complete old file or the complete new one.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

# 1980-01-01 00:00:00 is the earliest a zip entry can carry.
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Already-compressed media gain nothing from deflate; storing them is faster.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf")


def read_parts(source: Path | bytes) -> dict[str, bytes]:
    """All entries of a zip package (a file, or its bytes), in their stored order."""
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(parts: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.external_attr = 0o644 << 16
            if name.lower().endswith(STORED_SUFFIXES):
                info.compress_type = zipfile.ZIP_STORED
                zf.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
