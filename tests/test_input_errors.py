"""Bad input: one Chinese line naming file, sheet and cell; exit 1; no traceback; output/ untouched."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from examples.yongqing.workbook import write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.pipeline import read_workbook

from .conftest import EXAMPLE_OUTPUTS, Run, output_files


def break_workbook(ws: Path, **changes: Any) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, **changes)


# Each rule once across the suite: the corpus of refusals is tests/test_corpus.py (ERRORS), run through
# `build`. The two here are refused by `validate` and `build` alike, with the same one line: that both
# commands read the workbook through the same checks.
CASES: dict[str, tuple[dict[str, Any], str]] = {
    "missing sheet": (
        dict(omit_sheets=["阶段"]),
        "inputs/活动数据.xlsx 工作表「阶段」：缺少工作表「阶段」",
    ),
    "missing form row": (
        dict(notice={"印发机关": None}),
        "inputs/活动数据.xlsx 工作表「发文」 「项目」列：缺少「印发机关」一行",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_gives_one_clear_error(case: str, workspace: Path, run: Run) -> None:
    changes, expected = CASES[case]
    break_workbook(workspace, **changes)
    for command in ("build", "validate"):
        result = run("-C", workspace, command)
        assert result.exit_code == 1, result.output
        errors = [ln for ln in result.output.splitlines() if ln.startswith("错误：")]
        assert len(errors) == 1, result.output
        assert errors[0].startswith(f"错误：{expected}"), errors[0]
        assert "Traceback" not in result.output
        assert output_files(workspace) == []


def test_not_a_workspace(tmp_path: Path, run: Run) -> None:
    result = run("-C", tmp_path, "build")
    assert result.exit_code == 1
    assert "不是 gongwen 工作区：缺少 inputs 文件夹" in result.output


def test_a_folder_that_is_no_workspace_is_left_as_it_was(tmp_path: Path, run: Run) -> None:
    """collect took the workspace lock first, making output/ (and a mistyped folder) before saying
    the folder was no workspace; shortcut wrote its script into a folder it made."""
    returned = tmp_path / "收回的报表"
    returned.mkdir()
    empty, absent = tmp_path / "空文件夹", tmp_path / "打错的名字"
    empty.mkdir()
    for folder, said in ((empty, "不是 gongwen 工作区：缺少 inputs 文件夹"), (absent, "工作区文件夹不存在")):
        result = run("-C", folder, "collect", returned)
        assert result.exit_code == 1 and said in result.output, result.output
    shortcut = run("-C", absent, "shortcut")
    assert shortcut.exit_code == 1 and f"工作区文件夹不存在：{absent}" in shortcut.output, shortcut.output
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["收回的报表", "空文件夹"]


def test_every_error_is_reported_in_one_run(workspace: Path, run: Run) -> None:
    break_workbook(workspace, notice={"成文日期": "去年"}, campaign={"报送日": "两"})
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert len([ln for ln in result.output.splitlines() if ln.startswith("错误：")]) == 2
    assert "输入有 2 处错误，没有生成任何文件。" in result.output


def test_warnings_do_not_stop_the_build(workspace: Path, run: Run) -> None:
    # The real notice: plans due 2018-01-19, three days before the notice's date.
    result = run("-C", workspace, "build")
    assert result.exit_code == 0
    assert (
        "警告：inputs/活动数据.xlsx 工作表「活动」 单元格 B8：方案报送截止日期 2018年1月19日 早于成文日期"
        in result.output
    )
    assert len([p for p in output_files(workspace) if not p.name.startswith(".")]) == EXAMPLE_OUTPUTS


def test_bracket_typo_in_wenhao_is_fixed_with_a_warning(workspace: Path, run: Run) -> None:
    break_workbook(workspace, notice={"发文字号": "永政办[2018]15号"})
    result = run("-C", workspace, "build", "--kind", "通知")  # the document that prints it
    assert result.exit_code == 0, result.output
    assert "已将「永政办[2018]15号」按「永政办〔2018〕15号」处理" in result.output


def test_a_mark_too_long_for_one_line_is_warned_with_what_to_do(workspace: Path, run: Run) -> None:
    """甘肃省天水市张家川回族自治县人民政府办公室 (21 字) does not fit the 版头's one line at 小初 even
    with its characters narrowed to 60 % (20 字); 张家川回族自治县人民政府办公室文件 (17 字) does, and
    is only noted (--verbose)."""
    break_workbook(workspace, notice={"发文机关标志": "甘肃省天水市张家川回族自治县人民政府办公室"})
    result = run("-C", workspace, "validate")
    assert (
        "单元格 B3：发文机关标志有 21 个字，字宽压到 60% 一行也只能排下 20 个字，红头会折行；"
        "可改用发文机关的规范化简称（GB/T 9704 第 7.2.3 条）" in result.output
    ), result.output
    break_workbook(workspace, notice={"发文机关标志": "张家川回族自治县人民政府办公室文件"})
    result = run("-C", workspace, "validate", "--verbose")
    assert "发文机关标志有 17 个字，一行只能排 12 个字，生成时压窄字宽（字符缩放）排在一行" in result.output
    assert "红头会折行" not in result.output


def test_dates_typed_as_text_are_understood(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / WORKBOOK_NAME, notice={"成文日期": "2018.1.22", "印发日期": "2018年1月22日"})
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors
    assert (inputs.notice.date, inputs.notice.print_date) == (dt.date(2018, 1, 22), dt.date(2018, 1, 22))
    assert [f"{f.location} {f.message}" for f in findings.items if f.severity.name == "NOTE"] == [
        "inputs/活动数据.xlsx 工作表「发文」 单元格 B5 「成文日期」「2018.1.22」按 2018年1月22日 处理",
        "inputs/活动数据.xlsx 工作表「发文」 单元格 B10 「印发日期」「2018年1月22日」按 2018年1月22日 处理",
    ]


def test_a_date_copied_from_an_older_notice_or_with_号_is_understood(tmp_path: Path) -> None:
    """麟游县's notice is dated 二〇二二年五月十二日 (as GB/T 9704-1999 wrote it) and clerks type 5月12号:
    both were refused as 应为日期."""
    book = write_workbook(
        tmp_path / WORKBOOK_NAME, notice={"成文日期": "二〇一八年一月二十二日", "印发日期": "2018年1月22号"}
    )
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors
    assert (inputs.notice.date, inputs.notice.print_date) == (dt.date(2018, 1, 22), dt.date(2018, 1, 22))


def test_a_date_the_calendar_has_not_is_said_so(tmp_path: Path) -> None:
    book = write_workbook(tmp_path / WORKBOOK_NAME, notice={"成文日期": "2018年2月30日"})
    _, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert [f.message for f in findings.errors] == ["「成文日期」「2018年2月30日」不是日历上的日期：2018年2月没有30日"]


def test_a_metric_column_headed_otherwise_is_named_with_the_header_it_has(tmp_path: Path) -> None:
    """麟游县's clerk headed 其中经营性自建房 as 其中：经营性自建房: the error said the column was missing, not
    that it was there under another header."""
    from openpyxl import load_workbook

    book = write_workbook(tmp_path / WORKBOOK_NAME)
    wb = load_workbook(book)
    header = next(c for c in wb["统计报表"][1] if c.value == "出动排查人员")
    header.value = "出动排查人员（人次）"
    wb.save(book)
    _, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert [f.message for f in findings.errors] == [
        "缺少指标列「出动排查人员」（表头写的是「出动排查人员（人次）」？）；「统计指标」表里的每个指标在这里都要有一列，"
        "列名与指标名相同"
    ]


@pytest.mark.parametrize("sheet", ["统计报表", "单位"])
def test_a_title_typed_above_a_sheets_header_is_named_with_the_row_to_delete(tmp_path: Path, sheet: str) -> None:
    """龙里县's clerk typed 龙里县农村人居环境整治统计表 above the header, merged across: told 表头缺少列「单位名称」
    「期别」 of a header whose every column was there, one row down."""
    from openpyxl import load_workbook

    book = write_workbook(tmp_path / WORKBOOK_NAME)
    wb = load_workbook(book)
    ws = wb[sheet]
    ws.insert_rows(1)
    ws["A1"] = "龙里县农村人居环境整治统计表"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ws.max_column)
    wb.save(book)
    _, findings = read_workbook(book, "inputs/活动数据.xlsx")
    keys = {"统计报表": "单位名称、期别", "单位": "单位名称、类型"}[sheet]
    assert [f"{f.location.cell} {f.message}" for f in findings.errors] == [
        f"第1行 「龙里县农村人居环境整治统计表」像是标题，表头（{keys}）在第2行：请删去第1行，让表头在第1行"
    ]


def test_usage_errors_exit_2(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "build", "--no-such-option").exit_code == 2
    assert run("no-such-command").exit_code == 2
    assert run("init").exit_code == 2


def test_a_phase_outside_the_campaign_is_named_at_its_cell_with_both_spans(tmp_path: Path) -> None:
    """The warning named the sheet only: with twenty phases the clerk had to find the row."""
    book = write_workbook(tmp_path / WORKBOOK_NAME, campaign={"结束日期": dt.date(2018, 3, 28)})
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors
    assert [f"{f.location} {f.message}" for f in findings.items if "超出" in f.message] == [
        "inputs/活动数据.xlsx 工作表「阶段」 单元格 C4 阶段「巩固总结阶段」2018年3月26日至2018年3月31日，"
        "超出了活动的起止日期（2018年1月19日至2018年3月28日）"
    ]


def test_a_wenhao_typed_in_full_width_digits_is_printed_in_half_width_with_a_warning(tmp_path: Path) -> None:
    """云梦乡's clerk typed 云政发〔2018〕２３号 with the input method in full-width mode: it was refused as
    不符合格式, the digits looking right on the screen; 7.2.4 prints them as Arabic numerals."""
    book = write_workbook(tmp_path / WORKBOOK_NAME, notice={"发文字号": "永政办〔２０１８〕１５号"})
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors, findings.errors
    assert inputs.notice.number == "永政办〔2018〕15号"
    assert [f.message for f in findings.warnings if "半角" in f.message] == [
        "发文字号的年份和序号应使用半角阿拉伯数字，已将「永政办〔２０１８〕１５号」按「永政办〔2018〕15号」处理"
    ]


@pytest.mark.parametrize("typed", ["本镇", "我镇", "全镇"])
def test_a_self_name_typed_as_the_documents_print_it_is_the_word_alone(tmp_path: Path, typed: str) -> None:
    """云梦乡's clerk typed the 村's 自称 as 本村: its plan said 结合我本村实际，在全本村范围内开展."""
    types: list[list[Any]] = [["乡镇", typed, "人民政府"], ["区", "区", "管理委员会"], ["部门", None, None]]
    book = write_workbook(tmp_path / WORKBOOK_NAME, unit_types=types)
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors, findings.errors
    town = next(u for u in inputs.units if u.name == "永清镇")
    assert (town.self_name, town.whole, town.scope_phrase) == ("镇", "全镇", "在全镇范围内")


def test_a_short_name_typed_with_its_期间_is_the_name_alone_with_a_warning(tmp_path: Path) -> None:
    """云梦乡's clerk typed 简称 强降雨期间: the summary said 强降雨期间期间."""
    book = write_workbook(tmp_path / WORKBOOK_NAME, campaign={"简称": "大排查期间"})
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors, findings.errors
    assert inputs.campaign.short_name == "大排查"
    assert any("简称「大排查期间」带了“期间”" in f.message for f in findings.warnings), findings.warnings


