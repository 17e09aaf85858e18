"""Read the input workbook into typed values, each with the cell it came from.

This module knows spreadsheets (cell coordinates, what clerks type); it knows
nothing of documents. The file itself is read by :mod:`generator.xlsx`. Every
problem becomes a Finding naming file, sheet and cell; nothing here raises on
bad content.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Findings, Location
from .schema import FORM_NAME_COLUMN, FORM_VALUE_COLUMN, FieldSpec, FieldType, SheetSpec
from .xlsx import Cell, NotAWorkbook, Sheet, XlsxWorkbook, column_letters


@dataclass(frozen=True)
class Value:
    value: Any
    location: Location


@dataclass
class FormSheet:
    location: Location
    values: dict[str, Value] = field(default_factory=dict)
    # Rows the schema does not know: the clerk's own variables for templates.
    extras: dict[str, Any] = field(default_factory=dict)


@dataclass
class TableSheet:
    location: Location
    rows: list[dict[str, Value]] = field(default_factory=list)
    # Per row, the columns the schema does not know (the clerk's own), by header.
    extras: list[dict[str, Any]] = field(default_factory=list)


def normalize_header(text: Any) -> str:
    """Header cells as clerks type them: full-width forms, spaces, Alt+Enter line breaks."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", s)


def _clean_text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_TEXT.match(unicodedata.normalize("NFKC", value).strip())
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def parse_integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        if re.fullmatch(r"-?\d+", s):
            return int(s)
    return None


