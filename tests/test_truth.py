"""Every sentence true (issue 33): what the documents say of units that did not report, of
departments, schools and groups, of empty sections; and what 核稿 finds when contradictions are planted.

Two campaigns of their own, unlike both built_examples: a county school-safety campaign whose units are
schools, departments and one township (lead unit without a plan, a metric only departments report,
planted contradictions), and a county campaign against illegal fund-raising where 3 of 22 units
have reported. Everything is asserted on the generated documents' text or the CLI's output.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook

from examples.sheets import field_names, form_sheet, save_workbook, table_sheet
from examples.yongqing.workbook import UNITS as YONGQING_UNITS
from examples.yongqing.workbook import UNITS_HEADER as YONGQING_UNITS_HEADER
from examples.yongqing.workbook import write_workbook
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    DOCUMENTS_SHEET,
    METRICS_SHEET,
    NOTICE_SHEET,
    PHASES_SHEET,
    REPORT_PERIOD_COLUMN,
    REPORT_UNIT_COLUMN,
    REPORTS_SHEET_NAME,
    RULES_SHEET,
    SUMMARY_SHEET,
    UNIT_TYPES_SHEET,
    UNITS_SHEET,
    WORKBOOK_NAME,
)

from .conftest import DATA, Run, fill_blank_dates, make_workspace

D = dt.date


def paragraphs(path: Path) -> list[str]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs if p.text.strip()]


def tables(path: Path) -> list[list[list[str]]]:
    return [[[c.text.replace("\n", "") for c in r.cells] for r in t.rows] for t in Document(str(path)).tables]


def write(
    path: Path,
    *,
    notice: dict[str, Any],
    campaign: dict[str, Any],
    kinds: list[list[Any]],
    units: list[list[Any]],
    leaders: list[list[Any]],
    metrics: list[list[Any]],
    reports: list[list[Any]],
    summary: list[list[Any]],
    documents: list[list[Any]] | None = None,
    rules: list[list[Any]] | None = None,
) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    form_sheet(wb, NOTICE_SHEET, notice)
    form_sheet(wb, CAMPAIGN_SHEET, campaign)
    phases = [["开展阶段", campaign["开始日期"], campaign["结束日期"], "按方案逐项落实，每月报送统计报表。"]]
    table_sheet(wb, PHASES_SHEET.name, field_names(PHASES_SHEET), phases)
    table_sheet(wb, UNIT_TYPES_SHEET.name, field_names(UNIT_TYPES_SHEET), kinds)
    table_sheet(wb, UNITS_SHEET.name, field_names(UNITS_SHEET), units)
    table_sheet(wb, "领导小组", ["单位名称", "小组职务", "姓名", "职务"], leaders)
    table_sheet(wb, RULES_SHEET.name, field_names(RULES_SHEET), rules or [])
    table_sheet(wb, METRICS_SHEET.name, field_names(METRICS_SHEET), metrics)
    header = [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m[1] for m in metrics), "填报日期"]
    table_sheet(wb, REPORTS_SHEET_NAME, header, reports)
    table_sheet(wb, SUMMARY_SHEET.name, field_names(SUMMARY_SHEET), summary)
    if documents is not None:
        table_sheet(wb, DOCUMENTS_SHEET.name, field_names(DOCUMENTS_SHEET), documents)
    save_workbook(wb, path, dt.datetime(2025, 3, 1))


def notice_of(organ: str, number: str, title: str, date: dt.date) -> dict[str, Any]:
    return {
        "发文机关": organ, "发文机关标志": f"{organ}文件", "发文字号": number, "成文日期": date,
        "标题": title, "主送机关": "各有关单位", "印发机关": organ, "印发日期": date,
    }  # fmt: skip


def workspace_with(root: Path, run: Run, **sheets: Any) -> Path:
    assert run("init", root, "--blank").exit_code == 0
    write(root / "inputs" / WORKBOOK_NAME, **sheets)
    return root


# --- A school-safety campaign: schools, departments, one township ---------------------------------

SCHOOLS = ["县第一中学", "县实验小学", "城关镇中心学校"]
SCHOOL_UNITS = [
    # 单位名称, 类型, 机关全称, 领导小组成员单位, 日常工作机构, 方案日期
    # ... then 自称, 简称, 全境, 范围用语, 方案标题, 总结标题: a unit's own columns win over its type's
    [
        "县第一中学",
        "学校",
        None,
        None,
        "校办公室",
        D(2025, 3, 8),
        None,
        None,
        None,
        None,
        "县第一中学校园安全专项整治实施细则",
        "县第一中学校园安全专项整治工作情况报告",
    ],
    ["县实验小学", "学校", None, None, "校办公室", D(2025, 3, 8), "我校"],
    ["城关镇中心学校", "学校", None, None, "校办公室", D(2025, 3, 14)],  # after the plans' deadline
    ["县教育局", "部门", None, "是", "局安全股", D(2025, 3, 5)],  # the lead unit: no plan of its own
    ["县公安局", "部门", None, "是", "局治安大队", D(2025, 3, 8)],
    [
        "城关镇",
        "乡镇",
        None,
        None,
        "镇综治办",
        D(2025, 3, 8),
        None,
        None,
        "全镇各村（社区）",
        "在全镇各村（社区）范围内",
    ],
]
SCHOOL_METRICS = [
    # 分组, 指标, 单位, 类型, 主要指标, 累计方式, 表述, 为零时表述, 前提指标, 适用单位类型
    ["隐患排查", "排查安全隐患", "处", "整数", "是", None, None, "未发现安全隐患", None, None],
    ["隐患排查", "整改安全隐患", "处", "整数", "是", None, None, None, None, None],
    ["案件查处", "立案查处涉校案件", "件", "整数", "是", None, None, None, None, "部门"],
]
SCHOOL_REPORTS = [
    ["县第一中学", "2025年3月", 12, 10, 0, D(2025, 4, 3)],
    ["县实验小学", "2025年3月", 8, 8, 0, D(2025, 4, 3)],
    ["城关镇中心学校", "2025年3月", 5, 5, 0, D(2025, 4, 4)],
    ["县教育局", "2025年3月", 3, 3, 0, D(2025, 4, 4)],
    ["县公安局", "2025年3月", 2, 2, 1, D(2025, 4, 4)],
    ["城关镇", "2025年3月", 9, 7, 2, D(2025, 4, 9)],  # a township reporting 立案, and late (due 4月5日)
    ["县第一中学", "2025年4月", 6, 6, 0, D(2025, 5, 4)],
    ["县实验小学", "2025年4月", 4, 3, 0, D(2025, 5, 4)],
    ["城关镇中心学校", "2025年4月", 0, 0, 0, D(2025, 5, 4)],
    ["县教育局", "2025年4月", 1, 1, 0, D(2025, 5, 4)],
    ["县公安局", "2025年4月", 1, 1, 1, D(2025, 5, 4)],
    ["城关镇", "2025年4月", 3, 3, 0, D(2025, 5, 4)],
]
COPIED = "安全教育形式单一，学生自护能力有待提高"
SCHOOL_SUMMARY = [
    *[[school, "存在问题", None, COPIED] for school in SCHOOLS],  # one text, three schools
    ["县第一中学", "存在问题", None, "校舍老旧，消防设施更新不及时"],
    ["县第一中学", "下一步打算", None, "把安全检查纳入每周例会"],
    ["县公安局", "主要做法", "强化校园周边巡逻", "在上下学时段增派警力，护校安园"],
    ["城关镇", "主要做法", "落实属地责任", "组织××对学校周边摊点逐一排查"],  # a placeholder left
    ["全县", "存在问题", None, "个别学校隐患整改不彻底"],
]


@pytest.fixture(scope="module")
def schools(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()

    def run(*args: Any) -> Any:
        return runner.invoke(main, [str(a) for a in args])

    root = workspace_with(
        tmp_path_factory.mktemp("schools") / "ws",
        run,
        notice=notice_of(
            "平安县教育局", "平教发〔2025〕3号", "平安县教育局关于开展校园安全专项整治的通知", D(2025, 3, 3)
        ),
        campaign={
            "活动名称": "校园安全专项整治",
            "简称": "专项整治",
            "本级名称": "平安县",
            "方案标题": "平安县校园安全专项整治实施方案",
            "开始日期": D(2025, 3, 3),
            "结束日期": D(2025, 4, 30),
            "牵头单位": "县教育局",
            "领导小组办公室": "县校园安全专项整治领导小组办公室",
            "方案报送截止": D(2025, 3, 10),
            "报送周期": "月",
            "报送日": 5,
            "总结报送截止": D(2025, 5, 1),  # before April's reports are due (5月5日)
        },
        kinds=[["学校", None, None], ["部门", None, None], ["乡镇", None, "人民政府"]],
        units=SCHOOL_UNITS,
        leaders=[
            ["县第一中学", "组长", "李明", "校长"],
            ["城关", "组长", "王芳", "校长"],  # meant for 县实验小学, typed as 城关: corrected to 城关镇
            ["城关镇中心学校", "组长", "赵刚", "校长"],
            ["县教育局", "组长", "孙伟", "局长"],
            ["县公安局", "组长", "周强", "局长"],
            ["城关镇", "组长", "吴军", "镇长"],
        ],
        rules=[["领导小组", "小组职务", "文字", "是", "组长、副组长、成员", None, None, "是", "错误", None, "组长"]],
        metrics=SCHOOL_METRICS,
        reports=SCHOOL_REPORTS,
        summary=SCHOOL_SUMMARY,
        documents=[
            ["通知", "通知", "是", None, None, "是", None, None],
            ["方案", "方案", "是", None, None, "是", None, "学校、乡镇、县公安局"],  # not the lead unit
            ["报表", "报表", "是", None, None, "是", None, None],
            ["汇总", "汇总", "是", None, None, "是", None, None],
            ["总结", "总结", "是", None, None, "是", None, None],
            ["总体总结", "总体总结", "是", None, None, "是", None, None],
        ],
    )
    result = run("-C", root, "build", "-q")
    assert result.exit_code == 0, result.output
    return root, result.output


def test_each_unit_type_speaks_as_itself(schools: tuple[Path, str]) -> None:
    root, _ = schools
    school = " ".join(paragraphs(root / "output" / "方案" / "县第一中学校园安全专项整治工作方案.docx"))
    assert "我校" in school and "在全校范围内" in school and "全镇" not in school
    police = " ".join(paragraphs(root / "output" / "方案" / "县公安局校园安全专项整治工作方案.docx"))
    assert "在本局职责范围内" in police and "全局" not in police
    summary = " ".join(paragraphs(root / "output" / "总结" / "县公安局校园安全专项整治工作总结.docx"))
    assert "本局共" in summary and "全局" not in summary


def test_a_county_a_city_and_a_provincial_department_name_themselves_by_their_last_word() -> None:
    """A provincial 安全生产大检查 (琼安委办〔2013〕62号) listed 海口市, 琼中黎族苗族自治县 and 省公安厅: each
    plan said 结合我单位实际, where a 市 says 我市, a 县 我县 and a 厅 我厅 (as a 局 says 我局)."""
    from generator.inputs.validate import self_name_of

    names = ("海口市", "琼中黎族苗族自治县", "省公安厅", "县公安局", "韩村镇", "县融媒体中心", "县供销合作社")
    assert [self_name_of(name, None) for name in names] == ["市", "县", "厅", "局", "镇", "中心", "单位"]


def test_a_units_own_wording_columns_take_effect(schools: tuple[Path, str]) -> None:
    """Issue 36: 自称, 全境, 范围用语, 方案标题, 总结标题 in the 单位 sheet override the type's."""
    root, _ = schools
    plan = paragraphs(root / "output" / "方案" / "县第一中学校园安全专项整治工作方案.docx")
    assert plan[0] == "县第一中学校园安全专项整治实施细则"
    summary = paragraphs(root / "output" / "总结" / "县第一中学校园安全专项整治工作总结.docx")
    assert summary[0] == "县第一中学校园安全专项整治工作情况报告"
    small = " ".join(paragraphs(root / "output" / "方案" / "县实验小学校园安全专项整治工作方案.docx"))
    assert "结合我校实际" in small and "我我" not in small
    town = " ".join(paragraphs(root / "output" / "总结" / "城关镇校园安全专项整治工作总结.docx"))
    assert "全镇各村（社区）共排查安全隐患" in town
    town_plan = " ".join(paragraphs(root / "output" / "方案" / "城关镇校园安全专项整治工作方案.docx"))
    assert "在全镇各村（社区）范围内开展校园安全专项整治" in town_plan


def test_the_lead_unit_gets_no_plan_and_a_township_no_cases(schools: tuple[Path, str]) -> None:
    root, _ = schools
    plans = sorted(p.name for p in (root / "output" / "方案").glob("*.docx"))
    assert not any(name.startswith("县教育局") for name in plans) and len(plans) == 5
    town = " ".join(paragraphs(root / "output" / "总结" / "城关镇校园安全专项整治工作总结.docx"))
    assert "立案" not in town  # it reported 2, but townships are not asked: not counted, not said
    police = " ".join(paragraphs(root / "output" / "总结" / "县公安局校园安全专项整治工作总结.docx"))
    assert "立案查处涉校案件2件" in police
    rollups = tables(next((root / "output").rglob("*汇总表2025年3月.docx")))
    (rollup,) = [t for t in rollups if any("立案查处涉校案件（件）" in row for row in t)]
    rows = {row[0]: row for row in rollup}
    header = next(row for row in rollup if "立案查处涉校案件（件）" in row)
    column = header.index("立案查处涉校案件（件）")
    assert rows["城关镇"][column] == "—" and rows["县公安局"][column] == "1"
    sheet = " ".join(paragraphs(next((root / "output").rglob("城关镇2025年3月统计报表.docx"))))
    sheet += " ".join(
        c for t in tables(next((root / "output").rglob("城关镇2025年3月统计报表.docx"))) for r in t for c in r
    )
    assert "立案" not in sheet


def test_a_selection_that_makes_nothing_says_why(schools: tuple[Path, str], run: Run) -> None:
    root, _ = schools
    before = sorted(p.relative_to(root) for p in (root / "output").rglob("*.docx"))
    notice = run("-C", root, "build", "--kind", "通知", "--unit", "县第一中学")
    assert notice.exit_code == 2
    assert "没有生成任何文件：「通知」是整个活动的一份，不按单位生成（去掉 --unit 才会生成它）" in notice.output
    lead = run("-C", root, "build", "--kind", "方案", "--unit", "县教育局")
    assert lead.exit_code == 2
    assert "「方案」不为「县教育局」生成（见工作簿「文档」表的「适用单位」）" in lead.output
    predicted = run("-C", root, "build", "--dry-run", "--kind", "通知", "--unit", "县第一中学")
    assert predicted.exit_code == 2 and "不按单位生成" in predicted.output
    assert sorted(p.relative_to(root) for p in (root / "output").rglob("*.docx")) == before
    # a selection that makes something names what it leaves out
    both = run("-C", root, "build", "--kind", "通知", "--kind", "方案", "--unit", "县第一中学")
    assert both.exit_code == 0, both.output
    assert "未生成：「通知」是整个活动的一份，不按单位生成（去掉 --unit 才会生成它）" in both.output


