"""The 工作总结: figures written as natural Chinese, rankings, period by period, from the statistics.

Nothing here is typed by the clerk twice: every number comes from the periodic
reports, cumulated over the campaign (a stock read at its latest report), and every
word of the prose comes from the 统计指标 sheet (表述, 为零时表述, 前提指标).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import TypedDict

from generator.documents.contexts import (
    CampaignSummaryRecord,
    ChartDataRecord,
    Figure,
    NarrativeRecord,
    UnitSummaryRecord,
    beside_own,
)
from generator.inputs.model import LATE, MISSING, Campaign, Inputs, Metric, Period, Report, SummaryItem, Unit
from generator.inputs.periods import PeriodKind
from generator.inputs.schema import SUMMARY_SECTIONS
from generator.inputs.statistics import Figures, combined, cumulative, format_figure, report_of, settled
from generator.standard.words import chinese_date, month_day


def phrase(metric: Metric, value: Decimal) -> str:
    """How prose says one figure: the clerk's 表述, or the metric's name, the figure and its unit
    (a name such as 排查企业数 loses its 数: "排查企业116家", not "排查企业数116家"); a reading with
    what it is (降雨量最大120.3毫米: the largest week's, not a total)."""
    figure = format_figure(value, metric)
    if metric.wording:
        return metric.wording.replace("{值}", figure).replace("{单位}", metric.unit)
    name = metric.name[:-1] if metric.name.endswith("数") and len(metric.name) > 2 else metric.name
    return f"{name}{metric.reading_word}{figure}{metric.unit}"


NONE: Mapping[str, str] = MappingProxyType({})  # no metric's figure needs saying what it is over


def during(campaign: Campaign) -> str:
    """专项检查期间, or 活动期间 when the campaign has no 简称; a season's name (防火期, 汛期) takes 内,
    never a second 期 (防火期期间)."""
    short = campaign.short_name or "活动"
    return f"{short}内" if short.endswith("期") else f"{short}期间"


def group_phrases(
    totals: dict[str, Decimal], metrics: Sequence[Metric], zeros_said_for: str = "", over: Mapping[str, str] = NONE
) -> list[tuple[str, list[str], list[str]]]:
    """Each metric group's figures as prose phrases, groups in the workbook's order and, within
    a group, its main metrics first; then the zeros said in the clerk's words (未发现…), which
    follow the figures ("共核查线索5条，未发现…", never "共未发现…"). Other zeros and a figure
    whose 前提指标 is zero are left out; a group left with nothing is dropped.

    `zeros_said_for` names the periods the figures cover when some are missing ("1月、3月"): a
    未发现 is said of those periods only, never of one the unit did not report. `over`: what a metric's
    figure is over, said after it (（已报送的2个单位的平均）)."""
    groups: dict[str, list[Metric]] = {}
    for metric in metrics:
        groups.setdefault(metric.group, []).append(metric)
    unsaid = _unsaid(totals, metrics)
    result = []
    for group, members in groups.items():
        figures, zeros = _group_said(_main_first(members), totals, unsaid, (zeros_said_for, over))
        if figures or zeros:
            result.append((group, figures, zeros))
    return result


def _group_said(
    members: list[Metric], totals: dict[str, Decimal], unsaid: set[str], said_for: tuple[str, Mapping[str, str]]
) -> tuple[list[str], list[str]]:
    """One group's figures and zeros in words. One 共 goes before the group's first total and reads across
    the rest (共出动…人次，核查线索5条); a reading is no total (降雨量最大120.3毫米，共转移群众45人, never
    共降雨量…), and a 表述 saying its own quantity word takes none (现有扑火队员32人)."""
    zeros_said_for, over = said_for
    figures, zeros = [], []
    opened = False  # the group's totals begun: after 共, or a 表述's own quantity word
    for metric in members:
        value = totals[metric.name]
        if metric.name in unsaid:
            continue
        if value != 0:
            said = phrase(metric, value) + over.get(metric.name, "")
            if metric.accumulation.adds and not opened:
                opened = True
                said = said if said.startswith(QUANTITY_WORDS) else f"共{said}"
            figures.append(said)
        elif metric.zero_wording:
            zeros.append(zeros_said_for + metric.zero_wording)
    return figures, zeros


def _unsaid(totals: dict[str, Decimal], metrics: Sequence[Metric]) -> set[str]:
    """The metrics whose 前提指标 is zero, or is itself left out for its own: 涉案金额 needs 立案侦办,
    which needs 发现风险线索; with no 线索 neither is said (not 涉案金额 alone)."""
    by_name = {m.name: m for m in metrics}

    def left_out(metric: Metric, seen: frozenset[str]) -> bool:
        need = metric.requires
        if not need or need in seen:  # none, or a cycle (the workbook check reports it)
            return False
        if totals.get(need, Decimal(0)) == 0:
            return True
        prerequisite = by_name.get(need)
        return prerequisite is not None and left_out(prerequisite, seen | {need})

    return {m.name for m in metrics if left_out(m, frozenset({m.name}))}


def _main_first(metrics: list[Metric]) -> list[Metric]:
    """The main metrics first, the others in the sheet's order; a metric whose 前提指标 is in the
    group comes right after it (发现隐患51处，整改隐患34处: not the other way round)."""
    by_name = {m.name: m for m in metrics}
    result: list[Metric] = []

    def place(metric: Metric, waiting: frozenset[str]) -> None:
        if metric in result or metric.name in waiting:  # placed, or a cycle (the workbook check reports it)
            return
        prerequisite = by_name.get(metric.requires) if metric.requires else None
        if prerequisite is not None:
            place(prerequisite, waiting | {metric.name})
        result.append(metric)

    for metric in sorted(metrics, key=lambda m: not m.main):  # stable: the sheet's order otherwise
        place(metric, frozenset())
    return result


# A 表述 that says its own quantity word takes no 共 before it: 全镇现有扑火队员32人, not 全镇共现有….
QUANTITY_WORDS = ("共", "现有", "累计", "合计", "总计")  # 有 is not one: 共有扑火队员 reads well


def _said(figures: list[str], zeros: list[str]) -> str:
    """ "共出动…人次，核查线索5条，未发现…": the figures (共 before the first total), the zeros in words
    after them."""
    return "，".join([*figures, *zeros])


def figures_sentences(
    campaign: Campaign,
    scope: str,
    totals: dict[str, Decimal],
    metrics: Sequence[Metric],
    coverage: tuple[str, str] = ("", ""),
    over: Mapping[str, str] = NONE,
) -> list[str]:
    """One sentence per metric group, as a summary's 工作成效 gives them:
    '专项检查期间，组织发动方面，全镇共出动检查人员409人次，……。隐患排查方面，全镇共……。'
    `coverage` is (what is said first when the figures leave periods out, '2月份未报送，以下为1月、3月合计。';
    the periods they cover, '1月、3月'), or two empty strings."""
    if not metrics:
        return []
    said, covered = coverage
    groups = group_phrases(totals, metrics, covered, over)
    opening = f"{during(campaign)}，{said}"
    if not groups:
        return [f"{opening}{scope}各项统计均为零。"]
    sentences = [f"{group}方面，{scope}{_said(figures, zeros)}。" for group, figures, zeros in groups]
    sentences[0] = f"{opening}{sentences[0]}"
    return sentences


class FiguresText(TypedDict):
    """The figures as words: the part every summary's 总结 record begins with."""

    数字段: str
    成效: list[str]


def figures_context(
    campaign: Campaign,
    scope: str,
    totals: dict[str, Decimal],
    metrics: Sequence[Metric],
    coverage: tuple[str, str] = ("", ""),
    over: Mapping[str, str] = NONE,
) -> FiguresText:
    """数字段 (the sentences as one paragraph) and 成效 (one sentence per group, for a template
    that gives each group a paragraph of its own)."""
    sentences = figures_sentences(campaign, scope, totals, metrics, coverage, over)
    return {"数字段": "".join(sentences), "成效": sentences}


def periods_said(periods: Sequence[Period], kind: PeriodKind) -> str:
    """1月、3月; 1月至3月 for three or more in a row (each as its kind's short name: 2月, 第2周, 2024年第二季度)."""
    words = [kind.short(p) for p in periods]
    consecutive = all(b.number == a.number + 1 for a, b in itertools.pairwise(periods))
    if len(words) >= 3 and consecutive:
        return f"{words[0]}至{words[-1]}"
    return "、".join(words)


def coverage_said(inputs: Inputs, unit: Unit, self_name: str) -> tuple[str, str]:
    """What a unit's figures leave out, '2月份统计报表未报送，以下为1月、3月合计。', and the periods they
    cover, '1月、3月' (two empty strings when nothing is missing)."""
    missing = inputs.missing_periods(unit.name)
    if not missing:
        return "", ""
    kind = inputs.campaign.period_kind
    covered = periods_said([p for p in inputs.reporting_periods if p not in missing], kind)
    missed = periods_said(missing, kind) + kind.said_suffix
    if not _all_totals(inputs, unit):  # a largest week is no 合计 of weeks
        return f"{self_name}{missed}统计报表未报送，以下数字只含{covered}。", covered
    return f"{self_name}{missed}统计报表未报送，以下为{covered}合计。", covered


def _all_totals(inputs: Inputs, unit: Unit) -> bool:
    """Whether every figure the unit reports adds up over periods (none is a reading: 降雨量最大…)."""
    return all(m.accumulation.adds for m in inputs.metrics_of(unit))


def sheet_coverage_said(inputs: Inputs, unit: Unit, period: Period) -> str:
    """What a statistics sheet's 累计 leaves out, '4月份未报送，累计为3月、5月合计。': the periods up
    to this one the unit did not report ("" when none is missing, or when it reported none: its 累计
    is then 未报送 and says so itself)."""
    missing = [p for p in inputs.missing_periods(unit.name) if p.number <= period.number]
    reported = [p for p in inputs.reporting_periods[: period.number] if p not in missing]
    if not missing or not reported:
        return ""
    kind = inputs.campaign.period_kind
    missed = periods_said(missing, kind) + kind.said_suffix
    if not _all_totals(inputs, unit):
        return f"{missed}未报送，累计只含{periods_said(reported, kind)}。"
    return f"{missed}未报送，累计为{periods_said(reported, kind)}合计。"


def last_period(inputs: Inputs) -> int:
    return len(inputs.campaign.periods)


def unit_summary_context(inputs: Inputs, unit: Unit, scope: str, self_name: str, date: dt.date) -> UnitSummaryRecord:
    """A unit's 工作成效 from its own reports, over the metrics its type is asked for. Periods it
    did not report are named; a unit that reported nothing gets no figures, and is told so. What was
    due is what was due on its date: a period past its deadline then, whether anybody sent it or not."""
    inputs = inputs.on(date)
    metrics = inputs.metrics_of(unit)
    total = cumulative(inputs.reports_of(unit.name), last_period(inputs), metrics)
    items = inputs.summary_of(unit.name)
    expected = inputs.reporting_periods
    if expected and metrics and total.reported_periods == 0:
        span = periods_said(expected, inputs.campaign.period_kind)
        every = "均" if len(expected) > 1 else ""  # 第1周的统计报表未报送: one report is not 均
        sentence = (
            f"{during(inputs.campaign)}，{self_name}{span}的统计报表{every}未报送，工作成效的统计数字待报送后补充。"
        )
        figures: FiguresText = {"数字段": sentence, "成效": [sentence]}
        said: dict[str, Figure] = {m.name: MISSING for m in metrics}
    else:
        figures = figures_context(inputs.campaign, scope, total.values, metrics, coverage_said(inputs, unit, self_name))
        said = {m.name: total.values[m.name] for m in metrics}
    told = narrative(items)
    declared: UnitSummaryRecord = {
        **figures,
        "指标": said,
        "报送期数": total.reported_periods,
        "未报送期别": [p.label for p in inputs.missing_periods(unit.name)],
        "主要做法": told["主要做法"],
        "存在问题": told["存在问题"],
        "下一步打算": told["下一步打算"],
        "典型案例": told["典型案例"],
        "日期": date,
    }
    return beside_own(declared, told)  # the 总结 sheet's paragraphs by section: the clerk's own too


def narrative(items: Sequence[SummaryItem]) -> dict[str, list[NarrativeRecord]]:
    """The 总结 sheet's paragraphs by section (类别): the four it offers, then the clerk's own."""
    sections = list(dict.fromkeys([*SUMMARY_SECTIONS, *(i.section for i in items)]))
    return {s: [{"标题": i.title or "", "内容": i.text} for i in items if i.section == s] for s in sections}


def _county_coverage(inputs: Inputs) -> tuple[str, str]:
    """A 未发现 of the county is said of the reports it has when some were not sent (已报送的单位均未发现…):
    the missing ones are named in the next paragraph, and found nothing only as far as anyone knows."""
    if any(inputs.missing_periods(u.name) for u in inputs.units):
        return "", "已报送的单位均"
    return "", ""


def campaign_summary_context(inputs: Inputs, date: dt.date, chart: str) -> CampaignSummaryRecord:
    """What only the campaign's own summary sees: totals across units, a ranking, missed and late
    reports, period by period. A unit that reported nothing is ranked last as 未报送, not as 0. What
    was due is what was due on its date (应报份数, 缺报, 逐期): a period past its deadline then, sent or not."""
    inputs = inputs.on(date)
    periods = list(inputs.reporting_periods)
    per_unit, totals = _per_unit(inputs)
    main = [m for m in inputs.metrics if m.main] or list(inputs.metrics[:4])
    ranking = _ranking(inputs, per_unit, main)
    by_period = [(rows, _rows_totals(inputs, rows, main)) for rows in _table_rows(inputs, periods)]
    kind = inputs.campaign.period_kind
    reporting = _reporting(inputs, periods, per_unit)
    told = narrative([i for i in inputs.summary if i.unit is None])
    coverage, over = _county_coverage(inputs), _readings_over(inputs, per_unit)
    declared: CampaignSummaryRecord = {
        **figures_context(inputs.campaign, inputs.campaign.scope, totals, inputs.metrics, coverage, over),
        "指标": {m.name: totals[m.name] for m in inputs.metrics},
        "单位数": len(inputs.units),
        "报送份数": len(inputs.reports),
        "应报份数": len(inputs.units) * len(periods) - _rows_not_due(inputs, periods),
        "主要指标": [{"名称": m.headed, "单位": m.unit} for m in main],
        "排名指标": f"{main[0].reading_word}{main[0].name}" if main else "",  # 按最大降雨量从多到少排列
        "排名": [
            {"名次": i, "单位": _ranked_name(inputs, u, kind), "值": _ranked_values(inputs, u, per_unit, main)}
            for i, u in enumerate(ranking, start=1)
        ],
        "缺报": reporting["缺报"],
        "逾期": reporting["逾期"],
        "未报送单位": reporting["未报送单位"],
        "逐期": [
            {
                "期别": _rows_label(inputs, rows),
                "值": _period_figures(row, main),
                "未报送数": _rows_missing(inputs, rows),
            }
            for rows, row in by_period
        ],
        "图表数据": _chart_data(inputs, main, by_period, per_unit) if main else {},
        "主要做法": told["主要做法"],
        "存在问题": told["存在问题"],
        "下一步打算": told["下一步打算"],
        "典型案例": told["典型案例"],
        "日期": date,
        "图表": chart,
    }
    return beside_own(declared, told)  # the clerk's own sections too


def _reporting(inputs: Inputs, periods: list[Period], per_unit: dict[str, Figures]) -> dict[str, list[str]]:
    """Missing and late reports, and the units that sent nothing: each named once (a unit that sent
    nothing is in 未报送单位, not once per period in 缺报)."""
    due = [p for p in periods if inputs.past_due(p)]  # a report not yet due is not 缺报
    return {
        "缺报": [said for u, said in _with_status(inputs, due, MISSING) if per_unit[u].reported_periods],
        "逾期": [said for _, said in _with_status(inputs, periods, LATE)],
        "未报送单位": [u.name for u in inputs.units if per_unit[u.name].reported_periods == 0 and due],
    }


def _ranked_name(inputs: Inputs, unit: Unit, kind: PeriodKind) -> str:
    """A unit as the ranking names it: its figures leave out a period it did not report, and say so."""
    missing = inputs.missing_periods(unit.name)
    if not missing or len(missing) == len([p for p in inputs.reporting_periods if inputs.past_due(p)]):
        return unit.name
    return f"{unit.name}（{periods_said(missing, kind)}未报送）"


def _ranked_values(inputs: Inputs, unit: Unit, per_unit: dict[str, Figures], main: list[Metric]) -> list[Figure]:
    """A unit's main figures; 未报送 for a unit that sent nothing, 不适用 for a metric its type is not asked for."""
    if inputs.reporting_periods and per_unit[unit.name].reported_periods == 0:
        return [MISSING for _ in main]
    return [per_unit[unit.name].values[m.name] if m.applies_to(unit.unit_type) else NOT_APPLICABLE for m in main]


NOT_APPLICABLE = "—"  # a metric the unit's type is not asked for: no figure, and not 0


# A daily campaign longer than a month is tabled and charted month by month: a 总结 does not print
# five pages of days (文安乡's 汛期值班, 5月1日 to 9月30日, reported daily).
DAYS_TABLED = 31


def _table_rows(inputs: Inputs, periods: list[Period]) -> list[list[Period]]:
    """The periods each row of the period-by-period table and each point of the trend covers: one
    period a row, or a month's days when a daily campaign has more days than DAYS_TABLED."""
    if inputs.campaign.period_kind.name != "日" or len(periods) <= DAYS_TABLED:
        return [[p] for p in periods]
    return [list(days) for _, days in itertools.groupby(periods, key=lambda p: (p.start.year, p.start.month))]


def _rows_totals(inputs: Inputs, rows: list[Period], metrics: list[Metric]) -> dict[str, Decimal] | None:
    """A row's totals: its periods' added up, a stock's read at the last period reported, a reading's
    largest, smallest or average (its accumulation's way); None when nobody reported any of them."""
    reported = [t for t in (_period_totals(inputs, p.number, metrics) for p in rows) if t is not None]
    if not reported:
        return None
    return {m.name: settled(m.accumulation.over_periods([t[m.name] for t in reported]), m) for m in metrics}


def _rows_missing(inputs: Inputs, rows: list[Period]) -> int:
    return sum(_missing_count(inputs, p) for p in rows)


def _rows_label(inputs: Inputs, rows: list[Period]) -> str:
    """A row as the table names it: its period (_period_label), or its month with the reports it lacks."""
    if len(rows) == 1:
        return _period_label(inputs, rows[0])
    missing = _rows_missing(inputs, rows)
    return f"{rows[0].start.year}年{rows[0].start.month}月" + (f"（{missing}份未报送）" if missing else "")


def _period_label(inputs: Inputs, period: Period) -> str:
    """A period as the period-by-period table names it (a week with its days), with the reports its
    totals lack."""
    missing, not_due = _missing_count(inputs, period), _not_due_count(inputs, period)
    aside = [f"{missing}个单位未报送"] if missing else []
    aside += [f"{not_due}个单位尚未到报送期限"] if not_due else []
    return inputs.campaign.period_kind.told(period, "，".join(aside))


def _missing_count(inputs: Inputs, period: Period) -> int:
    """The units that did not send a period due by the document's date (see _not_due_count)."""
    if not inputs.past_due(period):
        return 0
    return sum(1 for u in inputs.units if inputs.status(u.name, period.number) == MISSING)


def _not_due_count(inputs: Inputs, period: Period) -> int:
    """The units whose report of a period others sent early was not yet due on the document's date."""
    return sum(1 for u in inputs.units if inputs.not_yet_due(u.name, period))


def _rows_not_due(inputs: Inputs, rows: list[Period]) -> int:
    return sum(_not_due_count(inputs, p) for p in rows)


def _ranking(inputs: Inputs, per_unit: dict[str, Figures], main: list[Metric]) -> list[Unit]:
    """The units by the first main metric, most first (in the workbook's order without metrics);
    those that reported nothing last."""
    if not main:
        return list(inputs.units)
    lead = main[0]
    reported = [u for u in inputs.units if per_unit[u.name].reported_periods]
    silent = [u for u in inputs.units if not per_unit[u.name].reported_periods]  # in the workbook's order
    # a unit not asked the lead metric (its row says —) is not ranked by it: after those that are
    asked = [u for u in reported if lead.applies_to(u.unit_type)]
    others = [u for u in reported if not lead.applies_to(u.unit_type)]
    return sorted(asked, key=lambda u: (-per_unit[u.name].values[lead.name], u.name)) + others + silent


def _figures(values: dict[str, Decimal], metrics: list[Metric]) -> list[Figure]:
    return [values[m.name] for m in metrics]


def _chart_data(
    inputs: Inputs,
    main: list[Metric],
    by_period: list[tuple[list[Period], dict[str, Decimal] | None]],
    per_unit: dict[str, Figures],
) -> ChartDataRecord:
    """What the chart draws: the main metrics period by period (with how many units each period
    lacks), and each unit's figure for the first (None: it reported nothing)."""
    lead = main[0]
    asked = [u for u in inputs.units if lead.applies_to(u.unit_type)]  # no bar of 0 for a unit never asked
    return {
        "指标": [_charted(m) for m in main],
        "期别": _axis_labels(inputs, [rows for rows, _ in by_period]),
        "逐期": [[None if row is None else float(row[m.name]) for m in main] for _, row in by_period],
        "合计": [m.accumulation.adds for m in main],
        "未报送": [_rows_missing(inputs, rows) for rows, _ in by_period],
        "未到期": [_rows_not_due(inputs, rows) for rows, _ in by_period],
        # A unit whose total lacks periods says which: its bar is not comparable as it stands.
        "单位": [_charted_name(inputs, u) for u in asked],
        "各单位": [
            float(per_unit[u.name].values[lead.name]) if per_unit[u.name].reported_periods else None for u in asked
        ],
        "各单位指标": _charted(lead),
        "各单位口径": "累计" if lead.accumulation.adds else "",
    }


def _charted(metric: Metric) -> str:
    """A metric as a chart names it: 出动人次（人次）; a reading with what it is, 降雨量（最大，毫米）."""
    word = metric.reading_word
    return f"{metric.name}（{word}，{metric.unit}）" if word else f"{metric.name}（{metric.unit}）"


def _axis_labels(inputs: Inputs, rows: list[list[Period]]) -> list[str]:
    """The periods as the trend's axis names them, short (2月, 三季度; a month of days 5月); with their
    year when one short name would stand for two periods (a campaign from 2018年第四季度 to 2019年第四季度
    has two 四季度), and in a campaign across a new year each one its label dates (2024年四季度、2025年一季度,
    never 四季度、一季度 as if one year's; a 第3周 is the campaign's own, and stays so)."""
    kind = inputs.campaign.period_kind
    periods = [r[0] for r in rows]
    labels = [kind.axis(r[0]) if len(r) == 1 else f"{r[0].start.month}月" for r in rows]
    twice = len(set(labels)) != len(labels)
    if not twice and not inputs.campaign.across_a_new_year:
        return labels
    return [_with_year(p, label, dated=twice or p.label.startswith(f"{p.start.year}年")) for p, label in
            zip(periods, labels, strict=True)]  # fmt: skip


def _with_year(period: Period, label: str, dated: bool) -> str:
    year = f"{period.start.year}年"
    return f"{year}{label}" if dated and not label.startswith(year) else label


def _charted_name(inputs: Inputs, unit: Unit) -> str:
    missing = inputs.missing_periods(unit.name)
    if not missing or len(missing) == len(inputs.reporting_periods):
        return unit.name
    return f"{unit.name}（缺{periods_said(missing, inputs.campaign.period_kind)}）"


def _per_unit(inputs: Inputs) -> tuple[dict[str, Figures], dict[str, Decimal]]:
    """Each unit's figures at the campaign's end (over the metrics its type is asked for), and
    theirs over the units that reported: a total, or the largest, smallest or average reading."""
    reported: dict[str, list[Decimal]] = {m.name: [] for m in inputs.metrics}
    per_unit = {}
    for unit in inputs.units:
        figures = cumulative(inputs.reports_of(unit.name), last_period(inputs), inputs.metrics_of(unit))
        per_unit[unit.name] = Figures(
            {m.name: figures.values.get(m.name, Decimal(0)) for m in inputs.metrics}, figures.reported_periods
        )
        if figures.reported_periods:
            for name, value in figures.values.items():
                reported[name].append(value)
    return per_unit, {m.name: combined(m, reported[m.name]) for m in inputs.metrics}


def _readings_over(inputs: Inputs, per_unit: dict[str, Figures]) -> dict[str, str]:
    """What the county's reading of a metric is over, when a unit asked for it left a period out:
    平均气温26.5摄氏度（已报送的2个单位的平均）, never an average of the county that is not one."""
    notes = {}
    for metric in inputs.metrics:
        asked = [u for u in inputs.units if metric.applies_to(u.unit_type)]
        if metric.accumulation.adds or not any(inputs.missing_periods(u.name) for u in asked):
            continue
        count = sum(1 for u in asked if per_unit[u.name].reported_periods)
        word = metric.accumulation.word
        notes[metric.name] = f"（已报送的{count}个单位的平均）" if word == "平均" else f"（已报送的{count}个单位中）"
    return notes


def _period_totals(inputs: Inputs, period: int, metrics: list[Metric]) -> dict[str, Decimal] | None:
    """A period's totals; None for a period no unit reported (a day of a 日报 campaign nobody sent):
    未报送 in the table and a gap in the trend, never 0."""
    reports = [r for r in inputs.reports if r.period == period]
    if not reports:
        return None
    unit_types = {u.name: u.unit_type for u in inputs.units}
    return {m.name: combined(m, metric_figures(reports, m, unit_types)) for m in metrics}


def _period_figures(row: dict[str, Decimal] | None, metrics: list[Metric]) -> list[Figure]:
    return [MISSING for _ in metrics] if row is None else _figures(row, metrics)


def metric_figures(reports: Iterable[Report], metric: Metric, unit_types: Mapping[str, str]) -> list[Decimal]:
    """A metric's figures in `reports`, of the units whose type is asked for it (a roll-up's 合计, a
    period's total in the summary, combined): a figure a township typed for a department's metric is not
    counted."""
    return [r.values[metric.name] for r in reports if metric.applies_to(unit_types[r.unit])]


def _filed_on(filed: dt.date, period: Period) -> str:
    """3月5日; with its year when that is not the year the period was due (2033年6月7日 for a week of 2013
    read 6月7日, before the 6月8日 deadline of a report said to be late)."""
    return month_day(filed) if filed.year == period.due.year else chinese_date(filed)


def _with_status(inputs: Inputs, periods: list[Period], status: str) -> list[tuple[str, str]]:
    """(unit, its reports in one status): 三圣口乡（2018年2月）, 西镇（2025年4月、2025年5月）; a late one
    with its day, 县民政局（2018年2月，3月5日报送）; several sent one day said once, 天镇县（2009年5月上半月、
    2009年5月下半月，均于6月25日报送）, on different days parted by ；."""
    said = []
    for unit in inputs.units:
        by_day: dict[str, list[str]] = {}  # the day each was sent ("" for none), in the periods' order
        for period in periods:
            if inputs.status(unit.name, period.number) != status:
                continue
            report = report_of(inputs.reports_of(unit.name), period.number)
            first = report.reported_on if report is not None else None  # a later 更正 is not when it was sent
            by_day.setdefault(_filed_on(first, period) if first else "", []).append(period.label)
        if by_day:
            said.append((unit.name, f"{unit.name}（{_periods_by_day(by_day)}）"))
    return said


def _periods_by_day(by_day: dict[str, list[str]]) -> str:
    """2018年2月、2018年3月 (not sent); 2018年2月，3月5日报送; 2018年2月、2018年3月，均于4月6日报送."""
    said = []
    for day, labels in by_day.items():
        if not day:
            said.append("、".join(labels))
        elif len(labels) == 1:
            said.append(f"{labels[0]}，{day}报送")
        else:
            said.append(f"{'、'.join(labels)}，均于{day}报送")
    return ("；" if len(said) > 1 else "").join(said)
