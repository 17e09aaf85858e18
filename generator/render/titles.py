"""A 公文标题 too long for one line, broken between words into balanced lines (GB/T 9704 7.3.1).

Word and LibreOffice break a long title where the line is full, inside a word (…专项整治工/作方案,
…兴县监管/支局). This pass breaks each line of a title paragraph that does not fit its page where
the title's parts meet: between the names the document knows (the unit's and organ's names, the
campaign's name and plan title, given by the caller) and the 公文's own words (after 关于 and
印发, before 的通知 and a kind's name such as 工作方案, after 、). Among the breaks at those places
that fit, it takes the fewest lines, then the most even ones (梯形 or 菱形, no short last line).
Only when no such break fits does it break inside a name or text too long for a line: between its
words (before a phrase's verb, after a word that closes one, around a figure: …责任制/拓展…/
2025年持续深化), after a level of an organ (…总局/…分局), between its two-character words, and
anywhere the 禁则 allow; a name or 书名号 span that fits a line (a place's, an organ's) only when
nothing else fits (never 三/班镇). A 书名号 span kept whole that leaves a connector alone on a line
(印发, 的通知) is parted between its words instead. A title that fits is left as it is.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.wordml import Element
from generator.standard.words import (
    TITLE_BREAK_AFTER,
    TITLE_BREAK_BEFORE,
    TITLE_ORGAN_LEVEL_ENDS,
    TITLE_PHRASE_VERBS,
    TITLE_WORD_ENDS,
    TITLE_WORDS_KEPT,
    TitleNames,
)

from .metrics import MEASURE_WORDS, NOT_AT_LINE_END, NOT_AT_LINE_START, laid_out_width
from .pagination import LINE_BREAK, page_of

_P, _PPR, _T, _BR = (wml.qn(n) for n in ("w:p", "w:pPr", "w:t", "w:br"))
_SECTPR, _TYPE = wml.qn("w:sectPr"), wml.qn("w:type")

# How strongly a place separates words: where the title's parts meet, inside a name's own parts
# (the campaign's name within the plan's title), before a phrase's verb or after a word that ends
# one inside a long name (WORD), after a level of an organ, between the two-character words
# counted from those places, anywhere allowed; and, only where nothing else fits, inside a name
# or a 书名号 span that fits a line (a place's, an organ's: never 三/班镇).
PART, INNER, WORD, ORGAN_LEVEL, PAIRED, ANYWHERE, INSIDE_NAME = 1, 2, 3, 4, 5, 6, 7
MOST_LINES = 4


def _occurrences(line: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = set()
    for name in names:
        at = line.find(name)
        while at != -1:
            spans.add((at, at + len(name)))
            at = line.find(name, at + 1)
    return sorted(spans)


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start < offset < end for start, end in spans)


def _quoted_spans(line: str) -> list[tuple[int, int]]:
    """Each 《…》 span of `line`, its marks included (the outermost of nested ones)."""
    spans, depth, start = [], 0, 0
    for offset, character in enumerate(line):
        if character == "《":
            start = offset if depth == 0 else start
            depth += 1
        elif character == "》" and depth > 0:
            depth -= 1
            if depth == 0:
                spans.append((start, offset + 1))
    return spans


class _Places(dict[int, int]):
    """Offsets of a line a break may come before, with how strongly each separates words."""

    def __init__(self, line: str, whole: list[tuple[int, int]], names: list[tuple[int, int]]) -> None:
        super().__init__()
        self.line, self.whole, self.names = line, whole, names

    def offer(self, offset: int, strength: int) -> None:
        if 0 < offset < len(self.line):
            self[offset] = min(self.get(offset, ANYWHERE), strength)

    def between(self, offset: int) -> None:
        """A place between words: inside a name kept whole none, inside a title a weak one."""
        if not _inside(offset, self.whole):
            self.offer(offset, INNER if _inside(offset, self.names) else PART)

    def by_character(self) -> None:
        """After 、 and 》, before 《 and （ between words; after a level of an organ; anywhere."""
        for offset, character in enumerate(self.line):
            if character in "、》":
                self.between(offset + 1)
            elif character in "《（":
                self.between(offset)
            self.offer(offset + 1, ORGAN_LEVEL if character in TITLE_ORGAN_LEVEL_ENDS else ANYWHERE)

    def by_word(self) -> None:
        """Inside a name or a stretch of text too long for a line: before a phrase's verb, after a
        word that ends one, around a figure and its measure word (…提升/专项行动/2025年/持续深化)."""
        for word in TITLE_PHRASE_VERBS:
            for offset in _found(self.line, word):
                self.offer(offset, WORD)
        for word in TITLE_WORD_ENDS:
            for offset in _found(self.line, word):
                self.offer(offset + len(word), WORD)
        for offset, character in enumerate(self.line):
            if _digit(character) and not _digit(self.line[offset - 1 : offset]):
                self.offer(offset, WORD)
            elif _digit(self.line[offset - 1 : offset]) and not _digit(character):
                self.offer(offset + (character in MEASURE_WORDS), WORD)

    def by_pairs(self) -> None:
        """Every second character from each place between words (PAIRED): a title's words are
        mostly of two characters, so 落实/企业/全员, never 落/实企."""
        bounds = sorted({0, len(self.line), *(o for o, s in self.items() if s <= WORD)})
        for start, end in itertools.pairwise(bounds):
            for offset in range(start + 2, end - 1, 2):
                self.offer(offset, PAIRED)

    def keep_whole(self, spans: Iterable[tuple[int, int]]) -> None:
        """No place inside these spans but as the last resort (INSIDE_NAME)."""
        for start, end in spans:
            for offset in range(start + 1, end):
                if offset in self:
                    self[offset] = INSIDE_NAME


def break_places(line: str, names: TitleNames, room: int, advance: int, keep_quoted: bool = True) -> dict[int, int]:
    """Each offset of `line` a break may come before, with how strongly it separates words, in a
    title whose lines hold `room` twips at `advance` twips a 字: a name or (`keep_quoted`) a 书名号
    span that fits a line is broken inside only where nothing else fits."""
    whole = _occurrences(line, [name for name in names.whole if len(name) >= 2])
    spans = sorted({*whole, *_occurrences(line, [name for name in names.titles if len(name) >= 2])})
    kept = _occurrences(line, TITLE_WORDS_KEPT)
    places = _Places(line, [*whole, *kept], spans)
    for start, end in spans:
        places.between(start)
        places.between(end)
    for word, after in [*((w, len(w)) for w in TITLE_BREAK_AFTER), *((w, 0) for w in TITLE_BREAK_BEFORE)]:
        for offset in _found(line, word):
            places.between(offset + after)
    places.by_character()
    places.by_word()
    places.by_pairs()
    quoted = _quoted_spans(line) if keep_quoted else []
    fitting = [(a, b) for a, b in (*whole, *quoted) if _title_width(line[a:b], advance) <= room]
    places.keep_whole([*fitting, *kept])
    return {offset: strength for offset, strength in places.items() if _allowed(line, offset)}


def _digit(text: str) -> bool:
    return len(text) == 1 and text.isascii() and text.isdigit()


def _allowed(line: str, offset: int) -> bool:
    """Whether the 禁则 allow a break before `offset`, which is not inside a run of Latin letters and
    digits, nor between a figure and its measure word (2025/年)."""
    before, after = line[offset - 1], line[offset]
    latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
    measured = _digit(before) and after in MEASURE_WORDS
    return after not in NOT_AT_LINE_START and before not in NOT_AT_LINE_END and not latin and not measured


def _found(line: str, word: str) -> list[int]:
    offsets, at = [], line.find(word)
    while at != -1:
        offsets.append(at)
        at = line.find(word, at + 1)
    return offsets


# Quotation marks are East Asian "ambiguous" width, half a 字 in metrics.py; in a title, set in a
# Chinese face, LibreOffice and Word give each a whole 字: …“五个全覆盖”工作方案》的通知 took 21 字,
# not 20, and its 知 wrapped onto a line of its own.
_FULL_IN_TITLES = str.maketrans(dict.fromkeys("“”‘’", "中"))


def _title_width(text: str, advance: int) -> int:
    return laid_out_width(text.translate(_FULL_IN_TITLES), advance)


def title_lines(line: str, names: TitleNames, room: int, advance: int = std.TITLE_SIZE * 10) -> list[str]:
    """`line` as the lines a title sets it in at `advance` twips a 字 in `room` twips (itself when it fits)."""
    width = _title_width(line, advance)  # (the sum of its lines' widths, wherever it is cut)
    if width <= room:
        return [line]
    if width > MOST_LINES * room:  # no cut can fit it: a hostile or mistaken title is not searched
        return [line]
    lines = _set_in_lines(line, break_places(line, names, room, advance), room, advance, INSIDE_NAME)
    if lines is not None and _connector_alone(lines):
        # A quoted title kept whole left 印发 or 的通知 on a line of its own (GB/T 9704 7.3.1 breaks
        # a title by meaning; a connector alone is none): part the quoted title between its words.
        parted = _set_in_lines(line, break_places(line, names, room, advance, keep_quoted=False), room, advance, PAIRED)
        if parted is not None and not _connector_alone(parted):
            return parted
    return lines if lines is not None else [line]  # (longer than MOST_LINES lines) as Word sets it


# Words that join a title's parts and say nothing alone: a line of only one of them (印发, 的通知)
# is a title broken against its meaning.
_CONNECTORS = frozenset(
    {*TITLE_BREAK_AFTER, *TITLE_WORDS_KEPT, *(word for word in TITLE_BREAK_BEFORE if word.startswith("的"))}
)


def _connector_alone(lines: Sequence[str]) -> bool:
    return any(text.strip("《》“”") in _CONNECTORS for text in lines)


def _set_in_lines(line: str, places: dict[int, int], room: int, advance: int, weakest: int) -> list[str] | None:
    """`line` cut at `places`: between words (where the parts meet or inside another name) in the
    fewest lines, the most even; only when none fits, between the words of a long name, after a
    level of an organ's, between its two-character words, anywhere, and at last inside a name that
    fits a line, none weaker than `weakest`; None when nothing fits in MOST_LINES lines."""
    for strength in (INNER, WORD, ORGAN_LEVEL, PAIRED, ANYWHERE, INSIDE_NAME):
        if strength > weakest:
            break
        for count in range(2, MOST_LINES + 1):
            lines = _most_even(line, places, strength, count, room, advance)
            if lines is not None:
                return lines
    return None


def _most_even(
    line: str, places: dict[int, int], strength: int, count: int, room: int, advance: int
) -> list[str] | None:
    """`line` cut into `count` lines that each fit, at places up to `strength`: no hourglass
    (a line shorter than both its neighbours: the standard's practice wants 梯形 or 菱形), the
    fewest breaks inside a name or a stretch of words (weaker than INNER: a long name is broken
    as few times as it must be), the longest line as short as can be, then the shortest as long
    as can be, then the fewest weaker places than the strongest; None when no such cut fits."""
    offsets = sorted(offset for offset, s in places.items() if s <= strength)
    best: tuple[bool, int, int, int, int] | None = None
    chosen: list[str] | None = None
    for cuts in _fitting_cuts(line, offsets, count - 1, room, advance):
        lines = [line[a:b] for a, b in itertools.pairwise((0, *cuts, len(line)))]
        widths = [_title_width(text, advance) for text in lines]
        if max(widths) > room:
            continue
        hourglass = any(b < a and b < c for a, b, c in zip(widths, widths[1:], widths[2:], strict=False))
        inside = sum(places[cut] > INNER for cut in cuts)
        score = (hourglass, inside, max(widths), -min(widths), sum(places[cut] > PART for cut in cuts))
        if best is None or score < best:
            best, chosen = score, lines
    return chosen


def _fitting_cuts(line: str, offsets: Sequence[int], count: int, room: int, advance: int) -> Iterator[tuple[int, ...]]:
    """The choices of `count` of `offsets` whose lines all fit in `room`, in the order of
    itertools.combinations(offsets, count): a line that does not fit ends the search of longer ones
    from the same start, so a long title costs the few cuts near each line's end, not all choices
    (a 130-字 title had 2.4 million choices of three cuts)."""

    def cuts_after(first: int, start: int, left: int) -> Iterator[tuple[int, ...]]:
        if left == 0:
            if _title_width(line[start:], advance) <= room:
                yield ()
            return
        for index in range(first, len(offsets)):
            cut = offsets[index]
            if _title_width(line[start:cut], advance) > room:
                return  # (a width only grows with the text)
            for rest in cuts_after(index + 1, cut, left - 1):
                yield (cut, *rest)

    return cuts_after(0, 0, count)


def styled_paragraphs(body: Element, style_id: str) -> list[tuple[Element, int]]:
    """The body's paragraphs of style `style_id` (the 公文标题, the 发文机关标志), each with the width of
    its section's type area (a section's properties close it: they follow its paragraphs)."""
    found: list[tuple[Element, int]] = []
    waiting: list[Element] = []
    for child in body:
        if child.tag == _P and wml.style_of(child) == style_id:
            waiting.append(child)
        properties = next(child.iterchildren(_PPR), None) if child.tag == _P else None
        section = next(properties.iterchildren(_SECTPR), None) if properties is not None else None
        if child.tag == _SECTPR or section is not None:
            width = page_of(child if child.tag == _SECTPR else section).width
            found += [(paragraph, width) for paragraph in waiting]
            waiting = []
    return found + [(paragraph, std.TYPE_AREA_WIDTH) for paragraph in waiting]


def title_room(width: int) -> int:
    """The twips a 公文标题's line holds on a page whose type area is `width` twips wide."""
    return width - std.TITLE.left - max(std.TITLE.first_line, 0)


