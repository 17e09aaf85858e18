"""Layout fix-ups that depend on rendered text, applied after Jinja.

A template cannot know how wide the rendered 成文日期 is, yet GB/T 9704
7.3.5.1 centres the 发文机关署名 over it. This pass measures the rendered
texts in character units and sets the 署名's right indent.
"""

from __future__ import annotations

import re
import unicodedata

from generator.standard import gbt9704 as std

_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_RIGHT_INDENT = re.compile(r'(<w:ind\b[^>]*?w:right=")(\d+)(")')


def _paragraph_at(xml: str, position: int) -> tuple[int, int]:
    """Start and end of the paragraph that contains `position`."""
    start = max(xml.rfind("<w:p>", 0, position), xml.rfind("<w:p ", 0, position))
    end = xml.find("</w:p>", position) + len("</w:p>")
    return start, end


def _style_of(paragraph: str) -> str | None:
    m = re.search(r'<w:pStyle w:val="([^"]+)"/>', paragraph)
    return m.group(1) if m else None


def text_width(text: str, char_width: int = std.CHAR_WIDTH) -> int:
    """Width in twips of text as laid out: CJK one 字, Latin and digits half of one."""
    width = 0
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        width += char_width if wide else char_width // 2
    return width


def _text(paragraph: str) -> str:
    return "".join(_TEXT.findall(paragraph))


def centre_signature_over_date(xml: str) -> str:
    """Set each 署名 paragraph's right indent so it is centred on the date below it."""
    marker = f'<w:pStyle w:val="{std.SIGNATURE.style_id}"/>'
    date_marker = f'<w:pStyle w:val="{std.DATE.style_id}"/>'
    position = xml.find(marker)
    while position != -1:
        start, end = _paragraph_at(xml, position)
        date_position = xml.find(date_marker, end)
        if date_position == -1:
            break
        date_start, date_end = _paragraph_at(xml, date_position)
        if date_start != end:  # the date must be the very next paragraph
            position = xml.find(marker, end)
            continue
        signature, date_xml = xml[start:end], xml[date_start:date_end]
        m = _RIGHT_INDENT.search(date_xml)
        date_indent = int(m.group(2)) if m else std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10
        indent = max(0, date_indent + (text_width(_text(date_xml)) - text_width(_text(signature))) // 2)
        new = _RIGHT_INDENT.sub(rf"\g<1>{indent}\g<3>", signature, count=1)
        xml = xml[:start] + new + xml[end:]
        position = xml.find(marker, start + len(new))
    return xml


_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.DOTALL)
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.DOTALL)
_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)"/>')
_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.DOTALL)
_CELL_WIDTH = re.compile(r'<w:tcW w:w="\d+"')


def fit_columns(xml: str) -> str:
    """Tables whose columns came from a loop ({%tc %}): the first column keeps its width, the
    repeated ones share the rest of the table equally (docxtpl copies the template cell's width)."""

    def fit(match: re.Match[str]) -> str:
        tbl = match.group(0)
        grid = _GRID.search(tbl)
        if grid is None:
            return tbl
        widths = [int(w) for w in _GRID_COL.findall(grid.group(1))]
        rows = _ROW.findall(tbl)
        count = max((row.count("<w:tc>") for row in rows), default=0)
        if count == len(widths) or count < 2 or not widths:
            return tbl
        total, first = sum(widths), widths[0]
        share = (total - first) // (count - 1)
        new_widths = [first] + [share] * (count - 2) + [total - first - share * (count - 2)]
        tbl = tbl.replace(
            grid.group(0), "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in new_widths) + "</w:tblGrid>"
        )
        for row in _ROW.findall(tbl):
            cells = row.split("<w:tc>")
            fixed = cells[0] + "".join(
                "<w:tc>" + _CELL_WIDTH.sub(f'<w:tcW w:w="{new_widths[min(i, count - 1)]}"', cell, count=1)
                for i, cell in enumerate(cells[1:])
            )
            tbl = tbl.replace(row, fixed, 1)
        return tbl

    return _TABLE.sub(fit, xml)


def apply(part_name: str, xml: str) -> str:
    if part_name != "word/document.xml":
        return xml
    if std.SIGNATURE.style_id in xml:
        xml = centre_signature_over_date(xml)
    if "<w:tbl>" in xml:
        xml = fit_columns(xml)
    return xml
