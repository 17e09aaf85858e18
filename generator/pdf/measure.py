"""Measure a rendered PDF: the facts GB/T 9704 fixes, read back from the page.

Used by the layout tests and by anyone calibrating gbt9704's constants. All
lengths are millimetres from the paper's top-left corner.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PT_TO_MM = 25.4 / 72


def is_cjk(ch: str) -> bool:
    return "CJK" in unicodedata.name(ch, "") or ch in "，。、；：？！（）《》“”"


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # pt
    font: str
    color: tuple[float, ...] | None


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars)
        return sizes[len(sizes) // 2]

    def cjk_count(self) -> int:
        return sum(1 for c in self.chars if is_cjk(c.text))


@dataclass
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    color: tuple[float, ...] | None
    width_pt: float = 0.0  # stroke width of a line; 0 for a filled rectangle


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]
    rules: list[Rule]
    pictures: list[tuple[float, float]] = field(default_factory=list)  # (top, bottom) of each image
    # Characters set turned a quarter (a landscape page's number), top to bottom, kept out of the lines
    turned: list[Char] = field(default_factory=list)

    def body_lines(self, min_size: float = 15.0, max_size: float = 17.0) -> list[Line]:
        """Lines set in 三号 (16 pt), i.e. on the body grid."""
        return [ln for ln in self.lines if min_size <= ln.size <= max_size]

    def footer_lines(self, type_area_bottom_mm: float) -> list[Line]:
        return [ln for ln in self.lines if ln.top > type_area_bottom_mm]


def is_red(color: tuple[float, ...] | None) -> bool:
    if not color:
        return False
    if len(color) == 3:
        r, g, b = color
        return r > 0.8 and g < 0.3 and b < 0.3
    if len(color) == 4:  # CMYK
        cyan, magenta, yellow, _black = color
        return magenta > 0.7 and yellow > 0.7 and cyan < 0.2
    return False


def _color(value: object) -> tuple[float, ...] | None:
    if isinstance(value, (list, tuple)):
        return tuple(float(v) for v in value)
    return None


def read_pdf(path: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = [(_char(c), bool(c.get("upright", True))) for c in page.chars if c["text"].strip()]
            rules = [
                Rule(
                    r["x0"] * PT_TO_MM,
                    r["x1"] * PT_TO_MM,
                    r["top"] * PT_TO_MM,
                    r["bottom"] * PT_TO_MM,
                    _color(r.get("non_stroking_color") or r.get("stroking_color")),
                    float(r.get("linewidth") or 0.0),
                )
                for r in list(page.rects) + list(page.lines)
            ]
            pictures = [(i["top"] * PT_TO_MM, i["bottom"] * PT_TO_MM) for i in page.images]
            pages.append(
                Page(
                    number,
                    page.width * PT_TO_MM,
                    page.height * PT_TO_MM,
                    _group_lines([c for c, upright in chars if upright]),
                    rules,
                    pictures,
                    sorted((c for c, upright in chars if not upright), key=lambda c: c.top),
                )
            )
    return pages


def _char(c: dict[str, Any]) -> Char:
    return Char(
        c["text"],
        c["x0"] * PT_TO_MM,
        c["x1"] * PT_TO_MM,
        c["top"] * PT_TO_MM,
        c["bottom"] * PT_TO_MM,
        round(c["size"], 2),
        c.get("fontname", ""),
        _color(c.get("non_stroking_color")),
    )


def _group_lines(chars: Sequence[Char], tolerance: float = 1.0) -> list[Line]:
    """Characters whose vertical centres are within `tolerance` mm form a line."""
    lines: list[Line] = []
    for ch in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        centre = (ch.top + ch.bottom) / 2
        if lines:
            last = lines[-1]
            last_centre = (last.top + last.bottom) / 2
            if abs(centre - last_centre) <= tolerance:
                last.chars.append(ch)
                continue
        lines.append(Line([ch]))
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
    return lines
