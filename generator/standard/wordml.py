"""The one way gongwen reads and edits WordprocessingML: lxml, through these small helpers.

Rendered parts are parsed, changed as elements and serialised back; nothing matches XML
with regular expressions, so Word's own additions (w:rsidR on rows and paragraphs, extra
namespaces, attribute order) never make a pass miss its target. Entities and DTDs are
refused by the parser: a part is data, never instructions to fetch or expand anything.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeAlias

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word's "Strict Open XML 文档" names WordprocessingML's elements in this namespace instead.
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_SAVED = (
    "是以“Strict Open XML 文档”格式保存的，gongwen 读不了这种格式："
    "请在 Word 里“另存为”，保存类型选“Word 文档（*.docx）”"
)
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS = {"w": W, "r": R, "wp": WP, "a": A, "pic": PIC}
# xml:space, which a w:t keeping its leading or trailing spaces says "preserve".
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Every part is parsed so, whole or as it streams in: no entity expanded, no DTD loaded, nothing fetched.
PARSE_OPTIONS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}
PARSER = etree.XMLParser(**PARSE_OPTIONS)

Element: TypeAlias = etree._Element


@functools.cache
def qn(name: str) -> str:
    """'w:tr' as lxml's Clark name '{namespace}tr'; a Clark name or a plain name stays as it is."""
    if name.startswith("{") or ":" not in name:
        return name
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


class BadPart(ValueError):
    """A part that is not well-formed XML, or carries a DOCTYPE (which OOXML never has)."""


class TextTooLong(BadPart):
    """A part that is well-formed as far as read, but one run of text in it is longer than libxml2
    reads without huge_tree (kept off: it is what bounds a hostile part's memory)."""


# libxml2's XML_MAX_TEXT_LENGTH: the longest text node it reads without XML_PARSE_HUGE.
MAX_TEXT_BYTES = 10_000_000


def too_long_text(part: str) -> str:
    """The clerk's words for TextTooLong, `part` naming the part ("正文部分（word/document.xml）")."""
    return (
        f"{part}里有一段文字太长（一段连续的文字超过 {MAX_TEXT_BYTES // 10_000} 万字节，约 "
        f"{MAX_TEXT_BYTES // 3 // 10_000} 万个汉字），为安全不读这样的文件；"
        "请把这段文字拆成几段，或删去多余的内容后再试"
    )


def _bad_part(exc: etree.XMLSyntaxError) -> BadPart:
    """lxml's parse error as BadPart; the text-length limit as TextTooLong, so that it can be told."""
    if exc.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT and "Text node too long" in str(exc):
        return TextTooLong(str(exc))
    return BadPart(str(exc))


def parse(xml: str | bytes) -> Element:
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as exc:
        raise _bad_part(exc) from None
    return without_doctype(root)


class _WellFormed:
    """A parser target with no start or end: libxml2 reads the part without making a tree or calling
    back per element; it is told of a DOCTYPE, if any."""

    def __init__(self) -> None:
        self.doctype_seen = False

    def doctype(self, *_: object) -> None:
        self.doctype_seen = True

    def close(self) -> bool:
        return self.doctype_seen


def root_tag(data: bytes) -> str:
    """The tag of a part's root, if the part is what parse accepts (else BadPart, as parse raises),
    read without a tree: a large part (a roll-up of thousands of units) would be a dozen times its size."""
    try:
        if etree.fromstring(data, etree.XMLParser(target=_WellFormed(), **PARSE_OPTIONS)):
            raise BadPart("a DOCTYPE in an OOXML part")
        _, first = next(iter(etree.iterparse(io.BytesIO(data), events=("start",), **PARSE_OPTIONS)))
    except etree.XMLSyntaxError as exc:
        raise _bad_part(exc) from None
    return str(first.tag)


# The root's start tag is read from this much of a part given in pieces (root_tag_of).
_ROOT_TAG_WITHIN = 64 * 1024


def root_tag_of(pieces: Iterable[bytes]) -> str:
    """root_tag, of a part given in pieces (a large zip member inflated as it is read: never whole).
    BadPart also when the root's start tag does not end within its first _ROOT_TAG_WITHIN bytes."""
    parser = etree.XMLParser(target=_WellFormed(), **PARSE_OPTIONS)
    start = b""
    try:
        for piece in pieces:
            if len(start) < _ROOT_TAG_WITHIN:
                start += piece[: _ROOT_TAG_WITHIN - len(start)]
            parser.feed(piece)
        if parser.close():
            raise BadPart("a DOCTYPE in an OOXML part")
        _, first = next(iter(etree.iterparse(io.BytesIO(start), events=("start",), **PARSE_OPTIONS)))
    except etree.XMLSyntaxError as exc:
        raise _bad_part(exc) from None
    return str(first.tag)


def without_doctype(root: Element) -> Element:
    """A parsed part, refused if it carries a DOCTYPE (which OOXML never has)."""
    if root.getroottree().docinfo.doctype:
        raise BadPart("a DOCTYPE in an OOXML part")
    return root


# The XML declaration Word writes.
DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def to_bytes(root: Element) -> bytes:
    """The part as it goes into the package, with the XML declaration Word writes."""
    body: bytes = etree.tostring(root, encoding="UTF-8")
    return DECLARATION + body


