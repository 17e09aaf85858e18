"""Every number of GB/T 9704-2012 that gongwen uses, in one place.

Units: OOXML twips (1/20 pt) unless a name says otherwise; font sizes are in
half-points (``w:sz``) as OOXML wants them; border widths in eighths of a point.

Profile: "glyph-accurate" (called Profile G in the project's reference notes).
The standard places the *characters* in a 156 mm x 225 mm 版心 whose top is
37 mm below the paper edge. In an exact-spaced line LibreOffice and Word put a
16 pt glyph a few points below the top of its 28-30 pt line box, so the page
margins are the 版心 margins minus that offset, and the line pitch is chosen
so that 22 glyph rows and 21 gaps fill exactly 225 mm. Both were measured on
LibreOffice PDFs (see tests/test_layout_pdf.py, which checks them).
"""

from __future__ import annotations

from dataclasses import dataclass

TWIPS_PER_PT = 20
TWIPS_PER_MM = 1440 / 25.4  # 56.693


def mm(value: float) -> int:
    """Millimetres to whole twips."""
    return round(value * TWIPS_PER_MM)


# --- 字号 (5.2.2): name -> half-points ------------------------------------
SIZE_CHUHAO = 84  # 初号 42 pt
SIZE_XIAOCHU = 72  # 小初 36 pt
SIZE_ERHAO = 44  # 二号 22 pt: title
SIZE_SANHAO = 32  # 三号 16 pt: everything by default
SIZE_SIHAO = 28  # 四号 14 pt: 版记, 页码

# --- fonts (5.2.2, 7.x) ----------------------------------------------------
# The names Chinese government machines carry. LibreOffice substitutes Noto
# CJK when they are absent; the alternates go into fontTable.xml as altName so
# that Word on a stock Windows falls back to the look-alike, not to 宋体.
FONT_FANGSONG = "仿宋_GB2312"
FONT_KAITI = "楷体_GB2312"
FONT_HEITI = "黑体"
FONT_XIAOBIAOSONG = "方正小标宋简体"
FONT_SONGTI = "宋体"
# Latin letters and digits: Times New Roman, whose digits are exactly half a
# 字 wide (LibreOffice draws it with the metric-compatible Liberation Serif),
# so widths such as the 成文日期's are predictable.
FONT_LATIN = "Times New Roman"
FONT_ALTERNATES = {
    FONT_FANGSONG: "仿宋",
    FONT_KAITI: "楷体",
    FONT_XIAOBIAOSONG: "宋体",
    FONT_HEITI: "SimHei",
    FONT_SONGTI: "SimSun",
}
# Official fonts, for the fonts preflight and the docs.
OFFICIAL_FONTS = (FONT_FANGSONG, FONT_KAITI, FONT_HEITI, FONT_XIAOBIAOSONG, FONT_SONGTI)

COLOR_RED = "FF0000"  # 版头 mark and rule (5.2.4; print spec Y80% M80%)
COLOR_BLACK = "000000"

# --- paper and 版心 (5.1, 5.2.1) ----------------------------------------------
PAGE_WIDTH = 11906  # A4 210 mm
PAGE_HEIGHT = 16838  # A4 297 mm
TYPE_AREA_TOP_MM = 37.0  # 天头: top of the first glyph row
TYPE_AREA_LEFT_MM = 28.0  # 订口
TYPE_AREA_WIDTH_MM = 156.0
TYPE_AREA_HEIGHT_MM = 225.0
MARGIN_LEFT = 1587  # 28 mm
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - mm(TYPE_AREA_WIDTH_MM)  # 26 mm
TYPE_AREA_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 8844

