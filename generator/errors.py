"""Findings about inputs and templates, phrased for the clerk.

Every problem gongwen reports is a :class:`Finding`: where (file, sheet, cell,
or template and paragraph) and what was expected, in Chinese. Errors stop the
build before anything is written; warnings are printed and the build goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple, TypeVar

if TYPE_CHECKING:
    from pathlib import Path


def is_chinese(message: str) -> bool:
    """Whether a message is already in the clerk's words (gongwen's own), not Python's English
    (a CJK ideograph in it; not a regular expression: compiling its class costs a millisecond
    of every command's start)."""
    return any("\u4e00" <= character <= "\u9fff" for character in message)


class Severity(Enum):
    ERROR = "错误"
    WARNING = "警告"
    NOTE = "说明"  # what gongwen normalised (validate --verbose)


# Every command imports this module, and a no-op build little else: its records are NamedTuples
# and a slotted class, which cost a fraction of a dataclass to declare (start time, bench.py).
class Location(NamedTuple):
    file: str  # as the clerk knows it: relative to the workspace
    sheet: str | None = None
    cell: str | None = None  # "B3", or a row "第12行"

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell:
            parts.append(f"单元格 {self.cell}" if self.cell[:1].isascii() else self.cell)
        return " ".join(parts)


# A 核稿 remark is a warning whose message starts so (proofread.review makes them): the closing
# tables of the command line and the page count it apart from the workbook's own warnings.
PROOFREAD_MARK = "核稿"


class Finding:
    """One problem: how grave, where, what. Compared, hashed and unpacked as (severity, location,
    message). A kind of finding that tens of thousands of cells may raise (核稿's 指标不适用: 36,000 at
    2,500 units) subclasses it to make its place and words when they are shown (proofread.review)."""

    __slots__ = ("_location", "_message", "severity")

    def __init__(self, severity: Severity, location: Location, message: str) -> None:
        self.severity = severity
        self._location = location
        self._message = message

    @property
    def location(self) -> Location:
        return self._location

    @property
    def message(self) -> str:
        return self._message

    def _said(self) -> tuple[Severity, Location, str]:
        return self.severity, self.location, self.message

    def __iter__(self) -> Iterator[Severity | Location | str]:
        return iter(self._said())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and self._said() == other._said()

    def __hash__(self) -> int:
        return hash(self._said())

    def __repr__(self) -> str:
        return f"Finding(severity={self.severity!r}, location={self.location!r}, message={self.message!r})"

    def __str__(self) -> str:
        return f"{self.severity.value}：{self.location}：{self.message}"

    @property
    def is_proofread(self) -> bool:
        return self.message.startswith(PROOFREAD_MARK)


class Findings:
    """Collects findings so that one run reports every problem, not only the first."""

    __slots__ = ("items",)

    def __init__(self, items: list[Finding] | None = None) -> None:
        self.items: list[Finding] = [] if items is None else items

    def __repr__(self) -> str:
        return f"Findings({self.items!r})"

    def error(self, location: Location, message: str) -> None:
        self.items.append(Finding(Severity.ERROR, location, message))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Finding(Severity.WARNING, location, message))

    def note(self, location: Location, message: str) -> None:
        self.items.append(Finding(Severity.NOTE, location, message))

    def extend(self, other: Iterable[Finding]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.WARNING]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.items if f.severity is Severity.NOTE]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise InputError(self.items)


class GongwenError(Exception):
    """Base of every error gongwen reports to the clerk (no traceback)."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class InputError(GongwenError):
    """The inputs cannot be used; carries every finding of the run."""

    def __init__(self, findings: Iterable[Finding]):
        self.findings = list(findings)
        super().__init__("\n".join(str(f) for f in self.findings))

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings]


class TemplateError(GongwenError):
    """A template cannot be compiled or rendered."""


class WorkspaceError(GongwenError):
    """The workspace is missing something, or an output cannot be written."""


class SelectionError(GongwenError):
    """--kind/--unit name something the workspace does not have: a usage error."""

    exit_code = 2


class InternalError(RuntimeError):
    """A state gongwen's own code should never reach: gongwen's bug, not the clerk's input.

    Raised instead of `assert`, which `python -O` removes: the CLI and the web page report it as
    程序内部出错 with a saved log, never as a wrong document made from a None."""


_Value = TypeVar("_Value")


def present(value: _Value | None, what: str) -> _Value:
    """`value`, which the caller knows cannot be None here; InternalError naming `what` if it is."""
    if value is None:
        raise InternalError(f"{what} is missing")
    return value


def disk_full(exc: BaseException) -> str | None:
    """What to tell the clerk when the disk (or their quota) is full; None for any other error.
    Every write goes through a temporary file that is removed when the write fails, and
    output/ changes only once every document is rendered: what was written is whole."""
    import errno

    if not isinstance(exc, OSError) or exc.errno not in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return None
    where = f"（写入「{os.path.dirname(exc.filename)}」时）" if isinstance(exc.filename, str) else ""
    return f"磁盘空间不足{where}；请腾出磁盘空间后重新运行。已写好的文件都是完整的，没写完的已删除。"


def path_refused(exc: BaseException) -> str | None:
    """What to tell the clerk when the file system refuses a path they chose (too long for it, no
    permission, a read-only disk); None for any other error."""
    import errno

    if not isinstance(exc, OSError) or not isinstance(exc.filename, str):
        return None
    name = exc.filename if len(exc.filename) <= 60 else f"{exc.filename[:40]}…{exc.filename[-16:]}"
    if exc.errno == errno.ENAMETOOLONG:
        return f"「{name}」的名字或路径太长，这台电脑的文件系统放不下；请把文件夹或文件的名字改短后再试"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有权限读写「{name}」；请检查这个文件夹或文件的权限，或换一个文件夹后再试"
    if exc.errno == errno.EROFS:
        return f"「{name}」在只读的磁盘上，不能写入；请换一个文件夹后再试"
    return None


def save_error_log(details: str) -> Path | None:
    """A new file in the system's temporary folder (any OS), never one fixed name that another
    user may own; None when even that cannot be written."""
    try:
        import tempfile  # only when there is an error to log
        from pathlib import Path

        fd, name = tempfile.mkstemp(prefix="gongwen-error-", suffix=".log")
        with os.fdopen(fd, "w", encoding="utf-8") as log:
            log.write(details)
    except OSError:
        return None
    return Path(name)
