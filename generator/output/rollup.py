"""The county roll-up as a formatted .xlsx: a row per unit, a column per metric, and 合计.

Written by gongwen's own SpreadsheetML writer (spreadsheet.py), not openpyxl: a build that makes
roll-ups neither imports openpyxl nor builds an object per cell.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.inputs.xlsx_reader import column_letters
from generator.output.spreadsheet import Font, Sheet, Style, Value, text_style, xlsx_bytes
from generator.standard import gbt9704 as std

FONT = std.FONT_FANGSONG
_ROLLUP_STYLES = {
    "title": Style(Font(FONT, 16, bold=True), centred=True),
    "centred": Style(centred=True),
    "header": Style(Font(FONT, bold=True), fill="00DDEBF7", border=True, middle_and_wrapped=True),
    "body": Style(border=True, middle_and_wrapped=True),
    "missing": Style(Font(FONT, italic=True, color="00808080"), border=True, middle_and_wrapped=True),
    "total": Style(Font(FONT, bold=True), border=True, middle_and_wrapped=True),
}


def _text(value: str, style: str) -> tuple[str, str]:
    return value, text_style(style, value)


def _headers(sheet: Sheet, groups: list[dict[str, Any]]) -> None:
    """Rows 3 and 4: 单位, then each group over its metrics (with their units of measure)."""
    group_row: list[tuple[Value, str]] = [_text("单位", "header")]
    for group in groups:
        span = len(group["指标"])
        group_row += [_text(group["名称"], "header"), *[(None, "header")] * (span - 1)]
        if span > 1:
            start = len(group_row) - span + 1
            sheet.merged.append(f"{column_letters(start)}3:{column_letters(start + span - 1)}3")
    sheet.row(3, group_row)
    metrics = [m for g in groups for m in g["指标"]]
    sheet.row(4, [(None, "header"), *(_text(f"{m['名称']}（{m['单位']}）", "header") for m in metrics)])


def _reported(reported: int, missing: int) -> str:
    """The sheet's second line, as the .docx roll-up's template says it."""
    return f"已报送 {reported} 个单位，未报送 {missing} 个" if missing else f"{reported} 个单位全部报送"


def rollup_xlsx(context: dict[str, Any]) -> bytes:
    """One sheet: a row per unit, a column per metric (grouped), a 合计 row, 未报送 kept apart from zeros."""
    summary, period, campaign = context["汇总"], context["统计"], context["活动"]
    groups = summary["分组"]
    metrics = [m for g in groups for m in g["指标"]]
    last = column_letters(len(metrics) + 1)
    sheet = Sheet("汇总", _ROLLUP_STYLES, column_widths=[18, *[11] * len(metrics)], row_heights={4: 48}, frozen=(1, 4))
    title = f"{campaign['本级名称']}{campaign['名称']}情况统计汇总表（{period['期别']}）"
    sheet.row(1, [_text(title, "title")])
    sheet.row(2, [_text(_reported(summary["已报送数"], summary["未报送数"]), "centred")])
    sheet.merged += [f"A1:{last}1", f"A2:{last}2", "A3:A4"]
    _headers(sheet, groups)
    units = [row["单位"] for row in groups[0]["行"]] if groups else []
    for i, unit in enumerate(units):
        values = [v for g in groups for v in g["行"][i]["值"]]
        cells = [(_number(v), "body") if v != "未报送" else _text(v, "missing") for v in values]
        sheet.row(5 + i, [_text(unit, "body"), *cells])
    total_row = 5 + len(units)
    totals = [_number(v) for g in groups for v in g["合计"]]
    sheet.row(total_row, [_text(f"合计（{summary['已报送数']}个单位）", "total"), *((v, "total") for v in totals)])
    sheet.row(total_row + 1, [("注：合计为已报送单位的合计；“未报送”不同于 0，不计入合计。", "default")])
    when = dt.datetime.combine(period["截止日期"], dt.time())
    return xlsx_bytes(sheet, title, f"{when:%Y-%m-%dT%H:%M:%S}Z")


def _number(text: str) -> int | float | str:
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return text
