"""Any campaign from data alone: the shipped examples build, and no word of one reaches the other."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping, Sequence
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
    # a problem is found before it is put right: 发现问题5个，整改问题4个, never the other way round
    assert re.search(r"发现问题\d+个，整改问题\d+个", text) and not re.search(r"整改问题\d+个，发现问题", text)


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


# --- other offices' campaigns, set up from their notices as their clerks would --------------------

NOTICES = Path(__file__).parent / "data" / "notices"
BENXI_UNITS = [  # 乡镇 and a 街道 assessed, two 部门 (one a line, as typed: a space, an empty row)
    ("小市镇", "乡镇"), ("草河掌镇", "乡镇"), ("草河城镇", "乡镇"), ("草河口 镇", "乡镇"), ("高官镇", "乡镇"),
    None, ("南甸镇", "乡镇"), ("碱厂镇", "乡镇"), ("东营坊乡", "乡镇"), ("观音阁街道", "街道"),
    ("县水务局", "部门"), ("县生态环境局", "部门"),
]  # fmt: skip
# 分组, 指标, 单位, 类型, 主要指标, 累计方式, 表述, 为零时表述, 前提指标, 适用单位类型
BENXI_METRICS = [
    ("河长履职", "乡级河长巡河", "次", "整数", "是", "累加", "乡级河长巡河{值}次", None, None, "乡镇、街道"),
    ("河道治理", "清理河道垃圾", "吨", "小数", "是", "累加", "清理河道垃圾{值}吨", None, None, "乡镇、街道"),
    ("河道治理", "整治河道长度", "公里", "小数", None, "累加", "整治河道{值}公里", None, None, "乡镇、街道"),
    ("资金投入", "河长制工作投入资金", "万元", "小数", "是", "累加", "投入资金{值}万元", None, None, None),
    ("执法监管", "联合执法检查", "次", "整数", None, "累加", "开展联合执法检查{值}次", None, None, "部门"),
]


def _rows_set(sheet: Any, rows: list[Any]) -> None:
    for r in sheet.iter_rows(min_row=2):
        for c in r:
            c.value = None
    for i, row in enumerate(rows, 2):
        for j, value in enumerate(row or (), 1):
            sheet.cell(i, j, value)


def _benxi_filled(root: Path, units: list[Any], metrics: list[tuple[Any, ...]]) -> None:
    """The county office's clerk fills the workbook `gongwen import` made of its notice: the date typed
    2019.4.30, the 报送日 in full-width digits, 每半年 reports, a unit's name typed with a space."""
    from openpyxl import load_workbook

    book = root / "inputs" / "活动数据.xlsx"
    wb = load_workbook(book)
    given = {
        "发文字号": "本县政办字〔2019〕41号", "联系人": None, "联系电话": None, "开始日期": "2019.4.30",
        "结束日期": dt.datetime(2019, 12, 31), "牵头单位": "县水务局", "领导小组办公室": "县河长制办公室",
        "报送周期": "半年", "报送日": "１０", "总结报送截止": dt.datetime(2020, 1, 15), "简称": "河长制考核",
    }  # fmt: skip
    for sheet in ("发文", "活动"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=2):
            if row[0].value in given:
                row[1].value = given[str(row[0].value)]
    _rows_set(wb["阶段"], [
        ("日常考核阶段", dt.datetime(2019, 4, 30), dt.datetime(2019, 11, 30), "按照年度任务清单开展巡河、清河"),
        ("自查评分阶段", dt.datetime(2019, 12, 1), dt.datetime(2019, 12, 20), "对照考核细则逐项自查评分"),
        ("综合评价阶段", dt.datetime(2019, 12, 21), dt.datetime(2019, 12, 31), "汇总各部门评分，确定考核等次"),
    ])  # fmt: skip
    _rows_set(wb["单位类型"], [("乡镇", None, "人民政府"), ("街道", None, "办事处"), ("部门",)])
    _rows_set(wb["单位"], units)
    _rows_set(wb["领导小组"], [(u[0].replace(" ", ""), "组长", "张　军", "主要负责人") for u in units if u])
    _rows_set(wb["统计指标"], metrics)
    _rows_set(wb["总结"], [
        ("本溪满族自治县", "主要做法", "健全考核机制", "实行日常考核与年终考核相结合。"),
        ("本溪满族自治县", "存在问题", None, "个别乡镇巡河记录不完整。"),
        ("本溪满族自治县", "下一步打算", None, "完善巡河台账。"),
    ])  # fmt: skip
    wb.save(book)


