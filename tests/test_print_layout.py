"""Issue 34: pages the 文印室 accepts, measured on LibreOffice PDFs.

Every conversion of this module happens in one LibreOffice launch per fixture (module scope):
the shipped example's sheets, roll-ups and summaries, the roll-up spreadsheets, and documents of
campaigns whose templates were edited the way Word saves them.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.output.rollup import header_lines, rollup_xlsx
from generator.pdf.libreoffice import convert_to_pdf
from generator.pdf.measure import Page, read_pdf

from .conftest import require_soffice

FEB = "2018年2月"


def _tall_rollup(folder: Path) -> Path:
    """A roll-up of 90 units: more rows than a page holds, to see the print titles repeat."""
    metrics = [{"名称": f"指标{i}名称较长", "单位": "件"} for i in range(12)]
    units = [f"第{i}个单位" for i in range(1, 91)]
    group = {
        "名称": "一组",
        "指标": metrics,
        "行": [{"单位": u, "值": [str(i + j) for j in range(12)]} for i, u in enumerate(units)],
        "合计": ["1" for _ in metrics],
    }
    context: dict[str, Any] = {
        "汇总": {"分组": [group], "已报送数": 90, "未报送数": 0},
        "统计": {"期别": "第1期", "截止日期": dt.date(2025, 3, 31)},
        "活动": {"本级名称": "某县", "名称": "某专项行动"},
    }
    path = folder / "tall.xlsx"
    path.write_bytes(rollup_xlsx(context))
    return path


@pytest.fixture(scope="module")
def spreadsheet_pdfs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Page]]:
    require_soffice()
    folder = tmp_path_factory.mktemp("xlsx")
    sources = {
        "example": built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx",
        "tall": _tall_rollup(folder),
    }
    pdfs = convert_to_pdf(list(sources.values()), folder / "pdf")
    return {name: read_pdf(pdf) for name, pdf in zip(sources, pdfs, strict=True)}


def test_rollup_spreadsheet_print_setup_is_in_the_file(built: Path) -> None:
    """Landscape A4, one page wide, header rows and the unit column repeated, frozen panes."""
    book = load_workbook(built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx")
    sheet = book["汇总"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in (9, "9")
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$3:$4" and sheet.print_title_cols == "$A:$A"
    assert sheet.freeze_panes == "B5"


def test_rollup_spreadsheet_columns_hold_their_headers_and_share_decimals(built: Path) -> None:
    sheet = load_workbook(built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx")["汇总"]
    last_row = max(r for r in range(5, sheet.max_row + 1) if str(sheet.cell(r, 1).value or "").startswith("合计"))
    for column in range(2, sheet.max_column + 1):
        header = str(sheet.cell(4, column).value)
        lines = header.split("\n")
        assert lines[-1].startswith("（") and lines[-1].endswith("）"), header  # the unit on its own line
        # No line is cut inside a bracket, and each fits the column (about two units a character).
        assert all(line.count("（") == line.count("）") for line in lines), header
        width = sheet.column_dimensions[get_column_letter(column)].width
        assert max(len(line.rstrip("、，")) for line in lines) * 2 <= width, (header, width)
        figures = [sheet.cell(r, column) for r in range(5, last_row + 1)]
        numbers = [c for c in figures if isinstance(c.value, (int, float))]
        formats = {c.number_format for c in numbers}
        assert len(formats) == 1, (header, formats)
        if any(isinstance(c.value, float) and c.value != int(c.value) for c in numbers):
            (code,) = formats
            assert re.fullmatch(r"0\.0+", code), code
            decimals = max(len(repr(c.value).partition(".")[2]) for c in numbers if isinstance(c.value, float))
            assert len(code) - 2 >= decimals
    # The title is on one line: the merged title cells are wider than the title.
    title = str(sheet["A1"].value)
    total = sum(sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column + 1))
    assert total >= len(title) * 2.8


def test_header_lines_break_between_words() -> None:
    assert header_lines("排查村街（社区）") == ["排查村街", "（社区）"]
    assert header_lines("悬挂横幅、张贴标语") == ["悬挂横幅、", "张贴标语"]
    assert header_lines("核查线索") == ["核查线索"]


def test_rollup_spreadsheet_prints_one_page_wide_with_titles_repeated(
    spreadsheet_pdfs: dict[str, list[Page]],
) -> None:
    example = spreadsheet_pdfs["example"]
    assert len(example) == 1
    (page,) = example
    assert page.width > page.height  # landscape
    texts = [line.text.replace(" ", "") for line in page.lines]
    assert any(t.startswith("永清县打击传销活动大排查情况统计汇总表（2018年2月）") for t in texts), texts[:3]
    assert any("合计（17个单位）" in t for t in texts)
    tall = spreadsheet_pdfs["tall"]
    assert len(tall) >= 2
    for number, page in enumerate(tall, start=1):
        assert page.width > page.height
        texts = [line.text.replace(" ", "") for line in page.lines]
        # Every page repeats the header rows and shows the unit column.
        assert any(t.startswith("单位") or "指标0" in t for t in texts), f"page {number}: no header rows"
        assert any(re.match(r"第\d+个单位", t) for t in texts), f"page {number}: no unit names"
        # One page wide: the last column's header is on every page.
        assert any("指标11" in t for t in texts), f"page {number}: columns cut off"


# --- the shipped workspaces' documents, converted in one launch ------------------------------------


def _build_example(root: Path, *init: str) -> Path:
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["init", str(root), *init], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["-C", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def shipped(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[Page]]:
    """One period's sheets and roll-up, and the summaries, of the three shipped workspaces."""
    require_soffice()
    folder = tmp_path_factory.mktemp("shipped")
    liuhe = _build_example(folder / "liuhe", "--example", "liuhe")
    blank = _build_example(folder / "blank", "--blank")
    documents = [
        *sorted((built / "output" / "统计" / FEB).glob("*.docx")),
        *sorted((built / "output" / "总结").glob("永清县*.docx")),
        *sorted((liuhe / "output" / "周报" / "第1周").glob("*.docx")),
        *sorted((liuhe / "output" / "总结").glob("*.docx")),
        *sorted((blank / "output" / "统计").rglob("*.docx")),
        *sorted((blank / "output" / "总结").glob("*.docx")),
    ]
    pdfs = convert_to_pdf(documents, folder / "pdf")
    return {document: read_pdf(pdf) for document, pdf in zip(documents, pdfs, strict=True)}


def _is_sheet(path: Path) -> bool:
    return path.stem.endswith(("统计报表", "周报"))


def test_every_unit_sheet_prints_on_one_page(shipped: dict[Path, list[Page]]) -> None:
    sheets = {path: pages for path, pages in shipped.items() if _is_sheet(path)}
    assert len(sheets) == 18 + 4 + 3
    for path, pages in sheets.items():
        assert len(pages) == 1, f"{path.name}: {len(pages)} pages"
        texts = [line.text for line in pages[0].lines]
        assert any(t.startswith("填报人") for t in texts), f"{path.name}: the form's foot is missing"


def test_rollup_header_rows_repeat_on_every_page(shipped: dict[Path, list[Page]]) -> None:
    """Every page of a roll-up that holds table rows starts its table with the header row."""
    rollups = {path: pages for path, pages in shipped.items() if "汇总" in path.stem}
    assert len(rollups) == 3
    for path, pages in rollups.items():
        for page in pages:
            texts = [line.text.replace(" ", "") for line in page.lines]
            if not page.rules:
                continue
            first_cell_rows = [t for t in texts if t.startswith(("单位", "合计"))]
            assert first_cell_rows and first_cell_rows[0].startswith("单位"), f"{path.name} page {page.number}"
