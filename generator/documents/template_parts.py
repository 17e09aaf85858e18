"""The building blocks of a template's first version: GB/T 9704 paragraphs, 版头, 署名, 版记, tables.

A template source is a list of blocks; most are paragraphs in one of the named
GB/T 9704 styles, with docxtpl/Jinja tags where the workbook supplies a fact. The
wording of each campaign's templates is that campaign's (examples/ holds the shipped
ones); the clerk later edits the .docx itself in Word or WPS.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.standard import gbt9704 as std
from generator.standard.ooxml import (
    METRIC_TABLE_STYLE_ID,
    Column,
    Run,
    cell_xml,
    data_table,
    exact_spacing,
    paragraph,
    row_xml,
    table_xml,
)


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph | spacer | rule | page_break | banji | raw
    style_id: str = ""
    runs: Sequence[Run] = ()
    ppr_extra: str = ""
    height: int = 0
    runs_text: Sequence[str] = ()  # banji rows, as paragraph XML
    raw: str = ""


@dataclass(frozen=True)
class TemplateSource:
    name: str  # the document's name, also the template's file name
    description: str  # Chinese, shown by `gongwen templates list`
    blocks: Sequence[Block] = field(default_factory=tuple)
    landscape: bool = False  # A4 landscape (GB/T 9704 §8): the statistics tables


def para(role: std.Role, text: str = "", ppr_extra: str = "") -> Block:
    return Block("paragraph", role.style_id, (Run(text),) if text else (), ppr_extra)


def P(text: str) -> Block:
    return para(std.BODY, text)


def H1(text: str) -> Block:
    return para(std.HEADING_1, text)


def H2(text: str) -> Block:
    return para(std.HEADING_2, text)


KEEP_NEXT = "<w:keepNext/>"


def RunIn(head: str, rest: str, keep_next: bool = False) -> Block:
    """A body paragraph opening with a run-in level-2 heading (楷体)."""
    runs = (Run(head, std.RUN_IN_HEADING_2.style_id), Run(rest))
    return Block("paragraph", std.BODY.style_id, runs, KEEP_NEXT if keep_next else "")


def Last(text: str) -> Block:
    """The last body paragraph: kept on the page of the 署名 that follows it (7.3.5.5)."""
    return para(std.BODY, text, KEEP_NEXT)


def Blank(count: int = 1) -> list[Block]:
    return [para(std.BLANK) for _ in range(count)]


def Tag(tag: str) -> Block:
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %}); it vanishes when rendered."""
    return para(std.BODY, tag)


WENHAO_VARIABLE = "{{ 发文.发文字号 }}"


def red_header(mark: str, wenhao: str) -> list[Block]:
    """版头 (7.2): mark 35 mm under the 版心 top, 发文字号 two lines below, red rule 4 mm under it. The
    workbook's 发文字号 may be blank (a plan printed alone has none): its line is then left out, never
    printed empty."""
    number = [para(std.WENHAO, wenhao)]
    if wenhao == WENHAO_VARIABLE:
        number = [Tag("{%p if 发文.发文字号 %}"), *number, Tag("{%p endif %}")]
    return [
        Block("spacer", height=std.MARK_SPACER_HEIGHT),
        para(std.MARK, mark, exact_spacing(std.MARK_LINE_HEIGHT)),
        *Blank(2),
        *number,
        Block("rule", height=std.RULE_PARAGRAPH_HEIGHT),
        *Blank(2),
    ]


def signature_and_date(organ: str, date: str) -> list[Block]:
    """Sealed layout (7.3.5.1): room for the seal, 署名 centred over the date, date 右空四字.

    The 署名's right indent depends on the rendered widths; gongwen's layout
    pass sets it after rendering (generator.layout). Every paragraph of the
    block keeps with the next, so 署名 and date never land alone on a page.
    """
    date_indent = f'<w:ind w:right="{std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10}" w:firstLine="0"/>'
    return [
        *(para(std.BLANK, "", KEEP_NEXT) for _ in range(std.SEAL_BLANK_LINES)),
        para(std.SIGNATURE, organ, KEEP_NEXT + date_indent),
        para(std.DATE, date, date_indent),
    ]


