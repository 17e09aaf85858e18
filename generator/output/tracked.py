"""修改对照稿: the new version of a document, with what changed since the old one as Word tracked
changes (w:ins / w:del, author gongwen, the build's date), so that a leader sees each change in
修订 view and accepts or rejects it.

Paragraphs are matched by their text; a changed paragraph whose runs are plain text is compared
character by character (a date's day is one deleted and one inserted character, in the run's
own formatting); any other changed paragraph (tabs, fields, pictures) is shown whole: the old one
deleted, the new one inserted. Accepting every change gives the new document's text; rejecting
every change gives the old one's.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from generator.standard import wordml as wml
from generator.standard.package import read_parts, zip_bytes
from generator.standard.schema_order import insert_in_order
from generator.standard.wordml import Element

AUTHOR = "gongwen"
_P, _R, _T, _RPR, _PPR = wml.qn("w:p"), wml.qn("w:r"), wml.qn("w:t"), wml.qn("w:rPr"), wml.qn("w:pPr")
_ID = wml.qn("w:id")
# Children of a paragraph that carry no text and can stay where they are in a character comparison.
_QUIET = frozenset(wml.qn(f"w:{name}") for name in ("pPr", "bookmarkStart", "bookmarkEnd", "proofErr"))


@dataclass
class _Marks:
    """Makes the w:ins / w:del elements: one author, one date, ids unique in the document."""

    date: str
    next_id: int

    def make(self, kind: str) -> Element:
        mark = _new(f"w:{kind}", {"w:id": self.next_id, "w:author": AUTHOR, "w:date": self.date})
        self.next_id += 1
        return mark


def _top_paragraphs(body: Element) -> list[Element]:
    """The document's paragraphs in order (in table cells too), not those inside another (a text box)."""
    return [p for p in body.iter(_P) if not any(a.tag == _P for a in p.iterancestors())]


def _plain_runs(paragraph: Element) -> list[Element] | None:
    """The paragraph's runs, when it holds only runs of plain text (what a character comparison can rewrite)."""
    runs = []
    for child in paragraph:
        if child.tag in _QUIET:
            continue
        if child.tag != _R or any(c.tag not in (_RPR, _T) for c in child):
            return None
        runs.append(child)
    return runs


def _new(name: str, attributes: dict[str, str | int] | None = None) -> Element:
    """An element that takes the w: prefix of wherever it is put (no namespace declarations of its own)."""
    element = etree.Element(wml.qn(name))
    for key, value in (attributes or {}).items():
        element.set(wml.qn(key), str(value))
    return element


def _text(paragraph: Element) -> str:
    return wml.paragraph_text(paragraph)


