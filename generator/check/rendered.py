"""GB/T 9704 rules judged on the pages LibreOffice lays out: lines per page, characters per line,
page numbers, the red 版头, and pages a printed 公文 may not have (a 落款 or 附注 alone, a page
left half empty while the text goes on)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.check.defect import Defect
from generator.render.pagination import CONDENSED_CHARS_PER_LINE
from generator.standard import gbt9704 as std

if TYPE_CHECKING:
    from generator.pdf.measure import Line, Page

PORTRAIT_BODY_TOP_MM = std.TYPE_AREA_TOP_MM - 2  # a glyph row may start a little above 37 mm
TYPE_AREA_BOTTOM_MM = std.TYPE_AREA_TOP_MM + std.TYPE_AREA_HEIGHT_MM  # 262 mm
LINE_MM = std.LINE_PITCH / std.TWIPS_PER_MM  # one grid line, 10.4 mm
FIRST_GLYPH_TOP_MM = std.TYPE_AREA_TOP_MM + 2.5  # where the first line's glyphs start, within a line's tolerance
FULL_LINE_MM = std.TYPE_AREA_WIDTH_MM - 6  # a line as wide as the 版心, less under one character
PAGE_NUMBER_CENTRE_MM = TYPE_AREA_BOTTOM_MM + std.PAGE_NUMBER_BELOW_TYPE_AREA_MM  # 一字线 7 mm under: 269 mm
PAGE_NUMBER_TOLERANCE_MM = 4.0
# A page may end this many empty lines short when what follows could not be split (a heading kept
# with its text, a paragraph's last lines); more, and the page looks abandoned.
MOST_EMPTY_LINES = 5
LINE_BREAK_CHECKS = "每页行数、每行字数、落款或附注单独成页、大半页空白"
PAGE_NUMBER = re.compile(r"^[—\-－–]*\s*\d+\s*[—\-－–]*$")


@dataclass(frozen=True)
class Expected:
    """What the checks on the pages need to know from the document's XML."""

    has_masthead: bool = False
    closing: frozenset[str] = field(default_factory=frozenset)  # 署名 and 成文日期, spaces removed
    notes: frozenset[str] = field(default_factory=frozenset)  # 附注
    found: frozenset[str] = field(default_factory=frozenset)  # codes already reported from the XML
    # Word's character grid (文档网格 每行 N 字): LibreOffice sets such a page with other line breaks
    # (14 to a line for 28), so what depends on them cannot be judged on its pages.
    word_grid: bool = False
    first_page_unnumbered: bool = False  # a title page (w:titlePg): a 信函's first page has no number (10.1)

    @property
    def note(self) -> str | None:
        if not self.word_grid:
            return None
        return (
            "文件用了 Word 的文档网格（每行字数由网格定），LibreOffice 排出的换行与 Word 不同："
            f"没有在 PDF 上检查{LINE_BREAK_CHECKS}（每行字数已按网格检查）"
        )


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check_pages(pages: list[Page], expected: Expected) -> list[Defect]:
    """Every defect of the laid-out pages that the XML did not already show; landscape pages (tables)
    are left alone, and so is a document whose paper or margins are wrong (fix those first)."""
    if expected.found & {"page-size", "margins", "margins-unset"}:
        return []
    portrait = [p for p in pages if p.width <= p.height]
    unnumbered = _unnumbered_pages(pages, expected)
    defects = [
        d
        for page in portrait
        if page.number not in unnumbered
        for d in _check_rendered_page_number(page, several_pages=len(pages) > 1)
    ]
    if not expected.word_grid:
        defects += _check_line_breaks(portrait, pages, expected)
    if expected.has_masthead and pages:
        defects += _check_red_masthead(pages[0])
    return _grouped([d for d in defects if d.code not in expected.found])


