"""Read the input workbook into typed values, each with the cell it came from.

This module knows spreadsheets as clerks fill them in Excel and WPS; it knows
nothing of documents. The file itself is read by :mod:`generator.xlsx`.

What can be understood is normalised and said (a note, shown by
``validate --verbose``): dates typed as text, full-width digits, numbers stored
as text, thousands separators, stray spaces and control characters. What
cannot is refused precisely: formulas without a saved result, merged cells
where one value per row is needed, long numbers Excel has rounded, files that
are not workbooks. Every problem names file, sheet and cell; nothing here
raises on bad content.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Findings, InternalError, Location
from generator.inputs.schema import FORM_NAME_COLUMN, FORM_VALUE_COLUMN, FieldSpec, FieldType, SheetSpec
from generator.inputs.xlsx_reader import (
    MAX_CELL_CHARACTERS,
    BadCharacter,
    BadSheet,
    Cell,
    CellTooLong,
    NotAWorkbook,
    OtherDocument,
    RefusedFile,
    Sheet,
    SheetTooLong,
    TooManyCells,
    XlsxWorkbook,
    column_index,
    column_letters,
)
from generator.standard.package import BadPackage, is_encrypted_package, read_file
from generator.standard.words import chinese_date, nearest_name

SAVE_AGAIN = "请在 Excel 或 WPS 中打开这个工作簿，另存为 .xlsx 后再试"
VERY_HIDDEN = (
    "这个工作表被设为“深度隐藏”（veryHidden）：Excel 和 WPS 的“取消隐藏”里都看不到它，里面的数据无从核对，"
    "gongwen 不使用；请在 Excel 里按 Alt+F11，在左侧选中这个工作表，把属性窗口（F4）里的 Visible 改为"
    "“-1 - xlSheetVisible”，保存后核对其中的内容"
)
MAX_MERGES_NAMED = 20  # merged ranges refused one by one; beyond, counted in one line
DAMAGED_WORKBOOK = "不是有效的 Excel 工作簿（.xlsx），文件可能已损坏；请用 Excel/WPS 打开后另存为 .xlsx 再试"
DOCTYPE_IN_PART = "带有 DOCTYPE 声明（Excel 从不写它，可能是恶意构造的文件）"
# A cell that refers to a shared string the file does not hold (Excel calls such a file damaged).
DAMAGED_CELL = "引用了文件里没有的文字，内容已损坏，无法读取"


def bad_character(exc: BadCharacter) -> str:
    """What is wrong with a cell naming a character XML cannot hold, after "这个单元格"."""
    return f"里有 Excel 和 WPS 不会保存的字符编码「{exc.reference}」（XML 不能容纳的字符），内容已损坏，无法读取"


def too_long(length: int) -> str:
    """Why a cell longer than a spreadsheet program lets a cell be was not read."""
    return (
        f"这个单元格有 {length} 个字符，超过 Excel 一个单元格最多能存的 {MAX_CELL_CHARACTERS} 个"
        "（不是 Excel/WPS 保存的内容，可能是恶意构造的文件），已拒绝读取"
    )


def doctype_refused(part: str) -> str:
    """Why a workbook whose part carries a DOCTYPE was not read (entities that multiply or read
    files): the part named, as the notice import and the templates name theirs. (A sheet's is told
    at the sheet, by its name.)"""
    return f"工作簿里的「{part}」{DOCTYPE_IN_PART}，已拒绝读取；{SAVE_AGAIN}"


# Beyond these a file is refused before it is read (a county's workbook is a few hundred kB).
MAX_FILE_BYTES = 50 * 2**20
MAX_ROWS = 100_000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .et, and password-protected .xlsx
# Excel keeps 15 significant digits: a longer number (an ID card number) has lost its tail.
MAX_EXACT_NUMBER = 10**15


@dataclass(frozen=True, slots=True)
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


def _missing_header(ws: Sheet, missing: list[str], wanted: list[str]) -> str:
    """What the clerk reads of a header without these columns; a title typed above the header (a
    merged ××县…统计表 on row 1) is named as such, with the row to delete."""
    below = {normalize_header(c.value) for c in ws.rows.get(2, {}).values()}
    above = [str(c.value).strip() for _, c in sorted(ws.rows.get(1, {}).items()) if clean_text(c.value) is not None]
    if all(normalize_header(w) in below for w in wanted) and len(above) == 1:
        return f"「{above[0]}」像是标题，表头（{'、'.join(wanted)}）在第2行：请删去第1行，让表头在第1行"
    return f"表头缺少列「{'」「'.join(missing)}」；第1行应为：{'、'.join(wanted)}"


def normalize_header(text: Any) -> str:
    """Header cells as clerks type them: full-width forms, spaces, Alt+Enter line breaks."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", s)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Invisible in Excel and Word, and able to make a name look like another (a zero-width twin of
# 韩村镇) or a file name read backwards (U+202E, U+061C): removed, with a warning. Besides the
# zero-width and direction marks: the soft hyphen, the combining grapheme joiner, the Hangul and
# Khmer fillers (blank, yet letters: printable), the Mongolian separators, the line and paragraph
# separators, variation selectors, interlinear annotation marks and the tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
# What a text becomes when it was converted with the wrong encoding: the character is lost.
REPLACEMENT_CHARACTER = "\ufffd"


def clean_text(value: Any) -> Any:
    if isinstance(value, str):
        if value.isprintable() and not _INVISIBLE.search(value):  # nothing to remove
            return value.strip() or None
        value = _INVISIBLE.sub("", _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))).strip()
        return value or None
    return value


