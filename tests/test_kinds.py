"""A document kind is one declaration: its context record describes every field, the workbook's 文档
sheet offers exactly the declared kinds, and a new kind is one declaration and its template."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Annotated, TypedDict, cast

import openpyxl
import pytest
from docx import Document

from generator.documents import registry
from generator.documents.contexts import (
    CampaignSummaryContext,
    FooterRecord,
    NarrativeRecord,
    RollupContext,
    SharedContext,
    SheetContext,
    described_paths,
)
from generator.documents.kinds import period_context, statistics_periods
from generator.documents.registry import DocumentJob, DocumentKind, document_output, typed_context
from generator.documents.template_builder import build
from generator.documents.template_parts import P, TemplateSource, para
from generator.inputs.model import DocumentSpec, Inputs
from generator.inputs.schema import REPORT_FOOTER_COLUMNS, SUMMARY_SECTIONS
from generator.inputs.validate import documents_spec
from generator.pipeline import read_workbook
from generator.render.catalog import Representatives, representative_jobs, variables
from generator.standard import gbt9704 as std
from generator.standard.wordml import W
from generator.standard.words import chinese_date
from generator.workspace import bundled_root

from .conftest import Run, make_workspace


def test_every_field_of_every_kinds_context_has_a_description() -> None:
    for kind in registry.kinds():
        if kind.context is None:
            assert kind.twin is not None, kind.name  # a twin shows its original's context
            continue
        paths = described_paths(kind.context)
        assert paths, kind.name
        assert [p for p, said in paths.items() if not said] == [], kind.name


def test_the_fields_the_change_list_treats_apart_are_fields_of_the_declared_records() -> None:
    """contexts.py names, for the change list, fields that structure tables, group rows, name rows and
    columns, or are drawn: each is a field of some kind's record (a renamed field would silently be
    told as an ordinary one), but 姓名, a column of the clerk's own lists."""
    from generator.documents.contexts import (
        COLUMN_NAME_FIELD,
        DRAWN_FIELDS,
        GROUPING_FIELDS,
        ROW_NAME_FIELDS,
        STRUCTURE_FIELDS,
    )

    fields = {
        p.rsplit(".", 1)[-1].removesuffix("[]")
        for k in registry.kinds()
        if k.context
        for p in described_paths(k.context)
    }
    named = {*STRUCTURE_FIELDS, *GROUPING_FIELDS, *ROW_NAME_FIELDS, COLUMN_NAME_FIELD, *DRAWN_FIELDS}
    assert named - fields == {"姓名"}


def test_a_kind_whose_context_has_a_field_without_a_description_is_refused() -> None:
    class Undescribed(SharedContext):
        标题: Annotated[str, "标题"]
        期数: int  # no description: `templates vars` could not say what it is

    with pytest.raises(ValueError, match="期数"):
        registry.register(DocumentKind("无说明", "测试", lambda i, s, d: [], Undescribed))
    assert "无说明" not in registry.kind_names()


def test_records_follow_the_workbook_columns_they_are_read_from() -> None:
    assert tuple(FooterRecord.__annotations__) == REPORT_FOOTER_COLUMNS
    from generator.documents.contexts import CampaignSummaryRecord, UnitSummaryRecord

    for record in (UnitSummaryRecord, CampaignSummaryRecord):
        assert set(SUMMARY_SECTIONS) <= set(record.__annotations__)
    assert tuple(NarrativeRecord.__annotations__) == ("标题", "内容")


def test_the_documents_sheet_offers_the_declared_kinds_and_explains_each() -> None:
    spec = documents_spec(registry.kinds())
    (kind_field,) = [f for f in spec.fields if f.name == "种类"]
    assert kind_field.choices == registry.kind_names()
    assert set(kind_field.choices) == {"通知", "方案", "报表", "汇总", "汇总表", "总结", "总体总结"}
    assert "汇总表：每期的统计汇总表（Excel）" in kind_field.help


