"""GB/T 9704 rules judged on the document's XML, each against the part it applies to."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from generator.check.defect import Defect, grouped
from generator.check.parts import (
    ARABIC_WITH_COMMA,
    DATE,
    HEADINGS,
    MISTYPED_HEADINGS,
    NUMERAL,
    SIGNER,
    WENHAO,
    Document,
    Paragraph,
    Role,
    is_red,
    red_rule,
    table_cells,
)
from generator.check.styles import NS, Styles, W, attribute
from generator.render.pagination import reads_on
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.wordml import Element

CJK = "\u3400-\u9fff"
HAS_CJK = re.compile(rf"[{CJK}]")
ASCII_PUNCT = re.compile(rf"[{CJK}][,;:?!()]|[,;:?!()][{CJK}]|[{CJK}]\.(?!\d)")
HEX = re.compile(r"[0-9A-Fa-f]{6}")
CAPTION = re.compile(r"^(图|表)\s*[\d一二三四五六七八九十]")  # a figure's or table's caption: not a new part
LEVEL_NAMES = {1: "第一层", 2: "第二层", 3: "第三层", 4: "第四层"}
# What each part is set in (5.2.2, 7.3): a test on the East-Asian face's name.
# Body text: 仿宋; a quoted case in 楷体 or a phrase in 黑体 is the writer's choice, Word's 宋体 or
# 等线 (what a paragraph typed in Word's default style gets) is not.
FANGSONG = ("仿宋体", lambda face: any(k in face.lower() for k in ("仿宋", "楷", "黑", "fangsong", "kai", "hei"))
            and "雅黑" not in face and "yahei" not in face.lower())  # fmt: skip
HEITI = ("黑体", lambda face: "黑" in face or "hei" in face.lower())
KAITI = ("楷体", lambda face: "楷" in face or "kai" in face.lower())
SONG = (
    "小标宋体",
    lambda face: ("宋" in face and "仿宋" not in face) or ("song" in face.lower() and "fang" not in face.lower()),
)
Family = tuple[str, Callable[[str], bool]]
TEXT_ROLES = (Role.BODY, Role.ZHUSONG, Role.SIGNATURE, Role.DATE, Role.NOTE, Role.ATTACHMENT_NOTE, Role.WENHAO)
# Faces that carry Chinese glyphs under Latin names, as Word and WPS write them.
CJK_LATIN_NAMES = ("SimSun", "SimHei", "FangSong", "KaiTi", "STFangsong", "STKaiti", "STSong", "Microsoft YaHei",
                   "NSimSun", "STZhongsong", "DengXian", "FZXiaoBiaoSong")  # fmt: skip


def _mm(twips: int) -> str:
    return f"{twips * 25.4 / 1440:.1f}".removesuffix(".0")


def chinese_number(text: str) -> int:
    if text.isdecimal():
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


# --- 页面设置 (5.1, 5.2.1) ---------------------------------------------------------------------


def check_page(document: Document, styles: Styles) -> list[Defect]:
    if not document.sections:  # no w:sectPr at all: Word sets every page on its own defaults
        return [Defect("page-size", "页面设置", NO_PAGE_SIZE)]
    defects: list[Defect] = []
    several = len(document.sections) > 1
    for number, section in enumerate(document.sections, start=1):
        where = f"第 {number} 节页面设置" if several else "页面设置"
        found = _check_section(section.properties, where)
        defects += found or _check_char_grid(section.properties, styles, where)
        defects += _check_columns(section.properties, where)
    return defects


def _check_columns(sect: Element, where: str) -> list[Defect]:
    """GB/T 9704 sets the text in one column across the 版心 (5.2.1); Word's 分栏 splits it."""
    raw = attribute(sect.find("w:cols", NS), "num") or "1"
    columns = int(raw) if raw.isdecimal() else 1
    if columns > 1:
        return [Defect("columns", where, f"正文分成了 {columns} 栏，公文的正文应为单栏")]
    return []


def char_grid(sect: Element) -> int | None:
    """A Word character grid's charSpace (1/4096 pt added to the Normal size per character), or None."""
    grid = sect.find("w:docGrid", NS)
    if attribute(grid, "type") not in ("linesAndChars", "snapToChars"):
        return None
    raw = attribute(grid, "charSpace") or "0"
    return int(raw) if re.fullmatch(r"-?\d+", raw) else 0


