"""Dates as notices write them: 2018年1月22日, 1月19日 (the year from the context), 二〇〇九年十一月十八日."""

from __future__ import annotations

import datetime as dt
import re

CHINESE = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
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
    """二〇〇九年十一月十八日 (an older document's 成文日期)."""
    m = re.fullmatch(
        r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日", text
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


def full_date(text: str) -> dt.date | None:
    flat = text.replace(" ", "")
    m = FULL_DAY.fullmatch(flat)
    if m:
        return safe_date(int(m[1]), int(m[2]), int(m[3]))
    return chinese_date(flat)


def with_year(month: int, day: int, year: int | None, near: dt.date | None) -> dt.date | None:
    """A date written without its year takes the year that puts it nearest the campaign."""
    if year is not None:
        return safe_date(year, month, day)
    if near is None:
        return None
    candidates = [safe_date(near.year + k, month, day) for k in (-1, 0, 1)]
    valid = [c for c in candidates if c is not None]
    return min(valid, key=lambda c: abs((c - near).days)) if valid else None
