"""The application API: every step gongwen offers, for every front end.

The command line (generator/cli) and the web page call these functions and nothing
below them: they parse what the clerk asked for, call one function here, and show
the result. Each function takes a workspace, does the whole step (validation
included) and returns plain data, or raises a GongwenError whose lines are the
Chinese message to show.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import (
    Finding,
    Findings,
    GongwenError,
    InputError,
    Location,
    SelectionError,
    Severity,
    WorkspaceError,
    disk_full,
    path_refused,
    present,
    save_error_log,
)
from generator.inputs.status import LATE, MISSING, REPORTED
from generator.output.lock import BuildLock
from generator.output.report import BuildReport, Outcome, unchanged_build
from generator.output.workers import default_jobs
from generator.pdf.hints import FONT_HINT, INSTALL_HINT
from generator.workspace import DEFAULT_EXAMPLE, STARTER, Workspace, bundled_examples, export_template, init_workspace

# The engine (workbook reader, document kinds, renderer, LibreOffice) is imported where it is
# used, so that a command starts without what it does not need: `gongwen --help` and a no-op
# build import none of it.
if TYPE_CHECKING:
    import zipfile
    from collections.abc import Callable

    from generator.check.conformance import Defect
    from generator.documents.registry import DocumentJob as DocumentJob  # re-exported for annotations
    from generator.forms.returns import Collected
    from generator.importer import ImportReport
    from generator.inputs.model import Inputs
    from generator.inputs.xlsx_reader import Cell, Sheet
    from generator.output.manifest import Manifest
    from generator.pipeline import Comparison as Comparison  # re-exported for annotations
    from generator.pipeline import Planned as Planned  # re-exported for annotations
    from generator.pipeline import Prediction as Prediction  # re-exported for annotations
    from generator.proofread.review import AnyRemark  # for annotations
    from generator.render.catalog import SetupJobs, Variable


def kinds() -> tuple[str, ...]:
    """The engine's document kinds (a campaign names its documents), for front ends to show."""
    from generator import pipeline

    return tuple(k.name for k in pipeline.document_kinds())


def template_kinds() -> tuple[str, ...]:
    """The kinds made from a template (汇总表 is made by code)."""
    from generator import pipeline

    return tuple(k.name for k in pipeline.document_kinds() if k.has_template)


def chinese_date(value: dt.date) -> str:
    """2018年1月22日, as every document writes a date."""
    from generator.render.filters import format_date

    return format_date(value)


def filters() -> dict[str, tuple[str, str]]:
    """The 公文 filters templates may use: name -> (what it does, an example)."""
    from generator.render.filters import FILTERS, GLOBALS

    said = {name: (about, example) for name, (_, about, example) in FILTERS.items()}
    return said | {f"{name}()": (about, example) for name, (_, about, example) in GLOBALS.items()}


__all__ = [
    "BLANK",
    "EXAMPLES",
    "FONT_HINT",
    "INSTALL_HINT",
    "LATE",
    "MISSING",
    "REPORTED",
    "BuildReport",
    "CheckReport",
    "CollectReport",
    "DocumentFile",
    "Finding",
    "Findings",
    "FormsReport",
    "GongwenError",
    "InputError",
    "Location",
    "Outcome",
    "PdfReport",
    "SelectionError",
    "Severity",
    "TemplateInfo",
    "TemplateInstall",
    "Workspace",
    "build",
    "bundle",
    "cached_thumbnail",
    "check",
    "check_setup",
    "check_templates",
    "chinese_date",
    "collect",
    "compare",
    "default_jobs",
    "disk_full",
    "documents",
    "documents_below",
    "export",
    "filters",
    "forms",
    "init",
    "install_template",
    "kinds",
    "libreoffice_present",
    "load",
    "make_pdfs",
    "make_thumbnails",
    "name_within",
    "not_a_device_name",
    "notice_refused",
    "path_refused",
    "plan",
    "predict",
    "preview",
    "sample_documents",
    "save_error_log",
    "template_kinds",
    "template_variables",
    "templates",
    "units_in_workbook",
    "units_last_read",
    "validate",
    "workbook_in_use",
    "workbook_read",
    "write_shortcut",
    "zip_directory_problem",
    "zip_member_name",
    "zip_resource_fork",
]


# The last reading of each workspace's workbook, by the file's identity, size and time: the web page
# asks for the inputs on every request, and a 200-unit workbook takes seconds to read.
_READ: dict[Path, tuple[tuple[int, int, int], Inputs | None, list[Finding]]] = {}


def validate(workspace: Workspace) -> tuple[Inputs | None, Findings]:
    """Read and check the workbook: the model (None when there are errors) and every finding. A
    workbook not changed since it was last read here is not read again (the model is immutable)."""
    from generator import pipeline

    workspace.check()
    try:
        stat = workspace.workbook.stat()
        stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return pipeline.validate(workspace)  # says what is wrong with the file
    known = _READ.get(workspace.root)
    if known is not None and known[0] == stamp:
        return known[1], Findings(list(known[2]))
    inputs, findings = pipeline.validate(workspace)
    if len(_READ) > 8:  # a clerk switches between a few workspaces
        _READ.clear()
    _READ[workspace.root] = (stamp, inputs, list(findings.items))
    return inputs, findings