def test_no_empty_heading_and_no_lone_number(schools: tuple[Path, str]) -> None:
    root, _ = schools
    # 县实验小学 wrote one 存在问题 and nothing else: no 主要做法 heading, no "1.", numbers closed up.
    text = paragraphs(root / "output" / "总结" / "县实验小学校园安全专项整治工作总结.docx")
    headings = [p for p in text if p[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == ["一、工作成效", "二、存在问题"]
    assert f"{COPIED}。" in text and not any(p.startswith("1.") for p in text)
    # 县第一中学 wrote two: numbered.
    first = paragraphs(root / "output" / "总结" / "县第一中学校园安全专项整治工作总结.docx")
    assert f"1.{COPIED}。" in first and "2.校舍老旧，消防设施更新不及时。" in first
    assert [p for p in first if p[:2] in ("一、", "二、", "三、")] == [
        "一、工作成效",
        "二、存在问题",
        "三、下一步工作打算",
    ]
    # 县公安局 wrote one 主要做法: its run-in title without （一）.
    police = paragraphs(root / "output" / "总结" / "县公安局校园安全专项整治工作总结.docx")
    assert "强化校园周边巡逻。在上下学时段增派警力，护校安园。" in police
    assert not any(p.startswith(("三、", "四、")) for p in police)


def test_late_reports_are_named_late_not_missing(schools: tuple[Path, str]) -> None:
    root, _ = schools
    county = " ".join(paragraphs(root / "output" / "总结" / "平安县校园安全专项整治工作总结.docx"))
    assert "城关镇（2025年3月，4月9日报送）" in county
    sheet = paragraphs(next((root / "output").rglob("城关镇2025年3月统计报表.docx")))
    assert "本期逾期报送（2025年4月9日报送，截止日期为4月5日）" in sheet
    assert "未报送" not in county and "未按时" not in county


def test_proofreading_finds_every_planted_contradiction(schools: tuple[Path, str], run: Run) -> None:
    root, build_output = schools
    result = run("-C", root, "核稿")
    assert result.exit_code == 0, result.output
    out = result.output
    # The name typed as 城关 moved 县实验小学's 组长 to 城关镇: always shown, with the cell.
    assert "〔自动更正〕inputs/活动数据.xlsx 工作表「领导小组」 单元格 A3" in out
    assert "单位「城关」按「城关镇」处理" in out
    assert "城关镇在「领导小组」表中有2名组长（王芳、吴军）" in out
    assert "县实验小学在「领导小组」表中没有组长" in out
    # A township's 立案, not counted.
    assert "城关镇（乡镇）填了「立案查处涉校案件」2件，但这个指标只由部门填报，未计入" in out
    # A plan dated after its deadline, at its 落款.
    assert "〔方案晚于截止〕output/方案/城关镇中心学校校园安全专项整治工作方案.docx" in out
    assert "方案落款2025年3月14日，晚于方案报送截止日期2025年3月10日" in out
    # Summaries due before April's reports are.
    assert "工作总结2025年5月1日前报送，但最后一期（2025年4月）统计报表2025年5月5日前才报送" in out
    # The campaign ends 4月30日 and April's reports come in May: the summaries are signed when their
    # figures came (县第一中学's on 5月4日), so none is dated before its data.
    assert "日期早于数据" not in out
    school = root / "output" / "总结" / "县第一中学校园安全专项整治工作总结.docx"
    assert [p.text for p in Document(str(school)).paragraphs if p.text.strip()][-1] == "2025年5月4日"
    # The ×× left in a 主要做法, in its document and paragraph.
    assert "〔未填占位〕output/总结/城关镇校园安全专项整治工作总结.docx 第" in out
    assert "“××”没有填写" in out
    # One 存在问题 copied to the three schools.
    assert f"县第一中学、县实验小学、城关镇中心学校的「存在问题」一字不差：「1.{COPIED}。」" in out
    # The build said the same, as warnings.
    assert "核稿〔自动更正〕" in build_output and "核稿〔存在问题雷同〕" in build_output


# --- A campaign where most units have not reported -------------------------------------------------

TOWNS = [f"{name}镇" for name in "东西南北中上下前后左右新安乐和"]  # 15
DEPARTMENTS = ["县金融办", "县公安局", "县市场监管局", "县人民银行", "县财政局", "县信访局", "县司法局"]  # 7
FUND_METRICS = [
    ["排查宣传", "排查企业", "家", "整数", "是", None, "排查企业{值}家", None, None, None],
    ["排查宣传", "开展宣传", "次", "整数", None, None, None, None, None, None],
    ["风险线索", "发现风险线索", "条", "整数", "是", None, None, "未发现非法集资风险线索", None, None],
]
MONTHS = ["2025年3月", "2025年4月", "2025年5月"]
FUND_REPORTS = [
    *[["东镇", m, 20, 3, 0, None] for m in MONTHS],  # all three months, nothing found
    ["西镇", "2025年3月", 15, 2, 0, None],  # February-like gap: April missing
    ["西镇", "2025年5月", 12, 1, 0, None],
    ["县金融办", "2025年3月", 4, 1, 1, None],
]


@pytest.fixture(scope="module")
def silent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from generator.cli import main

    runner = CliRunner()

    def run(*args: Any) -> Any:
        return runner.invoke(main, [str(a) for a in args])

    root = workspace_with(
        tmp_path_factory.mktemp("silent") / "ws",
        run,
        notice=notice_of(
            "安平县人民政府办公室",
            "安政办〔2025〕9号",
            "安平县人民政府办公室关于开展打击非法集资专项行动的通知",
            D(2025, 3, 1),
        ),
        campaign={
            "活动名称": "打击非法集资专项行动",
            "本级名称": "安平县",
            "方案标题": "安平县打击非法集资专项行动实施方案",
            "开始日期": D(2025, 3, 1),
            "结束日期": D(2025, 5, 31),
            "牵头单位": "县金融办",
            "领导小组办公室": "县处置非法集资领导小组办公室",
            "报送周期": "月",
            "报送日": 5,
            "总结报送截止": D(2025, 6, 10),
        },
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[[t, "乡镇", None, None, None, None] for t in TOWNS]
        + [[d, "部门", None, None, None, None] for d in DEPARTMENTS],
        leaders=[[u, "组长", f"组长{i}", "主要负责同志"] for i, u in enumerate(TOWNS + DEPARTMENTS)],
        metrics=FUND_METRICS,
        reports=FUND_REPORTS,
        summary=[],
    )
    result = run("-C", root, "build", "-q")
    assert result.exit_code == 0, result.output
    return root


def test_a_unit_that_never_reported_gets_no_figures_and_no_nothing_found(silent: Path) -> None:
    for unit in ["南镇", "和镇", "县公安局", "县司法局"]:
        text = " ".join(paragraphs(silent / "output" / "总结" / f"{unit}打击非法集资专项行动工作总结.docx"))
        assert "3月至5月的统计报表均未报送" in text, unit
        assert "未发现" not in text, unit
        # its one section is not numbered: a lone 一、 is a list of one
        assert "工作成效" in paragraphs(silent / "output" / "总结" / f"{unit}打击非法集资专项行动工作总结.docx")
        assert "一、工作成效" not in text, unit
        assert "排查企业" not in text and "各项统计均为零" not in text


def test_a_unit_missing_a_month_says_which_months_its_figures_cover(silent: Path) -> None:
    text = " ".join(paragraphs(silent / "output" / "总结" / "西镇打击非法集资专项行动工作总结.docx"))
    assert "我镇4月份统计报表未报送，以下为3月、5月合计。" in text
    assert "全镇共排查企业27家" in text
    assert "3月、5月未发现非法集资风险线索" in text and "，未发现非法集资" not in text
    whole = " ".join(paragraphs(silent / "output" / "总结" / "东镇打击非法集资专项行动工作总结.docx"))
    assert "全镇共排查企业60家，开展宣传9次" in whole and "未发现非法集资风险线索" in whole


def test_the_county_ranks_silent_units_as_not_reported_never_zero(silent: Path) -> None:
    path = silent / "output" / "总结" / "安平县打击非法集资专项行动工作总结.docx"
    text = " ".join(paragraphs(path))
    assert "未按时" not in text
    ranking = next(t for t in tables(path) if t[0][1] == "单位")
    rows = {row[1]: row[2:] for row in ranking[1:]}
    assert rows["东镇"] == ["60", "0"] and rows["西镇（4月未报送）"] == ["27", "0"]
    silent_units = [u for u in TOWNS + DEPARTMENTS if u not in ("东镇", "西镇", "县金融办")]
    for unit in silent_units:
        assert rows[unit] == ["未报送", "未报送"], unit
    order = [row[1] for row in ranking[1:]]
    assert order[:3] == ["东镇", "西镇（4月未报送）", "县金融办（4月、5月未报送）"]  # those who reported first
    assert rows["县金融办（4月、5月未报送）"] == ["4", "1"]
    months = next(t for t in tables(path) if t[0][0] == "期别")
    assert [r[0] for r in months[1:]] == [
        "2025年3月（19个单位未报送）",
        "2025年4月（21个单位未报送）",
        "2025年5月（20个单位未报送）",
    ]


# 西津街道's daily campaigns: a 村 and the 牵头 department, counting FUND_METRICS
XIJIN_UNITS: dict[str, Any] = {
    "kinds": [["村", None, None], ["部门", None, None]],
    "units": [["詹村", "村", None, None, None, None], ["街道林业站", "部门", None, "是", None, None]],
    "leaders": [["詹村", "组长", "詹国庆", "村党总支书记"], ["街道林业站", "组长", "汪涛", "站长"]],
    "metrics": FUND_METRICS,
}


def test_a_day_nobody_reported_is_not_reported_in_the_county_summary_never_zero(tmp_path: Path, run: Run) -> None:
    """西津街道's 中秋国庆 森林防火 (2019) asked for a report a day: on a day none of its units sent one,
    the summary's period table said 0 and the trend drew a point at 0, a fall that never happened.
    Here a daily campaign over the year's end, the middle day (2024年12月31日) sent by nobody."""
    days = ["2024年12月30日", "2024年12月31日", "2025年1月1日"]
    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "西津街道办事处", "西办秘〔2024〕61号", "西津街道关于做好元旦期间森林防火工作的通知", D(2024, 12, 28)
        ),
        campaign={
            "活动名称": "元旦期间森林防火",
            "本级名称": "西津街道",
            "方案标题": "西津街道关于做好元旦期间森林防火工作的通知",
            "开始日期": D(2024, 12, 30),
            "结束日期": D(2025, 1, 1),
            "牵头单位": "街道林业站",
            "领导小组办公室": "街道森林防火指挥部办公室",
            "报送周期": "日",
            "报送日": None,
        },
        **XIJIN_UNITS,
        reports=[
            ["詹村", days[0], 5, 1, 0, None],
            ["詹村", days[2], 4, 1, 0, None],
            ["街道林业站", days[2], 2, 1, 0, None],
        ],
        summary=[],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    path = root / "output" / "总结" / "西津街道元旦期间森林防火工作总结.docx"
    by_day = next(t for t in tables(path) if t[0][0] == "期别")
    assert by_day[1:] == [
        ["2024年12月30日（1个单位未报送）", "5", "0"],
        ["2024年12月31日（2个单位未报送）", "未报送", "未报送"],
        ["2025年1月1日", "6", "0"],
    ]
    assert "全街道" in " ".join(paragraphs(path))  # the 范围 a 街道 speaks of (全道 says nothing)
    with zipfile.ZipFile(path) as zf:
        trend = zf.read("word/charts/chart1.xml").decode()
    values = trend[trend.index("<c:val>") :]
    assert re.findall(r'<c:pt idx="(\d+)">', values[: values.index("</c:val>")]) == ["0", "2"]  # a gap, not 0
    # a day's 统计时段 is the day, not 12月30日至12月30日, with its year as the form says it (the campaign
    # crosses a new year): the sheet and the form
    sheet = root / "output" / "统计" / days[0] / f"詹村{days[0]}统计报表.docx"
    assert f"（{days[0]}　统计时段：2024年12月30日）" in paragraphs(sheet)
    assert run("-C", root, "forms", "--period", "2024-12-31").exit_code == 0
    form = load_workbook(next((root / "output" / "填报表" / days[1]).glob("詹村*.xlsx"))).worksheets[0]
    assert form["B3"].value == "2024年12月31日"  # the day alone, with its year: the campaign crosses a new year


def test_a_daily_campaign_longer_than_a_month_is_tabled_and_charted_by_month(tmp_path: Path, run: Run) -> None:
    """文安乡's 汛期值班 (2012) was reported daily from 5月1日 to 9月30日: its summary printed 153 rows of days,
    five pages, and a trend of 153 points named 2012年5月1日 …; a 文秘 tables such a campaign by month.
    Here 35 days (6月1日 to 7月5日), 詹村 missing 6月2日; the months add the days up."""
    days = [D(2024, 6, 1) + dt.timedelta(days=k) for k in range(35)]
    reports = [["詹村", f"{d.year}年{d.month}月{d.day}日", 1, 0, 0, None] for d in days if d != D(2024, 6, 2)]
    reports += [["街道林业站", f"{d.year}年{d.month}月{d.day}日", 2, 1, 0, None] for d in days]
    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of("西津街道办事处", "西办秘〔2024〕31号", "西津街道关于做好汛期值班工作的通知", D(2024, 5, 28)),
        campaign={
            "活动名称": "汛期值班",
            "本级名称": "西津街道",
            "方案标题": "西津街道关于做好汛期值班工作的通知",
            "开始日期": days[0],
            "结束日期": days[-1],
            "牵头单位": "街道林业站",
            "领导小组办公室": "街道防汛指挥部办公室",
            "报送周期": "日",
            "报送日": None,
        },
        **XIJIN_UNITS,
        reports=reports,
        summary=[],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    path = root / "output" / "总结" / "西津街道汛期值班工作总结.docx"
    by_month = next(t for t in tables(path) if t[0][0] == "期别")
    # 排查企业: 詹村 1 a day (29 of June's 30), 林业站 2 a day; 发现风险线索 0
    assert by_month[1:] == [["2024年6月（1份未报送）", "89", "0"], ["2024年7月", "15", "0"]]
    with zipfile.ZipFile(path) as zf:
        trend = zf.read("word/charts/chart1.xml").decode()
    assert re.findall(r"<c:v>([^<]*月[^<]*)</c:v>", trend)[:2] == ["6月*", "7月"]


# 兴县's campaign against illegal fund-raising (2025), as the two tests below set it up.
FUND_CAMPAIGN = {
    "活动名称": "打击非法集资专项行动",
    "本级名称": "兴县",
    "方案标题": "兴县打击非法集资专项行动工作方案",
    "开始日期": D(2025, 3, 1),
    "结束日期": D(2025, 5, 31),
    "牵头单位": "县金融办",
    "领导小组办公室": "县处置非法集资领导小组办公室",
    "报送周期": "月",
    "报送日": 5,
}


def test_a_blank_templates_example_number_left_in_the_notice_sheet_is_flagged(tmp_path: Path, run: Run) -> None:
    """A notice imported from a web page that printed no 发文字号 leaves the blank workbook's example
    (×政办〔2025〕1号) in the 发文 sheet; every unit's plan cites it. One × before a word is a
    placeholder as ×× is; a multiplication (3×4米) is not."""
    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "兴县人民政府办公室", "×政办〔2025〕1号", "兴县人民政府办公室关于印发方案的通知", D(2025, 3, 1)
        ),
        campaign=FUND_CAMPAIGN,
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[["东镇", "乡镇", None, None, None, None], ["县金融办", "部门", None, None, None, None]],
        leaders=[["东镇", "组长", "王平", "镇长"], ["县金融办", "组长", "李安", "主任"]],
        metrics=FUND_METRICS,
        reports=[],
        summary=[["东镇", "主要做法", "清理广告", "清理3×4米的违规广告牌"]],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    result = run("-C", root, "核稿")
    assert result.exit_code == 0, result.output
    plan = "output/方案/东镇打击非法集资专项行动工作方案.docx"
    assert "（×政办〔2025〕1号）" in " ".join(paragraphs(root / plan))  # what the office would send out
    assert f"〔未填占位〕{plan} 第" in result.output
    assert "“×”没有填写" in result.output and "×政办〔2025〕1号" in result.output


