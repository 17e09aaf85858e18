"""Periodic figures in and out: fill-in forms for every unit, and collecting them back.

`gongwen forms --period 2018-02` (or 第3周) writes one .xlsx per unit: unit and period
filled in and locked, one row per metric with its unit, data validation, the header
fields of a real form. `gongwen collect DIR` reads the returned forms, checks every
cell, and merges them into the workbook's 统计报表 sheet, as a new version of the
workbook; the previous one is kept in inputs/备份/, never overwritten.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

from generator.documents.registry import output_name
from generator.inputs.model import Inputs, Metric, Period
from generator.inputs.periods import days_of
from generator.output.spreadsheet import (
    Font,
    PrintSetup,
    Sheet,
    Style,
    Validation,
    Value,
    text_style,
    workbook_bytes,
)
from generator.standard import gbt9704 as std
from generator.standard.package import write_atomic

FORM_SHEET = "统计报表"
MARKER_SHEET = "gongwen"  # very hidden: which unit and period a form is for, and its seal
FORM_VERSION = "gongwen-form-3"
# A secret of the workspace that issues forms: a form's seal is a keyed digest of its campaign,
# unit and period, so that a form edited to pose as another unit, or sent by another workspace,
# is refused. It lives with the inputs (a copied workspace keeps verifying its forms).
FORM_KEY_NAME = ".gongwen-form-key"


def form_key(inputs_dir: Path, create: bool) -> bytes | None:
    """The workspace's form key; made on first use when `create` (call it under the workspace lock)."""
    path = inputs_dir / FORM_KEY_NAME
    if path.is_file():
        return path.read_bytes()
    if not create:
        return None
    key = secrets.token_bytes(32)
    write_atomic(path, key)
    return key


def form_seal(key: bytes, inputs: Inputs, unit: str, period: Period) -> str:
    campaign = f"{inputs.campaign.name}\0{inputs.campaign.start.isoformat()}"
    message = f"{campaign}\0{unit}\0{period.start.isoformat()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


FIRST_METRIC_ROW = 6
INPUT_FILL = "00FFF2CC"  # the yellow of the cells a unit fills in
_BOLD = Font(std.FONT_FANGSONG, bold=True)
_STYLES = {
    "title": Style(Font(std.FONT_FANGSONG, 16, bold=True), centred=True),
    "label": Style(_BOLD),
    "heading": Style(_BOLD, border=True, centred=True),
    "cell": Style(border=True),
    "input": Style(fill=INPUT_FILL, locked=False),  # the only cells the sheet's protection leaves editable
    "count": Style(fill=INPUT_FILL, border=True, locked=False),
    "amount": Style(fill=INPUT_FILL, border=True, locked=False, number_format="0.00"),
    "note": Style(wrapped=True),
}
# The four columns' widths (Excel's units: about one Latin digit; a Chinese character takes about
# two), and the characters of an instruction that fit on one line across them.
COLUMN_WIDTHS = [18.0, 30.0, 14.0, 16.0]
NOTE_LINE_CHARS = int(sum(COLUMN_WIDTHS) / 2.1)
LINE_HEIGHT = 15.0  # points
INSTRUCTIONS = (
    "填表说明：",
    "1. 只填写黄色单元格；“本期数”为上面“统计时段”内的数字。",
    "2. 没有发生的填 0（零报告）。空着的格子是“没有填”，不按 0 计，收表时会被退回核实；不要写“无”。",
    "3. 不要改动指标名称和顺序。",
    None,  # how figures are written: from the form's own metrics (number_instruction)
    "5. 填好后保存为 .xlsx，按时报送；不要改文件格式。",
)


def number_instruction(metrics: Sequence[Metric]) -> str:
    """How the form's figures are written, in each metric's own unit (the 统计指标 sheet's 单位 and 类型)."""
    decimal = [m.name for m in metrics if m.decimal]
    if not decimal:
        return "4. 按“单位”一栏的计量单位填非负整数。"
    return f"4. 按“单位”一栏的计量单位填写；{'、'.join(decimal)}可保留两位小数，其他指标填非负整数。"


def form_path(output: Path, unit: str, period: Period) -> Path:
    name = period.label
    return output / output_name(["填报表", name], f"{unit}{name}统计报表（填报）", ".xlsx")


def _text(value: str, style: str = "default") -> tuple[Value, str]:
    """A text cell: kept text when it starts like a formula (= + - @)."""
    return value, text_style(style, value)


