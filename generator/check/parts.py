"""The parts of a 公文, recognised in any .docx: by text, colour, alignment and position, never by
gongwen's own style names (the document may come from anyone's Word).

版头 (发文机关标志 above the 发文字号, the rule under it), 标题, 主送, 正文 with its heading levels,
tables (their text is not body text), 附件说明, 署名, 成文日期, 附注, 附件 labels and titles, 版记.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from generator.check.styles import NS, Styles, W, attribute
from generator.standard import wordml as wml
from generator.standard.wordml import Element

NUMERAL = "一二三四五六七八九十"
# A 发文字号 as clerks type it, right or wrong: the checks say what is wrong with it.
WENHAO = re.compile(
    r"^(?P<org>[^\s〔\[【(（]{1,15}?)\s*(?P<open>[〔\[【(（])\s*(?P<year>\d{2,4})\s*(?P<close>[〕\]】)）])"
    r"\s*(?P<di>第?)\s*(?P<number>\d+)\s*(?P<hao>号?)$"
)
SIGNER = re.compile(r"\s*签发人[：:].*$")
DATE = re.compile(
    rf"^(?P<y>[\d〇零{NUMERAL}]{{4}})\s*(?P<s1>年|[.．/\-])\s*(?P<m>[\d{NUMERAL}]{{1,3}})\s*(?P<s2>月|[.．/\-])"
    rf"\s*(?P<d>[\d{NUMERAL}]{{1,3}})\s*(?P<s3>日?)$"
)
FLAG = re.compile(r"^(\d{6}|[A-Z]?\d{1,6}|特急|加急|特提|平急|绝密|机密|秘密)(★.*)?$")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*([\d一二三四五六七八九十]*)\s*[：:]?$")
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[：:]")
BANJI_START = re.compile(r"^(抄\s*送|主\s*送)\s*[：:]")
PRINTED = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发$")
ENDS_WITH_DATE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
TABLE_NOTE = re.compile(r"^(注|说明|备注|填报|制表|审核|数据来源|单位负责人|统计)")
# Heading numbers: the four levels of 7.3.3, and the ways they are mistyped.
HEADINGS = (
    (1, re.compile(rf"^(?P<n>[{NUMERAL}]+)、")),
    (2, re.compile(rf"^（(?P<n>[{NUMERAL}]+)）")),
    (3, re.compile(r"^(?P<n>\d{1,2})\.(?!\d)")),
    (4, re.compile(r"^（(?P<n>\d{1,2})）")),
)
MISTYPED_HEADINGS = (
    (1, re.compile(rf"^(?P<n>[{NUMERAL}]{{1,3}})[，,.．](?![{NUMERAL}\d])"), "「{n}、」（汉字数字加顿号）"),
    (2, re.compile(rf"^\((?P<n>[{NUMERAL}]+)\)"), "全角括号「（{n}）」"),
    (3, re.compile(r"^(?P<n>\d{1,2})．"), "半角下脚点「{n}.」"),
    (4, re.compile(r"^\((?P<n>\d{1,2})\)"), "全角括号「（{n}）」"),
)
ARABIC_WITH_COMMA = re.compile(r"^(?P<n>\d{1,2})、")
NOTE_ITEM = re.compile(r"^\d+[.．]")  # 附件说明's second and later names
FUZHU = re.compile(r"^[（(].*[）)]$")  # 附注: in parentheses


class Role(Enum):
    EMPTY = "空行"
    FLAG = "份号密级紧急程度"
    MARK = "发文机关标志"
    WENHAO = "发文字号"
    TITLE = "标题"
    ZHUSONG = "主送机关"
    BODY = "正文"
    HEADING = "层次标题"
    ATTACHMENT_NOTE = "附件说明"
    SIGNATURE = "发文机关署名"
    DATE = "成文日期"
    NOTE = "附注"
    ATTACHMENT_LABEL = "附件标识"
    BANJI = "版记"
    TABLE_TEXT = "表格说明"  # a table's caption or notes, or text on a landscape table page
    OTHER = "其他"


@dataclass
class Paragraph:
    number: int  # 1-based among the paragraphs outside tables, empty ones included (as Word's ¶ marks)
    element: Element
    text: str  # stripped
    section: int
    landscape: bool
    role: Role = Role.OTHER
    level: int = 0  # 1-4 for a heading
    after_table: bool = False
    page_break_before: bool = False  # a page break (or a section starting a page) precedes it

    @property
    def where(self) -> str:
        return where(self.number, self.text)


def where(number: int, text: str) -> str:
    excerpt = text[:12] + ("…" if len(text) > 12 else "")
    return f"第 {number} 段「{excerpt}」"


@dataclass
class Table:
    number: int  # 1-based
    element: Element
    landscape: bool
    banji: bool = False  # a 版记 laid out as a table


@dataclass
class Section:
    properties: Element
    landscape: bool


@dataclass
class Document:
    paragraphs: list[Paragraph] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def having(self, *roles: Role) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.role in roles]

    def first(self, role: Role) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.role == role), None)


def _is_landscape(sect: Element) -> bool:
    size = sect.find("w:pgSz", NS)
    if size is None:
        return False
    return int(attribute(size, "w") or 0) > int(attribute(size, "h") or 0)


def _blocks(body: Element) -> list[Element]:
    """The body's paragraphs and tables in order, content controls opened."""
    blocks: list[Element] = []
    for child in body:
        if child.tag in (f"{{{W}}}p", f"{{{W}}}tbl"):
            blocks.append(child)
        elif child.tag == f"{{{W}}}sdt":
            content = child.find("w:sdtContent", NS)
            if content is not None:
                blocks += _blocks(content)
    return blocks


