"""Set up two campaigns unlike the shipped examples as a clerk would, following docs/换一个活动.md.

    python scripts/make_campaign_guide.py         # needs LibreOffice for the pictures

Each campaign starts from `gongwen init --blank` and is changed only where a clerk changes it in
Excel (cells of the workbook) and Word (paragraphs of a template, a template file renamed). The
script counts the cells and paragraphs touched, prints what `gongwen validate` says at each step
(the messages the guide quotes), builds, and draws page 1 of the documents the guide shows into
docs/guide/. Nothing here is read by gongwen or its tests.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.cli import main as gongwen  # noqa: E402
from generator.pdf.libreoffice import convert_to_pdf, render_png  # noqa: E402
from generator.standard.package import replace_in_part  # noqa: E402

OUT = REPO / "docs" / "guide"
D = dt.datetime


@dataclass
class Campaign:
    """What the clerk types: per sheet, the form's items (发文, 活动) or the table's rows (all of them)."""

    folder: str
    forms: dict[str, dict[str, Any]]
    tables: dict[str, list[list[Any]]]
    renamed_templates: dict[str, str] = field(default_factory=dict)  # old file stem -> new, as the 文档 sheet says
    paragraphs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # template -> (old, new) wording
    pictures: dict[str, str] = field(default_factory=dict)  # output glob -> picture name


FANGXUN = Campaign(
    folder="临河县防汛",
    forms={
        "发文": {
            "发文机关": "临河县人民政府办公室",
            "发文机关标志": "临河县人民政府办公室文件",
            "发文字号": "临政办〔2025〕21号",
            "成文日期": D(2025, 5, 20),
            "标题": "临河县人民政府办公室关于印发\n临河县2025年汛期安全隐患大排查实施方案的通知",
            "印发机关": "临河县人民政府办公室",
            "印发日期": D(2025, 5, 20),
            "联系人": "王立新",
            "联系电话": "0311-8123456",
        },
        "活动": {
            "活动名称": "汛期安全隐患大排查",
            "方案标题": "临河县2025年汛期安全隐患大排查实施方案",
            "开始日期": D(2025, 6, 1),
            "结束日期": D(2025, 8, 31),
            "牵头单位": "县水利局",
            "领导小组办公室": "县防汛抗旱指挥部办公室",
            "方案报送截止": D(2025, 6, 5),
            "报送日": 3,
            "总结报送截止": D(2025, 9, 10),
            "简称": "大排查",
            "本级名称": "临河县",
            "报送周期": "旬",
        },
    },
    tables={
        "阶段": [
            ["动员部署阶段", D(2025, 6, 1), D(2025, 6, 5), "制定本单位排查方案，明确包联责任人。"],
            [
                "排查整治阶段",
                D(2025, 6, 6),
                D(2025, 8, 20),
                "逐村逐点排查山洪、内涝、危房和在建工程隐患，边查边改，每旬报送排查情况。",
            ],
            ["总结验收阶段", D(2025, 8, 21), D(2025, 8, 31), "对整改情况逐项验收，报送工作总结。"],
        ],
        "单位": [
            ["城关镇", "乡镇", None, None, "镇应急办", None],
            ["河东乡", "乡镇", None, None, "乡应急办", None],
            ["北岸镇", "乡镇", None, None, "镇应急办", None],
            ["县水利局", "部门", None, "是", "局防汛办", None],
            ["县应急管理局", "部门", None, "是", "局办公室", None],
            ["县住建局", "部门", None, "是", "局办公室", None],
            ["县交通运输局", "部门", None, "是", "局办公室", None],
            ["县自然资源局", "部门", None, "是", "局办公室", None],
        ],
        "领导小组": [
            ["城关镇", "组长", "李志强", "镇长"],
            ["河东乡", "组长", "赵春燕", "乡长"],
            ["北岸镇", "组长", "孙海涛", "镇长"],
            ["县水利局", "组长", "周国庆", "局长"],
            ["县应急管理局", "组长", "吴振华", "局长"],
            ["县住建局", "组长", "郑立新", "局长"],
            ["县交通运输局", "组长", "冯伟东", "局长"],
            ["县自然资源局", "组长", "陈明亮", "局长"],
        ],
        "统计指标": [
            ["排查整治", "排查隐患点", "处", "整数", "是"],
            ["排查整治", "整改隐患点", "处", "整数", "是"],
            ["力量投入", "出动检查人员", "人次", "整数", None],
            ["力量投入", "转移避险群众", "人", "整数", None],
        ],
        "核对规则": [["整改隐患点", "不大于", "排查隐患点", None]],
        "统计报表": [],
        "总结": [],
        "文档": [
            ["通知", "通知", "是", None, None, "是", None],
            ["方案", "方案", "是", None, None, "是", None],
            ["旬报", "报表", "是", None, None, "是", None],
            ["汇总", "汇总", "是", None, None, "是", None],
            ["汇总表", "汇总表", "是", None, None, "是", None],
            ["总结", "总结", "是", None, None, "是", None],
            ["总体总结", "总体总结", "是", None, None, "是", None],
        ],
    },
    renamed_templates={"报表": "旬报"},
    paragraphs={"通知": [("请认真贯彻落实。", "请结合实际，认真抓好落实。")]},
    pictures={"通知/*.docx": "fangxun-notice"},
)

HEXI = Campaign(
    folder="河西镇安全检查",
    forms={
        "发文": {
            "发文机关": "河西镇人民政府",
            "发文机关标志": "河西镇人民政府文件",
            "发文字号": "河西政〔2025〕9号",
            "成文日期": D(2025, 10, 8),
            "标题": "河西镇人民政府关于印发\n河西镇秋季安全生产大检查工作安排的通知",
            "主送机关": None,  # the 镇 sends it to its own groups: no 主送 line
            "印发机关": "河西镇党政综合办公室",
            "印发日期": D(2025, 10, 8),
            "联系人": "刘春燕",
            "联系电话": "0311-8765432",
        },
        "活动": {
            "活动名称": "秋季安全生产大检查",
            "方案标题": "河西镇秋季安全生产大检查工作安排",
            "开始日期": D(2025, 10, 10),
            "结束日期": D(2025, 10, 12),
            "牵头单位": "镇安委办",  # not one of the units: the groups are
            "领导小组办公室": "河西镇安全生产委员会办公室",
            "方案报送截止": None,
            "报送日": None,
            "总结报送截止": D(2025, 10, 15),
            "简称": "大检查",
            "本级名称": "河西镇",
            "报送周期": "一次",
        },
    },
    tables={
        "阶段": [
            ["企业检查", D(2025, 10, 10), D(2025, 10, 10), "检查辖区内工贸企业、加油站和危险化学品经营单位。"],
            ["场所检查", D(2025, 10, 11), D(2025, 10, 11), "检查商铺、学校、卫生院和人员密集场所。"],
            ["复查汇总", D(2025, 10, 12), D(2025, 10, 12), "复查当场整改情况，填写检查情况表。"],
        ],
        "单位类型": [["检查组", "组", None]],
        "单位": [[f"第{n}检查组", "检查组", f"河西镇安全生产第{n}检查组", None, None, None] for n in "一二三四五"],
        "领导小组": [
            row
            for n, (leader, member) in zip(
                "一二三四五",
                [
                    ("王建国", "张丽娟"),
                    ("李文静", "赵海涛"),
                    ("陈立新", "孙秀英"),
                    ("周振华", "吴红梅"),
                    ("郑伟东", "冯春燕"),
                ],
                strict=True,
            )
            for row in ([f"第{n}检查组", "组长", leader, "副镇长"], [f"第{n}检查组", "成员", member, "安监站干部"])
        ],
        "统计指标": [
            ["检查情况", "检查单位", "家", "整数", "是"],
            ["检查情况", "发现隐患", "处", "整数", "是"],
            ["整改情况", "当场整改", "处", "整数", "是"],
            ["整改情况", "责令停业整顿", "家", "整数", None],
        ],
        "核对规则": [["当场整改", "不大于", "发现隐患", None]],
        "统计报表": [],
        "总结": [],
        "文档": [
            ["通知", "通知", "是", None, None, "是", None],
            ["检查安排", "方案", "是", None, None, "否", None],
            ["检查情况表", "报表", "是", None, None, "否", None],
            ["汇总", "汇总", "是", None, None, "是", None],
            ["汇总表", "汇总表", "否", None, None, None, None],
            ["检查报告", "总结", "是", None, None, "否", None],
            ["总体总结", "总体总结", "是", None, None, "是", None],
        ],
    },
    renamed_templates={"方案": "检查安排", "报表": "检查情况表", "总结": "检查报告"},
    paragraphs={"通知": [("请认真贯彻落实。", "请各检查组按照安排，认真组织实施。")]},
    pictures={"通知/*.docx": "hexi-notice", "方案/第一检查组*.docx": "hexi-plan"},
)


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(gongwen, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


def sheet_values(path: Path) -> dict[str, dict[tuple[int, int], Any]]:
    book = load_workbook(path)
    return {
        ws.title: {(c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value is not None}
        for ws in book.worksheets
    }


def fill(path: Path, campaign: Campaign) -> None:
    """What the clerk types in Excel: the form items by name, each table's rows replacing the example's."""
    book = load_workbook(path)
    for sheet, items in campaign.forms.items():
        ws = book[sheet]
        rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
        for item, value in items.items():
            row = rows.get(item)
            if row is None:
                row = ws.max_row + 1
                ws.cell(row, 1, item)
            ws.cell(row, 2).value = value  # ws.cell(row, 2, None) would leave the old value
    for sheet, table in campaign.tables.items():
        ws = book[sheet]
        for r in range(2, max(ws.max_row, len(table) + 1) + 1):
            given = table[r - 2] if r - 2 < len(table) else []
            for c in range(1, ws.max_column + 1):
                ws.cell(r, c).value = given[c - 1] if c - 1 < len(given) else None
    book.save(path)


def touched_cells(
    before: dict[str, dict[tuple[int, int], Any]], after: dict[str, dict[tuple[int, int], Any]]
) -> dict[str, int]:
    """Cells whose value the clerk changed, typed or cleared, by sheet."""
    counts = {}
    for sheet in after:
        old, new = before.get(sheet, {}), after[sheet]
        counts[sheet] = sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    return {sheet: n for sheet, n in counts.items() if n}


def set_up(campaign: Campaign, root: Path) -> dict[str, Any]:
    ws = root / campaign.folder
    run("init", ws, "--blank")
    book = ws / "inputs" / "活动数据.xlsx"
    before = sheet_values(book)
    fill(book, campaign)
    by_sheet = touched_cells(before, sheet_values(book))
    steps: dict[str, Any] = {"cells": sum(by_sheet.values()), "cells by sheet": by_sheet}
    steps["validate before the templates"] = run("-C", ws, "validate")
    for old, new in campaign.renamed_templates.items():
        (ws / "templates" / f"{old}.docx").rename(ws / "templates" / f"{new}.docx")
    paragraphs = 0
    for template, wording in campaign.paragraphs.items():
        path = ws / "templates" / f"{template}.docx"
        path.write_bytes(replace_in_part(path, "word/document.xml", wording))
        paragraphs += len(wording)
    steps["template files renamed"] = len(campaign.renamed_templates)
    steps["template paragraphs"] = paragraphs
    steps["validate"] = run("-C", ws, "validate")
    steps["build"] = run("-C", ws, "build", "-q")
    steps["workspace"] = ws
    return steps


def picture(ws: Path, pattern: str, name: str, work: Path) -> None:
    document = sorted((ws / "output").glob(pattern))[0]
    (pdf,) = convert_to_pdf([document], work / name)
    (png,) = render_png(pdf, work / name / name, dpi=60, first=1, last=1)
    shutil.copyfile(png, OUT / f"{name}.png")


def main(argv: Sequence[str]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gongwen-guide-") as tmp:
        root = Path(tmp)
        for campaign in (FANGXUN, HEXI):
            steps = set_up(campaign, root)
            print(f"== {campaign.folder}")
            for key, value in steps.items():
                if isinstance(value, tuple):
                    code, text = value
                    print(f"-- {key} (exit {code})\n{text.rstrip()}")
                elif key != "workspace":
                    print(f"-- {key}: {value}")
            if "--no-pictures" not in argv:
                for pattern, name in campaign.pictures.items():
                    picture(steps["workspace"], pattern, name, root)


if __name__ == "__main__":
    main(sys.argv[1:])
