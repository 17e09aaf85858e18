"""The 核稿 checks: each finds one kind of contradiction and says where, in which sentence, and what to do.

The model says what is wrong (dates, roles, texts); the generated document says where a
reader sees it (its paragraph and sentence). A document not generated yet is named by its
file, without a paragraph.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from generator.documents import registry
from generator.documents.registry import DocumentJob, DocumentKind
from generator.documents.summary import periods_said
from generator.errors import Finding, Location, Severity
from generator.inputs.model import Inputs, Period, Report, UnaskedFigure, Unit, type_description_column
from generator.inputs.model import Remark as InputsRemark
from generator.inputs.workbook import parse_date
from generator.render.aside import LARGE_PART_BYTES
from generator.render.pagination import SIGNATURE_MAX_CHARS
from generator.standard import wordml
from generator.standard.words import PLACEHOLDER, chinese_date

# Many units writing one 存在问题 word for word: a text copied, not a unit's own problem.
SAME_TEXT_UNITS = 3
_SENTENCE_END = "。；！？"


@dataclass(frozen=True, slots=True)
class Remark:
    """One 核稿 finding: which check, the document (or workbook sheet), where in it, the sentence, the fix."""

    check: str
    document: str  # output/总结/….docx, or the workbook
    where: str  # 第12段, 工作表「领导小组」 单元格 A5, or "" when the document is not generated yet
    sentence: str
    problem: str
    fix: str
    unit: str | None = None  # the unit whose document it is, to name it when like remarks are grouped

    def __str__(self) -> str:
        said = f"「{self.sentence}」" if self.sentence else ""
        return f"{self.problem}{('：' + said) if said else ''}；建议：{self.fix}"


class WorkbookRemark:
    """A Remark of what reading the workbook changed (inputs.remarks), its place and words made from
    it when they are shown: a campaign of 2,500 townships has 36,000 figures not counted, which as
    Remarks and then findings with their sentences and places held 18 MB from 核稿 to the build's end."""

    __slots__ = ("said",)
    sentence = ""
    unit = None

    def __init__(self, said: InputsRemark | UnaskedFigure) -> None:
        self.said = said

    @property
    def check(self) -> str:
        return self.said.check

    @property
    def document(self) -> str:
        return self.said.location.file

    @property
    def where(self) -> str:
        return _place(self.said.location)

    @property
    def problem(self) -> str:
        return self.said.text

    @property
    def fix(self) -> str:
        return self.said.fix

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkbookRemark) and self.said == other.said

    def __hash__(self) -> int:
        return hash(self.said)

    def __repr__(self) -> str:
        return f"WorkbookRemark({self.said!r})"

    def __str__(self) -> str:
        return f"{self.problem}；建议：{self.fix}"


AnyRemark = Remark | WorkbookRemark


class RemarkFinding(Finding):
    """A remark as the build reports it, a warning: the document and paragraph as the place. Its
    place and message are made from the remark each time they are read, not held beside it."""

    __slots__ = ("remark",)

    def __init__(self, remark: AnyRemark) -> None:  # (no place or message of its own to keep)
        self.severity = Severity.WARNING
        self.remark = remark

    @property
    def location(self) -> Location:
        return Location(self.remark.document, None, self.remark.where or None)

    @property
    def message(self) -> str:
        return f"核稿〔{self.remark.check}〕{self.remark}"


def as_findings(remarks: Iterable[AnyRemark]) -> list[Finding]:
    """Remarks as the build reports warnings: the document and paragraph as the place."""
    return [RemarkFinding(r) for r in remarks]


def taken_in_order(remarks: list[AnyRemark]) -> Iterator[AnyRemark]:
    """Each of `remarks` in order, let go by the list as it is given (as_findings(taken_in_order(…))):
    a build's remarks and their findings are not held side by side (36,000 remarks took 16 MB)."""
    remarks.reverse()
    while remarks:
        yield remarks.pop()


# What a check asks of a document: the sentence holding a needle (the last one, one also holding a word)
Question = tuple[str, bool, str]
Answer = tuple[str, str]  # (第N段, the sentence), or ("", "") when the document does not say it
Placeholder = tuple[int, str, str]  # paragraph index, the ×× found, its sentence
Closing = tuple[int, str, dt.date]  # the 落款's date: paragraph index, as printed, the day it names

# A 署名 is a name: short, and no sentence mark at its end.
_NAME_ENDS = "。；，：:;,.！？"


def closing_date(paragraphs: Sequence[str]) -> Closing | None:
    """The 成文日期 a document prints, by its position (the 落款): the last paragraph that is a date
    alone (2025年6月3日, 二〇二五年六月三日) right under a 署名."""
    for index in range(len(paragraphs) - 1, 0, -1):
        text = paragraphs[index].strip()
        compact = text.replace(" ", "").replace("\u3000", "")
        if not (compact.endswith("日") and "年" in compact and len(compact) <= len("二〇二五年十二月三十一日")):
            continue
        date = parse_date(compact)
        above = paragraphs[index - 1].strip()
        if date is not None and above and len(above) <= SIGNATURE_MAX_CHARS and above[-1] not in _NAME_ENDS:
            return index, text, date
    return None


