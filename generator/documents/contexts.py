"""What each kind's template is given: typed records whose every field says, in Chinese, what it is.

A kind declares its context as one of the records below (`DocumentKind.context`); the builders in
kinds.py and summary.py make them, mypy checks their keys, and `gongwen templates vars` shows each
field's description from here (`described_paths`). A field is `Annotated[type, "说明"]`; a record
the clerk's workbook adds fields to (the 活动 sheet's own rows, the 单位 sheet's own columns, list
sheets) is marked `OPEN` on the field that holds it, and the catalogue says what such a field is.
Figures are numbers (`Figure`) until a template filter or the renderer writes them.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, NotRequired, TypedDict, TypeVar, cast

from generator.inputs.periods import period_kinds_said

# A figure as a template receives it: a number, or 未报送 / — where there is none.
Figure = Decimal | str
# A date, or "" where the workbook gives none.
MaybeDate = dt.date | str


# Where a periodic kind's context names its period (a sheet's and a roll-up's 统计.期别).
PERIOD_LABEL = "统计.期别"


class Open:
    """Marks a record the clerk's workbook may add fields to (not each of them described here)."""


OPEN = Open()

Record = TypeVar("Record", bound=Mapping[str, object])


def beside_own(declared: Record, *own: Mapping[str, object]) -> Record:
    """An OPEN record: the clerk's own fields (the 活动 sheet's own rows, the 单位 sheet's own columns,
    list sheets, the 总结 sheet's own sections), then the declared ones, which win a clash.
    mypy checks the declared record's keys where it is built; the own fields are what the declaration
    cannot name (a TypedDict cannot say "and any other str key": PEP 728 is not in mypy yet)."""
    merged: dict[str, object] = {}
    for fields in own:
        merged.update(fields)
    merged.update(declared)
    return cast(Record, merged)


class NoticeRecord(TypedDict):
    发文机关: Annotated[str, "发文机关全称，用于署名"]
    发文机关标志: Annotated[str, "红头上的发文机关标志"]
    发文字号: Annotated[str, "发文字号，如“×政办〔2024〕15号”（没有发文字号时为空）"]
    成文日期: Annotated[dt.date, "成文日期（日期；用 |日期 写成“2024年1月22日”）"]
    标题: Annotated[str, "公文标题（可含换行）"]
    主送机关: Annotated[str, "主送机关（不含冒号）"]
    抄送机关: Annotated[str, "抄送机关（没有时为空）"]
    印发机关: Annotated[str, "版记中的印发机关"]
    印发日期: Annotated[dt.date, "版记中的印发日期（日期）"]
    联系人: Annotated[str, "联系人（没有时为空）"]
    联系电话: Annotated[str, "联系电话（没有时为空）"]
    电子邮箱: Annotated[str, "电子邮箱（没有时为空；用 {%p if 发文.电子邮箱 %} 整行省略）"]


class PhaseRecord(TypedDict):
    名称: Annotated[str, "阶段名称"]
    开始日期: Annotated[dt.date, "阶段开始日期（日期）"]
    结束日期: Annotated[dt.date, "阶段结束日期（日期）"]
    工作内容: Annotated[str, "本阶段工作内容（写进各单位方案）"]


class PeriodRecord(TypedDict):
    期别: Annotated[str, "期别，如“2024年5月”“第1周”"]
    序号: Annotated[int, "第几期（从1起）"]
    开始日期: Annotated[dt.date, "本期统计开始日期（第一期从活动开始之日起）"]
    结束日期: Annotated[dt.date, "本期统计结束日期"]
    截止日期: Annotated[dt.date, "本期报表的报送截止日期"]
    时段: Annotated[str, "本期统计时段，如“3月1日至3月31日”；按日报送时是那一天，如“10月1日”"]
    期别全称: Annotated[
        str, "写给读者的期别：按周报送时带上日期，如“第3周（3月15日至3月21日）”；其他报送周期同期别，如“2024年5月”"
    ]


