"""Returned forms: read, checked and merged into the workbook's 统计报表 sheet.

The record is the clerk's evidence, so nothing doubtful goes in unseen:
- a yellow cell left blank is "not filled", never 0: such a form is held back with its blank cells
  named, unless the clerk chose to merge only the filled cells (a blank never replaces a figure);
- two forms of one unit and one period in one batch are both held back, with how they differ;
- a form dated before the report already merged for its unit and period is held back (a replayed
  old form must not revert a correction);
- the 核对规则 and jump checks run on each form as `validate` will run them after the merge;
- one unreadable form is refused alone, and the others go on.
The merge itself rewrites only the 统计报表 sheet's XML (sheet_merge.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import time
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from lxml import etree

from generator import faults
from generator.errors import Findings, Location, WorkspaceError, present
from generator.forms.fill_in import FORM_KEY_NAME, FORM_SHEET, MARKER_SHEET, form_seal
from generator.forms.sheet_merge import CellValue, SheetNotFound, rewrite_sheet
from generator.inputs.model import Inputs, Metric, Period, Report
from generator.inputs.periods import find_period, periods_listed
from generator.inputs.schema import (
    NOTICE_SHEET,
    REPORT_FILED_COLUMN,
    REPORT_FIRST_FILED_COLUMN,
    REPORT_FOOTER_COLUMNS,
    REPORT_PERIOD_COLUMN,
    REPORT_UNIT_COLUMN,
    REPORTS_SHEET_NAME,
    UNITS_SHEET,
)
from generator.inputs.statistics import (
    filed_date_problem,
    filed_on,
    footer_of,
    format_figure,
    implausible,
    next_form_problem,
    parse_figure,
    report_of,
)
from generator.inputs.validate import resolve_unit
from generator.inputs.workbook import (
    DAMAGED_CELL,
    DOCTYPE_IN_PART,
    bad_character,
    clean_text,
    normalize_header,
    show_value,
    too_long,
)
from generator.inputs.xlsx_reader import (
    BadCharacter,
    BadSheet,
    Cell,
    CellTooLong,
    NotAWorkbook,
    OtherDocument,
    RefusedFile,
    Sheet,
    SheetTooLong,
    XlsxWorkbook,
)
from generator.standard.filenames import not_a_device, within_bytes
from generator.standard.package import (
    MAX_RATIO,
    BadPackage,
    NotAZip,
    check_end_record,
    read_file,
    write_atomic,
    write_backup,
)
from generator.standard.words import chinese_date
from generator.standard.zipnames import mac_resource_fork, member_name

DATE_COLUMN = "填报日期"
UNSUPPORTED_PACKING = "文件用了不支持的压缩方式，无法读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再报送"
FIRST_WITH_BLANKS = (
    "这是该单位这一期的第一份报表，空格没有原数可保留，也不能当作 0 并入；请单位填全后重新报送（没有发生的填 0）"
)
HELD_FOR_BLANKS = "有格子空着，未并入：可以退回单位填全，或确认只并入已填的数（空着的格子保留工作簿里的原数）"


class Outcome(Enum):
    NEW = "新报送"
    CHANGED = "有变化"
    UNCHANGED = "未变化"
    HELD = "暂不并入"  # readable and sealed, but a doubt the clerk must settle first
    REJECTED = "未采用"  # the form has wrong cells
    REFUSED = "拒收"  # the form cannot be for this campaign


class Hold(Enum):
    """Why a form is held back (Outcome.HELD)."""

    BLANKS = "blanks"  # merging only its filled cells is the clerk's choice
    FIRST_WITH_BLANKS = "first-with-blanks"  # no figures to keep for its blanks: the unit must fill them
    DUPLICATE = "duplicate"
    STALE = "stale"


@dataclass
class Collected:
    file: str
    outcome: Outcome
    unit: str = ""
    period: Period | None = None
    details: list[str] = field(default_factory=list)
    values: dict[str, Decimal] = field(default_factory=dict)  # the filled cells only
    footer: dict[str, str] = field(default_factory=dict)  # 填报人, 审核人, 联系电话, 填报日期
    blanks: list[tuple[str, str]] = field(default_factory=list)  # (metric, cell) left blank
    warnings: list[str] = field(default_factory=list)  # 核对规则 and jump checks, as validate words them
    hold: Hold | None = None
    duplicates: list[str] = field(default_factory=list)  # the other files of its unit and period
    digest: str = ""  # of the file's bytes (MergedForms)

    @property
    def merged(self) -> bool:
        return self.outcome in (Outcome.NEW, Outcome.CHANGED)

    @property
    def refused(self) -> bool:
        """未采用 or 拒收: the unit has to send it again."""
        return self.outcome in (Outcome.REJECTED, Outcome.REFUSED)

    @property
    def held(self) -> bool:
        return self.outcome is Outcome.HELD

    def lines(self) -> list[str]:
        what = f"{self.unit} {self.period.label}" if self.period else ""
        head = f"{self.outcome.value}  {what}（{self.file}）" if what else f"{self.outcome.value}  {self.file}"
        return [head] + [f"    {d}" for d in self.details] + [f"    核对：{w}" for w in self.warnings]


def blank_note(blanks: Sequence[tuple[str, str]]) -> str:
    cells = "、".join(f"{cell}「{metric}」" for metric, cell in blanks)
    return f"空着的格子 {len(blanks)} 个：{cells}（空格是“没有填”，不是 0）"


# --- reading one form ------------------------------------------------------------------------------


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
# What a damaged or hostile .xlsx raises while it is read; NotImplementedError is a member packed
# with a method zipfile does not know (deflate64, bzip2 from some archivers).
_UNREADABLE = (
    NotAWorkbook, OSError, ValueError, KeyError, EOFError, NotImplementedError,
    zipfile.BadZipFile, zlib.error, etree.LxmlError,
)  # fmt: skip


def read_form(path: Path, shown: str, inputs: Inputs, key: bytes | None) -> Collected:
    try:
        return _read_form_sheets(path, shown, inputs, key)
    except RefusedFile as exc:  # what the file is, its zip directory: refused before it is read
        return Collected(shown, Outcome.REFUSED, details=[f"不是有效的 .xlsx 工作簿：{exc.reason}"])
    except SheetTooLong as exc:
        return Collected(
            shown, Outcome.REFUSED, details=[f"「{exc.sheet}」工作表超过 {exc.limit} 行，不是 gongwen 生成的填报表"]
        )
    except NotImplementedError:
        return Collected(shown, Outcome.REFUSED, details=[UNSUPPORTED_PACKING])
    except OtherDocument as exc:
        return Collected(
            shown, Outcome.REFUSED, details=[f"这是{exc.what}，不是填报表（Excel 工作簿）：请单位重发填报表"]
        )
    except BadSheet as exc:  # a part named: a DOCTYPE is no damage in the post, but a crafted file
        why = f"{DOCTYPE_IN_PART}，已拒绝读取" if exc.reason == "DOCTYPE" else "内容已损坏，无法读取"
        again = "请单位在 Excel 或 WPS 中打开填报表，另存为 .xlsx 后重发"
        if isinstance(exc, CellTooLong):
            where, why = f"「{exc.sheet}」工作表的单元格 {exc.cell} ", too_long(exc.length).removeprefix("这个单元格")
        elif isinstance(exc, BadCharacter):
            where, why = f"「{exc.sheet}」工作表的单元格 {exc.cell} ", bad_character(exc)
        elif exc.cell:
            where, why = f"「{exc.sheet}」工作表的单元格 {exc.cell} ", DAMAGED_CELL
        else:
            where = f"文件里的「{exc.part}」"
        said = f"不是有效的 .xlsx 工作簿：{where}{why}；{again}"
        return Collected(shown, Outcome.REFUSED, details=[said])
    except _UNREADABLE:
        return Collected(shown, Outcome.REFUSED, details=["不是有效的 .xlsx 工作簿（文件可能不完整或已损坏）"])


def _read_form_sheets(path: Path, shown: str, inputs: Inputs, key: bytes | None) -> Collected:
    # A form has a row per metric and a few more: a longer sheet is not one, and is not read.
    wb = XlsxWorkbook(str(path), max_rows=FORM_MAX_ROWS_BEYOND_METRICS + len(inputs.metrics))
    if FORM_SHEET not in wb.sheetnames:
        return Collected(shown, Outcome.REFUSED, details=[f"没有「{FORM_SHEET}」工作表，不是 gongwen 生成的填报表"])
    sheet = wb.sheet(FORM_SHEET)
    if MARKER_SHEET not in wb.sheetnames and {NOTICE_SHEET.name, UNITS_SHEET.name} <= set(wb.sheetnames):
        # the campaign's own workbook (its 统计报表 sheet holds every unit's reports), sent back by mistake
        said = f"这是活动数据工作簿（有「{NOTICE_SHEET.name}」「{UNITS_SHEET.name}」等工作表），不是单位的填报表"
        return Collected(
            shown, Outcome.REFUSED, details=[f"{said}：请收回单位填好的填报表（gongwen forms 发出的那种）"]
        )
    if MARKER_SHEET not in wb.sheetnames:
        return Collected(
            shown, Outcome.REFUSED, details=["缺少隐藏的填报表标记，不是本工作区用 gongwen forms 发出的填报表"]
        )
    marker = wb.sheet(MARKER_SHEET)
    # The hidden marker says which unit and period; its seal proves this workspace issued it so.
    raw_unit, raw_period = _value_at(marker, 1, 1), _value_at(marker, 2, 1)
    if not raw_unit or not str(raw_unit).strip():  # the marker sheet emptied (or its part taken out)
        return Collected(
            shown, Outcome.REFUSED, details=["隐藏的填报表标记是空的（被改过或已损坏），不能确认是哪个单位的填报表"]
        )
    names = [u.name for u in inputs.units]
    unit = resolve_unit(str(raw_unit).strip(), Location(shown, FORM_SHEET, "B2"), names, Findings())
    if unit is None:
        return Collected(shown, Outcome.REFUSED, details=[f"填报单位「{raw_unit}」不在「单位」表中"])
    period = _form_period(raw_period, inputs)
    if period is None:
        labels = periods_listed(inputs.campaign.periods)
        return Collected(
            shown,
            Outcome.REFUSED,
            unit,
            details=[f"统计期别「{raw_period}」不是本次活动的报送期（报送期：{labels}）"],
        )
    mismatch = _binding_problem(shown, sheet, marker, unit, period, inputs, key)
    if mismatch:
        return Collected(shown, Outcome.REFUSED, unit, period, [mismatch])
    # A unit's form holds only its type's metrics (a township's has no 立案): the others are not asked.
    values, blanks, problems = _form_figures(sheet, shown, inputs.metrics_of(inputs.unit(unit)))
    footer, footer_problems = _form_footer(sheet)
    problems += footer_problems
    item = Collected(shown, Outcome.UNCHANGED, unit, period, values=values, footer=footer, blanks=blanks)
    if problems:
        item.outcome, item.details = Outcome.REJECTED, problems
    elif not values:
        item.outcome, item.details = Outcome.REJECTED, ["一个数字也没有填（黄色格子全部空着）；没有发生的请填 0"]
    return item


# How a refusal for a form's seal starts: the clerk's words; the 催报 tells the unit what to do instead.
SEAL_REFUSED = "校验码不符"


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
        return f"{SEAL_REFUSED}：这份表不是本工作区为「{unit}」{period.label}发出的，或表中隐藏的标记被改过"
    names = [u.name for u in inputs.units]
    visible = _value_at(sheet, 2, 2)
    shown_unit = (
        resolve_unit(str(visible).strip(), Location(shown, FORM_SHEET, "B2"), names, Findings()) if visible else None
    )
    if shown_unit != unit:
        return f"表中填报单位「{visible or ''}」与这份表发给的单位「{unit}」不一致"
    return _file_name_problem(Path(shown).stem, names, unit, period, inputs)


def _file_name_problem(stem: str, names: list[str], unit: str, period: Period, inputs: Inputs) -> str | None:
    """A file named for another unit, or for another period (last period's form sent again, filled in
    with this one's figures, would be taken as a correction of last period's)."""
    others = [n for n in names if n != unit and n in stem and n not in unit]
    if others and unit not in stem:
        return f"文件名写的是「{others[0]}」，表里却是「{unit}」的报表；请核对是否发错了文件"
    meant = named_period(stem, inputs.campaign.periods, period)
    if meant is not None:
        return (
            f"文件名写的是「{meant.label}」，表里却是{period.label}的报表：可能是用另一期的填报表填了{meant.label}的数；"
            f"请用{meant.label}的填报表重新填报"
        )
    return None


def named_period(stem: str, periods: Sequence[Period], period: Period) -> Period | None:
    """The other period a form's file name says, when it does not say the form's own `period` (last
    period's form filled in with this one's figures): the period the unit meant to report."""
    named = [p for p in periods if p.label in stem and p.label not in period.label]
    return named[0] if named and period.label not in stem else None


def _form_footer(sheet: Sheet) -> tuple[dict[str, str], list[str]]:
    """填报人, 审核人, 联系电话, 填报日期: each the cell right of its label, wherever the label is;
    and a formula found there, which is refused as a figure's is (a formula holds no name or date,
    and one such as =cmd|' /C calc'!A0 runs a program where the workbook is opened)."""
    wanted = {normalize_header(name): name for name in REPORT_FOOTER_COLUMNS}
    cells = {}
    problems = []
    for r, row in sheet.rows.items():
        for column, cell in row.items():
            name = wanted.get(normalize_header(cell.value)) if isinstance(cell.value, str) else None
            if name is not None and name not in cells:
                value = sheet.cell(r, column + 1)
                elsewhere = from_elsewhere(sheet, value, name) if value is not None else None
                if value is not None and value.formula_without_value:
                    problems.append(
                        f"{value.coordinate}：「{sheet.name}」表的「{name}」填的是公式，不是文字；请直接写上{name}，不要用公式"
                    )
                elif elsewhere:
                    problems.append(elsewhere)
                elif value is not None:
                    cells[name] = value
    return footer_of(cells), problems


def from_elsewhere(sheet: Sheet, cell: Cell, name: str) -> str | None:
    """Why a form's cell whose formula takes its result from outside the form is refused (None: it
    does not): another program's answer (DDE, which Excel runs where the form is opened), or another
    workbook's cells, which stay on the unit's computer (the result saved last, unknown to be current)."""
    found = sheet.from_elsewhere.get((cell.row, cell.column))
    if found is None:
        return None
    where = f"另一个程序（DDE「{found.source[:40]}」）" if found.program else f"另一个工作簿「{found.source[:60]}」"
    said = f"{cell.coordinate}：「{sheet.name}」表的「{name}」是取自{where}的公式，不是填写的内容"
    return f"{said}；请直接填写后重新报送"


def _form_figures(
    sheet: Sheet, shown: str, metrics: Sequence[Metric]
) -> tuple[dict[str, Decimal], list[tuple[str, str]], list[str]]:
    """Each filled metric's 本期数, found by its name in column B; the blank cells; what could not be read."""
    findings = Findings()
    rows = {normalize_header(c.value): r for r, cells in sheet.rows.items() if (c := cells.get(2)) is not None}
    values: dict[str, Decimal] = {}
    blanks: list[tuple[str, str]] = []
    problems: list[str] = []
    for metric in metrics:
        r = rows.get(normalize_header(metric.name))
        if r is None:
            problems.append(_missing_metric(sheet, rows, metric, metrics))
            continue
        cell = sheet.cell(r, 4) or Cell(r, 4, None)
        elsewhere = from_elsewhere(sheet, cell, metric.name)
        if elsewhere:
            problems.append(elsewhere)
            continue
        if clean_text(cell.value) is None and not cell.formula_without_value:
            blanks.append((metric.name, cell.coordinate))  # not filled in: not a zero
            continue
        figure = parse_figure(metric, cell, Location(shown, FORM_SHEET, cell.coordinate), findings)
        if figure is not None:
            values[metric.name] = figure
    problems += [f"{f.location.cell}：{f.message}" for f in findings.errors]
    return values, blanks, problems


