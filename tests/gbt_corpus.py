"""A labelled corpus for `gongwen check`: 公文 written the way Word saves them, element by element
from GB/T 9704-2012 (tests/data/gbt9704_elements.md lists the elements and their rules).

Every document is made with python-docx, as a clerk's Word would save it: Word's default styles
(Normal) carrying the body's format, and direct formatting on each element. Nothing here uses
gongwen's own generator. `conforming()` are documents that follow the standard; `FAULTS` are
documents that each break exactly one rule, in the ways clerks break them: in the default style,
in direct formatting, in a table, a header or footer, a second section. Each fault names the rule,
where the checker must point (a paragraph, by its number among the paragraphs outside tables and
its first words, or a page, or 页面设置/页码/页眉) and the message it must give.

Used by tests/test_check_corpus.py (every case asserted) and scripts/check_merit.py (precision
and recall over the corpus).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

# --- the standard's numbers, as a clerk's template sets them (Profile W of the reference notes) ---
A4 = (11906, 16838)
MARGINS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}  # 37 / 35 / 28 / 26 mm
LINE = Pt(28.95)  # 22 lines in the 225 mm 版心
FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
RED = "FF0000"
TWO_CHARS = Pt(32)  # 左空二字 in 三号

BODY = [
    (
        "intro",
        "p",
        "为深入贯彻落实全省安全生产工作会议精神，切实消除各类事故隐患，坚决遏制重特大事故发生，"
        "经县政府同意，决定在全县范围内开展安全生产大检查。现将有关事项通知如下。",
    ),
    ("h1a", "h1", "一、检查范围"),
    (
        "p1",
        "p",
        "这次大检查覆盖全县各乡镇、各部门和各类生产经营单位，重点是道路交通、建筑施工、危险化学品、"
        "消防、特种设备、人员密集场所等行业领域，做到全覆盖、无死角，不留盲区和空白。各乡镇要把检查延伸到"
        "村（社区），把小作坊、小商店、小餐饮和出租房屋纳入检查范围，逐一登记，建立台账。",
    ),
    ("h1b", "h1", "二、检查重点"),
    ("h2a", "h2", "（一）安全责任落实情况"),
    (
        "p2",
        "p",
        "重点检查各乡镇、各部门落实党政同责、一岗双责、齐抓共管、失职追责的情况，检查生产经营单位主要负责人"
        "履行安全生产第一责任人职责的情况，检查安全生产管理机构设置和安全管理人员配备的情况，检查安全投入"
        "是否足额到位，安全培训是否覆盖全体从业人员，特种作业人员是否持证上岗。",
    ),
    ("h2b", "h2", "（二）隐患排查治理情况"),
    ("h3a", "h3", "1.重大危险源监控"),
    (
        "p3",
        "p",
        "检查重大危险源是否登记建档、定期检测评估和实时监控，检查隐患排查治理制度是否建立，隐患是否做到"
        "整改措施、责任、资金、时限和预案五落实，重大隐患是否挂牌督办，整改完成后是否及时组织验收销号。"
        "对排查出的隐患要建立清单，明确责任单位和整改时限，跟踪督办，确保按期整改到位。",
    ),
    ("h3b", "h3", "2.应急预案和演练"),
    ("h4a", "h4", "（1）预案修订。各单位要按规定及时修订应急预案，并报有关部门备案。"),
    ("h4b", "h4", "（2）演练开展。每半年至少组织一次综合演练，做好记录和评估。"),
    ("h1c", "h1", "三、时间安排"),
    (
        "p5",
        "p",
        "大检查从2018年2月1日开始，到2018年3月31日结束，分三个阶段进行。2月1日至2月10日为动员部署阶段，"
        "2月11日至3月20日为检查整改阶段，3月21日至3月31日为总结验收阶段。各阶段工作要环环相扣，不走过场。",
    ),
    ("h1d", "h1", "四、工作要求"),
    ("h2d", "h2", "（一）加强组织领导。各乡镇、各部门要成立大检查领导小组，主要负责同志亲自部署，分管负责同志具体抓。"),
    ("h2e", "h2", "（二）严格督查问责。县安委会办公室将组织督查组进行督查，对工作不力的单位予以通报批评。"),
    ("p6", "p", "各乡镇、各部门要于2018年3月31日前将检查情况书面报送县安委会办公室。"),
]
ATTACHMENT_BODY = [
    ("a_h1a", "h1", "一、乡镇"),
    ("a_p1", "p", "各乡镇负责本辖区内生产经营单位的检查，组织村（社区）开展排查，对发现的隐患督促整改。"),
    ("a_h1b", "h1", "二、县直部门"),
    ("a_p2", "p", "各行业主管部门负责本行业领域的检查，对重点企业逐一检查，对发现的问题依法处理。"),
]
SECOND_PLAN = [
    ("b_h1a", "h1", "一、工作目标"),
    ("b_p1", "p", "通过集中整治，全面排查消防安全隐患，消除火灾隐患，确保全县消防安全形势持续稳定。"),
    ("b_h1b", "h1", "二、整治内容"),
    ("b_h2a", "h2", "（一）人员密集场所"),
    ("b_p2", "p", "重点整治商场、市场、宾馆、学校、医院等场所疏散通道堵塞、安全出口锁闭等问题。"),
    ("b_h2b", "h2", "（二）出租房屋"),
    ("b_p3", "p", "重点整治出租房屋私拉乱接电线、电动车违规充电等问题。"),
]
TABLE = [
    ["单位", "检查企业（家）", "发现隐患（处）", "整改（处）"],
    ["城关镇", "126", "58", "51"],
    ["河西乡", "87", "33", "30"],
]


@dataclass(frozen=True)
class Spec:
    """A 公文, element by element (None leaves an element out)."""

    flag: str | None = None  # 份号 / 紧急程度
    mark: str | None = "清河县人民政府办公室文件"
    wenhao: str | None = "清政办〔2018〕15号"
    title: str = "清河县人民政府办公室关于开展安全生产大检查的通知"
    zhusong: str | None = "各乡镇人民政府，县政府各部门："
    body: tuple[tuple[str, str, str], ...] = tuple(BODY)
    table_after: str | None = None  # a table after this body paragraph
    attachment_note: str | None = "附件：清河县安全生产大检查责任分工"
    signature: str = "清河县人民政府办公室"
    date: str = "2018年1月22日"
    note: str | None = "（此件公开发布）"
    attachments: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
        ("附件", "清河县安全生产大检查责任分工", tuple(ATTACHMENT_BODY)),
    )
    attachment_section: bool = False  # the attachment after a section break (a second section)
    cc: str | None = "抄送：县委办公室，县人大常委会办公室，县政协办公室。"
    printed: str | None = "清河县人民政府办公室\t2018年1月22日印发"
    statistics_page: bool = False  # a landscape section with a statistics table in small type
    word_grid: int | None = None  # Word's 文档网格 每行 28 字: the charSpace, instead of condensed characters


@dataclass
class Built:
    document: Any  # docx.Document
    paragraphs: dict[str, Any] = field(default_factory=dict)  # key -> docx Paragraph


# --- building blocks, as Word writes them ------------------------------------------------------------


def _east_asian(run_or_style_rpr: Any, face: str) -> None:
    fonts = run_or_style_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_or_style_rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), face)
    for theme in ("w:eastAsiaTheme",):
        fonts.attrib.pop(qn(theme), None)


def set_face(run: Any, face: str) -> None:
    _east_asian(run._r.get_or_add_rPr(), face)


def _child_before(parent: Any, tag: str, successors: tuple[str, ...]) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.insert_element_before(found, *successors)
    return found


PPR_AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip


def border(paragraph: Any, side: str, color: str, eighths: int) -> None:
    borders = _child_before(paragraph._p.get_or_add_pPr(), "w:pBdr", PPR_AFTER_BORDER)
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(eighths)), ("space", "1"), ("color", color)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def condense(rpr: Any, twentieths: int = -5) -> None:
    """Character spacing (w:spacing in rPr): 三号 condensed a quarter point gives 28 to a line."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        successors = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                      "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                      "w:eastAsianLayout", "w:specVanish", "w:oMath")  # fmt: skip
        rpr.insert_element_before(spacing, *successors)
    spacing.set(qn("w:val"), str(twentieths))