def _unnumbered_pages(pages: list[Page], expected: Expected) -> set[int]:
    """Pages that carry no page number: a blank page before the 版记's page and that page (7.5),
    and a 信函's first page (10.1)."""
    blank = {p.number for p in pages if not _lines_in_type_area(p) and not p.pictures}
    unnumbered = set(blank)
    if pages and pages[-1].number - 1 in blank:
        unnumbered.add(pages[-1].number)
    if expected.first_page_unnumbered:
        unnumbered.add(1)
    return unnumbered


def _check_line_breaks(portrait: list[Page], pages: list[Page], expected: Expected) -> list[Defect]:
    """What depends on where lines and pages break: lines per page, characters per line, a lone
    落款 or 附注, a page left half empty."""
    defects: list[Defect] = []
    full_lines: list[tuple[int, Line]] = []  # lines of Chinese as wide as the 版心
    roles = {page.number: _page_role(page, expected) for page in portrait}
    # 7.3.5.5: a 落款's page may be set closer or looser to hold it, and the paragraphs of the page
    # before it set a little closer (调整字距) so that a line of text comes up with it.
    closing_pages = {n for n, r in roles.items() if r in ("closing", "text+closing")}
    condensed_pages = closing_pages | {n - 1 for n in closing_pages}
    for page in portrait:
        body = _body_lines(page)
        defects += _check_line_count(page, body, closing=page.number in closing_pages)
        if not page.rules:
            full_lines += [
                (page.number, ln)
                for ln in body
                if _is_full_line(ln) and (page.number not in condensed_pages or ln.cjk_count() <= std.CHARS_PER_LINE)
            ]
        defects += _check_alone(page, roles[page.number], expected)
    return defects + _check_half_empty(pages, roles) + _check_chars_per_line(full_lines)


def _text_lines(page: Page) -> list[Line]:
    """The lines of text inside the 版心 (the page number is below it)."""
    return [ln for ln in page.lines if ln.top >= PORTRAIT_BODY_TOP_MM - 30 and ln.bottom <= TYPE_AREA_BOTTOM_MM + 1]


def _page_role(page: Page, expected: Expected) -> str:
    """What a portrait page holds: only 落款 ("closing"), only 附注 ("note"), text ending in the
    落款 ("text+closing"), text ("text"), or nothing to judge ("other")."""
    lines = [squeeze(ln.text) for ln in _text_lines(page) if ln.size >= 15.0]
    if not lines:
        return "other"
    # 「此页无正文」 is how a clerk marks a 落款 left alone on its page: it does not make it text.
    closing = [_among(t, expected.closing) or "此页无正文" in t for t in lines]
    notes = [_among(t, expected.notes) for t in lines]
    if all(notes):
        return "note"
    if all(c or n for c, n in zip(closing, notes, strict=True)):
        return "closing"
    return "text+closing" if any(closing) else "text"


def _among(line: str, texts: frozenset[str]) -> bool:
    """Whether a laid-out line is (part of) one of these paragraphs."""
    return bool(line) and any(line in text for text in texts)


def _check_alone(page: Page, role: str, expected: Expected) -> list[Defect]:
    where = f"第 {page.number} 页"
    if role == "closing" and page.number > 1:
        return [Defect("closing-alone", where,
                       "这一页只有落款（发文机关署名、成文日期），没有正文：落款应与正文同页，"
                       "可删去空行或调整行距、字距（7.3.5.5）")]  # fmt: skip
    if role == "note" and page.number > 1:
        note = next(iter(sorted(expected.notes)), "")
        return [Defect("note-alone", where, f"这一页只有附注「{note}」：附注应紧接在成文日期下一行，不单独成页")]
    return []


def _body_lines(page: Page) -> list[Line]:
    """The lines of 三号 body text inside the 版心."""
    return [ln for ln in _lines_in_type_area(page) if 15.0 <= ln.size <= 17.0]


def _lines_in_type_area(page: Page) -> list[Line]:
    return [ln for ln in page.lines if ln.top >= PORTRAIT_BODY_TOP_MM and ln.bottom <= TYPE_AREA_BOTTOM_MM + 1]


