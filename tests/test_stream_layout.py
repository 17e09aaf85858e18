"""The layout from the render stream (render/stream.py) gives the documents the layout passes give.

Every shipped example and several synthetic workspaces (names that wrap, long figures, many units,
edited templates) are built twice in this process: as gongwen builds (most documents laid out
from kept layouts, without parsing them) and with the passes alone (layout.laid_out on every
part, the reference). Every part of every document must be byte for byte the same. A roll-up of
many units, laid out one table row at a time, is compared with the passes on its whole tables.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import Markup

from benchmarks.synthetic import make_workspace as make_synthetic
from benchmarks.synthetic import synthetic_rows
from examples.yongqing.workbook import write_workbook
from generator.app import build
from generator.cli import main
from generator.documents import registry
from generator.inputs.schema import WORKBOOK_NAME
from generator.output.batch import compile_templates
from generator.pipeline import plan
from generator.render import layout, rows, stream
from generator.render.aside import LARGE_PART_BYTES, TablesAside
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.package import replace_in_part
from generator.standard.wordml import BadPart, Element
from generator.standard.words import NO_NAMES, TitleNames
from generator.workspace import Workspace

from .conftest import Run, gas_campaign, sixteen_character_campaign
from .test_accumulations import flood_workspace


def _reference(sealed: bool, names: TitleNames = NO_NAMES) -> Callable[[str, bytes], bytes]:
    """The passes alone: a plain function, which the engine gives no render pieces."""

    def passes(part_name: str, data: bytes) -> bytes:
        return layout.laid_out(part_name, data, sealed, names) or data

    return passes


def _documents(root: Path) -> dict[str, dict[str, bytes]]:
    documents = {}
    for path in sorted((root / "output").rglob("*.docx")):
        relative = path.relative_to(root / "output")
        if relative.parts[0].startswith("."):
            continue  # gongwen's own copies of the previous build
        with zipfile.ZipFile(path) as package:
            documents[str(relative)] = {name: package.read(name) for name in package.namelist()}
    return documents


def _built_both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, dict[str, bytes]], ...]:
    stream.forget()
    build(Workspace(root), force=True, jobs=1)
    from_stream = _documents(root)
    counts = stream.statistics()
    with monkeypatch.context() as patched:
        patched.setattr(layout, "for_document", _reference)
        build(Workspace(root), force=True, jobs=1)
    by_passes = _documents(root)
    # The kept layouts were used (else this compares the passes with themselves), and every roll-up
    # and document with charts, whatever its size, was laid out one table row at a time (the
    # reference lays these out whole).
    assert counts["replayed"] > 0, counts
    assert counts["rows"] == _by_rows(root) > 0, counts
    return from_stream, by_passes


def _by_rows(root: Path) -> int:
    """The roll-ups (kind 汇总: their tables' cells span by values) and documents with charts a
    build of the workspace renders."""
    planned, _, _ = plan(Workspace(root), force=True)
    return sum(item.job.kind == "汇总" or registry.kind(item.job.kind).charts is not None for item in planned)


def _assert_identical(root: Path, monkeypatch: pytest.MonkeyPatch, documents: int = 11) -> None:
    """`documents`: at least so many .docx built (each compared)."""
    from_stream, by_passes = _built_both_ways(root, monkeypatch)
    assert from_stream.keys() == by_passes.keys()
    assert len(from_stream) >= documents
    for name, parts in from_stream.items():
        assert parts.keys() == by_passes[name].keys(), name
        for part, data in parts.items():
            assert data == by_passes[name][part], f"{name}: {part} differs between the two layouts"


@pytest.mark.parametrize("example", ["yongqing", "liuhe", "blank"])
def test_every_shipped_example_is_laid_out_alike_both_ways(
    example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / example
    chosen = ["--blank"] if example == "blank" else ["--example", example]
    assert CliRunner().invoke(main, ["init", str(root), *chosen]).exit_code == 0
    _assert_identical(root, monkeypatch)


def test_readings_said_in_their_cells_are_laid_out_alike_both_ways(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 防汛 campaign's rainfall (取最大) and temperature (取平均): the sheets' 累计 and the roll-ups' 合计
    cells hold words and a figure (最大120.3, 平均25.5), laid out from the stream as the passes lay them."""
    _assert_identical(flood_workspace(tmp_path, run), monkeypatch)


def test_joint_signatures_are_laid_out_alike_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each township signs jointly with its Party committee (机关全称 of two lines, as 来苏镇 does): its plans
    and summaries set the two organs side by side at tab stops (7.3.5.1), and a kept layout written with
    another township's names is the passes' layout of them."""
    from openpyxl import load_workbook

    root = tmp_path / "yongqing"
    assert CliRunner().invoke(main, ["init", str(root), "--example", "yongqing"]).exit_code == 0
    book = root / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    units = wb["单位"]
    header = [c.value for c in units[1]]
    if "机关全称" not in header:
        header.append("机关全称")
        units.cell(1, len(header), "机关全称")
    for row in units.iter_rows(min_row=2):
        if row[header.index("类型")].value == "乡镇":
            name = row[0].value
            units.cell(row[0].row, header.index("机关全称") + 1, f"中共永清县{name}委员会\n永清县{name}人民政府")
    wb.save(book)
    _assert_identical(root, monkeypatch)
    plan = (root / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(plan)) as package:
        body = package.read("word/document.xml").decode("utf-8")
    assert '<w:tab/><w:t xml:space="preserve">中共永清县韩村镇委员会</w:t><w:tab/>' in body


def _long_name(index: int) -> str:
    """Names from two to twenty-odd characters, some with Latin letters, digits and markup's own
    characters: titles and cells that wrap at some lengths and not at others."""
    stem = "沙河口经济技术开发区管理委员会街道"[: 2 + index % 15]
    extra = ("", "A&B", "第2", "“新”", "<东>")[index % 5]
    return f"{stem}{extra}{index}镇"


def _long_figure(unit: int, metric: int) -> int:
    return int((unit * 7919 + metric * 104729) % 10 ** (1 + (unit + metric) % 9))


def _stress_workspace(root: Path, units: int) -> Path:
    make_synthetic(root, units)
    rows = synthetic_rows(units)
    names = {f"合成{i:04d}镇": _long_name(i) for i in range(units)}

    def renamed(table: list[list[object]]) -> list[list[object]]:
        return [[names.get(str(row[0]), row[0]), *row[1:]] for row in table]

    reports = [
        [names[str(row[0])], row[1], *(_long_figure(i, k) for k in range(len(row) - 2))]
        for i, row in enumerate(rows["reports"])
    ]
    write_workbook(
        root / "inputs" / WORKBOOK_NAME,
        campaign={"牵头单位": names["合成0000镇"]},
        units=renamed(rows["units"]), leaders=renamed(rows["leaders"]), focus=renamed(rows["focus"]),
        teams=renamed(rows["teams"]), reports=reports, summary=renamed(rows["summary"]),
    )  # fmt: skip
    return root


def test_names_that_wrap_and_long_figures_are_laid_out_alike_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_identical(_stress_workspace(tmp_path / "stress", 24), monkeypatch)


def test_long_names_in_two_lines_are_laid_out_alike_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """大理市's campaign: headers cut between words counted from 等, units' names set in two lines."""
    _assert_identical(gas_campaign(tmp_path / "dali"), monkeypatch)


def test_sheets_turned_portrait_with_room_for_their_names_are_laid_out_alike_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sheets of 24 names of 16 字: portrait, the 指标 column given the room the 本期 and 累计 columns
    do not need (sheets.NARROW_COLUMN), and not by a unit whose figure of ten digits needs it."""
    silent = ("北沟镇", "石门镇", "南山镇", "东岭镇", "西河镇")
    reporting = ("上河镇", "下河镇", "中河镇", "前河镇", "后河镇")
    _assert_identical(sixteen_character_campaign(tmp_path / "long", silent, reporting, 12), monkeypatch)


def test_many_units_are_laid_out_alike_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_identical(make_synthetic(tmp_path / "many", 40, 2), monkeypatch)


@pytest.mark.parametrize("units", [1, 2, 3])
def test_a_few_units_are_laid_out_alike_both_ways(units: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Roll-ups of one to three units (tables of a row or three under their headers, on one page
    with room to spare) laid out row by row as the passes lay them out whole."""
    documents = 1 + units * 5 + 3 + 1  # the notice; per unit a plan, 3 sheets, a summary; 3 roll-ups; the county's
    _assert_identical(make_synthetic(tmp_path / "few", units), monkeypatch, documents)


def test_a_roll_up_of_many_units_is_laid_out_row_by_row_as_the_passes_lay_it_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roll-up of 120 units with wrapping names and long figures is a large part (the bound lowered
    from 2 MB to 256 KB, which it passes as 500 units pass 2 MB): each of its tables is laid out one
    row at a time (aside.py with layout.FittedByRows; rows.py parses only the first row of each shape),
    never whole. The part is byte for byte what the passes make of each table parsed whole, what
    aside.py makes parsing every row, and what the passes make of the whole part parsed at once."""
    large = 256 * 2**10
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", large)
    root = _stress_workspace(tmp_path / "roll-up", 120)
    planned, _, paths = plan(Workspace(root), force=True)
    jobs = [item.job for item in planned if item.job.kind == "汇总"]
    templates = compile_templates({job.document: paths[job.document] for job in jobs})
    assert len(jobs) == 3  # one per period
    for job in jobs:
        rendered = templates[job.document].render(job.context, job.output)["word/document.xml"]
        names = registry.title_names(job.context)  # as the build gives them (batch.render_document)
        assert LARGE_PART_BYTES > len(rendered) > large
        fitters: list[layout.FittedByRows] = []

        def fitter(
            head: Element, fitters: list[layout.FittedByRows] = fitters, made: type = layout.FittedByRows
        ) -> layout.FittedByRows:
            fitters.append(made(head))
            return fitters[-1]

        def parsed_whole(*_: object) -> None:
            raise AssertionError("a table of the roll-up was parsed whole")

        parsed_rows: list[Element] = []

        def by_passes(
            table: object,
            row: Element,
            parsed_rows: list[Element] = parsed_rows,
            made: Callable[..., object] = rows._Table._by_passes,
        ) -> object:
            parsed_rows.append(row)
            return made(table, row)

        with monkeypatch.context() as patched:
            patched.setattr(layout, "FittedByRows", fitter)
            patched.setattr(TablesAside, "_table", parsed_whole)
            patched.setattr(rows._Table, "_by_passes", by_passes)
            by_rows = layout.laid_out("word/document.xml", rendered, job.sealed, names)
        assert len(fitters) >= 2  # each table of the roll-up (one per type of unit) laid out row by row
        # Most rows written from the first of their shape (rows.py), not parsed: the headers, the row
        # whose metric headers break, and the first row of each shape are.
        assert 0 < len(parsed_rows) < 12 * len(fitters) < sum(fitter.rows for fitter in fitters) // 4
        with monkeypatch.context() as patched:
            patched.setattr(rows, "laid_out", lambda *_: None)  # each row parsed twice (aside.py alone)
            assert layout.laid_out("word/document.xml", rendered, job.sealed, names) == by_rows
        with monkeypatch.context() as patched:
            patched.setattr(layout, "FittedByRows", None)  # each table parsed whole, as before
            by_tables = layout.laid_out("word/document.xml", rendered, job.sealed, names)
        assert by_rows is not None
        assert by_rows == by_tables, job.output
        with monkeypatch.context() as patched:
            patched.setattr(layout, "LARGE_PART_BYTES", 10**12)
            whole = layout.laid_out("word/document.xml", rendered, job.sealed, names)
        assert whole is not None and b"w:keepNext" in whole
        assert by_rows == whole


def test_edited_templates_are_laid_out_alike_both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 署名 that is the unit's name (its width differs unit by unit), a long paragraph of names
    in a plan, a 落款 typed in a summary's own paragraphs (body text; for some units with no date,
    so no 落款 at all, on as many lines), and a column of the
    sheet left empty for some units (an empty cell is written <w:t/>), and a sheet's groups that
    are merged in some units' sheets and not in others'."""
    root = _stress_workspace(tmp_path / "edited", 16)
    plan, sheet = root / "templates" / "方案.docx", root / "templates" / "月报.docx"
    signature = '<w:t xml:space="preserve">{{ 单位.机关全称 }}</w:t>'
    strengthen = '<w:t xml:space="preserve">（三）强化督导问责。</w:t>'
    plan.write_bytes(
        replace_in_part(
            plan,
            "word/document.xml",
            [
                (signature, '<w:t xml:space="preserve">{{ 单位.名称 }}</w:t>'),
                (strengthen, '<w:t xml:space="preserve">（三）{{ 单位.名称 }}、{{ 单位.名称 }}强化督导问责。</w:t>'),
            ],
        )
    )
    summary = root / "templates" / "总结.docx"
    typed = [(f'<w:pStyle w:val="{style}"/>', '<w:pStyle w:val="GwBody"/>') for style in ("GwSignature", "GwDate")]
    dated = '<w:t xml:space="preserve">{{ 总结.日期|日期 }}</w:t>'
    undated_for_some = (
        '<w:t xml:space="preserve">{{ 总结.日期|日期 if 单位.名称|length is even else "日期另行通知" }}</w:t>'
    )
    summary.write_bytes(replace_in_part(summary, "word/document.xml", [*typed, (dated, undated_for_some)]))
    this_month = '<w:t xml:space="preserve">{{ r.本期 }}</w:t>'
    blank_for_some = '<w:t xml:space="preserve">{{ "" if r.累计|string|last in "13579" else r.本期 }}</w:t>'
    group = '<w:t xml:space="preserve">{{ r.分组 }}</w:t>'
    groups_broken_up = '<w:t xml:space="preserve">{{ r.分组 if r.累计|string|last in "0246" else r.单位 }}</w:t>'
    sheet.write_bytes(
        replace_in_part(sheet, "word/document.xml", [(this_month, blank_for_some), (group, groups_broken_up)])
    )
    _assert_identical(root, monkeypatch)


PART = "word/document.xml"
_OPEN_BODY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_OPEN_P = '<w:p><w:pPr><w:pStyle w:val="GwBody"/></w:pPr><w:r><w:t xml:space="preserve">'
_CLOSE_P = "</w:t></w:r></w:p>"
_BLANK = '<w:p><w:pPr><w:pStyle w:val="GwBlank"/></w:pPr></w:p>'


def _closing_pieces(text: str, name: str, date: str) -> list[str]:
    """A part as a render gives it: static chunks, and values (Markup) for the last paragraph of
    text, a name and a date typed as body text (a 落款 gongwen finds by the date's text)."""
    return [
        _OPEN_BODY + _OPEN_P,
        Markup(text),
        _CLOSE_P + _BLANK + _OPEN_P,
        Markup(name),
        _CLOSE_P + _OPEN_P,
        Markup(date),
        _CLOSE_P + "<w:sectPr/></w:body></w:document>",
    ]


def test_a_value_that_makes_a_paragraph_a_date_or_not_is_laid_out_by_what_it_is() -> None:
    """Documents whose paragraphs take as many lines alike, with a date under their 署名 or other
    words ending in 日: those are no 落款, and are not written from a dated one's layout; a later
    dated one is, and the bytes it was written as need no parse to open. (A path's first document,
    and the first of each set of features, are laid out by the passes alone: a layout is kept from
    the second.)"""
    stream.forget()
    dates = ("2017年3月1日", "2018年1月23日", "另行通知之日", "2019年2月13日")
    cases = [("请认真组织实施。", "某某县人民政府", date) for date in dates]
    written = []
    for case in cases:
        pieces = _closing_pieces(*case)
        data = "".join(pieces).encode("utf-8")
        expected = layout.laid_out(PART, data, True)
        got = stream.laid_out_from_stream(PART, pieces, data, True)
        assert got == expected, case
        written.append(got)
    assert written[1] != written[2].replace("另行通知之日".encode(), "2018年1月23日".encode())  # laid out unlike
    assert stream.statistics()["replayed"] == 1  # the fourth, from the second's layout
    assert stream.statistics()["analysed"] == 1  # (the first and third: the passes alone, nothing parsed twice)
    assert stream.well_formed(PART, written[3])
    assert not stream.well_formed(PART, written[3][:-1] + b" ")


def test_a_value_that_leaves_one_character_on_the_last_line_is_laid_out_by_it() -> None:
    """Paragraphs of as many lines as set and set closer, one ending in a line of one character
    (乙。: set closer, pagination.tighten_lone_last_lines) and one in a line of two (乙丙。): the
    second is not written from the first's layout."""
    from generator.render.pagination import lone_last_line

    lone, two = "甲" * 54 + "乙。", "甲" * 54 + "乙丙。"
    assert lone_last_line("GwBody", None, lone, std.TYPE_AREA_WIDTH)
    assert not lone_last_line("GwBody", None, two, std.TYPE_AREA_WIDTH)
    assert lone_last_line("GwBody", None, "甲" * 53 + "数）。", std.TYPE_AREA_WIDTH)  # (数 goes down with its marks)
    stream.forget()
    written = []
    margins = f'<w:pgMar w:top="0" w:right="{std.MARGIN_RIGHT}" w:bottom="0" w:left="{std.MARGIN_LEFT}"/>'
    for text in (lone, lone, two, lone):
        pieces = _closing_pieces(text, "某某县人民政府", "2018年1月23日")
        pieces[-1] = pieces[-1].replace("<w:sectPr/>", f"<w:sectPr>{margins}</w:sectPr>")
        data = "".join(pieces).encode("utf-8")
        expected = layout.laid_out(PART, data, True)
        assert stream.laid_out_from_stream(PART, pieces, data, True) == expected, text
        written.append(expected)
    assert b'w:spacing w:val="' in (written[0] or b"") and b'w:spacing w:val="' not in (written[2] or b"")
    assert stream.statistics()["replayed"] == 1


def test_a_value_whose_lone_last_line_goes_only_with_the_indent_set_closer_is_laid_out_by_it() -> None:
    """Two paragraphs of the same line counts, as set and set closer, each ending in one character
    alone: 28 字 (乙。) go onto one line with the indent set closer too (pagination.lone_line_remedy);
    乙）。 do not (its two marks go down with 乙). The second is not written from the first's layout."""
    from generator.render.pagination import lone_line_remedy, text_lines

    takes, stays = "甲" * 26 + "乙。", "甲" * 26 + "乙）。"
    width = std.TYPE_AREA_WIDTH
    assert text_lines("GwBody", None, takes, width) == text_lines("GwBody", None, stays, width) == (2, 2, 2)
    assert lone_line_remedy("GwBody", None, takes, width) == (30, True)
    assert lone_line_remedy("GwBody", None, stays, width) == (0, False)
    stream.forget()
    written = []
    margins = f'<w:pgMar w:top="0" w:right="{std.MARGIN_RIGHT}" w:bottom="0" w:left="{std.MARGIN_LEFT}"/>'
    for text in (takes, takes, stays, takes):
        pieces = _closing_pieces(text, "某某县人民政府", "2018年1月23日")
        pieces[-1] = pieces[-1].replace("<w:sectPr/>", f"<w:sectPr>{margins}</w:sectPr>")
        data = "".join(pieces).encode("utf-8")
        expected = layout.laid_out(PART, data, True)
        assert stream.laid_out_from_stream(PART, pieces, data, True) == expected, text
        written.append(expected)
    assert b"w:firstLine=" in (written[0] or b"") and b"w:firstLine=" not in (written[2] or b"")
    assert stream.statistics()["replayed"] == 1


def _table_pieces(rows: int, value: str) -> list[str]:
    """A part with a heading and a one-column table of `rows` rows, the first cell a value."""
    cell = '<w:tr><w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="GwSheetText"/>'
    cell += '</w:pPr><w:r><w:t xml:space="preserve">'
    table = '<w:tbl><w:tblPr><w:tblW w:w="2000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/></w:tblGrid>'
    return [
        _OPEN_BODY + _OPEN_P + "标题" + _CLOSE_P + table + cell,
        Markup(value),
        _CLOSE_P + "</w:tc></w:tr>" + (cell + "行" + _CLOSE_P + "</w:tc></w:tr>") * (rows - 1),
        "</w:tbl><w:sectPr/></w:body></w:document>",
    ]


def test_a_value_that_wraps_in_its_cell_is_laid_out_by_its_lines() -> None:
    """A table that keeps whole on its page with one-line cells, and breaks by the rules when one
    cell's value wraps: the document whose value wraps is not written from a one-line one's layout."""
    short, long = "甲", "甲" * 40

    def reference(rows: int, value: str) -> bytes:
        data = "".join(_table_pieces(rows, value)).encode("utf-8")
        return layout.laid_out(PART, data, True) or data

    rows = next(
        n for n in range(10, 80) if reference(n, short) != reference(n, long).replace(long.encode(), short.encode())
    )
    stream.forget()
    for value in (short, short, long, short):  # (the path's first: the passes alone; then kept)
        pieces = _table_pieces(rows, value)
        data = "".join(pieces).encode("utf-8")
        assert stream.laid_out_from_stream(PART, pieces, data, True) == reference(rows, value), value
    assert stream.statistics()["replayed"] == 1


def test_the_build_finds_every_placeholder_as_reading_every_document_does(
    tmp_path: Path, documents_read: list[Path]
) -> None:
    """核稿 in a build says what reading every document says (`gongwen 核稿`): ×× in two units' values
    (their summaries), ○○ in a template's own text (every statistics sheet's header), and nothing of
    the plans. A document written from a kept layout whose text holds no character of a placeholder is
    not read for one; a summary is read all the same, for the date its 落款 prints (truth8: 核稿 checks
    it against the reports it quotes, whatever its template wrote there)."""
    from generator.app import proofread
    from generator.proofread.review import as_findings

    units = 12
    root = make_synthetic(tmp_path / "placeholders", units)
    rows = synthetic_rows(units)
    planted = {"合成0003镇", "合成0007镇"}
    summary = [
        [*row[:3], f"{row[3]}，组织××排查"] if row[0] in planted and row[1] == "主要做法" else row
        for row in rows["summary"]
    ]
    write_workbook(
        root / "inputs" / WORKBOOK_NAME,
        campaign={"牵头单位": rows["units"][0][0]},
        units=rows["units"], leaders=rows["leaders"], focus=rows["focus"], teams=rows["teams"],
        reports=rows["reports"], summary=summary,
    )  # fmt: skip
    sheet = root / "templates" / "月报.docx"
    sheet.write_bytes(replace_in_part(sheet, "word/document.xml", [(">分组</w:t>", ">分组○○</w:t>")]))
    stream.forget()
    built = build(Workspace(root), force=True, jobs=1)
    said = sorted(str(f) for f in built.findings.items if "未填占位" in f.message)
    read_by_build = len(documents_read)
    everything = sorted(str(f) for f in as_findings(proofread(Workspace(root))) if "未填占位" in f.message)
    assert said == everything
    assert len(documents_read) - read_by_build == len(built.written)  # (核稿 reads every one)
    # Every summary is read by the build, for its 落款 (the plans and sheets were read for what else is
    # asked of them, or for ○○)
    summaries = {w.path for w in built.written if "/总结/" in str(w.path)}
    assert len(summaries) > units and summaries <= set(documents_read[:read_by_build])
    assert sum("/总结/" in s for s in said) == len(planted) and all(any(u in s for s in said) for u in planted)
    assert sum("/统计/" in s and "“○○”" in s for s in said) == units * 3  # every sheet, from its template
    assert not any("/方案/" in s for s in said)


def _metric_table_part(figures: list[list[str]]) -> bytes:
    """A part holding a metric table (GwMetricTable: its columns fitted) with a header row, then a
    row per list of `figures` (its first item the unit's name), and a 署名 and date under it."""

    def cell(text: str, style: str = "GwSheetText") -> str:
        runs = "<w:r><w:br/></w:r>".join(
            f'<w:r><w:t xml:space="preserve">{line}</w:t></w:r>' if line else "<w:r><w:t/></w:r>"
            for line in text.split("\n")
        )
        tcpr = '<w:tcPr><w:tcW w:w="1200" w:type="dxa"/></w:tcPr>'
        return f'<w:tc>{tcpr}<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs}</w:p></w:tc>'

    header = "".join(cell(name, "GwSheetHeader") for name in ["单位", "出动排查人员（人次）", "排查出租房屋（户）"])
    row_properties = '<w:trPr><w:cantSplit/><w:trHeight w:val="280" w:hRule="atLeast"/>'
    table = (
        '<w:tbl><w:tblPr><w:tblStyle w:val="GwMetricTable"/><w:tblW w:w="2400" w:type="dxa"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="1200"/><w:gridCol w:w="1200"/></w:tblGrid>'
        f"<w:tr>{row_properties}<w:tblHeader/></w:trPr>{header}</w:tr>"
        + "".join(f"<w:tr>{row_properties}</w:trPr>{''.join(cell(t) for t in row)}</w:tr>" for row in figures)
        + "</w:tbl>"
    )
    closing = (
        '<w:p><w:pPr><w:pStyle w:val="GwSignature"/><w:ind w:right="1280"/></w:pPr><w:r><w:t>某县人民政府</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="GwDate"/></w:pPr><w:r><w:t>2018年3月1日</w:t></w:r></w:p>'
    )
    return (_OPEN_BODY + _OPEN_P + "汇总" + _CLOSE_P + table + closing + "<w:sectPr/></w:body></w:document>").encode()


def test_rows_of_one_shape_are_fitted_from_their_texts_as_the_passes_fit_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A large table's rows written from the first row of their shape (rows.py): figures given the
    decimals of their column (one decimal here, two there), a figure in two runs, names that wrap, that
    hold markup's characters or a line break, empty cells (<w:t/>), and a text lxml writes with a
    character reference (a carriage return: that row is parsed). Byte for byte what aside.py makes
    parsing every row, and what the passes make of the whole part parsed at once."""
    names = ["韩村镇", "沙河口经济技术开发区管理委员会街道", "A&amp;B&lt;东&gt;", "第二\n街道", "", "旧&#13;镇"]
    figures = [
        [
            names[i % len(names)],
            f"{i * 37 % 1000}" if i % 3 else f"{i}.5",
            f"{i % 7}.{i % 4:02d}" if i % 4 else f"{i % 7}" if i % 5 else "",
        ]
        for i in range(400)
    ]
    figures[7][1] = "12</w:t></w:r><w:r><w:t>3"  # one figure written in two runs
    data = _metric_table_part(figures)
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", len(data) // 2)
    parsed_rows: list[Element] = []

    def by_passes(table: object, row: Element, made: Callable[..., object] = rows._Table._by_passes) -> object:
        parsed_rows.append(row)
        return made(table, row)

    with monkeypatch.context() as patched:
        patched.setattr(rows._Table, "_by_passes", by_passes)
        by_shapes = layout.laid_out(PART, data, True)
    assert by_shapes is not None and b"12</w:t></w:r><w:r><w:t>3.0</w:t>" in by_shapes
    assert b'"preserve">37.0</w:t>' in by_shapes and b'"preserve">1.00</w:t>' in by_shapes  # (rows 1 and 8)
    assert 0 < len(parsed_rows) < len(figures) // 4
    with monkeypatch.context() as patched:
        patched.setattr(rows, "laid_out", lambda *_: None)  # each row parsed twice (aside.py alone)
        assert layout.laid_out(PART, data, True) == by_shapes
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", 10**12)
    whole = layout.laid_out(PART, data, True)
    assert whole is not None and b"w:keepNext" in whole
    assert by_shapes == whole


def test_names_in_two_lines_are_laid_out_row_by_row_as_the_passes_lay_them_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """大理市's county summary taken for a large part (the bound lowered under its size): its ranking
    table, whose units' names take two lines so that its figures' headers keep their size, is laid
    out one row at a time (layout.FittedByRows, rows.py) as the passes lay it out whole."""
    root = gas_campaign(tmp_path / "dali")
    planned, _, paths = plan(Workspace(root), force=True)
    (job,) = [item.job for item in planned if item.job.kind == "总体总结"]
    templates = compile_templates({job.document: paths[job.document] for job in [job]})
    rendered = templates[job.document].render(job.context, job.output)["word/document.xml"]
    names = registry.title_names(job.context)
    whole = layout.laid_out("word/document.xml", rendered, job.sealed, names)
    assert whole is not None
    grid = [int(width) for width in re.findall(rb'<w:gridCol w:w="(\d+)"/>', whole.split(b"<w:tblGrid>")[-1])[:7]]
    assert len(grid) == 7 and grid[1] < grid[2] * 2, grid  # 序号, the names in two lines, five figures
    fitters: list[layout.FittedByRows] = []

    def fitter(head: Element, made: type = layout.FittedByRows) -> layout.FittedByRows:
        fitters.append(made(head))
        return fitters[-1]

    with monkeypatch.context() as patched:
        patched.setattr(layout, "LARGE_PART_BYTES", len(rendered) // 2)
        patched.setattr(layout, "FittedByRows", fitter)
        by_rows = layout.laid_out("word/document.xml", rendered, job.sealed, names)
        assert fitters
        patched.setattr(rows, "laid_out", lambda *_: None)  # each row parsed twice (aside.py alone)
        parsed_rows = layout.laid_out("word/document.xml", rendered, job.sealed, names)
    assert by_rows == whole
    assert parsed_rows == whole


def _cut_spy(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each TablesAside cut its part's tables from the rendered bytes (else read them as events)."""
    cut: list[bool] = []

    def spy(tables: TablesAside, data: bytes, made: Callable[..., Element | None] = TablesAside._cut) -> Element | None:
        root = made(tables, data)
        cut.append(root is not None)
        return root

    monkeypatch.setattr(TablesAside, "_cut", spy)
    return cut


_FIGURES = [[f"{'沙河口经济技术开发区'[: 2 + i % 8]}{i}镇", f"{i * 37 % 1000}", f"{i % 7}.{i % 4}"] for i in range(300)]


@pytest.mark.parametrize(
    ("edit", "cut"),
    [
        (lambda data: data, True),
        (lambda data: data.replace(b"<w:body>", b"<w:body><!-- a comment -->"), False),
        (lambda data: data.replace(b"<w:tbl>", b"<w:tbl\n>"), False),  # (a tag not as lxml writes it)
        (lambda data: data.replace(b">37<", b">&#34;37&#34;<"), True),  # (a row of its shape parsed)
    ],
    ids=["as rendered", "a comment", "a line break in a tag", "a quote as Jinja escapes it"],
)
def test_a_table_cut_from_the_rendered_bytes_is_laid_out_as_the_passes_lay_it_out(
    edit: Callable[[bytes], bytes], cut: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part's tables are cut from the render's bytes, not read as the parser's events, where nothing
    in the part can make a '<' other than a tag's; the rows written from the first of their shape
    (never parsed) carry texts as lxml writes them. Else the part is read as events. Either way the
    bytes are the passes' on the whole part."""
    data = edit(_metric_table_part(_FIGURES))
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", 10**12)
    whole = layout.laid_out(PART, data, True)
    spied = _cut_spy(monkeypatch)
    assert layout.laid_out(PART, data, True, by_rows=True) == whole
    assert spied == [cut]


def test_a_later_row_that_does_not_parse_is_refused_as_a_part_that_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """A row of a shape seen before is written from the first's, not parsed: one whose text holds a
    '<' (a render that is not XML) is parsed all the same, and the part refused as a whole part is."""
    data = _metric_table_part(_FIGURES).replace(b">37<", b">3<7<", 1)
    with pytest.raises(BadPart):
        wml.parse(data)
    spied = _cut_spy(monkeypatch)
    with pytest.raises(BadPart):
        layout.laid_out(PART, data, True, by_rows=True)
    assert spied == [True]
