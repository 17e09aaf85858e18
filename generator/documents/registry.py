"""The one registry of document kinds: what each kind is, how its documents are found, where they go.

A kind is what the engine knows how to make (a notice, a plan per unit, a statistics
sheet per unit and period, a roll-up per period, ...). It is one `DocumentKind` declaration:
its name and description (the 文档 sheet's 种类 and its help), the function that lists its
documents, their default file and folder, whether there is one per period, its context record
(contexts.py: the fields and what `templates vars` says of each), the charts its template may
ask for, for a kind made by code rather than a template its writer (a function), and what
核稿 checks of its documents (the deadlines they are due by, set or restate; the reports they
quote; whether they print a unit's 存在问题). Which
kinds a campaign makes, under what names, is the campaign's: each row of its 文档 sheet (a
DocumentSpec) names one document and its kind, and its template is templates/<document>.docx.
Everything that treats kinds differently (reading the 文档 sheet, the batch renderer, the
template preflight, the variable catalogue, 核稿, `--kind`, `templates list`) reads the declaration,
so adding a kind is one `register` call (all of them are in output/kinds.py) and its template.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TypeVar, cast

from generator.documents.contexts import PERIOD_LABEL, SharedContext, described_paths
from generator.errors import Findings, InputError, InternalError, Location
from generator.inputs.model import Campaign, DocumentSpec, Inputs, Period, Report, Unit
from generator.inputs.schema import DOCUMENTS_SHEET, WORKBOOK_NAME
from generator.standard.charts import ChartSpec
from generator.standard.filenames import not_a_device
from generator.standard.words import TitleNames, chinese_date


@dataclass(frozen=True, slots=True)  # (slotted: a build holds 10,000 from its plan to its end)
class DocumentJob:
    """One document to make: which kind, where it goes, from what."""

    kind: str  # the engine's kind, e.g. 报表
    document: str  # the campaign's name for it, e.g. 周报: its template is templates/周报.docx
    unit: str | None  # the unit a unit document is for; None for the campaign's own documents
    output: str  # path relative to output/, with "/" separators (see output_name)
    title: str  # for the core properties
    author: str
    date_iso: str  # for the core properties: the document's own date
    context: SharedContext  # its kind's record (kind.context): read its own fields through typed_context
    sealed: bool = True  # how the 署名 is laid out: over the date for a seal, or 右空二字
    banji_on_even_page: bool = False  # see generator/pdf/banji_page.py
    original: str | None = None  # a twin's: the document it doubles, whose template's title it takes
    period: int | None = None  # a roll-up's period (Period.number): 核稿 asks after the build, its context emptied
    # The context composed again (kinds.py): a build lets each context go once it is hashed and composes
    # it again when the document is rendered (batch.render_all), so that it never holds every
    # document's at once (at 10,000 documents they took 40 MB). Not pickled: a worker that is sent its
    # jobs is sent their contexts, composed for it if they were let go.
    compose: Callable[[], SharedContext] | None = dataclasses.field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, object]:
        state = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "compose"}
        if not self.context and self.compose is not None:
            state["context"] = self.compose()
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        for f in dataclasses.fields(self):  # (frozen: set as dataclasses' own __init__ sets them)
            object.__setattr__(self, f.name, state.get(f.name))


@dataclass(frozen=True)
class Charts:
    """Native charts a kind's template may ask for by writing `marker` in a paragraph of its own."""

    marker: str
    draw: Callable[[DocumentJob], Sequence[Sequence[ChartSpec]]]  # rows of charts, from the job's context
    reads: tuple[str, ...] = ()  # the context paths `draw` reads (dotted); empty: all of it


# A kind's documents, from the inputs and what every document sees (kinds.common_context, composed
# once per build and shared by every unit's documents).
# Made one at a time (a generator): registry.plan_jobs hands each to whoever reads it before the next
# is composed, so that a build need not hold every context at once.
JobsOf = Callable[[Inputs, SharedContext, DocumentSpec], Iterable[DocumentJob]]
# A kind made by code: the file's bytes from a job (its context) and its title (the roll-up's
# spreadsheet: the title its original's template gives, engine.CompiledTemplate.title).
Writer = Callable[[DocumentJob, str], bytes]
# The context of one unit's document of one period, for the fill-in form titled as that document.
FormContext = Callable[[Inputs, SharedContext, Unit, Period], SharedContext]


