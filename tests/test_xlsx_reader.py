"""gongwen's own .xlsx reader on files as other writers make them: openpyxl, XlsxWriter, and
hand-made XML for what the standard allows and those two do not write (cells and rows without
`r`, rich inline strings, shared formulas, ISO date cells, the 1904 calendar, a Strict-free
minimal package). Expected values are written out by hand; openpyxl, an independent reader, is
asked to agree where it reads the same thing."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from generator.inputs.xlsx_reader import Sheet, XlsxWorkbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def values(sheet: Sheet) -> dict[str, object]:
    return {cell.coordinate: cell.value for row in sheet.rows.values() for cell in row.values()}


def handmade(
    folder: Path,
    sheet_data: str,
    *,
    workbook_pr: str = "",
    calc_pr: str = "",
    strings: list[str] | None = None,
    main: str = MAIN,
    rel: str = REL,
) -> Path:
    """A minimal valid package: one sheet named 单位 whose <sheetData> is `sheet_data`; style 1 is
    a built-in date format (14), style 2 a Chinese custom one. `main` and `rel`: the namespaces
    (Transitional by default, or Strict's)."""
    path = folder / "手写.xlsx"
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings or [])
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}">{workbook_pr}'
            '<sheets><sheet name="单位" sheetId="1" r:id="rId1"/></sheets>'
            f"{calc_pr}</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
            '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
        ),
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet_data}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)
    return path


def openpyxl_values(path: Path) -> dict[str, object]:
    sheet = openpyxl.load_workbook(path, data_only=True)["单位"]
    return {c.coordinate: c.value for row in sheet.iter_rows() for c in row if c.value is not None}


def test_cells_and_rows_without_r_follow_the_one_before(tmp_path: Path) -> None:
    path = handmade(
        tmp_path,
        '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>'
        '<row><c t="s"><v>3</v></c><c><v>12</v></c><c r="D2"><v>3.5</v></c><c><v>7</v></c></row>'
        '<row r="5"><c r="B5"><v>1</v></c><c><v>2</v></c></row>'
        "<row><c><v>9</v></c></row>",
        strings=["单位名称", "数量", "金额", "韩村镇"],
    )
    sheet = XlsxWorkbook(str(path)).sheet("单位")
    expected = {
        "A1": "单位名称", "B1": "数量", "C1": "金额",
        "A2": "韩村镇", "B2": 12, "D2": 3.5, "E2": 7,
        "B5": 1, "C5": 2,
        "A6": 9,
    }  # fmt: skip
    assert values(sheet) == expected
    assert openpyxl_values(path) == expected
    assert sheet.max_row == 6


def test_a_row_without_r_takes_its_number_from_its_cells(tmp_path: Path) -> None:
    path = handmade(tmp_path, '<row><c r="A3" t="inlineStr"><is><t>第三行</t></is></c><c><v>1</v></c></row>')
    assert values(XlsxWorkbook(str(path)).sheet("单位")) == {"A3": "第三行", "B3": 1}


def test_inline_strings_plain_rich_and_escaped(tmp_path: Path) -> None:
    path = handmade(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>韩村镇</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>永清县</t></r><r><t xml:space="preserve"> 公安局</t></r>'
        '<rPh sb="0" eb="1"><t>ヨン</t></rPh></is></c>'
        '<c r="C1" t="inlineStr"><is><t>一_x000A_二</t></is></c></row>',
    )
    assert values(XlsxWorkbook(str(path)).sheet("单位")) == {"A1": "韩村镇", "B1": "永清县 公安局", "C1": "一\n二"}


def test_shared_formulas_give_their_cached_values_and_one_without_is_flagged(tmp_path: Path) -> None:
    path = handmade(
        tmp_path,
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*3</f><v>6</v></c></row>'
        '<row r="2"><c r="A2"><v>4</v></c><c r="B2"><f t="shared" si="0"/><v>12</v></c></row>'
        '<row r="3"><c r="A3"><v>5</v></c><c r="B3"><f t="shared" si="0"/></c></row>',
    )
    sheet = XlsxWorkbook(str(path)).sheet("单位")
    assert [(c.value, c.formula_without_value) for c in (sheet.cell(r, 2) for r in (1, 2, 3)) if c] == [
        (6, False),
        (12, False),
        (None, True),
    ]