@pytest.mark.parametrize("example", ["yongqing", "liuhe"])
def test_every_variable_of_the_shipped_examples_is_described_where_it_is_declared(example: str) -> None:
    """The catalogue describes the engine's fields from the records and only the clerk's own from
    where they come from; a field of neither kind would raise (gongwen's omission, not the clerk's)."""
    from generator.documents.kinds import plan_jobs

    root = bundled_root().parent / example
    inputs, findings = read_workbook(root / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None, findings.items
    for job in representative_jobs(plan_jobs(inputs)).values():
        described = {v.path: v.description for v in variables(job)}
        assert all(described.values()), job.document
        declared = described_paths(registry.context_record(job.kind))
        assert {p for p in described if p in declared}, job.document


@pytest.mark.parametrize("example", ["yongqing", "liuhe"])
def test_representatives_chosen_one_job_at_a_time_are_those_of_every_job_at_once(example: str) -> None:
    """A build's plan offers each job as it is composed and lets the others' contexts go: it checks
    the templates against the very documents the variable list shows."""
    from generator.documents.kinds import common_context, plan_jobs

    root = bundled_root().parent / example
    inputs, findings = read_workbook(root / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None, findings.items
    common = common_context(inputs)
    chosen = Representatives(common)

    def seen(alike: Sequence[DocumentJob]) -> None:  # (as the plan does: every other context let go)
        done = [alike[0]]
        for job in alike:
            replaced = chosen.offer(job)
            done += [replaced] if replaced is not None and replaced is not job else []
        held = {id(job.context) for job in chosen.jobs().values()}
        for job in done:
            if id(job.context) not in held:
                cast(dict[str, object], job.context).clear()

    one_at_a_time = plan_jobs(inputs, seen=seen, common=common)
    at_once = representative_jobs(plan_jobs(inputs))
    assert list(at_once) == list(dict.fromkeys(job.document for job in one_at_a_time))
    assert {name: job.output for name, job in chosen.jobs().items()} == {n: j.output for n, j in at_once.items()}
    assert len({job.document for job in one_at_a_time}) > 3


# --- a throw-away kind, declared here and nowhere else ------------------------------------------


class BriefingRecord(TypedDict):
    期数: Annotated[int, "第几期简报"]
    期别: Annotated[str, "简报所说的统计期别"]
    报送单位数: Annotated[int, "本期已报送的单位数"]


class BriefingContext(SharedContext):
    简报: Annotated[BriefingRecord, "本期简报的数字"]


def briefing_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> list[DocumentJob]:
    jobs = []
    for period in statistics_periods(inputs):
        reported = sum(1 for r in inputs.reports if r.period == period.number)
        context: BriefingContext = {
            "发文": shared["发文"],
            "活动": shared["活动"],
            "简报": {
                "期数": period.number,
                "期别": period_context(period, inputs.campaign)["期别"],
                "报送单位数": reported,
            },
        }
        kind = registry.kind(spec.kind)
        output, stem = document_output(spec, kind, context, ".docx")
        jobs.append(DocumentJob(spec.kind, spec.name, None, output, stem, "简报组", f"{period.due}T00:00:00Z", context))
    return jobs


BRIEFING = DocumentKind(
    "简报",
    "每期的工作简报",
    briefing_jobs,
    BriefingContext,
    periodic=True,
    default_file="{活动.名称}简报第{简报.期数}期",
    default_folder="简报",
)

BRIEFING_TEMPLATE = TemplateSource(
    name="简报",
    description="每期的工作简报",
    blocks=(
        para(std.TITLE, "{{ 活动.名称 }}工作简报"),
        P("第{{ 简报.期数 }}期（{{ 简报.期别 }}）：本期{{ 简报.报送单位数 }}个单位报送了统计报表。"),
    ),
)


@pytest.fixture
def briefing() -> Iterator[DocumentKind]:
    registry.register(BRIEFING)
    try:
        yield BRIEFING
    finally:
        registry.unregister(BRIEFING.name)


def only_the_briefing(ws: Path) -> None:
    """The example's 文档 sheet making the 简报 alone, and its template beside the others."""
    path = ws / "inputs" / "活动数据.xlsx"
    wb = openpyxl.load_workbook(path)
    sheet = wb["文档"]
    for row in sheet.iter_rows(min_row=2):
        row[2].value = "否"
    sheet.append(["简报", "简报", "是"])
    wb.save(path)
    (ws / "templates" / "简报.docx").write_bytes(build(BRIEFING_TEMPLATE).data)


def test_a_new_kind_is_one_declaration_and_its_template(briefing: DocumentKind, tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    only_the_briefing(ws)
    result = run("-C", ws, "build", "--jobs", "1")
    assert result.exit_code == 0, result.output
    made = sorted(p.relative_to(ws / "output").as_posix() for p in (ws / "output" / "简报").glob("*.docx"))
    assert made == [f"简报/打击传销活动大排查简报第{n}期.docx" for n in (1, 2, 3)]
    with zipfile.ZipFile(ws / "output" / "简报" / "打击传销活动大排查简报第2期.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "打击传销活动大排查工作简报" in xml
    assert "第2期（2018年2月）：本期17个单位报送了统计报表。" in xml
    listed = run("-C", ws, "templates", "vars", "简报")
    assert listed.exit_code == 0, listed.output
    assert "简报.报送单位数" in listed.output and "本期已报送的单位数" in listed.output


def test_a_kind_not_declared_is_refused_at_its_cell(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    only_the_briefing(ws)  # the 简报 row, with no 简报 kind declared
    result = run("-C", ws, "validate")
    assert result.exit_code != 0
    assert "文档种类应为 通知、方案、报表、汇总、汇总表、总结、总体总结 之一，实际为「简报」" in result.output


def test_figures_stay_numbers_in_the_context_until_the_template_writes_them() -> None:
    from generator.documents.kinds import plan_jobs
    from generator.render.engine import make_environment

    inputs, _ = read_workbook(bundled_root() / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None
    jobs = {job.kind: job for job in plan_jobs(inputs)}
    row = typed_context(jobs["报表"], SheetContext)["统计"]["行"][0]
    assert isinstance(row["累计"], Decimal)
    rollup = typed_context(jobs["汇总"], RollupContext)["汇总"]
    assert all(isinstance(total, Decimal) for group in rollup["分组"] for total in group["合计"])
    assert {v for group in rollup["分组"] for r in group["行"] for v in r["值"] if isinstance(v, str)} <= {
        "未报送",
        "—",
    }
    summary = typed_context(jobs["总体总结"], CampaignSummaryContext)["总结"]
    assert all(isinstance(v, Decimal) for v in summary["指标"].values())
    env = make_environment()
    written = env.from_string("{{ a }}|{{ b }}|{{ c }}|{{ a|数字('万元') }}|{{ n }}")
    assert written.render(a=Decimal("5.50"), b=Decimal("324.00"), c=Decimal(0), n=17) == "5.5|324|0|5.5万元|17"


# The shipped campaigns' own subject words (tests/test_campaigns.py checks their documents apart):
# the engine quotes none of them, in code, messages, help, the web page or a unit of measure.
CAMPAIGN_WORDS = ("传销", "打传", "窝点", "大排查", "万元", "森林防火", "护林员", "火灾隐患")


def test_generator_quotes_no_campaigns_words() -> None:
    """The one sanctioned exception: filters.RENAMED_FILTERS, the table of filters renamed since a
    released version (0.2.0's |万元), so a clerk's old template is told its new spelling; its entries,
    and nothing else in that file, may name an old filter."""
    from generator.render.filters import RENAMED_FILTERS

    package = Path(__file__).resolve().parent.parent / "generator"
    renamed = [f'"{old}": ("{new}", "{spelled}")' for old, (new, spelled) in RENAMED_FILTERS.items()]

    def text(path: Path) -> str:
        read = path.read_text(encoding="utf-8")
        if path == package / "render" / "filters.py":
            for entry in renamed:
                assert read.count(entry) == 1, entry
                read = read.replace(entry, "")
        return read

    found = [
        f"{path.relative_to(package)}: {word}"
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".html", ".js", ".css", ".txt") and "_bundled" not in path.parts
        for word in CAMPAIGN_WORDS
        if word in text(path)
    ]
    assert found == []


def liuhe_copy(root: Path) -> Path:
    """柳河镇's workspace, its roll-up spreadsheet made (the example leaves it off)."""
    source = bundled_root().parent / "liuhe"
    shutil.copytree(source / "inputs", root / "inputs")
    shutil.copytree(source / "templates", root / "templates")
    (root / "output").mkdir()
    path = root / "inputs" / "活动数据.xlsx"
    wb = openpyxl.load_workbook(path)
    for row in wb["文档"].iter_rows(min_row=2):
        if row[0].value == "汇总表":
            row[2].value = "是"
    wb.save(path)
    return root


def test_titles_made_by_code_are_the_templates_titles(tmp_path: Path, run: Run) -> None:
    """The roll-up's spreadsheet is titled as the roll-up's template titles it (柳河镇's says the week
    itself, so it is not said twice); a fill-in form as the unit's statistics sheet (周报)."""
    ws = liuhe_copy(tmp_path / "ws")
    assert run("-C", ws, "build", "--jobs", "1").exit_code == 0
    sheet = openpyxl.load_workbook(ws / "output" / "周报" / "第1周" / "全镇第1周检查情况汇总.xlsx")["汇总"]
    assert sheet["A1"].value == "柳河镇春季森林防火专项检查情况汇总（第1周）"
    assert sheet["A2"].value == "统计时段：3月4日至3月10日　4 个单位全部报送"  # 第1周 names no days
    made = run("-C", ws, "forms", "--period", "第2周", "--unit", "第三检查组")
    assert made.exit_code == 0, made.output
    (form,) = (ws / "output" / "填报表").rglob("*.xlsx")
    assert openpyxl.load_workbook(form)["统计报表"]["A1"].value == "第三检查组检查情况周报"


def test_a_fresh_process_knows_every_kind_the_code_declares() -> None:
    """Every kind is declared in output/kinds.py, the 汇总表 with its writer among them: a process
    that lists the kinds before any build lists all seven."""
    import subprocess
    import sys

    shown = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "通知、方案、报表、汇总、汇总表、总结、总体总结" in "".join(shown.split())


# --- 核稿 reads what a kind declares, never its name ------------------------------------------------


def _declared_like_notice_and_plan(traits: bool) -> tuple[DocumentKind, DocumentKind]:
    """Two throw-away kinds made as the notice and a unit's plan are, with their 核稿 traits or without."""
    from generator.documents.contexts import NoticeContext, PlanContext
    from generator.documents.kinds import notice_jobs, plan_jobs_of
    from generator.output.kinds import PLAN_DUE, SUMMARY_DUE

    bulletin = DocumentKind("通报", "测试", notice_jobs, NoticeContext, default_file="通报", default_folder="通报")
    schedule = DocumentKind(
        "安排", "测试", plan_jobs_of, PlanContext, default_file="{单位.名称}", default_folder="安排"
    )
    if traits:
        bulletin = dataclasses.replace(bulletin, sets=PLAN_DUE, states=(SUMMARY_DUE,))
        schedule = dataclasses.replace(
            schedule, due=PLAN_DUE, dated_by="「单位」表的「方案日期」", states=(SUMMARY_DUE,), unit_problems=True
        )
    return bulletin, schedule


def _docx(path: Path, *paragraphs: str) -> None:
    """A generated document as 核稿 reads it: its paragraphs' text."""
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    xml = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", xml)


@pytest.mark.parametrize("traits", [True, False], ids=["declared", "undeclared"])
def test_proofreading_checks_what_a_throw_away_kind_declares(traits: bool, tmp_path: Path) -> None:
    """A kind declared with the notice's and the plan's traits (a deadline it sets, one it is sent in
    by, one it restates, the unit's 存在问题 it prints) gets their 核稿 checks under another name;
    the same kinds declared without the traits get none of them."""
    from generator.documents.kinds import common_context
    from generator.inputs.model import SummaryItem
    from generator.proofread.review import Documents, review

    inputs, _ = read_workbook(bundled_root() / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None
    last = inputs.campaign.periods[-1]
    plan_due = inputs.notice.date - dt.timedelta(days=1)  # before the notice: it has expired, plans are late
    summary_due = last.due - dt.timedelta(days=1)  # before the last period's reports are due
    campaign = dataclasses.replace(inputs.campaign, plan_due=plan_due, summary_due=summary_due)
    copied = tuple(SummaryItem(u.name, "存在问题", None, "宣传发动不够深入") for u in inputs.units[:3])
    inputs = dataclasses.replace(inputs, campaign=campaign, summary=inputs.summary + copied)
    kinds = _declared_like_notice_and_plan(traits)
    for declared in kinds:
        registry.register(declared)
    try:
        shared = common_context(inputs)
        jobs = [
            job
            for k in kinds
            for job in k.jobs(inputs, shared, DocumentSpec(k.name, k.name, None, None))  # type: ignore[misc]
        ]
        said = f"各单位于{chinese_date(summary_due)}前报送工作总结。"
        for job in jobs:
            _docx(tmp_path / job.output, said, "宣传发动不够深入。")
        remarks = review(inputs, jobs, Documents(tmp_path), "inputs/活动数据.xlsx")
    finally:
        for declared in kinds:
            registry.unregister(declared.name)
    by_check = {r.check: r for r in remarks}
    copied_in = {r.document for r in remarks if r.check == "存在问题雷同" and "宣传发动" in r.sentence}
    if not traits:
        assert not {"方案晚于截止", "截止早于发文"} & by_check.keys()
        assert by_check["截止早于数据"].document == "inputs/活动数据.xlsx"  # said by no document
        assert copied_in == {"「总结」表"}  # no document prints it
        return
    bulletin, schedule = (j for j in jobs if j.kind == "通报"), [j for j in jobs if j.kind == "安排"]
    assert by_check["截止早于发文"].document == f"output/{next(bulletin).output}"
    assert f"要求{chinese_date(plan_due)}前报送方案" in by_check["截止早于发文"].problem
    assert by_check["方案晚于截止"].document.startswith("output/安排/")
    assert "核实落款日期（「单位」表的「方案日期」）" in by_check["方案晚于截止"].fix
    stated = [r for r in remarks if r.check == "截止早于数据"]
    assert {r.document.split("/")[1] for r in stated} == {"通报", "安排"}
    assert all(r.where == "第1段" and r.sentence == said for r in stated)
    assert copied_in == {f"output/{schedule[0].output}"}


def test_no_module_branches_on_a_kinds_name() -> None:
    """Outside the declarations, nothing compares a kind (`job.kind`, `spec.kind`, a `kind`) with a
    declared kind's name: what a module does differently for a kind, the kind declares."""
    import ast

    from generator.pipeline import document_kinds

    names = {k.name for k in document_kinds()}
    package = Path(__file__).resolve().parent.parent / "generator"
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            sides = [node.left, *node.comparators]
            constants = {
                c.value
                for side in sides
                for c in ([side] if isinstance(side, ast.Constant) else getattr(side, "elts", []))
                if isinstance(c, ast.Constant)
            }
            if constants & names and "kind" in ast.unparse(node):
                found.append(f"{path.relative_to(package)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def test_a_weekly_campaign_names_each_week_with_its_days(tmp_path: Path, run: Run) -> None:
    """第3周 alone does not say which week: the starter's roll-up and the county summary's
    period-by-period table name a week with its days (柳河镇's weekly campaign, its roll-up template
    the starter's)."""
    ws = liuhe_copy(tmp_path / "ws")
    shutil.copy(bundled_root().parent / "blank" / "templates" / "汇总.docx", ws / "templates" / "周汇总.docx")
    assert run("-C", ws, "build", "--jobs", "1").exit_code == 0
    rollup = Document(str(ws / "output" / "周报" / "第2周" / "全镇第2周检查情况汇总.docx"))
    assert rollup.paragraphs[1].text.startswith("（第2周（3月11日至3月17日）　")
    summary = next((ws / "output" / "总结").glob("*工作总结.docx"))
    first_column = [row.cells[0].text for table in Document(str(summary)).tables for row in table.rows]
    assert "第1周（3月4日至3月10日）" in first_column
    assert any(c.startswith("第2周（3月11日至3月17日，") and c.endswith("个单位未报送）") for c in first_column)
