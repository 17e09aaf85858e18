"""Spreadsheets gongwen writes with openpyxl: the monthly fill-in forms (the roll-up is rollup.py's).

Byte-stable like the .docx files (fixed timestamps and properties), and safe to
open: text that starts with = + - @ is stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

from generator.output.spreadsheet import FORMULA_STARTS
from generator.standard import gbt9704 as std
from generator.standard.ooxml import core_properties_xml
from generator.standard.package import read_parts, zip_bytes
from generator.standard.schema_order import reorder_part

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FONT = std.FONT_FANGSONG
MISSING_FONT = Font(name=FONT, italic=True, color="808080")


def set_text(cell: Any, value: str) -> None:
    """Text that a spreadsheet would take for a formula stays text."""
    cell.value = value
    if value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True


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
