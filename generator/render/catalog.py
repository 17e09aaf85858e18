"""What a template of each kind can use: every variable with a Chinese description and an example.

The variables are read off a real context built from the current inputs, so
the list is always what rendering will actually provide, the clerk's own added
rows and columns included; the descriptions say what each one means.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.documents.registry import DocumentJob
from generator.errors import Finding, Location, Severity
from generator.inputs.model import Inputs, Report
from generator.inputs.periods import period_kinds_said
from generator.render.filters import format_date
from generator.standard.words import nearest_name
from generator.workspace import Workspace

DESCRIPTIONS: dict[str, str] = {
    "发文": "通知的发文信息（「发文」工作表）",
    "发文.发文机关": "发文机关全称，用于署名",
    "发文.发文机关标志": "红头上的发文机关标志",
    "发文.发文字号": "发文字号，如“×政办〔2024〕15号”",
    "发文.成文日期": "成文日期（日期；用 |日期 写成“2024年1月22日”）",
    "发文.标题": "公文标题（可含换行）",
    "发文.主送机关": "主送机关（不含冒号）",
    "发文.抄送机关": "抄送机关（没有时为空）",
    "发文.印发机关": "版记中的印发机关",
    "发文.印发日期": "版记中的印发日期（日期）",
    "发文.联系人": "联系人（没有时为空）",
    "发文.联系电话": "联系电话（没有时为空）",
    "发文.电子邮箱": "电子邮箱（没有时为空；用 {%p if 发文.电子邮箱 %} 整行省略）",
    "活动": "活动信息（「活动」工作表），以及每张自行添加的列表的全部行",
    "活动.名称": "活动名称",
    "活动.简称": "活动简称（没有时为空）",
    "活动.本级名称": "组织活动的县（市、区）或乡镇的名称",
    "活动.范围": "全辖区的说法，如“全县”“全镇”",
    "活动.方案标题": "印发的实施方案的标题",
    "活动.开始日期": "活动开始日期（日期）",
    "活动.结束日期": "活动结束日期（日期）",
    "活动.牵头单位": "领导小组办公室所在单位",
    "活动.领导小组办公室": "领导小组办公室的名称",
    "活动.领导小组成员单位": "领导小组成员单位的名称（列表；加写法“顿号连接”连成一句）",
    "活动.方案报送截止": "各单位报送工作方案的截止日期（日期；没有时为空）",
    "活动.报送周期": f"统计报表的报送周期：{period_kinds_said()}",
    "活动.报送日": "每期结束后第几天前报送（按月报送时即次月几日前）",
    "活动.总结报送截止": "报送工作总结的截止日期（日期）",
    "活动.阶段": "活动的各个阶段（列表；用 {%p for s in 活动.阶段 %} 逐个写出）",
    "活动.阶段[].名称": "阶段名称",
    "活动.阶段[].开始日期": "阶段开始日期（日期）",
    "活动.阶段[].结束日期": "阶段结束日期（日期）",
    "活动.阶段[].工作内容": "本阶段工作内容（写进各单位方案）",
    "活动.报送日历": "每一期统计报表的报送安排（列表）",
    "活动.报送日历[].期别": "期别，如“2024年5月”“第1周”",
    "活动.报送日历[].序号": "第几期（从1起）",
    "活动.报送日历[].开始日期": "本期统计开始日期（第一期从活动开始日算起）",
    "活动.报送日历[].结束日期": "本期统计结束日期",
    "活动.报送日历[].截止日期": "本期报表的报送截止日期",
    "单位": "单位文档中：本单位的信息；通知中：全部单位的列表",
    "单位[].名称": "单位名称",
    "单位[].类型": "单位类型",
    "单位[].机关全称": "署名用的机关全称",
    "单位[].领导小组成员单位": "是否领导小组成员单位（是/否）",
    "单位[].自称": "该单位的自称，如“我镇”“我局”",
    "单位[].全境": "该单位说自己全部时用的词，如“全镇”“本局”",
    "单位[].范围用语": "该单位“在……范围内”的说法",
    "单位[].简称": "该单位的自称用字，如“镇”“局”",
    "单位[].是牵头单位": "该单位是否牵头单位（是/否）",
    "单位[].日常工作机构": "该单位领导小组办公室所在机构",
    "单位[].方案日期": "该单位工作方案的落款日期（日期）",
    "单位[].方案标题": "该单位工作方案的标题",
    "单位[].总结标题": "该单位工作总结的标题",
    "单位.名称": "本单位名称",
    "单位.类型": "本单位类型（「单位类型」表中的一种）",
    "单位.机关全称": "本单位署名用的机关全称，如“韩村镇人民政府”",
    "单位.自称": "本单位的自称，如“我镇”“我局”“我组”",
    "单位.全境": "本单位说自己全部时用的词：乡镇“全镇”，部门“本局”，组“本组”（「单位类型」表的「全境」列）",
    "单位.范围用语": "“在……范围内”的说法：乡镇“在全镇范围内”，部门“在本局职责范围内”，组“在本组负责范围内”",
    "单位.是牵头单位": "本单位是否领导小组办公室所在的牵头单位（是/否）：它汇总各单位的报表，不向自己报送",
    "单位.简称": "本单位的自称用字，如“镇”“局”",
    "单位.领导小组成员单位": "本单位是否领导小组成员单位（是/否）",
    "单位.日常工作机构": "本单位领导小组办公室所在机构",
    "单位.方案日期": "本单位工作方案的落款日期（日期）",
    "单位.方案标题": "“单位名称+活动名称+工作方案”（过长时已在单位名称后换行）",
    "单位.总结标题": "“单位名称+活动名称+工作总结”（过长时已在单位名称后换行）",
    "本级": "组织活动的这一级（总体总结中）",
    "本级.名称": "本级名称，如“永清县”",
    "本级.范围": "全辖区的说法，如“全县”",
    "本级.署名": "总体总结的署名：领导小组办公室的全称，如“某某县专项整治领导小组办公室”",
    "本级.总结标题": "“本级名称+活动名称+工作总结”（过长时已换行）",
    "统计": "本期统计的时段和数字",
    "统计.期别": "本期的期别，如“2024年5月”“第1周”",
    "统计.序号": "第几期（从1起）",
    "统计.开始日期": "本期统计开始日期（第一期从活动开始之日起）",
    "统计.结束日期": "本期统计结束日期",
    "统计.截止日期": "本期报表的报送截止日期",
    "统计.已报送": "本单位本期是否已报送（未报送不同于报了 0）",
    "统计.报送状态": "本单位本期的报送情况：已报送、逾期报送（填报日期晚于截止日期）或 未报送",
    "统计.累计期数": "累计数包含的已报送期数",
    "统计.行": "报表的各行，一个指标一行（列表）",
    "统计.填报": "本期报表的填报人、审核人、联系电话、填报日期（取自收回的填报表；没有时为空）",
    "统计.填报.填报人": "填报人",
    "统计.填报.审核人": "审核人",
    "统计.填报.联系电话": "填报人的联系电话",
    "统计.填报.填报日期": "填报日期（如“2018年2月2日”）",
    "统计.行[].组首": "是否本组的第一行（每行都写了分组，模板可只在组首显示）",
    "统计.行[].分组": "指标分组（每行都有，表格跨页时下一页的第一行也写明分组）",
    "统计.行[].指标": "指标名称",
    "统计.行[].单位": "计量单位",
    "统计.行[].本期": "本期数（未报送时为空）",
    "统计.行[].累计": "自活动开始至本期的累计数（“取最新”的指标为最近一期的数）",
    "统计.行[].累计方式": "累加 或 取最新",
    "汇总": "本期的汇总",
    "汇总.已报送数": "本期已报送的单位数",
    "汇总.未报送数": "本期未报送的单位数",
    "汇总.报送情况": "本期报送情况，如“已报送16个单位，未报送2个”或“18个单位全部报送”",
    "汇总.未报送单位": "未报送单位的名称（列表；加写法“顿号连接”连成一句）",
    "汇总.逾期报送单位": "逾期报送（填报日期晚于截止日期）单位的名称（列表）",
    "汇总.制表单位": "制表单位：领导小组办公室的全称",
    "汇总.制表日期": "制表日期：本期报表的报送截止日（日期）",
    "汇总.分组": "按指标分组的汇总表（列表，每组一张表）",
    "汇总.分组[].名称": "指标分组名称",
    "汇总.分组[].指标": "本组的指标（列表，表头各列）",
    "汇总.分组[].指标[].名称": "指标名称",
    "汇总.分组[].指标[].单位": "计量单位",
    "汇总.分组[].行": "各单位一行（列表）",
    "汇总.分组[].行[].单位": "单位名称",
    "汇总.分组[].行[].已报送": "该单位本期是否已报送",
    "汇总.分组[].行[].报送状态": "该单位本期的报送情况：已报送、逾期报送 或 未报送",
    "汇总.分组[].行[].值": "该单位本组各指标的本期数（列表；未报送时为“未报送”）",
    "汇总.分组[].合计": "本组各指标的合计（只含已报送单位；列表）",
    "汇总.表": "汇总表的各张表（列表）：相邻的分组并排成一张表，每张不超过横排版心容得下的列数",
    "汇总.表[].分组": "本表并排的分组（列表，表头第一行）",
    "汇总.表[].分组[].名称": "指标分组名称",
    "汇总.表[].分组[].列数": "该分组占的列数（表头合并单元格，用 {% colspan grp.列数 %}）",
    "汇总.表[].指标": "本表的指标（列表，表头第二行各列）",
    "汇总.表[].指标[].名称": "指标名称",
    "汇总.表[].指标[].单位": "计量单位",
    "汇总.表[].行": "各单位一行（列表）",
    "汇总.表[].行[].单位": "单位名称",
    "汇总.表[].行[].已报送": "该单位本期是否已报送",
    "汇总.表[].行[].报送状态": "该单位本期的报送情况：已报送、逾期报送 或 未报送",
    "汇总.表[].行[].值": "该单位本表各指标的本期数（列表；未报送时为“未报送”）",
    "汇总.表[].合计": "本表各指标的合计（只含已报送单位；列表）",
    "总结": "工作总结的数字和文字",
    "总结.数字段": (
        "由统计数字写成的一段话：每个指标分组一句，主要指标在前，为零的不写（措辞取自「统计指标」表的“表述”等列）"
    ),
    "总结.成效": "同一段话按指标分组拆开（列表，每组一句）；想每组单独成段时用 {%p for s in 总结.成效 %}",
    "总结.指标": "各指标的累计数；名称带括号等符号时写 总结.指标['指标名称']",
    "总结.日期": "总结的落款日期（日期）",
    "总结.主要做法": "「总结」表中的主要做法（列表，每项有 标题、内容）",
    "总结.存在问题": "「总结」表中的存在问题（列表）",
    "总结.下一步打算": "「总结」表中的下一步打算（列表）",
    "总结.典型案例": "「总结」表中的典型案例（列表，每项有 标题、内容）",
    "总结.报送期数": "本单位报送了几期统计报表",
    "总结.单位数": "参加活动的单位数",
    "总结.报送份数": "实际报送的统计报表份数",
    "总结.应报份数": "应报送的统计报表份数",
    "总结.主要指标": "主要指标（列表，每项有 名称、单位）",
    "总结.排名": "各单位按第一个主要指标从多到少排列（列表）",
    "总结.排名指标": "排名表按哪个指标排列：第一个主要指标的名称",
    "总结.缺报": (
        "未报送的报表，如“某某乡（2024年2月）”（列表）；逾期报送的、一期也没有报送的单位（见 总结.未报送单位）不在其中"
    ),
    "总结.逾期": "逾期报送的报表，如“某某局（2024年2月，3月6日报送）”（列表）",
    "总结.未报送单位": "一期也没有报送的单位（列表）：排名表中为“未报送”，不是 0",
    "总结.未报送期别": "本单位没有报送的期别（列表）；数字段已写明数字是哪几期的合计",
    "总结.逐期": "各期主要指标的合计（列表，每项有 期别、值、未报送数；有单位未报送的期别写明几个单位未报送）",
    "总结.逐期[].未报送数": "该期未报送的单位数（合计里不含它们）",
    "总结.图表": "图表的位置：单独一段写 {{ 总结.图表 }}",
    "loop.index": "在 for 循环里：当前是第几个（从1起）；配合 |一级序号 等写序号",
}


@dataclass(frozen=True)
class Variable:
    path: str  # e.g. 活动.阶段[].名称
    description: str
    example: str


def _example(value: Any) -> str:
    if isinstance(value, bool):  # before numbers: Python's True is also 1
        return "是" if value else "否"
    if value is None:
        return "（空）"
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, list):
        return f"（共 {len(value)} 项）"
    if isinstance(value, dict):
        return ""
    text = str(value).replace("\n", "⏎")
    return text if len(text) <= 40 else text[:39] + "…"


def context_shape(context: dict[str, Any]) -> str:
    """What a template check sees of a context: each variable path and whether it is a table, a
    list or a value (one line each, sorted)."""

    def kind(value: Any) -> str:
        return "dict" if isinstance(value, dict) else "list" if isinstance(value, list) else "value"

    return "\n".join(sorted(f"{path}\t{kind(value)}" for path, value in known_paths(context).items()))


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


def _path_count(value: Any) -> int:
    """len(known_paths(value)) without making the paths (this runs on every job of a build)."""
    if isinstance(value, dict):
        return sum(1 + _path_count(item) for item in value.values())
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return 1 + _path_count(value[0])
    return 0


def representative_jobs(jobs: Sequence[DocumentJob]) -> dict[str, DocumentJob]:
    """For each kind, the document whose context shows the most (a township with teams, not a
    department without): the variable list and the template checks see every field."""
    best: dict[str, tuple[int, DocumentJob]] = {}
    for job in jobs:
        size = _path_count(job.context)
        if job.document not in best or size > best[job.document][0]:
            best[job.document] = (size, job)
    return {kind: job for kind, (_, job) in best.items()}


@dataclass(frozen=True)
class SetupJobs:
    """A representative document of every document the 文档 sheet makes, from the first day."""

    jobs: dict[str, DocumentJob]  # by the 文档 sheet's name
    awaiting: tuple[str, ...]  # documents the data does not make yet: they await the first reports
    sample: frozenset[str]  # documents whose representative is made from sample reports


def with_sample_reports(inputs: Inputs) -> Inputs:
    """The inputs as they will be once every unit has reported the first period (each figure 1):
    what the report, roll-up and summary templates will be given, before any report exists."""
    first = inputs.campaign.periods[0].number
    values = {m.name: Decimal(1) for m in inputs.metrics}
    reports = tuple(Report(u.name, first, dict(values)) for u in inputs.units)
    return dataclasses.replace(inputs, reports=reports)


def setup_jobs(inputs: Inputs, plan: Callable[[Inputs], list[DocumentJob]]) -> SetupJobs:
    """Every document's representative job: from the data as it is, and, for the documents that
    wait for reports (月报, 汇总, 总结 while 统计报表 is empty), from sample reports, so that their
    templates are checked and their variables listed at setup, not when the first reports arrive."""
    jobs = representative_jobs(plan(inputs))
    awaiting = tuple(spec.name for spec in inputs.campaign.documents if spec.name not in jobs)
    sample: set[str] = set()
    if awaiting and inputs.campaign.periods and inputs.metrics and inputs.units:
        sampled = representative_jobs(plan(with_sample_reports(inputs)))
        for document in awaiting:
            if document in sampled:
                jobs[document] = sampled[document]
                sample.add(document)
    return SetupJobs(jobs, awaiting, frozenset(sample))


def awaiting_reports(inputs: Inputs, jobs: Sequence[DocumentJob], workbook: str) -> list[Finding]:
    """The documents of the 文档 sheet that the data makes none of yet, and why (a build that
    makes 0 of them says so, instead of skipping them without a word)."""
    made = {job.document for job in jobs}
    missing = [spec.name for spec in inputs.campaign.documents if spec.name not in made]
    if not missing:
        return []
    if not inputs.reports:
        message = f"尚无报表：{'、'.join(missing)} 将在收到报表后生成（先用 gongwen forms 生成填报表发给各单位）"
    else:
        message = f"按现有数据不生成：{'、'.join(missing)}"
    return [Finding(Severity.WARNING, Location(workbook, "统计报表" if not inputs.reports else "文档"), message)]


def missing_template(
    workspace: Workspace, document: str, kind: str, used: Path, documents: frozenset[str] = frozenset()
) -> list[Finding]:
    """A document of the 文档 sheet whose templates/<文档>.docx is not there: an error naming the
    file, with the generic template offered as a choice the clerk makes (never a silent switch),
    and the template it probably was (one no other of `documents` uses: named as the kind, or
    close to the document's name). A workspace with no template of its own uses the generic
    ones, and is told so."""
    own = workspace.templates_dir / f"{document}.docx"
    if used == own:
        return []
    where = Location(workspace.display(own))
    present = sorted(p.stem for p in workspace.templates_dir.glob("*.docx")) if workspace.templates_dir.is_dir() else []
    if not present:
        return [
            Finding(
                Severity.WARNING,
                where,
                f"templates 文件夹里没有模板，「{document}」用随程序附带的通用模板（{kind}）；"
                f"要修改措辞，运行 gongwen templates export {document}",
            )
        ]
    spare = [stem for stem in present if stem not in documents]  # no document of the 文档 sheet uses them
    hint = kind if kind in spare else nearest_name(document, spare, cutoff=0.3)
    renamed = f"templates 里有「{hint}.docx」，如果是它，请把文件名改成「{document}.docx」；" if hint else ""
    return [
        Finding(
            Severity.ERROR,
            where,
            f"找不到「{document}」的模板 {workspace.display(own)}（模板按「文档」表的名称找）。{renamed}"
            f"要改用随程序附带的通用模板（{kind}），运行 gongwen templates export {document}，"
            "或在页面“模板”里下载通用模板后上传",
        )
    ]


def _own_description(path: str, value: Any) -> str:
    """What the workbook says a variable the clerk added is: a row, a column, or a list."""
    head, _, last = path.rpartition(".")
    if path.endswith("]") or not head:
        return "（工作簿中自行添加的项目）"
    if head.endswith("[]"):
        return f"「{head.split('.')[-1][:-2]}」表中的「{last}」列"
    if isinstance(value, list):
        return f"自行添加的工作表「{last}」（列表，每行一项）"
    if head == "总结.指标":
        return f"指标「{last}」的累计数（「统计指标」表中的一行）"
    if head == "活动":
        return f"「活动」表中自行添加的一行「{last}」"
    if head == "发文":
        return f"「发文」表中自行添加的一行「{last}」"
    if head == "单位":
        return f"「单位」表中自行添加的一列「{last}」"
    return "（工作簿中自行添加的项目）"


def variables(context: dict[str, Any]) -> list[Variable]:
    out = []
    for path, value in known_paths(context).items():
        if path.endswith("[]"):
            continue  # the item itself: its fields are listed
        description = DESCRIPTIONS.get(path) or _own_description(path, value)
        out.append(Variable(path, description, _example(value)))
    out.append(Variable("loop.index", DESCRIPTIONS["loop.index"], "1"))
    return out
