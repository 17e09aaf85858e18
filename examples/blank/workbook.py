"""The starter workbook of `gongwen init --blank`: every sheet a campaign uses, with ×× placeholders.

It builds as it is, so that a clerk sees at once what each row turns into, then
replaces the placeholders with the new campaign's own words, units and figures.
"""

from __future__ import annotations

import datetime as dt
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
    UNITS_SHEET,
)

D = dt.date
DESCRIPTION = "空白活动：所有工作表都有，内容是“××”占位，改成新活动的内容即可"

NOTICE: dict[str, Any] = {
    "发文机关": "××县人民政府办公室",
    "发文机关标志": "××县人民政府办公室文件",
    "发文字号": "×政办〔2025〕1号",
    "成文日期": D(2025, 3, 1),
    "标题": "××县人民政府办公室关于印发\n××县××专项行动实施方案的通知",
    "主送机关": "各乡镇人民政府，县政府有关部门",
    "抄送机关": None,
    "印发机关": "××县人民政府办公室",
    "印发日期": D(2025, 3, 1),
    "联系人": "×××",
    "联系电话": "××××-×××××××",
    "电子邮箱": None,
}
CAMPAIGN: dict[str, Any] = {
    "活动名称": "××专项行动",
    "简称": "专项行动",
    "本级名称": "××县",
    "范围": None,
    "方案标题": "××县××专项行动实施方案",
    "开始日期": D(2025, 3, 1),
    "结束日期": D(2025, 5, 31),
    "牵头单位": "县××局",
    "领导小组办公室": "县××专项行动领导小组办公室",
    "方案报送截止": D(2025, 3, 10),
    "报送周期": "月",
    "报送日": 5,
    "总结报送截止": D(2025, 6, 10),
}
NOTICE = {k: v for k, v in NOTICE.items() if v is not None}
CAMPAIGN = {k: v for k, v in CAMPAIGN.items() if v is not None}

PHASES: list[list[Any]] = [
    ["动员部署阶段", D(2025, 3, 1), D(2025, 3, 10), "制定本单位工作方案，明确责任人。"],
    ["集中开展阶段", D(2025, 3, 11), D(2025, 5, 20), "按方案逐项落实，每月报送统计报表。"],
    ["总结提升阶段", D(2025, 5, 21), D(2025, 5, 31), "总结经验，报送工作总结。"],
]
UNIT_TYPES: list[list[Any]] = [["乡镇", None, "人民政府"], ["部门", None, None]]
UNITS: list[list[Any]] = [
    ["××镇", "乡镇", None, None, "镇综治办", None],
    ["××乡", "乡镇", None, None, "乡综治办", None],
    ["县××局", "部门", None, "是", "局办公室", None],
]
LEADERS_SHEET = "领导小组"
LEADERS: list[list[Any]] = [
    ["单位名称", "小组职务", "姓名", "职务"],
    ["××镇", "组长", "×××", "镇长"],
    ["××乡", "组长", "×××", "乡长"],
    ["县××局", "组长", "×××", "局长"],
]
RULES: list[list[Any]] = [
    [LEADERS_SHEET, "小组职务", "文字", "是", "组长、副组长、成员", None, None, "是", "错误", None]
]
# Every column of the sheet, so a clerk sees 累计方式 (a stock such as 登记选民 or 队伍人数 taken at its last
# report, not added up over the periods) and the wordings without reading the guide first.
METRICS: list[list[Any]] = [
    ["工作开展", "召开会议", "次", "整数", "是", "累加"],
    ["工作开展", "出动检查人员", "人次", "整数", "是", "累加"],
    ["问题整改", "发现问题", "个", "整数", None, "累加"],
    # 整改问题 is told only after the problems found (前提指标): 发现问题5个，整改问题4个, not the other way round
    ["问题整改", "整改问题", "个", "整数", "是", "累加", None, None, "发现问题"],
]
CHECKS: list[list[Any]] = [["整改问题", "不大于", "发现问题", None]]
REPORTS: list[list[Any]] = [
    ["××镇", "2025年3月", 2, 30, 5, 4],
    ["××乡", "2025年3月", 1, 18, 2, 2],
    ["县××局", "2025年3月", 1, 6, 0, 0],
]
SUMMARY: list[list[Any]] = [
    ["××镇", "主要做法", "××××", "××××××××"],
    ["××县", "主要做法", "××××", "××××××××"],
    ["××县", "存在问题", None, "××××××××"],
    ["××县", "下一步打算", None, "××××××××"],
]
DOCUMENTS: list[list[Any]] = [
    ["通知", "通知", "是", None, None, "是"],
    ["方案", "方案", "是", None, None, "是"],
    ["报表", "报表", "是", None, None, "是"],
    ["汇总", "汇总", "是", None, None, "是"],
    ["汇总表", "汇总表", "是", None, None, "是"],
    ["总结", "总结", "是", None, None, "是"],
    ["总体总结", "总体总结", "是", None, None, "是"],
]


def write_workbook(path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    form_sheet(wb, NOTICE_SHEET, NOTICE)
    form_sheet(wb, CAMPAIGN_SHEET, CAMPAIGN)
    table_sheet(wb, PHASES_SHEET.name, field_names(PHASES_SHEET), PHASES)
    table_sheet(wb, UNIT_TYPES_SHEET.name, field_names(UNIT_TYPES_SHEET), UNIT_TYPES)
    table_sheet(wb, UNITS_SHEET.name, field_names(UNITS_SHEET), UNITS)
    table_sheet(wb, LEADERS_SHEET, LEADERS[0], LEADERS[1:])
    table_sheet(wb, RULES_SHEET.name, field_names(RULES_SHEET), RULES)
    table_sheet(wb, METRICS_SHEET.name, field_names(METRICS_SHEET), METRICS)
    table_sheet(wb, CHECKS_SHEET.name, field_names(CHECKS_SHEET), CHECKS)
    table_sheet(wb, REPORTS_SHEET_NAME, [REPORT_UNIT_COLUMN, REPORT_PERIOD_COLUMN, *(m[1] for m in METRICS)], REPORTS)
    table_sheet(wb, SUMMARY_SHEET.name, field_names(SUMMARY_SHEET), SUMMARY)
    table_sheet(wb, DOCUMENTS_SHEET.name, field_names(DOCUMENTS_SHEET), DOCUMENTS)
    return save_workbook(wb, path, dt.datetime(2025, 3, 1))
