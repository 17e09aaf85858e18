"""The periodic statistics: metrics and their checks as data, reports per unit and period,
and what follows from them.

A unit that did not report for a period is 未报送, which is not a report of zeros;
every total says how many units it covers. A flow (出动人次) adds up over periods; a
stock (队伍人数) is read at the last period reported, so a summary does not count the
same team once a month; a reading (降雨量) is its largest, smallest or average, never a sum
(inputs/accumulations.py declares each way).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from generator.errors import Findings, Location
from generator.inputs.accumulations import ACCUMULATIONS, ADDED, DEFAULT_ACCUMULATION, Accumulation
from generator.inputs.model import Campaign, CheckRule, Metric, Period, Report
from generator.inputs.periods import ambiguous_period, find_period, period_examples
from generator.inputs.schema import (
    REPORT_FILED_COLUMN,
    REPORT_FIRST_FILED_COLUMN,
    REPORT_FOOTER_COLUMNS,
    REPORT_PERIOD_COLUMN,
    REPORT_UNIT_COLUMN,
    REPORTS_SHEET_NAME,
)
from generator.inputs.workbook import TableSheet, Workbook, clean_text, parse_date, show_value
from generator.inputs.xlsx_reader import Cell
from generator.standard.words import chinese_date, month_day

# Any metric that jumps to this many times the period before gets a second look.
JUMP_FACTOR = 10
CENT = Decimal("0.01")  # figures of a decimal metric are kept to the cent (两位小数)


def _value(row: dict[str, Any], name: str) -> Any:
    return row[name].value if name in row else None


def split_names(text: Any) -> tuple[str, ...]:
    """Names a clerk lists in one cell: 部门、学校 (顿号, commas, semicolons or spaces between)."""
    if not isinstance(text, str):
        return ()
    return tuple(n for n in re.split(r"[、，,；;\s]+", text.strip()) if n)


# A rate's unit of measure: no total adds rates (95% and 92% are not 187%).
RATE_MEASURES = ("%", "‰", "百分比", "百分点")


def _refuse_rate(row: dict[str, Any], name: str, unit: str, findings: Findings) -> None:
    """A metric measured in % (达标率): the roll-up and the summaries add every unit's figure."""
    if unicodedata.normalize("NFKC", str(unit)).strip() in RATE_MEASURES:
        findings.error(
            row["单位"].location,
            f"指标「{name}」的单位是“{unit}”，是比率：各单位的比率不能相加，汇总表和总结却要把各单位的数"
            "加成总数（如 95%＋92%＝187%）；请改成两个能相加的指标（如「达标数」和「总数」），比率由读者自己算",
        )


def metrics_from(table: TableSheet | None, findings: Findings) -> list[Metric]:
    if table is None:
        return []
    metrics: list[Metric] = []
    seen: dict[str, Location] = {}
    for row in table.rows:
        group, name, unit, value_type = (row[k].value for k in ("分组", "指标", "单位", "类型"))
        if name is None or group is None or unit is None or value_type is None:
            continue
        if name in seen:
            findings.error(row["指标"].location, f"指标「{name}」重复，已在 {seen[name].cell} 出现")
            continue
        seen[name] = row["指标"].location
        _refuse_rate(row, name, unit, findings)
        metrics.append(
            Metric(
                group,
                name,
                unit,
                value_type == "小数",
                main=bool(_value(row, "主要指标")),
                accumulation=_accumulation(row),
                wording=_wording(row, name, unit, findings),
                zero_wording=_value(row, "为零时表述"),
                requires=_value(row, "前提指标"),
                unit_types=split_names(_value(row, "适用单位类型")),
            )
        )
    _split_groups(table, findings)
    names = [m.name for m in metrics]
    for row in table.rows:
        wanted = _value(row, "前提指标")
        if wanted is not None and wanted not in names:
            findings.error(row["前提指标"].location, f"前提指标「{wanted}」不在「统计指标」表中")
    if not metrics and not findings.errors:
        findings.error(table.location, "至少需要一个统计指标（不做统计时，请删除「统计指标」表）")
    return metrics