def _normal_style(document: Any) -> None:
    """Normal as a clerk's template sets it: 三号仿宋, exact 28.95 pt lines, no widow control."""
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    rpr = normal.element.get_or_add_rPr()
    _east_asian(rpr, FANGSONG)
    condense(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _page(section: Any, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Twips(height), Twips(width)) if landscape else (Twips(width), Twips(height))
    )
    if landscape:
        section.top_margin, section.bottom_margin = Twips(1587), Twips(1474)
        section.left_margin, section.right_margin = Twips(1984), Twips(2098)  # turned: the 天头 on the right
    else:
        section.top_margin, section.bottom_margin = Twips(MARGINS["top"]), Twips(MARGINS["bottom"])
        section.left_margin, section.right_margin = Twips(MARGINS["left"]), Twips(MARGINS["right"])
    section.header_distance, section.footer_distance = Twips(851), Twips(1418)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), "579")


def page_field(paragraph: Any, size: float = 14, face: str = SONGTI, dashes: tuple[str, str] = ("— ", " —")) -> None:
    def run(text: str | None = None, child: Any = None) -> None:
        r = paragraph.add_run(text or "")
        r.font.size = Pt(size)
        r.font.name = "Times New Roman"
        set_face(r, face)
        if child is not None:
            r._r.append(child)

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(dashes[0])
    run(child=char("begin"))
    run(child=instr)
    run(child=char("separate"))
    run("1")
    run(child=char("end"))
    run(dashes[1])


