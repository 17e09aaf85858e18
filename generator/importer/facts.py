"""What a notice says about its campaign, each value with where it was read.

A value is found in one paragraph (its number is kept, for the 导入说明 and for the template,
which puts the value's variable where the text was), or inferred from another (marked
uncertain). Nothing here knows any campaign: the words looked for are 公文 words (阶段, 领导小组,
办公室设在, 每月…日前, 方案, 总结), the values are the notice's own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from generator.importer.dates import (
    BARE_MONTH_RANGE,
    DAY,
    MONTH_BOUND,
    MONTH_RANGE,
    bound_note,
    full_date,
    month_bound,
    month_range,
    with_year,
)
from generator.importer.parts import (
    BRACKETS,
    CLOSERS,
    KINDS,
    PLAN_KINDS,
    Part,
    Piece,
    bare_note_name,
    is_organ,
    note_item,
    wenhao_match,
)
from generator.importer.table_metrics import AttachedMetrics, attachment_metrics
from generator.inputs.periods import DEFAULT_PERIOD_KIND, PERIOD_KINDS
from generator.inputs.periods import WEEKDAYS as PERIOD_WEEKDAYS
from generator.render.filters import chinese_number, format_date, format_month_day, heading_number
from generator.standard.words import doubled_at_seam, level_of_region, whole_of_region


@dataclass(frozen=True)
class Found:
    field: str  # sheet and row, as the clerk sees them: 发文.发文字号
    value: Any
    where: str  # 第 2 段
    quote: str  # the words it was read from
    certain: bool = True
    note: str = ""


@dataclass(frozen=True)
class Slot:
    """Where a value stands in a paragraph: the template puts `template` (Jinja) there instead."""

    number: int  # the paragraph
    text: str
    template: str


@dataclass(frozen=True)
class Phase:
    name: str
    start: dt.date
    end: dt.date
    heading: Piece
    content: tuple[Piece, ...]
    heading_template: str | None  # the heading with its values as variables, None when they cannot be
    inline_content: str = ""  # content that follows the heading in its own paragraph


@dataclass
class Recognition:
    pieces: list[Piece]
    found: list[Found] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    wording: dict[str, str] = field(default_factory=dict)  # text -> expression, in every body paragraph
    unread: list[str] = field(default_factory=list)  # what could not be recognised, for the clerk
    # Fields the source has none of, left blank in the workbook rather than the starter's example
    # (a plan printed alone has no 发文字号), by name, with what the clerk is told of each
    blank: dict[str, str] = field(default_factory=dict)
    metrics: AttachedMetrics | None = None  # the 统计指标 of a statistics table the notice attaches

    def value(self, name: str) -> Any:
        return next((f.value for f in self.found if f.field == name), None)

    def add(self, name: str, value: Any, piece: Piece | None, quote: str, certain: bool = True, note: str = "") -> None:
        if value is None or value == "" or self.value(name) is not None:
            return
        where = piece.where if piece is not None else "推断"
        self.found.append(Found(name, value, where, quote, certain, note))


BRACKETED_YEAR = re.compile(r"[〔［\[﹝【（(]\s*(\d{4})\s*[〕］\]﹞】）)]")
# The 镇 of 城镇 and the 乡 of 城乡 end no place name (××市城镇…方案 is ××市's).
LEVEL = re.compile(r"^(.*(?:省|自治区|市|自治州|盟|地区|县|自治县|旗|区|(?<!城)镇|(?<!城)乡|街道|苏木))")
# The last level of a place named with those above it: 菏泽市定陶区 → 定陶区, ××市××区××镇 → ××镇.
INNER_LEVEL = re.compile(r"^.+?[省市区县盟旗](.+(?:市|县|区|旗|(?<!城)镇|(?<!城)乡|街道|苏木))$")


def normal_wenhao(text: str) -> str:
    """发文字号 with its year in 六角括号 (7.2.4), as gongwen writes it; other brackets are a web page's."""
    m = wenhao_match(text)
    return f"{m[1]}〔{m[2]}〕{int(m[3])}号" if m else text


def recognise(
    pieces: list[Piece], page_lines: Sequence[tuple[int, str]] = (), seams: Sequence[tuple[str, str]] = ()
) -> Recognition:
    """`page_lines` are the web page's own lines set aside by the reader (number, text): its
    information bar may hold what the printed text lost, such as a garbled 发文字号. `seams` are the
    words the new workspace's documents print before and after the campaign's name (……工作方案)."""
    rec = Recognition(pieces)
    _wenhao_from_page(rec, page_lines)
    _document_parts(rec)
    _level(rec)
    _plan_and_name(rec)
    _name_not_doubled(rec, seams)
    _untitled(rec)
    body = [p for p in pieces if p.part in (Part.BODY, Part.PLAN_BODY)]
    _campaign_dates(rec, body)
    _phases(rec, body)
    _dates_from_phases(rec)
    _leading_group(rec, body)
    _deadlines(rec, body)
    _month_deadlines(rec, body)
    _reporting(rec, body)
    _own_report_day(rec, body)
    _units_named(rec, body)
    _attached_metrics(rec)
    _values_in_phase_text(rec)
    _unsaid(rec)
    _renumbered_notes(rec)
    _forwarded_document(rec)
    return rec


def _forwarded_document(rec: Recognition) -> None:
    """The document a 转发 notice's page prints after its date: said, as the template prints it."""
    header = [p for p in rec.pieces if p.part is Part.FORWARDED_HEADER]
    printed = [p for p in rec.pieces if p.part in (Part.FORWARDED_TITLE, Part.FORWARDED)]
    if not printed:
        return
    where = f"第 {printed[0].number}—{printed[-1].paragraphs[-1].number} 段"
    title = printed[0].text.replace("\n", "")[:40]
    line = f"转发的公文：{where}是通知转发的公文「{title}」，照录在通知之后（另起一页）"
    if header:
        numbers = f"第 {header[0].number}—{header[-1].number} 段" if len(header) > 1 else header[0].where
        line += f"；它的版头（{numbers}）不再印，通知里已写明转发的是哪份公文"
    rec.unread.append(line)


def _renumbered_notes(rec: Recognition) -> None:
    """The 附件说明's numbers written 1、 are printed 1． and its names without 《》 around them or punctuation
    after them (7.3.4): said, as the piece no longer reads as typed."""
    notes = [p for p in rec.pieces if p.part is Part.ATTACHMENT_NOTE]
    renumbered = [p for p in notes if note_item(p.paragraphs[0].text) != bare_note_name(p.paragraphs[0].text)]
    bared = [p for p in notes if bare_note_name(p.paragraphs[0].text) != p.paragraphs[0].text]
    if renumbered:
        numbers = "、".join(str(p.number) for p in renumbered)
        rec.unread.append(f"附件说明：第 {numbers} 段的序号写作“1、”，按 GB/T 9704 7.3.4 印作“1．”")
    if bared:
        numbers = "、".join(str(p.number) for p in bared)
        rec.unread.append(f"附件说明：第 {numbers} 段的附件名称去掉了外面的书名号或后面的标点（GB/T 9704 7.3.4）")


# Fields the notice may not say whose starter values are examples that read as true (a 2025 date,
# 县政府有关部门, 专项行动): left blank, with what a blank cell means. The ×× examples (发文机关,
# 联系人…) stay: 核稿 flags every ×× a document prints.
UNSAID_OPTIONAL = {
    "发文.主送机关": "原文没有主送机关：这一格留空，文件不印主送一行；如有主送机关，请填写",
    "活动.方案报送截止": "原文没有写各单位报送工作方案的截止日期：这一格留空；如有，请填写",
    "活动.总结报送截止": "原文没有写报送工作总结的截止日期：这一格留空，按活动的结束日期",
    "活动.简称": "原文没有说活动的简称：这一格留空，总结里写“活动期间”；如有简称（如“大检查”），请填写",
}
DATED_BY_START = "原文没有成文日期，按活动的开始日期填写，请改为实际的成文日期"


# Dates a document cannot do without that the notice may not say: never the starter's example (a 2025
# date printed as if the notice had said it). Left blank, the workbook is refused until the clerk
# fills them, each cell named; the import tells them first.
UNSAID_DATES = {
    "发文.成文日期": "原文没有成文日期，也没有活动的日期可以推断",
    "发文.印发日期": "原文没有印发日期，也没有成文日期可以照填",
    "活动.开始日期": "原文没有活动的开始日期",
    "活动.结束日期": "原文没有活动的结束日期",
}
DATE_LEFT_BLANK = "：这一格留空（不印空白模板的示例日期），填好以前 gongwen 不生成文件"

# The 报送日 a notice does not give: the starter's 5 printed 4月5日前 on every form, 催报 and sheet as if
# the notice had said it. Left blank, validate refuses it (a period kind that needs it) until filled.
REPORT_DAY = "活动.报送日"
REPORT_DAY_LEFT_BLANK = "这一格留空（不印空白模板的示例“5”），填好以前 gongwen 不生成文件"
UNSAID_REPORT_DAY = "原文没有写定期报送的日期"
UNSAID_REPORTING = "原文没有定期报送的要求：报送周期仍是空白模板的“月”，请核对（不报统计报表填“无”）"

# A notice with no phases: a made-up 实施阶段 printed in every plan as if the notice had named it. The one
# row over the campaign's dates keeps its name blank, refused (阶段名称 is required) until the clerk names it.
PHASE_NAME = "阶段.阶段名称"
UNSAID_PHASES = (
    "原文没有分阶段：第2行的阶段名称留空（不印原文没有的阶段），请填写实际的阶段，填好以前 gongwen 不生成文件"
)