def read_structure(body: Element, styles: Styles) -> Document:
    """Paragraphs and tables with their section, before any role is given."""
    document = Document()
    blocks = _blocks(body)
    # A section's properties sit at its end: in its last paragraph, or (the last) in the body.
    ends = [b.find("w:pPr/w:sectPr", NS) for b in blocks]
    final = body.find("w:sectPr", NS)
    sections = [s for s in ends if s is not None] + ([final] if final is not None else [])
    document.sections = [Section(s, _is_landscape(s)) for s in sections]
    section, number, after_table, page_break = 0, 0, False, False
    for block, end in zip(blocks, ends, strict=True):
        landscape = section < len(sections) and document.sections[section].landscape
        if block.tag == f"{{{W}}}tbl":
            document.tables.append(Table(len(document.tables) + 1, block, landscape))
            after_table = True
            continue
        number += 1
        text = wml.paragraph_text(block).strip()
        before = page_break or _starts_with_break(block) or styles.flag(block, "w:pageBreakBefore")
        document.paragraphs.append(Paragraph(number, block, text, section, landscape, after_table=after_table,
                                             page_break_before=before))  # fmt: skip
        if text:
            after_table = False
        page_break = _ends_with_break(block)
        if end is not None:
            section += 1
    return document


def _page_items(paragraph: Element) -> list[Element]:
    """A paragraph's text and page breaks, in order."""
    return [
        e
        for e in paragraph.iter(f"{{{W}}}t", f"{{{W}}}br")
        if (e.tag == f"{{{W}}}t" and (e.text or "").strip()) or attribute(e, "type") == "page"
    ]


def _ends_with_break(paragraph: Element) -> bool:
    """Whether the next paragraph starts a page: a page break after the last text, or a section end."""
    items = _page_items(paragraph)
    return (bool(items) and items[-1].tag == f"{{{W}}}br") or paragraph.find("w:pPr/w:sectPr", NS) is not None


def _starts_with_break(paragraph: Element) -> bool:
    items = _page_items(paragraph)
    return bool(items) and items[0].tag == f"{{{W}}}br" and len(items) > 1


def recognise(body: Element, styles: Styles) -> Document:
    """The document's paragraphs and tables, each with its part of the 公文."""
    document = read_structure(body, styles)
    for paragraph in document.paragraphs:
        if not paragraph.text:
            paragraph.role = Role.EMPTY
        elif paragraph.landscape:
            paragraph.role = Role.TABLE_TEXT
    texts = [p for p in document.paragraphs if p.role == Role.OTHER]
    start = _head(texts, styles)
    start = _title(texts, start, styles, after_wenhao=any(p.role == Role.WENHAO for p in texts))
    if start < len(texts) and _is_zhusong(texts[start], styles):
        texts[start].role = Role.ZHUSONG
        start += 1
    _main(texts[start:], styles)
    for table in document.tables:
        table.banji = _is_banji_table(table)
    return document


def _head(texts: list[Paragraph], styles: Styles) -> int:
    """版头: flags, the 发文机关标志 (everything above the 发文字号), the 发文字号. Returns where it ends."""
    wenhao = next((i for i, p in enumerate(texts[:15]) if WENHAO.match(SIGNER.sub("", p.text))), None)
    if wenhao is None:
        # No 发文字号: a red line at the top is still a 版头 (a 纪要, or a 发文字号 not yet given).
        marks = 0
        while marks < len(texts) and is_red(_first_color(texts[marks], styles)):
            texts[marks].role = Role.MARK
            marks += 1
        return marks
    for paragraph in texts[:wenhao]:
        paragraph.role = Role.FLAG if FLAG.match(paragraph.text.replace(" ", "")) else Role.MARK
    texts[wenhao].role = Role.WENHAO
    return wenhao + 1


