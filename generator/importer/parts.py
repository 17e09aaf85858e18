"""The parts of a 公文 (GB/T 9704-2012 §7), told apart in a notice's paragraphs.

版头 (发文机关标志, 发文字号, 签发人), 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注,
the plans an 印发 notice prints after it (one or several), 联系人 lines, 版记 (抄送, 印发机关 and
印发日期). Web pages print the title before the 发文字号 and drop the 版记; a clerk's .docx may
hold the title over two paragraphs: each is read as it comes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from generator.importer.reading import SourceParagraph


class Part(Enum):
    MARK = "发文机关标志"
    WENHAO = "发文字号"
    SIGNER = "签发人"
    HEADER_OTHER = "版头其他要素"
    TITLE = "标题"
    ZHUSONG = "主送机关"
    BODY = "正文"
    ATTACHMENT_NOTE = "附件说明"
    SIGNATURE = "署名"
    DATE = "成文日期"
    FUZHU = "附注"
    ATTACHMENT_LABEL = "附件标识"
    ATTACHMENT_TITLE = "附件标题"
    ATTACHMENT_BODY = "附件内容"
    PLAN_TITLE = "方案标题"
    PLAN_BODY = "方案正文"
    CONTACT = "联系方式"
    CHAOSONG = "抄送机关"
    YINFA = "印发机关和印发日期"
    # A 转发 notice's page may print the document it passes on after its own date: that document's
    # 版头 (its mark, number, ★), its title, and the rest of it (主送, 正文, 署名, 日期)
    FORWARDED_HEADER = "转发的公文版头"
    FORWARDED_TITLE = "转发的公文标题"
    FORWARDED = "转发的公文"


@dataclass(frozen=True)
class Piece:
    part: Part
    paragraphs: tuple[SourceParagraph, ...]  # a title over two lines is one piece of two paragraphs
    text: str  # the piece's text as it prints (a title's lines joined by a line break)
    plan: int = 0  # which printed plan a PLAN_* piece belongs to, from 1

    @property
    def number(self) -> int:
        return self.paragraphs[0].number

    @property
    def where(self) -> str:
        first, last = self.paragraphs[0].number, self.paragraphs[-1].number
        return f"第 {first} 段" if first == last else f"第 {first}—{last} 段"


BRACKETS = "〔［\\[﹝【（(「"
CLOSERS = "〕］\\]﹞】）)」"
WENHAO = re.compile(rf"^([\u4e00-\u9fff×]{{1,20}})\s*[{BRACKETS}]\s*(\d{{4}})\s*[{CLOSERS}]\s*第?\s*(\d{{1,5}})\s*号$")
SIGNER = re.compile(r"签\s*发\s*人\s*[:：]\s*(\S.*)$")
KINDS = ("通知", "通报", "意见", "决定", "方案", "报告", "请示", "批复", "函", "纪要", "公告", "通告", "办法",
         "规定", "预案", "规划", "细则", "命令", "计划", "要点", "安排", "决议", "公报", "制度")  # fmt: skip
PLAN_KINDS = ("方案", "办法", "预案", "规划", "细则", "计划", "要点", "意见", "安排", "规定", "制度")
DIGIT = "0-9０-９〇零○ＯO一二三四五六七八九十"  # 二OO九年: a law database's copy types the 〇 as a letter
DATE_LINE = re.compile(
    rf"^[{DIGIT}]{{4}}\s*年\s*[{DIGIT}]{{1,2}}\s*月\s*[{DIGIT}]{{1,3}}\s*日$"
    r"|^\d{4}\s*([.．\-/])\s*\d{1,2}\s*\1\s*\d{1,2}$"  # 2024.2.26, 2024-02-26: a web page's or a hasty clerk's
)
CONTACT = re.compile(r"^(联\s*系\s*人|联系电话|电\s*话|传\s*真|电子邮箱|邮\s*箱|电子信箱|联系方式|邮政编码)\s*[:：]")
CHAOSONG = re.compile(r"^抄\s*送\s*[:：]")
YINFA = re.compile(r"^(.+?)\s+(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*发$")
ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*[:：]")
ATTACHMENT_LABEL = re.compile(r"^附\s*件\s*\d*[:：]?$|^附件\s*[一二三四五六七八九十\d]+[:：]?$")  # 附件1： on a page
ORGAN_ENDINGS = ("政府", "办公室", "委员会", "局", "指挥部", "领导小组", "办事处", "管委会", "管理委员会", "委",
                 "厅", "部", "中心", "所", "站", "队", "院", "会", "组", "校", "小学", "中学", "幼儿园")  # fmt: skip
SENTENCE_MARKS = "。；，、！？"


def wenhao_match(text: str) -> re.Match[str] | None:
    """The 发文字号 a line holds, before its 签发人; a law database's copy puts it in round brackets
    under the title (（同政办发[2009]96号）)."""
    head = re.split(r"\s{2,}|签\s*发\s*人", text)[0].strip()
    enclosed = re.fullmatch(r"[（(]\s*(.+?)\s*[）)]", head)
    return WENHAO.match(enclosed[1] if enclosed else head)


def is_wenhao(text: str) -> bool:
    return wenhao_match(text) is not None


def is_title_like(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    if len(flat) > 80 or any(m in flat for m in "。；：:") or flat.endswith("，"):
        return False
    return "关于" in flat or flat.endswith(KINDS)


TITLE_SIZE = 32  # half-points: 16 pt and over is a heading's size, not a body's (三号 is 32)


def looks_like_a_title(p: SourceParagraph) -> bool:
    """Centred, larger than the body, no sentence in it: how a drafter sets a title by hand."""
    flat = re.sub(r"\s+", "", p.text)
    return p.centered and p.size > TITLE_SIZE and len(flat) <= 60 and not any(m in flat for m in "。；：:")


def is_organ(text: str) -> bool:
    flat = re.sub(r"\s+", "", text)
    return 2 <= len(flat) <= 40 and not any(m in flat for m in SENTENCE_MARKS + "：:") and flat.endswith(ORGAN_ENDINGS)


HEADING_NUMBER = re.compile(r"^(第[一二三四五六七八九十]+[章节条部分]|[（(]?[一二三四五六七八九十\d]+[、.．）)])")


def is_plan_title(text: str, quoted: set[str]) -> bool:
    flat = re.sub(r"\s+", "", text)
    if flat.strip("《》") in quoted:
        return True
    if HEADING_NUMBER.match(flat):
        return False
    return len(flat) <= 60 and not any(m in flat for m in SENTENCE_MARKS + "：:") and flat.endswith(PLAN_KINDS)


def tail_part(text: str) -> Part | None:
    """Parts known by their own words, wherever they stand."""
    if CONTACT.match(text):
        return Part.CONTACT
    if CHAOSONG.match(text):
        return Part.CHAOSONG
    if YINFA.match(text):
        return Part.YINFA
    return None


def _title_at(paras: list[SourceParagraph]) -> int | None:
    """The title stands before the 主送机关 (7.3.1, 7.3.2): a page that starts at 各村（居）委会： printed
    the notice's title as its own heading, and the title-like line further on is a printed plan's."""
    before = next((i for i, p in enumerate(paras[:15]) if _is_zhusong(p.text)), 15)
    title_at = next((i for i, p in enumerate(paras[:before]) if is_title_like(p.text) and not is_wenhao(p.text)), None)
    if title_at is None:  # a title in other words: the first line set large and centred (direct formatting)
        title_at = next((i for i, p in enumerate(paras[: min(8, before)]) if looks_like_a_title(p)), None)
    if title_at and is_organ(paras[title_at - 1].text) and paras[title_at].text.startswith("关于"):
        stacked = title_at >= 2 and is_organ(paras[title_at - 2].text)  # a joint notice's marks, one a line
        if not stacked and not paras[title_at - 1].red:
            title_at -= 1  # 于都县人民政府办公室 / 关于印发……的通知: the organ's name is the title's first line
    return title_at


def split_parts(paragraphs: tuple[SourceParagraph, ...]) -> list[Piece]:
    paras = list(paragraphs)
    title_at = _title_at(paras)
    pieces: list[Piece] = []
    start = 0
    if title_at is not None:
        pieces += [_header_piece(p) for p in paras[:title_at]]
        title, start = _title(paras, title_at)
        pieces += _number_after_title(title)
    while start < len(paras) and _is_header_line(paras[start].text):
        pieces.append(_header_piece(paras[start]))  # a web page prints the number after the title
        start += 1
    if start < len(paras) and _is_zhusong(paras[start].text):
        pieces.append(Piece(Part.ZHUSONG, (paras[start],), paras[start].text))
        start += 1
    date_at = _closing(paras)
    forwards = date_at is not None and any("转发" in p.text for p in paras[:date_at])
    pieces += _after_zhusong(paras[start:], quoted_titles(paras), forwards)
    return pieces


NUMBER_AFTER_TITLE = re.compile(r"[（(]\s*([^（()）]+?)\s*[）)]$")


def _number_after_title(title: Piece) -> list[Piece]:
    """A web page's heading gives the 发文字号 after the title, in brackets (……的通知（岳办发〔2017〕2号）):
    it is the 版头's number (7.2.4), not the title's words (7.3.1)."""
    m = NUMBER_AFTER_TITLE.search(title.text)
    if m is None or not is_wenhao(m[1]):
        return [title]
    number = Piece(Part.WENHAO, title.paragraphs[-1:], m[1])
    return [number, Piece(Part.TITLE, title.paragraphs, title.text[: m.start()].rstrip())]


def is_garbled_wenhao(text: str) -> bool:
    """A number that lost its 〕 or 号 on the way (怀政办〔202215): short, an abbreviation, a bracket, digits."""
    return len(text) <= 20 and bool(re.match(rf"^[\u4e00-\u9fff×]{{1,12}}\s*[{BRACKETS}]\s*\d{{2,}}", text))


def _is_header_line(text: str) -> bool:
    """The 版头's lines a web page prints under the title: the number (whole or garbled, 怀政办〔202215),
    the 签发人."""
    if is_wenhao(text) or SIGNER.search(text):
        return True
    return len(text) <= 20 and bool(re.search(rf"[{BRACKETS}]\s*\d{{2,}}", text)) and not _is_zhusong(text)


def _header_piece(p: SourceParagraph) -> Piece:
    if is_wenhao(p.text) or is_garbled_wenhao(p.text):
        return Piece(Part.WENHAO, (p,), p.text)
    if SIGNER.search(p.text):
        return Piece(Part.SIGNER, (p,), p.text)
    if p.text.replace(" ", "").endswith("文件") or p.red or is_organ(p.text):  # 7.2.3: 文件 may be left off
        return Piece(Part.MARK, (p,), p.text)
    return Piece(Part.HEADER_OTHER, (p,), p.text)


def _title(paras: list[SourceParagraph], at: int) -> tuple[Piece, int]:
    """A title may run over two or three paragraphs (a clerk's .docx); the lines join with a break.
    Spaces inside a pasted title are where the printed title broke its lines."""
    lines = [paras[at]]
    while (
        len(lines) < 3
        and not re.sub(r"\s+", "", lines[-1].text).endswith(KINDS)
        and at + len(lines) < len(paras)
        and is_title_like(paras[at + len(lines)].text)
    ):
        lines.append(paras[at + len(lines)])
    parts = [seg for p in lines for seg in re.split(r"\s+", p.text) if seg]
    return Piece(Part.TITLE, tuple(lines), "\n".join(parts)), at + len(lines)


def _is_zhusong(text: str) -> bool:
    return text.endswith(("：", ":")) and len(text) <= 80 and "。" not in text and not CONTACT.match(text)


def quoted_titles(paras: list[SourceParagraph]) -> set[str]:
    """The plans an 印发 notice names: 《…》 in its first paragraphs (the title and the 印发 sentence)."""
    found: set[str] = set()
    for p in paras[:12]:
        for name in re.findall(r"《([^《》]{4,60})》", p.text):
            if name.endswith(PLAN_KINDS):
                found.add(re.sub(r"\s+", "", name))
    return found


def _closing(paras: list[SourceParagraph]) -> int | None:
    """Where the notice's 成文日期 is: the first date standing alone on its line."""
    return next((i for i, p in enumerate(paras) if DATE_LINE.match(p.text.replace(" ", ""))), None)


def _after_zhusong(paras: list[SourceParagraph], quoted: set[str], forwards: bool = False) -> list[Piece]:
    date_at = _closing(paras)
    if date_at is None:  # a notice with no date of its own: body to the end, tail parts by their words
        undated = [_body_piece(p, Part.BODY) for p in paras]
        _mark_attachment_notes(undated)
        return undated
    signed = _signatures_before(paras, date_at)
    pieces = [_body_piece(p, Part.BODY) for p in paras[: date_at - signed]]
    signers = paras[date_at - signed : date_at]
    pieces += [Piece(Part.SIGNATURE, (p,), organ) for p in signers for organ in _organs(p.text)]
    pieces.append(Piece(Part.DATE, (paras[date_at],), paras[date_at].text))
    tail = paras[date_at + 1 :]
    title_at = forwarded_title_at(tail) if forwards else None
    pieces += _printed_plans(tail, quoted) if title_at is None else _forwarded_pieces(tail, title_at)
    _mark_attachment_notes(pieces)
    return pieces


FORWARDED_HEADER_LINES = 4  # a document's 版头 lines over its title: its mark(s), number, 签发人, ★


def forwarded_title_at(paras: list[SourceParagraph]) -> int | None:
    """Where the title of the document a 转发 notice passes on stands, when its page prints that document
    right after the notice's date: a few 版头 lines at most (its mark, its number, a ★), then a title with
    a 主送机关 under it. None when what follows the date is anything else (附注, a plan, an attachment)."""
    for t, p in enumerate(paras[: FORWARDED_HEADER_LINES + 1]):
        if is_title_like(p.text) and not is_wenhao(p.text):
            after = paras[t + 1 : t + 4]
            zhusong = next((k for k, q in enumerate(after) if _is_zhusong(q.text)), None)
            if zhusong is None or not all(is_title_like(q.text) for q in after[:zhusong]):
                return None
            return t
        if "。" in p.text or len(p.text) > 40:
            return None
    return None


def _forwarded_pieces(paras: list[SourceParagraph], title_at: int) -> list[Piece]:
    """The document a 转发 notice passes on: its 版头 (not printed again: the notice cites its number),
    its title (over the lines before its 主送机关), and the rest of it, as its page prints them."""
    end = title_at + 1
    while not _is_zhusong(paras[end].text):
        end += 1
    title = paras[title_at:end]
    return [
        *(Piece(Part.FORWARDED_HEADER, (p,), p.text) for p in paras[:title_at]),
        Piece(Part.FORWARDED_TITLE, tuple(title), "\n".join(re.sub(r"\s+", "", p.text) for p in title)),
        *(Piece(Part.FORWARDED, (p,), p.text) for p in paras[end:]),
    ]


def _organs(text: str) -> list[str]:
    """A joint notice's 署名 typed side by side on one line, spaces between (中共岳阳市委办公室　　岳阳市人民政府
    办公室): each organ, lead first; any other 署名 line as it is."""
    names = [name for name in re.split(r"[ \u3000\u00a0]{2,}", text.strip()) if name]
    return names if len(names) > 1 and all(is_organ(name) for name in names) else [text]


JOINT_SIGNERS = 4  # 联合行文 (7.3.5.2): the organs' 署名 one under another, the lead organ first


def _signatures_before(paras: list[SourceParagraph], date_at: int) -> int:
    """How many 署名 lines stand over the date: the organ names right above it, up to JOINT_SIGNERS
    (a joint notice signs once per organ)."""
    count = 0
    while count < min(JOINT_SIGNERS, date_at) and is_organ(paras[date_at - 1 - count].text):
        count += 1
    return count


def _body_piece(p: SourceParagraph, part: Part, plan: int = 0) -> Piece:
    own = tail_part(p.text)
    text = p.text if own is not None or p.table else _unbroken(p.text)
    return Piece(own or part, (p,), text, plan)


# A line break in a body paragraph where its sentence goes on (……现印发给你们，⏎请结合实际……): where a
# copied page's line ended, or a Shift+回车; the notice prints the sentence whole. A break after a
# sentence's end, or before a heading's number, stays.
_BREAK_IN_SENTENCE = re.compile(
    r"(?<![。！？；：…”’）)」』】])\n(?![一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])"
)


def _unbroken(text: str) -> str:
    return _BREAK_IN_SENTENCE.sub("", text)


def is_attachment_title(text: str) -> bool:
    """What follows 附件 when it is not a plan: a table's or a list's name (……周报表, ……名单), no sentence."""
    flat = re.sub(r"\s+", "", text)
    return 2 <= len(flat) <= 60 and not any(m in flat for m in SENTENCE_MARKS + "：:")


def _printed_plans(paras: list[SourceParagraph], quoted: set[str]) -> list[Piece]:
    """After the 成文日期: 附注, the plans an 印发 notice prints, then any 附件 that is not a plan (a table
    to fill in): the attachment's own pages, never 附注 under the date."""
    pieces: list[Piece] = []
    plan = 0
    tables = _first_attachment_not_a_plan(paras, quoted)
    skip = -1
    for i, p in enumerate(paras[:tables]):
        if i == skip:
            continue  # a title's second line, in the piece of its first
        text = p.text
        following = paras[i + 1].text if i + 1 < len(paras) else ""
        if plan == 0 and re.fullmatch(r"[（(][^（()）]{2,40}[）)]", text):
            pieces.append(Piece(Part.FUZHU, (p,), text))
        elif ATTACHMENT_LABEL.match(text.replace(" ", "")) and is_plan_title(following, quoted):
            pieces.append(Piece(Part.ATTACHMENT_LABEL, (p,), text, plan + 1))
        elif (title := _plan_title(paras, i, quoted, plan, pieces)) is not None:
            plan += 1
            pieces.append(replace(title, plan=plan))
            skip = i + len(title.paragraphs) - 1
        elif plan == 0 and ATTACHMENT_NOTE.match(text):
            pieces.append(Piece(Part.ATTACHMENT_NOTE, (p,), note_item(text)))
        else:
            pieces.append(_body_piece(p, Part.PLAN_BODY if plan else Part.FUZHU, plan))
    return pieces + _attachment_pieces(paras[tables:])


def _plan_title(paras: list[SourceParagraph], i: int, quoted: set[str], plan: int, pieces: list[Piece]) -> Piece | None:
    """A printed plan's title at paras[i] (on one line or two), or None; a title's second line printed
    as a line of its own (a plan title set over two lines by hand) is never a second plan."""
    p = paras[i]
    following = paras[i + 1].text if i + 1 < len(paras) else ""
    if (is_plan_title(p.text, quoted) or looks_like_a_title(p)) and not (
        plan and pieces and pieces[-1].part is Part.PLAN_TITLE
    ):
        return Piece(Part.PLAN_TITLE, (p,), re.sub(r"\s+", "", p.text))
    if _title_over_two_lines(p.text, following, quoted, first=plan == 0):
        return Piece(Part.PLAN_TITLE, (p, paras[i + 1]), re.sub(r"\s+", "", p.text + following))
    return None


def _title_over_two_lines(text: str, following: str, quoted: set[str], first: bool) -> bool:
    """A plan's title a page (or a drafter's Enter) broke over two lines: the 印发 sentence names it
    whole, or, for the first plan, the two lines read as one plan title and neither is a sentence."""
    joined = re.sub(r"\s+", "", text + following)
    if not following or any(m in text + following for m in SENTENCE_MARKS + "：:"):
        return False
    return joined in quoted or (first and len(text) <= 40 and is_plan_title(joined, set()))


def _attachment_pieces(paras: list[SourceParagraph]) -> list[Piece]:
    pieces: list[Piece] = []
    for i, p in enumerate(paras):
        following = paras[i + 1].text if i + 1 < len(paras) else ""
        pieces.append(Piece(_attachment_part(p.text, following, pieces[-1].part if pieces else None), (p,), p.text))
    return pieces


def _first_attachment_not_a_plan(paras: list[SourceParagraph], quoted: set[str]) -> int:
    """Where the first 附件 whose next line is a table's or a list's name, not a plan's, starts."""
    for i, p in enumerate(paras):
        following = paras[i + 1].text if i + 1 < len(paras) else ""
        label = ATTACHMENT_LABEL.match(p.text.replace(" ", "")) is not None
        if label and not is_plan_title(following, quoted) and is_attachment_title(following):
            return i
    return len(paras)


def attachment_label(text: str) -> str:
    """附件标识 as GB/T 9704 prints it (7.3.4 and 8.2): 附件1, without the colon a web page adds."""
    return text.rstrip("：: ")


def _attachment_part(text: str, following: str, previous: Part | None) -> Part:
    """A line of an attachment that is not a plan: its label, title, text, or the notice's 版记 after it
    (a 填报人、联系电话 line is the table's, not the notice's 联系方式)."""
    if ATTACHMENT_LABEL.match(text.replace(" ", "")) and is_attachment_title(following):
        return Part.ATTACHMENT_LABEL
    if CHAOSONG.match(text):
        return Part.CHAOSONG
    if YINFA.match(text):
        return Part.YINFA
    return Part.ATTACHMENT_TITLE if previous is Part.ATTACHMENT_LABEL else Part.ATTACHMENT_BODY


# An attachment's number in the 附件说明 written 1、 (a heading's mark): GB/T 9704 7.3.4 prints 1．
_NOTE_NUMBER_WITH_COMMA = re.compile(r"^(附\s*件\s*[:：]\s*)?(\d+)、")


# 附件：1．《…》； : the number (if any), then a name wholly between 《》; a 《》 inside a name is its own
_NOTE_NAME_IN_MARKS = re.compile(r"^((?:附\s*件\s*[:：]\s*)?(?:\d+\s*[.．、]\s*)?)《([^《》]+)》$")
_NOTE_END_PUNCTUATION = re.compile(r"\s*[。，；、.,;]+$")


def note_item(text: str) -> str:
    """A line of the 附件说明 with its number as 7.3.4 writes it (附件：1．……, 2．……)."""
    return bare_note_name(_NOTE_NUMBER_WITH_COMMA.sub(lambda m: f"{m[1] or ''}{m[2]}．", text))


def bare_note_name(text: str) -> str:
    """The 附件说明's name as 7.3.4 writes it: no punctuation after it, no 《》 around it
    (附件：1．《…统计表》； → 附件：1．…统计表); 关于印发《…办法》的通知 keeps the 《》 of the name it cites."""
    return _NOTE_NAME_IN_MARKS.sub(r"\1\2", _NOTE_END_PUNCTUATION.sub("", text.rstrip()))


def _mark_attachment_notes(pieces: list[Piece]) -> None:
    """附件说明 (7.3.4): "附件：" and the numbered lines under it, at the end of the body."""
    for i, piece in enumerate(pieces):
        if piece.part is Part.BODY and ATTACHMENT_NOTE.match(piece.text):
            pieces[i] = Piece(Part.ATTACHMENT_NOTE, piece.paragraphs, note_item(piece.text))
            j = i + 1
            while j < len(pieces) and pieces[j].part is Part.BODY and re.match(r"^\d+[.．、]", pieces[j].text):
                pieces[j] = Piece(Part.ATTACHMENT_NOTE, pieces[j].paragraphs, note_item(pieces[j].text))
                j += 1