def _benxi_returned(root: Path, folder: Path) -> None:
    """The forms come back: one late, 高官镇's on the next half-year's form, 东营坊乡's never."""
    from openpyxl import load_workbook

    sent: dict[str, tuple[list[object], int]] = {  # unit: (figures in the form's order, 填报日期)
        "小市镇": ([24, 12.5, 3.2, 15.8], 5), "草河掌镇": (["１８", 8.25, 1.5, 6], 8), "草河城镇": ([20, 10, 2, 9.6], 9),
        "草河口镇": ([16, 6.4, 0.8, 4.5], 16), "南甸镇": ([22, 9.75, 2.6, 11.2], 10), "碱厂镇": ([19, 7.3, 1.1, 5.5], 4),
        "观音阁街道": ([30, 15.6, 4.25, 20.5], 3), "县水务局": ([120.5, 6], 2), "县生态环境局": ([35, 4], 6),
        "高官镇": ([21, 9.1, 2.2, 8.8], 9),
    }  # fmt: skip
    folder.mkdir()
    for unit, (figures, day) in sent.items():
        half = "2019年下半年" if unit == "高官镇" else "2019年上半年"
        wb = load_workbook(root / "output" / "填报表" / half / f"{unit}{half}统计报表（填报）.xlsx")
        sheet = wb["统计报表"]
        for i, figure in enumerate(figures):
            sheet.cell(6 + i, 4, figure)
        sheet.cell(6 + len(figures) + 1, 4, dt.datetime(2019, 7, day))
        wb.save(folder / f"{unit}.xlsx")


def test_a_countys_half_yearly_assessment_from_its_notice(tmp_path: Path, run: Run) -> None:
    """本县政办字〔2019〕41号 (本溪满族自治县, tests/data/notices): a 考核 of its 乡镇, a 街道 and 部门, reported
    每半年, set up from the notice's .docx with a clerk's slips, its forms returned and built."""
    from docx import Document

    root = tmp_path / "河长制"
    assert run("import", NOTICES / "本溪满族自治县河长制工作考核.docx", root).exit_code == 0
    rate = ("水质", "断面水质达标率", "%", "小数", None, "取最新", None, None, None, "乡镇、街道")
    _benxi_filled(root, BENXI_UNITS, [*BENXI_METRICS, rate])
    checked = run("-C", root, "validate")
    assert checked.exit_code != 0
    assert "单元格 A5：单位「草河口镇」不在「单位」表中，是否是「草河口 镇」？" in checked.output
    assert "指标「断面水质达标率」的单位是“%”，是比率" in checked.output  # 95% and 92% are not 187%
    _benxi_filled(root, [u and (u[0].replace(" ", ""), u[1]) for u in BENXI_UNITS], BENXI_METRICS)
    checked = run("-C", root, "validate")
    assert checked.exit_code == 0 and "11 个单位，3 个阶段" in checked.output, checked.output
    assert run("-C", root, "forms", "--period", "上半年").exit_code == 0
    assert run("-C", root, "forms", "--period", "2019年下半年", "--unit", "高官镇").exit_code == 0
    _benxi_returned(root, tmp_path / "收回")
    collected = run("-C", root, "collect", tmp_path / "收回")
    assert collected.exit_code == 0, collected.output
    assert "填报日期 2019年7月16日 晚于截止日期 2019年7月10日：并入后这一期算逾期报送" in collected.output
    assert "高官镇2019年下半年的「填报日期」2019年7月9日在这一期结束（12月31日）以前" in collected.output
    ledger = run("-C", root, "台账", "--period", "上半年").output
    assert "共 11 个单位，已报送 9 个（其中逾期 1 个），未报送 2 个。" in ledger, ledger
    assert "草河口镇\t逾期报送\t2019年7月16日" in ledger and "东营坊乡\t未报送" in ledger, ledger
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    out = root / "output"
    roll_up = Document(str(out / "统计" / "2019年上半年" / "全县汇总表2019年上半年.docx"))
    total = [[c.text for c in row.cells] for row in roll_up.tables[0].rows if row.cells[0].text == "合计"]
    # 乡镇 and 街道: 24+18+20+16+22+19+30 巡河; 12.5+8.25+10+6.4+9.75+7.3+15.6 吨; the two 部门 add their 万元
    assert total == [["合计", "149", "69.80", "15.45", "228.6", "10"]], total
    summary = "".join(
        p.text for p in Document(str(out / "总结" / "本溪满族自治县河长制工作考核工作总结.docx")).paragraphs
    )
    assert "逾期报送的有：草河口镇（2019年上半年，7月16日报送）" in summary
    assert "东营坊乡一期统计报表也没有报送" in summary
    assert "全县共乡级河长巡河" in summary and "%" not in summary
    checked_docs = run("-C", root, "check", out / "通知")
    assert checked_docs.exit_code == 0, checked_docs.output


