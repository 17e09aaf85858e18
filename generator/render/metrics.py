"""How wide rendered text is, in twips, without a font: the standard's faces are monospaced in 字."""

from __future__ import annotations

import unicodedata

from generator.standard import gbt9704 as std


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字, Latin and digits half of one."""
    width = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += char_width if wide else char_width // 2
    return width


# 禁则 (line-breaking rules of Chinese text) as the documents set them (compressPunctuation):
# punctuation that may not begin a line is squeezed onto the end of the full line instead ...
NOT_AT_LINE_START = frozenset("，。、；：！？）》〕」』”’…·%］｝,.;:!?)]}")
# ... and what opens a phrase never ends a line: it moves down to the text it opens.
NOT_AT_LINE_END = frozenset("（《〔「『“‘([{")


def _units(text: str, advance: int) -> list[tuple[str, int]]:
    """The unbreakable pieces of a text and their widths on the document's character grid: a
    CJK character takes one cell; a run of Latin letters and digits (2018, the 15 of 15号),
    which no line break splits, takes as many whole cells as its half-width characters need."""
    units: list[tuple[str, int]] = []
    latin = ""
    for ch in [*text, ""]:
        if ch and ch.isascii() and ch.isalnum():
            latin += ch
            continue
        if latin:
            units.append((latin, -(-len(latin) * (advance // 2) // advance) * advance))
            latin = ""
        if ch:
            wide = unicodedata.east_asian_width(ch) in ("W", "F")
            units.append((ch, advance if wide else advance // 2))
    return units


def wrapped_lines(text: str, advance: int, first: int, rest: int) -> int:
    """How many lines `text` takes when the first line holds `first` twips and the others `rest`,
    breaking between units by the 禁则 above (measured against LibreOffice's lines)."""
    lines, room = 1, first
    line: list[tuple[str, int]] = []  # the units on the current line
    for unit, width in _units(text, advance):
        if width <= room or not line or unit[0] in NOT_AT_LINE_START:
            line.append((unit, width))
            room -= width
            continue
        carried: list[tuple[str, int]] = []  # an opening bracket or quote moves down with what it opens
        while len(line) > 1 and line[-1][0][-1] in NOT_AT_LINE_END:
            carried.insert(0, line.pop())
        lines += 1
        line = [*carried, (unit, width)]
        room = rest - sum(w for _, w in line)
    return lines
