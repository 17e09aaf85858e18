"""The workbook schema: the sheets every campaign has, their columns, and what each holds.

Two kinds of sheet:
- a *form* sheet lists one fact per row: 项目 (the name) | 内容 (the value) | 说明;
- a *table* sheet has a header row of column names and one record per row.

Nothing here belongs to one campaign. The campaign's own words, lists, rules, metrics,
periods and documents are rows of the clerk's workbook: any further table sheet is a
list for the templates (per unit when it has a 单位名称 column), the 字段规则 sheet puts
rules on any column, the 统计指标 and 核对规则 sheets define the statistics, and the
文档 sheet says which documents the campaign makes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from generator.inputs.accumulations import ACCUMULATIONS, accumulations_said
from generator.inputs.names import WORKBOOK_NAME as WORKBOOK_NAME  # re-exported: the sheets and the file together
from generator.inputs.periods import DEFAULT_PERIOD_KIND, PERIOD_KINDS, WEEKDAYS, period_kinds_said


class FieldType(Enum):
    TEXT = "文字"
    DATE = "日期"
    INTEGER = "整数"
    DECIMAL = "小数"
    YES_NO = "是/否"


@dataclass(frozen=True)
class FieldSpec:
    """One column (or form row): its name, type and the rules its values keep.

    The rules are checked where the cell is read, with one message per broken rule
    naming the cell. A value that breaks one is not used, unless the rule only warns
    (`warn_only`, the clerk's own 提醒 rules): then the value stands and a warning says so.
    """

    name: str  # Chinese name, as the clerk types it in the workbook
    type: FieldType = FieldType.TEXT
    required: bool = True
    help: str = ""  # shown in the 说明 column and in `templates vars`
    choices: tuple[str, ...] = ()  # the only values allowed, when given
    minimum: float | None = None  # for numbers
    maximum: float | None = None
    label: str = ""  # how messages name the field, when not by its column name
    warn_only: bool = False
    message: str = ""  # the clerk's own wording for a broken rule; {值} is the value

    def broken_rule(self, value: object) -> str | None:
        """The message for a value that breaks one of the rules, or None."""
        broken = self._broken(value)
        if broken is not None and self.message:
            return self.message.replace("{值}", str(value))
        return broken

    def _broken(self, value: object) -> str | None:
        label = self.label or self.name
        if self.choices and value not in self.choices:
            return f"{label}应为 {'、'.join(self.choices)} 之一，实际为「{value}」"
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        low, high = self.minimum, self.maximum
        shown_low, shown_high = _number(low), _number(high)
        if low is not None and high is not None and not low <= value <= high:
            return f"{label}应在 {shown_low} 到 {shown_high} 之间，实际为 {_number(value)}"
        if low is not None and value < low:
            if low == 1:
                return f"{label}应为正整数，实际为 {_number(value)}"
            return f"{label}应不小于 {shown_low}，实际为 {_number(value)}"
        if high is not None and value > high:
            return f"{label}应不大于 {shown_high}，实际为 {_number(value)}"
        return None


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    fields: tuple[FieldSpec, ...]
    is_table: bool
    help: str = ""
    optional: bool = False  # a campaign may leave the sheet out

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    def with_fields(self, fields: tuple[FieldSpec, ...]) -> SheetSpec:
        return replace(self, fields=fields)


FORM_NAME_COLUMN = "项目"
FORM_VALUE_COLUMN = "内容"
FORM_HELP_COLUMN = "说明"
UNIT_COLUMN = "单位名称"  # the key of every per-unit sheet

T, D, INT, NUM, YN = FieldType.TEXT, FieldType.DATE, FieldType.INTEGER, FieldType.DECIMAL, FieldType.YES_NO

NOTICE_SHEET = SheetSpec(
    "发文",
    (
        FieldSpec("发文机关", T, help="署名用的机关全称"),
        FieldSpec("发文机关标志", T, help="红头上的机关名称，如“××县人民政府办公室文件”"),
        FieldSpec(
            "发文字号",
            T,
            required=False,
            help="如“×政办〔2024〕3号”，年份用六角括号，序号不编虚位；没有发文字号（如不随通知单独印发的方案）时留空，"
            "文件里就不印发文字号",
        ),
        FieldSpec("成文日期", D, help="落款日期"),
        FieldSpec("标题", T, help="公文标题；需要在某处换行时，在单元格内按 Alt+回车"),
        FieldSpec("主送机关", T, required=False, help="不用写最后的冒号；没有主送机关时留空（不印主送一行）"),
        FieldSpec("抄送机关", T, required=False, help="各机关之间用顿号或逗号，不用写句号；没有可留空"),
        FieldSpec("印发机关", T, help="版记中的印发机关"),
        FieldSpec("印发日期", D, help="版记中的印发日期"),
        FieldSpec("联系人", T, required=False),
        FieldSpec("联系电话", T, required=False),
        FieldSpec("电子邮箱", T, required=False, help="没有可留空，通知里就不印这一行"),
    ),
    is_table=False,
    help="印发通知的发文信息",
)


CAMPAIGN_SHEET = SheetSpec(
    "活动",
    (
        FieldSpec("活动名称", T, help="如“防汛安全大检查”"),
        FieldSpec(
            "方案标题", T, required=False, help="印发的实施方案的标题；只在模板用到它时（如印发方案的通知）才需要填写"
        ),
        FieldSpec("开始日期", D),
        FieldSpec("结束日期", D),
        FieldSpec(
            "牵头单位", T,
            help="领导小组办公室所在单位；可以是「单位」表中的单位，也可以不是（如镇安委办，它不生成自己的方案）",
        ),
        FieldSpec("领导小组办公室", T, help="汇总表和总体总结的署名，如“县防汛指挥部办公室”"),
        FieldSpec("方案报送截止", D, required=False, help="各单位报送工作方案的截止日期"),
        FieldSpec(
            "报送日", INT, required=False, minimum=0, maximum=60,
            help="每期结束后第几天前报送；按月报送时就是次月几日前，如 5 表示次月5日前",
        ),
        FieldSpec("总结报送截止", D, required=False, help="报送工作总结的截止日期；不填则为活动结束日期"),
        FieldSpec(
            "汇总上报日", INT, required=False, minimum=0, maximum=60,
            help="本级汇总后向上级报送的日子，每期结束后第几天前：通知写“汇总后于每月5日前报市”填 5；"
            "通知没有写的不填（汇总表不设上报期限）",
        ),
        FieldSpec(
            "总结上报截止", D, required=False,
            help="本级的工作总结报送上级的截止日期（如“县应急局于6月30日前将全县工作总结报市”）；通知没有写的不填",
        ),
        FieldSpec("简称", T, required=False, help="总结里“××期间”用的简称，如“大检查”；不填则写“活动期间”"),
        FieldSpec("本级名称", T, help="组织这次活动的县（市、区）或乡镇的名称，如“永清县”“柳河镇”"),
        FieldSpec("范围", T, required=False, help="总结里说全辖区用的词，如“全县”“全街道”；不填按本级名称的层级"),
        FieldSpec(
            "报送周期", T, required=False, choices=tuple(PERIOD_KINDS),
            help=f"统计报表多久报一次：{period_kinds_said()}；不填为“{DEFAULT_PERIOD_KIND.name}”",
        ),
        FieldSpec(
            "每周最后一天", T, required=False, choices=WEEKDAYS,
            help="按周报送时每周的最后一天：通知写“每周五报送本周情况”填“星期五”（报送日 0），"
            "写“每周一报送上周情况”填“星期日”（报送日 1）；第1周从活动开始日到这一天。不填时每周从活动开始日起算满7天",
        ),
    ),
    is_table=False,
    help="活动的名称、时间、牵头单位和报送要求",
)  # fmt: skip

PHASES_SHEET = SheetSpec(
    "阶段",
    (
        FieldSpec("阶段名称", T),
        FieldSpec("开始日期", D),
        FieldSpec("结束日期", D),
        FieldSpec(
            "工作内容",
            T,
            required=False,
            help="写进各单位工作方案的本阶段工作内容；某类单位要写得不同时，加一列“部门工作内容”这样的“类型＋工作内容”列",
        ),
    ),
    is_table=True,
    help="活动的各个阶段，按时间先后一行一个",
)

UNIT_TYPES_SHEET = SheetSpec(
    "单位类型",
    (
        FieldSpec("类型", T, help="如 乡镇、街道、部门、检查组"),
        FieldSpec(
            "自称",
            T,
            required=False,
            help="文中称呼本单位用的字，如“镇”（我镇、全镇）“局”“组”；不填则按名称的最后一个字",
        ),
        FieldSpec(
            "署名后缀", T, required=False, help="机关全称 = 单位名称 + 这几个字，如“人民政府”；不填则署名就是单位名称"
        ),
        FieldSpec(
            "全境",
            T,
            required=False,
            help="文中说本单位全部用的词，{自称}是上一列，如“全{自称}”（全镇）“本{自称}”（本局）；"
            "不填：乡镇、街道、学校为“全…”，部门、组为“本…”",
        ),
        FieldSpec(
            "范围用语",
            T,
            required=False,
            help="“在……范围内开展”的说法，如“在全{自称}范围内”“在本{自称}职责范围内”“在本组负责范围内”；"
            "不填按类型：乡镇、街道、学校为“在全…范围内”，部门为“在本…职责范围内”，组为“在本组负责范围内”",
        ),
    ),
    is_table=True,
    help="「单位」表里可以用的单位类型，一行一个；说明每种单位怎么称呼自己、怎么署名",
    optional=True,
)

UNITS_SHEET = SheetSpec(
    "单位",
    (
        FieldSpec(UNIT_COLUMN, T),
        FieldSpec("类型", T, help="须是「单位类型」表中的类型", label="单位类型"),
        FieldSpec("机关全称", T, required=False, help="署名用的机关全称，如“韩村镇人民政府”；不填则按单位类型自动生成"),
        FieldSpec("领导小组成员单位", YN, required=False, help="填“是”的单位列入领导小组"),
        FieldSpec("日常工作机构", T, required=False, help="本单位领导小组办公室设在哪里，如“镇综治办”"),
        FieldSpec("方案日期", D, required=False, help="本单位工作方案的落款日期；不填则用通知的成文日期"),
        FieldSpec("自称", T, required=False, help="只对本单位改「单位类型」表的自称，如“镇”（我镇）；不填按单位类型"),
        FieldSpec("简称", T, required=False, help="同「自称」（两列填一列即可）"),
        FieldSpec("全境", T, required=False, help="只对本单位改说法，如“全镇”“本局”；不填按单位类型"),
        FieldSpec("范围用语", T, required=False, help="只对本单位改说法，如“在本局职责范围内”；不填按单位类型"),
        FieldSpec("方案标题", T, required=False, help="本单位工作方案的标题；不填为“单位名称+活动名称+工作方案”"),
        FieldSpec("总结标题", T, required=False, help="本单位工作总结的标题；不填为“单位名称+活动名称+工作总结”"),
    ),
    is_table=True,
    help="参加活动的单位（乡镇、部门、检查组……），一行一个",
)

METRIC_NUMBER_TYPES = ("整数", "小数")
METRICS_SHEET = SheetSpec(
    "统计指标",
    (
        FieldSpec("分组", T, help="如 组织发动、隐患排查"),
        FieldSpec("指标", T, help="如 出动检查人员"),
        FieldSpec("单位", T, help="计量单位，如 人次、处、家"),
        FieldSpec("类型", T, help="整数 或 小数（金额用小数）", choices=METRIC_NUMBER_TYPES, label="指标类型"),
        FieldSpec("主要指标", YN, required=False, help="填“是”的指标用于总结中的排名表、逐期对比和图表"),
        FieldSpec(
            "累计方式", T, required=False, choices=tuple(ACCUMULATIONS), help=accumulations_said(),
        ),
        FieldSpec(
            "表述", T, required=False, help="总结里怎么说这个数，{值}是数字，如“排查企业{值}家”；不填为“指标+数字+单位”"
        ),
        FieldSpec(
            "为零时表述", T, required=False, help="合计为 0 时总结里的说法，如“未发现安全隐患”；不填则为 0 时不提"
        ),
        FieldSpec("前提指标", T, required=False, help="这个指标只在另一个指标不为 0 时才提，填那个指标的名称"),
        FieldSpec(
            "适用单位类型", T, required=False,
            help="只有这些类型的单位填报这个指标，用顿号隔开，如“部门”（乡镇不填立案数）；不填为全部单位",
        ),
    ),
    is_table=True,
    help="统计报表的指标，一行一个；增删指标只改这张表",
    optional=True,
)  # fmt: skip

CHECK_RELATIONS = ("不大于", "不小于", "有则须有", "不超过上期倍数")
CHECKS_SHEET = SheetSpec(
    "核对规则",
    (
        FieldSpec("指标", T, help="要核对的指标"),
        FieldSpec(
            "关系", T, choices=CHECK_RELATIONS,
            help="不大于/不小于：与另一个指标比较；有则须有：本指标大于 0 时另一个指标也应大于 0；"
            "不超过上期倍数：本期不超过上期的若干倍",
        ),
        FieldSpec("对象", T, help="另一个指标的名称，或（不超过上期倍数时）倍数"),
        FieldSpec("提示", T, required=False, help="不符合时的提醒；可用 {单位} {期别} {值} {对象值}"),
    ),
    is_table=True,
    help="统计数字的合理性核对，一条一行；不符合时生成照常进行，但会提醒",
    optional=True,
)  # fmt: skip

SUMMARY_SECTIONS = ("主要做法", "存在问题", "下一步打算", "典型案例")
SUMMARY_SHEET = SheetSpec(
    "总结",
    (
        FieldSpec(UNIT_COLUMN, T, help="「单位」表中的单位；写本级名称或“全县”等范围词的是总体总结的内容"),
        FieldSpec("类别", T, help="如 主要做法、存在问题、下一步打算、典型案例", choices=SUMMARY_SECTIONS),
        FieldSpec("标题", T, required=False, help="主要做法、典型案例的小标题，如“强化组织领导”"),
        FieldSpec("内容", T),
    ),
    is_table=True,
    help="工作总结的文字部分，一条一行；数字部分由统计报表自动生成",
    optional=True,
)

RULE_LEVELS = ("错误", "提醒")
RULES_SHEET = SheetSpec(
    "字段规则",
    (
        FieldSpec("工作表", T, help="规则所在的工作表"),
        FieldSpec("列", T, help="规则所在的列（表头）"),
        FieldSpec("类型", T, required=False, choices=("文字", "日期", "整数", "小数", "是/否"), label="字段类型"),
        FieldSpec("必填", YN, required=False),
        FieldSpec("允许值", T, required=False, help="只允许这些值，用顿号隔开，如“组长、副组长、成员”"),
        FieldSpec("最小值", T, required=False, help="数字，或「活动」表中一个项目的名称（用它的内容）"),
        FieldSpec("最大值", T, required=False, help="数字，或「活动」表中一个项目的名称"),
        FieldSpec("排序", YN, required=False, help="填“是”时各行按允许值的先后排列"),
        FieldSpec("不符时", T, required=False, choices=RULE_LEVELS, help="错误：停止生成；提醒：照常生成。不填为错误"),
        FieldSpec("提示", T, required=False, help="不符合时的说明，{值} 是单元格的值"),
        FieldSpec(
            "每个单位一名",
            T,
            required=False,
            help="这些值在每个单位的行里应有且只有一个，如“组长”（每个单位一名组长）；多了或少了在核稿中提醒",
        ),
    ),
    is_table=True,
    help="给任何工作表的任何列加规则（必填、类型、允许值、范围、每个单位一名），一条一行",
    optional=True,
)

DOCUMENTS_SHEET = SheetSpec(
    "文档",
    (
        FieldSpec("文档", T, help="文档的名称，也是模板文件名：templates/文档.docx"),
        # Its choices and help are the engine's kinds of document, given when the sheet is read
        # (validate.documents_spec: generator/documents/registry.py declares them).
        FieldSpec("种类", T, help="文档的种类", label="文档种类"),
        FieldSpec("生成", YN, required=False, help="填“否”的不生成；不填为“是”"),
        FieldSpec("文件名", T, required=False, help="可用 {单位.名称} {活动.名称} {统计.期别} 等变量；不填按种类默认"),
        FieldSpec("文件夹", T, required=False, help="放在 output 下的哪个文件夹，也可用变量"),
        FieldSpec(
            "加盖印章",
            YN,
            required=False,
            help="填“否”：不盖章，署名右空二字、日期在下一行（GB/T 9704 7.3.5.2）；不填为“是”：署名在日期上方居中",
        ),
        FieldSpec(
            "版记在偶数页",
            YN,
            required=False,
            help="填“是”：正文在单数页结束时，版记另起一页放在其后的双数页（双面印刷时在背面，该页不编页码）；"
            "需要 LibreOffice 确定页数。不填为“否”",
        ),
        FieldSpec(
            "适用单位",
            T,
            required=False,
            help="只给这些单位或单位类型生成，用顿号隔开，如“乡镇、街道”或“县公安局”；不填为全部单位"
            "（只对每个单位一份的文档起作用）",
        ),
    ),
    is_table=True,
    help="这次活动生成哪些文档，一种一行；没有这张表时按默认生成全部",
    optional=True,
)

# The periodic figures: 单位名称 | 期别 | one column per metric (the metrics sheet decides which).
REPORTS_SHEET_NAME = "统计报表"
REPORT_UNIT_COLUMN = UNIT_COLUMN
REPORT_PERIOD_COLUMN = "期别"
# Who filled a report in, as a real form's foot says; optional columns of 统计报表, kept by collect.
REPORT_FOOTER_COLUMNS = ("填报人", "审核人", "联系电话", "填报日期")
REPORT_FILED_COLUMN = "填报日期"  # after the period's due date: 逾期报送
# When the period was first reported, written by collect when a correction (更正) replaces a report: a unit
# that reported on time and corrected after the deadline reported on time (its 填报日期 is the correction's).
REPORT_FIRST_FILED_COLUMN = "首次报送日期"

FIXED_SHEETS: tuple[SheetSpec, ...] = (
    NOTICE_SHEET, CAMPAIGN_SHEET, PHASES_SHEET, UNIT_TYPES_SHEET, UNITS_SHEET, METRICS_SHEET, CHECKS_SHEET,
    SUMMARY_SHEET, RULES_SHEET, DOCUMENTS_SHEET,
)  # fmt: skip
# Every other sheet is one of the clerk's own lists.
RESERVED_SHEET_NAMES = frozenset({*(s.name for s in FIXED_SHEETS), REPORTS_SHEET_NAME})
