"""Monthly statistics: metrics as data, forms out, figures in, sheets per unit and rolled up."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from examples.yongqing.workbook import METRICS, MISSING_REPORT, REPORTS, UNITS, write_workbook
from generator.documents.contexts import RollupContext
from generator.documents.kinds import common_context, period_context, rollup_context
from generator.inputs.model import Inputs, Report
from generator.inputs.schema import WORKBOOK_NAME
from generator.inputs.xlsx_reader import XlsxWorkbook
from generator.output.rollup import rollup_workbook
from generator.pipeline import read_workbook

from .conftest import EXAMPLE, Run, make_workspace, output_files

FEB = "2018年2月"
METRIC_NAMES = [m[1] for m in METRICS]
# What a township is asked for: the metrics without a 适用单位类型, or with 乡镇 in it (立案 is a department's).
TOWNSHIP_METRIC_NAMES = [m[1] for m in METRICS if not (len(m) > 9 and m[9]) or "乡镇" in str(m[9])]


def figures(unit: str, month: dt.date) -> dict[str, Any] | None:
    row = next((r for r in REPORTS if r[0] == unit and r[1] == month), None)
    return dict(zip(METRIC_NAMES, row[2:], strict=True)) if row else None


def sheet_rows(path: Path) -> dict[str, tuple[str, str]]:
    """指标 -> (本月, 累计) of a unit's monthly sheet."""
    (table,) = Document(str(path)).tables
    return {row.cells[1].text: (row.cells[3].text, row.cells[4].text) for row in table.rows[1:]}


def rollup_tables(path: Path) -> list[list[list[str]]]:
    # A header breaks before its unit of measure: "出动排查人员" / "（人次）" are one header.
    return [[[c.text.replace("\n", "") for c in row.cells] for row in t.rows] for t in Document(str(path)).tables]


def test_every_sheet_is_built(built: Path) -> None:
    for month in ("2018年1月", FEB, "2018年3月"):
        folder = built / "output" / "统计" / month
        sheets = sorted(p.name for p in folder.glob("*统计报表.docx"))
        assert sheets == sorted(f"{u[0]}{month}统计报表.docx" for u in UNITS)
        assert (folder / f"全县汇总表{month}.docx").exists()
        assert (folder / f"全县汇总表{month}.xlsx").exists()


STOCKS = {m[1] for m in METRICS if len(m) > 5 and m[5] == "取最新"}


# 韩村镇's February sheet: (本月, 累计) of each metric a township is asked for, from the example's 统计报表
# (January + February; the stocks 组建排查队伍 and 排查队伍人数 are February's, read not added).
HANCUN_FEBRUARY = {
    "召开专题会议": ("4", "5"), "组建排查队伍": ("4", "4"), "排查队伍人数": ("94", "94"), "出动排查人员": ("61", "83"),
    "出动车辆": ("11", "17"), "排查村街（社区）": ("15", "20"), "排查出租房屋": ("125", "195"),
    "排查宾馆、旅店、招待所": ("7", "11"), "排查其他重点场所": ("11", "16"), "登记流动人口": ("148", "273"),
    "签订出租房屋责任书": ("62", "81"), "受理举报投诉": ("4", "6"), "核查线索": ("5", "6"), "发现传销窝点": ("2", "3"),
    "捣毁传销窝点": ("2", "3"), "查获涉传人员": ("14", "21"), "教育遣散传销人员": ("12", "19"), "解救受骗群众": ("4", "6"),
    "录入打传信息系统": ("14", "21"), "开展宣传活动": ("2", "4"), "发放宣传资料": ("303", "509"),
    "悬挂横幅、张贴标语": ("27", "32"), "接受群众咨询": ("53", "70"), "创建“无传销社区（村）”": ("1", "2"),
}  # fmt: skip


def test_a_unit_sheet_shows_this_month_and_the_running_total(built: Path) -> None:
    rows = sheet_rows(built / "output" / "统计" / FEB / f"韩村镇{FEB}统计报表.docx")
    assert set(rows) == set(TOWNSHIP_METRIC_NAMES)
    assert rows == HANCUN_FEBRUARY