def test_the_county_says_nothing_found_only_of_the_reports_it_has(tmp_path: Path, run: Run) -> None:
    """Every report sent found no 线索, but 西镇 sent none (兴县, 2024): the county summary said
    全县…未发现非法集资风险线索 of the whole county."""
    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "兴县人民政府办公室", "兴政办发〔2025〕35号", "兴县人民政府办公室关于印发方案的通知", D(2025, 3, 1)
        ),
        campaign={**FUND_CAMPAIGN, "结束日期": D(2025, 4, 30), "总结报送截止": D(2025, 5, 10)},
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[
            [u, "乡镇" if u.endswith("镇") else "部门", None, None, None, None] for u in ("东镇", "西镇", "县金融办")
        ],
        leaders=[[u, "组长", f"组长{i}", "主要负责同志"] for i, u in enumerate(("东镇", "西镇", "县金融办"))],
        metrics=FUND_METRICS,
        reports=[[u, m, 10, 1, 0, None] for u in ("东镇", "县金融办") for m in ("2025年3月", "2025年4月")],
        summary=[],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    county = " ".join(paragraphs(root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"))
    assert "全县共排查企业40家，开展宣传4次" in county
    assert "已报送的单位均未发现非法集资风险线索" in county and "全县未发现" not in county
    whole = " ".join(paragraphs(root / "output" / "总结" / "东镇打击非法集资专项行动工作总结.docx"))
    assert "全镇共排查企业20家" in whole and "未发现非法集资风险线索" in whole  # its own, all sent


def test_a_blank_署名后缀_takes_its_types_default(tmp_path: Path, run: Run) -> None:
    """The guide: 「单位类型」空着的格子按默认值; a 街道 row with its 署名后缀 left blank signed 东关街道, not
    东关街道办事处 (a blank cell was taken for "no suffix"). A 村 (来苏镇's villages, 2021) signed 观音村 alone,
    a bare name under the date; a 社区 likewise: they sign as their committees. An 企业 (三班镇's 相关企业,
    2025) signs with its own name and speaks as 我公司, 在全公司范围内, not 我单位 (its name's last word)."""
    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "岚县人民政府办公室", "岚政办发〔2025〕12号", "岚县人民政府办公室关于印发方案的通知", D(2025, 2, 25)
        ),
        campaign={
            "活动名称": "春季森林防火隐患排查整治",
            "本级名称": "岚县",
            "方案标题": "岚县春季森林防火隐患排查整治实施方案",
            "开始日期": D(2025, 3, 1),
            "结束日期": D(2025, 5, 31),
            "牵头单位": "县林业局",
            "领导小组办公室": "县森林防火指挥部办公室",
            "报送周期": "月",
            "报送日": 5,
        },
        kinds=[
            ["乡镇", None, None],
            ["街道", None, None],
            ["部门", None, None],
            ["村", None, None],
            ["社区", None, None],
            ["企业", None, None],
        ],
        units=[[u, k, None, None, None, None] for u, k in TYPED],
        leaders=[[u, "组长", f"组长{i}", "主要负责同志"] for i, (u, _) in enumerate(TYPED)],
        metrics=FUND_METRICS,
        reports=[],
        summary=[],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    signed, whole = {}, {}
    for unit, _ in TYPED:
        texts = paragraphs(root / "output" / "方案" / f"{unit}春季森林防火隐患排查整治工作方案.docx")
        signed[unit] = texts[texts.index("2025年2月25日") - 1]
        whole[unit] = next(t for t in texts if "范围内" in t)
    assert signed == {"东村镇": "东村镇人民政府", "东关街道": "东关街道办事处", "县林业局": "岚县林业局",
                      "观音村": "观音村村民委员会", "城南社区": "城南社区居民委员会",
                      "岚县恒丰陶瓷有限公司": "岚县恒丰陶瓷有限公司"}  # fmt: skip
    assert "在全村范围内" in whole["观音村"] and "在全社区范围内" in whole["城南社区"]
    assert "结合我公司实际，在全公司范围内" in whole["岚县恒丰陶瓷有限公司"]


TYPED = (("东村镇", "乡镇"), ("东关街道", "街道"), ("县林业局", "部门"), ("观音村", "村"), ("城南社区", "社区"),
         ("岚县恒丰陶瓷有限公司", "企业"))  # fmt: skip


def test_a_type_the_unit_types_sheet_does_not_list_says_where_to_add_it(tmp_path: Path, run: Run) -> None:
    """来苏镇's clerk typed 村 for each village: 单位类型应为 乡镇、部门 之一 said what was wrong but not what
    to do; a new type is a row of the 单位类型 sheet."""
    from generator import app

    root = xing_county(tmp_path, run, ("东山镇", "县金融办"), department=lambda u: u.endswith("办"))
    book = load_workbook(root / "inputs" / WORKBOOK_NAME)
    book[UNITS_SHEET.name]["B2"] = "村"
    book.save(root / "inputs" / WORKBOOK_NAME)
    _, findings = app.validate(app.Workspace(root))
    assert [f"{f.location.cell} {f.message}" for f in findings.errors] == [
        "B2 单位类型应为 乡镇、部门 之一，实际为「村」；这是新的类型时，请先在「单位类型」表加一行"
        "（类型写“村”，自称、署名后缀、全境、范围用语不填时按默认写法）"
    ]


def test_a_sheet_after_a_missed_month_says_its_cumulative_leaves_it_out(silent: Path) -> None:
    sheets = {p.name: p for p in (silent / "output").rglob("*.docx") if "西镇" in p.name or "东镇" in p.name}
    west = {name: " ".join(paragraphs(path)) for name, path in sheets.items() if "西镇" in name and "统计报表" in name}
    may = next(text for name, text in west.items() if "5月" in name)
    assert "注：4月份未报送，累计为3月、5月合计。" in may
    april = next(text for name, text in west.items() if "4月" in name)
    assert "注：4月份未报送，累计为3月合计。" in april
    march = next(text for name, text in west.items() if "3月" in name)
    east = [" ".join(paragraphs(path)) for name, path in sheets.items() if "东镇" in name and "统计报表" in name]
    assert len(east) == 3 and "注：" not in march  # every month reported so far: nothing to say
    assert not [text for text in east if "注：" in text]


def test_a_clerks_sheet_template_that_hides_a_missed_month_is_warned_of(silent: Path, tmp_path: Path, run: Run) -> None:
    """A 报表 template written for 0.3 prints 累计 without 统计.累计说明: the build says what to add
    (4 sheets: 西镇 and 县金融办 in April and May)."""
    import dataclasses
    import shutil

    from examples.blank.templates import SHEET
    from generator.documents.template_builder import build_all

    root = tmp_path / "ws"
    shutil.copytree(silent, root)
    old = dataclasses.replace(SHEET, blocks=SHEET.blocks[:-3])  # without the note and its if/endif
    assert "累计说明" in str(SHEET.blocks[-3:]) and "累计说明" not in str(old.blocks)
    build_all([old], root / "templates")
    result = run("-C", root, "build", "--kind", "报表")
    assert result.exit_code == 0, result.output
    assert (
        "警告：templates/报表.docx：4 份「报表」的累计不含未报送的期（如 西镇2025年4月：4月份未报送，累计为3月合计。），"
        "模板却没有写明：请在模板的表格下加一行“{%p if 统计.累计说明 %}”、一行“注：{{ 统计.累计说明 }}”、一行“{%p endif %}”"
    ) in result.output
    assert (
        "累计说明" not in run("-C", silent, "build", "--kind", "报表", "--dry-run").output
    )  # the shipped one prints it


def test_collecting_into_the_starters_old_columns_leaves_no_warning(tmp_path: Path, run: Run) -> None:
    """The guide's path: the starter's 统计报表 keeps its header (its example rows deleted, 统计指标
    rewritten); the first collect puts the metrics' columns in place of the old empty ones."""
    from openpyxl import load_workbook

    from .test_monthly import fill

    root = workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of("安平县人民政府办公室", "安政办〔2025〕9号", "安平县人民政府办公室关于开展打击非法集资专项行动的通知", D(2025, 3, 1)),
        campaign={
            "活动名称": "打击非法集资专项行动", "本级名称": "安平县", "方案标题": "安平县打击非法集资专项行动实施方案",
            "开始日期": D(2025, 3, 1), "结束日期": D(2025, 5, 31), "牵头单位": "县金融办",
            "领导小组办公室": "县处置非法集资领导小组办公室", "报送周期": "季", "报送日": 5, "总结报送截止": D(2025, 6, 10),
        },
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[["东镇", "乡镇", None, None, None, None], ["县金融办", "部门", None, None, None, None]],
        leaders=[["东镇", "组长", "张三", "镇长"], ["县金融办", "组长", "李四", "主任"]],
        metrics=FUND_METRICS,
        reports=[],
        summary=[],
    )  # fmt: skip
    book_path = root / "inputs" / WORKBOOK_NAME
    book = load_workbook(book_path)
    old = ["单位名称", "期别", "召开会议", "出动检查人员", "发现问题", "整改问题"]  # the starter's header
    for column, name in enumerate(old, start=1):
        book[REPORTS_SHEET_NAME].cell(row=1, column=column).value = name
    book.save(book_path)
    assert run("-C", root, "validate").exit_code == 0  # no report yet: the header is not read
    assert run("-C", root, "forms", "--period", "1", "--unit", "东镇").exit_code == 0
    (form,) = (root / "output" / "填报表").rglob("东镇*.xlsx")
    fill(form, {"排查企业": 12, "开展宣传": 3, "发现风险线索": 0})
    collected = run("-C", root, "collect", form.parent)
    assert collected.exit_code == 0, collected.output
    checked = run("-C", root, "validate")
    assert checked.exit_code == 0 and "不是「统计指标」表里的指标" not in checked.output, checked.output
    header = [c.value for c in load_workbook(book_path)[REPORTS_SHEET_NAME][1] if c.value]
    assert header[:5] == ["单位名称", "期别", "排查企业", "开展宣传", "发现风险线索"] and "召开会议" not in header
    # a column holding figures is the clerk's to rename or delete: the warning says which and how
    book = load_workbook(book_path)
    sheet = book[REPORTS_SHEET_NAME]
    sheet.cell(row=1, column=sheet.max_column + 1).value = "排查网点"
    sheet.cell(row=2, column=sheet.max_column).value = 4
    book.save(book_path)
    warned = run("-C", root, "validate").output
    assert (
        "列「排查网点」不是「统计指标」表里的指标，已忽略：如果是改了名的指标，把列名改成「统计指标」表里的名称"
        in warned
    )


# --- The shipped built_examples: no township wording for a department or group, no empty heading, no lone number

H1 = re.compile(r"^[一二三四五六七八九十]+、")
NUMBERS = (re.compile(r"^（([一二三四五六七八九十]+)）"), re.compile(r"^(\d+)\."))


def heading_problems(texts: list[str]) -> list[str]:
    """An 一级 heading with nothing under it (the next paragraph is another, or the document's end
    before its 署名); a numbered list whose first item has no second before the next 一级 heading."""
    problems = []
    for i, text in enumerate(texts):
        if H1.match(text) and (i + 1 == len(texts) or H1.match(texts[i + 1])):
            problems.append(f"空标题：{text}")
    for pattern in NUMBERS:
        section: list[str] = []
        for text in [*texts, "一、（结束）"]:
            if H1.match(text):
                numbers = [m.group(1) for t in section if (m := pattern.match(t))]
                if numbers and len(set(numbers)) == 1:
                    problems.append(f"只有一项却编了号：{section[0][:20]}")
                section = []
            else:
                section.append(text)
    return problems


@pytest.mark.parametrize("name", ["yongqing", "liuhe"])
def test_the_examples_print_no_empty_heading_and_no_lone_number(built_examples: dict[str, Path], name: str) -> None:
    problems = []
    for path in sorted((built_examples[name] / "output").rglob("*.docx")):
        if "统计" in path.parts or "周报" in path.parts:
            continue  # statistics sheets: tables, no numbered prose
        problems += [f"{path.name}：{p}" for p in heading_problems(paragraphs(path))]
    assert not problems, problems[:10]


def test_departments_and_groups_never_speak_as_a_territory(built_examples: dict[str, Path]) -> None:
    yongqing = built_examples["yongqing"] / "output"
    for path in [*(yongqing / "方案").glob("县*.docx"), *(yongqing / "总结").glob("县*局*.docx")]:
        text = " ".join(paragraphs(path))
        assert "全局" not in text, path.name
        assert "本局" in text, path.name
    for path in (built_examples["liuhe"] / "output" / "检查报告").glob("*.docx"):
        text = " ".join(paragraphs(path))
        assert "全组" not in text and "本组共" in text, path.name
    # The unit where the county's office sits gathers the reports: it is not told to send them to itself.
    lead = " ".join(paragraphs(yongqing / "方案" / "县工商和食药监局打击传销活动大排查工作方案.docx"))
    assert "向县打击传销领导小组办公室报送" not in lead and "汇总各单位报送的统计报表" in lead
    other = " ".join(paragraphs(yongqing / "方案" / "县公安局打击传销活动大排查工作方案.docx"))
    assert "向县打击传销领导小组办公室报送" in other
    # A township is not asked for cases, and its summary says none.
    township = " ".join(paragraphs(yongqing / "总结" / "韩村镇打击传销活动大排查工作总结.docx"))
    assert "立案" not in township and "刑事拘留" not in township


def test_the_heading_check_itself_finds_what_it_looks_for() -> None:
    """The check above on text as the templates printed it before: an empty 三、, a lone 1. and （一）."""
    before = [
        "一、工作成效",
        "（一）职责范围。内容。",
        "二、存在问题",
        "1.一条。",
        "三、下一步工作打算",
        "四、其他",
        "内容。",
    ]
    assert heading_problems(before) == [
        "空标题：三、下一步工作打算",
        "只有一项却编了号：（一）职责范围。内容。",
        "只有一项却编了号：1.一条。",
    ]
    assert heading_problems(["一、甲", "（一）a", "（二）b", "二、乙", "1.x", "2.y"]) == []


# --- A campaign of one report (报送周期 一次, 期别 全程) where one group never sent it --------------

ONE_REPORT = {
    # 出动检查人员, 巡查林区面积, 在岗护林员, 检查重点部位数, 发现火灾隐患, 整改火灾隐患, 清理林下可燃物, 入户宣传, 发放防火明白纸
    "第一检查组": [10, 20.5, 3, 4, 2, 1, 1.5, 30, 100],
    "第二检查组": [5, 0, 2, 0, 0, 0, 0.2, 12, 40],
    "第三检查组": [7, 9.25, 4, 3, 1, 1, 0, 0, 60],
}


