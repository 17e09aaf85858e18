"""How wide rendered text is, in twips, without a font: the standard's faces are monospaced in 字."""

from __future__ import annotations

import functools
import unicodedata

from generator.standard import gbt9704 as std


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字, Latin and digits half of one."""
    width = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += char_width if wide else char_width // 2
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
            wide = unicodedata.east_asian_width(ch) in ("W", "F")
            units.append((ch, advance if wide else advance // 2))
    return units


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
