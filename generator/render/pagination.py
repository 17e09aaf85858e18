"""Where tables break across pages, decided on an estimate of the rendered layout.

Word, WPS and LibreOffice break a table wherever it overflows the page: a group's heading with
its header row and one row stranded at a page foot, a 合计 alone at the top of the next page. All
three honour "keep with next" on the paragraphs of a table row (it is how Word keeps rows
together), so this pass estimates how high each body paragraph and table prints and marks the
rows to keep:

- a table that fits on one page is kept whole, and moves to the next page when the current page
  already carries enough of its own (a title page is not left with its title alone);
- a longer table keeps its header with its first rows, and its last rows with the final row.

The estimate need not be exact: if it is off, the applications break the kept rows where they
must, as they would have without this pass.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from itertools import chain, takewhile

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.charts import LINE_CHART
from generator.standard.schema_order import insert_in_order, reorder
from generator.standard.wordml import Element

from .metrics import NOT_AT_LINE_START, line_starts, wrapped_lines

# A table is moved whole to the next page only if the page already carries this share of its
# height (otherwise a short first page, a title say, would be left almost empty).
MOVE_WHEN_PAGE_FILLED = 0.25
# A table that must break keeps this many rows after its header rows, and before its last row.
KEPT_FIRST_ROWS = 2
KEPT_LAST_ROWS = 3
_ROW_BORDER = 10  # twips: a 0.5 pt rule between rows
# The estimate errs by a few percent; a table that seems to fit by less than this is treated as
# not fitting, so that a wrong guess breaks it by the rules instead of moving it whole.
SAFETY = std.LINE_PITCH

_ROLES = {role.style_id: role for role in std.PARAGRAPH_ROLES}


@dataclass(frozen=True)
class Page:
    """The type area of a section, in twips."""

    height: int
    width: int


def _page_of(section: Element | None) -> Page:
    def value(path: str, name: str, default: int) -> int:
        return _twips(wml.find(section, path) if section is not None else None, name, default, signed=True)

    height = value("w:pgSz", "w:h", std.PAGE_HEIGHT) - value("w:pgMar", "w:top", std.MARGIN_TOP)
    height -= value("w:pgMar", "w:bottom", std.MARGIN_BOTTOM)
    width = value("w:pgSz", "w:w", std.PAGE_WIDTH) - value("w:pgMar", "w:left", 0) - value("w:pgMar", "w:right", 0)
    return Page(max(height, 1), max(width, std.CHAR_WIDTH))


def _line_height(role: std.Role) -> int:
    if role.exact_line:
        return std.LINE_PITCH
    return role.table_line or role.size * std.SINGLE_LINE_TWIPS_PER_HALF_POINT


_T, _BR = wml.qn("w:t"), wml.qn("w:br")
# Read on every paragraph and cell of every table: lxml's own child access (in C), by qualified
# name, and the schema's order (pPr is a paragraph's first child, pStyle its first property, tcPr
# a cell's first child), instead of path lookups.
_PPR, _PSTYLE, _VAL = wml.qn("w:pPr"), wml.qn("w:pStyle"), wml.qn("w:val")
_R, _RPR, _SCALE = wml.qn("w:r"), wml.qn("w:rPr"), wml.qn("w:w")
_KEEP_NEXT, _PAGE_BREAK, _SPACING = wml.qn("w:keepNext"), wml.qn("w:pageBreakBefore"), wml.qn("w:spacing")
_P, _TR, _TC, _TCPR, _TCW, _W = (
    wml.qn("w:p"),
    wml.qn("w:tr"),
    wml.qn("w:tc"),
    wml.qn("w:tcPr"),
    wml.qn("w:tcW"),
    wml.qn("w:w"),
)
_TRPR, _TR_HEIGHT, _TBL_HEADER = wml.qn("w:trPr"), wml.qn("w:trHeight"), wml.qn("w:tblHeader")
_IND, _FIRST_LINE = wml.qn("w:ind"), wml.qn("w:firstLine")
_BEFORE, _AFTER = wml.qn("w:before"), wml.qn("w:after")
_SECTPR, _SNAP_TO_GRID, _TBLPR, _TBLPPR = (
    wml.qn("w:sectPr"),
    wml.qn("w:snapToGrid"),
    wml.qn("w:tblPr"),
    wml.qn("w:tblpPr"),
)


def _ppr(paragraph: Element) -> Element | None:
    return wml.first_child(paragraph, _PPR)


def _role_of(ppr: Element | None) -> std.Role | None:
    style = None if ppr is None else wml.first_child(ppr, _PSTYLE)
    return None if style is None else _ROLES.get(style.get(_VAL) or "")


def _number(value: str | None, default: int = 0, signed: bool = False) -> int:
    digits = value.lstrip("-") if value and signed else value
    return int(value) if value and digits and digits.isdecimal() else default


def _twips(element: Element | None, attribute: str, default: int = 0, signed: bool = False) -> int:
    return _number(wml.get(element, attribute), default, signed)


def _advance(role: std.Role) -> int:
    """One 字 as laid out in twips: 三号 runs are condensed by BODY_CHAR_SPACING (see gbt9704)."""
    return role.size * 10 + (std.BODY_CHAR_SPACING if role.size == std.SIZE_SANHAO else 0)


def text_segments(paragraph: Element) -> tuple[str, ...]:
    """The paragraph's text, cut at each w:br."""
    segments = [""]
    for node in paragraph.iter(_T, _BR):
        if node.tag == _BR:
            segments.append("")
        else:
            segments[-1] += node.text or ""
    return tuple(segments)


@dataclass(frozen=True)
class _Geometry:
    """What wrapping needs of a paragraph style, worked out once per style."""

    advance: int  # one 字, in twips
    first_short: int  # the first line is this much narrower than the column (indents)
    rest_short: int
    line_height: int


def _geometry_of(role: std.Role, condensed_by: int = 0) -> _Geometry:
    # a line set closer holds CLOSER_LINE_SLACK twips less than its characters' sum (LibreOffice)
    slack = CLOSER_LINE_SLACK if condensed_by > 0 else 0
    first_short = role.left + role.first_line - role.hanging
    return _Geometry(_advance(role) - condensed_by, first_short + slack, role.left + slack, _line_height(role))


# LibreOffice sets a line of characters set closer a little wider than their sum: 30 字 at 294
# twips (24 to spare in the 版心's 8,844) printed 29 a line; 30 at 293 (54 to spare) and 29 at 304
# (28) printed 30 and 29. A line set closer is measured this many twips short, and set so.
CLOSER_LINE_SLACK = 28


# By style id (a Role's own hash walks all its fields); a paragraph of no known style is body text.
_GEOMETRY = {role.style_id: _geometry_of(role) for role in std.PARAGRAPH_ROLES}
_BODY_GEOMETRY = _GEOMETRY[std.BODY.style_id]


def _geometry(ppr: Element | None) -> _Geometry:
    style = None if ppr is None else wml.first_child(ppr, _PSTYLE)
    return _BODY_GEOMETRY if style is None else _GEOMETRY.get(style.get(_VAL) or "", _BODY_GEOMETRY)


def _lines(geometry: _Geometry, segments: tuple[str, ...], width: int) -> int:
    advance = geometry.advance
    first = max(width - geometry.first_short, advance)
    rest = max(width - geometry.rest_short, advance)
    if len(segments) == 1:
        return wrapped_lines(segments[0], advance, first, rest)
    return sum(wrapped_lines(segment, advance, first, rest) for segment in segments)


def _style_spacing(role: std.Role) -> int:
    """The character spacing (w:spacing w:val, twips) a run of this style has unless it sets its own."""
    return std.BODY_CHAR_SPACING if role.size == std.SIZE_SANHAO else 0


def _first_run_properties(paragraph: Element) -> Element | None:
    run = next(paragraph.iterchildren(_R), None)
    return None if run is None else wml.first_child(run, _RPR)


def _condensing_of(rpr: Element | None, role: std.Role | None) -> int:
    spacing = None if rpr is None else next(rpr.iterchildren(_SPACING), None)
    if spacing is None or spacing.get(_VAL) is None:
        return 0
    return _style_spacing(role or std.BODY) - _number(spacing.get(_VAL), signed=True)


def _run_condensing(paragraph: Element, role: std.Role | None) -> int:
    """How many twips a character closer than its style the paragraph's first run is set (its own
    w:spacing: a paragraph set closer to hold a 落款, or a clerk's direct formatting); 0 if none."""
    return _condensing_of(_first_run_properties(paragraph), role)


