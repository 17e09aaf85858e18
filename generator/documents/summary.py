"""The 工作总结: figures written as natural Chinese, rankings, period by period, from the statistics.

Nothing here is typed by the clerk twice: every number comes from the periodic
reports, cumulated over the campaign (a stock read at its latest report), and every
word of the prose comes from the 统计指标 sheet (表述, 为零时表述, 前提指标).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from generator.inputs.model import Campaign, Inputs, Metric, Period, SummaryItem
from generator.inputs.schema import SUMMARY_KINDS
from generator.inputs.statistics import Figures, cumulative, format_figure, report_of


def phrase(metric: Metric, value: Decimal) -> str:
    """How prose says one figure: the clerk's 表述, or the metric's name, the figure and its unit
    (a name such as 排查企业数 loses its 数: "排查企业116家", not "排查企业数116家")."""
    figure = format_figure(value, metric)
    if metric.wording:
        return metric.wording.replace("{值}", figure).replace("{单位}", metric.unit)
    name = metric.name[:-1] if metric.name.endswith("数") and len(metric.name) > 2 else metric.name
    return f"{name}{figure}{metric.unit}"


def during(campaign: Campaign) -> str:
    """专项检查期间, or 活动期间 when the campaign has no 简称."""
    return f"{campaign.short_name or '活动'}期间"


def group_phrases(totals: dict[str, Decimal], metrics: Sequence[Metric]) -> list[tuple[str, list[str], list[str]]]:
    """Each metric group's figures as prose phrases, groups in the workbook's order and, within
    a group, its main metrics first; then the zeros said in the clerk's words (未发现…), which
    follow the figures ("共核查线索5条，未发现…", never "共未发现…"). Other zeros and a figure
    whose 前提指标 is zero are left out; a group left with nothing is dropped."""
    groups: dict[str, list[Metric]] = {}
    for metric in metrics:
        groups.setdefault(metric.group, []).append(metric)
    result = []
    for group, members in groups.items():
        figures, zeros = [], []
        for metric in _main_first(members):
            value = totals[metric.name]
            if metric.requires and totals.get(metric.requires, Decimal(0)) == 0:
                continue
            if value != 0:
                figures.append(phrase(metric, value))
            elif metric.zero_wording:
                zeros.append(metric.zero_wording)
        if figures or zeros:
            result.append((group, figures, zeros))
    return result


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


def _said(figures: list[str], zeros: list[str]) -> str:
    """ "共出动…人次，核查线索5条，未发现…": the figures after 共, the zeros in words after them."""
    return "，".join(([f"共{'，'.join(figures)}"] if figures else []) + zeros)


def figures_sentences(
    campaign: Campaign, scope: str, totals: dict[str, Decimal], metrics: Sequence[Metric]
) -> list[str]:
    """One sentence per metric group, as a summary's 工作成效 gives them:
    '专项检查期间，组织发动方面，全镇共出动检查人员409人次，……。隐患排查方面，全镇共……。'"""
    if not metrics:
        return []
    groups = group_phrases(totals, metrics)
    if not groups:
        return [f"{during(campaign)}，{scope}各项统计均为零。"]
    sentences = [f"{group}方面，{scope}{_said(figures, zeros)}。" for group, figures, zeros in groups]
    sentences[0] = f"{during(campaign)}，{sentences[0]}"
    return sentences


def figures_context(
    campaign: Campaign, scope: str, totals: dict[str, Decimal], metrics: Sequence[Metric]
) -> dict[str, Any]:
    """数字段 (the sentences as one paragraph) and 成效 (one sentence per group, for a template
    that gives each group a paragraph of its own)."""
    sentences = figures_sentences(campaign, scope, totals, metrics)
    return {"数字段": "".join(sentences), "成效": sentences}


def last_period(inputs: Inputs) -> int:
    return len(inputs.campaign.periods)


def unit_summary_context(inputs: Inputs, unit_name: str, scope: str) -> dict[str, Any]:
    total = cumulative(inputs.reports_of(unit_name), last_period(inputs), inputs.metrics)
    items = inputs.summary_of(unit_name)
    return {
        **figures_context(inputs.campaign, scope, total.values, inputs.metrics),
        "指标": {m.name: format_figure(total.values[m.name], m) for m in inputs.metrics},
        "报送期数": total.reported_periods,
        **narrative(items),
    }


def narrative(items: Sequence[SummaryItem]) -> dict[str, list[dict[str, str]]]:
    kinds = list(dict.fromkeys([*SUMMARY_KINDS, *(i.kind for i in items)]))
    return {kind: [{"标题": i.title or "", "内容": i.text} for i in items if i.kind == kind] for kind in kinds}


def short_label(period: Period, kind: str) -> str:
    """A period as a chart's axis says it: 2月 for a month, its label otherwise."""
    return f"{period.start.month}月" if kind == "月" else period.label


