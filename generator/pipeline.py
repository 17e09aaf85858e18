"""The build, as a pipeline of plain steps.

read workbook -> validate into the model -> compose each document's context ->
decide what must be regenerated -> render (templates compiled once; in a pool
of processes for large sets) into a staging folder -> move into output/,
guarding hand edits. The CLI only parses options and calls :func:`build`,
:func:`plan` or :func:`validate`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from generator import faults
from generator.cache import cache_dir, load_signed, store_signed
from generator.documents import registry
from generator.documents.kinds import common_context, plan_jobs
from generator.documents.registry import DocumentJob, document_output
from generator.errors import Finding, Findings, InputError, Location, SelectionError, Severity, TemplateError
from generator.inputs.model import DocumentSpec, Inputs, Period
from generator.inputs.schema import DOCUMENTS_SHEET, UNITS_SHEET
from generator.inputs.validate import load_inputs, nearest
from generator.inputs.workbook import ConvertSpreadsheet
from generator.output.batch import Staged, compile_templates, render_all
from generator.output.changes import (
    Change,
    ChangedDocument,
    NewValueLines,
    Record,
    display,
    template_paragraphs,
    value_line,
    write_changes,
)
from generator.output.lock import BuildLock
from generator.output.manifest import Entry, Manifest, Stamp, file_sha256, stamp_of
from generator.output.report import (
    STAGING_NAME,
    BuildReport,
    FindingsAsJson,
    Outcome,
    Written,
    code_digest,
    finding_from_json,
    finding_to_json,
    workspace_fingerprint,
)
from generator.output.workers import map_large_blocks_apart, release_free_memory
from generator.proofread.review import Documents, as_findings, review, taken_in_order
from generator.render.catalog import (
    Representatives,
    awaiting_reports,
    context_shape,
    missing_template,
    representative_jobs,
)
from generator.render.engine import quoted_paragraph
from generator.render.filters import format_date
from generator.render.reads import ReadPath, printed_always, printed_beside, template_reads
from generator.standard.package import BadPackage, read_file, remove_partial_writes, write_atomic
from generator.standard.words import doubled_at_seam
from generator.workspace import Workspace

if TYPE_CHECKING:
    from generator.render.engine import CompiledTemplate  # Jinja: imported only where forms are made


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


@dataclass(frozen=True, slots=True)
class Planned:
    job: DocumentJob
    output_dir: Path  # one object for every document: a build of 10,000 holds its plan throughout
    source: str  # hash of what the document is made from
    reason: Reason
    reads: Mapping[str, str] = field(default_factory=dict)  # each context path its template reads -> digest
    changes: tuple[Change, ...] = ()  # what differs from the recorded version, in the clerk's words

    @property
    def target(self) -> Path:
        """Where the document goes (made when asked: not a path per document held for the build)."""
        return self.output_dir / self.job.output

    @property
    def why(self) -> str:
        """The reason, with what changed when that is known (what --dry-run prints)."""
        if self.reason in (Reason.CHANGED, Reason.FORCED, Reason.EDITED_CHANGED) and self.changes:
            lines = [c.line for c in self.changes]
            told = "；".join(lines[:SHOWN_CHANGES]) + (f"；共 {len(lines)} 处" if len(lines) > SHOWN_CHANGES else "")
            return told if self.reason is Reason.CHANGED else f"{self.reason.value}：{told}"
        return self.reason.value


SHOWN_CHANGES = 3  # per document on the terminal; the 变更记录 has them all


def document_kinds() -> list[registry.DocumentKind]:
    """Every kind of document the engine declares, in build order (output/kinds.py: output.batch,
    imported here, imports the declarations)."""
    return registry.kinds()


def read_workbook(
    path: Path, display_name: str, convert: ConvertSpreadsheet | None = None
) -> tuple[Inputs | None, Findings]:
    """Read and check a workbook against every kind of document the engine declares."""
    return load_inputs(path, display_name, document_kinds(), convert)


def validate(workspace: Workspace) -> tuple[Inputs | None, Findings]:
    workspace.check()
    return read_workbook(workspace.workbook, workspace.display(workspace.workbook), _convert_spreadsheet)


def _convert_spreadsheet(source: Path) -> Path | None:
    """An .xls or .et workbook converted by LibreOffice (pdf/ imported only for such a workbook)."""
    from generator.pdf.libreoffice import convert_spreadsheet

    return convert_spreadsheet(source)


def form_titles(workspace: Workspace, inputs: Inputs, period: Period, units: Sequence[str]) -> dict[str, str]:
    """Each unit's fill-in form title for a period: the title its statistics sheet of that period
    has (the kind declared `forms`), as that document's template writes it; without a title
    paragraph, the sheet's file name."""
    from generator.render.engine import CompiledTemplate  # Jinja: only when forms are made

    kind, form_context = next((k, k.forms) for k in registry.kinds() if k.forms is not None)
    spec = next(
        (d for d in inputs.campaign.documents if d.kind == kind.name), DocumentSpec(kind.name, kind.name, None, None)
    )
    try:
        template: CompiledTemplate | None = CompiledTemplate(workspace.template(spec.name, spec.kind))
    except TemplateError:
        template = None  # the forms go out all the same (named as the sheets' files); check and build tell why
    shared = common_context(inputs)
    titles = {}
    for name in units:
        context = form_context(inputs, shared, inputs.unit(name), period)
        titles[name] = _written_title(template, context) or document_output(spec, kind, context, "")[1]
    return titles


def _written_title(template: CompiledTemplate | None, context: Mapping[str, Any]) -> str | None:
    try:
        return template.title(context) if template is not None else None
    except TemplateError:
        return None


def select_units(units: Sequence[str], names: Sequence[str]) -> Sequence[str]:
    """The units asked for (all when none is named); unknown names are one usage error naming each,
    with a hint where one is near."""
    unknown = [unit for unit in units if unit not in names]
    hints = [nearest(unit, list(names)) for unit in unknown]
    if len(unknown) == 1:
        suggestion = f"，是否是「{hints[0]}」？" if hints[0] else "；请查看「单位」表"
        raise SelectionError(f"没有名为「{unknown[0]}」的单位{suggestion}")
    if unknown:
        said = "、".join(
            f"「{unit}」（是否是「{hint}」？）" if hint else f"「{unit}」"
            for unit, hint in zip(unknown, hints, strict=True)
        )
        raise SelectionError(f"没有名为{said}的单位" + ("" if all(hints) else "；请查看「单位」表"))
    return units or names


def selected_documents(inputs: Inputs, kinds: Sequence[str], units: Sequence[str]) -> list[str] | None:
    """The 文档 sheet's names of the documents asked for by kind (None: all of them); an unknown
    kind or unit is a usage error with a hint."""
    select_units(units, [u.name for u in inputs.units])
    documents = {spec.name: spec.kind for spec in inputs.campaign.documents}
    for wanted in kinds:
        if wanted not in documents and wanted not in documents.values():
            hint = nearest(wanted, list(documents))
            suggestion = f"是否是「{hint}」？" if hint else f"可选：{'、'.join(documents)}"
            raise SelectionError(f"这次活动没有「{wanted}」这种文档（见工作簿的「文档」表）；{suggestion}")
    return [name for name, kind in documents.items() if name in kinds or kind in kinds] if kinds else None


def select(jobs: list[DocumentJob], inputs: Inputs, kinds: Sequence[str], units: Sequence[str]) -> list[DocumentJob]:
    """The documents asked for: by kind, and by unit (which leaves out county documents)."""
    selected_documents(inputs, kinds, units)
    return [job for job in jobs if _selected(job, kinds, units)]


def _selected(job: DocumentJob, kinds: Collection[str], units: Collection[str]) -> bool:
    return (not kinds or job.document in kinds or job.kind in kinds) and (
        not units or (job.unit is not None and job.unit in units)
    )