def _check_char_grid(sect: Element, styles: Styles, where: str) -> list[Defect]:
    """Word's 文档网格 (每行 N 字): the characters per line follow from the grid, whatever LibreOffice
    makes of it, so they are counted here, as Word counts them."""
    space = char_grid(sect)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    if space is None or size is None or margins is None:
        return []
    width = int(attribute(size, "w") or 0) - int(float(attribute(margins, "left") or 0))
    width -= int(float(attribute(margins, "right") or 0))
    if width <= 0 or width > int(attribute(size, "h") or 0):
        return []  # a landscape table page
    pitch = styles.default_size() / 2 + space / 4096  # points per character
    chars = int(width / 20 / pitch) if pitch > 0 else 0
    if chars != std.CHARS_PER_LINE:
        return [Defect("chars-per-line", where, f"文档网格每行 {chars} 字，应为每行 28 字")]
    return []


# What Word does with a section that names no paper or no margins: its own defaults, not GB/T 9704's.
NO_PAGE_SIZE = "没有设定纸张大小，Word 会用它自己的默认纸张（常为 Letter 信纸 215.9 × 279.4 mm），不一定是 A4"
NO_MARGINS = "没有设定页边距，Word 会用它自己的默认边距（上下 25.4 mm、左右 31.8 mm），版心不是 156 × 225 mm"


def _check_section(sect: Element, where: str) -> list[Defect]:
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    if size is None:
        return [Defect("page-size", where, NO_PAGE_SIZE)]
    width, height = int(attribute(size, "w") or 0), int(attribute(size, "h") or 0)
    # Either orientation; 20 twips (0.35 mm) of rounding allowed.
    if abs(min(width, height) - std.PAGE_WIDTH) > 20 or abs(max(width, height) - std.PAGE_HEIGHT) > 20:
        return [Defect("page-size", where, f"纸张不是 A4（210 × 297 mm），而是 {_mm(width)} × {_mm(height)} mm")]
    if margins is None:
        return [Defect("margins-unset", where, NO_MARGINS)]
    margin = {k: int(float(attribute(margins, k) or 0)) for k in ("top", "bottom", "left", "right")}
    if width > height:
        return _check_turned_margins(margin, where)
    return _check_margins(margin, height, where)


# A landscape table page (8) is the portrait page turned a quarter as the sheet is turned to read it,
# the table's head on the 订口 side: each side's margin, with the portrait side it is.
TURNED_SIDES = (
    ("top", "上（订口）", std.LANDSCAPE_MARGIN_TOP),
    ("bottom", "下（切口）", std.LANDSCAPE_MARGIN_BOTTOM),
    ("left", "左（地脚）", std.LANDSCAPE_MARGIN_LEFT),
    ("right", "右（天头）", std.LANDSCAPE_MARGIN_RIGHT),
)


def _check_turned_margins(margin: dict[str, int], where: str) -> list[Defect]:
    """A landscape table page's margins: GB/T 9704's turned with the page (版心 225 × 156 mm)."""
    tolerance = std.mm(1.0)
    return [
        Defect("margins", where, f"横排页{name}边距 {_mm(margin[side])} mm，应为 {_mm(expected)} mm"
               "（竖排页的页边距随纸张转过来，表头在订口一边，版心 225 × 156 mm）")
        for side, name, expected in TURNED_SIDES
        if abs(margin[side] - expected) > tolerance
    ]  # fmt: skip


def leaves_no_type_area(sect: Element) -> bool:
    """Whether a section's margins meet or cross (nothing could be printed between them)."""
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    if size is None or margins is None:
        return False
    side = {k: abs(int(float(attribute(margins, k) or 0))) for k in ("top", "bottom", "left", "right")}
    width, height = int(attribute(size, "w") or 0), int(attribute(size, "h") or 0)
    return side["left"] + side["right"] >= width or side["top"] + side["bottom"] >= height