def campaign_summary_context(inputs: Inputs) -> dict[str, Any]:
    """What only the campaign's own summary sees: totals across units, a ranking, missed
    reports, period by period."""
    reported = {r.period for r in inputs.reports}
    periods = [p for p in inputs.campaign.periods if p.number in reported]
    per_unit, totals = _per_unit(inputs)
    main = [m for m in inputs.metrics if m.main] or list(inputs.metrics[:4])
    ranking = _ranking(inputs, per_unit, main)
    by_period = [(p, _period_totals(inputs, p.number, main)) for p in periods]
    return {
        **figures_context(inputs.campaign, inputs.campaign.scope, totals, inputs.metrics),
        "指标": {m.name: format_figure(totals[m.name], m) for m in inputs.metrics},
        "单位数": len(inputs.units),
        "报送份数": len(inputs.reports),
        "应报份数": len(inputs.units) * len(periods),
        "主要指标": [{"名称": m.name, "单位": m.unit} for m in main],
        "排名": [
            {"名次": i, "单位": u.name, "值": _formatted(per_unit[u.name].values, main)}
            for i, u in enumerate(ranking, start=1)
        ],
        "缺报": _missed(inputs, periods),
        "逐期": [{"期别": p.label, "值": _formatted(row, main)} for p, row in by_period],
        "图表数据": _chart_data(inputs, main, by_period, per_unit) if main else {},
        **narrative([i for i in inputs.summary if i.unit is None]),
    }


def _ranking(inputs: Inputs, per_unit: dict[str, Figures], main: list[Metric]) -> list[Any]:
    """The units by the first main metric, most first (in the workbook's order without metrics)."""
    if not main:
        return list(inputs.units)
    lead = main[0].name
    return sorted(inputs.units, key=lambda u: (-per_unit[u.name].values[lead], u.name))


def _formatted(values: dict[str, Decimal], metrics: list[Metric]) -> list[str]:
    return [format_figure(values[m.name], m) for m in metrics]


def _chart_data(
    inputs: Inputs,
    main: list[Metric],
    by_period: list[tuple[Period, dict[str, Decimal]]],
    per_unit: dict[str, Figures],
) -> dict[str, Any]:
    """What the chart draws: the main metrics period by period, and each unit's figure for the first."""
    lead = main[0]
    return {
        "指标": [f"{m.name}（{m.unit}）" for m in main],
        "期别": [short_label(p, inputs.campaign.period_kind) for p, _ in by_period],
        "逐期": [[float(row[m.name]) for m in main] for _, row in by_period],
        "单位": [u.name for u in inputs.units],
        "各单位": [float(per_unit[u.name].values[lead.name]) for u in inputs.units],
        "各单位指标": f"{lead.name}（{lead.unit}）",
    }


def _per_unit(inputs: Inputs) -> tuple[dict[str, Figures], dict[str, Decimal]]:
    """Each unit's figures at the campaign's end, and their sum over the units."""
    totals = {m.name: Decimal(0) for m in inputs.metrics}
    per_unit = {}
    for unit in inputs.units:
        figures = cumulative(inputs.reports_of(unit.name), last_period(inputs), inputs.metrics)
        per_unit[unit.name] = figures
        for name, value in figures.values.items():
            totals[name] += value
    return per_unit, totals


def _period_totals(inputs: Inputs, period: int, metrics: list[Metric]) -> dict[str, Decimal]:
    reports = [r for r in inputs.reports if r.period == period]
    return {m.name: sum((r.values[m.name] for r in reports), Decimal(0)) for m in metrics}


def _missed(inputs: Inputs, periods: list[Period]) -> list[str]:
    """Reports that never came: 三圣口乡（2018年2月）."""
    return [
        f"{u.name}（{p.label}）"
        for p in periods
        for u in inputs.units
        if report_of(inputs.reports_of(u.name), p.number) is None
    ]
