"""Township implementation plans: one per unit, each with its own people, places and teams."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from examples.yongqing.workbook import FOCUS, LEADERS, PHASES, TEAMS, UNITS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.inputs.validate import organ_of, self_name_of
from generator.standard.words import whole_of_region

from .conftest import Run, make_workspace, output_files

UNIT_NAMES = [row[0] for row in UNITS]


def plan_path(ws: Path, unit: str) -> Path:
    return ws / "output" / "方案" / f"{unit}打击传销活动大排查工作方案.docx"


def plan_text(path: Path) -> str:
    """All the text of a plan: body paragraphs and table cells, in order."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_every_unit_has_a_plan(built: Path) -> None:
    plans = sorted(p.name for p in (built / "output" / "方案").glob("*.docx"))
    assert plans == sorted(f"{u}打击传销活动大排查工作方案.docx" for u in UNIT_NAMES)


# Each township's 打传队伍 members, added up from the example's 打传队伍 sheet.
TEAM_MEMBERS = {
    "永清镇": 72, "韩村镇": 94, "后奕镇": 126, "别古庄镇": 77, "里澜城镇": 97, "管家务回族乡": 127, "曹家务乡": 71,
    "龙虎庄乡": 100, "刘街乡": 128, "三圣口乡": 76, "永清经济开发区": 49, "永清台湾工业新城": 44,
}  # fmt: skip


@pytest.mark.parametrize("unit", UNIT_NAMES)
def test_a_plan_holds_its_own_unit_and_no_other(unit: str, built: Path) -> None:
    text = plan_text(plan_path(built, unit))
    own_people = [r[2] for r in LEADERS if r[0] == unit] + [r[2] for r in TEAMS if r[0] == unit]
    own_posts = [r[3] for r in LEADERS if r[0] == unit]
    own_places = [r[2] for r in FOCUS if r[0] == unit]
    own_villages = [r[1] for r in TEAMS if r[0] == unit]
    for item in own_people + own_posts + own_places + own_villages:
        assert item in text, f"{unit}: missing {item}"
    for leader in (r for r in LEADERS if r[0] == unit):
        assert re.search(rf"{leader[2]}　{re.escape(leader[3])}", text)
    for team in (r for r in TEAMS if r[0] == unit):
        assert f"{team[1]} | {team[2]} | {team[3]}" in text
    others = [r for r in LEADERS + TEAMS if r[0] != unit]
    for row in others:
        assert row[2] not in text, f"{unit}'s plan names {row[2]} of {row[0]}"
    for row in TEAMS:
        if row[0] != unit:
            assert row[1] not in text, f"{unit}'s plan lists {row[1]} of {row[0]}"
    for row in FOCUS:
        if row[0] != unit:
            assert row[2] not in text
    if own_villages:
        assert f"合计 | {len(own_villages)}支 |  | {TEAM_MEMBERS[unit]}" in text
        assert "附件：" + unit + "打传队伍名单" in text
    else:  # departments: no teams, no 附件
        assert "附件" not in text


def test_dates_and_deadlines_come_from_the_workbook(built: Path) -> None:
    text = plan_text(plan_path(built, "韩村镇"))
    assert "根据《永清县打击传销活动大排查实施方案》（永政办〔2018〕15号）要求" in text
    assert "自2018年1月19日至2018年3月31日，在全镇范围内开展打击传销活动大排查" in text
    assert "结合我镇实际，制定本方案。" in text
    for i, (name, start, end, description, *_) in enumerate(PHASES):
        numeral = "一二三"[i]
        assert f"（{numeral}）{name}（{start.month}月{start.day}日至{end.month}月{end.day}日）" in text
        assert description in text
    # The reporting calendar: January is partial (from the 19th), due on the 2nd of the next month.
    assert "每月2日前向县打击传销领导小组办公室报送上月" in text
    assert "（2月2日前报送1月份，3月2日前报送2月份，4月2日前报送3月份）" in text
    assert "于2018年4月1日前报送工作总结" in text
    # 落款 and date.
    paragraphs = [p.text for p in Document(str(plan_path(built, "韩村镇"))).paragraphs]
    # 署名: the organ's full name, from the 单位类型 sheet's 署名后缀 (a 县直部门 gets the county's name).
    assert paragraphs[paragraphs.index("韩村镇人民政府") + 1] == "2018年1月23日"
    department = [p.text for p in Document(str(plan_path(built, "县公安局"))).paragraphs]
    assert "永清县公安局" in department and "县公安局" not in department