def _unsaid(rec: Recognition) -> None:
    """What the notice does not say is not left at the starter's example where the notice gives a
    truer value or none is needed: an undated notice's 成文日期 (and 印发日期, which it does not print)
    is its campaign's first day, said as inferred; a date with nothing to infer it from, and an
    optional value the notice lacks, are left blank."""
    start = rec.value("活动.开始日期")
    rec.add("发文.成文日期", start, None, "", False, DATED_BY_START)
    rec.add("发文.印发日期", rec.value("发文.成文日期"), None, "", False, "原文没有印发日期，按成文日期填写")
    for name, why in UNSAID_DATES.items():
        if rec.value(name) is None:
            rec.blank[name] = why + DATE_LEFT_BLANK
    for name, note in UNSAID_OPTIONAL.items():
        if rec.value(name) is None:
            rec.blank[name] = note
    _unsaid_report_day(rec)
    if not rec.phases:
        rec.blank[PHASE_NAME] = UNSAID_PHASES


def _unsaid_report_day(rec: Recognition) -> None:
    """The 报送日 left blank when the notice's period kind (or the starter's 月, when it names none)
    needs one and the notice does not give it."""
    period = rec.value("活动.报送周期")
    kind = PERIOD_KINDS.get(period or "", DEFAULT_PERIOD_KIND)
    if rec.value(REPORT_DAY) is None and kind.needs_report_day:
        why = UNSAID_REPORT_DAY if period else f"{UNSAID_REPORTING}；{UNSAID_REPORT_DAY}"
        rec.blank[REPORT_DAY] = f"{why}：{REPORT_DAY_LEFT_BLANK}"


def _values_in_phase_text(rec: Recognition) -> None:
    """A value read from a phase's text (各村于5月31日前报送工作总结, in the 总结验收 phase) stays words in
    the 阶段 sheet, which the notice prints in its loop: the workbook's value would not change it.
    Said on the value, for the clerk to change both (a 活动 value is never written into a 阶段 cell)."""
    in_phase = {
        p.number: (k, "标题后内容" if p is ph.heading else "通知内容")
        for k, ph in enumerate(rec.phases, start=1)
        for p in (ph.heading, *ph.content)
    }
    for slot in rec.slots:
        name = re.match(r"\{\{\s*(活动\.[^|\s}]+)", slot.template)
        if slot.number not in in_phase or name is None:
            continue
        k, column = in_phase[slot.number]
        note = (
            f"原文这句在第{k}个阶段里，照录在「阶段」表第{k + 1}行的「{column}」："
            f"改这一项时，也要改那一格的“{slot.text}”"
        )
        rec.found = [replace(f, certain=False, note=note) if f.field == name[1] and f.certain else f for f in rec.found]


# 发文字号：…, 文号：…, 备注/文号：… (a county site's bar), its year in whatever brackets the page used
PAGE_WENHAO = re.compile(
    r"(?:发文字号|文\s*号)\s*[:：]\s*(\S+?[〔［\[﹝【（(]\s*\d{4}\s*[〕］\]﹞】）)]\s*第?\s*\d+\s*号)"
)


def _wenhao_from_page(rec: Recognition, page_lines: Sequence[tuple[int, str]]) -> None:
    """A 发文字号 the text lost part of, taken whole from the web page's information bar."""
    piece = first(rec.pieces, Part.WENHAO)
    if piece is not None and wenhao_match(piece.text.split()[0]):
        return
    for number, text in page_lines:
        m = PAGE_WENHAO.search(text)
        if m is None:
            continue
        wenhao = normal_wenhao(re.sub(r"\s+", "", m[1]))
        garbled = next((i for i, p in enumerate(rec.pieces) if p.part is Part.WENHAO), None)
        where = f"第 {number} 段（网页的信息栏）"
        note = "取自网页的信息栏"
        if garbled is not None:
            old = rec.pieces[garbled]
            rec.pieces[garbled] = Piece(Part.WENHAO, old.paragraphs, wenhao)
            note = f"原文第 {old.number} 段的发文字号「{old.text}」不完整，取自网页的信息栏"
        rec.found.append(Found("发文.发文字号", wenhao, where, text, False, note))
        return


def first(pieces: Sequence[Piece], part: Part) -> Piece | None:
    return next((p for p in pieces if p.part is part), None)


def _document_parts(rec: Recognition) -> None:
    pieces = rec.pieces
    _wenhao(rec, pieces)
    title = first(pieces, Part.TITLE)
    if title is not None:
        rec.add("发文.标题", title.text, title, title.text.replace("\n", ""))
    zhusong = first(pieces, Part.ZHUSONG)
    if zhusong is not None:
        rec.add("发文.主送机关", zhusong.text.rstrip("：:"), zhusong, zhusong.text)
    _organs(rec, title)
    _dates_and_tail(rec)


def _organs(rec: Recognition, title: Piece | None) -> None:
    """发文机关 and 发文机关标志; a joint notice's (联合行文, 7.2.3 and 7.3.5) one a line, lead organ first."""
    pieces = rec.pieces
    signature = first(pieces, Part.SIGNATURE)
    if signature is not None:  # one a line: Alt+Enter in the cell
        signers = "\n".join(p.text for p in pieces if p.part is Part.SIGNATURE)
        rec.add("发文.发文机关", signers, signature, signers.replace("\n", "、"))
    elif title is not None and "关于" in title.text:
        _organs_of_title(rec, title)
    mark = first(pieces, Part.MARK)
    organ = rec.value("发文.发文机关")
    if mark is not None:
        marks = "\n".join(p.text.replace(" ", "") for p in pieces if p.part is Part.MARK)
        rec.add("发文.发文机关标志", marks, mark, marks.replace("\n", "、"))
    elif organ and "\n" in organ:  # 7.2.3: a joint mark's 文件, if any, stands once, right of all the names
        note = "原文没有发文机关标志，按署名（联合行文的各机关名称，主办机关在前，不加“文件”二字）"
        rec.add("发文.发文机关标志", organ, None, "", False, note)
    elif organ:
        rec.add("发文.发文机关标志", organ + "文件", None, "", False, "原文没有发文机关标志，按署名加“文件”二字")


def _organs_of_title(rec: Recognition, title: Piece) -> None:
    """No 署名: the organ the title names before 关于, or before 印发《关于…》 (a joint notice's organs, each
    on its own line of the title); a place (西津街道关于…) signs as its government or 办事处."""
    head = re.split(r"关于|(?:印发|转发)(?=《)", title.text)[0]
    names = [line for line in head.split("\n") if line]
    organ = head.replace("\n", "")
    signs = "\n".join(names) if len(names) > 1 and all(map(is_organ, names)) else organ_of_place(organ)
    note = "原文没有署名，取自标题中“关于”之前的机关名称"
    if signs.replace("\n", "") != organ:
        note = f"原文没有署名，标题中“关于”之前是地名「{organ}」，署名按它的机关「{signs}」"
    rec.add("发文.发文机关", signs or None, title, organ, False, note)


# A title may open with its place instead of its organ (西津街道关于…, 卢市镇关于…): the organ that
# signs is the place's government, or a 街道's 办事处 (GB/T 9704 7.3.5: the 署名 is an organ's name).
PLACE_ORGAN = (("街道", "办事处"), ("苏木", "人民政府"), ("镇", "人民政府"), ("乡", "人民政府"), ("县", "人民政府"),
               ("区", "人民政府"), ("市", "人民政府"), ("旗", "人民政府"))  # fmt: skip


def organ_of_place(name: str) -> str:
    """西津街道 → 西津街道办事处, 卢市镇 → 卢市镇人民政府; an organ's name is its own."""
    if not name or not LEVEL.fullmatch(name):
        return name
    return name + next((organ for level, organ in PLACE_ORGAN if name.endswith(level)), "")


def _wenhao(rec: Recognition, pieces: list[Piece]) -> None:
    """The 发文字号 printed in the 版头; none in a plan printed alone (left blank), or a web page's lost one."""
    wenhao = first(pieces, Part.WENHAO)
    if wenhao is not None and wenhao_match(wenhao.text) is None:
        rec.unread.append(
            f"发文字号：{wenhao.where}「{wenhao.text}」不完整（缺〔〕或“号”），照录原文；请在「发文」表填写完整的发文字号"
        )
    elif wenhao is not None:
        value = normal_wenhao(wenhao.text)
        note = "" if value == wenhao.text else "年份改用六角括号〔〕，序号不编虚位（GB/T 9704 7.2.4）"
        rec.add("发文.发文字号", value, wenhao, wenhao.text, note=note)
    elif rec.value("发文.发文字号") is None and _printed_alone(pieces):
        rec.blank["发文.发文字号"] = (
            "原文是单独印发的方案（没有通知、版头和署名），没有发文字号：这一格留空，生成的文件不印发文字号、"
            "各单位的方案也不引用它；如这份方案随通知印发，请填写通知的发文字号"
        )
    elif rec.value("发文.发文字号") is None:  # web pages often print the notice without its 版头
        # Not the starter's ×政办〔2025〕1号, a year no notice gave, cited by every unit's plan
        rec.blank["发文.发文字号"] = "这一格留空，生成的文件不印发文字号、各单位的方案也不引用它"
        rec.unread.append(
            "发文字号：原文没有发文字号（网页上的通知常不印版头）：「发文」表这一格留空，生成的文件不印发文字号、"
            "各单位的方案也不引用它；请填写本次通知的发文字号（填写后，通知印出版头：发文机关标志和发文字号）"
        )


