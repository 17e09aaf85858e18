"""The notice's template, made from the notice itself.

Its own paragraphs, in gongwen's GB/T 9704 styles (版头, 标题, 主送机关, headings by their numbers,
署名 and 成文日期, 版记), with each recognised value replaced by its variable and the 阶段 as a
loop over the 阶段 sheet, so that building at once prints the notice's text again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.documents.template_parts import (
    H1,
    H2,
    KEEP_NEXT,
    AttachmentNote,
    Blank,
    Block,
    P,
    Tag,
    TemplateSource,
    banji,
    banji_row,
    para,
    red_header,
    signature_and_date,
    tag_row,
)
from generator.importer.facts import Phase, Recognition, from_page_bar, literal_text, signs, titleless
from generator.importer.parts import ATTACHMENT_NOTE, DATE_LINE, Part, Piece, attachment_label, is_organ
from generator.standard import gbt9704 as std
from generator.standard import ooxml as ox
from generator.standard.ooxml import Run

H1_NUMBER = re.compile(r"^[一二三四五六七八九十]+、")
H2_NUMBER = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
H3_NUMBER = re.compile(r"^\d+[.．]")
RUN_IN_HEAD = re.compile(r"^(.{2,30}?[。．.])(?=\S)")


literal = literal_text


class Templater:
    """Puts each recognised value's variable where the value stood."""

    def __init__(self, rec: Recognition) -> None:
        self.rec = rec
        self.wording = sorted(rec.wording.items(), key=lambda kv: -len(kv[0]))

    def text(self, number: int, text: str) -> str:
        segments: list[tuple[bool, str]] = [(False, text)]
        for slot in self.rec.slots:
            if slot.number == number:
                segments = _replace(segments, slot.text, slot.template, once=True)
        for words, expression in self.wording:
            segments = _replace_outside_titles(segments, words, f"{{{{ {expression} }}}}")
        return "".join(s if is_template else literal(s) for is_template, s in segments)


LITERAL = Templater(Recognition([]))  # no slots, no wording: each text as it is


QUOTED_TITLE = re.compile(r"(《[^《》]*》)")


def _replace_outside_titles(segments: list[tuple[bool, str]], words: str, template: str) -> list[tuple[bool, str]]:
    """`words` replaced everywhere but inside another document's title (《安徽省…政府信息公开统计制度的通知》:
    its issuer's words, where a value of this campaign renamed would print 政府政府信息公开); a title
    that is the value whole (《泾县…工作方案》, the plan the notice sends) is replaced."""
    out: list[tuple[bool, str]] = []
    for is_template, text in segments:
        if is_template:
            out.append((is_template, text))
            continue
        for part in QUOTED_TITLE.split(text):
            if not part:
                continue
            if QUOTED_TITLE.fullmatch(part) and part[1:-1] != words:
                out.append((False, part))
            elif QUOTED_TITLE.fullmatch(part):
                out += [(False, "《"), (True, template), (False, "》")]
            else:
                out += _replace([(False, part)], words, template, once=False)
    return _joined(out)


def _joined(segments: list[tuple[bool, str]]) -> list[tuple[bool, str]]:
    """Neighbouring literal pieces made one again (a title and its sentence print as one run of text)."""
    out: list[tuple[bool, str]] = []
    for is_template, text in segments:
        if out and not is_template and not out[-1][0]:
            out[-1] = (False, out[-1][1] + text)
        else:
            out.append((is_template, text))
    return out


def _replace(segments: list[tuple[bool, str]], words: str, template: str, once: bool) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    done = False
    for is_template, s in segments:
        if is_template or not words or (once and done) or words not in s:
            out.append((is_template, s))
            continue
        pieces = s.split(words, 1 if once else -1)
        for k, part in enumerate(pieces):
            if k:
                out.append((True, template))
            if part:
                out.append((False, part))
        done = True
    return out