def title_cuts(text: str, names: TitleNames, width: int) -> tuple[int, ...]:
    """Where break_titles breaks a title paragraph whose text (LINE_BREAK at each line break it
    already has) is `text`, on a page `width` twips wide: offsets into `text` (stream.py's feature)."""
    cuts: list[int] = []
    start = 0
    typed = text.split(LINE_BREAK)
    for line, pieces in zip(typed, paragraph_title_lines(typed, names, width), strict=True):
        at = start
        for piece in pieces[:-1]:
            at += len(piece)
            cuts.append(at)
        start += len(line) + 1
    return tuple(cuts)


# A title paragraph of more full lines than std.TITLE_MOST_LINES, its typed line breaks included,
# is no title (validate refuses a 标题 cell that long; a template's names may still make one). It
# is set as Word sets it and its lines are not searched, each of which costs up to a tenth of a
# second when it is just short of MOST_LINES lines: 400 such lines in a cell took a minute.


def paragraph_title_lines(lines: Sequence[str], names: TitleNames, width: int) -> list[list[str]]:
    """Each of a title paragraph's lines (as typed, between its line breaks) as the lines it is set
    in on a page `width` twips wide (title_lines); each as it is where the paragraph is longer than
    std.TITLE_MOST_LINES full lines."""
    room, advance = title_room(width), std.TITLE.size * 10
    if sum(_title_width(line, advance) for line in lines) > std.TITLE_MOST_LINES * room:
        return [[line] for line in lines]
    return [title_lines(line, names, room, advance) for line in lines]