def _unselected(workspace: Workspace, reasons: list[str], jobs: Sequence[DocumentJob]) -> list[Finding]:
    """A selection that makes nothing is refused with why; else each document it leaves out is a warning."""
    if reasons and not jobs:
        raise SelectionError(f"没有生成任何文件：{'；'.join(reasons)}")
    where = Location(workspace.display(workspace.workbook), "文档")
    return [Finding(Severity.WARNING, where, f"未生成：{why}") for why in reasons]


def _not_made_for_units(
    inputs: Inputs,
    every_job: Sequence[DocumentJob],
    jobs: Sequence[DocumentJob],
    asked: Collection[str] | None,
    units: Sequence[str],
) -> list[str]:
    """Why a document asked for (by --kind, or every document when `asked` is None and no unit
    is made at all) makes no file for the units named: the campaign's own documents are one
    each, not per unit; a per-unit one may not be made for these units (the 文档 sheet's 适用单位).
    A document the data makes none of yet is awaiting_reports' to tell."""
    if not units or (asked is None and jobs):
        return []
    made = {job.document for job in jobs}
    reasons = []
    for spec in inputs.campaign.documents:
        own = [job for job in every_job if job.document == spec.name]
        if spec.name in made or not own or (asked is not None and spec.name not in asked):
            continue
        if all(job.unit is None for job in own):
            reasons.append(f"「{spec.name}」是整个活动的一份，不按单位生成（去掉 --unit 才会生成它）")
        else:
            names = "、".join(f"「{unit}」" for unit in units)
            reasons.append(f"「{spec.name}」不为{names}生成（见工作簿「文档」表的「适用单位」）")
    return reasons


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


class SourceHasher:
    """Exactly what a document is made from: the parts of the context its template reads (not the
    whole context: a notice's 发文 row is no business of a unit's plan), its template, the
    generator's code. Each value is hashed once however many documents share it (the campaign's
    and the notice's parts are one object in every context; a text or number, however many
    objects hold it); only the digests are hashed per document, and each template once. A value is
    remembered by its id only while it is sure to live: what every context shares (`shared`, kept
    here), or for one document while it is hashed (contexts are composed, hashed and let go one at
    a time: a freed dict's id is another's later); texts, numbers and the title's names by content.

    It keeps no value: each one the `record` lacks is made into its record line when first hashed
    (`lines`), and the values of the document last hashed are kept until the next (`current`), for
    make_plan to say what changed in it."""

    def __init__(
        self,
        reads: Mapping[str, frozenset[ReadPath] | None],
        record: Record | None = None,
        shared: Mapping[str, Any] | None = None,
    ) -> None:
        self.reads = reads  # document -> the paths its template (or code writer) reads; None: all
        self.record = record
        self.shared = shared  # (kept alive: its parts are remembered by id)
        self.kept = _container_ids(shared) if shared is not None else frozenset()
        self.digests: dict[int, str] = {}  # id -> digest, of what is kept
        self.local: dict[int, str] = {}  # id -> digest, of the document being hashed
        self.scalars: dict[tuple[type, Any], str] = {}  # by content: equal texts are often other objects
        self.templates: dict[bytes, bytes] = {}  # template bytes -> their digest
        self.lines = NewValueLines()  # digest -> the record line of a value the record lacks
        self.current: dict[str, Any] = {}  # digest -> value, of the document last hashed
        self.ordered: dict[str, list[ReadPath]] = {}  # document -> the paths it reads, sorted
        self.shapes: dict[tuple[str, tuple[int, ...]], list[tuple[str, int]]] = {}  # see _names
        self.title_names: dict[bytes, str] = {}  # the names a title breaks between, as JSON -> digest
        self.read_shapes: dict[tuple[str, ...], dict[str, int]] = {}  # each set of paths read, once (Reads)

    def _digest(self, value: Any) -> str:
        by_id = self.digests if id(value) in self.kept else self.local
        digest = by_id.get(id(value))
        if digest is not None:
            self.current[digest] = value
            return digest
        kind = type(value)
        scalar = kind in _SCALARS
        if scalar:
            digest = self.scalars.get((kind, value))
        if digest is None:
            digest = hashlib.sha256(_json(value)).hexdigest()[:16]
            self._line(digest, value)
            if scalar:
                self.scalars[kind, value] = digest
        by_id[id(value)] = digest
        self.current[digest] = value
        return digest

    def _line(self, digest: str, value: Any) -> None:
        if digest not in self.lines and (self.record is None or not self.record.knows(digest)):
            self.lines[digest] = value_line(digest, display(value))

    def reads_of(self, job: DocumentJob) -> dict[str, str]:
        """Each path of the context the job's template reads, as far as it leads through the
        context's dicts (a path beyond a list or a value is read whole), with its value's digest."""
        paths = self.reads.get(job.document)
        if paths is None:
            return {name: self._digest(value) for name, value in job.context.items()}
        context: Mapping[str, object] = job.context  # walked by the paths read, whatever its kind
        reached_values: list[Any] = []
        depths: list[int] = []
        for path in self._ordered(job.document, paths):
            if path[0] not in context:
                depths.append(0)  # a loop variable, a name set in the template
                continue
            value, reached = context[path[0]], 1
            while reached < len(path) and type(value) is dict and path[reached] in value:
                value, reached = value[path[reached]], reached + 1
            depths.append(reached)
            reached_values.append(value)
        shape = (job.document, tuple(depths))
        names = self.shapes.get(shape)
        if names is None:
            names = self.shapes[shape] = self._names(self._ordered(job.document, paths), depths)
        return {name: self._digest(reached_values[i]) for name, i in names}

    def _ordered(self, document: str, paths: frozenset[ReadPath]) -> list[ReadPath]:
        ordered = self.ordered.get(document)
        if ordered is None:
            ordered = self.ordered[document] = sorted(paths)
        return ordered

    @staticmethod
    def _names(paths: Sequence[ReadPath], depths: Sequence[int]) -> list[tuple[str, int]]:
        """How far each path led in contexts of this shape: (the part read, as "a.b", and the index of
        its value among the values reached), sorted, each once, none inside a part read whole."""
        reached: dict[ReadPath, int] = {}
        index = 0
        for path, depth in zip(paths, depths, strict=True):
            if depth:
                reached.setdefault(path[:depth], index)
                index += 1
        return [
            (".".join(path), i)
            for path, i in sorted(reached.items())
            if not any(path[:n] in reached for n in range(1, len(path)))  # inside a value read whole
        ]

    def _title_names_digest(self, names: dict[str, dict[str, str]]) -> str:
        """By content: the names are a new dict per job, whose id may be reused once it is gone."""
        data = _json(names)
        digest = self.title_names.get(data)
        if digest is None:
            digest = self.title_names[data] = hashlib.sha256(data).hexdigest()[:16]
            self._line(digest, names)
        self.current[digest] = names
        return digest

    def __call__(self, template_bytes: bytes, job: DocumentJob) -> tuple[str, Reads]:
        template = self.templates.get(template_bytes)
        if template is None:
            template = self.templates[template_bytes] = hashlib.sha256(template_bytes).digest()
        meta = [code_digest(), job.kind, job.document, job.output, job.title, job.author, job.date_iso, job.sealed]
        self.current = {}
        self.local = {}
        reads = self.reads_of(job)
        if registry.kind(job.kind).has_template:  # (its title may be broken between these names)
            reads[TITLE_NAMES_READ] = self._title_names_digest(registry.title_name_values(job.context))
        source = hashlib.sha256(template)
        source.update(_json([*meta, job.banji_on_even_page]))
        # Paths are template names and digests hex: neither holds a newline or a NUL.
        source.update("".join(f"\n{path}\0{digest}" for path, digest in reads.items()).encode("utf-8"))
        paths = tuple(reads)
        index = self.read_shapes.get(paths)
        if index is None:
            index = self.read_shapes[paths] = {path: i for i, path in enumerate(paths)}
        return source.hexdigest(), Reads(index, tuple(reads.values()))


