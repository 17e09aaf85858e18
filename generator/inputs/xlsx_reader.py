"""A fast, read-only view of an .xlsx workbook: cell values, and the facts a clerk's file hides.

openpyxl builds a Python object per cell and per style (about 40 µs a cell);
a campaign workbook with thousands of rows took longer to read than to make
all its documents. This reader streams each sheet's XML with lxml and keeps
only what gongwen needs, including what openpyxl does not tell by default:

- dates stored with the East-Asian built-in formats (numFmt 27-36, 50-58),
  which openpyxl returns as bare serial numbers;
- formula cells without a cached value (a file written by a tool, not Excel);
- merged ranges, hidden rows and hidden sheets;
- formulas whose results come from elsewhere: another workbook (its saved result may be stale) or
  another program (DDE: =cmd|'/c calc'!A0; the result is whatever that program answered);
- the 1904 date system of some Mac files.

It reads what the standard allows and writers use: rows and cells without their optional `r`
(a row follows the one before it, a cell the cell before it), shared and inline strings, shared
formulas, ISO 8601 date cells (`t="d"`), and both namespaces of ISO/IEC 29500: Transitional (what
every writer makes by default) and Strict (Excel's "Strict Open XML Spreadsheet").
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from generator.standard.package import MAX_FILE_BYTES, BadPackage, open_zip, read_file

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
STRICT_NS = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
STRICT_REL_NS = "{http://purl.oclc.org/ooxml/officeDocument/relationships}"


@dataclass(frozen=True, slots=True)
class Tags:
    """The qualified names the reader looks for, in one namespace (Transitional or Strict)."""

    workbook_pr: str
    sheet: str
    rel_id: str
    si: str
    t: str
    r_ph: str
    num_fmt: str
    cell_xfs: str
    row: str
    merge_cell: str
    auto_filter: str
    c: str
    v: str
    f: str
    inline: str

    @classmethod
    def of(cls, ns: str, rel_ns: str) -> Tags:
        main = {
            field: f"{ns}{local}"
            for field, local in (
                ("workbook_pr", "workbookPr"), ("sheet", "sheet"), ("si", "si"), ("t", "t"), ("r_ph", "rPh"),
                ("num_fmt", "numFmt"), ("cell_xfs", "cellXfs"), ("row", "row"), ("merge_cell", "mergeCell"),
                ("auto_filter", "autoFilter"), ("c", "c"), ("v", "v"), ("f", "f"), ("inline", "is"),
            )
        }  # fmt: skip
        return cls(rel_id=f"{rel_ns}id", **main)


TRANSITIONAL, STRICT = Tags.of(NS, REL_NS), Tags.of(STRICT_NS, STRICT_REL_NS)

# Built-in number formats that show dates or times, East-Asian ones included.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_DATE_CODE = re.compile(r"[ymdhs]", re.IGNORECASE)
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')

# What a formula reaches outside the workbook by, read from its text with its "strings" left out:
# an external link's index as Excel saves it ([1]Sheet1!A1), a workbook named in brackets as a
# formula is typed ('[x.xlsx]Sheet1'!A1), and a DDE call (cmd|'/c calc'!A0).
_FORMULA_STRING = re.compile(r'"(?:[^"]|"")*"')
_LINK_INDEX = re.compile(r"\[(\d+)\]")
_BOOK_NAMED = re.compile(r"\[([^\[\]]+\.(?:xl\w*|et|ods|csv))\]", re.IGNORECASE)
_DDE_CALL = re.compile(r"(?:^|[^\w.'\]])([A-Za-z_][\w.]*)\|")
# A word of a formula that may be a defined name (公式 → 名称管理器): not a function (followed by "("),
# a sheet (by "!"), a table (by "["), a table's column or item (after "[" or "#"), nor part of a cell
# reference ($F$2).
_NAME_WORD = re.compile(r"(?<![\w.\]'$\\\[#])([^\W\d][\w.\\]*)(?![\w.\\(!\[])")


class NotAWorkbook(Exception):
    """The file is not an .xlsx workbook gongwen can read."""


class OtherDocument(NotAWorkbook):
    """An Office file of another kind (a Word document renamed .xlsx, sent back instead of a form):
    its package names a main part, which is not a workbook. `what` names it for the clerk."""

    def __init__(self, tag: str) -> None:
        super().__init__(f"main part {tag}")
        kinds = {"wordprocessingml": "一个 Word 文档", "presentationml": "一个 PowerPoint 演示文稿"}
        self.what = next((name for key, name in kinds.items() if key in tag), "别的 Office 文件")


def is_date_format(code: str) -> bool:
    """Whether a custom number format shows a date (ignoring quoted text, colours, escapes)."""
    stripped = _QUOTED.sub("", code)
    return bool(_DATE_CODE.search(stripped)) and "General" not in stripped


@dataclass(slots=True)
class Cell:
    row: int
    column: int
    value: Any  # str, int, float, bool, datetime.datetime or None
    formula_without_value: bool = False

    @property
    def coordinate(self) -> str:
        """ "B3": made when a message needs it (a large sheet has hundreds of thousands of cells)."""
        return f"{column_letters(self.column)}{self.row}"


@dataclass(frozen=True)
class FromElsewhere:
    """A formula whose saved result was taken from outside the workbook."""

    program: bool  # DDE or an OLE link: another program's answer; else another workbook's cells
    source: str  # the other workbook's file name, or the program and its topic (cmd|/c calc)
    formula: str
    through: str = ""  # the defined name the formula reaches it by (=预算*2, 预算 being [1]Sheet1!A1)


@dataclass(frozen=True)
class PivotFromElsewhere:
    """A pivot table whose cache counts figures from outside the workbook: its cells are what it
    counted when it was last refreshed."""

    table: str  # its name, as Excel shows it (数据透视表1)
    source: str  # the other workbook's file name, or the data connection's name
    connection: bool  # a data connection's (a database, a web page, another file); else a workbook's


@dataclass
class Sheet:
    name: str
    state: str  # visible | hidden | veryHidden
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)
    merged: list[str] = field(default_factory=list)  # "A1:B2"
    hidden_rows: set[int] = field(default_factory=set)
    filtered: bool = False
    # Cells (row, column) whose formula reaches outside the workbook; few, so kept apart from Cell.
    from_elsewhere: dict[tuple[int, int], FromElsewhere] = field(default_factory=dict)
    # The data connections (a database, a web page, another file) whose query writes into this sheet:
    # its cells hold what the query returned when it last ran. Their names, as Excel shows them.
    queried_from: list[str] = field(default_factory=list)
    # The pivot tables on this sheet that count another workbook's cells or a data connection's rows.
    pivoted_from: list[PivotFromElsewhere] = field(default_factory=list)

    def cell(self, row: int, column: int) -> Cell | None:
        return self.rows.get(row, {}).get(column)

    @property
    def max_row(self) -> int:
        """The last row that holds a value (not what the file's dimension claims)."""
        return max((r for r, cells in self.rows.items() if any(c.value is not None for c in cells.values())), default=0)


_COORD = re.compile(r"([A-Z]+)(\d+)")
# OOXML writes characters XML cannot hold (control characters) as _xHHHH_.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_xstring(text: str) -> str:
    return _ESCAPED.sub(_unescaped, text) if "_x" in text else text


def _unescaped(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    # A lone surrogate (_xD800_) is no character: it could not be written into any document.
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@functools.lru_cache(maxsize=1024)  # every cell's address in a message or a Location asks again
def column_letters(index: int) -> str:
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


class RefusedFile(NotAWorkbook):
    """A file refused before any part of it is parsed (what it is, its zip directory): `reason`
    is the clerk's sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadSheet(NotAWorkbook):
    """A part of the workbook that is not well-formed XML, carries a DTD, or exceeds the parser's
    limits; in a sheet (`sheet`), the cell that is damaged when one is (`cell`, "D6")."""

    def __init__(self, part: str, reason: str, *, sheet: str = "", cell: str = "") -> None:
        super().__init__(f"{part}: {reason}")
        self.part, self.reason, self.sheet, self.cell = part, reason, sheet, cell


class CellTooLong(BadSheet):
    """A cell whose text is longer than any spreadsheet program lets a cell hold (Excel's limit):
    a crafted file, refused before the text reaches a document, a file name or a layout pass."""

    def __init__(self, length: int) -> None:
        super().__init__("", f"{length} characters")
        self.length = length


class BadCharacter(BadSheet):
    """A cell whose XML names, by number, a character XML cannot hold (&#xD800;, &#xFFFE;, &#1;):
    what some programs' exports write; no spreadsheet program saves it, and the parser stops there."""

    def __init__(self, part: str, reference: str, cell: str) -> None:
        super().__init__(part, f"character reference {reference}", cell=cell)
        self.reference = reference


_CHARACTER_REFERENCE = re.compile(rb"&#(?:x([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_CELL_START = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="([A-Z]{1,3}[0-9]{1,7})"')


def _in_xml(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def bad_character_cell(part: str, xml: bytes) -> BadCharacter | None:
    """Where a sheet the parser refused names a character XML cannot hold: the reference, and the
    cell it stands in (its nearest <c r="…"> before it), so that the clerk is told which cell."""
    for found in _CHARACTER_REFERENCE.finditer(xml):
        hexadecimal, decimal = found.groups()
        if not _in_xml(int(hexadecimal, 16) if hexadecimal else int(decimal)):
            # the last cell starting before it, within the longest cell Excel keeps
            before = _CELL_START.findall(xml, max(0, found.start() - 4 * MAX_CELL_CHARACTERS), found.start())
            return BadCharacter(part, found.group().decode("ascii"), before[-1].decode() if before else "")
    return None


# Excel keeps at most this many characters in a cell (WPS and LibreOffice the same): more is no
# workbook a clerk saved, and a title or masthead of 200,000 characters took a layout minutes.
MAX_CELL_CHARACTERS = 32_767

# What reading a damaged member of the zip raises (bad CRC, a cut deflate stream).
_DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, EOFError)

# A workbook part never needs a DTD: entities are neither loaded nor expanded (XXE, billion laughs).
_SAFE = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}


# Every row element counts, empty or not (a sheet of a million empty rows is refused unread), and
# every cell element: a workbook is read into memory, about 200 bytes a cell.
MAX_SHEET_ROWS = 200_000
MAX_CELLS = 2_000_000
MAX_SHEET_PART_BYTES = 256 * 2**20  # a sheet is streamed, not parsed whole: it may be larger


class TooManyCells(NotAWorkbook):
    """A workbook with more cells than it is safe to hold in memory (read no further), counted
    over every sheet read: every sheet after the one that passed the limit raises it too."""

    def __init__(self, sheet: str, limit: int) -> None:
        super().__init__(f"{sheet}: more than {limit} cells")
        self.sheet, self.limit = sheet, limit


class SheetTooLong(NotAWorkbook):
    """A sheet with more rows than the reader was told to accept (read no further)."""

    def __init__(self, sheet: str, limit: int) -> None:
        super().__init__(f"{sheet}: more than {limit} rows")
        self.sheet, self.limit = sheet, limit


class XlsxWorkbook:
    def __init__(self, source: str | bytes | IO[bytes], max_rows: int = MAX_SHEET_ROWS, *, within: Path | None = None):
        """`max_rows`: read no sheet beyond this many row elements, empty ones included
        (SheetTooLong), so that a million-row one costs nothing. The file is looked at first
        (package.read_file: a regular file, inside `within` if given) and so is its zip directory
        (package.open_zip), before any part is parsed (RefusedFile)."""
        self._max_rows = max_rows
        self._cells = 0
        try:
            if isinstance(source, str):
                data = read_file(Path(source), within=within)
            else:
                data = source if isinstance(source, bytes) else source.read(MAX_FILE_BYTES + 1)
            self._zip = open_zip(data, streamed=("xl/worksheets/", MAX_SHEET_PART_BYTES))
        except BadPackage as exc:
            raise RefusedFile(str(exc)) from None
        self._names = set(self._zip.namelist())
        self._parsed: set[str] = set()  # the parts _xml has parsed (a DOCTYPE there is refused)
        # The parts are where the package's relationships say (a writer may name them as it likes),
        # else where every writer puts them.
        self._workbook = self._related("", "officeDocument", "xl/workbook.xml")
        if self._workbook not in self._names:
            raise NotAWorkbook("no workbook part")
        self._sheet_paths: dict[str, str] = {}
        self._states: dict[str, str] = {}
        self._link_parts: list[str] = []  # the external links' parts, in the order [1], [2] … name them
        self._links: list[FromElsewhere] | None = None  # read when a formula first names one
        self._connections: dict[str, str] | None = None  # data connections by id, read when a query names one
        self._reading: Sheet | None = None  # the sheet being read (where a formula from elsewhere goes)
        self._shared_from_elsewhere: dict[str, FromElsewhere] = {}  # its shared formulas' (by si)
        self._defined_names: list[tuple[str, str]] = []  # (name, what it refers to), as workbook.xml holds them
        self._named_elsewhere: dict[str, FromElsewhere] | None = None  # read when a formula first names one
        self.date1904 = False
        self._tag = TRANSITIONAL
        self._read_workbook()
        self._strings = self._read_shared_strings()
        self._date_styles = self._read_styles()
        self._refuse_doctype_anywhere()
        # The sheet last read, kept for the reads that follow it (its header, then its rows); the
        # one before is let go: 10,000 documents' 统计报表 and lists together were 40 MB of cells.
        self._last: Sheet | None = None
        # Inline strings (<is>, as gongwen's own writer and some tools write them) each once: a
        # unit's name is in a dozen rows of five sheets, each a new string as read.
        self._inline: dict[str, str] = {}
        self._columns: dict[str, int] = {}  # column letters seen in a reference: their number

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheet_paths)

    def _refuse_doctype_anywhere(self) -> None:
        """A DOCTYPE in a part this reader never parses ([Content_Types].xml, docProps, the theme):
        inert here, but no spreadsheet program writes one, so the file is refused as when a part
        read carries one (sheets are looked at as they are streamed)."""
        for name in self._names - self._parsed:
            if name.endswith((".xml", ".rels", ".vml")) and not name.startswith("xl/worksheets/"):
                try:
                    carries = b"<!DOCTYPE" in self._zip.read(name)
                except _DAMAGED_ZIP as exc:
                    raise BadSheet(name, str(exc)) from None
                if carries:
                    raise BadSheet(name, "DOCTYPE")

    def _xml(self, name: str) -> Any:
        self._parsed.add(name)
        try:
            root = etree.fromstring(self._zip.read(name), etree.XMLParser(**_SAFE))
        except (etree.XMLSyntaxError, *_DAMAGED_ZIP) as exc:
            raise BadSheet(name, str(exc)) from None
        if root.getroottree().docinfo.doctype:
            raise BadSheet(name, "DOCTYPE")
        return root

    def _relationships(self, part: str) -> list[tuple[str, str, str]]:
        """The internal relationships of `part` ("" for the package): (id, type, target part)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self._names:
            return []
        found = []
        for rel in self._xml(rels).iter(f"{PKG_REL_NS}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.append((rel.get("Id", ""), rel.get("Type", ""), path))
        return found

    def _related(self, part: str, kind: str, usual: str) -> str:
        """The part `part` relates to by a relationship type ending in /`kind` (the Transitional and
        the Strict names), `usual` where there is none in the package."""
        for _, rel_type, path in self._relationships(part):
            if rel_type.endswith(f"/{kind}") and path in self._names:
                return path
        return usual

    def _read_workbook(self) -> None:
        wb = self._xml(self._workbook)
        if wb.tag not in (f"{NS}workbook", f"{STRICT_NS}workbook"):
            raise OtherDocument(wb.tag)
        if wb.tag == f"{STRICT_NS}workbook":
            self._tag = STRICT
        tag = self._tag
        pr = wb.find(tag.workbook_pr)
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        rels = {rel_id: path for rel_id, _, path in self._relationships(self._workbook)}
        for sheet in wb.iter(tag.sheet):
            name = sheet.get("name", "")
            self._sheet_paths[name] = rels.get(sheet.get(tag.rel_id), "")
            self._states[name] = sheet.get("state", "visible")
        for reference in wb.iter(tag.sheet.removesuffix("sheet") + "externalReference"):
            self._link_parts.append(rels.get(reference.get(tag.rel_id), ""))
        for defined in wb.iter(tag.sheet.removesuffix("sheet") + "definedName"):
            if defined.get("name") and defined.text:
                self._defined_names.append((defined.get("name", ""), _FORMULA_STRING.sub('""', defined.text)))

    def _external_links(self) -> list[FromElsewhere]:
        """What each external link ([1], [2] …) reaches: a workbook (by its file name) or a
        program (a DDE or OLE link)."""
        if self._links is None:
            self._links = [self._external_link(part) for part in self._link_parts]
        return self._links

    def _external_link(self, part: str) -> FromElsewhere:
        if part not in self._names:
            return FromElsewhere(False, "另一个工作簿", "")
        for child in self._xml(part):
            kind = etree.QName(child).localname
            if kind == "ddeLink":
                return FromElsewhere(True, f"{child.get('ddeService', '')}|{child.get('ddeTopic', '')}", "")
            if kind == "oleLink":
                return FromElsewhere(True, "OLE 链接", "")
            if kind == "externalBook":
                target = self._external_target(part, child.get(f"{REL_NS}id") or child.get(f"{STRICT_REL_NS}id"))
                return FromElsewhere(False, re.split(r"[/\\]", target)[-1] or "另一个工作簿", "")
        return FromElsewhere(False, "另一个工作簿", "")

    def _external_target(self, part: str, rel_id: str | None) -> str:
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        if rels not in self._names:
            return ""
        found = (
            r.get("Target", "") for r in self._xml(rels).iter(f"{PKG_REL_NS}Relationship") if r.get("Id") == rel_id
        )
        return next(found, "")

    def _queries_into(self, sheet_part: str) -> list[str]:
        """The connections whose query tables write into a sheet: a query table related from the
        sheet (a web or text query), or from one of its tables (Power Query, 获取数据)."""
        query_parts = []
        for _, rel_type, path in self._relationships(sheet_part):
            if rel_type.endswith("/queryTable"):
                query_parts.append(path)
            elif rel_type.endswith("/table"):
                query_parts += [p for _, t, p in self._relationships(path) if t.endswith("/queryTable")]
        names = []
        for part in query_parts:
            if part in self._names:
                number = self._xml(part).get("connectionId", "")
                names.append(self._connection_names().get(number) or f"数据连接 {number}")
        return names

    def _pivots_from_elsewhere(self, sheet_part: str) -> list[PivotFromElsewhere]:
        """The pivot tables related from a sheet whose caches read outside the workbook."""
        found = []
        for _, rel_type, table in self._relationships(sheet_part):
            if not rel_type.endswith("/pivotTable") or table not in self._names:
                continue
            name = self._xml(table).get("name") or "数据透视表"
            for _, cache_type, cache in self._relationships(table):
                source = self._pivot_cache_source(cache) if cache_type.endswith("/pivotCacheDefinition") else None
                if source is not None:
                    found.append(PivotFromElsewhere(name, *source))
        return found

    def _pivot_cache_source(self, cache: str) -> tuple[str, bool] | None:
        """Where a pivot cache reads its figures when it is outside the workbook (None: within it): a
        data connection (by its name, True) or another workbook (a worksheetSource's or a
        consolidation's range related to an external path, by its file name)."""
        if cache not in self._names:
            return None
        for source in self._xml(cache).iter(f"{NS}cacheSource", f"{STRICT_NS}cacheSource"):
            number = source.get("connectionId")
            if number:
                return self._connection_names().get(number) or f"数据连接 {number}", True
            for element in source.iter():
                rel_id = element.get(f"{REL_NS}id") or element.get(f"{STRICT_REL_NS}id")
                target = self._external_target(cache, rel_id) if rel_id else ""
                if target:
                    return re.split(r"[/\\]", target)[-1] or "另一个工作簿", False
        return None

    def _connection_names(self) -> dict[str, str]:
        if self._connections is None:
            part = self._related(self._workbook, "connections", "xl/connections.xml")
            found = self._xml(part) if part in self._names else []
            self._connections = {c.get("id", ""): c.get("name", "") for c in found}
        return self._connections

    def _formula_from_elsewhere(self, f: Any) -> FromElsewhere | None:
        """What formula `f` takes from outside the workbook (None: nothing), itself or through a
        defined name; a shared formula's other cells, which hold none of its text, as its first cell."""
        text = f.text or ""
        if not text and f.get("t") == "shared":
            return self._shared_from_elsewhere.get(f.get("si", ""))
        bare = _FORMULA_STRING.sub('""', text)
        found = self._reaches(bare) or (self._named_in(bare) if self._defined_names else None)
        if found is None:
            return None
        if f.get("t") == "shared" and f.get("si"):
            # (its text moved to each cell is Excel's to work out: said without it)
            self._shared_from_elsewhere[f.get("si", "")] = FromElsewhere(found.program, found.source, "")
        return FromElsewhere(found.program, found.source, text, found.through)

    def _reaches(self, bare: str) -> FromElsewhere | None:
        """What a formula's text (its strings emptied) names outside the workbook itself: a program
        (DDE), an external link by its index, or a workbook by its file name."""
        dde = _DDE_CALL.search(bare)
        if dde:
            return FromElsewhere(True, bare[dde.start(1) :].split("!")[0], "")
        links = self._external_links() if self._link_parts else []
        indexes = [int(i) for i in _LINK_INDEX.findall(bare) if 0 < int(i) <= len(links)]
        if indexes:
            return links[indexes[0] - 1]
        named = _BOOK_NAMED.search(bare)
        return FromElsewhere(False, named.group(1), "") if named else None

    def _named_in(self, bare: str) -> FromElsewhere | None:
        """The first defined name a formula uses that reaches outside the workbook (None: none)."""
        reaching = self._names_from_elsewhere()
        if not reaching:  # (most workbooks' names: a print area, a filter's range)
            return None
        return next((reaching[w.casefold()] for w in _NAME_WORD.findall(bare) if w.casefold() in reaching), None)

    def _names_from_elsewhere(self) -> dict[str, FromElsewhere]:
        """The defined names (casefolded, as Excel matches them) whose value reaches outside the
        workbook, by itself or through another such name, each with the name as defined."""
        if self._named_elsewhere is None:
            reaching: dict[str, FromElsewhere] = {}
            for name, value in self._defined_names:
                found = self._reaches(value)
                if found is not None:
                    reaching[name.casefold()] = FromElsewhere(found.program, found.source, "", name)
            words = [(name, _NAME_WORD.findall(value)) for name, value in self._defined_names]
            grown = True
            while grown:  # a name of a name (乙 = 甲*2, 甲 = [1]Sheet1!A1), each round one step further
                grown = False
                for name, used in words:
                    via = next((reaching[w.casefold()] for w in used if w.casefold() in reaching), None)
                    if via is not None and name.casefold() not in reaching:
                        reaching[name.casefold()] = FromElsewhere(via.program, via.source, "", name)
                        grown = True
            self._named_elsewhere = reaching
        return self._named_elsewhere

    def _read_shared_strings(self) -> list[str]:
        part = self._related(self._workbook, "sharedStrings", "xl/sharedStrings.xml")
        if part not in self._names:
            return []
        self._parsed.add(part)
        strings: list[str] = []
        tag = self._tag
        try:  # streamed, each entry let go once read: 5 million empty <si/> were a tree of 700 MB
            xml = self._zip.read(part)  # (its size bounded by the zip's directory check)
            # Each is a cell's text: no workbook holds more than it can hold cells. Counted before
            # the parse (an upper bound: <si and x:si, wherever they stand), which takes seconds.
            if xml.count(b"<si") + xml.count(b":si") > MAX_CELLS:
                raise RefusedFile(
                    f"工作簿里的共享文字（{part}）超过 {MAX_CELLS} 条，比一个工作簿能有的单元格还多，"
                    "已拒绝读取（可能是恶意构造的文件）"
                )
            events = etree.iterparse(io.BytesIO(xml), events=("end",), tag=tag.si, **_SAFE)
            for _, si in events:
                strings.append(self._shared_string(si))
                si.clear(keep_tail=True)
                while si.getprevious() is not None:
                    del si.getparent()[0]
            if events.root is not None and events.root.getroottree().docinfo.doctype:
                raise BadSheet(part, "DOCTYPE")
        except (etree.XMLSyntaxError, *_DAMAGED_ZIP) as exc:
            raise BadSheet(part, str(exc)) from None
        return strings

    def _shared_string(self, si: Any) -> str:
        """One <si>: most are one <t> (or none); rich text is its runs' text, without phonetic
        (rPh) hints."""
        tag = self._tag
        if not len(si):
            return ""
        if len(si) == 1 and si[0].tag == tag.t:
            return unescape_xstring(si[0].text or "")
        return unescape_xstring("".join(t.text or "" for t in si.iter(tag.t) if t.getparent().tag != tag.r_ph))

    def _read_styles(self) -> set[int]:
        """Indexes of cell formats (the `s` attribute) that show dates."""
        part = self._related(self._workbook, "styles", "xl/styles.xml")
        if part not in self._names:
            return set()
        styles = self._xml(part)
        custom = {
            int(fmt.get("numFmtId", "0")): is_date_format(fmt.get("formatCode", ""))
            for fmt in styles.iter(self._tag.num_fmt)
        }
        xfs = styles.find(self._tag.cell_xfs)
        dates = set()
        for index, xf in enumerate(xfs if xfs is not None else []):
            fmt = int(xf.get("numFmtId", "0"))
            if custom.get(fmt, fmt in DATE_FORMAT_IDS):
                dates.add(index)
        return dates

    def _to_date(self, serial: float) -> dt.datetime:
        if self.date1904:
            base = dt.datetime(1904, 1, 1)
        else:
            # Excel counts 1900-02-29, which never was: serials from 61 on are one day ahead.
            base = dt.datetime(1899, 12, 30) if serial >= 61 else dt.datetime(1899, 12, 31)
        return base + dt.timedelta(days=serial)

    def state(self, name: str) -> str:
        return self._states.get(name, "visible")

    def may_hold(self, name: str, text: re.Pattern[bytes]) -> bool:
        """Whether sheet `name` may hold a text that `text` finds, from the bytes of its part and the
        shared strings, unparsed: False proves it holds none (a large sheet is then never read)."""
        path = self._sheet_paths.get(name, "")
        if path not in self._names:
            return False
        if any(text.search(s.encode("utf-8")) for s in self._strings):
            return True
        try:
            return text.search(self._zip.read(path)) is not None
        except _DAMAGED_ZIP:
            return True  # reading it says what is wrong

    def sheet(self, name: str) -> Sheet:
        """Sheet `name`, read from the file unless it is the one last asked for (its caller keeps
        whatever sheets it needs together)."""
        if self._last is None or self._last.name != name:
            self._last = None  # let go before the next is read, not after
            self._last = self._read_sheet(name)
        return self._last

    def _read_sheet(self, name: str) -> Sheet:
        sheet = Sheet(name, self.state(name))
        path = self._sheet_paths.get(name, "")
        if path not in self._names:
            return sheet
        self._reading, self._shared_from_elsewhere = sheet, {}
        try:
            sheet.queried_from = self._queries_into(path)
            sheet.pivoted_from = self._pivots_from_elsewhere(path)
            self._stream_sheet(path, name, sheet)
        except etree.XMLSyntaxError as exc:  # malformed, truncated; or one cell's character reference
            located = bad_character_cell(path, self._zip.read(path)) if "CharRef" in str(exc) else None
            if located is not None:
                located.sheet = name
                raise located from None
            raise BadSheet(path, str(exc), sheet=name) from None
        except (InvalidReference, *_DAMAGED_ZIP) as exc:  # CRC errors
            raise BadSheet(path, str(exc), sheet=name) from None
        except BadSheet as exc:  # a cell's: named by the sheet it is in
            exc.part, exc.sheet = path, name
            raise
        return sheet

    def _stream_sheet(self, path: str, name: str, sheet: Sheet) -> None:
        rows = number = 0
        tag = self._tag
        with self._zip.open(path) as fh:
            events = etree.iterparse(fh, events=("end",), tag=(tag.row, tag.merge_cell, tag.auto_filter), **_SAFE)
            for _, el in events:
                if el.tag == tag.row:
                    rows += 1
                    if rows > self._max_rows:
                        raise SheetTooLong(name, self._max_rows)
                    number = self._read_row(el, sheet, number)
                    if self._cells > MAX_CELLS:
                        raise TooManyCells(name, MAX_CELLS)
                    el.clear()
                elif el.tag == tag.merge_cell:
                    sheet.merged.append(el.get("ref", ""))
                else:
                    sheet.filtered = True
            if events.root is not None and events.root.getroottree().docinfo.doctype:
                raise BadSheet(path, "DOCTYPE")

    def _read_row(self, row: Any, sheet: Sheet, previous: int) -> int:
        """One row's cells; returns its number. `r` is optional on rows and cells (ECMA-376
        18.3.1.73, 18.3.1.4): a row without it follows the row before, a cell the cell before."""
        number = _row_number(row, previous, self._tag.c)
        if row.get("hidden") in ("1", "true"):
            sheet.hidden_rows.add(number)
        cells: dict[int, Cell] = {}
        self._cells += len(row)
        col = 0
        cell_tag = self._tag.c
        try:
            for c in row.iterchildren(cell_tag):
                col = self._column(c, col)
                cell = cells[col] = self._cell(c, number, col)
                if cell.value.__class__ is str and len(cell.value) > MAX_CELL_CHARACTERS:
                    raise CellTooLong(len(cell.value))
        except BadSheet as exc:  # a shared string that is not there, a text too long: the cell is named
            exc.cell = f"{column_letters(col)}{number}"
            raise
        if cells:
            sheet.rows[number] = cells
        return number

    def _column(self, c: Any, previous: int) -> int:
        """A cell's column; one seen before ("B" of B3) is looked up, anything else takes the
        checked path (_column_of)."""
        ref = c.get("r")
        letters = ref.rstrip(_DIGITS) if ref is not None else ""
        known: int = self._columns.get(letters, 0) if len(letters) < len(ref or "") else 0
        if known:
            return known
        col = _column_of(c, previous)
        if letters.isascii() and letters.isalpha() and letters.isupper():
            self._columns[letters] = col
        return col

    def _cell(self, c: Any, row: int, col: int) -> Cell:
        """Most cells hold one <v> and no formula, or one inline run: read the short way."""
        only = c[0] if len(c) == 1 else None
        if only is None:
            return self._read_cell(c, row, col)
        tag = self._tag
        if only.tag == tag.v:
            return Cell(row, col, self._plain_value(c.get("t"), only.text, c.get("s")))
        if only.tag == tag.inline and len(only) == 1 and only[0].tag == tag.t:
            # An inline string of one run, <is><t>…</t></is>, in a cell that says it holds one.
            text = unescape_xstring(only[0].text or "") if c.get("t") == "inlineStr" else None
            return Cell(row, col, None if text is None else self._inline.setdefault(text, text))
        return self._read_cell(c, row, col)

    def _plain_value(self, kind: str | None, text: str | None, style: str | None) -> Any:
        """The value of a cell that holds only <v>: shared strings and whole numbers without a
        date format straight away, the rest as _value reads it."""
        index = int(style) if style and style.isdecimal() else 0
        if text is not None and text.isdecimal():
            if kind == "s" and int(text) < len(self._strings):
                return self._strings[int(text)]
            if (kind is None or kind == "n") and index not in self._date_styles:
                return int(text)
        return self._value(kind or "n", text, None, index)

    def _read_cell(self, c: Any, row: int, col: int) -> Cell:
        text: str | None = None
        formula = False
        inline: str | None = None
        names = self._tag
        for child in c:  # one pass over <f>, <v>, <is>
            tag = child.tag
            if tag == names.v:
                text = child.text
            elif tag == names.f:
                formula = True
                elsewhere = self._formula_from_elsewhere(child)
                if elsewhere is not None and self._reading is not None:
                    self._reading.from_elsewhere[row, col] = elsewhere
            elif tag == names.inline:
                runs = (t.text or "" for t in child.iter(names.t) if t.getparent().tag != names.r_ph)
                inline = unescape_xstring("".join(runs))
                inline = self._inline.setdefault(inline, inline)
        style = c.get("s", "0")
        value = self._value(c.get("t", "n"), text, inline, int(style) if style.isdecimal() else 0)
        return Cell(row, col, value, formula_without_value=formula and text is None)

    def _value(self, kind: str, text: str | None, inline: str | None, style: int) -> Any:
        """A cell's value by its type attribute: shared or inline string, text, boolean, number or date."""
        if kind == "s":
            if text is None:
                return None
            index = int(text) if text.isdecimal() else -1
            if not 0 <= index < len(self._strings):  # Excel itself calls such a file damaged
                raise BadSheet("", f"shared string {text!r} does not exist")
            return self._strings[index]
        if kind == "inlineStr":
            return inline
        if kind in ("str", "e"):
            return text
        if kind == "b":
            return None if text is None else text in ("1", "true")
        if kind == "d":
            return _iso_date(text)
        if text is None:
            return None
        return self._number(text, style)

    def _number(self, text: str, style: int) -> Any:
        """A number cell's value: an int, a float, or a date by its style."""
        try:
            number_value = float(text)
        except ValueError:  # <v>abc</v> in a number cell (a tool's file): the text, for validation to name
            return text
        if not math.isfinite(number_value):
            return text
        if style in self._date_styles:
            try:
                return self._to_date(number_value)
            except OverflowError:  # a serial far past year 9999: the number, for validation to name
                return number_value
        if number_value.is_integer() and text.lstrip("-").isdecimal():
            return int(text)
        return number_value


class InvalidReference(ValueError):
    """A row or cell reference that is present but no reference (r="x3"): the file is damaged, and
    guessing where the value belongs could put a figure in the wrong column."""


def _row_number(row: Any, previous: int, cell_tag: str) -> int:
    """A row's `r`, else the row number of its first cell's `r`, else the row after `previous`."""
    declared = row.get("r")
    if declared is not None:
        if not (declared.isdecimal() and int(declared) > 0):
            raise InvalidReference(f"row r={declared!r}")
        return int(declared)
    for c in row.iter(cell_tag):
        ref = c.get("r")
        m = _COORD.fullmatch(ref) if ref is not None else None
        if m:
            return int(m.group(2))
    return previous + 1


_DIGITS = "0123456789"


def _column_of(c: Any, previous: int) -> int:
    """A cell's column: from its `r`, or the one after `previous` when it has none."""
    ref = c.get("r")
    if ref is None:
        return previous + 1
    m = _COORD.fullmatch(ref)
    if m is None:
        raise InvalidReference(f"cell r={ref!r}")
    return column_index(m.group(1))


def _iso_date(text: str | None) -> Any:
    """A `t="d"` cell: an ISO 8601 date or date-time, as a datetime (a time alone, or what is not a
    date, as its text for validation to name)."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return value.replace(tzinfo=None)
