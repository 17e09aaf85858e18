"""The typed model of a workspace's inputs: what the documents are made from.

Nothing here is one campaign's: the campaign's own lists, rules, metrics, periods
and documents are data in these types.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from generator.errors import Location
from generator.inputs.accumulations import DEFAULT_ACCUMULATION, Accumulation
from generator.inputs.status import LATE as LATE
from generator.inputs.status import MISSING as MISSING
from generator.inputs.status import REPORTED as REPORTED
from generator.standard.words import chinese_date, month_day

if TYPE_CHECKING:
    from generator.inputs.periods import PeriodKind

Row = dict[str, Any]  # one row of a clerk's list: its columns by header


@dataclass(frozen=True)
class Notice:
    """The notice's 版头, 主体 and 版记 facts (GB/T 9704 elements)."""

    organ: str  # 发文机关 (署名)
    mark: str  # 发文机关标志
    number: str  # 发文字号; "" when the document has none (a plan printed without a notice)
    date: dt.date  # 成文日期
    title: str  # may contain "\n" where the clerk wants the title to break
    recipients: str  # 主送机关, without the final colon
    copies_to: str | None  # 抄送机关
    printer: str  # 印发机关
    print_date: dt.date  # 印发日期
    contact_person: str | None
    contact_phone: str | None
    contact_email: str | None
    extra: dict[str, Any] = field(default_factory=dict)  # rows the clerk added to the 发文 sheet


@dataclass(frozen=True)
class Phase:
    name: str
    start: dt.date
    end: dt.date
    description: str | None = None  # what units do in this phase, for their plans
    extra: dict[str, Any] = field(default_factory=dict)  # columns the clerk added

    def description_for(self, unit_type: str) -> str | None:
        """What a unit of `unit_type` does in this phase: its type's own column (部门工作内容) where the
        阶段 sheet has one filled in, else 工作内容, which is often the notice's words to the townships."""
        own = self.extra.get(type_description_column(unit_type))
        return str(own).strip() if own is not None and str(own).strip() else self.description


def type_description_column(unit_type: str) -> str:
    """The 阶段 sheet's column giving one unit type its own 工作内容: 部门工作内容, 学校工作内容."""
    return f"{unit_type}工作内容"


@dataclass(frozen=True)
class Period:
    """One reporting period: a month, a 旬, a week, a quarter, a phase, or the whole campaign."""

    number: int  # 1, 2, ... in the campaign
    label: str  # 2018年2月, 2024年5月上旬, 第1周, 2024年第二季度, a phase's name, 全程
    start: dt.date  # clipped to the campaign
    end: dt.date
    due: dt.date  # when its figures are due


@dataclass(frozen=True)
class Unit:
    name: str
    unit_type: str  # one of the campaign's unit types: 乡镇, 部门, 检查组 ...
    organ: str  # the full name it signs with: 韩村镇人民政府, 永清县公安局
    self_name: str  # how it names itself: 镇 (我镇、全镇), 局, 组
    in_leading_group: bool
    office: str | None = None  # where the unit's own leading group's office sits
    plan_date: dt.date | None = None
    whole: str = ""  # how it names all of itself: 全镇 (a territory), 本局 (a department), 本组
    scope_phrase: str = ""  # where it works: 在全镇范围内, 在本局职责范围内, 在本组负责范围内
    plan_title: str | None = None  # its plan's and summary's titles, when the 单位 sheet gives them
    summary_title: str | None = None
    lists: dict[str, tuple[Row, ...]] = field(default_factory=dict)  # its rows of each per-unit list
    extra: dict[str, Any] = field(default_factory=dict)  # columns the clerk added to the 单位 sheet


class KindFacts(Protocol):
    """What reading the 文档 sheet needs to know of a kind of document: documents/registry.py
    declares the kinds, and whoever reads the workbook passes them in (pipeline.read_workbook)."""

    @property
    def name(self) -> str: ...  # the 种类 a row names

    @property
    def description(self) -> str: ...

    @property
    def periodic(self) -> bool: ...  # one per period: none for a campaign that reports nothing

    @property
    def twin_of(self) -> str | None: ...  # the kind whose documents it doubles, made beside them