def _container_ids(value: Any) -> frozenset[int]:
    """The ids of every dict and list in `value`, itself included."""
    found: set[int] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list) and id(item) not in found:
            found.add(id(item))
            stack.extend(item.values() if isinstance(item, dict) else item)
    return frozenset(found)


class Reads(Mapping[str, str]):
    """What one document reads: each context path with its value's digest, sorted, as a dict would
    hold them, but compact (a build of 10,000 documents holds one per document until it is saved):
    the paths and their positions one object shared by every document read alike, the digests a tuple."""

    __slots__ = ("digests", "index")

    def __init__(self, index: Mapping[str, int], digests: tuple[str, ...]) -> None:
        self.index = index  # path -> its digest's position; shared
        self.digests = digests

    def __getitem__(self, path: str) -> str:
        return self.digests[self.index[path]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.digests)

    def __repr__(self) -> str:
        return f"Reads({dict(self)!r})"


# Recorded as read by every document whose title render/titles.py may break: the names it breaks
# between (registry.title_name_values), which its template need not read (a 发文.标题 typed on one line
# holds the 本级名称 the notice's template never names). Not a context name: no template reads it.
TITLE_NAMES_READ = "标题断行所依名称"


# Kinds whose equal values are written alike (not Decimal: 1.0 == 1; not float: -0.0 == 0.0; not
# datetime: equal instants in two time zones).
_SCALARS = frozenset({str, int, bool, dt.date})


def _decide(target: Path, source: str, key: str, manifest: Manifest, force: bool) -> Reason:
    try:
        exists = target.exists()
    except OSError as error:  # a path no file here can have: _beyond_this_system names the 文档 row
        if error.errno != errno.ENAMETOOLONG:
            raise
        exists = False
    if not exists:
        return Reason.NEW
    entry = manifest.entries.get(key)
    if entry is None and not manifest.trusted and not force:
        return Reason.UNRECORDED  # gongwen's own if its bytes are what gongwen makes now
    if force:  # (whether it was edited is told when it is overwritten: see _commit)
        return Reason.FORCED
    edited = entry is None or not manifest.wrote(key, target)
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


def _path_limit(folder: Path) -> int:
    """The longest path, in bytes, this system lets a file have under `folder` (Linux: 4,096)."""
    try:
        return os.pathconf(folder, "PC_PATH_MAX")
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf: MAX_PATH is checked there
        return 4096


def _beyond_this_system(jobs: Sequence[DocumentJob], workspace: Workspace) -> list[Finding]:
    """A 文件夹 or 文件名 pattern whose path no file on this system can have (hundreds of levels): no
    build can write it, wherever the workspace is, so it is an error on every system."""
    limit = _path_limit(workspace.root) - 1 - len("（新生成99）.docx".encode())  # the null; a derived name
    output_dir = str(workspace.output_dir.absolute())
    long = next((job for job in jobs if len(f"{output_dir}/{job.output}".encode()) > limit), None)
    if long is None:
        return []
    shown = long.output if len(long.output) <= 60 else f"{long.output[:60]}…"
    whole = len(f"{output_dir}/{long.output}".encode())
    return [
        Finding(
            Severity.ERROR,
            Location(workspace.display(workspace.workbook), DOCUMENTS_SHEET.name),
            f"「{long.document}」的文件「output/{shown}」完整路径有 {whole} 字节，"
            f"超过本机一个文件路径最多能有的 {limit} 字节，无法写入；请在「文档」表里把它的文件名、文件夹改短",
        )
    ]


def _too_deep_outputs(jobs: Sequence[DocumentJob], workspace: Workspace) -> list[Finding]:
    """Word cannot open a file whose whole path passes 259 characters. On Windows nothing is written
    then (an error); elsewhere the workspace may be copied to Windows later (a warning)."""
    beyond = _beyond_this_system(jobs, workspace)
    if beyond:
        return beyond
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
    return _checked_templates(workspace, representative_jobs(jobs), frozenset(job.document for job in jobs))


def _checked_templates(
    workspace: Workspace, representatives: Mapping[str, DocumentJob], documents: frozenset[str]
) -> list[Finding]:
    """check_templates, given each document's representative job (catalog.representative_jobs)."""
    findings: list[Finding] = []
    for document, job in representatives.items():
        if not registry.kind(job.kind).has_template:
            continue
        path = workspace.template(document, job.kind)
        findings += missing_template(workspace, document, job.kind, path, documents)
        checked = _preflight(path, workspace.display(path), job.context, workspace.root)
        findings += checked
        findings += _blank_report_day_printed(path, workspace.display(path), job.context)
        if not any(f.severity is Severity.ERROR for f in checked):  # a template refused is not read further
            findings += _doubled_words_printed(path, workspace.display(path), job.context)
    return findings


def _value_at(context: Mapping[str, Any], read: ReadPath) -> Any:
    value: Any = context
    for key in read:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def _doubled_words_printed(path: Path, display: str, context: Mapping[str, Any]) -> list[Finding]:
    """A value printed inside a sentence of the template that repeats the words around it: an imported
    notice's 全镇政府{{ 活动.名称 }}工作 with the campaign renamed 政府信息公开 prints 政府政府信息公开. The
    document is made as the template says; the clerk is told what it prints, where and what to change
    (the value's cell when it is a 活动 sheet's row, else the template's paragraph)."""
    if not path.is_file():
        return []
    findings: list[Finding] = []
    for beside in printed_beside(path):
        value = _value_at(context, beside.read)
        doubled = doubled_at_seam(beside.before, value, beside.after) if isinstance(value, str) else None
        if doubled is None:
            continue
        variable = "{{ " + ".".join(beside.read) + " }}"
        sheet = {"活动": "「活动」表", "发文": "「发文」表", "单位": "「单位」表"}.get(beside.read[0], "工作簿")
        finding = Finding(
            Severity.WARNING,
            Location(display),
            f"模板这一段印出“{doubled}”，有重复的字：{variable} 是“{value}”，模板在它旁边已经写了相同的字；"
            f"请改{sheet}里印在这里的这一项，或改模板这一段里 {variable} 旁边的字" + quoted_paragraph(beside.paragraph),
        )
        if finding not in findings:  # a paragraph printing it twice (政府{{ x }}统计…政府{{ x }}统计) is told once
            findings.append(finding)
    return findings


def _blank_report_day_printed(path: Path, display: str, context: Mapping[str, Any]) -> list[Finding]:
    """A template printing the 报送日 unconditionally while it is blank (报送周期 无, 日, 阶段 or 一次 need
    none) would say 每月日前: refused, unless the sentence stands under an {% if %}. Each paragraph
    printing it is named, as the template checks name theirs (所在段落)."""
    campaign = context.get("活动")
    if not isinstance(campaign, Mapping) or campaign.get("报送日") != "" or not path.is_file():
        return []
    paragraphs = printed_always(path).get(("活动", "报送日"), ())
    return [
        Finding(
            Severity.ERROR,
            Location(display),
            "模板这一段在 {% if %} 之外印出「活动」表的报送日，但报送日空着，这句话会缺一个数字（如“每月日前”）："
            "请在「活动」表填写报送日；或在模板这一段里，把含 {{ 活动.报送日 }} 的那句话放进 "
            "{% if 活动.报送日历 %}……{% endif %}（空白模板的通知就是这样写的），或删去这句话"
            + quoted_paragraph(paragraph),
        )
        for paragraph in paragraphs
    ]


def _preflight(path: Path, display: str, context: Mapping[str, Any], workspace: Path) -> list[Finding]:
    """check_template's findings, remembered in the cache: they depend only on the template's bytes,
    the names (and whether each is a list or a table) the context offers, and gongwen's code."""
    within = workspace if path.is_relative_to(workspace) else None  # else the starter's template
    try:
        template = read_file(path, within=within)
    except BadPackage:
        template = b""  # check_template says why it cannot be read (a pipe, a link out of the workspace …)
    key = hashlib.sha256(
        "\0".join([code_digest(), display, context_shape(context)]).encode("utf-8") + b"\0" + template
    ).hexdigest()
    entry = cache_dir("preflight") / f"{key}.json"
    cached = load_signed(entry) if template else None
    if cached is not None:
        return [finding_from_json(f) for f in json.loads(cached)]
    findings = check_template_and_page(path, display, context, within=within)
    if template:
        store_signed(entry, json.dumps([finding_to_json(f) for f in findings], ensure_ascii=False).encode("utf-8"))
    return findings


