"""How 公文 write dates and months, and how gongwen finds the name a clerk meant: one way each.

GB/T 9704 7.3.5.4 asks for Arabic numerals with the full year and no zero padding
(2018年1月22日); every document, message and file name uses these functions.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import NamedTuple

# What a clerk leaves for "fill in later": ××, ＸＸ, XX, ○○; and one × opening a word, as in the
# blank workbook's example 发文字号 ×政办〔2025〕1号 (a multiplication, 3×4米 or 长×宽, is not one).
PLACEHOLDER = re.compile(r"[×xXＸ]{2,}|○{2,}|(?<![\u4e00-\u9fff\d])×(?=[\u4e00-\u9fff])")
# Any character a placeholder is made of: a text holding none of them holds no placeholder.
PLACEHOLDER_CHARACTER = re.compile(r"[×xXＸ○]")


# Levels named by two characters: a 街道 speaks of 全街道 (全道 says nothing), a 苏木 of 全苏木; an organ
# whose campaign runs over its own 处室 and branches (银川住房公积金管理中心) of 全中心, never 全心.
TWO_CHARACTER_LEVELS = ("街道", "苏木", "地区", "社区", "中心", "公司", "集团")


def level_of_region(region: str) -> str:
    """县 for 永清县, 街道 for 西津街道, 中心 for ××管理中心: the word a region's own offices open with (县安委办)."""
    return next((level for level in TWO_CHARACTER_LEVELS if region.endswith(level)), region[-1:])


def whole_of_region(region: str) -> str:
    """全县 for 永清县, 全镇 for 柳河镇, 全街道 for 西津街道, 全中心 for ××管理中心: 全 and the region's level."""
    return "全" + level_of_region(region)


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


CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")


def doubled_at_seam(before: str, value: str, after: str) -> str | None:
    """The words printed twice where a value meets the sentence around it, as they print: 政府 before a
    value 政府信息公开 prints 政府政府信息公开, a value 禁毒宣传 before 宣传月 prints 禁毒宣传宣传. Two
    Chinese characters at least (一一, 各各 may be meant; a repeated word of two never is); None if none."""
    for k in range(min(len(before), len(value)), 1, -1):
        if before.endswith(value[:k]) and CHINESE_WORD.fullmatch(value[:k]):
            return before[-k:] + value
    for k in range(min(len(after), len(value)), 1, -1):
        if after.startswith(value[-k:]) and CHINESE_WORD.fullmatch(value[-k:]):
            return value + after[:k]
    return None


def nearest_name(name: str, choices: list[str], cutoff: float = 0.4) -> str | None:
    """The known name a typed one most likely means (a typo, or a short form such as 韩村 for 韩村镇)."""
    match = difflib.get_close_matches(name, choices, n=1, cutoff=cutoff)
    if match:
        return match[0]
    contained = [c for c in choices if name and (name in c or c in name)]
    return contained[0] if len(contained) == 1 else None


# Where a 公文标题 too long for one line reads well broken (render/titles.py), besides between the
# names the document knows: after the preposition and the verb that open it (关于印发 / …的通知),
# before 关于 (an organ's name is done: known or not) and before the kind of document that ends it
# (the 文种 of GB/T 9704 8, and the kinds gongwen writes).
TITLE_BREAK_AFTER = ("关于", "印发", "转发", "批转")
# Words of a title never broken inside, as a name is not: 关于印发 is one phrase.
TITLE_WORDS_KEPT = ("关于印发", "关于转发", "关于批转", *(f"的{kind}" for kind in ("通知", "通报", "报告")))
TITLE_BREAK_BEFORE = (
    "关于",
    *(f"的{kind}" for kind in ("通知", "通报", "报告", "请示", "意见", "决定", "批复", "函", "纪要", "公告", "通告")),
    "工作方案",
    "实施方案",
    "工作总结",
    "统计报表",
    "统计汇总表",
    "情况统计",
    "情况汇总",
    "情况报告",
)
# Inside a name or text too long for a title's line, where its words meet (titles.WORD): before the
# verbs that open a 公文's phrases, and after the nouns that close one (…工贸行业/落实企业全员安全生产
# 责任制/拓展安全生产标准化/提升专项行动/2025年持续深化…). General 公文 words, no campaign's.
TITLE_PHRASE_VERBS = (
    "开展", "落实", "加强", "推进", "推动", "深化", "提升", "拓展", "持续", "做好", "抓好", "切实",
    "建立", "健全", "完善", "强化", "巩固", "规范", "全面", "进一步", "贯彻", "促进", "防范", "保障",
)  # fmt: skip
TITLE_WORD_ENDS = ("行业", "企业", "行动", "活动", "责任制", "标准化", "机制", "体系", "制度")
# The last character of a level of an organ's name (…总局 / …分局 / …支局, …人民政府 / …办公室): where
# a name too long for a title's line is broken when no place between words fits.
TITLE_ORGAN_LEVEL_ENDS = frozenset("局委会府室厅院所处科队站部办")


class TitleNames(NamedTuple):
    """The names a document's title may be made of: a title breaks between them, never inside one
    of `whole` (an organ's, the campaign's, a place's: 兴县 in 兴县监管支局), but may between the
    parts of one of `titles` (a plan's title quoted in the notice's: 兴县 / 打击非法集资…实施方案)."""

    whole: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()


NO_NAMES = TitleNames()
