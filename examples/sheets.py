"""Writing a campaign's workbook from code: the shipped examples' shared sheet writers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from generator.inputs.schema import FORM_HELP_COLUMN, FORM_NAME_COLUMN, FORM_VALUE_COLUMN, SheetSpec
from generator.output.xlsx_writer import stable_bytes

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def form_sheet(wb: Workbook, spec: SheetSpec, values: Mapping[str, Any]) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append([FORM_NAME_COLUMN, FORM_VALUE_COLUMN, FORM_HELP_COLUMN])
    for f in spec.fields:
        if f.name in values:
            ws.append([f.name, values[f.name], f.help or None])
    known = {f.name for f in spec.fields}
    for name, value in values.items():  # rows the clerk adds: template variables of their own
        if name not in known:
            ws.append([name, value, "自行添加的项目，模板中可用"])
    format_sheet(ws, [14, 48, 50])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def table_sheet(wb: Workbook, name: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    ws = wb.create_sheet(name)
    ws.append(list(header))
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    format_sheet(ws, [max(12, min(60, 2 * max(len(str(c.value or "")) for c in col) + 2)) for col in ws.iter_cols()])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def format_sheet(ws: Any, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"


def field_names(spec: SheetSpec) -> list[str]:
    return [f.name for f in spec.fields]


def save_workbook(wb: Any, path: Path, stamp: dt.datetime) -> Path:
    """Save with fixed properties and zip timestamps, so that the same data gives the same bytes."""
    text_stays_text(wb)
    wb.properties.creator = "gongwen"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stable_bytes(wb, stamp))
    return path


def text_stays_text(wb: Any) -> None:
    """A name such as "=1镇" is text, as a clerk typing it means it, not a formula."""
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type, cell.quotePrefix = "s", True


def merge_rows(base: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(base)
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