def body_block(templater: Templater, piece: Piece, keep_next: bool = False) -> Block:
    """A body paragraph in the style its number says: 一、 黑体, （一） 楷体 (run in when a sentence
    follows it), 1. and the rest 仿宋."""
    text = piece.text
    extra = KEEP_NEXT if keep_next else ""
    if H1_NUMBER.match(text) or H2_NUMBER.match(text):
        level = 1 if H1_NUMBER.match(text) else 2
        head = RUN_IN_HEAD.match(text)
        if head is not None and len(text) > len(head[1]):
            char_role = std.RUN_IN_HEADING_1 if level == 1 else std.RUN_IN_HEADING_2
            runs = (
                Run(templater.text(piece.number, head[1]), char_role.style_id),
                Run(templater.text(piece.number, text[len(head[1]) :])),
            )
            return Block("paragraph", std.BODY.style_id, runs, extra)
        if "。" not in text[:-1] and len(text) <= 40:
            return para(std.HEADING_1 if level == 1 else std.HEADING_2, templater.text(piece.number, text), extra)
    return para(std.BODY, templater.text(piece.number, text), extra)


RUN_IN_REST = "{{ s.标题后内容 }}"


def _phase_blocks(templater: Templater, phases: Sequence[Phase]) -> list[Block]:
    heading_style = _heading_style(phases[0].heading.text)
    shapes = [p.heading_template for p in phases]
    heading = _by_index([s or "" for s in shapes]) if all(shapes) else "{{ s.通知标题 }}"
    blocks: list[Block] = [
        Tag("{%p for s in 活动.阶段 %}"),
        _run_in(shapes, heading_style) or para(heading_style, heading),
    ]
    if any(len(p.content) > 1 for p in phases):
        blocks += [Tag("{%p for t in s.通知内容.splitlines() %}"), P("{{ t }}"), Tag("{%p endfor %}")]
    elif any(p.content for p in phases):
        blocks += [Tag("{%p if s.通知内容 %}"), P("{{ s.通知内容 }}"), Tag("{%p endif %}")]
    blocks.append(Tag("{%p endfor %}"))
    del templater
    return blocks


def _run_in(shapes: Sequence[str | None], heading_style: std.Role) -> Block | None:
    """（一）自查阶段（6月1日—6月30日）。各乡镇……: the phase heading run into its sentence, as body_block
    runs in any other heading; in the heading style (kept with the next paragraph) the phases chain
    the text to the 落款 and leave the page before short. None when the headings stand alone."""
    if heading_style not in (std.HEADING_1, std.HEADING_2) or not all(s and s.endswith(RUN_IN_REST) for s in shapes):
        return None
    head = _by_index([(s or "")[: -len(RUN_IN_REST)] for s in shapes])
    char_role = std.RUN_IN_HEADING_1 if heading_style is std.HEADING_1 else std.RUN_IN_HEADING_2
    return Block("paragraph", std.BODY.style_id, (Run(head, char_role.style_id), Run(RUN_IN_REST)), "")


def _by_index(shapes: list[str]) -> str:
    """One heading for every phase, or (when they are written differently) one for each: the first
    phase's own 起, say."""
    if len(set(shapes)) == 1:
        return shapes[0]
    if len(set(shapes[1:])) == 1:
        return f"{{% if loop.first %}}{shapes[0]}{{% else %}}{shapes[1]}{{% endif %}}"
    branches = "".join(
        f"{{% {'if' if i == 0 else 'elif'} loop.index == {i + 1} %}}{shape}" for i, shape in enumerate(shapes)
    )
    return branches + "{% endif %}"


def _heading_style(text: str) -> std.Role:
    if H1_NUMBER.match(text):
        return std.HEADING_1
    if H2_NUMBER.match(text):
        return std.HEADING_2
    if H3_NUMBER.match(text):
        return std.HEADING_3
    return std.BODY


