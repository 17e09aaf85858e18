"""What a build reports, and the check that lets an unchanged workspace skip the build.

Kept apart from the pipeline and light to import: a no-op ``gongwen build`` (the clerk runs it
after every small doubt) answers from the manifest alone, without loading the workbook reader,
the templates or the document kinds.
"""

from __future__ import annotations

import functools
import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import generator
from generator import __version__
from generator.cache import cache_dir, load_signed, store_signed
from generator.errors import Finding, Findings, Location, Severity, WorkspaceError
from generator.output.lock import left_behind
from generator.output.manifest import Manifest
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


@dataclass(frozen=True)
class Written:
    path: Path
    outcome: Outcome
    note: str = ""
    title: str = ""  # the document's title, as the change list names it
    changes: tuple[Change, ...] = ()  # what changed in it, when it was rewritten


@dataclass
class BuildReport:
    findings: Findings
    written: list[Written] = field(default_factory=list)
    seconds: float = 0.0
    stale_lock: bool = False
    changes_file: Path | None = None  # the 变更记录 .xlsx of this build, when it changed anything

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
    package = Path(generator.__file__).parent
    files = _code_files(str(package))
    listing = hashlib.sha256(__version__.encode())
    for name, status in files:
        listing.update(f"{name}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    entry = cache_dir("code") / f"{listing.hexdigest()}.txt"
    remembered = load_signed(entry)
    if remembered is not None:
        return remembered.decode("ascii")
    digest = hashlib.sha256(__version__.encode())
    for name, _ in files:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    store_signed(entry, digest.hexdigest().encode("ascii"))
    return digest.hexdigest()


CODE_SUFFIXES = (".py", ".docx", ".xlsx")


def _code_files(package: str) -> list[tuple[str, os.stat_result]]:
    """The package's code and bundled files, by path relative to it ('/'-separated), sorted, with
    their status (os.scandir: every no-op build walks these, pathlib costs as much again)."""
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
                    found.append((name, entry.stat()))
    return sorted(found, key=lambda item: item[0].split("/"))


def workspace_fingerprint(workspace: Workspace, templates: Sequence[str]) -> str:
    """The whole input of a full build, byte for byte: workbook, templates, the generator's code.

    `templates` are the template files the build used; every file in templates/ counts
    too, so that a template the clerk adds in place of a default is noticed.
    """
    digest = hashlib.sha256(code_digest().encode())
    digest.update(workspace.workbook.read_bytes())
    own = sorted(workspace.templates_dir.glob("*.docx")) if workspace.templates_dir.is_dir() else []
    for path in [*own, *(workspace.root / t for t in templates)]:  # a bundled one's path is absolute
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


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
        if workspace_fingerprint(workspace, manifest.kinds) != manifest.fingerprint:
            return None
    except (OSError, WorkspaceError):  # a missing template or workbook: the slow path says what is wrong
        return None
    written = []
    for key in manifest.entries:
        target = workspace.output_dir / key
        if not manifest.wrote(key, target):  # its stamp, or its bytes (False when it is gone)
            return None
        written.append(Written(target, Outcome.UNCHANGED))
    findings = Findings([finding_from_json(f) for f in manifest.replayed_findings()])
    return BuildReport(findings, written, time.perf_counter() - started)