def _run_geometry(paragraph: Element, role: std.Role | None, plain: _Geometry) -> _Geometry:
    """`plain` (the style's geometry), with the characters as close as the paragraph's first run
    sets them, and as narrow (w:w: a 发文机关标志 narrowed onto one line, masthead.py)."""
    rpr = _first_run_properties(paragraph)
    if rpr is None:
        return plain
    condensed_by = _condensing_of(rpr, role)
    geometry = _geometry_of(role or std.BODY, condensed_by) if condensed_by else plain
    indent = _own_first_line(paragraph) if condensed_by else None
    if indent is not None:  # (its two 字 set as close as its characters: tighten_lone_last_lines)
        geometry = replace(geometry, first_short=geometry.rest_short + indent)
    scale = next(rpr.iterchildren(_SCALE), None)
    value = None if scale is None else scale.get(_VAL)
    if value and value.isdigit() and 0 < int(value) < 100:
        return replace(geometry, advance=geometry.advance * int(value) // 100)
    return geometry


def _own_first_line(paragraph: Element) -> int | None:
    """The first-line indent (twips) the paragraph sets itself, None if it sets none."""
    ppr = _ppr(paragraph)
    ind = None if ppr is None else next(ppr.iterchildren(_IND), None)
    value = None if ind is None else ind.get(_FIRST_LINE)
    return int(value) if value is not None and value.isdecimal() else None


def _paragraph_geometry(paragraph: Element, ppr: Element | None, role: std.Role | None) -> _Geometry:
    """The style's geometry, with the characters as close and as narrow as the paragraph's runs set them."""
    return _run_geometry(paragraph, role, _geometry(ppr))


# A w:br in a paragraph's text as text_lines reads it (and _read_rows collects it): no XML text holds it.
LINE_BREAK = "\x00"


def text_lines(style_id: str, run_spacing: str | None, text: str, width: int) -> tuple[int, ...]:
    """Every line count the flow and the 落款 remedies may take of a paragraph of this style, whose
    first run sets `run_spacing` (its w:spacing w:val, None: the style's), with this text
    (LINE_BREAK at each w:br), at `width`: as it is set, and set closer (CONDENSED_CHARS_PER_LINE).
    stream.py lays out alike paragraphs that agree on these (and on closing_traits): a rule that
    measures a paragraph some other way adds that measure here."""
    role = _ROLES.get(style_id) or std.BODY
    segments = tuple(text.split(LINE_BREAK))
    closer = [_geometry_of(role, _advance(role) - closer_advance(chars, width)) for chars in CONDENSED_CHARS_PER_LINE]
    return tuple(_lines(geometry, segments, width) for geometry in (_as_set(style_id, run_spacing), *closer))


def _as_set(style_id: str, run_spacing: str | None) -> _Geometry:
    role = _ROLES.get(style_id) or std.BODY
    own = 0 if run_spacing is None else _style_spacing(role) - _number(run_spacing, signed=True)
    return _geometry_of(role, own) if own else _GEOMETRY.get(style_id, _BODY_GEOMETRY)


def line_room(style_id: str, run_spacing: str | None, width: int) -> tuple[int, int, int]:
    """(one 字, the first line's room, every other line's room) in twips, of a paragraph of this
    style whose first run sets `run_spacing` (as text_lines reads them), at `width`."""
    geometry = _as_set(style_id, run_spacing)
    first = max(width - geometry.first_short, geometry.advance)
    return geometry.advance, first, max(width - geometry.rest_short, geometry.advance)


def style_and_spacing(paragraph: Element) -> tuple[str, str | None]:
    """The paragraph's style id ("" for none) and its first run's own w:spacing w:val (None:
    the style's): what text_lines and line_room read of it."""
    ppr = _ppr(paragraph)
    style = None if ppr is None else wml.first_child(ppr, _PSTYLE)
    rpr = _first_run_properties(paragraph)
    spacing = None if rpr is None else next(rpr.iterchildren(_SPACING), None)
    return ("" if style is None else style.get(_VAL) or ""), (None if spacing is None else spacing.get(_VAL))


def _line_count(paragraph: Element, width: int, condensed_by: int | None = None) -> int:
    """How many lines the paragraph wraps into at `width`: the first line is shorter by its
    first-line indent; its characters `condensed_by` twips closer than its style sets them (None:
    as close as its runs set them)."""
    ppr = _ppr(paragraph)
    role = _role_of(ppr)
    if condensed_by is None:
        return _lines(_paragraph_geometry(paragraph, ppr, role), text_segments(paragraph), width)
    return _lines(_geometry_of(role or std.BODY, condensed_by), text_segments(paragraph), width)


def _paragraph_height(paragraph: Element, width: int) -> int:
    """Lines (wrapped at `width`, and at each w:br) times the style's line height, plus any
    spacing set on the paragraph itself."""
    ppr = _ppr(paragraph)
    geometry = _paragraph_geometry(paragraph, ppr, _role_of(ppr))
    spacing = None if ppr is None else next(ppr.iterchildren(_SPACING), None)
    line = None if spacing is None else _own_line(spacing)
    height = _lines(geometry, text_segments(paragraph), width) * (line or geometry.line_height)
    pictures = _pictures(paragraph)
    if pictures:
        height = max(height, _picture_height(pictures, width))
    if spacing is not None:
        height += _number(spacing.get(_BEFORE)) + _number(spacing.get(_AFTER))
    return height


def _text_width_in_cell(tcw: str | None) -> int:
    """What a cell of this w:tcW (none: four 字) leaves for its text inside the cell margins."""
    return _number(tcw, std.CHAR_WIDTH * 4) - std.STATS_CELL_MARGINS


def _cell_width(cell: Element) -> int:
    tcpr = wml.first_child(cell, _TCPR)
    width = None if tcpr is None else next(tcpr.iterchildren(_TCW), None)
    return _text_width_in_cell(None if width is None else width.get(_W))


def _row_height(row: Element) -> int:
    trpr = next(row.iterchildren(_TRPR), None)
    height = None if trpr is None else next(trpr.iterchildren(_TR_HEIGHT), None)
    tallest = _number(None if height is None else height.get(_VAL))
    for cell in row.iterchildren(_TC):
        width = _cell_width(cell)
        tallest = max(tallest, sum(_paragraph_height(p, width) for p in cell.iterchildren(_P)))
    return tallest + _ROW_BORDER


@dataclass
class _Row:
    """A table row as the estimate sees it: its height, whether it repeats as a header, and its
    cells' paragraphs (what a keep is set on)."""

    height: int
    header: bool
    paragraphs: list[Element]


_TBL = wml.qn("w:tbl")
# Everything a row's height depends on, met in document order by one iterator (in C).
_ROW_TAGS = (_TR, _TR_HEIGHT, _TBL_HEADER, _TC, _TCW, _P, _PSTYLE, _SPACING, _T, _BR)


# Where a table's elements end: a row start after the last row closes it (and its last cell and
# paragraph) in the same branch as every other row's.
_END_OF_TABLE = wml.element("w:tr")


def _row_property(node: Element, row: _Row) -> None:
    if node.tag == _TBL_HEADER:
        row.header = True
    else:  # w:trHeight
        row.height = _number(node.get(_VAL))


# A w:br in a paragraph's text as _read_rows collects it: a character no XML text can hold.
_BREAK = LINE_BREAK
# (style, text, the cell's w:tcW) -> the paragraph's height: a campaign's tables repeat their
# metric names and figures in the same columns, document after document.
_CELL_PARAGRAPH_HEIGHTS: dict[tuple[str, str, str | None], int] = {}
_REMEMBERED_HEIGHTS = 1 << 16


def _cell_paragraph_height(style: str, text: str, width: str | None) -> int:
    key = (style, text, width)
    height = _CELL_PARAGRAPH_HEIGHTS.get(key)
    if height is None:
        if len(_CELL_PARAGRAPH_HEIGHTS) >= _REMEMBERED_HEIGHTS:
            _CELL_PARAGRAPH_HEIGHTS.clear()
        geometry = _GEOMETRY.get(style, _BODY_GEOMETRY)
        height = _lines(geometry, tuple(text.split(_BREAK)), _text_width_in_cell(width)) * geometry.line_height
        _CELL_PARAGRAPH_HEIGHTS[key] = height
    return height


def _read_rows(table: Element) -> list[_Row]:
    """The rows of a table without nested tables, folded from the elements of _ROW_TAGS in
    document order by one iterator (in C) and one loop: this runs on every cell of every table,
    so the state is local, the common tags come first and a paragraph's height is remembered by
    what it depends on. A w:p, w:tc or w:tr closes what is open below it: the paragraph, then the
    cell, then the row."""
    rows: list[_Row] = []
    row = _Row(0, False, [])  # what comes before the first w:tr: nothing, dropped at the end
    tallest = cell_height = 0
    width: str | None = None  # the cell's w:tcW
    style, spacing, text, reading = "", 0, "", False  # the open paragraph
    for node in chain(table.iter(*_ROW_TAGS), (_END_OF_TABLE,)):
        tag = node.tag
        if tag == _T:
            text += node.text or ""
        elif tag == _PSTYLE:
            style = node.get(_VAL) or ""
        elif tag == _TCW:
            width = node.get(_W)
        elif tag == _BR:
            text += _BREAK
        elif tag == _SPACING:
            if node.getparent().tag == _PPR:  # a run's w:spacing is letter spacing, not lines
                spacing = _number(node.get(_BEFORE)) + _number(node.get(_AFTER))
        elif tag in (_TR_HEIGHT, _TBL_HEADER):
            _row_property(node, row)
        else:  # w:p, w:tc or w:tr
            if reading:
                cell_height += _cell_paragraph_height(style, text, width) + spacing
            style, spacing, text, reading = "", 0, "", tag == _P
            if reading:
                row.paragraphs.append(node)
                continue
            tallest, cell_height, width = max(tallest, cell_height), 0, None
            if tag == _TR:
                row.height = max(row.height, tallest) + _ROW_BORDER
                rows.append(row)
                row, tallest = _Row(0, False, []), 0
    return rows[1:]


def _rows(table: Element) -> list[_Row]:
    """The table's rows, read in one pass; a table holding tables is read row by row and cell by
    cell (a nested table's rows are not the outer table's)."""
    if not wml.holds_tables(table):
        return _read_rows(table)
    return [
        _Row(
            _row_height(row),
            _is_header(row),
            [p for cell in row.iterchildren(_TC) for p in cell.iterchildren(_P)],
        )
        for row in table.iterchildren(_TR)
    ]


@dataclass(frozen=True)
class _Block:
    """A body paragraph as the flow sees it."""

    height: int
    starts_page: bool
    keeps_with_next: bool


_TYPE = wml.qn("w:type")
_OFF = ("0", "false")


_LINE, _LINE_RULE = wml.qn("w:line"), wml.qn("w:lineRule")
_DRAWING = wml.qn("w:drawing")
_EXTENT = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"
_A_EXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}ext"
EMU_PER_TWIP = 635
# An inline picture's line is a little taller than the picture (the line's descent below it).
PICTURE_LINE_EXTRA = 120
# A picture that does not fit the rest of its page is set smaller to fit when it keeps at least
# this share of its height: else it moves, and would leave the page short by its height.
PICTURE_SHRINK_TO = 0.65
# A chart that does not fit the rest of its page, where line charts above it on the page (the trends
# over a table of periods) drawn lower, their width kept, down to this share of their height make
# room for it: they are, and it ends the page (a bar chart is never drawn lower alone: its rows are
# its labels'). At 60 % a 58 mm trend keeps a plot of some 15 mm under its legend and two or three
# values on its axis (0 and 40; 0, 5 and 10), its points and the note under it.
LINE_CHART_LOWEST = 0.6
# A picture that does not fit and the picture rows above it on its page (a row of trend charts over
# the units' chart) may be drawn smaller together down to this share: at 90 % and less, a bar chart's
# labels (9 pt in rows of 4.8 mm) crowd; LibreOffice once dropped every other one (see charts.py).
FIGURE_SHRINK_TO = 0.85


