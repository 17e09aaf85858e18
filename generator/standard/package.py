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
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

    from lxml import etree

# 1980-01-01 00:00:00, the earliest a zip entry can carry, in MS-DOS format.
DOS_TIME = 0
DOS_DATE = (1 << 5) | 1
# Already-compressed media gain nothing from deflate; storing them is faster.
STORED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".emf", ".wmf")


# A county's documents and templates are tens of kilobytes, a picture a few megabytes; a
# package beyond these is refused before it is unpacked (a zip bomb unpacks to gigabytes).
MAX_FILE_BYTES = 64 * 2**20  # the package file itself
MAX_MEMBERS = 1000
MAX_MEMBER_BYTES = 64 * 2**20
MAX_XML_PART_BYTES = 32 * 2**20  # an XML part is parsed whole (a roll-up of 500 units is about 5 MB)
MAX_TOTAL_BYTES = 256 * 2**20
MAX_RATIO = 200  # unpacked / packed, for members over a megabyte
MAX_DIRECTORY_BYTES = 4 * 2**20  # the zip's central directory: MAX_MEMBERS names and records
# Zip compression methods a Word, WPS or Excel file uses; 99 is AES encryption (7-Zip, WPS's
# password-protected files), 12/14/93/95 are bzip2, LZMA, zstd, xz, which Word never writes.
STORED, DEFLATED = 0, 8
ENCRYPTED_METHOD = 99


class BadPackage(ValueError):
    """A zip package that is refused before it is unpacked; the message is the clerk's."""


class TextTooLongPackage(BadPackage):
    """A Word package refused only because one run of its text is over the parser's limit: a
    valid document, which gongwen will not read (the message says so)."""


class NotAZip(BadPackage):
    """No zip end record at all: not a zip (or cut short)."""


