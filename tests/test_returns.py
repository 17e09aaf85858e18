"""Returned forms never corrupt the record: blank is not zero, duplicates and stale forms are held
back, every check runs before the merge, one bad form stays alone, only the 统计报表 sheet changes,
and a workbook held by another program loses nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from lxml import etree

from generator.forms.sheet_merge import sheet_part
from generator.inputs.schema import WORKBOOK_NAME
from generator.inputs.xlsx_reader import XlsxWorkbook

from .conftest import Run
from .test_monthly import FEB, METRIC_NAMES, figures, fill
from .test_web import zip_by_hand

FEBRUARY = dt.date(2018, 2, 1)
NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _issue(ws: Path, run: Run, *units: str, period: str = "2018-02") -> Path:
    args = [a for unit in units for a in ("--unit", unit)]
    result = run("-C", ws, "forms", "--period", period, *args)
    assert result.exit_code == 0, result.output
    return ws / "output" / "填报表" / FEB


def _february(ws: Path, unit: str) -> dict[str, Any]:
    """The figures of `unit`'s February row in the workbook, by metric name, as stored."""
    sheet = XlsxWorkbook(str(ws / "inputs" / WORKBOOK_NAME)).sheet("统计报表")
    header = {c.value: col for col, c in sheet.rows[1].items()}
    for cells in sheet.rows.values():
        month = cells[2].value if cells.get(2) else None
        if cells.get(1) and cells[1].value == unit and (getattr(month, "month", None) == 2 or "2月" in str(month)):
            return {name: cells[col].value if col in cells else None for name, col in header.items()}
    raise AssertionError(f"no February row of {unit}")


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


# --- blank is not zero -----------------------------------------------------------------------------


def _half_filled_correction(ws: Path, run: Run) -> Path:
    """县公安局's correction: 2 cells filled, the others left blank (the example has its February report)."""
    folder = _issue(ws, run, "县公安局")
    form = folder / f"县公安局{FEB}统计报表（填报）.xlsx"
    fill(form, {"召开专题会议": 9, "开展宣传活动": 7})
    return form


def test_a_half_filled_correction_is_held_back_with_its_blank_cells_named(workspace: Path, run: Run) -> None:
    form = _half_filled_correction(workspace, run)
    before_book = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    before = _february(workspace, "县公安局")
    assert before["排查出租房屋"] not in (None, 0)  # real figures that a blank must not wipe
    result = run("-C", workspace, "collect", form.parent)
    assert result.exit_code == 1
    out = result.output
    assert f"暂不并入  县公安局 {FEB}（{form.name}）" in out
    assert "    有格子空着，未并入：可以退回单位填全，或确认只并入已填的数（空着的格子保留工作簿里的原数）" in out
    # its form asks for 28 of the 31 metrics (a department has no villages, rented-house pledges or 无传销社区)
    blank_cells = "空着的格子 26 个：D7「组建排查队伍」、D8「排查队伍人数」"
    assert blank_cells in out and "D11「排查出租房屋」" in out and "（空格是“没有填”，不是 0）" in out
    assert f"召开专题会议：{before['召开专题会议']}次 → 9次" in out
    assert (
        "有 1 份报表有空格，暂不并入：请退回单位填全（没有发生的填 0）；如确认空着的格子保留原数，加 --只并入已填 重新运行。"
        in out
    )
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == before_book
    assert not (workspace / "inputs" / "备份").exists()


@pytest.mark.parametrize("option", ["--只并入已填", "--filled-only"])
def test_merging_only_the_filled_cells_keeps_every_other_figure(workspace: Path, run: Run, option: str) -> None:
    form = _half_filled_correction(workspace, run)
    before = _february(workspace, "县公安局")
    result = run("-C", workspace, "collect", option, form.parent)
    assert result.exit_code == 0, result.output
    assert f"有变化  县公安局 {FEB}（{form.name}）\n    只并入已填的数，空着的格子保留工作簿里的原数" in result.output
    after = _february(workspace, "县公安局")
    assert after["召开专题会议"] == 9 and after["开展宣传活动"] == 7
    unchanged = [n for n in METRIC_NAMES if n not in ("召开专题会议", "开展宣传活动")]
    assert {n: after[n] for n in unchanged} == {n: before[n] for n in unchanged}  # 71 stays 71, 40 stays 40


def test_a_first_report_with_blank_cells_is_never_merged_as_zeros(workspace: Path, run: Run) -> None:
    folder = _issue(workspace, run, "三圣口乡")  # no February report yet
    form = folder / f"三圣口乡{FEB}统计报表（填报）.xlsx"
    fill(form, {"召开专题会议": 3, "组建排查队伍": 0})  # a written 0 is a figure; the blanks are not
    for option in ((), ("--只并入已填",)):
        result = run("-C", workspace, "collect", *option, folder)
        assert result.exit_code == 1
        assert f"暂不并入  三圣口乡 {FEB}" in result.output
        assert (
            "这是该单位这一期的第一份报表，空格没有原数可保留，也不能当作 0 并入；请单位填全后重新报送（没有发生的填 0）"
            in result.output
        )
        assert "D7「组建排查队伍」" not in result.output  # the 0 typed there is not blank
    assert not (workspace / "inputs" / "备份").exists()


def test_the_form_says_a_zero_is_written_and_a_blank_is_not_a_zero(workspace: Path, run: Run) -> None:
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    texts = [c.value for row in XlsxWorkbook(str(form)).sheet("统计报表").rows.values() for c in row.values()]
    assert "2. 没有发生的填 0（零报告）。空着的格子是“没有填”，不按 0 计，收表时会被退回核实；不要写“无”。" in texts


# --- duplicates, stale forms -----------------------------------------------------------------------