def _pictures(paragraph: Element) -> list[Element]:
    """The wp:extent of each inline picture of the paragraph."""
    return [extent for drawing in paragraph.iter(_DRAWING) for extent in drawing.iter(_EXTENT)]


def _picture_height(extents: list[Element], width: int) -> int:
    """How high a paragraph's inline pictures print: side by side while they fit the line (two
    charts in a row), each line as high as its tallest picture and its descent."""
    height = line_width = line_height = 0
    for extent in extents:
        cx, cy = _number(extent.get("cx")) // EMU_PER_TWIP, _number(extent.get("cy")) // EMU_PER_TWIP
        if line_width and line_width + cx > width:
            height += line_height + PICTURE_LINE_EXTRA
            line_width = line_height = 0
        line_width, line_height = line_width + cx, max(line_height, cy)
    return height + line_height + PICTURE_LINE_EXTRA


_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_CHART = "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart"


def _line_charts_only(paragraph: Element) -> bool:
    """Whether every picture of the paragraph is a chart whose alt text calls it a line chart."""
    drawings = list(paragraph.iter(_DRAWING))
    return bool(drawings) and all(
        next(drawing.iter(_CHART), None) is not None
        and any((doc_pr.get("descr") or "").startswith(LINE_CHART) for doc_pr in drawing.iter(_DOC_PR))
        for drawing in drawings
    )


def _lower_pictures(paragraph: Element, factor: float) -> None:
    """Every picture of the paragraph drawn `factor` times its height, its width kept."""
    for drawing in paragraph.iter(_DRAWING):
        for size in drawing.iter(_EXTENT, _A_EXT):
            size.set("cy", str(int(_number(size.get("cy")) * factor)))


def _space_after(paragraph: Element) -> int:
    ppr = _ppr(paragraph)
    spacing = None if ppr is None else next(ppr.iterchildren(_SPACING), None)
    return 0 if spacing is None else _number(spacing.get(_AFTER))


def _leads_into_table(paragraph: Element) -> bool:
    """Whether the paragraph after this one is a line leading into a table (按…从多到少排列：):
    text, not a heading, with a table right after it."""
    following = paragraph.getnext()
    if following is None or following.tag != _P or _pictures(following) or _is_heading(following):
        return False
    after = following.getnext()
    return after is not None and after.tag == _TBL


@dataclass(frozen=True)
class _Lowering:
    """Line charts on a page drawn lower so that a chart after them fits there (LINE_CHART_LOWEST)."""

    picture: Element  # the chart that did not fit
    rows: tuple[Element, ...]  # the line charts' paragraphs above it on its page
    factor: float
    unkeep: bool  # the chart's keep-with-next turned off: a lead-in and its table start the next page


def _scale_pictures(paragraph: Element, factor: float) -> None:
    """Every picture of the paragraph drawn `factor` times its size (extent and shape alike)."""
    for drawing in paragraph.iter(_DRAWING):
        for size in drawing.iter(_EXTENT, _A_EXT):
            for name in ("cx", "cy"):
                size.set(name, str(int(_number(size.get(name)) * factor)))


def _own_line(spacing: Element) -> int | None:
    """The line height a paragraph sets itself (exact, as the 版头's spacer, mark and rule do)."""
    if spacing.get(_LINE_RULE) == "exact":
        return _number(spacing.get(_LINE)) or None
    return None


def _settings(ppr: Element | None) -> tuple[std.Role | None, int, bool | None, bool | None, int | None]:
    """A paragraph's style (None if unknown), its own spacing before and after, its own page
    break before and keep with next (None where the style decides) and its own exact line height."""
    role: std.Role | None = None
    spacing = 0
    page_break: bool | None = None
    keep: bool | None = None
    line: int | None = None
    for child in () if ppr is None else ppr:
        tag = child.tag
        if tag == _PSTYLE:
            role = _ROLES.get(child.get(_VAL) or "")
        elif tag == _KEEP_NEXT:
            keep = child.get(_VAL) not in _OFF
        elif tag == _PAGE_BREAK:
            page_break = child.get(_VAL) not in _OFF
        elif tag == _SPACING:
            spacing = _number(child.get(_BEFORE)) + _number(child.get(_AFTER))
            line = _own_line(child)
    return role, spacing, page_break, keep, line


def _body_paragraph(paragraph: Element, width: int) -> _Block:
    """Height, page break before and keep-with-next of a paragraph, from one look at its
    properties and one at its text (the style's settings unless the paragraph sets its own)."""
    ppr = _ppr(paragraph)
    role, spacing, page_break, keep, line = _settings(ppr)
    geometry = _run_geometry(paragraph, role, _GEOMETRY[(role or std.BODY).style_id])
    height = _lines(geometry, text_segments(paragraph), width) * (line or geometry.line_height) + spacing
    pictures = _pictures(paragraph)
    if pictures:
        height = max(height, _picture_height(pictures, width) + spacing)
    if page_break is None:
        in_text = any(br.get(_TYPE) == "page" for br in paragraph.iter(_BR))
        page_break = (role is not None and role.page_break_before) or in_text
    if keep is None:
        keep = role is not None and role.keep_next
    return _Block(height, page_break, keep)


def _properties(paragraph: Element) -> Element:
    """The paragraph's pPr, made when it has none (pPr is a paragraph's first child)."""
    ppr = _ppr(paragraph)  # (first_child finds one out of its place too, in a template's own XML)
    if ppr is None:
        ppr = wml.element("w:pPr")
        paragraph.insert(0, ppr)
    return ppr


def _set_keep_next(paragraph: Element) -> None:
    ppr = _properties(paragraph)
    _property_made(ppr, _KEEP_NEXT)


def _is_header(row: Element) -> bool:
    trpr = next(row.iterchildren(_TRPR), None)
    return trpr is not None and next(trpr.iterchildren(_TBL_HEADER), None) is not None


def _kept_rows(count: int, headers: int, whole: bool) -> list[int]:
    """The indices of the rows kept with the next, of a table of `count` rows, `headers` of them headers."""
    if whole:
        return list(range(count - 1))
    last = range(count)[-1 - KEPT_LAST_ROWS : -1]
    return [*range(min(count, headers + KEPT_FIRST_ROWS)), *last]


def _keep_rows(rows: list[_Row], whole: bool) -> None:
    for index in _kept_rows(len(rows), sum(1 for row in rows if row.header), whole):
        for paragraph in rows[index].paragraphs:
            _set_keep_next(paragraph)


@dataclass
class RowsAside:
    """A large table held as its rows' bytes (aside.py): what the flow reads of each row (its
    paragraphs left out), and `keep`, which sets the keeps on the rows of these indices."""

    rows: list[_Row]
    keep: Callable[[list[int]], None]

    @classmethod
    def held(cls, estimates: list[tuple[int, bool]], keep: Callable[[list[int]], None]) -> RowsAside:
        """The rows of these (height, header) estimates (see estimate_row)."""
        return cls([_Row(height, header, []) for height, header in estimates], keep)


# A paragraph of a row as RowReading keeps it: its style, own spacing, its cell's w:tcW, and its text
# as static strings and the indices of the row's texts (see RowReading.estimate).
_CellParagraph = tuple[str, int, str | None, tuple[str | int, ...]]


@dataclass(frozen=True)
class RowReading:
    """What estimate_row reads of a row (of a table without tables inside), its texts left as slots:
    a row that differs only in its texts is estimated from it without being parsed (rows.py). It
    reads as _read_rows reads: each paragraph's height by _cell_paragraph_height, plus its own
    spacing; a cell's the sum; the row's the tallest cell's, at least its w:trHeight."""

    least: int
    header: bool
    cells: tuple[tuple[_CellParagraph, ...], ...]

    def estimate(self, texts: list[str]) -> tuple[int, bool]:
        tallest = 0
        for cell in self.cells:
            height = 0
            for style, spacing, width, recipe in cell:
                text = "".join([item if type(item) is str else texts[item] for item in recipe])  # type: ignore[index]
                height += _cell_paragraph_height(style, text, width) + spacing
            tallest = max(tallest, height)
        return max(self.least, tallest) + _ROW_BORDER, self.header


class _RowProperties:
    """What row_reading has read of the open row, cell and paragraph's properties."""

    def __init__(self) -> None:
        self.least, self.header = 0, False
        self.style, self.spacing = "", 0
        self.width: str | None = None

    def read(self, node: Element) -> None:
        tag = node.tag
        if tag == _PSTYLE:
            self.style = node.get(_VAL) or ""
        elif tag == _TCW:
            self.width = node.get(_W)
        elif tag == _SPACING:
            if node.getparent().tag == _PPR:  # (a run's w:spacing is letter spacing)
                self.spacing = _number(node.get(_BEFORE)) + _number(node.get(_AFTER))
        elif tag == _TR_HEIGHT:
            self.least = _number(node.get(_VAL))
        else:  # w:tblHeader
            self.header = True


