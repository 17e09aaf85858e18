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