def _check_margins(margin: dict[str, int], height: int, where: str) -> list[Defect]:
    tolerance = std.mm(1.0)
    defects = []
    for side, name, expected in (("left", "左（订口）", std.MARGIN_LEFT), ("right", "右", std.MARGIN_RIGHT)):
        if abs(margin[side] - expected) > tolerance:
            message = f"{name}边距 {_mm(margin[side])} mm，应为 {_mm(expected)} mm（版心宽 156 mm）"
            defects.append(Defect("margins", where, message))
    # The top margin may sit up to 3 mm above 37 mm: the first glyph starts below the line's top.
    if not std.mm(std.TYPE_AREA_TOP_MM - 3) <= margin["top"] <= std.mm(std.TYPE_AREA_TOP_MM) + tolerance:
        defects.append(Defect("margins", where, f"上边距 {_mm(margin['top'])} mm，应使版心距纸张上边 37 mm"))
    type_height = height - margin["top"] - margin["bottom"]
    # 225 mm from the first glyph's top to the last one's foot; the margins may hold up to a line more.
    elif_ok = std.mm(std.TYPE_AREA_HEIGHT_MM - 1) <= type_height <= std.mm(std.TYPE_AREA_HEIGHT_MM + 6)
    if not elif_ok and not any(d.message.startswith("上边距") for d in defects):
        defects.append(Defect("margins", where, f"版心高 {_mm(type_height)} mm，应为 225 mm（下边距不对）"))
    return defects


# --- 字体 (5.2.2, 7.3.3) -----------------------------------------------------------------------


def _expected_family(paragraph: Paragraph) -> Family | None:
    if paragraph.role == Role.HEADING:
        return HEITI if paragraph.level == 1 else KAITI if paragraph.level == 2 else FANGSONG
    if paragraph.role == Role.TITLE:
        return SONG
    return FANGSONG if paragraph.role in TEXT_ROLES else None


def _font_problem(styles: Styles, run: Element, paragraph: Element, family: Family | None) -> str | None:
    face = styles.run_property(run, paragraph, "w:rFonts", "eastAsia")
    theme = styles.run_property(run, paragraph, "w:rFonts", "eastAsiaTheme")
    if face is None and theme is not None:
        # The theme slot in Word's own words (正文/标题 in 字体 > 主题字体), not its XML name (minorEastAsia).
        slot = "标题字体" if theme.startswith("major") else "正文字体"
        return f"中文字体取自主题（{slot}），没有指定公文字体（如仿宋_GB2312）"
    if face is None:
        return "中文没有指定字体，将由软件随意代替"
    if not HAS_CJK.search(face) and not any(face.lower().startswith(n.lower()) for n in CJK_LATIN_NAMES):
        return f"中文用的是西文字体「{face}」"
    if family is not None and not family[1](face):
        return f"应用{family[0]}，这里用的是「{face}」"
    return None


def check_fonts(document: Document, styles: Styles) -> list[Defect]:
    found: dict[str, list[Paragraph | str]] = {}
    for paragraph in document.paragraphs:
        if paragraph.role in (Role.EMPTY, Role.MARK):
            continue  # the 发文机关标志's face is the organ's choice
        if (problem := _paragraph_font_problem(paragraph, styles)) is not None:
            found.setdefault(problem, []).append(paragraph)
    for table in document.tables:
        for row, cell in table_cells(table):
            run = next((r for r in cell.iter(f"{{{W}}}r") if HAS_CJK.search(wml.paragraph_text(r))), None)
            if run is not None and (problem := _font_problem(styles, run, cell, None)) is not None:
                found.setdefault(problem, []).append(_cell_where(table.number, row, wml.paragraph_text(cell).strip()))
                break
    return [_font_defect(problem, places) for problem, places in found.items()]


def _paragraph_font_problem(paragraph: Paragraph, styles: Styles) -> str | None:
    family = _expected_family(paragraph)
    runs = [r for r in paragraph.element.iter(f"{{{W}}}r") if HAS_CJK.search(wml.paragraph_text(r))]
    if paragraph.role == Role.HEADING:
        # A run-in heading's words are followed by body text; only a heading line is held to its face.
        runs = runs[:1] if len(paragraph.text) <= 30 and "。" not in paragraph.text[:-1] else []
    for run in runs:
        if (problem := _font_problem(styles, run, paragraph.element, family)) is not None:
            return problem
    return None


