"""What changed in a document since gongwen last wrote it, in the clerk's words.

The manifest says *whether* a document's inputs changed (a hash). To say *what* changed, a build
also keeps ``output/.gongwen-record.json``: for each document, the digest of every part of the
context its template reads (``单位.方案日期``, ``汇总.分组`` …), each distinct value once (as the
clerk sees it: dates as 2018年1月25日), and the paragraphs of each template it used. The next
build compares: ``韩村镇工作方案：方案日期 2018年1月23日 → 2018年1月25日``,
``模板 通知.docx 第 12 段``. The full list goes into a 变更记录 .xlsx in output/.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import json
import os
from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, cast

from generator.documents.contexts import (
    COLUMN_NAME_FIELD,
    DRAWN_FIELDS,
    GROUPING_FIELDS,
    ROW_NAME_FIELDS,
    STRUCTURE_FIELDS,
)
from generator.render.filters import format_date, format_number
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.package import read_parts, write_atomic

RECORD_NAME = ".gongwen-record.json"
CHANGES_FOLDER = "变更记录"

SHORT_TEXT = 40


@dataclass(frozen=True)
class Change:
    """One changed item of a document: a workbook value (old → new) or a template paragraph."""

    item: str  # 方案日期 / 韩村镇 出动排查人员 / 模板 通知.docx 第 12 段
    old: str = ""
    new: str = ""
    item_only: bool = False  # the item says it all (a template paragraph, gongwen updated, a chart)

    @property
    def line(self) -> str:
        if self.item_only:
            return self.item
        if not self.old:
            return f"{self.item}：新增 {short(self.new)}"
        if not self.new:
            return f"{self.item}：删除（原为 {short(self.old)}）"
        old, new = changed_window(self.old, self.new)
        return f"{self.item} {old} → {new}"


def short(text: str) -> str:
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def changed_window(old: str, new: str, context: int = 8) -> tuple[str, str]:
    """Long texts (a summary's paragraph) shown only around what changed."""
    if len(old) <= SHORT_TEXT and len(new) <= SHORT_TEXT:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)

    def window(text: str) -> str:
        stop = len(text) - max(0, end - context)
        return ("…" if begin else "") + short(text[begin:stop]) + ("…" if stop < len(text) else "")

    return window(old), window(new)