def test_a_bureaus_forwarded_notice_to_its_schools_is_cited_with_its_own_number(tmp_path: Path, run: Run) -> None:
    """南教综〔2007〕224号 (南安市教育局, tests/data/notices) passes on the province's 《关于开展……的通知》 (闽教安组
    〔2007〕8号): the schools' plans cited the province's title with the bureau's number (根据《关于开展……的通知》
    （南教综〔2007〕224号）要求), a document that does not exist. They cite the bureau's notice, 〈〉 inside 《》."""
    from docx import Document
    from openpyxl import load_workbook

    root = tmp_path / "安全排查"
    assert run("import", NOTICES / "南安市教育局学校安全隐患排查.txt", root).exit_code == 0
    book = root / "inputs" / "活动数据.xlsx"
    wb = load_workbook(book)
    given = {"开始日期": dt.datetime(2007, 9, 1), "结束日期": "2007.9.30", "报送周期": "一次", "报送日": None,
             "牵头单位": "市教育局执法检查科", "领导小组办公室": "南安市教育局", "联系人": None, "联系电话": None}  # fmt: skip
    for sheet in ("发文", "活动"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=2):
            if row[0].value in given:
                row[1].value = given[str(row[0].value)]
    _rows_set(wb["阶段"], [("自查整改阶段", dt.datetime(2007, 9, 1), dt.datetime(2007, 9, 30), "全面查找各类安全隐患")])
    _rows_set(wb["单位类型"], [("学校",), ("幼儿园", "园", None, "全园", "在全园范围内")])
    units = [("南安一中", "学校", "福建省南安第一中学"), ("九都中心小学", "学校"), ("南安市实验幼儿园", "幼儿园")]
    _rows_set(wb["单位"], units)
    _rows_set(wb["领导小组"], [(u[0], "组长", "林　坚", "校长") for u in units])
    _rows_set(wb["统计指标"], [("隐患排查", "排查校舍面积", "平方米", "小数", "是", "累加", None, None, None, None)])
    _rows_set(wb["总结"], [("南安市", "主要做法", "层层落实责任", "各校成立排查工作小组。")])
    wb.save(book)
    built = run("-C", root, "build", "--kind", "方案")
    assert built.exit_code == 0, built.output
    plans = root / "output" / "方案"
    first = [p.text for p in Document(str(next(plans.glob("南安一中*.docx")))).paragraphs]
    assert first[2] == (
        "根据《关于转发省教育厅〈关于开展学校安全隐患排查治理专项行动的通知〉的通知》（南教综〔2007〕224号）要求，"
        "结合我校实际，在全校范围内开展学校安全隐患排查治理专项行动，制定本方案。"
    ), first
    assert first[-2:] == ["福建省南安第一中学", "2007年8月29日"]
    kindergarten = "".join(p.text for p in Document(str(next(plans.glob("南安市实验幼儿园*.docx")))).paragraphs)
    assert "结合我园实际，在全园范围内" in kindergarten and "人民政府" not in kindergarten


# --- 修水县 (江西) 森林防火, 2024—2025: 乡镇, 林场 and 部门, reported by the quarter ---------------------
# Set up from the blank starter as the guide says (no notice of it at hand: the county's 2008 notice on
# its 森林火灾应急预案 names the same addressees, 各乡镇人民政府，县政府各部门，县直各单位, and 县森林防火指挥部).

