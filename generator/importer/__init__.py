"""Import: a new workspace from a notice the clerk already has (.docx, .doc/.wps, .txt).

read (reading.py) → the 公文's parts (parts.py) → the campaign's facts (facts.py) → the
workbook (workbook.py), the notice's own template (template.py), the 导入说明 (report.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.documents.registry import kinds
from generator.documents.template_builder import build, template_filename
from generator.errors import WorkspaceError
from generator.importer.facts import Recognition, recognise
from generator.importer.parts import split_parts
from generator.importer.reading import SourceDocument, SourceRefused, read_source
from generator.importer.rebuilt import differences, source_paragraphs
from generator.importer.report import REPORT_FILE, report_lines
from generator.importer.template import notice_template
from generator.importer.workbook import cells_left_blank, starter_workbook, workbook_bytes
from generator.inputs.names import WORKBOOK_NAME
from generator.output.kinds import NOTICE as NOTICE_KIND
from generator.render.reads import printed_beside
from generator.standard.package import write_atomic
from generator.workspace import refuse_unusable_folder

NOTICE_DOCUMENT = NOTICE_KIND.name  # the document (and template) the notice becomes


@dataclass(frozen=True)
class ImportReport:
    root: Path
    source: SourceDocument
    recognition: Recognition
    lines: tuple[str, ...]  # the 导入说明, also written to the workspace


def import_notice(source: Path, target: Path) -> ImportReport:
    """Read `source`, then write a new workspace in `target` (which must be new or empty).

    The workspace is written in a hidden folder beside `target` and renamed into place when whole:
    an import that fails half-way (a full disk) leaves no half workspace behind."""
    document = read_source(source)  # refused before anything is written
    page_lines = [(p.number, p.text) for p in document.set_aside]
    recognition = recognise(split_parts(document.paragraphs), page_lines, name_seams())
    refuse_unusable_folder(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise WorkspaceError(f"文件夹「{target}」已存在且不是空的；为避免覆盖，请换一个新文件夹名")
    lines = tuple(report_lines(document, recognition))
    notice = build(notice_template(recognition, NOTICE_DOCUMENT))
    workbook = workbook_bytes(recognition, dt.datetime(2000, 1, 1))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.gongwen-import-", dir=target.parent))
    try:
        _write(staging, notice.data, workbook, lines)
        if target.exists():
            target.rmdir()  # new and empty, as checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ImportReport(target, document, recognition, lines)


NAME = ("活动", "名称")
NAME_IN_PATTERN = "{活动.名称}"


def name_seams() -> list[tuple[str, str]]:
    """The words the new workspace's documents print right before and after the campaign's name: its
    starter templates' ({{ 活动.名称 }}统计报表, 开展{{ 活动.名称 }}) and the kinds' own (……工作方案)."""
    seams = []
    for template in sorted((starter_workbook().parent.parent / "templates").glob("*.docx")):
        if template.name != template_filename(NOTICE_DOCUMENT):
            seams += [(b.before, b.after) for b in printed_beside(template) if b.read == NAME]
    for kind in kinds():
        before, _, after = kind.default_file.partition(NAME_IN_PATTERN)
        if _:
            seams.append((before.rpartition("}")[2], after.partition("{")[0]))
    return sorted(set(seams))


def _write(root: Path, notice: bytes, workbook: bytes, lines: tuple[str, ...]) -> None:
    starter_templates = starter_workbook().parent.parent / "templates"
    for template in sorted(starter_templates.glob("*.docx")):
        if template.name != template_filename(NOTICE_DOCUMENT):
            write_atomic(root / "templates" / template.name, template.read_bytes())
    write_atomic(root / "templates" / template_filename(NOTICE_DOCUMENT), notice)
    write_atomic(root / "inputs" / WORKBOOK_NAME, workbook)
    write_atomic(root / REPORT_FILE, ("\n".join(lines) + "\n").encode("utf-8"))
    (root / "output").mkdir(exist_ok=True)


def trial_workspace(report: ImportReport) -> Path | None:
    """A copy of the new workspace whose blank cells (dates and the 报送日 the notice does not give,
    which the clerk fills in before anything is built) hold stand-ins, to build the notice from and
    compare it with the source; None when the workspace itself can build it. The caller removes it."""
    if not cells_left_blank(report.recognition):
        return None
    stand_in = report.recognition.value("发文.成文日期") or dt.date.today()
    trial = Path(tempfile.mkdtemp(prefix=".gongwen-import-check-"))
    workbook = workbook_bytes(report.recognition, dt.datetime(2000, 1, 1), stand_in)
    _write(trial, (report.root / "templates" / template_filename(NOTICE_DOCUMENT)).read_bytes(), workbook, ())
    return trial


def with_check(report: ImportReport, notice: Path | None, errors: list[str], trial: Path | None = None) -> ImportReport:
    """The report with its last section: the new workspace's notice (or the trial workspace's, built
    in `trial`) against the source's text."""
    title = "用新工作区生成通知" if trial is None else "还有空着的格子，代填后试生成通知（不存入工作区）"
    lines = ["", f"五、核对：{title}，与原文逐段比较"]
    if notice is None:
        lines.append("  还不能生成通知：" + ("；".join(errors) or "工作簿有错误，请运行 gongwen validate 查看"))
    else:
        found = differences(report.recognition, notice)
        shown = "试生成的通知" if trial is not None else notice.relative_to(report.root).as_posix()
        if found:
            lines.append(f"  {shown} 有 {len(found)} 处与原文不同，请核对：")
            lines += [f"    {line}" for line in found]
        else:
            lines.append(f"  {shown} 与原文逐段相同（{count_paragraphs(report)} 段）")
    whole = (*report.lines, *lines)
    write_atomic(report.root / REPORT_FILE, ("\n".join(whole) + "\n").encode("utf-8"))
    return ImportReport(report.root, report.source, report.recognition, whole)


def count_paragraphs(report: ImportReport) -> int:
    return len(source_paragraphs(report.recognition))


__all__ = ["REPORT_FILE", "ImportReport", "SourceRefused", "import_notice", "trial_workspace", "with_check"]
