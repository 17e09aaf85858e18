"""The build, as a pipeline of plain steps.

read workbook -> validate into the model -> compose each document's context ->
decide what must be regenerated -> render (templates compiled once; in a pool
of processes for large sets) into a staging folder -> move into output/,
guarding hand edits. The CLI only parses options and calls :func:`build`,
:func:`plan` or :func:`validate`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Any

from generator import faults
from generator.cache import cache_dir, load_signed, store_signed
from generator.documents import registry
from generator.documents.kinds import plan_jobs
from generator.documents.registry import DocumentJob
from generator.errors import Finding, Findings, InputError, Location, SelectionError, Severity
from generator.inputs.model import Inputs
from generator.inputs.schema import UNITS_SHEET
from generator.inputs.validate import load_inputs, nearest
from generator.output.batch import Staged, compile_templates, render_all
from generator.output.lock import BuildLock
from generator.output.manifest import Entry, Manifest, file_sha256
from generator.output.report import (
    STAGING_NAME,
    BuildReport,
    Outcome,
    Written,
    code_digest,
    finding_from_json,
    finding_to_json,
    workspace_fingerprint,
)
from generator.output.workers import release_free_memory
from generator.pdf.banji_page import place_on_even_pages
from generator.pdf.libreoffice import convert_spreadsheet
from generator.render.catalog import awaiting_reports, context_shape, missing_template, representative_jobs
from generator.standard.package import remove_partial_writes
from generator.workspace import Workspace


class Reason(Enum):
    """Why a document is (or is not) regenerated; what --dry-run prints."""

    NEW = "还没有生成过"
    CHANGED = "输入数据或模板有变化"
    FORCED = "指定了 --force"
    EDITED_CHANGED = "手工修改过，新版本将另存为“（新生成）”"
    EDITED_KEPT = "手工修改过，输入没有变化，保留"
    UNCHANGED = "没有变化"
    UNRECORDED = "生成记录丢失，与现在生成的结果核对"

    @property
    def renders(self) -> bool:
        return self in (Reason.NEW, Reason.CHANGED, Reason.FORCED, Reason.EDITED_CHANGED, Reason.UNRECORDED)


@dataclass(frozen=True)
class Planned:
    job: DocumentJob
    target: Path
    source: str  # hash of what the document is made from
    reason: Reason


def validate(workspace: Workspace) -> tuple[Inputs | None, Findings]:
    workspace.check()
    return load_inputs(workspace.workbook, workspace.display(workspace.workbook), convert_spreadsheet)


def select_units(units: Sequence[str], names: Sequence[str]) -> Sequence[str]:
    """The units asked for (all when none is named); an unknown name is a usage error with a hint."""
    for unit in units:
        if unit not in names:
            hint = nearest(unit, list(names))
            suggestion = f"，是否是「{hint}」？" if hint else "；请查看「单位」表"
            raise SelectionError(f"没有名为「{unit}」的单位{suggestion}")
    return units or names


def select(jobs: list[DocumentJob], inputs: Inputs, kinds: Sequence[str], units: Sequence[str]) -> list[DocumentJob]:
    """The documents asked for: by kind, and by unit (which leaves out county documents)."""
    select_units(units, [u.name for u in inputs.units])
    documents = {spec.name: spec.kind for spec in inputs.campaign.documents}
    for wanted in kinds:
        if wanted not in documents and wanted not in documents.values():
            hint = nearest(wanted, list(documents))
            suggestion = f"是否是「{hint}」？" if hint else f"可选：{'、'.join(documents)}"
            raise SelectionError(f"这次活动没有「{wanted}」这种文档（见工作簿的「文档」表）；{suggestion}")
    return [
        job
        for job in jobs
        if (not kinds or job.document in kinds or job.kind in kinds)
        and (not units or (job.unit is not None and job.unit in units))
    ]


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


class SourceHasher:
    """Exactly what a document is made from: its slice of the inputs, its template, the generator's
    code. Each part of a context is hashed once however many documents share it (the campaign's
    and the notice's parts are one object in every context); only the parts' digests are hashed
    per document. The parts stay alive (in their jobs) while this exists, so no id is reused."""

    def __init__(self) -> None:
        self.parts: dict[int, str] = {}

    def _part(self, value: Any) -> str:
        digest = self.parts.get(id(value))
        if digest is None:
            digest = self.parts[id(value)] = hashlib.sha256(_json(value)).hexdigest()
        return digest

    def __call__(self, template_bytes: bytes, job: DocumentJob) -> str:
        meta = [job.kind, job.document, job.output, job.title, job.author, job.date_iso, job.sealed]
        payload = {
            "generator": code_digest(),
            "job": [*meta, job.banji_on_even_page],
            "context": {key: self._part(value) for key, value in job.context.items()},
        }
        return hashlib.sha256(template_bytes + b"\0" + _json(payload)).hexdigest()


def _decide(target: Path, source: str, entry: Entry | None, force: bool, trusted: bool = True) -> Reason:
    if not target.exists():
        return Reason.NEW
    if entry is None and not trusted and not force:
        return Reason.UNRECORDED  # gongwen's own if its bytes are what gongwen makes now
    if force:  # (whether it was edited is told when it is overwritten: see _commit)
        return Reason.FORCED
    edited = entry is None or file_sha256(target) != entry.sha256
    if edited:
        return Reason.EDITED_KEPT if entry is not None and entry.source == source else Reason.EDITED_CHANGED
    return Reason.UNCHANGED if entry is not None and entry.source == source else Reason.CHANGED


def _colliding_outputs(jobs: Sequence[DocumentJob], workspace: Workspace) -> list[Finding]:
    """Two documents may never go to one file (names made safe for Windows can meet; so can case)."""
    return [
        Finding(
            Severity.ERROR,
            Location(workspace.display(workspace.workbook), UNITS_SHEET.name),
            f"「{first.unit or first.title}」和「{second.unit or second.title}」的文件名都是「{second.output}」"
            '（文件名中不能用 \\ / : * ? " < > |，这些字符被换成了 _），请修改其中一个单位的名称',
        )
        for first, second in registry.colliding(jobs)
    ]


def _too_deep_outputs(jobs: Sequence[DocumentJob], workspace: Workspace) -> list[Finding]:
    """Word cannot open a file whose whole path passes 259 characters. On Windows nothing is written
    then (an error); elsewhere the workspace may be copied to Windows later (a warning)."""
    worst = registry.longest_path(jobs, workspace.output_dir)
    if worst is None:
        return []
    length, output = worst
    severity = Severity.ERROR if sys.platform == "win32" else Severity.WARNING
    return [
        Finding(
            severity,
            Location(workspace.display(workspace.output_dir)),
            f"工作区所在的文件夹太深：「output/{output}」的完整路径约 {length} 个字符，Windows 上的 Word 打不开"
            f"超过 {registry.MAX_WINDOWS_PATH} 个字符的路径。请把工作区文件夹移到较浅的位置（如 D:\\公文\\活动名称），"
            "或在「文档」表里把文件名、文件夹改短",
        )
    ]


def check_templates(workspace: Workspace, jobs: Sequence[DocumentJob]) -> list[Finding]:
    """Preflight of every template the jobs use, against a real context of each kind."""
    findings: list[Finding] = []
    documents = frozenset(job.document for job in jobs)
    for document, job in representative_jobs(jobs).items():
        if not registry.kind(job.kind).has_template:
            continue
        path = workspace.template(document, job.kind)
        findings += missing_template(workspace, document, job.kind, path, documents)
        findings += _preflight(path, workspace.display(path), job.context)
    return findings


def _preflight(path: Path, display: str, context: dict[str, Any]) -> list[Finding]:
    """check_template's findings, remembered in the cache: they depend only on the template's bytes,
    the names (and whether each is a list or a table) the context offers, and gongwen's code."""
    try:
        template = path.read_bytes()
    except OSError:
        template = b""  # check_template says why it cannot be read
    key = hashlib.sha256(
        "\0".join([code_digest(), display, context_shape(context)]).encode("utf-8") + b"\0" + template
    ).hexdigest()
    entry = cache_dir("preflight") / f"{key}.json"
    cached = load_signed(entry) if template else None
    if cached is not None:
        return [finding_from_json(f) for f in json.loads(cached)]
    from generator.render.preflight import check_template  # Jinja and docxtpl: only when templates are read

    findings = check_template(path, display, context)
    if template:
        store_signed(entry, json.dumps([finding_to_json(f) for f in findings], ensure_ascii=False).encode("utf-8"))
    return findings


def plan(
    workspace: Workspace, *, force: bool = False, kinds: Sequence[str] = (), units: Sequence[str] = ()
) -> tuple[list[Planned], Findings, dict[str, Path]]:
    """What a build would do, and why; reads the inputs and checks the templates, writes nothing."""
    inputs, findings = validate(workspace)
    if inputs is None:
        raise InputError(findings.items)
    every_job = plan_jobs(inputs)
    findings.extend(awaiting_reports(inputs, every_job, workspace.display(workspace.workbook)))
    jobs = select(every_job, inputs, kinds, units)
    findings.extend(_colliding_outputs(jobs, workspace))
    findings.extend(_too_deep_outputs(jobs, workspace))
    findings.extend(check_templates(workspace, jobs))
    if findings.errors:
        raise InputError(findings.items)
    documents = {job.document: job.kind for job in jobs}
    templates = {
        name: workspace.template(name, kind) for name, kind in documents.items() if registry.kind(kind).has_template
    }
    template_bytes = {name: path.read_bytes() for name, path in templates.items()}
    for name, kind in documents.items():
        if not registry.kind(kind).has_template:  # made by code: its "template" is the generator version
            template_bytes[name] = f"code:{kind}".encode()
    manifest = Manifest.load(workspace.output_dir)
    if not manifest.trusted:
        findings.warning(
            Location(workspace.display(manifest.path)),
            "gongwen 的生成记录无法读取（已损坏或被删除）：output 里的每个文件都与现在生成的结果核对，"
            "相同的仍按 gongwen 生成的处理，不同的按手工修改处理（新版本另存为“（新生成）”）",
        )
    planned = []
    source_hash = SourceHasher()
    for job in jobs:
        source = source_hash(template_bytes[job.document], job)
        target = workspace.output_dir / job.output
        reason = _decide(target, source, manifest.entries.get(job.output), force, manifest.trusted)
        planned.append(Planned(job, target, source, reason))
    return planned, findings, templates


def _clean_leftovers(output: Path) -> None:
    """Remove what a killed build may have left: the staging folder and half-written temporary files."""
    shutil.rmtree(output / STAGING_NAME, ignore_errors=True)
    remove_partial_writes(output)


def _beside(path: Path, n: int = 1) -> Path:
    return path.with_name(f"{path.stem}（新生成{'' if n == 1 else n}）{path.suffix}")


def _write_beside(item: Planned, staged: Path, digest: str, manifest: Manifest, ws: Workspace) -> Written:
    """The new version next to the hand-edited one: 方案（新生成）.docx, recorded like any output, so
    that an edit made in it is protected too (then the next goes to 方案（新生成2）.docx, and so on)."""
    n, beside = 1, _beside(item.target)
    while beside.exists() and not manifest.wrote(beside.relative_to(ws.output_dir).as_posix(), beside):
        n += 1
        beside = _beside(item.target, n)
    os.replace(staged, beside)
    manifest.entries[beside.relative_to(ws.output_dir).as_posix()] = Entry(digest, item.source)
    note = f"「{ws.display(item.target)}」被手工修改过，未覆盖；新版本写到「{ws.display(beside)}」"
    return Written(beside, Outcome.WRITTEN_BESIDE, note)


def build(
    workspace: Workspace,
    *,
    force: bool = False,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    jobs: int | None = None,
    progress: Callable[[int], Callable[[DocumentJob], None]] | None = None,
) -> BuildReport:
    """Generate the selected documents. `progress(total)` returns a per-document callback.

    An unchanged workspace is answered before this, without loading the engine (app.build)."""
    started = time.perf_counter()
    workspace.check()
    full = not kinds and not units  # every document the workspace defines
    planned, findings, template_paths = plan(workspace, force=force, kinds=kinds, units=units)
    report = BuildReport(findings)
    output = workspace.output_dir
    with BuildLock(output) as lock:
        report.stale_lock = lock.took_over_stale
        _clean_leftovers(output)
        to_render = [p for p in planned if p.reason.renders]
        used = dict.fromkeys(p.job.document for p in to_render)
        needed = {kind: path for kind, path in template_paths.items() if kind in used}  # code-made kinds have none
        templates = compile_templates(needed)  # template errors surface here, before any work
        staging = output / STAGING_NAME
        # The inputs, contexts and templates live until the end of the build: keep the
        # cyclic GC from rescanning them (it grows with the campaign) and, after a fork,
        # from touching their pages in every worker.
        gc.freeze()
        release_free_memory()  # what reading the workbook freed: not inherited by the workers
        try:
            tick = progress(len(to_render)) if progress and to_render else None
            staged = render_all([p.job for p in to_render], templates, needed, staging, jobs, tick)
            staged = _banji_on_even_pages(to_render, staged, findings, workspace)
            manifest = Manifest.load(output)
            report.written = _move_in(planned, to_render, staged, manifest, workspace)
            _record_build(manifest, workspace, full, list(template_paths.values()), findings)
            faults.reached("saved")
        finally:
            gc.unfreeze()
            shutil.rmtree(staging, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _banji_on_even_pages(
    to_render: list[Planned], staged: list[Staged], findings: Findings, workspace: Workspace
) -> list[Staged]:
    """Documents whose 文档 row asks for the 版记 on an even page, laid out and moved if needed."""
    wanted = {i for i, p in enumerate(to_render) if p.job.banji_on_even_page}
    if not wanted:
        return staged
    chosen = [s for s in staged if s.index in wanted]
    shown = {s.index: workspace.display(workspace.output_dir / to_render[s.index].job.output) for s in chosen}
    findings.extend(place_on_even_pages([(s.path, shown[s.index]) for s in chosen]))
    return [replace(s, sha256=file_sha256(s.path)) if s.index in wanted else s for s in staged]


def _move_in(
    planned: list[Planned], to_render: list[Planned], staged: list[Staged], manifest: Manifest, workspace: Workspace
) -> list[Written]:
    """Move the staged documents into output/, in plan order; say what happened to each planned one."""
    by_index = {s.index: s for s in staged}
    # Say what is about to be moved in before moving it, so that a kill half-way through
    # does not leave gongwen's own documents looking like hand edits.
    manifest.pending = {
        p.job.output: Entry(by_index[i].sha256, p.source)
        for i, p in enumerate(to_render)
        if p.reason is not Reason.EDITED_CHANGED
    }
    manifest.fingerprint = ""
    manifest.save()
    faults.reached("pending-saved")
    manifest.pending = {}
    written = []
    rendered = iter(range(len(to_render)))
    for item in planned:
        if not item.reason.renders:
            kept = item.reason is Reason.EDITED_KEPT
            note = "输入没有变化，保留手工修改的文件" if kept else ""
            written.append(Written(item.target, Outcome.KEPT_EDITED if kept else Outcome.UNCHANGED, note))
            continue
        done = by_index[next(rendered)]
        written.append(_commit(item, done.path, done.sha256, manifest, workspace))
        faults.reached("moved")
    return written


def _record_build(
    manifest: Manifest, workspace: Workspace, full: bool, template_paths: list[Path], findings: Findings
) -> None:
    """Save the manifest; a full build also leaves the fingerprint that lets the next one skip all work."""
    manifest.fingerprint = ""  # a partial build proves nothing about the rest
    kinds = [workspace.display(p) for p in template_paths]  # the templates it used
    if full:
        try:
            manifest.fingerprint = workspace_fingerprint(workspace, kinds)
        except OSError:  # e.g. the inputs were an .xls converted on the fly: no fast path
            manifest.fingerprint = ""
        manifest.kinds = kinds
        # Replayed by the next no-op build: what the inputs say, not what this build found about
        # its own record.
        about_manifest = workspace.display(manifest.path)
        manifest.findings = [finding_to_json(f) for f in findings.items if f.location.file != about_manifest]
    manifest.save()


def _commit(item: Planned, staged: Path, digest: str, manifest: Manifest, ws: Workspace) -> Written:
    """Move one staged document into place, never silently over a hand-edited file."""
    target, key = item.target, item.job.output
    target.parent.mkdir(parents=True, exist_ok=True)
    if item.reason is Reason.UNRECORDED:
        if file_sha256(target) == digest:  # what gongwen makes now: its own file, recorded again
            staged.unlink()
            manifest.entries[key] = Entry(digest, item.source)
            return Written(target, Outcome.UNCHANGED, "")
        return _write_beside(item, staged, digest, manifest, ws)
    if item.reason is Reason.EDITED_CHANGED:
        return _write_beside(item, staged, digest, manifest, ws)
    existed = target.exists()
    was_edited = existed and item.reason is Reason.FORCED and not manifest.wrote(key, target)
    os.replace(staged, target)
    manifest.entries[key] = Entry(digest, item.source)
    if was_edited:
        return Written(target, Outcome.OVERWROTE_EDITED)
    return Written(target, Outcome.UPDATED if existed else Outcome.CREATED)
