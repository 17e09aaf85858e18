"""Reading and writing .docx/.xlsx zip packages: deterministic and atomic.

Same parts in, same bytes out: entries keep their order, every entry gets one
fixed timestamp, and nothing depends on the clock or the process. Writes go to
a temporary file in the target folder and are renamed into place, so a killed
build leaves either the complete old file or the complete new one.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

# 1980-01-01 00:00:00, the earliest a zip entry can carry, in MS-DOS format.
DOS_TIME = 0
DOS_DATE = (1 << 5) | 1
# Already-compressed media gain nothing from deflate; storing them is faster.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf")


# A county's documents and templates are tens of kilobytes, a picture a few megabytes; a
# package beyond these is refused before it is unpacked (a zip bomb unpacks to gigabytes).
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 64 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
MAX_RATIO = 200  # unpacked / packed, for members over a megabyte


class BadPackage(ValueError):
    """A zip package that is refused before it is unpacked; the message is the clerk's."""


def read_parts(source: Path | bytes) -> dict[str, bytes]:
    """All entries of a zip package (a file, or its bytes), in their stored order, within limits."""
    import zipfile  # (imported when first needed: `gongwen --help` reads no package)

    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as zf:
            infos = zf.infolist()
            _check_limits(infos)
            return {info.filename: zf.read(info) for info in infos}
    except zipfile.BadZipFile:
        raise BadPackage("文件已损坏，或不是 Word/Excel 文件（不是有效的 zip 包）") from None
    except (zlib.error, EOFError, NotImplementedError):
        raise BadPackage("文件内容已损坏（解压失败）") from None


def _check_limits(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise BadPackage(f"文件里有 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        if size > MAX_MEMBER_BYTES:
            limit = MAX_MEMBER_BYTES // 2**20
            raise BadPackage(f"文件里的「{info.filename}」解压后有 {size // 2**20} MB，超过上限 {limit} MB")
        if size > 2**20 and size > MAX_RATIO * max(info.compress_size, 1):
            raise BadPackage(f"文件里的「{info.filename}」压缩比异常（可能是恶意构造的文件）")
    if total > MAX_TOTAL_BYTES:
        raise BadPackage(f"文件解压后共 {total // 2**20} MB，超过上限 {MAX_TOTAL_BYTES // 2**20} MB")


@dataclass(frozen=True)
class ZipEntry:
    """One zip member, already compressed: a template's unchanging parts are
    compressed once per build and copied into every document as they are."""

    name: bytes
    crc: int
    compressed: bytes
    size: int
    method: int  # 0 stored, 8 deflated


# Deflate's fastest level: a statistics sheet's document.xml takes 39 µs instead of level 6's 114 µs,
# for 2.5 KB instead of 2.1 KB (three times the CPU for a sixth fewer bytes is not worth it).
DEFLATE_LEVEL = 1


def compress(name: str, data: bytes, level: int = DEFLATE_LEVEL) -> ZipEntry:
    if name.lower().endswith(STORED_SUFFIXES):
        return ZipEntry(name.encode("utf-8"), zlib.crc32(data), data, len(data), 0)
    deflater = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as zip wants it
    payload = deflater.compress(data) + deflater.flush()
    return ZipEntry(name.encode("utf-8"), zlib.crc32(data), payload, len(data), 8)


def assemble(entries: Iterable[ZipEntry]) -> bytes:
    """A zip archive of the entries, in order, all stamped 1980-01-01 00:00 (deterministic)."""
    out = bytearray()
    central = bytearray()
    count = 0
    for e in entries:
        flags = 0 if e.name.isascii() else 0x800  # UTF-8 names
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, e.method, DOS_TIME, DOS_DATE,
            e.crc, len(e.compressed), e.size, len(e.name), 0,
        )  # fmt: skip
        out += e.name
        out += e.compressed
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20 | (3 << 8), 20, flags, e.method, DOS_TIME, DOS_DATE,
            e.crc, len(e.compressed), e.size, len(e.name), 0, 0, 0, 0, 0o644 << 16, offset,
        )  # fmt: skip
        central += e.name
        count += 1
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), cd_offset, 0)
    return bytes(out)


def zip_bytes(parts: Mapping[str, bytes]) -> bytes:
    return assemble(compress(name, data) for name, data in parts.items())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Read once: changing the umask to read it is not safe while other threads create files.
_UMASK = _umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers never see a partial file.

    The file keeps the permissions it had (a new one gets the usual ones), not the owner-only
    mode of the temporary file it is written through.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    import tempfile  # (imported when first needed: a command that writes nothing starts faster)

    fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        set_hidden(path, False)  # Windows may refuse to replace a hidden file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    set_hidden(path, path.name.startswith("."))


FILE_ATTRIBUTE_HIDDEN = 0x2
INVALID_FILE_ATTRIBUTES = 0xFFFFFFFF


def set_hidden(path: Path, hidden: bool) -> None:
    """Show or hide `path` in Windows Explorer. gongwen's own files (the manifest, the forms' key)
    start with a dot, which hides them everywhere but on Windows, where clerks would otherwise
    move, delete or e-mail them. Elsewhere this does nothing."""
    if sys.platform != "win32":
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    attributes = kernel32.GetFileAttributesW(str(path))
    if attributes == INVALID_FILE_ATTRIBUTES:  # no such file yet
        return
    wanted = attributes | FILE_ATTRIBUTE_HIDDEN if hidden else attributes & ~FILE_ATTRIBUTE_HIDDEN
    if wanted != attributes:
        kernel32.SetFileAttributesW(str(path), wanted)


def backup_path(file: Path, n: int = 1) -> Path:
    """备份/<name>-20180302-101500<suffix> beside `file`; the n-th of one second gets -n."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    numbered = "" if n == 1 else f"-{n}"
    return file.parent / "备份" / f"{file.stem}-{stamp}{numbered}{file.suffix}"


def write_new(path: Path, data: bytes) -> None:
    """Write `data` as a new file at `path`, whole or not at all, never over an existing file
    (FileExistsError): written beside it, then hard-linked into place, which fails if the name is
    taken, even by a file created a moment before by another process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=".~gongwen-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT32, some shares): an exclusive create instead
            with open(path, "xb") as fh:
                fh.write(data)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_backup(file: Path) -> Path:
    """A copy of `file` in 备份/ beside it, under a name no other backup has (see backup_path)."""
    data = file.read_bytes()
    for n in range(1, 10_000):
        candidate = backup_path(file, n)
        try:
            write_new(candidate, data)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(backup_path(file))


PARTIAL_WRITE_PATTERN = ".~gongwen-*.tmp"  # what write_atomic leaves when killed before its rename


def remove_partial_writes(folder: Path) -> None:
    """Delete the temporary files a killed write_atomic left in `folder` and below (call it under
    the workspace lock: another process's write in progress looks the same)."""
    for tmp in folder.rglob(PARTIAL_WRITE_PATTERN) if folder.is_dir() else []:
        tmp.unlink(missing_ok=True)


def replace_in_part(path: Path, part: str, replacements: Iterable[tuple[str, str]], count: int = 1) -> bytes:
    """The package at `path` with text replaced in one part: variants of a document, as an edit
    in Word would leave them (the template guide's pictures, tests). Each text must be there."""
    parts = read_parts(path)
    xml = parts[part].decode("utf-8")
    for old, new in replacements:
        if old not in xml:
            raise ValueError(f"{old!r} not in {part}")
        xml = xml.replace(old, new, count)
    parts[part] = xml.encode("utf-8")
    return zip_bytes(parts)
