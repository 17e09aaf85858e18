"""Reporting periods: the campaign's calendar cut by its 报送周期, and the 期别 a clerk types.

Each 报送周期 is one `PeriodKind` declaration in `PERIOD_KINDS`: how it cuts the campaign into
spans, whether each period's figures are due a 报送日 after it ends, how a 期别 may be typed,
and how prose and chart axes name a period. Nothing else branches on its word. Every period is
clipped to the campaign (a January that starts on the 19th is a partial month); its figures are
due `report_day` days after it ends, which for a monthly report is "the Nth of the next month".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.inputs.model import Period, Phase
from generator.standard.words import chinese_date, chinese_month, month_day, next_month

# (label, first day, last day) of each calendar span that meets the campaign, unclipped.
Span = tuple[str, dt.date, dt.date]
# (campaign start, end, phases, the weekday a week ends on: 0 Monday … 6 Sunday, None from the start)
SpanMaker = Callable[[dt.date, dt.date, Sequence[Phase], int | None], list[Span]]


def _label(period: Period) -> str:
    return period.label


@dataclass(frozen=True)
class PeriodKind:
    """One 报送周期 a campaign may choose."""

    name: str  # the 活动 sheet's word for it, e.g. 月
    help: str  # how the workbook's help and the variable list explain it, e.g. 日（每天一期，期别写日期）
    spans: SpanMaker | None  # None: the campaign reports no figures (无)
    needs_report_day: bool  # a period's figures are due 报送日 days after it ends, and the clerk must say when
    counter: str = ""  # what 第N… numbers in a 期别 (周, 旬): 第3周 is not the third period of another kind
    months_typed: bool = False  # a 期别 may be a month (2018-02), and a date in it means that month
    whole_words: frozenset[str] = frozenset()  # what a clerk types for the one period of the whole campaign
    short: Callable[[Period], str] = _label  # a period on a chart's axis and in prose: 2月, 第2周
    # A period on a chart's axis where prose's name is too long for two charts side by side
    # (7月上旬, 三季度: the year is the chart's, and 2024年第三季度（缺报2） wraps); None: `short`.
    axis_short: Callable[[Period], str] | None = None
    said_suffix: str = ""  # after a run of periods in prose: 2月份统计报表未报送
    this_period: str = "本期"  # a period as its own sheet says it: 本月未报送, 本周 | 累计; 本次 for the one report
    weekly: bool = False  # its spans may end on the weekday the campaign names (每周最后一天)
    # Its label names no days (第3周 is any campaign's third week): a reader is told them beside it
    label_names_no_days: bool = False

    @property
    def reports(self) -> bool:
        return self.spans is not None

    def told(self, period: Period, aside: str = "") -> str:
        """The period as a document names it to a reader: 第3周（3月15日至3月21日）; a label that says
        its days' month or its own name (2018年2月, 2022年6月上半月, 10月1日, 集中整治阶段) as it is.
        `aside` joins the days in one bracket: 第3周（3月15日至3月21日，2个单位未报送）."""
        said = [days_of(period)] if self.label_names_no_days else []
        said += [aside] if aside else []
        return f"{period.label}（{'，'.join(said)}）" if said else period.label

    def axis(self, period: Period) -> str:
        """The period as a chart's axis names it."""
        return (self.axis_short or self.short)(period)


def days_of(period: Period, with_year: bool = False) -> str:
    """The days a period covers, as a sheet's 统计时段 says them: 3月1日至3月31日; a day's report (报送周期
    日) the day itself, 10月1日, never 10月1日至10月1日. `with_year` in a campaign across a new year
    (2024年10月1日至2024年12月31日), as its fill-in form says them: there 1月1日 could be either year's."""
    said = chinese_date if with_year else month_day
    return said(period.start) + ("" if period.end == period.start else f"至{said(period.end)}")


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = next_month(month)
    return months


def _ten_days_of(period: Period) -> str:
    """7月上旬: the label's month and 旬, without its year (2024年7月上旬)."""
    return f"{period.end.month}月{period.label[-len(_TEN_DAYS[0]) :]}"


def _month_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    return [(chinese_month(m), m, next_month(m) - dt.timedelta(days=1)) for m in _months(start, end)]


