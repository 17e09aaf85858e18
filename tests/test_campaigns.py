"""Any campaign from data alone: the shipped examples build, and no word of one reaches the other."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

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


# --- 云梦乡 (宜君县, 2018): a 乡's 紧急通知 for a three-day rain, reported by its 村 day by day ----------

YUNMENG_NOTICE = Path(__file__).parent / "data" / "notices" / "云梦乡强降雨防范紧急通知.txt"
YUNMENG_METRICS: list[list[Any]] = [
    ["巡查值守", "出动巡查人员", "人次", "整数", "是", "累加", "出动巡查人员"],  # 表述 typed without {值}
    ["隐患排查", "排查危险地段", "处", "整数", "是", "累加", None],
    ["人员转移", "转移群众", "人", "整数", "是", "累加", None],
    ["灾情", "直接经济损失", "万元", "小数", None, "累加", "造成直接经济损失{值}万元"],
]


def _fill_yunmeng(book: Path) -> None:
    """The workbook as 云梦乡's clerk fills it after the import, with the slips clerks make: the
    发文字号 in full-width digits, 简称 typed with its 期间, the 村's 自称 typed 本村, a 表述 without {值},
    an empty row between the units, a date typed with dots."""
    from openpyxl import load_workbook

    wb = load_workbook(book)

    def put(sheet: str, key: str, value: object) -> None:
        next(r for r in wb[sheet].iter_rows(min_row=2) if r[0].value == key)[1].value = value

    put("发文", "发文字号", "云政发〔2018〕２３号")
    put("发文", "联系人", "石振海")
    put("发文", "联系电话", "0919-5231026")
    for key, value in (("活动名称", "强降雨防范"), ("牵头单位", "乡防汛办"), ("报送周期", "日"), ("简称", "强降雨期间"),
                       ("领导小组办公室", "云梦乡防汛抗旱指挥部办公室"), ("总结报送截止", "2018.7.5")):  # fmt: skip
        put("活动", key, value)
    wb["阶段"]["A2"], wb["阶段"]["D2"] = "防范应对", "落实24小时值班，排查危险地段，及时转移受威胁群众。"
    tables: dict[str, list[list[Any]]] = {
        "单位类型": [["村", "本村", "村民委员会"], ["乡属单位", None, None]],
        "单位": [["云梦村", "村"], ["寺坪村", "村"], [None, None], ["马河村", "村"], ["乡防汛办", "乡属单位", "云梦乡防汛抗旱指挥部办公室", "是"]],
        "领导小组": [["云梦村", "组长", "王建军", "村党支部书记"], ["寺坪村", "组长", "李红梅", "村委会主任"],
                     ["马河村", "组长", "赵小平", "村党支部书记"], ["乡防汛办", "组长", "刘志强", "副乡长"]],
        "统计指标": YUNMENG_METRICS,
        "总结": [["云梦乡", "主要做法", "提前部署，包村到户", "驻村干部、包片领导当天下到所包的村。"]],
    }  # fmt: skip
    for sheet, rows in tables.items():
        wb[sheet].delete_rows(2, wb[sheet].max_row)
        for row in rows:
            wb[sheet].append(row)
    wb["统计报表"].delete_rows(1, wb["统计报表"].max_row)
    wb["统计报表"].append(["单位名称", "期别", *(m[1] for m in YUNMENG_METRICS)])
    wb.save(book)


def _return_form(form: Path, target: Path, figures: list[object], filed: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(form)
    sheet = wb["统计报表"]
    for row, value in zip(range(6, 6 + len(figures)), figures, strict=True):
        sheet[f"D{row}"] = value
    (label,) = [c for row in sheet.iter_rows() for c in row if c.value == "填报日期"]
    sheet["B4"] = "王会计"
    sheet.cell(label.row, label.column + 1).value = filed
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)


def test_a_township_s_three_day_rain_from_its_notice_to_its_summary(tmp_path: Path, run: Run) -> None:
    """云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知 (2018), as the county's page printed it (no
    版头, no number): the import, the clerk's workbook, a form a day to each 村, the forms back (one
    late, one sent again with a changed figure, one never sent), 台账, the build and what it says."""
    from docx import Document

    root = tmp_path / "云梦乡"
    assert run("import", YUNMENG_NOTICE, root).exit_code == 0
    _fill_yunmeng(root / "inputs" / "活动数据.xlsx")
    checked = run("-C", root, "validate")
    assert checked.exit_code == 0, checked.output
    for said in (
        "已将「云政发〔2018〕２３号」按「云政发〔2018〕23号」处理",
        "已按「强降雨」处理",
        "已按「出动巡查人员{值}人次」处理",
    ):
        assert said in checked.output, checked.output
    for period in ("1", "2", "3"):
        assert run("-C", root, "forms", "--period", period).exit_code == 0
    forms, back = root / "output" / "填报表", tmp_path / "收回"
    sent: dict[tuple[str, int], tuple[list[object], str]] = {  # (unit, day): figures, 填报日期; 马河村 never sends 7月3日's
        ("云梦村", 2): ([12, 3, 7, 0], "2018年7月2日"), ("寺坪村", 2): (["１５", 4, 3, 0.5], "2018年7月2日"),
        ("马河村", 2): ([9, 2, 0, 0], "2018.7.2"), ("乡防汛办", 2): ([6, 1, 0, 0], "2018年7月3日"),  # late
        ("云梦村", 3): ([14, 2, 12, 1.2], "2018年7月3日"), ("寺坪村", 3): ([16, 2, 5, 0.8], "2018年7月3日"),
        ("乡防汛办", 3): ([8, 2, 0, 0], "2018年7月3日"),
        **{(u, 4): ([10, 1, 4, 0.25], "2018年7月4日") for u in ("云梦村", "寺坪村", "马河村", "乡防汛办")},
    }  # fmt: skip
    for (unit, day), (figures, filed) in sent.items():
        name = f"{unit}2018年7月{day}日统计报表（填报）.xlsx"
        _return_form(forms / f"2018年7月{day}日" / name, back / name, figures, filed)
    collected = run("-C", root, "collect", back)
    assert collected.exit_code == 0, collected.output
    assert "填报日期 2018年7月3日 晚于截止日期 2018年7月2日" in collected.output
    again = back / "again" / "云梦村2018年7月3日统计报表（填报）.xlsx"
    _return_form(back / again.name, again, [14, 2, 15, 1.2], "2018年7月3日")
    collected = run("-C", root, "collect", again.parent)
    assert "转移群众：12人 → 15人" in collected.output, collected.output
    ledger = run("-C", root, "台账", "--period", "2018年7月3日")
    assert "马河村\t未报送" in ledger.output, ledger.output
    built = run("-C", root, "build", "-q")
    assert built.exit_code == 0, built.output
    out = root / "output"
    notice = [p.text.replace("\n", "") for p in Document(str(next((out / "通知").glob("*.docx")))).paragraphs if p.text]
    assert notice[:3] == [
        "云梦乡人民政府文件",
        "云政发〔2018〕23号",
        "云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知",
    ]
    plan = "".join(_paragraphs(out / "方案" / "云梦村强降雨防范工作方案.docx"))
    assert "（云政发〔2018〕23号）要求，结合我村实际，在全村范围内开展强降雨防范" in plan
    summary = "".join(_paragraphs(out / "总结" / "云梦乡强降雨防范工作总结.docx"))
    # 出动巡查人员 12+15+9+6, 14+16+8, 10×4: 42+38+40; 转移群众 7+3, 15+5 (12 sent again as 15), 4×4: 10+20+16;
    # 直接经济损失 0.5, 1.2+0.8, 0.25×4
    assert "强降雨期间，巡查值守方面，全乡共出动巡查人员120人次。" in summary
    assert "转移群众46人" in summary and "造成直接经济损失3.5万元" in summary
    assert "逾期报送的有：乡防汛办（2018年7月2日，7月3日报送）；未报送的有：马河村（2018年7月3日）" in summary
