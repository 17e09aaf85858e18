"""The 工作总结: figures written as natural Chinese, rankings, month by month, from the statistics.

Nothing here is typed by the clerk twice: every number comes from the monthly
reports, cumulated over the campaign.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from generator.inputs.model import Inputs, Metric
from generator.inputs.statistics import FOUND_DENS, Figures, cumulative, format_figure, month_name, report_of

# Metrics whose zero is worth saying, and how (instead of "发现传销窝点0处").
ZERO_WORDING = {FOUND_DENS: "未发现传销窝点"}
# Metrics that only make sense after a den was found: left out when none was.
FOLLOW_DENS = ("捣毁传销窝点", "查获涉传人员", "教育遣散传销人员", "解救受骗群众", "录入打传信息系统")


def figures_sentence(scope: str, totals: dict[str, Decimal], metrics: Sequence[Metric]) -> str:
    """'大排查期间，全镇共召开专题会议4次，……，未发现传销窝点。' Zeros are left out or said in words."""
    phrases = []
    no_dens = FOUND_DENS in totals and totals[FOUND_DENS] == 0
    for metric in metrics:
        value = totals[metric.name]
        if metric.name in ZERO_WORDING and value == 0:
            phrases.append(ZERO_WORDING[metric.name])
            continue
        if value == 0 or (no_dens and metric.name in FOLLOW_DENS):
            continue
        phrases.append(f"{metric.name}{format_figure(value, metric)}{metric.unit}")
    if not phrases:
        return f"大排查期间，{scope}各项统计均为零。"
    return f"大排查期间，{scope}共{'，'.join(phrases)}。"


def unit_summary_context(inputs: Inputs, unit_name: str, scope: str) -> dict[str, Any]:
    end = inputs.campaign.end.replace(day=1)
    total = cumulative(inputs.reports, unit_name, end, inputs.metrics)
    items = [i for i in inputs.summary if i.unit == unit_name]
    return {
        "数字段": figures_sentence(scope, total.values, inputs.metrics),
        "指标": {m.name: format_figure(total.values[m.name], m) for m in inputs.metrics},
        "报送月数": total.reported_months,
        **_narrative(items),
    }


def _narrative(items: Sequence[Any]) -> dict[str, list[dict[str, str]]]:
    return {
        kind: [{"标题": i.title or "", "内容": i.text} for i in items if i.kind == kind]
        for kind in ("主要做法", "存在问题", "下一步打算", "典型案例")
    }


def county_summary_context(inputs: Inputs) -> dict[str, Any]:
    """What only the county sees: totals across units, a ranking, missed reports, month by month."""
    months = sorted({r.month for r in inputs.reports})
    per_unit, totals = _per_unit(inputs)
    main = [m for m in inputs.metrics if m.main] or list(inputs.metrics[:4])
    lead = main[0].name
    ranking = sorted(inputs.units, key=lambda u: (-per_unit[u.name].values[lead], u.name))
    by_month = [(month, _month_totals(inputs, month, main)) for month in months]
    return {
        "数字段": figures_sentence("全县", totals, inputs.metrics),
        "单位数": len(inputs.units),
        "报送份数": len(inputs.reports),
        "应报份数": len(inputs.units) * len(months),
        "主要指标": [{"名称": m.name, "单位": m.unit} for m in main],
        "排名": [
            {"名次": i, "单位": u.name, "值": _formatted(per_unit[u.name].values, main)}
            for i, u in enumerate(ranking, start=1)
        ],
        "缺报": _missed(inputs, months),
        "逐月": [{"月份": month_name(month), "值": _formatted(row, main)} for month, row in by_month],
        "图表数据": _chart_data(inputs, main, by_month, per_unit),
        **_narrative([i for i in inputs.summary if i.unit == "全县"]),
    }


def _formatted(values: dict[str, Decimal], metrics: list[Metric]) -> list[str]:
    return [format_figure(values[m.name], m) for m in metrics]


def _chart_data(
    inputs: Inputs,
    main: list[Metric],
    by_month: list[tuple[dt.date, dict[str, Decimal]]],
    per_unit: dict[str, Figures],
) -> dict[str, Any]:
    """What the chart draws: the main metrics month by month, and each unit's figure for the first."""
    lead = main[0]
    return {
        "指标": [f"{m.name}（{m.unit}）" for m in main],
        "月份": [f"{month.month}月" for month, _ in by_month],
        "逐月": [[float(row[m.name]) for m in main] for _, row in by_month],
        "单位": [u.name for u in inputs.units],
        "各单位": [float(per_unit[u.name].values[lead.name]) for u in inputs.units],
        "各单位指标": f"{lead.name}（{lead.unit}）",
    }


def _per_unit(inputs: Inputs) -> tuple[dict[str, Figures], dict[str, Decimal]]:
    """Each unit's figures at the campaign's end, and their sum over the units."""
    end = inputs.campaign.end.replace(day=1)
    totals = {m.name: Decimal(0) for m in inputs.metrics}
    per_unit = {}
    for unit in inputs.units:
        figures = cumulative(inputs.reports, unit.name, end, inputs.metrics)
        per_unit[unit.name] = figures
        for name, value in figures.values.items():
            totals[name] += value
    return per_unit, totals


def _month_totals(inputs: Inputs, month: dt.date, metrics: list[Metric]) -> dict[str, Decimal]:
    reports = [r for r in inputs.reports if r.month == month]
    return {m.name: sum((r.values[m.name] for r in reports), Decimal(0)) for m in metrics}


def _missed(inputs: Inputs, months: list[dt.date]) -> list[str]:
    """Reports that never came: 三圣口乡（2018年2月）."""
    return [
        f"{u.name}（{month_name(month)}）"
        for month in months
        for u in inputs.units
        if report_of(inputs.reports, u.name, month) is None
    ]


def summary_date(inputs: Inputs) -> dt.date:
    """Summaries are dated the day the campaign ends (due by the 总结报送截止)."""
    return inputs.campaign.end
