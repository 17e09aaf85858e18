"""gongwen's one SpreadsheetML writer (lxml): formatted sheets of text and numbers, byte-stable.

It writes every .xlsx gongwen makes from nothing: the county roll-up, the 变更记录 and the
fill-in forms (sheet protection with unlocked input cells, data validation, a very hidden sheet).
openpyxl builds an object per cell and per style and takes longer to import than this takes to
write a sheet. Here a sheet is rows of cells, each with one of a few named styles, written straight
into the parts of an .xlsx.

Safe to open: every text is a shared string, never a formula, and text that starts like one
(= + - @) also carries quotePrefix, so that editing the cell in Excel or WPS keeps it text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

from lxml import etree

from generator.inputs.xlsx_reader import column_letters
from generator.standard.ooxml import core_properties_xml
from generator.standard.package import zip_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
FORMULA_STARTS = ("=", "+", "-", "@")
QUOTED = "+quoted"  # the twin of every style, with quotePrefix
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Font:
    name: str = "Calibri"
    size: int = 11
    bold: bool = False
    italic: bool = False
    color: str | None = None  # ARGB, e.g. 00808080


@dataclass(frozen=True)
class Style:
    """What a cell looks like: font, solid fill (ARGB), thin black border, centred and wrapped."""

    font: Font = Font()
    fill: str | None = None
    border: bool = False
    centred: bool = False
    middle_and_wrapped: bool = False
    wrapped: bool = False  # left and top, lines wrapped at the cell's (or merged range's) width
    quote_prefix: bool = False  # text that looks like a formula stays text when edited
    number_format: str | None = None  # e.g. "0.00": a column's figures share their decimals
    locked: bool = True  # False: editable when the sheet is protected


Value = str | int | float | None


@dataclass(frozen=True)
class PrintSetup:
    """How the sheet prints: A4 landscape, fitted to one page wide (as tall as it needs), centred,
    the `title_rows` ("3:4") and `title_columns` ("A:A") repeated on every page. With
    `column_breaks` (the columns, from 1, that end a page), at `scale` per cent instead, a page
    ending at each of them (Excel and LibreOffice ignore page breaks in a sheet fitted to pages)."""

    title_rows: str | None = None
    title_columns: str | None = None
    landscape: bool = True
    column_breaks: tuple[int, ...] = ()
    scale: int = 100


@dataclass(frozen=True)
class Validation:
    """A data validation: the `cells` ("D6 D7") accept only a `kind` ("whole" or "decimal") number
    that compares by `operator` with `formula`; otherwise Excel and WPS show `error` under `title`."""

    kind: str
    operator: str
    formula: str
    cells: str
    error: str
    title: str


@dataclass
class Sheet:
    """Cells by row (1-based row numbers, columns from A), each with a style name."""

    name: str
    styles: dict[str, Style]
    rows: dict[int, list[tuple[Value, str]]] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # "A1:F1"
    column_widths: list[float] = field(default_factory=list)  # from column A
    row_heights: dict[int, float] = field(default_factory=dict)
    frozen: tuple[int, int] | None = None  # (columns, rows) kept in view
    printing: PrintSetup | None = None
    state: str = "visible"  # visible | hidden | veryHidden (shown by no menu of Excel or WPS)
    protected: bool = False  # only cells of an unlocked style can be edited
    validations: list[Validation] = field(default_factory=list)

    def row(self, number: int, cells: Sequence[tuple[Value, str]]) -> None:
        self.rows[number] = list(cells)


def _bytes(root: etree._Element) -> bytes:
    body: bytes = etree.tostring(root, encoding="UTF-8")
    return _DECLARATION + body


def _e(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{MAIN}}}{tag}", attributes)


def _font(parent: etree._Element, font: Font) -> None:
    element = _e(parent, "font")
    if font.bold:
        _e(element, "b", val="1")
    if font.italic:
        _e(element, "i", val="1")
    _e(element, "sz", val=str(font.size))
    if font.color:
        _e(element, "color", rgb=font.color)
    _e(element, "name", val=font.name)


def _styles_xml(styles: Sequence[Style]) -> bytes:
    """styles.xml, in the order CT_Stylesheet prescribes; cell style i is styles[i] (0: default)."""
    root = etree.Element(f"{{{MAIN}}}styleSheet", nsmap={None: MAIN})
    formats = _number_formats(styles)
    if formats:
        element = _e(root, "numFmts", count=str(len(formats)))
        for code, number in formats.items():
            _e(element, "numFmt", numFmtId=str(number), formatCode=code)
    fonts = list(dict.fromkeys(s.font for s in styles))
    fills = list(dict.fromkeys(s.fill for s in styles if s.fill is not None))
    element = _e(root, "fonts", count=str(len(fonts)))
    for font in fonts:
        _font(element, font)
    element = _e(root, "fills", count=str(2 + len(fills)))
    _e(_e(element, "fill"), "patternFill", patternType="none")
    _e(_e(element, "fill"), "patternFill", patternType="gray125")  # the two fills Excel reserves
    for rgb in fills:
        _e(_e(_e(element, "fill"), "patternFill", patternType="solid"), "fgColor", rgb=rgb)
    element = _e(root, "borders", count="2")
    plain = _e(element, "border")
    for side in ("left", "right", "top", "bottom", "diagonal"):
        _e(plain, side)
    thin = _e(element, "border")
    for side in ("left", "right", "top", "bottom"):
        _e(_e(thin, side, style="thin"), "color", rgb="00000000")
    _e(thin, "diagonal")
    _e(_e(root, "cellStyleXfs", count="1"), "xf", numFmtId="0", fontId="0", fillId="0", borderId="0")
    _cell_formats(_e(root, "cellXfs", count=str(len(styles))), styles, fonts, fills, formats)
    _e(_e(root, "cellStyles", count="1"), "cellStyle", name="Normal", xfId="0", builtinId="0")
    return _bytes(root)


# Custom number formats are numbered from 164 (the ones below are built in).
_FIRST_CUSTOM_FORMAT = 164


def _number_formats(styles: Sequence[Style]) -> dict[str, int]:
    codes = dict.fromkeys(s.number_format for s in styles if s.number_format)
    return {code: _FIRST_CUSTOM_FORMAT + i for i, code in enumerate(codes) if code}


def _cell_formats(
    element: etree._Element, styles: Sequence[Style], fonts: list[Font], fills: list[str], formats: dict[str, int]
) -> None:
    for style in styles:
        attributes = {
            "numFmtId": str(formats[style.number_format]) if style.number_format else "0",
            "fontId": str(fonts.index(style.font)),
            "fillId": str(2 + fills.index(style.fill)) if style.fill else "0",
            "borderId": "1" if style.border else "0",
            "xfId": "0",
        }
        if style.number_format:
            attributes["applyNumberFormat"] = "1"
        if style.centred or style.middle_and_wrapped or style.wrapped:
            attributes["applyAlignment"] = "1"
        if not style.locked:
            attributes["applyProtection"] = "1"
        if style.quote_prefix:
            attributes["quotePrefix"] = "1"
        xf = _e(element, "xf", **attributes)
        if style.middle_and_wrapped:
            _e(xf, "alignment", horizontal="center", vertical="center", wrapText="1")
        elif style.centred:
            _e(xf, "alignment", horizontal="center")
        elif style.wrapped:
            _e(xf, "alignment", vertical="top", wrapText="1")
        if not style.locked:  # CT_Xf: alignment, then protection
            _e(xf, "protection", locked="0")


def _cell(ref: str, value: Value, style: int, strings: dict[str, int]) -> str:
    """A cell's XML, as lxml would write the element: every attribute and text here is a cell
    reference, a number or a shared string's index, none of which needs escaping."""
    styled = f' s="{style}"' if style else ""
    if isinstance(value, str):
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}"{styled} t="s"><v>{index}</v></c>'
    if isinstance(value, bool):
        raise TypeError("a truth value is not a figure")
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{styled}><v>{value!r}</v></c>'
    return f'<c r="{ref}"{styled}/>'


