"""Zip member names as the person who made the zip sees them.

A zip stores each name as bytes. Only with flag bit 11 are they UTF-8 by rule; without it, the
bytes are in whatever code page the archiver used, and Python reads them as cp437 (mojibake for
Chinese). What clerks send:
- Windows Explorer ("发送到 → 压缩文件夹") and most Chinese archivers: GBK bytes, no flag;
- Info-ZIP (zip on Linux, macOS): the local bytes, plus an "Info-ZIP Unicode Path" extra field
  (0x7075) holding the UTF-8 name and the CRC-32 of the bytes it stands for;
- 7-Zip, WinRAR, macOS Archive Utility, Python: UTF-8 with the flag, or UTF-8 without it.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

UTF8_FLAG = 0x800
UNICODE_PATH_FIELD = 0x7075


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as it was typed: from the Unicode Path field, UTF-8, or GBK (GB18030)."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.orig_filename.encode("cp437")  # the stored bytes again (Python decoded them as cp437)
    unicode_path = _unicode_path(info.extra, raw)
    if unicode_path is not None:
        return unicode_path.replace("\\", "/")
    if raw.isascii():
        return info.filename
    for encoding in ("utf-8", "gb18030"):  # valid UTF-8 is almost never meant as GBK: try it first
        try:
            return raw.decode(encoding).replace("\\", "/")
        except UnicodeDecodeError:
            continue
    return info.filename


def _unicode_path(extra: bytes, raw: bytes) -> str | None:
    """The UTF-8 name of an Info-ZIP Unicode Path field, if the field is there and stands for `raw`."""
    at = 0
    while at + 4 <= len(extra):
        kind, size = struct.unpack_from("<HH", extra, at)
        body = extra[at + 4 : at + 4 + size]
        at += 4 + size
        if kind != UNICODE_PATH_FIELD or len(body) < 5 or body[0] != 1:
            continue
        (crc,) = struct.unpack_from("<I", body, 1)
        if crc != zlib.crc32(raw):
            return None  # the name was changed by a tool that did not update the field: not to be trusted
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def mac_resource_fork(name: str) -> bool:
    """What macOS's 压缩 adds beside every file (__MACOSX/…/._韩村镇.xlsx): the file's Finder
    attributes, no file of the sender's; skipped, not refused as a damaged form."""
    parts = name.replace("\\", "/").split("/")
    return "__MACOSX" in parts[:-1] or parts[-1].startswith("._")
