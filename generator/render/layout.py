"""Layout fix-ups that depend on rendered text, applied after Jinja.

A template cannot know how wide the rendered 成文日期 is, yet GB/T 9704
7.3.5.1 centres the 发文机关署名 over it, and 7.3.5.2 (no seal) starts the date
two characters right of the 署名. This pass measures the rendered texts in
character units and sets the indents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.schema_order import reorder
from generator.standard.wordml import Element


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字, Latin and digits half of one."""
    width = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += char_width if wide else char_width // 2
    return width


def _signatures(body: Element) -> Iterator[tuple[Element, Element]]:
    """Each 署名 paragraph with the 成文日期 paragraph right below it."""
    for signature in list(wml.iter_descendants(body, "w:p")):
        if wml.style_of(signature) != std.SIGNATURE.style_id:
            continue
        date = signature.getnext()
        if date is not None and date.tag == wml.qn("w:p") and wml.style_of(date) == std.DATE.style_id:
            yield signature, date


def _right_indent(paragraph: Element, twips: int) -> None:
    ppr = wml.find(paragraph, "w:pPr")  # there is one: the paragraph was found by its style
    assert ppr is not None
    indent = wml.find(ppr, "w:ind")
    if indent is None:
        indent = wml.sub(ppr, "w:ind")
        reorder(ppr)  # w:ind has its place in pPr's sequence (ISO/IEC 29500)
    wml.set_attr(indent, "w:right", max(0, twips))
    wml.set_attr(indent, "w:firstLine", 0)


def place_unsealed_signature(body: Element) -> None:
    """No seal (7.3.5.2): one blank line under the text, 署名 右空二字, the date on the next line
    starting two characters right of the 署名; a date longer than the 署名 goes 右空二字 and the
    署名 moves right instead."""
    two = std.UNSEALED_RIGHT_INDENT_CHARS * std.CHAR_WIDTH
    for signature, date in _signatures(body):
        signature_width = text_width(wml.paragraph_text(signature))
        date_width = text_width(wml.paragraph_text(date))
        shift = std.UNSEALED_DATE_SHIFT_CHARS * std.CHAR_WIDTH
        if date_width > signature_width:  # 成文日期长于发文机关署名: the date 右空二字, the 署名 moves in
            date_right = two
            signature_right = date_right + date_width + shift - signature_width
        else:
            signature_right = two
            date_right = signature_right + signature_width - shift - date_width
        _right_indent(signature, signature_right)
        _right_indent(date, date_right)
        _keep_one_blank_line_before(signature)


def _keep_one_blank_line_before(signature: Element) -> None:
    """The sealed layout's room for the seal is not needed: one empty line stays (正文下空一行)."""
    blanks = []
    previous = signature.getprevious()
    while (
        previous is not None
        and previous.tag == wml.qn("w:p")
        and wml.style_of(previous) == std.BLANK.style_id
        and not wml.paragraph_text(previous)
    ):
        blanks.append(previous)
        previous = previous.getprevious()
    for extra in blanks[1:]:
        parent = extra.getparent()
        if parent is not None:
            parent.remove(extra)


def centre_signature_over_date(body: Element) -> None:
    """Set each 署名 paragraph's right indent so it is centred on the date right below it."""
    for signature, date in _signatures(body):
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


def for_document(sealed: bool) -> Callable[[str, str], str]:
    """The layout pass for one document's parts, by how it is signed."""

    def passes(part_name: str, xml: str) -> str:
        return apply(part_name, xml, sealed)

    return passes


def apply(part_name: str, xml: str, sealed: bool = True) -> str:
    """The layout passes a rendered part needs; a part that needs none is returned as it is."""
    if part_name != "word/document.xml":
        return xml
    # Cheap text tests first: most parts need no pass, and then no parse.
    has_signature, has_table = std.SIGNATURE.style_id in xml, "w:tbl" in xml
    if not (has_signature or has_table):
        return xml
    root = wml.parse(xml)
    if has_signature:
        if sealed:
            centre_signature_over_date(root)
        else:
            place_unsealed_signature(root)
    if has_table:
        fit_columns(root)
    return wml.serialize(root)