def _rows_xml(sheet: Sheet, style_index: dict[str, int], strings: dict[str, int], width: int) -> bytes:
    """The sheet's rows as sheetData's content, written as text, not as elements: a roll-up of
    2,000 units is some 130,000 elements, whose tree took 70 MB and most of the sheet's time."""
    letters = [column_letters(i) for i in range(1, width + 1)]
    out = []
    for number in sorted(sheet.rows):
        height = sheet.row_heights.get(number)
        attributes = f' r="{number}"' if height is None else f' r="{number}" ht="{float(height)!r}" customHeight="1"'
        cells = "".join(
            _cell(f"{letter}{number}", value, style_index[style], strings)
            for letter, (value, style) in zip(letters, sheet.rows[number], strict=False)
        )
        out.append(f"<row{attributes}>{cells}</row>" if cells else f"<row{attributes}/>")
    return "".join(out).encode("utf-8")


def _sheet_view(root: etree._Element, frozen: tuple[int, int] | None) -> None:
    view = _e(_e(root, "sheetViews"), "sheetView", workbookViewId="0")
    if frozen is None:
        return
    columns, rows = frozen
    top_left = f"{column_letters(columns + 1)}{rows + 1}"
    # As Excel writes it: a split only where there is one, the pane below and/or right of it active.
    pane = "bottomRight" if columns and rows else "bottomLeft" if rows else "topRight"
    split = {"xSplit": str(columns)} if columns else {}
    if rows:
        split["ySplit"] = str(rows)
    _e(view, "pane", **split, topLeftCell=top_left, activePane=pane, state="frozen")
    _e(view, "selection", pane=pane, activeCell=top_left, sqref=top_left)