@pytest.mark.parametrize(
    ("name", "suffix", "region", "organ"),
    [
        ("城区", "人民政府", "大同市", "大同市城区人民政府"),  # 大同市's notice to its 县（区）: a district
        ("南郊区", "人民政府", "大同市", "大同市南郊区人民政府"),
        ("阳高县", "人民政府", "大同市", "阳高县人民政府"),  # a county signs with its own name
        ("大同市矿区", "人民政府", "大同市", "大同市矿区人民政府"),  # the clerk wrote the city: once
        ("市环保局", None, "大同市", "大同市环保局"),
        ("经济技术开发区", "人民政府", "大同市", "经济技术开发区人民政府"),  # a zone, not a 市辖区
        ("韩村镇", "人民政府", "永清县", "韩村镇人民政府"),
        ("永清经济开发区", "人民政府", "永清县", "永清经济开发区人民政府"),
        # 银川住房公积金管理中心's 领导小组办公室 typed as its staff say it: the 制表单位 of its roll-up
        ("中心安全工作领导小组办公室", None, "银川住房公积金管理中心", "银川住房公积金管理中心安全工作领导小组办公室"),
        ("街道森林防火指挥部办公室", None, "西津街道", "西津街道森林防火指挥部办公室"),
        ("县打传办", None, "永清县", "永清县打传办"),
    ],
)
def test_a_unit_signs_with_its_organ_s_full_name(name: str, suffix: str | None, region: str, organ: str) -> None:
    assert organ_of(name, suffix, region) == organ


@pytest.mark.parametrize(
    ("region", "whole"),
    [("永清县", "全县"), ("柳河镇", "全镇"), ("西津街道", "全街道"), ("大同市", "全市"),
     ("银川住房公积金管理中心", "全中心"), ("通州区园林绿化局", "全局")],
)  # fmt: skip
def test_a_campaign_speaks_of_its_whole_by_its_level(region: str, whole: str) -> None:
    """An organ's campaign over its 处室 and branches (银川住房公积金管理中心, 2016) said 全心 in its
    roll-up's file name and its summary."""
    assert whole_of_region(region) == whole


@pytest.mark.parametrize(
    ("name", "self_name"),
    [("归集管理处", "处"), ("宁东办事处", "办事处"), ("办公室", "室"), ("综合科", "科"), ("灵武分中心", "中心"),
     ("县公安局", "局"), ("韩村镇", "镇"), ("县综治办", "办"), ("黄龙林场", "场"), ("县良种繁育场", "场")],
)  # fmt: skip
def test_an_organs_own_offices_name_themselves(name: str, self_name: str) -> None:
    """银川住房公积金管理中心's 国庆 notice to its 处室: 归集管理处's summary said 我单位 and 本单位共检查…, where
    a 文秘 writes 我处 and 本处."""
    assert self_name_of(name, None) == self_name


def test_how_a_unit_names_itself(built: Path) -> None:
    assert "结合我乡实际" in plan_text(plan_path(built, "刘街乡"))
    assert "结合我区实际" in plan_text(plan_path(built, "永清经济开发区"))
    assert "结合我局实际" in plan_text(plan_path(built, "县公安局"))


def test_a_long_title_breaks_after_the_unit_name(built: Path) -> None:
    doc = Document(str(plan_path(built, "永清台湾工业新城")))
    assert doc.paragraphs[0].text == "永清台湾工业新城\n打击传销活动大排查工作方案"
    assert Document(str(plan_path(built, "韩村镇"))).paragraphs[0].text == "韩村镇打击传销活动大排查工作方案"