def page_numbers(document: Any, section: Any, alignment: Any = None, **options: Any) -> None:
    """— N — in 四号宋体: odd pages on the right, even pages on the left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    right, left = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
    for footer, side in ((section.footer, right), (section.even_page_footer, left)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment if alignment is not None else side
        fmt = paragraph.paragraph_format
        fmt.left_indent = Pt(14) if side == left and alignment is None else None
        fmt.right_indent = Pt(14) if side == right and alignment is None else None
        fmt.first_line_indent = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        page_field(paragraph, **options)


class Writer:
    """Adds the elements of a 公文 to a python-docx document, remembering each by key."""

    def __init__(self) -> None:
        self.document = Document()
        _normal_style(self.document)
        _page(self.document.sections[0])
        page_numbers(self.document, self.document.sections[0])
        self.paragraphs: dict[str, Any] = {}

    def add(self, key: str | None, text: str = "", *, face: str | None = None, size: float | None = None,
            align: Any = None, indent: Any = None, color: str | None = None, line: Any = None,
            bold: bool = False) -> Any:  # fmt: skip
        paragraph = self.document.add_paragraph()
        fmt = paragraph.paragraph_format
        if align is not None:
            paragraph.alignment = align
        if indent is not None:
            fmt.first_line_indent = indent
        if line is not None:
            fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, line
        if text:
            run = paragraph.add_run(text)
            if face:
                set_face(run, face)
            if size:
                run.font.size = Pt(size)
            if color:
                run.font.color.rgb = RGBColor.from_string(color)
            if bold:
                run.bold = True
        if key:
            self.paragraphs[key] = paragraph
        return paragraph

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.add(None)

    def head(self, spec: Spec) -> None:
        if spec.flag:
            self.add("flag", spec.flag, face=HEITI, indent=Pt(0))
        if spec.mark:
            mark = self.add("mark", spec.mark, face=XIAOBIAOSONG, size=36, align=WD_ALIGN_PARAGRAPH.CENTER,
                            color=RED, line=Pt(48), indent=Pt(0))  # fmt: skip
            mark.paragraph_format.space_before = Pt(60)
            self.blank(2)
        if spec.wenhao:
            self.add("wenhao", spec.wenhao, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))
            rule = self.add("rule", line=Pt(6), indent=Pt(0))
            border(rule, "bottom", RED, 12)
            self.blank(2)

    def title(self, key: str, text: str) -> None:
        self.add(key, text, face=XIAOBIAOSONG, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=Pt(0))

    def text(self, items: tuple[tuple[str, str, str], ...], table_after: str | None = None) -> None:
        faces = {"h1": HEITI, "h2": KAITI}
        for key, kind, text in items:
            self.add(key, text, face=faces.get(kind), indent=TWO_CHARS)
            if key == table_after:
                self.table(TABLE)

    def table(self, rows: list[list[str]], size: float = 10.5) -> Any:
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c).paragraphs[0]
                cell.paragraph_format.first_line_indent = Pt(0)
                cell.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                cell.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = cell.add_run(value)
                run.font.size = Pt(size)
                set_face(run, SONGTI if r else HEITI)
        return table

    def closing(self, spec: Spec) -> None:
        if spec.attachment_note:
            self.blank()
            self.add("attachment_note", spec.attachment_note, indent=TWO_CHARS)
        self.blank()
        signature = self.add("signature", spec.signature, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0))
        signature.paragraph_format.right_indent = TWO_CHARS
        date = self.add("date", spec.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=Pt(0))
        date.paragraph_format.right_indent = Pt(16)
        if spec.note:
            self.add("note", spec.note, indent=TWO_CHARS)

    def attachments(self, spec: Spec) -> None:
        for number, (label, title, items) in enumerate(spec.attachments):
            if spec.attachment_section and number == 0:
                section = self.document.add_section(WD_SECTION.NEW_PAGE)
                _page(section)
                paragraph = self.add(f"attachment_label{number}", label, face=HEITI, indent=Pt(0))
            else:
                paragraph = self.add(f"attachment_label{number}", label, face=HEITI, indent=Pt(0))
                paragraph.paragraph_format.page_break_before = True
            self.blank()
            self.title(f"attachment_title{number}", title)
            self.blank()
            self.text(items)

    def banji(self, spec: Spec) -> None:
        if not (spec.cc or spec.printed):
            return
        self.blank()
        if spec.cc:
            cc = self.add("cc", spec.cc, size=14, indent=Pt(0))
            cc.paragraph_format.left_indent = cc.paragraph_format.right_indent = Pt(14)
            cc.paragraph_format.line_spacing = Pt(22)
            border(cc, "top", "000000", 8)
        if spec.printed:
            printed = self.add("printed", spec.printed, size=14, indent=Pt(0))
            fmt = printed.paragraph_format
            fmt.left_indent = fmt.right_indent = Pt(14)
            fmt.line_spacing = Pt(22)
            fmt.tab_stops.add_tab_stop(Twips(8844 - 560), WD_TAB_ALIGNMENT.RIGHT)
            border(printed, "top", "000000", 6 if spec.cc else 8)
            border(printed, "bottom", "000000", 8)

    def statistics_page(self) -> None:
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        self.add("stat_title", "安全生产大检查情况统计表", face=XIAOBIAOSONG, size=18, align=WD_ALIGN_PARAGRAPH.CENTER,
                 indent=Pt(0))  # fmt: skip
        self.table(TABLE * 4, size=10.5)
        self.add("stat_note", "注：隐患数以检查组登记为准。", size=10.5, indent=Pt(0))
        back = self.document.add_section(WD_SECTION.NEW_PAGE)
        _page(back)


def build(spec: Spec) -> Built:
    writer = Writer()
    writer.head(spec)
    writer.title("title", spec.title)
    writer.blank()
    if spec.zhusong:
        writer.add("zhusong", spec.zhusong, indent=Pt(0))
    writer.text(spec.body, spec.table_after)
    if spec.statistics_page:
        writer.statistics_page()
    writer.closing(spec)
    writer.attachments(spec)
    writer.banji(spec)
    built = Built(writer.document, writer.paragraphs)
    if spec.word_grid is not None:
        _word_grid(spec.word_grid)(built)
    return built


def paragraph_number(built: Built, key: str) -> tuple[int, str]:
    """Where a remembered paragraph is: its number among the body's paragraphs outside tables."""
    element = built.paragraphs[key]._p
    body = built.document.element.body
    paragraphs = [p for p in body.iterchildren(qn("w:p"))]
    text = "".join(t.text or "" for t in element.iter(qn("w:t"))).strip()
    return paragraphs.index(element) + 1, text


def where_paragraph(built: Built, key: str) -> str:
    number, text = paragraph_number(built, key)
    return f"第 {number} 段「{text[:12]}{'…' if len(text) > 12 else ''}」"


# --- the cases -------------------------------------------------------------------------------------------


Mutation = Callable[[Built], None]


@dataclass(frozen=True)
class Case:
    name: str
    rule: str  # the clause of GB/T 9704-2012 (or the 公文 convention) broken
    message: str  # the message expected (a part of it)
    where: str  # a paragraph key ("p:title"), a page ("第 3 页") or a place ("页面设置", "页码", "页眉")
    spec: dict[str, Any] = field(default_factory=dict)
    mutate: Mutation | None = None
    base: Spec = Spec()
    on_pdf: bool = False  # only the laid-out pages show it

    def make(self) -> Built:
        built = build(dataclasses.replace(self.base, **self.spec))
        if self.mutate is not None:
            self.mutate(built)
        return built

    def expected_where(self, built: Built) -> str:
        return where_paragraph(built, self.where[2:]) if self.where.startswith("p:") else self.where