def notice_template(rec: Recognition, name: str = "通知") -> TemplateSource:
    templater = Templater(rec)
    blocks: list[Block] = []
    pieces = rec.pieces
    blocks += _header_blocks(rec)
    in_phases = {id(p) for ph in rec.phases for p in (ph.heading, *ph.content)}
    first_phase = id(rec.phases[0].heading) if rec.phases else None
    last_body = _last_body_before_closing(pieces)
    for i, piece in enumerate(pieces):
        if id(piece) == first_phase:
            blocks += _phase_blocks(templater, rec.phases)
        if id(piece) in in_phases:
            continue
        blocks += _piece_blocks(templater, rec, pieces, i, piece is last_body)
    if any(p.part in (Part.YINFA, Part.CHAOSONG, Part.DATE) for p in pieces):
        blocks.append(_banji(rec))  # a notice with no date and no 版记 of its own gets no invented 印发 line
    return TemplateSource(name, "从原公文导入的通知（正文照录原文，数据来自工作簿）", tuple(blocks))


def _header_blocks(rec: Recognition) -> list[Block]:
    """The 版头 when the notice printed one, or when its page's bar holds the 发文字号 the text lost; a
    notice copied from a page that printed neither gets it once the clerk fills the 发文字号 the 导入说明
    asks for (the units' plans cite it: the notice they cite prints it), never before."""
    if not any(p.part in (Part.WENHAO, Part.MARK) for p in rec.pieces) and not from_page_bar(rec):
        if not any(p.part is Part.ZHUSONG for p in rec.pieces):
            return []  # a plan printed alone: a number filled in is the notice's that went with it
        header = red_header("{{ 发文.发文机关标志 }}", "{{ 发文.发文字号 }}")
        return [Tag("{%p if 发文.发文字号 %}"), *header, Tag("{%p endif %}")]
    number = next((p for p in rec.pieces if p.part is Part.WENHAO), None)
    known = rec.value("发文.发文字号")
    wenhao = "{{ 发文.发文字号 }}" if known else "" if number is None else literal(number.text)
    return list(red_header("{{ 发文.发文机关标志 }}", wenhao))


def _last_body_before_closing(pieces: list[Piece]) -> Piece | None:
    closing = next((i for i, p in enumerate(pieces) if p.part in (Part.SIGNATURE, Part.DATE)), None)
    if closing is None:
        return None
    # the text right above the 落款, a 联系人 line too: keeping an earlier paragraph with the 落款 would
    # chain it, through the headings above it, to the 署名 and move them all to the next page
    last = (Part.BODY, Part.ATTACHMENT_NOTE, Part.CONTACT)
    return next((p for p in reversed(pieces[:closing]) if p.part in last), None)


def _piece_blocks(templater: Templater, rec: Recognition, pieces: list[Piece], i: int, keep: bool) -> list[Block]:
    piece = pieces[i]
    part = piece.part
    if piece.paragraphs[0].table:
        return [Block("raw", raw=table_block(piece.paragraphs[0].table)), Block("spacer", height=20)]
    if part is Part.TITLE:
        return [para(std.TITLE, "{{ 发文.标题 }}"), *Blank()]
    if part is Part.ZHUSONG:
        title = [para(std.TITLE, "{{ 发文.标题 }}"), *Blank()] if titleless(rec) else []
        return [*title, para(std.ZHUSONG, "{{ 发文.主送机关 }}" + literal(piece.text[-1]))]
    if part in (Part.BODY, Part.PLAN_BODY, Part.FUZHU, Part.CONTACT, Part.HEADER_OTHER, Part.ATTACHMENT_BODY):
        return [body_block(templater, piece, keep)]
    if part is Part.ATTACHMENT_NOTE:
        following = ATTACHMENT_NOTE.match(piece.text) is None  # 2.…: a later attachment's line
        return [AttachmentNote(templater.text(piece.number, piece.text), following)]
    if part is Part.DATE:
        return _closing(rec, pieces, i)
    if part is Part.ATTACHMENT_LABEL:
        return [para(std.ATTACHMENT_LABEL, literal(attachment_label(piece.text))), *Blank()]
    if part is Part.ATTACHMENT_TITLE:
        return [para(std.TITLE, literal(piece.text)), *Blank()]
    if part is Part.PLAN_TITLE:
        after_label = i > 0 and pieces[i - 1].part is Part.ATTACHMENT_LABEL
        text = templater.text(piece.number, piece.text)
        return [para(std.TITLE, text, "" if after_label else "<w:pageBreakBefore/>"), *Blank()]
    if part is Part.FORWARDED_TITLE:  # another organ's document: its words as they are, on a page of its own
        return [para(std.TITLE, literal(piece.text.replace("\n", "")), "<w:pageBreakBefore/>"), *Blank()]
    if part is Part.FORWARDED:
        return [_forwarded_block(pieces, i)]
    return []  # 发文字号 and 发文机关标志 are in the 版头; 签发人, 署名, 抄送 and 印发 have their own place