@pytest.fixture(scope="module")
def one_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """柳河镇's groups in a one-off inspection: three groups sent their one report, 第四检查组 never did."""
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import main

    root = tmp_path_factory.mktemp("once") / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--example", "liuhe"]).exit_code == 0
    workbook = root / "inputs" / WORKBOOK_NAME
    book = load_workbook(workbook)
    for row in book[CAMPAIGN_SHEET.name].iter_rows(min_row=2):
        if row[0].value == "报送周期":
            row[1].value = "一次"
    reports = book[REPORTS_SHEET_NAME]
    reports.delete_rows(2, reports.max_row)
    for unit, figures in ONE_REPORT.items():
        reports.append([unit, "全程", *figures])
    book.save(workbook)
    result = CliRunner().invoke(main, ["-C", str(root), "build", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return root / "output"


def test_a_group_that_never_sent_the_one_report_reads_not_reported_in_every_document(one_report: Path) -> None:
    sheet = one_report / "周报" / "全程" / "第四检查组全程检查情况周报.docx"
    assert "本次未报送" in paragraphs(sheet) and "本周未报送" not in paragraphs(sheet)
    (table,) = tables(sheet)
    assert table[0] == ["分组", "指标", "单位", "本次", "累计"]
    assert [row[3:] for row in table[1:]] == [["", "未报送"]] * 9  # never 0: nothing was sent
    reported = tables(one_report / "周报" / "全程" / "第三检查组全程检查情况周报.docx")[0]
    assert [row[3:] for row in reported[1:4]] == [["7", "7"], ["9.25", "9.25"], ["4", "4"]]
    assert "本次未报送" not in paragraphs(one_report / "周报" / "全程" / "第三检查组全程检查情况周报.docx")
    rollup = one_report / "周报" / "全程" / "全镇全程检查情况汇总.docx"
    assert "本次未报：第四检查组。" in paragraphs(rollup)
    rows = {row[0]: row[1:] for row in tables(rollup)[0][2:]}
    assert rows["第四检查组"] == ["未报送"] * 9
    assert rows["合计"] == ["22", "29.75", "9", "7", "3", "2", "1.7", "42", "200"]
    summary = " ".join(paragraphs(one_report / "总结" / "柳河镇春季森林防火专项检查工作总结.docx"))
    assert "共出动检查人员22人次" in summary and "第四检查组没有报送" in summary
    by_period = next(t for t in tables(one_report / "总结" / "柳河镇春季森林防火专项检查工作总结.docx"))
    assert by_period[0][0] == "期别" and by_period[1] == ["全程（1个单位未报送）", "22", "7", "2"]
    report = " ".join(paragraphs(one_report / "检查报告" / "第四检查组检查情况报告.docx"))
    assert "全程的统计报表未报送" in report and "0人次" not in report and "未发现" not in report  # one: not 均


def test_a_unit_silent_since_the_start_has_no_cumulative_zero(silent: Path) -> None:
    """A monthly campaign: 南镇 never reported, so its May sheet has no 累计 either; 西镇 missed
    April only, so its April 累计 is March's figures."""
    never = tables(silent / "output" / "统计" / "2025年5月" / "南镇2025年5月统计报表.docx")[0]
    assert [row[3:] for row in never[1:]] == [["", "未报送"]] * 3
    gap = tables(silent / "output" / "统计" / "2025年4月" / "西镇2025年4月统计报表.docx")[0]
    assert [row[3:] for row in gap[1:]] == [["", "15"], ["", "2"], ["", "0"]]


def test_yongqing_sheet_of_a_unit_silent_since_the_start_claims_no_cumulative(tmp_path: Path) -> None:
    """永清's 月报 of a unit that has sent nothing yet: no 累计 of "reported months" in its note."""
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from generator.cli import main

    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--example", "yongqing"]).exit_code == 0
    workbook = root / "inputs" / WORKBOOK_NAME
    book = load_workbook(workbook)
    reports = book[REPORTS_SHEET_NAME]
    for number in range(reports.max_row, 1, -1):
        if reports.cell(number, 1).value == "三圣口乡":  # it reported January and March
            reports.delete_rows(number)
    book.save(workbook)
    build = CliRunner().invoke(main, ["-C", str(root), "build", "-q", "--kind", "月报", "--unit", "三圣口乡"])
    assert build.exit_code == 0, build.output
    for month, said in (("2018年1月", "本月未报送"), ("2018年2月", "本月未报送（此前各月也未报送）")):
        sheet = root / "output" / "统计" / month / f"三圣口乡{month}统计报表.docx"
        texts = paragraphs(sheet)
        assert said in texts and not any(t.startswith("注：累计为") for t in texts), month
        assert {row[-1] for row in tables(sheet)[0][1:]} == {"未报送"}, month


def xing_county(
    tmp_path: Path,
    run: Run,
    units: Sequence[str],
    *,
    year: int = 2025,
    campaign: dict[str, Any] = FUND_CAMPAIGN,
    department: Callable[[str], bool] = lambda unit: not unit.endswith("镇"),
    metrics: list[list[Any]] = FUND_METRICS,
    reports: list[list[Any]] | None = None,
) -> Path:
    """兴县's 非法集资 campaign with `units` (a 部门 where `department` says so, else a 乡镇): what the
    other counties' cases below change of it is named in their call."""
    return workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "兴县人民政府办公室", f"兴政办发〔{year}〕35号", "兴县人民政府办公室关于开展检查的通知", D(year, 3, 1)
        ),
        campaign=campaign,
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[[u, "部门" if department(u) else "乡镇", None, None, None, None] for u in units],
        leaders=[[u, "组长", f"组长{i}", "主要负责同志"] for i, u in enumerate(units)],
        metrics=metrics,
        reports=reports or [],
        summary=[],
    )


def test_a_summary_signed_after_periods_nobody_sent_is_warned_of(tmp_path: Path, run: Run) -> None:
    """Weekly 安全生产大检查 (琼安委办〔2013〕62号 set as a clerk would): only 第1周 collected, the summaries
    signed when every week was due said 应报送6份 and the first week's figures as the campaign's."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "结束日期": D(2025, 5, 31), "总结报送截止": D(2025, 6, 10)},
        reports=[[u, "2025年3月", 10, 1, 0, D(2025, 4, 2)] for u in units],
    )
    out = run("-C", root, "核稿").output
    assert "〔期别未报齐〕output/总结/兴县打击非法集资专项行动工作总结.docx" in out
    assert "落款2025年6月10日时4月、5月的统计报表都已过报送期限，但还没有一个单位报送" in out
    assert "文中的数字只算到2025年3月" in out
    assert "落款2025年5月31日时4月的统计报表" in out and "（另有1份总结同样）" in out  # the units', dated at the end


def test_a_filed_date_typed_as_text_prints_as_a_chinese_date(tmp_path: Path, run: Run) -> None:
    """Returned forms said 2013/6/7, 2013-6-8 and 6月7日: each sheet printed its own spelling under the table."""
    from generator import app

    units = ("东镇", "西镇", "县金融办")
    typed = ("2025/4/2", "2025-4-3", "4月4日")
    root = xing_county(
        tmp_path, run, units, reports=[[u, "2025年3月", 10, 1, 0, day] for u, day in zip(units, typed, strict=True)]
    )
    inputs = app.load(app.Workspace(root))
    assert [r.footer["填报日期"] for r in inputs.reports] == ["2025年4月2日", "2025年4月3日", "2025年4月4日"]


def test_units_summaries_signed_after_their_deadline_are_warned_of(tmp_path: Path, run: Run) -> None:
    """麟游县's 自建房 notice: 总结 due 11月20日, the campaign ending 11月30日; each unit's summary is signed
    on the campaign's last day, after the day it was due, and nothing said so."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "结束日期": D(2025, 5, 31), "总结报送截止": D(2025, 5, 20)},
        reports=[[u, m, 10, 1, 0, None] for u in units for m in ("2025年3月", "2025年4月", "2025年5月")],
    )
    out = run("-C", root, "核稿").output
    assert "〔总结晚于截止〕output/总结/东镇打击非法集资专项行动工作总结.docx" in out
    assert "总结落款2025年5月31日，晚于总结报送截止日期2025年5月20日" in out
    # The county's summary, signed at the 总结报送截止 the clerk set, before May is over: its reports
    # give no 填报日期 to date it by, so 核稿 still says the date is before the data.
    assert "〔日期早于数据〕output/总结/兴县打击非法集资专项行动工作总结.docx" in out
    assert (
        "成文日期2025年5月20日早于文中数字所属的那一期结束：东镇2025年5月的报表没有填报日期，这一期2025年5月31日才结束"
        in out
    )
    assert "在「统计报表」里填上这份报表的填报日期（落款随它顺延）" in out


def test_a_check_rules_own_words_are_said_of_the_unit_and_period() -> None:
    """琼安委办〔2013〕62号's weekly sheet: the clerk's 提示 整改隐患不应多于发现隐患 came out of a build as a bare
    cell (工作表「统计报表」 单元格 F2) with no word of which unit or week; {单位} in a 提示 is kept as written."""

    from generator.inputs.model import CheckRule, Metric, Report
    from generator.inputs.statistics import implausible

    metrics = [Metric("隐患整改", "发现隐患", "处", False), Metric("隐患整改", "整改隐患", "处", False)]
    report = Report("三亚市", 1, {"发现隐患": Decimal(10), "整改隐患": Decimal(15)})
    plain = CheckRule("整改隐患", "不大于", "发现隐患", None, "整改隐患不应多于发现隐患")
    named = CheckRule("整改隐患", "不大于", "发现隐患", None, "{单位}整改数多于发现数")
    said = [message for _, message in implausible(report, None, metrics, [plain, named], "三亚市", "第1周")]
    assert said == ["三亚市第1周：整改隐患不应多于发现隐患", "三亚市整改数多于发现数"]


def test_a_filed_date_years_after_its_period_is_warned_of(tmp_path: Path, run: Run) -> None:
    """A form dated 2033年6月8日 for a week of 2013 (one digit mistyped) was taken as late without a word."""
    from generator import app

    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        reports=[["东镇", "2025年3月", 10, 1, 0, "2035年4月3日"], ["县金融办", "2025年3月", 10, 1, 0, "2026年4月5日"]],
    )
    _, findings = app.validate(app.Workspace(root))
    said = [f.message for f in findings.items if "晚一年以上" in f.message]
    assert said == [
        "东镇2025年3月的「填报日期」2035年4月3日比这一期的报送截止（2025年4月5日）晚一年以上，可能是年份写错了"
        "（按它算作逾期报送）；请核实"
    ]  # 县金融办's, a year to the day after, is late but possible
    assert run("-C", root, "build", "-q").exit_code == 0
    county = " ".join(paragraphs(root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"))
    # said with its year: 东镇（2025年3月，4月3日报送） would be before the 4月5日 deadline of a late report
    assert "东镇（2025年3月，2035年4月3日报送）" in county and "县金融办（2025年3月，2026年4月5日报送）" in county


def test_a_plans_deadline_after_the_campaign_is_warned_of(tmp_path: Path, run: Run) -> None:
    """麟游县's notice names no 方案报送截止: the blank workbook's 2025年3月10日 stayed for a campaign of 2022."""
    from generator import app

    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        year=2022,
        campaign={
            **FUND_CAMPAIGN,
            "开始日期": D(2022, 3, 1),
            "结束日期": D(2022, 5, 31),
            "方案报送截止": D(2025, 3, 10),
        },
    )
    _, findings = app.validate(app.Workspace(root))
    assert any(
        "方案报送截止日期 2025年3月10日 晚于活动的结束日期 2022年5月31日" in f.message for f in findings.items
    ), [f.message for f in findings.items]


def test_a_group_whose_metrics_are_apart_is_warned_of(tmp_path: Path, run: Run) -> None:
    """琼安委办〔2013〕62号's 周报表 lists 出动人员 last: the clerk kept that order, and each unit's sheet showed
    检查情况 twice while the roll-up made it one group in another order."""
    from generator import app

    units = ("东镇", "县金融办")
    metrics = [FUND_METRICS[0], FUND_METRICS[2], FUND_METRICS[1]]  # 排查宣传, 风险线索, 排查宣传 again
    root = xing_county(tmp_path, run, units, metrics=metrics)
    _, findings = app.validate(app.Workspace(root))
    said = [f"{f.location.cell} {f.message}" for f in findings.items if "没有排在一起" in f.message]
    assert said == [
        "A4 分组「排查宣传」的指标没有排在一起（「开展宣传」与同组的指标隔开了）：各单位的统计报表和填报表里这个分组"
        "会出现两次，汇总表却合成一组；请把同组的指标排在相邻的行"
    ]


@pytest.mark.parametrize("measure", ["%", "％", "‰"])
def test_a_rate_is_refused_as_a_metric_the_roll_up_would_add(tmp_path: Path, run: Run, measure: str) -> None:
    """本溪满族自治县 (2019): the clerk of a 河长制 考核 asked each town its 断面水质达标率 (%, 取最新); the
    county's summary added the towns' rates: 全县共断面水质达标率754.7%. A rate is no figure to add."""
    from generator import app

    units = ("东镇", "县金融办")
    rate = ["风险线索", "线索核实率", measure, "小数", None, "取最新", None, None, None, None]
    root = xing_county(tmp_path, run, units, metrics=[*FUND_METRICS, rate])
    _, findings = app.validate(app.Workspace(root))
    said = [f"{f.location.cell} {f.message}" for f in findings.errors if "比率" in f.message]
    assert said == [
        f"C5 指标「线索核实率」的单位是“{measure}”，是比率：各单位的比率不能相加，汇总表和总结却要把各单位的数"
        "加成总数（如 95%＋92%＝187%）；请改成两个能相加的指标（如「达标数」和「总数」），比率由读者自己算"
    ]


def test_a_figure_typed_with_its_metrics_unit_is_the_figure(tmp_path: Path, run: Run) -> None:
    """石马山镇's 东山村 typed 12株 in the 株 column: refused as 应为数字 (株); 十家 (words) still is."""
    from generator import app

    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        reports=[["东镇", "2025年3月", "12家", "3次", "0条", None], ["县金融办", "2025年3月", "十家", "12次", 0, None]],
    )
    inputs, findings = app.validate(app.Workspace(root))
    assert [f.message for f in findings.errors] == ["「排查企业」应为数字（家），实际为「十家」"]
    assert inputs is None


def test_a_figure_typed_with_the_beginning_of_its_unit_is_the_figure(tmp_path: Path, run: Run) -> None:
    """大理市 (2023): 市住房城乡建设局 typed 1.5万 in the 万元 column of 罚款金额, refused as 应为数字 (万元);
    15000元 is no figure in 万元 and still is."""
    from generator import app

    metrics = [*FUND_METRICS, ["执法", "罚没款", "万元", "小数", None, None, None, None, None, None]]
    reports = [["东镇", "2025年3月", 1, 1, 0, "1.5万", None], ["县金融办", "2025年3月", 1, 1, 0, "15000元", None]]
    root = xing_county(tmp_path, run, ("东镇", "县金融办"), metrics=metrics, reports=reports)
    inputs, findings = app.validate(app.Workspace(root))
    assert [f.message for f in findings.errors] == ["「罚没款」应为数字（万元），实际为「15000元」"]
    book = load_workbook(root / "inputs" / WORKBOOK_NAME)
    book[REPORTS_SHEET_NAME]["F3"] = "0.8万元"
    book.save(root / "inputs" / WORKBOOK_NAME)
    inputs, findings = app.validate(app.Workspace(root))
    assert inputs is not None and not findings.errors
    fines = {r.unit: r.values["罚没款"] for r in inputs.reports}
    assert fines == {"东镇": Decimal("1.50"), "县金融办": Decimal("0.80")}


def test_one_unit_typed_twice_with_and_without_its_suffix_is_warned_of(tmp_path: Path, run: Run) -> None:
    """麟游县's clerk added 九成宫 below 九成宫镇: two units, two plans and two forms, not a word said."""
    from generator import app

    units = ("东山镇", "县金融办", "东山", "西山镇", "西山街道")  # 西山镇 and 西山街道 may well be two
    root = xing_county(tmp_path, run, units, department=lambda u: u.endswith("办"))
    _, findings = app.validate(app.Workspace(root))
    assert [f"{f.location.cell} {f.message}" for f in findings.items if "只差后缀" in f.message] == [
        "A4 单位「东山」与 A2 的「东山镇」只差后缀，是同一个单位吗？同一个单位写了两行，会各有一份方案、填报表和总结；"
        "如果是，请删去一行"
    ]


# --- a document without a 发文字号 -------------------------------------------------------------------

SHIMASHAN_PLAN = [
    "石马山镇2023年春季禁种铲毒工作实施方案",
    "一、时间安排",
    "2023年3月13日一2023年5月31日。",
    "二、工作步骤",
    "（一）宣传发动阶段（3月13日—3月20日）。各村召开村民代表会议。",
    "（二）全面踏查阶段（3月21日—5月31日）。各村组织踏查。",
]