def _accumulation(row: dict[str, Any]) -> Accumulation:
    """The 累计方式 its row names (the column's choices were checked as the sheet was read), else 累加."""
    return ACCUMULATIONS.get(str(_value(row, "累计方式")), DEFAULT_ACCUMULATION)


VALUE_SLOT = "{值}"


def _wording(row: dict[str, Any], name: str, unit: str, findings: Findings) -> str | None:
    """The 表述 of a metric; one without {值} (出动巡查人员) would leave its figure out of the summaries
    (全乡共出动巡查人员，), so the figure and its unit go after it, and the clerk is told."""
    wording = _value(row, "表述")
    if not isinstance(wording, str) or VALUE_SLOT in wording:
        return wording
    mended = f"{wording}{VALUE_SLOT}{unit}"
    findings.warning(
        row["表述"].location,
        f"指标「{name}」的表述「{wording}」里没有{VALUE_SLOT}（数字写在哪里）：总结里会写不出数字，"
        f"已按「{mended}」处理",
    )
    return mended


def _split_groups(table: TableSheet, findings: Findings) -> None:
    """A 分组 whose metrics are not on adjacent rows (检查情况, 隐患整改, …, 检查情况 again): each unit's
    sheet and form show it twice, the roll-up and the summaries once, in another order."""
    rows = [row for row in table.rows if row["指标"].value is not None and row["分组"].value is not None]
    for k, row in enumerate(rows):
        group = row["分组"].value
        if k and rows[k - 1]["分组"].value != group and any(r["分组"].value == group for r in rows[: k - 1]):
            findings.warning(
                row["分组"].location,
                f"分组「{group}」的指标没有排在一起（「{row['指标'].value}」与同组的指标隔开了）：各单位的统计报表和"
                "填报表里这个分组会出现两次，汇总表却合成一组；请把同组的指标排在相邻的行",
            )


def checks_from(table: TableSheet | None, metrics: Sequence[Metric], findings: Findings) -> list[CheckRule]:
    names = [m.name for m in metrics]
    checks: list[CheckRule] = []
    for row in table.rows if table else []:
        metric, relation, other = row["指标"].value, row["关系"].value, row["对象"].value
        if metric is None or relation is None or other is None:
            continue
        if metric not in names:
            findings.error(row["指标"].location, f"指标「{metric}」不在「统计指标」表中")
            continue
        message = _value(row, "提示")
        if relation == "不超过上期倍数":
            try:
                factor = Decimal(unicodedata.normalize("NFKC", str(other)).strip())
            except InvalidOperation:
                findings.error(row["对象"].location, f"“不超过上期倍数”的对象应为倍数（数字），实际为「{other}」")
                continue
            checks.append(CheckRule(metric, relation, None, factor, message))
        elif other not in names:
            findings.error(row["对象"].location, f"指标「{other}」不在「统计指标」表中")
        else:
            checks.append(CheckRule(metric, relation, str(other), None, message))
    return checks


def _figure_text(raw: Any, metric: Metric) -> str:
    """A figure typed as text, as a number reads: full-width digits, thousands' commas, and its metric's
    unit typed after it set aside, whole or its beginning (12株 in a column of 株, 28人 in one of 人次);
    never another unit (a figure in 元 is no figure of a column in ten thousands of it)."""
    text = unicodedata.normalize("NFKC", str(raw)).strip().replace(",", "")
    unit = metric.unit or ""
    said = next((unit[:k] for k in range(len(unit), 0, -1) if text.endswith(unit[:k])), "")
    return text.removesuffix(said).strip()


# Excel keeps 15 significant digits; a figure this large is a typing slip or a hostile file
# (1e300 would be written out digit by digit in every document that prints it).
MAX_FIGURE = 10**15


