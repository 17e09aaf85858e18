"""Workbooks gongwen edits with openpyxl rather than writes: the importer's workbook, which is the
starter workbook filled in (its sheets, validations and comments kept), and the examples' workbooks.
Every .xlsx gongwen writes from nothing (roll-up, 变更记录, fill-in forms) is spreadsheet.py's.

Byte-stable like the .docx files (fixed timestamps and properties), and safe to
open: text that starts with = + - @ is stored as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from openpyxl import Workbook

from generator.output.spreadsheet import FORMULA_STARTS
from generator.standard.ooxml import core_properties_xml
from generator.standard.package import read_parts, zip_bytes
from generator.standard.schema_order import reorder_part


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
