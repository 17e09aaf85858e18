"""How wide rendered text is, in twips, without a font: the standard's faces are monospaced in 字."""

from __future__ import annotations

import functools
import itertools
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
    for at, ch in enumerate([*text, ""]):
        if ch and ch.isascii() and ch.isalnum():
            latin += ch
            continue
        following = text[at + 1 : at + 2]
        numbered = ch in _LATIN_STOPS and following != "" and _wide(following)  # 1.部门…
        if latin:
            units.append((latin, (len(latin) + (0 if numbered else 1)) * (advance // 2)))
            latin = ""
        if ch:
            units.append((ch, advance if _wide(ch) else advance // 4 if numbered else advance // 2))
    return units


# A full stop or comma between a figure and Chinese text (the 1. of 1.部门…): a quarter 字 in the
# 公文's Latin face (Times New Roman) and no space before it; LibreOffice sets 1. in three quarters
# of a 字, where a figure among Chinese characters takes its own width and a quarter on each side.
_LATIN_STOPS = frozenset(".,")


@functools.lru_cache(maxsize=8192)
def laid_out_width(text: str, advance: int) -> int:
    """Width in twips of one line of text as LibreOffice sets it: text_width, plus the space it
    puts around each run of Latin letters and digits (2018 年 2 月). Remembered: a campaign's
    documents measure the same headers, names and titles again (a forced build of 508: 22,296
    measures of 1,906 texts)."""
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
# Measure words and units a figure carries (3层, 2024年, A级): they stay on its line; any other
# character after a figure begins a word of its own (12315/投诉点).
MEASURE_WORDS = frozenset("个人名户家次件起处项类条批台辆座栋幢层楼间套张份本元角吨米岁年月日天周时分秒号级位所场")
# Words of one character that join two words of a metric's name (检查餐饮等用气场所, 车辆和人员):
# they end a word (等, 的) or stand between two (和, 及, 与, 或, 并), so the name's other words,
# mostly of two characters, are counted from them (检查/餐饮/等/用气/场所, not 等用/气场所).
WORD_AFTER, WORD_BETWEEN = "等的", "和及与或并"


def _word_cuts(name: str) -> set[int]:
    """The offsets in `name` a header line may end at: after a comma or closing bracket, before an
    opening one or a joining word (WORD_BETWEEN), after a joining word, and between the two-character
    words of each run of characters between those; never inside brackets, digits or Latin letters,
    before a mark that may not start a line nor after one that may not end it (禁则)."""
    inside = _inside_brackets(name)
    return {
        i
        for i in _word_starts(name)
        if 0 < i < len(name)
        and i not in inside
        and name[i] not in NOT_AT_LINE_START
        and name[i] not in WORD_AFTER
        and name[i - 1] not in NOT_AT_LINE_END
        and not (_latin(name[i - 1]) and _latin(name[i]))
    }


def _word_starts(name: str) -> set[int]:
    """Where _word_cuts looks for a cut: where each word of `name` starts, as _word_cuts tells them."""
    starts: set[int] = set()
    run_start = 0
    for i, ch in enumerate(name):
        previous = name[i - 1] if i else ""
        if previous and _opens_word(ch, previous):
            starts.add(i)
            run_start = i
        elif _latin(previous) and not _latin(ch):
            if ch in MEASURE_WORDS:  # a figure and its measure word: 2024年, A级, 3层
                run_start = i + 1
            else:  # a figure and the word after it: 12315/投诉点
                run_start = i
                starts.add(i)
        elif (i - run_start) % 2 == 0 and i > run_start:
            starts.add(i)
        if ch in _ENDS_WORD:
            starts.add(i + 1)
            run_start = i + 1
    return starts


_ENDS_WORD = frozenset(BREAK_AFTER + WORD_AFTER + WORD_BETWEEN + "）)")


def _opens_word(ch: str, previous: str) -> bool:
    return ch in WORD_BETWEEN or ch in BREAK_BEFORE or (_latin(ch) and not _latin(previous))


def _inside_brackets(name: str) -> set[int]:
    """The offsets of `name` between a bracket's opening and its closing: （社区）."""
    inside, depth = set(), 0
    for i, ch in enumerate(name):
        if depth > 0:
            inside.add(i)
        depth = max(0, depth + (ch in "（(") - (ch in "）)"))
    return inside


def _latin(ch: str) -> bool:
    return ch != "" and ch.isascii() and ch.isalnum()


def header_lines(name: str, most: int) -> list[str]:
    """A metric's name cut into lines of at most `most` characters, a comma included (the tables'
    styles hang no punctuation: LibreOffice set 排查宾馆、 as 排查宾/馆、), between its words
    (_word_cuts), never leaving one character alone on a line: the fewest lines, then the most
    even (the longest line shortest), then the earlier lines the longer. A name no such lines can
    hold is cut as _header_cut cuts it. A line's length is its width in 字 (laid_out_width): a
    figure's digits take half a 字 each, so 检查12315 is a line of five."""
    if _half_widths(name) <= 2 * most:
        return [name]
    best = _fewest_even_lines(name, sorted(_word_cuts(name)), most)
    if best is None:
        lines, rest = [], name
        while len(rest) > most:
            cut = _header_cut(rest, most)
            lines.append(rest[:cut])
            rest = rest[cut:]
        return [*lines, rest]
    return [name[a:b] for a, b in itertools.pairwise([0, *best, len(name)])]


def _fewest_even_lines(name: str, cuts: list[int], most: int) -> list[int] | None:
    """The cuts header_lines chooses among `cuts` (lines of 2 to `most` characters), or None."""
    ends = [*cuts, len(name)]
    # best[end]: (lines, longest line, the lines' lengths negated) and the cuts, for name[:end]
    best: dict[int, tuple[tuple[int, int, tuple[int, ...]], list[int]]] = {0: ((0, 0, ()), [])}
    for end in ends:
        for start, ((count, longest, lengths), chosen) in list(best.items()):
            if start >= end or end - start < 2:
                continue
            wide = _half_widths(name[start:end])  # in half 字: the lengths of lines of CJK alone, doubled
            if wide > 2 * most:
                continue
            score = (count + 1, max(longest, wide), (*lengths, -wide))
            if end not in best or score < best[end][0]:
                best[end] = (score, [*chosen, end])
    found = best.get(len(name))
    return None if found is None else found[1][:-1]


def _half_widths(line: str) -> int:
    """The width of a header line in half 字 (as LibreOffice sets it: see laid_out_width)."""
    return laid_out_width(line, 2)


def _even_cut(cut: int, most: int) -> int:
    """A cut moved to an even offset: metric names are mostly words of two characters
    (出动/排查/人员, 发现/隐患/处数), so 出动排查/人员, never 出动排/查人员."""
    if cut % 2 == 0:
        return cut
    return cut + 1 if cut + 1 <= most else max(cut - 1, 1)


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
    return _outside_figures(rest, cut)


def _outside_figures(rest: str, cut: int) -> int:
    """`cut` moved out of a figure or Latin word it falls in (12/315): before it, or after it
    when it starts the line (a figure wider than the column is cut where it must be)."""
    if not 0 < cut < len(rest) or not (_latin(rest[cut - 1]) and _latin(rest[cut])):
        return cut
    start = cut
    while start > 0 and _latin(rest[start - 1]):
        start -= 1
    end = cut
    while end < len(rest) and _latin(rest[end]):
        end += 1
    return start if start > 0 else end if end < len(rest) else cut