def banji(*rows: str) -> Block:
    return Block("banji", runs_text=rows)


def banji_row(text: str, *, tab_text: str | None = None, hanging: int = 0) -> str:
    indent = std.BANJI_INDENT
    ind = f'<w:ind w:left="{indent + hanging}" w:right="{indent}" w:hanging="{hanging}"/>'
    runs = [Run(text)]
    tabs = ""
    if tab_text is not None:
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{std.TYPE_AREA_WIDTH - indent}"/></w:tabs>'
        runs.append(Run(tab_text, tab_before=True))
    ppr = f'{tabs}<w:spacing w:before="0" w:after="0" w:line="{std.BANJI_LINE_HEIGHT}" w:lineRule="exact"/>{ind}'
    return paragraph(std.BANJI.style_id, runs, ppr_extra=ppr)


def tag_row(tag: str) -> str:
    return paragraph(std.BANJI.style_id, [Run(tag)])


def AttachmentNote(text: str, following: bool = False) -> Block:
    """附件说明 (7.3.4). `following`: a later attachment's own line (2.……), aligned under the first
    attachment's name, not begun under 附件 as the note's first line is."""
    aligned = f'<w:ind w:left="{std.ATTACHMENT_NOTE.left}" w:hanging="0"/>' if following else ""
    return para(std.ATTACHMENT_NOTE, text, KEEP_NEXT + aligned)


def loop_cells(tag: str, body: str | Sequence[Run], end: str, width: int, style: str) -> list[str]:
    """Three cells: the column loop's opening tag, the repeated cell, the closing tag (docxtpl {%tc %})."""
    return [cell_xml(tag, width, style), cell_xml(body, width, style), cell_xml(end, width, style)]


# --- the statistics tables every campaign's sheets, roll-ups and summaries share ------------------

_W = std.LANDSCAPE_TYPE_AREA_WIDTH
_H, _T, _R = std.STATS_HEADER.style_id, std.STATS_TEXT.style_id, std.STATS_ROW_HEIGHT
_SH, _ST, _SR = std.SHEET_HEADER.style_id, std.SHEET_TEXT.style_id, std.SHEET_ROW_HEIGHT


def sheet_table(period_word: str = "本期") -> str:
    """A unit's statistics sheet: 分组 | 指标 | 单位 | 本期 | 累计, one row per metric."""
    return data_table(
        [
            Column("分组", "{{ r.分组 }}", 2000),
            Column("指标", "{{ r.指标 }}", 5000),
            Column("单位", "{{ r.单位 }}", 1600),
            Column(period_word, "{{ r.本期 }}", 2078),
            Column("累计", "{{ r.累计 }}", _W - 10678),
        ],
        loop="{%tr for r in 统计.行 %}",
        text=std.SHEET_TEXT,
        header_style=std.SHEET_HEADER,
        row_height=std.SHEET_ROW_HEIGHT,
    )


def _merged_cell(text: str, width: int, style: str, merge: str) -> str:
    """A cell of a vertical merge (`merge`: restart, or "" to continue the one above)."""
    value = f' w:val="{merge}"' if merge else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vMerge{value}/><w:vAlign w:val="center"/></w:tcPr>'
        f"{paragraph(style, text)}</w:tc>"
    )


