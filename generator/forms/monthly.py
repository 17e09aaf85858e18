"""Periodic figures in and out: fill-in forms for every unit, and collecting them back.

`gongwen forms --period 2018-02` (or 第3周) writes one .xlsx per unit: unit and period
filled in and locked, one row per metric with its unit, data validation, the header
fields of a real form. `gongwen collect DIR` reads the returned forms, checks every
cell, and merges them into the workbook's 统计报表 sheet, as a new version of the
workbook; the previous one is kept in inputs/备份/, never overwritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from generator.documents.registry import output_name
from generator.inputs.model import Inputs, Metric, Period
from generator.output.xlsx_writer import BORDER, FONT, set_text, stable_bytes
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
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INSTRUCTIONS = (
    "填表说明：",
    "1. 只填写黄色单元格；“本期数”为上面“统计时段”内的数字。",
    "2. 没有发生的填 0（零报告）。空着的格子是“没有填”，不按 0 计，收表时会被退回核实；不要写“无”。",
    "3. 不要改动指标名称和顺序。",
    "4. 金额以万元为单位，可保留两位小数；其他指标填非负整数。",
    "5. 填好后保存为 .xlsx，按时报送；不要改文件格式。",
)


def form_path(output: Path, unit: str, period: Period) -> Path:
    name = period.label
    return output / output_name(["填报表", name], f"{unit}{name}统计报表（填报）", ".xlsx")


def form_bytes(inputs: Inputs, unit: str, period: Period, key: bytes) -> bytes:
    """One unit's fill-in form for one period."""
    wb = Workbook()
    ws = wb.active
    ws.title = FORM_SHEET
    set_text(ws["A1"], f"{unit}{inputs.campaign.name}情况统计报表")
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(name=FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    start, end, due = period.start, period.end, period.due
    _write_form_header(
        ws,
        [
            ("填报单位（盖章）", unit, "统计期别", period.label),
            (
                "统计时段",
                f"{start.month}月{start.day}日至{end.month}月{end.day}日",
                "报送截止",
                f"{due.month}月{due.day}日前",
            ),
            ("填报人", None, "审核人", None),
        ],
    )
    # Only the metrics the unit's type is asked for (a township's form has no 立案).
    row = _write_form_metrics(ws, inputs.metrics_of(inputs.unit(unit))) + 1
    for label, col in (("联系电话", 1), ("填报日期", 3)):
        ws.cell(row=row, column=col).value = label
        ws.cell(row=row, column=col).font = Font(name=FONT, bold=True)
        _input_cell(ws.cell(row=row, column=col + 1))
    for text in INSTRUCTIONS:
        row += 1
        ws.cell(row=row, column=1).value = text
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    for letter, width in (("A", 18), ("B", 30), ("C", 14), ("D", 16)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{FIRST_METRIC_ROW}"
    ws.protection.sheet = True  # only the yellow cells can be edited
    marker = wb.create_sheet(MARKER_SHEET)
    seal = form_seal(key, inputs, unit, period)
    for cell, value in (("A1", unit), ("A2", period.start.isoformat()), ("A3", FORM_VERSION), ("A4", seal)):
        set_text(marker[cell], value)
    marker.sheet_state = "veryHidden"
    return stable_bytes(wb, dt.datetime.combine(start, dt.time()))


def _input_cell(cell: Any) -> None:
    """A yellow cell the unit fills in: the only kind the sheet's protection leaves editable."""
    cell.protection = Protection(locked=False)
    cell.fill = INPUT_FILL


def _write_form_header(ws: Any, rows: list[tuple[str, str | None, str, str | None]]) -> None:
    """Rows 2 to 4: label, value, label, value; a value of None is for the unit to fill in."""
    for r, (label1, value1, label2, value2) in enumerate(rows, start=2):
        for col, label in ((1, label1), (3, label2)):
            ws.cell(row=r, column=col).value = label
            ws.cell(row=r, column=col).font = Font(name=FONT, bold=True)
        for col, value in ((2, value1), (4, value2)):
            if value is None:
                _input_cell(ws.cell(row=r, column=col))
            else:
                set_text(ws.cell(row=r, column=col), value)


def _write_form_metrics(ws: Any, metrics: Sequence[Metric]) -> int:
    """The table of metrics, each with a yellow 本期数 cell that accepts only numbers; returns the row after it."""
    for col, title in enumerate(("分组", "指标", "单位", "本期数"), start=1):
        cell = ws.cell(row=FIRST_METRIC_ROW - 1, column=col)
        cell.value = title
        cell.font = Font(name=FONT, bold=True)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center")
    counts = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=False)
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=False)
    for dv, title in ((counts, "请填非负整数"), (money, "请填数字（万元，可带两位小数）")):
        dv.error, dv.errorTitle, dv.showErrorMessage = title, "数字不对", True
        ws.add_data_validation(dv)
    row = FIRST_METRIC_ROW
    for metric in metrics:
        for col, value in enumerate((metric.group, metric.name, metric.unit), start=1):
            set_text(ws.cell(row=row, column=col), value)
        cell = ws.cell(row=row, column=4)
        _input_cell(cell)
        (money if metric.decimal else counts).add(cell.coordinate)
        if metric.decimal:
            cell.number_format = "0.00"
        for col in range(1, 5):
            ws.cell(row=row, column=col).border = BORDER
        row += 1
    return row


def write_forms(
    output: Path, inputs: Inputs, period: Period, units: Sequence[str], key: bytes
) -> tuple[list[Path], list[Path]]:
    """The forms of a period; an existing form (perhaps already filled in) is never overwritten."""
    written, kept = [], []
    for unit in units:
        path = form_path(output, unit, period)
        if path.exists():
            kept.append(path)
            continue
        write_atomic(path, form_bytes(inputs, unit, period, key))
        written.append(path)
    return written, kept