def check_template_and_page(
    path: Path, display: str, context: Mapping[str, Any] | None = None, *, within: Path | None = None
) -> list[Finding]:
    """A template's preflight (its package, tags and names) and, when it found no error, check's
    GB/T 9704 page rules on it: the template's page is every document's page."""
    from generator.check.conformance import template_page_findings
    from generator.render.preflight import check_template  # Jinja and docxtpl: only when templates are read

    findings = check_template(path, display, context, within=within)
    if any(f.severity is Severity.ERROR for f in findings):
        return findings
    return findings + template_page_findings(path, display)


@dataclass
class Plan:
    """What a build would do (`planned`), and what it needs to say what changed afterwards."""

    planned: list[Planned]
    findings: Findings
    templates: dict[str, Path]  # document -> its template file (code-made documents have none)
    record: Record  # what the last build made each document from
    template_records: dict[str, dict[str, Any]]  # document -> this build's template: file, sha, paragraphs
    unrecorded: NewValueLines  # digest -> its record line, for each value read that the record lacks
    inputs: Inputs  # the model it was planned from: 核稿 reads it after the build


def _reads(kind_name: str, source: Path | None) -> frozenset[ReadPath] | None:
    """What a document's template (`source`) reads, its charts too; None (all of it) where it cannot
    be known. A code-made twin reads what its writer declares and what its original's template
    (`source`) reads (its title)."""
    kind = registry.kind(kind_name)
    declared = kind.charts.reads if kind.charts is not None else ()
    if not kind.has_template:
        declared = kind.reads
    if (kind.charts is not None or not kind.has_template) and not declared:
        return None  # code that reads the context as it likes
    paths = {tuple(path.split(".")) for path in declared}
    return frozenset(paths | (template_reads(source) if source is not None else set()))


@dataclass(frozen=True, slots=True)
class Gaps:
    """The documents of a kind whose figures are summed over the reported periods (kind.cumulative)
    whose 累计 leaves a period out (its note says which), counted as they are planned: how many, and
    the first one's words."""

    count: int
    example: str


def _untold_gaps(
    workspace: Workspace,
    gaps: Mapping[str, Gaps],
    kinds: Mapping[str, str],
    reads: Mapping[str, frozenset[ReadPath] | None],
    templates: Mapping[str, Path],
) -> list[Finding]:
    """A template of a kind whose figures are summed over the reported periods (kind.cumulative: a
    statistics sheet's 累计) that prints them but nothing that tells of a period left out (one written
    for 0.3, say): its documents after a period the unit did not report would give a 累计 that leaves
    that period out without a word. Told once per template, with what to add. `kinds`: each
    document's kind, in build order; `gaps`: each document's that leave a period out."""
    out = []
    for name, kind_name in kinds.items():
        cumulative, paths = registry.kind(kind_name).cumulative, reads.get(name)
        if cumulative is None or paths is None or name not in templates or name not in gaps:
            continue
        if not _reads_any(paths, (cumulative.figures,)) or _reads_any(paths, cumulative.told_by):
            continue
        note, told = cumulative.note, gaps[name]
        out.append(
            Finding(
                Severity.WARNING,
                Location(workspace.display(templates[name])),
                f"{told.count} 份「{name}」的累计不含未报送的期（如 {told.example}），模板却没有写明：请在模板的表格下"
                f"加一行“{{%p if {note} %}}”、一行“注：{{{{ {note} }}}}”、一行“{{%p endif %}}”"
                f"（或运行 gongwen templates export {name} 取用已写好这一行的模板）",
            )
        )
    return out


def _reads_any(paths: frozenset[ReadPath], declared: Sequence[str]) -> bool:
    """Whether a template reading `paths` reads any of the dotted paths `declared` (or inside them)."""
    wanted = [tuple(path.split(".")) for path in declared]
    return any(read[: len(path)] == path for read in paths for path in wanted)


def _template_record(name: str, path: Path, template_bytes: bytes, record: Record) -> dict[str, Any]:
    digest = hashlib.sha256(template_bytes).hexdigest()
    before = record.templates.get(name)
    if before is not None and before.get("sha") == digest:
        return before
    return {"file": path.name, "sha": digest, "paragraphs": template_paragraphs(template_bytes)}


def plan(
    workspace: Workspace, *, force: bool = False, kinds: Sequence[str] = (), units: Sequence[str] = ()
) -> tuple[list[Planned], Findings, dict[str, Path]]:
    """What a build would do, and why; reads the inputs and checks the templates, writes nothing."""
    made = make_plan(workspace, force=force, kinds=kinds, units=units)
    return made.planned, made.findings, made.templates


def _templates_of(
    workspace: Workspace, inputs: Inputs, jobs: Sequence[DocumentJob]
) -> tuple[dict[str, str], dict[str, Path]]:
    """(each code-made twin's original document, the template of every document the jobs need): a
    twin takes its title from its original's template, whether that document is made in this build or not."""
    originals = {job.document: job.original for job in jobs if job.original is not None}
    kinds_of = {spec.name: spec.kind for spec in inputs.campaign.documents}
    needed = dict.fromkeys([*(job.document for job in jobs), *originals.values()])
    templates = {
        name: workspace.template(name, kinds_of[name]) for name in needed if registry.kind(kinds_of[name]).has_template
    }
    return originals, templates


def make_plan(
    workspace: Workspace, *, force: bool, kinds: Sequence[str], units: Sequence[str], let_go: bool = False
) -> Plan:
    """`let_go`: each context that can be composed again (DocumentJob.compose) is emptied once it is
    planned, and composed again when its document is rendered (a build's plan; not one whose jobs
    are read afterwards). Each job is planned (hashed, decided, what changed in it told) as soon as
    it is composed, before the next is: a build never holds every context at once."""
    inputs, findings = validate(workspace)
    if inputs is None:
        raise InputError(findings.items)
    # Only the documents asked for are composed: `build --kind 方案` composes no statistics sheet.
    documents_asked = selected_documents(inputs, kinds, units)
    record = Record.load(workspace.output_dir)
    manifest = Manifest.load(workspace.output_dir, files=not force)  # (forced: see _decide)
    common = common_context(inputs)
    planner = _Planner(workspace, inputs, common, record, manifest, force, let_go, (kinds, units))
    every_job = plan_jobs(inputs, documents_asked, planner.seen, common)
    findings.extend(awaiting_reports(inputs, every_job, workspace.display(workspace.workbook), documents_asked))
    jobs = select(every_job, inputs, kinds, units)
    findings.extend(_unselected(workspace, _not_made_for_units(inputs, every_job, jobs, documents_asked, units), jobs))
    findings.extend(_colliding_outputs(jobs, workspace))
    findings.extend(_too_deep_outputs(jobs, workspace))
    documents = {job.document: job.kind for job in jobs}
    findings.extend(_checked_templates(workspace, planner.representatives_of(documents), frozenset(documents)))
    planner.checked()
    if findings.errors:
        raise InputError(findings.items)
    if not manifest.trusted:
        findings.warning(
            Location(workspace.display(manifest.path)),
            "gongwen 的生成记录无法读取（已损坏或被删除）：output 里的每个文件都与现在生成的结果核对，"
            "相同的仍按 gongwen 生成的处理，不同的按手工修改处理（新版本另存为“（新生成）”）",
        )
    planned = planner.planned(jobs)  # (those whose template could not be read before it was checked, now)
    _, templates = _templates_of(workspace, inputs, jobs)
    reads = {name: planner.source(name, kind).reads for name, kind in documents.items()}
    findings.extend(_untold_gaps(workspace, planner.gaps, documents, reads, templates))
    template_records = {name: planner.template_record(name, path) for name, path in templates.items()}
    # The record's line of each value read that the record lacks: not the values themselves (the
    # contexts' parts, let go as they are hashed or rendered).
    return Plan(planned, findings, templates, record, template_records, planner.hasher.lines, inputs)