def _runs(built: Built, key: str) -> list[Any]:
    return list(built.paragraphs[key].runs)


def run_face(key: str, face: str) -> Mutation:
    def change(b: Built) -> None:
        for run in _runs(b, key):
            set_face(run, face)

    return change


def letter(s: Any) -> None:
    """US Letter, python-docx's and an American Word's default paper."""
    s.page_width, s.page_height = Twips(12240), Twips(15840)


def setting(name: str, twips: int) -> Callable[[Any], None]:
    return lambda s: setattr(s, name, Twips(twips))


def run_size(key: str, points: float) -> Mutation:
    def change(b: Built) -> None:
        for run in _runs(b, key):
            run.font.size = Pt(points)

    return change


def run_color(key: str, color: str) -> Mutation:
    def change(b: Built) -> None:
        for run in _runs(b, key):
            run.font.color.rgb = RGBColor.from_string(color)

    return change


def indent(key: str, value: Any) -> Mutation:
    def change(b: Built) -> None:
        b.paragraphs[key].paragraph_format.first_line_indent = value

    return change


def normal(change: Callable[[Any], None]) -> Mutation:
    return lambda b: change(b.document.styles["Normal"])


def section(index: int, change: Callable[[Any], None]) -> Mutation:
    return lambda b: change(b.document.sections[index])


def page_break_before(key: str) -> Mutation:
    def change(b: Built) -> None:
        b.paragraphs[key].paragraph_format.page_break_before = True

    return change


def empty_lines_before(key: str, count: int) -> Mutation:
    def change(b: Built) -> None:
        for _ in range(count):
            b.paragraphs[key].insert_paragraph_before("")

    return change


def body_with(key: str, kind: str, text: str, after: str | None = None) -> dict[str, Any]:
    """The body with one item's text replaced (or a new item after `after`)."""
    items = []
    for item in BODY:
        if item[0] == key and after is None:
            items.append((key, kind, text))
            continue
        items.append(item)
        if item[0] == after:
            items.append((key, kind, text))
    return {"body": tuple(items)}


def cell(b: Built, table: int, row: int, column: int) -> Any:
    return b.document.tables[table].cell(row, column).paragraphs[0]


def _theme_font(style: Any) -> None:
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    fonts.attrib.pop(qn("w:eastAsia"))
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")


def _no_condensing(style: Any) -> None:
    rpr = style.element.get_or_add_rPr()
    rpr.remove(rpr.find(qn("w:spacing")))


def _header_text(b: Built) -> None:
    header = b.document.sections[0].header
    header.is_linked_to_previous = False
    header.paragraphs[0].add_run("清河县人民政府办公室")


def _page_number_in_header(b: Built) -> None:
    for footer in (b.document.sections[0].footer, b.document.sections[0].even_page_footer):
        for paragraph in footer.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)
        footer._element.append(OxmlElement("w:p"))
    for header in (b.document.sections[0].header, b.document.sections[0].even_page_header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page_field(paragraph)


def _footer(b: Built, **options: Any) -> None:
    for footer in (b.document.sections[0].footer, b.document.sections[0].even_page_footer):
        for paragraph in footer.paragraphs:
            paragraph._p.getparent().remove(paragraph._p)
        footer._element.append(OxmlElement("w:p"))
    b.document.settings.odd_and_even_pages_header_footer = False
    page_numbers(b.document, b.document.sections[0], **options)


def _plain_page_number(b: Built) -> None:
    """Word's Insert > Page Number: a bare number."""
    _footer(b, dashes=("", ""))


def _no_footer(b: Built) -> None:
    for footer in (b.document.sections[0].footer, b.document.sections[0].even_page_footer):
        for paragraph in footer.paragraphs:
            for run in list(paragraph.runs):
                run._r.getparent().remove(run._r)
            for child in list(paragraph._p):
                if child.tag != qn("w:pPr"):
                    paragraph._p.remove(child)


def _table_cell_text(text: str) -> Mutation:
    def change(b: Built) -> None:
        paragraph = cell(b, 0, 1, 0)
        paragraph.runs[0].text = text

    return change


def _table_cell_face(face: str) -> Mutation:
    return lambda b: set_face(cell(b, 0, 2, 0).runs[0], face)


def _rule_color(color: str) -> Mutation:
    def change(b: Built) -> None:
        bottom = b.paragraphs["rule"]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        bottom.set(qn("w:color"), color)

    return change


def _no_rule(b: Built) -> None:
    ppr = b.paragraphs["rule"]._p.pPr
    ppr.remove(ppr.find(qn("w:pBdr")))


def _second_section(change: Callable[[Any], None]) -> Mutation:
    return section(1, change)


def _picture_after(key: str, height_mm: float) -> Mutation:
    """A chart pasted after a paragraph, as a clerk pastes one: an inline picture in its own paragraph."""

    def change(b: Built) -> None:
        import io

        from docx.shared import Mm
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (600, 400), "white")
        draw = ImageDraw.Draw(image)
        for i, value in enumerate((120, 260, 180, 330)):
            draw.rectangle((60 + i * 130, 380 - value, 150 + i * 130, 380), fill=(70, 110, 170))
        data = io.BytesIO()
        image.save(data, "PNG")
        anchor = b.paragraphs[key]
        holder = anchor.insert_paragraph_before("")
        anchor._p.addnext(holder._p)  # after the paragraph, not before it
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        holder.paragraph_format.first_line_indent = Pt(0)
        holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        holder.add_run().add_picture(io.BytesIO(data.getvalue()), height=Mm(height_mm))

    return change


