"""Builds .docx templates from template sources (generator.documents.template_parts).

The templates are data a clerk edits in Word or WPS; this module only makes the
first version of each, reproducibly (``python -m examples.build`` writes the shipped
examples and the starter). The layout knowledge lives in :mod:`generator.standard.gbt9704`;
the XML pieces in :mod:`generator.standard.ooxml`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.documents.template_parts import Block, TemplateSource
from generator.standard import gbt9704 as std
from generator.standard import ooxml as ox
from generator.standard.package import write_atomic, zip_bytes
from generator.standard.schema_order import reorder_part


@dataclass(frozen=True)
class BuiltTemplate:
    name: str
    data: bytes


def _block_xml(block: Block) -> str:
    kind = block.kind
    if kind == "spacer":
        return ox.off_grid_spacer(block.height)
    if kind == "rule":
        return ox.rule_paragraph(block.height, std.COLOR_RED, std.RULE_WIDTH_EIGHTHS)
    if kind == "page_break":
        return ox.page_break_paragraph()
    if kind == "banji":
        return _banji_table(block.runs_text)
    if kind == "raw":
        return block.raw
    ppr_extra = block.ppr_extra
    return ox.paragraph(block.style_id, list(block.runs), ppr_extra=ppr_extra)


def _banji_table(rows: Sequence[str]) -> str:
    """版记 (7.4): a floating table on the bottom of the 版心 of the last page.

    `rows` are paragraph XML strings, one per table row; a row that holds only
    a docxtpl ``{%tr %}`` tag disappears when rendered, so optional rows work.
    The first line is thick (table top border), lines between rows thin
    (insideH), the last thick (bottom border of the last row's cell).

    Anchoring: horizontally to the page (LibreOffice keeps a full-width table
    inline unless it is page-anchored), vertically to the bottom of the margin,
    which both Word and LibreOffice honour; an empty last row lifts the last
    line from the text area's bottom to the 版心's.
    """
    width = std.TYPE_AREA_WIDTH
    thick, thin = std.BANJI_THICK_EIGHTHS, std.BANJI_THIN_EIGHTHS
    black = std.COLOR_BLACK
    tbl_pr = (
        "<w:tblPr>"
        f'<w:tblStyle w:val="{ox.TABLE_STYLE_ID}"/>'
        '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
        f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{std.MARGIN_LEFT}" w:tblpYSpec="bottom"/>'
        '<w:tblOverlap w:val="never"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/>'
        "<w:tblBorders>"
        f'<w:top w:val="single" w:sz="{thick}" w:space="0" w:color="{black}"/>'
        '<w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
        f'<w:insideH w:val="single" w:sz="{thin}" w:space="0" w:color="{black}"/>'
        '<w:insideV w:val="nil"/>'
        "</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr>"
    )
    grid = f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
    thick_line = f'w:val="single" w:sz="{thick}" w:space="0" w:color="{black}"'

    def row_xml(content: str, height: int, rule: str, cell_borders: str = "") -> str:
        return (
            f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{height}" w:hRule="{rule}"/></w:trPr>'
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{cell_borders}<w:vAlign w:val="center"/></w:tcPr>'
            f"{content}</w:tc></w:tr>"
        )

    *body_rows, last_row = rows
    trs = [row_xml(r, std.BANJI_LINE_HEIGHT, "atLeast") for r in body_rows]
    trs.append(
        row_xml(last_row, std.BANJI_LINE_HEIGHT, "atLeast", f"<w:tcBorders><w:bottom {thick_line}/></w:tcBorders>")
    )
    spacer = ox.off_grid_spacer(20)
    trs.append(row_xml(spacer, std.BANJI_BOTTOM_GAP, "exact", f"<w:tcBorders><w:top {thick_line}/></w:tcBorders>"))
    # A floating table is anchored to the paragraph after it: without one,
    # LibreOffice drops the table and Word adds a paragraph of its own.
    anchor = ox.off_grid_spacer(20)
    return f"<w:tbl>{tbl_pr}{grid}{''.join(trs)}</w:tbl>{anchor}"


def build(source: TemplateSource) -> BuiltTemplate:
    footers = ox.footer_parts(source.landscape)
    odd, even = (rid for rid, _, _ in footers[-2:])
    body = [_block_xml(b) for b in source.blocks]
    document = ox.document_xml(body, ox.section_properties(odd, even, source.landscape))
    parts = {
        "[Content_Types].xml": ox.content_types_xml([f for _, f, _ in footers]),
        "_rels/.rels": ox.package_rels_xml(),
        "word/document.xml": document,
        "word/_rels/document.xml.rels": ox.document_rels_xml([(rid, f) for rid, f, _ in footers]),
        "word/styles.xml": ox.styles_xml(),
        "word/settings.xml": ox.settings_xml(),
        "word/fontTable.xml": ox.font_table_xml(),
        "word/theme/theme1.xml": ox.theme_xml(),
        **{f"word/{name}": xml for _, name, xml in footers},
        # Core properties are rewritten from the inputs at render time.
        "docProps/core.xml": ox.core_properties_xml(source.description, "gongwen", "2000-01-01T00:00:00Z"),
        "docProps/app.xml": ox.app_properties_xml(),
    }
    encoded = {k: v.encode("utf-8") for k, v in parts.items()}
    for name in ("word/document.xml", "word/styles.xml", "word/settings.xml", *(f"word/{f}" for _, f, _ in footers)):
        encoded[name] = reorder_part(encoded[name])  # the pieces are written in any order; Word reads one
    return BuiltTemplate(source.name, zip_bytes(encoded))


def template_filename(name: str) -> str:
    return f"{name}.docx"


def build_all(sources: Sequence[TemplateSource], target_dir: Path) -> list[Path]:
    written = []
    for source in sources:
        built = build(source)
        path = target_dir / template_filename(source.name)
        write_atomic(path, built.data)
        written.append(path)
    return written
