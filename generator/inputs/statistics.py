"""The monthly statistics: metrics as data, reports per unit and month, and what follows from them.

A unit that did not report for a month is 未报送, which is not a report of
zeros; every total says how many units it covers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from generator.errors import Findings, Location
from generator.inputs.model import Campaign, Metric, MonthlyReport
from generator.inputs.schema import METRIC_TYPES, REPORT_MONTH_COLUMN, REPORT_UNIT_COLUMN, REPORTS_SHEET_NAME
from generator.inputs.workbook import TableSheet, Workbook, clean_text, show_value
from generator.inputs.xlsx_reader import Cell
from generator.standard.words import chinese_month, months_between

# Metrics the plausibility checks know by name; a county that drops them loses only the check.
FOUND_DENS, RAIDED_DENS = "发现传销窝点", "捣毁传销窝点"
CAUGHT, DISPERSED = "查获涉传人员", "教育遣散传销人员"
JUMP_FACTOR = 10

_MONTH_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?$")


def parse_month(value: Any) -> dt.date | None:
    """The month of a cell: a date, or text such as 2018-02, 2018年2月, 2018.2."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if isinstance(value, str):
        m = _MONTH_TEXT.match(unicodedata.normalize("NFKC", value).strip())
        if m and 1 <= int(m.group(2)) <= 12:
            return dt.date(int(m.group(1)), int(m.group(2)), 1)
    return None


def month_name(month: dt.date) -> str:
    return chinese_month(month)


def campaign_months(campaign: Campaign) -> list[dt.date]:
    return months_between(campaign.start, campaign.end)


def metrics_from(table: TableSheet, findings: Findings) -> list[Metric]:
    metrics: list[Metric] = []
    seen: dict[str, Location] = {}
    for row in table.rows:
        group, name, unit, kind = (row[k].value for k in ("分组", "指标", "单位", "类型"))
        main = bool(row["主要指标"].value) if "主要指标" in row else False
        if name is None or group is None or unit is None or kind is None:
            continue
        if name in seen:
            findings.error(row["指标"].location, f"指标「{name}」重复，已在 {seen[name].cell} 出现")
            continue
        if kind not in METRIC_TYPES:
            findings.error(row["类型"].location, f"指标类型应为“整数”或“小数”，实际为「{kind}」")
            continue
        seen[name] = row["指标"].location
        metrics.append(Metric(group, name, unit, kind == "小数", main))
    if not metrics and not findings.errors:
        findings.error(table.location, "至少需要一个统计指标")
    return metrics


def parse_figure(metric: Metric, cell: Cell, location: Location, findings: Findings) -> Decimal | None:
    """One figure: blank is 0; negative, text and (for counts) fractions are refused at their cell."""
    raw = clean_text(cell.value)
    if cell.formula_without_value:
        findings.error(location, f"「{metric.name}」是公式，但文件里没有保存计算结果；请用 Excel/WPS 打开并保存后再试")
        return None
    if raw is None:
        return Decimal(0)
    if isinstance(raw, (bool, dt.date, dt.datetime)):
        findings.error(location, f"「{metric.name}」应为数字，实际为「{show_value(raw)}」")
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        findings.error(location, f"「{metric.name}」应为数字（{metric.unit}），实际为「{raw}」")
        return None
    if not value.is_finite():
        findings.error(location, f"「{metric.name}」应为数字（{metric.unit}），实际为「{raw}」")
        return None
    if value < 0:
        findings.error(location, f"「{metric.name}」不能是负数，实际为 {raw}")
        return None
    if not metric.decimal and value != value.to_integral_value():
        findings.error(location, f"「{metric.name}」应为整数（{metric.unit}），实际为 {raw}")
        return None
    if isinstance(raw, str):
        findings.note(location, f"「{metric.name}」「{raw}」按 {value} 处理")
    return value.quantize(Decimal("0.01")) if metric.decimal else Decimal(int(value))


