"""Workbooks whose figures come from outside them: formulas reaching another workbook (Excel keeps
the result it saved last, which gongwen cannot know to be current) or another program (DDE, which
Excel runs on opening: =cmd|'/c calc'!A0). The one is said at its cell, the other refused there."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from generator.inputs.schema import WORKBOOK_NAME
from generator.standard.package import read_parts, zip_bytes

from . import hostile
from .conftest import Run, output_files

FILE = f"inputs/{WORKBOOK_NAME}"
REPORTS = "统计报表"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
# 永清镇's first report, 出动排查人员 (34 in the example), and the same figure of its second report.
FIGURE, NEXT_FIGURE = "F2", "F3"


def _edit(ws: Path, *changes: object) -> None:
    path = ws / "inputs" / WORKBOOK_NAME
    data = path.read_bytes()
    for change in changes:
        data = change(data)  # type: ignore[operator]
    path.write_bytes(data)


def _linked(link_xml: str, target: str | None = None) -> object:
    """The workbook with one external link ([1]), as Excel saves it: its part, its relationship
    from the workbook and its place in xl/workbook.xml's externalReferences."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        parts["xl/externalLinks/externalLink1.xml"] = (
            f'<externalLink xmlns="{MAIN}" xmlns:r="{R}">{link_xml}</externalLink>'
        ).encode()
        if target is not None:
            parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                f'<Relationship Id="rId1" Type="{R}/externalLinkPath" Target="{target}" TargetMode="External"/>'
                "</Relationships>"
            ).encode()
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdLink1" Type="{R}/externalLink" Target="externalLinks/externalLink1.xml"/>'
            "</Relationships>".encode(),
        )
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</sheets>",
            f'</sheets><externalReferences><externalReference xmlns:r="{R}" r:id="rIdLink1"/></externalReferences>'.encode(),
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/externalLinks/externalLink1.xml" '
            b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/></Types>',
        )
        return zip_bytes(parts)

    return change


def _figure(formula: str, ref: str = FIGURE, value: str = "34") -> object:
    return hostile.cell_in(REPORTS, ref, lambda r: f'<c r="{r}"><f>{formula}</f><v>{value}</v></c>')


BOOK = '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook>'


