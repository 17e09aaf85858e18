"""GB/T 9704 checks on any .docx, from its XML and from its LibreOffice PDF: `gongwen check`.

Works on documents gongwen did not make, so nothing here relies on our style
names: paragraphs are recognised by their text (发文字号, 成文日期, headings)
and by their formatting (the title is the first centred, non-red paragraph
larger than the body text). Each finding names the defect and where it is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.package import read_parts

if TYPE_CHECKING:
    from generator.pdf.measure import Line, Page

W = wml.W
NS = {"w": W}
MARGIN_TOLERANCE = std.mm(1.0)  # 1 mm either way
# Faces that carry Chinese glyphs, by the names Word and WPS write.
CJK_FACES = {
    *std.OFFICIAL_FONTS,
    "仿宋",
    "楷体",
    "华文仿宋",
    "华文楷体",
    "华文中宋",
    "微软雅黑",
    "FangSong",
    "FangSong_GB2312",
    "KaiTi",
    "KaiTi_GB2312",
    "SimHei",
    "SimSun",
    "STFangsong",
    "Microsoft YaHei",
}
CJK = "\u3400-\u9fff"
NUMERAL = "一二三四五六七八九十"
HEADING_PATTERNS = (
    re.compile(rf"^([{NUMERAL}]+)、"),
    re.compile(rf"^（([{NUMERAL}]+)）"),
    re.compile(r"^(\d+)[.．](?!\d)"),
    re.compile(r"^（(\d+)）"),
)
WENHAO = re.compile(r"^\S{1,12}?([〔\[【(（])\s*(\d{4})\s*([〕\]】)）])\s*(\d+)\s*号$")
DATE = re.compile(rf"^([\d〇零{NUMERAL}]{{4}})\s*年\s*([\d{NUMERAL}]{{1,3}})\s*月\s*([\d{NUMERAL}]{{1,3}})\s*日$")
ASCII_PUNCT = re.compile(rf"[{CJK}][,;:?!()]|[,;:?!()][{CJK}]|[{CJK}]\.(?!\d)")


@dataclass(frozen=True)
class Defect:
    code: str  # stable, for --json
    where: str  # e.g. 第 12 段「一、工作目标」
    message: str

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


def _mm(twips: int) -> str:
    return f"{twips / std.TWIPS_PER_MM:.1f}".removesuffix(".0")


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    digits = {c: i + 1 for i, c in enumerate(NUMERAL[:9])}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    if "十" in text:
        tens, _, units = text.partition("十")
        return digits.get(tens, 0) * 10 + digits.get(units, 0)
    return digits.get(text, 0)


def _attribute(element: etree._Element | None, attr: str) -> str | None:
    return None if element is None else str(v) if (v := element.get(f"{{{W}}}{attr}")) is not None else None


class _Styles:
    """Run properties as Word resolves them: direct, paragraph style chain, document defaults."""

    def __init__(self, styles_xml: bytes | None):
        self.by_id: dict[str, etree._Element] = {}
        self.defaults: etree._Element | None = None
        if styles_xml:
            root = wml.parse(styles_xml)
            for style in root.iterfind("w:style", NS):
                self.by_id[style.get(f"{{{W}}}styleId", "")] = style
            self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        while style_id and style_id in self.by_id and len(chain) < 20:
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find("w:basedOn", NS)
            style_id = based.get(f"{{{W}}}val") if based is not None else None
        return chain

    def run_property(self, run: etree._Element, paragraph: etree._Element, path: str, attr: str) -> str | None:
        """The first value of rPr/path@attr along: run, run style, paragraph style chain, defaults."""
        candidates: list[etree._Element | None] = [run.find("w:rPr", NS)]
        run_style = run.find("w:rPr/w:rStyle", NS)
        if run_style is not None:
            candidates += [s.find("w:rPr", NS) for s in self._chain(run_style.get(f"{{{W}}}val"))]
        para_style = paragraph.find("w:pPr/w:pStyle", NS)
        style_id = para_style.get(f"{{{W}}}val") if para_style is not None else None
        if style_id is None:
            style_id = next(
                (
                    i
                    for i, s in self.by_id.items()
                    if s.get(f"{{{W}}}default") == "1" and s.get(f"{{{W}}}type") == "paragraph"
                ),
                None,
            )
        candidates += [s.find("w:rPr", NS) for s in self._chain(style_id)]
        candidates.append(self.defaults)
        for rpr in candidates:
            if rpr is None:
                continue
            value = _attribute(rpr.find(path, NS), attr)
            if value is not None:
                return value
        return None

    def paragraph_property(self, paragraph: etree._Element, path: str, attr: str) -> str | None:
        ppr = paragraph.find("w:pPr", NS)
        if ppr is not None and (value := _attribute(ppr.find(path, NS), attr)) is not None:
            return value
        para_style = paragraph.find("w:pPr/w:pStyle", NS)
        for style in self._chain(para_style.get(f"{{{W}}}val") if para_style is not None else None):
            if (value := _attribute(style.find(f"w:pPr/{path}", NS), attr)) is not None:
                return value
        return None


def _where(number: int, text: str) -> str:
    excerpt = text.strip()[:12] + ("…" if len(text.strip()) > 12 else "")
    return f"第 {number} 段「{excerpt}」"


def check_document(path: Path) -> list[Defect]:
    """Every defect found in one .docx (empty: it conforms to what is checked from the XML)."""
    parts = read_parts(path)
    document = wml.parse(parts["word/document.xml"])
    styles = _Styles(parts.get("word/styles.xml"))
    body = document.find("w:body", NS)
    defects: list[Defect] = []
    defects += _check_page(body)
    paragraphs = [p for p in body.iterfind("w:p", NS)]  # outside tables: the text of the document
    texts = [wml.paragraph_text(p) for p in paragraphs]
    defects += _check_fonts(paragraphs, texts, styles)
    defects += _check_sizes(paragraphs, texts, styles)
    defects += _check_page_numbers(parts, styles)
    defects += _check_text(texts)
    defects += _check_headings(texts)
    return defects


def _check_page(body: etree._Element) -> list[Defect]:
    defects = []
    for sect in body.iter(f"{{{W}}}sectPr"):
        size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
        if size is None or margins is None:
            continue
        width, height = int(size.get(f"{{{W}}}w", 0)), int(size.get(f"{{{W}}}h", 0))
        # Either orientation; 20 twips (0.35 mm) of rounding allowed.
        if abs(min(width, height) - std.PAGE_WIDTH) > 20 or abs(max(width, height) - std.PAGE_HEIGHT) > 20:
            defects.append(
                Defect(
                    "page-size",
                    "页面设置",
                    f"纸张不是 A4（210 × 297 mm），而是 {_mm(width)} × {_mm(height)} mm",
                )
            )
            continue
        if width > height:
            continue  # a landscape table page: its margins follow the table, not the text 版心
        margin = {k: int(margins.get(f"{{{W}}}{k}", 0)) for k in ("top", "bottom", "left", "right")}
        expected = {"top": std.MARGIN_TOP, "left": std.MARGIN_LEFT, "right": std.MARGIN_RIGHT}
        # The top margin may sit up to 3 mm above 37 mm: the first glyph starts below the line's top.
        top_ok = std.mm(std.TYPE_AREA_TOP_MM - 3) <= margin["top"] <= std.mm(std.TYPE_AREA_TOP_MM) + MARGIN_TOLERANCE
        for side, name in (("left", "左（订口）"), ("right", "右")):
            if abs(margin[side] - expected[side]) > MARGIN_TOLERANCE:
                defects.append(
                    Defect(
                        "margins",
                        "页面设置",
                        f"{name}边距 {_mm(margin[side])} mm，应为 {_mm(expected[side])} mm（版心宽 156 mm）",
                    )
                )
        if not top_ok:
            defects.append(Defect("margins", "页面设置", f"上边距 {_mm(margin['top'])} mm，应使版心距纸张上边 37 mm"))
        type_height = height - margin["top"] - margin["bottom"]
        # 225 mm from the first glyph's top to the last one's foot; the margins may hold the
        # last line's leading below that, up to one line (about 6 mm).
        if not std.mm(std.TYPE_AREA_HEIGHT_MM - 1) <= type_height <= std.mm(std.TYPE_AREA_HEIGHT_MM + 6):
            defects.append(
                Defect(
                    "margins",
                    "页面设置",
                    f"版心高 {_mm(type_height)} mm，应为 225 mm（上下边距不对）",
                )
            )
    return defects


def _check_fonts(paragraphs: list[etree._Element], texts: list[str], styles: _Styles) -> list[Defect]:
    found: dict[str, list[str]] = {}
    for number, (paragraph, text) in enumerate(zip(paragraphs, texts, strict=True), start=1):
        for run in paragraph.iter(f"{{{W}}}r"):
            if not re.search(rf"[{CJK}]", wml.paragraph_text(run)):
                continue
            face = styles.run_property(run, paragraph, "w:rFonts", "eastAsia")
            theme = styles.run_property(run, paragraph, "w:rFonts", "eastAsiaTheme")
            if face is None and theme is not None:
                message = f"中文字体取自主题（{theme}），没有指定公文字体（如仿宋_GB2312）"
            elif face is None:
                message = "中文没有指定字体（eastAsia），将由软件随意代替"
            elif face not in CJK_FACES and not re.search(rf"[{CJK}]", face):
                message = f"中文用的是西文字体「{face}」"
            else:
                continue
            found.setdefault(message, []).append(_where(number, text))
            break
    # One style's wrong font shows in every paragraph: said once, with how many.
    return [
        Defect("east-asian-font", places[0], message + (f"（共 {len(places)} 段）" if len(places) > 1 else ""))
        for message, places in found.items()
    ]


def _size(paragraph: etree._Element, styles: _Styles) -> int | None:
    runs = [r for r in paragraph.iter(f"{{{W}}}r") if wml.paragraph_text(r).strip()]
    sizes = [styles.run_property(r, paragraph, "w:sz", "val") for r in runs]
    return int(sizes[0]) if sizes and sizes[0] is not None else None


Sized = tuple[int, etree._Element, str, int | None]  # paragraph number, element, text, size


def _check_sizes(paragraphs: list[etree._Element], texts: list[str], styles: _Styles) -> list[Defect]:
    sized: list[Sized] = [
        (n, p, t, _size(p, styles)) for n, (p, t) in enumerate(zip(paragraphs, texts, strict=True), 1) if t.strip()
    ]
    counted = Counter(s for _, _, t, s in sized if s is not None for _ in range(len(t)))
    if not counted:
        return []
    defects = []
    body_size = counted.most_common(1)[0][0]
    if body_size != std.SIZE_SANHAO:
        defects.append(Defect("body-size", "正文", f"正文字号为 {body_size / 2:g} 磅，应为三号（16 磅）"))
    title = _title(sized, body_size, styles)
    if title is not None and title[3] != std.TITLE_SIZE:
        size = title[3] or 0
        defects.append(
            Defect("title-size", _where(title[0], title[2]), f"标题字号为 {size / 2:g} 磅，应为二号（22 磅）")
        )
    return defects


def _title(sized: list[Sized], body_size: int, styles: _Styles) -> Sized | None:
    """The first centred paragraph larger than the body, after the 发文字号 if there is one
    (above it sits the 发文机关标志, large and centred too), and not red."""
    wenhao = next((i for i, (_, _, t, _) in enumerate(sized) if WENHAO.match(t.strip())), -1)
    for entry in sized[wenhao + 1 :]:
        _, paragraph, _, size = entry
        runs = [r for r in paragraph.iter(f"{{{W}}}r") if wml.paragraph_text(r).strip()]
        color = styles.run_property(runs[0], paragraph, "w:color", "val") if runs else None
        centred = styles.paragraph_property(paragraph, "w:jc", "val") == "center"
        if centred and size is not None and size > body_size and (color or "").upper() != std.COLOR_RED:
            return entry
    return None


def _check_page_numbers(parts: dict[str, bytes], styles: _Styles) -> list[Defect]:
    defects = []
    for name in sorted(n for n in parts if re.fullmatch(r"word/footer\d+\.xml", n)):
        footer = wml.parse(parts[name])
        paragraph = next((p for p in footer.iter(f"{{{W}}}p") if _has_page_field(p)), None)
        if paragraph is not None:
            defects += _check_page_number_paragraph(paragraph, styles)
    return defects


def _has_page_field(paragraph: etree._Element) -> bool:
    instr = "".join(i.text or "" for i in paragraph.iter(f"{{{W}}}instrText"))
    simple = [f.get(f"{{{W}}}instr", "") for f in paragraph.iter(f"{{{W}}}fldSimple")]
    return "PAGE" in instr or any("PAGE" in s for s in simple)


def _check_page_number_paragraph(paragraph: etree._Element, styles: _Styles) -> list[Defect]:
    defects = []
    shown = re.sub(r"\s+", " ", wml.paragraph_text(paragraph).replace("\u00a0", " ")).strip()
    if re.sub(r"\d+", "", shown).replace(" ", "") != "——":
        defects.append(Defect("page-number-format", "页码", f"页码两边应各有一条一字线，如「— 1 —」，现为「{shown}」"))
    run = next(
        (r for r in paragraph.iter(f"{{{W}}}r") if r.find("w:instrText", NS) is not None or wml.paragraph_text(r)), None
    )
    size = styles.run_property(run, paragraph, "w:sz", "val") if run is not None else None
    if size is not None and int(size) != std.PAGE_NUMBER_SIZE:
        defects.append(Defect("page-number-size", "页码", f"页码字号为 {int(size) / 2:g} 磅，应为四号（14 磅）"))
    return defects


def _check_text(texts: list[str]) -> list[Defect]:
    defects = []
    title_seen = False
    for number, raw in enumerate(texts, start=1):
        text = raw.strip()
        where = _where(number, text)
        defects += _check_wenhao(text, where) + _check_date(text, where)
        if not title_seen and text and not WENHAO.match(text):
            title_seen = any(word in text for word in ("通知", "方案", "总结", "报告"))
        elif title_seen and text.endswith((":", "：")) and "。" not in text and len(text) < 80:
            title_seen = False  # only the first 主送
            if text.endswith(":"):
                defects.append(Defect("zhusong-colon", where, "主送机关后应用全角冒号「：」"))
                continue  # the same slip, not reported twice
        if m := ASCII_PUNCT.search(text):
            snippet = text[max(0, m.start() - 4) : m.end() + 4]
            defects.append(Defect("ascii-punctuation", where, f"中文旁用了半角标点：「{snippet}」，应用全角标点"))
    return defects


def _check_wenhao(text: str, where: str) -> list[Defect]:
    m = WENHAO.match(text)
    if m is None:
        return []
    defects = []
    if m.group(1) != "〔" or m.group(3) != "〕":
        defects.append(Defect("wenhao-brackets", where, "发文字号的年份应用六角括号〔〕"))
    if m.group(4).startswith("0"):
        defects.append(Defect("wenhao-padding", where, "发文字号的序号不编虚位（如 1 不写成 01、001）"))
    return defects


def _check_date(text: str, where: str) -> list[Defect]:
    m = DATE.match(text)
    if m is None:
        return []
    if any(not g.isdigit() for g in m.groups()):
        return [Defect("date-numerals", where, "成文日期应用阿拉伯数字，如 2018年3月5日")]
    if m.group(2).startswith("0") or m.group(3).startswith("0"):
        return [Defect("date-padding", where, "成文日期的月、日不编虚位（如 3月5日，不写 03月05日）")]
    return []


def _check_headings(texts: list[str]) -> list[Defect]:
    defects = []
    last = [0, 0, 0, 0]  # the last number seen at each level, reset by a higher level
    for number, raw in enumerate(texts, start=1):
        text = raw.strip()
        where = _where(number, text)
        if re.match(rf"^（[{NUMERAL}]+）、|^（\d+）、", text):
            defects.append(Defect("heading-punctuation", where, "「（一）」「（1）」后面不再加顿号"))
        if text.startswith("附件") and len(text) < 8:
            last = [0, 0, 0, 0]  # an attachment numbers its own headings
            continue
        for level, pattern in enumerate(HEADING_PATTERNS):
            m = pattern.match(text)
            if not m:
                continue
            # Levels may be skipped (一、 then 1.) when a text has few; numbers may not.
            value = _chinese_number(m.group(1))
            if value != last[level] + 1:
                defects.append(Defect("heading-order", where, f"序号不连续：上一个是 {last[level]}，这里是 {value}"))
            last[level] = value
            for lower in range(level + 1, 4):
                last[lower] = 0
            break
    return defects


# --- rendered checks: what LibreOffice actually lays out ---------------------------------------------

PORTRAIT_BODY_TOP_MM = std.TYPE_AREA_TOP_MM - 2  # a glyph row may start a little above 37 mm
TYPE_AREA_BOTTOM_MM = std.TYPE_AREA_TOP_MM + std.TYPE_AREA_HEIGHT_MM  # 262 mm
FULL_LINE_MM = std.TYPE_AREA_WIDTH_MM - 6  # a line as wide as the 版心, less under one character
PAGE_NUMBER_CENTRE_MM = TYPE_AREA_BOTTOM_MM + std.PAGE_NUMBER_BELOW_TYPE_AREA_MM  # 一字线 7 mm under: 269 mm
PAGE_NUMBER_TOLERANCE_MM = 4.0


def check_rendered(pdf: Path, has_masthead: bool) -> list[Defect]:
    """Defects visible only on the laid-out pages: lines per page, characters per line,
    page numbers' text and place, the red 版头. Landscape pages (tables) are left alone."""
    from generator.pdf.measure import read_pdf

    pages = read_pdf(pdf)
    defects: list[Defect] = []
    full_lines: list[tuple[int, Line]] = []  # lines of Chinese as wide as the 版心
    for page in pages:
        if page.width > page.height:
            continue
        body = _body_lines(page)
        defects += _check_line_count(page, body, last_page=len(pages))
        if not page.rules:
            full_lines += [(page.number, ln) for ln in body if _is_full_line(ln)]
        defects += _check_rendered_page_number(page, several_pages=len(pages) > 1)
    defects += _check_chars_per_line(full_lines)
    if has_masthead and pages:
        defects += _check_red_masthead(pages[0])
    return _grouped(defects)