@pytest.mark.parametrize("newer_sorts_first", [True, False])
def test_two_forms_of_one_unit_and_period_are_both_held_back(
    workspace: Path, run: Run, tmp_path: Path, newer_sorts_first: bool
) -> None:
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    batch = tmp_path / "batch"
    batch.mkdir()
    first, second = ("韩村镇-甲.xlsx", "韩村镇-乙.xlsx") if newer_sorts_first else ("韩村镇-乙.xlsx", "韩村镇-甲.xlsx")
    values = dict(figures("韩村镇", FEBRUARY) or {})
    fill(form, values | {"出动排查人员": 70}, dated=dt.datetime(2018, 3, 9))
    shutil.copy(form, batch / first)
    fill(form, values | {"出动排查人员": 65}, dated=dt.datetime(2018, 3, 5))
    shutil.copy(form, batch / second)
    os.utime(batch / first, (2_000_000_000, 2_000_000_000))  # file times decide nothing either
    before = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    result = run("-C", workspace, "collect", batch)
    assert result.exit_code == 1
    out = result.output
    assert out.count(f"暂不并入  韩村镇 {FEB}") == 2
    this, that = "70人次", "65人次"  # the line of the form holding 70 (甲 or 乙), next to the other
    assert (
        f"与「{second}」是同一单位同一期的报表，两份都未并入，请只留一份。不同之处：出动排查人员 本份 {this}、那份 {that}"
        in out
    )
    assert f"与「{first}」是同一单位同一期的报表" in out and "填报日期 本份 2018年3月" in out
    assert "同一单位同一期收到了不止一份报表，都暂不并入：请从文件夹里移走不要的那一份，再重新运行。" in out
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == before
    # The clerk removes one: the other goes in.
    (batch / second).unlink()
    assert run("-C", workspace, "collect", batch).exit_code == 0
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70  # the copy left, whatever its name


def test_a_replayed_older_form_does_not_revert_a_correction(workspace: Path, run: Run, tmp_path: Path) -> None:
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    values = dict(figures("韩村镇", FEBRUARY) or {})
    old = tmp_path / "old"
    old.mkdir()
    fill(form, values | {"出动排查人员": 65}, dated=dt.datetime(2018, 3, 5))
    shutil.copy(form, old / form.name)  # the first, correctly sealed return, kept by someone
    fill(form, values | {"出动排查人员": 70}, dated=dt.datetime(2018, 3, 9))
    assert run("-C", workspace, "collect", form.parent).exit_code == 0  # the correction
    result = run("-C", workspace, "collect", old)
    assert result.exit_code == 1
    assert (
        "这份表的填报日期 2018年3月5日 早于工作簿里已并入的这一期报表（填报日期 2018年3月9日），"
        "可能是重发的旧表，未并入；如这份确是更正，请单位改正填报日期后重新报送" in result.output
    )
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70
    fill(old / form.name, values | {"出动排查人员": 65}, dated=None)  # undated: cannot be known newer
    undated = run("-C", workspace, "collect", old)
    assert "这份表没有填报日期，无法确认它比工作簿里已并入的这一期报表（填报日期 2018年3月9日）更新" in undated.output
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70


