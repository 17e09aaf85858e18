"""The new workspace's workbook: the blank starter's, with what the notice says filled in.

A value read from the notice replaces the starter's; one gongwen inferred is shaded orange
with a note saying how; a starter value left because the notice does not say is shaded
yellow with a note asking the clerk to fill it in. The 阶段 sheet gets the notice's phases,
the 单位 sheet the units it names (the leading group's members, the lead unit).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, PatternFill

from generator.importer.facts import ATTACHED_METRICS, PHASE_NAME, REPORT_DAY, Recognition
from generator.inputs.names import WORKBOOK_NAME
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    CHECKS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    REPORTS_SHEET_NAME,
    SUMMARY_SHEET,
    UNITS_SHEET,
)
from generator.output.xlsx_writer import set_text, stable_bytes
from generator.render.filters import chinese_number
from generator.workspace import STARTER, bundled_root

METRICS_TO_FILL = "原通知没有写统计指标：这是空白模板的示例，请填写本次活动的指标名称、分组和单位（统计报表表头随之改）"
TO_FILL = PatternFill("solid", fgColor="FFF2CC")  # yellow: still the starter's, the clerk fills it in
UNSURE = PatternFill("solid", fgColor="FCE4D6")  # orange: inferred, the clerk checks it
AUTHOR = "gongwen 导入"
STARTER_LEVEL = "××县"  # the starter's 本级名称


def starter_workbook() -> Path:
    return bundled_root(STARTER) / "inputs" / WORKBOOK_NAME


def workbook_bytes(rec: Recognition, when: dt.datetime, stand_in: dt.date | None = None) -> bytes:
    """The workbook; with `stand_in`, every date the notice does not give is that day instead of
    blank: a trial workbook the import builds its notice from, to compare it with the source (the
    notice prints only what the source printed, and the comparison shows any stand-in it would)."""
    wb = load_workbook(io.BytesIO(starter_workbook().read_bytes()))
    for spec in (NOTICE_SHEET, CAMPAIGN_SHEET):
        _fill_form(wb[spec.name], spec.name, rec, stand_in)
    _fill_phases(wb[PHASES_SHEET.name], rec, stand_in)
    _sample_department_of_level(wb, rec.value("活动.本级名称") or "")
    _fill_units(wb[UNITS_SHEET.name], rec)
    _starter_samples(wb, rec)
    _fill_metrics(wb, rec)
    return stable_bytes(wb, when)


def cells_left_blank(rec: Recognition) -> list[str]:
    """The cells the workbook leaves for the clerk (发文.成文日期 …, 活动.报送日): the build is refused
    until they are filled."""
    return [name for name in rec.blank if name in MUST_FILL]


# The cells that refuse the workbook while blank: the forms' required ones, the 报送日 (the starter's
# 月 needs one) and the name of the one phase of a notice that names none.
MUST_FILL = {
    *(f"{spec.name}.{f.name}" for spec in (NOTICE_SHEET, CAMPAIGN_SHEET) for f in spec.fields if f.required),
    REPORT_DAY,
    PHASE_NAME,
}
REPORT_DAY_STAND_IN = 0  # the trial notice prints no 报送日 the notice does not give (no slot for it)
# A notice naming no leading-group office prints none: the trial's stand-ins are never compared.
OFFICE_STAND_INS = {"牵头单位": "（牵头单位）", "领导小组办公室": "（领导小组办公室）"}
TITLE_STAND_IN = "（通知标题）"  # a notice whose page printed its title apart: the trial's title


def _rows_by_name(ws: Any) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


def _fill_form(ws: Any, sheet: str, rec: Recognition, stand_in: dt.date | None) -> None:
    rows = _rows_by_name(ws)
    spec = NOTICE_SHEET if sheet == NOTICE_SHEET.name else CAMPAIGN_SHEET
    for field in spec.fields:
        found = next((f for f in rec.found if f.field == f"{sheet}.{field.name}"), None)
        row = rows.get(field.name)
        blank = rec.blank.get(f"{sheet}.{field.name}")
        if blank is not None and row is not None:  # the source has none: no example value either
            must_fill = f"{sheet}.{field.name}" in MUST_FILL
            ws.cell(row, 2).value = _stand_in(field.name, stand_in) if must_fill else None
            if must_fill:  # the workbook is refused until the clerk fills it in
                _mark(ws.cell(row, 2), TO_FILL, f"请填写：{blank}")
            else:
                _mark(ws.cell(row, 2), UNSURE, f"导入时推断，请核对：{blank}")
            continue
        if found is None:
            if row is not None and ws.cell(row, 2).value not in (None, ""):
                _mark(ws.cell(row, 2), TO_FILL, "原公文中没有找到，这是空白模板的示例值，请改成本次活动的")
            continue
        if row is None:
            row = ws.max_row + 1
            ws.cell(row, 1).value = field.name
            ws.cell(row, 3).value = field.help or None
            rows[field.name] = row
        cell = ws.cell(row, 2)
        _set(cell, found.value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not found.certain:
            _mark(cell, UNSURE, f"导入时推断，请核对：{found.note}")


def _stand_in(name: str, day: dt.date | None) -> dt.date | int | str | None:
    """A blank cell's value in the trial workbook (`day` given), else None."""
    if day is None:
        return None
    if name == "标题":
        return TITLE_STAND_IN
    if name in OFFICE_STAND_INS:
        return OFFICE_STAND_INS[name]
    return REPORT_DAY_STAND_IN if name == REPORT_DAY.split(".")[1] else day