XIUSHUI_METRICS = [  # 分组, 指标, 单位, 类型, 主要指标, 累计方式, 表述, 为零时表述, 前提指标, 适用单位类型
    ("火情防控", "火情起数", "起", "整数", "是", "累加", "发生森林火情{值}起", "未发生森林火情", None, "乡镇、林场"),
    ("火情防控", "过火面积", "公顷", "小数", None, "累加", "过火面积{值}公顷", None, "火情起数", "乡镇、林场"),
    ("扑火救援", "出动扑火人员", "人次", "整数", "是", "累加", "出动扑火人员{值}人次", None, None, None),
    ("隐患排查", "排查火灾隐患", "处", "整数", "是", "累加", "排查火灾隐患{值}处", None, None, None),
    ("隐患排查", "整改火灾隐患", "处", "整数", None, "累加", "整改{值}处", None, None, None),
    ("队伍建设", "专业扑火队员", "人", "整数", None, "取最新", "现有专业扑火队员{值}人", None, None, "乡镇、林场"),
    ("执法查处", "查处违规用火", "起", "整数", None, "累加", "查处违规野外用火{值}起", "未查处违规用火", None, "部门"),
]
XIUSHUI_UNITS = [  # 渣津镇 typed twice, an empty row; the 林场 sign with their full names, 自称 left blank
    ("渣津镇", "乡镇"), ("马坳镇", "乡镇"), None, ("黄港镇", "乡镇"), ("渣津镇", "乡镇"),
    ("黄龙林场", "林场", "修水县国有黄龙林场"), ("九岭林场", "林场", "修水县国有九岭林场"),
    ("县林业局", "部门", None, "是", "局森林防火办"), ("县应急管理局", "部门", None, "是"), ("县公安局", "部门", None, "是"),
]  # fmt: skip
XIUSHUI_GROUP = [  # 渣津镇's two rows: its name typed once, the cell below left blank
    ("渣津镇", "组长", "陈立新", "镇长"), (None, "成员", "吴小兵", "副镇长"), ("马坳镇", "组长", "刘国华", "镇长"),
    ("黄港镇", "组长", "朱　敏", "镇长"), ("黄龙林场", "组长", "徐长青", "场长"), ("九岭林场", "组长", "樊志勇", "场长"),
    ("县林业局", "组长", "匡明亮", "局长"), ("县应急管理局", "组长", "冷卫东", "局长"), ("县公安局", "组长", "卢　刚", "副局长"),
]  # fmt: skip


def _xiushui_filled(book: Path) -> None:
    """The county office's clerk fills the blank starter: dates typed as text (2024.10.1, 2024年9月25日),
    the 报送日 in full-width digits, the 简称 防火期, a 林场 type with nothing but its name, the 阶段's
    words for 林场 and 部门 in columns of their own."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    given = {
        "发文机关": "修水县人民政府办公室", "发文机关标志": "修水县人民政府办公室文件", "发文字号": "修府办字〔2024〕86号",
        "成文日期": "2024年9月25日", "主送机关": "各乡镇人民政府，县政府各部门，县直各单位",
        "标题": "修水县人民政府办公室关于印发\n修水县2024—2025年度森林防火专项行动方案的通知",
        "印发机关": "修水县人民政府办公室", "印发日期": "2024.9.25", "联系人": "周建华", "联系电话": "0792-7221530",
        "活动名称": "森林防火专项行动", "方案标题": "修水县2024—2025年度森林防火专项行动方案", "开始日期": "2024.10.1",
        "结束日期": dt.datetime(2025, 4, 30), "牵头单位": "县林业局", "领导小组办公室": "修水县森林防火指挥部办公室",
        "方案报送截止": "2024年10月15日", "报送日": "１０", "总结报送截止": dt.datetime(2025, 5, 20), "简称": "防火期",
        "本级名称": "修水县", "报送周期": "季",
    }  # fmt: skip
    for sheet in ("发文", "活动"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=2):
            if row[0].value in given:
                row[1].value = given[str(row[0].value)]
    wb["阶段"]["E1"], wb["阶段"]["F1"] = "林场工作内容", "部门工作内容"
    _rows_set(wb["阶段"], [
        ("宣传发动阶段", "2024.10.1", dt.datetime(2024, 10, 31), "召开森林防火动员会，签订防火责任状，开展宣传进村入户。"),
        ("隐患排查阶段", dt.datetime(2024, 11, 1), dt.datetime(2025, 2, 28), "组织护林员对坟头、田边地角和进山路口逐一排查火灾隐患。",
         "组织护林员对经营区内林班逐一巡查，清理防火隔离带。", "按职责分工开展联合检查，依法查处违规野外用火。"),
        ("巩固提升阶段", dt.datetime(2025, 3, 1), dt.datetime(2025, 4, 30), "落实清明期间死看硬守措施，总结经验，报送工作总结。"),
    ])  # fmt: skip
    _rows_set(wb["单位类型"], [("乡镇", None, "人民政府"), ("部门",), ("林场",)])
    _rows_set(wb["单位"], XIUSHUI_UNITS)
    _rows_set(wb["领导小组"], XIUSHUI_GROUP)
    _rows_set(wb["统计指标"], XIUSHUI_METRICS)
    _rows_set(wb["核对规则"], [("整改火灾隐患", "不大于", "排查火灾隐患", None)])
    wb["统计报表"].delete_rows(1, wb["统计报表"].max_row)
    wb["统计报表"].append(["单位名称", "期别", *(m[1] for m in XIUSHUI_METRICS)])
    _rows_set(wb["总结"], [
        ("修水县", "主要做法", "压实防火责任", "县、乡、村三级层层签订森林防火责任状。"),
        ("修水县", "存在问题", None, "部分乡镇护林员年龄偏大，巡山频次不够。"),
        ("修水县", "下一步打算", None, "推进林火视频监控全覆盖。"),
    ])  # fmt: skip
    wb.save(book)


def _xiushui_mended(book: Path, merged: bool) -> None:
    """validate's two errors mended: the second 渣津镇 row deleted; 渣津镇's blank cell merged into the
    one above (as a clerk would), or, once told merged cells are not read, typed out."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    if wb["单位"]["A6"].value == "渣津镇":
        wb["单位"].delete_rows(6)
    if merged:
        wb["领导小组"].merge_cells("A2:A3")
    else:
        wb["领导小组"].unmerge_cells("A2:A3")
        wb["领导小组"]["A3"] = "渣津镇"
    wb.save(book)