def _shared_strings_xml(strings: dict[str, int]) -> bytes:
    root = etree.Element(f"{{{MAIN}}}sst", nsmap={None: MAIN}, count=str(len(strings)), uniqueCount=str(len(strings)))
    for value in strings:  # in index order (dicts keep insertion order)
        text = _e(_e(root, "si"), "t")
        text.text = value
        if value != value.strip():
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return _bytes(root)


def _sheet_xml(sheet: Sheet, style_index: dict[str, int], strings: dict[str, int]) -> bytes:
    """A worksheet part, in CT_Worksheet's order: dimension, views, format, cols, data, protection,
    merges, validations, print options, margins, page setup, footer."""
    root = etree.Element(f"{{{MAIN}}}worksheet", nsmap={None: MAIN, "r": REL})
    if sheet.printing is not None and not sheet.printing.column_breaks:
        _e(_e(root, "sheetPr"), "pageSetUpPr", fitToPage="1")  # Excel reads fitToWidth only with this
    width = max((len(cells) for cells in sheet.rows.values()), default=1)
    last_row = max(sheet.rows, default=1)
    _e(root, "dimension", ref=f"A1:{column_letters(max(width, 1))}{last_row}")
    _sheet_view(root, sheet.frozen)
    _e(root, "sheetFormatPr", defaultRowHeight="15")
    if sheet.column_widths:
        columns = _e(root, "cols")
        for i, column_width in enumerate(sheet.column_widths, start=1):
            _e(columns, "col", min=str(i), max=str(i), width=repr(float(column_width)), customWidth="1")
    _e(root, "sheetData")  # (its rows are put in as text below)
    rows = _rows_xml(sheet, style_index, strings, width)
    if sheet.protected:
        _e(root, "sheetProtection", sheet="1", objects="1", scenarios="1")
    if sheet.merged:
        merges = _e(root, "mergeCells", count=str(len(sheet.merged)))
        for ref in sheet.merged:
            _e(merges, "mergeCell", ref=ref)
    _validations(root, sheet.validations)
    if sheet.printing is not None:
        _e(root, "printOptions", horizontalCentered="1")
    _e(root, "pageMargins", left="0.5", right="0.5", top="0.6", bottom="0.6", header="0.3", footer="0.3")
    if sheet.printing is not None:
        _page_setup(root, sheet.printing)
    before, empty, after = _bytes(root).partition(b"<sheetData/>")  # (no element before it has text)
    return b"".join([before, b"<sheetData>", rows, b"</sheetData>", after]) if rows else before + empty + after