def break_titles(body: Element, names: TitleNames) -> int:
    """Break every line too long for its page of the body's 公文标题 paragraphs between words;
    how many lines were broken."""
    broken = 0
    for paragraph, width in styled_paragraphs(body, std.TITLE.style_id):
        typed = _lines_of(paragraph)
        laid = paragraph_title_lines(["".join(t.text or "" for t in texts) for texts in typed], names, width)
        for texts, lines in zip(typed, laid, strict=True):
            if len(lines) > 1:
                _break(texts, [len(text) for text in lines[:-1]])
                broken += 1
    return broken


def _lines_of(paragraph: Element) -> list[list[Element]]:
    """The paragraph's w:t elements, line by line (a w:br that is no page break starts a line)."""
    lines: list[list[Element]] = [[]]
    for node in paragraph.iter(_T, _BR):
        if node.tag == _T:
            lines[-1].append(node)
        elif node.get(_TYPE) in (None, "textWrapping"):
            lines.append([])
    return lines


def _break(texts: list[Element], lengths: list[int]) -> None:
    """A line break after each of `lengths` characters of the line these w:t elements hold, each
    written as a line break typed in a value is (the run's text ends, a w:br, a new w:t)."""
    cuts = list(itertools.accumulate(lengths))
    start = 0
    for element in texts:
        text = element.text or ""
        end = start + len(text)
        inside = [cut - start for cut in cuts if start < cut < end or (cut == end and element is not texts[-1])]
        if inside:
            pieces = [text[a:b] for a, b in itertools.pairwise((0, *inside, len(text)))]
            element.text = pieces[0]
            anchor = element
            for piece in pieces[1:]:
                line_break = anchor.makeelement(_BR)  # (in the tree's namespaces: no declaration of its own)
                anchor.addnext(line_break)
                anchor = line_break
                if piece:
                    following = anchor.makeelement(_T)
                    following.set(wml.XML_SPACE, "preserve")
                    following.text = piece
                    anchor.addnext(following)
                    anchor = following
        start = end