_TEN_DAYS = ("上旬", "中旬", "下旬")


def _ten_day_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    spans = []
    for month in _months(start, end):
        bounds = [month, month.replace(day=11), month.replace(day=21), next_month(month)]
        for i, name in enumerate(_TEN_DAYS):
            spans.append((f"{chinese_month(month)}{name}", bounds[i], bounds[i + 1] - dt.timedelta(days=1)))
    return spans


_HALVES = ("上半月", "下半月")


def _half_month_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    """Each month's 1st to 15th and 16th to its end (每半月报送: 每月15日、月底各报一次)."""
    spans = []
    for month in _months(start, end):
        bounds = [month, month.replace(day=16), next_month(month)]
        for i, name in enumerate(_HALVES):
            spans.append((f"{chinese_month(month)}{name}", bounds[i], bounds[i + 1] - dt.timedelta(days=1)))
    return spans


def _half_of(period: Period) -> str:
    """9月上半月: the label's month and half, without its year (2023年9月上半月)."""
    return f"{period.end.month}月{period.label[-len(_HALVES[0]) :]}"


def _week_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    """Weeks of 7 days from the campaign's first day; or, where the campaign names the weekday a week
    ends on (每周五报送本周: 星期五), calendar weeks ending on it, the first from the campaign's first day."""
    spans, first, n = [], start, 1
    if week_end is not None:
        first = start - dt.timedelta(days=(start.weekday() - week_end - 1) % 7)  # the day after a week's end
    while first <= end:
        spans.append((f"第{n}周", first, first + dt.timedelta(days=6)))
        first, n = first + dt.timedelta(days=7), n + 1
    return spans


def _day_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    """An inspection of a few days reports every evening."""
    return [(chinese_date(d), d, d) for d in (start + dt.timedelta(days=i) for i in range((end - start).days + 1))]


_SEASONS = "一二三四"


def _quarter_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    spans, first = [], dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
    while first <= end:
        after = next_month(next_month(next_month(first)))
        spans.append((f"{first.year}年第{_SEASONS[(first.month - 1) // 3]}季度", first, after - dt.timedelta(days=1)))
        first = after
    return spans


def _season_of(period: Period) -> str:
    """三季度: the label's season, without its year (2024年第三季度)."""
    return f"{_SEASONS[(period.start.month - 1) // 3]}季度"


_HALF_YEARS = ("上半年", "下半年")


def _half_year_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    """January to June and July to December (每半年报送: 6月底、12月底各报一次)."""
    spans = []
    for year in range(start.year, end.year + 1):
        spans.append((f"{year}年{_HALF_YEARS[0]}", dt.date(year, 1, 1), dt.date(year, 6, 30)))
        spans.append((f"{year}年{_HALF_YEARS[1]}", dt.date(year, 7, 1), dt.date(year, 12, 31)))
    return spans


def _half_year_of(period: Period) -> str:
    """下半年: the label's half, without its year (2019年下半年)."""
    return _HALF_YEARS[0] if period.start.month <= 6 else _HALF_YEARS[1]