def reports_from(
    wb: Workbook,
    metrics: Sequence[Metric],
    campaign: Campaign | None,
    resolve_unit: Any,
    findings: Findings,
) -> list[MonthlyReport]:
    rows = wb.read_wide(
        REPORTS_SHEET_NAME,
        [REPORT_UNIT_COLUMN, REPORT_MONTH_COLUMN],
        [m.name for m in metrics],
        "每个单位每月一行：单位名称、月份、各项指标的本月数",
    )
    if rows is None:
        return []
    months = campaign_months(campaign) if campaign else []
    seen: dict[tuple[str, dt.date], int] = {}
    reports = []
    for row in rows:
        unit_cell, month_cell = row.keys[REPORT_UNIT_COLUMN], row.keys[REPORT_MONTH_COLUMN]
        where = Location(wb.display_name, REPORTS_SHEET_NAME, unit_cell.coordinate)
        unit = resolve_unit(clean_text(unit_cell.value), where)
        month = parse_month(month_cell.value)
        month_at = Location(wb.display_name, REPORTS_SHEET_NAME, month_cell.coordinate)
        if month is None:
            findings.error(
                month_at, f"「月份」应为月份（如 2018-02 或 2018年2月），实际为「{show_value(month_cell.value)}」"
            )
            continue
        if months and month not in months:
            span = f"{month_name(months[0])}至{month_name(months[-1])}"
            findings.error(month_at, f"月份「{month_name(month)}」不在活动期间（{span}）")
            continue
        if unit is None:
            continue
        if (unit, month) in seen:
            findings.error(where, f"「{unit}」{month_name(month)}的报表重复，已在第{seen[unit, month]}行")
            continue
        seen[unit, month] = row.number
        values: dict[str, Decimal] = {}
        for metric in metrics:
            cell = row.values[metric.name]
            figure = parse_figure(
                metric, cell, Location(wb.display_name, REPORTS_SHEET_NAME, cell.coordinate), findings
            )
            if figure is not None:
                values[metric.name] = figure
        if len(values) == len(metrics):
            reports.append(MonthlyReport(unit, month, values))
    _plausibility(reports, rows, metrics, wb.display_name, findings)
    return reports


def _plausibility(
    reports: Sequence[MonthlyReport], rows: Sequence[Any], metrics: Sequence[Metric], file: str, findings: Findings
) -> None:
    """Figures that are possible but worth a second look: warnings at their cells."""
    cells = {}
    for row in rows:
        month = parse_month(row.keys[REPORT_MONTH_COLUMN].value)
        cells[(str(clean_text(row.keys[REPORT_UNIT_COLUMN].value)), month)] = row
    by_unit: dict[str, list[MonthlyReport]] = {}
    for report in reports:
        by_unit.setdefault(report.unit, []).append(report)
    names = {m.name for m in metrics}

    def at(report: MonthlyReport, metric: str) -> Location:
        row = cells.get((report.unit, report.month))
        ref = row.values[metric].coordinate if row else None
        return Location(file, REPORTS_SHEET_NAME, ref)

    for unit, series in by_unit.items():
        series.sort(key=lambda r: r.month)
        for previous, report in zip([None, *series[:-1]], series, strict=True):
            label = f"{unit}{month_name(report.month)}"
            for metric, message in _implausible(report, previous, metrics, names):
                findings.warning(at(report, metric), f"{label}{message}")


def _implausible(
    report: MonthlyReport, previous: MonthlyReport | None, metrics: Sequence[Metric], names: set[str]
) -> list[tuple[str, str]]:
    """(metric, what is odd) for one report, next to the one of the month before."""
    v, odd = report.values, []
    if {FOUND_DENS, RAIDED_DENS} <= names and v[RAIDED_DENS] > v[FOUND_DENS]:
        odd.append((RAIDED_DENS, f"捣毁传销窝点 {v[RAIDED_DENS]} 处，多于发现的 {v[FOUND_DENS]} 处，请核实"))
    if {CAUGHT, DISPERSED} <= names and v[DISPERSED] > 0 and v[CAUGHT] == 0:
        odd.append((DISPERSED, f"教育遣散 {v[DISPERSED]} 人，但查获涉传人员为 0，请核实"))
    if previous is None or (report.month - previous.month).days > 31:
        return odd
    for metric in metrics:
        before, now = previous.values[metric.name], v[metric.name]
        if before >= 1 and now >= JUMP_FACTOR * before and now >= 10:
            odd.append(
                (metric.name, f"「{metric.name}」{now}{metric.unit}，是上月 {before} 的 {now / before:.0f} 倍，请核实")
            )
    return odd


# --- aggregation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    values: dict[str, Decimal]
    reported_months: int


def cumulative(reports: Sequence[MonthlyReport], unit: str, up_to: dt.date, metrics: Sequence[Metric]) -> Figures:
    """A unit's totals from the campaign's start to `up_to` (inclusive), over the months it reported."""
    own = [r for r in reports if r.unit == unit and r.month <= up_to]
    return Figures({m.name: sum((r.values[m.name] for r in own), Decimal(0)) for m in metrics}, len(own))


def report_of(reports: Sequence[MonthlyReport], unit: str, month: dt.date) -> MonthlyReport | None:
    return next((r for r in reports if r.unit == unit and r.month == month), None)


def format_figure(value: Decimal, metric: Metric) -> str:
    if metric.decimal:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return str(int(value))