class CampaignRecord(TypedDict):
    名称: Annotated[str, "活动名称"]
    简称: Annotated[str, "活动简称（没有时为空）"]
    本级名称: Annotated[str, "组织活动的县（市、区）或乡镇的名称"]
    范围: Annotated[str, "全辖区的说法，如“全县”“全镇”"]
    方案标题: NotRequired[Annotated[str, "印发的实施方案的标题"]]
    开始日期: Annotated[dt.date, "活动开始日期（日期）"]
    结束日期: Annotated[dt.date, "活动结束日期（日期）"]
    牵头单位: Annotated[str, "领导小组办公室所在单位"]
    领导小组办公室: Annotated[str, "领导小组办公室的名称"]
    领导小组成员单位: Annotated[list[str], "领导小组成员单位的名称（列表；加写法“顿号连接”连成一句）"]
    方案报送截止: Annotated[MaybeDate, "各单位报送工作方案的截止日期（日期；没有时为空）"]
    报送周期: Annotated[str, "统计报表的报送周期：" + period_kinds_said()]
    报送日: Annotated[int | str, "每期结束后第几天前报送（按月报送时即次月几日前）"]
    本期用语: Annotated[str, "报表里“本期”的说法，随报送周期：本月、本周、本旬……；报送周期为“一次”时为“本次”"]
    总结报送截止: Annotated[dt.date, "报送工作总结的截止日期（日期）"]
    汇总上报日: Annotated[int | str, "本级汇总后向上级报送的日子：每期结束后第几天前（通知没有写的为空）"]
    总结上报截止: Annotated[MaybeDate, "本级的工作总结报送上级的截止日期（日期；通知没有写的为空）"]
    阶段: Annotated[list[PhaseRecord], "活动的各个阶段（列表；用 {%p for s in 活动.阶段 %} 逐个写出）", OPEN]
    报送日历: Annotated[list[PeriodRecord], "每一期统计报表的报送安排（列表）"]


# One unit, as its own documents see it (UnitRecord) and as one of the notice's list of them.
class UnitRecord(TypedDict):
    名称: Annotated[str, "本单位名称"]
    类型: Annotated[str, "本单位类型（「单位类型」表中的一种）"]
    机关全称: Annotated[str, "本单位署名用的机关全称，如“韩村镇人民政府”"]
    自称: Annotated[str, "本单位的自称，如“我镇”“我局”“我组”"]
    全境: Annotated[str, "本单位说自己全部时用的词：乡镇“全镇”，部门“本局”，组“本组”（「单位类型」表的「全境」列）"]
    范围用语: Annotated[str, "“在……范围内”的说法：乡镇“在全镇范围内”，部门“在本局职责范围内”，组“在本组负责范围内”"]
    简称: Annotated[str, "本单位的自称用字，如“镇”“局”"]
    是牵头单位: Annotated[bool, "本单位是否领导小组办公室所在的牵头单位（是/否）：它汇总各单位的报表，不向自己报送"]
    领导小组成员单位: Annotated[bool, "本单位是否领导小组成员单位（是/否）"]
    日常工作机构: Annotated[str, "本单位领导小组办公室所在机构"]
    方案日期: Annotated[dt.date, "本单位工作方案的落款日期（日期）"]
    方案标题: Annotated[str, "“单位名称+活动名称+工作方案”（过长时已在单位名称后换行）"]
    总结标题: Annotated[str, "“单位名称+活动名称+工作总结”（过长时已在单位名称后换行）"]


class ListedUnitRecord(TypedDict):
    名称: Annotated[str, "单位名称"]
    类型: Annotated[str, "单位类型"]
    机关全称: Annotated[str, "署名用的机关全称"]
    自称: Annotated[str, "该单位的自称，如“我镇”“我局”"]
    全境: Annotated[str, "该单位说自己全部时用的词，如“全镇”“本局”"]
    范围用语: Annotated[str, "该单位“在……范围内”的说法"]
    简称: Annotated[str, "该单位的自称用字，如“镇”“局”"]
    是牵头单位: Annotated[bool, "该单位是否牵头单位（是/否）"]
    领导小组成员单位: Annotated[bool, "是否领导小组成员单位（是/否）"]
    日常工作机构: Annotated[str, "该单位领导小组办公室所在机构"]
    方案日期: Annotated[dt.date, "该单位工作方案的落款日期（日期）"]
    方案标题: Annotated[str, "该单位工作方案的标题"]
    总结标题: Annotated[str, "该单位工作总结的标题"]


class SheetUnitRecord(TypedDict):
    名称: Annotated[str, "本单位名称"]
    类型: Annotated[str, "本单位类型（「单位类型」表中的一种）"]
    机关全称: Annotated[str, "本单位署名用的机关全称，如“韩村镇人民政府”"]