def extra_value(raw: Any) -> Any:
    """A value for a variable the clerk added: text, a number or a date, as typed."""
    value = _clean_text(raw)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def _show(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def coerce(spec: FieldSpec, raw: Any, location: Location, findings: Findings) -> Any:
    """The typed value of one cell, or None with an error recorded."""
    value = _clean_text(raw)
    if value is None:
        if spec.required:
            findings.error(location, f"「{spec.name}」不能为空，应填写{spec.type.value}")
        return None
    if spec.type is FieldType.DATE:
        date = parse_date(value)
        if date is None:
            findings.error(location, f"「{spec.name}」应为日期（如 2018-01-22），实际为「{_show(value)}」")
        return date
    if spec.type is FieldType.INTEGER:
        number = parse_integer(value)
        if number is None:
            findings.error(location, f"「{spec.name}」应为整数，实际为「{_show(value)}」")
        return number
    if spec.type is FieldType.YES_NO:
        text = str(value).strip()
        if text in ("是", "否"):
            return text == "是"
        findings.error(location, f"「{spec.name}」应填“是”或“否”（或留空），实际为「{text}」")
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        findings.error(location, f"「{spec.name}」应为文字，实际为日期「{_show(value)}」")
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class Workbook:
    """An opened input workbook; sheets are read on request, against a spec."""

    def __init__(self, path: Path, display_name: str, findings: Findings):
        self.path = path
        self.display_name = display_name
        self.findings = findings
        self._wb: Any = None
        here = Location(display_name)
        if not path.exists():
            findings.error(here, "找不到输入工作簿")
            return
        try:
            self._wb = XlsxWorkbook(str(path))
        except (NotAWorkbook, OSError, ValueError, KeyError) as exc:
            findings.error(
                here, f"无法作为 Excel 工作簿（.xlsx）打开（{type(exc).__name__}）；请用 Excel/WPS 另存为 .xlsx 后再试"
            )

    @property
    def ok(self) -> bool:
        return self._wb is not None

    def _sheet(self, spec: SheetSpec) -> Sheet | None:
        if self._wb is None:
            return None
        by_name = {normalize_header(name): name for name in self._wb.sheetnames}
        actual = by_name.get(normalize_header(spec.name))
        if actual is None:
            present = "、".join(self._wb.sheetnames)
            self.findings.error(
                Location(self.display_name, spec.name),
                f"缺少工作表「{spec.name}」（{spec.help}）；工作簿里现有：{present}",
            )
            return None
        sheet: Sheet = self._wb.sheet(actual)
        return sheet

    @staticmethod
    def _cell(ws: Sheet, row: int, column: int) -> Cell:
        return ws.cell(row, column) or Cell(f"{column_letters(column)}{row}", row, column, None)

    def _data_rows(self, ws: Sheet) -> list[int]:
        """Rows below the header, up to the last one with a value (a file may claim a million)."""
        last = ws.max_row
        return [r for r in sorted(ws.rows) if 2 <= r <= last]

    def _header(self, ws: Sheet, spec: SheetSpec, wanted: list[str]) -> dict[str, int] | None:
        """Column numbers by field name, matching headers as typed (full-width, spaces, line breaks).

        Columns the schema does not know are kept under their header, prefixed "+".
        """
        found: dict[str, int] = {}
        for column, cell in sorted(ws.rows.get(1, {}).items()):
            name = normalize_header(cell.value)
            if name and name not in found:
                found[name] = column
        columns = {f.name: found[normalize_header(f.name)] for f in spec.fields if normalize_header(f.name) in found}
        for extra in (FORM_NAME_COLUMN, FORM_VALUE_COLUMN):
            if extra in found:
                columns[extra] = found[extra]
        known = {normalize_header(f.name) for f in spec.fields} | {FORM_NAME_COLUMN, FORM_VALUE_COLUMN}
        for name, column in found.items():
            if spec.is_table and name not in known:
                columns["+" + name] = column
        missing = [w for w in wanted if w not in columns]
        if missing:
            self.findings.error(
                Location(self.display_name, spec.name, "第1行"),
                f"表头缺少列「{'」「'.join(missing)}」；第1行应为：{'、'.join(wanted)}",
            )
            return None
        return columns

    def read_form(self, spec: SheetSpec) -> FormSheet | None:
        ws = self._sheet(spec)
        if ws is None:
            return None
        sheet = FormSheet(Location(self.display_name, spec.name))
        columns = self._header(ws, spec, [FORM_NAME_COLUMN, FORM_VALUE_COLUMN])
        if columns is None:
            return None
        name_col, value_col = columns[FORM_NAME_COLUMN], columns[FORM_VALUE_COLUMN]
        rows: dict[str, tuple[Any, str]] = {}
        for r in self._data_rows(ws):
            name = normalize_header(self._cell(ws, r, name_col).value)
            if not name:
                continue
            cell = self._cell(ws, r, value_col)
            rows.setdefault(name, (cell.value, cell.coordinate))
        known = {normalize_header(f.name) for f in spec.fields}
        sheet.extras = {name: extra_value(raw) for name, (raw, _) in rows.items() if name not in known}
        for f in spec.fields:
            key = normalize_header(f.name)
            if key not in rows:
                if f.required:
                    self.findings.error(
                        Location(self.display_name, spec.name, f"「{FORM_NAME_COLUMN}」列"),
                        f"缺少「{f.name}」一行（{f.help or f.type.value}）",
                    )
                continue
            raw, coordinate = rows[key]
            location = Location(self.display_name, spec.name, coordinate)
            sheet.values[f.name] = Value(coerce(f, raw, location, self.findings), location)
        return sheet

    def read_table(self, spec: SheetSpec) -> TableSheet | None:
        ws = self._sheet(spec)
        if ws is None:
            return None
        columns = self._header(ws, spec, [f.name for f in spec.fields if f.required])
        if columns is None:
            return None
        table = TableSheet(Location(self.display_name, spec.name))
        for r in self._data_rows(ws):
            if all(_clean_text(c.value) is None for c in ws.rows[r].values()):
                continue
            record: dict[str, Value] = {}
            for f in spec.fields:
                col = columns.get(f.name)
                if col is None:
                    continue
                cell = self._cell(ws, r, col)
                location = Location(self.display_name, spec.name, cell.coordinate)
                record[f.name] = Value(coerce(f, cell.value, location, self.findings), location)
            table.rows.append(record)
            table.extras.append(
                {name[1:]: extra_value(self._cell(ws, r, col).value) for name, col in columns.items() if name[0] == "+"}
            )
        return table