def workbook_read(workspace: Workspace) -> bool:
    """Whether `validate` answers at once: the workbook is unchanged since it was last read here."""
    try:
        stat = workspace.workbook.stat()
    except OSError:
        return True  # a missing workbook is said at once, nothing to read
    known = _READ.get(workspace.root)
    return known is not None and known[0] == (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def units_last_read(workspace: Workspace) -> int | None:
    """How many units the workbook had when it was last read here (None: never read, or unreadable)."""
    known = _READ.get(workspace.root)
    return len(known[1].units) if known is not None and known[1] is not None else None


def units_in_workbook(workspace: Workspace) -> int | None:
    """The rows of the 单位 sheet below its header, counted without reading the rest (a few
    milliseconds at 2,000 units): what the page says while the whole workbook is read. None when
    the sheet cannot be counted (the reading says why)."""
    from generator.inputs.schema import UNITS_SHEET
    from generator.inputs.xlsx_reader import XlsxWorkbook

    try:
        sheet = XlsxWorkbook(str(workspace.workbook), within=workspace.root).sheet(UNITS_SHEET.name)
    except Exception:  # any damage: validate names it, with its cell
        return None
    named = [r for r, cells in sheet.rows.items() if cells.get(1) is not None and cells[1].value not in (None, "")]
    return max(len(named) - 1, 0)  # the first is the header


def load(workspace: Workspace) -> Inputs:
    """The checked inputs, or InputError with every finding."""
    inputs, findings = validate(workspace)
    if inputs is None:
        raise InputError(findings.items)
    return inputs


def plan(
    workspace: Workspace, *, force: bool = False, kinds: Sequence[str] = (), units: Sequence[str] = ()
) -> tuple[list[Planned], Findings, dict[str, Path]]:
    """What a build would do, document by document, and why (``gongwen build --dry-run``)."""
    from generator import pipeline

    return pipeline.plan(workspace, force=force, kinds=kinds, units=units)


def predict(
    workspace: Workspace,
    *,
    force: bool = False,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    jobs: int | None = None,
    progress: Callable[[int], Callable[[DocumentJob], None]] | None = None,
) -> tuple[list[Prediction], Findings]:
    """``gongwen build --dry-run``: exactly the documents a build would write, and why. The documents
    whose inputs changed are rendered outside the workspace and compared with output/'s files.
    `progress(total)` returns a per-document callback."""
    from generator import pipeline

    return pipeline.predict(workspace, force=force, kinds=kinds, units=units, jobs=jobs, progress=progress)


def build(
    workspace: Workspace,
    *,
    force: bool = False,
    kinds: Sequence[str] = (),
    units: Sequence[str] = (),
    jobs: int | None = None,
    progress: Callable[[int], Callable[[DocumentJob], None]] | None = None,
) -> BuildReport:
    """Generate the selected documents. `progress(total)` returns a per-document callback."""
    started = time.perf_counter()
    if not force and not kinds and not units:
        workspace.check()
        unchanged = unchanged_build(workspace, started)  # answers without loading the engine
        if unchanged is not None:
            return unchanged
    from generator import pipeline

    return pipeline.build(workspace, force=force, kinds=kinds, units=units, jobs=jobs, progress=progress)


def compare(
    workspace: Workspace, documents: Sequence[Path] | None = None, since: Path | None = None
) -> list[Comparison]:
    """修改对照稿 (``gongwen build --对照``, the 生成 page's button): for each of `documents` (by default
    those the last build that changed anything updated), the document as it is now with the changes
    since its previous version as Word tracked changes, in output/修改对照/. With `since`, a folder
    of earlier versions (``--对照旧版 文件夹``): each of its documents against the one in output/."""
    from generator import pipeline

    workspace.check()
    if since is not None and not since.is_dir():
        raise SelectionError(f"找不到文件夹「{since}」（--对照旧版 后面写保存旧版文档的文件夹，如 D:\\已印发\\output）")
    return pipeline.compare(workspace, documents, since)


def proofread(workspace: Workspace) -> list[AnyRemark]:
    """核稿: the contradictions of the campaign and its generated documents (warnings; `build` reports
    them too). A document not generated yet is named without its paragraph."""
    from generator.proofread.review import Documents, review

    inputs = load(workspace)
    documents = Documents(workspace.output_dir, workspace.display(workspace.output_dir))
    return review(inputs, _plan(inputs), documents, workspace.display(workspace.workbook))


# --- PDF, print bundles, previews --------------------------------------------------------------


@dataclass(frozen=True)
class PdfReport:
    converted: int
    current: int
    missing_fonts: list[tuple[str, str]]  # (official font, the face drawn instead)


def make_pdfs(workspace: Workspace, paths: Sequence[Path], jobs: int) -> PdfReport:
    """PDFs beside the .docx files whose PDF is missing or was made from other bytes of them:
    a pool of LibreOffice processes, under the workspace lock."""
    from generator.pdf import libreoffice

    with BuildLock(workspace.output_dir, doing="转换 PDF"):
        documents = [p for p in paths if p.suffix == ".docx" and p.exists()]
        current = libreoffice.current_pdfs(documents)
        todo = [(d, d.with_suffix(".pdf")) for d in documents if d not in current]
        missing = libreoffice.missing_fonts() if todo else []
        libreoffice.convert_many(todo, jobs)
        if todo:
            libreoffice.record_pdfs(workspace.output_dir, [d for d, _ in todo])
    return PdfReport(len(todo), len(documents) - len(todo), missing)


@dataclass(frozen=True)
class BundleReport:
    target: Path
    documents: int
    pages: int
    starts: list[int]  # the page each document starts on
    pdfs: PdfReport


def bundle(workspace: Workspace, kind: str, jobs: int) -> BundleReport:
    """One PDF of every document of a kind (or of one of the campaign's documents), in the
    workbook's unit order, each on an odd page."""
    from generator.pdf import libreoffice

    inputs = load(workspace)
    planned = _plan(inputs)
    documents = [workspace.output_dir / job.output for job in planned if kind in (job.document, job.kind)]
    if not documents:
        names = "、".join(dict.fromkeys(job.document for job in planned))
        raise SelectionError(f"这次活动没有「{kind}」这种文档；可选：{names}")
    if any(d.suffix != ".docx" for d in documents):
        raise SelectionError(
            f"「{kind}」是 Excel 表格，不能合订成 PDF；请用 Excel 或 WPS 表格打开它直接打印（打印格式已设好）"
        )
    missing = [d for d in documents if not d.exists()]
    if missing:
        raise WorkspaceError(
            f"还没有生成「{workspace.display(missing[0])}」等 {len(missing)} 个文件，请先运行 gongwen build"
        )
    pdfs = make_pdfs(workspace, documents, jobs)
    target = workspace.output_dir / "打印" / f"{kind}合订本.pdf"
    starts = libreoffice.bundle([d.with_suffix(".pdf") for d in documents], target)
    return BundleReport(target, len(documents), libreoffice.page_count(target), starts, pdfs)


def preview(workspace: Workspace, document: Path, dpi: int) -> tuple[Path, list[Path]]:
    """A PNG per page of any .docx: the folder and the pictures, in page order."""
    import shutil

    from generator.pdf import libreoffice
    from generator.standard.package import MAX_LAID_OUT_PARAGRAPHS, BadPackage, read_document

    try:  # looked at before LibreOffice sees it: what it is, its zip, its main part, its length
        data = read_document(document, max_paragraphs=MAX_LAID_OUT_PARAGRAPHS)
    except BadPackage as exc:
        raise WorkspaceError(f"「{document.name}」无法预览：{exc}") from None
    target = workspace.output_dir / "预览" / document.stem if workspace.output_dir.is_dir() else None
    target = target or document.parent / f"{document.stem}（预览）"
    for old in target.glob("第*页.png") if target.exists() else []:
        old.unlink()
    with libreoffice.scratch_folder() as tmp:  # (the page may be stopped while it draws)
        checked = Path(tmp) / "source" / f"{document.stem}.docx"  # the bytes looked at, not the name
        checked.parent.mkdir()
        checked.write_bytes(data)
        (pdf,) = libreoffice.convert_to_pdf([checked], Path(tmp))
        pngs = libreoffice.render_png(pdf, Path(tmp) / "page", dpi=dpi)
        target.mkdir(parents=True, exist_ok=True)
        shown = []
        for i, png in enumerate(pngs, start=1):
            page = target / f"第{i}页.png"
            shutil.copyfile(png, page)
            shown.append(page)
    return target, shown


@dataclass(frozen=True)
class DocumentFile:
    document: str  # the campaign's name for it, e.g. 方案
    unit: str | None
    path: Path
    exists: bool
    edited: bool  # changed by hand since gongwen wrote it
    beside: tuple[Path, ...]  # the new versions gongwen wrote next to it: 方案（新生成）.docx …
    period: str | None = None  # the period a statistics sheet or roll-up is of: 2018年2月

    @property
    def label(self) -> str:
        """What its card says: the unit and the period (永清镇 2018年2月), a roll-up by its period."""
        return " ".join(part for part in (self.unit, self.period) if part) or self.document


# The jobs planned from one reading of the workbook (validate keeps the reading while the file is
# unchanged): the same model plans the same jobs, and planning 2,000 units' takes seconds.
_PLANNED: dict[int, tuple[Inputs, list[DocumentJob], SetupJobs | None]] = {}


def _planned(inputs: Inputs) -> tuple[Inputs, list[DocumentJob], SetupJobs | None]:
    from generator.documents.kinds import plan_jobs

    known = _PLANNED.get(id(inputs))
    if known is None or known[0] is not inputs:
        if len(_PLANNED) > 8:
            _PLANNED.clear()
        known = _PLANNED[id(inputs)] = (inputs, plan_jobs(inputs), None)
    return known


def _plan(inputs: Inputs) -> list[DocumentJob]:
    return list(_planned(inputs)[1])


def documents(workspace: Workspace, hand_edits: bool = True) -> list[DocumentFile]:
    """Every document the campaign makes, in the workbook's order, and the state of its file. Without
    `hand_edits` none is marked edited: a page of 48 cards asks `hand_edited` about those it shows
    rather than have 10,000 files looked at (2,000 units)."""
    from generator.documents import registry
    from generator.output.manifest import Manifest

    output = workspace.output_dir
    manifest = Manifest.load(output) if hand_edits else None
    # Each folder listed once (10,000 documents at 2,000 units: a listing per folder, not a stat per file):
    # its files, and of them the new versions written beside hand-edited documents (「名称（新生成）.docx」).
    listed: dict[str, tuple[set[str], list[str]]] = {}
    out = []
    for job in _plan(load(workspace)):
        path = output / job.output
        folder = str(job.output).rpartition("/")[0]  # a string key: 10,000 Path hashes cost a tenth of a second
        if folder not in listed:
            names = _files_in(path.parent)
            listed[folder] = set(names), [n for n in names if "（新生成" in n and n.endswith(".docx")]
        names_here, written_beside = listed[folder]
        exists = path.name in names_here
        edited = exists and manifest is not None and manifest.trusted and not manifest.wrote(job.output, path)
        prefix = f"{path.stem}（新生成"
        beside = tuple(path.parent / n for n in written_beside if n.startswith(prefix)) if exists else ()
        out.append(DocumentFile(job.document, job.unit, path, exists, edited, beside, registry.period_label(job)))
    return out


def hand_edited(workspace: Workspace, shown: Sequence[DocumentFile]) -> list[DocumentFile]:
    """`shown` (from documents without hand_edits), each marked edited when changed by hand since gongwen wrote it."""
    import dataclasses

    manifest = _manifest_of(workspace)

    def edited(document: DocumentFile) -> bool:
        key = document.path.relative_to(workspace.output_dir).as_posix()
        return document.exists and manifest.trusted and not manifest.wrote(key, document.path)

    return [dataclasses.replace(d, edited=edited(d)) for d in shown]


# The manifest as last loaded per output folder, with the state of its files: 10,000 entries take a few
# tenths of a second to load, and a page of cards asks again while nothing was built.
_MANIFESTS: dict[Path, tuple[tuple[tuple[int, int, int] | None, ...], Manifest]] = {}


def _manifest_of(workspace: Workspace) -> Manifest:
    from generator.output.manifest import MANIFEST_NAME, STAMPS_NAME, Manifest

    def state(path: Path) -> tuple[int, int, int] | None:
        try:
            info = path.stat()
        except OSError:
            return None
        return info.st_ino, info.st_size, info.st_mtime_ns

    output = workspace.output_dir
    now = (state(output / MANIFEST_NAME), state(output / STAMPS_NAME))
    known = _MANIFESTS.get(output)
    if known is not None and known[0] == now and now[0] is not None:
        return known[1]
    manifest = Manifest.load(output)
    if len(_MANIFESTS) > 8:
        _MANIFESTS.clear()
    _MANIFESTS[output] = (now, manifest)
    return manifest


def _files_in(folder: Path) -> list[str]:
    """The names of the files in `folder`, sorted (none when it does not exist yet)."""
    import os

    try:
        with os.scandir(folder) as entries:
            return sorted(e.name for e in entries if e.is_file())
    except OSError:
        return []


def libreoffice_present() -> bool:
    """Whether PDFs, thumbnails and layout checks can be made on this machine."""
    from generator.pdf.libreoffice import find_soffice

    return find_soffice() is not None


THUMBNAIL_DPI = 40


def _thumbnail_file(document: Path) -> Path:
    from generator.cache import cache_dir
    from generator.output.manifest import file_sha256

    return cache_dir("thumbnails") / f"{file_sha256(document)}-{THUMBNAIL_DPI}.png"


def cached_thumbnail(document: Path) -> bytes | None:
    """Page 1 of a .docx as a PNG, if make_thumbnails has drawn these bytes of it before."""
    path = _thumbnail_file(document)
    return path.read_bytes() if path.is_file() else None


def make_thumbnails(documents: Sequence[Path]) -> None:
    """Draw page 1 of each document not drawn yet: one LibreOffice run for all of them
    (a run costs a second or two; a page costs a fraction of that). Kept in the cache by the
    document's bytes, so a rebuilt document gets a new picture and an unchanged one keeps its own."""

    from generator.cache import store_in_cache
    from generator.pdf import libreoffice

    todo = [d for d in dict.fromkeys(documents) if d.is_file() and cached_thumbnail(d) is None]
    with libreoffice.scratch_folder() as tmp:  # (the page may be stopped while it draws)
        for batch in _unique_stems(todo):
            pdfs = libreoffice.convert_to_pdf([d.resolve() for d in batch], Path(tmp))
            for document, pdf in zip(batch, pdfs, strict=True):
                (png,) = libreoffice.render_png(pdf, Path(tmp) / pdf.stem, dpi=THUMBNAIL_DPI, first=1, last=1)
                store_in_cache(_thumbnail_file(document), png.read_bytes())


def _unique_stems(documents: list[Path]) -> list[list[Path]]:
    """Batches in which no two documents share a name (their PDFs land in one folder)."""
    batches: list[list[Path]] = []
    for document in documents:
        batch = next((b for b in batches if all(d.stem != document.stem for d in b)), None)
        if batch is None:
            batches.append(batch := [])
        batch.append(document)
    return batches


# --- gongwen check -----------------------------------------------------------------------------


@dataclass
class CheckReport:
    # Per document: its defects, or one sentence when it could not be read at all.
    results: dict[Path, list[Defect] | str] = field(default_factory=dict)
    laid_out: bool = False  # False when LibreOffice was not asked for or is missing
    soffice_missing: bool = False
    layout_asked: bool = True
    # Per document: what could not be judged on its pages, and why (a sentence for the clerk).
    notes: dict[Path, str] = field(default_factory=dict)

    @property
    def skipped(self) -> str | None:
        """Which checks were not made and why, in a sentence for the clerk (None: all were made)."""
        from generator.check.conformance import RENDERED_CHECKS

        if self.laid_out or not self.results:
            return None
        why = "本机没有找到 LibreOffice" if self.soffice_missing else "按要求只检查了文件设置（--no-pdf）"
        if self.layout_asked and not self.soffice_missing:
            why = "没有可以排版的文件"
        return f"没有检查实际排版（{RENDERED_CHECKS}）：{why}。"

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results.values() if r == [])

    @property
    def conforms(self) -> bool:
        return all(r == [] for r in self.results.values())

    def as_json(self) -> str:
        import json

        report = [
            {"文件": str(d), "符合": r == [], "问题": [r] if isinstance(r, str) else [vars(x) for x in r]}
            | ({"说明": self.notes[d]} if d in self.notes else {})
            for d, r in self.results.items()
        ]
        return json.dumps(report, ensure_ascii=False, indent=2)