def _page_setup(root: etree._Element, printing: PrintSetup) -> None:
    """pageSetup, the footer and the column breaks, in CT_Worksheet's order."""
    orientation = "landscape" if printing.landscape else "portrait"
    breaks = printing.column_breaks
    if breaks:  # A4 (paperSize 9), at a scale, a page ending at each break
        _e(root, "pageSetup", paperSize="9", scale=str(printing.scale), orientation=orientation)
    else:  # as many pages tall as the rows need (fitToHeight 0), one page wide
        _e(root, "pageSetup", paperSize="9", orientation=orientation, fitToWidth="1", fitToHeight="0")
    footer = _e(_e(root, "headerFooter"), "oddFooter")
    footer.text = "&C第 &P 页，共 &N 页"
    if breaks:
        listed = _e(root, "colBreaks", count=str(len(breaks)), manualBreakCount=str(len(breaks)))
        for column in breaks:
            _e(listed, "brk", id=str(column), max="1048575", man="1")


def _validations(root: etree._Element, validations: Sequence[Validation]) -> None:
    if not validations:
        return
    element = _e(root, "dataValidations", count=str(len(validations)))
    for validation in validations:
        rule = _e(element, "dataValidation", type=validation.kind, operator=validation.operator, showErrorMessage="1")
        rule.attrib.update({"errorTitle": validation.title, "error": validation.error, "sqref": validation.cells})
        _e(rule, "formula1").text = validation.formula


def _xml(tag: str, namespace: str, children: Sequence[tuple[str, dict[str, str]]]) -> bytes:
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap={None: namespace})
    for child, attributes in children:
        etree.SubElement(root, f"{{{namespace}}}{child}", attributes)
    return _bytes(root)


def print_titles(sheet: Sheet) -> str | None:
    """The _xlnm.Print_Titles formula of the sheet ('汇总'!$A:$A,'汇总'!$3:$4), None without titles."""
    printing = sheet.printing
    if printing is None:
        return None
    quoted = "'" + sheet.name.replace("'", "''") + "'"
    parts = []
    if printing.title_columns:
        first, _, last = printing.title_columns.partition(":")
        parts.append(f"{quoted}!${first}:${last or first}")
    if printing.title_rows:
        first, _, last = printing.title_rows.partition(":")
        parts.append(f"{quoted}!${first}:${last or first}")
    return ",".join(parts) or None


def _workbook_xml(sheets: Sequence[Sheet]) -> bytes:
    """workbook.xml, in CT_Workbook's order: views, sheets, defined names (the print titles)."""
    root = etree.Element(f"{{{MAIN}}}workbook", nsmap={None: MAIN, "r": REL})
    _e(_e(root, "bookViews"), "workbookView")
    listed = _e(root, "sheets")
    for number, sheet in enumerate(sheets, start=1):
        element = _e(listed, "sheet", name=sheet.name, sheetId=str(number))
        if sheet.state != "visible":
            element.set("state", sheet.state)
        element.set(f"{{{REL}}}id", f"rId{number}")
    titles = [(index, print_titles(sheet)) for index, sheet in enumerate(sheets)]
    if any(formula for _, formula in titles):
        names = _e(root, "definedNames")
        for index, formula in titles:
            if formula:
                _e(names, "definedName", name="_xlnm.Print_Titles", localSheetId=str(index)).text = formula
    return _bytes(root)


_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006"
_PACKAGE_TYPE = "application/vnd.openxmlformats-package"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


@functools.cache
def _theme() -> bytes:
    """Office's default theme (the one openpyxl writes): Excel requires a workbook to have one."""
    return (resources.files("generator") / "data" / "theme1.xml").read_bytes()


def xlsx_bytes(sheet: Sheet, title: str, created_iso: str) -> bytes:
    """The whole .xlsx of one sheet: the sheet, its styles, the workbook around it and fixed properties."""
    return workbook_bytes([sheet], title, created_iso)


def _named_styles(sheets: Sequence[Sheet]) -> dict[str, Style]:
    """Every sheet's styles by name (one name, one look across the workbook), each with its
    quote-prefixed twin."""
    named = {"default": Style()}
    for sheet in sheets:
        for name, style in sheet.styles.items():
            if named.setdefault(name, style) != style:
                raise ValueError(f"style {name!r} differs between sheets")
    named.update({f"{name}{QUOTED}": replace(style, quote_prefix=True) for name, style in list(named.items())})
    return named