def _missing_metric(sheet: Sheet, rows: dict[str, int], metric: Metric, metrics: Sequence[Metric]) -> str:
    """Why a metric's row is not on the form: its name edited (a row in column B that holds it, and
    is no other metric), else a row deleted or an older form."""
    known = {normalize_header(m.name) for m in metrics}
    wanted = normalize_header(metric.name)
    edited = next((name for name in rows if name not in known and wanted in name), None)
    if edited is not None:
        r = rows[edited]
        cell = sheet.cell(r, 2) or Cell(r, 2, edited)
        return (
            f"{cell.coordinate}：指标名称改成了「{show_value(cell.value)}」，应为「{metric.name}」；"
            "请不要改动指标名称和顺序，改回后重新报送"
        )
    return f"表中没有指标「{metric.name}」（这一行可能被删去了，或表格是旧版；请用 gongwen forms 重新生成这份填报表）"


# --- what each form would change ---------------------------------------------------------------------


def _differences(one: Collected, other: Collected, metrics: Sequence[Metric]) -> list[str]:
    def shown(item: Collected, metric: Metric) -> str:
        value = item.values.get(metric.name)
        return f"{format_figure(value, metric)}{metric.unit}" if value is not None else "空"

    found = [
        f"{m.name} 本份 {shown(one, m)}、那份 {shown(other, m)}" for m in metrics if shown(one, m) != shown(other, m)
    ]
    found += [
        f"{name} 本份 {one.footer.get(name, '空')}、那份 {other.footer.get(name, '空')}"
        for name in REPORT_FOOTER_COLUMNS
        if one.footer.get(name) != other.footer.get(name)
    ]
    return found