def _phase_spans(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    return [(p.name, p.start, p.end) for p in phases]


WHOLE_CAMPAIGN = "全程"


def _whole_span(start: dt.date, end: dt.date, phases: Sequence[Phase], week_end: int | None) -> list[Span]:
    return [(WHOLE_CAMPAIGN, start, end)]


def _month_of(period: Period) -> str:
    return f"{period.start.month}月"


PERIOD_KINDS: dict[str, PeriodKind] = {
    k.name: k
    for k in (
        PeriodKind(
            "月",
            "月",
            _month_spans,
            needs_report_day=True,
            months_typed=True,
            short=_month_of,
            said_suffix="份",
            this_period="本月",
        ),
        PeriodKind(
            "半月",
            "半月（每月1日至15日、16日至月底各一期）",
            _half_month_spans,
            needs_report_day=True,
            axis_short=_half_of,
            this_period="本半月",
        ),
        PeriodKind(
            "旬", "旬", _ten_day_spans, needs_report_day=True, counter="旬", axis_short=_ten_days_of, this_period="本旬"
        ),
        PeriodKind(
            "周",
            "周",
            _week_spans,
            needs_report_day=True,
            counter="周",
            this_period="本周",
            weekly=True,
            label_names_no_days=True,
        ),
        PeriodKind("日", "日（每天一期，期别写日期）", _day_spans, needs_report_day=False, this_period="当日"),
        PeriodKind("季", "季", _quarter_spans, needs_report_day=True, axis_short=_season_of, this_period="本季度"),
        PeriodKind(
            "半年",
            "半年（1月至6月、7月至12月各一期）",
            _half_year_spans,
            needs_report_day=True,
            axis_short=_half_year_of,
        ),
        PeriodKind("阶段", "阶段（每个阶段一期）", _phase_spans, needs_report_day=False, this_period="本阶段"),
        PeriodKind(
            "一次",
            f"一次（活动结束时报一次，期别写“{WHOLE_CAMPAIGN}”）",
            _whole_span,
            needs_report_day=False,
            whole_words=frozenset({WHOLE_CAMPAIGN, "一次", "全部", "活动全程", "整个活动"}),
            this_period="本次",
        ),
        PeriodKind("无", "无", None, needs_report_day=False),
    )
}
DEFAULT_PERIOD_KIND = PERIOD_KINDS["月"]


def period_kinds_said() -> str:
    """The choices as the workbook's help says them: 月、旬、…、一次（…）或 无."""
    helps = [k.help for k in PERIOD_KINDS.values()]
    return f"{'、'.join(helps[:-1])}或 {helps[-1]}"


WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def campaign_periods(
    kind: PeriodKind,
    start: dt.date,
    end: dt.date,
    phases: Sequence[Phase],
    report_day: int | None,
    week_end: int | None = None,
) -> tuple[Period, ...]:
    """The campaign's periods in order; none when it reports nothing (无). `week_end` (0 Monday … 6
    Sunday) is the weekday the campaign's weeks end on, None: each week is 7 days from its first day."""
    if kind.spans is None or end < start:
        return ()
    periods: list[Period] = []
    for label, first, last in kind.spans(start, end, phases, week_end):
        if last < start or first > end:
            continue
        clipped_end = min(last, end)
        due = clipped_end + dt.timedelta(days=report_day or 0)
        periods.append(Period(len(periods) + 1, label, max(first, start), clipped_end, due))
    return tuple(periods)


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?$")
# What 第N… may count: a period of any kind (期), or of one kind only (第3周 is no month).
COUNTERS = frozenset(k.counter for k in PERIOD_KINDS.values() if k.counter)
_NUMBERED = re.compile(rf"^第?\s*(\d+)\s*([期{''.join(sorted(COUNTERS))}]?)$")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def find_period(value: Any, periods: Sequence[Period], kind: PeriodKind) -> Period | None:
    """The period a 期别 cell means: its label, its number (3, 第3期, 第3周), a date inside it,
    or for monthly reports a month (2018-02, 2018年2月)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        return _period_of_text(value, periods, kind)
    if isinstance(value, dt.date):
        if kind.months_typed:  # a month typed as a date is its first day, before a campaign that starts later
            return next((p for p in periods if p.label == chinese_month(value)), None)
        return next((p for p in periods if p.start <= value <= p.end), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return next((p for p in periods if p.number == int(value)), None)
    return None


def _period_of_text(value: str, periods: Sequence[Period], kind: PeriodKind) -> Period | None:
    text = _squeeze(value)
    for period in periods:
        if _squeeze(period.label) == text:
            return period
    if text in kind.whole_words or _DATE_TEXT.match(text):
        return _period_of_day_or_whole(text, periods)
    return (
        _period_of_number_or_month(text, periods, kind)
        or _period_without_year(text, periods)
        or _phase_without_its_word(text, periods)
    )


def _phase_without_its_word(text: str, periods: Sequence[Period]) -> Period | None:
    """The one phase named as typed with or without 阶段 (总结验收 for 总结验收阶段, and the other way)."""
    bare = text.removesuffix("阶段")
    found = [p for p in periods if _squeeze(p.label).removesuffix("阶段") == bare] if len(bare) >= 2 else []
    return found[0] if len(found) == 1 else None


def _bare(label: str) -> str:
    """A period's words without its year, 第 or 份: 2024年第三季度 -> 三季度, 2月份 -> 2月."""
    return re.sub(r"份$", "", re.sub(r"^第", "", re.sub(r"^\d{4}年", "", label)))


def _period_without_year(text: str, periods: Sequence[Period]) -> Period | None:
    """The one period whose label, without its year, is what was typed (9月上旬, 第三季度 or 三季度,
    2月份); none when two are (a campaign across a new year has two 11月), or the text has a year."""
    if re.search(r"\d{4}", text):
        return None
    found = [p for p in periods if _bare(_squeeze(p.label)) == _bare(text)]
    return found[0] if len(found) == 1 else None


_CHINESE_COUNT = re.compile(r"^第([一二三四五六七八九十]{1,3})(?=[期周旬]$)")
_CHINESE_DIGIT = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def _arabic_count(text: str) -> str:
    """第二周 as 第2周, 第十二期 as 第12期: the count as clerks write it in words (一 to 九十九)."""
    m = _CHINESE_COUNT.match(text)
    if m is None:
        return text
    tens, ten, ones = m[1].rpartition("十")
    if not ten:
        number = _CHINESE_DIGIT.get(ones, 0) if len(ones) == 1 else 0
    else:
        number = 10 * (_CHINESE_DIGIT.get(tens, 0) if tens else 1) + (_CHINESE_DIGIT.get(ones, 0) if ones else 0)
    return f"第{number}{text[m.end() :]}" if number and (not tens or len(tens) == 1) else text


def _period_of_number_or_month(text: str, periods: Sequence[Period], kind: PeriodKind) -> Period | None:
    """A period by its number (3, 第3期, 第3周, 第三周) or, reporting monthly, by its month (2018-02)."""
    numbered = _NUMBERED.match(_arabic_count(text))
    if numbered and numbered.group(2) in COUNTERS and numbered.group(2) != kind.counter:
        return None  # 第3周 in a monthly campaign is not its third month
    if numbered:
        return next((p for p in periods if p.number == int(numbered.group(1))), None)
    month = _MONTH_TEXT.match(text)
    if month and kind.months_typed and 1 <= int(month.group(2)) <= 12:
        wanted = chinese_month(dt.date(int(month.group(1)), int(month.group(2)), 1))
        return next((p for p in periods if p.label == wanted), None)
    return None


def _period_of_day_or_whole(text: str, periods: Sequence[Period]) -> Period | None:
    """The period holding a date typed as text (2018-01-23, 2018年1月23日); the one period of a
    campaign that reports once, for any of the words a clerk types for it (全程, 一次)."""
    day = _DATE_TEXT.match(text)
    if day is None:
        return periods[0] if periods else None
    try:
        date = dt.date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
    except ValueError:
        return None
    return next((p for p in periods if p.start <= date <= p.end), None)


# A refused 期别 names the periods it may be; a daily campaign of five months has 153 of them.
PERIODS_LISTED = 12


def periods_listed(periods: Sequence[Period]) -> str:
    """The periods as a refusal lists them: all of a few, the first three and the last of many
    (2012年5月1日、2012年5月2日、2012年5月3日……2012年9月30日)."""
    labels = [p.label for p in periods]
    if len(labels) <= PERIODS_LISTED:
        return "、".join(labels)
    return "、".join(labels[:3]) + "……" + labels[-1]


def ambiguous_period(value: Any, periods: Sequence[Period]) -> str | None:
    """What to say of a 期别 typed without its year that two periods could be (第四季度 of a campaign
    from 2018年第四季度 to 2019年第四季度), else None."""
    if not isinstance(value, str) or re.search(r"\d{4}", value):
        return None
    text = _bare(_squeeze(value))
    found = [p for p in periods if _bare(_squeeze(p.label)) == text]
    if len(found) < 2:
        return None
    return f"期别「{value}」在这次活动里有 {len(found)} 期：{'、'.join(p.label for p in found)}，请写上年份"


def period_examples(periods: Sequence[Period]) -> str:
    """How a 期别 may be written, for messages: the first labels."""
    shown = "、".join(p.label for p in periods[:3])
    return f"如「{shown}」" if shown else ""