def _is_full_line(line: Line) -> bool:
    """A line as wide as the 版心, of Chinese characters alone and no brackets or quotation marks
    (a citation's 《》 or a （） may not be split, and the line before it then holds 27)."""
    return (
        line.x1 - line.x0 >= FULL_LINE_MM
        and line.cjk_count() == len(line.text)
        and not any(mark in line.text for mark in "《》“”‘’（）〔〕")
    )


def _check_line_count(page: Page, body: list[Line], closing: bool) -> list[Defect]:
    """A page of body text alone has 22 lines. A page may end short (the page before the 落款, the
    last page of text, a page before a new part): only lines that reach the foot of the 版心 and are
    fewer than 22 are set too far apart. The 落款's own page may be set closer or looser to hold
    it (7.3.5.5)."""
    if closing or not body or len(body) != len(_lines_in_type_area(page)) or page.rules:
        return []  # headings, tables or the 版记 on the page: their lines are not 22 to a page
    too_many = len(body) > std.LINES_PER_PAGE
    # Fewer lines from the head of the 版心 to its foot: set too far apart (empty lines at the head
    # of the page are the half-empty check's business).
    short = (
        len(body) < std.LINES_PER_PAGE
        and body[-1].bottom > TYPE_AREA_BOTTOM_MM - 6
        and body[0].top < FIRST_GLYPH_TOP_MM + LINE_MM / 2
    )
    if too_many or short:
        return [Defect("lines-per-page", f"第 {page.number} 页", f"排了 {len(body)} 行，应为每页 22 行")]
    return []


def _check_half_empty(pages: list[Page], roles: dict[int, str]) -> list[Defect]:
    """A page left mostly empty while the text goes on to the next (a stray page break, 段前分页,
    empty paragraphs at a page's foot or at the next one's head, a picture that did not fit)."""
    defects = []
    for page, following in itertools.pairwise(pages):
        if roles.get(page.number) == "text" and roles.get(following.number) in ("text", "text+closing"):
            defects += _gap(page, following)
    return defects


def _gap(page: Page, following: Page) -> list[Defect]:
    lines, next_lines = _text_lines(page), _lines_in_type_area(following)
    if not lines or not next_lines or next_lines[0].size > 17.0:
        return []  # the next page starts with a title
    if squeeze(next_lines[0].text).startswith("附件"):
        return []  # an attachment starts on a new page (7.3.7)
    where = f"第 {page.number} 页"
    below = (TYPE_AREA_BOTTOM_MM - lines[-1].bottom) / LINE_MM
    near_top = next_lines[0].top + 3 * LINE_MM
    if next_lines[0].size < 15.0 or any(rule.top < near_top for rule in following.rules) or following.pictures:
        # A table or chart (its small type, its rules) at the head of the next page, or a picture:
        # it did not fit the rest of this page, and moved whole.
        if below <= MOST_EMPTY_LINES:
            return []
        what, remedy = ("图片", "可缩小图片") if following.pictures else ("图表或表格", "可缩小图表、让表格跨页")
        message = (f"下面空了约 {below:.0f} 行：第 {following.number} 页开头的{what}在这一页排不下，"
                   f"{remedy}，或把它移到引用它的段落之后")  # fmt: skip
        return [Defect("half-empty-page", where, message)]
    above = max(0.0, (next_lines[0].top - FIRST_GLYPH_TOP_MM) / LINE_MM)
    if below + above <= MOST_EMPTY_LINES:
        return []
    if above < 0.5:
        gap = f"下面空了约 {below:.0f} 行"
    else:
        gap = f"下面和第 {following.number} 页上面共空了约 {below + above:.0f} 行"
    return [Defect("half-empty-page", where, f"{gap}，正文接着排在第 {following.number} 页：删去多余的空行或分页符")]


