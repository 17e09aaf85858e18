"""Layout fix-ups that depend on rendered text, applied after Jinja.

A template cannot know how wide the rendered 成文日期 is, yet GB/T 9704
7.3.5.1 centres the 发文机关署名 over it. This pass measures the rendered
texts in character units and sets the 署名's right indent.
"""

from __future__ import annotations

import unicodedata

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.wordml import Element


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字, Latin and digits half of one."""
    width = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += char_width if wide else char_width // 2
    return width


def centre_signature_over_date(body: Element) -> None:
    """Set each 署名 paragraph's right indent so it is centred on the date right below it."""
    for signature in wml.iter_descendants(body, "w:p"):
        if wml.style_of(signature) != std.SIGNATURE.style_id:
            continue
        date = signature.getnext()
        if date is None or date.tag != wml.qn("w:p") or wml.style_of(date) != std.DATE.style_id:
            continue
        indent = wml.find(signature, "w:pPr/w:ind")
        if wml.get(indent, "w:right") is None:
            continue  # a 署名 placed some other way (e.g. 右空二字) is left as the template has it
        assert indent is not None
        date_right = wml.get(wml.find(date, "w:pPr/w:ind"), "w:right")
        date_indent = int(date_right) if date_right else std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10
        shift = (text_width(wml.paragraph_text(date)) - text_width(wml.paragraph_text(signature))) // 2
        wml.set_attr(indent, "w:right", max(0, date_indent + shift))


def fit_columns(body: Element) -> None:
    """Tables whose columns came from a loop ({%tc %}): the first column keeps its width, the
    repeated ones share the rest of the table equally (docxtpl copies the template cell's width)."""
    for table in list(wml.iter_descendants(body, "w:tbl")):
        grid = wml.find(table, "w:tblGrid")
        if grid is None:
            continue
        columns = wml.findall(grid, "w:gridCol")
        widths = [int(wml.get(c, "w:w") or 0) for c in columns]
        rows = wml.findall(table, "w:tr")
        count = max((len(wml.findall(row, "w:tc")) for row in rows), default=0)
        if count == len(widths) or count < 2 or not widths:
            continue
        total, first = sum(widths), widths[0]
        share = (total - first) // (count - 1)
        new_widths = [first] + [share] * (count - 2) + [total - first - share * (count - 2)]
        for column in columns:
            grid.remove(column)
        for width in new_widths:
            wml.sub(grid, "w:gridCol", w_w=width)
        for row in rows:
            for i, cell in enumerate(wml.findall(row, "w:tc")):
                cell_width = wml.find(cell, "w:tcPr/w:tcW")
                if cell_width is not None:
                    wml.set_attr(cell_width, "w:w", new_widths[min(i, count - 1)])


def apply(part_name: str, xml: str) -> str:
    """The layout passes a rendered part needs; a part that needs none is returned as it is."""
    if part_name != "word/document.xml":
        return xml
    # Cheap text tests first: most parts need no pass, and then no parse.
    has_signature, has_table = std.SIGNATURE.style_id in xml, "w:tbl" in xml
    if not (has_signature or has_table):
        return xml
    root = wml.parse(xml)
    if has_signature:
        centre_signature_over_date(root)
    if has_table:
        fit_columns(root)
    return wml.serialize(root)