class SheetRowRecord(TypedDict):
    分组: Annotated[str, "指标分组（每行都有，表格跨页时下一页的第一行也写明分组）"]
    组首: Annotated[bool, "是否本组的第一行（每行都写了分组，模板可只在组首显示）"]
    指标: Annotated[str, "指标名称"]
    单位: Annotated[str, "计量单位"]
    本期: Annotated[Figure, "本期数（未报送时为空）"]
    累计: Annotated[
        Figure,
        "自活动开始至本期的累计数（“取最新”的指标为最近一期的数；取最大、取最小、取平均的写明，如“最大120.3”“平均26”）",
    ]
    累计方式: Annotated[str, "累加、取最新、取最大、取最小 或 取平均"]


class FooterRecord(TypedDict):
    填报人: Annotated[str, "填报人"]
    审核人: Annotated[str, "审核人"]
    联系电话: Annotated[str, "填报人的联系电话"]
    填报日期: Annotated[str, "填报日期（如“2018年2月2日”）"]


class SheetStatsRecord(TypedDict):
    期别: Annotated[str, "本期的期别，如“2024年5月”“第1周”"]
    序号: Annotated[int, "第几期（从1起）"]
    开始日期: Annotated[dt.date, "本期统计开始日期（第一期从活动开始之日起）"]
    结束日期: Annotated[dt.date, "本期统计结束日期"]
    截止日期: Annotated[dt.date, "本期报表的报送截止日期"]
    时段: Annotated[str, "本期统计时段，如“3月1日至3月31日”；按日报送时是那一天，如“10月1日”"]
    期别全称: Annotated[
        str, "写给读者的期别：按周报送时带上日期，如“第3周（3月15日至3月21日）”；其他报送周期同期别，如“2024年5月”"
    ]
    已报送: Annotated[bool, "本单位本期是否已报送（未报送不同于报了 0）"]
    报送状态: Annotated[
        str, "本单位本期的报送情况：已报送、逾期报送（第一次报送晚于截止日期；之后的更正不改变它）或 未报送"
    ]
    报送日期: Annotated[str, "本期第一次报送的日期，如“2018年2月28日”（未报送或没有填报日期时为空）"]
    更正日期: Annotated[
        str, "报送后又报来更正时，更正的日期，如“2018年3月5日”（填报.填报日期 是更正的日期；没有更正时为空）"
    ]
    累计期数: Annotated[int, "累计数包含的已报送期数"]
    累计说明: Annotated[
        str, "累计漏了哪些未报送的期，如“4月份未报送，累计为3月、5月合计。”（各期都已报送或从未报送时为空）"
    ]
    行: Annotated[list[SheetRowRecord], "报表的各行，一个指标一行（列表）"]
    填报: Annotated[FooterRecord, "本期报表的填报人、审核人、联系电话、填报日期（取自收回的填报表；没有时为空）"]


class MetricHeadRecord(TypedDict):
    名称: Annotated[str, "指标名称"]
    单位: Annotated[str, "计量单位"]


class RollupRowRecord(TypedDict):
    单位: Annotated[str, "单位名称"]
    已报送: Annotated[bool, "该单位本期是否已报送"]
    报送状态: Annotated[str, "该单位本期的报送情况：已报送、逾期报送 或 未报送"]
    值: Annotated[list[Figure], "该单位各指标的本期数（列表；未报送时为“未报送”，不适用的指标为“—”）"]


class RollupGroupRecord(TypedDict):
    名称: Annotated[str, "指标分组名称"]
    指标: Annotated[list[MetricHeadRecord], "本组的指标（列表，表头各列）"]
    行: Annotated[list[RollupRowRecord], "各单位一行（列表）"]
    合计: Annotated[
        list[Figure], "本组各指标的合计（只含已报送单位；列表）；取最大、取最小、取平均的指标写明，如“最大80”“平均25.5”"
    ]


class TableGroupRecord(TypedDict):
    名称: Annotated[str, "指标分组名称"]
    列数: Annotated[int, "该分组占的列数（表头合并单元格，用 {% colspan grp.列数 %}）"]


class RollupTableRecord(TypedDict):
    分组: Annotated[list[TableGroupRecord], "本表并排的分组（列表，表头第一行）"]
    指标: Annotated[list[MetricHeadRecord], "本表的指标（列表，表头第二行各列）"]
    行: Annotated[list[RollupRowRecord], "各单位一行（列表）"]
    合计: Annotated[
        list[Figure], "本表各指标的合计（只含已报送单位；列表）；取最大、取最小、取平均的指标写明，如“最大80”“平均25.5”"
    ]