def _lines_per_page(points: float) -> Mutation:
    """Word's 页面设置 > 文档网格 > 每页 N 行, and the line spacing set to match."""

    def change(b: Built) -> None:
        b.document.styles["Normal"].paragraph_format.line_spacing = Pt(points)
        grid = b.document.sections[0]._sectPr.find(qn("w:docGrid"))
        grid.set(qn("w:linePitch"), str(round(points * 20)))

    return change


def _no_text_on_this_page(b: Built) -> None:
    """The 落款 pushed to a page of its own, marked 「（此页无正文）」 as clerks do."""
    marker = b.paragraphs["signature"].insert_paragraph_before("（此页无正文）")
    marker.paragraph_format.page_break_before = True
    marker.paragraph_format.first_line_indent = TWO_CHARS


def _word_grid(char_space: int) -> Mutation:
    """Word's 页面设置 > 文档网格 > 指定行和字符网格, 每行 N 字 (a negative charSpace), without the
    condensed characters the corpus's Normal carries."""

    def change(b: Built) -> None:
        _no_condensing(b.document.styles["Normal"])
        grid = b.document.sections[0]._sectPr.find(qn("w:docGrid"))
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:charSpace"), str(char_space))

    return change


def _break_after(key: str) -> Mutation:
    def change(b: Built) -> None:
        b.paragraphs[key].add_run().add_break(WD_BREAK.PAGE)

    return change


SHORTER = tuple(item for item in BODY if item[0] != "p3")  # room for a table, or for the 落款 of a plan
WITH_TABLE = Spec(table_after="p5", body=SHORTER)
PLAN = Spec(body=SHORTER, mark=None, wenhao=None, zhusong=None, title="清河县安全生产大检查工作方案", attachment_note=None,
            note=None, attachments=(), cc=None, printed=None, signature="清河县安全生产委员会办公室")  # fmt: skip
TWO_PLANS = Spec(
    title="清河县人民政府办公室关于印发安全生产大检查和消防安全专项整治两个方案的通知",
    body=(
        (
            "intro",
            "p",
            "《清河县安全生产大检查工作方案》《清河县消防安全专项整治方案》已经县政府同意，现印发给你们，请认真贯彻执行。",
        ),
    ),
    attachment_note=None,
    note=None,
    attachments=(
        ("附件1", "清河县安全生产大检查工作方案", tuple(BODY[1:])),
        ("附件2", "清河县消防安全专项整治方案", tuple(SECOND_PLAN)),
    ),
)


def conforming() -> list[tuple[str, Spec]]:
    """Documents that follow the standard: each must pass with no finding."""
    return [
        ("通知（版头、附件、附注、版记）", Spec()),
        ("通知（附件在第二节）", Spec(attachment_section=True)),
        ("通知（正文带表格，表格用五号字）", WITH_TABLE),
        ("方案（无版头）", PLAN),
        ("印发两个方案的通知（各有层次序数）", TWO_PLANS),
        ("带横排统计表的通知（第二节横向）", Spec(statistics_page=True, attachments=(), cc=None, printed=None)),
        ("紧急通知（紧急程度在版头）", Spec(flag="特急")),
        ("Word 文档网格每行 28 字的通知", Spec(word_grid=-842)),
    ]