def _font_defect(problem: str, places: list[Paragraph | str]) -> Defect:
    """One defect per wrong face, at its first place; named by the part it is in when only one
    kind of part has it (a style's wrong face shows in every part that uses the style)."""
    wheres = [p if isinstance(p, str) else p.where for p in places]
    parts = {(p.role, p.level) for p in places if isinstance(p, Paragraph)}
    first = places[0]
    if problem.startswith("应用") and len(parts) == 1 and isinstance(first, Paragraph):
        if first.role == Role.HEADING:
            problem = LEVEL_NAMES[first.level] + "标题" + problem
        else:
            problem = first.role.value + problem
    elif problem.startswith("应用"):
        problem = "中文" + problem
    return grouped("east-asian-font", wheres, problem)


def _cell_where(table: int, row: int, text: str) -> str:
    excerpt = text[:12] + ("…" if len(text) > 12 else "")
    return f"表格 {table} 第 {row} 行「{excerpt}」"


# --- 字号 (5.2.2, 7.3.1, 7.4, 7.5) ---------------------------------------------------------------


def _expected_size(paragraph: Paragraph, main_title: set[int]) -> tuple[int, str, str] | None:
    if paragraph.role in (*TEXT_ROLES, Role.HEADING, Role.ATTACHMENT_LABEL):
        return std.SIZE_SANHAO, "正文", "body-size"
    if paragraph.role == Role.TITLE and paragraph.number in main_title:
        return std.TITLE_SIZE, "标题", "title-size"  # attachments' titles: the standard gives no size
    if paragraph.role == Role.BANJI:
        return std.BANJI_SIZE, "版记", "banji-size"
    return None


WANTED = {std.SIZE_SANHAO: "三号（16 磅）", std.TITLE_SIZE: "二号（22 磅）", std.BANJI_SIZE: "四号（14 磅）"}


def check_sizes(document: Document, styles: Styles) -> list[Defect]:
    found: dict[tuple[str, str], list[str]] = {}
    text_start = next((p.number for p in document.having(Role.ZHUSONG, Role.BODY, Role.HEADING)), 10**9)
    main_title = {p.number for p in document.having(Role.TITLE) if p.number < text_start}
    for paragraph in document.paragraphs:
        size = styles.size(paragraph.element)
        expected = _expected_size(paragraph, main_title)
        if size is None or expected is None or size == expected[0]:
            continue
        wanted, name, code = expected
        found.setdefault((code, f"{name}字号为 {size / 2:g} 磅，应为{WANTED[wanted]}"), []).append(paragraph.where)
    for table in (t for t in document.tables if t.banji):
        for row, cell in table_cells(table):
            size = styles.size(cell)
            if size is not None and size != std.BANJI_SIZE:
                text = wml.paragraph_text(cell).strip()
                message = f"版记字号为 {size / 2:g} 磅，应为四号（14 磅）"
                found.setdefault(("banji-size", message), []).append(_cell_where(table.number, row, text))
    return [grouped(code, places, message) for (code, message), places in found.items()]


# --- 颜色 (5.2.4): 版头 red, text black ----------------------------------------------------------


def _colour_name(color: str | None) -> str:
    return "黑色" if color in (None, "auto", "000000") else "红色" if is_red(color) else f"颜色 {color}"


def check_colours(document: Document, styles: Styles) -> list[Defect]:
    return _check_masthead_colours(document, styles) + _check_text_colours(document, styles)


def _check_masthead_colours(document: Document, styles: Styles) -> list[Defect]:
    """The 发文机关标志 and the rule under the 发文字号 are red (7.2.4, 7.2.7)."""
    mark, wenhao = document.first(Role.MARK), document.first(Role.WENHAO)
    if mark is None:
        return []
    defects = []
    runs = styles.text_runs(mark.element)
    color = styles.color(runs[0], mark.element) if runs else None
    if not is_red(color):
        defects.append(Defect("red-masthead", mark.where, f"发文机关标志应为红色，这里是{_colour_name(color)}"))
    if wenhao is not None:
        found, color = red_rule(document, styles)
        if not found:
            defects.append(Defect("red-masthead", wenhao.where, "发文字号下缺少红色分隔线（与版心等宽）"))
        elif color is not None and not is_red(color):
            defects.append(Defect("red-masthead", "版头", f"版头中的分隔线应为红色，这里是{_colour_name(color)}"))
    return defects