def test_dates_by_style_by_iso_cell_and_in_the_1904_calendar(tmp_path: Path) -> None:
    row = (
        '<row r="1"><c r="A1" s="1"><v>45356</v></c><c r="B1" s="2"><v>45356.5</v></c>'
        '<c r="C1" t="d"><v>2024-03-05T08:30:00</v></c><c r="D1" t="d"><v>2024-03-05</v></c><c r="E1"><v>45356</v></c></row>'
    )
    sheet = XlsxWorkbook(str(handmade(tmp_path, row))).sheet("单位")
    assert values(sheet) == {
        "A1": dt.datetime(2024, 3, 5),
        "B1": dt.datetime(2024, 3, 5, 12, 0),
        "C1": dt.datetime(2024, 3, 5, 8, 30),
        "D1": dt.datetime(2024, 3, 5),
        "E1": 45356,  # no date format: a number
    }
    mac = handmade(
        tmp_path, '<row r="1"><c r="A1" s="1"><v>43894</v></c></row>', workbook_pr='<workbookPr date1904="1"/>'
    )
    assert values(XlsxWorkbook(str(mac)).sheet("单位")) == {"A1": dt.datetime(2024, 3, 5)}
    assert openpyxl_values(mac) == {"A1": dt.datetime(2024, 3, 5)}


def test_booleans_errors_and_formula_text(tmp_path: Path) -> None:
    path = handmade(
        tmp_path,
        '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#DIV/0!</v></c>'
        '<c r="D1" t="str"><f>A2&amp;"镇"</f><v>韩村镇</v></c></row>',
    )
    assert values(XlsxWorkbook(str(path)).sheet("单位")) == {"A1": True, "B1": False, "C1": "#DIV/0!", "D1": "韩村镇"}


def test_a_workbook_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "单位"
    sheet.append(["单位名称", "数量", "报送日期", "合计"])
    sheet.append(["韩村镇", 12, dt.date(2024, 3, 5), "=B2*2"])
    sheet.append(["别古庄镇", 0.25, dt.datetime(2024, 3, 6, 9, 0), None])
    sheet.row_dimensions[3].hidden = True
    sheet.merge_cells("A5:B5")
    sheet["A5"] = "备注"
    book.create_sheet("说明").sheet_state = "hidden"
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)

    workbook = XlsxWorkbook(str(path))
    read = workbook.sheet("单位")
    assert values(read) == {
        "A1": "单位名称", "B1": "数量", "C1": "报送日期", "D1": "合计",
        "A2": "韩村镇", "B2": 12, "C2": dt.datetime(2024, 3, 5), "D2": None,
        "A3": "别古庄镇", "B3": 0.25, "C3": dt.datetime(2024, 3, 6, 9, 0),
        "A5": "备注",
    }  # fmt: skip
    formula = read.cell(2, 4)
    assert formula is not None and formula.formula_without_value  # openpyxl saves no result
    assert read.hidden_rows == {3} and read.merged == ["A5:B5"]
    assert workbook.sheetnames == ["单位", "说明"] and workbook.state("说明") == "hidden"


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared strings", "inline strings"])
def test_a_workbook_written_by_xlsxwriter(tmp_path: Path, constant_memory: bool) -> None:
    path = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory, "date_1904": True})
    sheet = book.add_worksheet("单位")
    chinese_date = book.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    sheet.write_row(0, 0, ["单位名称", "数量", "报送日期", "合计"])
    sheet.write_row(1, 0, ["韩村镇", 12])
    sheet.write_datetime(1, 2, dt.datetime(2024, 3, 5), chinese_date)
    sheet.write_formula(1, 3, "=B2*2", None, 24)
    sheet.write_row(2, 0, ["别古庄镇", 0.25])
    sheet.set_row(2, None, None, {"hidden": True})
    book.close()

    read = XlsxWorkbook(str(path)).sheet("单位")
    assert values(read) == {
        "A1": "单位名称", "B1": "数量", "C1": "报送日期", "D1": "合计",
        "A2": "韩村镇", "B2": 12, "C2": dt.datetime(2024, 3, 5), "D2": 24,
        "A3": "别古庄镇", "B3": 0.25,
    }  # fmt: skip
    assert read.hidden_rows == {3}


