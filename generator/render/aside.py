"""A large part's tables set aside as bytes while the layout passes walk its body.

A roll-up of 2,000 units renders a 13 MB document.xml; parsed whole it is a tree of some 170 MB,
and one of its three tables alone some 65 MB. Here each of the body's tables is kept as its own
bytes behind an empty stand-in (its w:tblPr only, which says whether it floats), each row
serialised as soon as the parser has read it; the part is then written out block by block.

A table the passes must open as an element (a statistics sheet's, which fit_sheet may turn to
portrait) is parsed on its own and stored again after. Every other table is laid out row by row
when the page flow first reaches it (for_flow): its rows are parsed one at a time, twice (once to
measure what fit_columns decides from, once to fit each row and estimate its height), and held as
their bytes; the flow sets its keeps on the few rows it keeps together. What is in memory at once is
the body's paragraphs, one row, and the bytes (a large table's deflated until it is laid out or
written: _Packed).

The passes are the same functions as for a small part, and the result is the same bytes: each
block written on its own less the namespace declarations it repeats (to_bytes). rows.py lays a
table out from its rows' bytes, parsing only the first row of each shape. tests/test_large_parts.py
and tests/test_stream_layout.py compare the result with the passes on the whole part.
"""

from __future__ import annotations

import copy
import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Protocol

from lxml import etree

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.package import Handed
from generator.standard.wordml import Element

from .pagination import RowsAside, estimate_row, keep_row

# A part this large is laid out with its tables set aside (its tree would be some 12 times this).
LARGE_PART_BYTES = 2 * 2**20

_TBL, _TBLPR, _BODY, _TR = wml.qn("w:tbl"), wml.qn("w:tblPr"), wml.qn("w:body"), wml.qn("w:tr")
# What a table laid out row by row may not hold: a table inside, rows in a content control or custom
# markup (not the table's own), a 署名 (a pass that changes a table as a whole looks for one): elements
# of these names (<w:tblPr …: another name), these.
_NOT_BY_ROWS_NAMES = (b"<w:tbl", b"<w:sdt")
_NOT_BY_ROWS = (b"<w:customXml", std.SIGNATURE.style_id.encode())
# What may follow an element's name in its start tag (a table cut from the render's bytes,
# TablesAside._cut, may write a tag otherwise than lxml).
_NAME_ENDS = frozenset(b"> /\t\r\n")


# Where a row set aside as bytes stood while its table was parsed (a processing instruction: no
# text or attribute of the part can serialise as one).
_ROW_MARK = b"<?gongwen-row ?>"  # (as lxml writes one without text)
_END_TBL = b"</w:tbl>"
_ROW_STARTS = (b"<w:tr>", b"<w:tr ")
# What follows a table's name in its start tag as lxml writes it (<w:tblPr …: another element), and
# what may follow it otherwise (a table not cut: see _outer_tables).
_AFTER_TBL, _NOT_AS_LXML = frozenset(b"> "), frozenset(b"/\t\r\n")


def _rows_alone(data: bytes) -> bool:
    """Whether the table `data` may be laid out row by row (see _NOT_BY_ROWS)."""
    if not data.startswith(b"<w:tbl") or any(data.find(marker, 1) != -1 for marker in _NOT_BY_ROWS):
        return False
    return not any(_holds(data, name) for name in _NOT_BY_ROWS_NAMES)


def _holds(data: bytes, name: bytes) -> bool:
    """Whether an element of this name (b"<w:tbl") starts after the first byte of `data`."""
    at = data.find(name, 1)
    while at != -1:
        after = data[at + len(name) : at + len(name) + 1]
        if not after or after[0] in _NAME_ENDS:
            return True
        at = data.find(name, at + len(name))
    return False