def test_the_very_file_of_an_earlier_return_is_known_when_sent_again_after_a_correction(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """Same 填报日期 on both (a correction the same day): the date cannot tell, the file's digest does."""
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    values = dict(figures("韩村镇", FEBRUARY) or {})
    first = tmp_path / "first"
    first.mkdir()
    fill(form, values | {"出动排查人员": 65})
    shutil.copy(form, first / form.name)
    assert run("-C", workspace, "collect", first).exit_code == 0  # the first return, merged
    fill(form, values | {"出动排查人员": 70})
    assert run("-C", workspace, "collect", form.parent).exit_code == 0  # its correction, the same day
    result = run("-C", workspace, "collect", first)  # the first file again
    assert result.exit_code == 1
    assert "这份表（同一个文件）已于 " in result.output
    assert "并入过，之后这一期又并入了更正，这是重发的旧表，未并入；如确要改回，请单位重新填一份报送" in result.output
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70
    assert run("-C", workspace, "collect", form.parent).exit_code == 0  # the correction itself: 未变化


def _repack_with_method(form: Path, target: Path, method: int) -> None:
    """`form` with its sheet stored under a compression method zipfile cannot read (as some archivers write)."""
    data = bytearray(form.read_bytes())
    with zipfile.ZipFile(form) as zf:
        infos = zf.infolist()
    for info in infos:
        if info.filename.startswith("xl/worksheets/"):
            for offset in (info.header_offset + 8,):  # the local header's method field
                data[offset : offset + 2] = method.to_bytes(2, "little")
    central = data.rfind(b"PK\x05\x06")
    position = int.from_bytes(data[central + 16 : central + 20], "little")
    while data[position : position + 4] == b"PK\x01\x02":
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        extra, comment = (int.from_bytes(data[position + n : position + n + 2], "little") for n in (30, 32))
        if data[position + 46 : position + 46 + name_length].startswith(b"xl/worksheets/"):
            data[position + 10 : position + 12] = method.to_bytes(2, "little")
        position += 46 + name_length + extra + comment
    target.write_bytes(bytes(data))


def test_one_form_packed_with_an_unsupported_method_does_not_block_the_others(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    folder = _issue(workspace, run, "韩村镇", "刘街乡")
    fill(folder / f"韩村镇{FEB}统计报表（填报）.xlsx", dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    _repack_with_method(folder / f"刘街乡{FEB}统计报表（填报）.xlsx", folder / "刘街乡（deflate64）.xlsx", 9)
    (folder / f"刘街乡{FEB}统计报表（填报）.xlsx").unlink()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1
    assert (
        "拒收  刘街乡（deflate64）.xlsx\n    不是有效的 .xlsx 工作簿：文件里的「xl/worksheets/sheet1.xml」"
        "使用了 Word/WPS/Excel 不用的压缩方式（编号 9）；请在 Word/WPS/Excel 里打开、另存后再试" in result.output
    )
    assert "已并入 1 份报表" in result.output and _february(workspace, "韩村镇")["出动排查人员"] == 70


def test_a_zip_from_windows_explorer_is_collected_under_its_real_names(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    folder = _issue(workspace, run, "韩村镇", "刘街乡")
    han, liu = (folder / f"{u}{FEB}统计报表（填报）.xlsx" for u in ("韩村镇", "刘街乡"))
    fill(han, dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    fill(liu, dict(figures("刘街乡", FEBRUARY) or {}) | {"出动排查人员": 90})
    archive = tmp_path / "收回的报表.zip"
    archive.write_bytes(
        zip_by_hand(
            [
                (f"收回的报表\\{han.name}".encode("gbk"), 0, b"", han.read_bytes()),  # Explorer: GBK, no flag
                (f"收回的报表/{liu.name}".encode("gbk"), 0, b"", liu.read_bytes()),
            ]
        )
    )
    result = run("-C", workspace, "collect", archive)
    assert result.exit_code == 0, result.output
    assert f"有变化  韩村镇 {FEB}（{han.name}）" in result.output
    assert f"有变化  刘街乡 {FEB}（{liu.name}）" in result.output
    assert _february(workspace, "刘街乡")["出动排查人员"] == 90
    not_a_zip = tmp_path / "报表.rar"
    not_a_zip.write_bytes(b"Rar!")
    refused = run("-C", workspace, "collect", not_a_zip)
    assert refused.exit_code == 2
    assert "报表.rar 不是文件夹，也不是 zip 压缩包：请给出放收回报表的文件夹，或它们的 zip 包" in refused.output


# --- every check before the merge ----------------------------------------------------------------


def test_the_check_rules_and_jumps_run_before_the_merge_in_the_clerks_words(workspace: Path, run: Run) -> None:
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    values = dict(figures("韩村镇", FEBRUARY) or {})
    fill(form, values | {"发现传销窝点": 4, "捣毁传销窝点": 9, "出动车辆": 4000})
    result = run("-C", workspace, "collect", form.parent)
    out = result.output
    assert f"有变化  韩村镇 {FEB}" in out
    rule = f"    核对：韩村镇{FEB}捣毁传销窝点 9 处，多于发现的 4 处，请核实"  # the clerk's own text (核对规则)
    assert rule in out
    assert f"    核对：韩村镇{FEB}「出动车辆」4000台次，是上期" in out
    # After the merge, validate says the same (same code, same words).
    checked = run("-C", workspace, "validate")
    assert rule.removeprefix("    核对：") in checked.output
    assert f"韩村镇{FEB}「出动车辆」4000台次，是上期" in checked.output


# --- only the 统计报表 sheet changes ----------------------------------------------------------------


def _with_a_formula(book: Path) -> None:
    """Put an Excel formula with its cached result in a 统计报表 cell no form touches, as Excel saves it
    (openpyxl would drop the cached value; rich text, styles and the rest are the other members, compared whole)."""
    parts = _members(book)
    with zipfile.ZipFile(book) as zf:
        names = [i.filename for i in zf.infolist()]
    reports = XlsxWorkbook(str(book))
    sheet = reports.sheet("统计报表")
    header = {c.value: col for col, c in sheet.rows[1].items()}
    row = next(r for r, cells in sheet.rows.items() if cells.get(1) and cells[1].value == "永清镇")
    letter = chr(64 + header["出动排查人员"])
    part = sheet_part(parts, "统计报表")
    root = etree.fromstring(parts[part])
    cell = root.find(f".//{NS}c[@r='{letter}{row}']")
    assert cell is not None
    value = cell.findtext(f"{NS}v") or "0"
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    etree.SubElement(cell, f"{NS}f").text = f"{value}*1"
    etree.SubElement(cell, f"{NS}v").text = value
    parts[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            zf.writestr(name, parts[name])


def test_a_merge_rewrites_only_the_report_sheet_and_keeps_formula_results(workspace: Path, run: Run) -> None:
    book = workspace / "inputs" / WORKBOOK_NAME
    _with_a_formula(book)
    before = _members(book)
    form = _issue(workspace, run, "韩村镇", "三圣口乡")
    fill(form / f"韩村镇{FEB}统计报表（填报）.xlsx", dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    fill(form / f"三圣口乡{FEB}统计报表（填报）.xlsx", dict.fromkeys(METRIC_NAMES, 2))  # a new row
    assert run("-C", workspace, "collect", form).exit_code == 0
    after = _members(book)
    assert list(after) == list(before)  # the same members, in the same order
    changed = [name for name in before if before[name] != after[name]]
    assert len(changed) == 1 and changed[0].startswith("xl/worksheets/")
    assert b"<f>" in after[changed[0]] and b"*1</f><v>" in after[changed[0]]  # the formula and its result
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70
    assert _february(workspace, "三圣口乡")["召开专题会议"] == 2
    assert run("-C", workspace, "validate").exit_code == 0  # no "re-save in Excel": the result is there


def test_charts_comments_rich_text_and_defined_names_come_back_byte_identical(workspace: Path, run: Run) -> None:
    """The clerk's workbook with what openpyxl would flatten or drop on a re-save: a chart, a comment,
    rich text, a defined name. A merge leaves every one of those members as it was."""
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.chart import BarChart, Reference
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    book = workspace / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    units = wb["单位"]
    units["H1"] = CellRichText([TextBlock(InlineFont(b=True, color="FF0000"), "重点"), "单位（手工加的说明）"])
    units["A2"].comment = Comment("县局：这一行请勿改动", "县打传办")
    chart = BarChart()
    chart.add_data(Reference(wb["统计报表"], min_col=3, min_row=1, max_row=5), titles_from_data=True)
    units.add_chart(chart, "J2")
    wb.defined_names["打传单位"] = DefinedName("打传单位", attr_text="单位!$A$2:$A$19")
    wb.save(book)
    before = _members(book)
    assert any("chart" in n for n in before) and any("comment" in n for n in before)
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    fill(form, dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    assert run("-C", workspace, "collect", form.parent).exit_code == 0
    after = _members(book)
    assert list(after) == list(before)
    report_part = sheet_part(before, "统计报表")
    assert {n for n in before if before[n] != after[n]} == {report_part}
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70


def test_a_figure_replacing_a_formula_leaves_excels_calculation_chain_consistent(workspace: Path) -> None:
    """A form's figure written over a formula cell: the cell leaves xl/calcChain.xml (Excel calls a chain
    naming a cell without a formula damaged); the other formula stays in it, and every other member is as it was."""
    from decimal import Decimal

    from generator.forms.sheet_merge import rewrite_sheet, sheet_id

    book = workspace / "inputs" / WORKBOOK_NAME
    _with_a_formula(book)
    parts = _members(book)
    part, number = sheet_part(parts, "统计报表"), sheet_id(parts, "统计报表")
    formula = etree.fromstring(parts[part]).find(f".//{NS}f/..")
    assert formula is not None
    reference = formula.get("r")
    chain = f'<calcChain xmlns="{NS[1:-1]}"><c r="{reference}" i="{number}"/><c r="A1"/><c r="B2" i="1"/></calcChain>'
    parts["xl/calcChain.xml"] = chain.encode()
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    row, column = int("".join(c for c in reference if c.isdigit())), ord(reference[0]) - 64
    merged = rewrite_sheet(data.getvalue(), "统计报表", {(row, column): Decimal(7)})
    with zipfile.ZipFile(io.BytesIO(merged)) as zf:
        after = {n: zf.read(n) for n in zf.namelist()}
    entries = [(c.get("r"), c.get("i")) for c in etree.fromstring(after["xl/calcChain.xml"])]
    assert entries == [("A1", number), ("B2", "1")]  # the replaced cell gone; A1 keeps its sheet
    cell = etree.fromstring(after[part]).find(f".//{NS}c[@r='{reference}']")
    assert cell is not None and cell.find(f"{NS}f") is None and cell.findtext(f"{NS}v") == "7"
    assert {n for n in parts if parts[n] != after[n]} == {part, "xl/calcChain.xml"}


def test_overwriting_a_shared_formulas_master_gives_each_sharing_cell_its_own_formula() -> None:
    """Excel stores a filled-down formula once, in its first cell; the cells below point at it."""
    from decimal import Decimal

    from generator.forms.sheet_merge import SheetEditor

    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c><c r="C{r}">{formula}<v>{r + 1}</v></c></row>'
        for r, formula in (
            (2, '<f t="shared" ref="C2:C4" si="0">A2+B2</f>'),
            (3, '<f t="shared" si="0"/>'),
            (4, '<f t="shared" si="0"/>'),
        )
    )
    editor = SheetEditor(f'<worksheet xmlns="{NS[1:-1]}"><sheetData>{rows}</sheetData></worksheet>'.encode())
    editor.set(2, 3, Decimal(5))
    sheet = etree.fromstring(editor.tobytes())
    formulas = {c.get("r"): c.find(f"{NS}f") for c in sheet.iter(f"{NS}c") if c.find(f"{NS}f") is not None}
    assert {r: (f.text, dict(f.attrib)) for r, f in formulas.items()} == {"C3": ("A3+B3", {}), "C4": ("A4+B4", {})}
    assert editor.formulas_replaced == {"C2"}


# --- a workbook held by another program, a kill -----------------------------------------------------


def test_a_workbook_held_by_excel_loses_nothing_and_the_batch_can_be_retried(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = workspace / "inputs" / WORKBOOK_NAME
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    fill(form, dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    before = book.read_bytes()
    real_replace = os.replace

    def held_by_excel(source: Any, target: Any) -> None:
        if Path(target) == book:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", held_by_excel)
    for _ in range(2):  # the clerk retries before closing Excel
        result = run("-C", workspace, "collect", form.parent)
        assert result.exit_code == 1, result.output
        assert result.output.strip().endswith(
            "无法写入工作簿 inputs/活动数据.xlsx：它正被其他程序打开（多半是 Excel 或 WPS）。"
            "请先在 Excel/WPS 中关闭：inputs/活动数据.xlsx，然后重试（命令行重新运行同一条命令，网页上点“重试”）。"
            "这批报表都还没有并入，一份也没有丢失。"
        )
        assert "程序内部出错" not in result.output
        assert book.read_bytes() == before
        assert list((workspace / "inputs" / "备份").glob("*")) == []  # no backup of a merge that did not happen
    monkeypatch.setattr(os, "replace", real_replace)  # Excel closed
    result = run("-C", workspace, "collect", form.parent)
    assert result.exit_code == 0, result.output
    assert len(list((workspace / "inputs" / "备份").glob("*.xlsx"))) == 1
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70


def test_a_workbook_that_cannot_be_opened_for_writing_is_refused_before_anything_is_written(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Excel on Windows refuses a write-open of the workbook it holds: collect asks first."""
    book = workspace / "inputs" / WORKBOOK_NAME
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    fill(form, dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    before = book.read_bytes()
    real_open, replaced = Path.open, []

    def sharing_violation(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == book and "+" in mode:
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_open(self, mode, *args, **kwargs)

    real_replace = os.replace
    monkeypatch.setattr(Path, "open", sharing_violation)

    def replace(source: Any, target: Any) -> None:
        replaced.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    result = run("-C", workspace, "collect", form.parent)
    assert result.exit_code == 1
    assert "请先在 Excel/WPS 中关闭：inputs/活动数据.xlsx" in result.output
    assert book.read_bytes() == before and not (workspace / "inputs" / "备份").exists()
    assert replaced == []  # asked before writing anything: no backup, no temporary file renamed


@pytest.mark.parametrize("point", ["backed-up"])
def test_a_collect_killed_during_the_merge_leaves_the_old_workbook_and_a_retry_merges(
    workspace: Path, run: Run, point: str
) -> None:
    book = workspace / "inputs" / WORKBOOK_NAME
    form = _issue(workspace, run, "韩村镇") / f"韩村镇{FEB}统计报表（填报）.xlsx"
    fill(form, dict(figures("韩村镇", FEBRUARY) or {}) | {"出动排查人员": 70})
    before = book.read_bytes()
    env = {**os.environ, "GONGWEN_KILL_AT": point}
    killed = subprocess.run(
        [sys.executable, "-m", "generator.cli", "-C", str(workspace), "collect", str(form.parent)],
        env=env, capture_output=True, start_new_session=True, check=False,
    )  # fmt: skip
    assert killed.returncode in (-9, 137)
    assert book.read_bytes() == before  # the old workbook, whole
    assert run("-C", workspace, "collect", form.parent).exit_code == 0
    assert _february(workspace, "韩村镇")["出动排查人员"] == 70
    assert XlsxWorkbook(str(book)).sheetnames  # whole and readable


# --- periods --------------------------------------------------------------------------------------


@pytest.mark.parametrize("label", ["第3周", "第3旬"])
def test_a_period_label_of_another_kind_is_refused_with_the_valid_labels(workspace: Path, run: Run, label: str) -> None:
    result = run("-C", workspace, "forms", "--period", label)
    assert result.exit_code == 2
    assert f"期别「{label}」不对：这次活动按“月”报送，共 3 期" in result.output
    assert "2018年1月、2018年2月、2018年3月" in result.output
    assert not (workspace / "output" / "填报表").exists()
    assert run("-C", workspace, "forms", "--period", "第3期").exit_code == 0  # a number is any kind's


# --- the 填报日期 ----------------------------------------------------------------------------------


def test_a_filed_date_that_is_no_date_or_before_its_period_is_said_at_collect_and_validate(
    workspace: Path, run: Run
) -> None:
    """昨天 cannot be read (the report was taken as undated, never late, and nothing said so); a form
    dated before its period began cannot hold that period's figures."""
    from openpyxl import load_workbook

    book = load_workbook(workspace / "inputs" / WORKBOOK_NAME)
    sheet = book["统计报表"]
    row = next(
        c.row for c in sheet["A"] if c.value == "韩村镇" and sheet.cell(c.row, 2).value == dt.datetime(2018, 2, 1)
    )
    sheet.delete_rows(row)  # 韩村镇's February report not received yet, as 三圣口乡's
    book.save(workspace / "inputs" / WORKBOOK_NAME)
    folder = _issue(workspace, run, "三圣口乡", "韩村镇")
    full = figures("韩村镇", FEBRUARY)
    assert full is not None
    for unit, dated in (("三圣口乡", "昨天"), ("韩村镇", dt.datetime(2018, 1, 20))):
        form = folder / f"{unit}{FEB}统计报表（填报）.xlsx"
        fill(form, {**full, "召开专题会议": full["召开专题会议"] + 1}, dated=dated)
    no_date = f"三圣口乡{FEB}的「填报日期」「昨天」不是日期（如 2018年3月2日），按没有填报日期处理，不判断是否逾期；请改为实际报送的日期"
    too_early = f"韩村镇{FEB}的「填报日期」2018年1月20日早于这一期开始（2月1日），请核实"
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert f"    核对：{no_date}" in result.output and f"    核对：{too_early}" in result.output
    checked = run("-C", workspace, "validate")
    assert "工作表「统计报表」 单元格 " in checked.output
    assert no_date in checked.output and too_early in checked.output
    # 桃花潭镇 (泾县, 2021) wrote 昨天: the 台账, read days later, printed it as the day it reported, and its
    # statistics sheet printed 填报日期：昨天 for the county office to read
    ledger = run("-C", workspace, "台账", "--period", "2018-02").output
    assert "三圣口乡\t已报送\t“昨天”不是日期" in ledger, ledger
    assert run("-C", workspace, "build", "--kind", "月报", "--unit", "三圣口乡").exit_code == 0
    (sheet,) = (workspace / "output").rglob(f"三圣口乡{FEB}*.docx")
    text = "".join(p.text for p in Document(str(sheet)).paragraphs)
    assert "填报日期：" in text and "昨天" not in text


def test_the_next_periods_form_sent_for_a_missing_one_is_said_at_collect_and_validate(
    workspace: Path, run: Run
) -> None:
    """本溪满族自治县 (2019): 高官镇 returned the 下半年 form on 7月9日, in 上半年's reporting days, with 上半年's
    figures; it was merged as 2019年下半年 without a word, 上半年 stayed 未报送 and the summary printed the
    figures as 下半年's. A period's report dated before that period ended, in the days the period before was
    due, from a unit that has not sent the period before, is that one's figures on the wrong form."""
    from openpyxl import load_workbook

    book = load_workbook(workspace / "inputs" / WORKBOOK_NAME)
    sheet = book["统计报表"]
    for month in (3, 2):  # 韩村镇's February and March reports not received
        row = next(
            c.row
            for c in sheet["A"]
            if c.value == "韩村镇" and sheet.cell(c.row, 2).value == dt.datetime(2018, month, 1)
        )
        sheet.delete_rows(row)
    book.save(workspace / "inputs" / WORKBOOK_NAME)
    full = figures("韩村镇", FEBRUARY)
    assert full is not None
    assert run("-C", workspace, "forms", "--period", "2018-03", "--unit", "韩村镇").exit_code == 0
    folder = workspace / "output" / "填报表" / "2018年3月"
    fill(folder / "韩村镇2018年3月统计报表（填报）.xlsx", full, dated=dt.datetime(2018, 3, 2))
    wrong = (
        "韩村镇2018年3月的「填报日期」2018年3月2日在这一期结束（3月31日）以前，正是2018年2月的报送期"
        "（2018年3月2日截止），而韩村镇2018年2月的报表还没有收到：可能是用2018年3月的表报了2018年2月的数；"
        "请核实，是的话请把这份报表的期别改为2018年2月"
    )
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert f"    核对：{wrong}" in result.output, result.output
    checked = run("-C", workspace, "validate").output
    assert wrong in checked
    assert checked.count("可能是用") == 1  # the other units sent February: none of their reports is asked of


def test_a_form_saved_as_xls_or_et_is_refused_with_how_to_save_it_again(workspace: Path, run: Run) -> None:
    """A unit that saved its form in WPS as .xls or .et: it was skipped as "不是 .xlsx 文件" and the
    collect ended as if nothing were wrong; the web upload refused it with what to do."""
    folder = workspace / "收回"
    folder.mkdir()
    (folder / "龙山镇.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)  # an OLE2 file's start
    (folder / "马鹿镇.et").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (folder / "说明.txt").write_text("请查收", encoding="utf-8")
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    out = result.output
    assert (
        "拒收  龙山镇.xls\n    这是旧版 Excel 文件（.xls），不能直接读取：请用 Excel 或 WPS 表格打开它，"
        "点“文件 → 另存为”，保存类型选 .xlsx，再收回另存的文件" in out
    )
    assert "拒收  马鹿镇.et\n    这是 WPS 表格文件（.et），不能直接读取：" in out
    assert "跳过 说明.txt：不是 .xlsx 文件" in out
    assert "有 2 份报表未采用或被拒收" in out
    packed = workspace / "收回.zip"  # the same files zipped: the .xls was dropped without a word
    with zipfile.ZipFile(packed, "w") as zf:
        for path in folder.iterdir():
            zf.write(path, path.name)
    result = run("-C", workspace, "collect", packed)
    assert result.exit_code == 1, result.output
    assert "拒收  龙山镇.xls\n    这是旧版 Excel 文件（.xls）" in result.output
    assert "拒收  马鹿镇.et\n" in result.output


def _type_over(form: Path, label: str, value: Any, beside: bool = False) -> str:
    """Type `value` over the form's cell that holds `label` (or, `beside`, into the cell right of it),
    as a unit does in Excel; the cell's address."""
    from openpyxl import load_workbook

    book = load_workbook(form)
    sheet = book["统计报表"]
    found = next(c for row in sheet.iter_rows() for c in row if c.value == label)
    cell = sheet.cell(row=found.row, column=found.column + beside)
    cell.value = value
    book.save(form)
    return str(cell.coordinate)


def test_a_renamed_or_deleted_metric_row_is_named_at_its_cell(workspace: Path, run: Run) -> None:
    """A unit that renamed 排查出租房屋 to 排查出租房屋（含群租房） was told 表中没有指标「排查出租房屋」
    （表格可能是旧版）: no cell, and a cause it was not."""
    folder = _issue(workspace, run, "三圣口乡")
    form = folder / f"三圣口乡{FEB}统计报表（填报）.xlsx"
    full = figures("韩村镇", FEBRUARY)
    assert full is not None
    fill(form, full)
    cell = _type_over(form, "排查出租房屋", "排查出租房屋（含群租房）")
    assert cell.startswith("B")  # the metrics' names column
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    assert (
        f"    {cell}：指标名称改成了「排查出租房屋（含群租房）」，应为「排查出租房屋」；"
        "请不要改动指标名称和顺序，改回后重新报送" in result.output
    )


def test_a_correction_dated_without_its_year_is_compared_by_its_date(workspace: Path, run: Run) -> None:
    """A correction dated 3月5日 (typed as text) was held back as having no 填报日期 at all."""
    folder = _issue(workspace, run, "韩村镇")
    form = folder / f"韩村镇{FEB}统计报表（填报）.xlsx"
    full = figures("韩村镇", FEBRUARY)
    assert full is not None
    fill(form, {**full, "召开专题会议": full["召开专题会议"] + 1}, dated="3月5日")  # typed as text
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert f"有变化  韩村镇 {FEB}" in result.output and "没有填报日期" not in result.output


def test_a_form_dated_after_the_deadline_is_said_to_be_late_before_it_is_merged(workspace: Path, run: Run) -> None:
    """The check said 新报送 of a form filled in after the deadline; only the ledger and the county
    summary, after the merge, said 逾期报送."""
    folder = _issue(workspace, run, "三圣口乡")  # 三圣口乡 has no February report
    fill(folder / f"三圣口乡{FEB}统计报表（填报）.xlsx", {name: 1 for name in METRIC_NAMES}, dated="3月5日")
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert "    填报日期 2018年3月5日 晚于截止日期 2018年3月2日：并入后这一期算逾期报送" in result.output
    ledger = run("-C", workspace, "台账", "--period", "2018-02").output
    assert "三圣口乡\t逾期报送\t2018年3月5日" in ledger


def _docx_text(path: Path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_a_correction_after_the_deadline_of_a_report_sent_in_time_is_on_time_and_corrected(
    workspace: Path, run: Run
) -> None:
    """韩村镇 reported February on 3月1日 (due 3月2日) and sent a correction on 3月9日: collect said the period
    became 逾期报送, and the ledger, the sheet and the county summary then said so. A unit that reported on
    time and corrected later reported on time: the record keeps the first day, every word says 更正."""
    folder = _issue(workspace, run, "韩村镇")
    han = figures("韩村镇", FEBRUARY)
    assert han is not None
    fill(folder / f"韩村镇{FEB}统计报表（填报）.xlsx", {**han, "召开专题会议": han["召开专题会议"] + 1})  # 3月9日
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert (
        "    填报日期 2018年3月9日 晚于截止日期 2018年3月2日：这一期已于 2018年3月1日 按时报送，这份是更正，"
        "并入后仍算按时报送（更正）" in result.output
    )
    assert "并入后这一期算逾期报送" not in result.output
    row = _february(workspace, "韩村镇")  # the record keeps when the period was first reported
    assert (row["填报日期"], row["首次报送日期"]) == ("2018年3月9日", "2018年3月1日")
    ledger = run("-C", workspace, "台账", "--period", "2018-02").output
    assert "韩村镇\t已报送\t2018年3月1日（2018年3月9日更正）" in ledger and "（其中逾期 1 个）" in ledger  # 县民政局
    # a second correction keeps the first day, not the first correction's
    fill(
        folder / f"韩村镇{FEB}统计报表（填报）.xlsx", {**han, "召开专题会议": han["召开专题会议"] + 2}, dated="3月12日"
    )
    again = run("-C", workspace, "collect", folder)
    assert "这一期已于 2018年3月1日 按时报送" in again.output, again.output
    assert _february(workspace, "韩村镇")["首次报送日期"] == "2018年3月1日"
    assert run("-C", workspace, "build").exit_code == 0
    out = workspace / "output"
    sheet = _docx_text(out / "统计" / FEB / f"韩村镇{FEB}统计报表.docx")
    assert "本月按时报送（2018年3月1日报送），2018年3月12日报来更正" in sheet and "逾期" not in sheet
    rollup = _docx_text(out / "统计" / FEB / f"全县汇总表{FEB}.docx")
    assert "按时报送后又报来更正的：韩村镇（3月12日更正），表中为更正后的数。" in rollup
    county = _docx_text(out / "总结" / "永清县打击传销活动大排查工作总结.docx")
    assert "韩村镇（2018年2月" not in county  # not among the late reports


def test_the_command_lines_ledger_says_why_a_collected_form_was_refused(workspace: Path, run: Run) -> None:
    folder = _issue(workspace, run, "三圣口乡")  # no February report yet: the model says 未报送
    form = folder / f"三圣口乡{FEB}统计报表（填报）.xlsx"
    fill(form, {**{name: 1 for name in METRIC_NAMES}, "召开专题会议": "十二次"})  # 12次 is read as 12
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1 and f"三圣口乡 {FEB}" in result.output
    ledger = run("-C", workspace, "台账", "--period", "2018-02")
    assert ledger.exit_code == 0, ledger.output
    # said as collect said it (未采用: a cell is wrong), not in a word of the ledger's own
    assert "三圣口乡\t未采用" in ledger.output and "三圣口乡\t未报送" not in ledger.output
    assert "三圣口乡：2018年2月报表 D" in ledger.output and "「十二次」" in ledger.output
    # the unit's next form of the period replaces what was said of the refused one
    fill(form, {name: 1 for name in METRIC_NAMES})
    assert run("-C", workspace, "collect", folder).exit_code == 0
    again = run("-C", workspace, "台账", "--period", "2018-02").output
    assert "未采用" not in again and "三圣口乡\t逾期报送" in again  # its form's 填报日期 is today


def test_a_refused_form_recorded_by_an_older_gongwen_is_said_in_collects_word(workspace: Path, run: Run) -> None:
    """gongwen 0.4.0 recorded a form to send again as 被拒, a word collect never said: read back, it is 未采用."""
    import json

    record = {"1": {"后奕镇": {"status": "被拒", "received": "2018年2月3日", "why": ["D10：「出动车辆」不能是负数"]}}}
    (workspace / "inputs" / ".gongwen-returned-forms.json").write_text(json.dumps(record), encoding="utf-8")
    ledger = run("-C", workspace, "台账", "--period", "2018-01")
    assert ledger.exit_code == 0, ledger.output
    assert "后奕镇\t未采用\t2018年2月3日" in ledger.output and "被拒" not in ledger.output


def test_the_campaigns_own_workbook_sent_back_as_a_form_is_named_as_such(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    """A unit (or the clerk) sent 活动数据.xlsx itself: its 统计报表 sheet made it pass for a form whose
    hidden marker was lost, which told the clerk nothing of what the file was."""
    folder = tmp_path / "收回"
    folder.mkdir()
    workbook = workspace / "inputs" / WORKBOOK_NAME
    shutil.copyfile(workbook, folder / WORKBOOK_NAME)
    before = workbook.read_bytes()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1
    assert (
        "拒收  活动数据.xlsx\n    这是活动数据工作簿（有「发文」「单位」等工作表），不是单位的填报表："
        "请收回单位填好的填报表（gongwen forms 发出的那种）"
    ) in result.output
    assert workbook.read_bytes() == before


def test_a_formula_in_the_forms_footer_is_refused_with_its_cell(workspace: Path, run: Run) -> None:
    folder = _issue(workspace, run, "三圣口乡")
    form = folder / f"三圣口乡{FEB}统计报表（填报）.xlsx"
    fill(form, {name: 1 for name in METRIC_NAMES})
    # saved as a formula without a result, as openpyxl and scripts write it
    target = _type_over(form, "填报人", "=cmd|' /C calc'!A0", beside=True)
    before = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1
    assert f"未采用  三圣口乡 {FEB}（{form.name}）" in result.output
    assert (
        f"    {target}：「统计报表」表的「填报人」填的是公式，不是文字；请直接写上填报人，不要用公式" in result.output
    )
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == before


def test_a_late_correction_of_an_undated_report_says_it_cannot_know_when_it_was_first_sent(
    workspace: Path, run: Run
) -> None:
    """韩村镇's February row has no 填报日期: whether it came on time is unknown, and collect says so
    (and how to keep it on time) before a correction dated after the deadline makes the period late."""
    from openpyxl import load_workbook

    book = workspace / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    sheet = wb["统计报表"]
    column = [c.value for c in sheet[1]].index("填报日期")
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "韩村镇" and r[1].value.month == 2)
    row[column].value = None
    wb.save(book)
    folder = _issue(workspace, run, "韩村镇")
    han = figures("韩村镇", FEBRUARY)
    assert han is not None
    fill(folder / f"韩村镇{FEB}统计报表（填报）.xlsx", {**han, "召开专题会议": han["召开专题会议"] + 1})  # 3月9日
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert (
        "这一期此前报来的报表没有填报日期，不知道是否按时报送；并入后按这份更正的日期算逾期报送"
        "（如此前是按时报送的，请在「统计报表」这一行的「首次报送日期」填上那天）" in result.output
    )
    assert "韩村镇\t逾期报送\t2018年3月9日" in run("-C", workspace, "台账", "--period", "2018-02").output


def test_a_first_report_date_that_is_no_date_is_warned_of_at_its_cell(workspace: Path, run: Run) -> None:
    from openpyxl import load_workbook

    book = workspace / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    sheet = wb["统计报表"]
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "首次报送日期"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "韩村镇" and r[1].value.month == 2)
    cell = sheet.cell(row[0].row, column)
    cell.value = "月初"
    wb.save(book)
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0, result.output
    assert (
        f"单元格 {cell.coordinate}：韩村镇2018年2月的「首次报送日期」「月初」不是日期，按「填报日期」判断是否逾期；"
        "请改为这一期第一次报送的日期" in result.output
    )


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/styles.xml", "xl/worksheets/sheet1.xml"])
def test_a_form_whose_part_carries_a_doctype_is_refused_naming_the_part(workspace: Path, run: Run, part: str) -> None:
    """A returned form whose workbook, styles or sheet part carries a DOCTYPE (entities that read files
    or multiply): it was refused only as "不是有效的 .xlsx 工作簿", as if damaged in the post."""
    folder = _issue(workspace, run, "韩村镇")
    form = folder / f"韩村镇{FEB}统计报表（填报）.xlsx"
    fill(form, {name: 1 for name in METRIC_NAMES})
    members = _members(form)
    assert part in members
    xml = members[part].decode("utf-8")
    declaration = xml.index("?>") + 2 if xml.startswith("<?xml") else 0
    doctype = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    members[part] = (xml[:declaration] + doctype + xml[declaration:]).encode("utf-8")
    with zipfile.ZipFile(form, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    before = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    assert (
        f"拒收  {form.name}\n    不是有效的 .xlsx 工作簿：文件里的「{part}」带有 DOCTYPE 声明"
        "（Excel 从不写它，可能是恶意构造的文件），已拒绝读取；请单位在 Excel 或 WPS 中打开填报表，另存为 .xlsx 后重发"
    ) in result.output
    assert "Traceback" not in result.output
    assert (workspace / "inputs" / WORKBOOK_NAME).read_bytes() == before


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "文件是空的（0 字节），可能没有保存完整或传输中断"),
        (b"%PDF-1.4\n1 0 obj", "这是 PDF 文件，不是 Excel/Word 文件（只是扩展名写成了这样）"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "这是图片（可能是拍照或扫描的），不是 Excel/Word 文件"),
        (
            bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504),
            "这是旧版 Office 格式（.xls、.et、.doc、.wps）或设置了打开密码的文件，不是 .xlsx/.docx",
        ),
    ],
    ids=["empty", "pdf", "photo", "ole"],
)
def test_a_form_that_is_no_workbook_at_all_is_told_what_it_is(
    workspace: Path, run: Run, tmp_path: Path, content: bytes, what: str
) -> None:
    """A unit that printed, signed and scanned its form, or saved it as .xls and renamed it: every one
    was "文件已损坏，或不是 Word/Excel 文件（不是有效的 zip 包）"."""
    folder = tmp_path / "收回"
    folder.mkdir()
    (folder / "韩村镇.xlsx").write_bytes(content)
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1, result.output
    assert f"拒收  韩村镇.xlsx\n    不是有效的 .xlsx 工作簿：{what}" in result.output


def test_a_correction_typed_with_slashes_says_its_date_as_the_workbooks(workspace: Path, run: Run) -> None:
    """来苏镇 (2021): a village's correction dated 2021/3/28 was said 填报日期：2021年3月27日 → 2021/3/28, the
    old date in words and the new as typed; and one typed 2018/3/1 over a report of 2018年3月1日 was a change."""
    folder = _issue(workspace, run, "韩村镇")
    form = folder / f"韩村镇{FEB}统计报表（填报）.xlsx"
    full = figures("韩村镇", FEBRUARY)
    assert full is not None
    fill(form, {**full, "召开专题会议": full["召开专题会议"] + 1}, dated="2018/3/9")  # typed as text
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert "    填报日期：2018年3月1日 → 2018年3月9日\n" in result.output, result.output
    again = _issue(workspace, run, "韩村镇")
    fill(again / f"韩村镇{FEB}统计报表（填报）.xlsx", {**full, "召开专题会议": full["召开专题会议"] + 2},
         dated="2018/3/9")  # fmt: skip
    result = run("-C", workspace, "collect", again)
    assert result.exit_code == 0, result.output
    assert "填报日期：" not in result.output, result.output  # the same date, typed as before: no change
