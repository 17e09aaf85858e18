"""Dates as notices write them: 2018年1月22日, 1月19日 (the year from the context), 二〇〇九年十一月十八日."""

from __future__ import annotations

import datetime as dt
import re

# 二OO九: a law database's copy types the 〇 as a letter; 二0一二: a clerk's as the digit.
CHINESE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0, "0": 0, "０": 0}
DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]"
DAY_PATTERN = re.compile(DAY)
FULL_DAY = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def _chinese_number(text: str) -> int | None:
    """一 .. 三十一, and 二〇〇九 read digit by digit."""
    if not text:
        return None
    if "十" not in text:
        digits = [CHINESE.get(c) for c in text]
        return None if None in digits else int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    t = CHINESE.get(tens, -1) if tens else 1
    o = CHINESE.get(ones, -1) if ones else 0
    return None if t < 0 or o < 0 else 10 * t + o


def chinese_date(text: str) -> dt.date | None:
    """二〇〇九年十一月十八日 (an older document's 成文日期); a law database's copy writes 二OO九 with
    letters, a township's page 二0一二 with the digit."""
    m = re.fullmatch(
        r"([〇零○ＯO0０一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text
    )
    if m is None:
        return None
    parts = [_chinese_number(g) for g in m.groups()]
    if None in parts:
        return None
    return safe_date(*(p or 0 for p in parts))


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


NUMERIC_DAY = re.compile(r"(\d{4})([.．\-/])(\d{1,2})\2(\d{1,2})")  # 2024.2.26, 2024-02-26


def full_date(text: str) -> dt.date | None:
    flat = text.replace(" ", "")
    m = FULL_DAY.fullmatch(flat)
    if m:
        return safe_date(int(m[1]), int(m[2]), int(m[3]))
    numeric = NUMERIC_DAY.fullmatch(flat)
    if numeric:
        return safe_date(int(numeric[1]), int(numeric[3]), int(numeric[4]))
    return chinese_date(flat)


# A deadline written without its year is after the notice that sets it, or a little before at most
# (a typing slip the 核稿 names): 11月20日 in a notice of 2022年5月12日 is 2022's, though 2021's is nearer.
DEADLINE_SLACK = dt.timedelta(days=31)


def with_year(month: int, day: int, year: int | None, near: dt.date | None, after: bool = False) -> dt.date | None:
    """A date written without its year takes the year that puts it nearest the campaign; `after`:
    a deadline's, the first such day from `near` on (less DEADLINE_SLACK)."""
    if year is not None:
        return safe_date(year, month, day)
    if near is None:
        return None
    candidates = [safe_date(near.year + k, month, day) for k in (-1, 0, 1)]
    valid = [c for c in candidates if c is not None]
    if after:
        return next((c for c in valid if c >= near - DEADLINE_SLACK), None)
    return min(valid, key=lambda c: abs((c - near).days)) if valid else None


# A month without its day: 3月底, 4月份, 5月上旬, 6月末. The text names a span, not a day; what it
# allows at the latest is that span's last day, which is what a deadline or an end date means.
MONTH_BOUND = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(底|末|份|上旬|中旬|下旬)")
BOUND_WORDS = {"底": "该月最后一天", "末": "该月最后一天", "份": "该月最后一天", "下旬": "该月最后一天",
               "上旬": "10日（上旬的最后一天）", "中旬": "20日（中旬的最后一天）"}  # fmt: skip


def month_bound(year: str | None, month: str, word: str, near: dt.date | None, after: bool = False) -> dt.date | None:
    """The last day 3月底 / 5月上旬 allows, the year taken as for a date written without one (`after`:
    a deadline's, as with_year)."""
    since = near.replace(day=1) if near and after else near  # 5月底 in a notice of 5月12日 is this May's
    first = with_year(int(month), 1, int(year) if year else None, since, after)
    if first is None:
        return None
    if word == "上旬":
        return first.replace(day=10)
    if word == "中旬":
        return first.replace(day=20)
    if first.month == 12:
        return dt.date(first.year, 12, 31)
    return first.replace(month=first.month + 1) - dt.timedelta(days=1)


def bound_note(text: str, word: str) -> str:
    """The 导入说明's words for a value read from a month without its day."""
    return f"原文“{text}”没有写到哪一天，按{BOUND_WORDS[word]}"


# 自2024年4月至6月底, 从3月中旬到5月: a campaign's months without its days.
MONTH_RANGE = re.compile(
    r"(?:自|从|时间[为是：:]?)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(上旬|中旬|下旬)?\s*起?\s*(?:至|到|—{1,2}|-|－|～|~)\s*"
    r"(?:(\d{4})\s*年\s*|次年|翌年)?(\d{1,2})\s*月(底|末|份|上旬|中旬|下旬)?(?!\s*\d)"
)
FIRST_DAYS = {None: 1, "上旬": 1, "中旬": 11, "下旬": 21}
# A phase's months in its heading, with no 自 before them: 集中攻坚阶段（2023年8月至11月）. The groups are
# MONTH_RANGE's, so that month_range reads either.
BARE_MONTH_RANGE = re.compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月(?:份)?(上旬|中旬|下旬)?\s*(?:至|到|—{1,2}|-|－|～|~)\s*"
    r"(?:(\d{4})\s*年\s*|次年|翌年)?(\d{1,2})\s*月(底|末|份|上旬|中旬|下旬)?(?!\s*\d)"
)


def month_range(m: re.Match[str], near: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first day the range's start allows and the last day its end allows."""
    first = with_year(int(m[2]), FIRST_DAYS[m[3]], int(m[1]) if m[1] else None, near)
    if first is None:
        return None
    next_year = not m[4] and ("次年" in m[0] or "翌年" in m[0])
    last = month_bound(m[4] or str(first.year + next_year), m[5], m[6] or "底", None)
    if last is not None and last < first and not m[4]:
        last = month_bound(str(first.year + 1), m[5], m[6] or "底", None)
    return (first, last) if last is not None and last >= first else None