def test_not_reported_is_not_zero(built: Path) -> None:
    unit, _ = MISSING_REPORT
    path = built / "output" / "统计" / FEB / f"{unit}{FEB}统计报表.docx"
    paragraphs = [p.text for p in Document(str(path)).paragraphs]
    assert "本月未报送（“本月”一栏为空；“累计”为已报送月份的合计）" in paragraphs
    rows = sheet_rows(path)
    assert all(this_month == "" for this_month, _ in rows.values())
    jan = figures(unit, dt.date(2018, 1, 1))
    assert jan
    assert rows["出动排查人员"][1] == str(jan["出动排查人员"])  # 累计 = January only
    rollup = built / "output" / "统计" / FEB / f"全县汇总表{FEB}.docx"
    texts = [p.text for p in Document(str(rollup)).paragraphs]
    assert any("已报送17个单位，未报送1个" in t for t in texts)
    assert f"未报送单位：{unit}。" in texts
    first = rollup_tables(rollup)[0]
    row = next(r for r in first if r[0] == unit)
    assert set(row[1:]) == {"未报送"}


# The county's February: each metric added over the 17 units that reported (三圣口乡 did not), from the
# example's 统计报表; the case metrics are the departments' own.
FEBRUARY_TOTALS = {
    "召开专题会议": "45", "组建排查队伍": "40", "排查队伍人数": "985", "出动排查人员": "875", "出动车辆": "163",
    "排查村街（社区）": "135", "排查出租房屋": "1552", "排查宾馆、旅店、招待所": "98", "排查其他重点场所": "129",
    "登记流动人口": "2029", "签订出租房屋责任书": "697", "受理举报投诉": "45", "核查线索": "58", "发现传销窝点": "20",
    "捣毁传销窝点": "16", "查获涉传人员": "118", "教育遣散传销人员": "97", "解救受骗群众": "34", "录入打传信息系统": "118",
    "立案查处传销案件": "1", "行政处罚": "1", "罚没款": "2.53", "移送公安机关案件": "0", "刑事拘留": "2", "行政拘留": "1",
    "涉案金额": "27.69", "开展宣传活动": "34", "发放宣传资料": "4027", "悬挂横幅、张贴标语": "300", "接受群众咨询": "574",
    "创建“无传销社区（村）”": "11",
}  # fmt: skip


def test_rollup_total_is_the_sum_of_the_units_that_reported(built: Path) -> None:
    tables = rollup_tables(built / "output" / "统计" / FEB / f"全县汇总表{FEB}.docx")
    header_of = {}
    for table in tables:
        # row 0 names the groups over their columns, row 1 the metrics
        names = [re.sub(r"（[^（）]*）$", "", h) for h in table[1][1:]]
        header_of.update({n: (table, i + 1) for i, n in enumerate(names)})
    assert set(header_of) == set(METRIC_NAMES)  # the columns follow the metrics sheet
    for name, (table, column) in header_of.items():
        assert table[-1][column] == FEBRUARY_TOTALS[name], name
        assert table[-1][0] == "合计"