def _dates_and_tail(rec: Recognition) -> None:
    pieces = rec.pieces
    date = first(pieces, Part.DATE)
    if date is not None:
        value = full_date(date.text)
        chinese = value is not None and not re.search(r"\d", date.text)
        note = (
            ""
            if value is None or format_date(value) == date.text
            else "按 GB/T 9704 7.3.5.4 改用阿拉伯数字"
            if chinese
            else "按 GB/T 9704 7.3.5.4 写成“年月日”"
        )
        rec.add("发文.成文日期", value, date, date.text, note=note)
    chaosong = first(pieces, Part.CHAOSONG)
    if chaosong is not None:
        copied = re.sub(r"^抄\s*送\s*[:：]\s*", "", chaosong.text).rstrip("。")
        rec.add("发文.抄送机关", copied, chaosong, chaosong.text)
    yinfa = first(pieces, Part.YINFA)
    if yinfa is not None:
        m = re.match(r"^(.+?)\s+(\d{4}年\d{1,2}月\d{1,2}日)\s*印\s*发$", yinfa.text)
        if m:
            rec.add("发文.印发机关", m[1], yinfa, yinfa.text)
            rec.add("发文.印发日期", full_date(m[2]), yinfa, yinfa.text)
    lead = (rec.value("发文.发文机关") or "").split("\n")[0] or None  # a joint notice: the lead organ
    if date is not None:  # printed under a dated notice only: one with no date gets no 印发 line
        note = "原文（网页）没有版记，按署名和成文日期填写"
        rec.add("发文.印发机关", lead, None, "", False, note)
        rec.add("发文.印发日期", rec.value("发文.成文日期"), None, "", False, note)
    else:  # not printed (no 印发 line is invented), but never the starter's ××县人民政府办公室
        rec.add("发文.印发机关", lead, None, "", False, "原文没有版记，按发文机关填写（这份通知不印版记）")
    for piece in pieces:
        if piece.part is Part.CONTACT:
            _contact(rec, piece)


CONTACT_FIELDS = (
    ("联\\s*系\\s*人", "发文.联系人"),
    ("联系电话|电\\s*话", "发文.联系电话"),
    ("电子邮箱|邮\\s*箱|电子信箱", "发文.电子邮箱"),
)


CONTACT_LABEL = re.compile(r"(联\s*系\s*人|联系电话|电\s*话|电子邮箱|邮\s*箱|电子信箱|传\s*真)\s*[:：]\s*")


def _contact(rec: Recognition, piece: Piece) -> None:
    """联系人：张三，联系电话：0316-1234567 — one line or several, each value up to the next label."""
    labels = list(CONTACT_LABEL.finditer(piece.text))
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(piece.text)
        value = piece.text[m.end() : end].strip().rstrip("，,；;。 　")
        name = next((n for label, n in CONTACT_FIELDS if re.fullmatch(label, m[1])), None)
        if name is None or not value or rec.value(name) is not None:
            continue
        rec.add(name, value, piece, piece.text)
        rec.slots.append(Slot(piece.number, value, f"{{{{ {name} }}}}"))


def _printed_alone(pieces: list[Piece]) -> bool:
    """A plan printed without a notice (石马山镇2023年春季禁种铲毒工作实施方案): its title names a plan, and it
    has no 版头, 主送机关 or 署名, so it has no 发文字号 to give."""
    title = first(pieces, Part.TITLE)
    notice_parts = (Part.WENHAO, Part.MARK, Part.ZHUSONG, Part.SIGNATURE)
    plan = title is not None and title.text.replace("\n", "").rstrip().endswith("方案")
    return plan and not any(p.part in notice_parts for p in pieces)


def _level(rec: Recognition) -> None:
    """本级名称: the county or township the issuing office belongs to (永清县人民政府办公室 → 永清县)."""
    organ = (rec.value("发文.发文机关") or "").split("\n")[0]  # a joint notice's lead organ
    head = _place_of_organ(organ)
    m = LEVEL.match(head)
    title = first(rec.pieces, Part.TITLE)
    if not m and not organ and title is not None:  # a plan printed alone: 石马山镇2023年春季禁种铲毒工作实施方案
        m = LEVEL.match(re.split(r"\d{4}\s*年|关于", title.text.replace("\n", ""))[0])
        if m:
            rec.add("活动.本级名称", m[1], title, title.text, False, "原文没有署名，取自标题开头的地名")
            _scope(rec, m[1])
            return
    if not m:
        rec.unread.append("本级名称（组织活动的县或乡镇）：署名中没有县、区、乡、镇的名称，请在「活动」表填写")
        return
    name = m[1]
    while (inner := INNER_LEVEL.match(name)) is not None:
        name = inner[1]
    rec.add("活动.本级名称", name, first(rec.pieces, Part.SIGNATURE) or first(rec.pieces, Part.TITLE), organ)
    _scope(rec, name)


ORGAN_AFTER_PLACE = r"人民政府|政府|党委|委员会|办公室|管理委员会|管委会|指挥部|领导小组|办事处|(?<=[省市县区旗镇乡])委"


def _place_of_organ(organ: str) -> str:
    """The place an organ's name opens with: 永清县人民政府办公室 → 永清县. A Party committee's organ is
    named 中共 and the place's 委 (中共岳阳市委办公室 → 岳阳市), a one-character county's with its
    level twice (中共泾县县委平安泾县建设领导小组办公室 → 泾县)."""
    organ = re.sub(r"^中共", "", organ)
    head = re.split(ORGAN_AFTER_PLACE, organ)[0]
    return re.sub(r"([省市县区旗镇乡])\1$", r"\1", head)


def _scope(rec: Recognition, name: str) -> None:
    scope = whole_of_region(name)
    text = "".join(p.text for p in rec.pieces)
    rec.add("活动.范围", scope, None, "", scope in text, "" if scope in text else "原文没有这个词，按本级名称的层级")


def _printed_title(title: Piece | None) -> str | None:
    """The plan an 印发 notice sends: 《…》 in its title, or what follows 印发 (关于印发X的通知)."""
    if title is None:
        return None
    flat = title.text.replace("\n", "")
    quoted = re.findall(r"《([^《》]+)》", flat)
    if quoted:
        return str(quoted[0])
    m = re.search(r"关于(?:印发|转发|下发)(.+?)的通知$", flat)
    return m[1] if m and m[1].endswith(PLAN_KINDS) else None


def _forwarded(title: Piece | None) -> str | None:
    """The document a 转发 notice passes on (关于转发省教育厅《X》的通知: X), which has its own number."""
    m = re.search(r"转发[^《》]*《([^《》]+)》", title.text.replace("\n", "")) if title is not None else None
    return m[1] if m else None


CITES_THE_FORWARDING = (
    "原文转发别的机关的文件（那份文件有它自己的文号）：各单位的方案引用这份转发的通知本身"
    "（根据《通知标题》和本通知的文号），标题里的书名号改为〈〉"
)


def _plan_title(rec: Recognition, plan: Piece | None, title: Piece | None) -> None:
    """The plan the notice sends: named in its title, printed after it, or the document itself; a 转发
    notice's units cite the notice, with its number (never the forwarded title with this number)."""
    if title is not None and _forwarded(title) is not None:
        flat = title.text.replace("\n", "")
        rec.add("活动.方案标题", flat.replace("《", "〈").replace("》", "〉"), title, flat, False, CITES_THE_FORWARDING)
        return
    sent = _printed_title(title)
    if sent is not None:
        printed = plan is not None and plan.text == sent
        note = "" if printed else "取自标题" + ("" if plan is not None else "，原文没有印出这个方案")
        rec.add("活动.方案标题", sent, plan if printed else title, sent, printed or plan is None, note)
    elif plan is not None:
        rec.add("活动.方案标题", plan.text, plan, plan.text)
    elif title is not None and "关于" not in title.text and title.text.replace("\n", "").endswith(PLAN_KINDS):
        flat = title.text.replace("\n", "")  # the plan printed alone, without a notice: its own title
        rec.add("活动.方案标题", flat, title, flat, False, "原文是方案本身（没有印发通知），取自它的标题")


CITES_THE_NOTICE = "原文是通知，没有印发方案：各单位的方案引用通知本身（根据《通知标题》要求）"


def _plan_and_name(rec: Recognition) -> None:
    plan = first(rec.pieces, Part.PLAN_TITLE)
    title = first(rec.pieces, Part.TITLE)
    _plan_title(rec, plan, title)
    source = rec.value("活动.方案标题")
    if source:
        rec.wording[source] = "活动.方案标题"
    level = rec.value("活动.本级名称") or ""
    forwarded = _forwarded(title)
    if forwarded is not None:
        name = _campaign_name(forwarded, level)
        rec.add("活动.活动名称", name, title, forwarded, True, "转发的文件的标题去掉“关于开展”“的通知”等字")
    elif source:
        name = _campaign_name(source, level)
        rec.add("活动.活动名称", name, plan or title, source, True, "方案标题去掉本级名称、年份和“实施方案”等字")
    elif title is not None:
        subject = title.text.replace("\n", "").split("关于")[-1]
        subject = re.sub(r"^(进一步|切实|认真|扎实|全面|做好|开展|加强|印发|转发)+", "", subject)
        subject = without_dates(subject)
        subject = re.sub(r"^\d{4}年(度)?(\d{1,2}月(份)?|第?[一二三四]季度|[上下]半年)?", "", subject)  # 2016年9月…
        subject = re.sub(r"(有关事项|相关工作|工作)?的?(紧急)?(通知|通报|意见|决定)$", "", subject)  # …情况通报
        rec.add("活动.活动名称", subject, title, title.text, False, "取自通知标题")
        flat = title.text.replace("\n", "")  # a notice printing no plan: the units' plans cite the notice
        rec.add("活动.方案标题", flat, title, flat, False, CITES_THE_NOTICE)
    name = rec.value("活动.活动名称")
    if name and len(name) >= 4:
        rec.wording.setdefault(name, "活动.名称")


UNTITLED = "原文（网页）没有印出通知的标题（网页把它印在页面顶上），按署名和印发的方案拟写"