# --- the grid (5.2.3): 22 lines x 28 characters ------------------------------
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 22 glyphs of 16 pt plus 21 equal gaps fill 225 mm: pitch = (225 mm - 16 pt) / 21.
LINE_PITCH = round((mm(TYPE_AREA_HEIGHT_MM) - SIZE_SANHAO * 10) / (LINES_PER_PAGE - 1))  # 592
# Where LibreOffice draws the em box of a 16 pt CJK glyph inside an exact line
# of LINE_PITCH, measured from the top of the line box (calibrated on PDFs).
GLYPH_OFFSET_IN_LINE = 116
MARGIN_TOP = mm(TYPE_AREA_TOP_MM) - GLYPH_OFFSET_IN_LINE
# The text area holds exactly 22 line boxes: LibreOffice centres a grid block
# that is shorter than its text area, so no slack is left to centre.
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - LINES_PER_PAGE * LINE_PITCH
# 28 x 16 pt = 448 pt does not fit 156 mm = 442.2 pt: condense every 三号 run
# by a quarter point (28 x 15.75 = 441 pt). Renders 28 per line in Word and in
# LibreOffice, unlike a negative docGrid charSpace (14 per line in LibreOffice).
BODY_CHAR_SPACING = -5

CHAR_WIDTH = SIZE_SANHAO * 10 + BODY_CHAR_SPACING  # one 三号 字 as laid out: 315
INDENT_FIRST_LINE = 2 * SIZE_SANHAO * 10  # 左空二字: 640

# --- 横排表格 (8): A4 landscape for the statistics sheets --------------------------
# The page turned a quarter as the sheet is turned to read it, the table's head on the 订口 side
# (8: an odd page's; its left edge): the 版心 stays 225 x 156 mm, the 订口 (28 mm) is the top
# edge, the 天头 (37 mm) the right one and the 地脚 (35 mm) the left. (Not the 天头 on the left:
# that mirrors the page, which no sheet can be, and sets the 版心 35 mm under its top edge.)
LANDSCAPE_WIDTH, LANDSCAPE_HEIGHT = PAGE_HEIGHT, PAGE_WIDTH
LANDSCAPE_MARGIN_TOP = mm(TYPE_AREA_LEFT_MM)
LANDSCAPE_MARGIN_BOTTOM = mm(26)  # the 切口
LANDSCAPE_MARGIN_RIGHT = mm(TYPE_AREA_TOP_MM)
LANDSCAPE_MARGIN_LEFT = LANDSCAPE_WIDTH - LANDSCAPE_MARGIN_RIGHT - mm(TYPE_AREA_HEIGHT_MM)  # 35 mm
LANDSCAPE_TYPE_AREA_WIDTH = LANDSCAPE_WIDTH - LANDSCAPE_MARGIN_LEFT - LANDSCAPE_MARGIN_RIGHT  # 225 mm
# The page number 7 mm under the landscape 版心 (calibrated on PDFs like the portrait one).
LANDSCAPE_FOOTER_DISTANCE = 850