def row_reading(row: Element, slots: dict[Element, int]) -> RowReading | None:
    """`row`'s RowReading, the text of each w:t in `slots` its index there (None: a row _read_rows
    might read otherwise: anything but one row of cells of paragraphs). Read as _read_rows reads:
    a paragraph's style and spacing are those met after its start, its width its cell's w:tcW."""
    read = _RowProperties()
    cells: list[list[_CellParagraph]] = []
    items: list[str | int] | None = None  # the open paragraph's text
    for node in chain(row.iter(*_ROW_TAGS), (_END_OF_TABLE,)):
        tag = node.tag
        if tag in (_T, _BR):
            if items is None:
                return None
            items.append(_BREAK if tag == _BR else slots.get(node, node.text or ""))
        elif tag not in (_P, _TC, _TR):
            read.read(node)
        else:  # w:p, w:tc or w:tr (the row's own, or the end)
            if (tag == _TR and (node is not row) != (node is _END_OF_TABLE)) or (tag == _P and not cells):
                return None  # (a row inside, a paragraph outside a cell)
            if items is not None:
                cells[-1].append((read.style, read.spacing, read.width, _joined(items)))
            read.style, read.spacing, items = "", 0, [] if tag == _P else None
            if tag == _TC:
                cells.append([])
                read.width = None
    return RowReading(read.least, read.header, tuple(tuple(cell) for cell in cells))


def _joined(items: list[str | int]) -> tuple[str | int, ...]:
    """Adjacent static strings joined: fewer items to join per row."""
    out: list[str | int] = []
    for item in items:
        if out and type(item) is str and type(out[-1]) is str:
            out[-1] = str(out[-1]) + item
        else:
            out.append(item)
    return tuple(out)


def estimate_row(row: Element) -> tuple[int, bool]:
    """How high a table row (of a table without tables inside) prints, and whether it is a header."""
    estimate = _read_rows(row)[0]
    return estimate.height, estimate.header


def keep_row(row: Element) -> None:
    """A row of a table kept with the next (its paragraphs' keep-with-next), as the flow keeps it."""
    for paragraph in _read_rows(row)[0].paragraphs:
        _set_keep_next(paragraph)


class _Flow:
    """The running position on the current page while walking the body. Paragraphs break at any
    line (the styles turn widow control off); a chain of keep-with-next paragraphs moves to the
    next page whole when the first line after it would not share its page."""

    def __init__(self, page: Page, mark: bool = True, stranded: list[tuple[Element, int]] | None = None) -> None:
        self.page = page
        self.mark = mark  # keep rows of tables together and draw pictures smaller (else only measure)
        # Pictures that move whole to the next page even at FIGURE_SHRINK_TO, with the twips they
        # leave empty on the page they leave (see _place_figures).
        self.stranded = [] if stranded is None else stranded
        self.used = 0  # twips printed on the current page
        self.chain = 0  # height of the paragraphs just before that keep with what follows
        self.chain_from = 0  # where on its page the chain starts
        self.chained: list[Element] = []  # those paragraphs
        # Charts kept with a table that moves whole to the next page and leaves this page more than
        # SHORT_PAGE_LINES short, where the table alone fits there: (the chart's rows, the table).
        self.behind_tables: list[tuple[list[Element], Element]] = []
        self.figure: list[tuple[Element, int]] = []  # picture paragraphs just above, on this page
        self.page_rows: list[tuple[Element, int]] = []  # every picture paragraph on this page
        self.lowered: list[_Lowering] = []  # line charts that would make room for a chart (_lowering)
        # Charts kept with a lead-in to a table that moves whole, where the chart alone fits this
        # page and the page would otherwise be left more than SHORT_PAGE_LINES short: their last rows.
        self.unkept: list[Element] = []

    def paragraph(self, paragraph: Element) -> None:
        block = _body_paragraph(paragraph, self.page.width)
        if block.starts_page:
            self.used, self.chain, self.figure, self.chained, self.page_rows = 0, 0, [], [], []
        height, keeps = block.height, block.keeps_with_next
        pictures = bool(_pictures(paragraph))
        if pictures:
            height = self._placed_picture(paragraph, height, keeps)
        if not keeps:
            self._settle_chain(std.LINE_PITCH)
        elif not self.chain:
            self.chain_from = self.used
        start = self.used
        self._advance(height)
        self.chain = self.chain + height if keeps else 0
        self.chained = [*self.chained, paragraph] if keeps else []
        on_same_page = self.used == start + height
        self.figure = [*(self.figure if on_same_page else []), (paragraph, height)] if pictures else []
        self.page_rows = [*(self.page_rows if on_same_page else []), *([(paragraph, height)] if pictures else [])]

    def _placed_picture(self, paragraph: Element, height: int, keeps: bool) -> int:
        """The height a picture paragraph is given (_fit_picture), on a new page where it does not
        fit the rest of this one: a picture does not break over the page foot as lines of text
        do, it starts the next page with what keeps with it above (云乐镇's units' chart: the walk
        set its last line at the top of page 2, and the 落款 three lines higher than it printed)."""
        if self.used:
            fitted = self._fit_picture(paragraph, height, keeps)
            if fitted == height and height > self._room(keeps):
                self.stranded.append((paragraph, self.page.height - (self.chain_from if self.chain else self.used)))
                self._lowering(paragraph, height, keeps)
            height = fitted
        if self.used + height > self.page.height:
            self.used = self.chain if self.chain + height <= self.page.height else 0
            self.chain_from, self.figure, self.page_rows = 0, [], []
        return height

    def _lowering(self, paragraph: Element, height: int, keeps: bool) -> None:
        """Report the line charts on this page that, drawn lower down to LINE_CHART_LOWEST, make
        room for a chart that moves whole to the next page (see _place_figures): the blank
        example's county summary left two lines above its units' chart, its trends over the table
        of periods. A chart kept with a line leading into a table (按…从多到少排列：) then ends the
        page, the lead-in and its table starting the next; one kept with a caption keeps its line."""
        rows = [(row, row_height) for row, row_height in self.page_rows if _line_charts_only(row)]
        if not rows or self.chain:
            return
        unkeep = keeps and _leads_into_table(paragraph)
        if unkeep:  # it ends the page: its space after goes (_place_figures)
            height -= _space_after(paragraph)
        # the rows' pictures, their line's descent and the rows' spacing aside: what drawing lower frees
        drawn = sum(row_height - PICTURE_LINE_EXTRA - _settings(_ppr(row))[1] for row, row_height in rows)
        # in hundredths, down: the extents' twips rounded must not leave it a twip short
        factor = math.floor(100 * (1 - (height - self._room(keeps and not unkeep)) / drawn)) / 100
        if factor >= LINE_CHART_LOWEST:
            self.lowered.append(_Lowering(paragraph, tuple(row for row, _ in rows), factor, unkeep))

    def _fit_picture(self, paragraph: Element, height: int, keeps: bool) -> int:
        """The height a picture paragraph that does not fit the rest of its page is given, so that it
        does not leave the page half empty: it and the rows of pictures above it on the page (its
        figure: trend charts over the units' chart) drawn smaller by one factor, down to
        FIGURE_SHRINK_TO (a chart of many bars needs its rows for its labels); else, if it is not
        kept with a caption, itself drawn smaller down to PICTURE_SHRINK_TO."""
        rest = self._room(keeps)
        if height <= rest:
            return height
        drawn = sum(row - PICTURE_LINE_EXTRA for _, row in self.figure) + height - PICTURE_LINE_EXTRA
        factor = 1 - (height - rest) / drawn
        if factor >= FIGURE_SHRINK_TO:
            if self.mark:
                for row, _ in [*self.figure, (paragraph, height)]:
                    _scale_pictures(row, factor)
            self.used -= int(sum(row - PICTURE_LINE_EXTRA for _, row in self.figure) * (1 - factor))
            return PICTURE_LINE_EXTRA + int((height - PICTURE_LINE_EXTRA) * factor)
        if not keeps and rest >= PICTURE_SHRINK_TO * height:
            if self.mark:
                _scale_pictures(paragraph, (rest - PICTURE_LINE_EXTRA) / (height - PICTURE_LINE_EXTRA))
            return rest
        return height

    def _room(self, keeps: bool) -> int:
        """The height left for a picture on the current page (a picture kept with its caption
        leaves the caption's line)."""
        return self.page.height - self.used - SAFETY // 2 - (std.LINE_PITCH if keeps else 0)

    def _settle_chain(self, following: int) -> None:
        """Move the running chain to a new page if it and `following` twips after it do not fit."""
        overflows = self.chain_from + self.chain + following > self.page.height
        if self.chain and overflows and self.chain + following <= self.page.height:
            self.used, self.page_rows = self.chain, []

    def table(self, table: Element | RowsAside, element: Element) -> None:
        rows = table.rows if isinstance(table, RowsAside) else _rows(table)
        height = sum(row.height for row in rows)
        chained, self.chained = self.chained, []
        if len(rows) < 2:
            self._advance(height)
            self.chain = 0
            return
        fits_here = self.used + height <= self.page.height - SAFETY
        fits_a_page = self.chain + height <= self.page.height - SAFETY
        whole = fits_here or (fits_a_page and self._kept_whole())
        kept = _kept_rows(len(rows), sum(1 for row in rows if row.header), whole)
        if self.mark and isinstance(table, RowsAside):
            table.keep(kept)
        elif self.mark:
            _keep_rows(rows, whole)
        # A short table whose header and first and last rows kept together are all its rows cannot
        # break: it moves whole, with what keeps with it (云乐镇's chart above its 逐期 table).
        unbreakable = fits_a_page and len(set(kept)) >= len(rows) - 1
        if fits_here:
            self.used += height
        elif whole or unbreakable:
            self._chart_behind(chained, height, element)
            self.used, self.page_rows = self.chain + height, []
        else:
            self.used, self.page_rows = (self.used + height) % self.page.height, []  # roughly: header rows repeat
        self.chain = 0

    def _chart_behind(self, chained: list[Element], height: int, table: Element) -> None:
        """Report the chart rows kept with a table moving whole to the next page when the page
        would be left more than SHORT_PAGE_LINES short (see _place_figures): where they are all
        that keeps with it and the table alone fits there, to go after the table; where a line
        leading into the table stands between (按…从多到少排列：, no heading) and the chart alone
        fits there, to end the page, the lead-in and its table starting the next."""
        rows = list(takewhile(lambda paragraph: bool(_pictures(paragraph)), chained))
        lead_in = chained[len(rows) :]
        gap = self.page.height - self.chain_from
        if not rows or gap <= SHORT_PAGE_LINES * std.LINE_PITCH:
            return
        if not lead_in:
            if height <= gap - SAFETY:
                self.behind_tables.append((rows, table))
            return
        if any(_pictures(paragraph) or _is_heading(paragraph) for paragraph in lead_in):
            return
        chart = self.chain - sum(_body_paragraph(paragraph, self.page.width).height for paragraph in lead_in)
        if chart <= gap - SAFETY // 2:  # as a picture's room (_room) from where the chain starts
            self.unkept.append(rows[-1])

    def _kept_whole(self) -> bool:
        """Whether a table that fits a page but not the rest of this one moves whole to the next:
        on a page of text a table that would leave a hole of more than a few lines breaks instead
        (its header row repeats); a statistics page keeps each table whole."""
        filled = self.used - self.chain >= MOVE_WHEN_PAGE_FILLED * self.page.height
        hole = self.page.height - self.used + self.chain
        small_hole = self.page.width > self.page.height or hole <= SHORT_PAGE_LINES * std.LINE_PITCH
        return filled and small_hole

    def _advance(self, height: int) -> None:
        self.used += height
        while self.used > self.page.height:  # the paragraph goes on over the page foot
            self.used -= self.page.height


