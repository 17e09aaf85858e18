"""Files the clerk uploads: saved under a fresh temporary folder, within limits, never by the
name's path (a name is reduced to its last component), and a zip of forms opened member by
member with the same size limits."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, NamedTuple, Protocol

from generator.app import (
    SelectionError,
    name_within,
    not_a_device_name,
    what_else_a_file_is,
    zip_directory_problem,
    zip_member_name,
    zip_resource_fork,
)

MAX_REQUEST_BYTES = 64 * 2**20  # a whole upload: dozens of forms, or one large template
MAX_FILE_BYTES = 32 * 2**20
# What one upload may put on disk, zips unpacked: the request's own limit. A zip of forms holds
# .xlsx files, which barely compress: one that unpacks to more is a bomb, refused before writing.
MAX_SAVED_BYTES = MAX_REQUEST_BYTES
MAX_RATIO = 200  # unpacked / packed, for members over a megabyte (as for any package gongwen reads)
MAX_FILES = 500
# An uploaded file's name, in UTF-8 bytes: under the 255 every file system allows, with room for
# the （2） that tells two files of one name apart.
MAX_NAME_BYTES = 200
ZIP_MAGIC = b"PK\x03\x04"
ZIPPED_SUFFIXES = (".docx", ".xlsx")  # Office Open XML: a zip, or not what it says (a .doc or .txt is not)


class Upload(Protocol):
    filename: str | None
    stream: IO[bytes]


_NOT_IN_NAMES = set('<>:"/\\|?*')


def base_name(name: str) -> str:
    """The file's own name, whatever the browser sent (C:\\fakepath\\表.xlsx, ../../x.xlsx), with
    the characters no Windows file name may hold replaced, no device name (NUL.xlsx, saved on
    Windows, would be written to nothing), and no longer than a file system takes (cut, the
    extension kept)."""
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join("_" if c in _NOT_IN_NAMES else c for c in name if c.isprintable())
    return name_within(not_a_device_name(name.strip().lstrip(".").strip()), MAX_NAME_BYTES) or "上传的文件"


def _read_limited(stream: IO[bytes], shown: str) -> bytes:
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise SelectionError(f"「{shown}」超过 {MAX_FILE_BYTES // 2**20} MB，不像是公文或报表文件，未接收")
    return data


def _unique(folder: Path, name: str) -> Path:
    target, n = folder / name, 1
    while target.exists():
        n += 1
        target = folder / f"{Path(name).stem}（{n}）{Path(name).suffix}"
    return target


def save(
    files: Iterable[Upload], suffixes: tuple[str, ...], unpack_zips: bool = False, read_by_content: bool = False
) -> Path:
    """Every uploaded file with one of `suffixes` into a new temporary folder (returned).
    A wrong type, an oversized file or a broken zip is refused with the file's name; with
    `read_by_content`, a .docx that is no zip is left to its reader, which reads a file by what it
    is (the notice importer: a .doc or a web page saved as .docx)."""
    folder = Path(tempfile.mkdtemp(prefix="gongwen-upload-"))
    try:
        _save_into(folder, files, suffixes, unpack_zips, read_by_content)
    except BaseException:  # a refused upload leaves nothing behind
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder


def _save_into(
    folder: Path, files: Iterable[Upload], suffixes: tuple[str, ...], unpack_zips: bool, read_by_content: bool = False
) -> None:
    count = 0
    for upload in files:
        if upload.filename:
            count += _save_one(folder, upload, suffixes, unpack_zips, read_by_content)
        if count > MAX_FILES:
            raise SelectionError(f"一次最多上传 {MAX_FILES} 个文件")
    if count == 0:
        raise SelectionError("没有收到文件：请选择要上传的文件")


def _save_one(
    folder: Path, upload: Upload, suffixes: tuple[str, ...], unpack_zips: bool, read_by_content: bool = False
) -> int:
    """Save one uploaded file (a zip: its members); how many files it gave."""
    shown = base_name(upload.filename or "")
    data = _read_limited(upload.stream, shown)
    if unpack_zips and shown.lower().endswith(".zip"):
        return _unpack(data, shown, folder, suffixes)
    if not shown.lower().endswith(suffixes):
        raise SelectionError(f"「{shown}」不是 {'、'.join(suffixes)} 文件，未接收{how_to_fix(shown, suffixes)}")
    if shown.lower().endswith(ZIPPED_SUFFIXES) and not data.startswith(ZIP_MAGIC) and not read_by_content:
        why = what_else_a_file_is(data) or "文件可能已损坏或是旧版格式"
        raise SelectionError(f"「{shown}」不是有效的 {'/'.join(suffixes)} 文件（{why}）{how_to_fix(shown, suffixes)}")
    _unique(folder, shown).write_bytes(data)
    return 1


_OLD_FORMATS = {".xlsx": "Excel 或 WPS 表格", ".docx": "Word 或 WPS 文字"}
# Files those programs open and save again as the kind wanted; any other (a Word document among the
# returned forms, a photo) is another file altogether: saving it again would not help.
_SAVED_AGAIN = {
    ".xlsx": (".xlsx", ".xls", ".et", ".ett", ".ods", ".csv", ".xlsm", ".xlsb", ".xltx"),
    ".docx": (".docx", ".doc", ".wps", ".wpt", ".odt", ".rtf", ".docm", ".dot", ".dotx"),
}


def how_to_fix(shown: str, suffixes: tuple[str, ...]) -> str:
    """What the clerk can do about a file of the wrong kind: save it again in the kind wanted, or
    choose the right file."""
    wanted = next((s for s in suffixes if s in _OLD_FORMATS), None)
    if wanted is None:
        return ""
    if not shown.lower().endswith(_SAVED_AGAIN[wanted]):
        return "：请选对文件再上传"  # (the kinds taken were just said: 不是 .xlsx 文件)
    return f"：请用 {_OLD_FORMATS[wanted]}打开它，点“文件 → 另存为”，保存类型选 {wanted}，再上传另存的文件"


class Refused(NamedTuple):
    """A file an upload did not take: its name, and the sentence that names it and says how to fix it."""

    name: str
    why: str

    def __str__(self) -> str:
        return self.why


def save_good(
    files: Iterable[Upload], suffixes: tuple[str, ...], unpack_zips: bool = False
) -> tuple[Path, list[Refused]]:
    """Like `save`, but a bad file does not refuse the others: the folder of the good files, and each
    bad one (said as a sentence that names it and says how to fix it). No good file at all is refused."""
    folder = Path(tempfile.mkdtemp(prefix="gongwen-upload-"))
    refused: list[Refused] = []
    count = 0
    try:
        for upload in files:
            if not upload.filename:
                continue
            try:
                count += _save_one(folder, upload, suffixes, unpack_zips)
            except SelectionError as exc:
                refused.append(Refused(base_name(upload.filename), str(exc)))
            if count > MAX_FILES:
                raise SelectionError(f"一次最多上传 {MAX_FILES} 个文件")
        if count == 0:
            raise SelectionError("；".join(map(str, refused)) if refused else "没有收到文件：请选择要上传的文件")
    except BaseException:  # a refused upload leaves nothing behind
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, refused


def _unpack(data: bytes, shown: str, folder: Path, suffixes: tuple[str, ...]) -> int:
    problem = zip_directory_problem(data)  # the entry count, before zipfile reads the directory
    if problem:
        raise SelectionError(f"「{shown}」：{problem}，未接收")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {i.filename: base_name(zip_member_name(i)) for i in archive.infolist()}  # GBK from Explorer too
        members = [
            i
            for i in archive.infolist()
            if not i.is_dir() and names[i.filename].lower().endswith(suffixes) and not zip_resource_fork(i)
        ]
        if len(members) > MAX_FILES:
            raise SelectionError(f"「{shown}」里的文件超过 {MAX_FILES} 个")
        locked = next((i for i in members if i.flag_bits & 0x1), None)
        if locked is not None:  # zipfile would ask for the password (RuntimeError)
            raise SelectionError(
                f"「{shown}」里的「{names[locked.filename]}」设置了解压密码；请先解压，再上传解压出的文件"
            )
        _within_disk_budget(members, names, shown, folder)
        for info in members:
            name = names[info.filename]
            try:
                with archive.open(info) as member:
                    content = member.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
            except NotImplementedError:  # packed by a method zipfile lacks: refused alone, by name, by collect
                content = b""
            _unique(folder, name).write_bytes(content)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise SelectionError(f"「{shown}」不是有效的 zip 压缩包（文件可能不完整）") from None
    return len(members)


def _within_disk_budget(members: list[zipfile.ZipInfo], names: dict[str, str], shown: str, folder: Path) -> None:
    """Refuse, before anything is written, a zip whose members would fill the disk: each member's
    declared size and ratio, and their total with what this upload already saved (a member is
    read no further than its declared size)."""
    saved = sum(p.stat().st_size for p in folder.iterdir())
    total = saved + sum(info.file_size for info in members)
    for info in members:
        name = names[info.filename]
        if info.file_size > MAX_FILE_BYTES:
            raise SelectionError(f"「{shown}」里的「{name}」超过 {MAX_FILE_BYTES // 2**20} MB，未接收")
        if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SelectionError(f"「{shown}」里的「{name}」压缩比异常（可能是恶意构造的文件），未接收")
    if total > MAX_SAVED_BYTES:
        raise SelectionError(
            f"「{shown}」解压后共 {total // 2**20} MB，超过一次上传的上限 {MAX_SAVED_BYTES // 2**20} MB，未接收"
        )