@dataclass(frozen=True, slots=True)
class _Source:
    """What a document is made from besides its context: its template's bytes (a code-made one's:
    its kind and its original's template), the paths they read, its template's record."""

    template_bytes: bytes
    reads: frozenset[ReadPath] | None
    template_record: dict[str, Any] | None


# One object, told of every document of the first build after an update.
_UPDATED = Change("gongwen 程序已更新", item_only=True)


class _Planner:
    """make_plan's work on each job as it is composed (registry.plan_jobs's `seen`): hashed,
    decided, what changed in it told, its context let go (unless it represents its document for
    the template checks, until they are done); each document's 累计 gaps counted. A job whose
    template cannot be read yet keeps its context and waits for the template checks (which say why)."""

    def __init__(
        self,
        workspace: Workspace,
        inputs: Inputs,
        common: Mapping[str, Any],
        record: Record,
        manifest: Manifest,
        force: bool,
        let_go: bool,
        selection: tuple[Sequence[str], Sequence[str]],
    ) -> None:
        self.workspace, self.record, self.manifest = workspace, record, manifest
        self.output_dir = workspace.output_dir  # one object for every Planned (a property makes one per call)
        self.force, self.let_go, self.selection = force, let_go, selection
        self.kinds_of = {spec.name: spec.kind for spec in inputs.campaign.documents}
        self.originals = registry.originals(inputs.campaign.documents)
        self.sources: dict[str, _Source] = {}
        self.template_bytes: dict[str, bytes] = {}  # template file's, by document
        self.template_records: dict[str, dict[str, Any]] = {}
        self.paths: dict[str, frozenset[ReadPath] | None] = {}  # what SourceHasher reads by
        self.hasher = SourceHasher(self.paths, record, common)
        self.representatives = Representatives(common)
        self.gaps: dict[str, Gaps] = {}
        self.done: dict[int, Planned] = {}  # by the job's id (every job lives as long as the plan)
        self.waiting: dict[int, DocumentJob] = {}  # jobs whose template could not be read yet
        self.shown: dict[str, Any] = {}
        self.code_changed = bool(record.code) and record.code != code_digest()
        self.held: set[int] = set()  # the ids of the contexts kept (_hold)
        self.cumulative = {kind.name: kind.cumulative for kind in registry.kinds()}

    def seen(self, alike: Sequence[DocumentJob]) -> None:
        """A job just composed, with the twins that share its context."""
        done = [alike[0]]  # (the jobs whose contexts may go once this is planned)
        for job in alike:
            if not _selected(job, *self.selection):
                continue
            replaced = self.representatives.offer(job)
            if replaced is not job:
                self._hold()
                done += [replaced] if replaced is not None else []
            self._count_gap(job)
            try:
                self.source(job.document, job.kind)
            except Exception:  # (any: unreadable, missing, not a template; the template checks tell it)
                self.waiting[id(job)] = job
                self._hold()
                continue
            self._plan(job)
        for job in done:
            self._let_go(job)

    def checked(self) -> None:
        """The template checks are done: the representatives' contexts are let go."""
        representatives = self.representatives.jobs().values()
        self.representatives.best.clear()
        self._hold()
        for job in representatives:
            self._let_go(job)

    def representatives_of(self, documents: Mapping[str, str]) -> dict[str, DocumentJob]:
        chosen = self.representatives.jobs()
        return {name: chosen[name] for name in documents if name in chosen}

    def planned(self, jobs: Sequence[DocumentJob]) -> list[Planned]:
        out = []
        for job in jobs:
            if id(job) in self.waiting:
                self._plan(job)
                del self.waiting[id(job)]
                self._hold()
                self._let_go(job)
            out.append(self.done.pop(id(job)))
        self.hasher.current = {}
        return out

    def source(self, name: str, kind_name: str) -> _Source:
        known = self.sources.get(name)
        if known is not None:
            return known
        kind = registry.kind(kind_name)
        original = self.originals.get(name)
        template = self.template_path(original or name)
        if kind.has_template:
            data = self._template_bytes(name)
            made = _Source(data, _reads(kind_name, template), self.template_record(name, cast(Path, template)))
        else:  # made by code: its "template" is the generator version (and its original's template)
            data = self._template_bytes(original) if original is not None and template is not None else b""
            made = _Source(f"code:{kind_name}".encode() + data, _reads(kind_name, template), None)
        self.paths[name] = made.reads
        self.sources[name] = made
        return made

    def template_path(self, name: str) -> Path | None:
        kind = self.kinds_of[name]
        return self.workspace.template(name, kind) if registry.kind(kind).has_template else None

    def template_record(self, name: str, path: Path) -> dict[str, Any]:
        made = self.template_records.get(name)
        if made is None:
            made = self.template_records[name] = _template_record(name, path, self._template_bytes(name), self.record)
        return made

    def _template_bytes(self, name: str) -> bytes:
        data = self.template_bytes.get(name)
        if data is None:
            data = self.template_bytes[name] = cast(Path, self.template_path(name)).read_bytes()
        return data

    def _plan(self, job: DocumentJob) -> None:
        """Hashed, decided and, when it renders over a recorded version, what changed in it."""
        source, reads = self.hasher(self.sources[job.document].template_bytes, job)
        reason = _decide(self.output_dir / job.output, source, job.output, self.manifest, self.force)
        changes: list[Change] = []
        if reason.renders and reason is not Reason.NEW:
            template_record = self.sources[job.document].template_record
            changes = self.record.changes(job.output, template_record, reads, self._shown_value)
            changes += [_UPDATED] if self.code_changed else []
        self.done[id(job)] = Planned(job, self.output_dir, source, reason, reads, tuple(changes))
        if self.let_go:  # (what it was made from is remembered anew when the build saves: _save_record)
            self.record.forget(job.output)

    def _shown_value(self, digest: str) -> Any:  # (a value of the document just hashed)
        if digest not in self.shown:
            self.shown[digest] = display(self.hasher.current[digest])
        return self.shown[digest]

    def _count_gap(self, job: DocumentJob) -> None:
        cumulative = self.cumulative[job.kind]
        if cumulative is None:
            return
        try:
            said = registry.value_at(job.context, cumulative.note)
        except KeyError:
            return
        if not said:
            return
        before = self.gaps.get(job.document)
        if before is not None:
            self.gaps[job.document] = Gaps(before.count + 1, before.example)
            return
        period = registry.value_at(job.context, cumulative.period)
        self.gaps[job.document] = Gaps(1, f"{job.unit}{period}：{said}")

    def _hold(self) -> None:
        """The contexts kept: each document's representative (until the template checks), and those
        of jobs waiting for them."""
        kept = [job for _, job in self.representatives.best.values()] + list(self.waiting.values())
        self.held = {id(job.context) for job in kept}

    def _let_go(self, job: DocumentJob) -> None:
        """Empty the job's context, unless it cannot be composed again or is still needed here."""
        if self.let_go and job.compose is not None and id(job.context) not in self.held:
            cast(dict[str, object], job.context).clear()  # (a context record is a dict at run time)


def _proofread(
    inputs: Inputs, planned: Sequence[Planned], workspace: Workspace, without_placeholders: Set[str] = frozenset()
) -> list[Finding]:
    """核稿 over the documents this build made or kept: warnings, recorded with the build's own."""
    documents = Documents(workspace.output_dir, workspace.display(workspace.output_dir), without_placeholders)
    remarks = review(inputs, [p.job for p in planned], documents, workspace.display(workspace.workbook))
    return as_findings(taken_in_order(remarks))


