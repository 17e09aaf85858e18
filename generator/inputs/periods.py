"""Reporting periods: the campaign's calendar cut by its 报送周期, and the 期别 a clerk types.

Every period is clipped to the campaign (a January that starts on the 19th is a
partial month); its figures are due `report_day` days after it ends, which for a
monthly report is "the Nth of the next month".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from generator.inputs.model import Period, Phase
from generator.standard.words import chinese_date, chinese_month, next_month

_SEASONS = "一二三四"
_TEN_DAYS = ("上旬", "中旬", "下旬")
WHOLE_CAMPAIGN = "全程"
# What a clerk may type in 期别 for the one report of a campaign that reports once (一次).
WHOLE_CAMPAIGN_WORDS = frozenset({WHOLE_CAMPAIGN, "一次", "全部", "活动全程", "整个活动"})


def _spans(kind: str, start: dt.date, end: dt.date, phases: Sequence[Phase]) -> list[tuple[str, dt.date, dt.date]]:
    """(label, first day, last day) of each calendar span that meets the campaign, unclipped."""
    if kind == "阶段":
        return [(p.name, p.start, p.end) for p in phases]
    if kind == "一次":
        return [(WHOLE_CAMPAIGN, start, end)]
    spans: list[tuple[str, dt.date, dt.date]] = []
    if kind == "日":  # an inspection of a few days reports every evening
        day = start
        while day <= end:
            spans.append((chinese_date(day), day, day))
            day += dt.timedelta(days=1)
        return spans
    if kind == "周":
        first, n = start, 1
        while first <= end:
            spans.append((f"第{n}周", first, first + dt.timedelta(days=6)))
            first, n = first + dt.timedelta(days=7), n + 1
        return spans
    if kind == "季":
        first = dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
        while first <= end:
            after = next_month(next_month(next_month(first)))
            season = _SEASONS[(first.month - 1) // 3]
            spans.append((f"{first.year}年第{season}季度", first, after - dt.timedelta(days=1)))
            first = after
        return spans
    month = start.replace(day=1)
    while month <= end:
        following = next_month(month)
        if kind == "旬":
            bounds = [month, month.replace(day=11), month.replace(day=21), following]
            for i, name in enumerate(_TEN_DAYS):
                spans.append((f"{chinese_month(month)}{name}", bounds[i], bounds[i + 1] - dt.timedelta(days=1)))
        else:  # 月
            spans.append((chinese_month(month), month, following - dt.timedelta(days=1)))
        month = following
    return spans


def campaign_periods(
    kind: str, start: dt.date, end: dt.date, phases: Sequence[Phase], report_day: int | None
) -> tuple[Period, ...]:
    """The campaign's periods in order; none when it reports nothing (无)."""
    if kind == "无" or end < start:
        return ()
    periods: list[Period] = []
    for label, first, last in _spans(kind, start, end, phases):
        if last < start or first > end:
            continue
        clipped_end = min(last, end)
        due = clipped_end + dt.timedelta(days=report_day or 0)
        periods.append(Period(len(periods) + 1, label, max(first, start), clipped_end, due))
    return tuple(periods)


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$")
_MONTH_TEXT = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?$")
_NUMBERED = re.compile(r"^第?\s*(\d+)\s*([期周旬]?)$")


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def find_period(value: Any, periods: Sequence[Period], kind: str) -> Period | None:
    """The period a 期别 cell means: its label, its number (3, 第3期, 第3周), a date inside it,
    or for monthly reports a month (2018-02, 2018年2月)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        return _period_of_text(value, periods, kind)
    if isinstance(value, dt.date):
        if kind == "月":  # a month typed as a date is its first day, before a campaign that starts later
            return next((p for p in periods if p.label == chinese_month(value)), None)
        return next((p for p in periods if p.start <= value <= p.end), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return next((p for p in periods if p.number == int(value)), None)
    return None


def _period_of_text(value: str, periods: Sequence[Period], kind: str) -> Period | None:
    text = _squeeze(value)
    for period in periods:
        if _squeeze(period.label) == text:
            return period
    if (kind == "一次" and text in WHOLE_CAMPAIGN_WORDS) or _DATE_TEXT.match(text):
        return _period_of_day_or_whole(text, periods)
    return _period_of_number_or_month(text, periods, kind)


def _period_of_number_or_month(text: str, periods: Sequence[Period], kind: str) -> Period | None:
    """A period by its number (3, 第3期, 第3周) or, reporting monthly, by its month (2018-02)."""
    numbered = _NUMBERED.match(text)
    if numbered and numbered.group(2) in ("周", "旬") and numbered.group(2) != kind:
        return None  # 第3周 in a monthly campaign is not its third month
    if numbered:
        return next((p for p in periods if p.number == int(numbered.group(1))), None)
    month = _MONTH_TEXT.match(text)
    if month and kind == "月" and 1 <= int(month.group(2)) <= 12:
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


def period_examples(periods: Sequence[Period]) -> str:
    """How a 期别 may be written, for messages: the first labels."""
    shown = "、".join(p.label for p in periods[:3])
    return f"如「{shown}」" if shown else ""
