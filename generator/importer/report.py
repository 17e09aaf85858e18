"""The 导入说明: what the import found and where, what it could not read, what the clerk still fills in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.importer.facts import (
    DATED_BY_START,
    GROUP_OFFICE,
    LEAD_UNIT,
    PHASE_NAME,
    REPORT_DAY,
    UNSAID_DATES,
    Recognition,
)
from generator.importer.parts import Part
from generator.importer.reading import SourceDocument
from generator.render.filters import format_date

REPORT_FILE = "导入说明.txt"

STILL_TO_FILL = (
    "「单位」表：参加活动的乡镇、部门（黄色的是空白模板的示例单位）；原文提到的单位已列入，类型请核对",
    "「领导小组」表：各单位领导小组的人员",
    "「统计指标」「核对规则」表：统计报表的指标（原通知没有写，空白模板的示例指标改称“××指标一”等，请改成本次活动的）",
    "「统计报表」「总结」表：各单位报送后再填",
)


ATTACHED = "「统计指标」表：指标取自附件的统计表（橙色），请核对分组、类型和主要指标；「核对规则」表按需要填写"

STACKED = ("发文.发文机关", "发文.发文机关标志")  # a joint notice's organs, one a line: named with 、


def shown(value: Any, name: str = "") -> str:
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value).replace("\n", "、" if name in STACKED else "")  # a title's line breaks are layout


def report_lines(doc: SourceDocument, rec: Recognition) -> list[str]:
    lines = [f"导入说明：{doc.path.name}（{doc.kind}，{len(doc.paragraphs)} 段）"]
    lines += [doc.punctuation] if doc.punctuation else []
    lines += ["", "一、从原文中找到的内容"]
    lines += [f"  {line}" for line in found_lines(rec)]
    lines += ["", "二、公文的各部分", *(f"  {line}" for line in part_lines(rec))]
    lines += ["", "三、没有认出或没有导入的内容"]
    lines += [f"  {line}" for line in unread_lines(doc, rec)] or ["  （无）"]
    named = rec.members or rec.value("活动.牵头单位")
    no_units = "「单位」表：参加活动的乡镇、部门（原文没有列出，黄色的是空白模板的示例单位）"
    metrics = STILL_TO_FILL[2] if rec.metrics is None else ATTACHED
    units = STILL_TO_FILL[0] if named else no_units
    still = [*blank_cells_first(rec), units, STILL_TO_FILL[1], metrics, STILL_TO_FILL[3]]
    lines += ["", "四、还需要您填写或核对", *(f"  {line}" for line in still)]
    lines.append("  工作簿里橙色的单元格是推断的，黄色的是空白模板的示例值，鼠标停在上面可以看到说明")
    return lines


BODY_PARTS = (Part.BODY, Part.PLAN_BODY)
GROUPED_PARTS = (*BODY_PARTS, Part.FORWARDED)  # told by their count, not a line each


def part_lines(rec: Recognition) -> list[str]:
    lines = [f"{piece.where}：{piece.part.value}" for piece in rec.pieces if piece.part not in GROUPED_PARTS]
    body = [p for p in rec.pieces if p.part in BODY_PARTS]
    if body:
        lines.append(f"正文 {len(body)} 段，照录进通知模板（templates/通知.docx）")
    forwarded = [p for p in rec.pieces if p.part is Part.FORWARDED]
    if forwarded:
        lines.append(f"转发的公文的正文、署名和日期 {len(forwarded)} 段，照录在通知之后")
    return lines


def dated_lines(rec: Recognition) -> list[str]:
    """A 成文日期 the notice does not print, first of what to check: taken from the campaign's dates, or,
    with none to take it from, still the starter's example, which every unit's plan would be signed."""
    date = next((f for f in rec.found if f.field == "发文.成文日期"), None)
    if date is None:
        return [
            "「发文」表的成文日期、印发日期，「活动」表的开始日期、结束日期，「阶段」表的日期：原文没有，"
            "这些格子留空（黄色）；填好以前 gongwen 不生成文件"
        ]
    if rec.value("活动.开始日期") is None:
        return [
            "「活动」表的开始日期、结束日期，「阶段」表的日期：原文没有，这些格子留空（黄色）；"
            "填好以前 gongwen 不生成文件"
        ]
    if date.note != DATED_BY_START:
        return []
    return [
        f"「发文」表的成文日期：原文没有，按活动的开始日期填了 {shown(date.value)}（各单位的方案也署这个日期），"
        "请改为实际的成文日期"
    ]


def blank_cells_first(rec: Recognition) -> list[str]:
    """The cells left blank lead the list (the build waits for them): the dates, then the 报送日; then
    a date inferred, to check."""
    dates, report_day = dated_lines(rec), report_day_lines(rec)
    ordered = [*dates, *report_day] if any(name in rec.blank for name in UNSAID_DATES) else [*report_day, *dates]
    return [*ordered, *office_lines(rec)]


def office_lines(rec: Recognition) -> list[str]:
    """The 牵头单位 and 领导小组办公室 the notice does not name, left blank: the roll-ups' 制表单位 and the
    campaign summary's 署名 wait for them."""
    left = [name for name in (LEAD_UNIT, GROUP_OFFICE) if name in rec.blank]
    return [f"「活动」表的{name.split('.')[1]}：{rec.blank[name]}" for name in left]


TITLE, PLAN_TITLE = "发文.标题", "活动.方案标题"


def report_day_lines(rec: Recognition) -> list[str]:
    """A title the page printed apart and a 报送日 the notice does not give, left blank; then the name of
    a phase the notice does not name."""
    lines = [] if REPORT_DAY not in rec.blank else [f"「活动」表的报送日：{rec.blank[REPORT_DAY]}"]
    if PLAN_TITLE in rec.blank:  # the units' plans cite it: the build waits for it too
        lines.insert(0, f"「活动」表的方案标题：{rec.blank[PLAN_TITLE]}")
    if TITLE in rec.blank:  # no date waits on it, but the build does
        lines.insert(0, f"「发文」表的标题：{rec.blank[TITLE]}")
    return lines if PHASE_NAME not in rec.blank else [*lines, f"「阶段」表：{rec.blank[PHASE_NAME]}"]


def found_lines(rec: Recognition) -> list[str]:
    lines = []
    for found in rec.found:
        label = found.field.split(".", 1)[1] if "." in found.field else found.field
        mark = "" if found.certain else f"（不确定，请核对：{found.note}）"
        note = f"（{found.note}）" if found.certain and found.note else ""
        lines.append(f"{found.where}：{label} {shown(found.value, found.field)}{mark}{note}")
    return lines


def unread_lines(doc: SourceDocument, rec: Recognition) -> list[str]:
    unread = list(rec.unread) + list(doc.notes)
    said = {line.split("：", 1)[0] for line in unread}  # a blank cell the unread lines already explain
    unread += [f"{name.split('.')[-1]}：{note}" for name, note in rec.blank.items() if name.split(".")[-1] not in said]
    aside = [p for p in doc.set_aside if p.text not in str(doc.notes)]
    if aside:
        numbers = "、".join(str(p.number) for p in aside)
        unread.append(f"第 {numbers} 段是网页上的信息（如「{aside[0].text[:30]}」），不是公文的内容，未导入")
    unread += [f"{p.where}「{p.text[:40]}」：签发人，通知模板不印签发人" for p in rec.pieces if p.part is Part.SIGNER]
    unread += [
        f"{p.where}「{p.text[:40]}」：版头中认不出的内容，照录为正文" for p in rec.pieces if p.part is Part.HEADER_OTHER
    ]
    return unread