# What leaves the rendered document at its place in output/ (unchanged: the same bytes were there).
_IN_PLACE = frozenset({Outcome.CREATED, Outcome.UPDATED, Outcome.OVERWROTE_EDITED, Outcome.UNCHANGED})


def _without_placeholders(
    planned: Sequence[Planned], to_render: Sequence[Planned], staged: Sequence[Staged], written: Sequence[Written]
) -> set[str]:
    """The documents now in output/ as this build rendered them, whose text it knows holds no
    character of a placeholder (most of a campaign's, written from a kept layout): 核稿 need not
    read them to look for ××. One written beside a hand-edited file, or locked, is read as it is."""
    plain = {s.index for s in staged if s.without_placeholders}
    rendered = iter(range(len(to_render)))
    out = set()
    for item, result in zip(planned, written, strict=True):
        if item.reason.renders and next(rendered) in plain and result.outcome in _IN_PLACE:
            out.add(item.job.output)
    return out


def _clean_leftovers(output: Path) -> None:
    """Remove what a killed build may have left: the staging folder and half-written temporary files."""
    shutil.rmtree(output / STAGING_NAME, ignore_errors=True)
    remove_partial_writes(output)


# What names a newer version written beside a hand-edited document: 方案（新生成2）.docx.
BESIDE_MARK = "（新生成"


def _beside(path: Path, n: int = 1) -> Path:
    return path.with_name(f"{path.stem}{BESIDE_MARK}{'' if n == 1 else n}）{path.suffix}")


# Windows refuses to replace a file another program holds: Word holds an open document for as long
# as it is open; an antivirus scanner or the search indexer holds a new file for a moment. The moment
# is waited out; an open document is named to the clerk and left as it was.
REPLACE_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)


def replace_retrying(source: Path, target: Path) -> None:
    for delay in REPLACE_DELAYS:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(source, target)  # PermissionError: the file is open


def _locked(item: Planned, target: Path, ws: Workspace) -> Written:
    program = "Excel" if target.suffix == ".xlsx" else "Word"
    return Written(target, Outcome.LOCKED, f"请先在 {program} 中关闭：{ws.display(target)}", item.job.title)


def _beside_for(item: Planned, manifest: Manifest, ws: Workspace) -> Path:
    n, beside = 1, _beside(item.target)
    while beside.exists() and not manifest.wrote(beside.relative_to(ws.output_dir).as_posix(), beside):
        n += 1
        beside = _beside(item.target, n)
    return beside


def _write_beside(item: Planned, staged: Path, digest: str, manifest: Manifest, ws: Workspace) -> Written:
    """The new version next to the hand-edited one: 方案（新生成）.docx, recorded like any output, so
    that an edit made in it is protected too (then the next goes to 方案（新生成2）.docx, and so on)."""
    beside = _beside_for(item, manifest, ws)
    key = beside.relative_to(ws.output_dir).as_posix()
    title = item.job.title
    if _holds(beside, digest):  # this very version is there already
        note = f"「{ws.display(item.target)}」被手工修改过，未覆盖；新版本已在「{ws.display(beside)}」"
        return Written(beside, Outcome.KEPT_EDITED, note, title)
    try:
        stamp = move_into_place(staged, beside)
    except PermissionError:
        return _locked(item, beside, ws)
    manifest.record(key, digest, item.source, stamp)
    note = f"「{ws.display(item.target)}」被手工修改过，未覆盖；新版本写到「{ws.display(beside)}」"
    return Written(beside, Outcome.WRITTEN_BESIDE, note, title, item.changes)


def _holds(beside: Path, digest: str) -> bool:
    """Whether the （新生成） copy beside a hand-edited document is already this version."""
    return beside.exists() and file_sha256(beside) == digest


def effect(item: Planned, digest: str, manifest: Manifest) -> Outcome:
    """What moving a rendered document in will do (the same answer for --dry-run and the build):
    a document whose bytes would not change is not written, and says so."""
    target, entry = item.target, manifest.entries.get(item.job.output)
    if item.reason is Reason.NEW or not target.exists():
        return Outcome.CREATED
    on_disk = manifest.sha256_of(item.job.output, target)
    if item.reason is Reason.UNRECORDED:
        return Outcome.UNCHANGED if on_disk == digest else Outcome.WRITTEN_BESIDE
    if item.reason is Reason.EDITED_CHANGED:
        # What gongwen would write is what it wrote before (only something no template shows changed).
        return Outcome.KEPT_EDITED if entry is not None and entry.sha256 == digest else Outcome.WRITTEN_BESIDE
    if on_disk == digest:
        return Outcome.UNCHANGED
    if item.reason is Reason.FORCED and (entry is None or on_disk != entry.sha256):
        return Outcome.OVERWROTE_EDITED
    if item.reason is Reason.CHANGED and entry is not None and on_disk != entry.sha256:
        # Edited after the plan found it gongwen's (in Word while the others rendered): as if the edit
        # had come first, the new version goes beside it, never over it.
        return Outcome.WRITTEN_BESIDE
    return Outcome.UPDATED


WRITES = frozenset({Outcome.CREATED, Outcome.UPDATED, Outcome.WRITTEN_BESIDE, Outcome.OVERWROTE_EDITED})


@dataclass(frozen=True)
class Prediction:
    """--dry-run, document by document: whether the build would write it, and why."""

    planned: Planned
    outcome: Outcome
    note: str = ""  # what the build will say of it, when the outcome alone does not (新版本已在「…」)

    @property
    def writes(self) -> bool:
        return self.outcome in WRITES

    @property
    def why(self) -> str:
        if self.note:
            return self.note
        if self.planned.reason.renders and not self.writes:
            if self.outcome is Outcome.KEPT_EDITED:
                return "手工修改过；重新生成的结果与 gongwen 上次生成的相同，保留"
            if self.planned.reason is Reason.UNRECORDED:
                return "与现在生成的结果相同（gongwen 生成的）"
            return "重新生成的结果与现有文件相同，不写入"
        return self.planned.why


def predict(
    workspace: Workspace,
    *,
    force: bool = False,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    jobs: int | None = None,
    progress: Callable[[int], Callable[[DocumentJob], None]] | None = None,
) -> tuple[list[Prediction], Findings]:
    """Exactly the documents a build would write: those whose inputs changed are rendered (into a
    temporary folder outside the workspace) and compared with the files in output/. Writes nothing there.
    `progress(total)` returns a per-document callback, as a build's does."""
    workspace.check()
    made = make_plan(workspace, force=force, kinds=kinds, units=units)
    to_render = [p for p in made.planned if p.reason.renders]
    manifest = Manifest.load(workspace.output_dir)
    scratch = Path(tempfile.mkdtemp(prefix="gongwen-dry-run-"))
    try:
        staged = {s.index: s for s in _render(to_render, made, workspace, scratch / "staging", jobs, progress)}
        rendered = iter(range(len(to_render)))
        out = []
        for item in made.planned:
            if not item.reason.renders:
                kept = item.reason is Reason.EDITED_KEPT
                out.append(Prediction(item, Outcome.KEPT_EDITED if kept else Outcome.UNCHANGED))
                continue
            out.append(_predicted(item, staged[next(rendered)].sha256, manifest, workspace))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out, made.findings


def _predicted(item: Planned, digest: str, manifest: Manifest, ws: Workspace) -> Prediction:
    """What the build will do with a rendered document: `effect`, and for a hand-edited one whose new
    version is beside it already, that nothing is written (as `_write_beside` finds it)."""
    outcome = effect(item, digest, manifest)
    if outcome is Outcome.WRITTEN_BESIDE and _holds(beside := _beside_for(item, manifest, ws), digest):
        return Prediction(item, Outcome.KEPT_EDITED, f"手工修改过，未覆盖；新版本已在「{beside.name}」")
    return Prediction(item, outcome)


