"""Which parts of a context a template reads, from its compiled source's syntax tree.

A document is rebuilt only when a value its template uses changes. Every use of a context name
is a chain of constant lookups on it (``发文.标题``, ``单位["名称"]``) and possibly more
(``单位.行[i]``, ``活动.阶段|length``, ``{% for r in 统计.行 %}``): the static part of the chain is
what the template depends on, all of it (a loop over ``统计.行`` depends on every row, whatever
the loop reads). A name used in any other way (``{% set u = 单位 %}``, a filter on ``单位``) is a
chain of length one: the whole value. Names that are not in the context (loop variables, names
set in the template) are ignored; what they hold came from chains that are counted where they
were written. Over-reading is only ever conservative: it rebuilds, never misses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import nodes

from generator.cache import cache_dir, load_signed, store_signed
from generator.render.engine import TEMPLATED_PART, make_environment, paragraph_text, prepare_source
from generator.standard.package import read_parts

ReadPath = tuple[str, ...]
# Filters whose output depends on the campaign's dates as well as on their value (filters.month_day_in_campaign).
CAMPAIGN_READING_FILTERS = frozenset({"月日"})
CAMPAIGN_DATES: tuple[ReadPath, ...] = (("活动", "开始日期"), ("活动", "结束日期"))


def _chains(node: nodes.Node) -> Iterator[ReadPath]:
    """Every context path the expression tree under `node` reads."""
    if isinstance(node, (nodes.Getattr, nodes.Getitem)):
        keys: list[str] = []
        dynamic: list[nodes.Node] = []
        current: nodes.Node = node
        while isinstance(current, (nodes.Getattr, nodes.Getitem)):
            if isinstance(current, nodes.Getattr):
                keys.append(current.attr)
            elif isinstance(current.arg, nodes.Const) and isinstance(current.arg.value, str):
                keys.append(current.arg.value)
            else:  # x[i]: what comes after a computed index is not known here; x is read whole
                keys.clear()
                dynamic.append(current.arg)
            current = current.node
        if isinstance(current, nodes.Name) and current.ctx == "load":
            yield (current.name, *reversed(keys))
        else:
            yield from _chains(current)
        for index in dynamic:
            yield from _chains(index)
        return
    if isinstance(node, nodes.Name) and node.ctx == "load":
        yield (node.name,)
        return
    if isinstance(node, nodes.Filter) and node.name in CAMPAIGN_READING_FILTERS:
        yield from CAMPAIGN_DATES  # |月日 writes the year in a campaign across a new year
    for child in node.iter_child_nodes():
        yield from _chains(child)


def source_reads(source: str) -> set[ReadPath]:
    """The paths one prepared template source reads."""
    return set(_chains(make_environment().parse(source)))


def _printed_always(node: nodes.Node) -> Iterator[tuple[ReadPath, int]]:
    """The paths the output nodes under `node` print whatever the data (none under an {% if %}),
    each with the source line (the template's paragraph) printing it."""
    if isinstance(node, nodes.If):
        return
    if isinstance(node, nodes.Output):
        for printed in node.nodes:
            yield from ((path, printed.lineno) for path in _chains(printed))
        return
    for child in node.iter_child_nodes():
        yield from _printed_always(child)


def printed_always(path: Path) -> dict[ReadPath, tuple[str, ...]]:
    """The paths a .docx template prints outside every {% if %} (a blank value leaves a hole there),
    each with the text of the paragraphs printing it, tags and all, as the clerk sees them in Word."""
    printed: dict[ReadPath, list[str]] = {}
    for name, xml in read_parts(path.read_bytes()).items():
        if TEMPLATED_PART.match(name):
            source = prepare_source(xml.decode("utf-8"))
            lines = source.splitlines()
            for read, line in _printed_always(make_environment().parse(source)):
                text = paragraph_text(lines[line - 1]) if 0 < line <= len(lines) else ""
                if text not in printed.setdefault(read, []):
                    printed[read].append(text)
    return {read: tuple(texts) for read, texts in printed.items()}


@dataclass(frozen=True)
class PrintedBeside:
    """A value printed whole inside a sentence: its path, the template's own text right before and
    right after it in the same paragraph (tags taken out), and that paragraph as the clerk sees it."""

    read: ReadPath
    before: str
    after: str
    paragraph: str


def _paragraph_tail(data: str) -> str:
    """The text a paragraph's literal source ends with, from its last paragraph start on."""
    start = max(data.rfind("<w:p>"), data.rfind("<w:p "), data.rfind("</w:p>"))
    return paragraph_text(data[start:] if start >= 0 else data)


def _paragraph_head(data: str) -> str:
    """The text a paragraph's literal source begins with, up to its end."""
    end = data.find("</w:p>")
    return paragraph_text(data[:end] if end >= 0 else data)


def _printed_beside(node: nodes.Node) -> Iterator[tuple[ReadPath, str, str, int]]:
    """Each plain lookup ({{ 活动.名称 }}, no filter) an output node prints, with the literal text
    around it; the chain must be the expression itself (a filter or an operator changes the value)."""
    if isinstance(node, nodes.Output):
        items = node.nodes
        for k, printed in enumerate(items):
            if not isinstance(printed, (nodes.Getattr, nodes.Getitem, nodes.Name)):
                continue
            chains = list(_chains(printed))
            if len(chains) != 1:
                continue
            before = items[k - 1] if k > 0 else None
            after = items[k + 1] if k + 1 < len(items) else None
            yield (
                chains[0],
                _paragraph_tail(before.data) if isinstance(before, nodes.TemplateData) else "",
                _paragraph_head(after.data) if isinstance(after, nodes.TemplateData) else "",
                printed.lineno,
            )
        return
    for child in node.iter_child_nodes():
        yield from _printed_beside(child)


def printed_beside(path: Path) -> list[PrintedBeside]:
    """Every value a .docx template prints whole between words of its own text, with those words
    (remembered by the template's bytes: every build that checks its templates asks)."""
    data = path.read_bytes()
    key = hashlib.sha256(b"beside-1\0" + data).hexdigest()
    entry = cache_dir("reads") / f"{key}.json"
    cached = load_signed(entry)
    if cached is not None:
        return [PrintedBeside(tuple(r), b, a, t) for r, b, a, t in json.loads(cached)]
    found: list[PrintedBeside] = []
    for name, xml in read_parts(data).items():
        if TEMPLATED_PART.match(name):
            source = prepare_source(xml.decode("utf-8"))
            lines = source.splitlines()
            for read, before, after, line in _printed_beside(make_environment().parse(source)):
                text = paragraph_text(lines[line - 1]) if 0 < line <= len(lines) else ""
                found.append(PrintedBeside(read, before, after, text))
    rows = [[list(f.read), f.before, f.after, f.paragraph] for f in found]
    store_signed(entry, json.dumps(rows, ensure_ascii=False).encode("utf-8"))
    return found


def template_reads(path: Path) -> frozenset[ReadPath]:
    """The paths a .docx template reads in any of its templated parts (remembered by its bytes)."""
    data = path.read_bytes()
    key = hashlib.sha256(b"reads-2\0" + data).hexdigest()
    entry = cache_dir("reads") / f"{key}.json"
    cached = load_signed(entry)
    if cached is not None:
        return frozenset(tuple(p) for p in json.loads(cached))
    reads: set[ReadPath] = set()
    for name, xml in read_parts(data).items():
        if TEMPLATED_PART.match(name):
            reads |= source_reads(prepare_source(xml.decode("utf-8")))
    store_signed(entry, json.dumps(sorted(reads), ensure_ascii=False).encode("utf-8"))
    return frozenset(reads)