def read_file(path: Path, *, within: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file gongwen is given, after looking at what it is: a regular file (not a
    folder, a pipe that never ends or a device such as /dev/zero), inside `within` if given (a link
    out of the workspace is refused), at most `limit` bytes. The descriptor is looked at, not the
    name, so nothing can be swapped in between; a pipe is opened without waiting for a writer."""
    import stat

    if within is not None and not _inside(path, within):
        raise BadPackage(f"文件是指向「{within}」以外的链接（{path.resolve()}），已拒绝读取")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise BadPackage("文件不存在（或是指向不存在文件的链接）") from None
    except PermissionError:
        raise BadPackage("没有权限读取这个文件") from None
    except OSError:
        raise BadPackage("文件无法打开（可能是文件夹或损坏的链接）") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadPackage("这是一个文件夹，不是文件")
        if not stat.S_ISREG(info.st_mode):
            raise BadPackage("这不是普通文件（是管道、设备或特殊文件），已拒绝读取")
        if info.st_size > limit:
            raise BadPackage(f"文件有 {info.st_size / 2**20:.0f} MB，超过上限 {limit // 2**20} MB，已拒绝读取")
        chunks, size = [], 0
        while chunk := os.read(fd, min(2**20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise BadPackage(f"文件超过上限 {limit // 2**20} MB，已拒绝读取")
        return b"".join(chunks)
    finally:
        os.close(fd)


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return False


def open_zip(data: bytes, *, streamed: tuple[str, int] | None = None) -> zipfile.ZipFile:
    """The zip in `data`, after its directory is checked (check_directory), before any part is read.
    `streamed`: (folder, limit) for XML parts the caller streams instead of parsing whole (sheets)."""
    import zipfile  # (imported when first needed: `gongwen --help` reads no package)

    check_end_record(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError):
        raise BadPackage("文件已损坏，或不是 Word/Excel 文件（不是有效的 zip 包）") from None
    check_directory(archive.infolist(), streamed)
    return archive


OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # a compound file: .xls, .doc, .et, .wps, an encrypted .xlsx/.docx
ENCRYPTED = "这个文件设置了打开密码（已加密），gongwen 读不了；请在 Word/WPS/Excel 里取消密码、另存后再试"
# A password-protected .docx or .xlsx (ECMA-376 part 2, 2.3.4: Office's, WPS's) is a compound file
# holding the encrypted package as the stream EncryptedPackage beside its EncryptionInfo.
_ENCRYPTED_STREAM = "EncryptedPackage"
_FREE_OR_END = 0xFFFFFFFA  # sector numbers from here up are no sector (end of chain, free, FAT ...)
_MAX_DIRECTORY_SECTORS = 4096  # a chain longer than this is a loop (or no file Office writes)


def _ole_stream_names(data: bytes) -> set[str]:
    """The names in a compound file's directory (MS-CFB 2.2, 2.6): the header's first 109 FAT
    sectors, and the directory's chain through them; what does not hold together ends the walk."""
    shift, _, fat_count, first = struct.unpack_from("<HH10xII", data, 30)
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    fat_sectors = struct.unpack_from("<109I", data, 76)[: min(fat_count, 109)]
    fat: list[int] = []
    for sector in fat_sectors:
        start = size * (sector + 1)
        fat += struct.unpack_from(f"<{size // 4}I", data, start) if start + size <= len(data) else ()
    names, sector, walked = set(), first, 0
    while sector < _FREE_OR_END and walked < _MAX_DIRECTORY_SECTORS and size * (sector + 2) <= len(data):
        for entry in range(size * (sector + 1), size * (sector + 2), 128):
            (length,) = struct.unpack_from("<H", data, entry + 64)
            names.add(data[entry : entry + min(length, 64)].decode("utf-16-le", "replace").rstrip("\0"))
        sector = fat[sector] if sector < len(fat) else _FREE_OR_END
        walked += 1
    return names


def is_encrypted_package(data: bytes) -> bool:
    """Whether `data` is a password-protected .docx or .xlsx (an Office or WPS one)."""
    return data.startswith(OLE2_MAGIC) and len(data) >= 512 and _ENCRYPTED_STREAM in _ole_stream_names(data)


# What is sent in place of a .docx or .xlsx, by its first bytes: the clerk's word for it.
_OTHER_FORMATS = (
    (b"%PDF-", "这是 PDF 文件，不是 Excel/Word 文件（只是扩展名写成了这样）"),
    (
        OLE2_MAGIC,
        "这是旧版 Office 格式（.xls、.et、.doc、.wps）或设置了打开密码的文件，不是 .xlsx/.docx",
    ),
    (b"\xff\xd8\xff", "这是图片（可能是拍照或扫描的），不是 Excel/Word 文件"),
    (b"\x89PNG", "这是图片（可能是拍照或扫描的），不是 Excel/Word 文件"),
    (b"Rar!", "这是 RAR 压缩包，不是 Excel/Word 文件：请解压后再用里面的文件"),
    (b"7z\xbc\xaf", "这是 7z 压缩包，不是 Excel/Word 文件：请解压后再用里面的文件"),
)


def what_else(data: bytes) -> str | None:
    """What a file that is no zip package is, when its first bytes say (None: they do not)."""
    if not data:
        return "文件是空的（0 字节），可能没有保存完整或传输中断"
    if is_encrypted_package(data):
        return ENCRYPTED
    return next((said for start, said in _OTHER_FORMATS if data.startswith(start)), None)


def check_end_record(data: bytes) -> None:
    """Entry count and directory size from the zip's end record, before zipfile reads a directory
    of a million entries into memory."""
    at = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if at < 0 or len(data) < at + 22:
        raise NotAZip(what_else(data) or "文件已损坏，或不是 Word/Excel 文件（不是有效的 zip 包）")
    count, directory_size = struct.unpack_from("<HI", data, at + 10)
    locator = at - 20
    if locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":  # zip64: the counts are elsewhere
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if record + 56 <= len(data) and data[record : record + 4] == b"PK\x06\x06":
            count, directory_size = struct.unpack_from("<QQ", data, record + 32)
    if count > MAX_MEMBERS:
        raise BadPackage(f"文件里有 {count} 个部件，超过上限 {MAX_MEMBERS}")
    if directory_size > MAX_DIRECTORY_BYTES:
        raise BadPackage("文件的目录异常地大（可能是恶意构造的文件）")


def check_directory(infos: list[zipfile.ZipInfo], streamed: tuple[str, int] | None = None) -> None:
    """Refuse a package by its directory alone: too many parts, a compression method or an
    encryption Word/Excel files do not use, a part too large or compressed too well, names that
    point outside the package, or the same name twice."""
    if len(infos) > MAX_MEMBERS:
        raise BadPackage(f"文件里有 {len(infos)} 个部件，超过上限 {MAX_MEMBERS}")
    total = 0
    seen: set[str] = set()
    for info in infos:
        _check_member(info, streamed)
        if info.filename.lower() in seen:
            raise BadPackage(f"文件里有两个「{info.filename}」部件（可能是恶意构造的文件）")
        seen.add(info.filename.lower())
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise BadPackage(f"文件解压后共 {total // 2**20} MB，超过上限 {MAX_TOTAL_BYTES // 2**20} MB")


def _check_member(info: zipfile.ZipInfo, streamed: tuple[str, int] | None) -> None:
    name, size = info.filename, info.file_size
    if info.flag_bits & 0x1 or info.compress_type == ENCRYPTED_METHOD:
        raise BadPackage(f"文件里的「{name}」已加密（文件设置了密码）；请在 Word/WPS/Excel 里取消密码、另存后再试")
    if info.compress_type not in (STORED, DEFLATED):
        raise BadPackage(
            f"文件里的「{name}」使用了 Word/WPS/Excel 不用的压缩方式（编号 {info.compress_type}）；"
            "请在 Word/WPS/Excel 里打开、另存后再试"
        )
    if not safe_member_name(name):
        raise BadPackage(f"文件里的部件名「{name}」指向包外（如 ../ 或绝对路径，可能是恶意构造的文件）")
    limit = MAX_XML_PART_BYTES if name.lower().endswith((".xml", ".rels")) else MAX_MEMBER_BYTES
    if streamed is not None and name.startswith(streamed[0]):
        limit = streamed[1]
    if size > limit:
        raise BadPackage(f"文件里的「{name}」解压后有 {size // 2**20} MB，超过上限 {limit // 2**20} MB")
    if info.compress_type == STORED and info.compress_size != size:
        raise BadPackage(f"文件里的「{name}」大小不一致（文件已损坏）")
    if size > 2**20 and size > MAX_RATIO * max(info.compress_size, 1):
        raise BadPackage(f"文件里的「{name}」压缩比异常（可能是恶意构造的文件）")


def safe_member_name(name: str) -> bool:
    """A part name that stays inside the package wherever it is unpacked (no zip-slip)."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in name.split("/")


def read_parts(source: Path | bytes, *, within: Path | None = None) -> dict[str, bytes]:
    """All entries of a zip package (a file, or its bytes), in their stored order: the file and
    its directory looked at first (read_file, open_zip), each entry read no further than the size
    its directory declares (zipfile stops there, and checks the CRC)."""
    import zipfile

    data = source if isinstance(source, bytes) else read_file(source, within=within)
    try:
        with open_zip(data) as zf:
            return {info.filename: zf.read(info) for info in zf.infolist()}
    except zipfile.BadZipFile:
        raise BadPackage("文件内容已损坏（校验失败）") from None
    except (zlib.error, EOFError, NotImplementedError, OSError):
        raise BadPackage("文件内容已损坏（解压失败）") from None


MAX_LAID_OUT_PARAGRAPHS = 20_000  # about 400 pages: what previewing or laying out a document may cost


def read_document(path: Path, *, max_paragraphs: int | None = None) -> bytes:
    """The bytes of a .docx someone hands gongwen to look at (preview, check), once it is known to
    be one: a regular file, a zip whose directory passes check_directory, a main part that parses
    (and has at most `max_paragraphs` paragraphs); BadPackage says why not."""
    from generator.standard import wordml

    data = read_file(path)
    try:
        parts = read_parts(data)
    except BadPackage:
        if data[:5] == b"%PDF-":
            raise BadPackage("这是 PDF 文件（只是改了扩展名），不是 Word 文档") from None
        raise
    main_name = "word/document.xml"  # (its DOCTYPE is told below, as its parse finds it)
    main = parts.get(main_name)
    if main is None:
        raise BadPackage("缺少正文部分（word/document.xml），不是 Word 文档")
    # Any part, not only the body: LibreOffice (preview, check's pages) reads them all, entities too.
    # (In a part's text "<" is always escaped: "<!DOCTYPE" can only be markup.)
    carrying = next((name for name, part in parts.items() if b"<!DOCTYPE" in part and name != main_name), None)
    if carrying is not None:
        raise BadPackage(f"文件里的「{carrying}」带有 DOCTYPE 声明（Word 文件从不带它，可能是恶意构造的文件）")
    del parts
    try:
        root = wordml.parse(main)
    except wordml.TextTooLong:
        raise TextTooLongPackage(wordml.too_long_text("正文部分（word/document.xml）")) from None
    except ValueError as exc:
        if "DOCTYPE" in str(exc):
            raise BadPackage("文件里有 DOCTYPE 声明（Word 文件从不带它，可能是恶意构造的文件）") from None
        raise BadPackage("正文部分（word/document.xml）不是有效的 XML（文件已损坏或嵌套过深）") from None
    no_body = _why_no_body(root)
    if no_body is not None:
        raise BadPackage(no_body)
    if max_paragraphs is not None:
        paragraphs = sum(1 for _ in root.iter(wordml.qn("w:p")))
        if paragraphs > max_paragraphs:
            raise BadPackage(f"文件有 {paragraphs} 段，超过上限 {max_paragraphs} 段（约 400 页），已拒绝处理")
    return data


def _why_no_body(root: etree._Element) -> str | None:
    """Why a parsed word/document.xml is not a Word body to read (None: it is one)."""
    from generator.standard import wordml

    if root.tag == f"{{{wordml.STRICT_W}}}document":
        return f"文件{wordml.STRICT_SAVED}"
    if root.tag != wordml.qn("w:document") or root.find(wordml.qn("w:body")) is None:
        return "正文部分（word/document.xml）不是 Word 的正文（没有 w:document 和 w:body），不是 Word 文档"
    return None


# The parts a written file must have, and have parse, for Word, WPS or Excel to open it.
MAIN_PARTS = {
    ".docx": ("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml"),
    ".xlsx": ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"),
}


# A part larger than this is checked as a stream (wordml.root_tag), not parsed whole.
STREAMED_CHECK_BYTES = 2**20


def why_unopenable(
    data: bytes,
    suffix: str,
    parse: Iterable[str] = (),
    known: Callable[[str, bytes], bool] | None = None,
    streamed: Callable[[str, int], object] | None = None,
) -> str | None:
    """Why a file gongwen is about to put in output/ would not open (None: it opens): its zip
    directory, the main parts present, and the parts named in `parse` well-formed. (The parts a
    document copies from its template were parsed when the template was checked, and the CRCs
    are the ones `assemble` computed from these very bytes: they are not read again; nor is a part
    whose bytes `known` vouches for: the very bytes a writer of well-formed XML made.)

    A zip written as assemble writes it is read from its directory with struct and zlib, each part
    read checked against its local header, size and CRC as zipfile checks it (zipfile's objects cost
    a document about 0.1 ms of CPU more); any other zip, and any part that differs, is read by
    zipfile, which has the last word. When `streamed` is given, a part larger than
    STREAMED_CHECK_BYTES is inflated and read as a stream, never whole (`known` is then not asked
    of it, and `streamed` is told its name and size), unless something is wrong with it: then it
    is read whole, and told of as before."""
    members = _plain_members(data)
    if members is None:
        return _why_unopenable_by_zipfile(data, suffix, parse, known)
    missing = [name for name in MAIN_PARTS.get(suffix, ()) if name not in members]
    if missing:
        return f"缺少「{missing[0]}」"
    for name in parse:
        member = members.get(name)
        # (a large part that does not so read is read whole below, which says what is wrong)
        if streamed and member and member[4] > STREAMED_CHECK_BYTES and _opens_as_stream(data, name, member):
            streamed(name, member[4])
            continue
        part = None if member is None else _plain_member(data, name, member)
        if part is None:  # (not as assemble writes it: zipfile says what is wrong)
            return _why_unopenable_by_zipfile(data, suffix, parse, known)
        why = _why_part_unreadable(name, part, known)
        if why is not None:
            return why
    return None


def _why_unopenable_by_zipfile(
    data: bytes, suffix: str, parse: Iterable[str], known: Callable[[str, bytes], bool] | None
) -> str | None:
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            missing = [name for name in MAIN_PARTS.get(suffix, ()) if name not in names]
            if missing:
                return f"缺少「{missing[0]}」"
            for name in parse:
                why = _why_part_unreadable(name, zf.read(name), known)
                if why is not None:
                    return why
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, NotImplementedError, ValueError):
        return "zip 包已损坏"  # (NotImplementedError, ValueError: fields zipfile cannot follow)
    return None


def _why_part_unreadable(name: str, part: bytes, known: Callable[[str, bytes], bool] | None) -> str | None:
    from generator.standard import wordml

    if known is not None and known(name, part):
        return None
    try:  # (a large part read as a stream: its tree would be a dozen times its size)
        tag = wordml.root_tag(part) if len(part) > STREAMED_CHECK_BYTES else wordml.parse(part).tag
    except wordml.TextTooLong:
        return wordml.too_long_text(f"「{name}」")
    except ValueError:
        return f"「{name}」不是完整的 XML"
    if name == "word/document.xml" and tag != wordml.qn("w:document"):
        return "「word/document.xml」不是 Word 的正文"
    return None


# A member as the central directory describes it: flags, method, CRC, compressed size, size, and
# where its local header is.
_Member = tuple[int, int, int, int, int, int]
_END = struct.Struct("<IHHHHIIH")  # end of central directory record
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # central directory file header
_LOCAL = struct.Struct("<IHHHHHIIIHH")  # local file header
_MADE_BY, _NEEDED = 20 | (3 << 8), 20  # what assemble writes: version 2.0, made on Unix
# A directory entry's signature, versions, extra and comment lengths and disk, as assemble writes them.
_PLAIN_CENTRAL = (0x02014B50, _MADE_BY, _NEEDED, 0, 0, 0)


def _plain_members(data: bytes) -> dict[str, _Member] | None:
    """The members of a zip written as assemble writes it, by name, from its central directory; None
    for any other zip (zip64, more disks, encryption, another method or version, extra fields,
    comments, anything out of place)."""
    at = len(data) - _END.size
    if at < 0 or data[at : at + 4] != b"PK\x05\x06":
        return None
    _, disk, first_disk, here, count, size, offset, comment = _END.unpack_from(data, at)
    if disk or first_disk or here != count or comment or offset + size != at:
        return None
    members: dict[str, _Member] = {}
    position = offset
    for _ in range(count):
        entry = _plain_entry(data, position, offset, at)
        if entry is None or entry[0] in members:
            return None
        name, members[name], position = entry
    return members if position == at else None


def _plain_entry(data: bytes, position: int, offset: int, at: int) -> tuple[str, _Member, int] | None:
    """The directory entry at `position` (the directory spans `offset` to `at`): its name, what it
    says of its member, and where the next entry starts; None if assemble would not have written it."""
    if position + _CENTRAL.size > at:
        return None
    (signature, made_by, needed, flags, method, _, _, crc, packed, unpacked, name_length, extra_length,
     comment_length, start_disk, _, _, local) = _CENTRAL.unpack_from(data, position)  # fmt: skip
    name_at = position + _CENTRAL.size
    end = name_at + name_length
    plain = (signature, made_by, needed, extra_length, comment_length, start_disk) == _PLAIN_CENTRAL
    if not plain or flags not in (0, 0x800) or method not in (STORED, DEFLATED) or local >= offset or end > at:
        return None
    try:
        name = data[name_at:end].decode("utf-8" if flags else "cp437")
    except UnicodeDecodeError:
        return None
    return name, (flags, method, crc, packed, unpacked, local), end


def _plain_payload(data: bytes, name: str, member: _Member) -> memoryview | None:
    """A member's stored bytes (a view), its local header the directory's; None if anything differs."""
    flags, method, crc, packed, unpacked, local = member
    if local + _LOCAL.size > len(data):
        return None
    header = _LOCAL.unpack_from(data, local)
    name_at = local + _LOCAL.size
    raw = name.encode("utf-8" if flags else "cp437")
    start = name_at + len(raw)
    plain = header == (0x04034B50, _NEEDED, flags, method, DOS_TIME, DOS_DATE, crc, packed, unpacked, len(raw), 0)
    if not plain or data[name_at:start] != raw or start + packed > len(data):
        return None
    return memoryview(data)[start : start + packed]


def _plain_member(data: bytes, name: str, member: _Member) -> bytes | None:
    """A member's bytes, its local header the directory's and its size and CRC checked as zipfile
    checks them; None if anything differs."""
    _, method, crc, _, unpacked, _ = member
    payload = _plain_payload(data, name, member)
    if payload is None:
        return None
    try:
        part = zlib.decompress(payload, -15, max(unpacked, 1)) if method == DEFLATED else payload
    except zlib.error:
        return None
    return bytes(part) if len(part) == unpacked and zlib.crc32(part) == crc else None


# A large member is inflated for its check this much at a time.
_INFLATED_PIECE = 2**20


class _Inflating:
    """A deflated member's bytes, inflated a piece at a time as they are iterated (never whole);
    once iterated, whether they were all of the member (its size and CRC, as zipfile checks them)."""

    def __init__(self, payload: memoryview) -> None:
        self.payload = payload
        self.size = self.crc = 0
        self.ended = False

    def __iter__(self) -> Iterator[bytes]:
        inflater = zlib.decompressobj(-15)
        for at in range(0, len(self.payload), _INFLATED_PIECE):
            tail: bytes | memoryview = self.payload[at : at + _INFLATED_PIECE]
            while tail:  # (a piece's output bounded: deflate makes up to 1,032 times its input)
                piece = inflater.decompress(tail, _INFLATED_PIECE)
                tail = inflater.unconsumed_tail
                self.size += len(piece)
                self.crc = zlib.crc32(piece, self.crc)
                yield piece
        self.ended = inflater.eof and not inflater.unused_data


def _opens_as_stream(data: bytes, name: str, member: _Member) -> bool:
    """Whether a large deflated member is as assemble writes it and reads as _why_part_unreadable
    would find nothing wrong, inflated and read as a stream (a roll-up's 13 MB body: never whole
    here); False also for anything the whole read must tell (then it is read so)."""
    from generator.standard import wordml

    _, method, crc, _, unpacked, _ = member
    payload = _plain_payload(data, name, member)
    if payload is None or method != DEFLATED:
        return False
    pieces = _Inflating(payload)
    try:
        tag = wordml.root_tag_of(pieces)
    except (ValueError, zlib.error):  # (BadPart is a ValueError)
        return False
    if not (pieces.ended and pieces.size == unpacked and pieces.crc == crc):
        return False
    return name != "word/document.xml" or tag == wordml.qn("w:document")


@dataclass(frozen=True)
class ZipEntry:
    """One zip member, already compressed: a template's unchanging parts are
    compressed once per build and copied into every document as they are."""

    name: bytes
    crc: int
    compressed: bytes
    size: int
    method: int  # 0 stored, 8 deflated


class Handed:
    """A rendered part's bytes handed down the layout's calls (engine -> stream -> layout -> aside)
    with their ownership: each call peeks at them, the one that cuts the part's tables out takes
    them, and then nothing holds the whole part while its rows are laid out (a roll-up of 2,000
    units: 13 MB, beside its tables' bytes and their rows')."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        self._data = data

    @classmethod
    def of(cls, data: bytes | Handed) -> Handed:
        return data if isinstance(data, Handed) else cls(data)

    def peek(self) -> bytes:
        """The bytes, still held here (the caller keeps no reference past its own use)."""
        return self._data

    def take(self) -> bytes:
        """The bytes, no longer held here."""
        data, self._data = self._data, b""
        return data


# Deflate's fastest level: a statistics sheet's document.xml takes 39 µs instead of level 6's 114 µs,
# for 2.5 KB instead of 2.1 KB (three times the CPU for a sixth fewer bytes is not worth it).
DEFLATE_LEVEL = 1


def compress(name: str, data: bytes, level: int = DEFLATE_LEVEL) -> ZipEntry:
    if name.lower().endswith(STORED_SUFFIXES):
        return ZipEntry(name.encode("utf-8"), zlib.crc32(data), data, len(data), 0)
    deflater = zlib.compressobj(level, zlib.DEFLATED, -15)  # raw deflate, as zip wants it
    payload = deflater.compress(data) + deflater.flush()
    return ZipEntry(name.encode("utf-8"), zlib.crc32(data), payload, len(data), 8)


class DeflatedPart:
    """A part compressed as it is written (`write`, as to a file), never whole in memory: entry()
    is what compress() makes of the whole part, byte for byte (deflate's output does not depend on
    how its input is cut when nothing is flushed between)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._stored = name.lower().endswith(STORED_SUFFIXES)
        self._deflater = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
        self._written: list[bytes] = []
        self._crc = self._size = 0

    def write(self, data: bytes | memoryview) -> int:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        out = bytes(data) if self._stored else self._deflater.compress(data)
        if out:
            self._written.append(out)
        return len(data)

    def entry(self) -> ZipEntry:
        if not self._stored:
            self._written.append(self._deflater.flush())
        payload, self._written = b"".join(self._written), []
        return ZipEntry(self.name.encode("utf-8"), self._crc, payload, self._size, 0 if self._stored else 8)


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


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` (bytes, or pieces of them written in turn) to `path` so that readers never see
    a partial file.

    The file keeps the permissions it had (a new one gets the usual ones), not the owner-only
    mode of the temporary file it is written through.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    tmp = _synced_beside(path, data, mode)
    try:
        set_hidden(path, False)  # Windows may refuse to replace a hidden file
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    set_hidden(path, path.name.startswith("."))


def _synced_beside(path: Path, data: bytes | Iterable[bytes], mode: int) -> Path:
    """`data` in a temporary file in `path`'s folder (a rename or link from there is atomic), on disk
    and with `mode`; removed again if writing fails."""
    import tempfile  # (imported when first needed: a command that writes nothing starts faster)

    fd, name = tempfile.mkstemp(prefix=".~gongwen-", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if isinstance(data, bytes):
                fh.write(data)
            else:
                fh.writelines(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


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
    tmp = _synced_beside(path, data, 0o666 & ~_UMASK)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # no hard links here (FAT32, some shares): an exclusive create instead
            with open(path, "xb") as fh:
                fh.write(data)
    finally:
        tmp.unlink(missing_ok=True)


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