def test_rollup_spreadsheet(built: Path) -> None:
    path = built / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx"
    ws = load_workbook(path)["汇总"]
    assert ws["A2"].value == "已报送 17 个单位，未报送 1 个"
    headers = [ws.cell(row=4, column=c).value for c in range(2, 2 + len(METRICS))]
    assert headers[0].replace("\n", "") == "召开专题会议（次）"  # broken into lines between words
    units = [ws.cell(row=r, column=1).value for r in range(5, 5 + len(UNITS))]
    assert units == [u[0] for u in UNITS]
    total_row = 5 + len(UNITS)
    assert ws.cell(row=total_row, column=1).value == "合计（17个单位）"
    column = 2 + METRIC_NAMES.index("出动排查人员")
    assert ws.cell(row=total_row, column=column).value == 875  # FEBRUARY_TOTALS["出动排查人员"]
    assert ws.freeze_panes == "B5"
    # styles: header filled, missing reports grey italic (not zero), totals bold, figures plain
    missing_row = 5 + [u[0] for u in UNITS].index(MISSING_REPORT[0])
    missing = ws.cell(row=missing_row, column=2)
    assert missing.value == "未报送" and missing.font.i and missing.font.color.rgb == "00808080"
    assert ws["B4"].fill.fgColor.rgb == "00DDEBF7" and ws["B4"].font.b
    assert ws.cell(row=total_row, column=column).font.b
    figure = ws.cell(row=5, column=2)
    assert (
        isinstance(figure.value, int)
        and not figure.font.b
        and not figure.font.i
        and figure.fill.fgColor.rgb[2:] != "DDEBF7"
    )
    assert all(ws.cell(row=r, column=c).border.left.style == "thin" for r in (3, 5, total_row) for c in (1, 2))


# --- forms out, figures in -----------------------------------------------------------------------------


# The day the units fill in February's forms in these tests: after the 填报日期 (2018-03-01) of the
# example's February reports, as a correction is.
FILLED_ON = dt.datetime(2018, 3, 9)


def fill(form: Path, values: dict[str, Any], dated: dt.datetime | str | None = FILLED_ON) -> None:
    """Type `values` into the form's yellow cells (by metric name) and its 填报日期 (a date, or text such as
    3月5日 or 昨天, as units type it), as a unit does in Excel."""
    wb = load_workbook(form)
    ws = wb["统计报表"]
    for row in range(6, 6 + len(METRICS)):
        name = ws.cell(row=row, column=2).value
        if name in values:
            ws.cell(row=row, column=4).value = values[name]
    # A unit's form lists its type's metrics only: the 填报日期 row follows them.
    date_row = next(r for r in range(6, 8 + len(METRICS)) if ws.cell(row=r, column=3).value == "填报日期")
    ws.cell(row=date_row, column=4).value = dated
    wb.save(form)


def test_forms_are_filled_in_and_locked(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "forms", "--month", "2018-02")
    assert result.exit_code == 0, result.output
    assert "完成：2018年2月填报表 18 个，已存在 0 个。" in result.output
    form = workspace / "output" / "填报表" / FEB / f"韩村镇{FEB}统计报表（填报）.xlsx"
    wb = load_workbook(form)
    ws = wb["统计报表"]
    assert ws["B2"].value == "韩村镇" and ws["D2"].value == FEB
    assert ws["A2"].value == "填报单位（盖章）" and ws["C4"].value == "审核人"
    assert ws["B3"].value == "2月1日至2月28日" and ws["D3"].value == "3月2日前"
    assert ws.protection.sheet
    assert ws["B2"].protection.locked and not ws["D6"].protection.locked
    n = len(TOWNSHIP_METRIC_NAMES)
    assert [ws.cell(row=6 + i, column=2).value for i in range(n)] == TOWNSHIP_METRIC_NAMES
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"decimal" if m[3] == "小数" else "whole" for m in METRICS if m[1] in TOWNSHIP_METRIC_NAMES}
    assert ws.freeze_panes == "A6"
    assert wb["gongwen"].sheet_state == "veryHidden"
    # January starts on the 19th.
    run("-C", workspace, "forms", "--month", "2018-01", "--unit", "韩村镇")
    jan = load_workbook(workspace / "output" / "填报表" / "2018年1月" / "韩村镇2018年1月统计报表（填报）.xlsx")
    assert jan["统计报表"]["B3"].value == "1月19日至1月31日"
    # A filled-in form is never overwritten.
    fill(form, {"召开专题会议": 9})
    again = run("-C", workspace, "forms", "--month", "2018-02", "--unit", "韩村镇")
    assert "已存在，未覆盖" in again.output
    assert load_workbook(form)["统计报表"]["D6"].value == 9


