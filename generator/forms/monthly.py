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
import io
import secrets
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from generator.documents.registry import output_name
from generator.errors import Findings, Location
from generator.inputs.model import Inputs, Metric, Period
from generator.inputs.periods import find_period
from generator.inputs.schema import REPORT_FOOTER_COLUMNS, REPORT_PERIOD_COLUMN, REPORT_UNIT_COLUMN, REPORTS_SHEET_NAME
from generator.inputs.statistics import footer_of, format_figure, parse_figure, report_of
from generator.inputs.validate import resolve_unit
from generator.inputs.workbook import clean_text, normalize_header
from generator.inputs.xlsx_reader import Cell, NotAWorkbook, Sheet, SheetTooLong, XlsxWorkbook
from generator.output.xlsx_writer import BORDER, FONT, set_text, stable_bytes
from generator.standard.package import write_atomic, write_backup

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
    "2. 没有发生的填 0，不要空着，不要写“无”；不要改动指标名称和顺序。",
    "3. 金额以万元为单位，可保留两位小数；其他指标填非负整数。",
    "4. 填好后保存为 .xlsx，按时报送；不要改文件格式。",
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
    row = _write_form_metrics(ws, inputs.metrics) + 1
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


# --- collect ------------------------------------------------------------------------------------------


class Outcome(Enum):
    NEW = "新报送"
    CHANGED = "有变化"
    UNCHANGED = "未变化"
    REJECTED = "未采用"  # the form has wrong cells
    REFUSED = "拒收"  # the form cannot be for this campaign


@dataclass
class Collected:
    file: str
    outcome: Outcome
    unit: str = ""
    period: Period | None = None
    details: list[str] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)  # 填报人, 审核人, 联系电话, 填报日期

    @property
    def merged(self) -> bool:
        return self.outcome in (Outcome.NEW, Outcome.CHANGED)

    @property
    def refused(self) -> bool:
        """未采用 or 拒收: the unit has to send it again."""
        return self.outcome in (Outcome.REJECTED, Outcome.REFUSED)

    def lines(self) -> list[str]:
        what = f"{self.unit} {self.period.label}" if self.period else ""
        head = f"{self.outcome.value}  {what}（{self.file}）" if what else f"{self.outcome.value}  {self.file}"
        return [head] + [f"    {d}" for d in self.details]


def _form_period(raw: object, inputs: Inputs) -> Period | None:
    """The period a form is for: the hidden marker's ISO date (its first day), or the 统计期别 cell as typed."""
    campaign = inputs.campaign
    if isinstance(raw, str):
        try:
            first = dt.date.fromisoformat(raw)
        except ValueError:
            pass
        else:
            return next((p for p in campaign.periods if p.start == first), None)
    return find_period(clean_text(raw), campaign.periods, campaign.period_kind)


def _value_at(where: Sheet | None, row: int, column: int) -> object:
    cell = where.cell(row, column) if where else None
    return cell.value if cell else None


FORM_MAX_ROWS_BEYOND_METRICS = 200


def _read_form(path: Path, shown: str, inputs: Inputs, key: bytes | None) -> Collected:
    try:
        return _read_form_sheets(path, shown, inputs, key)
    except SheetTooLong as exc:
        return Collected(
            shown, Outcome.REFUSED, details=[f"「{exc.sheet}」工作表超过 {exc.limit} 行，不是 gongwen 生成的填报表"]
        )
    except (NotAWorkbook, OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, zlib.error, etree.LxmlError):
        return Collected(shown, Outcome.REFUSED, details=["不是有效的 .xlsx 工作簿（文件可能不完整或已损坏）"])


def _read_form_sheets(path: Path, shown: str, inputs: Inputs, key: bytes | None) -> Collected:
    # A form has a row per metric and a few more: a longer sheet is not one, and is not read.
    wb = XlsxWorkbook(str(path), max_rows=FORM_MAX_ROWS_BEYOND_METRICS + len(inputs.metrics))
    if FORM_SHEET not in wb.sheetnames:
        return Collected(shown, Outcome.REFUSED, details=[f"没有「{FORM_SHEET}」工作表，不是 gongwen 生成的填报表"])
    sheet = wb.sheet(FORM_SHEET)
    if MARKER_SHEET not in wb.sheetnames:
        return Collected(
            shown, Outcome.REFUSED, details=["缺少隐藏的填报表标记，不是本工作区用 gongwen forms 发出的填报表"]
        )
    marker = wb.sheet(MARKER_SHEET)
    # The hidden marker says which unit and period; its seal proves this workspace issued it so.
    raw_unit, raw_period = _value_at(marker, 1, 1), _value_at(marker, 2, 1)
    names = [u.name for u in inputs.units]
    unit = resolve_unit(
        str(raw_unit).strip() if raw_unit else None, Location(shown, FORM_SHEET, "B2"), names, Findings()
    )
    if unit is None:
        return Collected(shown, Outcome.REFUSED, details=[f"填报单位「{raw_unit}」不在「单位」表中"])
    period = _form_period(raw_period, inputs)
    if period is None:
        return Collected(shown, Outcome.REFUSED, unit, details=[f"统计期别「{raw_period}」不是本次活动的报送期"])
    mismatch = _binding_problem(shown, sheet, marker, unit, period, inputs, key)
    if mismatch:
        return Collected(shown, Outcome.REFUSED, unit, period, [mismatch])
    values, problems = _form_figures(sheet, shown, inputs.metrics)
    if problems:
        return Collected(shown, Outcome.REJECTED, unit, period, problems)
    return Collected(shown, Outcome.UNCHANGED, unit, period, values=values, footer=_form_footer(sheet))