def _check_text_colours(document: Document, styles: Styles) -> list[Defect]:
    """Everything else is black (5.2.4)."""
    found: dict[str, list[str]] = {}
    for paragraph in document.having(*TEXT_ROLES, Role.HEADING, Role.TITLE):
        colours = (styles.color(run, paragraph.element) for run in styles.text_runs(paragraph.element))
        color = next((c for c in colours if c is not None and HEX.fullmatch(c) and _bright(c)), None)
        if color is not None:
            name = "标题" if paragraph.role == Role.TITLE else "正文"
            found.setdefault(f"{name}文字应为黑色，这里是{_colour_name(color)}", []).append(paragraph.where)
    return [grouped("text-colour", places, message) for message, places in found.items()]


def _bright(color: str) -> bool:
    """A colour no one would take for black (dark greys pass)."""
    return max(int(color[i : i + 2], 16) for i in (0, 2, 4)) > 0x60


# --- text of the parts: 发文字号, 标题, 主送, 成文日期, 附注, 附件说明, 附件, 版记 ----------------------


def check_wenhao(document: Document) -> list[Defect]:
    paragraph = document.first(Role.WENHAO)
    if paragraph is None:
        return []
    text = SIGNER.sub("", paragraph.text)
    m = WENHAO.match(text)
    if m is None:
        return []
    defects = []
    if m["open"] != "〔" or m["close"] != "〕":
        defects.append(Defect("wenhao-brackets", paragraph.where, "发文字号的年份应用六角括号〔〕"))
    if len(m["year"]) != 4:
        defects.append(Defect("wenhao-year", paragraph.where, "发文字号的年份应标全称（如 2018，不写 18）"))
    wrong = [
        w
        for w, bad in (("不加「第」字", m["di"]), ("不编虚位（如 1 不写成 01、001）", m["number"].startswith("0")))
        if bad
    ]
    if wrong:
        right = f"{m['org']}〔{m['year']}〕{int(m['number'])}号"
        defects.append(Defect("wenhao-padding", paragraph.where, f"发文字号的序号{'、'.join(wrong)}，应为「{right}」"))
    if not m["hao"]:
        defects.append(Defect("wenhao-hao", paragraph.where, "发文字号的序号后应加「号」字"))
    return defects


def check_title(document: Document, styles: Styles) -> list[Defect]:
    titles = document.having(Role.TITLE)
    if not titles:
        return []
    if styles.alignment(titles[0].element) != "center":
        return [Defect("title-centred", titles[0].where, "标题应居中排布")]
    if re.search(r"[。，；：！？.,;:!?]$", titles[0].text):
        return [Defect("title-punctuation", titles[0].where, "标题末尾不加标点")]
    return []


def _indent_chars(paragraph: Element, styles: Styles, text: str) -> tuple[float, float]:
    """(first line, left) indent in characters of the paragraph's own size; leading spaces count."""
    size = (styles.size(paragraph) or std.SIZE_SANHAO) * 10

    def value(attr: str) -> float | None:
        raw = styles.paragraph_property(paragraph, "w:ind", attr)
        try:
            return None if raw is None else float(raw)
        except ValueError:
            return None

    chars = value("firstLineChars")
    first = chars / 100 if chars else (value("firstLine") or 0) / size
    hanging_chars = value("hangingChars")
    hanging = hanging_chars / 100 if hanging_chars else (value("hanging") or 0) / size
    left_chars = value("leftChars") or value("startChars")
    left = left_chars / 100 if left_chars else (value("left") or value("start") or 0) / size
    raw_text = wml.paragraph_text(paragraph)
    spaces = len(raw_text) - len(raw_text.lstrip(" \u3000\u00a0"))
    leading = raw_text[:spaces].count("\u3000") + (spaces - raw_text[:spaces].count("\u3000")) / 2
    return first - hanging + leading, left