def test_teams_table_repeats_its_header_row(built: Path) -> None:
    doc = Document(str(plan_path(built, "韩村镇")))
    (table,) = doc.tables
    header = table.rows[0]._tr
    assert header.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
    assert [c.text for c in table.rows[0].cells] == ["序号", "村（社区）", "队长", "队员人数"]


def test_changing_a_phase_date_changes_every_plan(built_copy: Path, run: Run) -> None:
    ws = built_copy
    phases = [list(p) for p in PHASES]
    phases[1][2] = phases[1][2].replace(day=20)  # 集中打击阶段 ends 3月20日
    phases[2][1] = phases[2][1].replace(day=21)
    write_workbook(ws / "inputs" / WORKBOOK_NAME, phases=phases)
    result = run("-C", ws, "build")
    assert result.exit_code == 0, result.output
    assert len(re.findall(r"已更新  output/方案/", result.output)) == len(UNIT_NAMES)
    for unit in UNIT_NAMES:
        text = plan_text(plan_path(ws, unit))
        assert "（二）集中打击阶段（1月24日至3月20日）" in text
        assert "（三）巩固总结阶段（3月21日至3月31日）" in text
        assert "3月25日" not in text
    notice = next((ws / "output" / "通知").glob("*.docx"))
    assert "（二）集中打击阶段（1月24日至3月20日）" in [p.text for p in Document(str(notice)).paragraphs]


def test_changing_one_unit_rebuilds_only_its_plan(built_copy: Path, run: Run) -> None:
    ws = built_copy
    leaders = [list(r) for r in LEADERS]
    first = next(r for r in leaders if r[0] == "韩村镇")
    first[2] = "赵新任"
    write_workbook(ws / "inputs" / WORKBOOK_NAME, leaders=leaders)
    result = run("-C", ws, "build")
    # Only the document whose template shows the leading group: the plan; not its summary, never the notice.
    assert re.findall(r"已更新  (\S+)", result.output) == ["output/方案/韩村镇打击传销活动大排查工作方案.docx"]
    assert "赵新任" in plan_text(plan_path(ws, "韩村镇"))


def test_selection_by_kind_and_unit(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    result = run("-C", ws, "build", "--kind", "方案", "--unit", "韩村镇")
    assert result.exit_code == 0, result.output
    assert [p.name for p in output_files(ws) if p.suffix == ".docx"] == ["韩村镇打击传销活动大排查工作方案.docx"]
    result = run("-C", ws, "build", "--kind", "通知")
    assert [p.parent.name for p in output_files(ws) if p.suffix == ".docx"] == ["方案", "通知"]
    result = run("-C", ws, "build", "--unit", "县公安局", "--unit", "刘街乡")
    # Each unit's plan, its three monthly sheets and its summary; no county document.
    assert len([p for p in output_files(ws) if p.suffix == ".docx"]) == 2 + 2 + 2 * 3 + 2


def test_unknown_selection_is_a_usage_error(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "build", "--unit", "韩村")
    assert result.exit_code == 2
    assert "错误：没有名为「韩村」的单位，是否是「韩村镇」？" in result.output
    result = run("-C", workspace, "build", "--kind", "公告")
    assert result.exit_code == 2
    assert (
        "这次活动没有「公告」这种文档（见工作簿的「文档」表）；可选：通知、方案、月报、汇总、汇总表、总结、县总结"
        in result.output
    )
    assert output_files(workspace) == []


# --- validation of the detail sheets ----------------------------------------------


def test_team_size_outside_the_rule_is_a_warning_at_its_cell(workspace: Path, run: Run) -> None:
    teams = [list(r) for r in TEAMS]
    index = next(i for i, r in enumerate(teams) if r[0] == "韩村镇")
    teams[index][3] = 18
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, teams=teams)
    result = run("-C", workspace, "build", "--kind", "方案", "--unit", "韩村镇")  # the plan that prints the team
    assert result.exit_code == 0
    assert (
        f"警告：inputs/活动数据.xlsx 工作表「打传队伍」 单元格 D{index + 2}：打传队伍 18 人，不在要求的 20--30 人之间"
    ) in result.output
    assert plan_path(workspace, "韩村镇").exists()