class Documents:
    """What the checks ask of the generated documents, each document read once.

    review() runs its checks twice: the first run records the questions (which needle in which
    document, and which documents to search for ××), one pass then reads each document asked about
    and keeps only the answers, the second run reads them. A build of ten thousand documents so
    holds a few answers per document, never every document's paragraphs at once. A question the
    first run did not ask is answered by reading the document then (slower, never wrong)."""

    def __init__(
        self, output_dir: Path, shown_prefix: str = "output", without_placeholders: Set[str] = frozenset()
    ) -> None:
        self.output_dir = output_dir
        self.shown_prefix = shown_prefix
        # Documents whose text the build knows holds no placeholder character (a build's own: see
        # pipeline._without_placeholders): not read for ××, only for what else is asked of them.
        self.without_placeholders = without_placeholders
        self.asked: dict[str, set[Question]] | None = None  # output -> questions, while recording
        self._answers: dict[str, dict[Question, Answer]] = {}
        self._placeholders: dict[str, list[Placeholder]] = {}
        self._closings: dict[str, Closing | None] = {}

    def shown(self, job: DocumentJob) -> str:
        return f"{self.shown_prefix}/{job.output}"

    def record(self) -> None:
        """Start recording questions (the checks' first run): every answer is ("", "") meanwhile."""
        self.asked = {}

    def answer(self) -> None:
        """Read each document asked about once, answer its questions, keep only the answers."""
        asked, self.asked = self.asked or {}, None
        for output, questions in asked.items():
            self._answer(output, questions)

    def _answer(self, output: str, questions: Iterable[Question]) -> None:
        paragraphs = _paragraphs(self.output_dir / output) or []
        self._answers.setdefault(output, {}).update({q: _locate(paragraphs, *q) for q in questions})
        self._placeholders[output] = [
            (i, m.group(), sentence_with(text, m.group()))
            for i, text in enumerate(paragraphs)
            if (m := PLACEHOLDER.search(text))
        ]
        self._closings[output] = closing_date(paragraphs)

    def locate(self, job: DocumentJob, needle: str, last: bool = False, also: str = "") -> Answer:
        """(第N段, the sentence holding `needle`, and `also` when given: the date of a deadline, not
        the same date as a start), or ("", "") when the document does not say it."""
        question = (needle, last, also)
        if self.asked is not None:
            self.asked.setdefault(job.output, set()).add(question)
            return "", ""
        if question not in self._answers.get(job.output, {}):
            self._answer(job.output, [question])
        return self._answers[job.output][question]

    def closing(self, job: DocumentJob) -> Closing | None:
        """The 成文日期 the document prints in its 落款, whatever its template wrote there (None when
        it has no 落款, as a roll-up's table has none)."""
        if self.asked is not None:
            self.asked.setdefault(job.output, set())
            return None
        if job.output not in self._closings:
            self._answer(job.output, [])
        return self._closings[job.output]

    def placeholders(self, job: DocumentJob) -> list[Placeholder]:
        """The paragraphs of the document that hold an unfilled ×× (or ＸＸ, ○○)."""
        if job.output in self.without_placeholders:
            return []
        if self.asked is not None:
            self.asked.setdefault(job.output, set())
            return []
        if job.output not in self._placeholders:
            self._answer(job.output, [])
        return self._placeholders[job.output]


def _locate(paragraphs: list[str], needle: str, last: bool, also: str) -> Answer:
    found = [
        (i, sentence)
        for i, text in enumerate(paragraphs)
        if needle in text and also in (sentence := sentence_with(text, needle, limit=10_000))
    ]
    if not found:
        return "", ""
    index, _ = found[-1] if last else found[0]
    return f"第{index + 1}段", sentence_with(paragraphs[index], needle)


_P, _TR, _T = wordml.qn("w:p"), wordml.qn("w:tr"), wordml.qn("w:t")
# A document part up to this size is parsed whole (in C, at about half the CPU of reading it as
# events): the size up to which the layout passes held it as one tree while it was made. A larger
# one (a roll-up of many hundred units) is read as it streams, never one tree.
WHOLE_PART_BYTES = LARGE_PART_BYTES