def _hold_duplicates(items: Sequence[Collected], metrics: Sequence[Metric]) -> None:
    """Two or more forms of one unit and one period: all held back, each saying how it differs."""
    slots: dict[tuple[str, int], list[Collected]] = {}
    for item in items:
        if item.period is not None and item.outcome in (Outcome.UNCHANGED, Outcome.REJECTED):
            slots.setdefault((item.unit, item.period.number), []).append(item)
    for group in slots.values():
        if len(group) < 2:
            continue
        for item in group:
            said = []
            for other in (o for o in group if o is not item):
                differences = _differences(item, other, metrics)
                how = "；".join(differences) if differences else "两份内容完全相同"
                said.append(f"与「{other.file}」是同一单位同一期的报表，两份都未并入，请只留一份。不同之处：{how}")
            item.duplicates = [o.file for o in group if o is not item]
            item.outcome, item.hold = Outcome.HELD, Hold.DUPLICATE
            item.details = said + item.details


def _stale(item: Collected, existing: Report) -> str | None:
    """Why a form that would change a merged report may be an old one replayed, else None."""
    period = present(item.period, "a compared form's period")
    merged_on = filed_on(existing.footer.get(DATE_COLUMN), period)  # 3月5日 without its year, as validate reads it
    if merged_on is None:
        return None  # nothing says when the merged figures were filled in
    dated = filed_on(item.footer.get(DATE_COLUMN), period)
    if dated is None:
        return (
            f"这份表没有填报日期，无法确认它比工作簿里已并入的这一期报表（填报日期 {chinese_date(merged_on)}）更新，"
            "未并入；请单位填上填报日期后重新报送"
        )
    if dated < merged_on:
        return (
            f"这份表的填报日期 {chinese_date(dated)} 早于工作簿里已并入的这一期报表"
            f"（填报日期 {chinese_date(merged_on)}），"
            "可能是重发的旧表，未并入；如这份确是更正，请单位改正填报日期后重新报送"
        )
    return None


