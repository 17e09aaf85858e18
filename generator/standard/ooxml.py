"""Raw WordprocessingML, written as text.

The template builder assembles documents from these pieces. They are plain
functions returning XML strings so that output is byte-for-byte predictable
(no random ids, no timestamps) and every attribute the standard needs is
visible here rather than hidden behind python-docx defaults (US Letter,
theme fonts, 'en-US' East-Asian language).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from generator.standard import gbt9704 as std

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def esc(text: str) -> str:
    """Text for an XML attribute or element (xml.sax.saxutils would import urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def fonts(east_asia: str, latin: str | None = None) -> str:
    """All four font slots, no theme attributes (themes beat explicit names)."""
    latin = latin or std.FONT_LATIN
    return (
        f'<w:rFonts w:ascii="{esc(latin)}" w:eastAsia="{esc(east_asia)}" '
        f'w:hAnsi="{esc(latin)}" w:cs="{esc(latin)}" w:hint="eastAsia"/>'
    )


def size(half_points: int) -> str:
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def exact_spacing(line: int, before: int = 0, after: int = 0) -> str:
    return f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>'


# --- runs and paragraphs -------------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    char_style: str | None = None  # a CharRole style id
    tab_before: bool = False
    break_before: bool = False  # a line break first: "出动车辆" / "（台次）" in a narrow header


def run_xml(run: Run) -> str:
    rpr = f'<w:rPr><w:rStyle w:val="{run.char_style}"/></w:rPr>' if run.char_style else ""
    tab = f"<w:r>{rpr}<w:tab/></w:r>" if run.tab_before else ""
    tab += f"<w:r>{rpr}<w:br/></w:r>" if run.break_before else ""
    if not run.text:
        return tab
    return f'{tab}<w:r>{rpr}<w:t xml:space="preserve">{esc(run.text)}</w:t></w:r>'


def paragraph(
    style_id: str,
    runs: Sequence[Run] | str = (),
    *,
    ppr_extra: str = "",
) -> str:
    if isinstance(runs, str):
        runs = [Run(runs)] if runs else []
    ppr = f'<w:pPr><w:pStyle w:val="{style_id}"/>{ppr_extra}</w:pPr>'
    return f"<w:p>{ppr}{''.join(run_xml(r) for r in runs)}</w:p>"


def off_grid_spacer(height: int) -> str:
    """An empty paragraph exactly `height` twips tall, outside the line grid."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{std.BLANK.style_id}"/><w:snapToGrid w:val="0"/>'
        f'{exact_spacing(height)}<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )


def rule_paragraph(height: int, color: str, width_eighths: int) -> str:
    """A paragraph whose bottom border is the 版头 separator line."""
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{std.BLANK.style_id}"/><w:snapToGrid w:val="0"/>'
        f'<w:pBdr><w:bottom w:val="single" w:sz="{width_eighths}" w:space="0" w:color="{color}"/></w:pBdr>'
        f'{exact_spacing(height)}<w:ind w:firstLine="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
    )


@dataclass(frozen=True)
class Column:
    header: str
    cell: str  # text with Jinja tags, e.g. "{{ t.村 }}"
    width: int  # twips
    total: str = ""  # text of the 合计 row, if the table has one


def cell_xml(text: str | Sequence[Run], width: int, style: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f"{paragraph(style, text)}</w:tc>"
    )


def row_xml(cells: Sequence[str], header: bool = False, height: int = std.TABLE_ROW_HEIGHT) -> str:
    tr_pr = "<w:tblHeader/>" if header else ""
    row_pr = f'<w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="atLeast"/>{tr_pr}</w:trPr>'
    return f"<w:tr>{row_pr}{''.join(cells)}</w:tr>"


TABLE_STYLE_ID = "GwTable"
# A table whose columns are the campaign's metrics ({%tc %} loops): the layout pass sizes its
# columns from their text after rendering (generator/render/layout.py).
METRIC_TABLE_STYLE_ID = "GwMetricTable"


def table_xml(widths: Sequence[int], rows: Sequence[str], style: str = TABLE_STYLE_ID) -> str:
    border = f'w:val="single" w:sz="{std.TABLE_BORDER_EIGHTHS}" w:space="0" w:color="{std.COLOR_BLACK}"'
    tbl_pr = (
        f'<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
        '<w:jc w:val="center"/><w:tblBorders>'
        + "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    return f"<w:tbl>{tbl_pr}{grid}{''.join(rows)}</w:tbl>"


def data_table(
    columns: Sequence[Column],
    loop: str,
    end_loop: str = "{%tr endfor %}",
    total: bool = False,
    text: std.Role = std.TABLE_TEXT,
    header_style: std.Role = std.TABLE_HEADER,
    row_height: int = std.TABLE_ROW_HEIGHT,
) -> str:
    """A bordered table: header row repeated on every page, one row per item, optional 合计 row.

    `loop` is the docxtpl row tag that repeats the data row, e.g. "{%tr for t in 单位.队伍 %}".
    """

    def row(texts: Sequence[str], style: str, header: bool = False) -> str:
        cells = [cell_xml(t, c.width, style) for c, t in zip(columns, texts, strict=True)]
        return row_xml(cells, header=header, height=row_height)

    def tag_row(tag: str) -> str:
        return row([tag] + [""] * (len(columns) - 1), text.style_id)

    rows = [
        row([c.header for c in columns], header_style.style_id, header=True),
        tag_row(loop),
        row([c.cell for c in columns], text.style_id),
        tag_row(end_loop),
    ]
    if total:
        rows.append(row([c.total for c in columns], text.style_id))
    return table_xml([c.width for c in columns], rows)


def page_break_paragraph() -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{std.BLANK.style_id}"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>'


# --- styles ----------------------------------------------------------------------


def _paragraph_style(role: std.Role, based_on: str | None) -> str:
    ppr = []
    if role.keep_next:
        ppr.append("<w:keepNext/>")
    if role.page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    ppr.append('<w:widowControl w:val="0"/>')
    # No punctuation hanging into the margin (LibreOffice's default): a line
    # holds at most 28 characters and never crosses the 版心's right edge.
    ppr.append('<w:overflowPunct w:val="0"/>')
    ppr.append('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    if not role.on_grid:
        ppr.append('<w:snapToGrid w:val="0"/>')
    if role.exact_line:
        ppr.append(exact_spacing(std.LINE_PITCH))
    elif role.table_line:
        ppr.append(exact_spacing(role.table_line))
    else:
        ppr.append('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>')
    if role.hanging:
        ppr.append(f'<w:ind w:left="{role.left}" w:hanging="{role.hanging}"/>')
    else:
        ppr.append(f'<w:ind w:left="{role.left}" w:firstLine="{role.first_line}"/>')
    ppr.append(f'<w:jc w:val="{role.align}"/>')
    if role.outline_level is not None:
        ppr.append(f'<w:outlineLvl w:val="{role.outline_level}"/>')
    rpr = [fonts(role.east_asia)]
    if role.color:
        rpr.append(f'<w:color w:val="{role.color}"/>')
    if not role.on_grid:
        rpr.append('<w:snapToGrid w:val="0"/>')
    if role.size == std.SIZE_SANHAO:
        rpr.append(f'<w:spacing w:val="{std.BODY_CHAR_SPACING}"/>')
    rpr.append(size(role.size))
    basis = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    default = ' w:default="1"' if role is std.BODY else ""
    custom = "" if role.style_id.startswith("Heading") or role is std.BODY else ' w:customStyle="1"'
    return (
        f'<w:style w:type="paragraph"{default}{custom} w:styleId="{role.style_id}">'
        f'<w:name w:val="{esc(role.name)}"/>{basis}<w:qFormat/>'
        f"<w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{''.join(rpr)}</w:rPr></w:style>"
    )


def _char_style(role: std.CharRole) -> str:
    return (
        f'<w:style w:type="character" w:customStyle="1" w:styleId="{role.style_id}">'
        f'<w:name w:val="{esc(role.name)}"/><w:qFormat/><w:rPr>{fonts(role.east_asia)}</w:rPr></w:style>'
    )


def styles_xml() -> str:
    body = std.BODY
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f"{fonts(body.east_asia)}{size(std.SIZE_SANHAO)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'{exact_spacing(std.LINE_PITCH)}<w:jc w:val="both"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    styles = [_paragraph_style(body, None)]
    styles += [_paragraph_style(r, body.style_id) for r in std.PARAGRAPH_ROLES if r is not body]
    styles += [_char_style(c) for c in std.CHAR_ROLES]
    styles.append(
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
    )
    styles.append(_table_style())
    styles.append(_footer_style())
    return f'{XML_DECL}<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">{defaults}{"".join(styles)}</w:styles>'


FOOTER_STYLE_ID = "Footer"


def _table_style() -> str:
    # Tables must not inherit the body's exact 29.6 pt lines: rows would blow up.
    return (
        f'<w:style w:type="table" w:default="1" w:styleId="{TABLE_STYLE_ID}"><w:name w:val="Normal Table"/>'
        '<w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:firstLine="0"/></w:pPr>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
        f'<w:style w:type="table" w:customStyle="1" w:styleId="{METRIC_TABLE_STYLE_ID}"><w:name w:val="公文指标表"/>'
        f'<w:basedOn w:val="{TABLE_STYLE_ID}"/></w:style>'
    )


def _footer_style() -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{FOOTER_STYLE_ID}"><w:name w:val="footer"/>'
        f'<w:basedOn w:val="{std.BODY.style_id}"/><w:pPr><w:snapToGrid w:val="0"/>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/></w:pPr>'
        f'<w:rPr>{fonts(std.PAGE_NUMBER_FONT, std.PAGE_NUMBER_FONT)}<w:spacing w:val="0"/>'
        f"{size(std.PAGE_NUMBER_SIZE)}</w:rPr></w:style>"
    )


# --- footers: page numbers "— N —" -------------------------------------------------


def footer_xml(odd: bool, landscape: bool = False) -> str:
    """Odd pages: right-aligned, one 四号 character in; even: left-aligned. A landscape table page's
    (GB/T 9704 §8: the number where it is on other pages) along its left edge, turned with the sheet."""
    if landscape:
        return f'{XML_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}" xmlns:v="{V_NS}">{_turned_page_number(odd)}</w:ftr>'
    if odd:
        placement = f'<w:jc w:val="right"/><w:ind w:right="{std.PAGE_NUMBER_INDENT}" w:firstLine="0"/>'
    else:
        placement = f'<w:jc w:val="left"/><w:ind w:left="{std.PAGE_NUMBER_INDENT}" w:firstLine="0"/>'
    body = f'<w:p><w:pPr><w:pStyle w:val="{FOOTER_STYLE_ID}"/>{placement}</w:pPr>{_page_number_runs()}</w:p>'
    return f'{XML_DECL}<w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:ftr>'


V_NS = "urn:schemas-microsoft-com:vml"


def _page_number_runs() -> str:
    """— N —: the PAGE field between two 一字线."""
    rpr = f"<w:rPr>{fonts(std.PAGE_NUMBER_FONT, std.PAGE_NUMBER_FONT)}{size(std.PAGE_NUMBER_SIZE)}</w:rPr>"
    dash = std.PAGE_NUMBER_DASH
    return (
        f'<w:r>{rpr}<w:t xml:space="preserve">{dash} </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> {dash}</w:t></w:r>'
    )


def _turned_page_number(odd: bool) -> str:
    """The page number of a landscape page (its top the sheet's left, its left the sheet's foot) in
    a text box of vertical text (read top to bottom: left to right on the turned sheet) placed on
    the page. A VML box: LibreOffice 7 drops a DrawingML box's offsets in an even-page footer."""
    box = std.LANDSCAPE_PAGE_NUMBER_BOX_ODD if odd else std.LANDSCAPE_PAGE_NUMBER_BOX_EVEN
    left, top, width, height = (f"{value:g}mm" for value in box)
    style = (
        "position:absolute;mso-position-horizontal-relative:page;mso-position-vertical-relative:page;"
        f"margin-left:{left};margin-top:{top};width:{width};height:{height};z-index:1;mso-wrap-style:square"
    )
    align = "right" if odd else "left"  # the line's end, toward the sheet's outer side (7.5)
    paragraph = (
        f'<w:p><w:pPr><w:pStyle w:val="{FOOTER_STYLE_ID}"/><w:jc w:val="{align}"/></w:pPr>{_page_number_runs()}</w:p>'
    )
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{FOOTER_STYLE_ID}"/></w:pPr><w:r><w:pict>'
        f'<v:shape id="PageNumber{"Odd" if odd else "Even"}" filled="f" stroked="f" style="{style}">'
        '<v:textbox style="layout-flow:vertical" inset="0,0,0,0">'
        f"<w:txbxContent>{paragraph}</w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r></w:p>"
    )


