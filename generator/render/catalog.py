"""What a template of each kind can use: every variable with a Chinese description and an example.

The variables are read off a real context built from the current inputs, so
the list is always what rendering will actually provide, the clerk's own added
rows and columns included. What each field the engine makes means is declared with it, in
its kind's context record (documents/contexts.py); a field the clerk's workbook adds is said
by where it comes from (a row of the 活动 sheet, a column of the 单位 sheet ...).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from generator.documents import registry
from generator.documents.contexts import described_paths, open_paths
from generator.documents.registry import DocumentJob
from generator.errors import Finding, InternalError, Location, Severity
from generator.inputs.model import Inputs, Report
from generator.inputs.schema import DOCUMENTS_SHEET, REPORTS_SHEET_NAME
from generator.render.filters import format_date, format_number
from generator.standard.words import nearest_name
from generator.workspace import Workspace

# Not a context field: what Jinja gives a template inside a for loop.
LOOP_INDEX = "在 for 循环里：当前是第几个（从1起）；配合 |一级序号 等写序号"


@dataclass(frozen=True)
class Variable:
    path: str  # e.g. 活动.阶段[].名称
    description: str
    example: str


def _example(value: Any) -> str:
    if isinstance(value, bool):  # before numbers: Python's True is also 1
        return "是" if value else "否"
    if value is None:
        return "（空）"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, list):
        return f"（共 {len(value)} 项）"
    if isinstance(value, dict):
        return ""
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:39] + "…"


def context_shape(context: Mapping[str, Any]) -> str:
    """What a template check sees of a context: each variable path and whether it is a table, a
    list or a value (one line each, sorted)."""

    def kind(value: Any) -> str:
        return "dict" if isinstance(value, dict) else "list" if isinstance(value, list) else "value"

    return "\n".join(sorted(f"{path}\t{kind(value)}" for path, value in known_paths(context).items()))


def known_paths(context: Mapping[str, Any]) -> dict[str, Any]:
    """Every variable path of a context, with its value (the first item's, inside lists)."""
    paths: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        paths[prefix] = value
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}", item)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            walk(f"{prefix}[]", value[0])  # one item, as a loop variable sees it

    for key, value in context.items():
        walk(key, value)
    return paths


def _path_count(value: dict[str, Any] | list[Any], counted: dict[int, int], kept: Mapping[int, int]) -> int:
    """len(known_paths(value)) without making the paths (this runs on every job of a build); a dict
    shared by many contexts (the campaign's, the notice's) is counted once (`kept`, by id: those
    dicts live as long as the counts); `counted`, by id too, holds only while the value does."""
    if isinstance(value, list):
        return 1 + _path_count(value[0], counted, kept) if value and isinstance(value[0], dict) else 0
    known = kept.get(id(value))
    if known is None:
        known = counted.get(id(value))
    if known is None:
        known = 0
        for item in value.values():  # (a text or number is one path: no call for it)
            known += 1 + _path_count(item, counted, kept) if isinstance(item, dict | list) else 1
        counted[id(value)] = known
    return known


class Representatives:
    """representative_jobs one job at a time, as a build's plan composes them (and lets each
    context go but the representatives'): for each document, the first job whose context shows the
    most. `shared` (what every context shares: the notice's and campaign's records) is counted once
    and must live as long as this."""

    def __init__(self, shared: Mapping[str, Any]) -> None:
        self.shared = shared  # (kept alive: its dicts are counted by id)
        self.kept: dict[int, int] = {}
        for value in shared.values():
            if isinstance(value, dict | list):
                _path_count(value, self.kept, {})
        self.best: dict[str, tuple[int, DocumentJob]] = {}

    def offer(self, job: DocumentJob) -> DocumentJob | None:
        """Take `job` as its document's representative if it shows more than the one before; returns
        the job it replaces (or `job` itself, when not taken); None when it is the first."""
        size = _path_count(cast(dict[str, Any], job.context), {}, self.kept)
        before = self.best.get(job.document)
        if before is not None and size <= before[0]:
            return job
        self.best[job.document] = (size, job)
        return None if before is None else before[1]

    def jobs(self) -> dict[str, DocumentJob]:
        return {document: job for document, (_, job) in self.best.items()}


def representative_jobs(jobs: Sequence[DocumentJob]) -> dict[str, DocumentJob]:
    """For each kind, the document whose context shows the most (a township with teams, not a
    department without): the variable list and the template checks see every field."""
    best: dict[str, tuple[int, DocumentJob]] = {}
    counted: dict[int, int] = {}  # (every job's context lives meanwhile: each dict counted once)
    for job in jobs:
        size = _path_count(cast(dict[str, Any], job.context), counted, {})
        if job.document not in best or size > best[job.document][0]:
            best[job.document] = (size, job)
    return {kind: job for kind, (_, job) in best.items()}


@dataclass(frozen=True)
class SetupJobs:
    """A representative document of every document the 文档 sheet makes, from the first day."""

    jobs: dict[str, DocumentJob]  # by the 文档 sheet's name
    awaiting: tuple[str, ...]  # documents the data does not make yet: they await the first reports
    sample: frozenset[str]  # documents whose representative is made from sample reports


def with_sample_reports(inputs: Inputs) -> Inputs:
    """The inputs as they will be once every unit has reported the first period (each figure 1):
    what the report, roll-up and summary templates will be given, before any report exists."""
    first = inputs.campaign.periods[0].number
    values = {m.name: Decimal(1) for m in inputs.metrics}
    reports = tuple(Report(u.name, first, dict(values)) for u in inputs.units)
    return dataclasses.replace(inputs, reports=reports)