def page_of(section: Element | None) -> Page:
    """The type area of the section whose sectPr is `section` (None: the standard's portrait page)."""
    return _page_of(section)


def paragraphs_by_page_width(body: Element) -> Iterator[tuple[int, list[Element]]]:
    """The body's paragraphs, section by section, with the width of their section's type area."""
    waiting: list[Element] = []
    for child in body:
        if child.tag == _P:
            waiting.append(child)
        properties = next(child.iterchildren(_PPR), None) if child.tag == _P else None
        section = next(properties.iterchildren(_SECTPR), None) if properties is not None else None
        if child.tag == _SECTPR or section is not None:
            yield page_of(child if child.tag == _SECTPR else section).width, waiting
            waiting = []


def content_height(blocks: list[Element], width: int) -> int:
    """How high these body blocks print one after another at `width`, page breaks aside: the
    estimate that decides whether a statistics sheet fits its page."""
    height = 0
    for block in blocks:
        if block.tag == _P:
            height += _body_paragraph(block, width).height
        elif block.tag == _TBL and not _floats(block):
            height += sum(row.height for row in _rows(block))
    return height


def _sections(body: Element) -> list[Element | None]:
    """For each block of the body, the sectPr of its section (the one at or after it)."""
    ends = {}  # the body's paragraphs that end a section, with its sectPr (a document has a few)
    for section in body.iter(_SECTPR):
        ppr = section.getparent()
        paragraph = None if ppr is None or ppr.tag != _PPR else ppr.getparent()
        if paragraph is not None and paragraph.getparent() is body:
            ends[paragraph] = section
    sections: list[Element | None] = []
    current: Element | None = next(body.iterchildren(_SECTPR), None)
    for child in reversed(list(body)):
        current = ends.get(child, current)
        sections.append(current)
    sections.reverse()
    return sections


def _floats(table: Element) -> bool:
    properties = wml.first_child(table, _TBLPR)
    return properties is not None and next(properties.iterchildren(_TBLPPR), None) is not None


# How the walk gets at a body-level table: the table itself, or one a large part keeps aside (see aside.py).
TableOpener = Callable[[Element], AbstractContextManager[Element]]
# How the flow gets at one: also a large table held as its rows (see RowsAside).
FlowOpener = Callable[[Element], AbstractContextManager[Element | RowsAside]]


def _walk(
    body: Element,
    stop: int | None = None,
    probe: int | None = None,
    opened: FlowOpener = nullcontext,
    mark: bool = True,
    stranded: list[tuple[Element, int]] | None = None,
    behind_tables: list[tuple[list[Element], Element]] | None = None,
    unkept: list[Element] | None = None,
    lowered: list[_Lowering] | None = None,
) -> tuple[Page, int] | None:
    """Flow the body's blocks (up to index `stop`), keeping tables together on the way (unless not
    `mark`). Returns the page and the position on it where block `probe` starts (None without a probe);
    pictures that move whole to the next page are added to `stranded`, and charts that would be
    better after the table they keep with (_Flow._chart_behind) to `behind_tables`, charts
    better parted from the lead-in to a table they keep with to `unkept`, and line charts that
    drawn lower would make room for a chart that moves (_Flow._lowering) to `lowered`."""
    children = list(body)[:stop]
    sections = _sections(body)
    flow: _Flow | None = None
    flow_section: Element | None = None
    found: tuple[Page, int] | None = None
    for index, (child, section) in enumerate(zip(children, sections, strict=False)):
        if flow is None or section is not flow_section:  # a new section starts a new page
            flow, flow_section = _Flow(_page_of(section), mark, stranded), section
        if index == probe:
            found = flow.page, flow.used
        tag = child.tag
        if tag == _P:
            flow.paragraph(child)
        elif tag == _TBL and not _floats(child):
            with opened(child) as table:
                flow.table(table, child)  # a floating table (the 版记) takes no room in the flow
        if behind_tables is not None and flow.behind_tables:
            behind_tables += flow.behind_tables
            flow.behind_tables = []
        if unkept is not None and flow.unkept:
            unkept += flow.unkept
            flow.unkept = []
        if lowered is not None and flow.lowered:
            lowered += flow.lowered
            flow.lowered = []
    return found


def paginate(root: Element, tables: bool = True, closing: bool = True, opened: FlowOpener = nullcontext) -> None:
    """Both passes of this module in one walk of the body: rows of tables kept together (see the
    module's docstring) and the 落款 kept with the text (see _fit_closing_block). `opened` gives
    the walk each body-level table."""
    body = wml.find(root, "w:body")
    if body is None:
        return
    tighten_lone_last_lines(body)
    _place_figures(body, opened, tables)
    children = list(body)
    blocks = closing_blocks(children) if closing else []
    for block in blocks:
        for paragraph in children[block.first : block.end]:
            _set_keep_next(paragraph)
    if not tables and not blocks:
        return
    # Without tables to keep, the walk need not go past the 落款.
    first = blocks[0].first if blocks else None
    where = _walk(body, None if tables else (first + 1 if first is not None else 0), first, opened)
    if first is not None and where is not None:
        _fit_closing_block(body, children, blocks[0], *where, _rewalk(body, blocks[0], opened))
    for number in range(1, len(blocks)):  # a notice printing several plans has a 落款 for each
        children = list(body)  # the adjustments above may have removed or cut a paragraph
        later = closing_blocks(children)
        if number >= len(later):
            break
        block = later[number]
        where = _walk(body, block.first + 1, block.first, opened)
        if where is not None:
            _fit_closing_block(body, children, block, *where, _rewalk(body, block, opened))


# --- a figure too tall for the rest of its page goes after the text that follows it ------------

MAX_FIGURE_MOVES = 4  # figures moved per document (each re-walks the body)


def _place_figures(body: Element, opened: FlowOpener, tables: bool) -> None:
    """A figure that moves whole to the next page even drawn at FIGURE_SHRINK_TO, and would leave
    its page more than SHORT_PAGE_LINES short, goes down past the body paragraphs after it: they
    fill the page and it prints at the top of the next, after the text that cites it. It stops at a
    heading, a table, a page break and the 落款 (the last paragraph of text keeps with the 署名).
    A chart kept with a table that moves whole goes after the table where the table alone fills
    the page, and one kept with a lead-in to such a table ends its page where it alone fits there
    (_Flow._chart_behind). Else a chart that moves whole ends its page where the line charts above
    it on the page, drawn lower, make room for it (_Flow._lowering)."""
    if not tables or next(body.iter(_DRAWING), None) is None:  # (a pass of the 落款 alone)
        return
    moved: set[Element] = set()
    made_room: set[Element] = set()
    for _ in range(MAX_FIGURE_MOVES):
        stranded: list[tuple[Element, int]] = []
        behind_tables: list[tuple[list[Element], Element]] = []
        unkept: list[Element] = []
        lowered: list[_Lowering] = []
        _walk(body, None, None, opened, False, stranded, behind_tables, unkept, lowered)
        found, behind = _first_moves(stranded, behind_tables, moved)
        lowering = next((entry for entry in lowered if entry.picture not in made_room), None)
        if found is not None:
            moved.add(found[0])
            _move_figure_down(body, *found)
        elif behind is not None:
            moved.update(behind[0])
            _chart_after_table(*behind)
        elif unkept:
            # A chart kept with the line that leads into a table (按…从多到少排列：) that moves
            # whole, where the chart alone fits: it ends its page, the lead-in and table start the
            # next, in the order read (文安乡's daily summary left page 1 4.4 lines short).
            for row in unkept:
                _property_made(_properties(row), _KEEP_NEXT).set(_VAL, "0")
        elif lowering is not None:
            made_room.add(lowering.picture)
            _make_room(lowering)
        else:
            return


def _first_moves(
    stranded: list[tuple[Element, int]], behind_tables: list[tuple[list[Element], Element]], moved: set[Element]
) -> tuple[tuple[Element, int] | None, tuple[list[Element], Element] | None]:
    """The first picture not moved yet that moves whole and leaves its page more than
    SHORT_PAGE_LINES short, and the first chart not moved yet better after its table."""
    short = SHORT_PAGE_LINES * std.LINE_PITCH
    found = next(((p, gap) for p, gap in stranded if gap > short and p not in moved), None)
    behind = next(((rows, table) for rows, table in behind_tables if not moved & set(rows)), None)
    return found, behind


def _chart_after_table(rows: list[Element], table: Element) -> None:
    """A chart kept with a table that cannot break (a short one, its rows kept together) moved
    with it and left its page short: the table fills the page, the chart follows it at the top of
    the next (both still side by side, as a 文秘 sets them)."""
    for row in reversed(rows):
        table.addnext(row)