def test_round_trip_forms_collect_build(workspace: Path, run: Run, tmp_path: Path) -> None:
    run("-C", workspace, "forms", "--month", "2018-02", "--unit", "三圣口乡", "--unit", "韩村镇")
    folder = workspace / "output" / "填报表" / FEB
    # A township's form asks for its type's metrics only: no 立案, 罚没款 (those are departments').
    new_values: dict[str, float] = {name: i + 1 for i, name in enumerate(TOWNSHIP_METRIC_NAMES)}
    fill(folder / f"三圣口乡{FEB}统计报表（填报）.xlsx", new_values)
    changed = dict(figures("韩村镇", dt.date(2018, 2, 1)) or {})
    changed["出动排查人员"] = 70
    fill(folder / f"韩村镇{FEB}统计报表（填报）.xlsx", changed)
    before = (workspace / "inputs" / WORKBOOK_NAME).read_bytes()
    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 0, result.output
    assert f"新报送  三圣口乡 {FEB}（三圣口乡{FEB}统计报表（填报）.xlsx）" in result.output
    assert (
        f"有变化  韩村镇 {FEB}（韩村镇{FEB}统计报表（填报）.xlsx）\n    出动排查人员：61人次 → 70人次" in result.output
    )
    backups = list((workspace / "inputs" / "备份").glob("*.xlsx"))
    assert len(backups) == 1 and backups[0].read_bytes() == before  # the old version, kept as it was
    assert "已并入 2 份报表：inputs/活动数据.xlsx（原工作簿备份为 inputs/备份/" in result.output

    assert run("-C", workspace, "build").exit_code == 0
    rows = sheet_rows(workspace / "output" / "统计" / FEB / f"三圣口乡{FEB}统计报表.docx")
    for name, value in new_values.items():
        assert Decimal(rows[name][0]) == Decimal(str(value)), name
    assert sheet_rows(workspace / "output" / "统计" / FEB / f"韩村镇{FEB}统计报表.docx")["出动排查人员"][0] == "70"
    rollup = workspace / "output" / "统计" / FEB / f"全县汇总表{FEB}.docx"
    # Every unit reported: said so, not "未报送0个" (the spreadsheet's second line says the same).
    texts = [p.text for p in Document(str(rollup)).paragraphs]
    assert any("18个单位全部报送" in t for t in texts) and not any("未报送0个" in t for t in texts)
    assert load_workbook(rollup.with_suffix(".xlsx"))["汇总"]["A2"].value == "18 个单位全部报送"

    # Collecting the same forms again changes nothing.
    again = run("-C", workspace, "collect", folder)
    assert f"未变化  韩村镇 {FEB}" in again.output and "没有需要并入的新数据，工作簿未改动。" in again.output