def without_implied_r(sheet_xml: bytes) -> bytes:
    """A sheet as a writer that omits `r` wherever the position implies it writes it."""
    from lxml import etree

    from generator.inputs.xlsx_reader import column_index

    root = etree.fromstring(sheet_xml)
    previous_row = 0
    for row in root.iter(f"{{{MAIN}}}row"):
        number = int(row.get("r"))
        if number == previous_row + 1:
            del row.attrib["r"]
        previous_row, previous_column = number, 0
        for cell in row.iter(f"{{{MAIN}}}c"):
            column = column_index("".join(ch for ch in cell.get("r") if ch.isalpha()))
            if column == previous_column + 1:
                del cell.attrib["r"]
            previous_column = column
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def test_the_example_workbook_without_its_implied_r_attributes_loads_as_the_same_inputs(tmp_path: Path) -> None:
    """The symptom of issue 41: a valid workbook whose writer omits the optional `r` was refused
    with 表头缺少列. The shipped example without every `r` the position implies (a row right after
    the one before, a cell right after the cell before) loads as the same campaign, with the same
    findings."""
    from generator.pipeline import read_workbook

    from .conftest import EXAMPLE

    original = EXAMPLE / "inputs" / "活动数据.xlsx"
    stripped = tmp_path / "活动数据.xlsx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = without_implied_r(data)
            target.writestr(info, data)
    with zipfile.ZipFile(stripped) as check:
        assert b' r="' not in check.read("xl/worksheets/sheet1.xml")  # the 发文 sheet: no gaps at all

    expected, expected_findings = read_workbook(original, "inputs/活动数据.xlsx")
    read, findings = read_workbook(stripped, "inputs/活动数据.xlsx")
    assert expected is not None and read == expected
    assert [str(f) for f in findings.items] == [str(f) for f in expected_findings.items]


def test_a_strict_open_xml_workbook_reads_like_a_transitional_one(tmp_path: Path) -> None:
    """Excel's "Strict Open XML Spreadsheet" (ISO/IEC 29500 Strict namespaces), which openpyxl cannot read."""
    path = handmade(
        tmp_path,
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="2"><v>45356</v></c></row>'
        '<row r="2" hidden="1"><c t="inlineStr"><is><t>韩村镇</t></is></c><c><f>1+1</f><v>2</v></c></row>'
        '<row r="3"><c r="A3"><f>B9</f></c></row>',
        strings=["单位名称"],
        workbook_pr='<workbookPr date1904="1"/>',
        main=STRICT_MAIN,
        rel=STRICT_REL,
    )
    sheet = XlsxWorkbook(str(path)).sheet("单位")
    assert values(sheet) == {"A1": "单位名称", "B1": dt.datetime(2028, 3, 6), "A2": "韩村镇", "B2": 2, "A3": None}
    assert sheet.hidden_rows == {2}
    formula = sheet.cell(3, 1)
    assert formula is not None and formula.formula_without_value


@pytest.mark.parametrize(
    "row", ['<row r="1"><c r="A1"><v>1</v></c><c r="x3"><v>2</v></c></row>', '<row r="第1行"><c><v>1</v></c></row>']
)
def test_a_reference_that_is_present_but_no_reference_is_a_damaged_sheet(tmp_path: Path, row: str) -> None:
    """Without `r` a cell's place is implied; with a broken one it is unknown: refused, never guessed."""
    from generator.inputs.xlsx_reader import BadSheet

    with pytest.raises(BadSheet) as raised:
        XlsxWorkbook(str(handmade(tmp_path, row))).sheet("单位")
    assert raised.value.part == "xl/worksheets/sheet1.xml"


def test_cells_of_one_value_read_like_any_other(tmp_path: Path) -> None:
    """The reader's shortcut for a cell holding one <v> or one inline run keeps every rule of the
    long way: a whole number typed t="n" or not, a date style, an empty inline run, an <is> in a
    cell that does not say it holds one, a shared string that does not exist."""
    path = handmade(
        tmp_path,
        '<row r="1"><c r="A1" t="n"><v>12</v></c><c r="B1"><v>007</v></c><c r="C1" s="1"><v>43137</v></c>'
        '<c r="D1" t="inlineStr"><is><t/></is></c><c r="E1" t="s"><is><t>x</t></is></c><c r="F1" t="s"><v>0</v></c>'
        '<c r="G1" t="n"><v>2.50</v></c><c r="H1" t="b"><v>1</v></c></row>',
        strings=["韩村镇"],
    )
    found = values(XlsxWorkbook(str(path)).sheet("单位"))
    assert found == {
        "A1": 12, "B1": 7, "C1": dt.datetime(2018, 2, 6), "D1": "", "E1": None, "F1": "韩村镇", "G1": 2.5, "H1": True,
    }  # fmt: skip
    assert type(found["A1"]) is int and type(found["G1"]) is float
    from generator.inputs.xlsx_reader import BadSheet

    with pytest.raises(BadSheet):
        XlsxWorkbook(str(handmade(tmp_path, '<row r="1"><c r="A1" t="s"><v>1</v></c></row>', strings=["一"]))).sheet(
            "单位"
        )