def _make_room(lowering: _Lowering) -> None:
    """A chart that moves whole and leaves its page short, where the line charts above it drawn
    lower make room: they are, and it ends the page (the blank example's county summary left two
    lines above its units' chart); one that kept with a lead-in no longer does, nor keeps its
    space after."""
    for row in lowering.rows:
        _lower_pictures(row, lowering.factor)
    if lowering.unkeep:
        ppr = _properties(lowering.picture)
        _property_made(ppr, _KEEP_NEXT).set(_VAL, "0")
        _property_made(ppr, _SPACING).set(_AFTER, "0")


def _is_picture_row(child: Element) -> bool:
    return child.tag == _P and bool(_pictures(child))


def _is_heading(paragraph: Element) -> bool:
    role = _role_of(_ppr(paragraph))
    return role is not None and role.outline_level is not None


def _figure_span(children: list[Element], index: int, width: int) -> tuple[int, int]:
    """The figure of the picture paragraph at `index`: its rows of pictures (trend charts over the
    units' chart), a title above them that keeps with them (not a heading: that stays with its
    section's text) and the caption the last row keeps with."""
    first, end = index, index + 1
    while first > 0 and _is_picture_row(children[first - 1]):
        first -= 1
    while end < len(children) and _is_picture_row(children[end]):
        end += 1
    above = children[first - 1] if first > 0 else None
    if above is not None and above.tag == _P and not _is_heading(above) and _settings(_ppr(above))[3]:
        first -= 1
    keeps = _settings(_ppr(children[end - 1]))[3]
    if keeps and end < len(children) and _passable(children[end], width) == std.LINE_PITCH:
        end += 1  # a caption is a line (a paragraph of text after a kept chart stays where it is)
    return first, end


def _passable(child: Element, width: int) -> int | None:
    """The height of a body paragraph a figure may move past (None: a heading or title that
    keeps with what follows, a page break, a section's end, a picture or a table)."""
    if child.tag != _P or _is_picture_row(child) or child.find(f"{_PPR}/{_SECTPR}") is not None:
        return None
    block = _body_paragraph(child, width)
    return None if block.starts_page or block.keeps_with_next else block.height


def _move_figure_down(body: Element, picture: Element, gap: int) -> None:
    """Move the figure of `picture` after the paragraphs that follow it, as many as fill `gap`."""
    children = list(body)
    index = children.index(picture)
    width = _page_of(_sections(body)[index]).width
    first, end = _figure_span(children, index, width)
    closing = next((block.first for block in closing_blocks(children) if block.first >= end), len(children))
    after, filled = end, 0
    while filled < gap and after < closing:
        height = _passable(children[after], width)
        if height is None:
            break
        filled, after = filled + height, after + 1
    if after == end:
        return
    target = children[after - 1]
    for element in reversed(children[first:end]):
        target.addnext(element)


def _rewalk(body: Element, block: ClosingBlock, opened: FlowOpener) -> Rewalk:
    """A walk of the body to the block, that marks no table row: to see where it starts now."""
    return lambda: _walk(body, block.first + 1, block.first, opened, mark=False)


# --- the 落款: 署名 and date with the text (GB/T 9704 7.3.5.5) ------------------------------------

# The last text paragraph, any 附件说明 and the blank lines keep with the 署名 and date. When the
# whole block does not fit the rest of a page it moves, and leaves that page short by its height;
# a page left at most this many lines short is ordinary.
SHORT_PAGE_LINES = 3
CLOSING_SAFETY = std.LINE_PITCH // 2

# A 成文日期 as typed or rendered (2018年1月23日, 二〇一八年一月二十三日), whatever its style: a
# clerk's template may carry the 落款 in Word's default paragraph style, with direct formatting.
_DATE_TEXT = re.compile(
    r"(\d{4}|[〇○零一二三四五六七八九]{4})年[\d〇一二三四五六七八九十]{1,3}月[\d〇一二三四五六七八九十]{1,3}日"
)
SIGNATURE_MAX_CHARS = 40  # a 署名 (joint ones included) is a name, not a sentence
NOTE_MAX_CHARS = 60  # a 附注 under the date: （此件公开发布） and the like
_SENTENCE_MARKS = "。；，：:;,.！？"  # a 署名 (a name) does not end with one
_ATTACHMENT = re.compile(r"附件[：:\d１-９]")
_NUMBERED = re.compile(r"\d+[．.]")  # the later lines of a list of attachments: 2．…


@dataclass(frozen=True)
class ClosingBlock:
    """Indices into the body of a 落款 and what keeps with it: the last text paragraph, the 署名,
    the 成文日期 and the last paragraph of the block (the date, or a 附注 under it)."""

    first: int
    signature: int
    date: int
    end: int


def closing_traits(text: str) -> tuple[object, ...]:
    """Every test the 落款 rules (and the blank-line rules of layout.py and sheets.py) make of a
    body paragraph's text (wml.paragraph_text): paragraphs of one style and line counts (text_lines)
    whose texts agree on these are laid out alike, which stream.py relies on. A rule that reads
    more of a paragraph's text adds it here (tests/test_stream_layout.py builds documents both ways)."""
    stripped = text.strip()
    return (
        text == "",
        stripped == "",
        _DATE_TEXT.fullmatch(stripped.replace(" ", "")) is not None,
        len(stripped) <= SIGNATURE_MAX_CHARS,
        len(stripped) <= NOTE_MAX_CHARS,
        stripped[-1:] in _SENTENCE_MARKS if stripped else None,
        stripped.startswith(("（", "(")),
        stripped.endswith(("）", ")")),
        _ATTACHMENT.match(stripped) is not None,
        _NUMBERED.match(stripped) is not None,
    )


def _paragraph_texts(children: list[Element]) -> list[str | None]:
    return [wml.paragraph_text(c).strip() if c.tag == _P else None for c in children]


def _is_date(child: Element, text: str | None) -> bool:
    if text is None:
        return False
    return wml.style_of(child) == std.DATE.style_id or _DATE_TEXT.fullmatch(text.replace(" ", "")) is not None


def _signature_before(children: list[Element], texts: list[str | None], date: int) -> int | None:
    """The 署名 above a date: a paragraph of the 署名 style up to four above, else the text
    paragraph right above it if it reads as a name (short, no sentence punctuation)."""
    for i in range(date - 1, max(date - 5, -1), -1):
        if texts[i] is not None and wml.style_of(children[i]) == std.SIGNATURE.style_id:
            return i
    above = texts[date - 1] if date > 0 else None
    if above and len(above) <= SIGNATURE_MAX_CHARS and above[-1] not in _SENTENCE_MARKS:
        return date - 1
    if above == "" and wml.style_of(children[date]) == std.DATE.style_id:
        return date  # a notice rebuilt from a page that left out the 署名: its date alone closes it
    return None


def _is_blank(text: str | None, child: Element) -> bool:
    return text == "" and next(child.iter(wml.qn("w:drawing")), None) is None


def _end_of_block(children: list[Element], texts: list[str | None], date: int) -> int:
    """The date, or the 附注 under it (7.3.7: （此件公开发布）, a line or two below)."""
    for i in range(date + 1, min(date + 3, len(children))):
        text = texts[i]
        if text is None:
            break
        if text:
            is_note = text.startswith(("（", "(")) and text.endswith(("）", ")")) and len(text) <= NOTE_MAX_CHARS
            return i if is_note else date
    return date


def closing_blocks(children: list[Element]) -> list[ClosingBlock]:
    """Every 落款 of the body, found by the standard's styles or, in a clerk's own paragraphs, by
    their text: a 成文日期 with a 署名 right above it, and the text paragraph before them (any
    blank lines and 附件说明 between)."""
    texts = _paragraph_texts(children)
    blocks: list[ClosingBlock] = []
    for date, child in enumerate(children):
        if not _is_date(child, texts[date]) or (blocks and date <= blocks[-1].end):
            continue
        signature = _signature_before(children, texts, date)
        if signature is None:
            continue
        first = signature
        while first > 0 and _in_block(children, texts, first - 1):
            first -= 1
        if first == 0 or not texts[first - 1]:  # a table, or nothing, before the block
            continue
        blocks.append(ClosingBlock(first - 1, signature, date, _end_of_block(children, texts, date)))
    return blocks


def _in_block(children: list[Element], texts: list[str | None], index: int) -> bool:
    """A blank line or an 附件说明 line between the text and the 署名: in its style, or typed
    (附件：…, and the numbered lines of a list under it: not the numbered items of the text)."""
    text, child = texts[index], children[index]
    if text is None:
        return False
    if _is_blank(text, child) or wml.style_of(child) == std.ATTACHMENT_NOTE.style_id:
        return True
    if len(text) > NOTE_MAX_CHARS:
        return False
    if _ATTACHMENT.match(text):
        return True
    above = index - 1
    while above >= 0 and _NUMBERED.match(texts[above] or ""):
        above -= 1
    return _NUMBERED.match(text) is not None and above >= 0 and _ATTACHMENT.match(texts[above] or "") is not None


# 7.3.5.5's other remedy, 调整行距: the block's page may be set on lines down to this pitch
# (26 pt, a usual office setting for 三号) to hold the text with its 落款.
TIGHTEST_PITCH = 520


def _page_top(children: list[Element], first: int, used: int, width: int) -> tuple[int, int]:
    """(index, twips): the first paragraph of the lines that run down to `first`, which starts
    `used` twips down its page, and how much of that page stands above it: a paragraph from the
    page before, or a table sharing the page, as the walk measured it (only the lines under it
    may be set closer: a table's rows are not on the pitch)."""
    remaining, top = used, first
    while remaining > 0 and top > 0:
        previous = children[top - 1]
        if previous.tag != wml.qn("w:p"):
            # a table shares the page (云乐镇's summary: its tables, then 二、…四、 and the 落款):
            # the lines under it are still the page's to adjust, the table's height the walk's
            return top, remaining
        height = _paragraph_height(previous, width)
        if height > remaining:
            break  # it begins on the page before; its last lines are at the top of this one
        remaining -= height
        top -= 1
    return top, remaining


