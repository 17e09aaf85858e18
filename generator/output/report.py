"""What a build reports, and the check that lets an unchanged workspace skip the build.

Kept apart from the pipeline and light to import: a no-op ``gongwen build`` (the clerk runs it
after every small doubt) answers from the manifest alone, without loading the workbook reader,
the templates or the document kinds; when the stamps prove every file, with os and json alone
(`last_build_stands`: no pathlib, no hash function).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, NamedTuple, overload

import generator
from generator import __version__
from generator.errors import Finding, Findings, Location, Severity, WorkspaceError
from generator.inputs.names import INPUTS_FOLDER, OUTPUT_FOLDER, TEMPLATES_FOLDER, WORKBOOK_NAME
from generator.output.lock import left_behind
from generator.output.manifest import (
    MANIFEST_NAME,
    InputStamps,
    Manifest,
    Stamp,
    entries_of,
    proves,
    read_findings,
    read_json,
    read_stamps,
    stamp_of,
)

if TYPE_CHECKING:  # the change list's module loads the spreadsheet writer: not for a no-op build
    from pathlib import Path

    from generator.output.changes import Change
    from generator.workspace import Workspace

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
    package = os.path.dirname(generator.__file__)
    digest = hashlib.sha256(__version__.encode())
    for name, _, _ in files:
        with open(os.path.join(package, name), "rb") as file:
            digest.update(name.encode() + b"\0" + file.read())
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


def input_files(root: str, used: Sequence[str]) -> dict[str, str]:
    """What a full build's fingerprint reads, by the name the workspace shows each under: the
    workbook, every .docx in templates/ (so that a template the clerk adds in place of a default is
    noticed) and the template files the build used (`used`, as shown: a bundled one's path is
    absolute). Paths as strings: a no-op build asks without pathlib."""
    files = {f"{INPUTS_FOLDER}/{WORKBOOK_NAME}": os.path.join(root, INPUTS_FOLDER, WORKBOOK_NAME)}
    folder = os.path.join(root, TEMPLATES_FOLDER)
    try:
        own = sorted(name for name in os.listdir(folder) if os.path.normcase(name).endswith(".docx"))
    except OSError:  # no templates/ folder: every document has the starter's template
        own = []
    files |= {f"{TEMPLATES_FOLDER}/{name}": os.path.join(folder, name) for name in own}
    return files | {shown: os.path.join(root, shown) for shown in used}


def workspace_fingerprint(workspace: Workspace, templates: Sequence[str]) -> tuple[str, InputStamps]:
    """The whole input of a full build, byte for byte: workbook, templates, the generator's code;
    with what it was computed from as the file system showed it (each stamp taken before reading).

    `templates` are the template files the build used."""
    import hashlib

    stamps: dict[str, Stamp] = {}

    def read(shown: str, path: str) -> bytes:
        stamp = stamp_of(path)  # before reading: a later write shows in the next stamp
        with open(path, "rb") as file:
            data = file.read()
        if stamp is not None:
            stamps[shown] = stamp
        return data

    workbook, *own_and_used = input_files(str(workspace.root), templates).items()
    digest = hashlib.sha256(code_digest().encode())
    digest.update(read(*workbook))
    for shown, path in own_and_used:
        digest.update(os.path.basename(path).encode() + b"\0" + read(shown, path))
    return digest.hexdigest(), InputStamps(code_listing(), stamps)


def inputs_proven(root: str, used: Sequence[str], recorded: InputStamps | None, saved_ns: int) -> bool:
    """The inputs of the last full build are unchanged, proven by stamps alone: the same code files,
    the same template files, and every input file's stamp as `recorded` (and older than the stamps
    file, saved at `saved_ns`, by more than the clock step, as a document's must be)."""
    if recorded is None or recorded.code != code_listing():
        return False
    files = input_files(root, used)
    if files.keys() != recorded.files.keys():
        return False
    return all(
        (stamp := stamp_of(path)) is not None and proves(stamp, recorded.files[shown], saved_ns)
        for shown, path in files.items()
    )


def finding_to_json(f: Finding) -> dict[str, str | None]:
    return {"severity": f.severity.name, "file": f.location.file, "sheet": f.location.sheet,
            "cell": f.location.cell, "message": f.message}  # fmt: skip