def test_a_plan_printed_alone_has_no_wenhao_and_no_document_prints_one(tmp_path: Path, run: Run) -> None:
    """石马山镇's plan, printed alone (no notice, no 文号, no date): the import left the starter's ×政办〔2025〕1号
    in the workbook and said to replace it, validate demanded one, and every unit's plan cited
    《…》（×政办〔2025〕1号）. A document with no 发文字号 is allowed, and nothing prints one."""
    from openpyxl import load_workbook

    from .conftest import fill_blank_dates

    source = tmp_path / "方案.txt"
    source.write_text("\n".join(SHIMASHAN_PLAN), encoding="utf-8")
    ws = tmp_path / "ws"
    imported = run("import", source, ws)
    assert imported.exit_code == 0, imported.output
    assert "发文字号：原文是单独印发的方案（没有通知、版头和署名），没有发文字号：这一格留空" in imported.output
    sheet = load_workbook(ws / "inputs" / WORKBOOK_NAME)["发文"]
    assert next(r[1].value for r in sheet.iter_rows() if r[0].value == "发文字号") is None
    fill_blank_dates(ws)  # the plan asks for no periodic report: the 报送日 is the clerk's
    checked = run("-C", ws, "validate")
    assert checked.exit_code == 0 and "发文字号" not in checked.output, checked.output
    assert run("-C", ws, "build").exit_code == 0
    plans = sorted((ws / "output" / "方案").glob("*.docx"))
    assert plans
    for path in [*plans, *(ws / "output" / "通知").glob("*.docx")]:
        text = "\n".join(paragraphs(path))
        assert "〔" not in text and "（）" not in text and "×政办" not in text, path.name
    assert "根据《石马山镇2023年春季禁种铲毒工作实施方案》要求，" in paragraphs(plans[0])[1]


def _form_values(book: Path, sheet: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    return {str(r[0].value): r[1].value for r in load_workbook(book)[sheet].iter_rows(min_row=2)}


def test_a_plan_printed_without_a_date_is_dated_from_what_it_says(tmp_path: Path, run: Run) -> None:
    """石马山镇's plan has no 成文日期; it says its campaign runs 2023年3月13日—5月31日. The import left the
    starter's examples in the workbook (成文日期 and 印发日期 2025年3月1日, 方案报送截止 2025年3月10日, 总结报送截止
    2025年6月10日, 主送 各乡镇人民政府，县政府有关部门, 简称 专项行动), and every unit's plan of a 2023 campaign
    was signed 2025年3月1日. The date is the campaign's first day, said as inferred; the rest is left blank."""
    source = tmp_path / "方案.txt"
    source.write_text("\n".join(SHIMASHAN_PLAN), encoding="utf-8")
    ws = tmp_path / "ws"
    imported = run("import", source, ws)
    assert imported.exit_code == 0, imported.output
    assert "推断：成文日期 2023年3月13日（不确定，请核对：原文没有成文日期，按活动的开始日期填写" in imported.output
    assert (
        "「发文」表的成文日期：原文没有，按活动的开始日期填了 2023年3月13日（各单位的方案也署这个日期），"
        "请改为实际的成文日期" in imported.output
    )
    assert "总结报送截止：原文没有写报送工作总结的截止日期：这一格留空，按活动的结束日期" in imported.output
    assert "主送机关：原文没有主送机关：这一格留空，文件不印主送一行" in imported.output
    book = ws / "inputs" / WORKBOOK_NAME
    notice, campaign = _form_values(book, "发文"), _form_values(book, "活动")
    assert notice["成文日期"] == notice["印发日期"] == dt.datetime(2023, 3, 13)
    assert notice["主送机关"] is None
    assert (campaign["方案报送截止"], campaign["总结报送截止"], campaign["简称"], campaign["报送日"]) == (None,) * 4
    _fill_report_day(book)  # the plan asks for no periodic report: the clerk's to fill
    _fill_office(book)  # nor names its leading group's office
    built = run("-C", ws, "build")
    assert built.exit_code == 0 and "2025" not in built.output, built.output
    plans = sorted((ws / "output" / "方案").glob("*.docx"))
    assert plans
    for path in plans:
        text = paragraphs(path)
        assert "2023年3月13日" in text and not any("2025" in p for p in text), path.name


def test_a_plan_that_says_no_date_at_all_is_told_to_be_dated_first(tmp_path: Path, run: Run) -> None:
    """石马山镇's plan with neither a 成文日期 nor its campaign's dates: the import left the starter's 2025年3月1日
    (and its phases, 3月1日至3月10日…), only flagged in the 导入说明, and each unit's plan of a 2023 campaign
    was signed 2025年3月1日. A date gongwen does not know is left blank: the build is refused, naming
    each cell to fill; the import still builds its notice from stand-in dates to compare it with the source."""
    source = tmp_path / "方案.txt"
    source.write_text(
        "\n".join(["石马山镇2023年春季禁种铲毒工作实施方案", "一、工作要求", "各村组织踏查。"]), encoding="utf-8"
    )
    ws = tmp_path / "ws"
    imported = run("import", source, ws)
    assert imported.exit_code == 0, imported.output
    to_fill = imported.output.split("四、还需要您填写或核对\n", 1)[1].splitlines()
    assert to_fill[0] == (
        "  「发文」表的成文日期、印发日期，「活动」表的开始日期、结束日期，「阶段」表的日期：原文没有，"
        "这些格子留空（黄色）；填好以前 gongwen 不生成文件"
    )
    assert "试生成的通知 与原文逐段相同（3 段）" in imported.output
    book = ws / "inputs" / WORKBOOK_NAME
    notice, campaign = _form_values(book, "发文"), _form_values(book, "活动")
    assert (notice["成文日期"], notice["印发日期"], campaign["开始日期"], campaign["结束日期"]) == (None,) * 4
    phases = list(load_workbook(book)["阶段"].iter_rows(min_row=2, max_col=3, values_only=True))
    assert phases == [(None, None, None)]  # not the starter's three phases and their 2025 dates, nor a made-up name
    built = run("-C", ws, "build")
    assert built.exit_code != 0
    for cell in ("「发文」 单元格 B5：「成文日期」", "「发文」 单元格 B9：「印发日期」", "「活动」 单元格 B4：「开始日期」",
                 "「活动」 单元格 B5：「结束日期」"):  # fmt: skip
        assert f"工作表{cell}不能为空，应填写日期" in built.output, built.output
    from .conftest import fill_blank_dates

    fill_blank_dates(ws, dt.date(2023, 3, 1), dt.date(2023, 5, 31))  # the dates filled, the phase's name not
    wb = load_workbook(book)
    wb["阶段"]["A2"] = None
    wb.save(book)
    unnamed = run("-C", ws, "build")
    assert unnamed.exit_code != 0, unnamed.output
    assert "工作表「阶段」 单元格 A2：「阶段名称」不能为空，应填写文字" in unnamed.output, unnamed.output
    assert not list((ws / "output").rglob("*.docx"))


def test_an_imported_campaign_asks_for_no_metric_the_notice_did_not_name(tmp_path: Path, run: Run) -> None:
    """石马山镇's plan names no metric: the import left the starter's 召开会议, 出动检查人员, 发现问题 and 整改问题 (and
    its rule 整改问题不大于发现问题), and every unit's fill-in form asked for them as if the notice had. They are
    named as blanks, as the starter's units are (××镇), so a form or sheet printing one shows it unfilled."""
    source = tmp_path / "方案.txt"
    source.write_text("\n".join(SHIMASHAN_PLAN), encoding="utf-8")
    ws = tmp_path / "ws"
    assert run("import", source, ws).exit_code == 0
    book = load_workbook(ws / "inputs" / WORKBOOK_NAME)
    metrics = [row for row in book["统计指标"].iter_rows(min_row=2, max_col=3, values_only=True) if row[1]]
    assert metrics == [
        ("××", "××指标一", "次"),
        ("××", "××指标二", "人次"),
        ("××", "××指标三", "个"),
        ("××", "××指标四", "个"),
    ]
    assert [c.value for c in book["统计报表"][1]] == [
        "单位名称",
        "期别",
        "××指标一",
        "××指标二",
        "××指标三",
        "××指标四",
    ]
    assert not [row for row in book["核对规则"].iter_rows(min_row=2, values_only=True) if any(row)]
    _fill_report_day(ws / "inputs" / WORKBOOK_NAME)  # the plan asks for no periodic report: the clerk's to fill
    _fill_office(ws / "inputs" / WORKBOOK_NAME)  # nor names its leading group's office
    made = run("-C", ws, "forms", "--period", "2023年3月")
    assert made.exit_code == 0, made.output
    forms = sorted((ws / "output" / "填报表").rglob("*.xlsx"))
    assert forms
    for form in forms:
        cells = {str(c.value) for row in load_workbook(form).worksheets[0].iter_rows() for c in row if c.value}
        assert "××指标一" in cells and not cells & {"召开会议", "出动检查人员", "发现问题", "整改问题"}, form.name


def test_a_campaign_starting_months_from_its_notices_date_is_warned_of(tmp_path: Path, run: Run) -> None:
    """兴县's notice of 2024年7月12日 states no campaign dates: the import left the starter's 2025年3月1日 to
    2025年5月31日, validate passed, and every unit's plan set a 2024 notice's campaign in 2025. The import
    now leaves them blank (refused until filled); a start the clerk types more than half a year from the
    成文日期 (a year mistyped) is named at its cell."""

    ws = tmp_path / "ws"
    assert run("import", DATA / "notices" / "兴县打击非法集资.txt", ws).exit_code == 0
    checked = run("-C", ws, "validate")
    assert checked.exit_code != 0
    assert "工作表「活动」 单元格 B4：「开始日期」不能为空，应填写日期" in checked.output, checked.output
    assert "2025" not in checked.output
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    typed: dict[str, D | int] = {"开始日期": D(2025, 3, 1), "结束日期": D(2025, 5, 31), "报送日": 5}
    for row in wb["活动"].iter_rows(min_row=2, max_col=2):
        if row[0].value in typed:
            row[1].value = typed[str(row[0].value)]
    for row in wb["阶段"].iter_rows(min_row=2, max_col=3):
        row[0].value, row[1].value, row[2].value = "集中整治阶段", D(2025, 3, 1), D(2025, 5, 31)
    wb.save(book)
    _fill_office(book)  # the notice names no leading group's office
    checked = run("-C", ws, "validate")
    assert checked.exit_code == 0, checked.output
    assert (
        "工作表「活动」 单元格 B4：活动的开始日期 2025年3月1日 与成文日期 2024年7月12日 相差半年以上，"
        "其中一个可能是空白工作簿的示例值；请核对（照常生成）" in checked.output
    ), checked.output


def test_a_notice_whose_wenhao_is_left_blank_prints_no_empty_line_for_it(workspace: Path, run: Run) -> None:
    """The 版头 of a notice whose 发文字号 cell is blank: the mark, two blank lines and the red rule; the
    line the 发文字号 stands on is left out, not printed empty, and no plan cites （）."""
    from openpyxl import load_workbook

    book = workspace / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    next(r for r in wb["发文"].iter_rows() if r[0].value == "发文字号")[1].value = None
    wb.save(book)
    checked = run("-C", workspace, "validate")
    assert checked.exit_code == 0 and "发文字号" not in checked.output, checked.output
    assert run("-C", workspace, "build", "--kind", "通知", "--kind", "方案").exit_code == 0
    notice = Document(str(next((workspace / "output" / "通知").glob("*.docx"))))
    head = [(p.style.name if p.style else "", p.text) for p in notice.paragraphs[:8]]
    assert [style for style, _ in head[:5]] == ["公文空行", "公文发文机关标志", "公文空行", "公文空行", "公文空行"]
    assert "公文发文字号" not in {style for style, _ in head} and head[-1][0] == "公文标题"
    plan = paragraphs(workspace / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx")
    assert any(p.startswith("根据《永清县打击传销活动大排查实施方案》要求，") for p in plan)


# --- weeks that end on the weekday the notice names -------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "first_week", "second_week"),
    [
        (
            "各村每周五下班前报送本周踏查情况统计表。",
            ("3月13日至3月17日", "3月17日前"),
            ("3月18日至3月24日", "3月24日前"),
        ),
        (
            "各村每周一上午报送上周踏查情况统计表。",
            ("3月13日至3月19日", "3月20日前"),
            ("3月20日至3月26日", "3月27日前"),
        ),
    ],
)
def test_weeks_end_on_the_weekday_the_notice_names(
    tmp_path: Path, run: Run, sentence: str, first_week: tuple[str, str], second_week: tuple[str, str]
) -> None:
    """石马山镇's plan starts on Monday 2023-03-13 and asks for 本周 figures every Friday (or last week's every
    Monday): weeks counted 7 days from the start ran Monday to Sunday, due 5 days later, so 第1周's form said
    3月13日至3月19日, 3月24日前. The weeks, their deadlines and the sheets' headings follow the weekday named."""
    from openpyxl import load_workbook

    source = tmp_path / "方案.txt"
    source.write_text("\n".join([*SHIMASHAN_PLAN, "三、工作要求", sentence]), encoding="utf-8")
    ws = tmp_path / "ws"
    assert run("import", source, ws).exit_code == 0
    _fill_office(ws / "inputs" / WORKBOOK_NAME)  # the plan names no leading group's office
    for label, (span, due) in (("第1周", first_week), ("第2周", second_week)):
        assert run("-C", ws, "forms", "--period", label).exit_code == 0
        form = load_workbook(next((ws / "output" / "填报表" / label).glob("××镇*.xlsx"))).worksheets[0]
        assert (form["B3"].value, form["D3"].value) == (span, due), label
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    sheet = wb[REPORTS_SHEET_NAME]
    metrics = [c.value for c in sheet[1]][2:]
    sheet.append(["××镇", "第1周", *[1 for _ in metrics]])
    wb.save(book)
    assert run("-C", ws, "build").exit_code == 0
    (path,) = (ws / "output").rglob("××镇第1周*统计报表.docx")
    assert f"（第1周　统计时段：{first_week[0]}）" in paragraphs(path)


# --- phase text addressed to another unit type ------------------------------------------------------


def test_a_departments_plan_never_prints_the_notices_words_to_the_villages_unflagged(tmp_path: Path, run: Run) -> None:
    """石马山镇's phases say 各村召开村民代表会议 and 各村组织踏查: copied into the 阶段 sheet, they printed in
    the sample department's plan too (镇××所: a 镇's campaign has no 县××局), a department telling villages what
    to do, and nothing said so. 核稿 names the sentence and the unit type; the 阶段 sheet's 部门工作内容 column
    is what a department's plan then prints."""
    from openpyxl import load_workbook

    source = tmp_path / "方案.txt"
    source.write_text("\n".join(SHIMASHAN_PLAN), encoding="utf-8")
    ws = tmp_path / "ws"
    assert run("import", source, ws).exit_code == 0
    _fill_report_day(ws / "inputs" / WORKBOOK_NAME)  # the plan asks for no periodic report: the clerk's to fill
    _fill_office(ws / "inputs" / WORKBOOK_NAME)  # nor names its leading group's office
    built = run("-C", ws, "build")
    assert built.exit_code == 0, built.output
    department = "output/方案/镇××所春季禁种铲毒工作方案.docx"
    flagged = [line for line in built.output.splitlines() if "核稿〔对象不符〕" in line]
    assert len(flagged) == 2 and all(line.startswith(f"警告：{department} 第") for line in flagged), flagged
    assert (
        "镇××所（部门）的文档照印了「阶段」表「宣传发动阶段」的工作内容，这句是对乡镇说的（各村）："
        "「各村召开村民代表会议。」；建议：在「阶段」表加一列「部门工作内容」" in flagged[0]
    )
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    phases = wb["阶段"]
    column = phases.max_column + 1
    phases.cell(1, column).value = "部门工作内容"
    phases.cell(2, column).value = "结合部门职责，宣传禁种铲毒法律法规。"
    phases.cell(3, column).value = "配合各镇做好踏查的技术指导。"  # 各镇: the township's word, but no 镇 unit here
    wb.save(book)
    again = run("-C", ws, "build")
    assert again.exit_code == 0 and "对象不符" not in again.output, again.output
    plan = paragraphs(ws / department)
    assert "结合部门职责，宣传禁种铲毒法律法规。" in plan and not any("各村" in p for p in plan)
    township = paragraphs(ws / "output" / "方案" / "××镇春季禁种铲毒工作方案.docx")
    assert "各村召开村民代表会议。" in township  # the townships' own words stay theirs


def test_a_phase_addressed_to_townships_and_departments_alike_is_no_other_type_s(tmp_path: Path, run: Run) -> None:
    """泾县 (2021): the clerk wrote the phase as 各乡镇、县直各单位按方案开展集中宣传; 核稿 said the two
    departments' plans printed a sentence addressed to the townships (各乡镇). It is addressed to every
    unit (各单位): only a sentence to another type alone is flagged."""
    from openpyxl import load_workbook

    ws = tmp_path / "ws"
    assert run("import", DATA / "notices" / "泾县防范电信网络诈骗集中宣传.docx", ws).exit_code == 0
    fill_blank_dates(ws, dt.date(2021, 1, 10), dt.date(2021, 3, 31))
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    wb["阶段"]["D2"].value = "各乡镇、县直各单位按方案开展集中宣传。"
    wb.save(book)
    built = run("-C", ws, "build", "--kind", "方案")
    assert built.exit_code == 0 and "对象不符" not in built.output, built.output
    wb = load_workbook(book)
    wb["阶段"]["D2"].value = "各乡镇按方案开展集中宣传。"
    wb.save(book)
    again = run("-C", ws, "build", "--kind", "方案")
    flagged = [line for line in again.output.splitlines() if "核稿〔对象不符〕" in line]
    # to the townships alone: a department's plan prints another type's words, a township's the notice's
    # words to every township (addressed_to_its_own_kind), not its own doing
    to_others = [line for line in flagged if "（部门）" in line and "（各乡镇）" in line]
    to_own = [line for line in flagged if "这句是对所有乡镇说的（各乡镇）" in line]
    assert to_others and to_own and len(to_others) + len(to_own) == len(flagged), again.output


def test_units_never_asked_the_lead_metric_get_no_bar_and_are_ranked_after(tmp_path: Path, run: Run) -> None:
    """大理市 (2023): 检查燃气经营企业, its first main metric, is the departments' alone; the county
    summary's chart drew 下关街道, 喜洲镇 and the gas company each with a bar of 0 (they were never asked),
    and the ranking put them among the departments that did none."""
    import zipfile

    from lxml import etree

    metrics = [["执法", "检查经营企业", "家", "整数", "是", None, None, None, None, "部门"], *FUND_METRICS]
    figures = {"东镇": None, "县档案局": 0, "西镇": None, "县金融办": 2, "县公安局": 5}
    reports = [[u, m, f, 3, 1, 0, None] for m in MONTHS for u, f in figures.items()]
    root = xing_county(tmp_path, run, tuple(figures), department=lambda u: u.startswith("县"),
                       metrics=metrics, reports=reports)  # fmt: skip
    result = run("-C", root, "build", "-q")
    assert result.exit_code == 0, result.output
    county = root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"
    c = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    with zipfile.ZipFile(county) as docx:
        charts = [etree.fromstring(docx.read(n)) for n in docx.namelist() if n.startswith("word/charts/chart")]
    (bars,) = [chart for chart in charts if chart.xpath("//c:barChart", namespaces=c)]
    assert bars.xpath("//c:cat//c:v/text()", namespaces=c) == ["县公安局", "县金融办", "县档案局"]
    assert bars.xpath("//c:val//c:v/text()", namespaces=c) == ["15", "6", "0"]
    (ranking,) = [t for t in tables(county) if t[0][0] == "序号"]
    assert [row[1] for row in ranking[1:]] == ["县公安局", "县金融办", "县档案局", "东镇", "西镇"]


def test_a_trend_over_two_years_names_each_period_once(tmp_path: Path, run: Run) -> None:
    """龙里县's 三年行动 (2018), reported quarterly from 2018年第四季度 to 2019年第四季度: its trend's axis read
    四季度, 一季度, 二季度, 三季度, 四季度; two points named alike. The year says which."""
    import zipfile

    from lxml import etree

    quarters = ["2024年第四季度", "2025年第一季度", "2025年第二季度", "2025年第三季度", "2025年第四季度"]
    campaign = {**FUND_CAMPAIGN, "开始日期": D(2024, 10, 1), "结束日期": D(2025, 12, 31), "报送周期": "季",
                "报送日": 10, "总结报送截止": D(2026, 1, 20)}  # fmt: skip
    reports = [[u, q, 10 + i, 2, 0, "2026年1月8日" if q.endswith("第四季度") and i else None]
               for i, q in enumerate(quarters) for u in ("东镇", "县金融办")]  # fmt: skip
    root = xing_county(tmp_path, run, ("东镇", "县金融办"), campaign=campaign, reports=reports)
    result = run("-C", root, "build", "-q")
    assert result.exit_code == 0, result.output
    county = root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"
    c = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    with zipfile.ZipFile(county) as docx:
        charts = [etree.fromstring(docx.read(n)) for n in docx.namelist() if n.startswith("word/charts/chart")]
    trends = [chart for chart in charts if chart.xpath("//c:lineChart", namespaces=c)]
    assert trends  # one per main metric, or the main metrics together
    for trend in trends:
        categories = trend.xpath("//c:ser[1]/c:cat//c:v/text()", namespaces=c)
        assert categories == ["2024年四季度", "2025年一季度", "2025年二季度", "2025年三季度", "2025年四季度"]


def test_a_period_two_years_have_is_asked_for_its_year(tmp_path: Path, run: Run) -> None:
    """龙里县's clerk typed --period 第四季度 in a campaign with two: told 期别「第四季度」不对 and shown every
    period, as if 第四季度 were no period at all; the 统计报表 sheet's cell likewise."""
    from generator import app

    campaign = {**FUND_CAMPAIGN, "开始日期": D(2024, 10, 1), "结束日期": D(2025, 12, 31), "报送周期": "季",
                "报送日": 10}  # fmt: skip
    reports = [["东镇", "三季度", 10, 2, 0, None]]  # one 三季度: it is that one
    root = xing_county(tmp_path, run, ("东镇", "县金融办"), campaign=campaign, reports=reports)
    said = "期别「第四季度」在这次活动里有 2 期：2024年第四季度、2025年第四季度，请写上年份"
    result = run("-C", root, "forms", "--period", "第四季度")
    assert result.exit_code != 0 and f"错误：{said}\n" in result.output, result.output
    result = run("-C", root, "台账", "--period", "第四季度")
    assert result.exit_code != 0 and f"错误：{said}\n" in result.output, result.output
    book = load_workbook(root / "inputs" / WORKBOOK_NAME)
    book[REPORTS_SHEET_NAME].append(["县金融办", "第四季度", 1, 1, 0])
    book.save(root / "inputs" / WORKBOOK_NAME)
    _, findings = app.validate(app.Workspace(root))
    assert [f"{f.location.cell} {f.message}" for f in findings.errors] == [f"B3 {said}"]


def test_a_village_typed_without_its_村_is_that_village(tmp_path: Path, run: Run) -> None:
    """来苏镇's 统计报表 (2021): 三教 for 三教村 was refused (是否是「三教村」？) though 韩村 for 韩村镇 is taken,
    with a note; a 村 or 社区 is a suffix as 镇 and 乡 are. 韩村 stays a name of its own."""
    from generator import app

    units = ("东镇", "县金融办", "三教村", "城南社区")
    reports = [["三教", "2025年3月", 1, 1, 0, None], ["城南", "2025年3月", 2, 1, 0, None]]
    root = xing_county(tmp_path, run, units, department=lambda u: u.endswith("办"), reports=reports)
    inputs, findings = app.validate(app.Workspace(root))
    assert inputs is not None and not findings.errors, [f.message for f in findings.errors]
    assert {r.unit for r in inputs.reports} == {"三教村", "城南社区"}
    assert [f.message for f in findings.items if "按「" in f.message] == [
        "单位「三教」按「三教村」处理",
        "单位「城南」按「城南社区」处理",
    ]


def test_a_party_committee_s_office_of_a_one_character_county_signs_with_its_county(tmp_path: Path, run: Run) -> None:
    """泾县 (2021): the clerk typed the office as 县委平安办 and a unit 县委宣传部, as the county says them;
    the summaries and roll-ups signed 泾县委平安办, no organ's name: a county of one character is 泾县县委
    (兴县县委宣传部), while 县金融办 is 兴县金融办 and a two-character county's 县委 is 永清县委."""
    from generator import app
    from generator.documents.kinds import office_organ

    campaign = {**FUND_CAMPAIGN, "领导小组办公室": "县委平安办"}
    root = xing_county(tmp_path, run, ("东镇", "县委宣传部", "县金融办"), campaign=campaign)
    inputs, findings = app.validate(app.Workspace(root))
    assert inputs is not None and not findings.errors, [f.message for f in findings.errors]
    assert [u.organ for u in inputs.units] == ["东镇人民政府", "兴县县委宣传部", "兴县金融办"]
    assert office_organ(inputs.campaign) == "兴县县委平安办"
    two = replace(inputs.campaign, region="永清县", group_office="县委平安办")
    assert office_organ(two) == "永清县委平安办"


# --- A document is dated no earlier than the reports it prints --------------------------------------

QUARTERLY_CAMPAIGN = {
    **FUND_CAMPAIGN,
    "开始日期": D(2025, 1, 1),
    "结束日期": D(2025, 6, 30),
    "报送周期": "季",
    "报送日": 5,
    "总结报送截止": D(2025, 7, 10),
}


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text.strip()]


