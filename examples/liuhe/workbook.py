"""The 柳河镇 example: a town's four-week spring forest-fire inspection, written from code.

As different from the 永清县 example as a campaign gets: a 镇 runs it, four 检查组
instead of townships, weekly reports due the next day, other metrics (a stock among
them), a campaign-wide list without 单位名称 (值班安排), per-group lists of its own,
and documents of its own names (检查安排, 周报, 检查报告) with no spreadsheet roll-up.
Every name, number and sentence is invented sample data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from examples.sheets import field_names, form_sheet, save_workbook, table_sheet
from generator.inputs.schema import (
    CAMPAIGN_SHEET,
    CHECKS_SHEET,
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
)

D = dt.date

DESCRIPTION = "柳河镇春季森林防火专项检查（镇级，4 个检查组，按周报送，不做 Excel 汇总表）\n全部为虚构的示例数据。"

NOTICE: dict[str, Any] = {
    "发文机关": "柳河镇人民政府",
    "发文机关标志": "柳河镇人民政府文件",
    "发文字号": "柳政发〔2024〕6号",
    "成文日期": D(2024, 3, 1),
    "标题": "柳河镇人民政府关于开展\n春季森林防火专项检查的通知",
    "主送机关": "各检查组，镇直各单位，各村（社区）",
    "印发机关": "柳河镇党政综合办公室",
    "印发日期": D(2024, 3, 1),
    "联系人": "孙立平",
    "联系电话": "0471-5523106",
}

CAMPAIGN: dict[str, Any] = {
    "活动名称": "春季森林防火专项检查",
    "简称": "专项检查",
    "本级名称": "柳河镇",
    "方案标题": "柳河镇春季森林防火专项检查方案",
    "开始日期": D(2024, 3, 4),
    "结束日期": D(2024, 3, 31),
    "牵头单位": "第一检查组",
    "领导小组办公室": "柳河镇森林防火指挥部办公室",
    "方案报送截止": D(2024, 3, 3),
    "报送周期": "周",
    "每周最后一天": "星期日",  # 每周检查结束后1日内: weeks of the calendar, Monday to Sunday, due Monday
    "报送日": 1,
    "总结报送截止": D(2024, 4, 3),
    "防火期": "3月1日至6月30日",
}

PHASES_HEADER = ["阶段名称", "开始日期", "结束日期", "工作内容", "重点"]
PHASES: list[list[Any]] = [
    ["全面排查", D(2024, 3, 4), D(2024, 3, 17), "对分包村（社区）的林区、坟场、林缘耕地逐片检查，建立隐患台账。", "查隐患、建台账"],
    ["集中整治", D(2024, 3, 18), D(2024, 3, 27), "对排查出的隐患逐条整改，清理林下可燃物，落实护林员巡护。", "清隐患、压责任"],
    ["复查验收", D(2024, 3, 28), D(2024, 3, 31), "对整改情况逐一复查，形成检查报告报镇森林防火指挥部办公室。", "回头看、报结果"],
]  # fmt: skip

UNIT_TYPES: list[list[Any]] = [["检查组", "组", None]]
UNITS_HEADER = ["单位名称", "类型", "机关全称", "包联村（社区）", "方案日期"]
UNITS: list[list[Any]] = [
    ["第一检查组", "检查组", "柳河镇森林防火第一检查组", "北沟村、石门村", D(2024, 3, 3)],
    ["第二检查组", "检查组", "柳河镇森林防火第二检查组", "前坡村、杏花村", D(2024, 3, 3)],
    ["第三检查组", "检查组", "柳河镇森林防火第三检查组", "南山村、松林社区", D(2024, 3, 3)],
    ["第四检查组", "检查组", "柳河镇森林防火第四检查组", "东岭村、河湾村", D(2024, 3, 3)],
]

MEMBERS_SHEET, SPOTS_SHEET, DUTY_SHEET = "检查组成员", "检查点位", "值班安排"
MEMBERS_HEADER = ["单位名称", "职责", "姓名", "工作单位及职务"]
_POSTS = [
    ("组长", "镇党委副书记", "镇人大主席", "镇党委委员、副镇长", "镇党委委员、武装部长"),
    ("副组长", "镇应急办主任", "镇林业站站长", "镇自然资源所所长", "镇派出所副所长"),
    ("组员", "镇林业站技术员", "镇应急办干事", "镇综合执法队队员", "镇农业服务中心干事"),
]
_NAMES = [
    "赵德顺",
    "钱文博",
    "孙立平",
    "李春来",
    "周海燕",
    "吴建军",
    "郑秀兰",
    "王国栋",
    "冯志刚",
    "陈丽萍",
    "褚明辉",
    "卫红霞",
]
MEMBERS: list[list[Any]] = [
    # A 组员 listed before the 组长: the 字段规则 sheet sorts each group's members by 职责.
    [unit[0], role, _NAMES[(i * 3 + j) % len(_NAMES)], posts[i]]
    for i, unit in enumerate(UNITS)
    for j, (role, *posts) in enumerate(reversed(_POSTS))
]
SPOTS_HEADER = ["单位名称", "村（社区）", "点位", "重点内容"]
SPOTS: list[list[Any]] = [
    [unit[0], village, f"{village}{spot}", content]
    for unit in UNITS
    for village in unit[3].split("、")
    for spot, content in (("后山林区", "林下可燃物清理和防火隔离带"), ("坟场", "祭祀用火管控和看护人员在岗"))
]
DUTY_HEADER = ["日期", "带班领导", "值班电话"]
DUTY: list[list[Any]] = [
    ["3月4日至3月17日", "赵德顺", "0471-5523101"],
    ["3月18日至3月31日", "钱文博", "0471-5523102"],
]

RULES: list[list[Any]] = [
    [MEMBERS_SHEET, "职责", "文字", "是", "组长、副组长、组员", None, None, "是", "错误", None],
    [MEMBERS_SHEET, "姓名", "文字", "是", None, None, None, None, None, None],
    [SPOTS_SHEET, "重点内容", "文字", "是", None, None, None, None, None, "每个检查点位都要写明检查重点"],
]

METRICS_HEADER = ["分组", "指标", "单位", "类型", "主要指标", "累计方式", "表述", "为零时表述", "前提指标"]
METRICS: list[list[Any]] = [
    ["检查组织", "出动检查人员", "人次", "整数", "是", None, None, None, None],
    ["检查组织", "巡查林区面积", "公顷", "小数", None, None, "巡查林区{值}公顷", None, None],
    ["检查组织", "在岗护林员", "人", "整数", None, "取最新", "落实在岗护林员{值}人", None, None],
    ["隐患整治", "检查重点部位数", "处", "整数", "是", None, None, None, None],
    ["隐患整治", "发现火灾隐患", "处", "整数", None, None, None, "未发现火灾隐患", None],
    ["隐患整治", "整改火灾隐患", "处", "整数", "是", None, "督促整改火灾隐患{值}处", None, "发现火灾隐患"],
    ["隐患整治", "清理林下可燃物", "吨", "小数", None, None, None, None, None],
    ["宣传教育", "入户宣传", "户", "整数", None, None, "入户宣传{值}户", None, None],
    ["宣传教育", "发放防火明白纸", "份", "整数", None, None, None, None, None],
]
CHECKS: list[list[Any]] = [
    ["整改火灾隐患", "不大于", "发现火灾隐患", "{单位}{期别}整改隐患 {值} 处，多于发现的 {对象值} 处，请核实"],
]
MISSING_REPORT = ("第三检查组", "第2周")


def _reports() -> list[list[Any]]:
    rows = []
    for unit, *_ in UNITS:
        for week in range(1, 5):
            if (unit, f"第{week}周") == MISSING_REPORT:
                continue
            rng = random.Random(f"{unit}{week}")
            found = rng.randint(0, 4) if week < 4 else 0
            rows.append([
                unit, f"第{week}周", rng.randint(18, 40), round(rng.uniform(60, 180), 1), 6 + rng.randint(0, 2),
                rng.randint(4, 12), found, max(0, found - rng.randint(0, 1)), round(rng.uniform(1, 8), 1),
                rng.randint(30, 90), rng.randint(80, 260),
            ])  # fmt: skip
    return rows


REPORTS = _reports()

# Each group's own problem (one text copied to every group is what 核稿 flags).
_PROBLEMS = {
    "第一检查组": "个别林缘耕地仍有烧荒习惯，群众防火意识有待提高",
    "第二检查组": "坟场祭祀用火看护人员年龄偏大，夜间巡护跟不上",
    "第三检查组": "南山村后山林区道路窄，巡护车辆进不去，只能步行巡查",
    "第四检查组": "部分农户在林缘堆放柴草，劝离后又有反复",
}

SUMMARY: list[list[Any]] = [
    *(
        row
        for unit, *_ in UNITS
        for row in (
            [unit, "主要做法", "分片包干", f"按包联村（社区）划分责任片区，组员分片包干，每周走遍{unit}负责的全部点位"],
            [unit, "主要做法", "边查边改", "对能当场整改的隐患当场整改，不能当场整改的登记建档、限期整改"],
            [unit, "存在问题", None, _PROBLEMS[unit]],
            [unit, "下一步打算", None, "把专项检查中的好做法纳入日常巡护，防火期内不松劲"],
        )
    ),
    ["柳河镇", "主要做法", "压实责任", "镇党委、政府主要负责同志带头包联，四个检查组分片负责，责任落实到村到人"],
    ["柳河镇", "典型案例", "一处坟场隐患当日整改", "第二检查组在前坡村坟场发现违规堆放可燃物，当日组织村民清理，消除了隐患"],
    ["柳河镇", "存在问题", None, "部分护林员年龄偏大，巡护装备不足"],
    ["柳河镇", "下一步打算", None, "为护林员配齐巡护装备，建立防火期每周调度制度"],
]  # fmt: skip

DOCUMENTS: list[list[Any]] = [
    ["通知", "通知", "是", "{发文.标题}", "通知", "是"],
    ["检查安排", "方案", "是", "{单位.名称}检查工作安排", "检查安排", "是"],
    ["周报", "报表", "是", "{单位.名称}{统计.期别}检查情况周报", "周报/{统计.期别}", "是"],
    ["周汇总", "汇总", "是", "{活动.范围}{统计.期别}检查情况汇总", "周报/{统计.期别}", "是"],
    ["汇总表", "汇总表", "否", None, None, "是"],
    ["检查报告", "总结", "是", "{单位.名称}检查情况报告", "检查报告", "否"],
    ["镇总结", "总体总结", "是", "{本级.名称}{活动.名称}工作总结", "总结", "是"],
]


def write_workbook(path: Path, reports: Sequence[Sequence[Any]] | None = None) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    form_sheet(wb, NOTICE_SHEET, NOTICE)
    form_sheet(wb, CAMPAIGN_SHEET, CAMPAIGN)
    tables: list[tuple[str, Sequence[str], Sequence[Sequence[Any]]]] = [
        (PHASES_SHEET.name, PHASES_HEADER, PHASES),
        (UNIT_TYPES_SHEET.name, field_names(UNIT_TYPES_SHEET), UNIT_TYPES),
        ("单位", UNITS_HEADER, UNITS),
        (MEMBERS_SHEET, MEMBERS_HEADER, MEMBERS),
        (SPOTS_SHEET, SPOTS_HEADER, SPOTS),
        (DUTY_SHEET, DUTY_HEADER, DUTY),
        (RULES_SHEET.name, field_names(RULES_SHEET), RULES),
        (METRICS_SHEET.name, METRICS_HEADER, METRICS),
        (CHECKS_SHEET.name, field_names(CHECKS_SHEET), CHECKS),
        (REPORTS_SHEET_NAME, [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m[1] for m in METRICS)],
         REPORTS if reports is None else reports),
        (SUMMARY_SHEET.name, field_names(SUMMARY_SHEET), SUMMARY),
        (DOCUMENTS_SHEET.name, field_names(DOCUMENTS_SHEET), DOCUMENTS),
    ]  # fmt: skip
    for name, header, rows in tables:
        table_sheet(wb, name, header, rows)
    return save_workbook(wb, path, dt.datetime(2024, 3, 1))