def _outer_tables(data: bytes) -> list[tuple[int, int]] | None:
    """Where each table not inside another is in well-formed XML bytes with no comment or CDATA
    (every '<' is a tag's: text and attributes escape it), start and end; None when they do not nest."""
    spans: list[tuple[int, int]] = []
    depth = start = at = 0
    while (closing := data.find(_END_TBL, at)) != -1:
        opening = data.find(b"<w:tbl", at, closing)
        if opening != -1:
            after = data[opening + len(b"<w:tbl")]
            if after in _NOT_AS_LXML:
                return None  # (an empty table written <w:tbl/>, a tag not as lxml writes it)
            if after in _AFTER_TBL:
                start = opening if depth == 0 else start
                depth += 1
            at = opening + len(b"<w:tbl")
            continue
        depth -= 1
        if depth < 0:
            return None
        at = closing + len(_END_TBL)
        if depth == 0:
            spans.append((start, at))
    return spans if depth == 0 else None


# A table's bytes this large are held deflated while they wait to be laid out or written (a roll-up's
# table of 2,500 units is some 10 MB as XML and some 0.3 MB deflated: the part and its tables' copies
# are never in memory together, nor every table's bytes while one is laid out).
PACKED_TABLE_BYTES = 256 * 1024


class _Packed:
    """A table's bytes, deflated (fast: each is inflated once, to be laid out or written)."""

    __slots__ = ("deflated",)

    def __init__(self, pieces: Iterable[bytes | memoryview]) -> None:
        packer = zlib.compressobj(1)
        self.deflated = b"".join([*(packer.compress(piece) for piece in pieces), packer.flush()])

    def inflated(self, most: int = 0) -> bytes:
        """The bytes (`most`: at most so many of them, from the start)."""
        return zlib.decompressobj().decompress(self.deflated, most)


def _packed(pieces: list[bytes | memoryview]) -> bytes | _Packed:
    """A table's bytes as held: `pieces` joined, or deflated when they are large (PACKED_TABLE_BYTES)."""
    if sum(len(piece) for piece in pieces) < PACKED_TABLE_BYTES:
        return b"".join(pieces)
    return _Packed(pieces)


def _unpacked(held: bytes | _Packed) -> bytes:
    return held.inflated() if isinstance(held, _Packed) else held


def _in_body(table: Element) -> bool:
    parent = table.getparent()
    return parent is not None and parent.tag == _BODY


class TablesCut:
    """A part's tree without its body-level tables, each cut from the bytes before the parse and left
    as an empty <w:tbl/> in its place; to_bytes writes the tree (as lxml writes a whole tree) with
    each table's bytes back as they were. A pass that edits only the body's paragraphs (charts put
    in) parses the part's paragraphs, not its rows: a county summary of 2,000 units' table, parsed
    whole, took some 30 MB. Its tables are written as the render wrote them, which the layout passes
    then read as they read a render's (TablesAside._cut)."""

    _STAND_IN = b"<w:tbl/>"

    def __init__(self, data: bytes, root: Element, spans: list[tuple[int, int]]) -> None:
        self.data = data
        self.root = root
        self._spans = spans

    @classmethod
    def of(cls, data: bytes, outside: bytes) -> TablesCut | None:
        """The part `data` so cut, if `outside` (the text a pass looks for) is in it and in none of
        its tables, and the tables can be cut with certainty (as TablesAside._cut); else None."""
        at = data.find(outside)
        if at == -1 or data.find(b"<!") != -1 or data.find(b"<?", 1) != -1:
            return None
        spans = _outer_tables(data)
        if not spans or any(data.find(b"xmlns", start, data.find(b">", start)) != -1 for start, _ in spans):
            return None
        if not _outside(data, outside, at, spans):
            return None
        skeleton, at = [], 0
        for start, end in spans:
            skeleton += [data[at:start], cls._STAND_IN]
            at = end
        skeleton.append(data[at:])
        try:
            root = etree.fromstring(b"".join(skeleton), wml.PARSER)
        except etree.XMLSyntaxError:
            return None  # (told by the parse of the whole part)
        tables = list(root.iter(_TBL))
        if len(tables) != len(spans) or not all(_in_body(table) and not len(table) for table in tables):
            return None
        return cls(data, root, spans)

    def to_bytes(self) -> bytes:
        between = wml.to_bytes(self.root).split(self._STAND_IN)
        if len(between) != len(self._spans) + 1:
            raise wml.BadPart("table stand-in")  # (cannot be: text and attributes escape '<')
        tables: list[bytes | memoryview] = [memoryview(self.data)[start:end] for start, end in self._spans]
        tables.append(b"")
        return b"".join(piece for pair in zip(between, tables, strict=True) for piece in pair)


