"""Does the new workspace print the notice again? Its first build's notice, paragraph by paragraph,
against the paragraphs the import read (the 导入说明 ends with the answer)."""

from __future__ import annotations

import difflib
from pathlib import Path

from generator.importer.facts import Recognition, from_page_bar, signs, titleless
from generator.importer.parts import Part, Piece, attachment_label
from generator.importer.workbook import TITLE_STAND_IN
from generator.render.filters import format_date
from generator.render.pagination import reads_on
from generator.standard import gbt9704
from generator.standard import wordml as wml
from generator.standard.package import read_parts

# the 版头's mark, the 版记 (a table), and the 版头 of a document a 转发 notice passes on
LEFT_OUT = (Part.MARK, Part.SIGNER, Part.CHAOSONG, Part.YINFA, Part.FORWARDED_HEADER)


def source_paragraphs(rec: Recognition) -> list[str]:
    """The notice's text as gongwen prints it: the 发文字号 in the 版头 before the title, the 成文日期
    in Arabic numerals (7.3.5.4), 附件1 without a colon (8.2), everything else as read."""
    number = next((p for p in rec.pieces if p.part is Part.WENHAO), None)
    out = [] if number is None else [rec.value("发文.发文字号") or number.text]
    if from_page_bar(rec):
        out.append(rec.value("发文.发文字号"))
    for i, piece in enumerate(rec.pieces):
        if piece.part in LEFT_OUT or piece.part is Part.WENHAO:
            continue
        out += _added_before(rec, i)
        if piece.paragraphs[0].table:
            out += ["\t".join(row) for row in piece.paragraphs[0].table]
            continue
        out.append(_printed_text(rec, piece))
    return out


def _added_before(rec: Recognition, i: int) -> list[str]:
    """What gongwen prints before the source's piece `i` that the source did not: a title the page
    printed apart (the import's, or the clerk's to come), a 署名 it left out (the organ the title names)."""
    piece = rec.pieces[i]
    if piece.part is Part.ZHUSONG and titleless(rec):
        return [rec.value("发文.标题") or TITLE_STAND_IN]
    if piece.part is Part.DATE and rec.pieces[i - 1].part is not Part.SIGNATURE and signs(rec, rec.pieces, i):
        return str(rec.value("发文.发文机关")).split("\n")
    return []


def _printed_text(rec: Recognition, piece: Piece) -> str:
    if piece.part is Part.DATE and rec.value("发文.成文日期") is not None:
        return format_date(rec.value("发文.成文日期"))
    if piece.part is Part.ATTACHMENT_LABEL:
        return attachment_label(piece.text)
    return piece.text.replace("\n", "")


def printed_paragraphs(document: Path) -> list[str]:
    """The body's non-empty paragraphs, without the 发文机关标志 and the 版记's table; a paragraph's
    last lines kept with the 落款 (pagination.reads_on) read with it."""
    body = wml.parse(read_parts(document)["word/document.xml"]).find(wml.qn("w:body"))
    out = []
    for block in body if body is not None else ():
        if block.tag == wml.qn("w:tbl") and wml.find(block, "w:tblPr/w:tblpPr") is None:  # not the 版记
            out += ["\t".join(_cell_text(tc) for tc in tr.iter(wml.qn("w:tc"))) for tr in block.iter(wml.qn("w:tr"))]
        if block.tag != wml.qn("w:p") or wml.style_of(block) == gbt9704.MARK.style_id:
            continue
        if wml.style_of(block) == gbt9704.SIGNATURE.style_id:  # a joint 署名: one organ a line, as read
            out += [line for line in _lines(block) if line.strip()]
            continue
        text = wml.paragraph_text(block)
        if out and reads_on(block):  # the 落款's last lines, cut off the paragraph they end
            out[-1] += text
        elif text.strip():
            out.append(text)
    return out


def _lines(paragraph: wml.Element) -> list[str]:
    """A joint 署名's organs: one a line, or side by side at tab stops (sealed: render/layout.py)."""
    t, br, tab, r = wml.qn("w:t"), wml.qn("w:br"), wml.qn("w:tab"), wml.qn("w:r")
    in_runs = (e for e in paragraph.iter(t, br, tab) if e.tag != tab or getattr(e.getparent(), "tag", None) == r)
    return "".join(e.text or "" if e.tag == t else "\n" for e in in_runs).split("\n")


def _cell_text(cell: wml.Element) -> str:
    return "\n".join(wml.paragraph_text(p) for p in cell.iter(wml.qn("w:p")))


def differences(rec: Recognition, document: Path) -> list[str]:
    """Nothing when the printed notice is the source's text; else each difference, by paragraph."""
    # a tab is layout (the 印发 line's date is tabbed to the right): compared without it
    expected = [t.replace("\t", "") for t in source_paragraphs(rec)]
    printed = [t.replace("\t", "") for t in printed_paragraphs(document)]
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=expected, b=printed, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        for k in range(i1, i2):
            lines.append(f"原文「{expected[k][:40]}」在生成的通知里不同或没有")
        for k in range(j1, j2):
            lines.append(f"生成的通知第 {k + 1} 段「{printed[k][:40]}」与原文不同")
    return lines