def test_a_wording_without_its_figure_gets_the_figure_and_its_unit_with_a_warning(tmp_path: Path) -> None:
    """云梦乡's clerk typed 表述 出动巡查人员 (no {值}): the summary said 全乡共出动巡查人员， with no figure."""
    from examples.yongqing.workbook import METRICS

    metrics = [list(m) for m in METRICS]
    metrics[0] = [*metrics[0], None, None, "召开专题会议"]  # 分组, 指标, 单位, 类型, 主要指标, 累计方式, 表述
    book = write_workbook(tmp_path / WORKBOOK_NAME, metrics=metrics)
    inputs, findings = read_workbook(book, "inputs/活动数据.xlsx")
    assert inputs is not None and not findings.errors, findings.errors
    assert inputs.metrics[0].wording == "召开专题会议{值}次"
    assert [f.message for f in findings.warnings if "表述" in f.message] == [
        "指标「召开专题会议」的表述「召开专题会议」里没有{值}（数字写在哪里）：总结里会写不出数字，"
        "已按「召开专题会议{值}次」处理"
    ]


@pytest.mark.parametrize("reference", ["&#xD800;", "&#xFFFE;", "&#1;"])
def test_a_cell_naming_a_character_xml_cannot_hold_is_named(reference: str, workspace: Path, run: Run) -> None:
    """An unpaired surrogate, a non-character, a control character, written as a reference (as some
    programs' exports do): the parser stops at it, and the clerk was told only the sheet."""
    from .hostile import cell_in

    book = workspace / "inputs" / WORKBOOK_NAME
    book.write_bytes(
        cell_in("单位", "A3", lambda ref: f'<c r="{ref}" t="inlineStr"><is><t>韩村{reference}镇</t></is></c>')(
            book.read_bytes()
        )
    )
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert (
        f"错误：inputs/活动数据.xlsx 工作表「单位」 单元格 A3：这个单元格里有 Excel 和 WPS 不会保存的字符编码「{reference}」"
        in result.output
    )