# unit: figures in each quarter's form order (乡镇 and 林场: 火情, 过火面积, 出动, 排查, 整改, 队员; 部门: 出动,
# 排查, 整改, 查处) and the 填报日期, typed every way a clerk types them; 县公安局 sends neither 2025 quarter
XIUSHUI_SENT: dict[tuple[str, str], tuple[Sequence[object], object]] = {
    ("渣津镇", "2024年第四季度"): ([1, 0.8, 45, 12, 10, 30], "2025.1.8"),
    ("马坳镇", "2024年第四季度"): ([0, 0, 20, 8, 8, 25], "2025年1月15日"),  # late
    ("黄港镇", "2024年第四季度"): (["２", "1.5", 60, 15, 12, 28], dt.datetime(2025, 1, 6)),  # figures as text
    ("黄龙林场", "2024年第四季度"): ([0, 0, 12, 5, 5, 40], dt.datetime(2025, 1, 5)),
    ("九岭林场", "2024年第四季度"): ([1, 2.35, 80, 9, 9, 45], dt.datetime(2025, 1, 9)),
    ("县林业局", "2024年第四季度"): ([30, 6, 6, 2], dt.datetime(2025, 1, 7)),
    ("县应急管理局", "2024年第四季度"): ([15, 4, 4, 0], dt.datetime(2025, 1, 7)),
    ("县公安局", "2024年第四季度"): ([10, 0, 0, 3], dt.datetime(2025, 1, 10)),
    ("渣津镇", "2025年第一季度"): ([0, 0, 30, 9, 9, 32], dt.datetime(2025, 4, 3)),
    ("马坳镇", "2025年第一季度"): ([1, 0.5, 35, 6, 5, 25], dt.datetime(2025, 4, 8)),
    ("黄港镇", "2025年第一季度"): ([0, 0, 22, 7, 7, 28], dt.datetime(2025, 4, 9)),
    ("黄龙林场", "2025年第一季度"): ([0, 0, 16, 4, 4, 40], dt.datetime(2025, 4, 2)),
    ("九岭林场", "2025年第一季度"): ([2, 3.1, 95, 11, 10, 45], "2025年4月25日"),  # late
    ("县林业局", "2025年第一季度"): ([25, 5, 5, 1], dt.datetime(2025, 4, 7)),
    ("县应急管理局", "2025年第一季度"): ([12, 3, 3, 0], dt.datetime(2025, 4, 10)),
    **{(unit, "2025年第二季度"): (figures, dt.datetime(2025, 5, 8)) for unit, figures in (
        ("渣津镇", [0, 0, 12, 3, 3, 32]), ("马坳镇", [0, 0, 10, 2, 2, 25]), ("黄港镇", [0, 0, 9, 2, 2, 28]),
        ("黄龙林场", [0, 0, 8, 1, 1, 38]), ("九岭林场", [0, 0, 14, 2, 2, 44]), ("县林业局", [6, 1, 1, 0]),
        ("县应急管理局", [4, 1, 1, 0]))},
}  # fmt: skip