# --- 版头 (7.2) ----------------------------------------------------------------
MARK_SIZE = SIZE_XIAOCHU  # 发文机关标志: size not fixed by the standard
MARK_TOP_BELOW_TYPE_AREA_MM = 35.0  # mark's top edge 35 mm under the 版心 top
MARK_MAX_CHARS = round(mm(TYPE_AREA_WIDTH_MM) / (MARK_SIZE * 10))  # wider would overflow
# A longer mark is set on one line with narrower characters (Word's 字符缩放, render/masthead.py), as
# practice does, but not below this scale (percent): narrower, it no longer reads as 庄重, and
# `validate` advises the organ's 规范化简称 instead.
MARK_NARROWEST_SCALE = 60
MARK_MAX_CHARS_NARROWED = int(mm(TYPE_AREA_WIDTH_MM) * 100 // (MARK_SIZE * 10 * MARK_NARROWEST_SCALE))
RULE_GAP_BELOW_WENHAO_MM = 4.0  # 分隔线 4 mm under the 发文字号
RULE_WIDTH_EIGHTHS = 10  # 1.25 pt = 0.44 mm (practice: 0.35-0.5 mm)
# The 版头 is laid out in flow, outside the grid: a spacer pushes the mark down
# to 35 mm, the mark sits in an exact line of its own, and the rule is the
# bottom border of a thin paragraph under the 发文字号. Calibrated on PDFs.
MARK_LINE_HEIGHT = MARK_SIZE * 10 + 120
MARK_SPACER_HEIGHT = 2148
RULE_PARAGRAPH_HEIGHT = 59

# --- 主体 (7.3) ----------------------------------------------------------------
TITLE_SIZE = SIZE_ERHAO
TITLE_MAX_CHARS_PER_LINE = TYPE_AREA_WIDTH // (TITLE_SIZE * 10)  # 20
# No 公文标题 takes more lines than this (the longest real ones, joint notices' 印发《…》的通知, take
# four): a longer one is text pasted into the cell, refused by validate and not searched for breaks
# by render/titles.py. A 发文机关标志 of more lines than MARK_MOST_LINES (one organ a line) is too.
TITLE_MOST_LINES = 8
MARK_MOST_LINES = 6
DATE_RIGHT_INDENT_CHARS = 4  # 成文日期右空四字 (sealed, 7.3.5.1)
SEAL_BLANK_LINES = 2  # room for the seal above 署名 (practice)
# A joint notice's seals (7.3.5.1): one per 署名, in neat rows, none touching another or wider than
# the 版心. An organ's seal is 42 mm across (a county's and a city's organs alike, in practice); the
# gap between two keeps them apart as printed.
SEAL_DIAMETER = mm(42)
SEAL_GAP = mm(4)
UNSEALED_RIGHT_INDENT_CHARS = 2  # no seal: 署名右空二字 (7.3.5.2)
UNSEALED_DATE_SHIFT_CHARS = 2  # no seal: the date's first character two right of the 署名's

# --- 版记 (7.4) ----------------------------------------------------------------
BANJI_SIZE = SIZE_SIHAO
BANJI_INDENT = SIZE_SIHAO * 10  # 左右各空一字 (one 四号 character)
BANJI_THICK_EIGHTHS = 8  # 0.35 mm first and last line
BANJI_THIN_EIGHTHS = 6  # 0.25 mm middle lines
BANJI_LINE_HEIGHT = 440  # one 四号 text line in a 版记 row (7.8 mm)
# The last 版记 line coincides with the bottom of the 版心 (262 mm). The 版记 is
# anchored to the bottom of the text area, which lies this far lower (the last
# line box reaches below its glyphs); an empty row of this height makes up the gap.
TYPE_AREA_BOTTOM = mm(TYPE_AREA_TOP_MM + TYPE_AREA_HEIGHT_MM)
BANJI_BOTTOM_GAP = MARGIN_TOP + LINES_PER_PAGE * LINE_PITCH - TYPE_AREA_BOTTOM

# --- 页码 (7.5) ----------------------------------------------------------------
PAGE_NUMBER_SIZE = SIZE_SIHAO
PAGE_NUMBER_FONT = FONT_SONGTI
PAGE_NUMBER_INDENT = SIZE_SIHAO * 10  # 一字 from the 版心 edge
PAGE_NUMBER_DASH = "\u2014"  # 一字线 —
PAGE_NUMBER_BELOW_TYPE_AREA_MM = 7.0
# Distance of the footer paragraph from the paper's bottom edge that puts the
# number's centre 7 mm under the 版心 (calibrated on PDFs).
FOOTER_DISTANCE = 1367
HEADER_DISTANCE = 851
# A landscape table page's number (8: where it is on other pages): on the sheet's foot 7 mm under the
# 版心, one 字 in from its outer edge, so along the landscape page's left edge, turned with the sheet.
# A text box (left, top, width, height in mm from the page's corner) around the line, reaching 1.5 mm
# past the number's outer end, where LibreOffice sets the text inside it (calibrated on PDFs).
_NUMBER_CENTRE_ON_SHEET_MM = TYPE_AREA_TOP_MM + TYPE_AREA_HEIGHT_MM + PAGE_NUMBER_BELOW_TYPE_AREA_MM  # 269
_NUMBER_BOX_WIDTH_MM, _NUMBER_BOX_LENGTH_MM, _NUMBER_BOX_INSET_MM = 8.0, 60.0, 1.5
_NUMBER_BOX_LEFT_MM = round(297 - _NUMBER_CENTRE_ON_SHEET_MM - _NUMBER_BOX_WIDTH_MM / 2, 2)
_ONE_ZI_MM = PAGE_NUMBER_INDENT / 20 * 25.4 / 72
LANDSCAPE_PAGE_NUMBER_BOX_ODD = (
    _NUMBER_BOX_LEFT_MM,
    round(TYPE_AREA_LEFT_MM + TYPE_AREA_WIDTH_MM - _ONE_ZI_MM + _NUMBER_BOX_INSET_MM - _NUMBER_BOX_LENGTH_MM, 2),
    _NUMBER_BOX_WIDTH_MM,
    _NUMBER_BOX_LENGTH_MM,
)
LANDSCAPE_PAGE_NUMBER_BOX_EVEN = (
    _NUMBER_BOX_LEFT_MM,
    round(TYPE_AREA_LEFT_MM + _ONE_ZI_MM - _NUMBER_BOX_INSET_MM, 2),
    _NUMBER_BOX_WIDTH_MM,
    _NUMBER_BOX_LENGTH_MM,
)


@dataclass(frozen=True)
class Role:
    """One element of the standard as a named paragraph style."""

    style_id: str
    name: str  # what the clerk sees in Word's style list
    east_asia: str
    size: int  # half-points
    align: str = "both"  # OOXML jc
    first_line: int = 0
    color: str | None = None
    on_grid: bool = True
    outline_level: int | None = None
    page_break_before: bool = False
    left: int = 0  # left indent; with `hanging`, wrapped lines align under the text
    hanging: int = 0
    exact_line: bool = True  # on the body's exact line pitch; tables use single spacing
    table_line: int = 0  # off the body's pitch: an exact line of this many twips (0: single spacing)
    keep_next: bool = False


# Paragraph styles, by role. A clerk who adds a paragraph in Word picks one of
# these names and gets the standard's format. Headings keep with the paragraph after
# them, so none is left alone at a page foot (Word, WPS and LibreOffice all honour it).
BODY = Role("GwBody", "公文正文", FONT_FANGSONG, SIZE_SANHAO, "both", INDENT_FIRST_LINE)
HEADING_1 = Role(
    "Heading1", "heading 1", FONT_HEITI, SIZE_SANHAO, "both", INDENT_FIRST_LINE, outline_level=0, keep_next=True
)
HEADING_2 = Role(
    "Heading2", "heading 2", FONT_KAITI, SIZE_SANHAO, "both", INDENT_FIRST_LINE, outline_level=1, keep_next=True
)
HEADING_3 = Role(
    "Heading3", "heading 3", FONT_FANGSONG, SIZE_SANHAO, "both", INDENT_FIRST_LINE, outline_level=2, keep_next=True
)
HEADING_4 = Role(
    "Heading4", "heading 4", FONT_FANGSONG, SIZE_SANHAO, "both", INDENT_FIRST_LINE, outline_level=3, keep_next=True
)
MARK = Role("GwMark", "公文发文机关标志", FONT_XIAOBIAOSONG, MARK_SIZE, "center", color=COLOR_RED, on_grid=False)
WENHAO = Role("GwWenhao", "公文发文字号", FONT_FANGSONG, SIZE_SANHAO, "center")
TITLE = Role("GwTitle", "公文标题", FONT_XIAOBIAOSONG, TITLE_SIZE, "center", on_grid=False)
ZHUSONG = Role("GwZhusong", "公文主送机关", FONT_FANGSONG, SIZE_SANHAO, "both")
SIGNATURE = Role("GwSignature", "公文发文机关署名", FONT_FANGSONG, SIZE_SANHAO, "right")
DATE = Role("GwDate", "公文成文日期", FONT_FANGSONG, SIZE_SANHAO, "right")
# 附件说明 (7.3.4): "附件：" starts 2 字 in; a wrapped name aligns under the name's first character.
ATTACHMENT_NOTE = Role(
    "GwAttachmentNote", "公文附件说明", FONT_FANGSONG, SIZE_SANHAO, "both",
    left=5 * SIZE_SANHAO * 10, hanging=3 * SIZE_SANHAO * 10,
)  # fmt: skip
ATTACHMENT_LABEL = Role("GwAttachmentLabel", "公文附件标识", FONT_HEITI, SIZE_SANHAO, "left", page_break_before=True)
BANJI = Role("GwBanji", "公文版记", FONT_FANGSONG, BANJI_SIZE, "both", on_grid=False)
BLANK = Role("GwBlank", "公文空行", FONT_FANGSONG, SIZE_SANHAO, "both")

# Tables do not sit on the body grid: exact 29.6 pt lines would blow up rows.
TABLE_SIZE = SIZE_SIHAO
TABLE_TEXT = Role("GwTableText", "公文表格文字", FONT_FANGSONG, TABLE_SIZE, "center", on_grid=False, exact_line=False)
TABLE_HEADER = Role("GwTableHeader", "公文表格表头", FONT_HEITI, TABLE_SIZE, "center", on_grid=False, exact_line=False)
TABLE_ROW_HEIGHT = 567  # at least 10 mm
TABLE_BORDER_EIGHTHS = 4  # 0.5 pt
# Statistics tables in a summary's text: 小四 and 6 mm rows.
STATS_TEXT = Role("GwStatsText", "公文统计表文字", FONT_FANGSONG, 24, "center", on_grid=False, exact_line=False)
STATS_HEADER = Role("GwStatsHeader", "公文统计表表头", FONT_HEITI, 24, "center", on_grid=False, exact_line=False)
STATS_ROW_HEIGHT = 340
# Statistics sheets and roll-ups (landscape): 五号 and 5 mm rows, so that a group of some twenty
# units with its 合计 fits under the sheet's title on the first page.
# Exact 13 pt lines: single spacing would give the CJK faces' 1.45 em and taller rows.
SHEET_LINE = 260
SHEET_TEXT = Role(
    "GwSheetText", "公文报表文字", FONT_FANGSONG, 21, "center", on_grid=False, exact_line=False, table_line=SHEET_LINE
)
SHEET_HEADER = Role(
    "GwSheetHeader", "公文报表表头", FONT_HEITI, 21, "center", on_grid=False, exact_line=False, table_line=SHEET_LINE
)
SHEET_ROW_HEIGHT = 280
# Off-grid single spacing: a line is about 1.45 times the type size (the CJK faces' ascent and
# descent, measured on LibreOffice PDFs: 17.4 pt for 小四), in twips per half-point.
SINGLE_LINE_TWIPS_PER_HALF_POINT = 15
STATS_NUMBER_COLUMN_WIDTH = 640  # a 序号 column: "18" and room around it
STATS_MAX_METRIC_COLUMN_WIDTH = 2800  # a one-metric table is not stretched over the page
# A county roll-up sets adjacent metric groups side by side in one table (a group header row over
# their columns) up to this many metric columns: beside a unit column of an eight-character name,
# twelve share the 225 mm landscape 版心 at about 16 mm each; with the roll-up's 1 mm cell margins a
# unit of measure such as （人次） or （公里） stays on one line of the header in 小五 (layout.py sets
# the headers of such narrow columns in 小五; in 五号 it broke: （公/里）).
ROLLUP_MAX_METRIC_COLUMNS = 12
ROLLUP_CELL_MARGIN = 57  # twips, each side: 1 mm
STATS_CELL_MARGINS = 2 * 108  # Word's default left and right cell margins, in twips

PARAGRAPH_ROLES = (
    BODY, HEADING_1, HEADING_2, HEADING_3, HEADING_4, MARK, WENHAO, TITLE, ZHUSONG, SIGNATURE, DATE,
    ATTACHMENT_NOTE, ATTACHMENT_LABEL, BANJI, BLANK, TABLE_TEXT, TABLE_HEADER, STATS_TEXT, STATS_HEADER,
    SHEET_TEXT, SHEET_HEADER,
)  # fmt: skip


@dataclass(frozen=True)
class CharRole:
    """A character style, for run-in headings such as "（一）加强组织领导。"."""

    style_id: str
    name: str
    east_asia: str


RUN_IN_HEADING_1 = CharRole("GwRunIn1", "公文一级标题字符", FONT_HEITI)
RUN_IN_HEADING_2 = CharRole("GwRunIn2", "公文二级标题字符", FONT_KAITI)
CHAR_ROLES = (RUN_IN_HEADING_1, RUN_IN_HEADING_2)

# Heading numbering, level by level (7.3.3): 一、 （一） 1. （1）
HEADING_NUMBER_PATTERNS = (
    r"^[一二三四五六七八九十百]+、",
    r"^（[一二三四五六七八九十百]+）",
    r"^\d+[.．]",
    r"^（\d+）",
)