def check(documents: Sequence[Path], *, lay_out: bool = True, jobs: int = 1) -> CheckReport:
    """GB/T 9704 checks of any .docx files: from their XML, then (with LibreOffice) as laid out."""
    import zipfile

    from generator.check.conformance import check_document
    from generator.pdf import libreoffice
    from generator.standard.package import MAX_LAID_OUT_PARAGRAPHS, TextTooLongPackage, read_document

    report = CheckReport(layout_asked=lay_out)
    for document in documents:
        try:
            read_document(document, max_paragraphs=MAX_LAID_OUT_PARAGRAPHS)  # what it is, before reading it
            report.results[document] = check_document(document)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:  # lxml's XMLSyntaxError is a ValueError
            what = "" if isinstance(exc, TextTooLongPackage) else "不是有效的 Word（.docx）文件，"
            report.results[document] = f"{what}无法检查：{_why_unreadable(exc)}"
    readable = [d for d, r in report.results.items() if not isinstance(r, str)]
    if not lay_out or not readable:
        return report
    if libreoffice.find_soffice() is None:
        report.soffice_missing = True
        return report
    found = {d: r for d, r in report.results.items() if isinstance(r, list)}
    for document, (defects, note) in _rendered_defects(readable, jobs, found).items():
        found[document].extend(defects)
        if note:
            report.notes[document] = note
    report.laid_out = True
    return report