class RollupRecord(TypedDict):
    已报送数: Annotated[int, "本期已报送的单位数"]
    未报送数: Annotated[int, "本期未报送的单位数"]
    报送情况: Annotated[str, "本期报送情况，如“已报送16个单位，未报送2个”或“18个单位全部报送”"]
    未报送单位: Annotated[list[str], "未报送单位的名称（列表；加写法“顿号连接”连成一句）"]
    逾期报送单位: Annotated[list[str], "逾期报送（第一次报送晚于截止日期）单位的名称（列表）"]
    更正单位: Annotated[list[str], "本期报送后又报来更正的单位，如“韩村镇（3月5日更正）”（列表）"]
    分组: Annotated[list[RollupGroupRecord], "按指标分组的汇总表（列表，每组一张表）"]
    表: Annotated[
        list[RollupTableRecord], "汇总表的各张表（列表）：相邻的分组并排成一张表，每张不超过横排版心容得下的列数"
    ]
    上报截止: Annotated[MaybeDate, "本期汇总表报送上级的截止日期（日期；「活动」表没有填汇总上报日的为空）"]
    制表单位: Annotated[str, "制表单位：领导小组办公室的全称"]
    制表日期: Annotated[
        dt.date, "制表日期：本期报表的报送截止日；有报表（或更正）在那之后才报来的，为其中最晚的填报日期（日期）"
    ]


class NarrativeRecord(TypedDict):
    标题: Annotated[str, "标题（没有时为空）"]
    内容: Annotated[str, "内容"]


# The 总结 sheet's sections (类别) are schema.SUMMARY_SECTIONS; one the clerk adds is a field of its own.
class UnitSummaryRecord(TypedDict):
    数字段: Annotated[
        str, "由统计数字写成的一段话：每个指标分组一句，主要指标在前，为零的不写（措辞取自「统计指标」表的“表述”等列）"
    ]
    成效: Annotated[list[str], "同一段话按指标分组拆开（列表，每组一句）；想每组单独成段时用 {%p for s in 总结.成效 %}"]
    指标: Annotated[dict[str, Figure], "各指标的累计数；名称带括号等符号时写 总结.指标['指标名称']"]
    报送期数: Annotated[int, "本单位报送了几期统计报表"]
    未报送期别: Annotated[list[str], "本单位没有报送的期别（列表）；数字段已写明数字是哪几期的合计"]
    主要做法: Annotated[list[NarrativeRecord], "「总结」表中的主要做法（列表，每项有 标题、内容）"]
    存在问题: Annotated[list[NarrativeRecord], "「总结」表中的存在问题（列表）"]
    下一步打算: Annotated[list[NarrativeRecord], "「总结」表中的下一步打算（列表）"]
    典型案例: Annotated[list[NarrativeRecord], "「总结」表中的典型案例（列表，每项有 标题、内容）"]
    日期: Annotated[
        dt.date, "总结的落款日期：活动结束日期；本单位最后一份报表（或更正）的填报日期更晚的，为该日（日期）"
    ]


class RankRecord(TypedDict):
    名次: Annotated[int, "名次（从1起）"]
    单位: Annotated[str, "单位名称（缺报某期的写明，如“某某乡（2月未报送）”）"]
    值: Annotated[list[Figure], "该单位各主要指标的累计数（列表；一期也没有报送的为“未报送”）"]


class PeriodTotalsRecord(TypedDict):
    期别: Annotated[str, "期别；有单位未报送时写明，如“2024年2月（1个单位未报送）”"]
    值: Annotated[list[Figure], "该期各主要指标的合计（列表）"]
    未报送数: Annotated[int, "该期未报送的单位数（合计里不含它们）"]


