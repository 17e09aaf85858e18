"""A large table's rows laid out from their bytes: each row shape parsed once, not each row.

A roll-up of 2,500 units holds three tables of some 2,500 rows each, rows that differ only in their
texts (a unit's name, its figures). aside.py parsed every row twice (once to measure it, once to fit
it) and serialised it again. Here a row's bytes, as lxml wrote them when the table was set aside, are
cut at each text's end tag (</w:t>): the bytes without the texts are the row's shape, and each text
is where lxml writes a w:t's text, after the last '>' before its end tag. The first row of each
shape is parsed and proved to read so (its w:t texts, in order, are those cut out, and no w:t holds
an element); a later row of that shape is the same elements with other texts, since no text holds a
'<' (lxml escapes it). Every layout decision read of a row is then read of its texts alone:

- measuring: the width each leading cell's text needs (layout.widest_line_of), the decimals of each
  metric cell's figure (layout.figure_decimals), what the first row of each length sets;
- fitting: the cell widths and header size are those of every row of its shape (the row whose
  metric headers are broken into lines is the passes', layout.FittedByRows.fits_alike); a
  figure's decimals are its text and a suffix (layout.FittedByRows.suffix);
- the page flow: the row's height (pagination.RowReading, which reads as estimate_row).

The fitted row is the first fitted row of its shape as lxml wrote it, its texts cut out (a
template), with this row's texts (as lxml writes them: the bytes cut out) and suffixes in place.
A template is kept only when it writes its own row as lxml did, and the height read from it is
estimate_row's; a row of another shape, a text holding a reference other than lxml's own, or a
suffix on a w:t that holds no text goes through the passes on its parsed row, as before.
tests/test_stream_layout.py compares the result with the passes on whole tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from generator.standard import wordml as wml
from generator.standard.wordml import Element

from .aside import RowFitter
from .layout import NEEDED_WIDTH_AIR, figure_decimals, lines_of, style_of_first, widest_line_of
from .pagination import RowReading, estimate_row, keep_row, row_reading

_T, _TC, _P, _BR, _TR = (wml.qn(n) for n in ("w:t", "w:tc", "w:p", "w:br", "w:tr"))
_END_T, _END_TR, _END_TBL = b"</w:t>", b"</w:tr>", b"</w:tbl>"
_ROW_STARTS = (b"<w:tr>", b"<w:tr ")
# What stands for each text in a template while lxml writes it (no text of a row holds it: checked).
_MARK = "\ue000"
_MARK_BYTES = _MARK.encode("utf-8")
# What lxml never writes in a text as it is (a '<', a carriage return, another control character).
_NOT_AS_LXML = re.compile(rb"[\x00-\x08\x0b-\x1f<]")
# The references lxml writes in text (no other: a text holding another is the passes').
_REFERENCES = ((b"&lt;", "<"), (b"&gt;", ">"), (b"&amp;", "&"))

# A paragraph's text as static strings, "\n" for a w:br, and the indices of the row's texts.
_Recipe = tuple[str | int, ...]


@dataclass
class _Shape:
    """What every row of one shape reads as, from its first row parsed."""

    length: int  # its cells
    style: str | None  # of its first metric paragraph (style_of_first)
    leading: list[list[tuple[str | None, _Recipe]]]  # each leading cell's paragraphs: style, text
    metric: list[
        tuple[int, tuple[int, ...], int]
    ]  # each metric cell: column, its texts, its last w:t's text (-1: none)
    template: list[bytes] | None = None  # the fitted row with its texts cut out, once made
    reading: RowReading | None = None
    refused: bool = False  # its template did not write its row as lxml does: every row parsed


def _text(recipe: _Recipe, texts: list[str]) -> str:
    return "".join([item if type(item) is str else texts[item] for item in recipe])  # type: ignore[index]


def _cell_text(texts: list[str], in_cell: tuple[int, ...]) -> str:
    """A metric cell's text: its one text, or its texts joined (a figure split over runs)."""
    return texts[in_cell[0]] if len(in_cell) == 1 else "".join(texts[i] for i in in_cell)


