"""How 公文 write dates and months, and how gongwen finds the name a clerk meant: one way each.

GB/T 9704 7.3.5.4 asks for Arabic numerals with the full year and no zero padding
(2018年1月22日); every document, message and file name uses these functions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

# What a clerk leaves for "fill in later": ××, ＸＸ, XX, ○○; and one × opening a word, as in the
# blank workbook's example 发文字号 ×政办〔2025〕1号 (a multiplication, 3×4米 or 长×宽, is not one).
PLACEHOLDER = re.compile(r"[×xXＸ]{2,}|○{2,}|(?<![\u4e00-\u9fff\d])×(?=[\u4e00-\u9fff])")
# Any character a placeholder is made of: a text holding none of them holds no placeholder.
PLACEHOLDER_CHARACTER = re.compile(r"[×xXＸ○]")


def chinese_date(value: dt.date) -> str:
    """2018年1月22日."""
    return f"{value.year}年{value.month}月{value.day}日"


def chinese_month(value: dt.date) -> str:
    """2018年1月."""
    return f"{value.year}年{value.month}月"


def month_day(value: dt.date) -> str:
    """1月22日."""
    return f"{value.month}月{value.day}日"


def next_month(first: dt.date) -> dt.date:
    return dt.date(first.year + 1, 1, 1) if first.month == 12 else dt.date(first.year, first.month + 1, 1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first day of every calendar month from `start`'s to `end`'s, both included."""
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = next_month(current)
    return months


def nearest_name(name: str, choices: list[str], cutoff: float = 0.4) -> str | None:
    """The known name a typed one most likely means (a typo, or a short form such as 韩村 for 韩村镇)."""
    match = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    if match:
        return match[0]
    contained = [c for c in choices if name and (name in c or c in name)]
    return contained[0] if len(contained) == 1 else None
