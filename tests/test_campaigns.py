"""Any campaign from data alone: the shipped examples build, and no word of one reaches the other."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from .conftest import Run

# Words only one campaign has: its name, its places, its units, its metrics.
YONGQING_WORDS = ("传销", "打传", "窝点", "大排查", "永清", "韩村镇", "县公安局")
LIUHE_WORDS = ("森林防火", "柳河", "检查组", "护林员", "火灾隐患", "周报")


def _texts(root: Path) -> list[tuple[str, str]]:
    """(where, text) for every generated file: its path, every XML part's text (body, headers,
    footers, core properties, .xlsx cells)."""
    out = []
    for path in sorted((root / "output").rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        out.append((str(path.relative_to(root)), str(path.relative_to(root))))
        if path.suffix not in (".docx", ".xlsx"):
            continue
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.endswith(".xml"):
                    tree = etree.fromstring(package.read(name))
                    text = "".join(tree.itertext()) + " ".join(str(v) for e in tree.iter() for v in e.attrib.values())
                    out.append((f"{path.relative_to(root)}:{name}", text))
    return out


@pytest.mark.parametrize(("name", "foreign"), [("yongqing", LIUHE_WORDS), ("liuhe", YONGQING_WORDS)])
def test_no_word_of_one_campaign_in_the_other(
    built_examples: dict[str, Path], name: str, foreign: tuple[str, ...]
) -> None:
    leaks = [(where, word) for where, text in _texts(built_examples[name]) for word in foreign if word in text]
    assert not leaks, leaks[:10]


def test_the_second_example_makes_its_own_documents(built_examples: dict[str, Path]) -> None:
    out = built_examples["liuhe"] / "output"
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert "检查安排/第一检查组检查工作安排.docx" in names
    assert "周报/第2周/第三检查组第2周检查情况周报.docx" in names  # a week it did not report: 未报送
    assert "检查报告/第四检查组检查情况报告.docx" in names
    assert "总结/柳河镇春季森林防火专项检查工作总结.docx" in names
    assert not list(out.rglob("*.xlsx"))  # its 文档 sheet says 汇总表 生成 否
    assert len([n for n in names if n.startswith("周报/")]) == 4 * 5  # 4 weeks x (4 groups + roll-up)


def _paragraphs(path: Path) -> list[str]:
    from docx import Document

    return [p.text for p in Document(str(path)).paragraphs]


def test_the_second_example_reads_as_its_town_would_write_it(built_examples: dict[str, Path]) -> None:
    out = built_examples["liuhe"] / "output"
    plan = _paragraphs(out / "检查安排" / "第一检查组检查工作安排.docx")
    # The group's members, sorted by the 字段规则 sheet's 排序 (the workbook lists 组员 first).
    members = [p for p in plan if "：" in p and p[:3] in ("组　长", "副组长", "组　员")]
    assert [m[:3] for m in members] == ["组　长", "副组长", "组　员"]
    assert plan[-2:] == ["柳河镇森林防火第一检查组", "2024年3月3日"]  # 署名: the group's full name
    report = _paragraphs(out / "检查报告" / "第一检查组检查情况报告.docx")
    (figures,) = [p for p in report if p.startswith("专项检查期间，")]
    # A group speaks of its charge (本组), never of a territory (全组).
    assert figures.startswith("专项检查期间，检查组织方面，本组共出动检查人员") and "全组" not in figures
    assert "落实在岗护林员" in figures  # a stock, said in the clerk's own words (表述)
    notice = _paragraphs(next((out / "通知").glob("*.docx")))
    assert not any(p.startswith("电子邮箱") for p in notice)  # no e-mail given: no line
    assert "（三）复查验收（3月28日至3月31日）。" in "".join(notice)  # every stage, looped
    assert "3月18日至3月31日，带班领导钱文博，值班电话0471-5523102。" in notice  # a campaign-wide list


def test_a_stock_is_read_at_its_last_report_not_added_up(built_examples: dict[str, Path]) -> None:
    text = "".join(_paragraphs(built_examples["liuhe"] / "output" / "总结" / "柳河镇春季森林防火专项检查工作总结.docx"))
    # the four groups' last weeks report 6 each (examples/liuhe/workbook.py); their weeks added would be more
    assert "落实在岗护林员24人" in text


def test_blank_starts_a_campaign_that_builds(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "new"
    assert run("init", root, "--blank").exit_code == 0
    result = run("-C", root, "build", "-q")
    assert result.exit_code == 0, result.output
    text = " ".join(t for _, t in _texts(root))
    assert not [w for w in (*YONGQING_WORDS, *LIUHE_WORDS) if w in text]
    assert re.search(r"××专项行动", text)


def test_the_starters_metrics_sheet_shows_every_column(tmp_path: Path, run: Run) -> None:
    """来苏镇 (2021), started from its notice: the 统计指标 sheet had 分组 to 主要指标 only, so 登记选民 (a stock)
    was added up over the phases (全村共登记选民2538人 of some 1,270 voters): 累计方式 was nowhere to be seen."""
    from openpyxl import load_workbook

    from generator.inputs.schema import METRICS_SHEET

    root = tmp_path / "new"
    assert run("init", root, "--blank").exit_code == 0
    sheet = load_workbook(root / "inputs" / "活动数据.xlsx")[METRICS_SHEET.name]
    assert [c.value for c in sheet[1]] == [f.name for f in METRICS_SHEET.fields]
    assert {row[5] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"累加"}


def test_templates_vars_lists_every_list_and_added_column(built_examples: dict[str, Path], run: Run) -> None:
    result = run("-C", built_examples["liuhe"], "templates", "vars", "检查安排")
    assert result.exit_code == 0, result.output
    assert "{{ 单位.检查组成员[].工作单位及职务 }}" in result.output
    assert "{{ 单位.包联村（社区） }}" in result.output  # a column added to 单位
    assert "{{ 活动.值班安排[].带班领导 }}" in result.output  # a list without 单位名称
    assert "{{ 活动.防火期 }}" in result.output  # a row added to 活动
    assert "{{ 活动.阶段[].重点 }}" in result.output  # a column added to 阶段