def _binding_problem(
    shown: str, sheet: Sheet, marker: Sheet, unit: str, period: Period, inputs: Inputs, key: bytes | None
) -> str | None:
    """Why a form cannot be taken as `unit`'s for `period`: its seal, its visible 填报单位, its file name."""
    if key is None:
        return f"本工作区还没有发出过填报表（inputs 文件夹里没有 {FORM_KEY_NAME}），无法确认这份表由本工作区发出"
    seal = _value_at(marker, 4, 1)
    expected = form_seal(key, inputs, unit, period).encode()
    # As bytes: compare_digest refuses a str with non-ASCII characters, which a hostile cell may hold.
    if not isinstance(seal, str) or not hmac.compare_digest(seal.encode(), expected):
        return f"校验码不符：这份表不是本工作区为「{unit}」{period.label}发出的，或表中隐藏的标记被改过"
    names = [u.name for u in inputs.units]
    visible = _value_at(sheet, 2, 2)
    shown_unit = (
        resolve_unit(str(visible).strip(), Location(shown, FORM_SHEET, "B2"), names, Findings()) if visible else None
    )
    if shown_unit != unit:
        return f"表中填报单位「{visible or ''}」与这份表发给的单位「{unit}」不一致"
    others = [n for n in names if n != unit and n in Path(shown).stem and n not in unit]
    if others and unit not in Path(shown).stem:
        return f"文件名写的是「{others[0]}」，表里却是「{unit}」的报表；请核对是否发错了文件"
    return None


def _form_footer(sheet: Sheet) -> dict[str, str]:
    """填报人, 审核人, 联系电话, 填报日期: each the cell right of its label, wherever the label is."""
    wanted = {normalize_header(name): name for name in REPORT_FOOTER_COLUMNS}
    cells = {}
    for r, row in sheet.rows.items():
        for column, cell in row.items():
            name = wanted.get(normalize_header(cell.value)) if isinstance(cell.value, str) else None
            if name is not None and name not in cells:
                value = sheet.cell(r, column + 1)
                if value is not None:
                    cells[name] = value
    return footer_of(cells)


def _form_figures(sheet: Sheet, shown: str, metrics: Sequence[Metric]) -> tuple[dict[str, Decimal], list[str]]:
    """Each metric's 本期数, found by its name in column B; and what could not be read, by cell."""
    findings = Findings()
    rows = {normalize_header(c.value): r for r, cells in sheet.rows.items() if (c := cells.get(2)) is not None}
    values: dict[str, Decimal] = {}
    problems: list[str] = []
    for metric in metrics:
        r = rows.get(normalize_header(metric.name))
        if r is None:
            problems.append(f"表中没有指标「{metric.name}」（表格可能是旧版，请用 gongwen forms 重新生成）")
            continue
        cell = sheet.cell(r, 4) or Cell(r, 4, None)
        figure = parse_figure(metric, cell, Location(shown, FORM_SHEET, cell.coordinate), findings)
        if figure is not None:
            values[metric.name] = figure
    problems += [f"{f.location.cell}：{f.message}" for f in findings.errors]
    return values, problems


def _compare(item: Collected, inputs: Inputs, metrics: Sequence[Metric]) -> None:
    assert item.period is not None
    existing = report_of(inputs.reports_of(item.unit), item.period.number)
    if existing is None:
        item.outcome = Outcome.NEW
        return
    changes = [
        f"{m.name}：{format_figure(existing.values[m.name], m)} → {format_figure(item.values[m.name], m)}"
        for m in metrics
        if existing.values[m.name] != item.values[m.name]
    ] + [
        f"{name}：{existing.footer.get(name, '（空）')} → {item.footer[name]}"
        for name in REPORT_FOOTER_COLUMNS
        if name in item.footer and existing.footer.get(name) != item.footer[name]
    ]
    item.outcome = Outcome.CHANGED if changes else Outcome.UNCHANGED
    item.details = changes