def _xiushui_returned(
    root: Path, folder: Path, sent: Mapping[tuple[str, str], tuple[Sequence[object], object]]
) -> None:
    from openpyxl import load_workbook

    folder.mkdir(parents=True)
    for (unit, quarter), (figures, filed) in sent.items():
        wb = load_workbook(root / "output" / "填报表" / quarter / f"{unit}{quarter}统计报表（填报）.xlsx")
        sheet = wb["统计报表"]
        for i, figure in enumerate(figures):
            sheet.cell(6 + i, 4, figure)
        (label,) = [c for row in sheet.iter_rows() for c in row if c.value == "填报日期"]
        sheet.cell(label.row, label.column + 1).value = filed
        sheet["B4"] = "李会计"
        wb.save(folder / f"{unit}{quarter}.xlsx")


def test_a_countys_forest_fire_season_by_the_quarter_from_the_blank_starter(tmp_path: Path, run: Run) -> None:
    """修水县's 森林防火专项行动 (2024年10月 to 2025年4月): 乡镇, 林场 (a type of its own) and 部门, reported by the
    quarter across the new year; set up with a clerk's slips, its forms returned (text figures, dates as
    text, two late, one corrected after it was on time, one unit silent), built, checked and proofread."""
    from docx import Document

    root = tmp_path / "森林防火"
    assert run("init", root, "--blank").exit_code == 0
    book = root / "inputs" / "活动数据.xlsx"
    _xiushui_filled(book)
    checked = run("-C", root, "validate")
    assert checked.exit_code != 0
    assert "工作表「单位」 单元格 A6：单位「渣津镇」重复，已在 A2 出现" in checked.output, checked.output
    assert "工作表「领导小组」 单元格 A3：「单位名称」不能为空" in checked.output, checked.output
    _xiushui_mended(book, merged=True)
    checked = run("-C", root, "validate")
    assert "单元格 A2:A3：这是合并单元格，但这里每个单元格都要单独填写" in checked.output, checked.output
    _xiushui_mended(book, merged=False)
    checked = run("-C", root, "validate")
    assert checked.exit_code == 0 and "8 个单位，3 个阶段" in checked.output, checked.output
    for quarter in ("第四季度", "2025年第一季度", "第二季度"):  # 第四季度 is the campaign's only one
        assert run("-C", root, "forms", "--period", quarter).exit_code == 0
    _xiushui_returned(root, tmp_path / "收回", XIUSHUI_SENT)
    collected = run("-C", root, "collect", tmp_path / "收回")
    assert collected.exit_code == 0, collected.output
    assert "已并入 22 份报表" in collected.output, collected.output
    assert "填报日期 2025年1月15日 晚于截止日期 2025年1月10日：并入后这一期算逾期报送" in collected.output
    assert "填报日期 2025年4月25日 晚于截止日期 2025年4月10日" in collected.output
    corrected = {("黄港镇", "2024年第四季度"): ([2, 1.5, 60, 15, 14, 28], dt.datetime(2025, 1, 20))}
    _xiushui_returned(root, tmp_path / "更正", corrected)
    collected = run("-C", root, "collect", tmp_path / "更正")
    assert "整改火灾隐患：12处 → 14处" in collected.output, collected.output
    assert "这一期已于 2025年1月6日 按时报送，这份是更正，并入后仍算按时报送（更正）" in collected.output
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    assert "核稿〔" not in built.output, built.output  # the 阶段's words for 林场 and 部门 are their own
    out = root / "output"
    assert run("-C", root, "check", out).exit_code == 0

    def text(path: Path) -> str:
        return "".join(p.text for p in Document(str(path)).paragraphs)

    summary = text(out / "总结" / "修水县森林防火专项行动工作总结.docx")
    # 火情 4+3+0 (the 林场 and 乡镇 alone); 过火面积 4.65+3.6; 出动 272+235+63; 排查 59+45+12, 整改 56+43+12 (黄港镇's 14,
    # corrected); 队员 the last quarter's 32+25+28+38+44 (a stock); 查处 the 部门's 2+3+1
    assert (
        "防火期内，火情防控方面，全县共发生森林火情7起，过火面积8.25公顷。扑火救援方面，全县共出动扑火人员570人次。"
        "隐患排查方面，全县共排查火灾隐患116处，整改111处。队伍建设方面，全县现有专业扑火队员167人。"
        "执法查处方面，全县共查处违规野外用火6起。"
    ) in summary, summary
    assert (
        "全县8个单位应报送统计报表24份，实际报送22份，其中逾期报送的有：马坳镇（2024年第四季度，1月15日报送）、"
        "九岭林场（2025年第一季度，4月25日报送）；未报送的有：县公安局（2025年第一季度、2025年第二季度）。"
    ) in summary, summary
    assert summary.endswith("修水县森林防火指挥部办公室2025年5月20日")
    farm = _paragraphs(out / "总结" / "黄龙林场森林防火专项行动工作总结.docx")
    # a 林场 speaks of itself as 场 (我场, 全场), never 我单位 or 全单位
    assert "2024年10月1日至2025年4月30日，我场开展了森林防火专项行动，现将工作情况总结如下。" in farm
    assert "防火期内，火情防控方面，全场未发生森林火情。" in "".join(farm), farm
    assert farm[-2:] == ["修水县国有黄龙林场", "2025年5月8日"]  # its last quarter's form, filed after the campaign
    plan = text(out / "方案" / "九岭林场森林防火专项行动工作方案.docx")
    assert "结合我场实际，在全场范围内开展森林防火专项行动" in plan
    assert "组织护林员对经营区内林班逐一巡查，清理防火隔离带。" in plan
    assert "（二）隐患排查阶段（2024年11月1日至2025年2月28日）" in plan  # never 11月1日至2月28日, backwards
    roll_up = Document(str(out / "统计" / "2024年第四季度" / "全县汇总表2024年第四季度.docx"))
    total = [[c.text for c in row.cells] for row in roll_up.tables[0].rows if row.cells[0].text == "合计"]
    assert total == [["合计", "4", "4.65", "272", "59", "56", "168", "5"]], total
    assert "制表日期：2025年1月20日" in roll_up.paragraphs[2].text  # 黄港镇's correction came on 1月20日
    police_summary = _paragraphs(out / "总结" / "县公安局森林防火专项行动工作总结.docx")
    # signed 4月30日, when 2025年第二季度 (due 5月10日) was nobody's to send yet: only 第一季度 is 未报送
    assert police_summary[-1] == "2025年4月30日"
    (figures,) = [p for p in police_summary if p.startswith("防火期内，")]
    assert figures.startswith("防火期内，我局2025年第一季度统计报表未报送，以下为2024年第四季度合计。"), figures
    police = text(out / "统计" / "2025年第一季度" / "县公安局2025年第一季度统计报表.docx")
    assert "未报送" in police
    assert not list(out.rglob("*单位*实际*"))
    # across the new year a form's days and deadline, and a chart's quarters, carry their year (1月10日 alone
    # under 2024年第四季度 reads as the quarter's own January; 四季度、一季度 as one year's)
    from openpyxl import load_workbook

    form = load_workbook(out / "填报表" / "2024年第四季度" / "渣津镇2024年第四季度统计报表（填报）.xlsx")["统计报表"]
    header = [c.value for row in form.iter_rows(min_row=2, max_row=4) for c in row]
    assert "2024年10月1日至2024年12月31日" in header and "2025年1月10日前" in header, header
    # the statistics sheet says its 统计时段 as its form does, with the year (never 10月1日至12月31日)
    sheet = text(out / "统计" / "2024年第四季度" / "渣津镇2024年第四季度统计报表.docx")
    assert "2024年10月1日至2024年12月31日" in sheet, sheet
    with zipfile.ZipFile(out / "总结" / "修水县森林防火专项行动工作总结.docx") as zf:
        charts = " ".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/charts/chart"))
    assert "2024年四季度" in charts and "2025年一季度" in charts and ">四季度<" not in charts, charts