def _set(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value
    if isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"


def _mark(cell: Any, fill: PatternFill, note: str) -> None:
    cell.fill = fill
    cell.comment = Comment(note, AUTHOR, width=300, height=80)


PHASE_COLUMNS = ("阶段名称", "开始日期", "结束日期", "工作内容", "通知内容", "标题后内容", "通知标题")


def _fill_phases(ws: Any, rec: Recognition, stand_in: dt.date | None) -> None:
    if not rec.phases:
        _one_phase(ws, rec, stand_in)
        return
    ws.delete_rows(1, ws.max_row)
    ws.append(list(PHASE_COLUMNS))
    for phase in rec.phases:
        paragraphs = "\n".join(p.text for p in phase.content)
        ws.append([
            phase.name, phase.start, phase.end, paragraphs or phase.inline_content or None, paragraphs or None,
            phase.inline_content or None, None if phase.heading_template else phase.heading.text,
        ])  # fmt: skip
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in "DEF":
        ws.column_dimensions[column].width = 60
    for row in ws.iter_rows(min_row=2, max_col=4):
        if row[3].value:  # the unit plans print it: the county's words to the townships, to be rewritten
            _mark(
                row[3],
                UNSURE,
                "取自通知原文，各单位的工作方案照印这一段；请改写成各单位自己的工作内容。"
                "某类单位要说的不同（如部门没有“各村”可安排）时，加一列「部门工作内容」写给这类单位，"
                "它们的方案就印这一列；核稿会指出哪类单位的方案照印了对别的单位说的话",
            )


def _starter_samples(wb: Any, rec: Recognition) -> None:
    """The starter's sample figures belong to its own sample periods: a new campaign has no report
    yet. Its sample metrics (召开会议 …) are no notice's: the forms and sheets would ask the units for
    them as if it did, so they are named as blanks (××指标一), as its units are (××镇), which 核稿
    flags wherever a document prints one.
    Its sample summary lines speak for the level (××县), which becomes the notice's."""
    reports = wb[REPORTS_SHEET_NAME]
    if reports.max_row > 1:
        reports.delete_rows(2, reports.max_row)
    _placeholder_metrics(wb)
    level = rec.value("活动.本级名称")
    summary = wb[SUMMARY_SHEET.name]
    for row in range(2, summary.max_row + 1):
        cell = summary.cell(row, 1)
        if level and cell.value == STARTER_LEVEL:
            cell.value = level
        _mark(summary.cell(row, 4), TO_FILL, "空白模板的示例内容：活动结束时写本单位的总结")


def _placeholder_metrics(wb: Any) -> None:
    """The starter's sample metrics named as blanks (××指标一 …), with the 统计报表 sheet's columns
    for them; its sample check rule, which names them, left out."""
    metrics, reports = wb[METRICS_SHEET.name], wb[REPORTS_SHEET_NAME]
    renamed: dict[str, str] = {}
    for row in range(2, metrics.max_row + 1):
        name = metrics.cell(row, 2).value
        if name:
            renamed[name] = f"××指标{chinese_number(len(renamed) + 1)}"
            metrics.cell(row, 1).value = "××"
            metrics.cell(row, 2).value = renamed[name]
            _mark(metrics.cell(row, 2), TO_FILL, METRICS_TO_FILL)
    for cell in reports[1]:
        cell.value = renamed.get(cell.value, cell.value)
    header = [c.value for c in metrics[1]]
    if PREREQUISITE in header:  # a 前提指标 names a renamed metric by its new name (整改 after 发现)
        for row in range(2, metrics.max_row + 1):
            cell = metrics.cell(row, header.index(PREREQUISITE) + 1)
            cell.value = renamed.get(cell.value, cell.value)
    checks = wb[CHECKS_SHEET.name]
    if checks.max_row > 1:
        checks.delete_rows(2, checks.max_row)


PREREQUISITE = "前提指标"


def _fill_metrics(wb: Any, rec: Recognition) -> None:
    """The attached table's metrics instead of the starter's (their 核对规则 went with them); the
    统计报表 sheet's header follows them."""
    if rec.metrics is None:
        return
    metrics = wb[METRICS_SHEET.name]
    header = [str(c.value) for c in metrics[1]]
    metrics.delete_rows(2, metrics.max_row)
    note = f"导入时推断，请核对：{ATTACHED_METRICS}（{rec.metrics.piece.where}）"
    for k, metric in enumerate(rec.metrics.metrics):
        values = {
            "分组": rec.metrics.group, "指标": metric.name, "单位": metric.unit,
            "类型": "小数" if metric.decimal else "整数", "主要指标": "是" if k < 2 else None, "累计方式": "累加",
        }  # fmt: skip
        metrics.append([values.get(name) for name in header])
        for cell in metrics[metrics.max_row][:3]:
            _mark(cell, UNSURE, note)
    checks = wb[CHECKS_SHEET.name]
    if checks.max_row > 1:
        checks.delete_rows(2, checks.max_row)
    reports = wb[REPORTS_SHEET_NAME]
    reports.delete_rows(1, reports.max_row)
    reports.append(["单位名称", "期别", *(m.name for m in rec.metrics.metrics)])


PHASE_STAND_IN = "实施阶段"  # the trial notice's one phase: a notice without phases prints none


def _one_phase(ws: Any, rec: Recognition, stand_in: dt.date | None) -> None:
    """No phases in the notice: one, over the campaign's dates (the starter's would fall outside it,
    and its words are no notice's), its name blank (a made-up one printed in every plan as if the
    notice had named it); without the campaign's dates, its dates blank for the clerk."""
    start, end = rec.value("活动.开始日期") or stand_in, rec.value("活动.结束日期") or stand_in
    ws.delete_rows(2, ws.max_row)
    ws.append([PHASE_STAND_IN if stand_in is not None else None, start, end, None])
    for cell in ws[2]:
        _mark(cell, TO_FILL, "原公文中没有找到阶段，请按实际填写")


SAMPLE_DEPARTMENT = "县××局"  # the starter's sample department, a county's


def _sample_department_of_level(wb: Any, level: str) -> None:
    """The starter's sample department speaks for the notice's level: a 镇's campaign has no 县××局 (its
    plan, sheets and summary would print a 县 word of no one's), but a 站所, 镇××所 headed by its 所长;
    a city's or district's, 市××局 or 区××局. Its rows stay yellow, a sample to replace."""
    word = next((w for w in ("街道", *"镇乡市区") if level.endswith(w)), None)
    if word is None:  # a county, or no level read: the starter's own
        return
    township = word in ("街道", "镇", "乡")
    renamed = {SAMPLE_DEPARTMENT: f"{word}××{'所' if township else '局'}"}
    if township:
        renamed |= {"局办公室": "所办公室", "局长": "所长"}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[0].value == SAMPLE_DEPARTMENT:
                for cell in row:
                    cell.value = renamed.get(cell.value, cell.value) if isinstance(cell.value, str) else cell.value


def _fill_units(ws: Any, rec: Recognition) -> None:
    header = [str(c.value) for c in ws[1]]
    name_col, type_col, member_col = (header.index(h) + 1 for h in ("单位名称", "类型", "领导小组成员单位"))
    existing = {str(ws.cell(r, name_col).value): r for r in range(2, ws.max_row + 1)}
    lead = rec.value("活动.牵头单位")
    wanted = list(rec.members) + ([lead] if lead and lead not in rec.members else [])
    if rec.members:
        for row in existing.values():
            ws.cell(row, member_col).value = None  # the starter's sample member would join the list
    for name in wanted:
        row = existing.get(name) or ws.max_row + 1
        ws.cell(row, name_col).value = name
        ws.cell(row, type_col).value = "部门"
        if name in rec.members:
            ws.cell(row, member_col).value = "是"
        _mark(ws.cell(row, type_col), UNSURE, "原公文中提到的单位，类型按“部门”填写，请核对")
    for name, row in existing.items():
        if name not in wanted:
            _mark(ws.cell(row, name_col), TO_FILL, "空白模板的示例单位：请换成参加活动的单位")


__all__ = ["cells_left_blank", "workbook_bytes"]