def _changes(item: Collected, existing: Report, metrics: Sequence[Metric]) -> list[str]:
    """What merging the form changes in the existing report: 旧值 → 新值, filled cells and foot only."""
    filled = [m for m in metrics if m.name in item.values]

    def said(value: Decimal, metric: Metric) -> str:
        return f"{format_figure(value, metric)}{metric.unit}"  # in the metric's own unit: 61人次

    return [
        f"{m.name}：{said(existing.values[m.name], m)} → {said(item.values[m.name], m)}"
        for m in filled
        if existing.values[m.name] != item.values[m.name]
    ] + [
        f"{name}：{_foot(existing.footer, name, item.period) or '（空）'} → {_foot(item.footer, name, item.period)}"
        for name in REPORT_FOOTER_COLUMNS
        if name in item.footer and _foot(existing.footer, name, item.period) != _foot(item.footer, name, item.period)
    ]


def _foot(footer: dict[str, str], name: str, period: Period | None) -> str | None:
    """A foot cell as the sheet prints it: a 填报日期 typed 2021/3/28 or 3.28 is 2021年3月28日, as the
    workbook's is said (a date written two ways is no change)."""
    given = footer.get(name)
    dated = filed_on(given, period) if name == DATE_COLUMN and period is not None else None
    return chinese_date(dated) if dated is not None else given


def _compare(item: Collected, inputs: Inputs, filled_only: bool) -> None:
    """NEW, CHANGED or UNCHANGED (with what changes), or HELD for blanks or a stale date."""
    period = present(item.period, "a collected form's period")
    existing = report_of(inputs.reports_of(item.unit), period.number)
    if item.blanks:
        item.details.append(blank_note(item.blanks))
    if existing is None:
        if item.blanks:
            item.outcome, item.hold = Outcome.HELD, Hold.FIRST_WITH_BLANKS
            item.details.append(FIRST_WITH_BLANKS)
        else:
            item.outcome = Outcome.NEW
            item.details += _late(item, period)
        return
    changes = _changes(item, existing, inputs.metrics)
    item.details += changes
    if changes:  # (no change: UNCHANGED, and a blank keeps its figure either way)
        _decide(item, existing, filled_only)
        if item.outcome is Outcome.CHANGED:
            item.details += _late(item, period, existing)