def test_a_county_summary_dated_before_a_quarter_is_due_does_not_call_it_missing(tmp_path: Path, run: Run) -> None:
    """修水's county summary dated 2025年5月9日: seven units sent 2025年第二季度 on 5月8日, 县公安局 had until
    5月10日. Its text called that quarter 未报送 and its chart marked it *当期有单位未报送; the county office
    reads a report not yet due as not yet due, and a total that lacks it as incomplete for that reason."""
    from docx import Document
    from openpyxl import load_workbook

    root = tmp_path / "森林防火"
    assert run("init", root, "--blank").exit_code == 0
    book = root / "inputs" / "活动数据.xlsx"
    _xiushui_filled(book)
    _xiushui_mended(book, merged=True)
    _xiushui_mended(book, merged=False)
    wb = load_workbook(book)
    for row in wb["活动"].iter_rows(min_row=2, max_col=2):
        if row[0].value == "总结报送截止":
            row[1].value = dt.datetime(2025, 5, 9)
    wb.save(book)
    for quarter in ("第四季度", "2025年第一季度", "第二季度"):
        assert run("-C", root, "forms", "--period", quarter).exit_code == 0
    _xiushui_returned(root, tmp_path / "收回", XIUSHUI_SENT)
    assert run("-C", root, "collect", tmp_path / "收回").exit_code == 0
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    path = root / "output" / "总结" / "修水县森林防火专项行动工作总结.docx"
    summary = "".join(p.text for p in Document(str(path)).paragraphs)
    assert summary.endswith("2025年5月9日"), summary
    # due by 5月9日: 8 + 8 + 7 (县公安局's second quarter not yet); sent 22; missing 县公安局's first quarter alone
    assert "全县8个单位应报送统计报表23份，实际报送22份" in summary, summary
    assert "未报送的有：县公安局（2025年第一季度）。" in summary, summary
    with zipfile.ZipFile(path) as zf:
        charts = " ".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/charts/chart"))
    # the second quarter's total still lacks 县公安局's figures: marked, and the note says why
    assert "2025年一季度*" in charts and "2025年二季度*" in charts, charts
    assert "注：*当期有单位未报送或尚未到报送期限，合计不全" in charts, charts