def _body_lines(page: Page) -> list[Line]:
    """The lines of 三号 body text inside the 版心."""
    return [ln for ln in _lines_in_type_area(page) if 15.0 <= ln.size <= 17.0]


def _lines_in_type_area(page: Page) -> list[Line]:
    return [ln for ln in page.lines if ln.top >= PORTRAIT_BODY_TOP_MM and ln.bottom <= TYPE_AREA_BOTTOM_MM + 1]


def _is_full_line(line: Line) -> bool:
    return line.x1 - line.x0 >= FULL_LINE_MM and line.cjk_count() == len(line.text)


def _check_line_count(page: Page, body: list[Line], last_page: int) -> list[Defect]:
    """A page of body text alone has 22 lines; one that stops short before the last page ran out early."""
    if not body or len(body) != len(_lines_in_type_area(page)) or page.rules:
        return []  # headings, tables or the 版记 on the page: their lines are not 22 to a page
    too_many = len(body) > std.LINES_PER_PAGE
    # A page that ends with the 成文日期 may be set a little closer to hold its 落款 (7.3.5.5).
    closing = re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", body[-1].text.replace(" ", "")) is not None
    short = (
        len(body) < std.LINES_PER_PAGE
        and body[-1].bottom > TYPE_AREA_BOTTOM_MM - 6
        and page.number < last_page
        and not closing
    )
    if too_many or short:
        return [Defect("lines-per-page", f"第 {page.number} 页", f"排了 {len(body)} 行，应为每页 22 行")]
    return []