def _late(item: Collected, period: Period, existing: Report | None = None) -> list[str]:
    """Said before the merge: a first report's 填报日期 after the deadline makes the period 逾期报送 (as
    Inputs.status judges it), so that the ledger and the summary saying so is no surprise. A correction
    (更正) of a report first sent on time leaves it on time: the merge keeps its 首次报送日期."""
    dated = filed_on(item.footer.get(DATE_COLUMN), period)
    if dated is None or dated <= period.due:
        return []
    late = f"填报日期 {chinese_date(dated)} 晚于截止日期 {chinese_date(period.due)}"
    first = existing.reported_on if existing is not None else None
    if first is not None and first <= period.due:
        return [f"{late}：这一期已于 {chinese_date(first)} 按时报送，这份是更正，并入后仍算按时报送（更正）"]
    if first is not None:
        return [f"{late}：这一期已于 {chinese_date(first)} 逾期报送，这份是更正，并入后仍算逾期报送"]
    if existing is not None:  # the report it corrects has no date: when the period was first sent is unknown
        return [
            f"{late}：这一期此前报来的报表没有填报日期，不知道是否按时报送；并入后按这份更正的日期算逾期报送"
            f"（如此前是按时报送的，请在「统计报表」这一行的「{REPORT_FIRST_FILED_COLUMN}」填上那天）"
        ]
    return [f"{late}：并入后这一期算逾期报送"]


def _first_filed_to_keep(item: Collected, inputs: Inputs) -> str | None:
    """The 首次报送日期 to write beside a correction: the replaced report's 填报日期 when it was dated, the
    row has none yet and the correction is dated otherwise (a resent copy of the same day is no 更正)."""
    period = present(item.period, "a merged form's period")
    existing = report_of(inputs.reports_of(item.unit), period.number)
    if existing is None or existing.first_filed is not None or existing.filed is None:
        return None
    if filed_on(item.footer.get(DATE_COLUMN), period) == existing.filed:
        return None
    return chinese_date(existing.filed)


def _decide(item: Collected, existing: Report, filled_only: bool) -> None:
    stale = _stale(item, existing)
    if stale is not None:
        item.outcome, item.hold = Outcome.HELD, Hold.STALE
        item.details.insert(0, stale)
    elif item.blanks and not filled_only:
        item.outcome, item.hold = Outcome.HELD, Hold.BLANKS
        item.details.insert(0, HELD_FOR_BLANKS)
    else:
        item.outcome = Outcome.CHANGED
        if item.blanks:
            item.details.insert(0, "只并入已填的数，空着的格子保留工作簿里的原数")


def _as_merged(item: Collected, inputs: Inputs) -> Report | None:
    """The unit's report for the form's period as it would be after merging it (None: incomplete)."""
    period = present(item.period, "a collected form's period")
    existing = report_of(inputs.reports_of(item.unit), period.number)
    unit_type = inputs.unit(item.unit).unit_type
    not_asked = {m.name: Decimal(0) for m in inputs.metrics if not m.applies_to(unit_type)}  # not on its form
    values = {**not_asked, **(existing.values if existing else {}), **item.values}
    if len(values) < len(inputs.metrics):
        return None
    return Report(item.unit, period.number, values, item.footer)


def _check_before_merge(items: Sequence[Collected], inputs: Inputs) -> None:
    """The 核对规则 and jump checks, run by validate's own code on each form's report as it would be
    merged, next to the periods before and after it (as merged by this batch)."""
    after: dict[tuple[str, int], Report] = {(r.unit, r.period): r for r in inputs.reports}
    for item in items:
        report = _as_merged(item, inputs) if item.merged else None
        if report is not None:
            after[report.unit, report.period] = report
    for item in items:
        report = _as_merged(item, inputs) if item.period is not None and not item.refused else None
        if report is not None:
            item.warnings = _warnings(report, after, inputs)


def _warnings(report: Report, after: dict[tuple[str, int], Report], inputs: Inputs) -> list[str]:
    """What validate will say of `report` once merged, and of the next period's report measured from it."""
    periods, metrics = inputs.campaign.periods, inputs.metrics
    series = {period: r for (unit, period), r in after.items() if unit == report.unit}
    series[report.period] = report
    order = sorted(series)
    at = order.index(report.period)
    previous = series[order[at - 1]] if at > 0 else None
    label = periods[report.period - 1].label
    warnings = [message for _, message in implausible(report, previous, metrics, inputs.checks, report.unit, label)]
    filed = filed_date_problem(report.footer.get(REPORT_FILED_COLUMN), report.unit, periods[report.period - 1])
    warnings += [filed] if filed is not None else []
    period = periods[report.period - 1]
    before = periods[report.period - 2] if report.period > 1 else None
    dated = filed_on(report.footer.get(REPORT_FILED_COLUMN), period)
    early = next_form_problem(report.unit, period, before, dated, report.period - 1 in series)
    warnings += [early] if early is not None else []
    if at + 1 < len(order):  # the next period's jump is measured from this one: only what is new
        following = series[order[at + 1]]
        label = periods[following.period - 1].label
        was = report_of(inputs.reports_of(report.unit), report.period)
        old = [m for _, m in implausible(following, was, metrics, (), report.unit, label)] if was else []
        warnings += [m for _, m in implausible(following, report, metrics, (), report.unit, label) if m not in old]
    return warnings


