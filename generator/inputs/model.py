"""The typed model of a workspace's inputs: what the documents are made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Notice:
    """The county notice's 版头, 主体 and 版记 facts (GB/T 9704 elements)."""

    organ: str  # 发文机关 (署名)
    mark: str  # 发文机关标志
    number: str  # 发文字号
    date: dt.date  # 成文日期
    title: str  # may contain "\n" where the clerk wants the title to break
    recipients: str  # 主送机关, without the final colon
    copies_to: str | None  # 抄送机关
    printer: str  # 印发机关
    print_date: dt.date  # 印发日期
    contact_person: str
    contact_phone: str
    contact_email: str | None
    extra: dict[str, Any] = field(default_factory=dict)  # rows the clerk added to the 发文 sheet


@dataclass(frozen=True)
class Phase:
    name: str
    start: dt.date
    end: dt.date
    description: str | None = None  # what units do in this phase, for their plans


@dataclass(frozen=True)
class Leader:
    role: str  # 组长 | 副组长 | 成员
    name: str
    post: str


@dataclass(frozen=True)
class FocusArea:
    category: str  # 城乡结合部, 出租房屋 ...
    detail: str


@dataclass(frozen=True)
class Team:
    village: str
    leader: str
    size: int
    extra: dict[str, Any] = field(default_factory=dict)  # columns the clerk added


@dataclass(frozen=True)
class Unit:
    name: str
    kind: str  # 乡镇 | 区 | 办 | 部门
    in_leading_group: bool
    office: str | None = None  # where the unit's own leading group's office sits
    plan_date: dt.date | None = None
    leaders: tuple[Leader, ...] = ()
    focus: tuple[FocusArea, ...] = ()
    teams: tuple[Team, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # columns the clerk added to the 单位 sheet


@dataclass(frozen=True)
class Campaign:
    name: str
    plan_title: str
    start: dt.date
    end: dt.date
    lead_unit: str  # a Unit name: where the leading group's office sits
    group_office: str
    plan_due: dt.date
    monthly_report_day: int
    summary_due: dt.date
    team_min: int
    team_max: int
    phases: tuple[Phase, ...]
    extra: dict[str, Any] = field(default_factory=dict)  # rows the clerk added to the 活动 sheet


@dataclass(frozen=True)
class Metric:
    group: str  # 组织发动, 摸底排查 ...
    name: str
    unit: str  # of measure: 人次, 处, 万元
    decimal: bool  # money in 万元; everything else counts
    main: bool = False  # ranked, compared month by month and charted in the summaries


@dataclass(frozen=True)
class SummaryItem:
    """One item of a 工作总结's narrative: a 主要做法, a 存在问题, a 下一步打算 or a 典型案例."""

    unit: str  # a unit's name, or 全县
    kind: str
    title: str | None
    text: str


@dataclass(frozen=True)
class MonthlyReport:
    """One unit's figures for one month. A month with no report is 未报送, not zeros."""

    unit: str
    month: dt.date  # the first day of the month
    values: dict[str, Decimal]  # by metric name


@dataclass(frozen=True)
class Inputs:
    notice: Notice
    campaign: Campaign
    units: tuple[Unit, ...]
    metrics: tuple[Metric, ...] = ()
    reports: tuple[MonthlyReport, ...] = ()
    summary: tuple[SummaryItem, ...] = ()

    @property
    def leading_group(self) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.in_leading_group)

    def unit(self, name: str) -> Unit:
        return next(u for u in self.units if u.name == name)
