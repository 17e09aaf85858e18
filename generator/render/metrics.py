"""How wide rendered text is, in twips, without a font: the standard's faces are monospaced in 字."""

from __future__ import annotations

import functools
import math
import unicodedata

from generator.standard import gbt9704 as std

# Quotation marks of ambiguous width (Unicode's "A"): a Chinese font sets them one 字 wide, and
# Word and LibreOffice take the East Asian font for them in Chinese text (本月“一栏”为空).
WIDE_QUOTES = frozenset("“”‘’")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F") or ch in WIDE_QUOTES


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字 (and Chinese quotation marks), Latin and
    digits half of one."""
    width = 0
    for ch in text:
        width += char_width if _wide(ch) else char_width // 2
    return width


# 禁则 (line-breaking rules of Chinese text), as Word applies them (and LibreOffice, once gongwen's
# PDF path has undone its misreading of overflowPunct): these never begin a line, the character
# before them moves down with them ...
NOT_AT_LINE_START = frozenset("，。、；：！？）》〕」』”’…·%］｝,.;:!?)]}")
# ... and these never end one: they move down to the text they open.
NOT_AT_LINE_END = frozenset("（《〔「『“‘([{")


def _units(text: str, advance: int) -> list[tuple[str, int]]:
    """The unbreakable pieces of a text and their widths: a CJK character takes one 字; a run of
    Latin letters and digits (2018, the 15 of 15号), which no line break splits, half a 字 each
    and a quarter 字 of space on either side (LibreOffice always adds it)."""
    units: list[tuple[str, int]] = []
    latin = ""
    for ch in [*text, ""]:
        if ch and ch.isascii() and ch.isalnum():
            latin += ch
            continue
        if latin:
            units.append((latin, (len(latin) + 1) * (advance // 2)))
            latin = ""
        if ch:
            wide = _wide(ch)
            units.append((ch, advance if wide else advance // 2))
    return units


def laid_out_width(text: str, advance: int) -> int:
    """Width in twips of one line of text as LibreOffice sets it: text_width, plus the space it
    puts around each run of Latin letters and digits (2018 年 2 月)."""
    return sum(width for _, width in _units(text, advance))


def line_starts(text: str, advance: int, first: int, rest: int) -> list[int]:
    """Where each line after the first begins (offsets into `text`) when the first line holds
    `first` twips and the others `rest`, breaking between units by the 禁则 above (measured
    against LibreOffice's lines)."""
    starts: list[int] = []
    room, offset = first, 0
    line: list[tuple[str, int]] = []  # the units on the current line
    for unit, width in _units(text, advance):
        if width <= room or not line:
            line.append((unit, width))
            room -= width
            offset += len(unit)
            continue
        carried: list[tuple[str, int]] = []  # what moves down to the new line with this unit
        if unit[0] in NOT_AT_LINE_START and len(line) > 1:
            carried.append(line.pop())
        while len(line) > 1 and line[-1][0][-1] in NOT_AT_LINE_END:
            carried.insert(0, line.pop())
        starts.append(offset - sum(len(u) for u, _ in carried))
        line = [*carried, (unit, width)]
        room = rest - sum(w for _, w in line)
        offset += len(unit)
    return starts


@functools.lru_cache(maxsize=8192)
def wrapped_lines(text: str, advance: int, first: int, rest: int) -> int:
    """How many lines `text` takes (see line_starts). Remembered: the plans of one campaign share
    most of their paragraphs, and every estimate walk measures each paragraph again."""
    return 1 + len(line_starts(text, advance, first, rest))


# Where a name reads well broken: after an enumeration comma, before an opening bracket.
BREAK_AFTER, BREAK_BEFORE = "、，", "（("


def _even_cut(cut: int, most: int) -> int:
    """A cut moved to an even offset: metric names are mostly words of two characters
    (出动/排查/人员, 发现/隐患/处数), so 出动排查/人员, never 出动排/查人员."""
    if cut % 2 == 0:
        return cut
    return cut + 1 if cut + 1 <= most else max(cut - 1, 1)


def header_lines(name: str, most: int) -> list[str]:
    """A metric's name cut into lines of at most `most` characters, a comma included (the tables'
    styles hang no punctuation: LibreOffice set 排查宾馆、 as 排查宾/馆、): at the last comma or
    bracket that allows, else into about equal lines cut between two-character words, never
    inside "（社区）", before a comma or after an opening mark."""
    lines, rest = [], name
    while len(rest) > most:
        cut = _header_cut(rest, most)
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


def _header_cut(rest: str, most: int) -> int:
    """Where header_lines cuts the first line off `rest` (longer than `most`)."""
    natural = [
        i
        for i in range(1, min(len(rest), most + 1))
        if (rest[i - 1] in BREAK_AFTER or rest[i] in BREAK_BEFORE) and len(rest) - i > 1
    ]
    count = math.ceil(len(rest) / most)
    cut = max(natural) if natural else _even_cut(math.ceil(len(rest) / count), most)
    while cut > 2 and rest[cut] in NOT_AT_LINE_START:
        cut -= 2  # the word before the comma goes down with it
    while cut > 1 and rest[cut - 1] in NOT_AT_LINE_END:
        cut -= 1  # an opening quotation mark goes down to what it opens
    if len(rest) - cut == 1 and cut > 2 and not natural:
        cut -= 2  # no line of one character: 房屋/责任书, not 房屋责任/书
    opening = rest.rfind("（", 0, cut)
    if opening > 0 and "）" not in rest[opening:cut]:
        cut = opening  # not inside a bracket
    return cut