def check_zhusong(document: Document, styles: Styles) -> list[Defect]:
    paragraph = document.first(Role.ZHUSONG)
    if paragraph is None:
        return []
    text = paragraph.text
    if text.endswith(":"):
        return [Defect("zhusong-colon", paragraph.where, "主送机关后应用全角冒号「：」")]
    if not text.endswith("："):
        return [Defect("zhusong-colon", paragraph.where, "主送机关后应加全角冒号「：」")]
    first, left = _indent_chars(paragraph.element, styles, text)
    if first + left > 0.5:
        return [Defect("zhusong-indent", paragraph.where, f"主送机关应顶格，这里空了 {first + left:.0f} 字")]
    return []


def check_indents(document: Document, styles: Styles) -> list[Defect]:
    """Every paragraph of the text starts two characters in (7.3.3). A paragraph that continues the
    one before (split at a page, after a list) and lines aligned further in are not new paragraphs."""
    found: dict[str, list[str]] = {}
    previous = ""
    for paragraph in document.paragraphs:
        if paragraph.role == Role.EMPTY:
            continue
        # A paragraph after an unfinished sentence of the text continues it (split at a page, or a list).
        continues = bool(previous) and _continues(previous, paragraph.element)
        run_in = paragraph.role == Role.HEADING and "。" in paragraph.text  # a heading with its text
        previous = paragraph.text if paragraph.role == Role.BODY or run_in else ""
        if paragraph.role not in (Role.BODY, Role.HEADING) or continues:
            continue
        if styles.alignment(paragraph.element) in ("center", "right", "end"):
            continue
        first, left = _indent_chars(paragraph.element, styles, paragraph.text)
        if first + min(left, 0.5) < 1.5:
            shown = "顶格" if first + left < 0.5 else f"只空了 {first + left:.1f} 字".replace(".0 ", " ")
            found.setdefault(f"段首应空二字（首行缩进 2 字符），这里{shown}", []).append(paragraph.where)
    return [grouped("first-line-indent", places, message) for message, places in found.items()]


def _continues(previous: str, element: Element) -> bool:
    """Whether a paragraph after one of text `previous` goes on with it: after an unfinished
    sentence, or as gongwen's own cut, the last lines of a paragraph kept with the 落款
    (pagination.reads_on: no indent, kept with the next), which may begin with a sentence."""
    if not re.search(r"[。！？；：…”）!?;:]$", previous):
        return True
    keep = wml.find(element, "w:pPr/w:keepNext")
    return reads_on(element) and keep is not None and wml.get(keep, "w:val") not in ("0", "false")


def check_dates(document: Document) -> list[Defect]:
    defects = []
    for paragraph in document.having(Role.DATE):
        m = DATE.match(paragraph.text)
        if m is None:
            continue
        if any(not m[g].isdecimal() for g in ("y", "m", "d")):
            defects.append(Defect("date-numerals", paragraph.where, "成文日期应用阿拉伯数字，如 2018年3月5日"))
        elif (m["s1"], m["s2"], m["s3"]) != ("年", "月", "日"):
            right = f"{int(m['y'])}年{int(m['m'])}月{int(m['d'])}日"
            defects.append(Defect("date-format", paragraph.where, f"成文日期应写作「{right}」（用年、月、日）"))
        elif m["m"].startswith("0") or m["d"].startswith("0"):
            defects.append(
                Defect("date-padding", paragraph.where, "成文日期的月、日不编虚位（如 3月5日，不写 03月05日）")
            )
    return defects


def check_note(document: Document) -> list[Defect]:
    defects = []
    for note in document.having(Role.NOTE):
        if note.text.startswith("(") or note.text.endswith(")"):
            defects.append(Defect("note-parentheses", note.where, "附注应加全角圆括号「（）」"))
        date = next((p for p in reversed(document.paragraphs[: note.number - 1]) if p.role == Role.DATE), None)
        between = document.paragraphs[date.number : note.number - 1] if date is not None else []
        if any(p.role == Role.EMPTY for p in between):
            defects.append(Defect("note-place", note.where, "附注应在成文日期的下一行，中间不空行"))
    return defects


# 附件：《…》 or 2．《…》: the whole name between 《》 (7.3.4 writes the name alone); 《…》 inside a name stays.
NOTE_NAME_IN_BOOK_TITLE_MARKS = re.compile(r"^(?:附\s*件\s*[：:]\s*)?(?:\d+\s*[.．、]\s*)?《[^《》]+》\s*[。，；.,;]?$")


