"""Issue 34: pages the 文印室 accepts, measured on LibreOffice PDFs.

The module's conversions happen in two LibreOffice launches (module fixtures): the shipped
workspaces' sheets, roll-ups and summaries (`shipped`, beside the session's PDFs of the example), and
every document the module makes of its own (`converted`: the roll-up spreadsheets, campaigns whose
templates were edited the way Word saves them, and each test's own workspace), one launch for all of
them instead of one per test (a launch costs about a CPU-second before it converts anything).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.documents.contexts import RollupContext
from generator.output.rollup import rollup_workbook
from generator.pdf.libreoffice import convert_to_pdf
from generator.pdf.measure import Page, read_pdf
from generator.render.metrics import header_lines
from generator.standard import gbt9704 as std

from .conftest import Run, fill_blank_dates, gas_campaign, require_soffice, sixteen_character_campaign

FEB = "2018年2月"


def _tall_rollup(folder: Path) -> Path:
    """A roll-up of 90 units: more rows than a page holds, to see the print titles repeat."""
    metrics = [{"名称": f"指标{i}名称较长", "单位": "件"} for i in range(12)]
    units = [f"第{i}个单位" for i in range(1, 91)]
    group = {
        "名称": "一组",
        "指标": metrics,
        "行": [{"单位": u, "值": [Decimal(i + j) for j in range(12)]} for i, u in enumerate(units)],
        "合计": [Decimal(1) for _ in metrics],
    }
    context: dict[str, Any] = {
        "汇总": {"分组": [group], "已报送数": 90, "未报送数": 0, "制表日期": dt.date(2025, 3, 31)},
        "统计": {"期别": "第1期", "期别全称": "第1期", "时段": "3月1日至3月31日"},
        "活动": {"本级名称": "某县", "名称": "某专项行动"},
    }
    path = folder / "tall.xlsx"
    path.write_bytes(
        rollup_workbook(cast(RollupContext, context), "某县某专项行动情况统计汇总表")
    )  # the fields it reads
    return path


def _spreadsheets(built: Path, folder: Path) -> list[Path]:
    """The example's roll-up spreadsheet, and a tall one."""
    folder.mkdir(parents=True)
    return [built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx", _tall_rollup(folder)]


@pytest.fixture(scope="module")
def spreadsheet_pdfs(converted: dict[str, dict[Path, Path]]) -> dict[str, list[Page]]:
    example, tall = converted["spreadsheets"].values()
    return {"example": read_pdf(example), "tall": read_pdf(tall)}


def test_rollup_spreadsheet_print_setup_is_in_the_file(built: Path, tmp_path: Path) -> None:
    """Landscape A4, header rows and the unit column repeated, frozen panes; the example's 37
    metrics at 70 % on pages that end where a group of metrics ends, its title over the first
    page; a roll-up of 12 metrics fitted to one page wide."""
    book = load_workbook(built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx")
    sheet = book["汇总"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in (9, "9")
    assert not (sheet.sheet_properties.pageSetUpPr and sheet.sheet_properties.pageSetUpPr.fitToPage)
    assert int(sheet.page_setup.scale) == 70
    ends = {rng.max_col for rng in sheet.merged_cells.ranges if rng.min_row == rng.max_row == 3}
    breaks = [brk.id for brk in sheet.col_breaks.brk]
    assert len(breaks) == 2 and set(breaks) <= ends, (breaks, sorted(ends))
    (title,) = [rng for rng in sheet.merged_cells.ranges if rng.min_row == 1]
    assert title.max_col == breaks[0]
    assert sheet.print_title_rows == "$3:$4" and sheet.print_title_cols == "$A:$A"
    assert sheet.freeze_panes == "B5"
    tall = load_workbook(_tall_rollup(tmp_path))["汇总"]
    assert tall.sheet_properties.pageSetUpPr.fitToPage and not tall.col_breaks.brk
    assert int(tall.page_setup.fitToWidth) == 1 and int(tall.page_setup.fitToHeight) == 0


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
    assert header_lines("排查村街（社区）", 4) == ["排查村街", "（社区）"]
    # A comma takes its place on the line (the tables hang no punctuation): LibreOffice set
    # 排查宾馆、 in a column of four as 排查宾/馆、.
    assert header_lines("悬挂横幅、张贴标语", 4) == ["悬挂", "横幅、", "张贴标语"]
    assert header_lines("排查宾馆、旅店、招待所", 4) == ["排查", "宾馆、", "旅店、", "招待所"]
    assert header_lines("悬挂横幅、张贴标语", 5) == ["悬挂横幅、", "张贴标语"]
    assert header_lines("签订出租房屋责任书", 4) == ["签订出租", "房屋", "责任书"]  # not 房屋责任/书
    assert header_lines("核查线索", 4) == ["核查线索"]
    # Between two-character words, not in the middle: never 出动排查人/员 nor 出动排/查人员.
    assert header_lines("出动排查人员", 4) == ["出动排查", "人员"]
    assert header_lines("捣毁传销窝点", 5) == ["捣毁传销", "窝点"]
    assert header_lines("出动排查人员", 3) == ["出动", "排查", "人员"]
    # 大理市 (2023): words are counted from a joining word, not from the name's start (检查餐饮/等用/
    # 气场所 split 用气); no line of one character; the lines as even as their words allow.
    assert header_lines("检查餐饮等用气场所", 4) == ["检查", "餐饮等", "用气场所"]
    assert header_lines("检查餐饮等用气场所", 5) == ["检查餐饮等", "用气场所"]
    assert header_lines("检查餐饮等用气场所", 6) == ["检查餐饮等", "用气场所"]  # not 检查餐饮等用/气场所
    assert header_lines("检查餐饮等用气场所", 3) == ["检查", "餐饮等", "用气", "场所"]
    assert header_lines("车辆和人员检查次数", 5) == ["车辆和人员", "检查次数"]
    assert header_lines("检查A级景区", 4) == ["检查", "A级景区"]


def test_header_lines_never_split_a_number() -> None:
    """A name holding a figure (检查12315投诉点, 排查3层以上建筑) is cut between its words as any other:
    a figure is one word, half a 字 a digit, with its measure word (3层) when one follows it; the
    old cutter split it (检查12/315投/诉点)."""
    assert header_lines("检查12315投诉点", 4) == ["检查", "12315", "投诉点"]
    assert header_lines("检查12315投诉点", 6) == ["检查12315", "投诉点"]
    assert header_lines("排查3层以上建筑", 4) == ["排查", "3层以上", "建筑"]
    assert header_lines("发现12315投诉点问题", 5) == ["发现12315", "投诉点问题"]
    for name in ("检查12315投诉点", "排查3层以上建筑", "发现12315投诉点问题", "核查110警情和12345工单"):
        for most in range(2, 8):
            lines = header_lines(name, most)
            assert "".join(lines) == name
            figures = [run for run in re.findall(r"[0-9A-Za-z]+", name)]
            assert all(any(figure in line for line in lines) for figure in figures), (name, most, lines)


def test_rollup_spreadsheet_prints_one_page_wide_with_titles_repeated(
    spreadsheet_pdfs: dict[str, list[Page]],
) -> None:
    example = spreadsheet_pdfs["example"]
    assert len(example) == 3  # 37 metrics: 组织发动 and 摸底排查; 线索与打击 and 案件查处; the rest
    first = [line.text.replace(" ", "") for line in example[0].lines]
    assert any(t.startswith("永清县打击传销活动大排查情况统计汇总表（2018年2月）") for t in first), first[:3]
    for page in example:
        assert page.width > page.height  # landscape
        texts = [line.text.replace(" ", "") for line in page.lines]
        assert any(t.startswith("单位") for t in texts) and any("合计（17个单位）" in t for t in texts)
        # Readable: printed at 70 % (11 pt figures at 7.7 pt), not fitted to one page (3.5 pt).
        figures = [line for line in page.lines if re.search(r"\d", line.text) and len(line.text) > 8]
        assert figures and min(line.size for line in figures) >= 7.5, (page.number, figures[:1])
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


def _shipped_documents(liuhe: Path, folder: Path) -> list[Path]:
    """One week's sheets, the summaries, the 检查报告 and one 检查安排 of 柳河 (the session's build of
    it, conftest.built_examples), and one period's sheets and the summaries of the blank starter, built
    here: converted with the module's other documents (`converted`)."""
    blank = _build_example(folder / "blank", "--blank")
    return [
        *sorted((liuhe / "output" / "周报" / "第1周").glob("*.docx")),
        *sorted((liuhe / "output" / "总结").glob("*.docx")),
        *sorted((liuhe / "output" / "检查报告").glob("*.docx")),
        *sorted((liuhe / "output" / "检查安排").glob("*.docx"))[:1],  # (the four print one paragraph alike)
        *sorted((blank / "output" / "统计").rglob("*.docx")),
        *sorted((blank / "output" / "总结").glob("*.docx")),
    ]


@pytest.fixture(scope="module")
def shipped(
    built: Path, example_with_pdfs: tuple[Path, str], converted: dict[str, dict[Path, Path]]
) -> dict[Path, list[Page]]:
    """One period's sheets and roll-up, and the summaries, of the three shipped workspaces (and one
    of 柳河's 检查安排). The 永清 example's are the PDFs the session's `build --pdf` made of them
    (conftest.example_with_pdfs, the same conversion of the same bytes); 柳河's and the blank
    starter's are converted in the module's one launch (`converted`)."""
    with_pdfs, _ = example_with_pdfs
    yongqing = [
        *sorted((built / "output" / "统计" / FEB).glob("*.docx")),
        *sorted((built / "output" / "总结").glob("永清县*.docx")),
    ]
    made = {d: with_pdfs / d.relative_to(built).with_suffix(".pdf") for d in yongqing}
    made.update(converted["shipped"])
    return {document: read_pdf(pdf) for document, pdf in made.items()}


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


# A blank of the 待填 filter (filters.FILL_IN_LINE), written out: the test does not take it from the code.
BLANK = "＿＿＿＿＿＿"


def _lines_broken_badly(path: Path, page: Page) -> list[str]:
    """Where a sheet's page breaks a blank to fill in: a line starting with ＿, a run of ＿
    shorter than a blank."""
    faults = []
    for line in page.lines:
        text = line.text.replace(" ", "")
        if text.startswith("＿") or any(run != BLANK for run in re.findall("＿+", text)):
            faults.append(f"{path.name}: a blank broken: {text}")
    return faults


def test_sheet_lines_keep_to_their_lines_on_a_turned_page(shipped: dict[Path, list[Page]]) -> None:
    """Lines written for a landscape sheet on a sheet turned portrait (三圣口乡's February, a month
    it did not report): 本月未报送（…的合计） set closer on its one line, not 计） alone below it; the
    填报人 line broken between its fields, not inside 填报日期's blank."""
    sheets = {path: pages for path, pages in shipped.items() if _is_sheet(path)}
    unreported = [path for path in sheets if path.name == "三圣口乡2018年2月统计报表.docx"]
    assert unreported, sorted(path.name for path in sheets)
    texts = [line.text.replace(" ", "") for line in sheets[unreported[0]][0].lines]
    assert "本月未报送（“本月”一栏为空；“累计”为已报送月份的合计）" in texts, texts
    assert sheets[unreported[0]][0].width < sheets[unreported[0]][0].height  # turned portrait
    faults = [fault for path, pages in sheets.items() for fault in _lines_broken_badly(path, pages[0])]
    assert not faults, "\n".join(faults)


def test_a_fill_in_line_breaks_only_between_its_fields() -> None:
    """The fill-in line of the shipped sheets: whole on a landscape page; on a portrait one broken
    at its middle gap (two fields a line), never inside a blank; a line with no gap is left to
    the application, and so is a field wider than a line; “” are one 字 wide, as they print."""
    from generator.render.fill_in_lines import gap_cuts
    from generator.render.metrics import text_width

    line = f"填报人：{BLANK}　　审核人：{BLANK}　　联系电话：{BLANK}　　填报日期：{BLANK}"
    landscape, portrait = std.mm(std.TYPE_AREA_HEIGHT_MM), std.TYPE_AREA_WIDTH  # the 版心 turned
    assert gap_cuts("GwSheetText", None, line, landscape) == ()
    middle = line.index("　　联系电话")
    assert gap_cuts("GwSheetText", None, line, portrait) == ((middle, middle + 2),)
    assert gap_cuts("GwBody", None, line, portrait) == ((middle, middle + 2),)  # 2 字 in, 24 字 a line
    assert gap_cuts("GwSheetText", None, line.replace("　　", ""), portrait) == ()
    assert gap_cuts("GwBody", None, f"填报人：{BLANK * 5}　　审核人：{BLANK}", portrait) == ()
    assert text_width("“累计”") == 4 * std.CHAR_WIDTH


@pytest.mark.parametrize("runs", [1, 7])
def test_a_fill_in_line_too_wide_is_broken_in_place(runs: int) -> None:
    """The 填报人 line on a portrait page, typed as one run (a template made before the sheet
    templates wrote each field and gap as a run of its own) or as seven: a line break in place of
    the middle gap, every other character kept, the justified line set flush left."""
    from generator.render.fill_in_lines import break_fill_in_lines
    from generator.standard import wordml as wml

    fields = [f"{label}：{BLANK}" for label in ("填报人", "审核人", "联系电话", "填报日期")]
    texts = ["　　".join(fields)] if runs == 1 else [t for field in fields for t in ("　　", field)][1:]
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f'<w:r><w:t xml:space="preserve">{t}</w:t></w:r>' for t in texts)
    section = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1587" w:right="1475"/></w:sectPr>'
    root = wml.parse(
        f'<w:document {ns}><w:body><w:p><w:pPr><w:pStyle w:val="GwSheetText"/><w:jc w:val="both"/></w:pPr>'
        f"{body}</w:p>{section}</w:body></w:document>"
    )
    break_fill_in_lines(wml.find(root, "w:body"))
    (paragraph,) = wml.findall(wml.find(root, "w:body"), "w:p")
    laid = "".join(
        "|" if node.tag == wml.qn("w:br") else node.text or "" for node in paragraph.iter(wml.qn("w:t"), wml.qn("w:br"))
    )
    assert laid == f"{fields[0]}　　{fields[1]}|{fields[2]}　　{fields[3]}"
    assert wml.get(wml.find(paragraph, "w:pPr/w:jc"), "w:val") == "left"


def _long_metrics_town(root: Path) -> Path:
    """The blank starter's campaign with 24 more metrics in three groups whose names (入户走访排查,
    six characters) wrap in the 分组 column, and 县××局's report left out: its sheets fit a
    landscape page only with more room than it has, and a portrait one once their groups are merged."""
    from click.testing import CliRunner

    from generator.cli import main

    assert CliRunner().invoke(main, ["init", str(root), "--blank"]).exit_code == 0
    workbook = root / "inputs" / "活动数据.xlsx"
    book = load_workbook(workbook)
    metrics, reports = book["统计指标"], book["统计报表"]
    groups = ("入户走访排查", "重点场所检查", "宣传发动教育")
    kinds = (
        "出租房屋数",
        "流动人口数",
        "告知书份数",
        "执法检查次数",
        "举报线索数",
        "工作台账数",
        "整改问题数",
        "约谈人数",
    )
    for number, (group, kind) in enumerate(itertools.product(groups, kinds)):
        metrics.append([group, group + kind, "次", "整数", None])
        column = reports.max_column + 1
        reports.cell(1, column).value = group + kind
        for row in range(2, reports.max_row + 1):
            reports.cell(row, column).value = row + number
    (unit_row,) = [row for row in range(2, reports.max_row + 1) if reports.cell(row, 1).value == "县××局"]
    reports.delete_rows(unit_row)
    book.save(workbook)
    result = CliRunner().invoke(main, ["-C", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def _long_metric_sheets(folder: Path) -> list[Path]:
    workspace = _long_metrics_town(folder / "town")
    sheets = sorted((workspace / "output" / "统计").rglob("*统计报表.docx"))
    assert len(sheets) == 3
    return sheets


def test_long_metric_sheets_turn_portrait_whole(converted: dict[str, dict[Path, Path]]) -> None:
    """A campaign of our own with long metric names: each unit's sheet (one not reported) prints on
    one portrait page, its 填报人 line broken between its fields."""
    faults = []
    for sheet, pdf in converted["long metrics"].items():
        pages = read_pdf(pdf)
        if len(pages) != 1 or pages[0].width > pages[0].height:
            faults.append(f"{sheet.name}: {len(pages)} pages, {pages[0].width:.0f} mm wide")
            continue
        texts = [line.text.replace(" ", "") for line in pages[0].lines]
        if not any(t.startswith("填报人") for t in texts) or not any(t.startswith("联系电话") for t in texts):
            faults.append(f"{sheet.name}: the 填报人 line not broken between its fields: {texts[-3:]}")
        faults += _lines_broken_badly(sheet, pages[0])
    assert not faults, "\n".join(faults)


def _long_name_sheets(folder: Path) -> list[Path]:
    from click.testing import CliRunner

    from generator.cli import main

    workspace = sixteen_character_campaign(folder / "town")
    result = CliRunner().invoke(main, ["-C", str(workspace), "build", "--kind", "报表"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    sheets = sorted((workspace / "output" / "统计").rglob("*统计报表.docx"))
    assert len(sheets) == 3
    return sheets


def test_a_sheet_of_long_names_gives_them_the_room_its_figures_do_not_need(
    converted: dict[str, dict[Path, Path]],
) -> None:
    """22 metrics of 16 字 for a unit that did not report printed on two landscape pages (the
    portrait page's columns, scaled alike, broke every name in two). A 文秘 gives the 指标 column
    what the 本期 and 累计 columns (empty, 未报送) do not need: one portrait page, a name a line."""
    names = {f"{verb}{place}重点人员并登记建档数" for verb in ("排查", "整改") for place in ("出租房屋", "车站码头")}
    faults = []
    for sheet, pdf in converted["long names"].items():
        pages = read_pdf(pdf)
        texts = [line.text.replace(" ", "") for page in pages for line in page.lines]
        if len(pages) != 1:
            faults.append(f"{sheet.name}: {len(pages)} pages")
        faults += [f"{sheet.name}: {name} not on one line" for name in names if not any(name in t for t in texts)]
        if not any(t.startswith("填报人") for t in texts):
            faults.append(f"{sheet.name}: the 填报人 line is missing")
        if "县××局" in sheet.name and pages[0].width > pages[0].height:
            faults.append(f"{sheet.name}: landscape, though it fits a portrait page")
    assert not faults, "\n".join(faults)


# --- templates edited the way Word saves them ---------------------------------------------------


def _in_default_style(paragraph: Any, align: str | None = None) -> None:
    """The paragraph as typed in Word's default paragraph style: no pStyle, no keep-with-next,
    its alignment set directly (python-docx writes no pStyle for the default style)."""
    from docx.oxml.ns import qn

    properties = paragraph._p.get_or_add_pPr()
    for name in ("w:pStyle", "w:keepNext"):
        for element in properties.findall(qn(name)):
            properties.remove(element)
    if align is not None:
        jc = properties.find(qn("w:jc"))
        if jc is None:
            jc = properties.makeelement(qn("w:jc"), {})
            properties.append(jc)
        jc.set(qn("w:val"), align)
    from generator.standard.schema_order import reorder

    reorder(properties)


def _retype_closing(path: Path, note: str | None = None) -> None:
    """The template's text, blank lines, 署名 and date retyped in Word's default style (the
    署名 and date aligned right by hand); with `note`, a 附注 under the date."""
    import copy

    from docx import Document

    document = Document(str(path))
    for paragraph in list(document.paragraphs):
        style = paragraph.style.style_id if paragraph.style is not None else None
        if style in ("GwSignature", "GwDate"):
            _in_default_style(paragraph, "right")
            if style == "GwDate" and note:
                added = copy.deepcopy(paragraph._p)
                paragraph._p.addnext(added)
                for run in added.findall(f"{{{W}}}r")[1:]:
                    added.remove(run)
                texts = added.findall(f".//{{{W}}}t")
                texts[0].text = note
                for extra in texts[1:]:
                    extra.text = ""
                from docx.text.paragraph import Paragraph

                _in_default_style(Paragraph(added, paragraph._parent), "left")
        elif style in ("GwBody", "GwBlank", "GwAttachmentNote"):
            _in_default_style(paragraph)
    document.save(str(path))


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _notice_with_plans(path: Path, plans: int) -> None:
    """The notice prints `plans` plans, each after the first closed by its own 署名 and date,
    typed in the default style; the 印发 paragraph names them all (five lines, with digits)."""
    import copy

    from docx import Document

    document = Document(str(path))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    lead = paragraphs[texts.index("现将《{{ 活动.方案标题 }}》印发给你们，请结合本地本部门的实际情况，认真贯彻落实。")]
    lead.runs[0].text = (
        "现将《{{ 活动.方案标题 }}》等" + str(plans) + "个方案印发给你们，请结合本地本部门的实际情况，认真贯彻落实。"
        "各乡镇（区、办）、各有关部门要按照方案确定的目标任务，细化工作措施，明确责任分工，"
        "于2018年1月25日前将本单位的具体实施方案报县打击传销领导小组办公室，"
        "并按月报送工作进展情况，确保各项工作落到实处、取得实效。"
    )
    for run in lead.runs[1:]:
        run.text = ""
    start = texts.index("{{ 活动.方案标题 }}")
    plan_text = [p._p for p in paragraphs[start : start + 12]]
    closing = [p._p for p in paragraphs[start - 4 : start]]  # two blanks, 署名, date
    anchor = paragraphs[-1]._p  # the last blank paragraph, before the 版记
    for number in range(2, plans + 1):
        for element in plan_text[: 12 - number]:  # plans of different lengths
            anchor.addprevious(copy.deepcopy(element))
        for element in closing:
            anchor.addprevious(copy.deepcopy(element))
    document.save(str(path))
    _retype_closing(path)


def _word_edited_documents(built: Path, folder: Path) -> list[Path]:
    """The example with its plans' and notice's closing retyped in Word's default style, a 附注
    under each plan's date, and a notice printing five plans: the plans and the notice."""
    import shutil

    from click.testing import CliRunner

    from generator.cli import main

    workspace = folder / "ws"
    for part in ("inputs", "templates"):
        shutil.copytree(built / part, workspace / part)
    (workspace / "output").mkdir()
    _retype_closing(workspace / "templates" / "方案.docx", note="（此件主动公开）")
    _notice_with_plans(workspace / "templates" / "通知.docx", plans=5)
    # The two kinds read below, not the other 76 documents
    build = ["-C", str(workspace), "build", "--kind", "方案", "--kind", "通知"]
    result = CliRunner().invoke(main, build, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [
        *sorted((workspace / "output" / "方案").glob("*.docx")),
        *(workspace / "output" / "通知").glob("*.docx"),
    ]


@pytest.fixture(scope="module")
def word_edited(converted: dict[str, dict[Path, Path]]) -> dict[Path, list[Page]]:
    return {document: read_pdf(pdf) for document, pdf in converted["word edited"].items()}


DATE_LINE = re.compile(r"(\d{4}|[〇一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日")
NOTE_LINE = re.compile(r"（[^（）]{2,20}）")
PAGE_NUMBER = re.compile(r"—\d+—")
# GB/T 9704: 22 lines a page; a page before a 落款 may be this many short (pagination.SHORT_PAGE_LINES).
SHORT_LINES = 3


def _text_lines(page: Page) -> list[str]:
    texts = [line.text.replace(" ", "") for line in page.lines]
    return [t for t in texts if t and not PAGE_NUMBER.fullmatch(t)]


LINE_MM = std.LINE_PITCH / std.TWIPS_PER_MM
TYPE_AREA_BOTTOM_MM = std.TYPE_AREA_TOP_MM + std.TYPE_AREA_HEIGHT_MM


def _lines_short(page: Page) -> float:
    """How many lines of the 版心 a portrait page leaves empty under its last line of text or
    table rule (a chart's picture has table or text under it in these documents)."""
    bottoms = [line.bottom for line in page.lines if not PAGE_NUMBER.fullmatch(line.text.replace(" ", ""))]
    bottoms += [rule.bottom for rule in page.rules]
    return (TYPE_AREA_BOTTOM_MM - max(bottoms, default=std.TYPE_AREA_TOP_MM)) / LINE_MM


def _closings(pages: list[Page]) -> list[tuple[int, int]]:
    """(page index, line index of the 署名) of every 落款: a date line with a short line above it."""
    found = []
    for index, page in enumerate(pages):
        texts = _text_lines(page)
        for i, text in enumerate(texts):
            if DATE_LINE.fullmatch(text) and i > 0 and len(texts[i - 1]) <= 20:
                found.append((index, i - 1))
            elif DATE_LINE.fullmatch(text) and i == 0:
                found.append((index, -1))  # the date alone at the top of a page
    return found


def _check_closings(name: str, pages: list[Page]) -> list[str]:
    """What an office would send back: a 落款 alone on its page, a 附注 alone, a page left more
    than a few lines short before the 落款 when more than the last two lines went with it."""
    faults = []
    closings = _closings(pages)
    for index, signature in closings:
        texts = _text_lines(pages[index])
        if signature < 0:
            faults.append(f"{name}: page {index + 1} starts with the date")
            continue
        above = [t for t in texts[:signature] if not t.startswith("附件")]
        if not any(len(t) > 6 for t in above):
            faults.append(f"{name}: page {index + 1} holds the 落款 without text: {texts[: signature + 2]}")
        if index > 0 and signature <= 6:  # the 落款 is near the top: look at the page before
            moved = [t for t in above if len(t) > 6]
            short = _lines_short(pages[index - 1])
            if short > SHORT_LINES and len(moved) > 2:
                faults.append(f"{name}: page {index} ends {short:.1f} lines short and {len(moved)} lines went on")
    for index, page in enumerate(pages):
        texts = _text_lines(page)
        if texts and NOTE_LINE.fullmatch(texts[0]) and index > 0:
            faults.append(f"{name}: the 附注 {texts[0]} stands alone on page {index + 1}")
    return faults


def test_word_edited_templates_keep_their_closings(word_edited: dict[Path, list[Page]]) -> None:
    """Issue 34.5: the 落款 rules hold on paragraphs in Word's default style, a 附注 under the
    date, and a notice closing five plans."""
    faults = [fault for path, pages in word_edited.items() for fault in _check_closings(path.stem, pages)]
    counts = {path.stem: len(_closings(pages)) for path, pages in word_edited.items()}
    notice = next(count for stem, count in counts.items() if "通知" in stem)
    assert notice == 5, counts  # the notice's own 落款 and one for each plan after the first
    assert all(count == 1 for stem, count in counts.items() if "方案" in stem and "通知" not in stem), counts
    assert not faults, "\n".join(faults)


def test_a_heading_and_its_one_line_are_not_moved_for_the_closing(shipped: dict[Path, list[Page]]) -> None:
    """柳河's 检查报告 printed 四、下一步工作打算, its one line and the 落款 on page 2, page 1 three lines
    short: the heading kept with the text the 落款 kept with. The page is set a little closer as
    7.3.5.5 allows (one line for the seal, the pitch down to 26 pt at the least): each report is one
    page, its heading and text with it, and gongwen check finds nothing in its layout."""
    from generator.check.conformance import expected_pages
    from generator.check.rendered import check_pages

    reports = {path: pages for path, pages in shipped.items() if path.parent.name == "检查报告"}
    assert len(reports) == 4
    faults = []
    for path, pages in reports.items():
        texts = _text_lines(pages[0])
        if len(pages) != 1 or not any(t.startswith("四、") for t in texts):
            faults.append(f"{path.stem}: {len(pages)} pages, page 1 ends {texts[-3:]}")
        faults += _check_closings(path.stem, pages)
        defects = check_pages(pages, expected_pages(path, []))
        faults += [f"{path.stem}: check {d.code} {d.where} {d.message}" for d in defects if d.code in LAYOUT_FAULTS]
    assert not faults, "\n".join(faults)


def test_shipped_closings(shipped: dict[Path, list[Page]]) -> None:
    faults = [fault for path, pages in shipped.items() for fault in _check_closings(path.stem, pages)]
    assert not faults, "\n".join(faults)


def _half_empty_pages(name: str, pages: list[Page]) -> list[str]:
    """Pages left more than half empty while the text goes on on the next page (not before a
    page that starts anew: an 附件, a plan's title)."""
    faults = []
    for page, following in itertools.pairwise(pages):
        lines = _text_lines(following)
        starts_anew = bool(lines) and (lines[0].startswith("附件") or any(ln.size > 17 for ln in following.lines[:2]))
        if not starts_anew and _lines_short(page) > std.LINES_PER_PAGE / 2:
            faults.append(f"{name}: page {page.number} is {_lines_short(page):.1f} lines short")
    return faults


def test_no_half_empty_page_before_continuing_text(
    shipped: dict[Path, list[Page]], word_edited: dict[Path, list[Page]]
) -> None:
    """Issue 34.4: a chart that does not fit the rest of its page is drawn a little smaller
    rather than leaving the page half empty (柳河镇's summary was 3 pages, page 1 holding 13 lines)."""
    documents = {**word_edited, **{p: pages for p, pages in shipped.items() if "总结" in p.stem}}
    faults = [fault for path, pages in documents.items() for fault in _half_empty_pages(path.stem, pages)]
    assert not faults, "\n".join(faults)
    liuhe = next(pages for path, pages in shipped.items() if path.stem.startswith("柳河镇") and "总结" in path.stem)
    assert len(liuhe) == 2
    # 永清's county summary left page 2 ten lines short before the units' chart (5 pages): the
    # figure is drawn a little smaller as a whole and the page is full.
    county = next(pages for path, pages in shipped.items() if path.stem.startswith("永清县") and "总结" in path.stem)
    assert len(county) == 4
    assert _lines_short(county[1]) <= SHORT_LINES, f"page 2 is {_lines_short(county[1]):.1f} lines short"


def test_figures_of_a_metric_column_share_their_decimals() -> None:
    """Issue 34.3: 179.9 beside 324 and 合计 313 in one 万元 column print as 179.9, 324.0, 313.0."""
    from generator.render.layout import share_decimals
    from generator.standard import wordml as wml

    def cell(text: str) -> Any:
        element = wml.element("w:tc")
        wml.sub(wml.sub(wml.sub(element, "w:p"), "w:r"), "w:t").text = text
        return element

    rows = [
        [cell(a), cell(b), cell(c)] for a, b, c in [("1", "179.9", "3"), ("2", "324", "未报送"), ("合计", "313", "3")]
    ]
    share_decimals(rows, 1)
    assert [[wml.paragraph_text(c) for c in row] for row in rows] == [
        ["1", "179.9", "3"],
        ["2", "324.0", "未报送"],
        ["合计", "313.0", "3"],
    ]


def _closing_page_text(pages: list[Page]) -> list[str]:
    """The lines of 正文 above the (last) 落款 on its page: not the 附件说明 nor blank."""
    index, signature = _closings(pages)[-1]
    return [t for t in _text_lines(pages[index])[:signature] if not t.startswith("附件")]


def test_plans_tighten_the_page_before_a_closing_that_would_take_two_lines(
    built: Path, example_pdfs: dict[Path, Path]
) -> None:
    """Issue 34.5: six of the 永清 plans printed a page 4 holding the last two lines, the 附件说明
    and the 落款 (the page before four lines short). A 文秘 sets a few paragraphs of the last pages
    closer (7.3.5.5 调整字距, 行距) so that the 落款 stays with the page of text: no plan prints
    more than 4 pages (3 of text, the 附件)."""
    plans = {path: read_pdf(pdf) for path, pdf in example_pdfs.items() if path.parent.name == "方案"}
    assert len(plans) == 18
    faults = []
    for path, pages in plans.items():
        faults += _check_closings(path.stem, pages)
        index, _ = _closings(pages)[-1]
        if len(_closing_page_text(pages)) <= 2:
            faults.append(f"{path.stem}: page {index + 1} holds {_closing_page_text(pages)} and the 落款")
        if index > 0 and _lines_short(pages[index - 1]) > SHORT_LINES:
            faults.append(f"{path.stem}: page {index} is {_lines_short(pages[index - 1]):.1f} lines short")
        if len(pages) > 4:  # six of them were 5 pages: 3 of text, the 落款's, the 附件
            faults.append(f"{path.stem}: {len(pages)} pages")
    assert not faults, "\n".join(faults)


# Marks that may not start a line (GB/T 15834's 禁则), written out: the test does not take them from the code.
CLOSING_MARKS = "，。、；：！？）》〕」』”’…"


# The right edge of a portrait 版心, where a full line ends (its first line too, indented or not).
TYPE_AREA_RIGHT_MM = std.MARGIN_LEFT / std.TWIPS_PER_MM + std.TYPE_AREA_WIDTH_MM


def _lone_last_lines(page: Page) -> list[str]:
    """Lines of one character and closing marks under a line that reaches the 版心's right edge
    (安。, 数）。), a paragraph's indented first line too (巡/护。: a line as wide as the 版心 alone
    let it pass)."""
    lines = [line for line in page.lines if 15 <= line.size <= 17]
    return [
        f"page {page.number}: {above.text.replace(' ', '')[-6:]}|{text}"
        for above, line in itertools.pairwise(lines)
        if (text := line.text.replace(" ", "")) != text.rstrip(CLOSING_MARKS)
        and len(text.rstrip(CLOSING_MARKS)) <= 1
        and above.x1 > TYPE_AREA_RIGHT_MM - 3
        and above.x1 - above.x0 > std.TYPE_AREA_WIDTH_MM - 14
    ]


def test_no_paragraph_ends_in_one_character_alone(example_pdfs: dict[Path, Path]) -> None:
    """Seven 永清 plans ended their 目标 paragraph in 件。 alone on a line, four department summaries
    in 次。: a 文秘 sets such a paragraph a little closer (29 字 a line) so that the line goes, and
    gongwen check, reading the pages, takes those lines for what they are (docs/layout.md)."""
    from generator.check.conformance import expected_pages
    from generator.check.rendered import check_pages

    documents = {path: pdf for path, pdf in example_pdfs.items() if path.parent.name in ("方案", "总结")}
    assert len(documents) >= 18 + 19
    faults = []
    for document, pdf in documents.items():
        pages = read_pdf(pdf)  # read once: check_rendered(pdf, …) is check_pages(read_pdf(pdf), …)
        faults += [f"{document.stem}: {lone}" for page in pages for lone in _lone_last_lines(page)]
        defects = check_pages(pages, expected_pages(document, []))
        faults += [f"{document.stem}: check {d.where} {d.message}" for d in defects if d.code == "chars-per-line"]
    assert not faults, "\n".join(faults)


def test_a_paragraph_of_28_characters_after_its_indent_ends_on_its_line(shipped: dict[Path, list[Page]]) -> None:
    """柳河's 检查安排: 对排查出的隐患逐条整改，清理林下可燃物，落实护林员巡护。 (28 字) printed 护。 alone under
    its first line. Set closer, 30 字 a line, its first line still held 27: the two-字 indent was
    fixed in twips, and the 。 may not start a line, so 护 went down with it. The indent is set
    closer with the characters (two 字 of the paragraph as set): the paragraph is one line, and
    gongwen check finds no line of too many characters."""
    from generator.check.conformance import expected_pages
    from generator.check.rendered import check_pages

    plans = {path: pages for path, pages in shipped.items() if path.parent.name == "检查安排"}
    assert plans
    faults = []
    for plan, pages in plans.items():
        lines = [line.text.replace(" ", "") for page in pages for line in page.lines]
        assert "对排查出的隐患逐条整改，清理林下可燃物，落实护林员巡护。" in lines, lines
        faults += [f"{plan.stem}: {lone}" for page in pages for lone in _lone_last_lines(page)]
        defects = check_pages(pages, expected_pages(plan, []))
        faults += [f"{plan.stem}: check {d.code} {d.where} {d.message}" for d in defects if d.code in LAYOUT_FAULTS]
    assert not faults, "\n".join(faults)


# --- campaigns set up as a clerk would, their templates retyped in Word's default style -----------


def _one_report_town(root: Path) -> Path:
    """柳河镇's groups in a one-off inspection: it reports once (报送周期 一次, 期别 全程), three of
    its four groups reported and the fourth never did; the templates' text, blank lines, 署名 and
    date retyped in Word's default style, a 附注 under the notice's date."""
    from click.testing import CliRunner

    from generator.cli import main
    from generator.inputs.periods import WHOLE_CAMPAIGN

    assert CliRunner().invoke(main, ["init", str(root), "--example", "liuhe"]).exit_code == 0
    workbook = root / "inputs" / "活动数据.xlsx"
    book = load_workbook(workbook)
    for row in book["活动"].iter_rows(min_row=2):
        if row[0].value == "报送周期":
            row[1].value = "一次"
    reports = book["统计报表"]
    for number in range(reports.max_row, 1, -1):
        if reports.cell(number, 2).value == "第1周" and reports.cell(number, 1).value != "第四检查组":
            reports.cell(number, 2).value = WHOLE_CAMPAIGN
        else:
            reports.delete_rows(number)
    book.save(workbook)
    for template in sorted((root / "templates").glob("*.docx")):
        _retype_closing(template, note="（此件公开发布）" if template.stem == "通知" else None)
    result = CliRunner().invoke(main, ["-C", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def _blank_starter_retyped(root: Path) -> Path:
    """The blank starter's campaign, every template retyped in Word's default style, a 附注 under
    the notice's and each plan's date, and two more groups of six metrics: its roll-up has two
    tables (2+2+6 and 6 columns) of its three units."""
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import main

    assert CliRunner().invoke(main, ["init", str(root), "--blank"]).exit_code == 0
    workbook = root / "inputs" / "活动数据.xlsx"
    book = load_workbook(workbook)
    metrics, reports = book["统计指标"], book["统计报表"]
    for number, name in enumerate(f"{group}指标{i}" for group in ("宣传教育", "队伍建设") for i in range(1, 7)):
        metrics.append([name[:4], name, "次", "整数", None])
        column = reports.max_column + 1
        reports.cell(1, column).value = name
        for row in range(2, reports.max_row + 1):
            reports.cell(row, column).value = row + number
    book.save(workbook)
    for template in sorted((root / "templates").glob("*.docx")):
        _retype_closing(template, note="（此件主动公开）" if template.stem in ("通知", "方案") else None)
    result = CliRunner().invoke(main, ["-C", str(root), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root


def _own_campaign_documents(folder: Path) -> list[Path]:
    """Every document of two campaigns of our own (above)."""
    return [
        document
        for workspace in (_one_report_town(folder / "town"), _blank_starter_retyped(folder / "blank"))
        for document in sorted((workspace / "output").rglob("*.docx"))
    ]


@pytest.fixture(scope="module")
def own_campaigns(converted: dict[str, dict[Path, Path]]) -> dict[Path, Path]:
    """Every document of two campaigns of our own, as LibreOffice PDFs: document -> PDF."""
    return converted["own campaigns"]


LAYOUT_FAULTS = {"closing-alone", "note-alone", "half-empty-page", "lines-per-page", "chars-per-line"}


def test_own_campaigns_print_as_an_office_sends_them(own_campaigns: dict[Path, Path]) -> None:
    """Issue 34, done when: on every document of campaigns edited the way Word saves them, sheets
    print on one page, no page is left half empty before continuing text, the 落款 and 附注 never
    stand alone (read from the PDFs here, and by gongwen check's rules for pages, check_pages, on the same reading)."""
    from generator.check.conformance import expected_pages
    from generator.check.rendered import check_pages

    assert len(own_campaigns) >= 20
    faults = []
    sheets = 0
    pages_of = {}
    for document, pdf in own_campaigns.items():
        pages = pages_of[document] = read_pdf(pdf)  # read once: check_rendered reads it as read_pdf does
        if document.parent.parent.name in ("周报", "统计") and "汇总" not in document.stem:
            sheets += 1
            if len(pages) != 1:
                faults.append(f"{document.stem}: a sheet of {len(pages)} pages")
        faults += _check_closings(document.stem, pages) + _half_empty_pages(document.stem, pages)
        defects = check_pages(pages, expected_pages(document, []))
        faults += [f"{document.stem}: check {d.code} {d.where} {d.message}" for d in defects if d.code in LAYOUT_FAULTS]
    assert sheets >= 4 + 2
    # Two small tables share a landscape page: the blank starter's roll-up of three units.
    (rollup,) = [d for d in own_campaigns if d.stem.startswith("全县汇总表")]
    assert len(pages_of[rollup]) == 1
    assert len(re.findall(r"<w:tbl>", zipfile.ZipFile(rollup).read("word/document.xml").decode())) == 2
    notes = [p for p in own_campaigns if "通知" in p.parent.name]
    assert len(notes) == 2  # the two notices carry a 附注: it must share the date's page
    assert not faults, "\n".join(faults)


def _summary_with_a_larger_chart(built: Path, folder: Path) -> list[Path]:
    """The example's county summary, and a copy as it printed before its figure was drawn smaller as
    a whole (the units' chart at 110 %)."""
    from lxml import etree

    summary = built / "output" / "总结" / "永清县打击传销活动大排查工作总结.docx"
    extent = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
    with zipfile.ZipFile(summary) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    last = list(root.iter(extent))[-1]  # the units' chart
    for name in ("cx", "cy"):
        last.set(name, str(int(int(last.get(name) or 0) * 1.1)))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    folder.mkdir(parents=True)
    moved = folder / "moved.docx"
    with zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return [summary, moved]


def test_check_reports_a_page_left_short_before_a_chart(converted: dict[str, dict[Path, Path]]) -> None:
    """Issue 34.6: the county summary as it printed before its figure was drawn smaller as a whole
    (the units' chart at 110 %: it moves to page 3 and leaves page 2 some ten lines short) is
    reported by gongwen check's reading of the pages; the summary as built is not."""
    from generator.check.conformance import check_rendered, expected_pages

    summary, _ = converted["larger chart"]
    found = {
        document.name: [d for d in check_rendered(pdf, expected_pages(document, [])) if d.code == "half-empty-page"]
        for document, pdf in converted["larger chart"].items()
    }
    assert found[summary.name] == []
    page_two = [d.message for d in found["moved.docx"] if d.where == "第 2 页"]
    assert len(page_two) == 1 and "第 3 页开头的图表或表格在这一页排不下" in page_two[0], found


def _imported_notice(folder: Path, name: str) -> list[Path]:
    """A real notice of tests/data/notices imported and its 通知 built."""
    from generator import app

    notices = Path(__file__).parent / "data" / "notices"
    app.import_notice(notices / f"{name}.docx", folder / "ws")
    fill_blank_dates(folder / "ws")  # the notices state no campaign dates
    result = app.build(app.Workspace(folder / "ws"), kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((folder / "ws" / "output" / "通知").glob("*.docx"))


def test_a_short_body_leaves_a_line_on_the_page_of_the_heading(converted: dict[str, dict[Path, Path]]) -> None:
    """来苏镇 (2021): a joint notice (two organs' marks) whose body is two lines. Its 落款 does not fit
    page 1, and moving the body with it (7.3.5.5) left page 1 with the 版头 and the 主送 alone and a
    gap of some ten lines: only the body's last line goes with the 落款."""
    ((notice, pdf),) = converted["来苏镇村委会换届选举"].items()
    pages = read_pdf(pdf)
    first = _text_lines(pages[0])
    addressee = next(i for i, text in enumerate(first) if text.endswith("：") and "村委会" in text)
    assert first[addressee + 1 :] and first[addressee + 1].startswith("《来苏镇"), first
    second = _text_lines(pages[1])
    assert second.index("中共重庆市永川区来苏镇委员会") == 1, second  # one line of the body above the 署名
    assert not _check_closings(notice.stem, pages)


def _organ_box(page: Page, organ: str) -> tuple[float, float, float]:
    """Where an organ's name prints on the page: its left and right edges and its top, in mm."""
    for line in page.lines:
        texts = [c.text for c in line.chars]
        at = "".join(texts).find(organ)
        if at >= 0:
            chars = line.chars[at : at + len(organ)]
            return chars[0].x0, chars[-1].x1, chars[0].top
    raise AssertionError(f"{organ} is on no line: {_text_lines(page)}")


SEAL_MM = std.SEAL_DIAMETER / std.TWIPS_PER_MM
RIGHT_MM = std.TYPE_AREA_LEFT_MM + std.TYPE_AREA_WIDTH_MM


@pytest.mark.parametrize(
    ("notice", "organs", "side_by_side"),
    [("岳阳市政务公开实施意见", ("中共岳阳市委办公室", "岳阳市人民政府办公室"), True),
     ("来苏镇村委会换届选举", ("中共重庆市永川区来苏镇委员会", "重庆市永川区来苏镇人民政府"), False)],
)  # fmt: skip
def test_a_joint_notice_gives_each_organ_s_seal_its_room(
    converted: dict[str, dict[Path, Path]], notice: str, organs: tuple[str, str], side_by_side: bool
) -> None:
    """GB/T 9704 7.3.5.1: a joint notice, sealed, has a 署名 and a seal for each organ, the seals in
    neat rows, none touching another or beyond the 版心, the last 署名 centred over the date (its seal
    covers both). 岳阳市's 市委办 and 市政府办 (2017) stood one under the other, their two seals on top
    of each other; they now stand side by side, the lead organ first. 来苏镇's two long names (2021)
    cannot: one stands a seal's height above the other."""
    ((document, pdf),) = converted[notice].items()  # (来苏镇's is the short-body test's notice)
    pages = read_pdf(pdf)
    (page,) = [p for p in pages if any(DATE_LINE.fullmatch(line.text.replace(" ", "")) for line in p.lines)]
    (lead_left, lead_right, lead_top), (last_left, last_right, last_top) = (_organ_box(page, o) for o in organs)
    date = next(line for line in page.lines if DATE_LINE.fullmatch(line.text.replace(" ", "")))
    lead_centre, last_centre = (lead_left + lead_right) / 2, (last_left + last_right) / 2
    # the last seal covers 署名 and date: centred on the date as Word sets it (LibreOffice widens the date
    # by a quarter 字 at each CJK/digit boundary, moving its centre 3 mm left: test_layout_pdf.py)
    assert last_centre == pytest.approx((date.x0 + date.x1) / 2, abs=3.5)
    assert date.x1 == pytest.approx(RIGHT_MM - 4 * std.CHAR_WIDTH / std.TWIPS_PER_MM, abs=1.5)  # 右空四字
    assert lead_centre - SEAL_MM / 2 >= std.TYPE_AREA_LEFT_MM - 0.5 and last_centre + SEAL_MM / 2 <= RIGHT_MM + 0.5
    if side_by_side:  # one row: the seals' centres a seal and more apart, the lead organ on the left
        assert lead_top == pytest.approx(last_top, abs=0.5)
        assert last_centre - lead_centre > SEAL_MM
        assert lead_right < last_left
    else:  # one above the other: the rows a seal and more apart
        assert last_top - lead_top > SEAL_MM
    assert not _check_closings(document.stem, pages)


SCHOOL_ZONE_NOTICE = [  # a 区's notice, its headings mixed (一、（一）1.（1）), a 联系人 line above the 落款
    "××区人民政府办公室关于开展校园周边环境专项整治的通知", "各街道办事处，区政府各部门：",
    "为净化校园周边环境，决定自2025年3月1日至2025年5月31日在全区开展校园周边环境专项整治。现将有关事项通知如下：",
    "一、整治重点", "（一）校园周边治安秩序。", "1.严厉打击侵害师生权益的违法犯罪。", "（1）加强上下学时段巡逻。",
    "（2）开展矛盾纠纷排查。", "2.整治校园周边交通秩序。", "（二）校园周边经营秩序。", "二、工作要求",
    "各单位每月5日前报送整治情况。", "联系人：李华，联系电话：010-12345678。", "××区人民政府办公室", "2025年2月25日",
]  # fmt: skip


def _contact_line_notice(folder: Path) -> list[Path]:
    from generator import app

    source = folder / "通知.txt"
    folder.mkdir(parents=True)
    source.write_text("\n".join(SCHOOL_ZONE_NOTICE), encoding="utf-8")
    app.import_notice(source, folder / "ws")
    fill_blank_dates(folder / "ws")  # the notice names no phase
    result = app.build(app.Workspace(folder / "ws"), kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((folder / "ws" / "output" / "通知").glob("*.docx"))


def test_a_contact_line_and_the_banji_keep_the_closing_on_the_page_of_the_text(
    converted: dict[str, dict[Path, Path]],
) -> None:
    """A notice ending with a 联系人 line: the import kept the paragraph above that line with the 落款,
    which chained it through the headings above (（二）…, 二、工作要求) to the 署名, and the pass gave the
    版记 at the page's foot no room: LibreOffice moved five lines and the 落款 to page 2 and left nine
    lines of page 1 empty. The 联系人 line is the text kept with the 落款, and the 版记 is counted."""
    ((notice, pdf),) = converted["contact line"].items()
    pages = read_pdf(pdf)
    assert len(pages) == 1, [_text_lines(page) for page in pages]  # the text, the 落款 and the 版记
    assert not _check_closings(notice.stem, pages)


def _two_line_contact_notice(folder: Path) -> list[Path]:
    from generator import app

    lines = [
        *SCHOOL_ZONE_NOTICE[:-3],
        "各单位要高度重视，明确责任分工，细化工作措施，确保整治工作取得实效，每月5日前报送整治情况。",
    ]
    lines += [
        "联系人：李华，联系电话：010-12345678，电子邮箱：xiaoyuan_zhengzhi@example.gov.cn。",
        *SCHOOL_ZONE_NOTICE[-2:],
    ]
    folder.mkdir(parents=True)
    source = folder / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    app.import_notice(source, folder / "ws")
    fill_blank_dates(folder / "ws")
    result = app.build(app.Workspace(folder / "ws"), kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((folder / "ws" / "output" / "通知").glob("*.docx"))


def test_a_two_line_contact_is_set_closer_with_the_closing_and_the_banji_on_page_one(
    converted: dict[str, dict[Path, Path]],
) -> None:
    """The same notice, its 要求 two lines and its 联系人 two (an e-mail address after the phone):
    the 落款 and the 版记 did not fit under the text, and the remedies of 7.3.5.5 (a seal line less,
    the lines closer) were measured without the 版记 at the page's foot, so they seemed to hold the
    block and LibreOffice moved the 联系人, the 落款 and the 版记 to page 2, page 1 six lines short
    (gongwen check: 大半页空白). With the 版记 counted the page is set closer and holds them all."""
    from generator.check.conformance import expected_pages
    from generator.check.rendered import check_pages

    ((notice, pdf),) = converted["two-line contact"].items()
    pages = read_pdf(pdf)  # read once: check_rendered(pdf, …) is check_pages(read_pdf(pdf), …)
    assert len(pages) == 1, [_text_lines(page) for page in pages]
    assert _text_lines(pages[0])[-3:-1] == ["××区人民政府办公室", "2025年2月25日"], _text_lines(pages[0])
    assert _text_lines(pages[0])[-1].endswith("2025年2月25日印发")  # the 版记 under the 落款
    assert not _check_closings(notice.stem, pages)
    assert [d for d in check_pages(pages, expected_pages(notice, [])) if d.code in LAYOUT_FAULTS] == []


def _unsigned_notice(folder: Path) -> list[Path]:
    """大同市's notice (同政办发〔2009〕96号) as a page holding its number, 主送机关, text and date but no
    title and no 署名, imported, its title typed by the clerk, and built."""
    from openpyxl import load_workbook

    from generator import app

    lines = (Path(__file__).parent / "data" / "notices" / "大同市环保专项行动.txt").read_text("utf-8").splitlines()
    folder.mkdir(parents=True)
    source = folder / "通知.txt"
    source.write_text("\n".join([lines[2], lines[3], lines[4] + lines[5], lines[6]]), encoding="utf-8")
    app.import_notice(source, folder / "ws")
    fill_blank_dates(folder / "ws")  # the page names no phase
    book = folder / "ws" / "inputs" / "活动数据.xlsx"
    wb = load_workbook(book)
    title = next(row for row in wb["发文"].iter_rows(min_row=2) if row[0].value == "标题")
    title[1].value = lines[1]  # the clerk types the title the page printed apart: four lines
    wb.save(book)
    result = app.build(app.Workspace(folder / "ws"), kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((folder / "ws" / "output" / "通知").glob("*.docx"))


def test_a_closing_without_a_signature_takes_the_last_lines_alone(converted: dict[str, dict[Path, Path]]) -> None:
    """大同市's notice (同政办发〔2009〕96号) as a page holding its number, 主送机关, text and date but no
    title and no 署名 (no organ to sign): its one body paragraph, kept with the date, went whole to
    page 2 and left six lines of page 1 empty (which gongwen check then reported of gongwen's own
    notice). The date alone closes the notice: the paragraph starts under the 主送机关 and only its
    last lines go with the date."""
    from generator import app

    ((notice, pdf),) = converted["大同市"].items()
    pages = read_pdf(pdf)
    first = _text_lines(pages[0])
    addressee = next(i for i, text in enumerate(first) if text.startswith("各县（区）人民政府"))
    assert first[addressee + 1 :] and first[addressee + 1].startswith("为进一步贯彻落实"), first
    second = _text_lines(pages[1])
    assert second.index("2009年4月28日") <= 3, second  # the paragraph's last lines, then the date
    checked = app.check([notice], lay_out=True)
    defects = [d for found in checked.results.values() if isinstance(found, list) for d in found]
    assert defects == [], defects


def _gas_summary(folder: Path) -> list[Path]:
    from generator import app

    root = gas_campaign(folder / "dali")
    result = app.build(app.Workspace(root), kinds=["总体总结"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((root / "output" / "总结").glob("大理市*.docx"))


def test_a_summary_sets_long_names_and_headers_as_a_clerk_would(converted: dict[str, dict[Path, Path]]) -> None:
    """大理市 (2023): 检查餐饮等用气场所 printed as 检查餐饮/等用/气场所 (cut as though every word had two
    characters); its ranking table gave the units' column the names on one line (市住房和城乡建设局)
    and set the five figures' headers in 小五 beside it. Now the header is cut between its words and
    the names take two lines, the headers their own size (小四), no line one character alone."""
    ((_, pdf),) = converted["gas summary"].items()
    lines = [line for page in read_pdf(pdf) for line in page.lines]
    texts = [line.text.replace(" ", "") for line in lines]
    assert "餐饮等" in texts and "用气场所" in texts, texts
    assert "等用" not in texts and "气场所" not in texts, texts
    heading = texts.index("按检查燃气经营企业从多到少排列：")
    table = [line for line in lines[heading + 1 :] if line.size < 15]  # down to the 署名 (三号)
    assert table and all(line.size >= 12 for line in table), [(line.text, line.size) for line in table]
    alone = [line.text for line in table if len(line.text.strip()) == 1 and not line.text.strip().isdigit()]
    assert not alone, alone
    assert not any("市住房和城乡建设局" in text for text in texts[heading:]), texts[heading:]  # in two lines


def _gas_summary_with_figures_in_names(folder: Path) -> list[Path]:
    from generator import app

    root = gas_campaign(folder / "dali")
    workbook = root / "inputs" / "活动数据.xlsx"
    book = load_workbook(workbook)
    renamed = {"检查燃气经营企业": "检查12315投诉点", "排查燃气安全隐患": "排查3层以上建筑"}
    for sheet, column in (("统计指标", 2), ("统计报表", None)):
        for row in book[sheet].iter_rows(min_row=1 if column is None else 2):
            for cell in row if column is None else row[column - 1 : column]:
                cell.value = renamed.get(str(cell.value), cell.value)
    book.save(workbook)
    result = app.build(app.Workspace(root), kinds=["总体总结"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return list((root / "output" / "总结").glob("大理市*.docx"))


def test_a_header_holding_a_figure_is_cut_between_words(converted: dict[str, dict[Path, Path]]) -> None:
    """大理市's campaign with two metrics renamed 检查12315投诉点 and 排查3层以上建筑: the summary's
    ranking table cut them 检查12/315投/诉点 (the old cutter, for a name holding digits); now between
    words, the figure whole with its measure word (3层)."""
    ((_, pdf),) = converted["figures in names"].items()
    cells = [cell for page in read_pdf(pdf) for line in page.lines for cell in _cells_of(line)]
    heading = cells.index("按检查12315投诉点从多到少排列：")
    headers = cells[heading + 1 : heading + 40]
    for name in ("检查", "12315", "投诉点", "排查", "3层以上", "建筑"):
        assert name in headers, headers
    assert not any(re.search(r"\d[^\d层]|[^\d]\d", cell) for cell in headers if cell != "12315"), headers


def _cells_of(line: Any) -> list[str]:
    """A PDF line's texts parted where the gap between two characters is wider than a cell's margins
    (a figure's space on either side is a quarter 字, about 1 mm at 小四)."""
    cells = [""]
    for before, char in itertools.pairwise([None, *line.chars]):
        if before is not None and char.x0 - before.x1 > 2.5:
            cells.append("")
        cells[-1] += char.text.strip()
    return [cell for cell in cells if cell]


YUNLE_SECTIONS = (
    ("主要做法", "健全统计工作机制", "镇党政办牵头，各站所按季度报送。"),
    ("存在问题", None, "个别站所报送不够及时。"),
    ("下一步打算", None, "加强督促检查，确保按时报送。"),
)


def _yunle_summary(root: Path, sections: tuple[tuple[str, str | None, str], ...] = YUNLE_SECTIONS) -> Path:
    """云乐镇's quarterly 信息公开统计制度 (2019) set up as its clerk does: three 站所 reporting four
    quarters on four metrics, a summary of `sections` (one line a section unless given); the
    county summary built."""
    from click.testing import CliRunner

    from generator import app
    from generator.cli import main

    app.import_notice(Path(__file__).parent / "data" / "notices" / "云乐镇信息公开统计制度.docx", root)
    fill_blank_dates(root, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    path = root / "inputs" / "活动数据.xlsx"
    book = load_workbook(path)
    for sheet in ("统计指标", "单位", "领导小组", "统计报表", "核对规则", "总结"):
        book[sheet].delete_rows(2, book[sheet].max_row)
    metrics = [
        ("主动公开", "主动公开政府信息", "条"),
        ("主动公开", "政务公开栏更新", "期"),
        ("依申请公开", "收到公开申请", "件"),
        ("依申请公开", "按时答复申请", "件"),
    ]
    for group, name, measure in metrics:
        book["统计指标"].append([group, name, measure, "整数", "是", "累加"])
    reports = book["统计报表"]
    for column, header in enumerate(["单位名称", "期别"] + [name for _, name, _ in metrics], start=1):
        reports.cell(1, column).value = header
    for number, unit in enumerate(("党政办", "财政所", "农业综合服务站")):
        book["单位"].append([unit, "部门", None, "是", "办公室"])
        book["领导小组"].append([unit, "组长", "×××", "主任"])
        for quarter in "一二三四":
            reports.append([unit, f"2019年第{quarter}季度", 10 + number + "一二三四".index(quarter), 2, 1, 1])
    for section, title, text in sections:
        book["总结"].append(["云乐镇", section, title, text])
    book.save(path)
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--kind", "总体总结"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "output" / "总结" / "云乐镇信息公开工作总结.docx"


def test_a_closing_under_a_table_on_its_page_is_fitted_there_not_moved_with_its_heading(
    converted: dict[str, dict[Path, Path]],
) -> None:
    """云乐镇's summary printed its tables and 二、三、 on page 2, then 四、, its one line and the 落款
    on page 3, page 2 five lines short: the walk took the 逐期 table, whose header and first and
    last rows kept together are all of it, for one that breaks over the page (its chart above it
    left on page 1), and a page a table shares was never adjusted. One of the seal's two lines
    goes (7.3.5.5) and the summary is two pages, no heading at a page's foot."""
    ((summary, pdf),) = converted["云乐镇 summary"].items()
    pages = read_pdf(pdf)
    assert len(pages) == 2, [_text_lines(page)[:3] for page in pages]
    last = _text_lines(pages[1])
    heading = last.index("四、下一步工作打算")
    assert last[heading + 1] == "加强督促检查，确保按时报送。" and DATE_LINE.fullmatch(last[-1]), last[heading:]
    assert _check_closings(summary.stem, pages) == []


# 云乐镇's summary as a clerk who writes more fills it in: two lines a section, and twice that.
YUNLE_FULLER = (
    ("主要做法", "健全统计工作机制", "镇党政办牵头，各站所按季度报送，明确专人负责信息公开统计，做到报送及时、数据准确、口径统一。"),
    ("存在问题", None, "个别站所报送不够及时，统计口径理解不一，部分数据需要反复核对。"),
    ("下一步打算", None, "加强督促检查，定期通报报送情况，确保按时报送、数据准确。"),
)  # fmt: skip


def _fuller_yunle_summaries(folder: Path) -> list[Path]:
    twice = tuple((section, title, text * 2) for section, title, text in YUNLE_FULLER)
    return [_yunle_summary(folder / "once", YUNLE_FULLER), _yunle_summary(folder / "twice", twice)]


CHECKED_HERE = {*LAYOUT_FAULTS, "first-line-indent"}


def test_a_chart_kept_with_a_short_table_does_not_leave_its_page_short(converted: dict[str, dict[Path, Path]]) -> None:
    """云乐镇's summary written out more fully: the units' chart, kept with the 逐期 table under it
    (a table of four quarters, whose rows are kept together), moved with it to page 2 and left page 1
    seven lines short; the walk set the chart's last line at the top of page 2 (a picture does not
    break), so the 落款 it thought held there went on to page 3 with 确。 alone, or with 四、 and
    its text, page 2 five lines short; and a paragraph set 30 字 a line printed 29 (LibreOffice
    sets such a line a little wider than its characters). The table now fills page 1 and the
    chart follows it; no page ends more than three lines short before text that goes on, and
    every 落款 has its text with it."""
    from generator.check.conformance import check_document, expected_pages
    from generator.check.rendered import check_pages

    faults = []
    for summary, pdf in converted["云乐镇 fuller summaries"].items():
        pages = read_pdf(pdf)
        name = summary.parent.parent.parent.name
        faults += _check_closings(name, pages)
        for page in pages[:-1]:
            if _lines_short(page) > SHORT_LINES:
                faults.append(f"{name}: page {page.number} ends {_lines_short(page):.1f} lines short")
        if name == "once" and len(pages) != 2:
            faults.append(f"{name}: {len(pages)} pages")
        # gongwen check reads the pages as they print: no page short, no last lines cut off for
        # the 落款 taken for a paragraph set flush left
        defects = [*check_pages(pages, expected_pages(summary, [])), *check_document(summary)]
        faults += [f"{name}: check {d.code} {d.where} {d.message}" for d in defects if d.code in CHECKED_HERE]
    assert not faults, "\n".join(faults)


# --- every document the module makes of its own, converted in one launch -------------------------


@pytest.fixture(scope="module")
def converted(
    built: Path, built_examples: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[Path, Path]]:
    """The documents of each test and fixture of the module (by name), each mapped to its LibreOffice PDF:
    made in one launch rather than one per test. Each document is converted from a copy named by its
    place in the list, as two of them share a name (the two 大理市 summaries)."""
    import shutil

    require_soffice()
    folder = tmp_path_factory.mktemp("converted")
    sources = {
        "shipped": _shipped_documents(built_examples["liuhe"], folder / "shipped"),
        "spreadsheets": _spreadsheets(built, folder / "xlsx"),
        "long metrics": _long_metric_sheets(folder / "long-metrics"),
        "long names": _long_name_sheets(folder / "long-names"),
        "word edited": _word_edited_documents(built, folder / "word-edited"),
        "own campaigns": _own_campaign_documents(folder / "own"),
        "larger chart": _summary_with_a_larger_chart(built, folder / "larger-chart"),
        "来苏镇村委会换届选举": _imported_notice(folder / "来苏镇", "来苏镇村委会换届选举"),
        "岳阳市政务公开实施意见": _imported_notice(folder / "岳阳市", "岳阳市政务公开实施意见"),
        "contact line": _contact_line_notice(folder / "contact-line"),
        "two-line contact": _two_line_contact_notice(folder / "two-line-contact"),
        "大同市": _unsigned_notice(folder / "大同市"),
        "gas summary": _gas_summary(folder / "gas"),
        "figures in names": _gas_summary_with_figures_in_names(folder / "figures"),
        "云乐镇 summary": [_yunle_summary(folder / "云乐镇")],
        "云乐镇 fuller summaries": _fuller_yunle_summaries(folder / "云乐镇-fuller"),
        "文安乡 summary": _wenan_summary(folder / "文安乡"),
    }
    documents = [document for group in sources.values() for document in group]
    (folder / "named").mkdir()
    copies = [Path(shutil.copyfile(d, folder / "named" / f"{i:03d}-{d.name}")) for i, d in enumerate(documents)]
    pdf_of = dict(zip(documents, convert_to_pdf(copies, folder / "pdf"), strict=True))
    return {name: {document: pdf_of[document] for document in group} for name, group in sources.items()}


def _wenan_summary(folder: Path) -> list[Path]:
    """文安乡's 汛期值班 (daily, 5月1日 to 9月30日), its summary tabled and charted by month: the 总体总结 built."""
    from click.testing import CliRunner, Result

    from generator.cli import main

    from .test_truth import FUND_METRICS, notice_of, workspace_with

    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    units = ["东村", "乡水利站"]
    days = [dt.date(2012, 5, 1) + dt.timedelta(days=k) for k in range(153)]
    title = "文安乡关于做好2012年汛期值班工作的通知"
    root = workspace_with(
        folder / "ws",
        run,
        notice=notice_of("文安乡人民政府", "广朝文府发〔2012〕45号", title, dt.date(2012, 4, 26)),
        campaign={
            "活动名称": "汛期值班", "本级名称": "文安乡", "方案标题": title, "开始日期": days[0],
            "结束日期": days[-1], "牵头单位": "乡水利站", "领导小组办公室": "乡防汛办", "报送周期": "日", "报送日": None,
        },
        kinds=[["村", None, None], ["部门", None, None]],
        units=[["东村", "村", None, None, None, None], ["乡水利站", "部门", None, "是", None, None]],
        leaders=[[unit, "组长", "×××", "主任"] for unit in units],
        metrics=FUND_METRICS,
        reports=[[unit, f"2012年{d.month}月{d.day}日", 1 + n, 0, 0, None] for n, unit in enumerate(units) for d in days],
        summary=[],
    )  # fmt: skip
    assert run("-C", root, "build", "-q", "--kind", "总体总结").exit_code == 0
    return [root / "output" / "总结" / "文安乡汛期值班工作总结.docx"]


def test_a_chart_kept_with_the_lead_in_to_a_table_that_moves_ends_its_page(
    converted: dict[str, dict[Path, Path]],
) -> None:
    """文安乡's 汛期值班 (daily, 5月1日 to 9月30日), its summary tabled and charted by month: the units'
    chart, kept with 按…从多到少排列： and the 排名 table under it, moved with them to page 2 and left
    page 1 4.4 lines short, where the chart alone fitted. The chart now ends page 1 and the lead-in
    starts page 2 with its table, in the order read (`_wenan_summary`)."""
    ((summary, pdf),) = converted["文安乡 summary"].items()
    pages = read_pdf(pdf)
    assert len(pages) == 2
    assert _lines_short(pages[0]) <= SHORT_LINES, f"page 1 is {_lines_short(pages[0]):.1f} lines short"
    second = _text_lines(pages[1])
    assert second[0].startswith("按排查企业从多到少排列"), second[:3]
    assert _check_closings(summary.stem, pages) == []


EMU_PER_MM = 36000


def test_the_blank_county_summary_fills_page_one_with_its_units_chart(tmp_path: Path, run: Run) -> None:
    """The blank example's county summary left page 1 two lines short above its units' bar chart
    (3.5 lines: neither it nor the lead-in and the 排名 table fitted the gap) and printed it at the
    top of page 2. The two trend charts over the table of periods are drawn lower, their width kept
    and at 60 % of their height at the least, the bar chart kept as it is (20 mm of title and axis
    and 4.8 mm a bar, three bars); it ends page 1, the lead-in and its table start page 2."""
    require_soffice()
    root = tmp_path / "ws"
    assert run("init", root, "--blank").exit_code == 0
    assert run("-C", root, "build", "-q").exit_code == 0
    summary = root / "output" / "总结" / "××县××专项行动工作总结.docx"
    (pdf,) = convert_to_pdf([summary], tmp_path / "pdf")
    pages = read_pdf(pdf)
    assert len(pages) == 2
    assert _lines_short(pages[0]) <= 1.5, f"page 1 is {_lines_short(pages[0]):.1f} lines short"
    assert _text_lines(pages[1])[0].startswith("按召开会议从多到少排列"), _text_lines(pages[1])[:3]
    assert _check_closings(summary.stem, pages) == []
    xml = zipfile.ZipFile(summary).read("word/document.xml").decode("utf-8")
    extents = [(int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)]
    trend, other, bars = extents
    assert trend == other and trend[0] == round(77 * EMU_PER_MM), extents  # half the 版心, less 1 mm each
    assert 0.6 * 58 * EMU_PER_MM <= trend[1] < 58 * EMU_PER_MM, extents
    assert bars == (round(156 * EMU_PER_MM), round((20 + 4.8 * 3) * EMU_PER_MM)), extents