# --- section, settings, fonts, package plumbing --------------------------------------


# A landscape template's footers (the turned page number) are these relationships; it holds the
# portrait ones too, under the ids without the suffix, for a sheet that prints turned to portrait.
TURNED_FOOTER_SUFFIX = "Landscape"


def footer_parts(landscape: bool) -> list[tuple[str, str, str]]:
    """(relationship id, part name, part XML) of a template's footers: odd and even pages'."""
    parts = [
        ("rIdFooterOdd", "footer1.xml", footer_xml(odd=True)),
        ("rIdFooterEven", "footer2.xml", footer_xml(odd=False)),
    ]
    if landscape:
        parts += [
            (f"rIdFooterOdd{TURNED_FOOTER_SUFFIX}", "footer3.xml", footer_xml(odd=True, landscape=True)),
            (f"rIdFooterEven{TURNED_FOOTER_SUFFIX}", "footer4.xml", footer_xml(odd=False, landscape=True)),
        ]
    return parts


def portrait_footer_id(relationship_id: str) -> str | None:
    """The portrait footer kept beside a turned one (footer_parts), or None if it is not one."""
    if relationship_id.endswith(TURNED_FOOTER_SUFFIX) and relationship_id.startswith("rIdFooter"):
        return relationship_id.removesuffix(TURNED_FOOTER_SUFFIX)
    return None