def rollup_table() -> str:
    """A table of a roll-up's adjacent metric groups (汇总.表): a header row naming each group over
    its columns, a header row per metric, a row per unit, a 合计 row. docxtpl's colspan sets each
    group's span; the layout pass (generator.render.layout) sizes the columns under it."""
    unit_col = 1800  # widened by the layout pass to the longest unit name, no wider: room for the metrics
    metric_col = _W - unit_col  # shared by the table's metrics after rendering (generator.render.layout)
    return table_xml(
        [unit_col, metric_col],
        [
            row_xml(
                [
                    _merged_cell("单位", unit_col, _SH, "restart"),
                    *loop_cells(
                        "{%tc for grp in t.分组 %}",
                        "{{ grp.名称 }}{% colspan grp.列数 %}",
                        "{%tc endfor %}",
                        metric_col,
                        _SH,
                    ),
                ],
                header=True,
                height=_SR,
            ),
            row_xml(
                [
                    _merged_cell("", unit_col, _SH, ""),
                    *loop_cells("{%tc for m in t.指标 %}", METRIC_HEADER, "{%tc endfor %}", metric_col, _SH),
                ],
                header=True,
                height=_SR,
            ),
            row_xml([cell_xml("{%tr for u in t.行 %}", unit_col, _ST), cell_xml("", metric_col, _ST)], height=_SR),
            row_xml(
                [
                    cell_xml("{{ u.单位 }}", unit_col, _ST),
                    *loop_cells("{%tc for v in u.值 %}", "{{ v }}", "{%tc endfor %}", metric_col, _ST),
                ],
                height=_SR,
            ),
            row_xml([cell_xml("{%tr endfor %}", unit_col, _ST), cell_xml("", metric_col, _ST)], height=_SR),
            row_xml(
                [
                    cell_xml("合计", unit_col, _SH),
                    *loop_cells("{%tc for v in t.合计 %}", "{{ v }}", "{%tc endfor %}", metric_col, _ST),
                ],
                height=_SR,
            ),
        ],
        style=METRIC_TABLE_STYLE_ID,
    ).replace(_FIXED_LAYOUT, _FIXED_LAYOUT + _NARROW_MARGINS)


_FIXED_LAYOUT = '<w:tblLayout w:type="fixed"/>'
_NARROW_MARGINS = (
    f'<w:tblCellMar><w:left w:w="{std.ROLLUP_CELL_MARGIN}" w:type="dxa"/>'
    f'<w:right w:w="{std.ROLLUP_CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
)


# A metric's column header: its name, and its unit of measure on a line of its own, so that a
# narrow column breaks before the bracket, never inside "（台次）".
METRIC_HEADER = (Run("{{ m.名称 }}"), Run("（{{ m.单位 }}）", break_before=True))


def main_metrics_table(first_header: str, loop: str, first_cell: str, number_cell: str | None = None) -> str:
    """Rows from `loop`: a 序号 column when `number_cell` is given, a first column, then one column
    per main metric (from the workbook). The layout pass widens the first columns to their text."""
    number = [std.STATS_NUMBER_COLUMN_WIDTH] if number_cell is not None else []
    first = 2200
    rest = std.TYPE_AREA_WIDTH - first - sum(number)
    lead_headers = (["序号"] if number else []) + [first_header]
    lead_cells = ([number_cell] if number_cell is not None else []) + [first_cell]
    widths = [*number, first]

    def lead(texts: list[str], style: str) -> list[str]:
        return [cell_xml(t, w, style) for t, w in zip(texts, widths, strict=True)]

    def tag_row(tag: str) -> str:
        return row_xml([*lead([tag, *[""] * (len(widths) - 1)], _T), cell_xml("", rest, _T)], height=_R)

    return table_xml(
        [*widths, rest],
        [
            row_xml(
                lead(lead_headers, _H)
                + loop_cells("{%tc for m in 总结.主要指标 %}", METRIC_HEADER, "{%tc endfor %}", rest, _H),
                header=True,
                height=_R,
            ),
            tag_row(f"{{%tr for r in {loop} %}}"),
            row_xml(
                lead(lead_cells, _T) + loop_cells("{%tc for v in r.值 %}", "{{ v }}", "{%tc endfor %}", rest, _T),
                height=_R,
            ),
            tag_row("{%tr endfor %}"),
        ],
        style=METRIC_TABLE_STYLE_ID,
    )


def _foot_line(text: str) -> Block:
    """A line under a statistics table, in the table's type, flush left, a little below it."""
    return para(std.SHEET_TEXT, text, '<w:spacing w:before="120" w:after="0"/><w:jc w:val="left"/>')