def untitled(rec: Recognition) -> bool:
    """Whether the notice's title is the import's, not the source's (`_untitled`)."""
    return any(f.field == "发文.标题" and f.note == UNTITLED for f in rec.found)


def signs(rec: Recognition, pieces: Sequence[Piece], date: int) -> bool:
    """Whether the notice prints a 署名 over its date (`pieces[date]`): the one it printed, or, where a
    web page left the sealed name out, the organ its title names (7.3.5: a 公文 is signed; the 版头
    prints the same organ's mark)."""
    if date > 0 and pieces[date - 1].part is Part.SIGNATURE:
        return True
    return any(f.field == "发文.发文机关" for f in rec.found)


def titleless(rec: Recognition) -> bool:
    """Whether the source starts at its 主送机关 with no title: the notice prints the 发文 sheet's 标题
    above it all the same (inferred, or left blank for the clerk), since a 公文 has a title (7.3.1)."""
    return first(rec.pieces, Part.TITLE) is None and first(rec.pieces, Part.ZHUSONG) is not None


def from_page_bar(rec: Recognition) -> bool:
    """Whether the 发文字号 came from the web page's information bar alone (the text printed none)."""
    return first(rec.pieces, Part.WENHAO) is None and any(
        f.field == "发文.发文字号" and f.where.endswith("（网页的信息栏）") for f in rec.found
    )


TITLE_LEFT_BLANK = (
    "原文没有通知的标题（网页把它印在页面顶上）：这一格留空（不印空白模板的示例标题），"
    "通知印在主送机关之上；填好以前 gongwen 不生成文件"
)


PLAN_CITES_THE_TITLE = (
    "原文不印发方案，各单位的方案引用通知本身（根据《……》要求）：这一格留空（不印空白模板的示例），请填写通知的标题"
)


def _untitled(rec: Recognition) -> None:
    """A page that starts at its 主送机关 printed the notice's title as its own heading, which a copy of
    the text loses: an 印发 notice's title is its organ's name, 关于印发 and the plan's (inferred, and
    printed, since a 公文 has a title, 7.3.1); any other notice's is asked for, never the starter's ××."""
    if first(rec.pieces, Part.TITLE) is not None or first(rec.pieces, Part.ZHUSONG) is None:
        return
    organ, plan = rec.value("发文.发文机关"), first(rec.pieces, Part.PLAN_TITLE)
    if organ and plan is not None:
        title = f"{organ.split(chr(10))[0]}关于印发{plan.text}的通知"
        rec.add("发文.标题", title, None, "", False, UNTITLED)
    else:
        rec.unread.append("标题：原文没有通知的标题（网页把它印在页面顶上），请在「发文」表填写")
        rec.blank["发文.标题"] = TITLE_LEFT_BLANK
        if plan is None and rec.value("活动.方案标题") is None:  # the units' plans cite the notice itself
            rec.blank["活动.方案标题"] = PLAN_CITES_THE_TITLE


ATTACHED_METRICS = "取自附件的统计表（表头或指标列），请核对分组、类型（整数或小数）和主要指标"


def _attached_metrics(rec: Recognition) -> None:
    """The metrics of the statistics table the notice attaches, for the 统计指标 sheet (inferred)."""
    rec.metrics = attachment_metrics(rec.pieces)
    if rec.metrics is not None:
        named = "、".join(f"{m.name}（{m.unit}）" for m in rec.metrics.metrics)
        quote = rec.metrics.title or rec.metrics.piece.text[:40]
        rec.found.append(Found("统计指标.统计指标", named, rec.metrics.piece.where, quote, False, ATTACHED_METRICS))
        for rate in rec.metrics.rates:
            rec.unread.append(
                f"统计指标：附件统计表的「{rate.name}（{rate.unit}）」是比率，各单位的比率不能相加，没有填进「统计指标」表；"
                "要统计它，请在「统计指标」表加两个能相加的指标（如「达标数」和「总数」）"
            )


# A day or a span of days a title gives (7月2日至4日, 2011年12月21日至2012年1月5日, 2016年10月1日—7日): the
# campaign's 开始 and 结束, never words of its name, which every form, sheet and summary prints beside
# a period of its own
TITLE_DAYS = re.compile(
    r"(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*[日号]"
    r"(?:\s*(?:起|开始)?\s*(?:至|到|—{1,2}|-|－|–|―|～|~)\s*(?:\d{4}\s*年\s*)?(?:\d{1,2}\s*月\s*)?\d{1,2}\s*[日号])?"
)


def without_dates(subject: str) -> str:
    """A title's subject without the days it names (做好7月2日至4日强降雨防范工作 → 做好强降雨防范工作)."""
    return TITLE_DAYS.sub("", subject)


def _campaign_name(title: str, level: str) -> str:
    name = title
    for prefix in (level, re.sub(r"[县区镇乡旗]$", "", level)):
        if prefix and name.startswith(prefix):
            name = name[len(prefix) :]
            break
    # 国家××指挥部关于做好……的紧急通知, the notice a 转发 passes on: its subject, not its issuer
    name = re.sub(r"^[^《》]*?关于", "", name)  # 关于全面推进政务公开工作的实施意见: a plan titled as an 意见
    name = re.sub(r"^(?:切实|认真)?做好", "", name)
    name = without_dates(name)
    name = re.sub(r"^\d{4}年(度)?", "", name)
    # 大同市2009年开展整治……专项行动实施方案: the campaign is the 整治……专项行动, never 开展… (a form's
    # title would read 城区开展……统计报表)
    name = re.sub(r"^(?:深入|继续|集中|组织)?开展(?=..)", "", name)
    # 关于全面推进政务公开工作的实施意见 (岳阳市's, printed by a joint notice): 全面推进政务公开
    name = re.sub(r"(?:工作)?的(?:实施)?(?:意见|办法|细则)$", "", name)
    name = re.sub(r"的?(?:工作)?(?:实施|工作|行动)?(?:方案|计划|安排|要点|意见)$", "", name)  # …工作实施方案 too
    # 信息公开统计制度: a 制度 of reporting; the documents say 统计报表 after the name (not 统计统计报表)
    name = re.sub(r"(?:统计)?(?:工作)?制度$", "", name)
    # 关于开展学校安全隐患排查治理专项行动的通知, the notice a 转发 passes on: its subject, not 的通知
    name = re.sub(r"(?:有关事项|相关工作|工作)?的?(?:紧急)?(?:通知|通报|决定)$", "", name)
    return name or title


NAME_DOUBLED = "；去掉了“{words}”：文件在活动名称旁边本来就写这几个字，不去掉会印成“{printed}”"


def undoubled(name: str, seams: Sequence[tuple[str, str]]) -> tuple[str, str, str]:
    """The name without the words a document prints again beside it (防汛工作 before 工作方案 → 防汛),
    the words taken off and what would have printed; the name itself (and "", "") when nothing doubles
    or too little would be left."""
    for before, after in seams:
        printed = doubled_at_seam(before, name, after)
        if printed is None:
            continue
        head = next((k for k in range(min(len(before), len(name)), 1, -1) if before.endswith(name[:k])), 0)
        tail = 0 if head else next(k for k in range(len(name), 1, -1) if after.startswith(name[-k:]))
        shorter = name[head:] if head else name[:-tail]
        if len(shorter) < 2:
            return name, "", ""
        rest, _words, _printed = undoubled(shorter, seams)
        return rest, name[:head] if head else name[len(shorter) :], printed
    return name, "", ""


def _name_not_doubled(rec: Recognition, seams: Sequence[tuple[str, str]]) -> None:
    """The campaign's name as the new workspace's documents print it beside their own words (……工作方案,
    为做好……工作, ……统计报表): a name the notice gives ending in those words would print them twice."""
    found = next((f for f in rec.found if f.field == "活动.活动名称"), None)
    if found is None:
        return
    name, words, printed = undoubled(found.value, seams)
    if not words:
        return
    note = (found.note or "取自原文") + NAME_DOUBLED.format(words=words, printed=printed)
    rec.found[rec.found.index(found)] = replace(found, value=name, note=note)
    if rec.wording.get(found.value) == "活动.名称":
        del rec.wording[found.value]
        if len(name) >= 4:
            rec.wording.setdefault(name, "活动.名称")


# --- dates -----------------------------------------------------------------------------------------

DAY_END = r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[日号]"
# Between two days: 至, 到, a dash of any width, a tilde, and 一 typed (or read from a PDF) for a dash:
# 2023年3月13日一2023年5月31日 (a day is never followed by 一 and another day otherwise); 从5月1日开始至
# 9月30日结束 as 5月1日起至 is.
RANGE = re.compile(rf"({DAY})(\s*(?:起|开始)?\s*(?:至|到|—{{1,2}}|-|－|–|―|～|~|一)\s*)({DAY_END})")


@dataclass(frozen=True)
class DateText:
    value: dt.date
    text: str
    start: int  # position in the paragraph
    expression: str  # the filter that writes it back as it was: 日期 or 月日, or "" when none does


def date_texts(text: str, near: dt.date | None, default_month: int | None = None) -> list[tuple[DateText, DateText]]:
    """The ranges a paragraph states (自2018年1月19日至3月31日, 1月24日至3月25日)."""
    ranges = []
    for m in RANGE.finditer(text):
        a = _date_text(m[2], m[3], m[4], m.group(1), m.start(1), near)
        if a is None:
            continue
        b = _date_text(m[7] or None, m[8] or str(a.value.month), m[9], m.group(6), m.start(6), a.value)
        if b is None or b.value < a.value:
            continue
        ranges.append((a, b))
    return ranges


def _date_text(year: str | None, month: str, day: str, text: str, at: int, near: dt.date | None) -> DateText | None:
    value = with_year(int(month), int(day), int(year) if year else None, near)
    if value is None:
        return None
    expression = ""
    if format_date(value) == text:
        expression = "日期"
    elif format_month_day(value) == text:
        expression = "月日"
    return DateText(value, text, at, expression)