def _cut(row: bytes) -> tuple[bytes, list[bytes]]:
    """The row's shape (its bytes without the texts of its w:t) and those texts as lxml wrote them."""
    parts = row.split(_END_T)
    statics, texts = [], []
    for part in parts[:-1]:
        end = part.rfind(b">") + 1
        statics.append(part[:end])
        texts.append(part[end:])
    statics.append(parts[-1])
    return b"\0".join(statics), texts  # (no XML holds a NUL: the shape is unambiguous)


def _decoded(texts: list[bytes]) -> list[str] | None:
    """The texts as lxml reads them; None when one holds a reference lxml does not write in text, or
    what lxml writes otherwise or XML refuses ('<', a carriage return, a control character: a table
    cut from the render's bytes, aside.py, whose later rows of a shape are not parsed)."""
    joined = b"".join(texts)  # (each text looked at in C at once: most hold nothing to decode)
    if _NOT_AS_LXML.search(joined) is not None:
        return None
    if b"&" not in joined:
        return [raw.decode("utf-8") for raw in texts]
    out = []
    for raw in texts:
        if b"&" in raw:
            if raw.count(b"&") != sum(raw.count(reference) for reference, _ in _REFERENCES):
                return None
            for reference, character in _REFERENCES:
                raw = raw.replace(reference, character.encode())
        out.append(raw.decode("utf-8"))
    return out


def _recipe(paragraph: Element, slots: dict[Element, int]) -> _Recipe:
    items: list[str | int] = []
    for node in paragraph.iter(_T, _BR):
        items.append("\n" if node.tag == _BR else slots.get(node, node.text or ""))
    return tuple(items)


def _read_as_cut(elements: list[Element], texts: list[str]) -> bool:
    """Whether the w:t elements holding text are those cut, in order, each holding text alone."""
    if len(elements) != len(texts) or any(_MARK in text for text in texts):
        return False
    return not any(len(t) or t.text != text for t, text in zip(elements, texts, strict=True))


def _shape_of(row: Element, texts: list[str], first: int) -> _Shape | None:
    """The shape of a parsed row whose texts were cut as `texts`; None when they are not its w:t's."""
    elements = [t for t in row.iter(_T) if t.text is not None]
    if not _read_as_cut(elements, texts):
        return None
    slots = {element: index for index, element in enumerate(elements)}
    cells = list(row.iter(_TC))
    leading = [
        [(wml.style_of(p), _recipe(p, slots)) for p in wml.findall(cell, "w:p")] for cell in cells[: max(0, first)]
    ]
    metric = []
    for column in range(max(0, first), len(cells)):
        in_cell = list(cells[column].iter(_T))
        last = slots.get(in_cell[-1], -1) if in_cell else -1
        metric.append((column, tuple(slots[t] for t in in_cell if t in slots), last))
    return _Shape(len(cells), style_of_first(cells[first:]), leading, metric)