def _paragraphs(path: Path) -> list[str] | None:
    """The non-empty paragraphs of a .docx, in order (table cells included; a paragraph holding
    others, in a text box, before them and with their text), or None when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size <= WHOLE_PART_BYTES:
                texts = _whole_paragraphs(package.read(info))
            else:
                with package.open(info) as part:
                    texts = _streamed_paragraphs(part)
    except (OSError, KeyError, zipfile.BadZipFile, etree.LxmlError):
        return None
    return None if texts is None else [t for t in texts if t.strip()]


# Every paragraph's text (its w:t, a text box's paragraphs' too) after a mark, in document order:
# written by libxslt in C, where a loop over the paragraphs in Python costs as much as the parse.
_MARK = "\ue000"
_TEXTS = f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:w="{wordml.W}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:for-each select="//w:p"><xsl:text>&#xE000;</xsl:text>
<xsl:for-each select=".//w:t"><xsl:value-of select="."/></xsl:for-each></xsl:for-each></xsl:template>
</xsl:stylesheet>"""
_COUNT = etree.XPath("count(//w:p)", namespaces={"w": wordml.W})


@functools.cache
def _texts() -> etree.XSLT:
    return etree.XSLT(etree.XML(_TEXTS))


def _whole_paragraphs(data: bytes) -> list[str] | None:
    root = etree.fromstring(data, wordml.PARSER)
    if root.getroottree().docinfo.doctype:
        return None
    texts = str(_texts()(root)).split(_MARK)[1:]
    if len(texts) == _COUNT(root):
        return texts
    # (a text holding the mark itself)
    return ["".join(p.itertext(_T, with_tail=False)) for p in root.iter(_P)]


def _streamed_paragraphs(part: IO[bytes]) -> list[str] | None:
    """The paragraphs' texts read as the part streams in: each paragraph and table row is let go
    once read, so that a roll-up of thousands of rows is never one tree in memory (as a tree it
    took a hundred megabytes)."""
    texts: list[str] = []
    events = etree.iterparse(part, events=("end",), tag=(_P, _TR), **wordml.PARSE_OPTIONS)
    for _, element in events:
        if next(element.iterancestors(_P), None) is not None:
            continue  # a paragraph in a text box: read with the paragraph holding it
        if element.tag == _P:  # (and the paragraphs inside it, in document order)
            texts += [wordml.paragraph_text(p) for p in element.iter(_P)]
        element.clear(keep_tail=True)
        while element.getprevious() is not None:
            del element.getparent()[0]
    if events.root is not None and events.root.getroottree().docinfo.doctype:
        return None
    return texts