def _check_rendered_page_number(page: Page, several_pages: bool) -> list[Defect]:
    """The page number: there, as 「— N —」, 7 mm under the 版心, on the outer side."""
    where = f"第 {page.number} 页"
    numbers = [ln for ln in page.lines if ln.top > TYPE_AREA_BOTTOM_MM + 1 and any(c.isdigit() for c in ln.text)]
    if not numbers:
        return [Defect("page-number-missing", where, "没有页码")] if several_pages else []
    number, defects = numbers[0], []
    if not re.fullmatch(r"—\s?\d+\s?—", number.text.replace(" ", "")):
        defects.append(Defect("page-number-format", where, f"页码显示为「{number.text}」，应为「— {page.number} —」"))
    centre = (number.top + number.bottom) / 2
    if abs(centre - PAGE_NUMBER_CENTRE_MM) > PAGE_NUMBER_TOLERANCE_MM:
        defects.append(
            Defect(
                "page-number-place",
                where,
                f"页码在纸张上边 {centre:.0f} mm 处，应在版心下 7 mm（约 {PAGE_NUMBER_CENTRE_MM:.0f} mm）",
            )
        )
    middle, odd = page.width / 2, page.number % 2 == 1
    if (odd and number.x0 < middle) or (not odd and number.x1 > middle):
        side = "右" if odd else "左"
        defects.append(Defect("page-number-place", where, f"{'单' if odd else '双'}页码应居{side}（{side}空一字）"))
    return defects


def _check_chars_per_line(full_lines: list[tuple[int, Line]]) -> list[Defect]:
    """28 characters to a full line; a justified line may hold 27 (a closing mark may not start the
    next line), so the usual count decides."""
    counts = Counter(ln.cjk_count() for _, ln in full_lines)
    if not counts or (counts.most_common(1)[0][0] == std.CHARS_PER_LINE and max(counts) <= std.CHARS_PER_LINE):
        return []
    usual = max(counts) if max(counts) > std.CHARS_PER_LINE else counts.most_common(1)[0][0]
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


def has_masthead(path: Path) -> bool:
    """A document with a 发文字号 has a 版头 (mark and red rule) to check on page 1."""
    document = wml.parse(read_parts(path)["word/document.xml"])
    body = document.find("w:body", NS)
    return body is not None and any(WENHAO.match(wml.paragraph_text(p).strip()) for p in body.iterfind("w:p", NS))