class ChartDataRecord(TypedDict, total=False):
    指标: Annotated[list[str], "图表中的主要指标，如“出动人次（人次）”（列表）"]
    期别: Annotated[list[str], "横轴上的各期，如“2月”“第2周”“7月上旬”“三季度”（列表）"]
    逐期: Annotated[
        list[list[float | None]], "各期主要指标的合计（列表，每期一项；取最大等的指标为各单位中最大的数等）"
    ]
    合计: Annotated[list[bool], "各主要指标的逐期数是否为合计（列表；取最大、取最小、取平均的为否）"]
    未报送: Annotated[list[int], "各期未报送的单位数（列表）"]
    未到期: Annotated[list[int], "各期在落款日期时尚未到报送期限、还没有报送的单位数（列表）"]
    单位: Annotated[list[str], "各单位的名称（列表；缺报某期的写明；不填报第一个主要指标的单位不列）"]
    各单位: Annotated[list[float | None], "各单位第一个主要指标的累计数（列表；一期也没有报送的为空）"]
    各单位指标: Annotated[str, "各单位对比图所用的指标，如“出动人次（人次）”“降雨量（最大，毫米）”"]
    各单位口径: Annotated[str, "各单位对比图的数是什么：“累计”；取最大、取最小、取平均的指标为空（指标名称已写明）"]


class CampaignSummaryRecord(TypedDict):
    数字段: Annotated[
        str, "由统计数字写成的一段话：每个指标分组一句，主要指标在前，为零的不写（措辞取自「统计指标」表的“表述”等列）"
    ]
    成效: Annotated[list[str], "同一段话按指标分组拆开（列表，每组一句）；想每组单独成段时用 {%p for s in 总结.成效 %}"]
    指标: Annotated[dict[str, Figure], "各指标的累计数；名称带括号等符号时写 总结.指标['指标名称']"]
    单位数: Annotated[int, "参加活动的单位数"]
    报送份数: Annotated[int, "实际报送的统计报表份数"]
    应报份数: Annotated[int, "应报送的统计报表份数"]
    主要指标: Annotated[list[MetricHeadRecord], "主要指标（列表，每项有 名称、单位）"]
    排名指标: Annotated[str, "排名表按哪个指标排列：第一个主要指标的名称（取最大等的指标带上说法，如“最大降雨量”）"]
    排名: Annotated[list[RankRecord], "各单位按第一个主要指标从多到少排列（列表；不填报这个指标的单位排在后面）"]
    缺报: Annotated[
        list[str],
        "未报送的报表，如“某某乡（2024年2月）”（列表）；逾期报送的、一期也没有报送的单位（见 总结.未报送单位）不在其中",
    ]
    逾期: Annotated[list[str], "逾期报送的报表，如“某某局（2024年2月，3月6日报送）”（列表）"]
    未报送单位: Annotated[list[str], "一期也没有报送的单位（列表）：排名表中为“未报送”，不是 0"]
    逐期: Annotated[
        list[PeriodTotalsRecord],
        "各期主要指标的合计（列表，每项有 期别、值、未报送数；有单位未报送的期别写明几个单位未报送）",
    ]
    图表数据: Annotated[ChartDataRecord, "图表所画的数字（由程序画图，模板一般不直接用）"]
    主要做法: Annotated[list[NarrativeRecord], "「总结」表中的主要做法（列表，每项有 标题、内容）"]
    存在问题: Annotated[list[NarrativeRecord], "「总结」表中的存在问题（列表）"]
    下一步打算: Annotated[list[NarrativeRecord], "「总结」表中的下一步打算（列表）"]
    典型案例: Annotated[list[NarrativeRecord], "「总结」表中的典型案例（列表，每项有 标题、内容）"]
    日期: Annotated[dt.date, "总结的落款日期：总结报送截止日期；最后一份报表（或更正）的填报日期更晚的，为该日（日期）"]
    图表: Annotated[str, "图表的位置：单独一段写 {{ 总结.图表 }}"]


class OwnLevelRecord(TypedDict):
    名称: Annotated[str, "本级名称，如“永清县”"]
    范围: Annotated[str, "全辖区的说法，如“全县”"]
    署名: Annotated[str, "总体总结的署名：领导小组办公室的全称，如“某某县专项整治领导小组办公室”"]
    总结标题: Annotated[str, "“本级名称+活动名称+工作总结”（过长时已换行）"]


# --- each kind's whole context ------------------------------------------------------------------

_NOTICE = Annotated[NoticeRecord, "通知的发文信息（「发文」工作表）", OPEN]
_CAMPAIGN = Annotated[CampaignRecord, "活动信息（「活动」工作表），以及每张自行添加的列表的全部行", OPEN]
_OWN_UNIT = Annotated[UnitRecord, "本单位的信息（「单位」表中本单位的一行，以及各张列表中本单位的行）", OPEN]