def display(value: Any) -> Any:
    """A context value as the clerk reads it, in JSON: dates in Chinese, figures as written."""
    if isinstance(value, Mapping):
        return {str(k): display(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [display(v) for v in value]
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return format_date(value)
    if value is None:
        return ""
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return format_number(value)  # a figure as documents write it: 5.5, not 5.50
    return str(value)


def as_text(value: Any) -> str:
    if isinstance(value, dict):
        return "，".join(f"{k} {as_text(v)}" for k, v in value.items() if not isinstance(v, (dict, list)))
    if isinstance(value, list):
        return "、".join(as_text(v) for v in value)
    return format_number(value) if isinstance(value, Decimal) else str(value)


def _row_name(row: Any) -> str | None:
    if isinstance(row, dict):
        for key in ROW_NAME_FIELDS:
            if isinstance(row.get(key), str) and row[key]:
                return str(row[key])
    return None


def _column_names(mapping: dict[str, Any]) -> list[str] | None:
    """The names of a table's columns, when a dict holds them as a list of named dicts (a group's 指标;
    a table's 分组 names the groups above its columns, not its columns)."""
    for key, value in mapping.items():
        if key in GROUPING_FIELDS or not (isinstance(value, list) and value):
            continue
        if all(isinstance(v, dict) and COLUMN_NAME_FIELD in v for v in value):
            return [str(v[COLUMN_NAME_FIELD]) for v in value]
    return None


def diff(labels: list[str], old: Any, new: Any, columns: list[str] | None = None) -> Iterator[Change]:
    """The leaves that differ between two display values, each labelled as the clerk would say it."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        yield from _diff_dicts(labels, old, new, _column_names(new) or columns)
    elif isinstance(old, list) and isinstance(new, list):
        yield from _diff_lists(labels, old, new, columns)
    else:
        yield Change(" ".join(labels) or "内容", as_text(old), as_text(new))


def _diff_dicts(
    labels: list[str], old: dict[str, Any], new: dict[str, Any], columns: list[str] | None
) -> Iterator[Change]:
    for key in [*new, *(k for k in old if k not in new)]:
        here = labels if key in STRUCTURE_FIELDS or key in GROUPING_FIELDS else _labelled(labels, key)
        if key not in old:
            yield Change(" ".join(here), "", as_text(new[key]))
        elif key not in new:
            yield Change(" ".join(here), as_text(old[key]), "")
        elif key in DRAWN_FIELDS:
            yield Change(DRAWN_FIELDS[key], item_only=True)
        elif key in GROUPING_FIELDS:
            yield from _diff_grouping(labels, key, old[key], new[key], columns)
        else:
            yield from diff(here, old[key], new[key], columns)


def _diff_grouping(labels: list[str], key: str, old: Any, new: Any, columns: list[str] | None) -> Iterator[Change]:
    """Groups of rows (a roll-up's metric groups): told by their rows, not by the group."""
    if not (isinstance(old, list) and isinstance(new, list) and len(old) == len(new)):
        yield from diff([*labels, key], old, new, columns)
        return
    for before, after in zip(old, new, strict=True):
        yield from diff(labels, before, after, columns)


def _labelled(labels: list[str], key: str) -> list[str]:
    """`labels` and then `key`; a key that begins with the label before it (填报 → 填报日期) replaces it,
    so a change reads 填报日期 2018年4月2日 → 2018年4月5日, not 填报 填报日期 …"""
    if labels and key != labels[-1] and key.startswith(labels[-1]):
        return [*labels[:-1], key]
    return [*labels, key]


def diff_read(path: str, old: Any, new: Any, columns: list[str] | None = None) -> Iterator[Change]:
    """The changes within one read path of a context (its first name is the document's own part:
    单位, 统计, 汇总 …, which the document's title already says)."""
    keys = path.split(".")[1:]
    labels: list[str] = []
    for key in keys:
        if key not in STRUCTURE_FIELDS and key not in GROUPING_FIELDS:
            labels = _labelled(labels, key)
    drawn = [DRAWN_FIELDS[k] for k in keys if k in DRAWN_FIELDS]
    if drawn:
        if old != new:
            yield Change(drawn[0], item_only=True)
    elif keys and keys[-1] in GROUPING_FIELDS:
        yield from _diff_grouping(labels, keys[-1], old, new, columns)
    else:
        yield from diff(labels, old, new, columns)


def _diff_named_rows(labels: list[str], old: list[Any], new: list[Any], columns: list[str] | None) -> Iterator[Change]:
    """Rows matched by their names; a row whose name changed (at the same place) is told as that row's change."""
    before = {_row_name(r): (i, r) for i, r in enumerate(old)}
    after = {_row_name(r) for r in new}
    renamed = {i for i, r in enumerate(old) if _row_name(r) not in after}
    for i, row in enumerate(new):
        name = str(_row_name(row))
        if name in before:
            yield from diff([*labels, name], before[name][1], row, columns)
        elif i in renamed:
            renamed.discard(i)
            yield from diff([*labels, f"第{i + 1}行"], old[i], row, columns)
        else:
            yield Change(" ".join([*labels, name]), "", as_text(row))
    for i in sorted(renamed):
        yield Change(" ".join([*labels, str(_row_name(old[i]))]), as_text(old[i]), "")


def _diff_lists(labels: list[str], old: list[Any], new: list[Any], columns: list[str] | None) -> Iterator[Change]:
    names_old, names_new = [_row_name(r) for r in old], [_row_name(r) for r in new]
    if all(names_old) and all(names_new) and len(set(names_new)) == len(new) and len(set(names_old)) == len(old):
        yield from _diff_named_rows(labels, old, new, columns)
    elif len(old) == len(new) and all(isinstance(r, dict) for r in new):
        for i, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from diff([*labels, f"第{i + 1}行"], before, after, columns)
    else:
        yield from _diff_items(labels, old, new, columns)


def _diff_items(labels: list[str], old: list[Any], new: list[Any], columns: list[str] | None) -> Iterator[Change]:
    """A list of figures: by its columns' names where a sibling names them (a row's 值), else by place."""
    if columns and len(columns) == len(old) == len(new):
        for name, before, after in zip(columns, old, new, strict=True):
            yield from diff([*labels, name], before, after)
    elif len(old) == len(new) and all(not isinstance(v, (dict, list)) for v in new):
        for i, (before, after) in enumerate(zip(old, new, strict=True)):
            yield from diff([*labels, f"第{i + 1}项"], before, after)
    else:
        yield Change(" ".join(labels) or "列表", as_text(old), as_text(new))


# --- templates -----------------------------------------------------------------------------------


def template_paragraphs(template: bytes) -> list[tuple[str, str]]:
    """Each paragraph of a template's body, in order: (digest of its XML, its text with tags)."""
    document = read_parts(template).get("word/document.xml")
    if document is None:
        return []
    root = wml.parse(document)
    out = []
    for paragraph in wml.iter_descendants(root, "w:p"):
        xml = wml.to_bytes(paragraph)
        out.append((hashlib.sha256(xml).hexdigest()[:16], wml.paragraph_text(paragraph)))
    return out


def template_changes(name: str, old: Sequence[Sequence[str]], new: Sequence[Sequence[str]]) -> list[Change]:
    """模板 通知.docx 第 12 段: the template's paragraphs that differ, numbered as in the new template."""
    matcher = difflib.SequenceMatcher(None, [p[0] for p in old], [p[0] for p in new], autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for j in range(j1, j2):
            before = old[i1 + j - j1][1] if i1 + j - j1 < i2 else ""
            changes.append(Change(f"模板 {name} 第 {j + 1} 段", before, new[j][1], item_only=True))
        for i in range(i1 + (j2 - j1), i2):
            changes.append(Change(f"模板 {name} 删去了原第 {i + 1} 段", old[i][1], "", item_only=True))
    if not changes:  # the same paragraphs: its styles, page setup, headers or footers changed
        changes.append(Change(f"模板 {name} 的格式（样式、页面、页眉页脚）", item_only=True))
    return changes


# --- the record --------------------------------------------------------------------------------


def value_line(digest: str, shown: Any) -> bytes:
    """The record's line for a value as display() shows it (what Record.add_value takes): made when
    the build is planned, so that the build need not keep the value itself (a context) until it is saved."""
    return json.dumps([digest, shown], ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"


class NewValueLines(MutableMapping[str, bytes]):
    """The record lines of the values a build adds (digest -> value_line), from its plan to its save:
    a line over SPILLED_LINE_BYTES (a roll-up's tables) waits in an anonymous temporary file, not in
    memory (a first build of 9,998 documents held 14 MB of lines, 9 MB of them six roll-ups')."""

    def __init__(self) -> None:
        self.small: dict[str, bytes] = {}
        self.spilled: dict[str, tuple[int, int]] = {}  # digest -> its line's offset and length in `file`
        self.file: BinaryIO | None = None

    def __getitem__(self, digest: str) -> bytes:
        line = self.small.get(digest)
        if line is not None:
            return line
        offset, length = self.spilled[digest]
        if self.file is None:  # (closed)
            raise KeyError(digest)
        self.file.seek(offset)
        return self.file.read(length)

    def __setitem__(self, digest: str, line: bytes) -> None:
        if digest in self:
            del self[digest]
        if len(line) <= SPILLED_LINE_BYTES:
            self.small[digest] = line
            return
        if self.file is None:
            import tempfile

            self.file = cast(BinaryIO, tempfile.TemporaryFile())  # noqa: SIM115 (closed by close())
        offset = self.file.seek(0, os.SEEK_END)
        self.file.write(line)
        self.spilled[digest] = (offset, len(line))

    def __delitem__(self, digest: str) -> None:
        if self.small.pop(digest, None) is None:
            del self.spilled[digest]

    def __contains__(self, digest: object) -> bool:
        return digest in self.small or digest in self.spilled

    def __iter__(self) -> Iterator[str]:
        yield from self.small
        yield from self.spilled

    def __len__(self) -> int:
        return len(self.small) + len(self.spilled)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def __del__(self) -> None:
        self.close()


SPILLED_LINE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Recorded:
    """What one document was made from: its template, and each context path it read with the digest
    of its value. Compact, for tens of thousands of documents: the paths one tuple shared by every
    document that reads the same ones, the digests one string (paths and hex digests hold no newline)."""

    template: str
    paths: tuple[str, ...]
    digests: str  # one per path, each ended by a newline

    def reads(self) -> dict[str, str]:
        return dict(zip(self.paths, self.digests.split("\n"), strict=False))


@dataclass(frozen=True, slots=True)
class HeldReads:
    """What one document was made from, as the build already holds it (an immutable mapping, path ->
    digest): the record refers to it rather than copying it (10,000 documents' copies were 4.5 MB at
    the end of a forced build, its peak)."""

    template: str
    held: Mapping[str, str]

    def reads(self) -> dict[str, str]:
        return dict(self.held)


# A value's line in the record file: ["<digest>",<value as shown>]
_VALUE_LINE = b'["'
RECORD_FORMAT = 2
_UNKNOWN: Any = object()  # a digest whose value the record does not have
_CACHED_LINE_BYTES = 64 * 1024  # old values read back and kept for the build (larger ones are one document's)


@dataclass
class Record:
    """What the last build made each document from, in a form that can be compared and shown.

    The file (RECORD_NAME) is JSON lines: a header (code, templates, comparisons), one line per
    document, one per distinct value as shown. Values are read back only when a change is told: the
    record of a 10,000-document campaign holds 14 MB of them (its roll-ups' tables), which a build
    that changed nothing never needs; loaded whole they took 85 MB."""

    path: Path
    code: str = ""
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)  # document -> file, sha, paragraphs
    documents: dict[str, Recorded | HeldReads] = field(default_factory=dict)  # output -> what it was made from
    last_changed: list[str] = field(default_factory=list)  # what the last build that changed anything updated
    comparisons: dict[str, str] = field(default_factory=dict)  # 修改对照稿 written -> sha256 as written
    lines: dict[str, int] = field(default_factory=dict)  # digest -> where its value's line starts in the file
    loaded: tuple[int, int, int] | None = None  # the file's size, mtime and inode when loaded
    added: MutableMapping[str, bytes] = field(default_factory=dict)  # digest -> the line of a value this build adds
    read_back: dict[str, Any] = field(default_factory=dict)  # digest -> a recorded value, once read
    shapes: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # each tuple of paths once

    @classmethod
    def load(cls, output_dir: Path) -> Record:
        record = cls(output_dir / RECORD_NAME)
        try:
            record._read()
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return cls(record.path)  # no record (lost, damaged): changes are told without details
        return record

    def _read(self) -> None:
        with open(self.path, "rb") as fh:
            status = os.fstat(fh.fileno())
            first = fh.readline()
            header = json.loads(first)
            if header.get("format") != RECORD_FORMAT:  # gongwen 0.3's record: one JSON object
                self._read_whole(header)
                return
            self._header(header)
            offset = len(first)
            for line in fh:
                if line.startswith(_VALUE_LINE):
                    self.lines[line[2 : line.index(b'"', 2)].decode("ascii")] = offset
                elif line.strip():
                    entry = json.loads(line)
                    self.remember(str(entry["output"]), str(entry["template"]), entry["reads"])
                offset += len(line)
        self.loaded = (status.st_size, status.st_mtime_ns, status.st_ino)

    def _header(self, data: dict[str, Any]) -> None:
        self.code = str(data["code"])
        self.templates = dict(data["templates"])
        self.last_changed = [str(k) for k in data.get("last_changed", [])]
        self.comparisons = {str(k): str(v) for k, v in data.get("comparisons", {}).items()}

    def _read_whole(self, data: dict[str, Any]) -> None:
        self._header(data)
        for output, entry in dict(data["documents"]).items():
            self.remember(str(output), str(entry["template"]), entry["reads"])
        self.read_back = dict(data["values"])

    def remember(self, output: str, template: str, reads: Mapping[str, str]) -> None:
        """`output` is now made from `template` and `reads` (context path -> digest of its value)."""
        paths = tuple(reads)
        shared = self.shapes.setdefault(paths, paths)
        self.documents[output] = Recorded(template, shared, "".join(f"{d}\n" for d in reads.values()))

    def refer(self, output: str, template: str, reads: Mapping[str, str]) -> None:
        """As remember, for `reads` that will not change while the record is held: kept, not copied."""
        self.documents[output] = HeldReads(template, reads)

    def forget(self, output: str) -> None:
        """What `output` was made from, no longer held: a build that has told what changed in it
        remembers it anew when it saves (10,000 documents held 6 MB from the plan to the end)."""
        self.documents.pop(output, None)

    def recall(self, outputs: Collection[str]) -> None:
        """What `outputs` were made from, read again from the file as loaded (forgotten for a build
        that then left them as they were: open in Word, or a new version written beside); lost, like
        the values _line reads, if the file was replaced since."""
        if not outputs or self.loaded is None:
            return
        again = Record.load(self.path.parent)
        if again.loaded == self.loaded:
            self.documents.update((output, again.documents[output]) for output in outputs if output in again.documents)

    def knows(self, digest: str) -> bool:
        return digest in self.added or digest in self.lines or digest in self.read_back

    def add_value(self, digest: str, line: bytes) -> None:
        """The value of a digest the record does not know yet, as value_line wrote it."""
        self.added[digest] = line

    def value(self, digest: str) -> Any:
        """The recorded value of `digest` as it was shown (_UNKNOWN if the record has none)."""
        if digest in self.read_back:
            return self.read_back[digest]
        line = self._line(digest)
        if line is None:
            return _UNKNOWN
        value = json.loads(line)[1]
        if len(line) <= _CACHED_LINE_BYTES:  # (a campaign's value is asked for by each of its documents)
            self.read_back[digest] = value
        return value

    def _line(self, digest: str, fh: BinaryIO | None = None) -> bytes | None:
        """The line of `digest`'s value in the file as loaded (None if it is not there, or the file
        was replaced since: then the change is told without the old value)."""
        offset = self.lines.get(digest)
        if offset is None:
            return None
        try:
            with contextlib.ExitStack() as stack:
                if fh is None:
                    fh = stack.enter_context(open(self.path, "rb"))
                status = os.fstat(fh.fileno())
                if (status.st_size, status.st_mtime_ns, status.st_ino) != self.loaded:
                    return None
                fh.seek(offset)
                line = fh.readline()
        except OSError:
            return None
        return line if line.startswith(f'["{digest}",'.encode("ascii")) and line.endswith(b"\n") else None

    def save(self) -> None:
        header = {
            "comment": "gongwen 记录的生成依据（用于说明变化），请勿手工修改",
            "format": RECORD_FORMAT,
            "code": self.code,
            "templates": self.templates,
            "last_changed": self.last_changed,
            "comparisons": self.comparisons,
        }
        write_atomic(self.path, self._lines_to_save(json.dumps(header, ensure_ascii=False, sort_keys=True)))

    def _lines_to_save(self, header: str) -> Iterator[bytes]:
        yield header.encode("utf-8") + b"\n"
        used: set[str] = set()
        for output in sorted(self.documents):
            recorded = self.documents[output]
            reads = recorded.reads()
            used.update(reads.values())
            entry = {"output": output, "template": recorded.template, "reads": reads}
            yield json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"
        with contextlib.ExitStack() as stack:
            old = None
            if self.lines:
                with contextlib.suppress(OSError):  # (gone since: its documents' values are not told again)
                    old = stack.enter_context(open(self.path, "rb"))
            for digest in sorted(used):
                line = self.added.get(digest) or (self._line(digest, old) if old is not None else None)
                if line is None and digest in self.read_back:
                    line = json.dumps([digest, self.read_back[digest]], ensure_ascii=False, sort_keys=True).encode()
                    line += b"\n"
                if line is not None:
                    yield line

    def changes(
        self, output: str, new_template: Mapping[str, Any] | None, reads: Mapping[str, str], value: Callable[[str], Any]
    ) -> list[Change]:
        """What differs between the recorded version of `output` and one made with `new_template` from
        `reads` (path -> digest; `value` gives a digest's value as shown); [] when nothing is recorded."""
        before = self.documents.get(output)
        if before is None:
            return []
        out: list[Change] = []
        old_template = self.templates.get(before.template)
        if old_template and new_template and old_template["sha"] != new_template["sha"]:
            out += template_changes(new_template["file"], old_template["paragraphs"], new_template["paragraphs"])
        old_reads = before.reads()
        changed = []
        for path, digest in reads.items():
            old_digest = old_reads.get(path)
            if old_digest is None or old_digest == digest:
                continue  # (None: the template reads something new: its change above says so)
            old_value = self.value(old_digest)
            if old_value is not _UNKNOWN:
                changed.append((path, digest, old_value))
        # A table's columns named by a list the template reads beside it (总结.主要指标 for 总结.排名's
        # figures): looked for only beside what changed (a forced build of unchanged documents would
        # otherwise show every value it reads).
        parents = {path.rpartition(".")[0] for path, _, _ in changed}
        columns: dict[str, list[str]] = {}
        for path, digest in reads.items():
            parent = path.rpartition(".")[0]
            if parent in parents and parent not in columns and (names := _column_names({"": value(digest)})):
                columns[parent] = names
        for path, digest, old_value in changed:
            out += diff_read(path, old_value, value(digest), columns.get(path.rpartition(".")[0]))
        return list(dict.fromkeys(out))  # a roll-up reads each figure twice: by group and as printed


# --- the 变更记录 spreadsheet ------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangedDocument:
    title: str
    path: str  # as the clerk sees it: output/方案/….docx
    outcome: str  # 已更新 / 新版另存 …
    changes: tuple[Change, ...]


def changes_xlsx(documents: Sequence[ChangedDocument], when: dt.datetime) -> bytes:
    """The 变更记录: one row per changed item of each updated document, old and new in full."""
    # (The spreadsheet writer, imported by the builds that change a document: not by the others.)
    from generator.output.spreadsheet import Font, Sheet, Style, text_style, xlsx_bytes

    styles = {
        "title": Style(Font(std.FONT_FANGSONG, 14, bold=True)),
        "header": Style(Font(std.FONT_FANGSONG, bold=True), fill="00DDEBF7", border=True, middle_and_wrapped=True),
        "body": Style(border=True, middle_and_wrapped=True),
    }
    sheet = Sheet("变更记录", styles, column_widths=[36, 14, 30, 40, 40, 44], frozen=(0, 2))
    title = f"变更记录（{format_date(when.date())} {when:%H:%M} 生成）"
    sheet.row(1, [(title, "title")])
    headers = ["文档", "结果", "变化的项目", "原来", "现在", "文件"]
    sheet.row(2, [(h, "header") for h in headers])
    number = 3
    for document in documents:
        items = document.changes or (Change("（没有记录可比较的上一版）"),)
        for change in items:
            cells = [document.title, document.outcome, change.item, change.old, change.new, document.path]
            sheet.row(number, [(value, text_style("body", value)) for value in cells])
            number += 1
    return xlsx_bytes(sheet, title, f"{when:%Y-%m-%dT%H:%M:%S}Z")


def write_changes(output_dir: Path, documents: Sequence[ChangedDocument], when: dt.datetime) -> Path:
    """output/变更记录/变更记录 2026年12月7日 10时30分05秒.xlsx (one per build that changed something)."""
    folder = output_dir / CHANGES_FOLDER
    folder.mkdir(exist_ok=True)
    target = folder / f"变更记录 {format_date(when.date())} {when:%H时%M分%S秒}.xlsx"
    write_atomic(target, changes_xlsx(documents, when))
    return target