class Sink(Protocol):
    """Where a part laid out with its tables aside is written (a file, a BytesIO, a zip entry)."""

    def write(self, data: bytes | memoryview, /) -> object: ...


def _outside(data: bytes, text: bytes, at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether every occurrence of `text` in `data` from `at` on is outside the `spans`."""
    while at != -1:
        if any(start <= at < end for start, end in spans):
            return False
        at = data.find(text, at + len(text))
    return True


class _RowsSoFar:
    """The rows of a body-level table being parsed, each serialised as soon as it ends (a table of
    2,000 rows is never whole as elements), without the namespace declarations of the table's start."""

    def __init__(self, table: Element) -> None:
        probe = etree.SubElement(table, _TR)
        self.declarations = etree.tostring(probe, encoding="UTF-8")[5:-2]  # <w:tr …/>
        table.remove(probe)
        self.rows: list[bytes] = []

    def set_aside(self, table: Element, row: Element) -> None:
        data = etree.tostring(row, encoding="UTF-8")
        if not data.startswith(b"<w:tr" + self.declarations):
            return  # a row declaring namespaces of its own: left in the table
        self.rows.append(data[:5] + data[5 + len(self.declarations) :])
        row.clear()  # (an empty row is taken out without walking it)
        table.replace(row, etree.ProcessingInstruction("gongwen-row"))


class RowFitter(Protocol):
    """fit_columns one row at a time (layout.FittedByRows): every row measured, then every row fitted;
    rows.py measures and writes rows of a known shape from their texts (measured, fits_alike, skip, suffix)."""

    first: int  # the first metric column
    rows: int  # rows measured, then fitted, so far
    metric: bool  # a metric table: its leading cells' lines are measured too

    def measure(self, row: Element) -> None: ...
    def measured(
        self,
        length: int,
        style: Callable[[], str | None],
        needed: list[int],
        decimals: dict[int, int],
        lines: list[list[tuple[str, int]]] | None = None,
    ) -> None: ...
    def decide(self) -> None: ...
    def fit(self, row: Element) -> None: ...
    def fits_alike(self, length: int) -> bool: ...
    def skip(self) -> None: ...
    def suffix(self, length: int, column: int, decimals: int) -> str: ...


class _HeldRows:
    """A large table laid out row by row (never all its rows as elements at once): its start and
    properties, laid out, and each row's bytes, written without the namespace declarations the
    table's start makes."""

    def __init__(
        self,
        head: bytes,
        declarations: bytes,
        rows: list[bytes],
        estimates: list[tuple[int, bool]],
        kept: Callable[[bytes], bytes] | None = None,
    ):
        self.head = head
        self.declarations = declarations
        self.rows = rows
        self.aside = RowsAside.held(estimates, self.keep)
        self.kept = kept or self._parsed_and_kept  # (rows.KeptRows: each shape of row parsed once)

    def keep(self, indices: list[int]) -> None:
        for index in indices:
            self.rows[index] = self.kept(self.rows[index])

    def _parsed_and_kept(self, data: bytes) -> bytes:
        row = etree.fromstring(data[:5] + self.declarations + data[5:], wml.PARSER)
        keep_row(row)
        return _without(etree.tostring(row, encoding="UTF-8"), self.declarations)

    def to_bytes(self) -> bytes:
        return b"".join([self.head, *self.rows, b"</w:tbl>"])


class TablesAside:
    """The part's tree with each body-level table replaced by a stand-in, and the tables' bytes.

    `prepare` is what must happen to every table before the walk measures it (the passes that
    change a table on its own: column widths, a 署名 inside it); it runs once per table, when the
    table is first opened, or before it is written if nothing opened it."""

    def __init__(
        self,
        data: bytes | Handed,
        prepare: Callable[[Element], None],
        fit_rows: Callable[[Element], RowFitter] | None = None,
    ) -> None:
        """`data`, when Handed, is taken: once its tables are set aside, nothing holds the whole part."""
        self._prepare = prepare
        self._fit_rows = fit_rows  # (what `prepare` does to a table, one row at a time: see for_flow)
        self._stored: dict[Element, bytes | _Packed] = {}  # stand-in -> the table's bytes (_packed)
        self._prepared: set[Element] = set()
        self._held: dict[Element, _HeldRows] = {}  # stand-in -> the table laid out row by row
        self.root = self._parse(data.take() if isinstance(data, Handed) else data)

    def _parse(self, data: bytes) -> Element:
        cut = self._cut(data)
        if cut is not None:
            return cut
        events = etree.iterparse(io.BytesIO(data), events=("end",), tag=(_TBL, _TR), **wml.PARSE_OPTIONS)
        rows: dict[Element, _RowsSoFar] = {}  # a body-level table being parsed -> its rows' bytes
        try:
            for _, element in events:
                parent = element.getparent()
                if parent is None:
                    continue
                if element.tag == _TR:
                    if parent.tag == _TBL and _in_body(parent) and element.tail is None:
                        held = rows.get(parent) or rows.setdefault(parent, _RowsSoFar(parent))
                        held.set_aside(parent, element)
                elif parent.tag == _BODY:  # the table becomes its own stand-in
                    so_far = rows.pop(element, None)
                    self._set_aside(element, element, None if so_far is None else so_far.rows)
            root: Element = events.root
        except etree.XMLSyntaxError as exc:
            raise wml.BadPart(str(exc)) from None
        return wml.without_doctype(root)

    def _cut(self, data: bytes) -> Element | None:
        """The part's tree with its tables cut from the rendered bytes before the parse (a table is
        never parsed whole, nor its rows one by one here: rows.py parses one row of each shape); None
        when the bytes cannot be cut so with certainty (a comment, CDATA, a DOCTYPE or processing
        instruction, a table declaring namespaces or not in the body: then _parse reads them as events).
        A table's stored bytes are then the render's, not lxml's: everything written of one is parsed
        and written again by lxml, or written from a row of its shape that was (rows.py)."""
        if data.find(b"<!") != -1 or data.find(b"<?", 1) != -1:
            return None
        spans = _outer_tables(data)
        if not spans or any(data.find(b"xmlns", start, data.find(b">", start)) != -1 for start, _ in spans):
            return None
        skeleton, at = [], 0
        for start, end in spans:  # each table left as its start and properties (its head, up to its rows)
            rows = [found for row in _ROW_STARTS if (found := data.find(row, start, end)) != -1]
            skeleton += [data[at:start], data[start : min(rows, default=end - len(_END_TBL))], _END_TBL]
            at = end
        skeleton.append(data[at:])
        try:
            root = etree.fromstring(b"".join(skeleton), wml.PARSER)
        except etree.XMLSyntaxError:
            return None  # (told as the events read it)
        tables = list(root.iter(_TBL))
        if len(tables) != len(spans) or not all(_in_body(table) for table in tables):
            return None
        body = tables[0].getparent()
        probe = etree.SubElement(body, _TBL)  # (a table written on its own declares what the part does)
        declarations = etree.tostring(probe, encoding="UTF-8")[len(b"<w:tbl") : -2]
        body.remove(probe)
        for table, (start, end) in zip(tables, spans, strict=True):
            properties = wml.first_child(table, _TBLPR)
            attributes = dict(table.attrib)
            table.clear(keep_tail=True)
            table.attrib.update(attributes)
            if properties is not None:
                table.append(properties)
            # (a view of the render's bytes, not a slice copied: a large table is deflated as it is read)
            self._stored[table] = _packed([b"<w:tbl", declarations, memoryview(data)[start + len(b"<w:tbl") : end]])
        return root

    def _set_aside(self, stand_in: Element, table: Element, rows: list[bytes] | None = None) -> None:
        """`table` stored as bytes behind `stand_in`, which keeps its attributes and a copy of the
        table's tblPr, nothing else. (Cleared, not replaced: lxml frees children nobody refers to
        at once, where moving a subtree out of the tree walks all of it.) `rows`: the bytes of the
        rows already set aside from `table` as it was parsed (see _RowsSoFar), in their places."""
        data = etree.tostring(table, encoding="UTF-8", with_tail=False)
        if rows:
            between = data.split(_ROW_MARK)
            if len(between) != len(rows) + 1:
                raise wml.BadPart("row mark")  # (cannot be: a mark in the XML's text would be escaped)
            data = b"".join(piece for pair in zip(between, [*rows, b""], strict=True) for piece in pair)
        self._stored[stand_in] = _packed([data])
        del data
        properties = wml.first_child(table, _TBLPR)
        kept = None if properties is None else copy.deepcopy(properties)
        attributes = dict(stand_in.attrib)
        stand_in.clear(keep_tail=True)
        stand_in.attrib.update(attributes)
        if kept is not None:
            stand_in.append(kept)

    def _table(self, stand_in: Element) -> Element:
        """The table behind `stand_in`, parsed; its bytes are dropped (one copy of a large table at a time)."""
        try:
            table = etree.fromstring(_unpacked(self._stored.pop(stand_in)), wml.PARSER)
        except etree.XMLSyntaxError as exc:  # (a table cut from the render's bytes: see _cut)
            raise wml.BadPart(str(exc)) from None
        if stand_in not in self._prepared:
            self._prepare(table)
            self._prepared.add(stand_in)
        return table

    @contextmanager
    def opened(self, block: Element) -> Iterator[Element]:
        """The table behind `block`, on its own (out of the tree) while the caller works on it, then
        stored again with the caller's changes (a block that is not a stand-in: itself)."""
        if block not in self._stored:
            yield block
            return
        table = self._table(block)
        try:
            yield table
        finally:
            self._set_aside(block, table)

    @contextmanager
    def for_flow(self, block: Element) -> Iterator[Element | RowsAside]:
        """What the page flow reads of `block`: a table no pass has opened yet, laid out row by row
        and held as its rows' bytes (when `fit_rows` is given and the table allows it), else as opened."""
        held = self._held.get(block)
        if held is None and self._fit_rows is not None and block in self._stored and block not in self._prepared:
            held = _by_rows(_unpacked(self._stored[block]), self._fit_rows)
            if held is not None:
                self._held[block] = held
                del self._stored[block]
                self._prepared.add(block)
        if held is not None:
            yield held.aside
            return
        with self.opened(block) as table:
            yield table

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.write_to(out)
        return out.getvalue()

    def write_to(self, out: Sink) -> None:
        """The part as lxml writes a whole tree (wml.to_bytes: the same bytes as the passes on the
        part parsed whole), written block by block into `out` (a zip entry compressing it as it
        comes: a roll-up's rows are let go as they are written, and no whole copy of it is made):
        the root and body as written with the body's blocks taken out, then each block as written
        on its own less the namespace declarations it repeats (after those it makes itself: a
        paragraph of charts'; each table as its stored or held bytes, dropped as it goes). A part
        this cannot write so (text between blocks, a block redeclaring a prefix) is written by
        _declaring_blocks, whose XML differs only in where namespaces are declared."""
        root = self.root
        body = next(root.iterchildren(_BODY), None)
        if body is None or (body.text or "").strip() or any(block.tail for block in body):
            return self._declaring_blocks(out)
        blocks = list(body)
        probe = etree.SubElement(body, _BODY)
        declarations = etree.tostring(probe, encoding="UTF-8")[len(b"<w:body") : -2]
        body.remove(probe)
        inherited: list[int] = []  # where each block's start repeats the declarations
        for block in blocks:
            if not isinstance(block.tag, str):  # a comment or processing instruction: it declares none
                inherited.append(0)
                continue
            at = _inherited_at(self._start(block), declarations)
            if at is None:
                return self._declaring_blocks(out)
            inherited.append(at)
        for block in blocks:
            body.remove(block)
        marker = etree.ProcessingInstruction("gongwen-body")
        body.append(marker)
        before, after = etree.tostring(root, encoding="UTF-8").split(b"<?gongwen-body ?>")
        body.remove(marker)
        body.extend(blocks)
        out.write(wml.DECLARATION)  # (each block written and let go: one block in memory at once)
        out.write(before)
        for block, at in zip(blocks, inherited, strict=True):
            held = self._held.pop(block, None)
            data = self._block_bytes(block) if held is None else held.head
            out.write(memoryview(data)[:at])
            out.write(memoryview(data)[at + len(declarations) if at else 0 :])
            del data
            if held is not None:
                rows, held.rows = held.rows, []
                for index, row in enumerate(rows):
                    out.write(row)
                    rows[index] = b""  # (let go as written)
                out.write(_END_TBL)
        out.write(after)

    def _start(self, block: Element) -> bytes:
        """The first bytes of a block as written (its name and the declarations it makes)."""
        held = self._held.get(block)
        if held is not None:
            return held.head[:2000]
        stored = self._stored.get(block)
        if isinstance(stored, _Packed):
            return stored.inflated(2000)
        return (stored if stored is not None else etree.tostring(block, encoding="UTF-8"))[:2000]

    def _block_bytes(self, block: Element) -> bytes:
        """One block of the body as written on its own (a table: its bytes, dropped as it goes)."""
        if block not in self._stored:
            return bytes(etree.tostring(block, encoding="UTF-8"))
        if block not in self._prepared:  # a table no pass opened (one that floats): prepared now
            return bytes(etree.tostring(self._table(block), encoding="UTF-8"))
        return _unpacked(self._stored.pop(block))

    def _declaring_blocks(self, out: Sink) -> None:
        """The part, written block by block. A table the passes have seen is written as its stored
        bytes (each is a whole element, its namespaces declared), without parsing it again, and
        dropped as it goes."""
        out.write(wml.DECLARATION)
        root = self.root
        with (
            etree.xmlfile(out, encoding="UTF-8", buffered=False) as xf,
            xf.element(root.tag, dict(root.attrib), root.nsmap),
        ):
            xf.write(root.text or "")
            for child in root:
                if child.tag != _BODY:
                    xf.write(child)
                    continue
                with xf.element(child.tag, dict(child.attrib)):
                    xf.write(child.text or "")  # (closes the start tag before any raw bytes)
                    for block in child:
                        self._write_block(xf, out, block)
                xf.write(child.tail or "")

    def _write_block(self, xf: etree.xmlfile, out: Sink, block: Element) -> None:
        """One block of the body: itself, or the table it stands in for (see to_bytes)."""
        if block in self._held:
            xf.flush()
            out.write(self._held.pop(block).to_bytes())
            xf.write(block.tail or "")
        elif block not in self._stored:
            xf.write(block)
        elif block not in self._prepared:  # a table no pass opened (one that floats): prepared now
            table = self._table(block)
            table.tail = block.tail
            xf.write(table)
        else:
            xf.flush()
            out.write(_unpacked(self._stored.pop(block)))
            xf.write(block.tail or "")


def _inherited_at(start: bytes, declarations: bytes) -> int | None:
    """Where a block written on its own (`start`: its first bytes) repeats the namespace declarations
    it inherits in the part (lxml writes them after the element's name and the declarations it
    makes itself: a paragraph of charts declares wp:, a: and pic:); None when it does not so."""
    at = max(start.find(b" "), 1)
    while not start.startswith(declarations, at):
        if not start.startswith((b" xmlns:", b' xmlns="'), at):
            return None
        value = start.find(b'"', at)  # (the declaration's value, quoted; no quote inside)
        end = start.find(b'"', value + 1) if value != -1 else -1
        if end == -1:
            return None
        at = end + 1
    return at


def _without(data: bytes, declarations: bytes) -> bytes:
    """A row's bytes as serialised on its own, less the namespace declarations of its table's start."""
    if not data.startswith(b"<w:tr" + declarations):
        raise _NotByRows
    return data[:5] + data[5 + len(declarations) :]


class _NotByRows(Exception):
    """A table laid out as a whole after all (its rows are not all alike: see _by_rows)."""


def _rows_of(data: bytes) -> Iterator[tuple[Element, Element]]:
    """The table's rows, each parsed in turn and removed from the table after the caller's turn."""
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_TR, **wml.PARSE_OPTIONS)
    for _, row in events:
        table = row.getparent()
        if table is None or table.tag != _TBL or row.tail:
            raise _NotByRows
        yield table, row
        row.clear()  # (an empty row is taken out without walking it)
        table.remove(row)