class FindingsAsJson(Sequence[dict[str, str | None]]):
    """`findings` as finding_to_json gives them, each made when it is read: a build of 10,000
    synthetic documents has 42,000, which as dicts held 25 MB while the manifest saved them."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> dict[str, str | None]: ...

    @overload
    def __getitem__(self, index: slice) -> FindingsAsJson: ...

    def __getitem__(self, index: int | slice) -> dict[str, str | None] | FindingsAsJson:
        if isinstance(index, slice):
            return FindingsAsJson(self.findings[index])
        return finding_to_json(self.findings[index])


def finding_from_json(d: dict[str, str | None]) -> Finding:
    return Finding(Severity[str(d["severity"])], Location(str(d["file"]), d["sheet"], d["cell"]), str(d["message"]))


def interrupted(output_dir: str | Path) -> bool:
    """A lock or a staging folder left by a killed build: the full path cleans them up."""
    return left_behind(output_dir) or os.path.exists(os.path.join(output_dir, STAGING_NAME))


def unchanged_build(workspace: Workspace, started: float) -> BuildReport | None:
    """Nothing changed since the last full build: the report of that build, without reading the
    workbook at all; None when anything may have changed.

    Holds only when the workbook, every template and the generator are byte-identical
    to the last full build and every output still has the bytes gongwen wrote.
    """
    if interrupted(workspace.output_dir):
        return None
    manifest = Manifest.load(workspace.output_dir)
    if not manifest.fingerprint or not manifest.entries:
        return None
    hashed_inputs: InputStamps | None = None  # their stamps as taken when they were hashed
    try:  # the inputs by their stamps, else read and hashed as the build did
        if not inputs_proven(str(workspace.root), manifest.kinds, manifest.inputs, manifest.saved_ns):
            fingerprint, hashed_inputs = workspace_fingerprint(workspace, manifest.kinds)
            if fingerprint != manifest.fingerprint:
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
    hashed = [
        key
        for key, (stamp, _) in manifest.seen.items()
        if not proves(stamp, manifest.entries[key].stamp, manifest.saved_ns)
    ]
    if hashed or hashed_inputs is not None:
        _refresh_stamps(manifest, hashed, hashed_inputs)
    return BuildReport(findings, written, time.perf_counter() - started)


def _refresh_stamps(manifest: Manifest, hashed: Sequence[str], inputs: InputStamps | None) -> None:
    """Save the stamps that a no-op build had to confirm by hashing, so that the next one is proven
    by stamps alone (git refreshes its index so). A build saves its stamps within a fraction of a
    second of writing the documents, inside the clock step, where a stamp proves nothing; without
    this every later no-op build would read and hash every document again. Under the workspace
    lock, and only if no build has saved stamps since these were loaded; when the workspace is busy
    or read-only, the next no-op build hashes again."""
    from generator.output.lock import BuildLock

    try:
        with BuildLock(manifest.path.parent, doing="记录文件状态"):
            if read_stamps(manifest.path.parent)[2] != manifest.saved_ns:
                return  # another build saved since: its stamps stand
            for key in hashed:
                stamp, digest = manifest.seen[key]
                entry = manifest.entries[key]
                if digest == entry.sha256:  # (the stamp was taken before the bytes were hashed)
                    manifest.entries[key] = entry._replace(stamp=stamp)
            if inputs is not None:
                manifest.inputs = inputs
            manifest.save_stamps()
    except (OSError, WorkspaceError):
        return


class LastBuild(NamedTuple):
    """A plain build with nothing to do, as `last_build_stands` answers it."""

    documents: list[str]  # every document of the last full build, unchanged, as the workspace shows it
    findings: Findings  # that build's, to say again
    seconds: float


def last_build_stands(root: str, started: float) -> LastBuild | None:
    """The last full build of the workspace at `root` still stands, proven by stamps alone: the code,
    the workbook, the templates and every document are as it left them. Read with os and json (no
    pathlib, no hash function, no Manifest); None when anything is not proven so, which is then
    `unchanged_build`'s (or the build's) to decide, hashing what the stamps do not prove."""
    output_dir = os.path.join(root, OUTPUT_FOLDER)
    if interrupted(output_dir):
        return None
    try:
        data = read_json(os.path.join(output_dir, MANIFEST_NAME))
        if not isinstance(data, dict) or data.get("pending"):  # a build was killed: the full path settles it
            return None
        last = data["last_full_build"]
        fingerprint, used = str(last["fingerprint"]), [str(shown) for shown in last["kinds"]]
        stamps, inputs, saved_ns = read_stamps(output_dir)
        entries = entries_of(data["files"], stamps)
        if not fingerprint or not entries or not inputs_proven(root, used, inputs, saved_ns):
            return None
        for key, entry in entries.items():
            stamp = stamp_of(os.path.join(output_dir, key))
            if stamp is None or not proves(stamp, entry.stamp, saved_ns):
                return None
        findings = Findings([finding_from_json(f) for f in read_findings(output_dir, fingerprint)])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # not as gongwen wrote it
        return None
    shown = [f"{OUTPUT_FOLDER}/{key}" for key in entries]
    return LastBuild(shown, findings, time.perf_counter() - started)