def collect(
    directory: Path,
    workbook: Path,
    inputs: Inputs,
    key: bytes | None,
    *,
    merge_into_workbook: bool = True,
    filled_only: bool = False,
) -> tuple[list[Collected], list[str], Path | None]:
    """Read every form in `directory`; merge the good ones into a new version of the workbook
    (unless `merge_into_workbook` is False: then only say what a merge would do). With `filled_only`,
    a form with blank cells merges its filled cells and keeps the workbook's figures for the rest.

    Returns the outcome of each form, notes about files skipped, and the backup made (if any).
    """
    items: list[Collected] = []
    notes: list[str] = []
    for path in sorted(directory.iterdir()):
        if _apple_double(path):
            notes.append(f"跳过 {path.name}：这是苹果电脑复制文件时附带的属性文件，不是填报表")
            continue
        other = _other_spreadsheet(path)
        if other is not None:
            items.append(Collected(path.name, Outcome.REFUSED, details=[other]))
            continue
        note = _skipped(path)
        if note is not None:
            if note:
                notes.append(note)
            continue
        item = read_form(path, path.name, inputs, key)
        item.digest = _digest(path)
        items.append(item)
    _hold_duplicates(items, inputs.metrics)
    for item in items:
        if item.outcome is Outcome.UNCHANGED:
            _compare(item, inputs, filled_only)
    ledger = MergedForms(workbook.parent)
    _hold_replays(items, ledger)
    _check_before_merge(items, inputs)
    to_merge = [i for i in items if i.merged]
    backup = merge(workbook, inputs, to_merge) if to_merge and merge_into_workbook else None
    if backup is not None:
        try:
            ledger.record(to_merge)
        except OSError:  # merged and backed up: only the record of which files went in is missing
            notes.append(f"已并入，但没能写入 {MergedForms.NAME}（这次并入的文件再交来时，只按填报日期判断新旧）")
    return items, notes, backup


# A zip of returned forms (the CLI's `collect 收回的报表.zip`): a county's forms are a few hundred
# files of tens of kilobytes each.
ZIP_MAX_FORMS = 500
ZIP_MAX_FORM_BYTES = 32 * 2**20
ZIP_MAX_TOTAL_BYTES = 256 * 2**20
_NOT_IN_NAMES = set('<>:"/\\|?*')


def unpack_forms(archive: Path, folder: Path) -> None:
    """The .xlsx members of a zip into `folder`, each under its own name as the zip's maker wrote it
    (GBK from Windows Explorer, Info-ZIP's Unicode Path, UTF-8), never by its path; within limits."""
    try:  # what the file is and its end record (the entry count), before zipfile reads its directory
        data = read_file(archive)
        check_end_record(data)
    except NotAZip:
        raise WorkspaceError(f"{archive.name} 不是有效的 zip 压缩包（文件可能不完整）") from None
    except BadPackage as exc:
        raise WorkspaceError(f"{archive.name}：{exc}") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            wanted = (".xlsx", *OTHER_SPREADSHEETS)  # a form saved as .xls is refused by name, not dropped
            infos = [
                i
                for i in zf.infolist()
                if not i.is_dir() and member_name(i).lower().endswith(wanted) and not mac_resource_fork(member_name(i))
            ]
            _refuse_members(archive.name, infos)
            for info in infos:
                _unpack_member(zf, info, folder)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        zlib.error,
        UnicodeDecodeError,
    ) as exc:  # (a name flagged UTF-8 that is not)
        raise WorkspaceError(f"{archive.name} 不是有效的 zip 压缩包（文件可能不完整）") from exc


def _refuse_members(shown: str, infos: list[zipfile.ZipInfo]) -> None:
    """A zip of forms refused by its directory, before any member is unpacked: too many or too
    large, one that unpacks a hundredfold and more (a returned form barely compresses), or one
    locked by a password (which zipfile would ask for)."""
    if len(infos) > ZIP_MAX_FORMS or sum(i.file_size for i in infos) > ZIP_MAX_TOTAL_BYTES:
        raise WorkspaceError(f"{shown} 里的文件太多或太大，不像是收回的报表")
    bomb = next((i for i in infos if i.file_size > 2**20 and i.file_size > MAX_RATIO * i.compress_size), None)
    if bomb is not None:
        raise WorkspaceError(f"{shown} 里的「{member_name(bomb)}」压缩比异常（可能是恶意构造的文件）")
    locked = next((i for i in infos if i.flag_bits & 0x1), None)
    if locked is not None:
        raise WorkspaceError(f"{shown} 里的「{member_name(locked)}」设置了解压密码；请先解压，再收回解压出的文件夹")


def _unpack_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path) -> None:
    name = member_name(info).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if c in _NOT_IN_NAMES else c for c in name if c.isprintable()).lstrip(".") or "报表.xlsx"
    name = within_bytes(not_a_device(name), 200)  # a name the file system takes, on every system
    target, n = folder / name, 1
    while target.exists():  # two members of one name in different folders of the zip
        n += 1
        target = folder / f"{Path(name).stem}（{n}）{Path(name).suffix}"
    try:
        with zf.open(info) as member:
            data = member.read(ZIP_MAX_FORM_BYTES + 1)
    except NotImplementedError:  # a method zipfile lacks: kept empty, refused alone by name
        data = b""
    target.write_bytes(data[:ZIP_MAX_FORM_BYTES] if len(data) <= ZIP_MAX_FORM_BYTES else b"")


