"""Half-width punctuation in Chinese text made full-width, as the notice printed it (GB/T 15834).

A notice copied from a government web page often carries the page's ASCII punctuation (, ; : ( )
? ! and "quotes") where the document printed ， ； ： （ ） ？ ！ “ ”; `gongwen check` names every
such mark beside Chinese, so an imported notice would fail gongwen's own check. A mark is changed
only where it sits in Chinese text: beside a Chinese character or full-width mark (brackets and
quotes: around Chinese, or beside it). Left as they are: numbers (1,200, 3.5, 4:3:3), times
(8:30), URLs, e-mail addresses, a 发文字号 whatever its brackets, and Latin words and their
punctuation (Wi-Fi, (PDF), "App").
"""

from __future__ import annotations

import re
from collections import Counter

CJK = "\u3400-\u9fff"
# A Chinese character or a full-width mark: what makes a neighbouring half-width mark Chinese text's.
_CHINESE = re.compile(rf"[{CJK}\u3000-\u303f\uff01-\uff5e“”‘’…—·]")
# Spans never touched: URLs, e-mail addresses, numbers with their separators (1,200 3.5 8:30
# 0316-6681122), a 发文字号 with any brackets (永政办(2018)15号, 〔2018〕).
_KEPT = re.compile(
    r"(?:https?|ftp)://[!-~]*[A-Za-z0-9/#=&_%~-]"
    r"|www\.[A-Za-z0-9][-A-Za-z0-9._~/%?=&#]*"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    rf"|[{CJK}]{{1,12}}[(\[［（〔【]\d{{4}}[)\]］）〕】]第?\d+号"
    r"|\(0\d{2,3}\)\d{7,8}"
    r"|\d+(?:[,.:：]\d+)+"
)
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}
_SPACES = " \u00a0"
# How the clerk is told what changed, mark by mark.
MARK_NAMES = {"，": "逗号", "；": "分号", "：": "冒号", "？": "问号", "！": "叹号", "（": "括号", "）": "括号",
              "。": "句号", "……": "省略号", "“": "引号", "”": "引号", "‘": "引号", "’": "引号"}  # fmt: skip


def _is_chinese(character: str) -> bool:
    return bool(character) and _CHINESE.match(character) is not None


class _Text:
    """One paragraph's characters, with which of them may change and what they became."""

    def __init__(self, text: str) -> None:
        self.chars = list(text)
        self.kept = [False] * len(text)
        for match in _KEPT.finditer(text):
            self.kept[match.start() : match.end()] = [True] * (match.end() - match.start())
        self.changed: Counter[str] = Counter()

    def neighbour(self, at: int, step: int) -> str:
        """The nearest character before (-1) or after (1) `at` that is not a space."""
        at += step
        while 0 <= at < len(self.chars) and self.chars[at] in _SPACES:
            at += step
        return self.chars[at] if 0 <= at < len(self.chars) else ""

    def change(self, at: int, into: str) -> None:
        self.chars[at] = into
        self.changed[into] += 1
        for step in (-1, 1):  # full-width marks carry their own space: the page's spaces beside them go
            side = at + step
            while 0 <= side < len(self.chars) and self.chars[side] in _SPACES and not self.kept[side]:
                self.chars[side] = ""
                side += step

    def free(self, at: int) -> bool:
        return not self.kept[at]


def _stops_and_marks(text: _Text) -> None:
    """, ; : ? ! beside Chinese; a full stop (or an ellipsis of three) after Chinese, not before a digit or letter."""
    chars = text.chars
    at = 0
    while at < len(chars):
        character = chars[at]
        if not character or not text.free(at):  # ("": a space taken out beside a mark made full-width)
            at += 1
        elif character in ",;:?!" and (_is_chinese(text.neighbour(at, -1)) or _is_chinese(text.neighbour(at, 1))):
            text.change(at, _FULL[character])
            at += 1
        elif character == "." and _is_chinese(text.neighbour(at, -1)):
            at = _full_stop(text, at)
        else:
            at += 1


def _full_stop(text: _Text, at: int) -> int:
    """The dots from `at` (after Chinese) as 。 or …… where they end a sentence; where the scan goes on."""
    chars = text.chars
    end = at
    while end < len(chars) and chars[end] == "." and text.free(end):
        end += 1
    after = chars[end] if end < len(chars) else ""
    if end - at >= 3:  # ... or ......: an ellipsis
        text.change(at, "……")
        chars[at + 1 : end] = [""] * (end - at - 1)
    elif end - at == 1 and not (after.isascii() and after.isalnum()):
        text.change(at, "。")
    return end


