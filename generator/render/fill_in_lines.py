"""A fill-in line broken between its fields, never inside a blank.

A sheet's foot is a line of fields to write on by hand, each a label and a blank, spaced apart:
填报人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　联系电话：＿＿＿＿＿＿　　填报日期：＿＿＿＿＿＿. Written
for a landscape page, it is wider than a portrait one, and Word and LibreOffice break it where the
line is full: inside 填报日期's blank, half of it left on a line of its own. This pass breaks such
a line (a body paragraph holding a blank and a gap) that does not fit its page at the gaps
between its fields instead: a line break in place of a gap, in the fewest lines, as even as they
can be. A field wider than a line alone is left to the application to break.
"""

from __future__ import annotations

import itertools
import re

from generator.standard import wordml as wml
from generator.standard.schema_order import insert_in_order
from generator.standard.wordml import Element

from .metrics import laid_out_width, line_starts
from .pagination import LINE_BREAK, line_room, paragraphs_by_page_width, style_and_spacing

# A blank to write on: fill-in characters (the 待填 filter's ＿, a typed underscore) side by side.
_BLANK = re.compile("[＿_]{2,}")
# A gap between two fields: an ideographic space, or two spaces or more.
_GAP = re.compile("[ 　]*　[ 　]*| {2,}")
# Lines tried at most (a line of more gaps than this is no sheet's foot: left as it is).
_MOST_GAPS = 12

_T, _BR = wml.qn("w:t"), wml.qn("w:br")
_PPR, _JC = wml.qn("w:pPr"), wml.qn("w:jc")


def is_fill_in_line(text: str) -> bool:
    """Whether a paragraph's text is a line of fields to fill in by hand: a blank and a gap."""
    return LINE_BREAK not in text and _BLANK.search(text) is not None and _GAP.search(text.strip()) is not None


def gap_cuts(style_id: str, run_spacing: str | None, text: str, width: int) -> tuple[tuple[int, int], ...]:
    """The gaps (start, end in `text`) a fill-in line of this style is broken at, at `width`: none
    when it fits on one line, is no fill-in line, or has a field wider than a line alone."""
    if not is_fill_in_line(text):
        return ()
    advance, first, rest = line_room(style_id, run_spacing, width)
    if not line_starts(text, advance, first, rest):
        return ()
    gaps = [(m.start(), m.end()) for m in _GAP.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if len(gaps) > _MOST_GAPS:
        return ()
    for count in range(1, len(gaps) + 1):
        fitting = []
        for chosen in itertools.combinations(gaps, count):
            widths = _line_widths(text, chosen, advance)
            if widths[0] <= first and all(w <= rest for w in widths[1:]):
                fitting.append((max(widths) - min(widths), chosen))
        if fitting:
            return min(fitting)[1]
    return ()


def _line_widths(text: str, cuts: tuple[tuple[int, int], ...], advance: int) -> list[int]:
    starts = [0, *(end for _, end in cuts)]
    ends = [*(start for start, _ in cuts), len(text)]
    return [laid_out_width(text[start:end], advance) for start, end in zip(starts, ends, strict=True)]


def break_fill_in_lines(body: Element) -> None:
    """Every fill-in line of the body that does not fit its page broken between its fields."""
    for width, paragraphs in paragraphs_by_page_width(body):
        for paragraph in paragraphs:
            _break(paragraph, width)


def _break(paragraph: Element, width: int) -> None:
    texts = list(paragraph.iter(_T, _BR))
    if any(node.tag == _BR for node in texts):
        return
    text = "".join(node.text or "" for node in texts)
    cuts = gap_cuts(*style_and_spacing(paragraph), text, width)
    if not cuts:
        return
    for start, end in reversed(cuts):
        if not _cut(texts, start, end):
            return
    _align_left(paragraph)


def _cut(texts: list[Element], start: int, end: int) -> bool:
    """The gap text[start:end] (within one w:t) replaced by a line break; False if it spans two.
    A gap that is a w:t's whole text, or its start or end, is cut without a new w:t (a template
    whose gaps are runs of their own is then laid out alike for every document: stream.py)."""
    at = 0
    for node in texts:
        text = node.text or ""
        if not at <= start < end <= at + len(text):
            at += len(text)
            continue
        before, after = text[: start - at], text[end - at :]
        if before and after:  # (a gap inside a text holding values: a new w:t for the rest)
            rest = node.makeelement(_T)
            rest.set(wml.XML_SPACE, "preserve")
            rest.text = after
            node.addnext(rest)
        if not before and not after:
            node.addprevious(node.makeelement(_BR))
            node.getparent().remove(node)
        elif before:
            node.text = before
            node.addnext(node.makeelement(_BR))
        else:
            node.text = after
            node.addprevious(node.makeelement(_BR))
        return True
    return False


def _align_left(paragraph: Element) -> None:
    """A justified line that ends in a line break is stretched across the page by Word: the
    broken fill-in line is set flush left."""
    properties = next(paragraph.iterchildren(_PPR), None)
    alignment = None if properties is None else next(properties.iterchildren(_JC), None)
    if alignment is not None and wml.get(alignment, "w:val") in ("left", "start", "center", "right", "end"):
        return
    if properties is None:
        properties = paragraph.makeelement(_PPR)
        paragraph.insert(0, properties)
    if alignment is None:
        alignment = properties.makeelement(_JC)
        insert_in_order(properties, alignment)
    wml.set_attr(alignment, "w:val", "left")