RIGHT_INDENT = f'<w:ind w:right="{std.DATE_RIGHT_INDENT_CHARS * std.SIZE_SANHAO * 10}"/>'  # 右空四字, as 7.3.5.1's date


def _forwarded_block(pieces: list[Piece], i: int) -> Block:
    """A line of the document a 转发 notice passes on, its words as they are (no value of this campaign
    stands in another organ's text): its 署名 and date at the right, as the notice's own; the rest by
    its headings' numbers (its 主送机关 too: gongwen check reads a flush line after the notice's 主送 as a
    paragraph that lost its indent)."""
    text = pieces[i].text
    following = pieces[i + 1].text if i + 1 < len(pieces) and pieces[i + 1].part is Part.FORWARDED else ""
    if DATE_LINE.match(text.replace(" ", "")) or (is_organ(text) and DATE_LINE.match(following.replace(" ", ""))):
        return para(std.DATE, literal(text), KEEP_NEXT + RIGHT_INDENT if following else RIGHT_INDENT)
    return body_block(LITERAL, pieces[i])


def table_block(rows: Sequence[Sequence[str]]) -> str:
    """The notice's own table, its cells' text as they were (a cell's lines as paragraphs), the first
    row as its header; columns share the type area's width."""
    columns = max(len(row) for row in rows)
    width = std.TYPE_AREA_WIDTH // columns
    out = []
    for k, row in enumerate(rows):
        style = (std.TABLE_HEADER if k == 0 else std.TABLE_TEXT).style_id
        cells = []
        for c, text in enumerate(row):
            span = columns - len(row) + 1 if c == len(row) - 1 else 1  # a short row's last cell spans the rest
            paragraphs = "".join(ox.paragraph(style, literal(line)) for line in (text.split("\n") or [""]))
            grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            cells.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width * span}" w:type="dxa"/>{grid}<w:vAlign w:val="center"/></w:tcPr>'
                f"{paragraphs}</w:tc>"
            )
        out.append(ox.row_xml(cells, header=k == 0))
    return ox.table_xml([width] * columns, out)


def _closing(rec: Recognition, pieces: list[Piece], i: int) -> list[Block]:
    blocks = signature_and_date("{{ 发文.发文机关 }}", "{{ 发文.成文日期|日期 }}")
    if not signs(rec, pieces, i):
        del blocks[-2]  # the page printed no 署名 and names no organ: the clerk's is not guessed
    return blocks


def _banji(rec: Recognition) -> Block:
    del rec
    return banji(
        tag_row("{%tr if 发文.抄送机关 %}"),
        banji_row("抄送：{{ 发文.抄送机关 }}。", hanging=3 * std.SIZE_SIHAO * 10),
        tag_row("{%tr endif %}"),
        banji_row("{{ 发文.印发机关 }}", tab_text="{{ 发文.印发日期|日期 }}印发"),
    )


__all__ = ["H1", "H2", "notice_template"]
