"""Layout fix-ups that depend on rendered text, applied after Jinja.

A template cannot know how wide the rendered 成文日期 is, yet GB/T 9704
7.3.5.1 centres the 发文机关署名 over it, and 7.3.5.2 (no seal) starts the date
two characters right of the 署名. This pass measures the rendered texts in
character units and sets the indents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from generator.errors import present
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.ooxml import METRIC_TABLE_STYLE_ID
from generator.standard.package import DeflatedPart, Handed, ZipEntry
from generator.standard.schema_order import insert_in_order, reorder
from generator.standard.wordml import Element
from generator.standard.words import NO_NAMES, TitleNames

from .aside import TablesAside
from .fill_in_lines import break_fill_in_lines
from .masthead import narrow_marks
from .metrics import header_lines, laid_out_width, text_width
from .pagination import paginate
from .sheets import fit_sheet
from .titles import break_titles

# A part with tables this large is laid out with its tables set aside (aside.py, rows.py): the same
# bytes as the passes on its whole tree, which would be some 12 times its size; from about this size
# (a roll-up of 150 units) the rows' way also takes less CPU (a roll-up of 40 units, 290 KB: 21 ms
# against 18.5; 200 units, 1.4 MB: 71 against 81).
LARGE_PART_BYTES = 2**20

_PSTYLE, _PPR, _P = wml.qn("w:pStyle"), wml.qn("w:pPr"), wml.qn("w:p")
_TBL, _TR, _TC, _TCPR, _TCW, _W = (wml.qn(n) for n in ("w:tbl", "w:tr", "w:tc", "w:tcPr", "w:tcW", "w:w"))
_GRID_SPAN, _VAL = wml.qn("w:gridSpan"), wml.qn("w:val")
_T = wml.qn("w:t")
_R, _RPR, _SZ, _SZ_CS = wml.qn("w:r"), wml.qn("w:rPr"), wml.qn("w:sz"), wml.qn("w:szCs")


def _signatures(body: Element) -> Iterator[tuple[Element, Element]]:
    """Each 署名 paragraph with the 成文日期 paragraph right below it."""
    signatures = []  # found by their style elements: far fewer than the paragraphs
    for style in body.iter(_PSTYLE):
        ppr = style.getparent()
        if wml.get(style, "w:val") == std.SIGNATURE.style_id and ppr is not None and ppr.tag == _PPR:
            paragraph = ppr.getparent()
            if paragraph is not None and paragraph.tag == _P:
                signatures.append(paragraph)
    for signature in signatures:
        date = signature.getnext()
        if date is not None and date.tag == wml.qn("w:p") and wml.style_of(date) == std.DATE.style_id:
            yield signature, date


def _lines(paragraph: Element) -> list[str]:
    """The paragraph's lines, cut at each w:br (a joint 署名 stacks its organs, one a line)."""
    text = "".join(t.text or "" if t.tag == _T else "\n" for t in paragraph.iter(_T, wml.qn("w:br")))
    return text.split("\n")


def _widest_line(paragraph: Element) -> int:
    return max(text_width(line) for line in _lines(paragraph))