def fragment(element: Element) -> str:
    """One element as text, declaring the namespaces it uses."""
    text: bytes = etree.tostring(element, encoding="UTF-8")
    return text.decode("utf-8")


@functools.cache
def _child_steps(path: str) -> tuple[str, ...] | None:
    """'w:pPr/w:pStyle' as Clark names, one per step down; None for a path that is more than child
    steps ('.//w:t', a predicate, Clark names), which goes to lxml's ElementPath as it is."""
    if any(mark in path for mark in ("{", "[", ".", "*")) or path.startswith("/") or "//" in path:
        return None
    return tuple(qn(step) for step in path.split("/"))


# A find per cell of every table adds up: child steps are walked with lxml's iterchildren (in C),
# not through ElementPath (in Python).
def find(element: Element, path: str) -> Element | None:
    steps = _child_steps(path)
    if steps is None:
        found: Element | None = element.find(path, NS)
        return found
    current = element
    for tag in steps:
        child: Element | None = next(current.iterchildren(tag), None)
        if child is None:
            return None
        current = child
    return current


def findall(element: Element, path: str) -> list[Element]:
    steps = _child_steps(path)
    if steps is None:
        return list(element.iterfind(path, NS))
    level = [element]
    for tag in steps:
        level = [child for parent in level for child in parent.iterchildren(tag)]
    return level


def iter_descendants(element: Element, name: str) -> Iterator[Element]:
    yield from element.iter(qn(name))


def get(element: Element | None, name: str) -> str | None:
    """An attribute such as 'w:val', or None."""
    if element is None:
        return None
    value: str | None = element.get(qn(name))
    return value


def set_attr(element: Element, name: str, value: str | int) -> None:
    element.set(qn(name), str(value))


def sub(parent: Element, name: str, attributes: Mapping[str, str | int] | None = None, **w: str | int) -> Element:
    """A new last child of `parent`: `attributes` as named ('id', 'r:embed'), `w_val=...` for 'w:val'."""
    child = etree.SubElement(parent, qn(name))
    for key, value in (attributes or {}).items():
        child.set(qn(key), str(value))
    for key, value in w.items():
        child.set(qn(key.replace("_", ":", 1)), str(value))
    return child


def element(name: str, attributes: Mapping[str, str | int] | None = None) -> Element:
    """A new element with no parent yet, declaring gongwen's prefixes (w:, r:, wp:, a:, pic:) so that
    its descendants are written with them, as Word writes them."""
    new = etree.Element(qn(name), nsmap=NS if ":" in name and not name.startswith("{") else None)
    for key, value in (attributes or {}).items():
        new.set(qn(key), str(value))
    return new


def paragraph_text(paragraph: Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


_PPR, _PSTYLE, _VAL = f"{{{W}}}pPr", f"{{{W}}}pStyle", f"{{{W}}}val"


def first_child(element: Element, tag: str) -> Element | None:
    """The first child named `tag`, looked for first where the schema puts such a child: first
    (pPr in a paragraph, pStyle in pPr, tcPr in a cell). Runs on every paragraph of every pass."""
    if not len(element):
        return None
    first = element[0]
    if first.tag == tag:
        return first
    found: Element | None = next(element.iterchildren(tag), None)
    return found


def holds_tables(table: Element) -> bool:
    """Whether a table has a table inside it (its rows and cells are then not all its own)."""
    tables = table.iter(f"{{{W}}}tbl")
    next(tables)  # the table itself
    return next(tables, None) is not None


def style_of(paragraph: Element) -> str | None:
    ppr = first_child(paragraph, _PPR)
    style = None if ppr is None else first_child(ppr, _PSTYLE)
    return None if style is None else style.get(_VAL)


def based_on_cycles(styles: Element) -> list[list[str]]:
    """The styles of styles.xml whose w:basedOn chain comes back to itself, each cycle once, in the
    order Word would follow it (LoopA → LoopB → LoopA is ["LoopA", "LoopB"]). Word never writes one;
    LibreOffice crashes on a document using one (a segmentation fault, no PDF and no message)."""
    based_on: dict[str, str] = {}
    for style in styles.iterfind(qn("w:style")):
        basis = first_child(style, qn("w:basedOn"))
        if basis is not None and basis.get(_VAL):
            based_on[style.get(qn("w:styleId"), "")] = basis.get(_VAL, "")
    cycles: list[list[str]] = []
    done: set[str] = set()
    for start in based_on:
        path: list[str] = []
        style_id: str | None = start
        while style_id is not None and style_id not in done and style_id not in path:
            path.append(style_id)
            style_id = based_on.get(style_id)
        if style_id is not None and style_id in path:
            cycles.append(path[path.index(style_id) :])
        done.update(path)
    return cycles


def break_based_on_cycles(styles: Element) -> bool:
    """Each cycle of w:basedOn cut where it closes (its last style based on nothing), as Word opens
    such a file; whether anything was cut."""
    cycles = based_on_cycles(styles)
    closing = {cycle[-1] for cycle in cycles}
    for style in styles.iterfind(qn("w:style")):
        if style.get(qn("w:styleId"), "") in closing:
            basis = first_child(style, qn("w:basedOn"))
            if basis is not None:
                style.remove(basis)
    return bool(cycles)