def section_properties(footer_odd_rid: str, footer_even_rid: str, landscape: bool = False) -> str:
    if landscape:
        size = f'<w:pgSz w:w="{std.LANDSCAPE_WIDTH}" w:h="{std.LANDSCAPE_HEIGHT}" w:orient="landscape"/>'
        margins = (
            f'<w:pgMar w:top="{std.LANDSCAPE_MARGIN_TOP}" w:right="{std.LANDSCAPE_MARGIN_RIGHT}" '
            f'w:bottom="{std.LANDSCAPE_MARGIN_BOTTOM}" w:left="{std.LANDSCAPE_MARGIN_LEFT}" '
            f'w:header="{std.HEADER_DISTANCE}" w:footer="{std.LANDSCAPE_FOOTER_DISTANCE}" w:gutter="0"/>'
        )
    else:
        size = f'<w:pgSz w:w="{std.PAGE_WIDTH}" w:h="{std.PAGE_HEIGHT}"/>'
        margins = (
            f'<w:pgMar w:top="{std.MARGIN_TOP}" w:right="{std.MARGIN_RIGHT}" w:bottom="{std.MARGIN_BOTTOM}" '
            f'w:left="{std.MARGIN_LEFT}" w:header="{std.HEADER_DISTANCE}" w:footer="{std.FOOTER_DISTANCE}" '
            'w:gutter="0"/>'
        )
    return (
        "<w:sectPr>"
        f'<w:footerReference w:type="default" r:id="{footer_odd_rid}"/>'
        f'<w:footerReference w:type="even" r:id="{footer_even_rid}"/>'
        f"{size}{margins}"
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{std.LINE_PITCH}"/>'
        "</w:sectPr>"
    )