def test_a_dde_formula_is_refused_at_its_cell(workspace: Path, run: Run) -> None:
    _edit(workspace, _figure("cmd|'/c calc'!A0"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1, result.output
    assert (
        f"错误：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：这个单元格的公式从另一个程序取值（DDE「cmd|'/c calc'」）"
        "（公式「=cmd|'/c calc'!A0」），它保存的结果不能当作数据，用 Excel 打开还会运行那个程序；请把它改成数值或文字"
    ) in result.output.splitlines()


def test_a_dde_link_as_excel_saves_it_is_refused(workspace: Path, run: Run) -> None:
    """Excel saves =cmd|'/c calc'!A0 as [1]!'/c calc'!A0 with the program in an external link's ddeLink."""
    dde = '<ddeLink ddeService="cmd" ddeTopic="/c calc"><ddeItems><ddeItem name="A0"/></ddeItems></ddeLink>'
    _edit(workspace, _linked(dde), _figure("[1]!A0"))
    result = run("-C", workspace, "build")
    assert result.exit_code == 1, result.output
    assert (
        f"错误：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：这个单元格的公式从另一个程序取值（DDE「cmd|/c calc」）"
        in result.output
    )
    assert output_files(workspace) == []


def test_a_figure_from_another_workbook_is_said_at_its_cell(workspace: Path, run: Run) -> None:
    """As Excel saves ='[乡镇报表.xlsx]Sheet1'!B2: [1] and the link's path; a shared formula's other
    cells (no text of their own) are said too."""
    target = "file:///C:\\Users\\科员\\Desktop\\乡镇报表.xlsx"
    shared_first = hostile.cell_in(
        REPORTS, FIGURE, lambda r: f'<c r="{r}"><f t="shared" ref="F2:F3" si="0">[1]Sheet1!B2</f><v>34</v></c>'
    )
    shared_next = hostile.cell_in(REPORTS, NEXT_FIGURE, lambda r: f'<c r="{r}"><f t="shared" si="0"/><v>51</v></c>')
    _edit(workspace, _linked(BOOK, target), shared_first, shared_next)
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    said = (
        "这个单元格的公式取自另一个工作簿「乡镇报表.xlsx」{}，gongwen 用的是上次保存时的结果，"
        "无法确认它是最新的；请在 Excel/WPS 里打开两个工作簿、更新链接后保存，或把它改成数值"
    )
    lines = result.output.splitlines()
    assert f"警告：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：" + said.format("（公式「=[1]Sheet1!B2」）") in lines
    assert f"警告：{FILE} 工作表「{REPORTS}」 单元格 {NEXT_FIGURE}：" + said.format("") in lines


def test_a_workbook_named_in_a_formula_as_typed_is_said(workspace: Path, run: Run) -> None:
    _edit(workspace, _figure("'[去年报表.xlsx]Sheet1'!B2*1"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert (
        f"警告：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：这个单元格的公式取自另一个工作簿「去年报表.xlsx」"
        in result.output
    )


def test_formulas_within_the_workbook_are_not_from_elsewhere(workspace: Path, run: Run) -> None:
    """A sum, a text holding | or [1], and a link index no external link has are the workbook's own."""
    _edit(
        workspace,
        _linked(BOOK, "乡镇报表.xlsx"),
        _figure('SUM(E2:E2)-LEN("a|b [1]")+5'),
        _figure("Table1[[#This Row],[2]]*0+51", NEXT_FIGURE, "51"),
    )
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert "取自" not in result.output and "另一个程序" not in result.output, result.output


def test_a_returned_form_whose_figure_comes_from_elsewhere_is_refused_by_its_cell(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """A unit's form is what it states: a figure another program answered (DDE) or one kept in
    another workbook on the unit's computer (its saved result, which the county cannot update) is
    held back, naming the cell; the workbook is untouched."""
    from .test_collect_safety import collect_line, filled_form

    form = filled_form(workspace, run, "韩村镇", {"出动排查人员": 70})
    book = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    said = "是取自{}的公式，不是填写的内容；请直接填写后重新报送"
    cell = f"{hostile.FORM_FIRST_FIGURE}：「{REPORTS}」表的「召开专题会议」"
    for number, (formula, where) in enumerate(
        (
            ("cmd|'/c calc'!A0", "另一个程序（DDE「cmd|'/c calc'」）"),
            ("'[台账.xlsx]Sheet1'!B2", "另一个工作簿「台账.xlsx」"),
        )
    ):
        folder = tmp_path / f"收回{number}"
        folder.mkdir()
        edit = _figure(formula, hostile.FORM_FIRST_FIGURE, "1")
        (folder / "韩村镇.xlsx").write_bytes(edit(form.read_bytes()))  # type: ignore[operator]
        result = run("-C", workspace, "collect", folder)
        assert result.exit_code == 1, result.output
        assert cell + said.format(where) in collect_line(result.output, "韩村镇.xlsx"), result.output
        assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == book


def _sheet_state(name: str, state: str) -> object:
    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        book = etree.fromstring(parts["xl/workbook.xml"])
        (sheet,) = [s for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == name]
        sheet.set("state", state)
        parts["xl/workbook.xml"] = etree.tostring(book, xml_declaration=True, encoding="UTF-8", standalone=True)
        return zip_bytes(parts)

    return change


def test_a_very_hidden_sheet_is_refused_by_name(workspace: Path, run: Run) -> None:
    """A sheet set veryHidden is listed by no 取消隐藏 of Excel or WPS: its rows would go into the
    documents unseen. Refused, saying how to show it (a hidden one is read, and said)."""
    _edit(workspace, _sheet_state("阶段", "veryHidden"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1, result.output
    assert f"错误：{FILE} 工作表「阶段」：这个工作表被设为“深度隐藏”（veryHidden）" in result.output
    assert "Alt+F11" in result.output
    _edit(workspace, _sheet_state("阶段", "hidden"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert f"警告：{FILE} 工作表「阶段」：这个工作表是隐藏的，gongwen 仍然读取了它" in result.output


def _sheet_rels_name(parts: dict[str, bytes], sheet_name: str) -> str:
    """The name of the relationships part of the sheet named `sheet_name` (xl/worksheets/_rels/sheet3.xml.rels)."""
    book = etree.fromstring(parts["xl/workbook.xml"])
    (sheet,) = [s for s in book.iter(f"{{{MAIN}}}sheet") if s.get("name") == sheet_name]
    rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    (target,) = [r.get("Target") for r in rels if r.get("Id") == sheet.get(f"{{{R}}}id")]
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    folder, name = path.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _queried(sheet_name: str, connection: str) -> object:
    """The sheet filled by a query table of a data connection, as Excel saves 数据 → 自其他来源."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        parts[_sheet_rels_name(parts, sheet_name)] = (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rIdQ1" Type="{R}/queryTable" '
            'Target="../queryTables/queryTable1.xml"/></Relationships>'
        ).encode()
        parts["xl/queryTables/queryTable1.xml"] = (
            f'<queryTable xmlns="{MAIN}" name="外部数据_1" connectionId="3"/>'.encode()
        )
        parts["xl/connections.xml"] = (
            f'<connections xmlns="{MAIN}"><connection id="3" name="{connection}" type="1" refreshOnLoad="1">'
            '<dbPr connection="DSN=乡镇报表" command="SELECT * FROM 报表"/></connection></connections>'
        ).encode()
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdC1" Type="{R}/connections" Target="connections.xml"/></Relationships>'.encode(),
        )
        return zip_bytes(parts)

    return change


def test_a_sheet_a_data_connection_fills_is_said(workspace: Path, run: Run) -> None:
    """Its cells hold what the query returned when it last ran: gongwen cannot know it is current."""
    _edit(workspace, _queried(REPORTS, "乡镇报表数据库"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert (
        f"警告：{FILE} 工作表「{REPORTS}」：这个工作表的数据由数据连接「乡镇报表数据库」（查询数据库、网页或其他文件）写入，"
        "gongwen 用的是上次刷新后保存的结果，无法确认它是最新的；请在 Excel/WPS 的“数据”菜单里全部刷新、保存后再生成"
    ) in result.output.splitlines()


def _named(name: str, refers_to: str) -> object:
    """A defined name (公式 → 名称管理器) in xl/workbook.xml, refers_to as Excel saves it."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        book = etree.fromstring(parts["xl/workbook.xml"])
        names = book.find(f"{{{MAIN}}}definedNames")
        assert names is not None
        etree.SubElement(names, f"{{{MAIN}}}definedName", name=name).text = refers_to
        parts["xl/workbook.xml"] = etree.tostring(book, xml_declaration=True, encoding="UTF-8", standalone=True)
        return zip_bytes(parts)

    return change


def test_a_figure_from_another_workbook_through_a_defined_name_is_said_at_its_cell(workspace: Path, run: Run) -> None:
    """=乡镇合计*1 where the name 乡镇合计 holds [1]Sheet1!$B$2 (or another name that does): the formula
    names no workbook, its result is the other workbook's all the same. A name of this workbook's
    own cells, and a table's column spelled like an outside name, are not said."""
    target = "file:///C:\\Users\\科员\\Desktop\\乡镇报表.xlsx"
    _edit(
        workspace,
        _linked(BOOK, target),
        _named("乡镇合计", "[1]Sheet1!$B$2"),
        _named("Budget", "乡镇合计*2"),
        _named("本表合计", "统计报表!$F$2:$F$3"),
        _figure("乡镇合计*1"),
        _figure("budget+0", NEXT_FIGURE, "51"),
        _figure("SUM(本表合计)-本表合计+34", "G2", "0"),
        _figure("SUM(Table1[乡镇合计])*0", "G3", "0"),
    )
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    said = (
        "这个单元格的公式取自另一个工作簿「乡镇报表.xlsx」（公式「={}」，其中的名称「{}」指向它），"
        "gongwen 用的是上次保存时的结果，无法确认它是最新的；请在 Excel/WPS 里打开两个工作簿、更新链接后保存，或把它改成数值"
    )
    lines = result.output.splitlines()
    assert f"警告：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：" + said.format("乡镇合计*1", "乡镇合计") in lines, lines
    assert f"警告：{FILE} 工作表「{REPORTS}」 单元格 {NEXT_FIGURE}：" + said.format("budget+0", "Budget") in lines, (
        lines
    )
    assert "单元格 G2" not in result.output and "单元格 G3" not in result.output, result.output


def test_a_defined_name_calling_another_program_is_refused_at_the_cell_using_it(workspace: Path, run: Run) -> None:
    _edit(workspace, _named("取数", "cmd|'/c calc'!A0"), _figure("取数"))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1, result.output
    assert (
        f"错误：{FILE} 工作表「{REPORTS}」 单元格 {FIGURE}：这个单元格的公式从另一个程序取值（DDE「cmd|'/c calc'」）"
        "（公式「=取数」，其中的名称「取数」指向它）"
    ) in result.output, result.output


def _pivoted(sheet_name: str, cache_source: str, cache_rels: str = "") -> object:
    """A pivot table on the sheet, as Excel saves 插入 → 数据透视表: the sheet relates to the table, the
    table to its cache's definition, whose cacheSource says where its figures were read from."""

    def change(data: bytes) -> bytes:
        parts = read_parts(data)
        parts[_sheet_rels_name(parts, sheet_name)] = (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rIdP1" Type="{R}/pivotTable" '
            'Target="../pivotTables/pivotTable1.xml"/></Relationships>'
        ).encode()
        parts["xl/pivotTables/pivotTable1.xml"] = (
            f'<pivotTableDefinition xmlns="{MAIN}" name="数据透视表1" cacheId="5" dataCaption="值">'
            '<location ref="K1:L6" firstHeaderRow="1" firstDataRow="1" firstDataCol="1"/></pivotTableDefinition>'
        ).encode()
        parts["xl/pivotTables/_rels/pivotTable1.xml.rels"] = (
            f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" Type="{R}/pivotCacheDefinition" '
            'Target="../pivotCache/pivotCacheDefinition1.xml"/></Relationships>'
        ).encode()
        parts["xl/pivotCache/pivotCacheDefinition1.xml"] = (
            f'<pivotCacheDefinition xmlns="{MAIN}" xmlns:r="{R}" refreshOnLoad="1">{cache_source}'
            '<cacheFields count="0"/></pivotCacheDefinition>'
        ).encode()
        if cache_rels:
            parts["xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels"] = (
                f'<Relationships xmlns="{PACKAGE_RELS}">{cache_rels}</Relationships>'
            ).encode()
        parts["xl/connections.xml"] = (
            f'<connections xmlns="{MAIN}"><connection id="2" name="乡镇报表数据库" type="1">'
            '<dbPr connection="DSN=乡镇报表" command="SELECT * FROM 报表"/></connection></connections>'
        ).encode()
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdC1" Type="{R}/connections" Target="connections.xml"/></Relationships>'.encode(),
        )
        return zip_bytes(parts)

    return change


def test_a_pivot_table_over_another_workbook_or_a_connection_is_said_naming_its_sheet(
    workspace: Path, run: Run
) -> None:
    """Its cells are what the pivot table counted when it was last refreshed, from figures outside this
    workbook: gongwen cannot know they are current. One over this workbook's own cells is not said."""
    outside = (
        '<cacheSource type="worksheet"><worksheetSource ref="A1:F40" sheet="Sheet1" r:id="rId2"/></cacheSource>',
        f'<Relationship Id="rId2" Type="{R}/externalLinkPath" '
        'Target="file:///C:\\Users\\科员\\Desktop\\乡镇报表.xlsx" TargetMode="External"/>',
    )
    said = (
        f"警告：{FILE} 工作表「{REPORTS}」：这个工作表里的数据透视表「数据透视表1」汇总的是{{}}的数据，表里的数是"
        "上次刷新时保存的，gongwen 无法确认它是最新的；请在 Excel/WPS 的“数据”菜单里全部刷新、保存后再生成"
    )
    path = workspace / "inputs" / WORKBOOK_NAME
    shipped = path.read_bytes()
    for change, source in (
        (_pivoted(REPORTS, *outside), "另一个工作簿「乡镇报表.xlsx」"),
        (_pivoted(REPORTS, '<cacheSource type="external" connectionId="2"/>'), "数据连接「乡镇报表数据库」"),
    ):
        path.write_bytes(shipped)
        _edit(workspace, change)
        result = run("-C", workspace, "validate")
        assert result.exit_code == 0, result.output
        assert said.format(source) in result.output.splitlines(), result.output
    own = '<cacheSource type="worksheet"><worksheetSource ref="A1:F40" sheet="统计报表"/></cacheSource>'
    path.write_bytes(shipped)
    _edit(workspace, _pivoted(REPORTS, own))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert "数据透视表" not in result.output, result.output