def _out_of_range(metric: Metric, value: Decimal, raw: object) -> str | None:
    if value < 0:
        return f"「{metric.name}」不能是负数，实际为 {raw}"
    if value >= MAX_FIGURE:
        return f"「{metric.name}」数字太大（{len(str(int(value)))} 位；Excel 只能精确保存 15 位）"
    return None


def parse_figure(metric: Metric, cell: Cell, location: Location, findings: Findings) -> Decimal | None:
    """One figure: blank is 0; negative, text and (for counts) fractions are refused at their cell."""
    raw = clean_text(cell.value)
    if cell.formula_without_value:
        findings.error(location, f"「{metric.name}」是公式，但文件里没有保存计算结果；请用 Excel/WPS 打开并保存后再试")
        return None
    if raw is None:
        return whole_decimal(0)
    if type(raw) is int and 0 <= raw < MAX_FIGURE:  # most figures: a whole number stored as one
        return Decimal(raw).quantize(CENT) if metric.decimal else whole_decimal(raw)
    if isinstance(raw, (bool, dt.date, dt.datetime)):
        findings.error(location, f"「{metric.name}」应为数字，实际为「{show_value(raw)}」")
        return None
    try:
        value = Decimal(_figure_text(raw, metric))
    except InvalidOperation:
        findings.error(location, f"「{metric.name}」应为数字（{metric.unit}），实际为「{raw}」")
        return None
    if not value.is_finite():
        findings.error(location, f"「{metric.name}」应为数字（{metric.unit}），实际为「{raw}」")
        return None
    out_of_range = _out_of_range(metric, value, raw)
    if out_of_range:
        findings.error(location, out_of_range)
        return None
    if not metric.decimal and value != value.to_integral_value():
        findings.error(location, f"「{metric.name}」应为整数（{metric.unit}），实际为 {raw}")
        return None
    if isinstance(raw, str):
        findings.note(location, f"「{metric.name}」「{raw}」按 {value} 处理")
    if not metric.decimal:
        return whole_decimal(int(value))
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)  # 四舍五入, as the clerk's Excel shows it
    if cents != value:
        findings.note(location, f"「{metric.name}」{value} 保留两位小数，按 {cents} 处理")
    return cents


# The small whole figures as one Decimal each: a campaign's reports hold the same few hundred counts
# hundreds of thousands of times (a Decimal is some 100 bytes).
_WHOLE_DECIMALS: dict[int, Decimal] = {}


def whole_decimal(number: int) -> Decimal:
    found = _WHOLE_DECIMALS.get(number)
    if found is None:
        found = Decimal(number)
        if 0 <= number < 10_000:
            _WHOLE_DECIMALS[number] = found
    return found


ResolveUnit = Callable[[Any, Location], str | None]
# (unit, metric, figure, cell) -> True when the unit's type is not asked for the metric: the figure is not counted.
NotAsked = Callable[[str, Metric, Decimal, Cell], bool]  # asked of figures other than 0 only


def _no_period(value: Any, campaign: Campaign) -> str:
    """Why a 期别 cell names no period: two it could be (第四季度 of two years), or none."""
    return ambiguous_period(clean_text(value), campaign.periods) or (
        f"「期别」「{show_value(value)}」不是本次活动的报送期"
        f"（按“{campaign.period_kind.name}”报送，{period_examples(campaign.periods)}，或写第几期）"
    )