def _attachment_note_defects(notes: list[Paragraph]) -> list[Defect]:
    """附件说明 (7.3.4): 附件 and a full-width colon, a name after it, nothing after the name, no 《》 around it."""
    defects = []
    if notes and re.match(r"^附\s*件\s*:", notes[0].text):
        defects.append(Defect("attachment-note-colon", notes[0].where, "附件说明的「附件」后应用全角冒号「：」"))
    if notes and len(notes) == 1 and re.fullmatch(r"附\s*件\s*[：:]", notes[0].text):
        defects.append(
            Defect(
                "attachment-note-empty",
                notes[0].where,
                "附件说明「附件：」后没有附件名称：请写明附件名称，或删去这一行",
            )
        )
    ending = [n.where for n in notes if re.search(r"[。，；.,;]$", n.text)]
    if ending:
        defects.append(grouped("attachment-note-punctuation", ending, "附件名称后不加标点"))
    quoted = [n.where for n in notes if NOTE_NAME_IN_BOOK_TITLE_MARKS.match(n.text)]
    if quoted:
        defects.append(grouped("attachment-note-book-title", quoted, "附件名称不加书名号「《》」"))
    return defects


def check_attachments(document: Document) -> list[Defect]:
    defects = _attachment_note_defects(document.having(Role.ATTACHMENT_NOTE))
    seen_text = False
    for paragraph in document.paragraphs:
        if paragraph.role in (Role.BODY, Role.HEADING, Role.DATE):
            seen_text = True
        if paragraph.role != Role.ATTACHMENT_LABEL:
            continue
        if re.search(r"[：:]$", paragraph.text):
            defects.append(Defect("attachment-label", paragraph.where, "附件标识后不加冒号（如「附件1」）"))
        if seen_text and not paragraph.page_break_before:
            defects.append(Defect("attachment-page", paragraph.where, "附件应另面编排：在附件标识前分页"))
    return defects