def _brackets(text: _Text) -> None:
    """( and ) paired: a pair around or beside Chinese becomes （ ）; one alone, beside Chinese."""
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    alone: list[int] = []
    for at, character in enumerate(text.chars):
        if character == "(" and text.free(at):
            opened.append(at)
        elif character == ")" and text.free(at):
            if opened:
                pairs.append((opened.pop(), at))
            else:
                alone.append(at)
    alone += opened
    for start, end in pairs:
        inside = any(_is_chinese(c) for c in text.chars[start + 1 : end])
        if inside or _is_chinese(text.neighbour(start, -1)) or _is_chinese(text.neighbour(end, 1)):
            text.change(start, "（")
            text.change(end, "）")
    for at in alone:
        if _is_chinese(text.neighbour(at, -1)) or _is_chinese(text.neighbour(at, 1)):
            text.change(at, _FULL[text.chars[at]])


def _inside_a_latin_word(text: _Text, at: int) -> bool:
    before, after = text.neighbour(at, -1), text.neighbour(at, 1)
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def _quotes(text: _Text) -> None:
    """ASCII quotes paired in order: a pair around or beside Chinese becomes “ ” (‘ ’); an
    apostrophe in a Latin word (don't) pairs with nothing, as nothing Chinese surrounds it."""
    for ascii_mark, (left, right) in (('"', "“”"), ("'", "‘’")):
        places = [at for at, c in enumerate(text.chars) if c == ascii_mark and text.free(at)]
        if ascii_mark == "'":
            places = [at for at in places if not _inside_a_latin_word(text, at)]
        if len(places) % 2:
            continue  # an odd count: which ones pair is not known, and a wrong guess reads worse
        for start, end in zip(places[::2], places[1::2], strict=True):
            inside = any(_is_chinese(c) for c in text.chars[start + 1 : end])
            if inside or _is_chinese(text.neighbour(start, -1)) or _is_chinese(text.neighbour(end, 1)):
                text.change(start, left)
                text.change(end, right)


def full_width(text: str) -> tuple[str, Counter[str]]:
    """`text` with its half-width punctuation in Chinese made full-width, and how many of each mark it made."""
    if not any(c in ",;:?!().'\"" for c in text) or not any(_is_chinese(c) for c in text):
        return text, Counter()
    paragraph = _Text(text)
    _stops_and_marks(paragraph)
    _brackets(paragraph)
    _quotes(paragraph)
    _stops_and_marks(paragraph)  # again: a mark beside a bracket or quote made full-width is Chinese text's too
    return "".join(paragraph.chars), paragraph.changed


# Full-width marks carry their own space: a page's half-width space beside one (一、 加强…, 欢乐、 祥和,
# 自查自检， 提前防范) is its typesetting, never the document's.
_FULL_WIDTH_MARKS = "，、。；：！？（）“”‘’《》〔〕【】"


def spaces_beside_marks(text: str) -> tuple[str, int]:
    """`text` without the half-width spaces beside its full-width marks in Chinese text, and how many went."""
    if not any(c in _SPACES for c in text):
        return text, 0
    paragraph = _Text(text)
    chars, gone = paragraph.chars, 0
    for at, character in enumerate(chars):
        if character not in _SPACES or not paragraph.free(at):
            continue
        before, after = paragraph.neighbour(at, -1), paragraph.neighbour(at, 1)
        beside_a_mark = (before and before in _FULL_WIDTH_MARKS) or (after and after in _FULL_WIDTH_MARKS)
        if beside_a_mark and _is_chinese(before) and _is_chinese(after):
            chars[at] = ""
            gone += 1
    return "".join(chars), gone


def said_spaces(count: int, paragraphs: list[int]) -> str:
    shown = "、".join(str(n) for n in paragraphs[:6]) + (f" 等 {len(paragraphs)} 段" if len(paragraphs) > 6 else " 段")
    return f"全角标点旁多出的半角空格（网页排版留下的）已删去（{count} 个；第 {shown}）"


def said(changed: Counter[str], paragraphs: list[int]) -> str:
    """One line for the clerk: which marks were made full-width, how many, in which paragraphs."""
    counts: Counter[str] = Counter()
    for mark, count in changed.items():
        counts[MARK_NAMES[mark]] += count
    names = list(dict.fromkeys(MARK_NAMES.values()))  # (equal counts in this order)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], names.index(item[0])))
    marks = "、".join(f"{name} {count} 个" for name, count in ranked)
    shown = "、".join(str(n) for n in paragraphs[:6]) + (f" 等 {len(paragraphs)} 段" if len(paragraphs) > 6 else " 段")
    return (
        f"原文中文里的半角标点已改为全角（{marks}；第 {shown}）；数字、时间、电话、网址、电子邮箱和发文字号里的没有改动"
    )