@dataclass(frozen=True)
class Twin:
    """Another form of each document of a kind: the same context, title and date, another file
    (the roll-up's spreadsheet beside its .docx)."""

    of: str  # the kind whose documents it doubles
    suffix: str  # its file's suffix, e.g. ".xlsx"


@dataclass(frozen=True)
class Deadline:
    """A date of the 活动 sheet by which documents are sent in: what 核稿 compares documents' dates with."""

    column: str  # the 活动 sheet's column, e.g. 方案报送截止
    sent: str  # what is sent in by it, as a sentence names it: 方案
    named: str  # the same in full, as the problem names it: 工作方案
    of: Callable[[Campaign], dt.date | None]
    after_data: bool = False  # what is sent quotes every period: it is due after the last report is
    # A deadline of each period's document (a roll-up due 汇总上报日 days after its period): `of` is None
    # for the campaign, this gives each period's.
    of_period: Callable[[Campaign, Period], dt.date | None] | None = None
    said: str = ""  # the deadline as a problem names it, when not "「column」日期"
    dated: str = "落款"  # what dates what is sent: a roll-up's 制表日期 under its table

    def due(self, campaign: Campaign, period: Period | None) -> dt.date | None:
        """The deadline of a document: its period's, for a deadline of each period's document."""
        if self.of_period is not None:
            return self.of_period(campaign, period) if period is not None else None
        return self.of(campaign)


@dataclass(frozen=True)
class Cumulative:
    """Figures a kind's documents sum over the periods a unit reported (a statistics sheet's 累计): a
    period it did not report is left out, and a template that prints them must say so (pipeline
    warns of one that does not). Each is a dotted path of the kind's context."""

    figures: str  # where a template prints them from: 统计.行
    note: str  # the note naming the periods left out, empty when none is: 统计.累计说明
    told_by: tuple[str, ...]  # a template that reads any of these tells of the gap: the note, 统计.累计期数
    period: str  # the period's label, for the warning's example: 统计.期别


@dataclass(frozen=True)
class DocumentKind:
    name: str  # the 文档 sheet's 种类
    description: str  # what it makes, for the 种类 help, `templates list` and the page
    jobs: JobsOf | None = None  # None for a twin: its documents are its original's
    context: type[SharedContext] | None = None  # its context record (contexts.py); a twin's is its original's
    periodic: bool = False  # one document per reporting period: none when the campaign reports nothing (无)
    # Its documents are what the fill-in forms collect: a form is titled as its document, from this context.
    forms: FormContext | None = None
    # The reports a document's figures come from, for a document signed after them (核稿 says when
    # its date is earlier): a summary, a roll-up. None: it quotes none, or is dated by the period (报表).
    quotes: Callable[[Inputs, DocumentJob], Sequence[Report]] | None = None
    default_file: str = ""  # the file name pattern when the 文档 sheet gives none
    default_folder: str = ""
    writer: Writer | None = None  # None: rendered from templates/<document>.docx; else the code that makes it
    charts: Charts | None = None
    twin: Twin | None = None
    reads: tuple[str, ...] = ()  # what a code writer reads of the context (dotted paths); empty: all of it
    # What 核稿 checks of its documents (proofread/review.py reads these, never a kind's name):
    due: Deadline | None = None  # they are sent in by this date: one signed after it is late
    dated_by: str = ""  # where the clerk sets their date, for that remark's advice: 「单位」表的「方案日期」
    sets: Deadline | None = None  # the deadline they give their recipients: not before their own date
    states: tuple[Deadline, ...] = ()  # deadlines their text restates: the sentence a remark points at
    unit_problems: bool = False  # they print their unit's 存在问题: one text copied by many units shows there
    cumulative: Cumulative | None = None  # they print figures that leave out the periods a unit missed

    @property
    def has_template(self) -> bool:
        return self.writer is None

    @property
    def twin_of(self) -> str | None:
        return self.twin.of if self.twin else None