def _table_foot(path: Path) -> str:
    return next(t for t in _paragraphs(path) if t.startswith("制表单位"))


def _xlsx_created(path: Path) -> str:
    import zipfile

    core = zipfile.ZipFile(path).read("docProps/core.xml").decode("utf-8")
    return re.search(r"<dcterms:created[^>]*>([^<]+)<", core).group(1)  # type: ignore[union-attr]


def test_summaries_and_roll_ups_are_dated_after_the_last_report_they_print(tmp_path: Path, run: Run) -> None:
    """永清's unit summaries were signed 3月31日, the campaign's last day, over a March report that came on
    4月1日; its roll-up of February 3月2日 over a report of 3月6日. A quarterly campaign: 东镇's second
    quarter came on 7月3日 (on time), 县金融办's on 7月15日 (late, after the 总结报送截止 7月10日); the first
    quarter on time, one report without a 填报日期 (it moves nothing)."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign=QUARTERLY_CAMPAIGN,
        reports=[
            ["东镇", "2025年第一季度", 10, 1, 0, D(2025, 4, 2)],
            ["县金融办", "2025年第一季度", 10, 1, 0, None],
            ["东镇", "2025年第二季度", 10, 1, 0, D(2025, 7, 3)],
            ["县金融办", "2025年第二季度", 10, 1, 0, D(2025, 7, 15)],
        ],
    )
    result = run("-C", root, "build")
    assert result.exit_code == 0, result.output
    summaries = root / "output" / "总结"
    assert _paragraphs(summaries / "东镇打击非法集资专项行动工作总结.docx")[-1] == "2025年7月3日"
    assert _paragraphs(summaries / "县金融办打击非法集资专项行动工作总结.docx")[-1] == "2025年7月15日"
    assert _paragraphs(summaries / "兴县打击非法集资专项行动工作总结.docx")[-1] == "2025年7月15日"
    rollups = sorted((root / "output" / "统计").rglob("*汇总表*.docx"))
    assert [_table_foot(p).split("制表日期：")[1] for p in rollups] == ["2025年4月5日", "2025年7月15日"]
    tables = sorted((root / "output" / "统计").rglob("*汇总表*.xlsx"))
    assert [_xlsx_created(p) for p in tables] == ["2025-04-05T00:00:00Z", "2025-07-15T00:00:00Z"]
    out = run("-C", root, "核稿").output
    assert "日期早于数据" not in out
    # 县金融办's summary is late because its report was: that is true, and said
    assert "总结落款2025年7月15日，晚于总结报送截止日期2025年7月10日" in out
    assert "东镇打击非法集资专项行动工作总结.docx" not in out


def test_a_correction_sent_later_moves_the_date_of_what_prints_it(tmp_path: Path, run: Run) -> None:
    """A unit's second-quarter report came on 7月3日 and its correction (更正) on 7月20日: the summary and
    the roll-up print the corrected figures, so they are signed on 7月20日, not on the first report's day."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign=QUARTERLY_CAMPAIGN,
        reports=[[u, q, 10, 1, 0, D(2025, 4, 2)] for u in units for q in ("2025年第一季度",)]
        + [
            ["东镇", "2025年第二季度", 12, 1, 0, D(2025, 7, 20)],
            ["县金融办", "2025年第二季度", 10, 1, 0, D(2025, 7, 4)],
        ],
    )
    book = root / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    sheet = wb["统计报表"]
    column = sheet.max_column + 1
    sheet.cell(1, column).value = "首次报送日期"
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "东镇" and "第二" in str(r[1].value))
    sheet.cell(row[0].row, column).value = dt.datetime(2025, 7, 3)
    wb.save(book)
    result = run("-C", root, "build")
    assert result.exit_code == 0, result.output
    summary = root / "output" / "总结" / "东镇打击非法集资专项行动工作总结.docx"
    assert _paragraphs(summary)[-1] == "2025年7月20日"
    second = next((root / "output" / "统计").rglob("*汇总表*第二季度.docx"))
    assert _table_foot(second).endswith("制表日期：2025年7月20日")
    county = root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"
    assert _paragraphs(county)[-1] == "2025年7月20日"
    assert "日期早于数据" not in run("-C", root, "核稿").output


def test_a_summary_waiting_for_a_report_after_its_deadline_is_late_and_says_which(tmp_path: Path, run: Run) -> None:
    """永清's notice asks for summaries by 4月1日 and for March's report by 4月2日. A summary waiting for a
    report that came on time after its deadline (东镇's May report, 6月4日, due 6月5日) was signed 6月4日, a
    day after the 总结报送截止 6月3日, and 核稿 said nothing of it (only 截止早于数据, of the notice): it is late,
    and says which report made it so and that the deadline is what comes too early; one waiting for a
    late report (县金融办's, 6月8日) says that report was late. 西镇's, signed 6月1日, is on time."""
    units = ("东镇", "西镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "总结报送截止": D(2025, 6, 3)},  # May's reports are due 6月5日
        reports=[
            [u, m, 10, 1, 0, D(2025, 4, 2) if m == "2025年3月" else D(2025, 5, 2)]
            for u in units
            for m in ("2025年3月", "2025年4月")
        ]
        + [["东镇", "2025年5月", 10, 1, 0, D(2025, 6, 4)], ["西镇", "2025年5月", 10, 1, 0, D(2025, 6, 1)]]
        + [["县金融办", "2025年5月", 10, 1, 0, D(2025, 6, 8)]],
    )
    out = run("-C", root, "核稿").output
    assert "〔截止早于数据〕" in out
    assert "〔总结晚于截止〕output/总结/东镇打击非法集资专项行动工作总结.docx" in out
    assert (
        "总结落款2025年6月4日，晚于总结报送截止日期2025年6月3日：落款等到了东镇2025年5月的报表2025年6月4日才报送"
        "（这一期2025年6月5日前报送，没有逾期）；建议：「总结报送截止」早于这一期报表的报送期限2025年6月5日：把它改到这之后"
        in out
    ), out
    assert "〔总结晚于截止〕output/总结/县金融办打击非法集资专项行动工作总结.docx" in out
    assert (
        "总结落款2025年6月8日，晚于总结报送截止日期2025年6月3日：落款等到了县金融办2025年5月的报表2025年6月8日才报送"
        "（逾期，这一期应在2025年6月5日前报送）" in out
    )
    assert "西镇打击" not in out
    assert "日期早于数据" not in out