def sentence_with(paragraph: str, needle: str, limit: int = 90) -> str:
    """The sentence of `paragraph` that holds `needle`, shortened around it when long."""
    start = max((paragraph.rfind(c, 0, paragraph.find(needle)) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for c in _SENTENCE_END if (i := paragraph.find(c, paragraph.find(needle))) >= 0]
    end = min(ends) + 1 if ends else len(paragraph)
    sentence = paragraph[start:end]
    if len(sentence) <= limit:
        return sentence
    at = sentence.find(needle)
    left = max(0, at - limit // 2)
    return ("…" if left else "") + sentence[left : left + limit] + "…"


def _date_of(job: DocumentJob) -> dt.date:
    return dt.date.fromisoformat(job.date_iso[:10])


def _signed(job: DocumentJob, docs: Documents) -> dt.date:
    """The date a document quoting reports is signed: what its 落款 prints, else the date gongwen gave it."""
    printed = docs.closing(job)
    return printed[2] if printed is not None else _date_of(job)


def _data_date(inputs: Inputs, report: Report) -> dt.date:
    """When a report's figures existed: its 填报日期, or at the earliest the end of its period."""
    return report.filed or inputs.period(report.period).end


def dated_before_data(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A summary or roll-up dated before a figure it quotes was filed (the reports a document's
    figures come from are its kind's declaration: `DocumentKind.quotes`). Its date is the one its
    落款 prints, whatever the template wrote there (活动.结束日期, a date typed in Word); a document
    without a 落款 (a roll-up's 制表日期 under its table) by the date gongwen gave it."""
    remarks = []
    for job in jobs:
        quotes = registry.kind(job.kind).quotes
        reports = quotes(inputs, job) if quotes is not None else []
        if not reports:
            continue
        latest = max(reports, key=lambda r: _data_date(inputs, r))
        printed = docs.closing(job)
        when, date = _data_date(inputs, latest), _signed(job, docs)
        if when <= date:
            continue
        if printed is not None:
            where, sentence = f"第{printed[0] + 1}段", printed[1]
        else:
            where, sentence = docs.locate(job, chinese_date(date), last=True)
        problem, fix = _dated_before(inputs, latest, date, when)
        if date != _date_of(job):  # the template printed its own date, not the one gongwen gave it
            fix = (
                f"落款日期应不早于{chinese_date(when)}：模板在落款处印的不是这份文档的落款日期"
                f"（{chinese_date(_date_of(job))}，按最后一份报表的填报日期推定），"
                "请把模板里这个日期换成落款日期的变量（见变量目录中的“落款日期”）"
            )
        remarks.append(Remark("日期早于数据", docs.shown(job), where, sentence, problem, fix, job.unit))
    return grouped(remarks)


def _dated_before(inputs: Inputs, latest: Report, date: dt.date, when: dt.date) -> tuple[str, str]:
    """What a 日期早于数据 remark says. gongwen dates what it makes after every 填报日期 it prints
    (kinds.dated_after_data), so what is left is a date set by hand: a 总结报送截止 before the
    campaign ends, over a report without a 填报日期 (its figures exist once its period is over)."""
    said = f"{latest.unit}{inputs.period(latest.period).label}的报表"
    if latest.filed is not None:
        return (
            f"成文日期{chinese_date(date)}早于文中数字的填报日期：{said}{chinese_date(when)}才报送",
            f"落款日期应不早于{chinese_date(when)}",
        )
    return (
        f"成文日期{chinese_date(date)}早于文中数字所属的那一期结束：{said}没有填报日期，这一期{chinese_date(when)}才结束",
        f"落款日期应不早于{chinese_date(when)}：在「统计报表」里填上这份报表的填报日期（落款随它顺延），"
        "或核实「活动」表里定落款的日期（如「总结报送截止」）",
    )


def periods_nobody_reported(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A summary signed after periods were due that no unit has reported yet: its figures stop at the
    last period anyone sent (a period nobody sent is not yet due in the workbook's eyes), while its
    date says the campaign is over. Said once per kind of document; not of a roll-up (it quotes its
    own period only)."""
    if not inputs.reporting_periods:
        return []
    last = inputs.reporting_periods[-1]
    unsent_by_kind: dict[str, list[tuple[DocumentJob, list[Period]]]] = defaultdict(list)
    for job in jobs:
        declared = registry.kind(job.kind)
        if declared.quotes is None or declared.periodic:
            continue
        unsent = [p for p in inputs.campaign.periods if p.number > last.number and p.due < _signed(job, docs)]
        if unsent:
            unsent_by_kind[job.kind].append((job, unsent))
    remarks = []
    for kind, found in unsent_by_kind.items():
        job, unsent = found[0]
        said = periods_said(unsent, inputs.campaign.period_kind)
        date = chinese_date(_signed(job, docs))
        more = f"（另有{len(found) - 1}份{kind}同样）" if len(found) > 1 else ""
        where, sentence = docs.locate(job, date, last=True)
        problem = f"落款{date}时{said}的统计报表都已过报送期限，但还没有一个单位报送：文中的数字只算到{last.label}"
        fix = f"收齐{said}的报表后再生成；活动提前结束的，把「活动」表的「结束日期」改为实际的最后一期"
        remarks.append(Remark("期别未报齐", docs.shown(job), where, sentence, problem + more, fix))
    return remarks


def deadlines_before_data(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents, workbook: str) -> list[Remark]:
    """A deadline set before the data it asks for can exist: summaries due before the last report is
    (a deadline declared `after_data`, said where the kinds that restate it say it)."""
    campaign = inputs.campaign
    if not campaign.periods:
        return []
    last, remarks = campaign.periods[-1], []
    for deadline in registry.deadlines():
        due = deadline.of(campaign)
        if not deadline.after_data or due is None or due >= last.due:
            continue
        needle = chinese_date(due)
        problem = (
            f"{deadline.named}{needle}前报送，但最后一期（{last.label}）统计报表{chinese_date(last.due)}前才报送，"
            f"{deadline.sent}里的数字那时还没有"
        )
        fix = f"把「活动」表的「{deadline.column}」改到{chinese_date(last.due)}之后，或提前最后一期的报送日"
        stating = tuple(k.name for k in registry.kinds() if deadline in k.states)
        said = _said_in_documents("截止早于数据", jobs, docs, (needle, deadline.sent), problem, fix, stating)
        # No document states it: the workbook does, and what is due will be late all the same.
        remarks += said or [Remark("截止早于数据", workbook, f"工作表「活动」「{deadline.column}」", "", problem, fix)]
    return remarks


def _said_in_documents(
    check: str,
    jobs: Sequence[DocumentJob],
    docs: Documents,
    needle: tuple[str, str],
    problem: str,
    fix: str,
    kinds: tuple[str, ...],
) -> list[Remark]:
    """One remark per kind of document that states it: the first of each kind, with how many more do."""
    remarks = []
    for kind in kinds:
        saying = [(job, docs.locate(job, needle[0], also=needle[1])) for job in jobs if job.kind == kind]
        saying = [(job, place) for job, place in saying if place[0]]
        if not saying:
            continue
        job, (where, sentence) = saying[0]
        more = f"（另有{len(saying) - 1}份{kind}同样写）" if len(saying) > 1 else ""
        remarks.append(Remark(check, docs.shown(job), where, sentence, problem + more, fix))
    return remarks


# More remarks of one check on units' documents than this are said once, naming the other units.
GROUP_OVER = 3


def grouped(remarks: list[Remark]) -> list[Remark]:
    """Remarks of one check on many units' documents as one: the first in full, then the others by
    unit ("另有17个单位的同类文档同样：韩村镇（2018年1月23日）…"), as a reviewer would write it."""
    by_check: dict[str, list[Remark]] = defaultdict(list)
    for remark in remarks:
        by_check[remark.check if remark.unit else f"{id(remark)}"].append(remark)
    out = []
    for same in by_check.values():
        if len(same) <= GROUP_OVER:
            out += same
            continue
        first, others = same[0], same[1:]
        names = "、".join(f"{r.unit}" for r in others)
        out.append(
            Remark(
                first.check,
                first.document,
                first.where,
                first.sentence,
                f"{first.problem}（另有{len(others)}个单位的同类文档同样：{names}）",
                first.fix,
                first.unit,
            )
        )
    return out


def plans_after_deadline(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A document signed after the deadline it is sent in by (a unit's plan); a document setting its
    recipients a deadline before its own date (the notice): its kind's `due` and `sets`."""
    remarks = []
    for job in jobs:
        declared = registry.kind(job.kind)
        remarks += _late(inputs, job, declared, docs) + _expired(inputs, job, declared, docs)
    return grouped(remarks)


def _late(inputs: Inputs, job: DocumentJob, declared: DocumentKind, docs: Documents) -> list[Remark]:
    """A document dated after the deadline it is sent in by is late, whatever made it so: a summary
    that waited for a report sent after the deadline (late or not) says which report, and whether
    it is the report or the deadline that is out of time (a deadline before the last report is due)."""
    deadline = declared.due
    period = inputs.period(job.period) if job.period is not None else None
    due = deadline.due(inputs.campaign, period) if deadline else None
    if deadline is None or due is None:
        return []
    # A document quoting reports is dated by what its 落款 prints (dated_before_data reads it anyway)
    printed = docs.closing(job) if declared.quotes is not None else None
    date = printed[2] if printed is not None else _date_of(job)
    if date <= due:
        return []
    where, sentence = (
        (f"第{printed[0] + 1}段", printed[1]) if printed else docs.locate(job, chinese_date(date), last=True)
    )
    checked = f"核实落款日期（{declared.dated_by}）" if declared.dated_by else "核实落款日期"
    said = deadline.said or f"{deadline.column}日期"
    problem = f"{deadline.sent}{deadline.dated}{chinese_date(date)}，晚于{said}{chinese_date(due)}"
    fix = f"{checked}，或调整「活动」表的「{deadline.column}」"
    waited = _waited_for(inputs, job, date)
    if waited is not None:
        period = inputs.period(waited.period)
        said = f"{waited.unit}{period.label}的报表{chinese_date(date)}才报送"
        if date <= period.due:  # on time: the deadline comes before the data it asks for
            problem += f"：{deadline.dated}等到了{said}（这一期{chinese_date(period.due)}前报送，没有逾期）"
            fix = (
                f"「{deadline.column}」早于这一期报表的报送期限{chinese_date(period.due)}：把它改到这之后，"
                "或提前这一期的报送日"
            )
        else:
            problem += f"：{deadline.dated}等到了{said}（逾期，这一期应在{chinese_date(period.due)}前报送）"
            fix = f"按逾期报送如实说明；或核实这份报表的填报日期，或调整「活动」表的「{deadline.column}」"
    return [Remark(f"{deadline.sent}晚于截止", docs.shown(job), where, sentence, problem, fix, job.unit)]


def dated_before_the_notice(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A document dated before the notice every document of the campaign answers (a unit's plan
    whose 方案日期 was typed to meet a 方案报送截止 that came before the notice itself): it would
    cite a notice not yet written."""
    notice = inputs.notice
    remarks = []
    for job in jobs:
        date = _date_of(job)
        if date >= notice.date:
            continue
        declared = registry.kind(job.kind)
        where, sentence = docs.locate(job, chinese_date(date), last=True)
        checked = f"核实落款日期（{declared.dated_by}）" if declared.dated_by else "核实落款日期"
        title = notice.title.replace("\n", "")
        remarks.append(
            Remark(
                "早于通知",
                docs.shown(job),
                where,
                sentence,
                f"{declared.name}落款{chinese_date(date)}，早于它依据的《{title}》的成文日期{chinese_date(notice.date)}",
                f"{checked}：应不早于{chinese_date(notice.date)}",
                job.unit,
            )
        )
    return grouped(remarks)


def _waited_for(inputs: Inputs, job: DocumentJob, date: dt.date) -> Report | None:
    """The report a document quoting reports is dated by (kinds.dated_after_data): the last filed,
    on `date`; None when its date is not a report's."""
    quotes = registry.kind(job.kind).quotes
    filed = [r for r in (quotes(inputs, job) if quotes is not None else []) if r.filed == date]
    return filed[-1] if filed else None


def _expired(inputs: Inputs, job: DocumentJob, declared: DocumentKind, docs: Documents) -> list[Remark]:
    deadline = declared.sets
    due = deadline.of(inputs.campaign) if deadline else None
    if deadline is None or due is None or due >= _date_of(job):
        return []
    where, sentence = docs.locate(job, chinese_date(due), also="报送")
    return [
        Remark(
            "截止早于发文",
            docs.shown(job),
            where,
            sentence,
            f"{declared.name}{chinese_date(_date_of(job))}印发，要求{chinese_date(due)}前报送{deadline.sent}，"
            "各单位收到时已过期",
            f"把「活动」表的「{deadline.column}」改到成文日期之后",
        )
    ]


def one_per_unit(inputs: Inputs, workbook: str) -> list[Remark]:
    """字段规则 每个单位一名: a unit with none, or with more than one (组长 twice, none elsewhere)."""
    remarks = []
    for sheet, column, value in inputs.campaign.one_per_unit:
        for unit in inputs.units:
            rows = unit.lists.get(sheet)
            if rows is None:
                continue
            holders = [row for row in rows if str(row.get(column, "")) == value]
            if len(holders) == 1:
                continue
            names = "、".join(str(row.get("姓名", "")) for row in holders if row.get("姓名"))
            problem = (
                f"{unit.name}在「{sheet}」表中没有{value}"
                if not holders
                else f"{unit.name}在「{sheet}」表中有{len(holders)}名{value}{f'（{names}）' if names else ''}"
            )
            remarks.append(
                Remark(
                    "每个单位一名",
                    workbook,
                    f"工作表「{sheet}」",
                    "",
                    problem + f"，按「字段规则」每个单位应有一名{value}",
                    f"核对「{sheet}」表中{unit.name}各行的「单位名称」和「{column}」（单位名称写简称时可能算到了别的单位）",
                )
            )
    return remarks


def workbook_remarks(inputs: Inputs) -> list[WorkbookRemark]:
    """What reading the workbook changed: a name taken as another unit's, a figure not counted."""
    return [WorkbookRemark(r) for r in inputs.remarks]


def _place(location: Location) -> str:
    return str(Location("", location.sheet, location.cell)).strip()


def placeholders(jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """An unfilled ×× (or ＸＸ, ○○) left in a generated document: the first, and how many paragraphs have one."""
    remarks = []
    for job in jobs:
        found = docs.placeholders(job)
        if not found:
            continue
        index, match, sentence = found[0]
        more = f"（本文共{len(found)}段有）" if len(found) > 1 else ""
        remarks.append(
            Remark(
                "未填占位",
                docs.shown(job),
                f"第{index + 1}段",
                sentence,
                f"“{match}”没有填写{more}",
                "在工作簿或模板里找到这些“××”，填上实际内容",
            )
        )
    return remarks


def copied_problems(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """One 存在问题 word for word in many units' summaries: copied, not each unit's own."""
    units_by_text: dict[str, list[str]] = defaultdict(list)
    for item in inputs.summary:
        if item.section == "存在问题" and item.unit is not None:
            units_by_text[item.text].append(item.unit)
    summaries = {job.unit: job for job in jobs if registry.kind(job.kind).unit_problems}
    remarks = []
    for text, units in units_by_text.items():
        units = list(dict.fromkeys(units))
        if len(units) < SAME_TEXT_UNITS:
            continue
        job = summaries.get(units[0])
        where, sentence = docs.locate(job, text[:20]) if job else ("", "")
        shown = "、".join(units[:3]) + (f"等{len(units)}个单位" if len(units) > 3 else "")
        remarks.append(
            Remark(
                "存在问题雷同",
                docs.shown(job) if job else "「总结」表",
                where,
                sentence or text,
                f"{shown}的「存在问题」一字不差",
                "各单位的存在问题应写本单位的实际情况，请在「总结」表中分别改写",
            )
        )
    return remarks


# What a territory (a unit that says 全镇) directs and no department does: 各村, 各社区, 各居委会.
TERRITORY_PARTS = ("村", "社区", "居委会")


def _addressed(units: Sequence[Unit]) -> dict[str, set[str]]:
    """The words after 各 that address each unit type's units: the type (各乡镇), its units' 自称 (各镇,
    各局), and for a territory what lies within it (各村, 各社区)."""
    words: dict[str, set[str]] = defaultdict(set)
    for unit in units:
        words[unit.unit_type] |= {unit.unit_type, unit.self_name}
        if unit.whole.startswith("全"):
            words[unit.unit_type] |= set(TERRITORY_PARTS)
    return words


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for i, c in enumerate(text):
        if c in _SENTENCE_END:
            out.append(text[start : i + 1].strip())
            start = i + 1
    return [s for s in [*out, text[start:].strip()] if s]


# A 各 list's names: 各乡镇（区、办）、有关部门, 各乡镇、街道办事处, 各乡镇（区、办）和各部门, 各乡（镇）人民政府.
# A name ends where the verb begins (各乡镇要…, 各乡镇对照…), so a clause's object is never read as one of them.
_LIST_NAME = re.compile(r"(?:各|有关|相关)?([^、，；。：！？\s（）()和及与要应须将于在把向对]{1,8})")
_LIST_BETWEEN = re.compile(r"[）)]?(?:以及|、|和|及|与)|[（(]")
_CLAUSE_START = "，；："


def _address_lists(sentence: str, at_clause_start: bool) -> list[tuple[str, list[str]]]:
    """Each 各 list of the sentence, as printed (各乡镇（区、办）) with its names (乡镇, 区, 办); with
    `at_clause_start`, only those a sentence or clause begins with: the subject it is addressed to."""
    lists = []
    for head in re.finditer("各", sentence):
        start = head.start()
        if at_clause_start and start and sentence[start - 1] not in _CLAUSE_START:
            continue
        names, end, last = [], head.end(), head.end()
        while (name := _LIST_NAME.match(sentence, end)) is not None:
            names.append(name.group(1))
            end = last = name.end()
            between = _LIST_BETWEEN.match(sentence, end)
            if between is None:
                break
            end = between.end()
        if names:
            closed = last + 1 if sentence[last : last + 1] in ("）", ")") else last
            lists.append((sentence[start:closed], names))
    return lists


def _speaks_to(sentence: str, word: str) -> str | None:
    """各村 as the subject of the sentence or of one of its clauses (各村召开…；各村于5月31日前报送…), alone
    or in the list 各 heads (各乡镇（区、办）要…): the words are addressed to them; the 各 list as printed,
    else None. 配合各镇…, 指导各村… speak of them, and may be anyone's."""
    for printed, names in _address_lists(sentence, at_clause_start=True):
        if any(name.startswith(word) for name in names):
            return printed if len(names) > 1 else f"各{word}"
    return None


def _spoken_to(sentence: str, words: set[str]) -> str | None:
    """The 各 list (or 各X) by which the sentence speaks to any of `words`, the longest word first; None."""
    return next(filter(None, (_speaks_to(sentence, w) for w in sorted(words, key=len, reverse=True) if w)), None)


def _names_among_addressed(sentence: str, word: str) -> bool:
    """各街道, or 街道 in the list 各 heads (各乡镇、街道办事处, 各乡镇（区、办）): 各 reaches every name of its
    list, so the sentence is addressed to that word's units too, not only to the first name's."""
    return any(name.startswith(word) for _, names in _address_lists(sentence, False) for name in names)


# 各单位, 县直各单位, 各有关单位, 各成员单位: every unit, whatever its type, is addressed.
EVERY_UNIT = re.compile(r"各(?:有关|相关|成员|直属)?单位")


def _to_every_unit(sentence: str, words: Mapping[str, set[str]]) -> bool:
    """各单位, or a 各 list reaching every one of the campaign's several unit types (各乡镇（区、办）和各部门
    where the units are 乡镇, 区 and 部门): addressed to everyone alike. A campaign of one type is not
    addressed alike by its name (大同市's 各县（区）…, to its 县区 alone, is their own kind's)."""
    if EVERY_UNIT.search(sentence) is not None:
        return True
    reached = [any(_names_among_addressed(sentence, w) for w in said if w) for said in words.values()]
    return len(reached) > 1 and all(reached)


def _foreign_sentences(inputs: Inputs, unit_type: str, words: dict[str, set[str]]) -> list[tuple[str, str, str, str]]:
    """(phase, sentence, 各X, the type it addresses) of the 阶段 text a unit type's documents print that
    speaks to another type's units (各村 in a department's plan)."""
    own = words[unit_type]
    found = []
    for phase in inputs.campaign.phases:
        for sentence in _sentences(phase.description_for(unit_type) or ""):
            if _to_every_unit(sentence, words) or any(_names_among_addressed(sentence, w) for w in own if w):
                continue  # 各乡镇、县直各单位…, 各乡镇、街道办事处…: addressed to this type's units as well
            hits = [(printed, other) for other, said in words.items() if other != unit_type
                    if (printed := _spoken_to(sentence, said - own)) is not None]  # fmt: skip
            if hits:  # 各乡镇、街道办事处 in a department's plan: 对乡镇、街道说的
                found.append((phase.name, sentence, hits[0][0], "、".join(other for _, other in hits)))
    return found


def addressed_to_another_type(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A unit's document printing a 阶段 sentence written for another unit type: the notice's 各村召开…
    in a department's plan. The fix is the type's own column, 部门工作内容, which its documents print."""
    words = _addressed(inputs.units)
    foreign = {t: _foreign_sentences(inputs, t, words) for t in words}

    def told(unit: Unit, hit: tuple[str, ...]) -> tuple[str, str]:
        phase, _, said, other = hit
        unit_type = unit.unit_type
        return (
            f"{unit.name}（{unit_type}）的文档照印了「阶段」表「{phase}」的工作内容，这句是对{other}说的（{said}）",
            f"在「阶段」表加一列「{type_description_column(unit_type)}」，写{unit_type}这一阶段做什么"
            f"（{unit_type}的文档印这一列，空着的格子照印「工作内容」），或把「工作内容」改成各类单位都适用的说法",
        )

    return _phase_sentences_printed(inputs, jobs, docs, foreign, told)


def _own_kind_sentences(inputs: Inputs, unit_type: str) -> list[tuple[str, str, str]]:
    """(phase, sentence, 各X) of the 阶段 text a unit type's documents print that speaks to all the units
    of that very type (各县（区）…, 各乡镇…): the notice's words to them, not a unit's own doing. A sentence
    to every unit as well (各乡镇、县直各单位…) is everyone's, as addressed_to_another_type holds."""
    own = {unit_type} | {u.self_name for u in inputs.units if u.unit_type == unit_type}
    words = _addressed(inputs.units)
    found = []
    for phase in inputs.campaign.phases:
        for sentence in _sentences(phase.description_for(unit_type) or ""):
            if _to_every_unit(sentence, words):
                continue
            printed = _spoken_to(sentence, own)
            if printed is not None:
                found.append((phase.name, sentence, printed))
    return found


def addressed_to_its_own_kind(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents) -> list[Remark]:
    """A unit's document printing a 阶段 sentence the notice addressed to all units of its type: 大同市's
    各县（区）结合实际情况，确定本地区整治重点 in 城区's own plan, where a 文秘 writes 我区 (or the task)."""
    own = {t: _own_kind_sentences(inputs, t) for t in {u.unit_type for u in inputs.units}}

    def told(unit: Unit, hit: tuple[str, ...]) -> tuple[str, str]:
        phase, _, said = hit
        return (
            f"{unit.name}的文档照印了「阶段」表「{phase}」的工作内容，这句是对所有{unit.unit_type}说的（{said}），"
            f"不是{unit.name}自己的做法",
            f"把「阶段」表的「工作内容」改成每个单位自己的说法（如“我{unit.self_name}……”，或只写要做的事）",
        )

    return _phase_sentences_printed(inputs, jobs, docs, own, told)


def _phase_sentences_printed(
    inputs: Inputs,
    jobs: Sequence[DocumentJob],
    docs: Documents,
    sentences: Mapping[str, Sequence[tuple[str, ...]]],
    told: Callable[[Unit, tuple[str, ...]], tuple[str, str]],
) -> list[Remark]:
    """A 对象不符 remark for each unit's document printing one of the (phase, sentence, …) `sentences` of
    its unit type, worded by `told` (what is wrong, what to do), like remarks grouped by sentence and type. A
    period's sheet is not where phases are printed: thousands of them are not read for it."""
    units = {u.name: u for u in inputs.units}
    # grouped by sentence and unit type: what the sentence is to a 区 is not what it is to a 乡镇
    by_sentence: dict[tuple[str, str], list[Remark]] = defaultdict(list)
    for job in jobs:
        unit = units.get(job.unit or "")
        if unit is None or job.period is not None:
            continue
        for hit in sentences.get(unit.unit_type, []):
            where, printed = docs.locate(job, hit[1][:30])
            if not where:
                continue
            problem, fix = told(unit, hit)
            remark = Remark("对象不符", docs.shown(job), where, printed, problem, fix, job.unit)
            by_sentence[(hit[1], unit.unit_type)].append(remark)
    return [remark for same in by_sentence.values() for remark in grouped(same)]


def review(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents, workbook: str) -> list[AnyRemark]:
    """Every 核稿 check over the campaign and its documents, in the order a reader meets them: run
    once to learn what they ask of the documents, then with each document read once (Documents)."""
    docs.record()
    checks(inputs, jobs, docs, workbook)
    docs.answer()
    return checks(inputs, jobs, docs, workbook)


def checks(inputs: Inputs, jobs: Sequence[DocumentJob], docs: Documents, workbook: str) -> list[AnyRemark]:
    """Every check, once (review runs them twice: to learn their questions, then to answer them)."""
    remarks: list[AnyRemark] = []
    remarks += workbook_remarks(inputs)
    remarks += one_per_unit(inputs, workbook)
    remarks += plans_after_deadline(inputs, jobs, docs)
    remarks += deadlines_before_data(inputs, jobs, docs, workbook)
    for check in (
        dated_before_the_notice,
        dated_before_data,
        periods_nobody_reported,
        copied_problems,
        addressed_to_another_type,
        addressed_to_its_own_kind,
    ):
        remarks += check(inputs, jobs, docs)
    remarks += placeholders(jobs, docs)
    return remarks


def counts(remarks: Sequence[AnyRemark]) -> Counter[str]:
    return Counter(r.check for r in remarks)