class _Table:
    """One table's rows, by their shapes."""

    def __init__(self, data: bytes, fitter: RowFitter, declarations: bytes) -> None:
        self.data = data
        self.fitter = fitter
        self.declarations = declarations
        self.shapes: dict[bytes, _Shape | None] = {}

    def parsed(self, row: bytes) -> Element:
        """The row parsed, in a table of its own (the passes fit a header row of a table's own)."""
        table = etree.fromstring(b"".join((b"<w:tbl", self.declarations, b">", row, _END_TBL)), wml.PARSER)
        if len(table) != 1 or table[0].tag != _TR or table[0].tail:
            raise _NotByRows
        return table[0]

    def shape(self, key: bytes, row: bytes, texts: list[str] | None) -> _Shape | None:
        if key not in self.shapes and texts is not None:  # (a row whose texts hold no other reference)
            self.shapes[key] = _shape_of(self.parsed(row), texts, self.fitter.first)
        return self.shapes.get(key)

    def measure(self, row: bytes) -> None:
        key, raw = _cut(row)
        texts = _decoded(raw)
        shape = self.shape(key, row, texts)
        if shape is None or texts is None:
            self.fitter.measure(self.parsed(row))
            return
        needed = [
            NEEDED_WIDTH_AIR + max((widest_line_of(style, _text(recipe, texts)) for style, recipe in cell), default=0)
            for cell in shape.leading
        ]
        decimals = {}
        for column, in_cell, _ in shape.metric:
            places = figure_decimals(_cell_text(texts, in_cell))
            if places is not None:
                decimals[column] = places
        lines = None
        if self.fitter.metric:
            lines = [
                [line for style, recipe in cell for line in lines_of(style, _text(recipe, texts).split("\n"))]
                for cell in shape.leading
            ]
        self.fitter.measured(shape.length, lambda: shape.style, needed, decimals, lines)

    def fit(self, row: bytes) -> tuple[bytes, tuple[int, bool]]:
        """The row fitted, as lxml writes it (without the table's declarations), and its estimate."""
        key, raw = _cut(row)
        texts = _decoded(raw)
        shape = self.shapes.get(key)
        suffixes = None if shape is None or texts is None else self._suffixes(shape, texts)
        if shape is None or texts is None or suffixes is None or shape.refused:
            return self._by_passes(self.parsed(row))
        if not self.fitter.fits_alike(shape.length):
            return self._by_passes(self.parsed(row))
        if shape.template is None:
            return self._first_of(shape, row, raw, texts, suffixes)
        self.fitter.skip()
        template, out = shape.template, [shape.template[0]]
        for index, text in enumerate(raw):
            suffix = suffixes.get(index)
            out += (text, suffix.encode(), template[index + 1]) if suffix else (text, template[index + 1])
        if suffixes:
            texts = [text + suffixes.get(index, "") for index, text in enumerate(texts)]
        return b"".join(out), shape.reading.estimate(texts)  # type: ignore[union-attr]

    def _suffixes(self, shape: _Shape, texts: list[str]) -> dict[int, str] | None:
        """What each text is written with (a figure's decimals); None when a suffix goes on a w:t
        holding no text (lxml would write it as another element)."""
        suffixes: dict[int, str] = {}
        for column, in_cell, last in shape.metric:
            places = figure_decimals(_cell_text(texts, in_cell))
            suffix = "" if places is None else self.fitter.suffix(shape.length, column, places)
            if suffix:
                if last < 0:
                    return None
                suffixes[last] = suffix
        return suffixes

    def _by_passes(self, row: Element) -> tuple[bytes, tuple[int, bool]]:
        self.fitter.fit(row)
        return _without(etree.tostring(row, encoding="UTF-8"), self.declarations), estimate_row(row)

    def _first_of(
        self, shape: _Shape, row: bytes, raw: list[bytes], texts: list[str], suffixes: dict[int, str]
    ) -> tuple[bytes, tuple[int, bool]]:
        """The first row of its shape fitted by the passes, and its template made and proved from it."""
        element = self.parsed(row)
        elements = [t for t in element.iter(_T) if t.text is not None]
        written, estimate = self._by_passes(element)
        if len(elements) != len(texts):
            shape.refused = True
            return written, estimate
        reading = row_reading(element, {t: index for index, t in enumerate(elements)})
        fitted = [text + suffixes.get(index, "") for index, text in enumerate(texts)]
        for t in elements:
            t.text = _MARK
        template = _without(etree.tostring(element, encoding="UTF-8"), self.declarations).split(_MARK_BYTES)
        again = [template[0]]
        for index, text in enumerate(raw):
            again += (text, suffixes.get(index, "").encode(), template[index + 1])
        proved = reading is not None and len(template) == len(raw) + 1 and b"".join(again) == written
        if not proved or reading is None or reading.estimate(fitted) != estimate:
            shape.refused = True
        else:
            shape.template, shape.reading = template, reading
        return written, estimate