def reports_from(
    wb: Workbook,
    metrics: Sequence[Metric],
    checks: Sequence[CheckRule],
    campaign: Campaign | None,
    resolve_unit: ResolveUnit,
    findings: Findings,
    not_asked: NotAsked | None = None,
) -> list[Report]:
    if not wb.has_sheet(REPORTS_SHEET_NAME):
        return []  # nobody has reported yet
    rows = wb.read_wide(
        REPORTS_SHEET_NAME,
        [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN],
        [m.name for m in metrics],
        "每个单位每期一行：单位名称、期别、各项指标的本期数（可加填报人、审核人、联系电话、填报日期列）",
        (*REPORT_FOOTER_COLUMNS, REPORT_FIRST_FILED_COLUMN),
    )
    if rows is None:
        return []
    if campaign is None:  # the 活动 sheet has errors of its own: the figures are checked all the same
        for row in rows:
            unit_cell = row.keys[REPORT_UNIT_COLUMN]
            where = Location(wb.display_name, REPORTS_SHEET_NAME, unit_cell.coordinate)
            resolve_unit(clean_text(unit_cell.value), where)
            for metric in metrics:
                cell = row.values[metric.name]
                parse_figure(metric, cell, Location(wb.display_name, REPORTS_SHEET_NAME, cell.coordinate), findings)
        return []
    periods = campaign.periods
    seen: dict[tuple[str, int], int] = {}
    reports = []
    cells: dict[tuple[str, int], Any] = {}
    for row in rows:
        unit_cell, period_cell = row.keys[REPORT_UNIT_COLUMN], row.keys[REPORT_PERIOD_COLUMN]
        where = Location(wb.display_name, REPORTS_SHEET_NAME, unit_cell.coordinate)
        unit = resolve_unit(clean_text(unit_cell.value), where)
        period = find_period(clean_text(period_cell.value), periods, campaign.period_kind)
        if period is None:
            where = Location(wb.display_name, REPORTS_SHEET_NAME, period_cell.coordinate)
            findings.error(where, _no_period(period_cell.value, campaign))
            continue
        if unit is None:
            continue
        if (unit, period.number) in seen:
            findings.error(where, f"「{unit}」{period.label}的报表重复，已在第{seen[unit, period.number]}行")
            continue
        seen[unit, period.number] = row.number
        cells[unit, period.number] = row
        values = _row_figures(row, unit, metrics, wb.display_name, findings, not_asked)
        first = _dates_checked(row.notes, unit, period, wb.display_name, findings)
        if len(values) == len(metrics):
            filed = filed_date(row.notes, period)
            foot = {name: cell for name, cell in row.notes.items() if name in REPORT_FOOTER_COLUMNS}
            reports.append(Report(unit, period.number, values, dated_footer(foot, filed), filed, first))
    _plausibility(reports, cells, metrics, checks, periods, wb.display_name, findings)
    _next_forms(cells, periods, wb.display_name, findings)
    return reports


def _next_forms(cells: dict[tuple[str, int], Any], periods: Sequence[Period], file: str, findings: Findings) -> None:
    """Warn at the 填报日期 of each report that reads as the period before's figures on the wrong form."""
    for (unit, number), row in cells.items():
        period = periods[number - 1]
        previous = periods[number - 2] if number > 1 else None
        problem = next_form_problem(unit, period, previous, filed_date(row.notes, period), (unit, number - 1) in cells)
        if problem is not None:
            findings.warning(Location(file, REPORTS_SHEET_NAME, row.notes[REPORT_FILED_COLUMN].coordinate), problem)


def next_form_problem(
    unit: str, period: Period, previous: Period | None, filed: dt.date | None, previous_sent: bool
) -> str | None:
    """A report dated before its period ended, within the days the period before was due, from a unit that
    has not sent the period before (`previous_sent`): the next period's form filled with the figures of the
    one before (a 下半年 form dated 7月9日 while 上半年 was due by 7月10日). A report due when its period
    ends (报送日 0) has no such days."""
    if filed is None or previous is None or previous_sent or filed >= period.end:
        return None
    if not previous.end < filed <= previous.due:
        return None
    return (
        f"{unit}{period.label}的「填报日期」{chinese_date(filed)}在这一期结束（{month_day(period.end)}）以前，"
        f"正是{previous.label}的报送期（{chinese_date(previous.due)}截止），而{unit}{previous.label}的报表还没有收到："
        f"可能是用{period.label}的表报了{previous.label}的数；请核实，是的话请把这份报表的期别改为{previous.label}"
    )


