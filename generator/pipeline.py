"""The build, as a pipeline of plain steps.

read workbook -> validate into the model -> compose each document's context ->
render (templates compiled once) -> write atomically, guarding hand edits.
The CLI only parses options and calls :func:`build` or :func:`validate`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from . import __version__, layout
from .context import DocumentJob, plan_jobs
from .errors import Findings, InputError, SelectionError
from .manifest import Entry, Manifest, file_sha256, sha256
from .model import Inputs
from .ooxml import core_properties_xml
from .package import write_atomic, zip_bytes
from .render import CompiledTemplate, make_environment
from .validate import load_inputs, nearest
from .workspace import Workspace


class Outcome(Enum):
    CREATED = "新生成"
    UPDATED = "已更新"
    UNCHANGED = "未变化"
    KEPT_EDITED = "保留手工修改"
    WRITTEN_BESIDE = "已手工修改，新版另存"
    OVERWROTE_EDITED = "覆盖了手工修改"


@dataclass(frozen=True)
class Written:
    path: Path
    outcome: Outcome
    note: str = ""


@dataclass
class BuildReport:
    findings: Findings
    written: list[Written] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, *outcomes: Outcome) -> int:
        return sum(1 for w in self.written if w.outcome in outcomes)


def validate(workspace: Workspace) -> tuple[Inputs | None, Findings]:
    workspace.check()
    return load_inputs(workspace.workbook, workspace.display(workspace.workbook))


def _source_hash(template: Path, job: DocumentJob) -> str:
    payload = json.dumps(
        {
            "version": __version__,
            "job": [job.kind, job.output, job.title, job.author, job.date_iso],
            "context": job.context,
        },
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    ).encode("utf-8")
    return sha256(template.read_bytes() + b"\0" + payload)


def render_document(template: CompiledTemplate, job: DocumentJob) -> bytes:
    parts = template.render(job.context, job.output, layout.apply)
    # Core properties come from the inputs, never from the clock.
    parts["docProps/core.xml"] = core_properties_xml(job.title, job.author, job.date_iso).encode("utf-8")
    return zip_bytes(parts)


def _beside(path: Path) -> Path:
    return path.with_name(f"{path.stem}（新生成）{path.suffix}")


def select(jobs: list[DocumentJob], inputs: Inputs, kinds: Sequence[str], units: Sequence[str]) -> list[DocumentJob]:
    """The documents asked for: by kind, and by unit (which leaves out county documents)."""
    names = [u.name for u in inputs.units]
    for unit in units:
        if unit not in names:
            hint = nearest(unit, names)
            raise SelectionError(
                f"没有名为「{unit}」的单位" + (f"，是否是「{hint}」？" if hint else "；请查看「单位」表")
            )
    return [
        job
        for job in jobs
        if (not kinds or job.kind in kinds) and (not units or (job.unit is not None and job.unit in units))
    ]


def build(
    workspace: Workspace,
    *,
    force: bool = False,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    progress: Callable[[DocumentJob], None] | None = None,
) -> BuildReport:
    started = time.perf_counter()
    inputs, findings = validate(workspace)
    if inputs is None:
        raise InputError(findings.items)
    jobs = select(plan_jobs(inputs), inputs, kinds, units)
    env = make_environment()
    compiled: dict[str, CompiledTemplate] = {}
    template_paths: dict[str, Path] = {}
    for job in jobs:
        if job.kind not in compiled:
            template_paths[job.kind] = workspace.template(job.kind)
            compiled[job.kind] = CompiledTemplate(template_paths[job.kind], env)

    # Render everything before writing anything: a template error leaves output/ untouched.
    rendered: list[tuple[DocumentJob, str, bytes | None]] = []
    manifest = Manifest.load(workspace.output_dir)
    for job in jobs:
        source = _source_hash(template_paths[job.kind], job)
        target = workspace.output_dir / job.output
        entry = manifest.entries.get(job.output)
        unchanged = (
            not force
            and entry is not None
            and entry.source == source
            and target.exists()
            and file_sha256(target) == entry.sha256
        )
        data = None if unchanged else render_document(compiled[job.kind], job)
        rendered.append((job, source, data))
        if progress:
            progress(job)

    report = BuildReport(findings)
    for job, source, data in rendered:
        target = workspace.output_dir / job.output
        if data is None:
            report.written.append(Written(target, Outcome.UNCHANGED))
            continue
        report.written.append(_write(target, job.output, data, source, manifest, force, workspace))
    manifest.save()
    report.seconds = time.perf_counter() - started
    return report


def _write(target: Path, key: str, data: bytes, source: str, manifest: Manifest, force: bool, ws: Workspace) -> Written:
    entry = manifest.entries.get(key)
    if not target.exists():
        write_atomic(target, data)
        manifest.entries[key] = Entry(sha256(data), source)
        return Written(target, Outcome.CREATED)
    edited = entry is None or file_sha256(target) != entry.sha256
    if not edited:
        write_atomic(target, data)
        manifest.entries[key] = Entry(sha256(data), source)
        return Written(target, Outcome.UPDATED)
    if force:
        write_atomic(target, data)
        manifest.entries[key] = Entry(sha256(data), source)
        return Written(target, Outcome.OVERWROTE_EDITED)
    if entry is not None and entry.source == source:
        return Written(target, Outcome.KEPT_EDITED, "输入没有变化，保留手工修改的文件")
    beside = _beside(target)
    write_atomic(beside, data)
    note = f"「{ws.display(target)}」被手工修改过，未覆盖；新版本写到「{ws.display(beside)}」"
    return Written(beside, Outcome.WRITTEN_BESIDE, note)