_REGISTRY: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Declare a kind: a kind of its own (jobs and a context record), or a twin of one declared before."""
    if kind.name in _REGISTRY:
        raise ValueError(f"document kind {kind.name!r} registered twice")
    if (kind.jobs is None) == (kind.twin is None) or (kind.twin and kind.twin.of not in _REGISTRY):
        raise ValueError(f"document kind {kind.name!r}: jobs of its own, or a twin of a kind registered before")
    if kind.twin and _REGISTRY[kind.twin.of].twin is not None:
        raise ValueError(f"document kind {kind.name!r}: a twin of a twin (make it a twin of the original)")
    if kind.jobs is not None and kind.context is None:
        raise ValueError(f"document kind {kind.name!r}: its context record is not declared")
    undescribed = [path for path, said in described_paths(kind.context).items() if not said] if kind.context else []
    if undescribed:
        raise ValueError(f"document kind {kind.name!r}: context fields without a description: {undescribed}")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (a test's throw-away kind, once its test is done)."""
    _REGISTRY.pop(name, None)


def kind(name: str) -> DocumentKind:
    found = _REGISTRY.get(name)
    if found is None:
        raise InternalError(f"document kind {name!r} is not registered")
    return found


def context_record(name: str) -> type[SharedContext]:
    """The record a kind's context is: its own, or, for a twin, its original's."""
    declared = kind(name)
    if declared.twin is not None:
        return context_record(declared.twin.of)
    if declared.context is None:
        raise InternalError(f"document kind {name!r} declares no context record")
    return declared.context


Context = TypeVar("Context", bound=SharedContext)


def typed_context(job: DocumentJob, record: type[Context]) -> Context:
    """A job's context as its kind's own record (`record`), for code that reads that kind's fields
    (a roll-up's 汇总, a sheet's 统计): mypy checks the keys read; a job of another kind is refused."""
    if context_record(job.kind) is not record:
        raise InternalError(f"a {job.kind} document's context read as {record.__name__}")
    return cast(Context, job.context)


def period_label(job: DocumentJob) -> str | None:
    """The period a periodic kind's document is of (its context's PERIOD_LABEL); None for the others."""
    if not kind(job.kind).periodic:
        return None
    try:
        label = value_at(job.context, PERIOD_LABEL)
    except KeyError:
        return None  # a periodic kind whose record names its period elsewhere
    return label if isinstance(label, str) else None


def kinds() -> list[DocumentKind]:
    """Every kind, in build order: as declared, each twin right after its original (the roll-up's
    spreadsheet after the roll-up, wherever it is declared)."""
    ordered: list[DocumentKind] = []
    for declared in _REGISTRY.values():
        if declared.twin is None:
            ordered += [declared, *(k for k in _REGISTRY.values() if k.twin and k.twin.of == declared.name)]
    return ordered


def deadlines() -> list[Deadline]:
    """Every deadline a kind declares (sent in by, set or restated), once each, as first declared."""
    found = [d for k in kinds() for d in (k.due, k.sets, *k.states) if d is not None]
    return list(dict.fromkeys(found))


def kind_names() -> tuple[str, ...]:
    return tuple(k.name for k in kinds())


def template_kind_names() -> tuple[str, ...]:
    return tuple(k.name for k in kinds() if k.has_template)


_UNSAFE_IN_FILENAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]')
# File systems count a name's bytes (255 on ext4 and NTFS); Chinese takes three in UTF-8. The room
# left is for a suffix such as （新生成2）.docx.
MAX_NAME_BYTES = 180