def _near(rec: Recognition) -> dt.date | None:
    date = rec.value("发文.成文日期")
    if date is not None:
        return date  # type: ignore[no-any-return]
    wenhao = rec.value("发文.发文字号") or ""
    year = BRACKETED_YEAR.search(wenhao)
    return dt.date(int(year[1]), 6, 30) if year else None


def _title_days(rec: Recognition, near: dt.date | None) -> bool:
    """The span a title names (关于做好7月2日至4日强降雨防范工作的紧急通知) when the body states none."""
    title = first(rec.pieces, Part.TITLE)
    spans = date_texts(title.text.replace("\n", ""), near) if title is not None else []
    if title is None or not spans:
        return False
    a, b = spans[0]
    rec.add("活动.开始日期", a.value, title, a.text)
    rec.add("活动.结束日期", b.value, title, b.text)
    return True


def _longest_range(body: list[Piece], near: dt.date | None) -> tuple[Piece, DateText, DateText] | None:
    best: tuple[Piece, DateText, DateText] | None = None
    phases = {id(piece) for _, piece, _ in _phase_rows(body, near)}
    for piece in body:
        if id(piece) in phases:
            continue  # a phase's own range
        for a, b in date_texts(piece.text, near):
            if best is None or (b.value - a.value) > (best[2].value - best[1].value):
                best = (piece, a, b)
    return best


def _campaign_dates(rec: Recognition, body: list[Piece]) -> None:
    """The campaign runs over the longest range the body states (a phase's range is within it)."""
    near = _near(rec)
    best = _longest_range(body, near)
    if best is None:  # the body's other ways of saying it first, then a span the title names
        if not (_from_today(rec, body, near) or _month_range(rec, body, near) or _title_days(rec, near)):
            rec.unread.append("活动的开始和结束日期：正文中没有找到“自…至…”这样的日期范围，请在「活动」表填写")
        return
    piece, a, b = best
    rec.add("活动.开始日期", a.value, piece, a.text)
    rec.add("活动.结束日期", b.value, piece, b.text)
    for other in body:  # every paragraph that states the same range: 时间从1月19日起至3月31日结束
        for x, y in date_texts(other.text, a.value):
            if (x.value, y.value) == (a.value, b.value) and x.expression and y.expression:
                rec.slots.append(Slot(other.number, x.text, f"{{{{ 活动.开始日期|{x.expression} }}}}"))
                rec.slots.append(Slot(other.number, y.text, f"{{{{ 活动.结束日期|{y.expression} }}}}"))


FROM_TODAY = re.compile(rf"即日起\s*(?:至|到)\s*(?:({DAY})|({MONTH_BOUND.pattern}))")


def _from_today(rec: Recognition, body: list[Piece], near: dt.date | None) -> bool:
    """即日起至2025年6月30日: the end is in the text, the start is the day the notice is dated (not
    certain: it may reach the units days later)."""
    for piece in body:
        m = FROM_TODAY.search(piece.text)
        if m is None:
            continue
        if m[1]:
            end = _date_text(m[2], m[3], m[4], m[1], m.start(1), near)
            if end is None:
                continue
            rec.add("活动.结束日期", end.value, piece, m[0])
            if end.expression:
                rec.slots.append(Slot(piece.number, end.text, f"{{{{ 活动.结束日期|{end.expression} }}}}"))
        else:
            value = month_bound(m[6], m[7], m[8], near)
            rec.add("活动.结束日期", value, piece, m[0], False, bound_note(m[5], m[8]))
        start = rec.value("发文.成文日期")
        if start is None:
            rec.unread.append(f"活动的开始日期：{piece.where}写“即日起”，原文没有成文日期，请在「活动」表填写")
        rec.add("活动.开始日期", start, piece, m[0], False, "原文“即日起”，按成文日期")
        return rec.value("活动.结束日期") is not None
    return False


def _month_range(rec: Recognition, body: list[Piece], near: dt.date | None) -> bool:
    """自2024年4月至6月底: the months' first and last days, marked uncertain (the text names no day)."""
    for piece in body:
        m = MONTH_RANGE.search(piece.text)
        dates = month_range(m, near) if m else None
        if m is None or dates is None:
            continue
        note = f"原文“{m[0]}”没有写到哪一天，按"
        rec.add("活动.开始日期", dates[0], piece, m[0], False, note + "开始月份（旬）的第一天")
        rec.add("活动.结束日期", dates[1], piece, m[0], False, note + "结束月份（旬）的最后一天")
        return True
    return False


# --- phases ----------------------------------------------------------------------------------------

NUMBER_PREFIX = r"(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、]|[（(]\d+[）)])"
# What stands before a phase's dates: its number, its name (…阶段, or 第一阶段：自查自纠), a bracket
PHASE_HEAD = re.compile(
    rf"^(?P<num>{NUMBER_PREFIX})?\s*(?P<name>[^（(：:，。；\d]{{1,24}}?阶段(?:[：:][^（(：:，。；\d]{{2,20}})?)"
    rf"(?P<between>\s*[：:。，]?\s*(?:时间[为是：:]?)?\s*[（(]?)$"
)


@dataclass(frozen=True)
class PhaseHeading:
    """（一）线索排查阶段（1月19日起至1月23日）: number, name, the range, and what follows."""

    num: str
    name: str
    between: str  # between the name and the first date: "（"
    a: DateText
    middle: str  # between the dates: "起至"
    b: DateText
    closing: str  # after the range, up to its bracket and punctuation: "）"
    rest: str  # the paragraph's own content after the heading, if any
    months: bool = False  # the range names months, not days (2023年8月至11月): its days are inferred


LEVELS = {"（": 2, "(": 2, "、": 1, ".": 3, "．": 3}


def _numbering_filter(num: str) -> tuple[str, int] | None:
    """Which 序号 filter writes a heading number back: （一） 二级序号, 一、 一级序号, 1. 三级序号, （1） 四级序号."""
    for level in (1, 2, 3, 4):
        for index in range(1, 11):
            if heading_number(level)(index) == num.replace("．", ".").replace("(", "（").replace(")", "）"):
                return ("一级序号", "二级序号", "三级序号", "四级序号")[level - 1], index
    return None


# A numbered step with dates and no 阶段 in its name: （一）宣传发动（3月1日—3月15日）
STEP_HEAD = re.compile(
    rf"^(?P<num>{NUMBER_PREFIX})\s*(?P<name>[^（(：:，。；、\d]{{2,16}}?)(?P<between>\s*[：:]?\s*(?:时间[为是：:]?)?\s*[（(]?)$"
)


def _phase_heading(piece: Piece, near: dt.date | None, pattern: re.Pattern[str] = PHASE_HEAD) -> PhaseHeading | None:
    if len(piece.text) > 300 or (pattern is PHASE_HEAD and "阶段" not in piece.text):
        return None
    ranges = date_texts(piece.text, near) or _month_texts(piece.text, near)
    if not ranges:
        return None
    a, b = ranges[0]
    m = pattern.match(piece.text[: a.start])
    if m is None:
        return None
    after = piece.text[b.start + len(b.text) :]
    closing = re.match(r"^[止结束]*[）)]?[。：:，]?", after)
    cut = closing.end() if closing else 0
    middle = piece.text[a.start + len(a.text) : b.start]
    months = a.start == b.start  # _month_texts gives one range, its months as written
    name, number = m["name"].strip(), m["num"] or ""
    return PhaseHeading(number, name, m["between"], a, "" if months else middle, b, after[:cut], after[cut:], months)


def _month_texts(text: str, near: dt.date | None) -> list[tuple[DateText, DateText]]:
    """A phase's months (集中攻坚阶段（2023年8月至11月）): the first day and the last they allow, as one
    range whose text is the months as written (no filter writes them back: the heading stays as it was)."""
    m = BARE_MONTH_RANGE.search(text)
    dates = month_range(m, near) if m else None
    if m is None or dates is None:
        return []
    return [(DateText(dates[0], m[0], m.start(), ""), DateText(dates[1], m[0], m.start(), ""))]


def _phases(rec: Recognition, body: list[Piece]) -> None:
    near = rec.value("活动.开始日期") or _near(rec)
    headings = _phase_rows(body, near)
    if not headings:
        rec.unread.append("阶段：正文中没有找到“××阶段（×月×日至×月×日）”这样的阶段，请在「阶段」表填写")
        return
    for k, (i, piece, h) in enumerate(headings):
        stop = headings[k + 1][0] if k + 1 < len(headings) else _section_end(body, i)
        content = tuple(body[i + 1 : stop])
        inline = h.rest.strip() if len(h.rest.strip()) > 6 else ""
        rec.phases.append(Phase(h.name, h.a.value, h.b.value, piece, content, _heading_template(h, k + 1), inline))
        shown = f"{h.name}，{format_date(h.a.value)}至{format_date(h.b.value)}"
        note = f"原文“{h.a.text}”没有写到哪一天，按开始月份的第一天、结束月份的最后一天" if h.months else ""
        rec.found.append(Found(f"阶段.第{k + 1}个阶段", shown, piece.where, piece.text, not h.months, note))
    counted = re.compile(r"([一二三四五六七八九十\d]+)个阶段")
    for piece in body:
        m2 = counted.search(piece.text)
        if m2 and m2[1] in (chinese_number(len(rec.phases)), str(len(rec.phases))):
            expression = "活动.阶段|length" + ("" if m2[1].isdecimal() else "|中文数字")
            rec.slots.append(Slot(piece.number, m2[0], f"{{{{ {expression} }}}}个阶段"))
            break