def _cases() -> list[Case]:
    c = Case
    return [
        # 页面设置 (5.1, 5.2.1)
        c("letter-paper", "5.1 幅面 A4", "纸张不是 A4（210 × 297 mm），而是 215.9 × 279.4 mm", "页面设置",
          mutate=section(0, letter)),
        c("word-default-margins", "5.2.1 版心（订口 28 mm）", "左（订口）边距 31.8 mm，应为 28 mm", "页面设置",
          mutate=section(0, setting("left_margin", 1800))),
        c("right-margin", "5.2.1 版心宽 156 mm", "右边距 31.8 mm，应为 26 mm", "页面设置",
          mutate=section(0, lambda s: setattr(s, "right_margin", Twips(1800)))),
        c("top-margin-word-default", "5.2.1 天头 37 mm", "上边距 25.4 mm，应使版心距纸张上边 37 mm", "页面设置",
          mutate=section(0, lambda s: setattr(s, "top_margin", Twips(1440)))),
        c("bottom-margin", "5.2.1 版心高 225 mm", "版心高 207 mm，应为 225 mm", "页面设置",
          mutate=section(0, lambda s: setattr(s, "bottom_margin", Twips(3005)))),
        c("second-section-letter", "5.1 幅面 A4（第二节）", "纸张不是 A4（210 × 297 mm），而是 215.9 × 279.4 mm",
          "第 2 节页面设置", spec={"attachment_section": True},
          mutate=_second_section(letter)),
        c("second-section-margin", "5.2.1 版心（第二节）", "左（订口）边距 31.8 mm，应为 28 mm", "第 2 节页面设置",
          spec={"attachment_section": True}, mutate=_second_section(lambda s: setattr(s, "left_margin", Twips(1800)))),
        # 字体 (5.2.2, 7.3.1, 7.3.3)
        c("normal-theme-font", "5.2.2 字体（Word 默认样式取主题字体）", "中文字体取自主题（正文字体）", "p:wenhao",
          mutate=normal(_theme_font)),
        c("latin-face-direct", "5.2.2 字体（直接格式）", "中文用的是西文字体「Calibri」", "p:p2", mutate=run_face("p2", "Calibri")),
        c("body-in-songti", "5.2.2 正文用仿宋体", "正文应用仿宋体，这里用的是「宋体」", "p:p3", mutate=run_face("p3", "宋体")),
        c("body-in-dengxian", "5.2.2 正文用仿宋体（Word 默认中文字体）", "中文应用仿宋体，这里用的是「等线」", "p:wenhao",
          mutate=normal(lambda s: _east_asian(s.element.get_or_add_rPr(), "等线"))),
        c("h1-in-fangsong", "7.3.3 一级标题用黑体", "第一层标题应用黑体，这里用的是「仿宋_GB2312」", "p:h1b",
          mutate=run_face("h1b", FANGSONG)),
        c("h2-in-songti", "7.3.3 二级标题用楷体", "第二层标题应用楷体，这里用的是「宋体」", "p:h2b", mutate=run_face("h2b", "宋体")),
        c("title-in-heiti", "7.3.1 标题用小标宋体", "标题应用小标宋体，这里用的是「黑体」", "p:title", mutate=run_face("title", HEITI)),
        c("table-latin-face", "5.2.2 字体（表格里）", "中文用的是西文字体「Arial」", "表格 1 第 3 行「河西乡」", base=WITH_TABLE,
          mutate=_table_cell_face("Arial")),
        # 字号 (5.2.2, 7.3.1, 7.4, 7.5)
        c("normal-size-wuhao", "5.2.2 正文三号（Word 默认五号）", "正文字号为 10.5 磅，应为三号（16 磅）", "p:wenhao",
          mutate=normal(lambda s: setattr(s.font, "size", Pt(10.5)))),
        c("one-paragraph-sihao", "5.2.2 正文三号（直接格式）", "正文字号为 14 磅，应为三号（16 磅）", "p:p3", mutate=run_size("p3", 14)),
        c("heading-xiaosan", "5.2.2 层次标题三号", "正文字号为 15 磅，应为三号（16 磅）", "p:h1c", mutate=run_size("h1c", 15)),
        c("title-xiaoer", "7.3.1 标题二号", "标题字号为 18 磅，应为二号（22 磅）", "p:title", mutate=run_size("title", 18)),
        c("zhusong-sihao", "7.3.2 主送机关三号", "正文字号为 14 磅，应为三号（16 磅）", "p:zhusong", mutate=run_size("zhusong", 14)),
        c("date-sihao", "7.3.5 成文日期三号", "正文字号为 12 磅，应为三号（16 磅）", "p:date", mutate=run_size("date", 12)),
        c("banji-sanhao", "7.4.2 版记四号", "版记字号为 16 磅，应为四号（14 磅）", "p:cc", mutate=run_size("cc", 16)),
        c("page-number-sanhao", "7.5 页码四号", "页码字号为 16 磅，应为四号（14 磅）", "页码", mutate=lambda b: _footer(b, size=16)),
        # 颜色 (5.2.4)
        c("black-masthead", "7.2.4 发文机关标志红色", "发文机关标志应为红色，这里是黑色", "p:mark", mutate=run_color("mark", "000000")),
        c("black-rule", "7.2.7 分隔线红色", "版头中的分隔线应为红色，这里是黑色", "版头", mutate=_rule_color("000000")),
        c("no-rule", "7.2.7 发文字号下 4 mm 红色分隔线", "发文字号下缺少红色分隔线", "p:wenhao", mutate=_no_rule),
        c("red-title", "5.2.4 标题黑色", "标题文字应为黑色，这里是红色", "p:title", mutate=run_color("title", RED)),
        c("blue-body", "5.2.4 正文黑色", "正文文字应为黑色，这里是颜色 0000FF", "p:p1", mutate=run_color("p1", "0000FF")),
        # 发文字号 (7.2.5)
        c("wenhao-015", "7.2.5 序号不编虚位", "发文字号的序号不编虚位（如 1 不写成 01、001），应为「清政办〔2018〕15号」",
          "p:wenhao", spec={"wenhao": "清政办〔2018〕015号"}),
        c("wenhao-di", "7.2.5 序号不加第字", "发文字号的序号不加「第」字，应为「清政办〔2018〕15号」", "p:wenhao",
          spec={"wenhao": "清政办〔2018〕第15号"}),
        c("wenhao-di-015", "7.2.5 不加第、不编虚位", "发文字号的序号不加「第」字、不编虚位", "p:wenhao",
          spec={"wenhao": "清政办〔2018〕第015号"}),
        c("wenhao-square-brackets", "7.2.5 六角括号", "发文字号的年份应用六角括号〔〕", "p:wenhao", spec={"wenhao": "清政办[2018]15号"}),
        c("wenhao-parentheses", "7.2.5 六角括号", "发文字号的年份应用六角括号〔〕", "p:wenhao", spec={"wenhao": "清政办（2018）15号"}),
        c("wenhao-short-year", "7.2.5 年份标全称", "发文字号的年份应标全称", "p:wenhao", spec={"wenhao": "清政办〔18〕15号"}),
        c("wenhao-no-hao", "7.2.5 序号后加号", "发文字号的序号后应加「号」字", "p:wenhao", spec={"wenhao": "清政办〔2018〕15"}),
        # 标题、主送 (7.3.1, 7.3.2)
        c("title-full-stop", "7.3.1 标题（末尾不加标点）", "标题末尾不加标点", "p:title",
          spec={"title": "清河县人民政府办公室关于开展安全生产大检查的通知。"}),
        c("title-left-aligned", "7.3.1 标题居中", "标题应居中排布", "p:title",
          mutate=lambda b: setattr(b.paragraphs["title"], "alignment", WD_ALIGN_PARAGRAPH.LEFT)),
        c("zhusong-no-colon", "7.3.2 主送机关后加全角冒号", "主送机关后应加全角冒号「：」", "p:zhusong",
          spec={"zhusong": "各乡镇人民政府，县政府各部门"}),
        c("zhusong-ascii-colon", "7.3.2 主送机关后加全角冒号", "主送机关后应用全角冒号「：」", "p:zhusong",
          spec={"zhusong": "各乡镇人民政府，县政府各部门:"}),
        c("zhusong-indented", "7.3.2 主送机关顶格", "主送机关应顶格，这里空了 2 字", "p:zhusong", mutate=indent("zhusong", TWO_CHARS)),
        # 正文 (7.3.3)
        c("body-not-indented", "7.3.3 每个自然段左空二字", "段首应空二字（首行缩进 2 字符），这里顶格", "p:p2",
          mutate=indent("p2", Pt(0))),
        c("normal-no-indent", "7.3.3 左空二字（Word 默认样式段落）", "段首应空二字（首行缩进 2 字符），这里顶格", "p:p6",
          mutate=indent("p6", None)),
        c("ascii-comma", "9 标点（GB/T 15834）", "中文旁用了半角标点：「等行业领域,做到全覆」", "p:p1",
          spec=body_with("p1", "p", BODY[2][2].replace("行业领域，做到", "行业领域,做到"))),
        c("ascii-comma-in-table", "9 标点（表格里）", "中文旁用了半角标点", "表格 1 第 2 行「城关镇,东区」", base=WITH_TABLE,
          mutate=_table_cell_text("城关镇,东区")),
        c("red-body-run", "5.2.4 正文黑色（直接格式）", "正文文字应为黑色，这里是红色", "p:p5", mutate=run_color("p5", RED)),
        # 层次序数 (7.3.3)
        c("heading-skipped", "7.3.3 层次序数连续", "序号不连续：上一个是 3，这里是 5", "p:h1d",
          spec=body_with("h1d", "h1", "五、工作要求")),
        c("heading-repeated", "7.3.3 层次序数连续", "序号不连续：上一个是 1，这里是 1", "p:h2e",
          spec=body_with("h2e", "h2", "（一）严格督查问责。县安委会办公室将组织督查组进行督查，对工作不力的单位予以通报批评。")),
        c("third-level-dunhao", "7.3.3 第三层用「1.」", "「1、」不是公文的层次序数：第一层用「一、」，第三层用「1.」", "p:h3a",
          spec=body_with("h3a", "h3", "1、重大危险源监控")),
        c("first-level-arabic", "7.3.3 第一层用「一、」", "「3、」不是公文的层次序数：第一层用「三、」，第三层用「3.」", "p:h1c",
          spec=body_with("h1c", "h1", "3、时间安排")),
        c("second-level-dunhao", "7.3.3 第二层「（一）」后不加顿号", "「（一）」「（1）」后面不再加顿号", "p:h2a",
          spec=body_with("h2a", "h2", "（一）、安全责任落实情况")),
        c("second-level-ascii", "7.3.3 第二层用全角括号", "第二层序数应用全角括号「（二）」", "p:h2b",
          spec=body_with("h2b", "h2", "(二)隐患排查治理情况")),
        c("third-level-fullwidth-dot", "7.3.3 第三层「1.」用下脚点", "第三层序数应用半角下脚点「2.」", "p:h3b",
          spec=body_with("h3b", "h3", "2．应急预案和演练")),
        c("fourth-level-ascii", "7.3.3 第四层用全角括号", "第四层序数应用全角括号「（2）」", "p:h4b",
          spec=body_with("h4b", "h4", "(2)演练开展。每半年至少组织一次综合演练，做好记录和评估。")),
        c("first-level-comma", "7.3.3 第一层「一、」用顿号", "第一层序数应用「二、」（汉字数字加顿号）", "p:h1b",
          spec=body_with("h1b", "h1", "二，检查重点")),
        c("second-plan-skips", "7.3.3 层次序数（印发的第二个方案）", "序号不连续：上一个是 1，这里是 3", "p:b_h1b",
          base=TWO_PLANS, spec={"attachments": (TWO_PLANS.attachments[0], ("附件2", "清河县消防安全专项整治方案",
                                                                          tuple((k, t, x.replace("二、整治", "三、整治")) for k, t, x in SECOND_PLAN)))}),
        # 附件说明、落款、附注、附件 (7.3.4-7.3.7)
        c("attachment-note-ascii-colon", "7.3.4 附件说明", "附件说明的「附件」后应用全角冒号「：」", "p:attachment_note",
          spec={"attachment_note": "附件:清河县安全生产大检查责任分工"}),
        c("attachment-note-full-stop", "7.3.4 附件名称后不加标点", "附件名称后不加标点", "p:attachment_note",
          spec={"attachment_note": "附件：清河县安全生产大检查责任分工。"}),
        c("attachment-note-book-title", "7.3.4 附件名称不加书名号", "附件名称不加书名号「《》」", "p:attachment_note",
          spec={"attachment_note": "附件：《清河县安全生产大检查责任分工》"}),
        c("attachment-note-empty", "7.3.4 附件说明写附件名称", "附件说明「附件：」后没有附件名称", "p:attachment_note",
          spec={"attachment_note": "附件："}),  # 南安市教育局 (2007): its page lost the name
        c("date-dots", "7.3.5.4 成文日期", "成文日期应写作「2018年1月22日」（用年、月、日）", "p:date", spec={"date": "2018.1.22"}),
        c("date-dashes", "7.3.5.4 成文日期", "成文日期应写作「2018年1月22日」（用年、月、日）", "p:date", spec={"date": "2018-01-22"}),
        c("date-chinese-numerals", "7.3.5.4 成文日期用阿拉伯数字", "成文日期应用阿拉伯数字", "p:date", spec={"date": "二〇一八年一月二十二日"}),
        c("date-zero-padded", "7.3.5.4 月日不编虚位", "成文日期的月、日不编虚位", "p:date", spec={"date": "2018年01月22日"}),
        c("note-ascii-parentheses", "7.3.6 附注加圆括号", "附注应加全角圆括号「（）」", "p:note", spec={"note": "(此件公开发布)"}),
        c("note-after-blank", "7.3.6 附注在成文日期下一行", "附注应在成文日期的下一行，中间不空行", "p:note",
          mutate=empty_lines_before("note", 1)),
        c("attachment-same-page", "7.3.7 附件另面编排", "附件应另面编排：在附件标识前分页", "p:attachment_label0",
          mutate=lambda b: setattr(b.paragraphs["attachment_label0"].paragraph_format, "page_break_before", False)),
        c("attachment-label-colon", "7.3.7 附件标识", "附件标识后不加冒号", "p:attachment_label0",
          spec={"attachments": (("附件：", "清河县安全生产大检查责任分工", tuple(ATTACHMENT_BODY)),)}),
        # 版记 (7.4)
        c("cc-no-full-stop", "7.4.2 抄送机关后加句号", "抄送机关最后应加句号「。」", "p:cc",
          spec={"cc": "抄送：县委办公室，县人大常委会办公室，县政协办公室"}),
        c("printed-without-yinfa", "7.4.3 印发日期后加印发", "印发日期后应加「印发」二字", "p:printed",
          spec={"printed": "清河县人民政府办公室\t2018年1月22日"}),
        # 页眉、页码 (7.5)
        c("header-text", "7.5 版面不设页眉", "页眉里有文字「清河县人民政府办公室」", "页眉", mutate=_header_text),
        c("page-number-hyphens", "7.5 页码一字线", "页码两边应各有一条一字线", "页码",
          mutate=lambda b: _footer(b, dashes=("-", "-"))),
        c("page-number-bare", "7.5 页码一字线（Word 插入的页码）", "页码两边应各有一条一字线，如「— 1 —」，现为「1」", "页码",
          mutate=_plain_page_number),
        c("word-grid-27", "5.2.3 每行 28 字（Word 文档网格每行 27 字）", "文档网格每行 27 字，应为每行 28 字", "页面设置",
          mutate=_word_grid(0)),
        # on the laid-out pages
        c("page-number-missing", "7.5 页码", "没有页码", "第 1 页", mutate=_no_footer, on_pdf=True),
        c("page-number-in-header", "7.5 页码在版心下", "页码在页眉，应在版心下方 7 mm（页脚）", "第 1 页",
          mutate=_page_number_in_header, on_pdf=True),
        c("page-number-centred", "7.5 单页居右、双页居左", "页码应单页居右、双页居左（各空一字）", "第 1 页",
          mutate=lambda b: _footer(b, alignment=WD_ALIGN_PARAGRAPH.CENTER), on_pdf=True),
        c("footer-distance", "7.5 页码在版心下 7 mm", "应在版心下 7 mm（约 269 mm）", "第 1 页",
          mutate=section(0, lambda s: setattr(s, "footer_distance", Twips(500))), on_pdf=True),
        c("lines-24", "5.2.3 每页 22 行（文档网格每页 24 行）", "排了 24 行，应为每页 22 行", "第 2 页",
          mutate=_lines_per_page(26.5), on_pdf=True),
        c("lines-20", "5.2.3 每页 22 行（文档网格每页 20 行）", "排了 20 行，应为每页 22 行", "第 2 页",
          mutate=_lines_per_page(31.8), on_pdf=True),
        c("chars-27", "5.2.3 每行 28 字（字距未紧缩）", "每行 27 字，应为每行 28 字", "第 2 页",
          mutate=normal(_no_condensing), on_pdf=True),
        c("closing-alone", "7.3.5 落款与正文同页（署名单独成页）", "这一页只有落款（发文机关署名、成文日期），没有正文", "第 4 页",
          mutate=page_break_before("signature"), on_pdf=True),
        c("closing-alone-marked", "7.3.5 落款与正文同页（「此页无正文」）", "这一页只有落款", "第 4 页",
          mutate=_no_text_on_this_page, on_pdf=True),
        c("note-alone", "7.3.6 附注在成文日期下一行（附注单独成页）", "这一页只有附注「（此件公开发布）」", "第 4 页",
          mutate=page_break_before("note"), on_pdf=True),
        c("half-empty-page", "5.2.3 版心排满（正文中的分页符）", "正文接着排在第 3 页：删去多余的空行或分页符", "第 2 页",
          mutate=_break_after("h3a"), on_pdf=True),
        c("page-break-before-heading", "5.2.3 版心排满（段前分页）", "正文接着排在第 4 页：删去多余的空行或分页符", "第 3 页",
          mutate=page_break_before("h1d"), on_pdf=True),
        c("picture-does-not-fit", "5.2.3 版心排满（图片排不下）", "图片在这一页排不下", "第 2 页",
          mutate=_picture_after("h3a", 100), on_pdf=True),
        c("empty-lines-push-text", "5.2.3 版心排满（一串空行）", "正文接着排在第 3 页：删去多余的空行或分页符", "第 2 页",
          mutate=empty_lines_before("h3b", 9), on_pdf=True),
    ]  # fmt: skip


FAULTS = _cases()


def write_all(folder: Path) -> tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]]:
    """Writes the corpus: conforming documents by name, faults by name with the expected place."""
    folder.mkdir(parents=True, exist_ok=True)
    good: dict[str, Path] = {}
    for number, (name, spec) in enumerate(conforming(), start=1):
        path = folder / f"good{number:02d}.docx"
        build(spec).document.save(str(path))
        good[name] = path
    bad: dict[str, tuple[Case, Path, str]] = {}
    for case in FAULTS:
        built = case.make()
        path = folder / f"{case.name}.docx"
        built.document.save(str(path))
        bad[case.name] = (case, path, case.expected_where(built))
    return good, bad
