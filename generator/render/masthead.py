"""A 发文机关标志 too long for one line of the 版心, set on one line by narrowing its characters.

GB/T 9704 7.2.3 leaves the mark's size to 醒目、美观、庄重; at 小初 a line of the 156 mm 版心 holds
12 字, and 张家川回族自治县人民政府办公室文件 (17 字) would wrap. Common practice sets such a mark on one
line by narrowing its characters (Word's 字符缩放, w:w), keeping their height: this pass does so,
to the widest scale that fits, down to MARK_NARROWEST_SCALE; a mark that would need narrower
characters is left as it is (it wraps), and `validate` advises the organ's 规范化简称.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.schema_order import insert_in_order
from generator.standard.wordml import Element

from .metrics import laid_out_width
from .pagination import text_segments
from .titles import styled_paragraphs

_P, _PPR, _R, _RPR, _T, _BR = (wml.qn(n) for n in ("w:p", "w:pPr", "w:r", "w:rPr", "w:t", "w:br"))
_SECTPR, _SZ, _W, _VAL = (wml.qn(n) for n in ("w:sectPr", "w:sz", "w:w", "w:val"))


def _size(run: Element | None) -> int:
    """The run's size in half-points: its own w:sz, else the mark style's."""
    properties = None if run is None else wml.first_child(run, _RPR)
    size = None if properties is None else wml.first_child(properties, _SZ)
    value = None if size is None else size.get(_VAL)
    return int(value) if value and value.isdigit() else std.MARK.size


def _scale(run: Element) -> int:
    properties = wml.first_child(run, _RPR)
    scale = None if properties is None else wml.first_child(properties, _W)
    value = None if scale is None else scale.get(_VAL)
    return int(value) if value and value.isdigit() else 100


def mark_scale(text_lines: Sequence[str], size: int, width: int) -> int | None:
    """The character scale (percent) at which the widest of these lines, set at `size` half-points,
    fits `width` twips: None when it fits as it is, or only narrower than MARK_NARROWEST_SCALE."""
    widest = max(laid_out_width(line, size * 10) for line in text_lines)
    if widest <= width:
        return None
    scale = width * 100 // widest
    return scale if scale >= std.MARK_NARROWEST_SCALE else None


def narrow_marks(body: Element) -> int:
    """Narrow the characters of each 发文机关标志 too wide for its line so it fits on one; how many were."""
    narrowed = 0
    for paragraph, width in styled_paragraphs(body, std.MARK.style_id):
        runs = [run for run in paragraph.iter(_R) if next(run.iter(_T), None) is not None]
        if not runs:
            continue
        scale = mark_scale(text_segments(paragraph), _size(runs[0]), width)
        if scale is None or all(_scale(run) <= scale for run in runs):
            continue  # (fits, cannot fit, or a template's own narrowing already fits it)
        for run in runs:
            properties = wml.first_child(run, _RPR)
            if properties is None:
                properties = run.makeelement(_RPR)
                run.insert(0, properties)
            found = wml.first_child(properties, _W)
            if found is None:
                found = properties.makeelement(_W)
                insert_in_order(properties, found)
            found.set(_VAL, str(scale))
        narrowed += 1
    return narrowed
