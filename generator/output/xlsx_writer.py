"""Spreadsheets gongwen writes: the county roll-up as a formatted .xlsx.

Byte-stable like the .docx files (fixed timestamps and properties), and safe to
open: text that starts with = + - @ is stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter

from generator.standard.ooxml import core_properties_xml
from generator.standard.package import read_parts, zip_bytes
from generator.standard.schema_order import reorder_part

FORMULA_STARTS = ("=", "+", "-", "@")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FONT = "仿宋_GB2312"
MISSING_FONT = Font(name=FONT, italic=True, color="808080")


def set_text(cell: Any, value: str) -> None:
    """Text that a spreadsheet would take for a formula stays text."""
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text


def stable_bytes(wb: Workbook, when: dt.datetime, title: str = "") -> bytes:
    """openpyxl's output with fixed core properties and zip timestamps: same data, same bytes.

    openpyxl stamps the time of saving into docProps/core.xml whatever the properties
    say, so that part is written anew.
    """
    buffer = io.BytesIO()
    wb.save(buffer)
    parts = read_parts(buffer.getvalue())
    parts["docProps/core.xml"] = core_properties_xml(title, "gongwen", f"{when:%Y-%m-%dT%H:%M:%S}Z").encode("utf-8")
    parts["xl/styles.xml"] = reorder_part(parts["xl/styles.xml"])  # openpyxl writes a font's name first
    return zip_bytes(parts)


def rollup_xlsx(context: dict[str, Any]) -> bytes:
    """One sheet: a row per unit, a column per metric (grouped), a 合计 row, 未报送 kept apart from zeros."""
    summary, period = context["汇总"], context["统计"]
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    columns = [(g["名称"], m) for g in summary["分组"] for m in g["指标"]]
    last = get_column_letter(len(columns) + 1)
    campaign = context["活动"]
    set_text(ws["A1"], f"{campaign['本级名称']}{campaign['名称']}情况统计汇总表（{period['期别']}）")
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    set_text(ws["A2"], f"已报送 {summary['已报送数']} 个单位，未报送 {summary['未报送数']} 个")
    ws.merge_cells(f"A2:{last}2")
    ws["A2"].alignment = Alignment(horizontal="center")
    _write_headers(ws, summary["分组"])
    total_row = _write_units(ws, summary["分组"])
    set_text(ws.cell(row=total_row, column=1), f"合计（{summary['已报送数']}个单位）")
    totals = [v for g in summary["分组"] for v in g["合计"]]
    for j, value in enumerate(totals):
        ws.cell(row=total_row, column=2 + j).value = _number(value)
    _style_table(ws, total_row, len(columns) + 1)
    ws.column_dimensions["A"].width = 18
    for j in range(len(columns)):
        ws.column_dimensions[get_column_letter(2 + j)].width = 11
    ws.row_dimensions[4].height = 48
    ws.freeze_panes = "B5"
    ws.cell(row=total_row + 1, column=1).value = "注：合计为已报送单位的合计；“未报送”不同于 0，不计入合计。"
    when = dt.datetime.combine(period["截止日期"], dt.time())
    return stable_bytes(wb, when, str(ws["A1"].value))


def _write_headers(ws: Any, groups: list[dict[str, Any]]) -> None:
    """Rows 3 and 4: 单位, then each group over its metrics (with their units of measure)."""
    set_text(ws.cell(row=3, column=1), "单位")
    ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    col = 2
    for group in groups:
        span = len(group["指标"])
        set_text(ws.cell(row=3, column=col), group["名称"])
        if span > 1:
            ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=col + span - 1)
        for metric in group["指标"]:
            set_text(ws.cell(row=4, column=col), f"{metric['名称']}（{metric['单位']}）")
            col += 1


def _write_units(ws: Any, groups: list[dict[str, Any]]) -> int:
    """A row per unit from row 5; returns the row the 合计 goes in."""
    units = [row["单位"] for row in groups[0]["行"]] if groups else []
    for i, unit in enumerate(units):
        r = 5 + i
        set_text(ws.cell(row=r, column=1), unit)
        values = [v for g in groups for v in g["行"][i]["值"]]
        for j, value in enumerate(values):
            cell = ws.cell(row=r, column=2 + j)
            if value == "未报送":
                set_text(cell, value)
                cell.font = MISSING_FONT
            else:
                cell.value = _number(value)
    return 5 + len(units)


def _style_table(ws: Any, total_row: int, width: int) -> None:
    # Styling cell by cell through openpyxl hashes every style object on every assignment
    # (0.8 s for 50 units x 31 metrics); each combination is built once and its index copied.
    styled: dict[tuple[str, bool, bool], StyleArray] = {}
    for row in ws.iter_rows(min_row=3, max_row=total_row, max_col=width):
        for cell in row:
            role = "header" if cell.row <= 4 else "total" if cell.row == total_row else "body"
            key = (role, cell.value == "未报送", bool(cell.quotePrefix))  # quotePrefix lives in the style too
            if key in styled:
                cell._style = copy(styled[key])
                continue
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            if role != "body":
                cell.font = Font(name=FONT, bold=True)
            if role == "header":
                cell.fill = HEADER_FILL
            styled[key] = copy(cell._style)