def _tightened_pitch(lines: int, text_lines: int, above: int, page: Page) -> int | None:
    """The exact line pitch that sets `lines` lines (`text_lines` of them with text) in the page
    under `above` twips, if allowed."""
    pitch = (page.height - above - CLOSING_SAFETY) // max(lines, 1)  # the estimate errs by part of a line
    if pitch < TIGHTEST_PITCH or above // std.LINE_PITCH + text_lines > std.LINES_PER_PAGE:
        return None  # too tight to read, or more lines than a page may print (gongwen check)
    return min(pitch, std.LINE_PITCH)


# 7.3.5.5's other remedy, 调整字距: a paragraph whose last line is short may be set a little closer,
# so that it takes a line less: at most this many 字 a line, the first that saves the line (28 is
# the standard's; 30 is about 1 pt closer a character, an office's 紧缩 1 磅).
CONDENSED_CHARS_PER_LINE = (29, 30)


@dataclass(frozen=True)
class _Condensing:
    """A paragraph set `by` twips a character closer than its style, which then takes `saves`
    lines fewer."""

    paragraph: Element
    by: int
    saves: int


def _condensings(paragraphs: list[Element], width: int) -> list[_Condensing]:
    """The paragraphs that take a line less when set closer (CONDENSED_CHARS_PER_LINE), each with
    the least condensing that does it; the least condensed first."""
    found = []
    for paragraph in paragraphs:
        if not _on_the_pitch(paragraph) or _pictures(paragraph) or not wml.paragraph_text(paragraph).strip():
            continue
        role = _role_of(_ppr(paragraph)) or std.BODY
        lines, already = _line_count(paragraph, width), _run_condensing(paragraph, role)
        for chars in CONDENSED_CHARS_PER_LINE:
            by = _advance(role) - closer_advance(chars, width)
            saves = lines - _line_count(paragraph, width, by) if by > already else 0
            if saves > 0:
                found.append(_Condensing(paragraph, by, saves))
                break
    return sorted(found, key=lambda condensing: condensing.by)


def _tightening(paragraphs: list[Element], above: int, page: Page) -> tuple[list[_Condensing], int] | None:
    """How to set `paragraphs` in the page under `above` twips (7.3.5.5), changing as little as
    will do: paragraphs set closer, least condensed first, until they fit on the page's pitch;
    else all of them and a closer pitch (down to TIGHTEST_PITCH); None where even that cannot."""
    counts = [(_line_count(p, page.width), wml.paragraph_text(p).strip() != "") for p in paragraphs]
    lines = sum(count for count, _ in counts)
    text_lines = sum(count for count, has_text in counts if has_text)
    condensings = _condensings(paragraphs, page.width)
    saved = 0
    for taken in range(len(condensings) + 1):
        saved += condensings[taken - 1].saves if taken else 0
        pitch = _tightened_pitch(lines - saved, text_lines - saved, above, page)
        if pitch == std.LINE_PITCH or (pitch is not None and taken == len(condensings)):
            return condensings[:taken], pitch
    return None


def _condense(condensing: _Condensing) -> Callable[[], None]:
    """Every run of the paragraph set `by` twips a character closer than its style (the run's own
    w:spacing); returns what undoes it."""
    paragraph = condensing.paragraph
    value = _style_spacing(_role_of(_ppr(paragraph)) or std.BODY) - condensing.by
    before: list[tuple[Element, str | None]] = []
    for run in paragraph.iterchildren(_R):
        rpr = wml.first_child(run, _RPR)
        if rpr is None:
            rpr = run.makeelement(_RPR)
            run.insert(0, rpr)
        spacing = _property_made(rpr, _SPACING)
        before.append((spacing, spacing.get(_VAL)))
        wml.set_attr(spacing, "w:val", value)

    def undo() -> None:
        for spacing, old in before:
            if old is None:
                spacing.getparent().remove(spacing)
            else:
                spacing.set(_VAL, old)

    return undo


def set_closer(paragraph: Element, chars: int, width: int, indent: bool = False) -> None:
    """Every run of the paragraph set close enough for `chars` 字 a line of `width` twips (as
    text_lines counts it set closer); with `indent`, its first-line indent too (lone_line_remedy)."""
    role = _role_of(_ppr(paragraph)) or std.BODY
    advance = closer_advance(chars, width, indent)
    by = _advance(role) - advance
    if by > _run_condensing(paragraph, role):
        _condense(_Condensing(paragraph, by, 0))
    if indent:
        wml.set_attr(_property_made(_properties(paragraph), _IND), "w:firstLine", _closer_indent(role, advance))