def collect(
    directory: Path, workbook: Path, inputs: Inputs, key: bytes | None, *, merge_into_workbook: bool = True
) -> tuple[list[Collected], list[str], Path | None]:
    """Read every form in `directory`; merge the good ones into a new version of the workbook
    (unless `merge_into_workbook` is False: then only say what a merge would do).

    Returns the outcome of each form, notes about files skipped, and the backup made (if any).
    """
    items: list[Collected] = []
    notes: list[str] = []
    seen: dict[tuple[str, int], str] = {}
    for path in sorted(directory.iterdir()):
        if path.name.startswith("~$"):
            notes.append(f"跳过 {path.name}：这是 Excel/WPS 打开文件时留下的临时文件")
            continue
        if path.suffix.lower() != ".xlsx":
            if path.is_file():
                notes.append(f"跳过 {path.name}：不是 .xlsx 文件")
            continue
        if not path.is_file():  # a folder, a FIFO, a link to a device: never opened, never read forever
            notes.append(f"跳过 {path.name}：这是文件夹或设备，不是填报表文件")
            continue
        item = _read_form(path, path.name, inputs, key)
        if item.outcome is Outcome.UNCHANGED and item.period is not None:
            slot = (item.unit, item.period.number)
            if slot in seen:
                item.outcome = Outcome.REFUSED
                item.details = [f"与「{seen[slot]}」重复（同一单位、同一期），未采用这一份"]
            else:
                seen[slot] = item.file
                _compare(item, inputs, inputs.metrics)
        items.append(item)
    to_merge = [i for i in items if i.merged]
    backup = merge(workbook, inputs, to_merge) if to_merge and merge_into_workbook else None
    return items, notes, backup


def _row_unit(value: object, names: list[str]) -> str | None:
    """The unit a 统计报表 row is for, resolved as validate resolves it (「韩村」 is 韩村镇)."""
    text = clean_text(value)
    return resolve_unit(str(text), Location(""), names, Findings()) if text is not None else None


def _rows_by_report(ws: Any, unit_col: int, period_col: int, inputs: Inputs) -> dict[tuple[str, int], int]:
    """The row of each (unit, period) already in the sheet, read as validate reads them."""
    names, campaign = [u.name for u in inputs.units], inputs.campaign
    index = {}
    for row in ws.iter_rows(min_row=2):
        unit = _row_unit(row[unit_col - 1].value, names)
        period = find_period(clean_text(row[period_col - 1].value), campaign.periods, campaign.period_kind)
        if unit and period:
            index[(unit, period.number)] = row[0].row
    return index


def merge(workbook: Path, inputs: Inputs, items: Sequence[Collected]) -> Path:
    """Write the figures into the 统计报表 sheet as a new version of the workbook; keep the old one."""
    metrics = inputs.metrics
    wb = load_workbook(workbook)
    if REPORTS_SHEET_NAME in wb.sheetnames:
        ws = wb[REPORTS_SHEET_NAME]
    else:
        ws = wb.create_sheet(REPORTS_SHEET_NAME)
        ws.append([REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m.name for m in metrics)])
    header = {normalize_header(c.value): c.column for c in ws[1] if c.value is not None}
    footer = [name for name in REPORT_FOOTER_COLUMNS if any(name in item.footer for item in items)]
    for name in [*(m.name for m in metrics), *footer]:
        if normalize_header(name) not in header:
            column = ws.max_column + 1
            set_text(ws.cell(row=1, column=column), name)
            header[normalize_header(name)] = column
    unit_col, period_col = header[normalize_header(REPORT_UNIT_COLUMN)], header[normalize_header(REPORT_PERIOD_COLUMN)]
    index = _rows_by_report(ws, unit_col, period_col, inputs)
    for item in items:
        assert item.period is not None
        r = index.get((item.unit, item.period.number))
        if r is None:
            r = ws.max_row + 1
            set_text(ws.cell(row=r, column=unit_col), item.unit)  # a name may start with = + - @
            set_text(ws.cell(row=r, column=period_col), item.period.label)
        _write_report(ws, r, item, header, metrics)
    buffer = io.BytesIO()
    wb.save(buffer)
    backup = write_backup(workbook)  # the previous version, whole, under a name never used before
    write_atomic(workbook, buffer.getvalue())
    return backup


def _write_report(ws: Any, r: int, item: Collected, header: dict[str, int], metrics: Sequence[Metric]) -> None:
    """One form's figures and foot into row `r` of the 统计报表 sheet."""
    for metric in metrics:
        value = item.values[metric.name]
        ws.cell(row=r, column=header[normalize_header(metric.name)]).value = (
            float(value) if metric.decimal else int(value)
        )
    for name, text in item.footer.items():
        set_text(ws.cell(row=r, column=header[normalize_header(name)]), text)  # text stays text