def test_two_cells_at_the_corners_of_the_grid_are_two_cells(tmp_path: Path) -> None:
    """A1 and XFD1048576 in a 4 KB file: read as two cells. (calamine 0.36, python-calamine 0.9.1,
    makes a dense grid of both corners, 550 GB, and aborts the process: calamine issue 693.)"""
    path = handmade(
        tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    assert path.stat().st_size < 4096
    assert values(XlsxWorkbook(str(path)).sheet("单位")) == {"A1": 1, "XFD1048576": 2}


def everything(book: XlsxWorkbook) -> dict[str, object]:
    """Every sheet as the reader gives it: each cell's place, value, type and flag; hidden rows, merges."""
    return {
        name: (
            [
                (c.row, c.column, c.value, type(c.value), c.formula_without_value)
                for cells in sheet.rows.values()
                for c in cells.values()
            ],
            sorted(sheet.hidden_rows),
            sheet.merged,
            sheet.filtered,
        )
        for name in book.sheetnames
        for sheet in [book.sheet(name)]
    }


def test_the_short_way_for_one_value_cells_gives_what_the_general_path_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example workbook, the files Excel and WPS saved, and one written by XlsxWriter with
    every kind of cell: read as shipped, then with every cell taken through the general path."""
    from .conftest import EXAMPLE

    made = tmp_path / "xlsxwriter.xlsx"
    book = xlsxwriter.Workbook(str(made))
    ws = book.add_worksheet("单位")
    dates = book.add_format({"num_format": 'yyyy"年"m"月"d"日"'})
    ws.write_row(0, 0, ["韩村镇", 12, 2.5, -3, True, "=1+1", " 空格 ", "", "007"])
    ws.write_datetime(1, 0, dt.datetime(2018, 2, 6), dates)
    ws.write_blank(1, 1, None, dates)
    ws.write_formula(1, 2, "=A1", None, "韩村镇")
    book.close()
    files = [
        made,
        EXAMPLE / "inputs" / "活动数据.xlsx",
        *sorted((Path(__file__).parent / "data" / "xlsx").glob("*.xlsx")),
    ]
    shipped = [everything(XlsxWorkbook(str(path))) for path in files]
    monkeypatch.setattr(XlsxWorkbook, "_cell", lambda self, c, row, col: self._read_cell(c, row, col))
    assert [everything(XlsxWorkbook(str(path))) for path in files] == shipped


def test_parts_are_found_by_the_package_relationships_whatever_their_names(tmp_path: Path) -> None:
    """A valid package may name and place its parts as it likes: the workbook, its sheets, shared
    strings and styles are found through the relationships (absolute, relative and ../ targets)."""
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    path = tmp_path / "别处.xlsx"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{rels}"><Relationship Id="r1" Type="{REL}/officeDocument" '
        'Target="/book/main.xml"/></Relationships>',
        "book/main.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="单位" sheetId="1" '
        'r:id="s1"/></sheets></workbook>',
        "book/_rels/main.xml.rels": f'<Relationships xmlns="{rels}">'
        f'<Relationship Id="s1" Type="{REL}/worksheet" Target="../data/first.xml"/>'
        f'<Relationship Id="s2" Type="{REL}/sharedStrings" Target="words.xml"/>'
        f'<Relationship Id="s3" Type="{REL}/styles" Target="/book/look.xml"/>'
        f'<Relationship Id="s4" Type="{REL}/hyperlink" Target="https://example.org/" TargetMode="External"/>'
        "</Relationships>",
        "book/words.xml": f'<sst xmlns="{MAIN}"><si><t>韩村镇</t></si></sst>',
        "book/look.xml": f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/>'
        "</cellXfs></styleSheet>",
        "data/first.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
        '<c r="B1" s="1"><v>43137</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    assert values(XlsxWorkbook(str(path)).sheet("单位")) == {"A1": "韩村镇", "B1": dt.datetime(2018, 2, 6)}


def test_digits_that_are_not_decimal_digits_are_no_numbers(tmp_path: Path) -> None:
    """'²'.isdigit() is true but int('²') fails: a superscript digit in a style index, a shared-string
    index, a number or a row number is damaged or text, never a traceback."""
    from generator.inputs.xlsx_reader import BadSheet

    text_cells = handmade(tmp_path, '<row r="1"><c r="A1" s="²"><v>5</v></c><c r="B1"><v>²</v></c></row>')
    assert values(XlsxWorkbook(str(text_cells)).sheet("单位")) == {"A1": 5, "B1": "²"}
    for row in ('<row r="1"><c r="A1" t="s"><v>²</v></c></row>', '<row r="²"><c><v>1</v></c></row>'):
        (tmp_path / "手写.xlsx").unlink()
        with pytest.raises(BadSheet):
            XlsxWorkbook(str(handmade(tmp_path, row, strings=["韩村镇"]))).sheet("单位")


def test_a_word_document_renamed_xlsx_is_told_as_one(tmp_path: Path) -> None:
    """A unit sent back its plan (.docx) renamed as the form: its package's main part was taken for the
    workbook and collect said only that it had no 统计报表 sheet."""
    from docx import Document

    from generator.inputs.xlsx_reader import OtherDocument

    source = tmp_path / "县住建局集中整治阶段统计报表（填报）.xlsx"
    document = Document()
    document.add_paragraph("县住建局工作方案")
    document.save(str(source))
    with pytest.raises(OtherDocument) as refused:
        XlsxWorkbook(str(source))
    assert refused.value.what == "一个 Word 文档"


@pytest.mark.parametrize("index", ["1", "99999999", "-1", "abc"])
def test_a_cell_naming_a_shared_string_the_file_lacks_is_named_by_sheet_and_cell(tmp_path: Path, index: str) -> None:
    """A damaged cell is told where it is: the workbook's error and a returned form's 拒收 said
    nothing of the cell, and the form's named a part called 「」."""
    from generator.inputs.xlsx_reader import BadSheet

    row = f'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="7"><c r="C7" t="s"><v>{index}</v></c></row>'
    with pytest.raises(BadSheet) as raised:
        XlsxWorkbook(str(handmade(tmp_path, row, strings=["韩村镇"]))).sheet("单位")
    assert (raised.value.part, raised.value.sheet, raised.value.cell) == ("xl/worksheets/sheet1.xml", "单位", "C7")


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B3" t="s"><v>1</v></c>',
        '<c r="B3" t="inlineStr"><is><t>{}</t></is></c>',
        '<c r="B3" t="inlineStr"><is><r><t>{}</t></r><r><t>尾</t></r></is></c>',
        '<c r="B3" t="str"><f>A1</f><v>{}</v></c>',
    ],
)
def test_a_cell_longer_than_excel_lets_a_cell_be_is_refused_by_its_cell(tmp_path: Path, cell: str) -> None:
    """Excel, WPS and LibreOffice keep at most 32,767 characters a cell; a crafted file held
    200,000 in a masthead, which the build's layout took a minute over."""
    from generator.inputs.xlsx_reader import MAX_CELL_CHARACTERS, CellTooLong

    longest = "字" * (MAX_CELL_CHARACTERS - 1)  # the rich run's 尾 makes one more
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="3">{}</row>'
    fine = handmade(tmp_path, rows.format(cell.format(longest)), strings=["韩村镇", longest])
    assert len(str(values(XlsxWorkbook(str(fine)).sheet("单位"))["B3"])) in (32_766, 32_767)
    fine.unlink()
    too_long = longest + "字字"
    damaged = handmade(tmp_path, rows.format(cell.format(too_long)), strings=["韩村镇", too_long])
    with pytest.raises(CellTooLong) as raised:
        XlsxWorkbook(str(damaged)).sheet("单位")
    assert (raised.value.sheet, raised.value.cell) == ("单位", "B3")
    assert raised.value.length in (32_768, 32_769)


