"""From workbook values to the typed model, with every rule checked.

Rules that make a document wrong are errors; facts that are odd but real (the
example's plans are due three days before the notice is dated) are warnings.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from generator.errors import Findings, Location
from generator.inputs.model import (
    Campaign,
    FocusArea,
    Inputs,
    Leader,
    Metric,
    MonthlyReport,
    Notice,
    Phase,
    SummaryItem,
    Team,
    Unit,
)
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    COUNTY,
    FOCUS_SHEET,
    LEADERS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    SUMMARY_SHEET,
    TEAMS_SHEET,
    UNITS_SHEET,
)
from generator.inputs.statistics import metrics_from, reports_from
from generator.inputs.workbook import ConvertSpreadsheet, FormSheet, TableSheet, Value, Workbook
from generator.standard import gbt9704
from generator.standard.words import chinese_date, nearest_name

T = TypeVar("T")

# 发文字号: organ code, year in 六角括号, serial without padding (GB/T 9704 7.2.5).
WENHAO = re.compile(r"^[^\s〔〕]+〔(19|20)\d{2}〕[1-9]\d*号$")
_WRONG_BRACKETS = re.compile(r"[\[［【(（]((?:19|20)\d{2})[\]］】)）]")


def nearest(name: str, choices: list[str]) -> str | None:
    return nearest_name(name, choices)


def _get(sheet: FormSheet, name: str) -> Any:
    value = sheet.values.get(name)
    return value.value if value else None


def _loc(sheet: FormSheet, name: str) -> Location:
    value = sheet.values.get(name)
    return value.location if value else sheet.location


def _notice(sheet: FormSheet, findings: Findings) -> Notice | None:
    number = _get(sheet, "发文字号")
    if isinstance(number, str):
        fixed = _WRONG_BRACKETS.sub(r"〔\1〕", number)
        if fixed != number:
            findings.warning(
                _loc(sheet, "发文字号"), f"发文字号的年份应使用六角括号〔〕，已将「{number}」按「{fixed}」处理"
            )
            number = fixed
        if not WENHAO.match(number):
            findings.error(
                _loc(sheet, "发文字号"),
                f"发文字号「{number}」不符合格式：应为“机关代字〔年份〕序号号”，如“永政办〔2018〕15号”，序号不加“第”、不编虚位",
            )
    recipients = _get(sheet, "主送机关")
    if isinstance(recipients, str):
        recipients = recipients.rstrip(":：")
    mark = _get(sheet, "发文机关标志")
    if isinstance(mark, str) and len(mark) > gbt9704.MARK_MAX_CHARS:
        findings.warning(
            _loc(sheet, "发文机关标志"),
            f"发文机关标志有 {len(mark)} 个字，超过一行能排下的 {gbt9704.MARK_MAX_CHARS} 个字，红头会折行",
        )
    values = dict(
        organ=_get(sheet, "发文机关"),
        mark=mark,
        number=number,
        date=_get(sheet, "成文日期"),
        title=_get(sheet, "标题"),
        recipients=recipients,
        copies_to=(_get(sheet, "抄送机关") or "").rstrip("。.") or None,
        printer=_get(sheet, "印发机关"),
        print_date=_get(sheet, "印发日期"),
        contact_person=_get(sheet, "联系人"),
        contact_phone=_get(sheet, "联系电话"),
        contact_email=_get(sheet, "电子邮箱"),
    )
    required = [k for k in values if k not in ("copies_to", "contact_email")]
    if any(values[k] is None for k in required):
        return None
    return Notice(**values, extra=sheet.extras)


def _rows(table: TableSheet, build: Callable[[dict[str, Value], dict[str, Any]], T | None]) -> list[T]:
    """Build one item per row; `build` gets the row's known fields and the clerk's extra columns."""
    out = []
    for row, extra in zip(table.rows, table.extras, strict=True):
        item = build(row, extra)
        if item is not None:
            out.append(item)
    return out


def _phases(table: TableSheet, findings: Findings) -> list[Phase]:
    def build(row: dict[str, Value], extra: dict[str, Any]) -> Phase | None:
        name, start, end = (row[k].value for k in ("阶段名称", "开始日期", "结束日期"))
        if name is None or start is None or end is None:
            return None
        if end < start:
            findings.error(row["结束日期"].location, f"阶段「{name}」的结束日期早于开始日期")
            return None
        description = row["工作内容"].value if "工作内容" in row else None
        return Phase(name, start, end, description)

    phases = _rows(table, build)
    if not phases and not findings.errors:
        findings.error(table.location, "至少需要一个阶段")
    return phases


def _units(table: TableSheet, findings: Findings) -> list[Unit]:
    seen: dict[str, Location] = {}

    def build(row: dict[str, Value], extra: dict[str, Any]) -> Unit | None:
        name, kind = row["单位名称"].value, row["类型"].value
        member = row["领导小组成员单位"].value if "领导小组成员单位" in row else None
        if name is None or kind is None:
            return None
        if name in seen:
            findings.error(row["单位名称"].location, f"单位「{name}」重复，已在 {seen[name].cell} 出现")
            return None
        seen[name] = row["单位名称"].location
        office = row["日常工作机构"].value if "日常工作机构" in row else None
        plan_date = row["方案日期"].value if "方案日期" in row else None
        return Unit(name, kind, bool(member), office, plan_date, extra=extra)

    return _rows(table, build)


@dataclass
class UnitDetails:
    leaders: list[Leader] = field(default_factory=list)
    focus: list[FocusArea] = field(default_factory=list)
    teams: list[tuple[Team, Value]] = field(default_factory=list)  # with the 队员人数 cell, for warnings


_UNIT_SUFFIX = re.compile(r"(回族乡|街道办事处|街道|办事处|镇|乡|区|办)$")


def same_unit_but_suffix(name: str, unit_names: list[str]) -> str | None:
    """The one unit that `name` is, up to a missing or different suffix (韩村 -> 韩村镇), if there is exactly one."""
    stem = _UNIT_SUFFIX.sub("", name)
    if len(stem) < 2:
        return None
    matches = [u for u in unit_names if _UNIT_SUFFIX.sub("", u) == stem]
    return matches[0] if len(matches) == 1 else None


def _unit_of(row: dict[str, Value], unit_names: list[str] | None, findings: Findings) -> str | None:
    """The row's unit, which must be in the 单位 sheet (error with the nearest name otherwise).

    `unit_names` is None when the 单位 sheet itself could not be read: its error
    is reported already, and checking every detail row against it would bury it.
    """
    cell = row["单位名称"]
    return resolve_unit(cell.value, cell.location, unit_names, findings)


def resolve_unit(name: Any, location: Location, unit_names: list[str] | None, findings: Findings) -> str | None:
    """A unit name as typed, checked against the 单位 sheet; None (with an error) if it is not there."""
    if unit_names is None:
        return None
    if name is None or name in unit_names:
        return name  # type: ignore[no-any-return]
    name = str(name)
    same = same_unit_but_suffix(name, unit_names)
    if same is not None:
        findings.note(location, f"单位「{name}」按「{same}」处理")
        return same
    hint = nearest(name, unit_names)
    suggestion = f"，是否是「{hint}」？" if hint else "；请先在「单位」表中添加它"
    findings.error(location, f"单位「{name}」不在「单位」表中{suggestion}")
    return None


def _details(
    leaders: TableSheet | None,
    focus: TableSheet | None,
    teams: TableSheet | None,
    unit_names: list[str] | None,
    findings: Findings,
) -> dict[str, UnitDetails]:
    details = {name: UnitDetails() for name in unit_names or []}  # rejected rows included
    if leaders:
        _leaders(leaders, unit_names, details, findings)
    for row in focus.rows if focus else []:
        unit = _unit_of(row, unit_names, findings)
        category, detail = row["重点类别"].value, row["具体内容"].value
        if unit and category and detail:
            details[unit].focus.append(FocusArea(category, detail))
    if teams:
        _teams(teams, unit_names, details, findings)
    return details


def _leaders(
    table: TableSheet, unit_names: list[str] | None, details: dict[str, UnitDetails], findings: Findings
) -> None:
    for row in table.rows:
        unit = _unit_of(row, unit_names, findings)
        role, name, post = (row[k].value for k in ("小组职务", "姓名", "职务"))
        if unit and role and name and post:
            details[unit].leaders.append(Leader(role, name, post))


def _teams(
    table: TableSheet, unit_names: list[str] | None, details: dict[str, UnitDetails], findings: Findings
) -> None:
    for row, extra in zip(table.rows, table.extras, strict=True):
        unit = _unit_of(row, unit_names, findings)
        village, leader, size = (row[k].value for k in ("村（社区）", "队长", "队员人数"))
        if unit and village and leader and size:
            details[unit].teams.append((Team(village, leader, size, extra), row["队员人数"]))


def _check_units(
    units: list[Unit], details: dict[str, UnitDetails], campaign: Campaign, file: str, findings: Findings
) -> None:
    low, high = campaign.team_min, campaign.team_max
    for unit in units:
        found = details[unit.name]
        for team, size_cell in found.teams:
            if not low <= team.size <= high:
                findings.warning(
                    size_cell.location,
                    f"{unit.name}{team.village}打传队伍 {team.size} 人，不在要求的 {low}--{high} 人之间",
                )
        if unit.kind != "部门" and not any(leader.role == "组长" for leader in found.leaders):
            findings.warning(
                Location(file, LEADERS_SHEET.name),
                f"「{unit.name}」没有填写领导小组组长，工作方案中的组织领导一节会不完整",
            )


def _campaign(
    sheet: FormSheet, phases: list[Phase], units: list[Unit], notice: Notice | None, findings: Findings
) -> Campaign | None:
    lead = _get(sheet, "牵头单位")
    unit_names = [u.name for u in units]
    if lead is not None and units and lead not in unit_names:
        hint = nearest(lead, unit_names)
        suggestion = f"，是否是「{hint}」？" if hint else "；请先在「单位」表中添加它"
        findings.error(_loc(sheet, "牵头单位"), f"牵头单位「{lead}」不在「单位」表中{suggestion}")
    _check_campaign_dates(sheet, phases, notice, findings)
    _check_campaign_numbers(sheet, findings)
    values = dict(
        name=_get(sheet, "活动名称"),
        plan_title=_get(sheet, "方案标题"),
        start=_get(sheet, "开始日期"),
        end=_get(sheet, "结束日期"),
        lead_unit=lead,
        group_office=_get(sheet, "领导小组办公室"),
        plan_due=_get(sheet, "方案报送截止"),
        monthly_report_day=_get(sheet, "月报日"),
        summary_due=_get(sheet, "总结报送截止"),
        team_min=_get(sheet, "队伍最少人数"),
        team_max=_get(sheet, "队伍最多人数"),
    )
    if any(v is None for v in values.values()):
        return None
    return Campaign(**values, phases=tuple(phases), extra=sheet.extras)


def _check_campaign_dates(sheet: FormSheet, phases: list[Phase], notice: Notice | None, findings: Findings) -> None:
    start, end = _get(sheet, "开始日期"), _get(sheet, "结束日期")
    if start and end and end < start:
        findings.error(_loc(sheet, "结束日期"), "活动的结束日期早于开始日期")
    for phase in phases if start and end else []:
        if phase.start < start or phase.end > end:
            findings.warning(
                Location(sheet.location.file, PHASES_SHEET.name), f"阶段「{phase.name}」超出了活动的起止日期"
            )
    due = _get(sheet, "方案报送截止")
    if due and notice and due < notice.date:
        findings.warning(
            _loc(sheet, "方案报送截止"),
            f"方案报送截止日期 {chinese_date(due)} 早于成文日期 {chinese_date(notice.date)}（照常生成，请确认）",
        )


def _check_campaign_numbers(sheet: FormSheet, findings: Findings) -> None:
    low, high = _get(sheet, "队伍最少人数"), _get(sheet, "队伍最多人数")
    if low is not None and high is not None and low > high:
        findings.error(_loc(sheet, "队伍最多人数"), "队伍最多人数小于最少人数")


def _unit_names(table: TableSheet | None) -> list[str] | None:
    """Every name in the 单位 sheet counts for references, even a row rejected for another
    reason (its own error is reported once, at its own cell)."""
    if table is None:
        return None
    return [v for row in table.rows if (v := row["单位名称"].value) is not None]


def _summary(table: TableSheet | None, unit_names: list[str] | None, findings: Findings) -> list[SummaryItem]:
    items: list[SummaryItem] = []
    for row in table.rows if table else []:
        unit_value = row["单位名称"].value
        unit = COUNTY if unit_value == COUNTY else _unit_of(row, unit_names, findings)
        kind, title, text = row["类别"].value, row["标题"].value if "标题" in row else None, row["内容"].value
        if unit and kind and text:
            items.append(SummaryItem(unit, kind, title, text.rstrip("。；;") + "。"))
    return items


def load_inputs(
    path: Path, display_name: str, convert: ConvertSpreadsheet | None = None
) -> tuple[Inputs | None, Findings]:
    """Read and check the workbook. Inputs is None when there are errors.

    `convert` makes an .xlsx of an .xls/.et workbook when only that is there (the pipeline
    passes LibreOffice's); without it such a workbook is refused with how to save it as .xlsx.
    """
    findings = Findings()
    wb = Workbook(path, display_name, findings, convert)
    if not wb.ok:
        return None, findings
    wb.peek_year(CAMPAIGN_SHEET, "开始日期")  # "1月19日" anywhere is read in the campaign's year
    notice_sheet = wb.read_form(NOTICE_SHEET)
    campaign_sheet = wb.read_form(CAMPAIGN_SHEET)
    phases_table = wb.read_table(PHASES_SHEET)
    units_table = wb.read_table(UNITS_SHEET)
    leaders_table, focus_table, teams_table = (wb.read_table(s) for s in (LEADERS_SHEET, FOCUS_SHEET, TEAMS_SHEET))
    metrics_table = wb.read_table(METRICS_SHEET)
    summary_table = wb.read_table(SUMMARY_SHEET)
    notice = _notice(notice_sheet, findings) if notice_sheet else None
    phases = _phases(phases_table, findings) if phases_table else []
    units = _units(units_table, findings) if units_table else []
    campaign = _campaign(campaign_sheet, phases, units, notice, findings) if campaign_sheet else None
    known_units = _unit_names(units_table)
    details = _details(leaders_table, focus_table, teams_table, known_units, findings)
    if campaign is not None:
        _check_units(units, details, campaign, display_name, findings)
    metrics = metrics_from(metrics_table, findings) if metrics_table else []
    reports = _reports(wb, metrics, campaign, known_units, findings)
    summary = _summary(summary_table, known_units, findings)
    if findings.errors or notice is None or campaign is None:
        return None, findings
    complete = tuple(_with_details(u, details[u.name]) for u in units)
    return Inputs(notice, campaign, complete, tuple(metrics), tuple(reports), tuple(summary)), findings


def _reports(
    wb: Workbook, metrics: list[Metric], campaign: Campaign | None, known_units: list[str] | None, findings: Findings
) -> list[MonthlyReport]:
    if not metrics:
        return []
    # Months are checked against the campaign only when its own dates make sense (no cascade).
    valid_campaign = campaign if campaign is not None and campaign.start <= campaign.end else None
    return reports_from(
        wb, metrics, valid_campaign, lambda name, where: resolve_unit(name, where, known_units, findings), findings
    )


def _with_details(unit: Unit, found: UnitDetails) -> Unit:
    return dataclasses.replace(
        unit,
        leaders=tuple(found.leaders),
        focus=tuple(found.focus),
        teams=tuple(team for team, _ in found.teams),
    )