def documents_below(paths: Sequence[Path]) -> list[Path]:
    """The files to check: each file named, and every .docx below each folder named (Word's
    ~$ lock files and gongwen's hidden staging folders left out), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        below = sorted(p for p in path.rglob("*.docx") if p.is_file() and not p.name.startswith("~$"))
        found += [p for p in below if not any(part.startswith(".") for part in p.relative_to(path).parts)]
    return list(dict.fromkeys(found))


def _why_unreadable(exc: Exception) -> str:
    """One reason a clerk can act on, for a file `check` could not read."""
    import zipfile

    from generator.standard.package import BadPackage
    from generator.standard.wordml import BadPart

    if isinstance(exc, BadPackage):
        return str(exc)  # already in Chinese: which member, which limit
    if isinstance(exc, BadPart) and "DOCTYPE" in str(exc):
        return "文件里有 DOCTYPE 声明（Word 文件从不带它，可能是恶意构造的文件）"
    if isinstance(exc, KeyError):
        return "缺少正文部分（word/document.xml）"
    if isinstance(exc, zipfile.BadZipFile):
        return "不是 Word 的压缩包格式，或文件不完整"
    if isinstance(exc, OSError):
        return "文件无法读取"
    return "文件内容的 XML 格式有错误（或嵌套过深）"


def _rendered_defects(
    documents: list[Path], jobs: int, found: dict[Path, list[Defect]]
) -> dict[Path, tuple[list[Defect], str | None]]:
    """Lay each document out with LibreOffice (reusing a current PDF beside it) and check the pages."""
    import tempfile

    from generator.check.conformance import check_rendered, expected_pages
    from generator.pdf import libreoffice

    current = libreoffice.current_pdfs(documents)
    with tempfile.TemporaryDirectory(prefix="gongwen-check-") as tmp:
        pdfs: dict[Path, Path] = {}
        todo = []
        for i, document in enumerate(documents):
            if document in current:
                pdfs[document] = document.with_suffix(".pdf")
            else:
                pdfs[document] = Path(tmp) / f"{i}.pdf"
                todo.append((document.resolve(), pdfs[document]))
        libreoffice.convert_many(todo, jobs)
        results = {}
        for document, pdf in pdfs.items():
            expected = expected_pages(document, found.get(document, []))
            results[document] = (check_rendered(pdf, expected), expected.note)
        return results


# --- fill-in forms -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormsReport:
    period_name: str
    written: list[Path]
    kept: list[Path]  # already there: never overwritten


def forms(workspace: Workspace, period: str, units: Sequence[str] = ()) -> FormsReport:
    """The fill-in forms of one period (2018-02, 第3周, or its number), one .xlsx per unit."""
    from generator import pipeline
    from generator.forms import fill_in
    from generator.inputs.periods import ambiguous_period, find_period, periods_listed

    inputs = load(workspace)
    campaign = inputs.campaign
    if not campaign.periods or not inputs.metrics:
        raise SelectionError(
            "这次活动不报送统计报表（「活动」表的「报送周期」为“无”或没有「统计指标」表），没有填报表可生成"
        )
    wanted = find_period(period.strip(), campaign.periods, campaign.period_kind)
    if wanted is None and (twice := ambiguous_period(period.strip(), campaign.periods)) is not None:
        raise SelectionError(twice)
    if wanted is None:
        raise SelectionError(
            f"期别「{period}」不对：这次活动按“{campaign.period_kind.name}”报送，"
            f"共 {len(campaign.periods)} 期：{periods_listed(campaign.periods)}（也可以写第几期）"
        )
    selected = list(pipeline.select_units(units, [u.name for u in inputs.units]))
    with BuildLock(workspace.output_dir, doing="生成填报表"):  # the forms, and the workspace's form key on first use
        key = present(fill_in.form_key(workspace.inputs_dir, create=True), "the workspace's form key")
        titles = pipeline.form_titles(workspace, inputs, wanted, selected)
        written, kept = fill_in.write_forms(workspace.output_dir, inputs, wanted, titles, key)
    return FormsReport(wanted.label, written, kept)


# --- 报送台账 ---------------------------------------------------------------------------------------

# A form of the last upload the unit must send again, said as `collect` said it (forms.returns.Outcome's
# words: app imports that module only when forms are collected), or held for its blank cells.
REJECTED, REFUSED, BLANKS = "未采用", "拒收", "有空格"
SEND_AGAIN = (REJECTED, REFUSED, BLANKS)
# Two forms or more of one unit and period in the last upload, held until the clerk keeps one: the
# unit reported, so it is not chased; the clerk has a choice to make.
TO_CHOOSE = "待选定"
# A form refused for its seal, told to the unit: the clerk's reason (校验码不符：这份表不是本工作区…)
# names nothing the unit can mend; what it can do is fill in the form it was sent.
SEAL_REFUSED_TOLD = "您报来的表被改动过，无法核对，请用发给您的填报表重新填写后于今天下班前报送"
_SAID_BEFORE = {"被拒": REJECTED}  # a status as gongwen 0.4.0 recorded it


@dataclass(frozen=True)
class LedgerRow:
    unit: str
    status: str  # the model's REPORTED, LATE or MISSING; for a form just returned one of SEND_AGAIN
    received: str  # the 填报日期 the unit wrote on its form, as written ("" when none)
    why: tuple[str, ...] = ()  # why a returned form was refused, cell by cell; or the cells left blank
    standing: str = ""  # the model's status even when `status` is one of SEND_AGAIN: what the documents say
    corrected: str = ""  # the day a correction (更正) replaced the report; `received` is then the first report's

    @property
    def received_said(self) -> str:
        """The 填报日期 as the 台账 shows it: 2018年2月28日, or 2018年2月28日（2018年3月5日更正）."""
        return f"{self.received}（{self.corrected}更正）" if self.corrected else self.received

    @property
    def kept(self) -> str | None:
        """For a unit whose report was merged before its last form was refused or held: what stands."""
        if self.status in (*SEND_AGAIN, TO_CHOOSE) and self.standing in (REPORTED, LATE):
            return f"工作簿里仍是此前报来的数（{self.standing}），这次的表没有并入"
        return None

    def reminder(self, period: str, due: dt.date, today: dt.date | None = None) -> str | None:
        """The 催报 sentence for a unit whose report is missing, refused or incomplete, ready to paste."""
        if self.status == MISSING:
            if (today or dt.date.today()) > due:
                return f"{self.unit}：{period}报表还没有收到（{chinese_date(due)}已截止），请于今天下班前报送"
            return f"{self.unit}：{period}报表还没有收到，请于{chinese_date(due)}前报送"
        if self.status == REFUSED and self._seal_refused():
            return f"{self.unit}：{period}报表 {SEAL_REFUSED_TOLD}"
        if self.status in SEND_AGAIN:
            import re

            why = "；".join(re.sub(r"^([A-Z]{1,3}[0-9]+)：", r"\1 格", line) for line in self.why)  # D6： -> D6 格
            return f"{self.unit}：{period}报表 {why}，请改好后于今天下班前重报"
        return None

    def _seal_refused(self) -> bool:
        """Refused for its seal (校验码): the form was changed, or is not the one sent to this unit."""
        from generator.forms.returns import SEAL_REFUSED

        return any(line.startswith(SEAL_REFUSED) for line in self.why)


@dataclass(frozen=True)
class Ledger:
    period: str
    due: dt.date
    rows: list[LedgerRow]
    covers: str = ""  # the days of the period, as a form's 统计时段 says them: 6月15日至6月21日

    @property
    def period_told(self) -> str:
        """The period as a 催报 names it to a unit: 第3周 alone says nothing outside gongwen (第3周（6月15日至
        6月21日））; a label that names its month (2018年2月, 2022年6月上半月) says enough."""
        return f"{self.period}（{self.covers}）" if self.covers and "月" not in self.period else self.period

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def summary(self) -> str:
        """The counts as the roll-up and the county summary say them (已报送 counts the late units too,
        a unit whose last form was refused is 未报送 until one is merged; none missing: 全部报送), then
        who must send again."""
        standing = [row.standing or row.status for row in self.rows]
        reported = sum(1 for s in standing if s in (REPORTED, LATE))
        late = f"（其中逾期 {standing.count(LATE)} 个）" if LATE in standing else ""
        missing = standing.count(MISSING)
        said = f"已报送 {reported} 个{late}，未报送 {missing} 个" if missing else f"全部报送{late}"
        text = f"共 {len(self.rows)} 个单位，{said}"
        again = "、".join(f"{s} {self.count(s)} 个" for s in SEND_AGAIN if self.count(s))
        text = f"{text}；最近一次上传里要重报的：{again}" if again else text
        chosen = self.count(TO_CHOOSE)
        return f"{text}；收到两份以上、待您选定的 {chosen} 个。" if chosen else f"{text}。"


def _returned_row(item: Collected, received: str) -> LedgerRow | None:
    """A form of the last upload that the unit has to send again: refused, or held for blank cells;
    or one of two or more of its unit and period, held until the clerk keeps one."""
    if item.duplicates:
        files = "、".join(f"「{name}」" for name in sorted([item.file, *item.duplicates]))
        why = f"收到 {len(item.duplicates) + 1} 份（{files}），都未并入，请只留一份"  # as collect says it
        return LedgerRow(item.unit, TO_CHOOSE, item.footer.get("填报日期", received), (why,))
    if item.refused:
        said = item.outcome.value  # 未采用 (wrong cells) or 拒收 (not this campaign's form), as collect said
        return LedgerRow(item.unit, said, item.footer.get("填报日期", received), tuple(item.details))
    if item.blanks:
        cells = "、".join(f"{cell} 格（{metric}）" for metric, cell in item.blanks)
        why = f"{cells}没有填；没有发生的请填 0"
        return LedgerRow(item.unit, BLANKS, item.footer.get("填报日期", received), (why,))
    return None


def ledger(workspace: Workspace, period: str) -> Ledger:
    """报送台账 of one period (2018-02, 第3周, or its number): each unit's reporting status as the model
    computes it (已报送, 逾期报送 or 未报送) with the 填报日期 it wrote; a unit whose last returned form
    (收回, on the page or the command line) was refused or has blank cells says so, with why."""
    from generator.inputs.periods import ambiguous_period, find_period, periods_listed

    inputs = load(workspace)
    campaign = inputs.campaign
    wanted = find_period(period.strip(), campaign.periods, campaign.period_kind) if campaign.periods else None
    if wanted is None and (twice := ambiguous_period(period.strip(), campaign.periods)) is not None:
        raise SelectionError(twice)
    if wanted is None:
        labels = periods_listed(campaign.periods) or "（这次活动不报送统计报表）"
        raise SelectionError(f"期别「{period}」不对：可选 {labels}（也可以写第几期）")
    again = _read_returned(workspace).get(str(wanted.number), {})
    rows = [_ledger_row(inputs, u.name, wanted.number, again.get(u.name)) for u in inputs.units]
    start, end = wanted.start, wanted.end
    return Ledger(wanted.label, wanted.due, rows, f"{start.month}月{start.day}日至{end.month}月{end.day}日")


def _ledger_row(inputs: Inputs, unit: str, period: int, returned: dict[str, Any] | None) -> LedgerRow:
    report = next((r for r in inputs.reports_of(unit) if r.period == period), None)
    received = report.footer.get("填报日期", "") if report else ""
    if report is not None and report.filed is None and received:  # 昨天, days later, would be misread
        received = f"“{received}”不是日期"
    corrected = ""
    if report is not None and report.first_filed is not None and report.corrected_on is not None:
        received, corrected = chinese_date(report.first_filed), chinese_date(report.corrected_on)  # 更正: on time
    standing = inputs.status(unit, period)  # the model's status, said alike everywhere
    if returned is not None:  # its last returned form must be sent again
        why = tuple(str(line) for line in returned.get("why", ()))
        status = str(returned.get("status", REJECTED))
        status = _SAID_BEFORE.get(status, status)
        return LedgerRow(unit, status, str(returned.get("received") or received), why, standing)
    return LedgerRow(unit, standing, received, corrected=corrected)


# Each unit's last returned form that must be sent again, by period number then unit, as its
# LedgerRow says it: kept beside the workbook so that the command line's 台账 tells what the page's
# upload found (and the page's, after gongwen restarts). A unit's next form of that period replaces it.
RETURNED_NAME = ".gongwen-returned-forms.json"


def _record_not_forms(
    record: dict[str, dict[str, dict[str, Any]]], files: Sequence[str], items: Sequence[Collected], inputs: Inputs
) -> None:
    """Each file that is no form and names its unit, as that unit's refused form of the period."""
    batch = {item.period.number for item in items if item.unit and item.period is not None}
    for file in files:
        named = _named_in(file, inputs, batch)
        if named is not None:
            unit, number = named
            why = f"收到的「{file}」不是发给您的填报表（.xlsx）"
            record.setdefault(str(number), {})[unit] = {"status": REFUSED, "received": "", "why": [why]}


def _named_in(file: str, inputs: Inputs, batch: set[int]) -> tuple[str, int] | None:
    """The unit and period number a file's name says (县应急管理局报表.docx): one unit; the period its
    name says, else the batch's only one; None when either is not clear."""
    stem = Path(file).stem
    units = _outermost([u.name for u in inputs.units if u.name in stem])
    labels = _outermost([p.label for p in inputs.campaign.periods if p.label in stem])
    numbers = {p.number for p in inputs.campaign.periods if p.label in labels} or batch
    return (units[0], next(iter(numbers))) if len(units) == 1 and len(numbers) == 1 else None


def _outermost(found: list[str]) -> list[str]:
    """Of the names found in a file's name, those not within another found (县水利局 in 县水利局城南所)."""
    return [name for name in found if not any(name != other and name in other for other in found)]


def _read_returned(workspace: Workspace) -> dict[str, dict[str, dict[str, Any]]]:
    import json

    try:
        data = json.loads((workspace.inputs_dir / RETURNED_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _record_returned(
    workspace: Workspace, items: Sequence[Collected], inputs: Inputs, unread: Sequence[str] = ()
) -> str | None:
    """Keep each collected form's unit, period and whether it must be sent again (and why); the
    note to show when the record could not be written. A form refused because its file name says
    another period (last period's form filled in again) is that period's: the unit meant to report
    it, and the form's own period, reported or not, is not changed by it. A file that is no form
    (unread, or not known as any unit's) is its unit's when its name names one unit, in the period
    it names or the batch's only period: the unit is told what came, not 还没有收到."""
    import json

    from generator.forms.returns import named_period
    from generator.standard.package import write_atomic

    periods = inputs.campaign.periods
    record = _read_returned(workspace)
    _record_not_forms(record, [*unread, *(item.file for item in items if not item.unit)], items, inputs)
    for item in items:
        if not item.unit or item.period is None:
            continue  # a file not known as any unit's form: named above when its name says whose
        meant = named_period(Path(item.file).stem, periods, item.period) if item.refused else None
        units = record.setdefault(str((meant or item.period).number), {})
        row = _returned_row(item, "")
        if row is None:
            units.pop(item.unit, None)
        else:
            units[item.unit] = {"status": row.status, "received": row.received, "why": list(row.why)}
    try:
        write_atomic(
            workspace.inputs_dir / RETURNED_NAME,
            json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False, indent=0).encode("utf-8"),
        )
    except OSError:
        return f"没能写入 {RETURNED_NAME}：台账里看不到这次未采用、拒收或有空格的报表"
    return None


@dataclass(frozen=True)
class CollectReport:
    items: list[Collected]
    notes: list[str]
    backup: Path | None  # the workbook's previous version, when it was changed

    @property
    def merged(self) -> list[Collected]:
        return [i for i in self.items if i.merged]

    @property
    def refused(self) -> list[Collected]:
        return [i for i in self.items if i.refused]

    @property
    def held(self) -> list[Collected]:
        """Held back for the clerk: blanks, duplicates, a date older than the merged report."""
        return [i for i in self.items if i.held]

    @property
    def held_for_blanks(self) -> list[Collected]:
        """Held only because cells are blank: merging their filled cells is the clerk's choice."""
        from generator.forms.returns import Hold

        return [i for i in self.items if i.hold is Hold.BLANKS]


def collect(
    workspace: Workspace,
    directory: Path,
    *,
    merge: bool = True,
    filled_only: bool = False,
    waiting: Callable[[str], None] | None = None,
    unread: Sequence[str] = (),
) -> CollectReport:
    """Check the returned forms in a folder and merge them into a new version of the workbook;
    with merge=False, only say what merging them would do (the web page's step before 确认并入).
    A form with blank cells is held back unless `filled_only` (then its filled cells are merged and
    the workbook's figures kept for the blank ones). A workbook another program holds open raises
    WorkbookInUse before anything is written: the same call can be made again. While another
    gongwen holds the workspace this waits for it, after telling `waiting` so. `unread`: the names of
    files of the same upload refused before they could be read (a Word file, an old .xls): one whose
    name names a unit is in that unit's 台账 as what came instead of its form."""
    from generator.forms import fill_in, returns

    # One at a time, as builds are: a second collect waits its turn and then reads the workbook the
    # first one wrote, instead of merging into the version both read at the start.
    from generator.standard.package import remove_partial_writes

    workspace.check()  # before the lock, which would make output/ in any folder named (even one not there)
    with BuildLock(workspace.output_dir, doing="收报表", wait=waiting or (lambda _message: None)):
        remove_partial_writes(workspace.inputs_dir)  # what a killed collect left half-written
        inputs = load(workspace)
        key = fill_in.form_key(workspace.inputs_dir, create=False)
        with _forms_folder(directory) as folder:
            try:
                items, notes, backup = returns.collect(
                    folder, workspace.workbook, inputs, key, merge_into_workbook=merge, filled_only=filled_only
                )
            except returns.WorkbookInUse as exc:
                raise returns.WorkbookInUse(exc.path, workspace.display(exc.path)) from None
        problem = _record_returned(workspace, items, inputs, unread)
    return CollectReport(items, [*notes, problem] if problem else notes, backup)


@contextlib.contextmanager
def _forms_folder(source: Path) -> Iterator[Path]:
    """The folder of returned forms: `source` itself, or a zip of them unpacked for the call."""
    if source.is_dir():
        yield source
        return
    if source.suffix.lower() != ".zip":
        raise SelectionError(f"{source.name} 不是文件夹，也不是 zip 压缩包：请给出放收回报表的文件夹，或它们的 zip 包")
    import tempfile

    from generator.forms.returns import unpack_forms

    with tempfile.TemporaryDirectory(prefix="gongwen-forms-") as folder:
        unpack_forms(source, Path(folder))
        yield Path(folder)


def workbook_in_use(error: BaseException) -> bool:
    """Whether `error` is collect's "the workbook is open in another program" (the batch can be retried)."""
    from generator.forms.returns import WorkbookInUse

    return isinstance(error, WorkbookInUse)


def zip_directory_problem(data: bytes) -> str | None:
    """Why an uploaded zip is refused by its end record alone (its entry count, its directory's
    size), before zipfile reads a directory of millions of entries; None when it may be opened."""
    from generator.standard.package import BadPackage, NotAZip, check_end_record

    try:
        check_end_record(data)
    except NotAZip:
        return None  # no zip at all: opening it says so in the caller's words
    except BadPackage as exc:
        return str(exc)
    return None


def what_else_a_file_is(data: bytes) -> str | None:
    """What a file uploaded as a .docx or .xlsx that is no zip package is, by its first bytes (an
    empty file, a PDF, a photo, an old Office file …), in the clerk's words; None when they do not say."""
    from generator.standard.package import what_else

    return what_else(data)


def not_a_device_name(name: str) -> str:
    """A file name Windows will not read as a device (CON.xlsx → CON_.xlsx), else `name` as it is."""
    from generator.standard.filenames import not_a_device

    return not_a_device(name)


def name_within(name: str, limit: int) -> str:
    """A file name cut to `limit` bytes of UTF-8 at a character, its extension kept."""
    from generator.standard.filenames import within_bytes

    return within_bytes(name, limit)


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A member of an uploaded zip named as its maker sees it (GBK from Windows Explorer, Info-ZIP's
    Unicode Path field, UTF-8), not as Python's cp437 default shows it."""
    from generator.standard.zipnames import member_name

    return member_name(info)


def zip_resource_fork(info: zipfile.ZipInfo) -> bool:
    """A member macOS adds beside each file of a zip it makes (__MACOSX/._x.xlsx): no file to read."""
    from generator.standard.zipnames import mac_resource_fork, member_name

    return mac_resource_fork(member_name(info))


# --- templates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateInfo:
    document: str  # the campaign's name for it
    kind: str
    path: Path
    own: bool  # the workspace's own template (True) or the generic starter
    description: str


def templates(workspace: Workspace) -> list[TemplateInfo]:
    """Which template file each of the campaign's documents uses."""
    from generator.documents import registry

    out = []
    for spec in load(workspace).campaign.documents:
        kind = registry.kind(spec.kind)
        if kind.has_template:
            path = workspace.template(spec.name, spec.kind)
            out.append(
                TemplateInfo(spec.name, spec.kind, path, path.parent == workspace.templates_dir, kind.description)
            )
    return out


def export(workspace: Workspace, document: str) -> Path:
    """Copy the starter template of a document's kind into the workspace for editing; never over a file."""
    specs = {spec.name: spec.kind for spec in load(workspace).campaign.documents}
    kind = specs.get(document, document if document in template_kinds() else None)
    if kind is None:
        raise SelectionError(f"这次活动没有「{document}」这种文档；可选：{'、'.join(specs)}")
    return export_template(workspace, document, kind)


def _setup_jobs(inputs: Inputs) -> SetupJobs:
    from generator.documents.kinds import plan_jobs
    from generator.render.catalog import setup_jobs

    _, jobs, setup = _planned(inputs)
    if setup is None:
        setup = setup_jobs(inputs, lambda i: jobs if i is inputs else plan_jobs(i))
        _PLANNED[id(inputs)] = (inputs, jobs, setup)
    return setup


def template_variables(workspace: Workspace, document: str) -> tuple[DocumentJob, list[Variable]]:
    """Every variable a template of this document can use, read off a representative document
    (made from sample reports while 统计报表 is empty: a 月报's variables are there at setup)."""
    from generator.render.catalog import variables

    setup = _setup_jobs(load(workspace))
    jobs = setup.jobs
    job = jobs.get(document) or next((j for j in jobs.values() if j.kind == document), None)
    if job is None:
        raise SelectionError(f"这次活动没有「{document}」这种文档（见工作簿的「文档」表）；可选：{'、'.join(jobs)}")
    return job, variables(job)


def sample_documents(workspace: Workspace) -> frozenset[str]:
    """The documents whose variables and checks come from sample reports (none has reported yet)."""
    return _setup_jobs(load(workspace)).sample


@dataclass(frozen=True)
class TemplateInstall:
    findings: Findings  # the preflight's, on the new file
    installed: Path | None  # None when the preflight found an error: nothing was changed
    backup: Path | None  # the workspace's previous template of the document, when there was one


def install_template(workspace: Workspace, document: str, data: bytes, shown: str) -> TemplateInstall:
    """Put an edited template in place of a document's, only if the preflight finds no error in it;
    the template it replaces is kept in templates/备份/. `shown` names the file in the findings."""
    import tempfile

    from generator.documents import registry
    from generator.pipeline import check_template_and_page
    from generator.standard.package import write_atomic, write_backup

    jobs = {d: j for d, j in _setup_jobs(load(workspace)).jobs.items() if registry.kind(j.kind).has_template}
    job = jobs.get(document)
    if job is None:
        raise SelectionError(f"这次活动没有用模板生成的「{document}」；可选：{'、'.join(jobs)}")
    with tempfile.TemporaryDirectory(prefix="gongwen-template-") as tmp:
        candidate = Path(tmp) / "template.docx"
        candidate.write_bytes(data)
        findings = Findings(check_template_and_page(candidate, shown, job.context))
    if findings.errors:
        return TemplateInstall(findings, None, None)
    target = workspace.own_template(document)
    with BuildLock(workspace.output_dir, doing="启用模板"):
        backup = None
        if target.exists():
            backup = write_backup(target)
        write_atomic(target, data)
    return TemplateInstall(findings, target, backup)


def check_templates(workspace: Workspace) -> Findings:
    """The preflight of every template the 文档 sheet uses, each against a representative document:
    those that wait for reports against sample reports, so that their mistakes show at setup."""
    from generator import pipeline

    return Findings(pipeline.check_templates(workspace, list(_setup_jobs(load(workspace)).jobs.values())))


def check_setup(workspace: Workspace) -> tuple[Inputs | None, Findings]:
    """Everything a clerk can get wrong at setup, in one round: every finding of every sheet, the
    documents still waiting for reports, and every template's (against the workbook's own
    definitions when it reads; the typing and syntax checks alone when it does not)."""
    from generator import pipeline
    from generator.render.catalog import awaiting_reports

    inputs, findings = validate(workspace)
    if inputs is None:
        findings.extend(_templates_without_inputs(workspace))
        return None, findings
    setup = _setup_jobs(inputs)
    findings.extend(_example_values_left(workspace))
    findings.extend(awaiting_reports(inputs, _plan(inputs), workspace.display(workspace.workbook)))
    findings.extend(pipeline.check_templates(workspace, list(setup.jobs.values())))
    return inputs, findings  # the workbook reads; its findings may still hold template errors


# Columns that explain a sheet to the clerk: their examples (如“×政办〔2024〕3号”) are not values.
_EXPLAINING_COLUMNS = ("说明", "提示")


def _example_values_left(workspace: Workspace) -> list[Finding]:
    """Cells of the workbook's sheets (the statistics sheet aside) that still hold a placeholder
    (××镇, ×政办〔2025〕1号): a starter's or an import's example values, which every document would
    print as they are. One warning per sheet, naming its cells."""
    import re

    from generator.inputs.schema import REPORTS_SHEET_NAME
    from generator.inputs.xlsx_reader import NotAWorkbook, XlsxWorkbook
    from generator.standard.words import PLACEHOLDER

    # What a placeholder is made of, in a sheet's XML (× Ｘ ○ as themselves or character references,
    # as openpyxl writes them; XX): a sheet without any is not parsed (at 2,000 units the sheets take
    # half a second to read, their bytes a twentieth).
    made_of = re.compile("[×Ｘ○]|[xX]{2}|&#(?:0*215|0*65336|0*9675|[xX]0*(?:[dD]7|[fF][fF]38|25[cC][bB]));".encode())
    try:
        book = XlsxWorkbook(workspace.workbook.read_bytes())
        names = [n for n in book.sheetnames if n != REPORTS_SHEET_NAME and book.may_hold(n, made_of)]
        sheets = [book.sheet(name) for name in names]
    except (NotAWorkbook, OSError, ValueError, KeyError, IndexError):  # validate has said why
        return []
    found = []
    for sheet in sheets:
        cells = [
            f"{cell.coordinate}「{cell.value}」"
            for cell in _values_below_header(sheet)
            if PLACEHOLDER.search(cell.value)
        ]
        if cells:
            shown = "、".join(cells[:8]) + (f" 等 {len(cells)} 格" if len(cells) > 8 else "")
            found.append(
                Finding(
                    Severity.WARNING,
                    Location(workspace.display(workspace.workbook), sheet.name),
                    f"{shown}还是示例值，生成的公文会照印“××”：请改为本次活动的内容（照常生成）",
                )
            )
    return found


def _values_below_header(sheet: Sheet) -> Iterator[Cell]:
    """A sheet's text cells under its header row, row by row, its explaining columns (说明) left out."""
    header = sheet.rows.get(1, {})
    explaining = {c for c, cell in header.items() if str(cell.value or "").strip() in _EXPLAINING_COLUMNS}
    for row, line in sorted(sheet.rows.items()):
        if row > 1:
            yield from (c for col, c in sorted(line.items()) if col not in explaining and isinstance(c.value, str))


def _templates_without_inputs(workspace: Workspace) -> list[Finding]:
    """The templates/ files' typing and syntax, when the workbook cannot say what they may use."""
    from generator.pipeline import check_template_and_page

    if not workspace.templates_dir.is_dir():
        return []
    found: list[Finding] = []
    for path in sorted(workspace.templates_dir.glob("*.docx")):
        found += check_template_and_page(path, workspace.display(path))
    if found or any(workspace.templates_dir.glob("*.docx")):
        found.append(
            Finding(
                Severity.WARNING,
                Location(workspace.display(workspace.templates_dir)),
                "工作簿有错误，模板只检查了标签的写法；模板里的变量名要等工作簿改好后才能逐个核对",
            )
        )
    return found


EXAMPLES = bundled_examples
BLANK = STARTER


def init(target: Path, source: str = DEFAULT_EXAMPLE) -> Workspace:
    """A new workspace from a bundled example (or the blank starter, BLANK); never over anything."""
    return init_workspace(target, source)


def import_notice(source: Path, target: Path | None = None) -> ImportReport:
    """A new workspace from a notice the clerk already has (.docx, .doc/.wps, .txt): its workbook
    filled with what the notice says, its notice template made from the notice itself, and an
    导入说明 of what was found where. `target` defaults to a folder named after the file.

    The new workspace's notice is then built at once and compared with the source, paragraph by
    paragraph: the 导入说明 ends with the answer (or why it could not be built yet)."""
    import shutil

    from generator.importer import NOTICE_DOCUMENT, trial_workspace, with_check
    from generator.importer import import_notice as run

    folder = target if target is not None else Path.cwd() / source.stem
    try:
        report = run(source, folder)
        trial = trial_workspace(report)  # dates left blank: the workspace builds nothing until filled
    except OSError as exc:  # no room, no permission: the clerk's to fix, said in Chinese
        raise WorkspaceError(f"无法新建工作区「{folder}」：{exc.strerror or exc}（没有写入权限或磁盘已满？）") from None
    workspace = Workspace(trial or report.root)
    try:
        built = build(workspace, kinds=[NOTICE_DOCUMENT], jobs=1)
        notices = [w.path for w in built.written if w.path.suffix == ".docx"]  # only the notice was asked for
        return with_check(report, notices[0] if notices else None, [str(f) for f in built.findings.errors], trial)
    except GongwenError as exc:
        return with_check(report, None, exc.lines(), trial)
    finally:
        if trial is not None:
            shutil.rmtree(trial, ignore_errors=True)


def notice_refused(error: BaseException) -> bool:
    """Whether `error` is import_notice's refusal of the file itself (not a notice, damaged, empty),
    rather than of the folder it was to go in: a page keeps the file for another try only then."""
    from generator.importer.reading import SourceRefused

    return isinstance(error, SourceRefused)


def import_report(workspace: Workspace) -> list[str] | None:
    """The 导入说明 of a workspace made by `gongwen import`, as its lines; None for any other."""
    from generator.importer import REPORT_FILE

    path = workspace.root / REPORT_FILE
    try:
        return path.read_text(encoding="utf-8").splitlines() if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def write_shortcut(workspace: Workspace, folder: Path | None = None) -> Path:
    """A script the clerk double-clicks to open the page on `workspace`, written into `folder`
    (the workspace itself by default; the desktop, say). Returns its path."""
    import os
    import sys

    from generator.standard.package import write_atomic
    from generator.workspace import launcher_script

    if not workspace.root.is_dir():  # a mistyped -C: no new folder holding only a shortcut
        raise WorkspaceError(f"工作区文件夹不存在：{workspace.root}")
    frozen = getattr(sys, "frozen", False)
    program = [sys.executable] if frozen else [sys.executable, "-m", "gongwen"]
    code_page = None
    if sys.platform == "win32":
        import ctypes

        code_page = f"cp{ctypes.windll.kernel32.GetOEMCP()}"  # type: ignore[attr-defined,unused-ignore]
    name, data = launcher_script(workspace.root.resolve(), program, sys.platform, code_page)
    target = (folder or workspace.root) / name
    write_atomic(target, data)
    if sys.platform != "win32":
        os.chmod(target, 0o755)
    return target


# --- the clerk's desktop: recent workspaces, opening files, one page per workspace --------------

RECENT_FILE = "recent-workspaces.json"
RECENT_KEPT = 8


def _recent_path() -> Path:
    from generator.cache import config_dir

    return config_dir() / RECENT_FILE


def recent_workspaces() -> list[Path]:
    """The workspaces opened lately on this computer, newest first, those still there."""
    import json

    try:
        listed = json.loads(_recent_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    found = [Path(p) for p in listed if isinstance(p, str)] if isinstance(listed, list) else []
    return [p for p in found if (p / "inputs").is_dir()][:RECENT_KEPT]


def remember_workspace(root: Path) -> None:
    """Put `root` first in the recent list (without a writable settings folder, nothing is kept)."""
    import json
    import os

    paths = [root.resolve(), *[p for p in recent_workspaces() if p != root.resolve()]][:RECENT_KEPT]
    target = _recent_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([str(p) for p in paths], ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass


def open_on_desktop(path: Path, platform: str | None = None) -> None:
    """Open a file in its program (the workbook in Excel or WPS) or a folder in the file manager, on
    this computer: the page is served by the clerk's own machine, so its desktop is the clerk's."""
    import os
    import subprocess
    import sys

    platform = platform or sys.platform
    if not path.exists():
        raise WorkspaceError(f"没有找到「{path}」（可能被移走或改名了）")
    try:
        if platform == "win32":
            os.startfile(path)  # type: ignore[attr-defined]  # Windows only
        else:
            opener = "open" if platform == "darwin" else "xdg-open"
            subprocess.Popen([opener, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        raise WorkspaceError(f"这台电脑打不开「{path}」：请在文件管理器里找到它，双击打开") from None


UI_FILE = "pages.json"


def _pages_path() -> Path:
    from generator.cache import config_dir

    return config_dir() / UI_FILE


def _answers(address: str) -> bool:
    import urllib.error
    import urllib.parse
    import urllib.request

    parts = urllib.parse.urlsplit(address)  # our own page on 127.0.0.1, as recorded by record_page
    try:
        urllib.request.urlopen(f"{parts.scheme}://{parts.netloc}/alive", timeout=2)
    except urllib.error.HTTPError:
        return True  # it answered (without the cookie it refuses): a gongwen page is there
    except (OSError, ValueError):
        return False
    return True


def page_of(root: Path) -> tuple[str, str | None] | None:
    """The address of a `gongwen ui` already serving this workspace on this computer, if one
    answers, and the secret it accepts from a second `gongwen ui` (None from an older gongwen)."""
    import json

    try:
        pages = json.loads(_pages_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record = pages.get(str(root.resolve())) if isinstance(pages, dict) else None
    address, secret = (record, None) if isinstance(record, str) else (None, None)
    if isinstance(record, dict):
        address, secret = record.get("address"), record.get("secret")
    if not isinstance(address, str) or not _answers(address):
        return None
    return address, secret if isinstance(secret, str) else None


def record_page(root: Path, address: str | None, secret: str | None = None) -> None:
    """Note (or, with None, forget) the address the page of `root` is served at, and the secret a
    second `gongwen ui` shows it to get a one-time address: the file is the user's alone (0600)."""
    import json
    import os

    target = _pages_path()
    try:
        pages = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pages = {}
    pages = pages if isinstance(pages, dict) else {}
    if address is None:
        pages.pop(str(root.resolve()), None)
    else:
        pages[str(root.resolve())] = {"address": address, "secret": secret}
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(pages, out, ensure_ascii=False)
        os.chmod(tmp, 0o600)  # a file left by an earlier run with wider rights
        os.replace(tmp, target)
    except OSError:
        pass