def _first_color(paragraph: Paragraph, styles: Styles) -> str | None:
    runs = styles.text_runs(paragraph.element)
    return styles.color(runs[0], paragraph.element) if runs else None


def is_red(color: str | None) -> bool:
    if not color or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    red, green, blue = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return red >= 0xB0 and green <= 0x70 and blue <= 0x70


KIND_AT_END = re.compile(
    r"(通知|通报|报告|请示|批复|意见|函|纪要|决定|决议|命令|公报|公告|通告|议案|方案|总结|办法|规定|细则|要点|计划)$"
)


def _title(texts: list[Paragraph], start: int, styles: Styles, after_wenhao: bool) -> int:
    """The 标题: the first centred paragraph after the 版头 (one or more lines of one size), or
    a first line that names the kind of document (a title the writer did not centre)."""
    first = next((i for i in range(start, min(start + 3, len(texts))) if _centred_text(texts[i], styles)), None)
    if first is None:
        if start < len(texts) and KIND_AT_END.search(texts[start].text) and len(texts[start].text) < 60:
            texts[start].role = Role.TITLE
            return start + 1
        return start
    size = styles.size(texts[first].element)
    if not after_wenhao and (size or 0) < 32:
        return start  # a centred line in the body's size, with no 版头 above: not a title
    end = first + 1
    while end < len(texts) and _centred_text(texts[end], styles) and styles.size(texts[end].element) == size:
        end += 1  # a title of several lines typed as several paragraphs
    for paragraph in texts[first:end]:
        paragraph.role = Role.TITLE
    return end


def _centred_text(paragraph: Paragraph, styles: Styles) -> bool:
    return styles.alignment(paragraph.element) == "center" and not heading_or_date(paragraph.text)


def heading_or_date(text: str) -> bool:
    return heading_level(text) is not None or DATE.match(text) is not None


def _is_zhusong(paragraph: Paragraph, styles: Styles) -> bool:
    """The 主送机关: the line after the title that ends with a colon, or one that names organs and
    stops (no sentence, no heading number), which is a 主送 whose colon is missing."""
    text = paragraph.text
    if text.endswith(("：", ":")):
        # 「…总结如下：」 opens the text; a 主送 names organs.
        return len(text) < 200 and "。" not in text and not re.search(r"如下[：:]$|^(根据|按照|为|现将|经)", text)
    if styles.alignment(paragraph.element) in ("center", "right", "end") or heading_level(text) is not None:
        return False
    if _first_line_chars(paragraph.element, styles) >= 1:
        return False  # indented: the text's first paragraph, not a 主送 (which starts at the margin)
    return len(text) < 80 and not re.search(r"[。；;！？!?]", text) and DATE.match(text) is None and \
        ATTACHMENT_NOTE.match(text) is None  # fmt: skip


def _first_line_chars(paragraph: Element, styles: Styles) -> float:
    """The first line's indent in characters (by firstLineChars, or firstLine in twips of 三号)."""
    chars = styles.paragraph_property(paragraph, "w:ind", "firstLineChars")
    if chars and re.fullmatch(r"-?\d+", chars) and int(chars):
        return int(chars) / 100
    twips = styles.paragraph_property(paragraph, "w:ind", "firstLine")
    return int(twips) / 320 if twips and re.fullmatch(r"-?\d+", twips) else 0.0


def heading_level(text: str) -> int | None:
    """The level (1-4) a paragraph's number says, for well-formed and mistyped numbers alike."""
    for level, pattern in HEADINGS:
        if pattern.match(text):
            return level
    for level, pattern, _ in MISTYPED_HEADINGS:
        if pattern.match(text):
            return level
    return 0 if ARABIC_WITH_COMMA.match(text) else None


def _main(texts: list[Paragraph], styles: Styles) -> None:
    """正文 to the end: headings, 附件说明, 落款, 附注, 附件, 版记 and a table's own lines."""
    previous: Paragraph | None = None
    state = ""
    for paragraph in texts:
        state = _classify(paragraph, previous, state, styles)
        previous = paragraph