def document_xml(body_blocks: Iterable[str], sect_pr: str) -> str:
    return (
        f'{XML_DECL}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        f"{''.join(body_blocks)}{sect_pr}</w:body></w:document>"
    )


def settings_xml() -> str:
    return (
        f'{XML_DECL}<w:settings xmlns:w="{W_NS}">'
        '<w:zoom w:percent="100"/><w:evenAndOddHeaders/>'
        '<w:defaultTabStop w:val="420"/><w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    entries = []
    for name in std.OFFICIAL_FONTS:
        alt = std.FONT_ALTERNATES.get(name)
        alt_xml = f'<w:altName w:val="{esc(alt)}"/>' if alt else ""
        entries.append(
            f'<w:font w:name="{esc(name)}">{alt_xml}<w:charset w:val="86"/>'
            '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        )
    return f'{XML_DECL}<w:fonts xmlns:w="{W_NS}">{"".join(entries)}</w:fonts>'


CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def content_types_xml(footers: Sequence[str]) -> str:
    overrides = [
        ("/word/document.xml", f"{CT_MAIN}.document.main+xml"),
        ("/word/styles.xml", f"{CT_MAIN}.styles+xml"),
        ("/word/settings.xml", f"{CT_MAIN}.settings+xml"),
        ("/word/fontTable.xml", f"{CT_MAIN}.fontTable+xml"),
        ("/word/theme/theme1.xml", "application/vnd.openxmlformats-officedocument.theme+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ] + [(f"/word/{f}", f"{CT_MAIN}.footer+xml") for f in footers]
    parts = "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
    return (
        f'{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f"{parts}</Types>"
    )


REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package_rels_xml() -> str:
    return (
        f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_BASE}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{REL_BASE}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )


def document_rels_xml(footers: Sequence[tuple[str, str]]) -> str:
    rels = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdSettings", "settings", "settings.xml"),
        ("rIdFonts", "fontTable", "fontTable.xml"),
        ("rIdTheme", "theme", "theme/theme1.xml"),
    ] + [(rid, "footer", target) for rid, target in footers]
    body = "".join(f'<Relationship Id="{i}" Type="{REL_BASE}/{t}" Target="{g}"/>' for i, t, g in rels)
    return f'{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'


def theme_xml() -> str:
    """The theme part Word expects. Its fonts name the official faces, though no style refers to
    the theme (explicit font names win, and GB/T 9704 fixes them); its colours are Office's."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    colors = [("dk1", "000000"), ("lt1", "FFFFFF"), ("dk2", "44546A"), ("lt2", "E7E6E6"), ("accent1", "4472C4"),
              ("accent2", "ED7D31"), ("accent3", "A5A5A5"), ("accent4", "FFC000"), ("accent5", "5B9BD5"),
              ("accent6", "70AD47"), ("hlink", "0563C1"), ("folHlink", "954F72")]  # fmt: skip
    scheme = "".join(f'<a:{n}><a:srgbClr val="{v}"/></a:{n}>' for n, v in colors)

    def font(east_asia: str) -> str:
        return f'<a:latin typeface="{std.FONT_LATIN}"/><a:ea typeface="{esc(east_asia)}"/><a:cs typeface=""/>'

    fill = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    line = f'<a:ln w="9525">{fill}</a:ln>'
    return (
        f'{XML_DECL}<a:theme xmlns:a="{a}" name="gongwen"><a:themeElements>'
        f'<a:clrScheme name="gongwen">{scheme}</a:clrScheme>'
        f'<a:fontScheme name="gongwen"><a:majorFont>{font(std.FONT_XIAOBIAOSONG)}</a:majorFont>'
        f"<a:minorFont>{font(std.FONT_FANGSONG)}</a:minorFont></a:fontScheme>"
        f'<a:fmtScheme name="gongwen"><a:fillStyleLst>{fill * 3}</a:fillStyleLst>'
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{fill * 3}</a:bgFillStyleLst></a:fmtScheme>"
        "</a:themeElements></a:theme>"
    )


def core_properties_xml(title: str, author: str, created_iso: str) -> str:
    return (
        f"{XML_DECL}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{esc(title)}</dc:title><dc:creator>{esc(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{esc(author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created_iso}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_properties_xml() -> str:
    return (
        f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>gongwen</Application></Properties>"
    )


def custom_properties_xml() -> str:
    """A custom-properties part with none: a document made from a template that had one."""
    return f'{XML_DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"/>'