def _proven_in_place(to_render: Sequence[Planned], manifest: Manifest) -> dict[int, str]:
    """Index in `to_render` -> the hash of the bytes at the document's place, for each document whose
    file there its stamp proves gongwen's (nothing read), and which the build leaves in place if it
    renders to those bytes (effect: a forced or changed document; not one whose 版记 may move after)."""
    in_place = {}
    for index, item in enumerate(to_render):
        if item.reason in (Reason.FORCED, Reason.CHANGED) and not item.job.banji_on_even_page:
            digest = manifest.proven(item.job.output, item.target)
            if digest is not None:
                in_place[index] = digest
    return in_place


def _render(
    to_render: list[Planned],
    made: Plan,
    workspace: Workspace,
    staging: Path,
    jobs: int | None,
    progress: Callable[[int], Callable[[DocumentJob], None]] | None,
    release_contexts: bool = False,
    in_place: Mapping[int, str] | None = None,
) -> list[Staged]:
    used = dict.fromkeys(name for p in to_render for name in (p.job.document, p.job.original) if name)
    needed = {name: path for name, path in made.templates.items() if name in used}  # code-made kinds have none
    templates = compile_templates(needed)  # template errors surface here, before any work
    # The inputs, contexts and templates live until the end of the build: keep the
    # cyclic GC from rescanning them (it grows with the campaign) and, after a fork,
    # from touching their pages in every worker.
    gc.freeze()
    release_free_memory()  # what reading the workbook freed: not inherited by the workers
    try:
        tick = progress(len(to_render)) if progress and to_render else None
        documents = [p.job for p in to_render]
        staged = render_all(documents, templates, needed, staging, jobs, tick, release_contexts, in_place)
        return _banji_on_even_pages(to_render, staged, made.findings, workspace)
    finally:
        gc.unfreeze()


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
    map_large_blocks_apart()  # before the workbook is read: see there
    full = not kinds and not units  # every document the workspace defines
    made = make_plan(workspace, force=force, kinds=kinds, units=units, let_go=True)
    planned = made.planned
    report = BuildReport(made.findings)
    output = workspace.output_dir
    with BuildLock(output) as lock:
        report.stale_lock = lock.took_over_stale
        _clean_leftovers(output)
        to_render = [p for p in planned if p.reason.renders]
        staging = output / STAGING_NAME
        try:
            in_place = _proven_in_place(to_render, Manifest.load(output))
            # (Nothing after the render reads a context: 核稿 reads the documents and the model.)
            staged = _render(to_render, made, workspace, staging, jobs, progress, True, in_place)
            manifest = Manifest.load(output)
            report.written = _move_in(planned, to_render, staged, manifest, workspace)
            plain = _without_placeholders(planned, to_render, staged, report.written)
            made.findings.extend(_proofread(made.inputs, planned, workspace, plain))
            complete = full and not any(w.outcome is Outcome.LOCKED for w in report.written)
            _record_build(manifest, workspace, complete, list(made.templates.values()), made.findings)
            _save_record(made, report.written)
            report.changes_file = _write_change_list(workspace, report.written)
            faults.reached("saved")
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _save_record(made: Plan, written: list[Written]) -> None:
    """Remember what each document now on disk was made from, so that the next build can say what changed."""
    record = made.record
    kept = (Outcome.LOCKED, Outcome.WRITTEN_BESIDE)  # the document is still the version recorded before
    record.recall(
        [item.job.output for item, result in zip(made.planned, written, strict=True) if result.outcome in kept]
    )
    for item, result in zip(made.planned, written, strict=True):
        if result.outcome in kept:
            continue
        record.refer(item.job.output, item.job.document, item.reads)  # (Reads: immutable, held by the plan)
    record.templates.update(made.template_records)
    updated = [w.path.relative_to(record.path.parent).as_posix() for w in written if w.outcome is Outcome.UPDATED]
    if updated:
        record.last_changed = updated
    record.code = code_digest()
    # The values this build adds (those the documents saved read are written; the others were read
    # only by a document left as it was): read from where they wait as the record is written.
    record.added = made.unrecorded
    record.save()
    made.unrecorded.close()


def _write_change_list(workspace: Workspace, written: list[Written]) -> Path | None:
    """The 变更记录 of this build: every document it updated and what changed in it."""
    changed = [
        ChangedDocument(w.title, workspace.display(w.path), w.outcome.value, w.changes)
        for w in written
        if w.outcome in (Outcome.UPDATED, Outcome.OVERWROTE_EDITED, Outcome.WRITTEN_BESIDE)
    ]
    if not changed:
        return None
    return write_changes(workspace.output_dir, changed, dt.datetime.now())


def _banji_on_even_pages(
    to_render: list[Planned], staged: list[Staged], findings: Findings, workspace: Workspace
) -> list[Staged]:
    """Documents whose 文档 row asks for the 版记 on an even page, laid out and moved if needed."""
    wanted = {i for i, p in enumerate(to_render) if p.job.banji_on_even_page}
    if not wanted:
        return staged
    from generator.pdf.banji_page import place_on_even_pages  # (LibreOffice: only for such documents)

    # (Each is staged: _proven_in_place leaves them out.)
    chosen = [(s, s.path) for s in staged if s.index in wanted and s.path is not None]
    shown = {s.index: workspace.display(workspace.output_dir / to_render[s.index].job.output) for s, _ in chosen}
    findings.extend(place_on_even_pages([(path, shown[s.index]) for s, path in chosen]))
    moved = {s.index: file_sha256(path) for s, path in chosen}
    return [replace(s, sha256=moved[s.index]) if s.index in moved else s for s in staged]


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
    backup = workspace.output_dir / BACKUP_FOLDER / format_date(dt.date.today())
    besides = BesideCopies()
    for item in planned:
        if not item.reason.renders:
            kept = item.reason is Reason.EDITED_KEPT
            note = "输入没有变化，保留手工修改的文件" if kept else ""
            title = item.job.title
            written.append(Written(item.target, Outcome.KEPT_EDITED if kept else Outcome.UNCHANGED, note, title))
            continue
        done = by_index[next(rendered)]
        result = _commit(item, done.path, done.sha256, manifest, workspace)
        if item.reason is Reason.FORCED and result.outcome is not Outcome.LOCKED:
            result = _retire_beside(item, result, manifest, workspace, backup, besides)
        written.append(result)
        faults.reached("moved")
    return written


BACKUP_FOLDER = "备份"


class BesideCopies:
    """The （新生成） copies in output/'s folders, each folder listed once per build: globbing the
    folder for every document read it whole each time (10,000 documents in folders of 2,000 cost
    1.4 ms of CPU a document, 0.2 at 1,000)."""

    def __init__(self) -> None:
        self.folders: dict[Path, list[str]] = {}

    def of(self, target: Path) -> list[Path]:
        """The copies beside `target` (stem（新生成…）.suffix, as the glob stem（新生成*）.suffix finds
        them, the stem taken literally), sorted by name."""
        names = self.folders.get(target.parent)
        if names is None:
            try:
                with os.scandir(target.parent) as entries:
                    names = [e.name for e in entries if BESIDE_MARK in e.name]
            except OSError:
                names = []
            self.folders[target.parent] = names
        head = os.path.normcase(f"{target.stem}{BESIDE_MARK}")  # (normcase: as case-blind as Windows' glob)
        tail = os.path.normcase(f"）{target.suffix}")
        least = len(head) + len(tail)
        found = [
            n for n in names if len(n) >= least and (c := os.path.normcase(n)).startswith(head) and c.endswith(tail)
        ]
        return [target.parent / n for n in sorted(found, key=lambda n: (os.path.normcase(n), n))]

    def moved(self, beside: Path) -> None:
        self.folders.get(beside.parent, []).remove(beside.name)


