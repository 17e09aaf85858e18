"""A statistics sheet on one page: the orientation its rows need, its groups merged.

A unit's sheet (one table: 分组 | 指标 | 单位 | 本期 | 累计, a row per metric) is printed as
GB/T 9704 §8 allows, A4 landscape; with thirty metrics its rows do not fit the 156 mm of a
landscape 版心 and the last seven rows, the 填报人 line and the 注 went to a second page. This
pass, run on the rendered part before the page-break pass, turns such a sheet to portrait when its
rows fit the 225 mm of a portrait 版心 (the table's columns scaled to the portrait width; where
that breaks the names, the columns whose lines are short narrowed to NARROW_COLUMN and the 指标
column widened by what they give up), and then merges the repeated 分组 cells (vMerge), which an
office's sheet shows once per group.

A sheet that fits neither way stays as it is: its header row repeats (tblHeader), its rows keep
their group name on every row (a merged cell would leave the second page's rows unnamed), and its
last rows keep with the lines under the table, so that no page holds only a tail.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from contextlib import nullcontext

from generator.standard import gbt9704 as std
from generator.standard import ooxml
from generator.standard import wordml as wml
from generator.standard.schema_order import insert_in_order
from generator.standard.wordml import Element

from .fill_in_lines import is_fill_in_line
from .metrics import laid_out_width
from .pagination import (
    CONDENSED_CHARS_PER_LINE,
    LINE_BREAK,
    SAFETY,
    Page,
    TableOpener,
    content_height,
    line_room,
    page_of,
    set_closer,
    style_and_spacing,
    text_lines,
    text_segments,
)

_TBL, _TR, _TC, _P, _SECTPR = (wml.qn(n) for n in ("w:tbl", "w:tr", "w:tc", "w:p", "w:sectPr"))
_TCPR, _TCW, _W, _VMERGE, _PPR = (wml.qn(n) for n in ("w:tcPr", "w:tcW", "w:w", "w:vMerge", "w:pPr"))
_PORTRAIT = Page(std.LINES_PER_PAGE * std.LINE_PITCH, std.TYPE_AREA_WIDTH)
_ROLES = {role.style_id: role for role in std.PARAGRAPH_ROLES}
# Rows kept with the lines under a sheet that runs over a page: the 合计 and the rows above it.
TAIL_ROWS = 3


def _the_sheet(body: Element) -> tuple[Element, Element] | None:
    """(the table, the section) of a statistics sheet: a one-section landscape document (GB/T 9704
    §8) whose body holds one table."""
    tables = [child for child in body if child.tag == _TBL]
    section = wml.first_child(body, _SECTPR)
    inner_sections = any(s.getparent() is not body for s in body.iter(_SECTPR))
    if len(tables) != 1 or section is None or inner_sections or wml.holds_tables(tables[0]):
        return None
    if not _landscape(section):
        return None
    return tables[0], section


def _landscape(section: Element) -> bool:
    size = wml.find(section, "w:pgSz")
    width, height = (int(wml.get(size, name) or 0) for name in ("w:w", "w:h"))
    return width > height or wml.get(size, "w:orient") == "landscape"


def _scale(table: Element, width: int) -> None:
    """The table's columns scaled to `width` twips in all (a narrower table is left as it is)."""
    grid = wml.findall(table, "w:tblGrid/w:gridCol")
    total = sum(int(wml.get(c, "w:w") or 0) for c in grid)
    if total <= width or total == 0:
        return
    for column in grid:
        wml.set_attr(column, "w:w", int(wml.get(column, "w:w") or 0) * width // total)
    for cell_width in table.iter(_TCW):
        cell_width.set(_W, str(int(cell_width.get(_W) or 0) * width // total))
    table_width = wml.find(table, "w:tblPr/w:tblW")
    if table_width is not None and wml.get(table_width, "w:type") in (None, "dxa"):
        wml.set_attr(table_width, "w:w", min(int(wml.get(table_width, "w:w") or 0), width))


# A sheet turned portrait whose columns, scaled alike, leave its names too narrow (22 metrics of
# 16 字: each name in two lines, two pages) is set as a 文秘 sets it: each column whose every line
# fits this width (figures, 未报送, a unit, a group's name of four 字) is narrowed to it, and the
# widest column (the 指标) takes what they give up. One width for all, not each column's own
# need, so that a length test of each cell tells the decision (stream.py reads it so).
NARROW_COLUMN = 4 * std.CHAR_WIDTH


def _room_for_names(table: Element) -> list[int] | None:
    """The table's column widths with the room NARROW_COLUMN frees given to its widest column;
    None when no column can give any (or a row spans columns)."""
    widths = [int(wml.get(c, "w:w") or 0) for c in wml.findall(table, "w:tblGrid/w:gridCol")]
    rows = [list(row.iterchildren(_TC)) for row in table.iterchildren(_TR)]
    if not widths or any(len(cells) != len(widths) for cells in rows):
        return None
    widest = max(range(len(widths)), key=lambda i: widths[i])
    narrowed = [
        NARROW_COLUMN if i != widest and width > NARROW_COLUMN and _one_line_each(row[i] for row in rows) else width
        for i, width in enumerate(widths)
    ]
    if narrowed == widths:
        return None
    narrowed[widest] += sum(widths) - sum(narrowed)
    return narrowed


def _one_line_each(cells: Iterable[Element]) -> bool:
    """Whether every paragraph of these cells fits one line of a NARROW_COLUMN (measured as the
    flow measures a cell's paragraph, by its style alone; a figure too wide for it, which the flow
    counts as a line, would be broken by the application)."""
    for cell in cells:
        for paragraph in cell.iterchildren(_P):
            segments = text_segments(paragraph)
            style, _ = style_and_spacing(paragraph)
            advance, first, _ = line_room(style, None, NARROW_COLUMN - std.STATS_CELL_MARGINS)
            if len(segments) > 1 or laid_out_width(segments[0], advance) > first:
                return False
    return True


def _set_column_widths(table: Element, widths: list[int]) -> None:
    for column, width in zip(wml.findall(table, "w:tblGrid/w:gridCol"), widths, strict=True):
        wml.set_attr(column, "w:w", width)
    for row in table.iterchildren(_TR):
        for cell, width in zip(row.iterchildren(_TC), widths, strict=True):
            properties = wml.first_child(cell, _TCPR)
            cell_width = None if properties is None else next(properties.iterchildren(_TCW), None)
            if cell_width is not None:
                cell_width.set(_W, str(width))


def _to_portrait(section: Element) -> None:
    """The standard's portrait page (GB/T 9704 5.2), as every other document of the campaign."""
    size = wml.find(section, "w:pgSz")
    margins = wml.find(section, "w:pgMar")
    if size is None or margins is None:
        return
    wml.set_attr(size, "w:w", std.PAGE_WIDTH)
    wml.set_attr(size, "w:h", std.PAGE_HEIGHT)
    size.attrib.pop(wml.qn("w:orient"), None)
    for name, value in (
        ("w:top", std.MARGIN_TOP),
        ("w:bottom", std.MARGIN_BOTTOM),
        ("w:left", std.MARGIN_LEFT),
        ("w:right", std.MARGIN_RIGHT),
        ("w:footer", std.FOOTER_DISTANCE),
    ):
        wml.set_attr(margins, name, value)
    # The portrait page number, not the landscape page's turned one (a template gongwen made keeps both).
    for reference in wml.findall(section, "w:footerReference"):
        portrait = ooxml.portrait_footer_id(reference.get(wml.qn("r:id"), ""))
        if portrait is not None:
            reference.set(wml.qn("r:id"), portrait)


def _cell_text(cell: Element) -> str:
    return "".join(wml.paragraph_text(p) for p in cell.iterchildren(_P))


def merge_groups(table: Element) -> None:
    """Cells of the first column that repeat the text of the cell above (the 分组 of each metric)
    merged into one (vMerge): the group's name is printed once, in the middle of its rows."""
    rows = [row for row in table.iterchildren(_TR) if wml.find(row, "w:trPr/w:tblHeader") is None]
    firsts = [next(row.iterchildren(_TC), None) for row in rows]
    run_start: Element | None = None
    previous = None
    for cell in firsts:
        if cell is None:
            run_start, previous = None, None
            continue
        text = _cell_text(cell)
        if text and text == previous and run_start is not None:
            _merge_mark(run_start, "restart")
            _merge_mark(cell, None)
            for paragraph in list(cell.iterchildren(_P))[1:]:
                cell.remove(paragraph)
            for paragraph in cell.iterchildren(_P):
                for child in list(paragraph):
                    if child.tag != _PPR:
                        paragraph.remove(child)
        else:
            run_start = cell
        previous = text


def _merge_mark(cell: Element, value: str | None) -> None:
    properties = wml.first_child(cell, _TCPR)
    if properties is None:
        properties = wml.element("w:tcPr")
        cell.insert(0, properties)
    mark = next(properties.iterchildren(_VMERGE), None)
    if mark is None:
        mark = properties.makeelement(_VMERGE)
        insert_in_order(properties, mark)
    if value is not None:
        wml.set_attr(mark, "w:val", value)
    vertical = wml.find(properties, "w:vAlign")
    if vertical is None:
        vertical = properties.makeelement(wml.qn("w:vAlign"))
        insert_in_order(properties, vertical)
    wml.set_attr(vertical, "w:val", "center")


def _fit_lines(paragraphs: list[Element], landscape: int, portrait: int) -> None:
    """The lines written for the landscape page that wrap on the portrait one (本月未报送（…）, a
    word or two too long) set closer, as 7.3.5.5 sets a paragraph closer to save a line
    (CONDENSED_CHARS_PER_LINE), when that keeps them to the lines they took; a fill-in line is
    broken between its fields instead (fill_in_lines.py)."""
    for paragraph in paragraphs:
        text = LINE_BREAK.join(text_segments(paragraph))
        if not text.strip() or is_fill_in_line(text):
            continue
        style, spacing = style_and_spacing(paragraph)
        if _ROLES.get(style, std.BODY).size != std.SIZE_SANHAO:
            continue  # (a title is broken between words: titles.py; 29 字 a line is 三号's measure)
        before = text_lines(style, spacing, text, landscape)[0]
        as_set, *closer = text_lines(style, spacing, text, portrait)
        if as_set <= before:
            continue
        for chars, lines in zip(CONDENSED_CHARS_PER_LINE, closer, strict=True):
            if lines <= before:
                set_closer(paragraph, chars, portrait)
                break


def _lines_under(table: Element) -> list[Element]:
    """The paragraphs under the table up to the next table or the end (填报人, 注)."""
    after = []
    node = table.getnext()
    while node is not None and node.tag == _P:
        after.append(node)
        node = node.getnext()
    return after


def _keep_tail(table: Element, under: list[Element]) -> None:
    """The last rows keep with the lines `under` the table (a continuation page is never a tail).
    With no text under it the 合计 ends the chain: there is nothing for it to keep with."""
    if not any(wml.paragraph_text(p).strip() for p in under):
        return
    for row in list(table.iterchildren(_TR))[-TAIL_ROWS:]:
        for paragraph in row.iter(_P):
            _keep_next(paragraph)


def _keep_lines_under(under: list[Element]) -> None:
    """The lines under the table (填报人, 注) keep with each other and with its last rows."""
    for paragraph in under[:-1]:
        _keep_next(paragraph)


def _keep_next(paragraph: Element) -> None:
    properties = wml.first_child(paragraph, _PPR)
    if properties is None:
        properties = wml.element("w:pPr")
        paragraph.insert(0, properties)
    if wml.find(properties, "w:keepNext") is None:
        insert_in_order(properties, properties.makeelement(wml.qn("w:keepNext")))


def fit_sheet(root: Element, opened: TableOpener = nullcontext) -> None:
    """Portrait when a landscape sheet's rows need it and fit it; groups merged on a one-page
    sheet. `opened` gives the body's table (a large part keeps it aside, see aside.py)."""
    body = wml.find(root, "w:body")
    found = None if body is None else _the_sheet(body)
    if body is None or found is None:
        return
    stand_in, section = found
    page = page_of(section)
    others = [child for child in body if child.tag == _P]
    under = _lines_under(stand_in)  # the body's, not the copy a large part holds aside
    with opened(stand_in) as table:
        if content_height([*others, table], page.width) <= page.height - SAFETY:
            merge_groups(table)
            return
        # Measured as it would print, its groups merged: a group's name wrapped in a narrow
        # column is one cell of its rows, not a second line of each.
        merged = copy.deepcopy(table)
        merge_groups(merged)
        if content_height([*others, merged], page.width) <= page.height - SAFETY:
            merge_groups(table)
            return
        portrait = merged
        _scale(portrait, _PORTRAIT.width)
        fits = content_height([*others, portrait], _PORTRAIT.width) <= _PORTRAIT.height - SAFETY
        widened = None if fits else _room_for_names(portrait)
        if widened is not None:
            _set_column_widths(portrait, widened)
            fits = content_height([*others, portrait], _PORTRAIT.width) <= _PORTRAIT.height - SAFETY
        if fits:
            _scale(table, _PORTRAIT.width)
            if widened is not None:
                _set_column_widths(table, widened)
            _to_portrait(section)
            _fit_lines(others, page.width, _PORTRAIT.width)
            merge_groups(table)
            return
        _keep_tail(table, under)
    _keep_lines_under(under)