def _digest(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class MergedForms:
    """Which form files were merged, by their bytes' digest (inputs/.gongwen-merged-forms.json): the
    very file of an earlier return, sent again after a correction was merged, is known for what it is
    whatever date it carries."""

    NAME = ".gongwen-merged-forms.json"

    def __init__(self, inputs_dir: Path):
        self.path = inputs_dir / self.NAME
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict[str, dict[str, Any]] = data if isinstance(data, dict) else {}

    def merged_before(self, item: Collected) -> str | None:
        """When this very file was merged for its unit and period (a Chinese date), if it was."""
        entry = self.entries.get(item.digest)
        if not isinstance(entry, dict) or item.period is None:
            return None
        if entry.get("unit") != item.unit or entry.get("period") != item.period.number:
            return None
        return str(entry.get("merged", ""))

    def record(self, items: Sequence[Collected]) -> None:
        now = dt.datetime.now()
        when = f"{chinese_date(now.date())} {now:%H:%M}"
        for item in items:
            period = present(item.period, "a merged form's period")
            self.entries[item.digest] = {"unit": item.unit, "period": period.number, "merged": when}
        write_atomic(self.path, json.dumps(self.entries, ensure_ascii=False, indent=0).encode("utf-8"))


def _hold_replays(items: Sequence[Collected], ledger: MergedForms) -> None:
    """A file merged before that would now change its report: the report was corrected since."""
    for item in items:
        if not (item.merged or item.hold is Hold.BLANKS):
            continue
        merged_on = ledger.merged_before(item)
        if merged_on is not None:
            item.outcome, item.hold = Outcome.HELD, Hold.STALE
            item.details.insert(
                0,
                f"这份表（同一个文件）已于 {merged_on} 并入过，之后这一期又并入了更正，这是重发的旧表，未并入；"
                "如确要改回，请单位重新填一份报送",
            )


# Spreadsheets a unit may save its form as (WPS offers them all) that are not .xlsx: a form,
# refused with how to save it again, not a stray file skipped.
OTHER_SPREADSHEETS = {
    ".xls": "旧版 Excel 文件（.xls）",
    ".et": "WPS 表格文件（.et）",
    ".ett": "WPS 表格模板（.ett）",
    ".xlsm": "带宏的 Excel 文件（.xlsm）",
    ".ods": "OpenDocument 表格（.ods）",
    ".csv": "逗号分隔的文字文件（.csv）",
}


def _other_spreadsheet(path: Path) -> str | None:
    """Why a spreadsheet saved as another type cannot be read, and how to save it again; else None."""
    what = OTHER_SPREADSHEETS.get(path.suffix.lower())
    if what is None or path.name.startswith("~$") or not path.is_file():
        return None
    space = " " if what[0].isascii() else ""  # 这是 WPS 表格文件, 这是旧版 Excel 文件
    return (
        f"这是{space}{what}，不能直接读取：请用 Excel 或 WPS 表格打开它，点“文件 → 另存为”，"
        "保存类型选 .xlsx，再收回另存的文件"
    )


APPLE_DOUBLE_MAGIC = b"\x00\x05\x16\x07"


def _apple_double(path: Path) -> bool:
    """A ._韩村镇.xlsx macOS writes beside 韩村镇.xlsx on a USB stick or network share (the file's
    Finder attributes): it was refused as a damaged form, and the report counted one form too many."""
    if not path.name.startswith("._") or not path.is_file() or path.is_symlink():
        return False
    try:
        with path.open("rb") as fh:
            return fh.read(4) == APPLE_DOUBLE_MAGIC
    except OSError:
        return False


def _skipped(path: Path) -> str | None:
    """Why a file of the folder is not read as a form ("" for one said nothing about), else None."""
    if path.name.startswith("~$"):
        return f"跳过 {path.name}：这是 Excel/WPS 打开文件时留下的临时文件"
    if path.is_dir() and not path.is_symlink() and path.suffix.lower() != ".xlsx":
        inside = sum(1 for p in path.iterdir() if p.suffix.lower() == ".xlsx" and not p.name.startswith("~$"))
        if inside:  # the forms saved one folder down (收回的报表/第1周/…): not read, and said
            return (
                f"跳过文件夹 {path.name}：里面有 {inside} 个 .xlsx 文件，子文件夹里的不读；"
                "请把它们放到所选的文件夹里，或直接选这个子文件夹"
            )
        return ""
    if path.suffix.lower() != ".xlsx":
        return f"跳过 {path.name}：不是 .xlsx 文件" if path.is_file() else ""
    if not path.is_file():  # a folder, a FIFO, a link to a device: never opened, never read forever
        return f"跳过 {path.name}：这是文件夹或设备，不是填报表文件"
    return None


# --- the merge -------------------------------------------------------------------------------------


class WorkbookInUse(WorkspaceError):
    """The workbook cannot be replaced: another program (Excel, on Windows) holds it open."""

    def __init__(self, path: Path, shown: str | None = None):
        self.path = path
        shown = shown or str(path)
        super().__init__(
            f"无法写入工作簿 {shown}：它正被其他程序打开（多半是 Excel 或 WPS）。"
            f"请先在 Excel/WPS 中关闭：{shown}，然后重试（命令行重新运行同一条命令，网页上点“重试”）。"
            "这批报表都还没有并入，一份也没有丢失。"
        )


def _row_unit(value: object, names: list[str]) -> str | None:
    """The unit a 统计报表 row is for, resolved as validate resolves it (「韩村」 is 韩村镇)."""
    text = clean_text(value)
    return resolve_unit(str(text), Location(""), names, Findings()) if text is not None else None


def _cells_to_write(
    data: bytes, workbook: Path, inputs: Inputs, items: Sequence[Collected]
) -> dict[tuple[int, int], CellValue]:
    """(row, column) → value of every cell the forms change in the 统计报表 sheet, rows found as validate finds them."""
    book = XlsxWorkbook(io.BytesIO(data))
    if REPORTS_SHEET_NAME not in book.sheetnames:
        raise WorkspaceError(
            f"{workbook.name} 里没有「{REPORTS_SHEET_NAME}」工作表，报表无处并入：请先加上这张表"
            f"（第一行写：{REPORT_UNIT_COLUMN}、{REPORT_PERIOD_COLUMN}、各项指标的名称）"
        )
    sheet = book.sheet(REPORTS_SHEET_NAME)
    cells: dict[tuple[int, int], CellValue] = {}
    first_filed = {id(item): _first_filed_to_keep(item, inputs) for item in items}
    header = _columns(sheet, inputs, items, cells, any(first_filed.values()))
    unit_col, period_col = header[normalize_header(REPORT_UNIT_COLUMN)], header[normalize_header(REPORT_PERIOD_COLUMN)]
    index = _report_rows(sheet, unit_col, period_col, inputs)
    next_row = sheet.max_row + 1
    for item in items:
        period = present(item.period, "a merged form's period")
        found = index.get((item.unit, period.number))
        if found is not None:
            r = found
        else:
            r, next_row = next_row, next_row + 1
            cells[r, unit_col], cells[r, period_col] = item.unit, period.label  # text, never a formula
        for metric in inputs.metrics:
            if metric.name in item.values:  # a blank cell writes nothing: the figure there stays
                cells[r, header[normalize_header(metric.name)]] = item.values[metric.name]
        for name, text in item.footer.items():
            cells[r, header[normalize_header(name)]] = text
        first = first_filed[id(item)]
        if first is not None:
            cells[r, header[normalize_header(REPORT_FIRST_FILED_COLUMN)]] = first
    return cells


def _columns(
    sheet: Sheet,
    inputs: Inputs,
    items: Sequence[Collected],
    cells: dict[tuple[int, int], CellValue],
    first_filed: bool = False,
) -> dict[str, int]:
    """Each header's column; a column the merge needs and the sheet lacks is added (in `cells`): in
    place of an old column that is no metric and holds nothing (the starter's example columns, whose
    rows the guide has the clerk delete), else at the right. Old empty columns left over lose their
    header: they would be warned of at every validate, and there is nothing in them to keep."""
    header = {normalize_header(c.value): col for col, c in sheet.rows.get(1, {}).items() if c.value is not None}
    last_column = max(sheet.rows.get(1, {}), default=0)
    needed = [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m.name for m in inputs.metrics)]
    footer = [name for name in REPORT_FOOTER_COLUMNS if any(name in item.footer for item in items)]
    footer += [REPORT_FIRST_FILED_COLUMN] if first_filed else []
    kept = [*needed, *REPORT_FOOTER_COLUMNS, REPORT_FIRST_FILED_COLUMN]
    free = _empty_old_columns(sheet, header, {normalize_header(n) for n in kept})
    for name in (*needed, *footer):
        if normalize_header(name) not in header:
            if free:
                column = free.pop(0)
            else:
                last_column += 1
                column = last_column
            header[normalize_header(name)] = column
            cells[1, column] = name
    for column in free:
        cells[1, column] = ""
    return header