def _classify(paragraph: Paragraph, previous: Paragraph | None, state: str, styles: Styles) -> str:
    """Gives one paragraph its role; returns the state the next one is read in."""
    text = paragraph.text
    # A table's own lines under it (填报人, then 注) are table text, not 正文.
    under_table = paragraph.after_table or (previous is not None and previous.role == Role.TABLE_TEXT)
    if under_table and TABLE_NOTE.match(text):
        paragraph.role = Role.TABLE_TEXT
        return state
    for role, matches, next_state in (
        (Role.ATTACHMENT_LABEL, lambda: ATTACHMENT_LABEL.match(text) and not _empty_note(text, state), "label"),
        (
            Role.ATTACHMENT_NOTE,
            lambda: ATTACHMENT_NOTE.match(text) or (state == "note" and NOTE_ITEM.match(text)),
            "note",
        ),
        (Role.BANJI, lambda: _is_banji_line(text, state), "banji"),
        (Role.DATE, lambda: DATE.match(text), "date"),
        (Role.NOTE, lambda: state == "date" and FUZHU.match(text) and len(text) < 60, "after-note"),
    ):
        if matches():
            paragraph.role = role
            if role == Role.DATE and previous is not None and _is_signature(previous):
                previous.role = Role.SIGNATURE
            return next_state
    return _text_role(paragraph, state, styles)


# The states after the 成文日期: an 附件 line there is the attachment's label, before it the 附件说明's.
AFTER_CLOSING = ("date", "after-note", "label", "banji")


def _empty_note(text: str, state: str) -> bool:
    """附件： alone in the body, before the 成文日期: an 附件说明 without its names (a page that lost them),
    never an attachment's label (附件1 on its own page, after the date)."""
    return bool(ATTACHMENT_NOTE.match(text)) and state not in AFTER_CLOSING


def _is_banji_line(text: str, state: str) -> bool:
    return bool(BANJI_START.match(text) or PRINTED.search(text) or (state == "banji" and ENDS_WITH_DATE.search(text)))


def _text_role(paragraph: Paragraph, state: str, styles: Styles) -> str:
    alignment = styles.alignment(paragraph.element)
    if alignment == "center" and heading_level(paragraph.text) is None:
        # A centred line in the text: the title of an attachment or of a plan printed in the notice.
        paragraph.role = Role.TITLE if (styles.size(paragraph.element) or 0) > 34 or state == "label" else Role.OTHER
        return "title"
    if (level := heading_level(paragraph.text)) is not None:
        paragraph.role, paragraph.level = Role.HEADING, level
        return "body"
    paragraph.role = Role.OTHER if alignment in ("right", "end") else Role.BODY
    return "body"


def _is_signature(paragraph: Paragraph) -> bool:
    return paragraph.role in (Role.BODY, Role.OTHER) and len(paragraph.text) <= 40 and \
        not re.search(r"[。，；：:,;]", paragraph.text)  # fmt: skip


def _is_banji_table(table: Table) -> bool:
    text = "".join(wml.paragraph_text(p).strip() for p in table.element.iter(f"{{{W}}}p"))
    return bool(BANJI_START.match(text)) or bool(PRINTED.search(text))


def table_cells(table: Table) -> list[tuple[int, Element]]:
    """Every paragraph of a table with its row number (1-based), nested tables' included."""
    cells: list[tuple[int, Element]] = []
    for row_number, row in enumerate(table.element.iterfind("w:tr", NS), start=1):
        cells += [(row_number, p) for p in row.iter(f"{{{W}}}p")]
    return cells


def red_rule(document: Document, styles: Styles) -> tuple[bool, str | None]:
    """(found, colour) of the 版头's 分隔线: a paragraph border on, or just after, the 发文字号."""
    wenhao = document.first(Role.WENHAO)
    if wenhao is None:
        return False, None
    following = document.paragraphs[wenhao.number - 1 : wenhao.number + 3]
    for paragraph in following:
        if paragraph is not wenhao and paragraph.role not in (Role.EMPTY,):
            break
        for side in ("bottom", "top"):
            border = paragraph.element.find(f"w:pPr/w:pBdr/w:{side}", NS)
            if border is None:
                border_style = styles.paragraph_property(paragraph.element, f"w:pBdr/w:{side}", "val")
                if border_style not in (None, "nil", "none"):
                    return True, styles.paragraph_property(paragraph.element, f"w:pBdr/w:{side}", "color")
                continue
            if attribute(border, "val") not in ("nil", "none"):
                return True, attribute(border, "color")
    drawn = any(p.element.find(".//w:drawing", NS) is not None or p.element.find(".//w:pict", NS) is not None
                for p in following)  # fmt: skip
    return drawn, None


def has_masthead(body: Element) -> bool:
    """A document with a 发文字号 near its top has a 版头 (mark and red rule)."""
    texts = [wml.paragraph_text(p).strip() for p in body.iter(f"{{{W}}}p")]
    texts = [t for t in texts if t][:15]
    return any(WENHAO.match(SIGNER.sub("", t)) for t in texts)