def safe_filename(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file name that Windows and Linux both accept, still readable Chinese.

    Unsafe and invisible characters become _, device names such as CON get a _, and a name too
    long for the file system is cut at a character boundary and given a short digest of the
    whole, so that two long names that differ only at the end stay different.
    """
    cleaned = _UNSAFE_IN_FILENAMES.sub("_", name).strip(" .")
    cleaned = cleaned.replace("..", "_") or "未命名"
    cleaned = not_a_device(cleaned)
    if len(cleaned.encode("utf-8")) <= limit:
        return cleaned
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    # the longest whole characters that leave room for …digest (cut once: a character at a time
    # encoded the name again for each, 18 s for a campaign name of 32,767 characters)
    room = limit - len(f"…{digest}".encode())
    kept = cleaned.encode("utf-8")[:room].decode("utf-8", "ignore")
    return f"{kept}…{digest}"


def output_name(folders: Iterable[str], stem: str, suffix: str) -> str:
    """Where a document goes under output/: the only place output file names are made safe."""
    return "/".join([*(safe_filename(f) for f in folders), safe_filename(stem) + suffix])


# Word, and Windows programs without long-path support, cannot open a file whose whole path is longer
# than this (MAX_PATH, 260 UTF-16 units with the terminating null). Room is kept for the longest
# name gongwen derives from a document's: …（新生成99）.docx beside it, or its .pdf.
MAX_WINDOWS_PATH = 259
DERIVED_NAME_ROOM = len("（新生成99）")


def longest_path(jobs: Iterable[DocumentJob], output_dir: Path) -> tuple[int, str] | None:
    """The longest whole path (in UTF-16 units, as Windows counts) a document may get under
    `output_dir`, with the document's own relative name, when it is longer than Windows allows."""
    worst: tuple[int, str] | None = None
    for job in jobs:
        whole = str(output_dir.absolute() / job.output)
        length = len(whole.encode("utf-16-le")) // 2 + DERIVED_NAME_ROOM
        if length > MAX_WINDOWS_PATH and (worst is None or length > worst[0]):
            worst = (length, job.output)
    return worst


def colliding(jobs: Iterable[DocumentJob]) -> list[tuple[DocumentJob, DocumentJob]]:
    """Pairs of documents that would go to one file (names made safe can meet; so can case)."""
    seen: dict[str, DocumentJob] = {}
    pairs = []
    for job in jobs:
        key = job.output.casefold()
        if key in seen:
            pairs.append((seen[key], job))
        else:
            seen[key] = job
    return pairs


def plan_jobs(
    inputs: Inputs,
    shared: Callable[[Inputs], SharedContext],
    documents: Collection[str] | None = None,
    seen: Callable[[Sequence[DocumentJob]], None] | None = None,
) -> list[DocumentJob]:
    """Every document the campaign makes, in the order of its 文档 sheet; only those of the 文档
    sheet's names in `documents` when given (the others' contexts are not composed at all).

    `seen` is given each job as soon as it is composed, with its twins (the jobs sharing its
    context), before the next is composed: it may read the context and let it go."""
    common = shared(inputs)  # one copy, shared by every unit's documents
    specs = inputs.campaign.documents
    by_document, twins = _made_documents(specs, documents)
    for spec in specs:
        k = _REGISTRY[spec.kind]
        if spec.name not in by_document or k.jobs is None or k.twin is not None:
            continue
        for job in k.jobs(inputs, common, spec):
            alike = [
                job,
                *(_twin_job(job, kind, twin.name, suffix, spec.name) for twin, kind, suffix in twins[spec.name]),
            ]
            for made in alike:
                by_document[made.document].append(made)
            if seen is not None:
                seen(alike)
    return [job for name, jobs in by_document.items() if documents is None or name in documents for job in jobs]


def _made_documents(
    specs: Sequence[DocumentSpec], documents: Collection[str] | None
) -> tuple[dict[str, list[DocumentJob]], dict[str, list[tuple[DocumentSpec, str, str]]]]:
    """(an empty list for each document made, in the 文档 sheet's order; each original's twins listed
    after it, as (spec, kind, suffix)). A twin listed before its original has no documents."""
    original_of = _originals(specs)
    needed = None if documents is None else {*documents, *(original_of[n].name for n in documents if n in original_of)}
    by_document: dict[str, list[DocumentJob]] = {}
    twins: dict[str, list[tuple[DocumentSpec, str, str]]] = {}
    for spec in specs:
        k = _REGISTRY[spec.kind]
        if needed is not None and spec.name not in needed:
            continue
        if k.twin is not None:
            by_document[spec.name] = []
            if original_of[spec.name].name in by_document:
                twins.setdefault(original_of[spec.name].name, []).append((spec, k.name, k.twin.suffix))
        elif k.jobs is not None:
            by_document[spec.name] = []
            twins.setdefault(spec.name, [])
    return by_document, twins


def originals(specs: Sequence[DocumentSpec]) -> dict[str, str]:
    """Each twin document's original document (the 汇总表's 汇总), by name."""
    return {name: spec.name for name, spec in _originals(specs).items()}


def _originals(specs: Sequence[DocumentSpec]) -> dict[str, DocumentSpec]:
    """Each twin document's original (the 汇总表's 汇总), by the twin's name."""
    return {
        spec.name: next(d for d in specs if d.kind == twin.of)
        for spec in specs
        if (twin := _REGISTRY[spec.kind].twin) is not None
    }


def _twin_job(job: DocumentJob, kind: str, document: str, suffix: str, original: str) -> DocumentJob:
    output = str(PurePosixPath(job.output).with_suffix(suffix))
    return dataclasses.replace(job, kind=kind, document=document, output=output, original=original)


# --- names --------------------------------------------------------------------------------------


def value_at(context: Mapping[str, object], path: str) -> object:
    """The value at a dotted context path (统计.期别); KeyError where there is none."""
    value: object = context
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise KeyError(path)
        value = value[part]
    return value


def _shown(value: object) -> str:
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, (Mapping, list, tuple)):
        raise TypeError
    return "".join(str(value).split("\n"))  # a title the clerk broke over two lines