class SharedContext(TypedDict):
    """What every document sees: each kind's context extends it (a `DocumentJob`'s context is one)."""

    发文: _NOTICE
    活动: _CAMPAIGN


class NoticeContext(SharedContext):
    单位: Annotated[list[ListedUnitRecord], "全部单位的列表（「单位」表的各行）", OPEN]


class PlanContext(SharedContext):
    单位: _OWN_UNIT


class SheetContext(SharedContext):
    单位: Annotated[SheetUnitRecord, "本单位（名称、类型、机关全称）"]
    统计: Annotated[SheetStatsRecord, "本期统计的时段和数字"]


class RollupContext(SharedContext):
    统计: Annotated[PeriodRecord, "本期统计的时段"]
    汇总: Annotated[RollupRecord, "本期的汇总"]


class UnitSummaryContext(SharedContext):
    单位: _OWN_UNIT
    总结: Annotated[UnitSummaryRecord, "工作总结的数字和文字", OPEN]


class CampaignSummaryContext(SharedContext):
    本级: Annotated[OwnLevelRecord, "组织活动的这一级（总体总结中）"]
    总结: Annotated[CampaignSummaryRecord, "工作总结的数字和文字", OPEN]


# --- how the change list (变更记录, output/changes.py) tells a change by the records' fields --------
# Each is a field of a record above (tests/test_kinds.py), but 姓名: a row of the clerk's own lists.

# Fields that only structure a table (a group's rows, a row's figures): the row's and column's names say it better.
STRUCTURE_FIELDS = frozenset({"行", "值"})
# A grouping of rows (a roll-up's metric groups, and the tables it prints them in), told by its rows:
# a metric is in one group and one table (not "表 第1行 韩村镇 第4项").
GROUPING_FIELDS = frozenset({"分组", "表"})
# What names a row: the first of these a row has (a sheet's row is its 指标, not its 单位 of measure).
ROW_NAME_FIELDS = ("名称", "指标", "单位", "期别", "姓名")
COLUMN_NAME_FIELD = "名称"  # what names a table's column (a group's 指标)
# Figures drawn rather than written (a chart's series): told as one line, not number by number.
DRAWN_FIELDS = {"图表数据": "图表随数字更新"}


# --- reading the declarations --------------------------------------------------------------------


@typing.no_type_check
def _fields(record: Any) -> dict[str, tuple[Any, str | None, bool]]:
    """A record's fields: (type, description or None, open)."""
    out = {}
    for name, hint in typing.get_type_hints(record, include_extras=True).items():
        if typing.get_origin(hint) is NotRequired:
            hint = typing.get_args(hint)[0]
        said, is_open = None, False
        if typing.get_origin(hint) is Annotated:
            said = next((m for m in hint.__metadata__ if isinstance(m, str)), None)
            is_open = any(m is OPEN for m in hint.__metadata__)
            hint = typing.get_args(hint)[0]
        out[name] = (hint, said, is_open)
    return out


def _record_inside(hint: Any) -> tuple[Any, bool] | None:
    """(the record a field holds, whether inside a list) when it holds one."""
    if typing.is_typeddict(hint):
        return hint, False
    if typing.get_origin(hint) is list and typing.is_typeddict(typing.get_args(hint)[0]):
        return typing.get_args(hint)[0], True
    return None


def described_paths(record: Any, prefix: str = "") -> dict[str, str | None]:
    """Every field path of a context record (活动.阶段[].名称) with its description (None: none given)."""
    out: dict[str, str | None] = {}
    for name, (hint, said, _) in _fields(record).items():
        path = f"{prefix}{name}"
        out[path] = said
        inside = _record_inside(hint)
        if inside is not None:
            out |= described_paths(inside[0], f"{path}{'[]' if inside[1] else ''}.")
    return out


def open_paths(record: Any, prefix: str = "") -> set[str]:
    """The paths of the records the clerk's workbook may add fields to (活动, 单位, 总结 …)."""
    out = set()
    for name, (hint, _, is_open) in _fields(record).items():
        path = f"{prefix}{name}"
        inside = _record_inside(hint)
        if is_open or typing.get_origin(hint) is dict:  # a dict's keys are the workbook's (总结.指标: its metrics)
            out.add(f"{path}[]" if inside and inside[1] else path)
        if inside is not None:
            out |= open_paths(inside[0], f"{path}{'[]' if inside[1] else ''}.")
    return out