def _retire_beside(
    item: Planned, result: Written, manifest: Manifest, ws: Workspace, backup: Path, besides: BesideCopies
) -> Written:
    """--force made the document itself the newest version: the （新生成） copies beside it are
    superseded. They are moved into output/备份/<date>/, never deleted, and the clerk is told."""
    moved = []
    for beside in besides.of(item.target):
        relative = beside.relative_to(ws.output_dir)
        destination = backup / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        n = 2
        while destination.exists():  # forced twice in a day: the earlier copy stays too
            destination = (backup / relative).with_name(f"{beside.stem}_{n}{beside.suffix}")
            n += 1
        try:
            replace_retrying(beside, destination)
        except PermissionError:
            continue  # open in Word: left where it is
        besides.moved(beside)
        manifest.entries.pop(relative.as_posix(), None)
        moved.append(beside.name)
    if not moved:
        return result
    folder = ws.display(backup / item.target.parent.relative_to(ws.output_dir))
    note = f"已将被取代的「{'」「'.join(moved)}」移到「{folder}」"
    return result._replace(note="；".join(filter(None, [result.note, note])))


def _record_build(
    manifest: Manifest, workspace: Workspace, full: bool, template_paths: list[Path], findings: Findings
) -> None:
    """Save the manifest; a full build also leaves the fingerprint that lets the next one skip all work."""
    manifest.fingerprint, manifest.inputs = "", None  # a partial build proves nothing about the rest
    kinds = [workspace.display(p) for p in template_paths]  # the templates it used
    if full:
        try:
            manifest.fingerprint, manifest.inputs = workspace_fingerprint(workspace, kinds)
        except OSError:  # e.g. the inputs were an .xls converted on the fly: no fast path
            manifest.fingerprint, manifest.inputs = "", None
        manifest.kinds = kinds
        # Replayed by the next no-op build: what the inputs say, not what this build found about
        # its own record.
        about_manifest = workspace.display(manifest.path)
        manifest.findings = FindingsAsJson([f for f in findings.items if f.location.file != about_manifest])
    manifest.save()


def _commit(item: Planned, staged: Path | None, digest: str, manifest: Manifest, ws: Workspace) -> Written:
    """Move one staged document into place, never silently over a hand-edited file, and only when
    its bytes change (a document that comes out the same is not rewritten, nor counted as updated).
    `staged` None: nothing was staged, its place was proven to hold these bytes before it rendered."""
    target, key, title = item.target, item.job.output, item.job.title
    target.parent.mkdir(parents=True, exist_ok=True)
    outcome = effect(item, digest, manifest)
    if outcome is Outcome.KEPT_EDITED:  # what gongwen would write is what it wrote: now made from this
        manifest.record(key, digest, item.source, None)  # (the file on disk is the clerk's: no stamp)
        return Written(target, outcome, "手工修改过；重新生成的结果与 gongwen 上次生成的相同，保留", title)
    if outcome is Outcome.UNCHANGED:  # the same bytes: recorded as made from what it is made from now
        if staged is not None:
            staged.unlink()
        entry = manifest.entries.get(key)
        if item.reason is not Reason.FORCED or (entry is not None and entry.sha256 == digest):
            manifest.record_unchanged(key, digest, item.source)
        return Written(target, outcome, "", title)
    if staged is None:  # changed (or removed) since it was proven to hold these bytes: left as it is
        note = f"「{ws.display(target)}」在生成期间被其他程序改动过，没有覆盖；请关闭它后重新运行 gongwen build"
        return Written(target, Outcome.LOCKED, note, title)
    if outcome is Outcome.WRITTEN_BESIDE:
        return _write_beside(item, staged, digest, manifest, ws)
    kept = ws.output_dir / PREVIOUS_NAME / key
    previous = stash_previous(target, kept) if outcome is Outcome.UPDATED and target.suffix == ".docx" else None
    try:
        stamp = move_into_place(staged, target)
    except PermissionError:
        if previous is not None:  # the document stays as it was: one name, as every file gongwen leaves
            previous.unlink(missing_ok=True)
        return _locked(item, target, ws)
    if previous is not None:
        with contextlib.suppress(OSError):
            os.replace(previous, kept)
    manifest.record(key, digest, item.source, stamp)
    return Written(target, outcome, "", title, item.changes)


def move_into_place(staged: Path, target: Path) -> Stamp | None:
    """Rename the staged file over `target`; its stamp there, if nothing wrote it in between (the
    rename keeps size, modification time and inode, and sets the change time the stamp records)."""
    before = stamp_of(staged)
    replace_retrying(staged, target)
    after = stamp_of(target)
    if before is None or after is None or before[:3] != after[:3]:
        return None
    return after


def stash_previous(target: Path, kept: Path) -> Path | None:
    """The version about to be replaced, kept for its 修改对照稿 without copying it: a second name
    for the same file beside `kept` (the rename that follows gives `target` a new file), which the
    caller moves to `kept` once `target` is replaced. Where the file system has no hard links (FAT,
    some network shares) it is copied to `kept` at once (None). Not keeping it loses only the
    修改对照稿: the build goes on."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        link = kept.with_name(f".~gongwen-{os.getpid()}-{kept.name}.tmp")  # (a kill leaves it to remove_partial_writes)
        link.unlink(missing_ok=True)
        os.link(target, link)
        return link
    except OSError:
        with contextlib.suppress(OSError):
            write_atomic(kept, target.read_bytes())
        return None


# The version each document had before gongwen last updated it (the one the manifest recorded), for
# its 修改对照稿; one per document, replaced when it changes again.
PREVIOUS_NAME = ".gongwen-previous"
COMPARISON_FOLDER = "修改对照"


@dataclass(frozen=True)
class Comparison:
    document: Path  # the document as it is now
    comparison: Path  # its 修改对照稿
    places: int  # how many places changed


def compare(
    workspace: Workspace, documents: Sequence[Path] | None = None, since: Path | None = None
) -> list[Comparison]:
    """修改对照稿 of `documents` (by default those the last build that changed anything updated):
    each as it is now, with what changed since the version before as Word tracked changes. With
    `since` (a folder the clerk kept, e.g. a copy of output/ as it was sent), every document there
    is compared with the one at the same place in output/ instead."""
    from generator.output.tracked import tracked_document  # only when asked for

    output = workspace.output_dir
    old_versions = since if since is not None else output / PREVIOUS_NAME
    if since is not None:
        keys = [p.relative_to(since).as_posix() for p in sorted(since.rglob("*.docx")) if _comparable(p, since)]
    elif documents is not None:
        keys = [d.resolve().relative_to(output.resolve()).as_posix() for d in documents]
    else:
        keys = Record.load(output).last_changed
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    made = []
    with BuildLock(output):
        record = Record.load(output)
        for key in keys:
            previous, current = old_versions / key, output / key
            if not (previous.is_file() and current.is_file() and key.endswith(".docx")):
                continue
            old, new = previous.read_bytes(), current.read_bytes()
            if old == new:
                continue
            data, places = tracked_document(old, new, when)
            target = _comparison_path(output / COMPARISON_FOLDER / key, record)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
            record.comparisons[target.relative_to(output).as_posix()] = file_sha256(target)
            made.append(Comparison(current, target, places))
        record.save()
    return made


def _comparable(path: Path, folder: Path) -> bool:
    """A document of the kept folder: not gongwen's hidden files, comparisons or backups, nor a Word lock file."""
    parts = path.relative_to(folder).parts
    hidden = any(p.startswith((".", "~$")) for p in parts)
    return not hidden and parts[0] not in (COMPARISON_FOLDER, BACKUP_FOLDER) and "（新生成" not in path.stem


def _comparison_path(path: Path, record: Record) -> Path:
    """…（修改对照）.docx, replaced by the next one; one the clerk or the leader has changed is kept
    and the next number taken."""
    n = 1
    while True:
        target = path.with_name(f"{path.stem}（修改对照{'' if n == 1 else n}）{path.suffix}")
        key = target.relative_to(record.path.parent).as_posix()
        if not target.exists() or record.comparisons.get(key) == file_sha256(target):
            return target
        n += 1