def workbook_bytes(sheets: Sequence[Sheet], title: str, created_iso: str) -> bytes:
    """The whole .xlsx: the sheets (the first is the one that opens), their styles, the workbook
    around them and fixed properties."""
    named = _named_styles(sheets)
    style_index = {name: i for i, name in enumerate(named)}
    strings: dict[str, int] = {}  # every text once, in xl/sharedStrings.xml, as Excel keeps them
    sheet_parts = {
        f"xl/worksheets/sheet{n}.xml": _sheet_xml(sheet, style_index, strings) for n, sheet in enumerate(sheets, 1)
    }
    count = len(sheets)
    parts = {
        "[Content_Types].xml": _xml("Types", TYPES, [
            ("Default", {"Extension": "rels", "ContentType": f"{_PACKAGE_TYPE}.relationships+xml"}),
            ("Default", {"Extension": "xml", "ContentType": "application/xml"}),
            ("Override", {"PartName": "/xl/workbook.xml", "ContentType": f"{_SHEET_TYPE}.sheet.main+xml"}),
            *[("Override", {"PartName": f"/{part}", "ContentType": f"{_SHEET_TYPE}.worksheet+xml"})
              for part in sheet_parts],
            ("Override", {"PartName": "/xl/styles.xml", "ContentType": f"{_SHEET_TYPE}.styles+xml"}),
            ("Override", {"PartName": "/xl/sharedStrings.xml", "ContentType": f"{_SHEET_TYPE}.sharedStrings+xml"}),
            ("Override", {"PartName": "/xl/theme/theme1.xml",
                          "ContentType": "application/vnd.openxmlformats-officedocument.theme+xml"}),
            ("Override", {"PartName": "/docProps/core.xml",
                          "ContentType": "application/vnd.openxmlformats-package.core-properties+xml"}),
            ("Override", {"PartName": "/docProps/app.xml",
                          "ContentType": "application/vnd.openxmlformats-officedocument.extended-properties+xml"}),
        ]),
        "_rels/.rels": _xml("Relationships", PACKAGE_REL, [
            ("Relationship", {"Id": "rId1", "Type": f"{_OFFICE}/relationships/officeDocument",
                              "Target": "xl/workbook.xml"}),
            ("Relationship", {"Id": "rId2", "Type": "http://schemas.openxmlformats.org/package/2006/relationships/"
                              "metadata/core-properties", "Target": "docProps/core.xml"}),
            ("Relationship", {"Id": "rId3", "Type": f"{_OFFICE}/relationships/extended-properties",
                              "Target": "docProps/app.xml"}),
        ]),
        "docProps/app.xml": _xml("Properties", f"{_OFFICE}/extended-properties", [("Application", {})]),
        "docProps/core.xml": core_properties_xml(title, "gongwen", created_iso).encode("utf-8"),
        "xl/workbook.xml": _workbook_xml(sheets),
        "xl/_rels/workbook.xml.rels": _xml("Relationships", PACKAGE_REL, [
            *[("Relationship", {"Id": f"rId{n}", "Type": f"{_OFFICE}/relationships/worksheet",
                                "Target": f"worksheets/sheet{n}.xml"}) for n in range(1, count + 1)],
            ("Relationship", {"Id": f"rId{count + 1}", "Type": f"{_OFFICE}/relationships/styles",
                              "Target": "styles.xml"}),
            ("Relationship", {"Id": f"rId{count + 2}", "Type": f"{_OFFICE}/relationships/sharedStrings",
                              "Target": "sharedStrings.xml"}),
            ("Relationship", {"Id": f"rId{count + 3}", "Type": f"{_OFFICE}/relationships/theme",
                              "Target": "theme/theme1.xml"}),
        ]),
        "xl/styles.xml": _styles_xml(list(named.values())),
        "xl/sharedStrings.xml": _shared_strings_xml(strings),
        "xl/theme/theme1.xml": _theme(),
        **sheet_parts,
    }  # fmt: skip
    return zip_bytes(parts)


def text_style(name: str, value: str) -> str:
    """The style name for `value` in a cell of style `name`: its quote-prefixed twin when the text
    starts like a formula."""
    return f"{name}{QUOTED}" if value.startswith(FORMULA_STARTS) else name