def check_banji(document: Document) -> list[Defect]:
    defects = []
    lines = [(p.where, p.text) for p in document.having(Role.BANJI)]
    for table in (t for t in document.tables if t.banji):
        lines += [(_cell_where(table.number, row, t), t) for row, c in table_cells(table)
                  if (t := wml.paragraph_text(c).strip())]  # fmt: skip
    for where, text in lines:
        if re.match(r"^抄\s*送", text) and not text.endswith("。"):
            defects.append(Defect("banji-cc", where, "抄送机关最后应加句号「。」"))
        if re.search(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$", text):
            defects.append(Defect("banji-printed", where, "印发日期后应加「印发」二字"))
    return defects


# --- 层次序数 (7.3.3) ------------------------------------------------------------------------------


def check_headings(document: Document, styles: Styles) -> list[Defect]:
    defects: list[Defect] = []
    last = [0, 0, 0, 0, 0]  # the last number at each level (1-4), reset by a higher level
    unsure = [False] * 5  # after a number of no level: the next of each level starts the count again
    for paragraph in document.paragraphs:
        if paragraph.role in (Role.TITLE, Role.ATTACHMENT_LABEL) or (
            paragraph.role == Role.OTHER
            and styles.alignment(paragraph.element) == "center"
            and not CAPTION.match(paragraph.text)
        ):
            last, unsure = [0] * 5, [False] * 5  # a new document part numbers its own headings
            continue
        if paragraph.role != Role.HEADING:
            continue
        form, value = _heading_form(paragraph)
        if form is not None:
            defects.append(Defect("heading-form", paragraph.where, form))
        if value is None:
            unsure = [True] * 5
            continue
        level = paragraph.level
        if not unsure[level] and value != last[level] + 1:
            defects.append(Defect("heading-order", paragraph.where,
                                  f"序号不连续：上一个是 {last[level]}，这里是 {value}"))  # fmt: skip
        last[level], unsure[level] = value, False
        for lower in range(level + 1, 5):
            last[lower], unsure[lower] = 0, False
    return defects


def _heading_form(paragraph: Paragraph) -> tuple[str | None, int | None]:
    """(what is wrong with the number's form, the number's value; None where it has no level)."""
    text = paragraph.text
    if m := ARABIC_WITH_COMMA.match(text):
        n = int(m["n"])
        chinese = NUMERAL[n - 1] if 1 <= n <= 10 else m["n"]
        return f"「{n}、」不是公文的层次序数：第一层用「{chinese}、」，第三层用「{n}.」", None
    for level, pattern in HEADINGS:
        if m := pattern.match(text):
            if level in (2, 4) and text[m.end() : m.end() + 1] == "、":
                return "「（一）」「（1）」后面不再加顿号", chinese_number(m["n"])
            return None, chinese_number(m["n"])
    for level, pattern, right in MISTYPED_HEADINGS:
        if m := pattern.match(text):
            return f"{LEVEL_NAMES[level]}序数应用{right.format(n=m['n'])}", chinese_number(m["n"])
    return None, None


# --- 标点 (9) -----------------------------------------------------------------------------------


def check_punctuation(document: Document, already: set[str]) -> list[Defect]:
    """Half-width punctuation beside Chinese, in the text and in tables; a paragraph already
    named for a slip of its own (a 主送's colon, a 附注's brackets) is not named twice."""
    defects = []
    places: Iterator[tuple[str, str]] = (
        (p.where, p.text) for p in document.paragraphs if p.role not in (Role.EMPTY, Role.MARK)
    )
    cells = [
        (_cell_where(t.number, row, text), text)
        for t in document.tables
        for row, cell in table_cells(t)
        if (text := wml.paragraph_text(cell).strip())
    ]
    for where, text in [*places, *cells]:
        if where in already:
            continue
        if m := ASCII_PUNCT.search(text):
            snippet = text[max(0, m.start() - 4) : m.end() + 4]
            defects.append(Defect("ascii-punctuation", where, f"中文旁用了半角标点：「{snippet}」，应用全角标点"))
    return defects


# --- 页眉、页码 (7.5) ------------------------------------------------------------------------------


def check_headers_and_footers(parts: dict[str, bytes], styles: Styles) -> list[Defect]:
    defects = []
    for name in sorted(n for n in parts if re.fullmatch(r"word/header\d+\.xml", n)):
        header = wml.parse(parts[name])
        text = "".join(wml.paragraph_text(p) for p in header.iter(f"{{{W}}}p")).strip()
        if text and not _has_page_field_anywhere(header):
            defects.append(Defect("header-text", "页眉", f"页眉里有文字「{text[:12]}」：公文不设页眉"))
    seen: set[str] = set()
    for name in sorted(n for n in parts if re.fullmatch(r"word/footer\d+\.xml", n)):
        footer = wml.parse(parts[name])
        paragraph = next((p for p in footer.iter(f"{{{W}}}p") if _has_page_field(p)), None)
        if paragraph is not None:
            for defect in _check_page_number_paragraph(paragraph, styles):
                if defect.message not in seen:
                    seen.add(defect.message)
                    defects.append(defect)
    return defects


def _has_page_field_anywhere(part: Element) -> bool:
    return any(_has_page_field(p) for p in part.iter(f"{{{W}}}p"))


def _has_page_field(paragraph: Element) -> bool:
    instr = "".join(i.text or "" for i in paragraph.iter(f"{{{W}}}instrText"))
    simple = [f.get(f"{{{W}}}instr", "") for f in paragraph.iter(f"{{{W}}}fldSimple")]
    return "PAGE" in instr or any("PAGE" in s for s in simple)


def _check_page_number_paragraph(paragraph: Element, styles: Styles) -> list[Defect]:
    defects = []
    shown = re.sub(r"\s+", " ", wml.paragraph_text(paragraph).replace("\u00a0", " ")).strip()
    if re.sub(r"\d+", "", shown).replace(" ", "") != "——":
        defects.append(
            Defect("page-number-format", "页码", f"页码两边应各有一条一字线，如「— 1 —」，现为「{shown or '1'}」")
        )
    run = next(
        (r for r in paragraph.iter(f"{{{W}}}r") if r.find("w:instrText", NS) is not None or wml.paragraph_text(r)), None
    )
    size = styles.run_property(run, paragraph, "w:sz", "val") if run is not None else None
    if size is not None and int(size) != std.PAGE_NUMBER_SIZE:
        defects.append(Defect("page-number-size", "页码", f"页码字号为 {int(size) / 2:g} 磅，应为四号（14 磅）"))
    return defects