def _template_with(template: Path, old: str, new: str) -> None:
    """The template with `old` (Jinja as the starter writes it, in one run) replaced by `new`, as a
    clerk edits it in Word; every other member of the package as it was."""
    import zipfile

    members = {}
    with zipfile.ZipFile(template) as package:
        for info in package.infolist():
            members[info.filename] = package.read(info)
    xml = members["word/document.xml"].decode("utf-8")
    assert xml.count(old) == 1, old
    members["word/document.xml"] = xml.replace(old, new).encode("utf-8")
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)


@pytest.mark.parametrize("written", ["{{ 活动.结束日期|日期 }}", "2025年5月31日"])
def test_a_summary_template_printing_its_own_date_is_checked_against_the_data(
    tmp_path: Path, run: Run, written: str
) -> None:
    """A clerk's 总结 template whose 落款 prints {{ 活动.结束日期|日期 }}, or a date typed in Word, instead of
    {{ 总结.日期|日期 }}: 东镇's May report came on 6月8日, its summary printed 2025年5月31日 over it, and 核稿
    compared the date gongwen had given the document (6月8日), said nothing. The 落款 as printed is checked."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        reports=[
            [u, m, 10, 1, 0, D(2025, 6, 8) if (u, m) == ("东镇", "2025年5月") else None] for u in units for m in MONTHS
        ],
    )
    _template_with(root / "templates" / "总结.docx", "{{ 总结.日期|日期 }}", written)
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    summary = root / "output" / "总结" / "东镇打击非法集资专项行动工作总结.docx"
    assert _paragraphs(summary)[-1] == "2025年5月31日"
    out = run("-C", root, "核稿").output
    assert "〔日期早于数据〕output/总结/东镇打击非法集资专项行动工作总结.docx" in out, out
    assert "成文日期2025年5月31日早于文中数字的填报日期：东镇2025年5月的报表2025年6月8日才报送" in out
    assert "模板在落款处印的不是这份文档的落款日期（2025年6月8日，按最后一份报表的填报日期推定）" in out
    assert "县金融办打击非法集资专项行动工作总结.docx" not in out  # its reports have no 填报日期 after 5月31日


def test_the_county_summary_has_no_deadline_of_its_own_but_is_never_dated_before_its_reports(
    tmp_path: Path, run: Run
) -> None:
    """核稿 calls a unit's summary late by the 总结报送截止 the notice sets the units; the county's own
    summary and roll-ups go to no deadline the workbook knows (the notice sets none for the county), so
    核稿 says none of them late, however late the last report made them. What it checks of the county's
    summary is its date against its reports: a template printing the 总结报送截止 in its 落款 over a
    report filed after it (东镇's May report, 6月20日, late) is named."""
    units = ("东镇", "县金融办")
    filed = {("东镇", "2025年5月"): D(2025, 6, 20)}
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "总结报送截止": D(2025, 6, 10)},
        reports=[[u, m, 10, 1, 0, filed.get((u, m), D(2025, 6, 2))] for u in units for m in MONTHS],
    )
    county = "output/总结/兴县打击非法集资专项行动工作总结.docx"
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    assert _paragraphs(root / county)[-1] == "2025年6月20日"  # dated by the last report, not before it
    out = run("-C", root, "核稿").output
    assert "〔总结晚于截止〕output/总结/东镇打击非法集资专项行动工作总结.docx" in out, out
    remarks = [line for line in out.splitlines() if line.startswith("〔")]
    assert not [line for line in remarks if county in line or "汇总" in line], remarks  # no deadline implied
    _template_with(root / "templates" / "总体总结.docx", "{{ 总结.日期|日期 }}", "{{ 活动.总结报送截止|日期 }}")
    assert run("-C", root, "build").exit_code == 0
    assert _paragraphs(root / county)[-1] == "2025年6月10日"
    out = run("-C", root, "核稿").output
    assert f"〔日期早于数据〕{county}" in out, out
    assert "成文日期2025年6月10日早于文中数字的填报日期：东镇2025年5月的报表2025年6月20日才报送" in out, out
    assert f"〔总结晚于截止〕{county}" not in out


def test_a_plan_dated_before_the_notice_it_cites_is_warned_of(workspace: Path, run: Run) -> None:
    """永清's notice of 2018年1月22日 asks for the plans by 1月19日: a clerk typing 永清镇's 方案日期 as 1月19日 to
    meet it made a plan citing 永政办〔2018〕15号 three days before that notice was written, and 核稿 said only
    that the other plans were late. A document dated before the notice it answers is named."""
    book = workspace / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    units = wb[UNITS_SHEET.name]
    column = [c.value for c in units[1]].index("方案日期")
    row = next(r for r in units.iter_rows(min_row=2) if r[0].value == "永清镇")
    row[column].value = dt.datetime(2018, 1, 19)
    wb.save(book)
    assert run("-C", workspace, "build", "--kind", "方案", "--kind", "通知").exit_code == 0
    out = run("-C", workspace, "核稿").output
    assert "〔早于通知〕output/方案/永清镇打击传销活动大排查工作方案.docx" in out, out
    assert (
        "方案落款2018年1月19日，早于它依据的《永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知》"
        "的成文日期2018年1月22日：「2018年1月19日」；建议：核实落款日期（「单位」表的「方案日期」）：应不早于2018年1月22日"
        in out
    ), out
    assert out.count("〔早于通知〕") == 1  # the other plans are dated 1月23日


def test_a_notice_printed_without_its_wenhao_leaves_no_starter_number(tmp_path: Path, run: Run) -> None:
    """兴县's notice as the county's web page prints it, without its 版头: the import left the starter's
    ×政办〔2025〕1号, and every unit's plan of a 2024 campaign cited （×政办〔2025〕1号）, a year no notice gave.
    The cell is left blank (nothing cites a number), and the 导入说明 asks for the real one."""
    from .conftest import DATA, fill_blank_dates

    ws = tmp_path / "ws"
    imported = run("import", DATA / "notices" / "兴县打击非法集资.txt", ws)
    assert imported.exit_code == 0, imported.output
    assert "发文字号：原文没有发文字号（网页上的通知常不印版头）：「发文」表这一格留空" in imported.output
    assert _form_values(ws / "inputs" / WORKBOOK_NAME, "发文")["发文字号"] is None
    fill_blank_dates(ws)  # the notice states no campaign dates either
    assert run("-C", ws, "build", "--kind", "方案").exit_code == 0
    plans = sorted((ws / "output" / "方案").glob("*.docx"))
    assert plans
    for path in plans:
        text = "\n".join(paragraphs(path))
        assert "政办〔" not in text and "2025" not in text and "根据《兴县打击非法集资专项行动工作方案》要求" in text, (
            path.name
        )


def test_a_notice_printed_before_it_was_signed_is_warned_of(tmp_path: Path, run: Run) -> None:
    """A 印发日期 typed a day before the 成文日期 (2025年2月28日 under a notice dated 3月1日): the 版记 said the notice
    was printed before it existed, and validate passed it in silence."""
    from generator import app

    root = workspace_with(
        tmp_path / "ws",
        run,
        notice={
            **notice_of(
                "兴县人民政府办公室", "兴政办发〔2025〕35号", "兴县人民政府办公室关于开展检查的通知", D(2025, 3, 1)
            ),
            "印发日期": D(2025, 2, 28),
        },
        campaign=FUND_CAMPAIGN,
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[["东镇", "乡镇", None, None, None, None]],
        leaders=[["东镇", "组长", "组长", "主要负责同志"]],
        metrics=FUND_METRICS,
        reports=[],
        summary=[],
    )
    _, findings = app.validate(app.Workspace(root))
    said = [str(f) for f in findings.items if "印发日期" in f.message]
    assert said == [
        "警告：inputs/活动数据.xlsx 工作表「发文」 单元格 B9：印发日期 2025年2月28日 早于成文日期 2025年3月1日：公文成文后才印发，"
        "版记里的印发日期应不早于成文日期；请核对（照常生成）"
    ], said


def test_periods_nobody_sent_are_counted_to_the_date_the_summary_prints(tmp_path: Path, run: Run) -> None:
    """The county's 总体总结 template printing {{ 活动.结束日期|日期 }} (2025年5月31日) in its 落款: 核稿 said
    落款2025年6月10日时4月、5月的统计报表… of the date gongwen had given it, which the document does not print.
    It speaks of the 落款 as printed: on 5月31日 only April's reports were overdue."""
    units = ("东镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "结束日期": D(2025, 5, 31), "总结报送截止": D(2025, 6, 10)},
        reports=[[u, "2025年3月", 10, 1, 0, D(2025, 4, 2)] for u in units],
    )
    _template_with(root / "templates" / "总体总结.docx", "{{ 总结.日期|日期 }}", "{{ 活动.结束日期|日期 }}")
    assert run("-C", root, "build").exit_code == 0
    out = run("-C", root, "核稿").output
    county = "〔期别未报齐〕output/总结/兴县打击非法集资专项行动工作总结.docx"
    assert county in out, out
    said = out.split(county, 1)[1].splitlines()[1]
    assert "落款2025年5月31日时4月的统计报表都已过报送期限" in said and "2025年6月10日" not in said, said


def _report_day_cell(book: Path) -> Any:
    sheet = load_workbook(book)["活动"]
    return next(row[1] for row in sheet.iter_rows(min_row=2, max_col=2) if row[0].value == "报送日")


def _fill_report_day(book: Path, day: int = 5) -> None:
    """The 报送日 an import left blank (the notice asks for no periodic report), filled as the clerk does."""
    wb = load_workbook(book)
    next(row[1] for row in wb["活动"].iter_rows(min_row=2, max_col=2) if row[0].value == "报送日").value = day
    wb.save(book)


def _fill_office(book: Path) -> None:
    """The 牵头单位 and 领导小组办公室 an import left blank (the notice names no office and no place its
    reports go), filled as the clerk does: the level's 党政办 (the level's 党政办公室 as the office)."""
    wb = load_workbook(book)
    rows = {row[0].value: row[1] for row in wb["活动"].iter_rows(min_row=2, max_col=2)}
    level = rows["本级名称"].value or ""
    for name, value in (("牵头单位", "党政办"), ("领导小组办公室", f"{level}党政办公室")):
        if rows[name].value is None:
            rows[name].value = value
    wb.save(book)


def test_a_notice_without_a_reporting_clause_leaves_the_report_day_blank_and_refused(tmp_path: Path, run: Run) -> None:
    """卢市镇's notice (2021) asks for no periodic report: the import left the starter's 报送日 5, and its
    forms, 催报 and sheets said 4月5日前 as if the notice had. The cell is left blank and yellow, named
    first in the 导入说明's list of what to fill, and validate refuses it by sheet and cell."""
    from .conftest import DATA

    ws = tmp_path / "ws"
    imported = run("import", DATA / "notices" / "卢市镇两会安全生产大检查.docx", ws)
    assert imported.exit_code == 0, imported.output
    book = ws / "inputs" / WORKBOOK_NAME
    cell = _report_day_cell(book)
    assert cell.value is None
    assert cell.fill.fgColor.rgb.endswith("FFF2CC")  # yellow: the clerk's to fill
    to_fill = (ws / "导入说明.txt").read_text(encoding="utf-8").split("四、还需要您填写或核对\n", 1)[1].splitlines()
    assert to_fill[0].startswith("  「活动」表的报送日：原文没有定期报送的要求：报送周期仍是空白模板的“月”"), to_fill
    refused = run("-C", ws, "validate")
    assert refused.exit_code != 0
    errors = [line for line in refused.output.splitlines() if line.startswith("错误")]
    assert errors == [
        f"错误：inputs/{WORKBOOK_NAME} 工作表「活动」 单元格 B6：「牵头单位」不能为空，应填写文字",  # no office either
        f"错误：inputs/{WORKBOOK_NAME} 工作表「活动」 单元格 B7：「领导小组办公室」不能为空，应填写文字",
        f"错误：inputs/{WORKBOOK_NAME} 工作表「活动」 单元格 {cell.coordinate}：按“月”报送时，需要填写「报送日」"
        "（每期结束后第几天前报送）",
        f"错误：inputs/{WORKBOOK_NAME} 工作表「阶段」 单元格 A2：「阶段名称」不能为空，应填写文字",  # no phase either
    ], refused.output
    wb = load_workbook(book)
    sheet = wb["活动"]
    sheet[cell.coordinate] = 3
    wb["阶段"]["A2"] = "集中检查阶段"
    wb.save(book)
    _fill_office(book)
    assert run("-C", ws, "validate").exit_code == 0


def test_a_notice_giving_a_reporting_day_fills_it(tmp_path: Path, run: Run) -> None:
    """永清县's notice says 每月2日前报送: the 报送日 is 2, read from it, not left for the clerk."""
    from .conftest import DATA

    ws = tmp_path / "ws"
    assert run("import", DATA / "seed_notice.txt", ws).exit_code == 0
    cell = _report_day_cell(ws / "inputs" / WORKBOOK_NAME)
    assert cell.value == 2
    assert not cell.fill.fgColor.rgb.endswith("FFF2CC")
    assert "报送日" not in (ws / "导入说明.txt").read_text(encoding="utf-8").split("四、还需要您填写或核对", 1)[1]


def test_a_notice_without_phases_leaves_its_one_phase_unnamed_and_refused(tmp_path: Path, run: Run) -> None:
    """卢市镇's notice names no phase: the import made one 实施阶段 over the campaign's dates, and every
    plan printed 实施阶段（3月7日至3月10日） as if the notice had named it. Its name is left blank and
    yellow, named in the 导入说明's list of what to fill, and refused by cell until the clerk names it;
    the plans then print the clerk's phase."""
    from .conftest import DATA

    ws = tmp_path / "ws"
    imported = run("import", DATA / "notices" / "卢市镇两会安全生产大检查.docx", ws)
    assert imported.exit_code == 0, imported.output
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    phases = wb["阶段"]
    assert list(phases.iter_rows(min_row=2, max_col=3, values_only=True)) == [
        (None, dt.datetime(2021, 3, 7), dt.datetime(2021, 3, 10))
    ]
    assert phases["A2"].fill.fgColor.rgb.endswith("FFF2CC")  # yellow: the clerk's to fill
    to_fill = (ws / "导入说明.txt").read_text(encoding="utf-8").split("四、还需要您填写或核对\n", 1)[1].splitlines()
    assert to_fill[1].startswith("  「阶段」表：原文没有分阶段：第2行的阶段名称留空"), to_fill
    assert "试生成的通知 与原文逐段相同（28 段）" in imported.output
    next(r[1] for r in wb["活动"].iter_rows(min_row=2, max_col=2) if r[0].value == "报送日").value = 5
    wb.save(book)
    _fill_office(book)  # the notice names no leading group's office
    refused = run("-C", ws, "build")
    assert refused.exit_code != 0
    errors = [line for line in refused.output.splitlines() if line.startswith("错误")]
    assert errors == [f"错误：inputs/{WORKBOOK_NAME} 工作表「阶段」 单元格 A2：「阶段名称」不能为空，应填写文字"], (
        errors
    )
    assert not list((ws / "output").rglob("*.docx"))
    wb = load_workbook(book)
    wb["阶段"]["A2"] = "集中检查阶段"
    wb.save(book)
    assert run("-C", ws, "build").exit_code == 0
    plans = sorted((ws / "output" / "方案").glob("*.docx"))
    assert plans
    for plan in plans:
        text = "\n".join(p.text for p in Document(str(plan)).paragraphs)
        assert "集中检查阶段（3月7日至3月10日）" in text and "实施阶段" not in text, text


