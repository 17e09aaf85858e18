"""The .xlsx reader on files other programs wrote: Excel and WPS (copies in tests/data/xlsx, see its README)
and LibreOffice (converted here, as a clerk's "save as .xlsx" does). openpyxl's and XlsxWriter's
files are in tests/test_xlsx_reader.py.

Expected values are what the program that wrote the file shows in its cells, read off the file's
XML by hand when the copy was made, not what the reader returns.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import Workbook

from generator.inputs.xlsx_reader import XlsxWorkbook
from generator.pdf.libreoffice import find_soffice, run_soffice
from generator.standard.package import read_parts

from .conftest import require_soffice

DATA = Path(__file__).parent / "data" / "xlsx"


def application(path: Path) -> str:
    """docProps/app.xml's Application: the program that saved the file."""
    root = etree.fromstring(read_parts(path)["docProps/app.xml"])
    # Any namespace: a Strict file's properties are in purl.oclc.org's.
    return next((e.text or "" for e in root if etree.QName(e).localname == "Application"), "")


def values(book: XlsxWorkbook, sheet: str) -> dict[str, object]:
    return {c.coordinate: c.value for cells in book.sheet(sheet).rows.values() for c in cells.values()}


def test_excel_shared_formulas_give_their_cached_values() -> None:
    path = DATA / "excel-shared_formula_simple.xlsx"
    assert application(path) == "Microsoft Macintosh Excel"
    sheet = XlsxWorkbook(str(path)).sheet("Sheet1")
    # B1 holds the master formula A1*2, B2 and B3 only <f t="shared" si="0"/>: each keeps Excel's result.
    assert {c.coordinate: c.value for cells in sheet.rows.values() for c in cells.values()} == {
        "A1": 1, "B1": 2, "A2": 2, "B2": 4, "A3": 3, "B3": 6,
    }  # fmt: skip
    assert not any(c.formula_without_value for cells in sheet.rows.values() for c in cells.values())


def test_excel_strict_open_xml_is_read_like_transitional() -> None:
    path = DATA / "excel-strict_iso_paths.xlsx"
    assert application(path) == "Microsoft Excel"
    assert b"purl.oclc.org/ooxml/spreadsheetml/main" in read_parts(path)["xl/workbook.xml"]
    book = XlsxWorkbook(str(path))
    assert book.sheetnames == ["ml_out"]
    found = values(book, "ml_out")
    assert (found["A1"], found["B1"], found["R1"]) == ("Item", "Thickness", "GoldenRun")
    assert (found["A2"], found["B2"], found["C2"], found["R2"]) == ("150-031260-001_B", 1.5, 7, 104)
    assert found["G2"] == pytest.approx(78.46)


def test_excel_merged_ranges_and_their_cells() -> None:
    path = DATA / "excel-merge_cells.xlsx"
    assert application(path) == "Microsoft Excel"
    sheet = XlsxWorkbook(str(path)).sheet("Sheet1")
    assert sheet.merged == ["A1:B1", "A2:A4", "B2:D4"]
    assert (sheet.cell(1, 1).value, sheet.cell(1, 3).value, sheet.cell(2, 2).value) == (  # type: ignore[union-attr]
        "Row Merge", "Not Merged", "Chunk Merged",
    )  # fmt: skip
    assert sheet.cell(3, 3).value is None and sheet.max_row == 2  # type: ignore[union-attr]


def test_excel_sheet_states_and_a_chart_sheet() -> None:
    path = DATA / "excel-any_sheets.xlsx"
    assert application(path) == "Microsoft Excel"
    book = XlsxWorkbook(str(path))
    assert book.sheetnames == ["Visible", "Hidden", "VeryHidden", "Chart"]
    assert [book.state(n) for n in book.sheetnames] == ["visible", "hidden", "veryHidden", "visible"]
    assert values(book, "Visible") == {
        "A1": 1, "B1": 2, "A2": 3, "B2": 4, "A3": 5, "B3": 6,
        "A5": "This workbook contains 4 sheets: Visible, Hidden, VeryHidden and Chart",
    }  # fmt: skip
    assert book.sheet("Chart").rows == {}  # a chart sheet has no cells


