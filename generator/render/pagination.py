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
from dataclasses import dataclass

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.schema_order import reorder
from generator.standard.wordml import Element

from .metrics import line_starts, wrapped_lines

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
# Paragraph properties read on every paragraph of every walk: found with lxml's own find (in C)
# under their qualified names, not through wordml's path steps.
_PPR, _PSTYLE, _VAL = wml.qn("w:pPr"), wml.qn("w:pStyle"), wml.qn("w:val")
_KEEP_NEXT, _PAGE_BREAK, _SPACING = wml.qn("w:keepNext"), wml.qn("w:pageBreakBefore"), wml.qn("w:spacing")


def _property(paragraph: Element, tag: str) -> Element | None:
    ppr = paragraph.find(_PPR)
    return None if ppr is None else ppr.find(tag)


def _role(paragraph: Element) -> std.Role | None:
    style = _property(paragraph, _PSTYLE)
    return None if style is None else _ROLES.get(style.get(_VAL) or "")


def _twips(element: Element | None, attribute: str, default: int = 0, signed: bool = False) -> int:
    value = wml.get(element, attribute)
    digits = value.lstrip("-") if value and signed else value
    return int(value) if value and digits and digits.isdigit() else default


def _advance(role: std.Role) -> int:
    """One 字 as laid out in twips: 三号 runs are condensed by BODY_CHAR_SPACING (see gbt9704)."""
    return role.size * 10 + (std.BODY_CHAR_SPACING if role.size == std.SIZE_SANHAO else 0)


def _segments(paragraph: Element) -> list[str]:
    """The paragraph's text, cut at each w:br."""
    segments = [""]
    for node in paragraph.iter(_T, _BR):
        if node.tag == _BR:
            segments.append("")
        else:
            segments[-1] += node.text or ""
    return segments


def _line_count(paragraph: Element, width: int, condensed_by: int = 0) -> int:
    """How many lines the paragraph wraps into at `width`: the first line is shorter by its
    first-line indent; `condensed_by` twips less per character (a tightened paragraph)."""
    role = _role(paragraph) or std.BODY
    advance = _advance(role) - condensed_by
    first = max(width - role.left - role.first_line + role.hanging, advance)
    rest = max(width - role.left, advance)
    return sum(wrapped_lines(segment, advance, first, rest) for segment in _segments(paragraph))


def _paragraph_height(paragraph: Element, width: int) -> int:
    """Lines (wrapped at `width`, and at each w:br) times the style's line height, plus any
    spacing set on the paragraph itself."""
    role = _role(paragraph) or std.BODY
    spacing = _property(paragraph, _SPACING)
    height = _line_count(paragraph, width) * _line_height(role)
    return height + _twips(spacing, "w:before") + _twips(spacing, "w:after")


def _row_height(row: Element) -> int:
    tallest = _twips(wml.find(row, "w:trPr/w:trHeight"), "w:val")
    for cell in wml.findall(row, "w:tc"):
        width = _twips(wml.find(cell, "w:tcPr/w:tcW"), "w:w", std.CHAR_WIDTH * 4) - std.STATS_CELL_MARGINS
        tallest = max(tallest, sum(_paragraph_height(p, width) for p in wml.findall(cell, "w:p")))
    return tallest + _ROW_BORDER


def _starts_page(paragraph: Element) -> bool:
    direct = _property(paragraph, _PAGE_BREAK)
    if direct is not None:
        return direct.get(_VAL) not in ("0", "false")
    role = _role(paragraph)
    if role is not None and role.page_break_before:
        return True
    return any(wml.get(br, "w:type") == "page" for br in paragraph.iter(wml.qn("w:br")))


def _keeps_with_next(paragraph: Element) -> bool:
    direct = _property(paragraph, _KEEP_NEXT)
    if direct is not None:
        return direct.get(_VAL) not in ("0", "false")
    role = _role(paragraph)
    return role is not None and role.keep_next


def _properties(paragraph: Element) -> Element:
    """The paragraph's pPr, made when it has none (pPr is a paragraph's first child)."""
    ppr = wml.find(paragraph, "w:pPr")
    if ppr is None:
        ppr = wml.element("w:pPr")
        paragraph.insert(0, ppr)
    return ppr