def test_a_sheet_read_is_let_go_once_another_is_read() -> None:
    """A campaign's large sheets (统计报表, the lists) are each held only while they are read into
    the model: the reader keeps the sheet last asked for (asked again, it is the same one, not
    read twice), and lets the one before go."""
    import gc
    import weakref

    from .conftest import EXAMPLE

    book = XlsxWorkbook(str(EXAMPLE / "inputs" / "活动数据.xlsx"))
    units = book.sheet("单位")
    assert book.sheet("单位") is units
    gone = weakref.ref(units)
    del units
    teams = book.sheet("打传队伍")
    gc.collect()
    assert gone() is None
    assert book.sheet("打传队伍") is teams


def test_loading_the_inputs_reads_each_sheet_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Letting a sheet go costs no second read: the inputs ask for each sheet's cells while it is
    the one last read (the 统计报表 of 10,000 documents is 200,000 cells)."""
    from collections import Counter

    from generator.pipeline import read_workbook

    from .conftest import EXAMPLE

    reads: Counter[str] = Counter()
    read_sheet = XlsxWorkbook._read_sheet

    def counted(self: XlsxWorkbook, name: str) -> Sheet:
        reads[name] += 1
        return read_sheet(self, name)

    monkeypatch.setattr(XlsxWorkbook, "_read_sheet", counted)
    inputs, _ = read_workbook(EXAMPLE / "inputs" / "活动数据.xlsx", "inputs/活动数据.xlsx")
    assert inputs is not None
    assert "统计报表" in reads and "单位" in reads
    assert {name: n for name, n in reads.items() if n > 1} == {}