def _row_figures(
    row: Any, unit: str, metrics: Sequence[Metric], file: str, findings: Findings, not_asked: NotAsked | None
) -> dict[str, Decimal]:
    """One report row's figures by metric; one its unit's type is not asked for counts 0 (and is said)."""
    values: dict[str, Decimal] = {}
    for metric in metrics:
        cell = row.values[metric.name]
        at = Location(file, REPORTS_SHEET_NAME, cell.coordinate)
        figure = parse_figure(metric, cell, at, findings)
        if figure and not_asked is not None and not_asked(unit, metric, figure, cell):  # a 0 is no figure to refuse
            figure = whole_decimal(0)
        if figure is not None:
            values[metric.name] = figure
    return values


def filed_date(cells: dict[str, Cell], period: Period) -> dt.date | None:
    """The 填报日期 of a report as a date (a date cell, or text such as 2018年2月5日 or 2月5日), else None."""
    cell = cells.get(REPORT_FILED_COLUMN)
    if cell is None or cell.value is None:
        return None
    return filed_on(cell.value, period)


def _dates_checked(notes: dict[str, Cell], unit: str, period: Period, file: str, findings: Findings) -> dt.date | None:
    """Warn of a 填报日期 that is no date or before its period; the 首次报送日期, when one is given."""
    filed_cell = notes.get(REPORT_FILED_COLUMN)
    problem = filed_date_problem(filed_cell.value if filed_cell else None, unit, period)
    if filed_cell is not None and problem is not None:
        findings.warning(Location(file, REPORTS_SHEET_NAME, filed_cell.coordinate), problem)
    return _first_filed(notes.get(REPORT_FIRST_FILED_COLUMN), unit, period, file, findings)


def _first_filed(cell: Cell | None, unit: str, period: Period, file: str, findings: Findings) -> dt.date | None:
    """The 首次报送日期 collect wrote when a correction replaced a report (the 填报日期 is then the
    correction's): the day that decides 逾期报送. Text that is no date is warned of and not used."""
    if cell is None or clean_text(cell.value) is None:
        return None
    first = filed_on(cell.value, period)
    if first is None:
        findings.warning(
            Location(file, REPORTS_SHEET_NAME, cell.coordinate),
            f"{unit}{period.label}的「{REPORT_FIRST_FILED_COLUMN}」「{show_value(cell.value)}」不是日期，"
            "按「填报日期」判断是否逾期；请改为这一期第一次报送的日期",
        )
    return first


def filed_on(given: Any, period: Period) -> dt.date | None:
    """A 填报日期 as typed, as a date: one without its year (1月3日) is the first such day from its
    period's start on, so a fourth quarter's report filed in January is of the next year."""
    filed = parse_date(given, period.start.year)
    if filed is not None and filed < period.start and isinstance(given, str) and not re.search(r"\d{4}", given):
        filed = parse_date(given, period.start.year + 1)
    return filed


def filed_date_problem(given: Any, unit: str, period: Period) -> str | None:
    """What is wrong with a report's 填报日期, as validate and collect both say it: text that is no
    date (the report is then undated: never late), or a date before its period began."""
    if given is None or (isinstance(given, str) and not given.strip()):
        return None
    filed = filed_on(given, period)
    if filed is None:
        return (
            f"{unit}{period.label}的「填报日期」「{show_value(given)}」不是日期（如 {chinese_date(period.due)}），"
            "按没有填报日期处理，不判断是否逾期；请改为实际报送的日期"
        )
    if filed < period.start:
        began = month_day(period.start)
        return f"{unit}{period.label}的「填报日期」{chinese_date(filed)}早于这一期开始（{began}），请核实"
    if filed > period.due + A_YEAR:  # 2033年6月8日 for 2013: the year mistyped, and the report taken as late
        return (
            f"{unit}{period.label}的「填报日期」{chinese_date(filed)}比这一期的报送截止（{chinese_date(period.due)}）"
            "晚一年以上，可能是年份写错了（按它算作逾期报送）；请核实"
        )
    return None


A_YEAR = dt.timedelta(days=366)


