"""What a template of each kind can use: every variable with a Chinese description and an example.

The variables are read off a real context built from the current inputs, so
the list is always what rendering will actually provide, the clerk's own added
rows and columns included; the descriptions say what each one means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.documents.registry import DocumentJob
from generator.render.filters import format_date

DESCRIPTIONS: dict[str, str] = {
    "发文": "县级通知的发文信息（「发文」工作表）",
    "发文.发文机关": "发文机关全称，用于署名",
    "发文.发文机关标志": "红头上的发文机关标志",
    "发文.发文字号": "发文字号，如“永政办〔2018〕15号”",
    "发文.成文日期": "成文日期（日期；用 |日期 写成“2018年1月22日”）",
    "发文.标题": "公文标题（可含换行）",
    "发文.主送机关": "主送机关（不含冒号）",
    "发文.抄送机关": "抄送机关（没有时为空）",
    "发文.印发机关": "版记中的印发机关",
    "发文.印发日期": "版记中的印发日期（日期）",
    "发文.联系人": "联系人",
    "发文.联系电话": "联系电话",
    "发文.电子邮箱": "电子邮箱（没有时为空）",
    "活动": "活动信息（「活动」工作表）",
    "活动.名称": "活动名称，如“打击传销活动大排查”",
    "活动.方案标题": "县里印发的实施方案的标题",
    "活动.开始日期": "活动开始日期（日期）",
    "活动.结束日期": "活动结束日期（日期）",
    "活动.牵头单位": "领导小组办公室所在单位",
    "活动.领导小组办公室": "领导小组办公室的名称",
    "活动.领导小组成员单位": "县领导小组成员单位的名称（列表；用 |join('、') 连起来）",
    "活动.方案报送截止": "各单位报送工作方案的截止日期（日期）",
    "活动.月报日": "每月几日前报送统计报表（整数）",
    "活动.总结报送截止": "报送工作总结的截止日期（日期）",
    "活动.队伍最少人数": "每支打传队伍的最少人数",
    "活动.队伍最多人数": "每支打传队伍的最多人数",
    "活动.阶段": "活动的各个阶段（列表；用 {%p for s in 活动.阶段 %} 逐个写出）",
    "活动.阶段[].名称": "阶段名称",
    "活动.阶段[].开始日期": "阶段开始日期（日期）",
    "活动.阶段[].结束日期": "阶段结束日期（日期）",
    "活动.阶段[].工作内容": "本阶段工作内容（写进各单位方案）",
    "活动.月报日历": "每个月的统计报表报送安排（列表）",
    "活动.月报日历[].月份": "月份（日期，该月1日；用 |年月 写成“2018年1月”）",
    "活动.月报日历[].开始日期": "本月统计开始日期（首月从活动开始日算起）",
    "活动.月报日历[].结束日期": "本月统计结束日期",
    "活动.月报日历[].截止日期": "本月报表的报送截止日期",
    "单位": "工作方案中：本单位的信息；县级通知中：全县各单位的列表",
    "单位[].名称": "单位名称",
    "单位[].类型": "单位类型：乡镇、区、办、部门",
    "单位[].领导小组成员单位": "是否县领导小组成员单位（是/否）",
    "单位.名称": "本单位名称",
    "单位.类型": "本单位类型：乡镇、区、办、部门",
    "单位.自称": "本单位的自称，如“我镇”“我乡”“我局”",
    "单位.全境": "本单位的范围，如“全镇”“全乡”",
    "单位.日常工作机构": "本单位领导小组办公室所在机构",
    "单位.方案日期": "本单位工作方案的落款日期（日期）",
    "单位.方案标题": "工作方案标题（过长时已在单位名称后换行）",
    "单位.领导小组": "领导小组成员（列表，已按组长、副组长、成员排好）",
    "单位.领导小组[].标签": "“组　长：”等标签；同一职务的第二人起为空白，用于对齐",
    "单位.领导小组[].小组职务": "组长、副组长 或 成员",
    "单位.领导小组[].姓名": "姓名",
    "单位.领导小组[].职务": "现任职务",
    "单位.排查重点": "排查重点（列表）",
    "单位.排查重点[].类别": "重点类别，如“出租房屋”",
    "单位.排查重点[].内容": "具体内容（不带句号）",
    "单位.队伍": "村（街）打传队伍（列表）",
    "单位.队伍[].序号": "序号，从1起",
    "单位.队伍[].村": "村（社区）名称",
    "单位.队伍[].队长": "队长",
    "单位.队伍[].人数": "队员人数",
    "单位.队伍总人数": "各队队员人数之和",
    "统计": "本期统计的时段和数字",
    "统计.月份": "统计月份（日期，该月1日；用 |年月 写成“2018年2月”）",
    "统计.开始日期": "本期统计开始日期（首月从活动开始之日起）",
    "统计.结束日期": "本期统计结束日期",
    "统计.截止日期": "本期报表的报送截止日期",
    "统计.已报送": "本单位本月是否已报送（未报送不同于报了 0）",
    "统计.累计月数": "累计数包含的已报送月份数",
    "统计.行": "报表的各行，一个指标一行（列表）",
    "统计.行[].分组": "指标分组；同组的第二行起为空，便于阅读",
    "统计.行[].指标": "指标名称",
    "统计.行[].单位": "计量单位",
    "统计.行[].本月": "本月数（未报送时为空）",
    "统计.行[].累计": "自活动开始至本月的累计数",
    "汇总": "全县本月的汇总",
    "汇总.已报送数": "本月已报送的单位数",
    "汇总.未报送数": "本月未报送的单位数",
    "汇总.未报送单位": "未报送单位的名称（列表；用 |join('、') 连起来）",
    "汇总.分组": "按指标分组的汇总表（列表，每组一张表）",
    "汇总.分组[].名称": "指标分组名称",
    "汇总.分组[].指标": "本组的指标（列表，表头各列）",
    "汇总.分组[].指标[].名称": "指标名称",
    "汇总.分组[].指标[].单位": "计量单位",
    "汇总.分组[].行": "各单位一行（列表）",
    "汇总.分组[].行[].单位": "单位名称",
    "汇总.分组[].行[].已报送": "该单位本月是否已报送",
    "汇总.分组[].行[].值": "该单位本组各指标的本月数（列表；未报送时为“未报送”）",
    "汇总.分组[].合计": "本组各指标的合计（只含已报送单位；列表）",
    "loop.index": "在 for 循环里：当前是第几个（从1起）；配合 |一级序号 等写序号",
}


@dataclass(frozen=True)
class Variable:
    path: str  # e.g. 活动.阶段[].名称
    description: str
    example: str


def _example(value: Any) -> str:
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list):
        return f"（共 {len(value)} 项）"
    if isinstance(value, dict):
        return ""
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:39] + "…"


def known_paths(context: dict[str, Any]) -> dict[str, Any]:
    """Every variable path of a context, with its value (the first item's, inside lists)."""
    paths: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        paths[prefix] = value
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}.{key}", item)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            walk(f"{prefix}[]", value[0])  # one item, as a loop variable sees it

    for key, value in context.items():
        walk(key, value)
    return paths


def representative_jobs(jobs: Sequence[DocumentJob]) -> dict[str, DocumentJob]:
    """For each kind, the document whose context shows the most (a township with teams, not a
    department without): the variable list and the template checks see every field."""
    best: dict[str, tuple[int, DocumentJob]] = {}
    for job in jobs:
        size = len(known_paths(job.context))
        if job.kind not in best or size > best[job.kind][0]:
            best[job.kind] = (size, job)
    return {kind: job for kind, (_, job) in best.items()}


def variables(context: dict[str, Any]) -> list[Variable]:
    out = []
    for path, value in known_paths(context).items():
        if path.endswith("[]"):
            continue  # the item itself: its fields are listed
        description = DESCRIPTIONS.get(path, "（工作簿中自行添加的项目）")
        out.append(Variable(path, description, _example(value)))
    out.append(Variable("loop.index", DESCRIPTIONS["loop.index"], "1"))
    return out