def _by_rows(data: bytes, fit_rows: Callable[[Element], RowFitter]) -> _HeldRows | None:
    """The table `data` laid out row by row, or None when it must be laid out as a whole (a table
    inside, rows not the table's own, something between its rows, a 署名)."""
    try:
        return _rows_laid_out(data, fit_rows)
    except etree.XMLSyntaxError as exc:  # (a table cut from the render's bytes: see TablesAside._cut)
        raise wml.BadPart(str(exc)) from None


def _rows_laid_out(data: bytes, fit_rows: Callable[[Element], RowFitter]) -> _HeldRows | None:
    """_by_rows, whose rows' bytes may not parse."""
    if not _rows_alone(data):
        return None
    from .rows import KeptRows, laid_out  # (rows.py reads layout.py's fitting, which reads this module)

    by_shapes = laid_out(data, fit_rows)
    if by_shapes is not None:  # each row shape parsed once, not each row twice
        return _HeldRows(*by_shapes, KeptRows(by_shapes[1]).kept)
    try:
        fitter: RowFitter | None = None
        head: Element | None = None
        before: Element | None = None  # the last child before the rows (each row comes right after it)
        for table, row in _rows_of(data):
            if head is None:
                head, before = table, row.getprevious()
                fitter = fit_rows(head)
            elif row.getprevious() is not before:
                raise _NotByRows  # something between two rows
            fitter.measure(row)  # type: ignore[union-attr]
        if head is None or fitter is None or (len(head) and head[-1] is not before):
            return None  # (no rows, or something after the last)
        fitter.decide()
        opening = etree.tostring(head, encoding="UTF-8")
        probe = etree.SubElement(head, _TR)
        declarations = etree.tostring(probe, encoding="UTF-8")[5:-2]
        head.remove(probe)
        if not opening.endswith(b"</w:tbl>"):
            raise _NotByRows
        rows, estimates = [], []
        for _, row in _rows_of(data):
            fitter.fit(row)
            estimates.append(estimate_row(row))
            rows.append(_without(etree.tostring(row, encoding="UTF-8"), declarations))
        return _HeldRows(opening[: -len(b"</w:tbl>")], declarations, rows, estimates)
    except _NotByRows:
        return None