def footer_of(cells: dict[str, Cell]) -> dict[str, str]:
    """A report's 填报人, 审核人, 联系电话 and 填报日期, as text for the sheet's foot (a date in Chinese)."""
    footer = {}
    for name, cell in cells.items():
        value = cell.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a telephone number typed as a number
        if isinstance(value, dt.datetime):
            value = value.date()
        text = chinese_date(value) if isinstance(value, dt.date) else clean_text(value)
        if text is not None:
            footer[name] = str(text)
    return footer


def dated_footer(cells: dict[str, Cell], filed: dt.date | None) -> dict[str, str]:
    """The foot with its 填报日期 as a date when it reads as one: 2013/6/7, 2013-6-7 and 6月7日 print alike
    on the sheet, 2013年6月7日 (text that is no date stays as typed: validate warns of it)."""
    footer = footer_of(cells)
    if filed is not None:
        footer[REPORT_FILED_COLUMN] = chinese_date(filed)
    return footer


def _plausibility(
    reports: Sequence[Report],
    cells: dict[tuple[str, int], Any],
    metrics: Sequence[Metric],
    checks: Sequence[CheckRule],
    periods: Sequence[Period],
    file: str,
    findings: Findings,
) -> None:
    """Figures that are possible but worth a second look: warnings at their cells."""
    by_unit: dict[str, list[Report]] = {}
    for report in reports:
        by_unit.setdefault(report.unit, []).append(report)
    for unit, series in by_unit.items():
        series.sort(key=lambda r: r.period)
        for previous, report in zip([None, *series[:-1]], series, strict=True):
            label = periods[report.period - 1].label
            for metric, message in implausible(report, previous, metrics, checks, unit, label):
                cell = cells[report.unit, report.period].values[metric].coordinate
                findings.warning(Location(file, REPORTS_SHEET_NAME, cell), message)


def _said(message: str | None, default: str, words: dict[str, str]) -> str:
    """The clerk's 提示 with its {单位}, {期别}, {值} filled in, else the default. A 提示 that names no unit
    (整改隐患不应多于发现隐患) is said of its unit and period: a build's warning shows only a cell."""
    text = message or default
    if message and "{单位}" not in message and words["单位"] not in message:
        text = "{单位}{期别}：" + text
    for name, value in words.items():
        text = text.replace("{" + name + "}", value)
    return text


def _broken_check(
    rule: CheckRule, report: Report, previous: Report | None, units: dict[str, str], unit: str, label: str
) -> str | None:
    """The clerk's (or the default) warning when one 核对规则 is broken by a report, else None. The
    default warning gives every figure in its own metric's unit of measure (the 统计指标 sheet's 单位)."""
    v = report.values
    now = v[rule.metric]
    words = {"单位": unit, "期别": label, "值": format_plain(now)}
    own = units[rule.metric]
    if rule.other is not None:
        other, other_unit = v[rule.other], units[rule.other]
        words["对象值"] = format_plain(other)
        broken = {"不大于": now > other, "不小于": now < other, "有则须有": now > 0 and other == 0}[rule.relation]
        said = f"{unit}{label}「{rule.metric}」{{值}}{own}"
        default = {
            "不大于": f"{said}，多于「{rule.other}」{{对象值}}{other_unit}，请核实",
            "不小于": f"{said}，少于「{rule.other}」{{对象值}}{other_unit}，请核实",
            "有则须有": f"{unit}{label}「{rule.metric}」为 {{值}}{own}，但「{rule.other}」为 0，请核实",
        }[rule.relation]
    else:
        before = previous.values[rule.metric] if previous is not None else None
        broken = before is not None and before > 0 and rule.factor is not None and now > rule.factor * before
        words["对象值"] = format_plain(before) if before is not None else ""
        default = f"{unit}{label}「{rule.metric}」{{值}}{own}，超过上期 {{对象值}}{own} 的 {rule.factor} 倍，请核实"
    return _said(rule.message, default, words) if broken else None


