"""The 永清县 example workbook, written from code.

``python -m generator.example inputs/活动数据.xlsx`` rewrites the committed
example; tests call :func:`write_workbook` with overrides to make variants
(broken ones included). The notice's own facts are those of the real
永政办〔2018〕15号; everything the notice does not say (e-mail address, 抄送,
units' details) is invented sample data.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .schema import (
    CAMPAIGN_SHEET,
    FORM_HELP_COLUMN,
    FORM_NAME_COLUMN,
    FORM_VALUE_COLUMN,
    NOTICE_SHEET,
    PHASES_SHEET,
    UNITS_SHEET,
    SheetSpec,
)

D = dt.date

NOTICE: dict[str, Any] = {
    "发文机关": "永清县人民政府办公室",
    "发文机关标志": "永清县人民政府办公室文件",
    "发文字号": "永政办〔2018〕15号",
    "成文日期": D(2018, 1, 22),
    "标题": "永清县人民政府办公室关于印发\n永清县打击传销活动大排查实施方案的通知",
    "主送机关": "各乡镇（区、办），县政府有关部门",
    "抄送机关": "县委办公室，县人大常委会办公室，县政协办公室",
    "印发机关": "永清县人民政府办公室",
    "印发日期": D(2018, 1, 22),
    "联系人": "刘卫兵",
    "联系电话": "0316-6681122、6681123（传真）",
    # The published page hid the address; this one is a placeholder.
    "电子邮箱": "yqdachuanban@163.com",
}

CAMPAIGN: dict[str, Any] = {
    "活动名称": "打击传销活动大排查",
    "方案标题": "永清县打击传销活动大排查实施方案",
    "开始日期": D(2018, 1, 19),
    "结束日期": D(2018, 3, 31),
    "牵头单位": "县工商和食药监局",
    "领导小组办公室": "县打击传销领导小组办公室",
    # As in the real notice: three days before the notice's own date.
    "方案报送截止": D(2018, 1, 19),
    "月报日": 2,
    "总结报送截止": D(2018, 4, 1),
    "队伍最少人数": 20,
    "队伍最多人数": 30,
}

PHASES: list[list[Any]] = [
    ["线索排查阶段", D(2018, 1, 19), D(2018, 1, 23)],
    ["集中打击阶段", D(2018, 1, 24), D(2018, 3, 25)],
    ["巩固总结阶段", D(2018, 3, 26), D(2018, 3, 31)],
]

UNITS: list[list[Any]] = [
    ["永清镇", "乡镇", ""],
    ["韩村镇", "乡镇", ""],
    ["后奕镇", "乡镇", ""],
    ["别古庄镇", "乡镇", ""],
    ["里澜城镇", "乡镇", ""],
    ["管家务回族乡", "乡镇", ""],
    ["曹家务乡", "乡镇", ""],
    ["龙虎庄乡", "乡镇", ""],
    ["刘街乡", "乡镇", ""],
    ["三圣口乡", "乡镇", ""],
    ["永清经济开发区", "区", ""],
    ["永清台湾工业新城", "区", ""],
    ["县公安局", "部门", "是"],
    ["县工商和食药监局", "部门", "是"],
    ["县教育局", "部门", "是"],
    ["县人社局", "部门", "是"],
    ["县司法局", "部门", ""],
    ["县民政局", "部门", ""],
]

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _form_sheet(wb: Workbook, spec: SheetSpec, values: Mapping[str, Any]) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append([FORM_NAME_COLUMN, FORM_VALUE_COLUMN, FORM_HELP_COLUMN])
    for f in spec.fields:
        if f.name in values:
            ws.append([f.name, values[f.name], f.help or None])
    _format(ws, [14, 48, 50])
    for row in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _table_sheet(wb: Workbook, spec: SheetSpec, rows: Sequence[Sequence[Any]], header: Sequence[str] | None) -> None:
    ws = wb.create_sheet(spec.name)
    ws.append(list(header or [f.name for f in spec.fields]))
    for row in rows:
        ws.append([v if v != "" else None for v in row])
    _format(ws, [20] * len(spec.fields))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def _format(ws: Any, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ws.freeze_panes = "A2"


def write_workbook(
    path: Path,
    *,
    notice: Mapping[str, Any] | None = None,
    campaign: Mapping[str, Any] | None = None,
    phases: Sequence[Sequence[Any]] | None = None,
    units: Sequence[Sequence[Any]] | None = None,
    omit_sheets: Sequence[str] = (),
    table_headers: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write the example workbook; keyword arguments replace parts of it.

    In `notice`/`campaign`, a value of ``None`` removes that row.
    """
    wb = Workbook()
    wb.remove(wb.active)
    headers = table_headers or {}
    sheets: dict[str, Callable[[], None]] = {
        NOTICE_SHEET.name: lambda: _form_sheet(wb, NOTICE_SHEET, _merge(NOTICE, notice)),
        CAMPAIGN_SHEET.name: lambda: _form_sheet(wb, CAMPAIGN_SHEET, _merge(CAMPAIGN, campaign)),
        PHASES_SHEET.name: lambda: _table_sheet(
            wb, PHASES_SHEET, PHASES if phases is None else phases, headers.get(PHASES_SHEET.name)
        ),
        UNITS_SHEET.name: lambda: _table_sheet(
            wb, UNITS_SHEET, UNITS if units is None else units, headers.get(UNITS_SHEET.name)
        ),
    }
    for name, make in sheets.items():
        if name not in omit_sheets:
            make()
    fixed = dt.datetime(2018, 1, 22)
    wb.properties.creator = "gongwen"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _merge(base: Mapping[str, Any], changes: Mapping[str, Any] | None) -> dict[str, Any]:
    merged = dict(base)
    for key, value in (changes or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("inputs/活动数据.xlsx")
    print(write_workbook(target))