def _right_indent(paragraph: Element, twips: int) -> None:
    ppr = present(wml.find(paragraph, "w:pPr"), "w:pPr")  # there is one: the paragraph was found by its style
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
        signature_width = _widest_line(signature)
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
    """Set each 署名 paragraph's right indent so it is centred on the date right below it; a joint
    notice's organs side by side, each with room for its seal (`_joint_signature`)."""
    for signature, date in _signatures(body):
        found = wml.find(signature, "w:pPr/w:ind")
        if wml.get(found, "w:right") is None:
            continue  # a 署名 placed some other way (e.g. 右空二字) is left as the template has it
        indent = present(found, "the 署名's w:ind")
        date_right = wml.get(wml.find(date, "w:pPr/w:ind"), "w:right")
        date_indent = int(date_right) if date_right else std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10
        date_width = text_width(wml.paragraph_text(date))
        organs = [line for line in _lines(signature) if line.strip()]
        if len(organs) > 1 and _joint_signature(signature, organs, std.TYPE_AREA_WIDTH - date_indent - date_width // 2):
            continue
        shift = (date_width - _widest_line(signature)) // 2
        wml.set_attr(indent, "w:right", max(0, date_indent + shift))


def seal_columns(widths: list[int], last_centre: int, area: int = std.TYPE_AREA_WIDTH) -> list[int]:
    """The centres (from the 版心's left edge) of the columns a joint notice's organs stand in: as
    many side by side as fit (a seal each, none touching, none wider than the 版心; two names a 字
    apart at least), the last over the date (`last_centre`). `widths`: the organs', in order."""
    for count in range(len(widths), 1, -1):
        column_widths = [max(widths[i::count]) for i in range(count)]  # organ i stands in column i % count
        centres = [last_centre]
        for left, right in zip(column_widths[-2::-1], column_widths[:0:-1], strict=True):
            apart = max(std.SEAL_DIAMETER + std.SEAL_GAP, (left + right) // 2 + 2 * std.CHAR_WIDTH)
            centres.insert(0, centres[0] - apart)
        leftmost = centres[0] - max(column_widths[0], std.SEAL_DIAMETER) // 2
        if leftmost >= 0 and last_centre + std.SEAL_DIAMETER // 2 <= area:
            return centres
    return [last_centre]


def _joint_signature(signature: Element, organs: list[str], last_centre: int) -> bool:
    """7.3.5.1: a joint notice's 署名 in organ order, one seal to each, the seals in neat rows that
    do not touch; the last 署名 centred over the date (the last seal covers both). Organs stand side
    by side at centred tab stops (each row's own w:br kept: the text is the render's, a kept layout's
    values go in its w:t as they are); rows that would stack their seals are parted by blank lines
    a seal high."""
    centres = seal_columns([text_width(organ) for organ in organs], last_centre)
    count = len(centres)
    breaks = [br for br in signature.iter(wml.qn("w:br"))]
    first_text = next(signature.iter(_T), None)
    if first_text is None or len(breaks) + 1 != len(organs):
        return False  # a 署名 with empty lines or without text: centred as one organ's
    rows_apart = -(-(std.SEAL_DIAMETER + std.SEAL_GAP) // std.LINE_PITCH)  # lines from row to row
    last_row_start = (len(organs) - 1) // count * count
    for index, before in enumerate([None, *breaks]):
        column = index % count if index < last_row_start else count - (len(organs) - index)
        if before is not None and index % count:
            before.tag = wml.qn("w:tab")  # beside the organ before it
            continue
        run = present(first_text.getparent() if before is None else before.getparent(), "the 署名's run")
        tabs = [wml.sub(run, "w:tab") for _ in range(column + 1)]  # to its column's stop (moved below)
        if before is None:
            for tab in tabs:
                first_text.addprevious(tab)
            continue
        for tab in reversed(tabs):
            before.addnext(tab)
        for _ in range(rows_apart - 1):  # blank lines: the row's seals clear of those above
            before.addnext(wml.sub(run, "w:br"))
    _set_at_stops(signature, centres)
    return True


def _set_at_stops(signature: Element, centres: list[int]) -> None:
    """The 署名 set from the 版心's left edge (no indent, left-aligned), a centred tab stop a column."""
    ppr = present(wml.find(signature, "w:pPr"), "w:pPr")
    stops = wml.sub(ppr, "w:tabs")  # (made in the tree: no namespace declarations of its own)
    for centre in centres:
        wml.set_attr(wml.sub(stops, "w:tab"), "w:val", "center")
        wml.set_attr(stops[-1], "w:pos", centre)
    insert_in_order(ppr, stops)
    indent = present(wml.find(ppr, "w:ind"), "the 署名's w:ind")
    wml.set_attr(indent, "w:right", 0)
    jc = wml.find(ppr, "w:jc")
    if jc is None:
        jc = wml.sub(ppr, "w:jc")
        insert_in_order(ppr, jc)
    wml.set_attr(jc, "w:val", "left")


_SIZE_OF_STYLE = {role.style_id: role.size for role in std.PARAGRAPH_ROLES}


def _needed_width(cells: list[Element]) -> int:
    """The widest line of text in these cells at their style's size, with the cell margins."""
    widest = 0
    for cell in cells:
        for p in wml.findall(cell, "w:p"):
            widest = max(widest, widest_line_of(wml.style_of(p), "\n".join(_lines(p))))
    return widest + NEEDED_WIDTH_AIR


def _cell_lines(cells: list[Element]) -> list[CellLine]:
    """Each line of text in these cells (see lines_of)."""
    return [line for cell in cells for p in wml.findall(cell, "w:p") for line in lines_of(wml.style_of(p), _lines(p))]


# A line of a cell's text and the advance of one 字 at its paragraph style's size, in twips.
CellLine = tuple[str, int]


def lines_of(style: str | None, lines: list[str]) -> list[CellLine]:
    """The lines of a paragraph of `style`, each with its 字's advance (what _two_line_width reads)."""
    char = _SIZE_OF_STYLE.get(style or "", std.TABLE_SIZE) * 10  # half-points to twips
    return [(line, char) for line in lines]


def _two_line_width(lines: list[CellLine]) -> int:
    """The width that sets the longest of these lines in two, the others in one or two, and none
    with one character alone on its second line (LibreOffice breaks a name at the column's edge:
    in a column of five, 市住房和城/乡建设局, but never 管家务回族/乡): the fewest characters a
    line that allows; the widest line's own width where none does."""
    longest = max((len(line) for line, _ in lines), default=0)
    for chars in range(-(-longest // 2), longest):
        if all(len(line) != chars + 1 for line, _ in lines):
            return NEEDED_WIDTH_AIR + max(laid_out_width(line[:chars], char) for line, char in lines)
    return NEEDED_WIDTH_AIR + max((laid_out_width(line, char) for line, char in lines), default=0)


# What a cell needs besides its text's width: the cell margins, and a little air besides.
NEEDED_WIDTH_AIR = std.STATS_CELL_MARGINS + std.STATS_CELL_MARGINS // 2


def widest_line_of(style: str | None, text: str) -> int:
    """The width of the widest line of a paragraph of `style` holding `text` (lines parted by \\n)."""
    char = _SIZE_OF_STYLE.get(style or "", std.TABLE_SIZE) * 10  # half-points to twips
    return max(laid_out_width(line, char) for line in text.split("\n"))


@dataclass(frozen=True)
class _MetricRoom:
    """What a metric table's columns ask of the leading ones: each metric column at least `least`
    twips wide (a unit of measure at the header's size, with the cell margins), and each leading
    column's text set in two lines (`halved`)."""

    least: int
    halved: list[int]


def _column_widths(
    widths: list[int], rows: list[list[Element]], count: int, metric_margins: int | None = None
) -> list[int]:
    """The leading columns as wide as their text (at most half the table), the `count - fixed`
    repeated ones sharing the rest, none wider than a metric column needs to be. A table as wide
    as the portrait 版心 (a summary's) spans it whatever the count: what the metric columns do not
    need widens the last leading one. In a metric table (`metric_margins` given), the widest
    leading column gives up width to the metric columns where they would be too narrow for their
    headers (see _names_in_two_lines)."""
    fixed = len(widths) - 1
    needed = [_needed_width([cells[i] for cells in rows]) for i in range(fixed)]
    room = None
    if metric_margins is not None and rows:
        style = style_of_first(rows[0][fixed:])
        halved = [_two_line_width(_cell_lines([cells[i] for cells in rows])) for i in range(fixed)]
        room = _MetricRoom(_least_metric_width(style, metric_margins), halved)
    return _widths_for(widths, needed, count, room)


def _least_metric_width(header_style: str | None, margins: int) -> int:
    """A metric column's width that holds a unit of measure at its header's size, below which its
    headers are set in 小五 (see _header_size); 0 for headers set that small already (a roll-up's)."""
    size = _SIZE_OF_STYLE.get(header_style or "", std.TABLE_SIZE)
    return 0 if size <= SMALL_HEADER_SIZE else UNIT_OF_MEASURE_CHARS * size * 10 + margins


def _names_in_two_lines(lead: list[int], halved: list[int], total: int, least: int) -> list[int]:
    """The leading columns' widths when what they leave of the table's `total` is under `least`
    for the metric columns: the widest leading column (the units' names, 市住房和城乡建设局) set in
    two even lines where that gives the metric columns their `least`, rather than the figures'
    headers in 小五 squeezed beside names on one line, as a 文秘 sets such a table in the text
    (as wide as the portrait 版心). Where even that would not, or in a sheet (a roll-up's
    landscape rows, a unit a line), the names keep their line."""
    widest = max(range(len(lead)), key=lambda i: lead[i])
    narrowed = [min(halved[i], width) if i == widest else width for i, width in enumerate(lead)]
    if total != std.TYPE_AREA_WIDTH or total - sum(lead) >= least or total - sum(narrowed) < least:
        return lead
    return narrowed


def _widths_for(widths: list[int], needed: list[int], count: int, metric: _MetricRoom | None = None) -> list[int]:
    """_column_widths from what each leading column's text `needed`."""
    total, fixed = sum(widths), len(widths) - 1
    lead = [min(max(widths[i], needed[i]), total // 2) for i in range(fixed)]
    repeated = count - fixed
    if metric is not None and metric.least and lead:
        lead = _names_in_two_lines(lead, metric.halved, total, metric.least * repeated)
    share = min((total - sum(lead)) // repeated, std.STATS_MAX_METRIC_COLUMN_WIDTH)
    if share == std.STATS_MAX_METRIC_COLUMN_WIDTH and total == std.TYPE_AREA_WIDTH and lead:
        lead[-1] = total - sum(lead[:-1]) - share * repeated
    last = share if share == std.STATS_MAX_METRIC_COLUMN_WIDTH else total - sum(lead) - share * (repeated - 1)
    return [*lead, *[share] * (repeated - 1), last]


def break_headers(
    header: list[Element], widths: list[int], first: int, margins: int = std.STATS_CELL_MARGINS, size: int = 0
) -> None:
    """Each metric header (from column `first`) whose name is wider than its column less its cell
    `margins` gets explicit line breaks between words (出动排查/人员), not where the column's edge
    falls (出动排查人/员); in `size` half-points where given, else its style's."""
    for cell, width in zip(header[first:], widths[first:], strict=False):
        texts = list(cell.iter(_T))
        if not texts:
            continue
        name = texts[0]
        paragraph = next(name.iterancestors(_P), None)
        style = wml.style_of(paragraph) if paragraph is not None else None
        char = (size or _SIZE_OF_STYLE.get(style or "", std.TABLE_SIZE)) * 10  # half-points to twips
        room = width - margins
        if laid_out_width(name.text or "", char) <= room:  # (as header_lines measures it: 检查12315)
            continue
        lines = header_lines(name.text or "", max(1, room // char))
        name.text = lines[0]
        anchor = name
        for line in lines[1:]:
            line_break, text = wml.element("w:br"), wml.element("w:t")
            text.text = line
            anchor.addnext(line_break)
            line_break.addnext(text)
            anchor = text


def _rows_of_cells(table: Element) -> list[list[Element]]:
    """The table's cells, row by row (one iterator over the table when it holds no table)."""
    if wml.holds_tables(table):
        return [wml.findall(row, "w:tc") for row in wml.findall(table, "w:tr")]
    rows: list[list[Element]] = []
    for node in table.iter(_TR, _TC):
        if node.tag == _TR:
            rows.append([])
        elif rows:
            rows[-1].append(node)
    return rows


def _cell_count(table: Element) -> int:
    """The most cells a row of the table has, counted in C: most tables are not fitted, and this
    decides it without reading their cells."""
    if wml.holds_tables(table):
        return max((len(wml.findall(row, "w:tc")) for row in wml.findall(table, "w:tr")), default=0)
    return max((len(list(row.iter(_TC))) for row in table.iter(_TR)), default=0)


def _fitted(table: Element, grid: Element, count: int) -> bool:
    """A table whose columns came from a loop, or a metric table however many metrics it has."""
    widths = len(wml.findall(grid, "w:gridCol"))
    style = wml.get(wml.find(table, "w:tblPr/w:tblStyle"), "w:val")
    return widths > 0 and count >= 2 and count >= widths and (count != widths or style == METRIC_TABLE_STYLE_ID)


def _set_widths(table: Element, cells_by_row: list[list[Element]], widths: list[int]) -> None:
    _set_grid(table, widths)
    _set_cell_widths(cells_by_row, widths)


def _set_grid(table: Element, widths: list[int]) -> None:
    grid = present(wml.find(table, "w:tblGrid"), "w:tblGrid")
    for column in wml.findall(grid, "w:gridCol"):
        grid.remove(column)
    for width in widths:
        wml.sub(grid, "w:gridCol", w_w=width)
    table_width = wml.find(table, "w:tblPr/w:tblW")
    if table_width is not None:
        wml.set_attr(table_width, "w:w", sum(widths))  # narrower for one or two metrics, centred


def _set_cell_widths(cells_by_row: list[list[Element]], widths: list[int]) -> None:
    last = len(widths) - 1
    for cells in cells_by_row:
        column = 0
        for cell in cells:
            properties = wml.first_child(cell, _TCPR)
            span = _span(properties)
            cell_width = None if properties is None else next(properties.iterchildren(_TCW), None)
            if cell_width is not None:
                start = min(column, last)
                cell_width.set(_W, str(sum(widths[start : start + span])))
            column += span


def _span(properties: Element | None) -> int:
    """How many grid columns a cell spans: a roll-up's group header spans its metrics (docxtpl's
    colspan writes the gridSpan first in tcPr, which is put back in schema order here)."""
    grid_span = None if properties is None else next(properties.iterchildren(_GRID_SPAN), None)
    if properties is None or grid_span is None:
        return 1
    reorder(properties)
    return max(1, int(grid_span.get(_VAL) or 1))


def _figure(cell: Element) -> tuple[list[Element], int] | None:
    """The w:t elements of a cell whose whole text is a figure (324, 179.9), with its decimals."""
    texts = list(cell.iter(_T))
    decimals = figure_decimals("".join(t.text or "" for t in texts))
    return None if not texts or decimals is None else (texts, decimals)


def figure_decimals(text: str) -> int | None:
    """The decimals of a cell's text that is a figure (324: 0, 179.9: 1), else None."""
    whole, dot, fraction = text.strip().lstrip("-").partition(".")
    if not whole.isdecimal() or (dot and not fraction.isdecimal()):
        return None
    return len(fraction)


def decimals_suffix(decimals: int, most: int) -> str:
    """What a figure of `decimals` decimals is written with to show `most` (share_decimals)."""
    return "" if decimals >= most else ("" if decimals else ".") + "0" * (most - decimals)


def share_decimals(rows: list[list[Element]], first: int) -> None:
    """The figures of each metric column (from column `first`) printed with one number of
    decimals, the most any of them has: 179.9 over 324.0 and 313.0, not over 324 and 313."""
    for column in range(first, max((len(r) for r in rows), default=0)):
        figures = [f for r in rows if column < len(r) and (f := _figure(r[column])) is not None]
        most = max((decimals for _, decimals in figures), default=0)
        for figure in figures:
            _with_decimals(figure, most)


def _with_decimals(figure: tuple[list[Element], int], most: int) -> None:
    texts, decimals = figure
    if decimals < most:
        last = texts[-1]
        last.text = (last.text or "") + decimals_suffix(decimals, most)


def _cell_margins(table: Element) -> int:
    """The left and right cell margins the table sets (a roll-up's narrow ones), else Word's default."""
    left = wml.get(wml.find(table, "w:tblPr/w:tblCellMar/w:left"), "w:w")
    right = wml.get(wml.find(table, "w:tblPr/w:tblCellMar/w:right"), "w:w")
    if left is None or right is None or not (left.isdecimal() and right.isdecimal()):
        return std.STATS_CELL_MARGINS
    return int(left) + int(right)


# A metric header's unit of measure, （人次） or （公里）, is four characters: in columns narrower than
# that at the header's size (a roll-up of twelve metrics side by side), the headers are set in 小五.
UNIT_OF_MEASURE_CHARS = 4
SMALL_HEADER_SIZE = 18  # 小五, in half-points


def _header_size(table: Element, cells: list[Element], widths: list[int], margins: int) -> int:
    """The size the metric header `cells` are set in: their style's (0), or SMALL_HEADER_SIZE, set on
    the runs of every header row but its first cell (the group names too), where their narrowest
    column cannot hold a unit of measure at their style's."""
    size = _header_size_for(style_of_first(cells), widths, margins)
    if size:
        for row in wml.findall(table, "w:tr"):
            _set_header_row_size(row, size)
    return size


def style_of_first(cells: list[Element]) -> str | None:
    paragraph = next((p for cell in cells for p in cell.iter(_P)), None)
    return wml.style_of(paragraph) if paragraph is not None else None


def _header_size_for(style: str | None, widths: list[int], margins: int) -> int:
    """_header_size's decision, from the style of the header cells' first paragraph."""
    size = _SIZE_OF_STYLE.get(style or "", std.TABLE_SIZE)
    if not widths or min(widths) - margins >= UNIT_OF_MEASURE_CHARS * size * 10 or size <= SMALL_HEADER_SIZE:
        return 0
    return SMALL_HEADER_SIZE


def _set_header_row_size(row: Element, size: int) -> None:
    if wml.find(row, "w:trPr/w:tblHeader") is not None:
        _set_size(wml.findall(row, "w:tc")[1:], size)


def _set_size(cells: list[Element], size: int) -> None:
    """Every run of the cells set in `size` half-points (w:sz and w:szCs of the run)."""
    for cell in cells:
        for run in cell.iter(_R):
            properties = wml.first_child(run, _RPR)
            if properties is None:
                properties = run.makeelement(_RPR)
                run.insert(0, properties)
            for tag in (_SZ, _SZ_CS):
                found = next(properties.iterchildren(tag), None)
                if found is None:
                    found = properties.makeelement(tag)
                    insert_in_order(properties, found)
                found.set(_VAL, str(size))


def fit_columns(body: Element) -> None:
    """Tables whose columns came from a loop ({%tc %}): the leading columns are as wide as their
    longest text (a unit's name on one line), up to half the table; the repeated ones share the
    rest equally (docxtpl copies the template cell's width)."""
    for table in list(body.iter(_TBL)):
        grid = wml.find(table, "w:tblGrid")
        if grid is None:
            continue
        count = _cell_count(table)
        if not _fitted(table, grid, count):
            continue
        cells_by_row = _rows_of_cells(table)
        widths = [int(wml.get(c, "w:w") or 0) for c in wml.findall(grid, "w:gridCol")]
        full_rows = [cells for cells in cells_by_row if len(cells) == count]
        metric = full_rows and wml.get(wml.find(table, "w:tblPr/w:tblStyle"), "w:val") == METRIC_TABLE_STYLE_ID
        margins = _cell_margins(table)
        new_widths = _column_widths(widths, full_rows, count, margins if metric else None)
        _set_widths(table, cells_by_row, new_widths)
        if metric:
            first = len(widths) - 1
            size = _header_size(table, full_rows[0][first:], new_widths[first:], margins)
            break_headers(full_rows[0], new_widths, first, margins, size)
        share_decimals(full_rows, len(widths) - 1)


@dataclass
class _RowsOfLength:
    """What fit_columns reads of the rows with one number of cells: the first of them (its index and
    the style of its first metric paragraph), the width each leading column's text needs, and the
    most decimals of each metric column's figures."""

    first: int
    style: str | None
    needed: list[int]
    decimals: dict[int, int]
    lines: list[list[CellLine]]  # each leading column's lines of text, in a metric table (_two_line_width)


class FittedByRows:
    """fit_columns on one table without tables inside, met one row at a time (a large roll-up: its
    rows are never all in memory as elements). `measure` every row, in order, then `fit` every row
    again, in the same order: each row is changed as fit_columns changes it, and the table's grid
    and width (on `head`, its w:tblPr and w:tblGrid) are set before the first row is fitted."""

    def __init__(self, head: Element) -> None:
        self.head = head
        grid = wml.find(head, "w:tblGrid")
        self.grid = grid
        self.widths = [] if grid is None else [int(wml.get(c, "w:w") or 0) for c in wml.findall(grid, "w:gridCol")]
        self.first = len(self.widths) - 1
        self.metric = wml.get(wml.find(head, "w:tblPr/w:tblStyle"), "w:val") == METRIC_TABLE_STYLE_ID
        self.count = 0
        self.rows = 0
        self.by_length: dict[int, _RowsOfLength] = {}
        self.fitted: list[int] | None = None  # the new widths, once decided (None: not a fitted table)
        self.size = 0
        self.most: dict[int, int] = {}

    def measure(self, row: Element) -> None:
        cells = list(row.iter(_TC))
        length, leading = len(cells), max(0, self.first)
        needed = [_needed_width([cells[i]]) for i in range(min(leading, length))]
        figures = [(column, _figure(cells[column])) for column in range(leading, length)]
        decimals = {column: figure[1] for column, figure in figures if figure is not None}
        lines = [_cell_lines([cells[i]]) for i in range(min(leading, length))] if self.metric else None
        self.measured(length, lambda: style_of_first(cells[self.first :]), needed, decimals, lines)

    def measured(
        self,
        length: int,
        style: Callable[[], str | None],
        needed: list[int],
        decimals: dict[int, int],
        lines: list[list[CellLine]] | None = None,
    ) -> None:
        """What `measure` does with what it reads of a row: its number of cells, the style of its first
        metric paragraph (asked of the first row of each length), the width each leading cell's text
        needs, the decimals of each metric cell holding a figure, and in a metric table the lines of
        each leading cell (lines_of) (rows.py reads them without a parse)."""
        self.count = max(self.count, length)
        seen = self.by_length.get(length)
        if seen is None:
            seen = self.by_length[length] = _RowsOfLength(self.rows, style(), [], {}, [])
            seen.needed = [_needed_width([]) for _ in range(max(0, self.first))]
            seen.lines = [[] for _ in range(max(0, self.first))]
        self.rows += 1
        for i, width in enumerate(needed):
            seen.needed[i] = max(seen.needed[i], width)
        for i, cell_lines in enumerate(lines or []):
            seen.lines[i] += cell_lines
        for column, places in decimals.items():
            seen.decimals[column] = max(seen.decimals.get(column, 0), places)

    def decide(self) -> None:
        """The widths, header size and decimals, from every row measured; the table's grid set."""
        self.rows = 0
        if self.grid is None or not _fitted(self.head, self.grid, self.count):
            return
        full = self.by_length[self.count]
        halved = [_two_line_width(lines) for lines in full.lines]
        room = _MetricRoom(_least_metric_width(full.style, _cell_margins(self.head)), halved) if self.metric else None
        self.fitted = _widths_for(self.widths, full.needed, self.count, room)
        _set_grid(self.head, self.fitted)
        if self.metric:
            self.size = _header_size_for(full.style, self.fitted[self.first :], _cell_margins(self.head))
        self.most = full.decimals

    def fit(self, row: Element) -> None:
        index, self.rows = self.rows, self.rows + 1
        widths = self.fitted
        if widths is None:
            return
        cells = list(row.iter(_TC))
        _set_cell_widths([cells], widths)
        parent = row.getparent()
        if self.size and parent is not None and parent.tag == _TBL:  # (a w:tr of the table's own)
            _set_header_row_size(row, self.size)
        if len(cells) != self.count:
            return
        if self.metric and index == self.by_length[self.count].first:
            break_headers(cells, widths, self.first, _cell_margins(self.head), self.size)
        self._share(cells)

    def fits_alike(self, length: int) -> bool:
        """Whether the next row, of `length` cells, is fitted as any other of its bytes (its widths and
        header size), but for its figures' decimals (suffix): not the row whose metric headers are
        broken into lines (rows.py writes such a row as another's, and then `skip`s it)."""
        if self.fitted is None or length != self.count:
            return True
        return not (self.metric and self.rows == self.by_length[self.count].first)

    def skip(self) -> None:
        """The next row counted as fitted (written by rows.py)."""
        self.rows += 1

    def suffix(self, length: int, column: int, decimals: int) -> str:
        """What the figure of `decimals` decimals in `column` of a fitted row of `length` cells is
        written with (share_decimals)."""
        if self.fitted is None or length != self.count or column < self.first:
            return ""
        return decimals_suffix(decimals, self.most.get(column, 0))

    def _share(self, cells: list[Element]) -> None:
        for column in range(self.first, len(cells)):
            most = self.most.get(column, 0)
            figure = _figure(cells[column]) if most else None  # (no figure has fewer than none)
            if figure is not None:
                _with_decimals(figure, most)


def fitted_table(table: Element) -> bool:
    """Whether fit_columns sizes this table's columns (from a loop, or a metric table)."""
    grid = wml.find(table, "w:tblGrid")
    return grid is not None and _fitted(table, grid, _cell_count(table))


class Passes:
    """The layout passes for one document's parts, by how it is signed: called with a part's
    bytes, it returns them laid out. The render engine gives `from_stream` the render's own
    pieces as well, and the part is laid out from them (stream.py) without parsing it whenever
    an earlier document of the same structure has been laid out by the passes below."""

    def __init__(self, sealed: bool, names: TitleNames = NO_NAMES) -> None:
        self.sealed = sealed
        self.names = names

    def __call__(self, part_name: str, xml: bytes) -> bytes | ZipEntry:
        """A part given without its pieces (a document with charts, laid out once they are in):
        its tables laid out row by row, as a roll-up's (aside.py, rows.py); such a part is
        returned as its zip entry (laid_out_entry)."""
        from .stream import laid_out_by_rows  # (stream.py reads this module's passes)

        return laid_out_by_rows(part_name, xml, self.sealed, self.names, zipped=True)

    def from_stream(self, part_name: str, pieces: list[str], xml: Handed) -> bytes | ZipEntry:
        from .stream import laid_out_from_stream  # (stream.py reads this module's passes)

        return laid_out_from_stream(part_name, pieces, xml, self.sealed, self.names, zipped=True)


def for_document(sealed: bool, names: TitleNames = NO_NAMES) -> Callable[[str, bytes], bytes | ZipEntry]:
    """The layout pass for one document's parts, by how it is signed and the names its title may
    hold (titles.py breaks a long title between them): the part's bytes, or its zip entry when it
    was laid out with its tables aside (a Passes: the engine gives it the render's pieces too)."""
    return Passes(sealed, names)


def apply(part_name: str, xml: str, sealed: bool = True, names: TitleNames = NO_NAMES) -> str:
    """The layout passes a rendered part needs; a part that needs none is returned as it is."""
    data = laid_out(part_name, xml, sealed, names)
    return xml if data is None else data.decode("utf-8")


@dataclass(frozen=True)
class Needs:
    """Which passes a rendered document part needs, from cheap tests on its text."""

    signature: bool
    table: bool
    closing: bool
    large: bool  # a large roll-up: laid out one table in memory at a time (aside.py)
    title: bool = False  # a 公文标题, which may be too long for one line (titles.py)
    mark: bool = False  # a 发文机关标志, which may be too long for one line (masthead.py)


def needs(part_name: str, data: bytes) -> Needs | None:
    """The passes the part needs; None when it needs none (and then no parse)."""
    if part_name != "word/document.xml":
        return None
    has_signature, has_table = std.SIGNATURE.style_id.encode() in data, b"w:tbl" in data
    # A 落款 typed in a clerk's own paragraphs (no 署名 style) ends with a date: "…日" in a run.
    has_closing = has_signature or "日</w:t>".encode() in data
    has_title = std.TITLE.style_id.encode() in data
    has_mark = std.MARK.style_id.encode() in data
    if not (has_closing or has_table or has_title or has_mark):
        return None
    large = has_table and len(data) > LARGE_PART_BYTES
    return Needs(has_signature, has_table, has_closing, large, has_title, has_mark)


def laid_out(
    part_name: str, xml: str | bytes, sealed: bool = True, names: TitleNames = NO_NAMES, by_rows: bool = False
) -> bytes | None:
    """The part laid out, or None when it needs no pass; `names`: those its title may hold.
    `by_rows`: its tables laid out one row at a time whatever the part's size (a roll-up's, as the
    stream sends it: stream.py), as a large part's always are: the same bytes as the whole tree's."""
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    # Cheap text tests first: most parts need no pass, and then no parse.
    need = needs(part_name, data)
    if need is None:
        return None
    if need.large or (by_rows and need.table):  # one table in memory at a time, laid out row by row
        return _with_tables_aside(data, need, sealed, names).to_bytes()
    root = wml.parse(data)
    changed = lay_out(root, need, sealed, names)
    if not (changed or need.closing or need.table):
        return None  # a title and a mark that fit, and nothing else to lay out: the part as it is
    return wml.to_bytes(root)


def laid_out_entry(
    part_name: str, data: bytes | Handed, sealed: bool = True, names: TitleNames = NO_NAMES, by_rows: bool = False
) -> bytes | ZipEntry | None:
    """laid_out, except that a part laid out with its tables aside is its zip entry, compressed as
    it is written (a roll-up's 13 MB part is never whole twice: see TablesAside.write_to). A part
    `Handed` is taken when its tables are set aside (and then held nowhere but by them)."""
    need = needs(part_name, data.peek() if isinstance(data, Handed) else data)
    if need is None or not (need.large or (by_rows and need.table)):
        return laid_out(part_name, data.peek() if isinstance(data, Handed) else data, sealed, names, by_rows)
    entry = DeflatedPart(part_name)
    _with_tables_aside(data, need, sealed, names).write_to(entry)
    return entry.entry()


def _with_tables_aside(data: bytes | Handed, need: Needs, sealed: bool, names: TitleNames) -> TablesAside:
    """The part laid out one table in memory at a time, its tables row by row, ready to be written."""
    aside = TablesAside(data, prepare=lambda tree: on_its_own(tree, need, sealed), fit_rows=FittedByRows)
    on_its_own(aside.root, need, sealed)
    fit_sheet(aside.root, aside.opened)
    _break_fill_in_lines(aside.root)
    if need.title:
        _break_titles(aside.root, names)
    if need.mark:
        _narrow_marks(aside.root)
    paginate(aside.root, tables=True, closing=need.closing, opened=aside.for_flow)
    return aside


def on_its_own(tree: Element, need: Needs, sealed: bool) -> None:
    """The passes that change a part, or a table, by itself."""
    if need.signature:
        if sealed:
            centre_signature_over_date(tree)
        else:
            place_unsealed_signature(tree)
    if need.table:
        fit_columns(tree)


def _break_titles(root: Element, names: TitleNames) -> int:
    body = next(root.iterchildren(wml.qn("w:body")), None)
    return 0 if body is None else break_titles(body, names)


def _break_fill_in_lines(root: Element) -> None:
    body = next(root.iterchildren(wml.qn("w:body")), None)
    if body is not None:
        break_fill_in_lines(body)


def _narrow_marks(root: Element) -> int:
    body = next(root.iterchildren(wml.qn("w:body")), None)
    return 0 if body is None else narrow_marks(body)


def lay_out(root: Element, need: Needs, sealed: bool, names: TitleNames = NO_NAMES) -> int:
    """Every pass, in order, on a parsed part (not a large one: see laid_out); how many lines of
    its title were broken and marks narrowed (once the page is turned, if it is: before the page
    breaks, which measure the title and the mark as they will print)."""
    marks = _narrow_marks(root) if need.mark else 0
    if not (need.closing or need.table):
        return marks + (_break_titles(root, names) if need.title else 0)  # a title or mark alone
    on_its_own(root, need, sealed)
    if need.table:
        fit_sheet(root)  # before the page breaks: it may turn the page
    _break_fill_in_lines(root)  # on the page as turned
    broken = marks + (_break_titles(root, names) if need.title else 0)
    # After fitting (wrapping depends on the column widths) and last (where pages break depends
    # on everything before): table rows kept together and the 落款 kept with the text, in one walk.
    paginate(root, tables=need.table, closing=need.closing)
    return broken