def test_collect_rejects_and_refuses_with_reasons(workspace: Path, run: Run, tmp_path: Path) -> None:
    run("-C", workspace, "forms", "--month", "2018-02", "--unit", "韩村镇", "--unit", "刘街乡")
    folder = workspace / "output" / "填报表" / FEB
    good = dict(figures("刘街乡", dt.date(2018, 2, 1)) or {})
    fill(folder / f"刘街乡{FEB}统计报表（填报）.xlsx", good, dated=None)  # the same figures, undated
    bad = dict(figures("韩村镇", dt.date(2018, 2, 1)) or {})
    bad.update({"出动排查人员": -3, "出动车辆": "十辆", "召开专题会议": 2.5})
    fill(folder / f"韩村镇{FEB}统计报表（填报）.xlsx", bad)
    # An unknown unit, a month outside the campaign (two forms of one unit: tests/test_returns.py).
    import shutil

    stranger = folder / "外县.xlsx"
    shutil.copy(folder / f"刘街乡{FEB}统计报表（填报）.xlsx", stranger)
    wb = load_workbook(stranger)
    wb["gongwen"]["A1"] = "霸州市"
    wb.save(stranger)
    late = folder / "五月.xlsx"
    shutil.copy(folder / f"刘街乡{FEB}统计报表（填报）.xlsx", late)
    wb = load_workbook(late)
    wb["gongwen"]["A2"] = "2018-05-01"
    wb.save(late)
    (folder / "~$锁文件.xlsx").write_bytes(b"\0" * 10)

    result = run("-C", workspace, "collect", folder)
    assert result.exit_code == 1
    out = result.output
    assert "跳过 ~$锁文件.xlsx：这是 Excel/WPS 打开文件时留下的临时文件" in out
    assert f"未变化  刘街乡 {FEB}（刘街乡{FEB}统计报表（填报）.xlsx）" in out
    assert f"未采用  韩村镇 {FEB}（韩村镇{FEB}统计报表（填报）.xlsx）" in out
    assert "    D9：「出动排查人员」不能是负数，实际为 -3" in out
    assert "    D10：「出动车辆」应为数字（台次），实际为「十辆」" in out
    assert "    D6：「召开专题会议」应为整数（次），实际为 2.5" in out
    assert "拒收  外县.xlsx\n    填报单位「霸州市」不在「单位」表中" in out
    assert (
        "拒收  五月.xlsx\n    统计期别「2018-05-01」不是本次活动的报送期（报送期：2018年1月、2018年2月、2018年3月）"
        in out
    )
    assert "有 3 份报表未采用或被拒收" in out
    assert not (workspace / "inputs" / "备份").exists()  # nothing new to merge: the workbook is untouched


# --- figures typed into the sheet directly, and their checks -------------------------------------------


def report_row(unit: str, month: dt.date, **changes: Any) -> list[Any]:
    """A row of the 月报 sheet: the example's figures (韩村镇's February where there are none), changed."""
    values = dict(figures(unit, month) or figures("韩村镇", dt.date(2018, 2, 1)) or {})
    values.update(changes)
    return [unit, month, *(values[name] for name in METRIC_NAMES)]


def with_reports(ws: Path, *rows: list[Any]) -> None:
    keep = [r for r in REPORTS if not any(r[0] == x[0] and r[1] == x[1] for x in rows)]
    write_workbook(ws / "inputs" / WORKBOOK_NAME, reports=[*keep, *rows])


FEB_1, MAR_1 = dt.date(2018, 2, 1), dt.date(2018, 3, 1)


@pytest.mark.parametrize(
    ("row", "severity", "expected"),
    [
        (
            report_row("韩村镇", FEB_1, 捣毁传销窝点=5, 发现传销窝点=2),
            "警告",
            "韩村镇2018年2月捣毁传销窝点 5 处，多于发现的 2 处，请核实",
        ),
        (
            report_row("曹家务乡", FEB_1, 教育遣散传销人员=8),
            "警告",
            "曹家务乡2018年2月教育遣散 8 人，但查获涉传人员为 0，请核实",
        ),
        (
            report_row("韩村镇", MAR_1, 出动排查人员=900),
            "警告",
            "韩村镇2018年3月「出动排查人员」900人次，是上期 61人次 的 15 倍，请核实",
        ),
        (report_row("韩村镇", FEB_1, 出动车辆=-1), "错误", "「出动车辆」不能是负数，实际为 -1"),
        (report_row("韩村镇", FEB_1, 出动车辆="很多"), "错误", "「出动车辆」应为数字（台次），实际为「很多」"),
        (report_row("韩村镇", FEB_1, 出动车辆=2.5), "错误", "「出动车辆」应为整数（台次），实际为 2.5"),
        (
            report_row("韩村镇", dt.date(2018, 6, 1)),
            "错误",
            "「期别」「2018年6月1日」不是本次活动的报送期（按“月”报送，如「2018年1月、2018年2月、2018年3月」，或写第几期）",
        ),
        (report_row("韩材镇", FEB_1), "错误", "单位「韩材镇」不在「单位」表中，是否是「韩村镇」？"),
    ],
    ids=["raided>found", "dispersed-without-caught", "ten-times", "negative", "text", "decimal", "month", "unit"],
)
def test_checks_on_typed_figures(row: list[Any], severity: str, expected: str, workspace: Path, run: Run) -> None:
    with_reports(workspace, row)
    result = run("-C", workspace, "validate")
    assert result.exit_code == (1 if severity == "错误" else 0), result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith(severity) and "统计报表" in ln]
    assert len(lines) == 1, result.output
    assert re.match(rf"{severity}：inputs/活动数据.xlsx 工作表「统计报表」 单元格 [A-Z]+\d+：", lines[0]), lines[0]
    assert lines[0].endswith(expected), lines[0]