def test_excel_rich_text_inline_and_shared_with_line_breaks() -> None:
    path = DATA / "excel-richtext-namespaced.xlsx"
    assert application(path) == "Microsoft Excel"
    found = values(XlsxWorkbook(str(path)), "Sheet1")
    assert found["A1"] == "inline string\nLine 2\nLine 3"
    assert found["H1"] == "shared string\nLine 2\nLine 3"


# --- LibreOffice ------------------------------------------------------------------------------------

CHINESE_DATE = 'yyyy"年"m"月"d"日"'


@pytest.fixture(scope="module")
def libreoffice_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clerk's sheet as LibreOffice Calc saves it: a hidden row, dates in Chinese formats (a
    custom one and the built-in East-Asian 31), a formula, text that looks like a number."""
    require_soffice()
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "source" / "表.xlsx"
    source.parent.mkdir()
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(["单位名称", "成立日期", "人数", "备注"])
    ws.append(["韩村镇", dt.datetime(2018, 2, 6), 12, "0012"])
    ws.append(["刘街乡", dt.datetime(2018, 3, 1), 7, None])
    ws.append(["合计", None, None, None])
    ws["B2"].number_format = CHINESE_DATE
    ws["B3"].number_format = "yyyy年m月d日"  # as typed in a format dialog, without quotes
    ws["C4"] = "=SUM(C2:C3)"
    ws.row_dimensions[3].hidden = True
    wb.save(source)
    out = folder / "out"
    soffice = find_soffice()
    assert soffice is not None
    run_soffice(soffice, folder / "profile", "xlsx", out, [source], timeout=180)
    return out / "表.xlsx"


def test_a_libreoffice_workbook_keeps_hidden_rows_chinese_dates_and_computed_formulas(libreoffice_book: Path) -> None:
    assert application(libreoffice_book).startswith("LibreOffice")
    sheet = XlsxWorkbook(str(libreoffice_book)).sheet("单位")
    found = {c.coordinate: c.value for cells in sheet.rows.values() for c in cells.values()}
    assert found["A1"] == "单位名称" and found["A3"] == "刘街乡" and found["D2"] == "0012"
    assert found["B2"] == dt.datetime(2018, 2, 6) and found["B3"] == dt.datetime(2018, 3, 1)
    assert found["C4"] == 19  # LibreOffice saves the result with the formula
    assert not sheet.cell(4, 3).formula_without_value  # type: ignore[union-attr]
    assert sheet.hidden_rows == {3}


# --- WPS Office ------------------------------------------------------------------------------------


def wps_build(path: Path) -> str:
    """WPS's own mark in docProps/custom.xml (its app.xml says "Microsoft Excel")."""
    root = etree.fromstring(read_parts(path)["docProps/custom.xml"])
    found = [p for p in root if p.get("name") == "KSOProductBuildVer"]
    return "".join(found[0].itertext()) if found else ""


def test_a_wps_table_of_text_codes_and_percentages() -> None:
    path = DATA / "wps-lamp-commands.xlsx"
    assert wps_build(path) == "2052-11.1.0.8806"
    book = XlsxWorkbook(str(path))
    assert book.sheetnames == ["Sheet1", "Sheet2", "Sheet3"]
    sheet = book.sheet("Sheet1")
    found = {c.coordinate: c.value for cells in sheet.rows.values() for c in cells.values()}
    assert [found[f"{c}1"] for c in "ABCD"] == ["灯状态", "数据", "描述", "特殊命令"]
    assert (found["A2"], found["B2"], found["D2"]) == (0, "0x00", "OFF YAAA")  # a code stays text
    assert [found[f"A{r}"] for r in range(3, 12)] == [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.5, 0.75, 1]
    assert found["B11"] == "0xFE" and "D3" not in found and sheet.max_row == 11
    assert book.sheet("Sheet2").rows == {}


def test_a_wps_workbook_of_one_cell() -> None:
    path = DATA / "wps-one-cell.xlsx"
    assert wps_build(path) == "2052-11.1.0.10009"
    assert values(XlsxWorkbook(str(path)), "Sheet1") == {"A1": "阿尕恩爱狗、"}