def _run(rpr: Element | None, text: str, deleted: bool = False) -> Element:
    run = _new("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = _new("w:delText" if deleted else "w:t")
    run.append(t)
    t.text = text
    t.set(wml.XML_SPACE, "preserve")
    return run


def _chars(runs: list[Element]) -> list[tuple[str, Element | None]]:
    return [(ch, run.find(_RPR)) for run in runs for t in run.iter(_T) for ch in (t.text or "")]


def _grouped(chars: list[tuple[str, Element | None]]) -> Iterator[tuple[Element | None, str]]:
    """Consecutive characters of one run's formatting, as (rPr, text)."""
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or chars[i][1] is not chars[start][1]:
            if chars[start:i]:
                yield chars[start][1], "".join(c for c, _ in chars[start:i])
            start = i


def _rewrite(paragraph: Element, runs: list[Element], old_text: str, marks: _Marks) -> None:
    """Replace the paragraph's runs by the same text with the old text's differences tracked."""
    new = _chars(runs)
    anchor = runs[0]
    position = list(paragraph).index(anchor)
    for run in runs:
        paragraph.remove(run)
    out: list[Element] = []
    new_text = "".join(c for c, _ in new)
    matcher = difflib.SequenceMatcher(None, old_text, new_text, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [_run(rpr, text) for rpr, text in _grouped(new[j1:j2])]
            continue
        if i2 > i1:  # deleted: written in the formatting of the text it stood beside
            rpr = new[min(j1, len(new) - 1)][1] if new else None
            deletion = marks.make("del")
            deletion.append(_run(rpr, old_text[i1:i2], deleted=True))
            out.append(deletion)
        if j2 > j1:
            insertion = marks.make("ins")
            for rpr, text in _grouped(new[j1:j2]):
                insertion.append(_run(rpr, text))
            out.append(insertion)
    for offset, element in enumerate(out):
        paragraph.insert(position + offset, element)


def _mark_paragraph(paragraph: Element, kind: str, marks: _Marks) -> None:
    """The whole paragraph inserted or deleted: every run in a w:ins / w:del, and its mark too."""
    for run in [c for c in paragraph if c.tag == _R]:
        wrapper = marks.make(kind)
        run.addprevious(wrapper)
        wrapper.append(run)
        if kind == "del":
            for t in run.iter(_T):
                t.tag = wml.qn("w:delText")
            for instr in run.iter(wml.qn("w:instrText")):
                instr.tag = wml.qn("w:delInstrText")
    ppr = paragraph.find(_PPR)
    if ppr is None:
        ppr = _new("w:pPr")
        paragraph.insert(0, ppr)
    rpr = ppr.find(_RPR)
    if rpr is None:
        rpr = _new("w:rPr")
        insert_in_order(ppr, rpr)
    insert_in_order(rpr, marks.make(kind))


def _deleted_copy(old: Element, marks: _Marks) -> Element:
    gone = copy.deepcopy(old)
    for nested in [c for c in gone.iter(_P) if c is not gone]:  # a text box's paragraphs: not shown twice
        nested.getparent().remove(nested)
    _mark_paragraph(gone, "del", marks)
    return gone


def _replace_whole(old: Element, new: Element, marks: _Marks) -> None:
    new.addprevious(_deleted_copy(old, marks))
    _mark_paragraph(new, "ins", marks)


def _pair(old: Element, new: Element, marks: _Marks) -> None:
    runs = _plain_runs(new)
    if runs and _plain_runs(old) is not None:
        _rewrite(new, runs, _text(old), marks)
    else:
        _replace_whole(old, new, marks)


def _compare_bodies(old_body: Element, new_body: Element, marks: _Marks) -> int:
    """Mark new_body's paragraphs with what differs from old_body's; returns how many places changed."""
    olds, news = _top_paragraphs(old_body), _top_paragraphs(new_body)
    matcher = difflib.SequenceMatcher(None, [_text(p) for p in olds], [_text(p) for p in news], autojunk=False)
    places = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        places += 1
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            _pair(olds[i1 + k], news[j1 + k], marks)
        for j in range(j1 + paired, j2):
            _mark_paragraph(news[j], "ins", marks)
        gone = [_deleted_copy(olds[i], marks) for i in range(i1 + paired, i2)]
        if gone:
            _place_deleted(gone, news, j2)
    return places


def _place_deleted(gone: list[Element], news: list[Element], before: int) -> None:
    """Old paragraphs no longer there, shown deleted where they stood: before the next new paragraph."""
    if before < len(news):
        for paragraph in gone:
            news[before].addprevious(paragraph)
    else:
        anchor = news[-1]
        for paragraph in reversed(gone):
            anchor.addnext(paragraph)


def _highest_id(root: Element) -> int:
    ids = [int(v) for e in root.iter() if (v := e.get(_ID)) is not None and v.lstrip("-").isdecimal()]
    return max(ids, default=0)


def _track_revisions(settings: bytes) -> bytes:
    """Word keeps tracking the leader's own edits, and opens the document showing the revisions."""
    root = wml.parse(settings)
    if root.find(wml.qn("w:trackRevisions")) is None:
        insert_in_order(root, _new("w:trackRevisions"))
    return wml.to_bytes(root)


def tracked_document(old: bytes, new: bytes, date_iso: str) -> tuple[bytes, int]:
    """The new .docx with its differences from the old one as tracked changes, and how many places differ."""
    old_parts, parts = read_parts(old), read_parts(new)
    old_root = wml.parse(old_parts["word/document.xml"])
    new_root = wml.parse(parts["word/document.xml"])
    marks = _Marks(date_iso, _highest_id(new_root) + 1)
    old_body, new_body = old_root.find(wml.qn("w:body")), new_root.find(wml.qn("w:body"))
    if old_body is None or new_body is None:
        return new, 0
    places = _compare_bodies(old_body, new_body, marks)
    parts["word/document.xml"] = wml.to_bytes(new_root)
    if "word/settings.xml" in parts:
        parts["word/settings.xml"] = _track_revisions(parts["word/settings.xml"])
    return zip_bytes(parts), places