def test_a_duplicate_report_is_an_error(workspace: Path, run: Run) -> None:
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, reports=[*REPORTS, REPORTS[0]])
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert f"单元格 A{len(REPORTS) + 2}：「永清镇」2018年1月的报表重复，已在第2行" in result.output


def test_metrics_are_data(workspace: Path, run: Run) -> None:
    """A county that adds a metric edits the workbook; forms and sheets follow."""
    metrics = [*METRICS, ["宣传教育", "举办培训班", "期", "整数"]]
    reports = [[*r, 1] for r in REPORTS]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, metrics=metrics, reports=reports)
    assert run("-C", workspace, "build", "--kind", "月报", "--unit", "韩村镇").exit_code == 0
    rows = sheet_rows(workspace / "output" / "统计" / FEB / f"韩村镇{FEB}统计报表.docx")
    assert rows["举办培训班"] == ("1", "2")
    run("-C", workspace, "forms", "--month", "2018-02", "--unit", "韩村镇")
    ws = load_workbook(workspace / "output" / "填报表" / FEB / f"韩村镇{FEB}统计报表（填报）.xlsx")["统计报表"]
    assert ws.cell(row=6 + len(TOWNSHIP_METRIC_NAMES), column=2).value == "举办培训班"
    # A metric column missing from the 月报 sheet is an error naming it.
    write_workbook(
        workspace / "inputs" / WORKBOOK_NAME,
        metrics=metrics,
        table_headers={"统计报表": ["单位名称", "期别", *METRIC_NAMES]},
    )
    result = run("-C", workspace, "validate")
    assert "错误：inputs/活动数据.xlsx 工作表「统计报表」 第1行：缺少指标列「举办培训班」" in result.output


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    units = [["+1镇", "乡镇", None, None, None], *UNITS[1:]]
    reports = [[("+1镇" if r[0] == UNITS[0][0] else r[0]), *r[1:]] for r in REPORTS]
    teams: list[list[object]] = []  # keep the example small: no teams, no leaders for the renamed unit
    write_workbook(ws / "inputs" / WORKBOOK_NAME, units=units, reports=reports, teams=teams,
                   leaders=[], focus=[], summary=[])  # fmt: skip
    assert run("-C", ws, "build", "--kind", "汇总表").exit_code == 0
    path = ws / "output" / "统计" / FEB / f"全县汇总表{FEB}.xlsx"
    book = XlsxWorkbook(str(path))
    first = book.sheet("汇总").cell(5, 1)
    assert first is not None
    assert first.value == "+1镇"  # text, not a formula a spreadsheet would evaluate
    assert first.formula_without_value is False
    cell = load_workbook(path)["汇总"]["A5"]
    assert cell.data_type == "s" and cell.quotePrefix
    assert not load_workbook(path)["汇总"]["A6"].quotePrefix  # only the cell that needs it


@pytest.fixture(scope="module")
def example_inputs() -> Inputs:
    inputs, findings = read_workbook(EXAMPLE / "inputs" / WORKBOOK_NAME, "inputs/活动数据.xlsx")
    assert inputs is not None, findings.items
    return inputs