def _phase_rows(body: list[Piece], near: dt.date | None) -> list[tuple[int, Piece, PhaseHeading]]:
    """The phases' headings: ××阶段 with dates, or else numbered steps with dates, two or more in a row
    (one numbered paragraph with dates, 一、……时间从5月1日开始至9月30日结束, is the campaign's span)."""
    headings = _phase_headings(body, near, PHASE_HEAD)
    if headings:
        return headings
    steps = _phase_headings(body, near, STEP_HEAD)
    ordered = all(x[2].a.value <= y[2].a.value for x, y in itertools.pairwise(steps))
    return steps if len(steps) >= 2 and ordered else []


def _phase_headings(
    body: list[Piece], near: dt.date | None, pattern: re.Pattern[str]
) -> list[tuple[int, Piece, PhaseHeading]]:
    found = [(i, piece, _phase_heading(piece, near, pattern)) for i, piece in enumerate(body)]
    return [(i, piece, h) for i, piece, h in found if h is not None]


def _dates_from_phases(rec: Recognition) -> None:
    """No 自…至… in the text, but phases with dates: the campaign runs from the first to the last."""
    if rec.value("活动.开始日期") is not None or not rec.phases:
        return
    first_phase, last_phase = rec.phases[0], rec.phases[-1]
    note = "正文没有写活动的起止日期，按第一个阶段的开始和最后一个阶段的结束"
    rec.add("活动.开始日期", first_phase.start, first_phase.heading, first_phase.heading.text, False, note)
    rec.add("活动.结束日期", last_phase.end, last_phase.heading, last_phase.heading.text, False, note)
    rec.unread = [u for u in rec.unread if not u.startswith("活动的开始和结束日期")]


def _section_end(body: list[Piece], at: int) -> int:
    """A last phase's content runs to the next numbered heading (or the end of its plan)."""
    j = at + 1
    while j < len(body) and not re.match(NUMBER_PREFIX, body[j].text) and body[j].plan == body[at].plan:
        j += 1
    return j


def _heading_template(h: PhaseHeading, index: int) -> str | None:
    """The heading with 序号, 名称 and dates as variables, or None when a filter cannot write one back."""
    if not h.a.expression or not h.b.expression:
        return None
    out = ""
    if h.num:
        numbering = _numbering_filter(h.num)
        if numbering is None or numbering[1] != index:
            return None
        out += f"{{{{ loop.index|{numbering[0]} }}}}"
    out += f"{{{{ s.名称 }}}}{literal_text(h.between)}{{{{ s.开始日期|{h.a.expression} }}}}{literal_text(h.middle)}"
    out += f"{{{{ s.结束日期|{h.b.expression} }}}}{literal_text(h.closing)}"
    if len(h.rest.strip()) > 6:
        return out + "{{ s.标题后内容 }}"
    return out + literal_text(h.rest)


TAG_MARKS = re.compile(r"\{[{%#]|[}%#]\}")


def literal_text(text: str) -> str:
    """Text the template prints as it is. Where it holds what would open or close a Jinja tag, each
    brace is printed by a tag of its own, so that braces stay balanced for the template checks."""
    if not TAG_MARKS.search(text):
        return text
    return "".join("{{ '{' }}" if c == "{" else "{{ '}' }}" if c == "}" else c for c in text)


# --- leading group, deadlines, reporting ------------------------------------------------------------

VERBS = (
    "报送",
    "上报",
    "报告",
    "抄送",
    "报",
    "送",
    "向",
    "由",
    "交",
    "给",
    "将",
    "设在",
    "并",
    "于",
    "前",
    "经",
    "及",
    "和",
)


def organ_name(text: str, level: str) -> str:
    """The name at the end of a run of characters: what follows the last verb (将方案报送县安全生产委员会办公室
    → 县安全生产委员会办公室), from the level's name or 县/镇 when one is there."""
    cut = max(
        (text.rfind(v) + len(v) for v in VERBS if text.rfind(v) >= 0 and len(text) - text.rfind(v) - len(v) >= 6),
        default=0,
    )
    name = text[cut:]
    for prefix in (level, *"县市区镇乡"):
        at = name.find(prefix) if prefix else -1
        if at >= 0 and len(name) - at >= 6:
            return name[at:]
    return name


def _leading_group(rec: Recognition, body: list[Piece]) -> None:
    for piece in body:
        _office(rec, piece)
        seat = re.search(r"办公室设在([^，。；、（(]{2,20})", piece.text)
        if seat:
            rec.add("活动.牵头单位", seat[1], piece, seat[0])
        if not rec.members:
            _members(rec, piece)
    if rec.value("活动.领导小组办公室") is None:
        _reports_go_to(rec, body)
    lead = rec.value("活动.牵头单位")
    if lead:
        rec.wording.setdefault(lead, "活动.牵头单位")
    else:
        rec.unread.append("牵头单位：没有找到“办公室设在……”，请在「活动」表填写，并在「单位」表列出")
        rec.blank[LEAD_UNIT] = LEAD_UNIT_LEFT_BLANK
    if rec.value("活动.领导小组办公室") is None:
        rec.unread.append("领导小组办公室：没有找到“……领导小组办公室”，也没有写报表报送到哪里，请在「活动」表填写")
        rec.blank[GROUP_OFFICE] = GROUP_OFFICE_LEFT_BLANK


LEAD_UNIT, GROUP_OFFICE = "活动.牵头单位", "活动.领导小组办公室"
# Where nothing names them, the cells are left blank, never the starter's 县××局 and 县××专项行动领导小组办公室:
# a 镇's roll-ups would be made by, and its summary signed by, a 县 office of no one's.
LEAD_UNIT_LEFT_BLANK = (
    "原文没有写领导小组办公室设在哪个单位：这一格留空，请填写（如“党政办”“应急管理局”），填好以前 gongwen 不生成文件"
)
GROUP_OFFICE_LEFT_BLANK = (
    "原文没有写领导小组办公室，也没有写报表报送到哪里：这一格留空，请填写汇总表的制表单位和总体总结的署名"
    "（机关全称，带本级名称，如“××镇党政办公室”），填好以前 gongwen 不生成文件"
)
# 报送至镇党政办, 发送至县应急局办公室: where the units' reports go, the office that rolls them up.
REPORTS_GO_TO = re.compile(r"(?:报送|上报|发送|报)(?:至|到|给)([\u4e00-\u9fff]{2,16}?(?:办公室|办))(?=[。，；、（(]|$)")


def _reports_go_to(rec: Recognition, body: list[Piece]) -> None:
    """A notice naming no ……领导小组办公室 may still say where the reports go (云乐镇: 报送至镇党政办):
    that office makes the roll-ups and signs the campaign's summary. Its name as the notice says it
    is short (镇党政办); written with the level's own name (云乐镇党政办), to check."""
    for piece in body:
        m = REPORTS_GO_TO.search(piece.text)
        if m is None:
            continue
        office = _with_level_name(m[1], rec.value("活动.本级名称") or "")
        note = f"原文只写了报表“{m[0]}”；汇总表的制表单位和总体总结的署名用它，请核对，写成机关全称（如“……党政办公室”）"
        rec.add(GROUP_OFFICE, office, piece, m[0], False, note)
        return  # the 牵头单位 is not read from it: the office may sit in no unit of the 单位 sheet


def _with_level_name(name: str, level: str) -> str:
    """镇党政办 of 云乐镇 → 云乐镇党政办; 党政办 → 云乐镇党政办; a name that has the level's already kept."""
    if not level or name.startswith(level):
        return name
    for word in ("街道", *"县市区镇乡"):
        if level.endswith(word) and name.startswith(word):
            return level + name[len(word) :]
    if name[0] in "县市区镇乡" or name.startswith("街道"):  # another level's office: said as the notice says it
        return name
    return level + name


def _office(rec: Recognition, piece: Piece) -> None:
    """……领导小组办公室, and the unit it sits in when the text says so in brackets after it."""
    m = re.search(r"([\u4e00-\u9fff]{2,30}?(?:领导小组|指挥部)办公室)(?:[（(]([^（）()]{2,20})[）)])?", piece.text)
    if m is None or rec.value("活动.领导小组办公室") is not None:
        return
    office = organ_name(m[1], rec.value("活动.本级名称") or "")
    named = re.sub(r"(领导小组|指挥部)办公室$", "", office)
    if len(named) <= 3:  # 县领导小组办公室: a reference in passing, not the name the roll-ups are signed with
        note = "原文这里只写了简称；汇总表和总体总结用它署名，请填写领导小组办公室的全称"
        rec.add("活动.领导小组办公室", office, piece, m[0], False, note)
    else:
        rec.add("活动.领导小组办公室", office, piece, m[0])
    rec.wording.setdefault(office, "活动.领导小组办公室")
    if m[2]:
        rec.add("活动.牵头单位", m[2].removeprefix("设在"), piece, m[0])


def _members(rec: Recognition, piece: Piece) -> None:
    """成立由A、B、C等相关部门组成的……领导小组: the leading group's member units."""
    members = re.search(r"成立由(.{4,200}?)(?:等)?(?:相关|有关)?(?:部门|单位)(?:组成|参加)", piece.text)
    if members is None:
        return
    # 成立由县长任组长，县住建局、县自然资源局…等部门组成: the list is what follows the last comma
    listed = re.split(r"[，,]", members[1].removesuffix("等"))[-1]
    names = [n for n in listed.split("、") if n]
    if 2 <= len(names) <= 40 and all(len(n) <= 20 for n in names):
        rec.members = names
        rec.found.append(Found("单位.领导小组成员单位", "、".join(names), piece.where, members[0]))
        rec.slots.append(Slot(piece.number, "、".join(names), "{{ 活动.领导小组成员单位|顿号连接 }}"))


DEADLINE = re.compile(rf"(?:于|在)?({DAY})(?:前|之前|以前)")


