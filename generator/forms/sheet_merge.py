"""Writing figures into one sheet of the clerk's workbook, and nothing else (but Excel's calculation
chain, when a figure replaces a formula).

The workbook is the clerk's own file: other sheets, styles, rich text, comments, charts, defined
names and formulas' cached results must come back exactly as the clerk (and Excel) saved them.
So a merge edits only the XML of the 统计报表 sheet with lxml: cells it writes keep their style,
new text goes in as inline strings (the shared-string table is left alone), and every other zip
member is copied unchanged. A round trip through openpyxl would re-save the whole workbook and
drop what openpyxl does not model.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePosixPath

from lxml import etree

from generator.inputs.xlsx_reader import column_letters
from generator.standard.package import read_parts, zip_bytes

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)

# A cell's new content: a number (Decimal), text (str).
CellValue = Decimal | str


class SheetNotFound(ValueError):
    """The workbook has no sheet of that name (or its part is missing)."""


def _column_of(reference: str) -> int:
    number = 0
    for char in reference:
        if not char.isalpha():
            break
        number = number * 26 + ord(char.upper()) - 64
    return number


def sheet_id(parts: Mapping[str, bytes], name: str) -> str:
    workbook = etree.fromstring(parts["xl/workbook.xml"], _PARSER)
    return next((s.get("sheetId", "") for s in workbook.iter(f"{{{NS}}}sheet") if s.get("name") == name), "")


def sheet_part(parts: Mapping[str, bytes], name: str) -> str:
    """The zip member holding the sheet called `name`."""
    workbook = etree.fromstring(parts["xl/workbook.xml"], _PARSER)
    rels = etree.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"), _PARSER)
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    for sheet in workbook.iter(f"{{{NS}}}sheet"):
        if sheet.get("name") == name:
            target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
            path = target.lstrip("/") if target.startswith("/") else _normalised(f"xl/{target}")
            if path in parts:
                return path
    raise SheetNotFound(name)


def _normalised(path: str) -> str:
    out: list[str] = []
    for piece in PurePosixPath(path).parts:
        if piece == "..":
            if out:
                out.pop()
        elif piece != ".":
            out.append(piece)
    return "/".join(out)


class SheetEditor:
    """The cells of one worksheet part, edited in place."""

    def __init__(self, xml: bytes):
        self.root = etree.fromstring(xml, _PARSER)
        data = self.root.find(f"{{{NS}}}sheetData")
        if data is None:
            raise ValueError("worksheet without sheetData")
        self.data = data
        self.rows: dict[int, etree._Element] = {}
        self.formulas_replaced: set[str] = set()  # cells whose formula a value replaced
        number = 0
        for row in data.iterfind(f"{{{NS}}}row"):
            number = int(row.get("r") or number + 1)
            row.set("r", str(number))  # (already there in what Excel, WPS and openpyxl write)
            self.rows[number] = row

    def _row(self, number: int) -> etree._Element:
        row = self.rows.get(number)
        if row is not None:
            return row
        row = etree.Element(f"{{{NS}}}row", r=str(number))
        after = [r for n, r in self.rows.items() if n < number]
        if after:
            max(after, key=lambda r: int(r.get("r"))).addnext(row)
        else:
            self.data.insert(0, row)
        self.rows[number] = row
        return row

    def _cell(self, row_number: int, column: int) -> etree._Element:
        row = self._row(row_number)
        row.attrib.pop("spans", None)  # a hint of the row's columns, which may now be wider
        previous = None
        position = 0
        for cell in row.iterfind(f"{{{NS}}}c"):
            position = _column_of(cell.get("r", "")) or position + 1
            if position == column:
                return cell
            if position > column:
                break
            previous = cell
        cell = etree.Element(f"{{{NS}}}c", r=f"{column_letters(column)}{row_number}")
        style = self._style_above(row_number, column)
        if style is not None:
            cell.set("s", style)
        if previous is None:
            row.insert(0, cell)
        else:
            previous.addnext(cell)
        return cell

    def _style_above(self, row_number: int, column: int) -> str | None:
        """A new cell looks like the one above it (a new report row like the last one)."""
        above = self.rows.get(row_number - 1)
        if above is None or row_number <= 2:
            return None
        reference = f"{column_letters(column)}{row_number - 1}"
        for cell in above.iterfind(f"{{{NS}}}c"):
            if cell.get("r") == reference:
                style: str | None = cell.get("s")
                return style
        return None

    def set(self, row_number: int, column: int, value: CellValue) -> None:
        cell = self._cell(row_number, column)
        formula = cell.find(f"{{{NS}}}f")
        if formula is not None:
            self.formulas_replaced.add(cell.get("r", ""))
            if formula.get("t") == "shared" and formula.get("ref"):
                self._unshare(formula, cell.get("r", ""))
        for child in list(cell):
            cell.remove(child)  # a formula, a value, inline text: replaced whole
        cell.attrib.pop("t", None)
        if isinstance(value, Decimal):
            etree.SubElement(cell, f"{{{NS}}}v").text = _number_text(value)
        else:
            cell.set("t", "inlineStr")
            text = etree.SubElement(etree.SubElement(cell, f"{{{NS}}}is"), f"{{{NS}}}t")
            text.text = value
            if value != value.strip():
                text.set(f"{{{XML_NS}}}space", "preserve")

    def _unshare(self, master: etree._Element, origin: str) -> None:
        """Before a shared formula's master cell is overwritten, each cell sharing it gets its own
        copy of the formula (moved to its place, as Excel reads it), so none is left pointing at a
        master that is gone (Excel would call the file damaged)."""
        from openpyxl.formula.translate import Translator

        group, text = master.get("si"), "=" + (master.text or "")
        for formula in self.root.iter(f"{{{NS}}}f"):
            if formula is master or formula.get("t") != "shared" or formula.get("si") != group:
                continue
            target = formula.getparent().get("r", "")
            formula.text = Translator(text, origin=origin).translate_formula(target).removeprefix("=")
            for name in ("t", "si", "ref"):
                formula.attrib.pop(name, None)

    def max_row(self) -> int:
        return max(self.rows, default=0)

    def tobytes(self) -> bytes:
        self._fix_dimension()
        return bytes(etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True))

    def _fix_dimension(self) -> None:
        dimension = self.root.find(f"{{{NS}}}dimension")
        if dimension is None or not self.rows:
            return
        last_column = max(
            (_column_of(c.get("r", "")) for row in self.rows.values() for c in row.iterfind(f"{{{NS}}}c")), default=1
        )
        dimension.set("ref", f"A1:{column_letters(max(last_column, 1))}{self.max_row()}")


def rewrite_sheet(workbook: bytes, sheet: str, cells: Mapping[tuple[int, int], CellValue]) -> bytes:
    """`workbook` with `cells` ((row, column) → value) written into `sheet`; every other part as it was."""
    parts = read_parts(workbook)
    part = sheet_part(parts, sheet)
    editor = SheetEditor(parts[part])
    for (row, column), value in sorted(cells.items()):
        editor.set(row, column, value)
    parts[part] = editor.tobytes()
    if editor.formulas_replaced and CALC_CHAIN in parts:
        parts[CALC_CHAIN] = _without_cells(parts[CALC_CHAIN], sheet_id(parts, sheet), editor.formulas_replaced)
    return zip_bytes(parts)


CALC_CHAIN = "xl/calcChain.xml"


def _without_cells(calc_chain: bytes, sheet: str, cells: set[str]) -> bytes:
    """Excel's calculation chain without the cells that no longer hold a formula (Excel calls a
    chain naming a cell without one a damaged file). A cell's `i` (its sheet) defaults to the one before."""
    root = etree.fromstring(calc_chain, _PARSER)
    current = ""
    for entry in list(root):
        current = entry.get("i", current)
        if current == sheet and entry.get("r") in cells:
            following = entry.getnext()
            if following is not None and following.get("i") is None and entry.get("i") is not None:
                following.set("i", current)  # it relied on this entry for its sheet
            root.remove(entry)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _number_text(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