def closer_advance(chars: int, width: int, indent: bool = False) -> int:
    """One 字 (twips) of a line of `width` set `chars` 字 a line, as LibreOffice then sets them; a
    twip less where the indent is set closer too: that first line holds the line's full count,
    and LibreOffice sets it a little wider than its characters' sum (28 字 after an indent of two
    at 294 twips wrapped; at 293 they hold)."""
    return min(width // chars - (1 if indent else 0), (width - CLOSER_LINE_SLACK) // chars)


def _closer_indent(role: std.Role, advance: int) -> int:
    """The style's first-line indent (左空二字) in 字 of `advance` twips: two of the paragraph's own."""
    return role.first_line * advance // (role.size * 10)


# A paragraph whose last line holds one character and the marks that may not start a line (安。,
# 数）。) is set closer (CONDENSED_CHARS_PER_LINE, the first that does it) where that takes the line
# away: a 文秘 tightens such a paragraph (docs/layout.md; gongwen check allows such lines anywhere).
# Its first-line indent is twips (two 字 of the style's size): where setting the characters closer
# leaves the first line one character short of taking the line away (28 字 after the indent:
# 落实网格员巡/查。, the 。 may not start a line), the indent is set closer with them, two 字 of
# the paragraph as it is then set. A last line of two characters (离带。) is left as it is
# (docs/layout.md).
def lone_last_line(style_id: str, run_spacing: str | None, text: str, width: int) -> bool:
    """Whether a paragraph of this style, first run and text (as text_lines reads them) ends in a
    line of one character and closing marks at `width`."""
    advance, first, rest = line_room(style_id, run_spacing, width)
    last = text.split(LINE_BREAK)[-1]
    starts = line_starts(last, advance, first, rest)
    return bool(starts) and len(last[starts[-1] :].rstrip(_CLOSING_MARKS)) <= 1


def lone_line_remedy(style_id: str, run_spacing: str | None, text: str, width: int) -> tuple[int, bool]:
    """How tighten_lone_last_lines sets a paragraph of this style, first run and text (as text_lines
    reads them) at `width`: (字 a line, whether its indent too), (0, False) where it is left as it is."""
    if style_id in _CLOSING_STYLES or not lone_last_line(style_id, run_spacing, text, width):
        return 0, False
    as_set, *closer = text_lines(style_id, run_spacing, text, width)
    chars = next((c for c, lines in zip(CONDENSED_CHARS_PER_LINE, closer, strict=True) if lines < as_set), 0)
    if chars:
        return chars, False
    role = _ROLES.get(style_id) or std.BODY
    segments = tuple(text.split(LINE_BREAK))
    for chars in CONDENSED_CHARS_PER_LINE:
        advance = closer_advance(chars, width, True)
        indent = _closer_indent(role, advance)
        geometry = _geometry_of(role, _advance(role) - advance)
        geometry = replace(geometry, first_short=geometry.rest_short + indent)
        if role.first_line > indent and _lines(geometry, segments, width) < as_set:
            return chars, True
    return 0, False


def tighten_lone_last_lines(body: Element) -> None:
    """Each body paragraph on the page's pitch that ends in a line of one character (lone_last_line)
    set closer where that takes the line away (lone_line_remedy)."""
    for width, paragraphs in paragraphs_by_page_width(body):
        for paragraph in paragraphs:
            if not _on_the_pitch(paragraph):
                continue
            style, spacing = style_and_spacing(paragraph)
            chars, indent = lone_line_remedy(style, spacing, LINE_BREAK.join(text_segments(paragraph)), width)
            if chars:
                set_closer(paragraph, chars, width, indent)


_CLOSING_STYLES = frozenset((std.SIGNATURE.style_id, std.DATE.style_id))
_CLOSING_MARKS = "".join(sorted(NOT_AT_LINE_START))


def _set_pitch(paragraph: Element, pitch: int) -> None:
    """Exact line spacing off the document grid (Word and LibreOffice honour it only so)."""
    ppr = _properties(paragraph)
    wml.set_attr(_property_made(ppr, _SNAP_TO_GRID), "w:val", "0")
    spacing = _property_made(ppr, _SPACING)
    wml.set_attr(spacing, "w:line", pitch)
    wml.set_attr(spacing, "w:lineRule", "exact")


def _property_made(ppr: Element, tag: str) -> Element:
    """pPr's `tag` child, added in its place in the sequence when there is none."""
    found = next(ppr.iterchildren(tag), None)
    if found is None:  # (an lxml element without children is falsy: no `find(...) or ...` here)
        found = ppr.makeelement(tag)
        insert_in_order(ppr, found)
    return found


# What goes with the 落款 when the block cannot stay on its page: the last lines of the last
# paragraph, not the whole of it (which would leave the page short by all its lines). A paragraph
# of no more lines than that leaves its first line on the page all the same: one line is all the
# 落款 needs with it, and a notice's two-line body moved whole left page 1 with its 版头 and 主送
# alone (来苏镇, 2021).
LINES_KEPT_WITH_SIGNATURE = 2


def _plain_text(paragraph: Element) -> str | None:
    """The paragraph's text if it is plain text in its own runs (no tab, break, field, link or
    tracked change). Digits and Latin letters are measured as LibreOffice sets them (metrics.py);
    Word, which adds no space around them, may break such a line a character earlier."""
    plain = {wml.qn(n) for n in ("w:pPr", "w:r", "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr")}
    if any(child.tag not in plain for child in paragraph):
        return None
    runs = wml.findall(paragraph, "w:r")
    if any(child.tag not in (wml.qn("w:rPr"), _T) for run in runs for child in run):
        return None
    return "".join(t.text or "" for run in runs for t in wml.findall(run, "w:t"))


def _keep_only(paragraph: Element, keep: range) -> None:
    """Leave the characters at the offsets `keep` of the paragraph's text; drop emptied runs."""
    offset = 0
    for node in paragraph.iter(_T):
        own = node.text or ""
        node.text = "".join(ch for i, ch in enumerate(own, start=offset) if i in keep)
        offset += len(own)
    for run in wml.findall(paragraph, "w:r"):
        if not "".join(t.text or "" for t in wml.findall(run, "w:t")):
            paragraph.remove(run)


def reads_on(paragraph: Element) -> bool:
    """Whether the paragraph is the last lines _split_off_last_lines cut off the one before it (a
    paragraph of an indented style without its first-line indent): it prints as that one's last
    lines, and reads as part of it (the import's check of the rebuilt notice)."""
    role = _ROLES.get(wml.style_of(paragraph) or "", std.BODY)
    return role.first_line > 0 and wml.get(wml.find(paragraph, "w:pPr/w:ind"), "w:firstLine") == "0"


def _split_off_last_lines(paragraph: Element, width: int) -> None:
    """Cut the paragraph before its last LINES_KEPT_WITH_SIGNATURE lines (before its last line when
    it has no more lines than that) into two: the first part flows freely, the second (no
    first-line indent) keeps with the 落款. Only plain text in runs is cut (see _plain_text),
    between the units line_starts breaks at (never inside "2018")."""
    role = _ROLES.get(wml.style_of(paragraph) or "", std.BODY)
    text = _plain_text(paragraph)
    if text is None:
        return
    # its lines as it is set: closer where a remedy or a lone last line set it so (确。 was cut off
    # as its own last line, measured as the style sets it, where it printed one line)
    geometry = _paragraph_geometry(paragraph, _ppr(paragraph), role)
    starts = line_starts(text, geometry.advance, width - geometry.first_short, width - geometry.rest_short)
    if not starts:
        return  # one line: it goes with the 落款 whole
    if len(starts) < LINES_KEPT_WITH_SIGNATURE and len(text[starts[-1] :].rstrip(_CLOSING_MARKS)) <= 1:
        return  # its last line one character (确。): the two lines go whole, not 确。 alone with the 落款
    cut = starts[-min(LINES_KEPT_WITH_SIGNATURE, len(starts))]
    tail = copy.deepcopy(paragraph)
    _keep_only(paragraph, range(cut))
    _keep_only(tail, range(cut, len(text)))
    keep_next = wml.find(paragraph, "w:pPr/w:keepNext")
    if keep_next is not None:
        keep_next.getparent().remove(keep_next)
    tail_ppr = wml.find(tail, "w:pPr")
    if tail_ppr is not None:
        indent = wml.find(tail_ppr, "w:ind")
        wml.set_attr(indent if indent is not None else wml.sub(tail_ppr, "w:ind"), "w:firstLine", 0)
        reorder(tail_ppr)
    paragraph.addnext(tail)


# Walks the body again to where the 落款 block starts: (its page, twips used on it above the block).
Rewalk = Callable[[], "tuple[Page, int] | None"]


def _fit_closing_block(
    body: Element, children: list[Element], block: ClosingBlock, page: Page, start: int, rewalk: Rewalk
) -> None:
    """Keep the 署名 and date on the page of the text, and that page full (7.3.5.5).

    (paginate has made the last text paragraph, the 附件说明 and the blank lines keep with the
    署名, so the 署名 never starts a page alone.) Where that block would move to a new page and
    leave the page before it more than SHORT_PAGE_LINES short, the page is adjusted as the
    standard allows ("调整行距、字距"), in this order, changing as little as will do:

    1. one of the two blank lines left for the seal goes (one line still separates the seal from
       the text);
    2. paragraphs of the page whose last line is short are set a little closer so that each
       takes a line less (CONDENSED_CHARS_PER_LINE), then the page's lines closer (TIGHTEST_PITCH);
    3. paragraphs of the page before are set closer, one at a time, and the page flowed again,
       until 1-2 hold the block on the page it then starts on;
    4. else the last paragraph is cut so that only its last lines go to the next page with the 落款."""
    height = _block_height(children, block, page) + _floating_after(children, block)
    # The estimate errs by a line at times (a 版头, a table above): a block that seems to fill the
    # page to its last line is treated as one line too long, which costs at most a seal line.
    if _fits(page, start, height):
        return
    # A page a few lines short is ordinary when what moves is the last paragraph's own lines; a
    # heading moving with them (四、 and its one line) is a section moved for the 落款: the
    # remedies come first then (the fewest lines moved), as they do for a page left shorter.
    if page.height - start <= SHORT_PAGE_LINES * std.LINE_PITCH and not _heading_above(children, block):
        return
    top, _ = _page_top(children, block.first, start, page.width)
    adjusted = _adjust_page(body, children, block, page, start, height)
    if not adjusted and not _pull_up(body, children, block, page, top, rewalk):
        _split_off_last_lines(children[block.first], page.width)


def _heading_above(children: list[Element], block: ClosingBlock) -> bool:
    """Whether a heading stands right above the block's text: it keeps with it, so it moves too."""
    above = children[block.first - 1] if block.first > 0 else None
    return above is not None and above.tag == _P and _is_heading(above)


def _block_height(children: list[Element], block: ClosingBlock, page: Page) -> int:
    return sum(_paragraph_height(p, page.width) for p in children[block.first : block.end + 1])


def _floating_after(children: list[Element], block: ClosingBlock) -> int:
    """The height of a floating table right after the 落款 (a notice's 版记, set at the foot of the
    page the 落款 ends): the flow gives it no room, but LibreOffice and Word keep the text off it,
    so a 落款 that fills the page to its foot is pushed, whole, to the next page."""
    after = children[block.end + 1] if block.end + 1 < len(children) else None
    if after is None or after.tag != _TBL or not _floats(after):
        return 0
    heights = (row.find(f"{_TRPR}/{_TR_HEIGHT}") for row in after.iterchildren(_TR))
    # its rules and the room LibreOffice keeps around a frame: a page filled to its last line with
    # the 落款 and the 版记 does not hold them (remedy 1 would then take a seal line for nothing)
    return sum(int(h.get(wml.qn("w:val"), "0")) for h in heights if h is not None) + CLOSING_SAFETY


def _fits(page: Page, start: int, height: int) -> bool:
    return start + height < page.height - CLOSING_SAFETY


def _on_the_pitch(paragraph: Element) -> bool:
    """A paragraph set on the page's line pitch (body text, headings, blank lines, the 落款)."""
    ppr = _ppr(paragraph)
    role = _role_of(ppr) or std.BODY
    spacing = None if ppr is None else next(ppr.iterchildren(_SPACING), None)
    own = None if spacing is None else _own_line(spacing)
    return role.on_grid and role.exact_line and role.size == std.SIZE_SANHAO and own in (None, std.LINE_PITCH)


def _adjust_page(
    body: Element, children: list[Element], block: ClosingBlock, page: Page, start: int, height: int
) -> bool:
    """Remedies 1 and 2 of _fit_closing_block, for a block of `height` twips from `start` on its
    page; False when they cannot hold it (nothing is changed then)."""
    spare = _spare_seal_line(children, block)
    if spare is not None and start + height - std.LINE_PITCH <= page.height:
        body.remove(spare)
        return True
    top = _page_top(children, block.first, start, page.width)
    on_page = [p for p in children[top[0] : block.end + 1] if p is not spare]
    # Only what follows the title: the 版头 (spacer, mark, 发文字号, rule) keeps the standard's places.
    fixed_until = max((i + 1 for i, p in enumerate(on_page) if not _on_the_pitch(p)), default=0)
    paragraphs = on_page[fixed_until:]
    fixed = sum(_paragraph_height(p, page.width) for p in on_page[:fixed_until])
    # a floating 版记 under the 落款 takes the page's foot: the lines are fitted above it
    tightening = _tightening(paragraphs, top[1] + fixed + _floating_after(children, block), page)
    if tightening is None:
        return False
    condensings, pitch = tightening
    if spare is not None:
        body.remove(spare)
    for condensing in condensings:
        _condense(condensing)
    if pitch < std.LINE_PITCH:
        for paragraph in paragraphs:
            _set_pitch(paragraph, pitch)
    return True


def _spare_seal_line(children: list[Element], block: ClosingBlock) -> Element | None:
    """The second of two blank lines above the 署名 (one line is all the seal needs above it)."""
    seal_room = [children[i] for i in (block.signature - 2, block.signature - 1) if i > block.first]
    two_blanks = len(seal_room) == 2 and all(_is_blank(wml.paragraph_text(p).strip(), p) for p in seal_room)
    return seal_room[1] if two_blanks else None


def _pull_up(body: Element, children: list[Element], block: ClosingBlock, page: Page, top: int, rewalk: Rewalk) -> bool:
    """Remedy 3 of _fit_closing_block: paragraphs of the page before the one starting at `top` set
    closer, one at a time, each followed by a new walk (a heading kept with its text may not come
    up with a line saved), until remedies 1-2 hold the block; False, with nothing changed, if none do."""
    undo: list[Callable[[], None]] = []
    for condensing in _condensings(_page_before(children, top, page), page.width):
        undo.append(_condense(condensing))
        where = rewalk()
        if where is None:
            break
        page, start = where
        height = _block_height(children, block, page) + _floating_after(children, block)
        if _fits(page, start, height) or _adjust_page(body, children, block, page, start, height):
            return True
    for step in reversed(undo):
        step()
    return False


def _page_before(children: list[Element], top: int, page: Page) -> list[Element]:
    """The paragraphs of the page before the one whose first paragraph is `top` (the one that runs
    over its foot included); none when a table or nothing is there."""
    remaining, index = page.height, top
    while index > 0 and remaining > 0:
        previous = children[index - 1]
        if previous.tag != _P:
            return []
        index -= 1
        block = _body_paragraph(previous, page.width)
        if block.starts_page:
            break
        remaining -= block.height
    return children[index:top]