# The levels above a campaign's own, to which its office sends its own roll-up and summary: a
# township's 报县, a county's 报市 (not the 市 of 市场监管局).
LEVELS_ABOVE = {"镇": "县区市", "乡": "县区市", "街道": "县区市", "苏木": "旗", "县": "市州盟省", "区": "市州盟省",
                "旗": "盟市", "市": "省"}  # fmt: skip
SENT_TO = r"(?:上报|报送|呈报|报)(?:至|到|给)?"


def _upward(rec: Recognition, clause: str) -> bool:
    """Whether a clause is the campaign's own deadline, its office sending up (县应急局汇总后于每月5日前
    报市, 县应急局将全县工作总结报市): not the units' to it (各乡镇…报县). 各村汇总后 is units' still."""
    above = LEVELS_ABOVE.get(level_of_region(rec.value("活动.本级名称") or ""))
    if above is not None and re.search(rf"{SENT_TO}[{above}](?!场)", clause):
        return True
    return "汇总后" in clause and not re.search(r"各(?!有关|相关|项)", clause.split("汇总后")[0])


def _sending_clause(sentence: str, at: int) -> str:
    """The clause holding position `at` with what it leaves to its neighbours: where it is sent when
    it says not (于每月5日前，报市应急局), who sums up when a bare clause says so (县应急局汇总后，于…)."""
    clause = _clause(sentence, at)
    start = sentence.find(clause)
    before = sentence[:start].rstrip("，,")
    after = sentence[start + len(clause) :].lstrip("，,")
    previous = re.split(r"[，,]", before)[-1] if before else ""
    following = re.split(r"[，,]", after)[0] if after else ""
    if previous.endswith("汇总后") or previous.endswith("汇总"):
        clause = previous + clause
    if "报" not in clause and following:
        clause += following
    return clause


def _deadlines(rec: Recognition, body: list[Piece]) -> None:
    near = rec.value("活动.开始日期") or _near(rec)
    for piece in body:
        for sentence in re.split(r"[。；]", piece.text):
            for m in DEADLINE.finditer(sentence):
                if re.search(r"每[月周旬季]", sentence[max(0, m.start() - 3) : m.start() + 1]):
                    continue
                value = with_year(int(m[3]), int(m[4]), int(m[2]) if m[2] else None, near, after=True)
                if value is None:
                    continue
                name = _deadline_name(rec, sentence, m.start())
                if name is None or rec.value(name) is not None:
                    note = "工作簿没有这一项，通知模板照录原文"
                    rec.found.append(
                        Found(
                            "其他.期限",
                            f"{format_date(value)}：{sentence.strip()[:40]}",
                            piece.where,
                            sentence,
                            True,
                            note,
                        )
                    )
                    continue
                rec.add(name, value, piece, sentence.strip())
                expression = "日期" if format_date(value) == m[1] else "月日" if format_month_day(value) == m[1] else ""
                if expression:
                    rec.slots.append(Slot(piece.number, m[1], f"{{{{ {name}|{expression} }}}}"))


def _month_deadlines(rec: Recognition, body: list[Piece]) -> None:
    """3月底前报送总结, 5月上旬完成方案: the span's last day, marked uncertain. Read after the exact
    dates, so that a day the text names wins over a month it names."""
    near = rec.value("活动.开始日期") or _near(rec)
    for piece in body:
        for sentence in re.split(r"[。；]", piece.text):
            for m in MONTH_BOUND.finditer(sentence):
                if sentence[max(0, m.start() - 1) : m.start()] in ("每", "—", "-", "至", "到"):
                    continue  # 每月底 is a period; 1—3月份 and …至6月底 are ranges
                value = month_bound(m[1], m[2], m[3], near, after=True)
                name = _deadline_name(rec, sentence, m.start(), whole=False)
                if value is None or name is None:
                    continue
                note = bound_note(m[0], m[3])
                if rec.value(name) is None:
                    rec.add(name, value, piece, sentence.strip(), False, note)
                else:
                    shown = f"{format_date(value)}：{sentence.strip()[:40]}"
                    rec.found.append(Found("其他.期限", shown, piece.where, sentence, False, note))


def _clause(sentence: str, at: int) -> str:
    """The part of a sentence between commas that holds position `at`: 3月底前报送方案，6月中旬前报送总结
    says which deadline is which."""
    start = max(sentence.rfind(c, 0, at) for c in "，,") + 1
    ends = [e for e in (sentence.find(c, at) for c in "，,") if e >= 0]
    return sentence[start : min(ends, default=len(sentence))]


def _deadline_name(rec: Recognition, sentence: str, at: int, whole: bool = True) -> str | None:
    """The workbook's cell for a date at `at`: the units' 方案 or 总结 deadline, or the campaign's own
    summary's (总结上报截止) when its office sends it up; a plan sent up has no cell (None). The
    clause says which; with `whole`, the sentence when the clause names neither."""
    clause = _sending_clause(sentence, at)
    if _upward(rec, clause):
        said = "总结" in clause or (whole and "总结" in sentence and "方案" not in clause)
        return "活动.总结上报截止" if said else None
    return _deadline_kind(_clause(sentence, at)) or (_deadline_kind(sentence) if whole else None)


def _deadline_kind(sentence: str) -> str | None:
    if "总结" in sentence:
        return "活动.总结报送截止"
    if "方案" in sentence:
        return "活动.方案报送截止"
    return None


# A name starts at 县/市/区/镇/乡 (not the 乡 of 城乡 or the 镇 of 城镇) and ends at its first organ
# word with any that follow (县安委办); 和 may be inside one (县住房和城乡建设局): the shortest
# match still ends 县公安局和县民政局 at the first 局.
UNIT_NAME = re.compile(
    r"((?:县|市|区|(?<!城)镇|(?<!城)乡)[^\s\d，。；：、（）“”《》各要与的等及或在为对将把从向于是有全本级]{1,10}?"
    r"(?:局|委员会|委|办公室|办|中心|大队|所|站|院|公司|支队)(?:委员会|办公室|办|委|中心|大队|支队)*)"
)


# A document's name (《××区第十一届××工作方案》) names no unit: 区第十一届…委员会 is
# the tail of its place and its subject.
BOOK_TITLE = re.compile(r"《[^《》]*》")
# Nor does a cited document's number: the 县政办 of （本县政办字〔2018〕16号） is the number's prefix.
CITED_WENHAO = re.compile(rf"[\u4e00-\u9fff×]{{1,20}}[{BRACKETS}]\s*\d{{4}}\s*[{CLOSERS}]\s*第?\s*\d{{1,5}}\s*号")


def _units_named(rec: Recognition, body: list[Piece]) -> None:
    """Departments the text names (县公安局, 县水利局): listed for the clerk's 单位 sheet, not added."""
    known = {*rec.members, rec.value("活动.牵头单位")}
    issuer = rec.value("发文.发文机关") or ""
    named: list[str] = []
    for piece in body:
        listed = re.match(r"^(?:责任单位|牵头单位|配合单位|参加单位|成员单位)[:：](.+)$", piece.text)
        names = (
            re.split(r"[、，,；;]", listed[1].rstrip("。"))
            if listed
            else [m[1] for m in UNIT_NAME.finditer(CITED_WENHAO.sub("。", BOOK_TITLE.sub("。", piece.text)))]
        )
        for name in (n.strip() for n in names):
            if (
                name
                and name not in named
                and name not in known
                and not name.endswith(("领导小组办公室", "指挥部办公室"))
                and not (len(name) >= 3 and issuer.endswith(name))  # 市教育局 in 南安市教育局's own notice
            ):
                named.append(name)
    if named:
        note = "供填写「单位」表参考，没有自动加入（领导小组成员单位和牵头单位已加入）"
        rec.found.append(Found("其他.文中提到的单位", "、".join(named[:30]), "正文", "", False, note))


PERIODS = {
    "月": "月",
    "周": "周",
    "旬": "旬",
    "季度": "季",
    "季": "季",
    "日": "日",
    "天": "日",
    "阶段": "阶段",
    "个阶段": "阶段",
}
WEEKDAYS = {c: i for i, c in enumerate("一二三四五六")} | {"日": 6, "天": 6}
BEFORE = r"(?:前|之前|以前)"


def _reporting(rec: Recognition, body: list[Piece]) -> None:
    readers = (_half_yearly, _monthly_day, _quarter_months_day, _days_after_end, _weekly_day, _period_end,
               _half_month, _daily, _weekly_or_ten_days)  # fmt: skip
    for piece in body:
        units_own = replace(piece, text=_without_upward(rec, piece.text))  # 汇总后于每月5日前报市 is the office's
        if any(read(rec, units_own) for read in readers):
            return
    rec.unread.append("报送周期：正文中没有“每月×日前”这样的定期报送要求，请在「活动」表核对报送周期和报送日")


def _monthly_day(rec: Recognition, piece: Piece) -> bool:
    """每月2日前: 月, 报送日 2 (the Nth of the next month)."""
    m = re.search(rf"每(月|季度|季)(\d{{1,2}})日{BEFORE}", piece.text)
    if m is None or not 1 <= int(m[2]) <= 28:
        return False
    rec.add("活动.报送周期", PERIODS[m[1]], piece, m[0])
    same = re.search(r"当月|本月|当季|本季", piece.text[m.end() : m.end() + 20])
    if same:  # 每月25日前报送当月情况: due within the month reported on, which a 报送日 cannot say
        note = (
            f"原文“{m[0]}”报送的是{same[0]}的情况；报送日是每期结束后的天数，{m[2]} 即次{m[1][0]}{m[2]}日前，"
            "比原文晚一期，各期的截止日期和逾期都按它算：请核对"
        )
        rec.add("活动.报送日", int(m[2]), piece, m[0], False, note)
    else:
        rec.add("活动.报送日", int(m[2]), piece, m[0])
    rec.slots.append(Slot(piece.number, m[0], f"每{m[1]}{{{{ 活动.报送日 }}}}日{m[0][len(m[1]) + len(m[2]) + 2 :]}"))
    return True