def _check_rendered_page_number(page: Page, several_pages: bool) -> list[Defect]:
    """The page number: there, as 「— N —」, 7 mm under the 版心, on the outer side."""
    where = f"第 {page.number} 页"
    numbers = [ln for ln in page.lines if ln.top > TYPE_AREA_BOTTOM_MM + 1 and any(c.isdigit() for c in ln.text)]
    if numbers:
        return _page_number_defects(page, numbers[0], where)
    top = PORTRAIT_BODY_TOP_MM - 8
    if any(ln.bottom < top and PAGE_NUMBER.match(squeeze(ln.text)) for ln in page.lines):
        return [Defect("page-number-place", where, "页码在页眉，应在版心下方 7 mm（页脚）")]
    return [Defect("page-number-missing", where, "没有页码")] if several_pages else []


def _page_number_defects(page: Page, number: Line, where: str) -> list[Defect]:
    defects = []
    if not re.fullmatch(r"—\s?\d+\s?—", number.text.replace(" ", "")):
        defects.append(Defect("page-number-format", where, "页码两边应各有一条一字线，如「— 1 —」"))
    centre = (number.top + number.bottom) / 2
    if abs(centre - PAGE_NUMBER_CENTRE_MM) > PAGE_NUMBER_TOLERANCE_MM:
        message = f"页码在纸张上边 {centre:.0f} mm 处，应在版心下 7 mm（约 {PAGE_NUMBER_CENTRE_MM:.0f} mm）"
        defects.append(Defect("page-number-place", where, message))
    middle, odd = page.width / 2, page.number % 2 == 1
    if (odd and number.x0 < middle) or (not odd and number.x1 > middle):
        defects.append(Defect("page-number-side", where, "页码应单页居右、双页居左（各空一字）"))
    return defects


# A paragraph set a little closer, up to 30 字 a line (an office's 紧缩 1 磅), so that its last line
# does not hold one character alone (安。) or so that the 落款 keeps with the text (7.3.5.5): a 文秘
# tightens it so (5.2.3 allows 适当调整; docs/layout.md), anywhere in the text.
TIGHTENED_CHARS_PER_LINE = max(CONDENSED_CHARS_PER_LINE)


def _check_chars_per_line(full_lines: list[tuple[int, Line]]) -> list[Defect]:
    """28 characters to a full line: most full lines hold 28, and none more but a paragraph's lines
    tightened to TIGHTENED_CHARS_PER_LINE (a line may hold 27 where a closing mark may not start the
    next line)."""
    counts = Counter(ln.cjk_count() for _, ln in full_lines)
    if sum(counts.values()) < 3:
        return []
    usual = counts.most_common(1)[0][0]
    if usual == std.CHARS_PER_LINE and max(counts) <= TIGHTENED_CHARS_PER_LINE:
        return []
    usual = max(counts) if max(counts) > TIGHTENED_CHARS_PER_LINE else usual
    first, example = next((n, ln) for n, ln in full_lines if ln.cjk_count() == usual)
    message = f"「{example.text[:8]}…」等 {counts[usual]} 行每行 {usual} 字，应为每行 28 字"
    return [Defect("chars-per-line", f"第 {first} 页", message)]


def _check_red_masthead(page_one: Page) -> list[Defect]:
    from generator.pdf.measure import is_red

    red_text = any(is_red(c.color) for ln in page_one.lines for c in ln.chars)
    red_rule = any(is_red(r.color) and r.x1 - r.x0 > 100 for r in page_one.rules)
    if red_text and red_rule:
        return []
    missing = "、".join(n for n, ok in (("发文机关标志", red_text), ("分隔线", red_rule)) if not ok)
    return [Defect("red-masthead", "第 1 页", f"版头的{missing}不是红色")]


def _grouped(defects: list[Defect]) -> list[Defect]:
    """The same defect on many pages, said once: 第 2 页等 6 页."""
    pages: dict[tuple[str, str], list[str]] = {}
    for defect in defects:
        pages.setdefault((defect.code, defect.message), []).append(defect.where)
    return [
        Defect(code, places[0] + (f"等 {len(places)} 页" if len(places) > 1 else ""), message)
        for (code, message), places in pages.items()
    ]


def read_pages(pdf: Path) -> list[Page]:
    from generator.pdf.measure import read_pdf

    return read_pdf(pdf)
