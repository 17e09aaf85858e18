"""The workbook schema: Chinese sheet and column names, and what each holds.

Two kinds of sheet:
- a *form* sheet lists one fact per row: 项目 (the name) | 内容 (the value) | 说明;
- a *table* sheet has a header row of column names and one record per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class FieldType(Enum):
    TEXT = "文字"
    DATE = "日期"
    INTEGER = "整数"
    YES_NO = "是/否"


@dataclass(frozen=True)
class FieldSpec:
    """One column (or form row): its name, type and the rules its values keep.

    The rules are checked where the cell is read, with one message per broken rule
    naming the cell; a value that breaks one is not used.
    """

    name: str  # Chinese name, as the clerk types it in the workbook
    type: FieldType = FieldType.TEXT
    required: bool = True
    help: str = ""  # shown in the 说明 column and in `templates vars`
    choices: tuple[str, ...] = ()  # the only values allowed, when given
    minimum: int | None = None  # for integers
    maximum: int | None = None
    label: str = ""  # how messages name the field, when not by its column name

    def broken_rule(self, value: object) -> str | None:
        """The message for a value that breaks one of the rules, or None."""
        label = self.label or self.name
        if self.choices and value not in self.choices:
            return f"{label}应为 {'、'.join(self.choices)} 之一，实际为「{value}」"
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        low, high = self.minimum, self.maximum
        if low is not None and high is not None and not low <= value <= high:
            return f"{label}应在 {low} 到 {high} 之间，实际为 {value}"
        if low is not None and value < low:
            return f"{label}应为正整数，实际为 {value}" if low == 1 else f"{label}应不小于 {low}，实际为 {value}"
        if high is not None and value > high:
            return f"{label}应不大于 {high}，实际为 {value}"
        return None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    is_table: bool
    help: str = ""

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


FORM_NAME_COLUMN = "项目"
FORM_VALUE_COLUMN = "内容"
FORM_HELP_COLUMN = "说明"

T, D, INT, YN = FieldType.TEXT, FieldType.DATE, FieldType.INTEGER, FieldType.YES_NO

UNIT_KINDS = ("乡镇", "区", "办", "部门")
GROUP_ROLES = ("组长", "副组长", "成员")
SUMMARY_KINDS = ("主要做法", "存在问题", "下一步打算", "典型案例")

NOTICE_SHEET = SheetSpec(
    "发文",
    (
        FieldSpec("发文机关", T, help="署名用的机关全称"),
        FieldSpec("发文机关标志", T, help="红头上的机关名称，如“××县人民政府办公室文件”"),
        FieldSpec("发文字号", T, help="如“永政办〔2018〕15号”，年份用六角括号，序号不编虚位"),
        FieldSpec("成文日期", D, help="落款日期"),
        FieldSpec("标题", T, help="公文标题；需要在某处换行时，在单元格内按 Alt+回车"),
        FieldSpec("主送机关", T, help="不用写最后的冒号"),
        FieldSpec("抄送机关", T, required=False, help="各机关之间用顿号或逗号，不用写句号；没有可留空"),
        FieldSpec("印发机关", T, help="版记中的印发机关"),
        FieldSpec("印发日期", D, help="版记中的印发日期"),
        FieldSpec("联系人", T),
        FieldSpec("联系电话", T),
        FieldSpec("电子邮箱", T, required=False),
    ),
    is_table=False,
    help="县级通知的发文信息",
)

CAMPAIGN_SHEET = SheetSpec(
    "活动",
    (
        FieldSpec("活动名称", T, help="如“打击传销活动大排查”"),
        FieldSpec("方案标题", T, help="印发的实施方案的标题"),
        FieldSpec("开始日期", D),
        FieldSpec("结束日期", D),
        FieldSpec("牵头单位", T, help="领导小组办公室所在单位，须是「单位」表中的单位"),
        FieldSpec("领导小组办公室", T, help="如“县打击传销领导小组办公室”"),
        FieldSpec("方案报送截止", D, help="各单位报送工作方案的截止日期"),
        FieldSpec("月报日", INT, help="每月几日前报送统计报表", minimum=1, maximum=28),
        FieldSpec("总结报送截止", D, help="报送工作总结的截止日期"),
        FieldSpec("队伍最少人数", INT, help="每个村（居）委会打传队伍的最少人数"),
        FieldSpec("队伍最多人数", INT, help="每个村（居）委会打传队伍的最多人数"),
    ),
    is_table=False,
    help="活动的时间、牵头单位和报送要求",
)

PHASES_SHEET = SheetSpec(
    "阶段",
    (
        FieldSpec("阶段名称", T),
        FieldSpec("开始日期", D),
        FieldSpec("结束日期", D),
        FieldSpec("工作内容", T, required=False, help="写进各单位工作方案的本阶段工作内容"),
    ),
    is_table=True,
    help="活动的各个阶段，按时间先后一行一个",
)

UNITS_SHEET = SheetSpec(
    "单位",
    (
        FieldSpec("单位名称", T),
        FieldSpec("类型", T, help="乡镇、区、办 或 部门", choices=UNIT_KINDS, label="单位类型"),
        FieldSpec("领导小组成员单位", YN, required=False, help="填“是”的单位列入县领导小组"),
        FieldSpec("日常工作机构", T, required=False, help="本单位领导小组办公室设在哪里，如“镇综治办”"),
        FieldSpec("方案日期", D, required=False, help="本单位工作方案的落款日期；不填则用通知的成文日期"),
    ),
    is_table=True,
    help="乡镇（区、办）和县直部门，一行一个",
)


LEADERS_SHEET = SheetSpec(
    "领导小组",
    (
        FieldSpec("单位名称", T, help="须是「单位」表中的单位"),
        FieldSpec("小组职务", T, help="组长、副组长 或 成员", choices=GROUP_ROLES),
        FieldSpec("姓名", T),
        FieldSpec("职务", T, help="现任职务，如“镇党委副书记、镇长”"),
    ),
    is_table=True,
    help="各单位打击传销领导小组成员，一人一行",
)

FOCUS_SHEET = SheetSpec(
    "排查重点",
    (
        FieldSpec("单位名称", T, help="须是「单位」表中的单位"),
        FieldSpec("重点类别", T, help="如 城乡结合部、城中村、出租房屋、宾馆旅店、闲置厂房"),
        FieldSpec("具体内容", T, help="具体的地点和要求"),
    ),
    is_table=True,
    help="各单位的排查重点区域和场所，一项一行",
)

TEAMS_SHEET = SheetSpec(
    "打传队伍",
    (
        FieldSpec("单位名称", T, help="须是「单位」表中的单位"),
        FieldSpec("村（社区）", T),
        FieldSpec("队长", T),
        FieldSpec("队员人数", INT, minimum=1),
    ),
    is_table=True,
    help="各村（街）、社区的打传队伍，一支一行",
)

# Detail sheets: one unit, many rows.
DETAIL_SHEETS: tuple[SheetSpec, ...] = (LEADERS_SHEET, FOCUS_SHEET, TEAMS_SHEET)

METRIC_TYPES = ("整数", "小数")
METRICS_SHEET = SheetSpec(
    "统计指标",
    (
        FieldSpec("分组", T, help="如 组织发动、摸底排查"),
        FieldSpec("指标", T, help="如 出动排查人员"),
        FieldSpec("单位", T, help="计量单位，如 人次、处、万元"),
        FieldSpec("类型", T, help="整数 或 小数（金额用小数）"),
        FieldSpec("主要指标", YN, required=False, help="填“是”的指标用于总结中的排名表、逐月对比和图表"),
    ),
    is_table=True,
    help="月报统计报表的指标，一行一个；增删指标只改这张表",
)

COUNTY = "全县"  # in the 总结 sheet: the county's own summary
SUMMARY_SHEET = SheetSpec(
    "总结",
    (
        FieldSpec("单位名称", T, help="「单位」表中的单位；写“全县”的是县级总结的内容"),
        FieldSpec("类别", T, help="主要做法、存在问题、下一步打算 或 典型案例", choices=SUMMARY_KINDS),
        FieldSpec("标题", T, required=False, help="主要做法、典型案例的小标题，如“强化组织领导”"),
        FieldSpec("内容", T),
    ),
    is_table=True,
    help="工作总结的文字部分，一条一行；数字部分由月报自动生成",
)

# The monthly figures: 单位名称 | 月份 | one column per metric (the metrics sheet decides which).
REPORTS_SHEET_NAME = "月报"
REPORT_UNIT_COLUMN = "单位名称"
REPORT_MONTH_COLUMN = "月份"

SHEETS: tuple[SheetSpec, ...] = (
    NOTICE_SHEET, CAMPAIGN_SHEET, PHASES_SHEET, UNITS_SHEET, *DETAIL_SHEETS, METRICS_SHEET, SUMMARY_SHEET,
)  # fmt: skip

# The workspace's input workbook.
WORKBOOK_NAME = "活动数据.xlsx"