def _empty_old_columns(sheet: Sheet, header: dict[str, int], known: set[str]) -> list[int]:
    """The columns whose header is no column the sheet reads and that hold no value below it, in order."""
    old = sorted(col for name, col in header.items() if name and name not in known)
    rows = [cells for r, cells in sheet.rows.items() if r >= 2]
    return [col for col in old if all(_blank(cells.get(col)) for cells in rows)]


def _blank(cell: Cell | None) -> bool:
    return cell is None or (clean_text(cell.value) is None and not cell.formula_without_value)


def _report_rows(sheet: Sheet, unit_col: int, period_col: int, inputs: Inputs) -> dict[tuple[str, int], int]:
    """The row of each (unit, period) already in the sheet, read as validate reads them."""
    names, campaign = [u.name for u in inputs.units], inputs.campaign
    index: dict[tuple[str, int], int] = {}
    for r in sorted(sheet.rows):
        if r < 2:
            continue
        unit = _row_unit(_value_at(sheet, r, unit_col), names)
        period = find_period(clean_text(_value_at(sheet, r, period_col)), campaign.periods, campaign.period_kind)
        if unit and period:
            index[unit, period.number] = r
    return index


# Another program's brief hold (an antivirus scan, the search indexer) passes within a second.
REPLACE_ATTEMPTS = 3
REPLACE_PAUSE_SECONDS = 0.3


def _check_writable(workbook: Path) -> None:
    """Refuse before anything is written when the workbook cannot be opened for writing (on Windows,
    Excel holding it open refuses this)."""
    try:
        with workbook.open("r+b"):
            pass
    except PermissionError:
        raise WorkbookInUse(workbook) from None


def _replace(workbook: Path, data: bytes) -> None:
    for attempt in range(REPLACE_ATTEMPTS):
        try:
            write_atomic(workbook, data)
            return
        except PermissionError:
            if attempt + 1 == REPLACE_ATTEMPTS:
                raise WorkbookInUse(workbook) from None
            time.sleep(REPLACE_PAUSE_SECONDS)


def merge(workbook: Path, inputs: Inputs, items: Sequence[Collected]) -> Path:
    """Write the forms' figures into the 统计报表 sheet as a new version of the workbook; keep the old one.
    Only that sheet's XML changes; a workbook another program holds is left as it was, with no backup."""
    _check_writable(workbook)
    data = workbook.read_bytes()
    try:
        new = rewrite_sheet(data, REPORTS_SHEET_NAME, _cells_to_write(data, workbook, inputs, items))
    except (SheetNotFound, BadPackage) as exc:
        raise WorkspaceError(f"无法并入：{workbook.name} 的「{REPORTS_SHEET_NAME}」工作表读不出来（{exc}）") from None
    backup = write_backup(workbook)  # the previous version, whole, under a name never used before
    faults.reached("backed-up")
    try:
        _replace(workbook, new)
    except BaseException:
        if workbook.read_bytes() == data:  # unchanged: a retry makes this batch's one backup
            backup.unlink(missing_ok=True)
        raise
    return backup