def test_unknown_unit_in_a_detail_sheet_is_an_error_with_a_suggestion(workspace: Path, run: Run) -> None:
    leaders = [list(r) for r in LEADERS]
    index = next(i for i, r in enumerate(leaders) if r[0] == "韩村镇")
    leaders[index][0] = "韩材镇"
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, leaders=leaders)
    result = run("-C", workspace, "build")
    assert result.exit_code == 1
    errors = [ln for ln in result.output.splitlines() if ln.startswith("错误：")]
    assert errors == [
        f"错误：inputs/活动数据.xlsx 工作表「领导小组」 单元格 A{index + 2}：单位「韩材镇」不在「单位」表中，是否是「韩村镇」？"
    ]
    assert output_files(workspace) == []


def test_unknown_group_role_is_an_error(workspace: Path, run: Run) -> None:
    leaders = [list(r) for r in LEADERS]
    leaders[0][1] = "队长"
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, leaders=leaders)
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert (
        "错误：inputs/活动数据.xlsx 工作表「领导小组」 单元格 B2：小组职务应为 组长、副组长、成员 之一，实际为「队长」"
        in result.output
    )


def test_duplicate_unit_names_are_an_error(workspace: Path, run: Run) -> None:
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=[*UNITS, UNITS[3]])
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert "错误：inputs/活动数据.xlsx 工作表「单位」 单元格 A20：单位「别古庄镇」重复，已在 A5 出现" in result.output


def test_deadline_before_the_notice_is_a_warning_not_a_refusal(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0
    assert (
        "警告：inputs/活动数据.xlsx 工作表「活动」 单元格 B8：方案报送截止日期 2018年1月19日 早于成文日期 2018年1月22日（照常生成，请确认）"
        in result.output
    )


def test_a_phase_typed_without_its_full_stop_prints_a_paragraph_that_ends_in_one(built_copy: Path, run: Run) -> None:
    """A clerk leaves off a 工作内容's closing 。 (or ends it in a comma): the plan's paragraph still ends in 。,
    and a 。 already typed is not doubled."""
    ws = built_copy
    phases = [list(p) for p in PHASES]
    phases[0][3] = "对辖区内出租房屋逐一摸底登记"
    phases[0][5] = "结合部门职责逐一摸底排查，"
    phases[1][3] = "发现一起、查处一起（“零容忍”）"
    write_workbook(ws / "inputs" / WORKBOOK_NAME, phases=phases)
    result = run("-C", ws, "build")
    assert result.exit_code == 0, result.output
    township = plan_text(plan_path(ws, "永清镇")).splitlines()
    assert "对辖区内出租房屋逐一摸底登记。" in township
    assert "发现一起、查处一起（“零容忍”）。" in township
    assert "回头看，查漏补缺，总结经验，完善长效机制，按时报送工作总结。" in "\n".join(township)
    assert "。。" not in "\n".join(township)
    department = plan_text(plan_path(ws, "县公安局")).splitlines()
    assert "结合部门职责逐一摸底排查。" in department


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("逐一摸底登记", "逐一摸底登记。"),
        ("逐一摸底登记，", "逐一摸底登记。"),
        ("逐一摸底登记,", "逐一摸底登记。"),
        ("逐一摸底登记、", "逐一摸底登记。"),
        ("完善“打、防、控、管”体系", "完善“打、防、控、管”体系。"),
        ("查处一起（含网络传销）", "查处一起（含网络传销）。"),
        ("逐一摸底登记。", "逐一摸底登记。"),
        ("是否到位？", "是否到位？"),
        ("发现一起、查处一起！", "发现一起、查处一起！"),
        ("做到以下几点：", "做到以下几点："),
        ("查漏补缺；", "查漏补缺；"),
        ("等等……", "等等……"),
        ("完成率达到100%", "完成率达到100%"),
        ("", ""),
    ],
)
def test_the_full_stop_filter_ends_a_paragraph_once(typed: str, printed: str) -> None:
    from generator.render.filters import FILTERS

    assert FILTERS["补句号"][0](typed) == printed