def test_more_shared_strings_than_a_workbook_has_cells_are_refused_before_they_are_parsed(
    workspace: Path, run: Run
) -> None:
    """Empty <si/> compress to nothing: five million of them were a tree of 700 MB and 24 seconds."""
    from generator.inputs.xlsx_reader import MAX_CELLS
    from generator.standard.package import read_parts, zip_bytes

    book = workspace / "inputs" / WORKBOOK_NAME
    parts = read_parts(book.read_bytes())
    sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    parts["xl/sharedStrings.xml"] = sst.encode() + b"<si/>" * (MAX_CELLS + 1) + b"</sst>"
    relationship = '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'  # fmt: skip
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
    book.write_bytes(zip_bytes(parts))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert (
        f"错误：inputs/活动数据.xlsx：工作簿里的共享文字（xl/sharedStrings.xml）超过 {MAX_CELLS} 条，"
        "比一个工作簿能有的单元格还多，已拒绝读取" in result.output
    )


def test_a_sheet_of_a_thousand_refused_merges_is_twenty_lines_and_a_count(workspace: Path, run: Run) -> None:
    """A crafted sheet's 500,000 merged ranges were 500,000 lines of the same error."""
    from generator.inputs.workbook import MAX_MERGES_NAMED
    from generator.standard.package import read_parts, zip_bytes

    book = workspace / "inputs" / WORKBOOK_NAME
    parts = read_parts(book.read_bytes())
    name = "xl/worksheets/sheet1.xml"  # the 发文 sheet, whose every row needs its own 项目 and 内容
    merges = b"".join(b'<mergeCell ref="A%d:B%d"/>' % (2 * i + 2, 2 * i + 3) for i in range(1000))
    sheet = re.sub(rb"<mergeCells.*?</mergeCells>", b"", parts[name], flags=re.S)
    parts[name] = sheet.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1000">' + merges + b"</mergeCells>", 1
    )
    book.write_bytes(zip_bytes(parts))
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert result.output.count("这是合并单元格，但这里每个单元格都要单独填写") == MAX_MERGES_NAMED
    assert (
        f"除上面 {MAX_MERGES_NAMED} 处外，还有 {1000 - MAX_MERGES_NAMED} 处同样的合并单元格；请取消合并"
        in result.output
    )