def test_a_department_s_summary_promises_only_what_its_own_field_and_figures_hold(
    built_examples: dict[str, Path],
) -> None:
    """永清's 县教育局 inspected no rented house and registered no migrant (its reports say 0 all campaign),
    yet its summary's 下一步打算 promised to 完善出租房屋和流动人口动态管理; and it reported hotels inspected,
    the police's (旅馆业) and the market regulator's field, not a school authority's. A 文秘 signs neither."""
    from openpyxl import load_workbook

    root = built_examples["yongqing"]
    sheet = load_workbook(root / "inputs" / "活动数据.xlsx", read_only=True)["统计报表"]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    column = {name: k for k, name in enumerate(header)}
    own_field = ("县公安局", "县工商和食药监局")
    for department in ("县工商和食药监局", "县教育局", "县人社局", "县司法局", "县民政局"):
        reports = [r for r in rows if r[0] == department]
        assert reports and not any(r[column["排查出租房屋"]] or r[column["登记流动人口"]] for r in reports)
        text = "".join(_paragraphs(root / "output" / "总结" / f"{department}打击传销活动大排查工作总结.docx"))
        assert "出租房屋" not in text and "流动人口" not in text, (department, text)
        if department not in own_field:
            assert not any(r[column["排查宾馆、旅店、招待所"]] for r in reports), department
            assert "宾馆" not in text, (department, text)
    police = "".join(_paragraphs(root / "output" / "总结" / "县公安局打击传销活动大排查工作总结.docx"))
    assert "完善出租房屋和流动人口动态管理" in police  # the police's own figures hold it


def test_a_department_s_plan_gives_it_no_power_it_lacks_and_names_what_it_inspects(
    built_examples: dict[str, Path],
) -> None:
    """永清's 县教育局 plan said it would 依法查处涉传线索 (the police's and the market regulator's power, not
    a school authority's) and 重点排查在校学生和应届毕业生参与传销的预防、排查和劝返 (inspect a prevention);
    县司法局's 重点排查…以及打击传销法治宣传. Each department now inspects people, places or leads, and
    deals with a lead as its powers allow."""
    root = built_examples["yongqing"]
    for department in ("县公安局", "县工商和食药监局", "县教育局", "县人社局", "县司法局", "县民政局"):
        plan = _paragraphs(root / "output" / "方案" / f"{department}打击传销活动大排查工作方案.docx")
        (focus,) = [p for p in plan if "重点排查" in p]
        inspected = focus.split("重点排查", 1)[1]
        assert "排查" not in inspected and "宣传" not in inspected and "查处" not in inspected, focus
        assert not any("依法查处涉传线索" in p for p in plan), department
        assert any("对涉传线索依职责查处或及时移交" in p for p in plan), department


def test_a_zone_s_communities_are_given_their_own_task(built_examples: dict[str, Path]) -> None:
    """永清经济开发区's teams are its 社区 (园区一社区, 园区二社区): its plan addressed 各村（街）、社区 and had
    them search 本村（街）出租房屋, a task no 社区 has. The task names the 社区 its heading addresses."""
    root = built_examples["yongqing"]
    for unit in ("永清经济开发区", "韩村镇"):
        plan = "".join(_paragraphs(root / "output" / "方案" / f"{unit}打击传销活动大排查工作方案.docx"))
        assert "各村（街）、社区。落实属地责任，组建打传队伍，对本村（街）、社区的出租房屋、流动人口" in plan, plan