@dataclass(frozen=True)
class DocumentSpec:
    """One document the campaign makes (a row of the 文档 sheet, or a default)."""

    name: str  # the clerk's name for it, and its template's: templates/<name>.docx
    kind: str  # the engine's kind (generator/documents/registry.py)
    file_pattern: str | None  # e.g. "{单位.名称}{统计.期别}统计报表"; None: the kind's default
    folder_pattern: str | None
    location: Location | None = None  # where the clerk wrote it, for messages
    sealed: bool = True  # 署名 laid out for a seal (7.3.5.1), or unsealed, 右空二字 (7.3.5.2)
    banji_on_even_page: bool = False  # a 版记 that would print on an odd page moves to the next (even) one
    units: tuple[str, ...] = ()  # unit names or unit types it is made for (none: every unit)

    def made_for(self, unit: Unit) -> bool:
        return not self.units or unit.name in self.units or unit.unit_type in self.units


@dataclass(frozen=True)
class Campaign:
    name: str
    short_name: str | None  # 专项检查, for "专项检查期间"
    region: str  # 永清县, 柳河镇: the level that runs the campaign
    scope: str  # 全县, 全镇
    plan_title: str | None  # only a campaign whose templates print it needs one
    start: dt.date
    end: dt.date
    lead_unit: str  # a Unit name: where the leading group's office sits
    group_office: str
    plan_due: dt.date | None
    period_kind: PeriodKind  # how often units report figures (periods.PERIOD_KINDS)
    report_day: int | None  # days after a period's end its figures are due
    summary_due: dt.date
    phases: tuple[Phase, ...]
    periods: tuple[Period, ...] = ()
    lists: dict[str, tuple[Row, ...]] = field(default_factory=dict)  # every list sheet, all its rows
    documents: tuple[DocumentSpec, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # rows the clerk added to the 活动 sheet
    # (sheet, column, value): each unit has exactly one such row (字段规则 每个单位一名: one 组长 each)
    one_per_unit: tuple[tuple[str, str, str], ...] = ()
    week_end: int | None = None  # the weekday (0 Monday … 6 Sunday) a week ends on; None: 7 days from the start
    # The campaign's own deadlines, to the level above it (汇总后于每月5日前报市), when its notice states them:
    rollup_report_day: int | None = None  # days after a period's end its roll-up is due up (汇总上报日)
    own_summary_due: dt.date | None = None  # its own 工作总结's (总结上报截止)

    @property
    def across_a_new_year(self) -> bool:
        """It starts in one year and ends in another (2024年10月 to 2025年4月): there a day or a period
        named without its year (1月10日, 四季度) could be either year's."""
        return self.start.year != self.end.year

    def day_said(self, day: dt.date) -> str:
        """1月10日; 2025年1月10日 in a campaign across a new year (as a template's |月日 writes it)."""
        return chinese_date(day) if self.across_a_new_year else month_day(day)

    def rollup_due(self, period: Period) -> dt.date | None:
        """The day a period's roll-up is due to the level above; None when no deadline is stated."""
        if self.rollup_report_day is None:
            return None
        return period.end + dt.timedelta(days=self.rollup_report_day)


@dataclass(frozen=True)
class Metric:
    group: str  # 组织发动, 隐患排查 ...
    name: str
    unit: str  # of measure, as the 统计指标 sheet's 单位 column gives it; every message and form says it
    decimal: bool  # the 类型 column says 小数: figures with up to two decimals; otherwise whole numbers
    main: bool = False  # ranked, compared period by period and charted in the summaries
    accumulation: Accumulation = DEFAULT_ACCUMULATION  # 累计方式: how its figures combine (累加, 取最新, 取最大 …)
    wording: str | None = None  # how prose says it, {值} the figure: "排查企业{值}家"
    zero_wording: str | None = None  # what prose says of a zero total: "未发现安全隐患"
    requires: str | None = None  # another metric: this one is said only when that one is not 0
    unit_types: tuple[str, ...] = ()  # the unit types asked for it (none: every type); 立案 is not a township's

    def applies_to(self, unit_type: str) -> bool:
        return not self.unit_types or unit_type in self.unit_types

    @property
    def reading_word(self) -> str:
        """最大 said after a reading's name in prose (降雨量最大120.3毫米); "" for a total, or for a name that
        says it already (最高水位, 平均气温)."""
        word = self.accumulation.word
        return "" if not word or self.name.startswith("最") or word in self.name else word

    @property
    def headed(self) -> str:
        """The name a table's or chart's heading gives it: 降雨量（最大）, or the name (出动人次, 最高水位)."""
        return f"{self.name}（{self.reading_word}）" if self.reading_word else self.name


@dataclass(frozen=True)
class CheckRule:
    """A plausibility rule between metrics, from the 核对规则 sheet."""

    metric: str
    relation: str  # one of schema.CHECK_RELATIONS
    other: str | None  # another metric
    factor: Decimal | None  # for 不超过上期倍数
    message: str | None  # the clerk's own wording


@dataclass(frozen=True)
class SummaryItem:
    """One item of a 工作总结's narrative: a 主要做法, a 存在问题, a 下一步打算 or a 典型案例."""

    unit: str | None  # a unit's name, or None for the campaign's own summary
    section: str  # its 类别: 主要做法, 存在问题 … or the clerk's own
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Report:
    """One unit's figures for one period. A period with no report is 未报送, not zeros."""

    unit: str
    period: int  # Period.number
    values: dict[str, Decimal]  # by metric name
    footer: dict[str, str] = field(default_factory=dict)  # 填报人, 审核人, 联系电话, 填报日期 as given
    filed: dt.date | None = None  # the 填报日期 as a date (a correction's: its figures' date)
    first_filed: dt.date | None = None  # 首次报送日期: set once a correction replaced the first report

    @property
    def reported_on(self) -> dt.date | None:
        """When the period was first reported: a report first filed after its period's due date is late,
        a correction sent after it does not make an on-time report late."""
        return self.first_filed or self.filed

    @property
    def corrected_on(self) -> dt.date | None:
        """The day a correction (更正) replaced the first report, else None."""
        if self.first_filed is None or self.filed is None or self.filed == self.first_filed:
            return None
        return self.filed


@dataclass(frozen=True, slots=True)
class Remark:
    """Something the workbook does that changes what it means, for the 核稿 pass to show every time:
    a name corrected to another unit's, a figure a unit's type is not asked for."""

    check: str  # what kind of remark: 自动更正, 指标不适用
    location: Location
    text: str
    fix: str


@dataclass(frozen=True, slots=True)
class UnaskedFigure:
    """A Remark of a figure for a metric the unit's type is not asked for (a township's 立案: not
    counted), its words made when it is shown: a campaign of 2,000 townships has 36,000 of them, held
    for the whole build (as Remarks with their sentences, 12 MB). Its cell is kept as its row and
    column, its Location made when it is shown (a Location and an address each: 4 MB more)."""

    file: str  # as the clerk knows it (one string shared by every remark of the workbook)
    sheet: str
    row: int
    column: int
    unit: str
    unit_type: str
    metric: Metric
    value: Decimal  # as the cell gave it (one object per distinct figure: validate._shared_figure)

    @property
    def check(self) -> str:
        return "指标不适用"

    @property
    def location(self) -> Location:
        from generator.inputs.xlsx_reader import column_letters  # (the reader's lxml, only when shown)

        return Location(self.file, self.sheet, f"{column_letters(self.column)}{self.row}")

    @property
    def text(self) -> str:
        metric = self.metric
        return (
            f"{self.unit}（{self.unit_type}）填了「{metric.name}」{self.value}{metric.unit}，"
            f"但这个指标只由{'、'.join(metric.unit_types)}填报，未计入"
        )

    @property
    def fix(self) -> str:
        return f"核实后删去这个数，或在「统计指标」表的「适用单位类型」里加上“{self.unit_type}”"


@dataclass(frozen=True)
class Inputs:
    notice: Notice
    campaign: Campaign
    units: tuple[Unit, ...]
    metrics: tuple[Metric, ...] = ()
    reports: tuple[Report, ...] = ()
    summary: tuple[SummaryItem, ...] = ()
    checks: tuple[CheckRule, ...] = ()
    remarks: tuple[Remark | UnaskedFigure, ...] = ()
    # The day a document speaks on (its 落款): a period past its deadline then is due, reported or not.
    speaks_on: dt.date | None = None

    @functools.cached_property
    def _reports_by_unit(self) -> dict[str, tuple[Report, ...]]:
        by_unit: dict[str, list[Report]] = {}
        for report in sorted(self.reports, key=lambda r: r.period):
            by_unit.setdefault(report.unit, []).append(report)
        return {unit: tuple(reports) for unit, reports in by_unit.items()}

    @functools.cached_property
    def _reported_periods(self) -> tuple[Period, ...]:
        """The periods up to the last one anyone has reported."""
        if not self.reports:
            return ()
        last = max(r.period for r in self.reports)
        return tuple(p for p in self.campaign.periods if p.number <= last)

    @functools.cached_property
    def reporting_periods(self) -> tuple[Period, ...]:
        """The periods reports are expected for so far: undated, up to the last one anyone has reported
        (a period nobody has reported is not yet due in the workbook's eyes). Seen on a document's date
        (`speaks_on`, see `on`): up to the last one anyone had reported by then, and every period whose
        deadline had passed by then, reported or not (a summary of 6月10日 counts May's reports, due 6月5日,
        that nobody sent)."""
        reported = self._reported_periods
        on = self.speaks_on
        if on is None or not reported:
            return reported
        # a period someone reported only after this date, not yet due on it, was nobody's to send then:
        # a unit's summary of 4月30日 does not call April's report, due 5月10日, 未报送
        last = max((number for number, day in self._first_filed.items() if day <= on), default=0)
        return tuple(p for p in self.campaign.periods if p.number <= last or p.due < on)

    @functools.cached_property
    def _first_filed(self) -> dict[int, dt.date]:
        """Each reported period's first 填报日期 among all units (a report without one: its period's last
        day, as 核稿 reads it)."""
        first: dict[int, dt.date] = {}
        for report in self.reports:
            day = report.reported_on or self.period(report.period).end
            first[report.period] = min(day, first.get(report.period, day))
        return first

    @functools.cached_property
    def _dated(self) -> dict[dt.date, Inputs]:
        return {}

    def on(self, date: dt.date) -> Inputs:
        """These inputs as a document dated `date` sees them (see reporting_periods); one per date,
        sharing this one's indexes: the periods a date adds are ones nobody reported, every unit's
        status in them 未报送 already."""
        if date not in self._dated:
            dated = dataclasses.replace(self, speaks_on=date)
            shared = ("_reports_by_unit", "_reported_periods", "_statuses", "_summary_by_unit", "_first_filed")
            vars(dated).update({name: getattr(self, name) for name in shared})
            self._dated[date] = dated
        return self._dated[date]

    @functools.cached_property
    def _statuses(self) -> dict[tuple[str, int], str]:
        statuses = {}
        for unit in self.units:
            own = {r.period: r for r in self.reports_of(unit.name)}
            for period in self._reported_periods:
                report = own.get(period.number)
                if report is None:
                    statuses[unit.name, period.number] = MISSING
                elif report.reported_on is not None and report.reported_on > period.due:
                    statuses[unit.name, period.number] = LATE
                else:
                    statuses[unit.name, period.number] = REPORTED
        return statuses

    def status(self, unit: str, period: int) -> str:
        """已报送, 逾期报送 (first reported after the period's due date: a later 更正 changes nothing) or 未报送."""
        return self._statuses.get((unit, period), MISSING)

    def past_due(self, period: Period) -> bool:
        """A report of the period was due by this document's date (its deadline, 5月10日前, had passed);
        undated, every period reported so far was."""
        return self.speaks_on is None or period.due < self.speaks_on

    def missing_periods(self, unit: str) -> tuple[Period, ...]:
        """The periods so far for which a unit has sent nothing though it was due: on 5月9日 a quarter
        due 5月10日 that others sent early is not yet due, not 未报送 (see not_yet_due)."""
        return tuple(p for p in self.reporting_periods if self.status(unit, p.number) == MISSING and self.past_due(p))

    def not_yet_due(self, unit: str, period: Period) -> bool:
        """The unit has not sent a period others sent early, and its deadline had not passed on this
        document's date: the period's totals lack it, but it is not 未报送."""
        return self.status(unit, period.number) == MISSING and not self.past_due(period)

    @functools.cached_property
    def _summary_by_unit(self) -> dict[str | None, tuple[SummaryItem, ...]]:
        by_unit: dict[str | None, list[SummaryItem]] = {}
        for item in self.summary:
            by_unit.setdefault(item.unit, []).append(item)
        return {unit: tuple(items) for unit, items in by_unit.items()}

    def reports_of(self, unit: str) -> tuple[Report, ...]:
        """A unit's reports in period order (indexed once: documents ask for them unit by unit)."""
        return self._reports_by_unit.get(unit, ())

    def summary_of(self, unit: str | None) -> tuple[SummaryItem, ...]:
        """A unit's 总结 rows, in the workbook's order (None: the campaign's own)."""
        return self._summary_by_unit.get(unit, ())

    @property
    def leading_group(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.in_leading_group)

    def metrics_of(self, unit: Unit) -> tuple[Metric, ...]:
        """The metrics a unit is asked for (its type's)."""
        return tuple(m for m in self.metrics if m.applies_to(unit.unit_type))

    def unit(self, name: str) -> Unit:
        return next(u for u in self.units if u.name == name)

    def period(self, number: int) -> Period:
        return self.campaign.periods[number - 1]