def test_a_campaign_without_periodic_reports_prints_no_report_day(tmp_path: Path, run: Run) -> None:
    """报送周期 无 and the 报送日 blank: the example's notice and plans said 大排查期间每月日前 (their
    sentence outside any {% if %}); they are refused by template, naming the paragraph to mend (the
    message named the template alone) and how. The starter's notice, whose sentence stands under
    {% if 活动.报送日历 %}, builds and prints nothing about a 报送日."""
    for example, refused in (("yongqing", True), ("blank", False)):
        ws = tmp_path / example
        assert run("init", *(["--blank"] if example == "blank" else []), ws).exit_code == 0
        book = ws / "inputs" / WORKBOOK_NAME
        wb = load_workbook(book)
        for row in wb["活动"].iter_rows(min_row=2, max_col=2):
            if row[0].value in ("报送日", "报送周期"):
                row[1].value = None if row[0].value == "报送日" else "无"
        wb.save(book)
        built = run("-C", ws, "build")
        errors = [line for line in built.output.splitlines() if line.startswith("错误：")]
        if refused:
            assert built.exit_code != 0 and [e.split("：", 2)[1] for e in errors] == [
                "templates/通知.docx", "templates/方案.docx"
            ], built.output  # fmt: skip
            notice_error, plan_error = errors
            assert "；所在段落：「（五）及时反馈情况。加强信息沟通，大排查期间每月{{ 活动.报送日 }}日前" in notice_error
            assert "；所在段落：「（二）严格信息报送。大排查期间，每月{{ 活动.报送日 }}日前" in plan_error
            assert "放进 {% if 活动.报送日历 %}……{% endif %}" in notice_error
            continue
        assert built.exit_code == 0 and not errors, built.output
        (notice,) = (ws / "output" / "通知").glob("*.docx")
        text = "\n".join(p.text for p in Document(str(notice)).paragraphs)
        assert "每期结束后" not in text and "统计报表按" not in text, text  # the starter's 报送日 sentence


def test_reports_a_unit_sent_late_on_one_day_are_said_once(tmp_path: Path, run: Run) -> None:
    """大同市's campaign set 半月 (a clerk's copy): 天镇县 sent three periods' forms on 6月25日, and the
    county's summary read 天镇县（2009年5月上半月，6月25日报送、2009年5月下半月，6月25日报送、…）, the
    顿号 parting items that hold a 逗号 of their own. One day is said once; different days parted by ；."""
    root = xing_county(
        tmp_path,
        run,
        ("东镇", "西镇"),
        reports=[
            ["东镇", "2025年3月", 10, 1, 0, "2025年5月20日"],
            ["东镇", "2025年4月", 10, 1, 0, "2025年5月20日"],
            ["东镇", "2025年5月", 10, 1, 0, "2025年6月3日"],
            ["西镇", "2025年3月", 10, 1, 0, "2025年4月9日"],
            ["西镇", "2025年4月", 10, 1, 0, "2025年5月8日"],
            ["西镇", "2025年5月", 10, 1, 0, "2025年6月3日"],
        ],
    )
    assert run("-C", root, "build", "-q").exit_code == 0
    county = " ".join(paragraphs(root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"))
    assert "东镇（2025年3月、2025年4月，均于5月20日报送）" in county, county
    assert "西镇（2025年3月，4月9日报送；2025年4月，5月8日报送）" in county, county


def test_a_units_plan_never_prints_the_notices_words_to_all_its_kind_unflagged(tmp_path: Path, run: Run) -> None:
    """大同市's 环保专项行动 (同政办发〔2009〕96号) set as a clerk would: its phases typed as the city wrote
    them, 各县（区）结合实际情况，确定本地区整治重点, printed in 城区's own plan, where a 文秘 writes 我区;
    nothing said so. 核稿 names the sentence; 对各县（区）开展督查 (the city's own doing) is not named."""
    from openpyxl import load_workbook

    from .conftest import DATA

    ws = tmp_path / "ws"
    assert run("import", DATA / "notices" / "大同市环保专项行动.txt", ws).exit_code == 0
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    for row in wb["活动"].iter_rows(min_row=2):
        if row[0].value == "报送日":
            row[1].value = 5
    phases = wb["阶段"]
    phases.delete_rows(2, phases.max_row)
    phases.append(["动员部署阶段", D(2009, 5, 1), D(2009, 5, 31), "各县（区）结合实际情况，制定具体实施方案。"])
    phases.append(["督查阶段", D(2009, 6, 1), D(2009, 10, 31), "市领导小组组成督查组，对各县（区）开展督查。"])
    kinds = wb["单位类型"]
    kinds.delete_rows(2, kinds.max_row)
    kinds.append(["县区", None, "人民政府", None, None])
    units = wb["单位"]
    units.delete_rows(2, units.max_row)
    units.append(["城区", "县区"])
    units.append(["阳高县", "县区"])
    leaders = wb["领导小组"]
    leaders.delete_rows(2, leaders.max_row)
    leaders.append(["城区", "组长", "张伟", "区长"])
    leaders.append(["阳高县", "组长", "李明", "县长"])
    summary = wb["总结"]
    summary.delete_rows(2, summary.max_row)  # the starter's ××镇 and its words
    wb.save(book)
    _fill_office(book)  # the notice names no leading group's office
    built = run("-C", ws, "build")
    assert built.exit_code == 0, built.output
    flagged = [line for line in built.output.splitlines() if "核稿〔对象不符〕" in line]
    assert len(flagged) == 2, flagged  # one a unit; the 督查 sentence is the city's doing: not named
    for line, unit, self_name in zip(flagged, ("城区", "阳高县"), "区县", strict=True):
        assert (
            f"{unit}的文档照印了「阶段」表「动员部署阶段」的工作内容，这句是对所有县区说的（各县（区）），不是{unit}自己的做法："
            "「各县（区）结合实际情况，制定具体实施方案。」" in line
        ), line
        assert f"（如“我{self_name}……”" in line


def test_the_county_s_own_deadlines_hold_its_roll_ups_and_its_summary(tmp_path: Path, run: Run) -> None:
    """永清县's roll-ups are due to the city 5 days after each month (汇总上报日 5) and its own summary
    on 2018-03-30 (总结上报截止), before the townships' summaries are due (4月1日): told at the cell.
    February's roll-up waited for 县民政局's report of 3月6日 and is late for the city; January's and
    March's are not (due 2月5日 and 4月5日, made on the 2nd). The county's summary, signed when March's
    last report came (4月2日), is late, and its deadline is before the data it quotes."""
    root = make_workspace(tmp_path / "ws")
    write_workbook(
        root / "inputs" / WORKBOOK_NAME, campaign={"汇总上报日": 5, "总结上报截止": dt.datetime(2018, 3, 30)}
    )
    build = run("-C", root, "build")
    assert build.exit_code == 0, build.output
    assert "「总结上报截止」2018年3月30日早于各单位的「总结报送截止」2018年4月1日" in build.output
    out = run("-C", root, "核稿").output
    late = [line for line in out.splitlines() if line.startswith("〔汇总表晚于截止〕")]
    assert late == [next(line for line in late if "全县汇总表2018年2月.docx" in line)], late
    assert "汇总表制表日期2018年3月6日，晚于本期上报期限（「活动」表「汇总上报日」）2018年3月5日" in out
    assert "总结落款2018年4月2日，晚于总结上报截止日期2018年3月30日" in out
    assert "本级工作总结2018年3月30日前报送，但最后一期（2018年3月）统计报表2018年4月2日前才报送" in out
    write_workbook(root / "inputs" / WORKBOOK_NAME, campaign={"汇总上报日": 1})
    build = run("-C", root, "build")
    assert "「汇总上报日」是每期结束后1天，早于各单位的「报送日」（每期结束后2天）" in build.output
    write_workbook(root / "inputs" / WORKBOOK_NAME)  # the notice states none: no deadline of the county's own
    run("-C", root, "build")
    out = run("-C", root, "核稿").output
    assert "汇总表晚于截止" not in out and "总结上报截止" not in out


def test_a_unit_whose_signature_names_no_place_is_told_to_give_its_organ_s_full_name(tmp_path: Path) -> None:
    """A 部门 typed 档案馆 in 永清县's 单位 sheet, with no 机关全称, would sign its plan and summary 档案馆:
    no organ's full name nor its 规范化简称 (GB/T 9704 7.3.5). The clerk is told at its cell, with the
    name to give; 永清台湾工业新城 (its organ 永清台湾工业新城管理委员会 names 永清) and 县公安局 (永清县公安局)
    are not warned of, nor is the 档案馆 once its 机关全称 is typed."""
    from generator import app

    root = make_workspace(tmp_path / "ws")
    book = root / "inputs" / WORKBOOK_NAME
    write_workbook(book, units=[*YONGQING_UNITS, ["档案馆", "部门", None, None, D(2018, 1, 23)]])
    _inputs, findings = app.validate(app.Workspace(root))
    (told,) = [f for f in findings.warnings if "机关全称" in f.message]
    assert told.location.cell == f"A{len(YONGQING_UNITS) + 2}"
    assert "署名“档案馆”" in told.message and "如“永清县档案馆”" in told.message
    header = [*YONGQING_UNITS_HEADER, "机关全称"]
    units = [[*row, None] for row in YONGQING_UNITS] + [["档案馆", "部门", None, None, D(2018, 1, 23), "永清县档案馆"]]
    write_workbook(book, units=units, table_headers={"单位": header})
    _inputs, findings = app.validate(app.Workspace(root))
    assert not [f for f in findings.warnings if "机关全称" in f.message], findings.warnings


def test_a_summary_counts_every_period_past_its_deadline_on_its_date_as_due(tmp_path: Path, run: Run) -> None:
    """The blank example's summary dated 6月10日 said 应报送统计报表3份 when only 3月 had come in: April's and
    May's reports, due 5月5日 and 6月5日, were "not yet due" because nobody had sent them. On its own date
    a period past its deadline is due whether or not anybody reported: the county's summary (6月10日)
    counts 3月-5月, the units' (5月31日, the campaign's end) 3月-4月, and each names what is missing."""
    units = ("东镇", "西镇", "县金融办")
    root = xing_county(
        tmp_path,
        run,
        units,
        campaign={**FUND_CAMPAIGN, "结束日期": D(2025, 5, 31), "总结报送截止": D(2025, 6, 10)},
        reports=[[u, "2025年3月", 10, 1, 0, D(2025, 4, 2)] for u in units[:2]],
    )
    assert run("-C", root, "build").exit_code == 0
    county = "\n".join(paragraphs(root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx"))
    assert "3个单位应报送统计报表9份，实际报送2份" in county, county
    assert "未报送的有：东镇（2025年4月、2025年5月）、西镇（2025年4月、2025年5月）" in county, county
    assert "县金融办一期统计报表也没有报送" in county, county
    rows = [row[0] for table in tables(root / "output" / "总结" / "兴县打击非法集资专项行动工作总结.docx")
            for row in table]  # fmt: skip
    assert any(r.startswith("2025年5月") and "3个单位未报送" in r for r in rows), rows
    east = "\n".join(paragraphs(root / "output" / "总结" / "东镇打击非法集资专项行动工作总结.docx"))
    assert "4月份统计报表未报送，以下为3月合计" in east, east
    silent = "\n".join(paragraphs(root / "output" / "总结" / "县金融办打击非法集资专项行动工作总结.docx"))
    assert "3月、4月的统计报表均未报送" in silent, silent


def test_a_phase_addressed_to_townships_and_sub_districts_is_no_other_type_s_in_a_sub_district_s_plan(
    tmp_path: Path, run: Run
) -> None:
    """本溪满族自治县 (2019) addresses 各乡镇、街道办事处: a clerk who set a 街道 apart and wrote the phase so
    saw 核稿 tell the 街道's plan the sentence was 对乡镇说的. 各 reaches every name of its list (各乡镇、街道):
    the 街道 is addressed too; a department, addressed by none of them, is still told."""
    from openpyxl import load_workbook

    ws = tmp_path / "ws"
    assert run("import", DATA / "notices" / "本溪满族自治县河长制工作考核.txt", ws).exit_code == 0
    fill_blank_dates(ws, dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    book = ws / "inputs" / WORKBOOK_NAME
    wb = load_workbook(book)
    wb["单位类型"].append(["街道", None, "办事处", None, None])
    wb["单位"].append(["××街道", "街道", None, None, "街道党政办"])
    wb["阶段"]["D2"].value = "各乡镇、街道办事处对照考核细则开展自查。"
    wb.save(book)
    built = run("-C", ws, "build", "--kind", "方案")
    assert built.exit_code == 0, built.output
    flagged = [line for line in built.output.splitlines() if "核稿〔对象不符〕" in line]
    street = [line for line in flagged if "××街道" in line]
    assert street and not [line for line in street if "对乡镇说的" in line], flagged
    # the notice's words to every 街道 (and 乡镇), not the 街道's own doing: addressed_to_its_own_kind
    assert all("这句是对所有街道说的（各乡镇、街道办事处）" in line for line in street), street
    assert [line for line in flagged if "县××局（部门）" in line and "这句是对乡镇、街道说的" in line], built.output


def _yongqing_phase(tmp_path: Path, row: int, text: str) -> Path:
    """The 永清 example with the 阶段 sheet's 工作内容 of one row set to the notice's own sentence."""
    root = make_workspace(tmp_path / "ws")
    book = load_workbook(root / "inputs" / WORKBOOK_NAME)
    book["阶段"].cell(row, 4).value = text
    book.save(root / "inputs" / WORKBOOK_NAME)
    return root


def test_a_phase_to_townships_and_their_listed_zones_is_the_zones_own_kind_s(tmp_path: Path, run: Run) -> None:
    """永清's notice writes 各乡镇（区、办）要加强与工商和食药监局、公安局等部门的沟通联系: copied into the 阶段
    sheet's 工作内容, the 开发区's plan (type 区) printed the notice's words to every 区 and 核稿 said nothing,
    since only 各区 was read as 区's. 各 reaches every name of its list, in brackets too; the departments,
    whose own column (部门工作内容) their plans print, are not told."""
    sentence = "各乡镇（区、办）要加强与工商和食药监局、公安局等部门的沟通联系。"
    root = _yongqing_phase(tmp_path, 3, sentence)
    built = run("-C", root, "build", "--kind", "方案")
    assert built.exit_code == 0, built.output
    flagged = [line for line in built.output.splitlines() if "核稿〔对象不符〕" in line]
    for zone in ("永清经济开发区", "永清台湾工业新城"):
        told = [line for line in flagged if f"核稿〔对象不符〕{zone}的文档" in line]
        assert told and "这句是对所有区说的（各乡镇（区、办））" in told[0], flagged
    assert not [line for line in flagged if "对乡镇说的" in line], flagged  # a 区 is addressed, not another type
    assert [line for line in flagged if "这句是对所有乡镇说的（各乡镇（区、办））" in line], flagged
    assert not [line for line in flagged if "县公安局" in line.split("建议")[0]], flagged


def test_a_phase_to_every_type_by_a_list_is_everyone_s(tmp_path: Path, run: Run) -> None:
    """永清's 各乡镇（区、办）和各部门要对开展传销活动排查打击情况进行经验总结 reaches every unit type of the
    campaign, as 各单位 does: nobody's plan is told it was written for another type or for all of its own."""
    sentence = "各乡镇（区、办）和各部门要对开展传销活动排查打击情况进行经验总结。"
    root = _yongqing_phase(tmp_path, 4, sentence)
    built = run("-C", root, "build", "--kind", "方案")
    assert built.exit_code == 0 and "对象不符" not in built.output, built.output
    plan = paragraphs(root / "output" / "方案" / "县公安局打击传销活动大排查工作方案.docx")
    assert any(sentence in p for p in plan)  # printed, and rightly not flagged