# Through the functions that sum (the roll-up's context, its spreadsheet's writer), on the example's
# model with February's reports replaced: a build per example rendered 25 documents to read two cells.
# That the .docx prints the context's 合计 is test_rollup_total_is_the_sum_of_the_units_that_reported.
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=len(UNITS), max_size=len(UNITS)))
def test_property_rollup_total_equals_the_sum_of_units(example_inputs: Inputs, counts: list[int]) -> None:
    (february,) = [p for p in example_inputs.reporting_periods if p.label == FEB]
    base = next(r for r in example_inputs.reports if r.unit == "韩村镇" and r.period == february.number)
    reports = [r for r in example_inputs.reports if r.period != february.number]
    for (unit, *_), count in zip(UNITS, counts, strict=True):
        reports.append(Report(unit, february.number, {**base.values, "出动排查人员": Decimal(count)}))
    inputs = dataclasses.replace(example_inputs, reports=tuple(reports))
    shared, summary = common_context(inputs), rollup_context(inputs, february)
    context: RollupContext = {
        "发文": shared["发文"],
        "活动": shared["活动"],
        "统计": period_context(february, inputs.campaign),
        "汇总": summary,
    }
    first = summary["表"][0]  # what the .docx's first table prints
    index = [m["名称"] for m in first["指标"]].index("出动排查人员")
    assert [str(row["值"][index]) for row in first["行"]] == [str(c) for c in counts]
    assert str(first["合计"][index]) == str(sum(counts))
    book = load_workbook(io.BytesIO(rollup_workbook(context, "全县汇总表")))["汇总"]
    column = 2 + METRIC_NAMES.index("出动排查人员")
    assert [book.cell(row=5 + i, column=column).value for i in range(len(UNITS))] == counts
    assert book.cell(row=5 + len(UNITS), column=column).value == sum(counts)


def test_sheets_before_any_report_are_not_made(workspace: Path, run: Run) -> None:
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, reports=[])
    assert run("-C", workspace, "build").exit_code == 0
    assert not (workspace / "output" / "统计").exists()
    assert len([p for p in output_files(workspace) if p.suffix == ".docx"]) == 19


def test_the_form_foot_is_kept_by_collect_and_printed_on_the_sheet(workspace: Path, run: Run) -> None:
    """填报人, 审核人, 联系电话, 填报日期: typed in the returned form, kept in 统计报表, printed under the table."""
    run("-C", workspace, "forms", "--month", "2018-02", "--unit", "三圣口乡")
    form = workspace / "output" / "填报表" / FEB / f"三圣口乡{FEB}统计报表（填报）.xlsx"
    fill(form, dict.fromkeys(METRIC_NAMES, 1))
    wb = load_workbook(form)
    ws = wb["统计报表"]
    labels = {ws.cell(row=r, column=c).value: (r, c) for r in range(1, ws.max_row + 1) for c in (1, 3)}
    typed = {"填报人": "郑小燕", "审核人": "韩立群", "联系电话": 13833165432, "填报日期": dt.datetime(2018, 3, 1)}
    for label, value in typed.items():
        r, c = labels[label]
        ws.cell(row=r, column=c + 1).value = value
    wb.save(form)
    result = run("-C", workspace, "collect", form.parent)
    assert result.exit_code == 0, result.output
    book = XlsxWorkbook(str(workspace / "inputs" / WORKBOOK_NAME)).sheet("统计报表")
    header = {c.value: col for col, c in book.rows[1].items()}
    row = next(r for r, cells in book.rows.items() if cells.get(1) and cells[1].value == "三圣口乡"
               and cells.get(2) and "2月" in str(cells[2].value))  # fmt: skip
    assert book.cell(row, header["填报人"]).value == "郑小燕"  # type: ignore[union-attr]
    assert book.cell(row, header["联系电话"]).value == "13833165432"  # type: ignore[union-attr]
    assert run("-C", workspace, "build").exit_code == 0
    paragraphs = [
        p.text for p in Document(str(workspace / "output" / "统计" / FEB / f"三圣口乡{FEB}统计报表.docx")).paragraphs
    ]
    assert "填报人：郑小燕　　审核人：韩立群　　联系电话：13833165432　　填报日期：2018年3月1日" in paragraphs


