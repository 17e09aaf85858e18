"""What a build reports, and the check that lets an unchanged workspace skip the build.

Kept apart from the pipeline and light to import: a no-op ``gongwen build`` (the clerk runs it
after every small doubt) answers from the manifest alone, without loading the workbook reader,
the templates or the document kinds.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import generator
from generator import __version__
from generator.errors import Finding, Findings, Location, Severity, WorkspaceError
from generator.output.lock import left_behind
from generator.output.manifest import InputStamps, Manifest, Stamp, proves, stamp_of
from generator.workspace import Workspace

if TYPE_CHECKING:  # the change list's module loads the spreadsheet writer: not for a no-op build
    from generator.output.changes import Change

STAGING_NAME = ".gongwen-staging"


class Outcome(Enum):
    CREATED = "新生成"
    UPDATED = "已更新"
    UNCHANGED = "未变化"
    KEPT_EDITED = "保留手工修改"
    WRITTEN_BESIDE = "已手工修改，新版另存"
    OVERWROTE_EDITED = "覆盖了手工修改"
    LOCKED = "被其他程序打开，未能更新"


class Written(NamedTuple):
    path: Path
    outcome: Outcome
    note: str = ""
    title: str = ""  # the document's title, as the change list names it
    changes: tuple[Change, ...] = ()  # what changed in it, when it was rewritten


class BuildReport:
    """What a build did to each document, what it found, and how long it took."""

    __slots__ = ("changes_file", "findings", "seconds", "stale_lock", "written")

    def __init__(self, findings: Findings, written: list[Written] | None = None, seconds: float = 0.0) -> None:
        self.findings = findings
        self.written: list[Written] = [] if written is None else written
        self.seconds = seconds
        self.stale_lock = False
        self.changes_file: Path | None = None  # the 变更记录 .xlsx of this build, when it changed anything

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for w in self.written if w.outcome in outcomes)

    @property
    def locked(self) -> list[Written]:
        """Documents another program (Word, Excel) held open: not updated, named to the clerk."""
        return [w for w in self.written if w.outcome is Outcome.LOCKED]

    @property
    def changed(self) -> list[Written]:
        """Documents whose bytes this build changed, with what changed in each."""
        rewritten = (Outcome.UPDATED, Outcome.OVERWROTE_EDITED, Outcome.WRITTEN_BESIDE)
        return [w for w in self.written if w.outcome in rewritten]


@functools.cache
def code_digest() -> str:
    """The generator's own code and bundled files, so that an upgrade (or a fix installed under the
    same version number) regenerates what it would now make differently.

    Reading every file costs more than the rest of an unchanged build, so the digest is remembered
    in the cache under the files' names, sizes and modification times (as Python trusts a .pyc)."""
    import hashlib

    from generator.cache import cache_dir, load_signed, store_signed

    files = code_listing()
    listing = hashlib.sha256(__version__.encode())
    for name, size, mtime_ns in files:
        listing.update(f"{name}\0{size}\0{mtime_ns}\0".encode())
    entry = cache_dir("code") / f"{listing.hexdigest()}.txt"
    remembered = load_signed(entry)
    if remembered is not None:
        return remembered.decode("ascii")
    package = Path(generator.__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for name, _, _ in files:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    store_signed(entry, digest.hexdigest().encode("ascii"))
    return digest.hexdigest()


CODE_SUFFIXES = (".py", ".docx", ".xlsx")


@functools.cache
def code_listing() -> list[tuple[str, int, int]]:
    """The package's code and bundled files, by path relative to it ('/'-separated), sorted, with
    their size and modification time (os.scandir: every no-op build walks these, pathlib costs as
    much again). Taken once per process: the code digest and the stamps of a build say the same."""
    package = os.path.dirname(generator.__file__)
    found = []
    folders = [""]
    while folders:
        folder = folders.pop()
        with os.scandir(os.path.join(package, folder)) as entries:
            for entry in entries:
                name = f"{folder}/{entry.name}" if folder else entry.name
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        folders.append(name)
                elif entry.name.endswith(CODE_SUFFIXES):
                    status = entry.stat()
                    found.append((name, status.st_size, status.st_mtime_ns))
    return sorted(found, key=lambda item: item[0].split("/"))


def _templates(workspace: Workspace, used: Sequence[str]) -> list[Path]:
    """Every file in templates/ (so that a template the clerk adds in place of a default is noticed)
    and the template files a build used (a bundled one's path is absolute)."""
    own = sorted(workspace.templates_dir.glob("*.docx")) if workspace.templates_dir.is_dir() else []
    return [*own, *(workspace.root / t for t in used)]


def workspace_fingerprint(workspace: Workspace, templates: Sequence[str]) -> tuple[str, InputStamps]:
    """The whole input of a full build, byte for byte: workbook, templates, the generator's code;
    with what it was computed from as the file system showed it (each stamp taken before reading).

    `templates` are the template files the build used."""
    import hashlib

    stamps: dict[str, Stamp] = {}

    def read(path: Path) -> bytes:
        stamp = stamp_of(path)  # before reading: a later write shows in the next stamp
        data = path.read_bytes()
        if stamp is not None:
            stamps[workspace.display(path)] = stamp
        return data

    digest = hashlib.sha256(code_digest().encode())
    digest.update(read(workspace.workbook))
    for path in _templates(workspace, templates):
        digest.update(path.name.encode() + b"\0" + read(path))
    return digest.hexdigest(), InputStamps(code_listing(), stamps)


def inputs_proven(workspace: Workspace, manifest: Manifest) -> bool:
    """The inputs of the manifest's last full build are unchanged, proven by stamps alone: the same
    code files, the same template files, and every input file's stamp as recorded (and older than
    the stamps file by more than the clock step, as a document's must be)."""
    recorded = manifest.inputs
    if recorded is None or recorded.code != code_listing():
        return False
    files = {workspace.display(p): p for p in [workspace.workbook, *_templates(workspace, manifest.kinds)]}
    if files.keys() != recorded.files.keys():
        return False
    return all(
        (stamp := stamp_of(path)) is not None and proves(stamp, recorded.files[shown], manifest.saved_ns)
        for shown, path in files.items()
    )


def finding_to_json(f: Finding) -> dict[str, str | None]:
    return {"severity": f.severity.name, "file": f.location.file, "sheet": f.location.sheet,
            "cell": f.location.cell, "message": f.message}  # fmt: skip


def finding_from_json(d: dict[str, str | None]) -> Finding:
    return Finding(Severity[str(d["severity"])], Location(str(d["file"]), d["sheet"], d["cell"]), str(d["message"]))


def interrupted(workspace: Workspace) -> bool:
    """A lock or a staging folder left by a killed build: the full path cleans them up."""
    return left_behind(workspace.output_dir) or (workspace.output_dir / STAGING_NAME).exists()


def unchanged_build(workspace: Workspace, started: float) -> BuildReport | None:
    """Nothing changed since the last full build: the report of that build, without reading the
    workbook at all; None when anything may have changed.

    Holds only when the workbook, every template and the generator are byte-identical
    to the last full build and every output still has the bytes gongwen wrote.
    """
    if interrupted(workspace):
        return None
    manifest = Manifest.load(workspace.output_dir)
    if not manifest.fingerprint or not manifest.entries:
        return None
    try:
        proven = inputs_proven(workspace, manifest)  # else read and hash them, as the build did
        if not proven and workspace_fingerprint(workspace, manifest.kinds)[0] != manifest.fingerprint:
            return None
    except (OSError, WorkspaceError):  # a missing template or workbook: the slow path says what is wrong
        return None
    written = []
    output_dir = workspace.output_dir  # (a property: a new Path each time)
    for key in manifest.entries:
        target = output_dir / key
        if not manifest.wrote(key, target):  # its stamp, or its bytes (False when it is gone)
            return None
        written.append(Written(target, Outcome.UNCHANGED))
    findings = Findings([finding_from_json(f) for f in manifest.replayed_findings()])
    return BuildReport(findings, written, time.perf_counter() - started)