def table_note(text: str) -> Block:
    """A note under a statistics table (注, 未报送单位): in the table's small type, as the 制表单位
    and 填报人 lines, not in the 三号 of the text."""
    return _foot_line(text)


def rollup_footer() -> Block:
    """The foot of a roll-up: 制表单位 and 制表日期."""
    text = "制表单位：{{ 汇总.制表单位 }}　　　　制表日期：{{ 汇总.制表日期|日期 }}"
    return _foot_line(text)


def sheet_footer() -> Block:
    """The foot of a real statistics form: who filled it in, who checked it, a telephone, the date
    (from the returned form; blank lines to write on when the report has none). Each field and
    each gap between them a run of its own: a line too wide for its page is broken at a gap
    (render/fill_in_lines.py), the gap's run replaced by the line break."""
    fields = [f"{name}：{{{{ 统计.填报.{name}|待填 }}}}" for name in ("填报人", "审核人", "联系电话", "填报日期")]
    runs = [Run(text) for named in fields for text in ("　　", named)][1:]
    line = _foot_line("")
    return Block(line.kind, line.style_id, tuple(runs), line.ppr_extra)


def items(loop: str, head: str, text: str, run_in: bool) -> list[Block]:
    """One paragraph per item of a list: a run-in heading and its text, or the text alone.
    Numbers in `head` are written ``{{ loop|二级序号 }}``: a list of one item carries none."""
    body = RunIn(head, text) if run_in else P(head + text)
    return [Tag(f"{{%p for x in {loop} %}}"), body, Tag("{%p endfor %}")]


# Where a document's running heading numbers start: its first numbered heading then writes {{ 章|一级序号 }}.
NUMBERING = Tag("{%p set 章 = 编号() %}")


def numbering(*contents: str) -> Block:
    """NUMBERING for a document whose every section may be left out: given what each holds, a
    document left with one section prints it without 一、."""
    return Tag(f"{{%p set 章 = 编号({', '.join(contents)}) %}}")


# What a summary's sections hold, in order (its 工作成效, then closing_sections'), for numbering().
SUMMARY_SECTIONS = ("总结.数字段 or 总结.典型案例", "总结.主要做法", "总结.存在问题", "总结.下一步打算")


def section(title: str, content: str, blocks: Sequence[Block]) -> list[Block]:
    """A numbered 一级 heading and its blocks, left out, number and all, when `content` is empty."""
    return [Tag(f"{{%p if {content} %}}"), H1(f"{{{{ 章|一级序号 }}}}{title}"), *blocks, Tag("{%p endif %}")]


def closing_sections() -> list[Block]:
    """主要做法, 存在问题, 下一步工作打算: the narrative the clerk wrote in the 总结 sheet. A section
    with no rows is left out and the next closes up (the document starts with NUMBERING)."""
    return [
        *section(
            "主要做法",
            "总结.主要做法",
            items("总结.主要做法", "{{ loop|二级序号 }}{{ x.标题 }}。", "{{ x.内容 }}", run_in=True),
        ),
        *section(
            "存在问题", "总结.存在问题", items("总结.存在问题", "{{ loop|三级序号 }}", "{{ x.内容 }}", run_in=False)
        ),
        *section(
            "下一步工作打算",
            "总结.下一步打算",
            items("总结.下一步打算", "{{ loop|三级序号 }}", "{{ x.内容 }}", run_in=False),
        ),
    ]


def roster(rows: str, role: str, name: str, post: str) -> list[Block]:
    """A group's members, one a line: the role once, spread to three characters (组　长：),
    then the later members of that role aligned under the first; `rows` come sorted by role."""
    return [
        Tag(f"{{%p for m in {rows} %}}"),
        P(f"{{{{ m.{role}|职务栏(loop) }}}}{{{{ m.{name} }}}}　{{{{ m.{post} }}}}"),
        Tag("{%p endfor %}"),
    ]
