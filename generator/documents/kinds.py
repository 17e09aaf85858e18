"""What each document kind composes: its documents (jobs) and their template contexts, from the typed model.

Template variables are Chinese, so that a clerk reading a template sees
``{{ 发文.成文日期|日期 }}``. Every word of a campaign comes from its workbook: the
functions below say only what a notice, a unit's plan, a statistics sheet, a roll-up and
a summary are. The kinds themselves are declared in one place, generator/output/kinds.py,
which names these functions and the writers of the kinds made by code (registry.py says
what a kind declares, contexts.py what each context holds). The campaign's 文档 sheet says
which kinds it makes.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from generator.documents import registry
from generator.documents.chart import county_charts
from generator.documents.contexts import (
    CampaignRecord,
    CampaignSummaryContext,
    Figure,
    FooterRecord,
    ListedUnitRecord,
    NoticeContext,
    NoticeRecord,
    PeriodRecord,
    PhaseRecord,
    PlanContext,
    RollupContext,
    RollupGroupRecord,
    RollupRecord,
    RollupRowRecord,
    RollupTableRecord,
    SharedContext,
    SheetContext,
    SheetRowRecord,
    UnitRecord,
    UnitSummaryContext,
    beside_own,
)
from generator.documents.registry import DocumentJob, document_output, typed_context
from generator.documents.summary import (
    NOT_APPLICABLE,
    campaign_summary_context,
    metric_figures,
    sheet_coverage_said,
    unit_summary_context,
)
from generator.inputs.model import (
    LATE,
    MISSING,
    Campaign,
    DocumentSpec,
    Inputs,
    Metric,
    Notice,
    Period,
    Phase,
    Report,
    Unit,
)
from generator.inputs.periods import days_of
from generator.inputs.statistics import combined, cumulative, reading_said, report_of
from generator.inputs.validate import organ_of
from generator.standard import gbt9704
from generator.standard.charts import ChartSpec
from generator.standard.words import chinese_date, month_day

# Where a chart goes: the campaign summary's template has it as a variable; the renderer puts the image there.
CHART_MARKER = "〔图表：主要指标〕"


def notice_context(notice: Notice) -> NoticeRecord:
    declared: NoticeRecord = {
        "发文机关": notice.organ,
        "发文机关标志": notice.mark,
        "发文字号": notice.number,
        "成文日期": notice.date,
        "标题": notice.title,
        "主送机关": notice.recipients,
        "抄送机关": notice.copies_to or "",
        "印发机关": notice.printer,
        "印发日期": notice.print_date,
        "联系人": notice.contact_person or "",
        "联系电话": notice.contact_phone or "",
        "电子邮箱": notice.contact_email or "",
    }
    return beside_own(declared, notice.extra)  # the clerk's own rows of the 发文 sheet too


def period_context(period: Period, campaign: Campaign) -> PeriodRecord:
    kind = campaign.period_kind
    return {
        "期别": period.label,
        "序号": period.number,
        "开始日期": period.start,
        "结束日期": period.end,
        "截止日期": period.due,
        "时段": days_of(period, with_year=campaign.across_a_new_year),
        "期别全称": kind.told(period),  # 第3周 names no days: 第3周（3月15日至3月21日）
    }


def phase_context(phase: Phase, unit_type: str | None = None) -> PhaseRecord:
    """A 阶段 row: its own columns too (the clerk's, beside 名称, dates and 工作内容); in a unit's
    documents 工作内容 is its type's own where the sheet gives one (部门工作内容)."""
    described = phase.description_for(unit_type) if unit_type is not None else phase.description
    declared: PhaseRecord = {
        "名称": phase.name,
        "开始日期": phase.start,
        "结束日期": phase.end,
        "工作内容": described or "",
    }
    return beside_own(declared, phase.extra)


def campaign_for(unit: Unit, shared: SharedContext, inputs: Inputs, made: dict[str, CampaignRecord]) -> CampaignRecord:
    """The campaign as a unit's documents see it: the shared record, or, where the 阶段 sheet gives the
    unit's type its own 工作内容, a record whose 阶段 say that (`made` keeps one per type)."""
    phases = inputs.campaign.phases
    if not any(p.description_for(unit.unit_type) != p.description for p in phases):
        return shared["活动"]
    if unit.unit_type not in made:
        own: CampaignRecord = {**shared["活动"], "阶段": [phase_context(p, unit.unit_type) for p in phases]}
        made[unit.unit_type] = own
    return made[unit.unit_type]


def campaign_context(campaign: Campaign, inputs: Inputs) -> CampaignRecord:
    lists = {name: [dict(row) for row in rows] for name, rows in campaign.lists.items()}
    declared: CampaignRecord = {
        "名称": campaign.name,
        "简称": campaign.short_name or "",
        "本级名称": campaign.region,
        "范围": campaign.scope,
        "开始日期": campaign.start,
        "结束日期": campaign.end,
        "牵头单位": campaign.lead_unit,
        "领导小组办公室": campaign.group_office,
        "领导小组成员单位": [u.name for u in inputs.leading_group],
        "方案报送截止": campaign.plan_due or "",
        "报送周期": campaign.period_kind.name,
        "本期用语": campaign.period_kind.this_period,
        "报送日": campaign.report_day if campaign.report_day is not None else "",
        "总结报送截止": campaign.summary_due,
        "汇总上报日": campaign.rollup_report_day if campaign.rollup_report_day is not None else "",
        "总结上报截止": campaign.own_summary_due or "",
        "阶段": [phase_context(p) for p in campaign.phases],
        "报送日历": [period_context(p, campaign) for p in campaign.periods],
    }
    # A 方案标题 left empty is not offered: a template that prints it is told at setup which cell to fill.
    if campaign.plan_title:
        declared["方案标题"] = campaign.plan_title
    # The clerk's own rows of the 活动 sheet, and every list sheet, beside what the engine says.
    return beside_own(declared, campaign.extra, lists)


def office_organ(campaign: Campaign) -> str:
    """The leading group's office by its full name, as it signs and makes tables: the 县 of
    “县…办公室” is the campaign's 本级 (永清县…办公室), as for a unit's 机关全称."""
    return organ_of(campaign.group_office, None, campaign.region)


def balanced_title(head: str, tail: str) -> str:
    """One line if it fits; otherwise break between the unit's name and the rest (梯形, words kept whole)."""
    if len(head) + len(tail) <= gbt9704.TITLE_MAX_CHARS_PER_LINE:
        return head + tail
    return f"{head}\n{tail}"


def unit_context(unit: Unit, campaign: Campaign, fallback_date: dt.date) -> UnitRecord:
    """Everything about one unit: its own columns, its rows of every per-unit list, how it names itself."""
    # The rows themselves are shared by every document of the unit: a template cannot change what
    # it is given (the sandbox is immutable), and 2,000 units' rosters are not copied per document.
    lists = {name: list(rows) for name, rows in unit.lists.items()}
    return beside_own(unit_fields(unit, campaign, fallback_date), unit.extra, lists)


def unit_fields(unit: Unit, campaign: Campaign, fallback_date: dt.date) -> UnitRecord:
    """What the engine says of a unit (how it names itself, its titles), without the clerk's columns."""
    return {
        "名称": unit.name,
        "类型": unit.unit_type,
        "机关全称": unit.organ,
        "自称": f"我{unit.self_name}",
        "全境": unit.whole or f"全{unit.self_name}",
        "范围用语": unit.scope_phrase or f"在全{unit.self_name}范围内",
        "简称": unit.self_name,
        # Where the leading group's office sits: its plan does not tell it to report to itself.
        "是牵头单位": unit.name == campaign.lead_unit,
        "领导小组成员单位": unit.in_leading_group,
        "日常工作机构": unit.office or "",
        "方案日期": unit.plan_date or fallback_date,
        "方案标题": unit.plan_title or balanced_title(unit.name, f"{campaign.name}工作方案"),
        "总结标题": unit.summary_title or balanced_title(unit.name, f"{campaign.name}工作总结"),
    }


def units_context(inputs: Inputs) -> list[ListedUnitRecord]:
    """The units as the notice lists them: their own columns, not their per-unit lists (a change
    to one unit's team roster is that unit's documents' business, not the notice's)."""
    lists = {name for u in inputs.units for name in u.lists}
    listed = []
    for u in inputs.units:
        declared: ListedUnitRecord = unit_fields(u, inputs.campaign, inputs.notice.date)  # the same fields
        listed.append(beside_own(declared, {k: v for k, v in u.extra.items() if k not in lists}))
    return listed


def one_line(title: str) -> str:
    return "".join(title.split("\n"))


@functools.cache  # one string per date: ten thousand documents share a few dates
def _iso(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _job(
    spec: DocumentSpec,
    unit: str | None,
    author: str,
    date: dt.date,
    context: SharedContext,
    title: str | None = None,
    period: int | None = None,
    compose: Callable[[], SharedContext] | None = None,
) -> DocumentJob:
    kind = registry.kind(spec.kind)
    output, stem = document_output(spec, kind, context, ".docx")
    return DocumentJob(
        kind=spec.kind,
        document=spec.name,
        unit=unit,
        output=output,
        title=title or stem,
        author=author,
        date_iso=_iso(date),
        context=context,  # the record itself: contexts are not copied per document
        sealed=spec.sealed,
        banji_on_even_page=spec.banji_on_even_page,
        period=period,
        compose=compose,
    )


def common_context(inputs: Inputs) -> SharedContext:
    """What every document sees, composed once per build: the notice and the campaign."""
    return {"发文": notice_context(inputs.notice), "活动": campaign_context(inputs.campaign, inputs)}


# Each job's context is composed here, and again by its `compose` when a build that let it go after
# hashing it renders the document (registry.DocumentJob.compose): the same function, the same inputs.
# A kind's jobs are made one at a time (generators): registry.plan_jobs hands each to the build's
# plan, which hashes it and lets its context go before the next is composed.


def notice_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> list[DocumentJob]:
    notice = inputs.notice
    compose = functools.partial(_notice_context, inputs, shared)
    title = one_line(notice.title)
    return [_job(spec, None, notice.organ, notice.date, compose(), title=title, compose=compose)]


def _notice_context(inputs: Inputs, shared: SharedContext) -> NoticeContext:
    return {"发文": shared["发文"], "活动": shared["活动"], "单位": units_context(inputs)}


def plan_jobs_of(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> Iterator[DocumentJob]:
    """A unit's own document (工作方案, 工作安排): its data, plus the campaign's."""
    by_type: dict[str, CampaignRecord] = {}
    for unit in units_for(inputs, spec):
        compose = functools.partial(_plan_context, inputs, shared, unit, by_type)
        context = compose()
        yield _job(spec, unit.name, unit.organ, context["单位"]["方案日期"], context, compose=compose)


def _plan_context(inputs: Inputs, shared: SharedContext, unit: Unit, by_type: dict[str, CampaignRecord]) -> PlanContext:
    return {
        "发文": shared["发文"],
        "活动": campaign_for(unit, shared, inputs, by_type),
        "单位": unit_context(unit, inputs.campaign, inputs.notice.date),
    }


def units_for(inputs: Inputs, spec: DocumentSpec) -> list[Unit]:
    """The units a per-unit document is made for (the 文档 sheet's 适用单位; every unit by default)."""
    return [u for u in inputs.units if spec.made_for(u)]


def statistics_periods(inputs: Inputs) -> list[Period]:
    """The campaign's periods up to the last one anyone has reported: the sheets worth making."""
    return list(inputs.reporting_periods)


def sheet_rows(
    inputs: Inputs, unit: Unit, period: Period, made: dict[tuple[Any, ...], SheetRowRecord]
) -> tuple[list[SheetRowRecord], bool, int]:
    """One unit's statistics sheet: a row per metric, 本期 and 累计 (since the campaign's start).

    Every row names its 分组: a table that runs onto a second page still says which group its
    first row there belongs to (组首 marks a group's first row, for a template that wants less).
    A row equal to one already `made` is that row: thousands of sheets hold a few hundred distinct rows
    (small counts repeat), and templates cannot change what they are given (the sandbox)."""
    report = report_of(inputs.reports_of(unit.name), period.number)
    metrics = inputs.metrics_of(unit)  # a township's sheet has no row for 立案 when only departments are asked
    total = cumulative(inputs.reports_of(unit.name), period.number, metrics)
    # Nothing reported from the start to this period: its 累计 is 未报送, as its roll-up row says,
    # not a 0 the data never gave (a one-report campaign's unit that never sent its report).
    never = all(inputs.status(unit.name, p.number) == MISSING for p in inputs.reporting_periods[: period.number])
    rows: list[SheetRowRecord] = []
    previous_group = None
    for metric in metrics:
        row: SheetRowRecord = {
            "分组": metric.group,
            "组首": metric.group != previous_group,
            "指标": metric.name,
            "单位": metric.unit,
            "本期": report.values[metric.name] if report else "",
            "累计": MISSING if never else _sheet_total(total.values[metric.name], metric),
            "累计方式": metric.accumulation.name,
        }
        rows.append(made.setdefault(tuple(row.values()), row))
        previous_group = metric.group
    return rows, report is not None, total.reported_periods


def _sheet_total(value: Decimal, metric: Metric) -> Figure:
    """A sheet's 累计 cell: the total (a stock's latest), or a reading said as one (最大120.3, 平均26)."""
    return value if metric.accumulation.adds else reading_said(metric, value)


def _reported_and_corrected(inputs: Inputs, unit: Unit, period: Period) -> tuple[str, str]:
    """When the unit first reported the period and when it sent a correction (更正), "" for none."""
    report = report_of(inputs.reports_of(unit.name), period.number)
    first = report.reported_on if report is not None else None
    corrected = report.corrected_on if report is not None else None
    return chinese_date(first) if first else "", chinese_date(corrected) if corrected else ""


def _corrected_units(inputs: Inputs, period: Period) -> list[str]:
    """The units whose report of the period was corrected after it was sent: 韩村镇（3月5日更正）."""
    said = []
    for unit in inputs.units:
        report = report_of(inputs.reports_of(unit.name), period.number)
        if report is not None and report.corrected_on is not None:
            said.append(f"{unit.name}（{month_day(report.corrected_on)}更正）")
    return said


def _footer(inputs: Inputs, unit: Unit, period: Period) -> FooterRecord:
    """Who filled the unit's report in and when, as its returned form said ("" when not given)."""
    report = report_of(inputs.reports_of(unit.name), period.number)
    given = report.footer if report else {}
    # The record's keys are schema.REPORT_FOOTER_COLUMNS (tests/test_kinds.py holds them together).
    return {
        "填报人": given.get("填报人", ""),
        "审核人": given.get("审核人", ""),
        "联系电话": given.get("联系电话", ""),
        # 昨天 is no date (collect and validate say so): the sheet leaves the line blank, never prints it
        "填报日期": given.get("填报日期", "") if report is None or report.filed is not None else "",
    }


def form_context(inputs: Inputs, shared: SharedContext, unit: Unit, period: Period) -> SheetContext:
    """The statistics sheet a unit's fill-in form of a period is titled from (the 报表 kind's `forms`)."""
    return sheet_context(inputs, shared, unit, period, {})


def sheet_context(
    inputs: Inputs, shared: SharedContext, unit: Unit, period: Period, made: dict[tuple[Any, ...], SheetRowRecord]
) -> SheetContext:
    """One unit's statistics sheet of one period (its fill-in form is titled from it too)."""
    rows, reported, count = sheet_rows(inputs, unit, period, made)
    when = period_context(period, inputs.campaign)
    reported_on, corrected_on = _reported_and_corrected(inputs, unit, period)
    return {
        "发文": shared["发文"],
        "活动": shared["活动"],
        "单位": {"名称": unit.name, "类型": unit.unit_type, "机关全称": unit.organ},
        "统计": {
            "期别": when["期别"],
            "序号": when["序号"],
            "开始日期": when["开始日期"],
            "结束日期": when["结束日期"],
            "截止日期": when["截止日期"],
            "时段": when["时段"],
            "期别全称": when["期别全称"],
            "已报送": reported,
            "报送状态": inputs.status(unit.name, period.number),
            "报送日期": reported_on,
            "更正日期": corrected_on,
            "累计期数": count,
            "累计说明": sheet_coverage_said(inputs, unit, period),
            "行": rows,
            "填报": _footer(inputs, unit, period),
        },
    }


def sheet_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> Iterator[DocumentJob]:
    made: dict[tuple[Any, ...], SheetRowRecord] = {}
    for period in statistics_periods(inputs):
        for unit in units_for(inputs, spec):
            context = sheet_context(inputs, shared, unit, period, made)
            compose = functools.partial(sheet_context, inputs, shared, unit, period, made)
            yield _job(spec, unit.name, unit.organ, period.due, context, compose=compose)


def _rollup_cell(report: Report | None, metric: Metric, unit: Unit) -> Figure:
    """A unit's figure in the roll-up: 未报送 without a report, — for a metric its type is not asked for."""
    if report is None:
        return MISSING
    if not metric.applies_to(unit.unit_type):
        return NOT_APPLICABLE
    figure: Decimal = report.values[metric.name]
    return figure


def reporting_line(reported: int, missing: int) -> str:
    """A roll-up's subtitle on who reported, so its template needs no if/else for it."""
    return f"已报送{reported}个单位，未报送{missing}个" if missing else f"{reported}个单位全部报送"


def _fewest_tables(sizes: list[int], limit: int) -> list[int]:
    """Where to cut a run of group sizes into the fewest tables of at most `limit` columns (a
    group wider than that alone), the smallest table as large as can be: 5 6 8 7 4 1 at eleven is
    5+6 | 8 | 7 | 4+1, not 5+6 | 8 | 7+4 | 1 (a one-column table on a page of its own). Returns
    the count of groups in each table."""
    # best[i]: (tables, -smallest, counts) for the first i groups.
    best: list[tuple[int, int, list[int]]] = [(0, 0, [])]
    for end in range(1, len(sizes) + 1):
        options = []
        for start in range(end - 1, -1, -1):
            width = sum(sizes[start:end])
            if width > limit and start < end - 1:
                break
            tables, smallest, counts = best[start]
            options.append((tables + 1, max(smallest, -width) if counts else -width, [*counts, end - start]))
        best.append(min(options, key=lambda option: (option[0], option[1])))
    return best[-1][2]


def rollup_tables(groups: list[RollupGroupRecord]) -> list[RollupTableRecord]:
    """Adjacent groups set side by side in one table while their metrics fit the landscape 版心
    (gbt9704.ROLLUP_MAX_METRIC_COLUMNS): 永清's six tables of 5, 6, 8, 7, 4 and 1 columns, each on
    a page of its own, become three. Each table names its groups with how many columns each spans."""
    packed: list[list[RollupGroupRecord]] = []
    first = 0
    for count in _fewest_tables([len(g["指标"]) for g in groups], gbt9704.ROLLUP_MAX_METRIC_COLUMNS):
        packed.append(groups[first : first + count])
        first += count
    tables: list[RollupTableRecord] = []
    for members in packed:
        rows: list[RollupRowRecord] = [
            {**row, "值": [value for g in members for value in g["行"][index]["值"]]}
            for index, row in enumerate(members[0]["行"])
        ]
        tables.append(
            {
                "分组": [{"名称": g["名称"], "列数": len(g["指标"])} for g in members],
                "指标": [m for g in members for m in g["指标"]],
                "行": rows,
                "合计": [total for g in members for total in g["合计"]],
            }
        )
    return tables


def dated_after_data(nominal: dt.date, cited: Iterable[Report]) -> dt.date:
    """A document's date: its nominal one (the campaign's end, 总结报送截止, the period's due date), or
    the latest 填报日期 of the reports it prints when that is later, since a clerk signs no figure
    before it arrives. A correction's 填报日期 is its figures' date, so a 更正 sent later moves the
    date with it; a report without a 填报日期 moves nothing."""
    return max([nominal, *(r.filed for r in cited if r.filed is not None)])


def _rollup_rows(
    inputs: Inputs, period: Period, metrics: list[Metric], reports: dict[str, Report | None]
) -> list[RollupRowRecord]:
    """A group's rows of the roll-up: every unit, its status and its figures of the group's metrics."""
    rows: list[RollupRowRecord] = []
    for unit in inputs.units:
        report = reports[unit.name]
        values = [_rollup_cell(report, m, unit) for m in metrics]
        status = inputs.status(unit.name, period.number)
        rows.append({"单位": unit.name, "已报送": report is not None, "报送状态": status, "值": values})
    return rows


def _rollup_total(figures: list[Decimal], metric: Metric) -> Figure:
    """A metric's 合计 cell: the units' total, or their reading said as one (最大80, 平均25.5: a 合计 row
    never adds up rainfall); a reading nobody reported is 未报送, not 0."""
    if metric.accumulation.adds:
        return combined(metric, figures)
    return reading_said(metric, combined(metric, figures)) if figures else MISSING


def rollup_context(inputs: Inputs, period: Period) -> RollupRecord:
    """All units for one period, by metric group: rows of units, a 合计 over those who reported."""
    reports = {u.name: report_of(inputs.reports_of(u.name), period.number) for u in inputs.units}
    reported_reports = [r for r in reports.values() if r is not None]
    reported = [r.unit for r in reported_reports]
    unit_types = {u.name: u.unit_type for u in inputs.units}
    groups: dict[str, list[Metric]] = {}
    for metric in inputs.metrics:
        groups.setdefault(metric.group, []).append(metric)
    out: list[RollupGroupRecord] = []
    for group, metrics in groups.items():
        rows = _rollup_rows(inputs, period, metrics, reports)
        totals = [_rollup_total(metric_figures(reported_reports, m, unit_types), m) for m in metrics]
        out.append(
            {"名称": group, "指标": [{"名称": m.name, "单位": m.unit} for m in metrics], "行": rows, "合计": totals}
        )
    return {
        "已报送数": len(reported),
        "未报送数": len(inputs.units) - len(reported),
        "报送情况": reporting_line(len(reported), len(inputs.units) - len(reported)),
        "未报送单位": [name for name, r in reports.items() if r is None],
        "逾期报送单位": [u.name for u in inputs.units if inputs.status(u.name, period.number) == LATE],
        "更正单位": _corrected_units(inputs, period),
        "分组": out,
        "表": rollup_tables(out),
        # Who made the table and when: the leading group's office, on the day reports were due, or
        # when the last of the figures it prints arrived (a late report, a correction).
        "上报截止": inputs.campaign.rollup_due(period) or "",
        "制表单位": office_organ(inputs.campaign),
        "制表日期": dated_after_data(period.due, reported_reports),
    }


def rollup_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> Iterator[DocumentJob]:
    """The campaign's roll-up of each period (its spreadsheet is the registry's twin of it)."""
    for period in statistics_periods(inputs):
        compose = functools.partial(_rollup_job_context, inputs, shared, period)
        context = compose()
        date = context["汇总"]["制表日期"]
        yield _job(spec, None, inputs.campaign.group_office, date, context, None, period.number, compose)


def _rollup_job_context(inputs: Inputs, shared: SharedContext, period: Period) -> RollupContext:
    return {
        "发文": shared["发文"],
        "活动": shared["活动"],
        "统计": period_context(period, inputs.campaign),
        "汇总": rollup_context(inputs, period),
    }


def _summaries_due(inputs: Inputs) -> bool:
    """Summaries are made once anyone has reported, or at once for a campaign without statistics."""
    return bool(inputs.reports) or not inputs.campaign.periods or not inputs.metrics


def summary_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> Iterator[DocumentJob]:
    """A 工作总结 per unit, dated the day the campaign ends (or when its last report arrived, if
    later); figures from the statistics."""
    if not _summaries_due(inputs):
        return
    by_type: dict[str, CampaignRecord] = {}
    for unit in units_for(inputs, spec):
        date = dated_after_data(inputs.campaign.end, inputs.reports_of(unit.name))
        compose = functools.partial(_unit_summary_job_context, inputs, shared, unit, date, by_type)
        yield _job(spec, unit.name, unit.organ, date, compose(), compose=compose)


def _unit_summary_job_context(
    inputs: Inputs, shared: SharedContext, unit: Unit, date: dt.date, by_type: dict[str, CampaignRecord]
) -> UnitSummaryContext:
    own = unit_context(unit, inputs.campaign, inputs.notice.date)
    return {
        "发文": shared["发文"],
        "活动": campaign_for(unit, shared, inputs, by_type),
        "单位": own,
        "总结": unit_summary_context(inputs, unit, own["全境"], own["自称"], date),
    }


def campaign_summary_jobs(inputs: Inputs, shared: SharedContext, spec: DocumentSpec) -> list[DocumentJob]:
    """The campaign's own 工作总结, dated at the 总结报送截止 (or when the last report arrived, if
    later): its figures, ranking, periods and chart."""
    if not _summaries_due(inputs):
        return []
    date = dated_after_data(inputs.campaign.summary_due, inputs.reports)
    compose = functools.partial(_campaign_summary_job_context, inputs, shared, date)
    organ = office_organ(inputs.campaign)
    return [_job(spec, None, organ, date, compose(), compose=compose)]


def _campaign_summary_job_context(inputs: Inputs, shared: SharedContext, date: dt.date) -> CampaignSummaryContext:
    campaign = inputs.campaign
    organ = office_organ(campaign)
    return {
        "发文": shared["发文"],
        "活动": shared["活动"],
        "本级": {
            "名称": campaign.region,
            "范围": campaign.scope,
            "署名": organ,
            "总结标题": balanced_title(campaign.region, f"{campaign.name}工作总结"),
        },
        "总结": campaign_summary_context(inputs, date, CHART_MARKER),
    }


def unit_reports(inputs: Inputs, job: DocumentJob) -> list[Report]:
    """The reports a unit's summary quotes: the unit's own."""
    return list(inputs.reports_of(job.unit)) if job.unit is not None else []


def period_reports(inputs: Inputs, job: DocumentJob) -> list[Report]:
    """The reports a roll-up quotes: every unit's of its period."""
    return [r for r in inputs.reports if r.period == job.period]


def all_reports(inputs: Inputs, job: DocumentJob) -> list[Report]:
    """The reports the campaign's own summary quotes: all of them."""
    return list(inputs.reports)


def chart_rows(job: DocumentJob) -> list[list[ChartSpec]]:
    """The campaign summary's charts, from its context."""
    return county_charts(typed_context(job, CampaignSummaryContext)["总结"]["图表数据"])


def plan_jobs(
    inputs: Inputs,
    documents: Collection[str] | None = None,
    seen: Callable[[Sequence[DocumentJob]], None] | None = None,
    common: SharedContext | None = None,
) -> list[DocumentJob]:
    """Every document the workspace defines (those of the 文档 sheet's names in `documents` when
    given), in build order; `seen` and `common`: see registry.plan_jobs and common_context."""
    composed = common if common is not None else common_context(inputs)
    return registry.plan_jobs(inputs, lambda _: composed, documents, seen)
