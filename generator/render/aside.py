"""A large part's tables set aside as bytes while the layout passes walk its body.

A roll-up of 2,000 units renders a 15 MB document.xml; parsed whole it is a tree of some 200 MB,
for passes that look at one table at a time. Here each of the body's tables is kept as its own
bytes behind an empty stand-in (its w:tblPr only, which says whether it floats), parsed on its
own when a pass opens it and stored again after; the part is then written out block by block.
What is in memory at once is the body's paragraphs, one table, and the bytes.

The passes are the same functions as for a small part, and the result is the same XML: only the
namespace declarations differ in place (each block written on its own declares them again).
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from lxml import etree

from generator.standard import wordml as wml
from generator.standard.wordml import Element

# A part this large is laid out with its tables set aside (its tree would be some 12 times this).
LARGE_PART_BYTES = 2 * 2**20

_TBL, _TBLPR, _BODY = wml.qn("w:tbl"), wml.qn("w:tblPr"), wml.qn("w:body")


class TablesAside:
    """The part's tree with each body-level table replaced by a stand-in, and the tables' bytes.

    `prepare` is what must happen to every table before the walk measures it (the passes that
    change a table on its own: column widths, a 署名 inside it); it runs once per table, when the
    table is first opened, or before it is written if nothing opened it."""

    def __init__(self, data: bytes, prepare: Callable[[Element], None]) -> None:
        self._prepare = prepare
        self._stored: dict[Element, bytes] = {}  # stand-in -> the table's bytes
        self._prepared: set[Element] = set()
        self.root = self._parse(data)

    def _parse(self, data: bytes) -> Element:
        events = etree.iterparse(io.BytesIO(data), events=("end",), tag=_TBL, **wml.PARSE_OPTIONS)
        try:
            for _, table in events:
                parent = table.getparent()
                if parent is not None and parent.tag == _BODY:
                    self._set_aside(table, table)  # the table becomes its own stand-in
            root: Element = events.root
        except etree.XMLSyntaxError as exc:
            raise wml.BadPart(str(exc)) from None
        return wml.without_doctype(root)

    def _set_aside(self, stand_in: Element, table: Element) -> None:
        """`table` stored as bytes behind `stand_in`, which keeps its attributes and a copy of the
        table's tblPr, nothing else. (Cleared, not replaced: lxml frees children nobody refers to
        at once, where moving a subtree out of the tree walks all of it.)"""
        self._stored[stand_in] = etree.tostring(table, encoding="UTF-8", with_tail=False)
        properties = wml.first_child(table, _TBLPR)
        kept = None if properties is None else copy.deepcopy(properties)
        attributes = dict(stand_in.attrib)
        stand_in.clear(keep_tail=True)
        stand_in.attrib.update(attributes)
        if kept is not None:
            stand_in.append(kept)

    def _table(self, stand_in: Element) -> Element:
        """The table behind `stand_in`, parsed; its bytes are dropped (one copy of a large table at a time)."""
        table = etree.fromstring(self._stored.pop(stand_in), wml.PARSER)
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

    def to_bytes(self) -> bytes:
        """The part, written block by block. A table the passes have seen is written as its stored
        bytes (each is a whole element, its namespaces declared), without parsing it again, and
        dropped as it goes: the tree and the part's bytes are what is in memory at the end."""
        out = io.BytesIO()
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
        return out.getvalue()

    def _write_block(self, xf: etree.xmlfile, out: io.BytesIO, block: Element) -> None:
        """One block of the body: itself, or the table it stands in for (see to_bytes)."""
        if block not in self._stored:
            xf.write(block)
        elif block not in self._prepared:  # a table no pass opened (one that floats): prepared now
            table = self._table(block)
            table.tail = block.tail
            xf.write(table)
        else:
            xf.flush()
            out.write(self._stored.pop(block))
            xf.write(block.tail or "")