def setup_jobs(inputs: Inputs, plan: Callable[[Inputs], list[DocumentJob]]) -> SetupJobs:
    """Every document's representative job: from the data as it is, and, for the documents that
    wait for reports (月报, 汇总, 总结 while 统计报表 is empty), from sample reports, so that their
    templates are checked and their variables listed at setup, not when the first reports arrive."""
    jobs = representative_jobs(plan(inputs))
    awaiting = tuple(spec.name for spec in inputs.campaign.documents if spec.name not in jobs)
    sample: set[str] = set()
    if awaiting and inputs.campaign.periods and inputs.metrics and inputs.units:
        sampled = representative_jobs(plan(with_sample_reports(inputs)))
        for document in awaiting:
            if document in sampled:
                jobs[document] = sampled[document]
                sample.add(document)
    return SetupJobs(jobs, awaiting, frozenset(sample))


def awaiting_reports(
    inputs: Inputs, jobs: Sequence[DocumentJob], workbook: str, asked: Collection[str] | None = None
) -> list[Finding]:
    """The documents of the 文档 sheet (those `asked` for, when given) that the data makes none of
    yet, and why (a build that makes 0 of them says so, instead of skipping them without a word)."""
    made = {job.document for job in jobs}
    missing = [
        spec.name
        for spec in inputs.campaign.documents
        if spec.name not in made and (asked is None or spec.name in asked)
    ]
    if not missing:
        return []
    if not inputs.reports:
        message = f"尚无报表：{'、'.join(missing)} 将在收到报表后生成（先用 gongwen forms 生成填报表发给各单位）"
    else:
        message = f"按现有数据不生成：{'、'.join(missing)}"
    sheet = REPORTS_SHEET_NAME if not inputs.reports else DOCUMENTS_SHEET.name
    return [Finding(Severity.WARNING, Location(workbook, sheet), message)]


def missing_template(
    workspace: Workspace, document: str, kind: str, used: Path, documents: frozenset[str] = frozenset()
) -> list[Finding]:
    """A document of the 文档 sheet whose templates/<文档>.docx is not there: an error naming the
    file, with the generic template offered as a choice the clerk makes (never a silent switch),
    and the template it probably was (one no other of `documents` uses: named as the kind, or
    close to the document's name). A workspace with no template of its own uses the generic
    ones, and is told so."""
    own = workspace.own_template(document)
    if used == own:
        return []
    where = Location(workspace.display(own))
    present = sorted(p.stem for p in workspace.templates_dir.glob("*.docx")) if workspace.templates_dir.is_dir() else []
    if not present:
        return [
            Finding(
                Severity.WARNING,
                where,
                f"templates 文件夹里没有模板，「{document}」用随程序附带的通用模板（{kind}）；"
                f"要修改措辞，运行 gongwen templates export {document}",
            )
        ]
    spare = [stem for stem in present if stem not in documents]  # no document of the 文档 sheet uses them
    hint = kind if kind in spare else nearest_name(document, spare, cutoff=0.3)
    renamed = f"templates 里有「{hint}.docx」，如果是它，请把文件名改成「{document}.docx」；" if hint else ""
    return [
        Finding(
            Severity.ERROR,
            where,
            f"找不到「{document}」的模板 {workspace.display(own)}（模板按「文档」表的名称找）。{renamed}"
            f"要改用随程序附带的通用模板（{kind}），运行 gongwen templates export {document}，"
            "或在页面“模板”里下载通用模板后上传",
        )
    ]


def _own_description(path: str, value: Any, added: set[str]) -> str:
    """What the workbook says a variable the clerk added is: a row, a column, or a list. Only the
    records the clerk's workbook adds to (`added`) have such fields: any other field without a
    description is gongwen's own omission, and says so rather than pass for the clerk's."""
    head, _, last = path.rpartition(".")
    if not any(head == place or head.startswith(f"{place}.") for place in added):
        raise InternalError(f"context field {path} has no description in its kind's record")
    if path.endswith("]") or not head:
        return "（工作簿中自行添加的项目）"
    if head.endswith("[]"):
        return f"「{head.split('.')[-1][:-2]}」表中的「{last}」列"
    if isinstance(value, list):
        return f"自行添加的工作表「{last}」（列表，每行一项）"
    if head == "总结.指标":
        return f"指标「{last}」的累计数（「统计指标」表中的一行）"
    if head == "活动":
        return f"「活动」表中自行添加的一行「{last}」"
    if head == "发文":
        return f"「发文」表中自行添加的一行「{last}」"
    if head == "单位":
        return f"「单位」表中自行添加的一列「{last}」"
    return "（工作簿中自行添加的项目）"


def variables(job: DocumentJob) -> list[Variable]:
    """Every variable of a document's context, described as its kind's record declares it."""
    record = registry.context_record(job.kind)
    declared = described_paths(record)
    added = open_paths(record)
    out = []
    for path, value in known_paths(job.context).items():
        if path.endswith("[]"):
            continue  # the item itself: its fields are listed
        description = declared.get(path) or _own_description(path, value, added)
        out.append(Variable(path, description, _example(value)))
    out.append(Variable("loop.index", LOOP_INDEX, "1"))
    return out