class KeptRows:
    """Rows kept with the next (pagination.keep_row: keep-with-next on each of their paragraphs),
    from their bytes: what keep_row adds depends on a row's shape alone, not its texts, so the
    first row of each shape is parsed, kept and written with its texts cut out (a template), proved
    to write its own row as lxml does; later rows of that shape are the template with their texts."""

    def __init__(self, declarations: bytes) -> None:
        self.declarations = declarations
        self.templates: dict[bytes, list[bytes] | None] = {}  # by shape (None: parsed every time)

    def kept(self, row: bytes) -> bytes:
        key, raw = _cut(row)
        template = self.templates.get(key)
        if template is not None:
            return _filled(template, raw)
        element = etree.fromstring(row[:5] + self.declarations + row[5:], wml.PARSER)
        keep_row(element)
        written = _without(etree.tostring(element, encoding="UTF-8"), self.declarations)
        if key not in self.templates:
            self.templates[key] = _template_of(element, raw, written, self.declarations)
        return written


def _filled(template: list[bytes], raw: list[bytes]) -> bytes:
    out = [template[0]]
    for text, after in zip(raw, template[1:], strict=True):
        out += (text, after)
    return b"".join(out)


def _template_of(element: Element, raw: list[bytes], written: bytes, declarations: bytes) -> list[bytes] | None:
    """The row `element` (laid out, and written as `written`) with its texts cut out, when it writes
    `written` again with the texts `raw` cut from its bytes; else None."""
    texts = _decoded(raw)
    elements = [t for t in element.iter(_T) if t.text is not None]
    if texts is None or not _read_as_cut(elements, texts):
        return None
    for t in elements:
        t.text = _MARK
    template = _without(etree.tostring(element, encoding="UTF-8"), declarations).split(_MARK_BYTES)
    if len(template) != len(raw) + 1 or _filled(template, raw) != written:
        return None
    return template


class _NotByRows(Exception):
    """A table this module does not lay out (aside.py lays it out as before)."""


def _without(data: bytes, declarations: bytes) -> bytes:
    if not data.startswith(b"<w:tr" + declarations):
        raise _NotByRows
    return data[:5] + data[5 + len(declarations) :]


def _row_spans(data: bytes, first: int) -> Iterator[tuple[int, int]]:
    """Where each row of the table is in `data`, from `first`: rows one after the other, then the
    table's end tag, or _NotByRows."""
    at = first
    while data.startswith(_ROW_STARTS, at):
        end = data.find(_END_TR, at)
        if end == -1:
            raise _NotByRows
        yield at, end + len(_END_TR)
        at = end + len(_END_TR)
    if data[at:] != _END_TBL:
        raise _NotByRows


def laid_out(
    data: bytes, fit_rows: Callable[[Element], RowFitter]
) -> tuple[bytes, bytes, list[bytes], list[tuple[int, bool]]] | None:
    """The table `data` (as aside.py stores it: lxml's bytes or the render's, namespaces declared on its start)
    laid out row by row: its start (laid out), the declarations it makes, each row's bytes without
    them, each row's (height, header); None when it is not a table of rows alone."""
    starts = [found for start in _ROW_STARTS if (found := data.find(start)) != -1]
    if not starts or not data.startswith(b"<w:tbl"):
        return None
    first = min(starts)
    try:
        head = etree.fromstring(data[:first] + _END_TBL, wml.PARSER)
        fitter = fit_rows(head)
        probe = etree.SubElement(head, _TR)
        declarations = etree.tostring(probe, encoding="UTF-8")[5:-2]
        head.remove(probe)
        table = _Table(data, fitter, declarations)
        for start, end in _row_spans(data, first):
            table.measure(data[start:end])
        if not fitter.rows:
            return None
        fitter.decide()
        opening = etree.tostring(head, encoding="UTF-8")
        if not opening.endswith(_END_TBL):
            return None
        rows, estimates = [], []
        for start, end in _row_spans(data, first):
            written, estimate = table.fit(data[start:end])
            rows.append(written)
            estimates.append(estimate)
        return opening[: -len(_END_TBL)], declarations, rows, estimates
    except (_NotByRows, etree.XMLSyntaxError):
        return None