# 每年1、4、7、10月8日之前将上一季度…: the first months of the quarters, each named
QUARTER_MONTHS_DAY = re.compile(
    rf"每年\s*1\s*月?\s*[、，,]\s*4\s*月?\s*[、，,]\s*7\s*月?\s*[、，,和及]\s*10\s*月(?:的)?(\d{{1,2}})[日号]{BEFORE}?"
)


def _quarter_months_day(rec: Recognition, piece: Piece) -> bool:
    """每年1、4、7、10月8日之前报送上一季度: 季, 报送日 8 (the Nth of the month after each quarter)."""
    m = QUARTER_MONTHS_DAY.search(piece.text)
    if m is None or not 1 <= int(m[1]) <= 28:
        return False
    rec.add("活动.报送周期", "季", piece, m[0])
    rec.add("活动.报送日", int(m[1]), piece, m[0])
    before, after = m[0][: m.start(1) - m.start()], m[0][m.end(1) - m.start() :]
    rec.slots.append(Slot(piece.number, m[0], f"{before}{{{{ 活动.报送日 }}}}{after}"))
    return True


def _days_after_end(rec: Recognition, piece: Piece) -> bool:
    """每季度结束后5日内, 每旬结束后3日内: the period, and 报送日 the days after its end. Working days
    (5个工作日内) are not calendar days: the number is kept, marked for checking."""
    m = re.search(r"每(月|季度|季|旬|周|个阶段|阶段)(?:结束|期满)?后(\d{1,2})(个工作)?[日天]内", piece.text)
    if m is None or not 1 <= int(m[2]) <= 28:
        return False
    rec.add("活动.报送周期", PERIODS[m[1]], piece, m[0])
    if m[3]:
        note = f"原文“{m[0]}”按工作日计，报送日按自然日，遇周末、节假日请顺延"
        rec.add("活动.报送日", int(m[2]), piece, m[0], False, note)
        return True
    rec.add("活动.报送日", int(m[2]), piece, m[0])
    before, after = m[0][: m.start(2) - m.start()], m[0][m.end(2) - m.start() :]
    rec.slots.append(Slot(piece.number, m[0], f"{before}{{{{ 活动.报送日 }}}}{after}"))
    return True


WEEKLY_DAY = re.compile(
    rf"每(?:周|星期)(?:星期|周)?([一二三四五六日天])(?:[^，。；]{{0,8}}?{BEFORE}|[^，。；]{{0,8}}?(?:报送|上报|报))"
)


def _weekly_day(rec: Recognition, piece: Piece) -> bool:
    """每周五前报送本周情况: weeks end on Friday, due that day (每周最后一天 星期五, 报送日 0); 每周一报送上周:
    calendar weeks ending on Sunday, due the Monday after (星期日, 报送日 1)."""
    m = WEEKLY_DAY.search(piece.text)
    if m is None:
        return False
    rec.add("活动.报送周期", "周", piece, m[0])
    due = WEEKDAYS[m[1]]
    last_week = "上周" in piece.text[m.start() : m.end() + 12]
    week_end = 6 if last_week else due
    days = (due - week_end) % 7 or (7 if last_week else 0)
    said = f"原文“{m[0]}{'…上周' if last_week and '上周' not in m[0] else ''}”"
    weekday = PERIOD_WEEKDAYS[week_end]
    note = f"{said}：每周到{weekday}为止，第1周从活动开始日到第一个{weekday}"
    rec.add("活动.每周最后一天", weekday, piece, m[0], False, note)
    when = f"上周的情况在{PERIOD_WEEKDAYS[due]}" if last_week else f"本周的情况在{weekday}当天"
    note = f"{said}：{when}报送，报送日是每周最后一天后的天数"
    rec.add("活动.报送日", days, piece, m[0], False, note)
    return True


def _period_end(rec: Recognition, piece: Piece) -> bool:
    """每季度末 / 每月底前: 季 or 月, due on the period's last day (报送日 0, the text names no day)."""
    m = re.search(r"每(季度|季|月)(?:末|底)", piece.text)
    if m is None:
        return False
    rec.add("活动.报送周期", PERIODS[m[1]], piece, m[0])
    note = f"原文“{m[0]}”没有写到哪一天，按每期最后一天（报送日 0）"
    rec.add("活动.报送日", 0, piece, m[0], False, note)
    return True


# 7月10日前和次年1月10日前: the same day after each half-year, the first month after it named
HALF_YEAR_DAYS = re.compile(
    rf"7\s*月\s*(\d{{1,2}})\s*日{BEFORE}?\s*[和、及与]\s*(?:次年|翌年|下一年)?\s*1\s*月\s*(\d{{1,2}})\s*日"
)


def _half_yearly(rec: Recognition, piece: Piece) -> bool:
    """每半年 (1月至6月、7月至12月): 半年; 7月10日前和次年1月10日前 says its 报送日 (10), else the half's last day,
    marked for checking."""
    days = HALF_YEAR_DAYS.search(piece.text)
    if days is not None and days[1] == days[2] and 1 <= int(days[1]) <= 28:
        rec.add("活动.报送周期", "半年", piece, days[0])
        rec.add("活动.报送日", int(days[1]), piece, days[0])
        return True
    m = re.search(r"每半年[^，。；]{0,12}?(?:报送|上报|报)", piece.text)  # (每半年组织一次演练 is no report)
    if m is None:
        return False
    return _due_on_its_last_day(rec, piece, m[0], "半年", "6月30日、12月31日")


def _half_month(rec: Recognition, piece: Piece) -> bool:
    """每半月: 半月 (1st to 15th, 16th to the month's end); the day it is due is rarely said: the half's
    last day, marked for checking."""
    m = re.search(r"每半(?:个)?月", piece.text)
    if m is None:
        return False
    return _due_on_its_last_day(rec, piece, m[0], "半月", "15日、月底")


def _due_on_its_last_day(rec: Recognition, piece: Piece, said: str, kind: str, last_days: str) -> bool:
    """A period kind the notice names without the day its report is due: each period's last day
    (报送日 0), marked for the clerk to check."""
    rec.add("活动.报送周期", kind, piece, said)
    note = f"原文“{said}”没有写几日前报送，按每{kind}的最后一天（{last_days}）报送，请核对"
    rec.add("活动.报送日", 0, piece, said, False, note)
    return True


def _daily(rec: Recognition, piece: Piece) -> bool:
    """每日17时前报送 / 每天报送: 日 (the same day, 报送日 0)."""
    m = re.search(r"每(日|天)[^，。；]{0,12}?(?:报送|上报|报)", piece.text)
    if m is None:
        return False
    rec.add("活动.报送周期", "日", piece, m[0])
    rec.add("活动.报送日", 0, piece, m[0], False, f"原文“{m[0]}”，按当天报送")
    return True


def _weekly_or_ten_days(rec: Recognition, piece: Piece) -> bool:
    m = re.search(r"每(周|旬)[^，。；]{0,12}(?:报送|上报|报)", piece.text)
    if m is None:
        return False
    rec.add("活动.报送周期", PERIODS[m[1]], piece, m[0], False, "报送日请核对")
    return True


def _upward_clauses(rec: Recognition, text: str) -> list[tuple[int, str]]:
    """The clauses of `text` that are the campaign's own deadlines, with where each starts."""
    found = []
    for m in re.finditer(r"[^。；，,]+", text):
        sentence_start = max(text.rfind(c, 0, m.start()) for c in "。；") + 1
        sentence_end = min([e for e in (text.find(c, m.end()) for c in "。；") if e >= 0], default=len(text))
        sentence = text[sentence_start:sentence_end]
        if _upward(rec, _sending_clause(sentence, m.start() - sentence_start)):
            found.append((m.start(), m[0]))
    return found


def _without_upward(rec: Recognition, text: str) -> str:
    """`text` with the campaign's own deadlines blanked out (same length): what the units are asked."""
    for start, clause in _upward_clauses(rec, text):
        text = text[:start] + "　" * len(clause) + text[start + len(clause) :]
    return text


OWN_PERIODIC = re.compile(rf"每(月|季度|季|旬|周)(?:(\d{{1,2}})日{BEFORE}|(?:结束|期满)?后(\d{{1,2}})[日天]内)")


def _own_report_day(rec: Recognition, body: list[Piece]) -> None:
    """县应急局汇总后于每月5日前报市: the campaign's own deadline for each period's roll-up, days after the
    period ends as the units' 报送日 (汇总上报日 5). Only for the period the units report by; a notice
    stating none gets none."""
    for piece in body:
        for _start, clause in _upward_clauses(rec, piece.text):
            m = OWN_PERIODIC.search(clause)
            if m is None:
                continue
            days = int(m[2] or m[3])
            if PERIODS[m[1]] != rec.value("活动.报送周期") or not 0 <= days <= 28:
                note = "是本级汇总后向上级报送的期限，但与各单位的报送周期不同：工作簿没有这一项，通知模板照录原文"
                rec.found.append(Found("其他.期限", clause.strip("　 "), piece.where, clause, False, note))
                return
            rec.add("活动.汇总上报日", days, piece, clause)
            digits = m[2] or m[3]
            at = m.start(2) if m[2] else m.start(3)
            rec.slots.append(
                Slot(
                    piece.number,
                    m[0],
                    m[0][: at - m.start()] + "{{ 活动.汇总上报日 }}" + m[0][at - m.start() + len(digits) :],
                )
            )
            return


__all__ = ["KINDS", "Found", "Phase", "Recognition", "Slot", "recognise"]