def test_every_row_of_a_sheet_names_its_group(built: Path) -> None:
    """A table that runs onto a second page still says which group its first row there is in."""
    (table,) = Document(str(built / "output" / "统计" / FEB / f"韩村镇{FEB}统计报表.docx")).tables
    # A township's sheet has no row for a metric only departments are asked for (立案).
    township = [(m[0], m[1]) for m in METRICS if m[1] in TOWNSHIP_METRIC_NAMES]
    assert [(r.cells[0].text, r.cells[1].text) for r in table.rows[1:]] == township


def test_a_figure_a_unit_is_not_asked_for_is_remarked_at_its_cell(tmp_path: Path) -> None:
    """A township's 立案 is not counted and is said, naming its cell; the remark keeps the cell as its
    row and column, not as a Location and address of its own (2,000 townships: 36,000 remarks held
    for the whole build)."""
    from benchmarks.synthetic import make_workspace
    from generator.inputs.model import UnaskedFigure
    from generator.inputs.xlsx_reader import column_letters
    from generator.pipeline import validate
    from generator.workspace import Workspace

    inputs, _ = validate(Workspace(make_workspace(tmp_path / "s", 3, 1)))
    assert inputs is not None
    remarks = [r for r in inputs.remarks if isinstance(r, UnaskedFigure)]
    assert remarks
    book = load_workbook(tmp_path / "s" / "inputs" / WORKBOOK_NAME)
    sheet = book["统计报表"]
    headers = [sheet.cell(1, c).value for c in range(1, sheet.max_column + 1)]
    for remark in remarks:
        location = remark.location
        assert location.cell is not None
        assert (location.file, location.sheet) == (f"inputs/{WORKBOOK_NAME}", "统计报表")
        row, column = int(location.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), headers.index(remark.metric.name) + 1
        assert location.cell == f"{column_letters(column)}{row}"
        assert sheet.cell(row, 1).value == remark.unit and Decimal(str(sheet.cell(row, column).value)) == remark.value
        assert f"{remark.unit}（乡镇）填了「{remark.metric.name}」" in remark.text
    assert not any(isinstance(getattr(remarks[0], slot), tuple) for slot in UnaskedFigure.__slots__)
    assert len({id(r.file) for r in remarks}) == 1  # one file name shared by all


def test_the_builds_remarks_of_figures_not_counted_hold_no_words_of_their_own(tmp_path: Path) -> None:
    """核稿 says each figure not counted at its cell, in the words the workbook's remark gives; the
    build keeps those warnings to its end (printed, saved for a no-op build) as small objects that
    make their place and message when read (2,500 townships: 36,000 of them, 18 MB as strings)."""
    import gc

    from benchmarks.synthetic import make_workspace
    from generator.app import build
    from generator.errors import Location, Severity
    from generator.inputs.model import UnaskedFigure
    from generator.pipeline import validate
    from generator.workspace import Workspace

    root = make_workspace(tmp_path / "s", 3, 1)
    inputs, _ = validate(Workspace(root))
    assert inputs is not None
    figures = [r for r in inputs.remarks if isinstance(r, UnaskedFigure)]
    assert figures
    built = build(Workspace(root), force=True, jobs=1)
    said = [f for f in built.findings.items if f.message.startswith("核稿〔指标不适用〕")]
    expected = [
        (Severity.WARNING, Location(f"inputs/{WORKBOOK_NAME}", None, f"工作表「统计报表」 单元格 {r.location.cell}"),
         f"核稿〔指标不适用〕{r.text}；建议：{r.fix}")
        for r in figures
    ]  # fmt: skip
    assert [tuple(f) for f in said] == expected
    assert [str(f) for f in said] == [f"警告：{e[1]}：{e[2]}" for e in expected]
    for finding in said:  # (nothing reachable from it is a string or place made for it alone)
        held = gc.get_referents(finding)
        assert not any(isinstance(x, (str, Location)) for x in held), held
