"""The county roll-up as a formatted .xlsx: a row per unit, a column per metric, and 合计.

Written by gongwen's own SpreadsheetML writer (spreadsheet.py), not openpyxl: a build that makes
roll-ups neither imports openpyxl nor builds an object per cell. rollup_xlsx is the writer of the
汇总表 kind, the roll-up's twin made by code (declared with every kind in output/kinds.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from generator.documents.contexts import Figure, MetricHeadRecord, RollupContext, RollupGroupRecord
from generator.documents.registry import DocumentJob, typed_context
from generator.inputs.xlsx_reader import column_letters
from generator.output.spreadsheet import Font, PrintSetup, Sheet, Style, Value, text_style, xlsx_bytes
from generator.render.filters import format_number
from generator.render.metrics import BREAK_AFTER, header_lines
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


# Column widths are in Excel's units (about one Latin digit of the default font); a Chinese
# character of the 11 pt header takes about two, one of the 16 pt title about three.
CJK_WIDTH, TITLE_CJK_WIDTH = 2.1, 3.0
HEADER_LINE_CHARS = 4  # a metric's name is broken into lines of at most this many characters
HEADER_LINE_HEIGHT = 15.0  # points
MAX_UNIT_COLUMN = 40.0


def _metric_header(metric: MetricHeadRecord) -> tuple[str, int]:
    """The header text (its lines, the unit of measure on a line of its own) and its widest line."""
    lines = [*header_lines(str(metric["名称"]), HEADER_LINE_CHARS), f"（{metric['单位']}）"]
    return "\n".join(lines), max(len(line.rstrip(BREAK_AFTER)) for line in lines)


def _decimals(values: list[Any]) -> int:
    """The most decimals of a column's figures (as documents write them: 179.9, 324): every figure
    of the column is shown with as many. 未报送 and — are words, not figures."""
    figures = [format_number(v) for v in values if isinstance(v, Decimal)]
    return min(max((len(f.partition(".")[2]) for f in figures), default=0), 4)


def _headers(sheet: Sheet, groups: list[RollupGroupRecord]) -> None:
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
    headers = [_metric_header(m) for m in metrics]
    sheet.row(4, [(None, "header"), *(_text(text, "header") for text, _ in headers)])
    sheet.row_heights[4] = HEADER_LINE_HEIGHT * max((text.count("\n") + 1 for text, _ in headers), default=1) + 4
    sheet.column_widths[1:] = [max(8.0, widest * CJK_WIDTH + 2) for _, widest in headers]


def _reported(reported: int, missing: int) -> str:
    """The sheet's second line, as the .docx roll-up's template says it."""
    return f"已报送 {reported} 个单位，未报送 {missing} 个" if missing else f"{reported} 个单位全部报送"


def rollup_xlsx(job: DocumentJob, heading: str) -> bytes:
    """The 汇总表 kind's writer: a roll-up job's spreadsheet (rollup_workbook)."""
    return rollup_workbook(typed_context(job, RollupContext), heading)


def rollup_workbook(context: RollupContext, heading: str) -> bytes:
    """One sheet: a row per unit, a column per metric (grouped), a 合计 row, 未报送 kept apart from zeros.
    `heading` is the roll-up's title as its .docx twin's template writes it; the sheet adds the period."""
    summary, period = context["汇总"], context["统计"]
    groups = summary["分组"]
    metrics = [m for g in groups for m in g["指标"]]
    last = column_letters(len(metrics) + 1)
    units = [row["单位"] for row in groups[0]["行"]] if groups else []
    total_label = f"合计（{summary['已报送数']}个单位）"
    unit_width = min(MAX_UNIT_COLUMN, max(len(t) for t in [*units, total_label]) * CJK_WIDTH + 2)
    sheet = Sheet(
        "汇总",
        dict(_ROLLUP_STYLES),
        column_widths=[unit_width, *[11.0] * len(metrics)],
        frozen=(1, 4),
        printing=PrintSetup(title_rows="3:4", title_columns="A:A"),
    )
    label = period["期别"]
    title = heading if label in heading else f"{heading}（{label}）"  # the period said once
    sheet.row(1, [_text(title, "title")])
    sheet.row_heights[1] = 24.0
    reported = _reported(summary["已报送数"], summary["未报送数"])
    if period["期别全称"] != label and period["时段"] not in heading:  # 第3周 names no days: say them
        reported = f"统计时段：{period['时段']}　{reported}"
    sheet.row(2, [_text(reported, "centred")])
    sheet.merged += [f"A1:{last}1", f"A2:{last}2", "A3:A4"]
    _headers(sheet, groups)
    _widen_for(sheet, len(title) * TITLE_CJK_WIDTH)
    breaks = _page_breaks(sheet.column_widths, [len(g["指标"]) for g in groups])
    if breaks:  # the title and its second line over the first page's columns: printed on it
        first_page = column_letters(breaks[0])
        sheet.merged[:2] = [f"A1:{first_page}1", f"A2:{first_page}2"]
        sheet.printing = replace(sheet.printing or PrintSetup(), column_breaks=breaks, scale=LEAST_SCALE)
    total_row = _figures(sheet, groups, units, total_label)
    sheet.row(total_row + 1, [("注：合计为已报送单位的合计；“未报送”不同于 0，不计入合计。", "default")])
    when = dt.datetime.combine(summary["制表日期"], dt.time())
    return xlsx_bytes(sheet, title, f"{when:%Y-%m-%dT%H:%M:%S}Z")


def _figures(sheet: Sheet, groups: list[RollupGroupRecord], units: list[str], total_label: str) -> int:
    """A row per unit from row 5 and the 合计 row under them (its number returned), each column's
    figures with one number of decimals."""
    rows = [[v for g in groups for v in g["行"][i]["值"]] for i in range(len(units))]
    totals = [v for g in groups for v in g["合计"]]
    formats = [_column_style(sheet, [*(r[c] for r in rows), total]) for c, total in enumerate(totals)]
    for i, (unit, values) in enumerate(zip(units, rows, strict=True)):
        cells = [
            (_number(v), f"body{f}") if isinstance(v, Decimal) else _text(str(v), "missing")
            for v, f in zip(values, formats, strict=True)
        ]
        sheet.row(5 + i, [_text(unit, "body"), *cells])
    total_row = 5 + len(units)
    sheet.row(
        total_row,
        [_text(total_label, "total"), *(_total(v, f) for v, f in zip(totals, formats, strict=True))],
    )
    return total_row


def _total(figure: Figure, style: str) -> tuple[Value, str]:
    """A 合计 cell: a number, or a reading's words (最大80: the units' largest, not their sum) as text."""
    return (_number(figure), f"total{style}") if isinstance(figure, Decimal) else _text(str(figure), "total")


def _column_style(sheet: Sheet, values: list[Any]) -> str:
    """The suffix of the body and total styles for a column whose figures have these decimals
    (the styles made on first use): 179.9 and 324 in one column print as 179.9 and 324.0."""
    decimals = _decimals(values)
    if not decimals:
        return ""
    suffix = f".{decimals}"
    code = "0." + "0" * decimals
    for name in ("body", "total"):
        sheet.styles.setdefault(f"{name}{suffix}", replace(_ROLLUP_STYLES[name], number_format=code))
    return suffix


# Printed smaller than this many per cent, the 11 pt figures are too small to read (a roll-up of
# 37 metrics fitted to one A4 page wide was printed at a third of its size).
LEAST_SCALE = 70
# A4 landscape's width inside the sheet's margins (0.5 inch each side), in millimetres.
PRINTED_WIDTH_MM = 297 - 2 * 12.7
# Pixels of one unit of a column's width: a digit of the sheet's font (Calibri's is 7; LibreOffice
# measured 9 with 仿宋's stand-in). The wider is assumed: a page is then less full, never cut.
_UNIT_PIXELS = 9


def _printed_mm(width: float) -> float:
    """A column `width` (Excel's units: digits of the sheet's font, and 5 pixels of padding) in mm at 100 %."""
    return (int(width * _UNIT_PIXELS) + 5) * 25.4 / 96


def _page_breaks(widths: list[float], spans: list[int]) -> tuple[int, ...]:
    """The columns that end a page, when the sheet is too wide for one page at LEAST_SCALE: each
    page holds the 单位 column (repeated) and whole groups of metrics (`spans`: each group's
    column count), a group wider than a page split where the page is full; () when it fits."""
    room = PRINTED_WIDTH_MM * 100 / LEAST_SCALE
    printed = [_printed_mm(width) for width in widths]
    if sum(printed) <= room:
        return ()
    breaks: list[int] = []
    used = printed[0]
    placed = 0  # the last column placed, from 0 (column A); a break after it is placed + 1
    for span in spans:
        group = printed[placed + 1 : placed + 1 + span]
        if used + sum(group) > room and used > printed[0]:
            breaks.append(placed + 1)
            used = printed[0]
        for width in group:
            if used + width > room and used > printed[0]:
                breaks.append(placed + 1)
                used = printed[0]
            used += width
            placed += 1
    return tuple(breaks)


def _widen_for(sheet: Sheet, needed: float) -> None:
    """Widen the metric columns evenly until the columns hold `needed` (the title on one line)."""
    widths = sheet.column_widths
    short = needed - sum(widths)
    if short > 0 and len(widths) > 1:
        extra = short / (len(widths) - 1)
        widths[1:] = [w + extra for w in widths[1:]]


def _number(figure: Decimal) -> int | float:
    """A figure of the context (a Decimal) as the cell's number: whole numbers as integers."""
    return int(figure) if figure == figure.to_integral_value() else float(figure)