_FULL_DATE = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?$")
# 二〇二二年五月十二日, as an older notice's 成文日期 is written and a clerk copies it.
_CHINESE_DATE = re.compile(
    r"^([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})[日号]$"
)
_CHINESE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


def _chinese_number(text: str) -> int:
    """二〇二二 digit by digit; 十二, 二十, 三十一 by their tens (a malformed one gives an impossible date)."""
    if "十" not in text:
        return int("".join(str(_CHINESE_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return 10 * (_CHINESE_DIGITS.get(tens, 99) if tens else 1) + (_CHINESE_DIGITS.get(ones, 99) if ones else 0)


def _typed_date(text: str) -> tuple[int, int, int] | None:
    """The year, month and day a text date names, possible or not (2022年11月31日 names one)."""
    for pattern in (_FULL_DATE, _COMPACT_DATE):
        m = pattern.match(text)
        if m:
            return int(m.group(1)), int(m.group(2)), int(m.group(3))
    m = _CHINESE_DATE.match(text)
    if m:
        year, month, day = (_chinese_number(g) for g in m.groups())
        return year, month, day
    return None


def impossible_date(value: Any) -> str | None:
    """Why text written as a date names no day: 2022年11月31日 → 11月没有31日."""
    if not isinstance(value, str):
        return None
    named = _typed_date(unicodedata.normalize("NFKC", value).strip())
    if named is None or _date(*named) is not None:
        return None
    year, month, day = named
    return f"{year}年{month}月没有{day}日" if 1 <= month <= 12 else f"一年没有{month}月"


_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: Any, default_year: int | None = None) -> dt.date | None:
    """A date from what a clerk typed: a real date, "2018.1.19", "2018年1月19日", "20180119",
    "1月19日" (in `default_year`, the campaign's), or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20000 <= value <= 80000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))  # 1954-2119: a serial shown as a number
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    named = _typed_date(text)
    if named is not None:
        return _date(*named)
    m = _MONTH_DAY.match(text)
    if m and default_year:
        return _date(default_year, int(m.group(1)), int(m.group(2)))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace("，", "")
        s = re.sub(r"\s+", "", s)
        if re.fullmatch(r"[+-]?\d+", s):
            return int(s)
    return None


def extra_value(raw: Any) -> Any:
    """A value for a variable the clerk added: text, a number or a date, as typed."""
    value = clean_text(raw)
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def show_value(value: Any) -> str:
    """A cell's value as a clerk reads it in a message."""
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return f"{chinese_date(value)} {value:%H:%M}"
    if isinstance(value, (dt.date, dt.datetime)):
        return chinese_date(value)
    return str(value)


class Coercer:
    """Turns one cell into its field's type; records errors, and notes for what it normalised."""

    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self.default_year: int | None = None
        self._readers: dict[FieldType, Callable[[FieldSpec, Any, Location], Any]] = {
            FieldType.DATE: self._date,
            FieldType.INTEGER: self._integer,
            FieldType.DECIMAL: self._decimal,
            FieldType.YES_NO: self._yes_no,
        }  # made once: a workbook has hundreds of thousands of cells

    def note(self, location: Location, spec: FieldSpec, raw: Any, value: Any) -> None:
        shown = chinese_date(value) if isinstance(value, dt.date) else value
        self.findings.note(location, f"「{spec.name}」「{show_value(raw)}」按 {shown} 处理")

    def __call__(self, spec: FieldSpec, cell: Cell, location: Location) -> Any:
        raw = cell.value
        if cell.formula_without_value:
            self.findings.error(
                location,
                f"「{spec.name}」是公式，但文件里没有保存计算结果（通常是程序导出的文件）；"
                "请用 Excel/WPS 打开并保存后再试",
            )
            return None
        value = clean_text(raw)
        if isinstance(raw, str):
            self._tell_unusual(spec, raw, value, location)
        if value is None:
            if spec.required:
                self.findings.error(location, f"「{spec.name}」不能为空，应填写{spec.type.value}")
            return None
        reader = self._readers.get(spec.type)
        typed = reader(spec, value, location) if reader is not None else self._text(spec, value, location)
        broken = spec.broken_rule(typed) if typed is not None else None
        if broken is not None and spec.warn_only:
            self.findings.warning(location, broken)
        elif broken is not None:
            self.findings.error(location, broken)
            return None
        return typed

    def _tell_unusual(self, spec: FieldSpec, raw: str, value: Any, location: Location) -> None:
        """What clean_text removed from a text, and a character lost to an encoding (kept, told)."""
        if not raw.isprintable() or _INVISIBLE.search(raw) is not None:
            if value is not None and _CONTROL.search(raw):
                self.findings.note(location, f"「{spec.name}」中的不可见控制字符已删除")
            if _INVISIBLE.search(raw):
                self.findings.warning(
                    location,
                    f"「{spec.name}」中有看不见的字符（零宽字符或文字方向控制符），已删除；请在单元格里重新输入",
                )
        if REPLACEMENT_CHARACTER in raw:
            self.findings.warning(
                location,
                f"「{spec.name}」中有乱码字符「{REPLACEMENT_CHARACTER}」（U+FFFD：文字转换编码时丢失的字），"
                "会照样印进公文；请在单元格里改成原来的字",
            )

    def _date(self, spec: FieldSpec, value: Any, location: Location) -> dt.date | None:
        date = parse_date(value, self.default_year)
        impossible = impossible_date(value) if date is None else None
        if impossible is not None:
            self.findings.error(location, f"「{spec.name}」「{show_value(value)}」不是日历上的日期：{impossible}")
        elif date is None:
            self.findings.error(location, f"「{spec.name}」应为日期（如 2018-01-22），实际为「{show_value(value)}」")
        elif not isinstance(value, (dt.date, dt.datetime)):
            self.note(location, spec, value, date)
        return date

    def _integer(self, spec: FieldSpec, value: Any, location: Location) -> int | None:
        number = parse_integer(value)
        if number is None:
            self.findings.error(location, f"「{spec.name}」应为整数，实际为「{show_value(value)}」")
        elif isinstance(value, str):
            self.note(location, spec, value, number)
        return number

    def _decimal(self, spec: FieldSpec, value: Any, location: Location) -> int | float | None:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return int(value) if float(value).is_integer() else value
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or isinstance(value, (dt.date, bool)) or number != number or abs(number) == float("inf"):
            self.findings.error(location, f"「{spec.name}」应为数字，实际为「{show_value(value)}」")
            return None
        self.note(location, spec, value, number)
        return int(number) if number.is_integer() else number

    def _yes_no(self, spec: FieldSpec, value: Any, location: Location) -> bool | None:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        if text in ("是", "否"):
            return text == "是"
        self.findings.error(location, f"「{spec.name}」应填“是”或“否”（或留空），实际为「{text}」")
        return None

    def _text(self, spec: FieldSpec, value: Any, location: Location) -> str | None:
        if isinstance(value, (dt.date, dt.datetime)):
            self.findings.error(location, f"「{spec.name}」应为文字，实际为日期「{show_value(value)}」")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if abs(value) >= MAX_EXACT_NUMBER:
                self.findings.error(
                    location,
                    f"「{spec.name}」是一个很长的数字（{value:.0f}），Excel 只保留 15 位，末尾几位已经丢失；"
                    "请把这一列设为“文本”格式后重新输入（如身份证号）",
                )
                return None
            return str(int(value)) if float(value).is_integer() else str(value)
        return str(value)


class SpreadsheetNotConverted(Exception):
    """A converter is installed but made no .xlsx: typically LibreOffice Writer without Calc."""


# Makes an .xlsx copy of an .xls/.et workbook: None when no converter is installed; raises
# SpreadsheetNotConverted when one is and could not. The pipeline passes LibreOffice's.
ConvertSpreadsheet = Callable[[Path], Path | None]


@dataclass
class WideRow:
    """A row of a sheet whose columns are data (the 月报: one column per metric)."""

    number: int
    keys: dict[str, Cell]  # the fixed columns, by name
    values: dict[str, Cell]  # the data columns, by name
    notes: dict[str, Cell] = field(default_factory=dict)  # optional text columns present


class Workbook:
    """An opened input workbook; sheets are read on request, against a spec."""

    def __init__(self, path: Path, display_name: str, findings: Findings, convert: ConvertSpreadsheet | None = None):
        self.path = path
        self.display_name = display_name
        self.findings = findings
        self.coerce = Coercer(findings)
        self._wb: Any = None
        self._reported: set[str] = set()
        self._unreadable: set[str] = set()  # sheets whose XML could not be read, reported once
        self._convert = convert
        here = Location(display_name)
        lock = path.with_name("~$" + path.name)
        if lock.exists():
            findings.warning(
                here,
                f"发现 {lock.name}：这个工作簿可能正在 Excel/WPS 中打开，读到的是上次保存的内容；请先保存再生成",
            )
        source = self._find_source(path, here)
        # The workspace's own workbook must be a file in the workspace (not a link out of it).
        data = None if source is None else self._read_within_limits(source, here, path.parent.parent)
        if source is not None and source != path:  # LibreOffice's copy of an .xls/.et, in a folder of its own
            import shutil

            shutil.rmtree(source.parent, ignore_errors=True)
        if data is None:
            return
        try:
            self._wb = XlsxWorkbook(data)
        except RefusedFile as exc:
            findings.error(here, exc.reason)
        except OtherDocument as exc:
            findings.error(here, f"这是{exc.what}，不是 Excel 工作簿（.xlsx）：请换成活动的工作簿")
        except BadSheet as exc:  # a part named: which one is damaged (or carries a DOCTYPE)
            damaged = f"工作簿里的「{exc.part}」内容已损坏（不是完整的 XML，或嵌套过深），无法读取；{SAVE_AGAIN}"
            findings.error(here, doctype_refused(exc.part) if exc.reason == "DOCTYPE" else damaged)
        except (NotAWorkbook, OSError, ValueError, KeyError, IndexError):
            findings.error(here, DAMAGED_WORKBOOK)

    def _find_source(self, path: Path, here: Location) -> Path | None:
        if path.exists():
            return path
        for suffix, what in ((".xls", "旧版 Excel（.xls）"), (".et", "WPS 表格（.et）")):
            legacy = path.with_suffix(suffix)
            if legacy.exists():
                save_as = f"请用 Excel/WPS 打开，“另存为” Excel 工作簿（*.xlsx），文件名为 {path.name}"
                where = Location(self.display_name.rsplit("/", 1)[0] + "/" + legacy.name)
                try:  # what the file is, before LibreOffice opens it (a pipe, a device, a link out)
                    read_file(legacy, within=path.parent.parent)
                except BadPackage as exc:
                    self.findings.error(where, str(exc))
                    return None
                try:
                    converted = self._convert(legacy) if self._convert else None
                except SpreadsheetNotConverted:
                    self.findings.error(
                        where,
                        f"这是{what}文件；本机的 LibreOffice 无法转换表格文件"
                        f"（可能没有安装 LibreOffice Calc 电子表格组件）。{save_as}",
                    )
                    return None
                if converted is None:
                    self.findings.error(where, f"这是{what}文件；{save_as}")
                    return None
                self.findings.warning(
                    here,
                    f"只找到{what}文件 {legacy.name}，已用 LibreOffice 临时转换后读取（原文件未改动）；"
                    f"建议在 Excel/WPS 中另存为 {path.name}",
                )
                return converted
        self.findings.error(here, "找不到输入工作簿")
        return None

    def _read_within_limits(self, source: Path, here: Location, workspace: Path) -> bytes | None:
        """The file's bytes, or None with one error: not a regular file in the workspace, too
        large, or no workbook at all; before any part of it is read."""
        try:
            data = read_file(source, within=workspace if source.is_relative_to(workspace) else None)
        except BadPackage as exc:
            self.findings.error(here, str(exc))
            return None
        if len(data) > MAX_FILE_BYTES:
            self.findings.error(
                here, f"文件有 {len(data) / 2**20:.0f} MB，超过上限 {MAX_FILE_BYTES // 2**20} MB，不像活动数据工作簿"
            )
            return None
        if is_encrypted_package(data):
            self.findings.error(here, "文件设置了打开密码（已加密）；请在 Excel/WPS 中取消密码，另存后再试")
            return None
        if data[:8] == OLE2_MAGIC:
            self.findings.error(
                here,
                "文件设置了打开密码，或其实是旧版 .xls 格式；"
                "请在 Excel/WPS 中取消密码，另存为 Excel 工作簿（*.xlsx）再试",
            )
            return None
        if not zipfile.is_zipfile(io.BytesIO(data)):
            self.findings.error(here, "这不是 Excel 工作簿（.xlsx）文件；请用 Excel/WPS 另存为 .xlsx 再试")
            return None
        return data

    @property
    def ok(self) -> bool:
        return self._wb is not None

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames) if self._wb is not None else []

    def has_sheet(self, name: str) -> bool:
        return normalize_header(name) in {normalize_header(n) for n in self.sheet_names()}

    def headers(self, name: str) -> list[str]:
        """A sheet's header row, as normalised names (empty cells left out)."""
        if self._wb is None or not self.has_sheet(name):
            return []
        actual = next(n for n in self._wb.sheetnames if normalize_header(n) == normalize_header(name))
        ws = self._readable(actual)
        if ws is None:
            return []
        return [h for _, cell in sorted(ws.rows.get(1, {}).items()) if (h := normalize_header(cell.value))]

    def peek_year(self, spec: SheetSpec, field_name: str) -> None:
        """The campaign's year, so that "1月19日" elsewhere can be read as a date."""
        sheet = self.read_form(spec, quiet=True)
        value = sheet.values.get(field_name) if sheet else None
        if value is not None and isinstance(value.value, dt.date):
            self.coerce.default_year = value.value.year

    def _sheet(self, spec: SheetSpec) -> Sheet | None:
        if self._wb is None:
            return None
        by_name = {normalize_header(name): name for name in self._wb.sheetnames}
        actual = by_name.get(normalize_header(spec.name))
        if actual is None and spec.optional:
            return None
        if actual is None:
            present = "、".join(self._wb.sheetnames)
            self.findings.error(
                Location(self.display_name, spec.name),
                f"缺少工作表「{spec.name}」（{spec.help}）；工作簿里现有：{present}",
            )
            return None
        return self._readable(actual)

    def _readable(self, actual: str) -> Sheet | None:
        """A sheet read from the file, or None with one error when its XML cannot be read (once per sheet)."""
        if self._wb is None:  # called only after has_sheet found the sheet in an open workbook
            raise InternalError("no workbook is open")
        try:
            sheet: Sheet = self._wb.sheet(actual)
        except SheetTooLong as exc:
            if actual not in self._unreadable:
                self._unreadable.add(actual)
                self.findings.error(
                    Location(self.display_name, actual),
                    f"这个工作表超过 {exc.limit} 行（空行也算），已拒绝读取；请检查是不是选错了文件",
                )
            return None
        except TooManyCells as exc:  # counted over the whole workbook: said once, at the sheet that passed it
            if not self._unreadable:
                self.findings.error(
                    Location(self.display_name, actual),
                    f"工作簿的单元格超过 {exc.limit} 个（读到这个工作表时），已拒绝读取；请检查是不是选错了文件",
                )
            self._unreadable.add(actual)
            return None
        except BadSheet as exc:
            if actual not in self._unreadable:
                self._unreadable.add(actual)
                if isinstance(exc, CellTooLong):
                    here, said = Location(self.display_name, actual, exc.cell), too_long(exc.length)
                elif isinstance(exc, BadCharacter):
                    here, said = Location(self.display_name, actual, exc.cell), f"这个单元格{bad_character(exc)}"
                elif exc.cell:
                    here, said = Location(self.display_name, actual, exc.cell), f"这个单元格{DAMAGED_CELL}"
                else:
                    why = DOCTYPE_IN_PART if exc.reason == "DOCTYPE" else "内容已损坏"
                    here, said = Location(self.display_name, actual), f"这个工作表{why}，无法读取"
                self.findings.error(here, f"{said}；{SAVE_AGAIN}")
            return None
        return sheet

    def _report_sheet(self, ws: Sheet, spec: SheetSpec, value_columns: list[int]) -> bool:
        """What a sheet hides, reported once; False when it cannot be read safely."""
        if spec.name in self._reported:
            return True
        self._reported.add(spec.name)
        here = Location(self.display_name, spec.name)
        # Rows that hold a value, not the last row's number: one stray entry at row 1,048,576 is one
        # row, reported at its cell like any other, not "a million rows".
        filled = sum(1 for cells in ws.rows.values() if any(c.value is not None for c in cells.values()))
        if filled > MAX_ROWS:
            self.findings.error(here, f"工作表有 {filled} 行数据，超过上限 {MAX_ROWS} 行，已拒绝读取")
            return False
        if ws.state == "veryHidden":  # no 取消隐藏 lists it: what goes into the documents, seen by nobody
            self.findings.error(here, VERY_HIDDEN)
            return False
        if ws.state != "visible":
            self.findings.warning(here, "这个工作表是隐藏的，gongwen 仍然读取了它；如果它不该用，请删除或改名")
        hidden = sorted(r for r in ws.hidden_rows if 2 <= r <= ws.max_row and r in ws.rows)
        if hidden:
            rows = "、".join(str(r) for r in hidden[:10]) + ("等" if len(hidden) > 10 else "")
            cause = "被筛选掉或隐藏" if ws.filtered else "被隐藏"
            self.findings.warning(
                here, f"第{rows}行{cause}了，gongwen 仍然读取了这些行；如果它们不该算进去，请删除这些行"
            )
        self._report_from_elsewhere(ws, spec)
        return self._check_merged(ws, spec, value_columns)

    def _report_from_elsewhere(self, ws: Sheet, spec: SheetSpec) -> None:
        """Formulas whose saved results come from outside the workbook, each at its cell: another
        program's (DDE: refused, its result is whatever that program answered, and opening the file
        in Excel runs it) or another workbook's (warned: gongwen reads the result saved last, and
        cannot know whether the other workbook has changed since); and the data connections whose
        queries fill the sheet, and its pivot tables counting another workbook or a connection (warned
        likewise)."""
        for connection in ws.queried_from:
            self.findings.warning(
                Location(self.display_name, spec.name),
                f"这个工作表的数据由数据连接「{connection[:60]}」（查询数据库、网页或其他文件）写入，gongwen 用的是"
                "上次刷新后保存的结果，无法确认它是最新的；请在 Excel/WPS 的“数据”菜单里全部刷新、保存后再生成",
            )
        for pivot in ws.pivoted_from:
            source = f"数据连接「{pivot.source[:60]}」" if pivot.connection else f"另一个工作簿「{pivot.source[:60]}」"
            self.findings.warning(
                Location(self.display_name, spec.name),
                f"这个工作表里的数据透视表「{pivot.table[:40]}」汇总的是{source}的数据，表里的数是上次刷新时保存的，"
                "gongwen 无法确认它是最新的；请在 Excel/WPS 的“数据”菜单里全部刷新、保存后再生成",
            )
        for told, ((row, column), found) in enumerate(sorted(ws.from_elsewhere.items())):
            if told == MAX_MERGES_NAMED:
                rest = len(ws.from_elsewhere) - told
                self.findings.warning(Location(self.display_name, spec.name), f"还有 {rest} 个单元格的公式取自别处")
                return
            here = Location(self.display_name, spec.name, f"{column_letters(column)}{row}")
            through = f"，其中的名称「{found.through[:40]}」指向它" if found.through else ""
            formula = f"（公式「={found.formula[:60]}」{through}）" if found.formula else ""
            if found.program:
                self.findings.error(
                    here,
                    f"这个单元格的公式从另一个程序取值（DDE「{found.source[:40]}」）{formula}，"
                    "它保存的结果不能当作数据，用 Excel 打开还会运行那个程序；请把它改成数值或文字",
                )
            else:
                self.findings.warning(
                    here,
                    f"这个单元格的公式取自另一个工作簿「{found.source[:60]}」{formula}，"
                    "gongwen 用的是上次保存时的结果，无法确认它是最新的；"
                    "请在 Excel/WPS 里打开两个工作簿、更新链接后保存，或把它改成数值",
                )

    def _check_merged(self, ws: Sheet, spec: SheetSpec, value_columns: list[int]) -> bool:
        """Merged cells over columns where every row needs its own value are refused, each at its range."""
        refused = 0
        for ref in ws.merged:
            first, _, last = ref.partition(":")
            m1, m2 = re.match(r"([A-Z]+)(\d+)", first), re.match(r"([A-Z]+)(\d+)", last or first)
            if not m1 or not m2:
                continue
            top, bottom = int(m1.group(2)), int(m2.group(2))
            left, right = column_index(m1.group(1)), column_index(m2.group(1))
            if bottom >= 2 and any(left <= c <= right for c in value_columns) and (bottom > top or right > left):
                refused += 1
                if refused <= MAX_MERGES_NAMED:
                    self.findings.error(
                        Location(self.display_name, spec.name, ref),
                        "这是合并单元格，但这里每个单元格都要单独填写；请取消合并，把内容填到每一行",
                    )
        if refused > MAX_MERGES_NAMED:  # one line each made 500,000 lines of a crafted sheet's merges
            self.findings.error(
                Location(self.display_name, spec.name),
                f"除上面 {MAX_MERGES_NAMED} 处外，还有 {refused - MAX_MERGES_NAMED} 处同样的合并单元格；请取消合并",
            )
        return not refused

    @staticmethod
    def _cell(ws: Sheet, row: int, column: int) -> Cell:
        return ws.cell(row, column) or Cell(row, column, None)

    def _data_rows(self, ws: Sheet) -> list[int]:
        """Rows below the header, up to the last one with a value (a file may claim a million)."""
        last = ws.max_row
        return [r for r in sorted(ws.rows) if 2 <= r <= last]

    def _header(self, ws: Sheet, spec: SheetSpec, wanted: list[str]) -> dict[str, int] | None:
        """Column numbers by field name, matching headers as typed (full-width, spaces, line breaks).

        Columns the schema does not know are kept under their header, prefixed "+".
        """
        found: dict[str, int] = {}
        shown: dict[str, str] = {}  # a header as the clerk typed it (spaces aside): a template's key
        for column, cell in sorted(ws.rows.get(1, {}).items()):
            name = normalize_header(cell.value)
            if name and name not in found:
                found[name] = column
                shown[name] = re.sub(r"\s+", "", str(cell.value))
        columns = {f.name: found[normalize_header(f.name)] for f in spec.fields if normalize_header(f.name) in found}
        for extra in (FORM_NAME_COLUMN, FORM_VALUE_COLUMN):
            if extra in found:
                columns[extra] = found[extra]
        known = {normalize_header(f.name) for f in spec.fields} | {FORM_NAME_COLUMN, FORM_VALUE_COLUMN}
        for name, column in found.items():
            if spec.is_table and name not in known:
                columns["+" + shown[name]] = column
        missing = [w for w in wanted if w not in columns]
        if missing:
            self.findings.error(Location(self.display_name, spec.name, "第1行"), _missing_header(ws, missing, wanted))
            return None
        return columns

    def read_form(self, spec: SheetSpec, quiet: bool = False) -> FormSheet | None:
        findings = self.findings
        if quiet:  # a first look (the campaign's year): its problems are reported by the real read
            self.findings = self.coerce.findings = Findings()
        try:
            return self._read_form(spec)
        finally:
            self.findings = self.coerce.findings = findings

    def _read_form(self, spec: SheetSpec) -> FormSheet | None:
        ws = self._sheet(spec)
        if ws is None:
            return None
        sheet = FormSheet(Location(self.display_name, spec.name))
        columns = self._header(ws, spec, [FORM_NAME_COLUMN, FORM_VALUE_COLUMN])
        if columns is None:
            return None
        name_col, value_col = columns[FORM_NAME_COLUMN], columns[FORM_VALUE_COLUMN]
        if not self._report_sheet(ws, spec, [value_col]):
            return None
        rows: dict[str, Cell] = {}
        for r in self._data_rows(ws):
            name = normalize_header(self._cell(ws, r, name_col).value)
            if name:
                rows.setdefault(name, self._cell(ws, r, value_col))
        known = {normalize_header(f.name) for f in spec.fields}
        sheet.extras = {name: extra_value(cell.value) for name, cell in rows.items() if name not in known}
        for f in spec.fields:
            key = normalize_header(f.name)
            if key not in rows:
                if f.required:
                    self.findings.error(
                        Location(self.display_name, spec.name, f"「{FORM_NAME_COLUMN}」列"),
                        f"缺少「{f.name}」一行（{f.help or f.type.value}）",
                    )
                continue
            cell = rows[key]
            location = Location(self.display_name, spec.name, cell.coordinate)
            sheet.values[f.name] = Value(self.coerce(f, cell, location), location)
        return sheet

    def read_table(self, spec: SheetSpec) -> TableSheet | None:
        ws = self._sheet(spec)
        if ws is None:
            return None
        columns = self._header(ws, spec, [f.name for f in spec.fields if f.required])
        if columns is None:
            return None
        if not self._report_sheet(ws, spec, list(columns.values())):
            return None
        return self._table(ws, spec, columns)

    def _table(self, ws: Sheet, spec: SheetSpec, columns: dict[str, int]) -> TableSheet:
        """The sheet's rows below the header as values of its fields, its own columns as extras."""
        table = TableSheet(Location(self.display_name, spec.name))
        fields = [(f, columns[f.name]) for f in spec.fields if f.name in columns]
        extras = [(name[1:], col) for name, col in columns.items() if name[0] == "+"]
        file, sheet_name, coerce = self.display_name, spec.name, self.coerce
        for r in self._data_rows(ws):
            cells = ws.rows[r]  # a sheet of thousands of rows: each row's cells looked up once
            if all(clean_text(c.value) is None for c in cells.values()):
                continue
            record: dict[str, Value] = {}
            for f, col in fields:
                cell = cells.get(col) or Cell(r, col, None)
                location = Location(file, sheet_name, cell.coordinate)
                record[f.name] = Value(coerce(f, cell, location), location)
            table.rows.append(record)
            table.extras.append({name: extra_value(c.value if (c := cells.get(col)) else None) for name, col in extras})
        return table

    def read_wide(
        self,
        sheet_name: str,
        key_columns: list[str],
        value_columns: list[str],
        help_text: str,
        note_columns: Sequence[str] = (),
    ) -> list[WideRow] | None:
        """Read a sheet with fixed key columns and one column per value name (e.g. per metric), and
        the optional text columns `note_columns` (e.g. who filled the form in) where present."""
        spec = SheetSpec(
            sheet_name,
            tuple(FieldSpec(name) for name in key_columns)
            + tuple(FieldSpec(n, required=False) for n in [*value_columns, *note_columns]),
            is_table=True,
            help=help_text,
        )
        ws = self._sheet(spec)
        columns = self._header(ws, spec, key_columns) if ws is not None else None
        if ws is None or columns is None:
            return None
        if self._empty_with_other_columns(ws, columns, value_columns):
            return []  # nobody has reported yet: the header is the forms' business (gongwen forms, collect)
        if not self._wide_columns_ok(sheet_name, columns, value_columns):
            return None
        if not self._report_sheet(ws, spec, [columns[n] for n in key_columns + value_columns]):
            return None
        notes = [n for n in note_columns if n in columns]

        def cells(r: int, names: Sequence[str]) -> dict[str, Cell]:
            return {n: self._cell(ws, r, columns[n]) for n in names}

        return [
            WideRow(r, cells(r, key_columns), cells(r, value_columns), cells(r, notes))
            for r in self._data_rows(ws)
            if any(clean_text(c.value) is not None for c in ws.rows[r].values())
        ]

    def _empty_with_other_columns(self, ws: Sheet, columns: dict[str, int], value_columns: list[str]) -> bool:
        """A sheet of no rows whose header names other columns (the example's, before any report)."""
        if all(n in columns for n in value_columns):
            return False
        return not any(any(clean_text(c.value) is not None for c in ws.rows[r].values()) for r in self._data_rows(ws))

    def _wide_columns_ok(self, sheet_name: str, columns: dict[str, int], value_columns: list[str]) -> bool:
        here = Location(self.display_name, sheet_name, "第1行")
        missing = [n for n in value_columns if n not in columns]
        extra = [name[1:] for name in columns if name.startswith("+")]
        if missing:
            # 其中：经营性自建房 for 其中经营性自建房: the column is there, its header typed otherwise
            renamed = [
                f"「{n}」（表头写的是「{close}」？）" if (close := nearest_name(n, extra)) else f"「{n}」"
                for n in missing
            ]
            self.findings.error(
                here, f"缺少指标列{''.join(renamed)}；「统计指标」表里的每个指标在这里都要有一列，列名与指标名相同"
            )
            return False
        if extra:
            self.findings.warning(
                here,
                f"列「{'」「'.join(extra)}」不是「统计指标」表里的指标，已忽略："
                "如果是改了名的指标，把列名改成「统计指标」表里的名称；不再需要的，删掉这一列（收回报表时，"
                "没有数的这种列会被换成指标列）",
            )
        return True