def _set_keep_next(paragraph: Element) -> None:
    ppr = _properties(paragraph)
    if wml.find(ppr, "w:keepNext") is None:
        wml.sub(ppr, "w:keepNext")
        reorder(ppr)  # keepNext has its place in pPr's sequence (ISO/IEC 29500)


def _keep_row_with_next(row: Element) -> None:
    for paragraph in wml.findall(row, "w:tc/w:p"):
        _set_keep_next(paragraph)


def _keep_rows(rows: list[Element], whole: bool) -> None:
    if whole:
        kept = rows[:-1]
    else:
        header = sum(1 for row in rows if wml.find(row, "w:trPr/w:tblHeader") is not None)
        kept = rows[: header + KEPT_FIRST_ROWS] + rows[-1 - KEPT_LAST_ROWS : -1]
    for row in kept:
        _keep_row_with_next(row)


class _Flow:
    """The running position on the current page while walking the body. Paragraphs break at any
    line (the styles turn widow control off); a chain of keep-with-next paragraphs moves to the
    next page whole when the first line after it would not share its page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.used = 0  # twips printed on the current page
        self.chain = 0  # height of the paragraphs just before that keep with what follows
        self.chain_from = 0  # where on its page the chain starts

    def paragraph(self, paragraph: Element) -> None:
        if _starts_page(paragraph):
            self.used, self.chain = 0, 0
        height = _paragraph_height(paragraph, self.page.width)
        keeps = _keeps_with_next(paragraph)
        if not keeps:
            self._settle_chain(std.LINE_PITCH)
        elif not self.chain:
            self.chain_from = self.used
        self._advance(height)
        self.chain = self.chain + height if keeps else 0

    def _settle_chain(self, following: int) -> None:
        """Move the running chain to a new page if it and `following` twips after it do not fit."""
        overflows = self.chain_from + self.chain + following > self.page.height
        if self.chain and overflows and self.chain + following <= self.page.height:
            self.used = self.chain

    def table(self, table: Element) -> None:
        rows = wml.findall(table, "w:tr")
        if len(rows) < 2:
            self._advance(sum(_row_height(r) for r in rows))
            self.chain = 0
            return
        heights = [_row_height(r) for r in rows]
        height = sum(heights)
        fits_here = self.used + height <= self.page.height - SAFETY
        fits_a_page = self.chain + height <= self.page.height - SAFETY
        filled = self.used - self.chain >= MOVE_WHEN_PAGE_FILLED * self.page.height
        whole = fits_here or (fits_a_page and filled)
        _keep_rows(rows, whole)
        if fits_here:
            self.used += height
        elif whole:
            self.used = self.chain + height
        else:
            self.used = (self.used + height) % self.page.height  # roughly: header rows repeat
        self.chain = 0

    def _advance(self, height: int) -> None:
        self.used += height
        while self.used > self.page.height:  # the paragraph goes on over the page foot
            self.used -= self.page.height


def _sections(body: Element) -> list[Element | None]:
    """For each block of the body, the sectPr of its section (the one at or after it)."""
    sections: list[Element | None] = []
    current: Element | None = wml.find(body, "w:sectPr")
    for child in reversed(list(body)):
        inner = wml.find(child, "w:pPr/w:sectPr") if child.tag == wml.qn("w:p") else None
        if inner is not None:
            current = inner
        sections.append(current)
    sections.reverse()
    return sections


def _walk(body: Element, stop: int | None = None, probe: int | None = None) -> tuple[Page, int] | None:
    """Flow the body's blocks (up to index `stop`), keeping tables together on the way. Returns
    the page and the position on it where block `probe` starts (None without a probe)."""
    children = list(body)[:stop]
    sections = _sections(body)
    flow: _Flow | None = None
    flow_section: Element | None = None
    found: tuple[Page, int] | None = None
    for index, (child, section) in enumerate(zip(children, sections, strict=False)):
        if flow is None or section is not flow_section:  # a new section starts a new page
            flow, flow_section = _Flow(_page_of(section)), section
        if index == probe:
            found = flow.page, flow.used
        if child.tag == wml.qn("w:p"):
            flow.paragraph(child)
        elif child.tag == wml.qn("w:tbl") and wml.find(child, "w:tblPr/w:tblpPr") is None:
            flow.table(child)  # a floating table (the 版记) takes no room in the flow
    return found


def paginate(root: Element, tables: bool = True, closing: bool = True) -> None:
    """Both passes of this module in one walk of the body: rows of tables kept together (see the
    module's docstring) and the 落款 kept with the text (see _fit_closing_block)."""
    body = wml.find(root, "w:body")
    if body is None:
        return
    children = list(body)
    block = _closing_block(children) if closing else None
    if block is not None:
        for paragraph in children[block[0] : block[2]]:
            _set_keep_next(paragraph)
    if not tables and block is None:
        return
    # Without tables to keep, the walk need not go past the 落款.
    where = _walk(body, None if tables else (block[0] + 1 if block else 0), block[0] if block else None)
    if block is not None and where is not None:
        _fit_closing_block(body, children, block, *where)


# --- the 落款: 署名 and date with the text (GB/T 9704 7.3.5.5) ------------------------------------

# The last text paragraph, any 附件说明 and the blank lines keep with the 署名 and date. When the
# whole block does not fit the rest of a page it moves, and leaves that page short by its height;
# a page left at most this many lines short is ordinary.
SHORT_PAGE_LINES = 3
_BLOCK_STYLES = (std.BLANK.style_id, std.ATTACHMENT_NOTE.style_id)


def _closing_block(children: list[Element]) -> tuple[int, int, int] | None:
    """(first, signature, date) indices: the last text paragraph before the first 署名, the
    署名, and the date after it; None when the document has no 落款."""
    styles = [wml.style_of(c) if c.tag == wml.qn("w:p") else None for c in children]
    signature = next((i for i, s in enumerate(styles) if s == std.SIGNATURE.style_id), None)
    if signature is None:
        return None
    date = next((i for i in range(signature, len(children)) if styles[i] == std.DATE.style_id), None)
    if date is None or date - signature > 4:
        return None
    first = signature
    while first > 0 and styles[first - 1] in _BLOCK_STYLES:
        first -= 1
    if first == 0 or styles[first - 1] is None:  # a table, or nothing, before the block
        return None
    return first - 1, signature, date


# 7.3.5.5's other remedy, 调整行距: the block's page may be set on lines down to this pitch
# (26 pt, a usual office setting for 三号) to hold the text with its 落款.
TIGHTEST_PITCH = 520


def _page_top(children: list[Element], first: int, used: int, width: int) -> tuple[int, int] | None:
    """(index, twips): the first paragraph that starts on the page where `first` starts `used`
    twips down, and how much of that page a paragraph from the page before fills above it; None
    when a table shares the page (its height is an estimate, its rows are not on the pitch)."""
    remaining, top = used, first
    while remaining > 0 and top > 0:
        previous = children[top - 1]
        if previous.tag != wml.qn("w:p"):
            return None
        height = _paragraph_height(previous, width)
        if height > remaining:
            break  # it begins on the page before; its last lines are at the top of this one
        remaining -= height
        top -= 1
    return top, remaining


def _tightened_pitch(paragraphs: list[Element], above: int, page: Page) -> int | None:
    """The exact line pitch that sets `paragraphs` in the page under `above` twips, if allowed."""
    lines = sum(_line_count(p, page.width) for p in paragraphs)
    text_lines = sum(_line_count(p, page.width) for p in paragraphs if "".join(p.itertext()).strip())
    pitch = (page.height - above) // max(lines, 1)
    if pitch < TIGHTEST_PITCH or above // std.LINE_PITCH + text_lines > std.LINES_PER_PAGE:
        return None  # too tight to read, or more lines than a page may print (gongwen check)
    return min(pitch, std.LINE_PITCH)


def _set_pitch(paragraph: Element, pitch: int) -> None:
    """Exact line spacing off the document grid (Word and LibreOffice honour it only so)."""
    ppr = _properties(paragraph)
    # (an lxml element without children is falsy: no `find(...) or sub(...)` here)
    snap = wml.find(ppr, "w:snapToGrid")
    if snap is None:
        snap = wml.sub(ppr, "w:snapToGrid")
    wml.set_attr(snap, "w:val", "0")
    spacing = wml.find(ppr, "w:spacing")
    if spacing is None:
        spacing = wml.sub(ppr, "w:spacing")
    wml.set_attr(spacing, "w:line", pitch)
    wml.set_attr(spacing, "w:lineRule", "exact")
    reorder(ppr)


# What goes with the 落款 when the block cannot stay on its page: the last lines of the last
# paragraph, not the whole of it (which would leave the page short by all its lines).
LINES_KEPT_WITH_SIGNATURE = 2


def _plain_text(paragraph: Element) -> str | None:
    """The paragraph's text if it is plain CJK text in its own runs (no tab, break, field, link,
    tracked change or digit)."""
    plain = {wml.qn(n) for n in ("w:pPr", "w:r", "w:bookmarkStart", "w:bookmarkEnd", "w:proofErr")}
    if any(child.tag not in plain for child in paragraph):
        return None
    runs = wml.findall(paragraph, "w:r")
    if any(child.tag not in (wml.qn("w:rPr"), _T) for run in runs for child in run):
        return None
    text = "".join(t.text or "" for run in runs for t in wml.findall(run, "w:t"))
    return None if any(ch.isascii() and ch.isalnum() for ch in text) else text


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


def _split_off_last_lines(paragraph: Element, width: int) -> None:
    """Cut the paragraph before its last LINES_KEPT_WITH_SIGNATURE lines into two: the first part
    flows freely, the second (no first-line indent) keeps with the 落款. Only plain CJK text is
    cut: with Latin letters or digits, Word (which adds no space around them) may break the lines
    elsewhere than LibreOffice, and a cut in the wrong place would show as a short line."""
    role = _ROLES.get(wml.style_of(paragraph) or "", std.BODY)
    text = _plain_text(paragraph)
    if text is None:
        return
    starts = line_starts(text, _advance(role), width - role.left - role.first_line, width - role.left)
    if len(starts) < LINES_KEPT_WITH_SIGNATURE:
        return  # the paragraph is no longer than what would go anyway
    cut = starts[-LINES_KEPT_WITH_SIGNATURE]
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


def _fit_closing_block(
    body: Element, children: list[Element], block: tuple[int, int, int], page: Page, start: int
) -> None:
    """Keep the 署名 and date on the page of the text, and that page full (7.3.5.5).

    (paginate has made the last text paragraph, the 附件说明 and the blank lines keep with the
    署名, so the 署名 never starts a page alone.) Where that block would move to a new page and
    leave the page before it more than SHORT_PAGE_LINES short, the page is adjusted as the
    standard allows ("调整行距"): one of the two blank lines left for the seal goes (one line still
    separates the seal from the text), and if that is not enough the page's paragraphs are set a
    little closer, down to TIGHTEST_PITCH. Where even that cannot hold it, the last paragraph is
    cut so that only its last lines go to the next page with the 落款."""
    first, _, date = block
    height = sum(_paragraph_height(p, page.width) for p in children[first : date + 1])
    if start + height <= page.height or page.height - start <= SHORT_PAGE_LINES * std.LINE_PITCH:
        return
    _adjust_page(body, children, block, page, start, height)


def _adjust_page(
    body: Element, children: list[Element], block: tuple[int, int, int], page: Page, start: int, height: int
) -> None:
    """The adjustments of _fit_closing_block, for a block of `height` twips from `start` on its page."""
    first, signature, date = block
    seal_room = [children[i] for i in (signature - 2, signature - 1) if i > first]
    two_blanks = len(seal_room) == 2 and all(wml.style_of(p) == std.BLANK.style_id for p in seal_room)
    spare = seal_room[1] if two_blanks else None
    if spare is not None and start + height - std.LINE_PITCH <= page.height:
        body.remove(spare)
        return
    top = _page_top(children, first, start, page.width)
    if top is None:
        return
    paragraphs = [p for p in children[top[0] : date + 1] if p is not spare]
    pitch = _tightened_pitch(paragraphs, top[1], page)
    if pitch is None:  # more than spacing can absorb: only the last lines go with the 落款
        _split_off_last_lines(children[first], page.width)
        return
    if spare is not None:
        body.remove(spare)
    for paragraph in paragraphs:
        _set_pitch(paragraph, pitch)