def form_bytes(inputs: Inputs, unit: str, period: Period, key: bytes, title: str) -> bytes:
    """One unit's fill-in form for one period: the 统计报表 sheet, protected but for its yellow
    cells, and the very hidden gongwen sheet that says whose form it is. `title` is the unit's
    statistics sheet's, as its template writes it (pipeline.form_titles)."""
    sheet = Sheet(FORM_SHEET, _STYLES, column_widths=COLUMN_WIDTHS, frozen=(0, FIRST_METRIC_ROW - 1))
    sheet.protected = True
    # Printed as the roll-up is: A4, one page wide, centred, the table's heading on every page.
    sheet.printing = PrintSetup(title_rows=f"{FIRST_METRIC_ROW - 1}:{FIRST_METRIC_ROW - 1}", landscape=False)
    sheet.row(1, [_text(title, "title")])
    sheet.row_heights[1] = 24.0  # the 16 pt title
    sheet.merged.append("A1:D1")
    said = inputs.campaign.day_said  # with its year in a campaign across a new year: 2025年1月10日前
    _write_form_header(
        sheet,
        [
            ("填报单位（盖章）", unit, "统计期别", period.label),
            (
                "统计时段",
                days_of(period, with_year=inputs.campaign.across_a_new_year),  # as its statistics sheet says
                "报送截止",
                f"{said(period.due)}前",
            ),
            ("填报人", None, "审核人", None),
        ],
    )
    # Only the metrics the unit's type is asked for (a township's form has no 立案).
    metrics = inputs.metrics_of(inputs.unit(unit))
    row = _write_form_metrics(sheet, metrics) + 1
    sheet.row(row, [("联系电话", "label"), (None, "input"), ("填报日期", "label"), (None, "input")])
    for text in (line or number_instruction(metrics) for line in INSTRUCTIONS):
        row += 1
        sheet.row(row, [_text(text, "note")])
        sheet.merged.append(f"A{row}:D{row}")
        lines = -(-len(text) // NOTE_LINE_CHARS)
        if lines > 1:  # a merged cell's height is not fitted to its text by Excel or WPS
            sheet.row_heights[row] = LINE_HEIGHT * lines + 2
    seal = form_seal(key, inputs, unit, period)
    marker = Sheet(MARKER_SHEET, {}, state="veryHidden")
    for number, value in enumerate((unit, period.start.isoformat(), FORM_VERSION, seal), start=1):
        marker.row(number, [_text(value)])
    return workbook_bytes([sheet, marker], "", f"{period.start:%Y-%m-%d}T00:00:00Z")


def _write_form_header(sheet: Sheet, rows: list[tuple[str, str | None, str, str | None]]) -> None:
    """Rows 2 to 4: label, value, label, value; a value of None is for the unit to fill in."""
    for number, (label1, value1, label2, value2) in enumerate(rows, start=2):
        cells: list[tuple[Value, str]] = []
        for label, value in ((label1, value1), (label2, value2)):
            cells += [_text(label, "label"), (None, "input") if value is None else _text(value)]
        sheet.row(number, cells)


def _write_form_metrics(sheet: Sheet, metrics: Sequence[Metric]) -> int:
    """The table of metrics, each with a yellow 本期数 cell that accepts only numbers; returns the row after it."""
    sheet.row(FIRST_METRIC_ROW - 1, [(title, "heading") for title in ("分组", "指标", "单位", "本期数")])
    whole: list[str] = []
    decimal: list[str] = []
    row = FIRST_METRIC_ROW
    for metric in metrics:
        cells = [_text(value, "cell") for value in (metric.group, metric.name, metric.unit)]
        sheet.row(row, [*cells, (None, "amount" if metric.decimal else "count")])
        (decimal if metric.decimal else whole).append(f"D{row}")
        row += 1
    rules = ((whole, "whole", "请填非负整数"), (decimal, "decimal", "请填数字，最多两位小数（计量单位见“单位”一栏）"))
    for refs, kind, error in rules:
        if refs:
            sheet.validations.append(Validation(kind, "greaterThanOrEqual", "0", " ".join(refs), error, "数字不对"))
    return row


def write_forms(
    output: Path, inputs: Inputs, period: Period, titles: Mapping[str, str], key: bytes
) -> tuple[list[Path], list[Path]]:
    """The forms of a period, one per unit of `titles` (each unit's form's title); an existing form
    (perhaps already filled in) is never overwritten."""
    written, kept = [], []
    for unit, title in titles.items():
        path = form_path(output, unit, period)
        if path.exists():
            kept.append(path)
            continue
        write_atomic(path, form_bytes(inputs, unit, period, key, title))
        written.append(path)
    return written, kept