_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def fill_pattern(pattern: str, context: Mapping[str, object], spec: DocumentSpec) -> str:
    """A file or folder name from a pattern such as "{单位.名称}{统计.期别}统计报表"."""

    def one(match: re.Match[str]) -> str:
        path = match.group(1).strip()
        try:
            return _shown(value_at(context, path))
        except (KeyError, TypeError):
            findings = Findings()
            where = spec.location or Location(f"inputs/{WORKBOOK_NAME}", DOCUMENTS_SHEET.name)
            findings.error(
                where,
                f"文档「{spec.name}」的文件名里的 {{{path}}} 不是这种文档可用的变量（用 gongwen templates vars 查看）",
            )
            raise InputError(findings.items) from None

    return _PLACEHOLDER.sub(one, pattern)


def document_output(
    spec: DocumentSpec, kind: DocumentKind, context: Mapping[str, object], suffix: str
) -> tuple[str, str]:
    """(where the document goes under output/, its title): from the 文档 sheet, or the kind's default."""
    stem = fill_pattern(spec.file_pattern or kind.default_file, context, spec)
    folder = fill_pattern(spec.folder_pattern or kind.default_folder, context, spec)
    folders = [part for part in folder.replace("\\", "/").split("/") if part.strip()]
    return output_name(folders, stem, suffix), stem


# The context's names a document's title is made of, where a title too long for one line may
# break (render/titles.py): names never broken inside (the unit's and organs' names, the issuing
# organ, the campaign's name and its place), and titles made of them (the plan's title).
TITLE_WHOLE_NAME_PATHS = (
    ("单位", "名称"),
    ("单位", "机关全称"),
    ("本级", "名称"),
    ("本级", "署名"),
    ("活动", "名称"),
    ("活动", "本级名称"),
    ("活动", "领导小组办公室"),
    ("活动", "牵头单位"),
    ("发文", "发文机关"),
)
TITLE_TITLE_PATHS = (("活动", "方案标题"),)


def title_names(context: Mapping[str, object]) -> TitleNames:
    """The names a document's title may hold (each on one line: a plan title typed on two)."""
    return TitleNames(_names_at(context, TITLE_WHOLE_NAME_PATHS), _names_at(context, TITLE_TITLE_PATHS))


def title_name_values(context: Mapping[str, object]) -> dict[str, dict[str, str]]:
    """The names title_names takes from `context`, by record and field (活动 → 本级名称 → 永清县): where
    a title breaks depends on them whether or not its template reads them, so a build records them
    as read by every document whose title it breaks (pipeline.SourceHasher)."""
    values: dict[str, dict[str, str]] = {}
    for record, field in (*TITLE_WHOLE_NAME_PATHS, *TITLE_TITLE_PATHS):
        name = _name_at(context, record, field)
        if name:
            values.setdefault(record, {})[field] = name
    return values


def _names_at(context: Mapping[str, object], paths: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    return tuple(name for record, field in paths if (name := _name_at(context, record, field)))


def _name_at(context: Mapping[str, object], record: str, field: str) -> str:
    owner = context.get(record)
    value = owner.get(field) if isinstance(owner, Mapping) else None
    return "".join(value.split("\n")) if isinstance(value, str) else ""