def implausible(
    report: Report,
    previous: Report | None,
    metrics: Sequence[Metric],
    checks: Sequence[CheckRule],
    unit: str,
    label: str,
) -> list[tuple[str, str]]:
    """(metric, what is odd) for one report, next to the one of the period before."""
    v, odd = report.values, []
    units = {m.name: m.unit for m in metrics}
    for rule in checks:
        message = _broken_check(rule, report, previous, units, unit, label)
        if message is not None:
            odd.append((rule.metric, message))
    if previous is None or previous.period != report.period - 1:
        return odd
    for metric in metrics:
        before, now = previous.values[metric.name], v[metric.name]
        if before >= 1 and now >= JUMP_FACTOR * before and now >= 10:
            odd.append(
                (
                    metric.name,
                    f"{unit}{label}「{metric.name}」{format_plain(now)}{metric.unit}，"
                    f"是上期 {format_plain(before)}{metric.unit} 的 {now / before:.0f} 倍，请核实",
                )
            )
    return odd


# --- aggregation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    values: dict[str, Decimal]
    reported_periods: int


def cumulative(own_reports: Sequence[Report], up_to: int, metrics: Sequence[Metric]) -> Figures:
    """A unit's figures from the campaign's start to period `up_to` (inclusive), over the periods it
    reported (`own_reports`: its reports, Inputs.reports_of): a flow is the sum, a stock the value
    of its latest report, a reading its largest, smallest or average (the metric's accumulation)."""
    own = sorted((r for r in own_reports if r.period <= up_to), key=lambda r: r.period)
    totals = {m.name: Decimal(0) for m in metrics if m.accumulation is ADDED}
    for report in own:  # report by report, as sum() would add them (this runs for every sheet)
        figures = report.values
        for name in totals:
            totals[name] += figures[name]
    values = {}
    for m in metrics:
        if m.accumulation is not ADDED:
            combined = m.accumulation.over_periods([r.values[m.name] for r in own]) if own else Decimal(0)
            values[m.name] = settled(combined, m)
        else:
            total = totals[m.name]
            # A count's total is one of the shared whole Decimals: contexts hold figures, not text,
            # and thousands of sheets repeat the same few hundred totals.
            values[m.name] = total if m.decimal else whole_decimal(int(total))
    return Figures(values, len(own))


def settled(value: Decimal, metric: Metric) -> Decimal:
    """A combined reading to its metric's precision: an average of counts (2.5人) rounded half up to a
    whole one, of decimals to the cent; a total, a largest or a latest figure is one already."""
    if metric.accumulation.adds:
        return value
    if metric.decimal:
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    return whole_decimal(int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def combined(metric: Metric, values: Sequence[Decimal]) -> Decimal:
    """Units' figures of a metric as one, its accumulation's way: a total (合计), or the largest,
    smallest or average of a reading; 0 for none (a total of nothing; a reading of nobody is told by
    the caller, never as 0)."""
    return settled(metric.accumulation.over_units(values), metric) if values else Decimal(0)


def reading_said(metric: Metric, value: Decimal) -> str:
    """A reading's figure where a table's heading or row says 累计 or 合计: 最大120.3."""
    return f"{metric.accumulation.word}{format_figure(value, metric)}"


def report_of(own_reports: Sequence[Report], period: int) -> Report | None:
    """A unit's report for a period (`own_reports`: its reports, Inputs.reports_of)."""
    return next((r for r in own_reports if r.period == period), None)


def format_plain(value: Decimal) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


# The texts of the small whole numbers, made once: a campaign's documents print the same few
# hundred figures hundreds of thousands of times, and one object each keeps the contexts small.
_WHOLE_NUMBERS = tuple(str(n) for n in range(10_000))


def format_figure(value: Decimal, metric: Metric) -> str:
    if metric.decimal:
        return format_plain(value)
    whole = int(value)
    return _WHOLE_NUMBERS[whole] if 0 <= whole < len(_WHOLE_NUMBERS) else str(whole)
