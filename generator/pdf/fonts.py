"""Which font families a machine has, read from the font files themselves.

On Linux fontconfig answers (fc-list); Windows has no fontconfig, so gongwen reads the family names
from the 'name' table of each TrueType/OpenType file (and each face of a .ttc collection) in the
system's and the user's font folders. Chinese fonts carry their Chinese family name (仿宋_GB2312)
beside the English one; both count.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable, Mapping
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
FAMILY_NAME_IDS = (1, 16)  # font family, typographic family
MAX_FONT_BYTES = 64 * 2**20  # a CJK font is 10-30 MB; anything bigger is not read


def windows_font_folders(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """Where Windows keeps fonts: installed for everyone, and for this user only (Windows 10 1809+)."""
    folders = [Path(environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if environ.get("LOCALAPPDATA"):
        folders.append(Path(environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    return folders


def installed_families(folders: Iterable[Path]) -> set[str]:
    """Every family name of every font file in `folders` (unreadable files are passed over)."""
    names: set[str] = set()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix.lower() in FONT_SUFFIXES:
                names |= family_names(path)
    return names


def family_names(path: Path) -> set[str]:
    try:
        if path.stat().st_size > MAX_FONT_BYTES:
            return set()
        data = path.read_bytes()
    except OSError:
        return set()
    try:
        return {name for offset in _faces(data) for name in _face_family_names(data, offset)}
    except (struct.error, IndexError, UnicodeDecodeError):
        return set()  # a damaged font file names nothing


def _faces(data: bytes) -> list[int]:
    """Offsets of the font faces' table directories: one, or each face of a TrueType collection."""
    if data[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", data, 8)
        return list(struct.unpack_from(f">{min(count, 64)}I", data, 12))
    return [0]


def _face_family_names(data: bytes, offset: int) -> set[str]:
    (tables,) = struct.unpack_from(">H", data, offset + 4)
    for i in range(min(tables, 256)):
        tag, _, table, _ = struct.unpack_from(">4sIII", data, offset + 12 + 16 * i)
        if tag == b"name":
            return _names(data, table)
    return set()


def _names(data: bytes, table: int) -> set[str]:
    _, count, strings = struct.unpack_from(">HHH", data, table)
    names = set()
    for i in range(min(count, 4096)):
        platform, _, _, name_id, length, start = struct.unpack_from(">HHHHHH", data, table + 6 + 12 * i)
        if name_id not in FAMILY_NAME_IDS:
            continue
        raw = data[table + strings + start : table + strings + start + length]
        if platform in (0, 3):  # Unicode, Windows: UTF-16 big-endian
            names.add(raw.decode("utf-16-be", errors="replace").strip())
        elif platform == 1 and raw.isascii():  # Macintosh Roman, English names only
            names.add(raw.decode("ascii").strip())
    return {n for n in names if n}
