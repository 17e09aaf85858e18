"""Layout from the render stream: a document laid out without parsing it, from the render's pieces.

A compiled template renders a part as a sequence of pieces: static chunks of the template's XML
(plain strings, the same for every document) and values (escaped text, ``Markup``). Documents
whose sequence of static chunks is the same (the same branches and loop counts: the same
template path) have the same XML structure and differ only in the text of their values.

The layout passes (layout.py, sheets.py, pagination.py: the reference, and the only code that
decides a layout) read of a value's text only what these features keep:

- a paragraph outside tables: its text up to the identity of ordinary ideographs, digits and Latin
  letters (``_SHAPE``): its width at any size and every test of the 落款 rules (dates, 附件,
  punctuation, lengths) are the same for two texts of one shape;
- a paragraph in a cell of a table whose columns are not fitted to their text: one line, when a
  length test proves it takes one line at the narrowest width the passes can measure it at (its
  cell as rendered, or scaled to the portrait page, or sheets.NARROW_COLUMN); else its shape;
- the first cell of each row: also whether its text equals the cell above (groups are merged so);
- a fill-in line (fill_in_lines.py): whether it is one, and whether it is broken at each width;
- a 公文标题 holding values: where titles.py breaks it, each cut placed in the title's pieces (the
  names decide where): a kept layout may hold part of a value (a title broken inside a name).

The first document of a template path, and the first of each new set of its features, are laid
out by the passes alone (most of a campaign's varied documents share neither with another, and
locating values costs a little more than the passes). The second is laid out by the passes on a
parsed tree in which every value's position is known, and the laid-out part is kept as static
text with a slot per value (a value in a paragraph the passes removed has none).
Every later document of that path and those features is then the kept text with its own values
in the slots: no parse, no walk, no serialisation. What the features cannot vouch for goes to the
passes every time: a value the passes changed or copied, a value outside text, a value with a line
break or tab (docxtpl's listing). A part with tables whose values stand inside tags (a roll-up's
cells span by them), a large part, and a part with charts (given whole, once they are in:
laid_out_by_rows) have their tables laid out one row at a time (aside.py, rows.py), whatever their
size. tests/test_stream_layout.py builds documents both ways and requires them to be identical.

A kept layout also knows whether its own text holds a character a placeholder (××, ○○) is made of;
a document written from one whose values hold none either is not read again by 核稿 to look for one
(without_placeholders, asked by output/batch.py as it checks that the document opens).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from lxml import etree

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.package import Handed, ZipEntry
from generator.standard.wordml import Element
from generator.standard.words import NO_NAMES, PLACEHOLDER_CHARACTER, TitleNames

from . import layout
from .fill_in_lines import gap_cuts, is_fill_in_line
from .metrics import laid_out_width
from .pagination import LINE_BREAK, closing_traits, lone_line_remedy, paragraphs_by_page_width, text_lines
from .sheets import NARROW_COLUMN
from .titles import title_cuts

# Marks around a value in the XML analysed once per template path: a value's index, then its text.
_OPEN, _INDEX_END, _CLOSE = "\ue000", "\ue002", "\ue001"
# What sends a document to the passes: characters docxtpl's listing turns into markup (a tab, a
# new paragraph or page), a carriage return (XML reads it as a line break), other control
# characters and the two non-characters (not XML), markup in a value (a safe string), the marks above. A line break in a
# value (a title cut into lines) is written as the listing writes it: see _with_line_breaks.
_NOT_REPLAYABLE = re.compile("[\x00-\x09\x0b-\x1f<\ue000-\ue002\ufffe\uffff]")
# What docxtpl's listing writes for a line break in a run's text.
_LINE_BREAK_IN_RUN = '</w:t><w:br/><w:t xml:space="preserve">'

# Ideographs the passes' rules may name (dates, 附件, 合计 …): kept in a text's shape.
_NAMED_IDEOGRAPHS = frozenset("年月日〇○零一二三四五六七八九十百千万附件此公开发布抄送印合计总小共")


def _shape_table() -> dict[int, str]:
    # (dict.fromkeys, in C: the table has some 28,000 entries and is made at every start)
    table = dict.fromkeys(range(ord("0"), ord("9") + 1), "0")
    table.update(dict.fromkeys(range(ord("a"), ord("z") + 1), "a"))
    table.update(dict.fromkeys(range(ord("A"), ord("Z") + 1), "a"))
    for first, last in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        table.update(dict.fromkeys(range(first, last + 1), "中"))
    for named in _NAMED_IDEOGRAPHS:
        table.pop(ord(named), None)
    return table


# A text's shape: ordinary ideographs one, digits one, Latin letters one (each a run as wide and
# as unbreakable as any other of its class); everything else as it is.
_SHAPE = _shape_table()

_T, _BR, _P, _TC, _TR, _TBL = (wml.qn(n) for n in ("w:t", "w:br", "w:p", "w:tc", "w:tr", "w:tbl"))
_PPR, _PSTYLE, _VAL, _TCPR, _TCW, _W = (wml.qn(n) for n in ("w:pPr", "w:pStyle", "w:val", "w:tcPr", "w:tcW", "w:w"))
_TRPR, _TBL_HEADER, _GRID_COL = wml.qn("w:trPr"), wml.qn("w:tblHeader"), wml.qn("w:gridCol")
_BODY, _DOCUMENT = wml.qn("w:body"), wml.qn("w:document")
_R, _RPR, _SPACING = wml.qn("w:r"), wml.qn("w:rPr"), wml.qn("w:spacing")
_ROLES = {role.style_id: role for role in std.PARAGRAPH_ROLES}

# A text as static strings and value indices.
Recipe = tuple[str | int, ...]


def _text(recipe: Recipe, plain: Sequence[str]) -> str:
    if len(recipe) == 3 and type(index := recipe[1]) is int and not recipe[0] and not recipe[2]:
        return plain[index]  # (a text that is one value: most cells of a sheet, run for every document)
    return "".join([item if isinstance(item, str) else plain[item] for item in recipe])


@dataclass(frozen=True)
class _Reading:
    """What the passes can read of one paragraph holding values: `room` > 0 for a paragraph in a
    cell, tested to take one line in `room` twips at `advance` twips a 字."""

    recipe: Recipe
    room: int = 0
    advance: int = 0

    def feature(self, plain: Sequence[str], names: TitleNames = NO_NAMES) -> str | int:
        text = _text(self.recipe, plain)
        if self.room and LINE_BREAK not in text and self._one_line(text):
            return 1
        return text.translate(_SHAPE)

    def _one_line(self, text: str) -> bool:
        # (no text is wider than a 字 a character: most are proved so without measuring them)
        return len(text) * self.advance <= self.room or laid_out_width(text, self.advance) <= self.room


# (style, run spacing, widths, shape) -> line counts: a text's shape decides how it wraps; a
# campaign's paragraphs holding values have few shapes (its names are of a few lengths).
_LINES: dict[tuple[str, str | None, tuple[int, ...], str], tuple[tuple[object, ...], ...]] = {}


@dataclass(frozen=True)
class _BodyReading:
    """A paragraph of the body (not a 署名 or 成文日期, whose widths are read: see _Reading): the
    passes read its line count at the widths of its page (as rendered, and portrait) and what
    pagination.closing_traits says the 落款 rules test of its text."""

    recipe: Recipe
    style: str
    run_spacing: str | None  # the first run's own w:spacing
    widths: tuple[int, ...]

    def feature(self, plain: Sequence[str], names: TitleNames = NO_NAMES) -> tuple[object, ...]:
        text = _text(self.recipe, plain)
        shape = text.translate(_SHAPE)
        key = (self.style, self.run_spacing, self.widths, shape)
        counts = _LINES.get(key)
        if counts is None:
            if len(_LINES) >= _MOST_LINES:
                _LINES.clear()
            style, spacing = self.style, self.run_spacing  # (a lone last line is set closer: pagination)
            counts = _LINES[key] = tuple(
                (*text_lines(style, spacing, shape, w), lone_line_remedy(style, spacing, shape, w)) for w in self.widths
            )
        return (counts, closing_traits(text.replace(LINE_BREAK, "")), self._fill_in(text, plain))

    def _fill_in(self, text: str, plain: Sequence[str]) -> tuple[object, ...]:
        """For a fill-in line, the gaps fill_in_lines breaks it at, at each width, each placed in
        the paragraph's pieces (sheets.py's fitting leaves it alone); () for any other paragraph."""
        if not is_fill_in_line(text):
            return (False,)
        cuts = [gap_cuts(self.style, self.run_spacing, text, width) for width in self.widths]
        return tuple(_in_items(self.recipe, [at for gap in gaps for at in gap], plain) for gaps in cuts)


@dataclass(frozen=True)
class _FirstColumn:
    """The first cells of a table's rows (header rows aside), as merge_groups compares them."""

    cells: tuple[Recipe, ...]

    def feature(self, plain: Sequence[str], names: TitleNames = NO_NAMES) -> tuple[bool, ...]:
        texts = [_text(cell, plain) for cell in self.cells]
        return tuple(bool(text) and text == above for above, text in zip(["", *texts], texts, strict=False))


@dataclass(frozen=True)
class _TitleReading:
    """A 公文标题 paragraph holding values: where titles.py breaks it at each width the passes may
    set it at, each cut as (item of its recipe, offset in it; a cut where an item starts is that
    item's): documents whose titles are cut alike so are broken alike (the names decide where)."""

    recipe: Recipe
    widths: tuple[int, ...]

    def feature(self, plain: Sequence[str], names: TitleNames = NO_NAMES) -> tuple[tuple[tuple[int, int], ...], ...]:
        text = _text(self.recipe, plain)
        cuts = [title_cuts(text, names, width) for width in self.widths]
        if not any(cuts):
            return ()  # (a title that fits: most documents)
        return tuple(_in_items(self.recipe, at, plain) for at in cuts)


def _in_items(recipe: Recipe, cuts: Sequence[int], plain: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Offsets into a recipe's text, each as (item of the recipe, offset in it; an offset where
    an item starts is that item's)."""
    starts: list[int] = []
    at = 0
    for item in recipe:
        starts.append(at)
        at += len(item) if isinstance(item, str) else len(plain[item])
    found = []
    for cut in cuts:
        number = next((i for i, start in enumerate(starts) if start == cut), None)
        if number is None:
            number = max(i for i, start in enumerate(starts) if start < cut)
        found.append((number, cut - starts[number]))
    return tuple(found)


_AnyReading = _Reading | _BodyReading | _FirstColumn | _TitleReading


@dataclass
class _Path:
    """One template path: what its documents' layouts depend on, and the layouts kept so far,
    by those features (None: laid out by the passes every time)."""

    readings: tuple[_AnyReading, ...]
    kept: dict[tuple[object, ...], _Kept | None] = field(default_factory=dict)
    replayed: int = 0
    refused: int = 0
    seen_once: set[tuple[object, ...]] = field(default_factory=set)

    def decided(self, plain: Sequence[str], names: TitleNames) -> _Kept | bool:
        """The layout kept for the features of these values, else whether to analyse them (False:
        the passes lay the document out alone)."""
        features = self.features(plain, names)
        kept = self.kept.get(features, self)
        if isinstance(kept, _Kept):
            self.replayed += 1
            return kept
        return kept is self and not self.first_of(features) and self.worth_keeping()

    def first_of(self, features: tuple[object, ...]) -> bool:
        """Whether these features are new to the path (then noted): a layout is kept only for
        features a second document shares, the first laid out by the passes alone."""
        if features in self.seen_once:
            self.seen_once.discard(features)
            return False
        if len(self.seen_once) >= _MOST_KEPT * 4:
            self.seen_once.clear()
        self.seen_once.add(features)
        return True

    def worth_keeping(self) -> bool:
        """Whether a new set of features is worth analysing: not on a path whose documents
        rarely share their features (analysing costs a little more than the passes), nor on a
        full one, until a while has passed (another workspace may share its features more)."""
        if len(self.kept) < _TRIAL or (self.replayed >= len(self.kept) and len(self.kept) < _MOST_KEPT):
            return True
        self.refused += 1
        if self.refused < _REFUSED_BEFORE_AGAIN:
            return False
        self.kept.clear()
        self.replayed = self.refused = 0
        return True

    def features(self, plain: Sequence[str], names: TitleNames) -> tuple[object, ...]:
        # Which values are empty, too: an element with no text is written <w:t/>.
        return (*[reading.feature(plain, names) for reading in self.readings], *[not value for value in plain])


@dataclass(frozen=True)
class _Kept:
    """A laid-out part as static text around the values it still holds, in order."""

    texts: tuple[str, ...]  # one more than slots
    # A value's index, or (index, start, end) of a part of it (a title broken inside a value; end
    # -1: to the value's end)
    slots: tuple[int | tuple[int, int, int], ...]
    document: bool  # the part's root is a w:document
    plain: bool  # its own text (every w:t but the values) holds no character of a placeholder (××)

    def with_values(self, values: Sequence[str], plain: Sequence[str]) -> bytes:
        texts = self.texts
        out = [texts[0]]
        for slot, text in zip(self.slots, texts[1:], strict=True):
            out.append(values[slot] if type(slot) is int else _part_of(plain, slot))
            out.append(text)
        return "".join(out).encode("utf-8")


def _part_of(plain: Sequence[str], slot: tuple[int, int, int] | int) -> str:
    """Part of a value's text, as lxml writes text."""
    index, start, end = slot if isinstance(slot, tuple) else (slot, 0, -1)
    text = plain[index][start:] if end == -1 else plain[index][start:end]
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# Template paths seen, by part, signing, the passes needed and the static chunks (None where a
# value goes); None: a path whose values are not all text (laid out by the passes every time);
# _BY_ROWS: one with a value inside a tag (a roll-up's gridSpan), never kept, its tables laid out
# one row at a time whatever its size (layout.laid_out's by_rows: aside.py, rows.py).
_BY_ROWS, _NEW = "by rows", "new"
_PATHS: dict[tuple[object, ...], _Path | str | None] = {}
_MOST_PATHS, _MOST_KEPT, _MOST_LINES = 256, 64, 1 << 14
# Kept layouts in all, in characters (a monthly sheet's is about 30,000): then all are dropped.
_MOST_KEPT_CHARS = 1 << 23
# Features analysed on a path before it must show that its documents share them; documents sent
# to the passes before such a path (or a full one) starts again.
_TRIAL, _REFUSED_BEFORE_AGAIN = 8, 64
_kept_chars = 0
# Paths whose one document so far the passes laid out alone (see _first_of_path).
_SEEN_ONCE: set[tuple[object, ...]] = set()
COUNTS = {"replayed": 0, "analysed": 0, "passes": 0, "rows": 0}


# The last part of each name written from a kept layout: XML that lxml wrote, with values that are
# text (no markup, no character XML refuses) in its slots, so well-formed without a parse.
_WELL_FORMED: dict[str, bytes] = {}
# The last of those whose text (the kept layout's and its values) holds no character of a placeholder.
_WITHOUT_PLACEHOLDERS: dict[str, bytes] = {}


def well_formed(part_name: str, data: bytes) -> bool:
    """Whether `data` is the part `part_name` as this module last wrote it from a kept layout (then
    well-formed, with a w:document root): the check that each document opens need not parse it."""
    return _WELL_FORMED.get(part_name) == data


def without_placeholders(part_name: str, data: bytes) -> bool:
    """Whether `data` is the part `part_name` as this module last wrote it from a kept layout, and
    no text of it holds a character a placeholder (××, ○○) is made of: 核稿 need not read it for one."""
    return _WITHOUT_PLACEHOLDERS.get(part_name) == data


def _written(part_name: str, kept: _Kept, values: Sequence[str], plain: Sequence[str]) -> bytes:
    data = kept.with_values([_as_serialised(value) for value in values], plain)
    if kept.document:
        _WELL_FORMED[part_name] = data
        # (a value as escaped holds every character of its text: escaping replaces only <>&'")
        if kept.plain and not PLACEHOLDER_CHARACTER.search("".join(values)):
            _WITHOUT_PLACEHOLDERS[part_name] = data
        else:
            _WITHOUT_PLACEHOLDERS.pop(part_name, None)
    return data


def statistics() -> dict[str, int]:
    """How many parts were laid out from kept layouts, analysed, or laid out by the passes."""
    return dict(COUNTS)


def forget() -> None:
    """Drop every kept layout (tests: the next document of each path is analysed again)."""
    global _kept_chars
    _PATHS.clear()
    _SEEN_ONCE.clear()
    _WELL_FORMED.clear()
    _WITHOUT_PLACEHOLDERS.clear()
    _kept_chars = 0
    for name in COUNTS:
        COUNTS[name] = 0


def _by_passes(part_name: str, data: bytes, sealed: bool, names: TitleNames = NO_NAMES, by_rows: bool = False) -> bytes:
    COUNTS["rows" if by_rows else "passes"] += 1
    return layout.laid_out(part_name, data, sealed, names, by_rows) or data


def _laid_out(
    part_name: str, data: bytes | Handed, sealed: bool, names: TitleNames, by_rows: bool, zipped: bool
) -> bytes | ZipEntry:
    """_by_passes; a part laid out by rows, when `zipped`, as its zip entry (laid_out_entry: a part
    Handed is let go there once its tables are set aside)."""
    if not (by_rows and zipped):
        return _by_passes(part_name, data.peek() if isinstance(data, Handed) else data, sealed, names, by_rows)
    COUNTS["rows"] += 1
    entry = layout.laid_out_entry(part_name, data, sealed, names, by_rows=True)
    return entry if entry is not None else data.take() if isinstance(data, Handed) else data


def _as_serialised(value: str) -> str:
    """A value as Jinja escaped it, as lxml writes text: quotes as they are."""
    return str.replace(str.replace(value, "&#34;", '"'), "&#39;", "'") if "&#" in value else str(value)


def _as_text(value: str) -> str:
    """A value as Jinja escaped it, as the text the passes read."""
    if "&" not in value:
        return str(value)
    for escaped, character in (("&lt;", "<"), ("&gt;", ">"), ("&#34;", '"'), ("&#39;", "'"), ("&amp;", "&")):
        value = str.replace(value, escaped, character)
    return value


@overload
def laid_out_from_stream(part_name: str, pieces: list[str], data: bytes | Handed, sealed: bool) -> bytes: ...


@overload
def laid_out_from_stream(
    part_name: str, pieces: list[str], data: bytes | Handed, sealed: bool, names: TitleNames, zipped: bool
) -> bytes | ZipEntry: ...


def laid_out_from_stream(
    part_name: str,
    pieces: list[str],
    data: bytes | Handed,
    sealed: bool,
    names: TitleNames = NO_NAMES,
    zipped: bool = False,
) -> bytes | ZipEntry:
    """The part `data` laid out, as layout.laid_out lays it out, from the `pieces` it was joined
    from; `names`: those its title may hold (a title broken between them is the passes' each time).
    `zipped`: a part laid out with its tables aside is returned as its zip entry (laid_out_entry),
    and a part Handed is then let go once its tables are set aside: no call here holds it."""
    handed = Handed.of(data)
    del data
    need = layout.needs(part_name, handed.peek())
    if need is None:
        return handed.take()
    readable = _readable(pieces) if _streamable(need) else None
    if readable is None:  # (a part too large to keep pieces of, or a roll-up holding a tab: still by rows)
        return _laid_out(part_name, handed, sealed, names, _unread_by_rows(need, pieces), zipped)
    pieces = readable
    key = (part_name, sealed, need, tuple([piece if type(piece) is str else None for piece in pieces]))
    path = _path(key, need, pieces)
    if path in (None, _BY_ROWS):
        return _laid_out(part_name, handed, sealed, names, path is _BY_ROWS, zipped)
    if path is _NEW and _first_of_path(key):
        return _by_passes(part_name, handed.take(), sealed, names)
    values = [piece for piece in pieces if type(piece) is not str]
    plain = [_as_text(value) for value in values]
    if isinstance(path, _Path):
        decided = path.decided(plain, names)
        if isinstance(decided, _Kept):
            COUNTS["replayed"] += 1
            return _written(part_name, decided, values, plain)
        if not decided:
            return _by_passes(part_name, handed.take(), sealed, names)
    return _analysed(key, need, pieces, handed.take(), plain, names)


def _path(key: tuple[object, ...], need: layout.Needs, pieces: list[str]) -> _Path | str | None:
    """What is known of the path `key` (_NEW: nothing yet); a roll-up's (a table, a value inside a
    tag) is known from its first document: laid out by rows."""
    path = _PATHS.get(key, _NEW)
    if path is _NEW and _values_in_tags(need, pieces):
        _make_room()
        path = _PATHS[key] = _BY_ROWS
    return path


def laid_out_by_rows(
    part_name: str, data: bytes, sealed: bool, names: TitleNames = NO_NAMES, zipped: bool = False
) -> bytes | ZipEntry:
    """A part laid out without its pieces (a document with charts, once they are in), as
    layout.laid_out lays it out: its tables one row at a time, as a roll-up's (`zipped`: see
    laid_out_from_stream)."""
    need = layout.needs(part_name, data)
    return data if need is None else _laid_out(part_name, data, sealed, names, need.table, zipped)


def _unread_by_rows(need: layout.Needs, pieces: list[str]) -> bool:
    """Whether a part not laid out from its pieces is laid out by rows: one with tables too large to
    keep its pieces of (bounded_output let them go), or a roll-up's."""
    return (need.table and not pieces) or _values_in_tags(need, pieces)


def _values_in_tags(need: layout.Needs, pieces: list[str]) -> bool:
    """A part with tables whose values are written inside tags (a roll-up's cells span by them)."""
    return need.table and _in_markup(pieces)


def _streamable(need: layout.Needs) -> bool:
    """Whether a part may be laid out from the stream: not a large one, nor one whose only pass
    breaks its title (a title that fits leaves it as it is: the passes return it unparsed)."""
    return not need.large and (need.closing or need.table)


def _first_of_path(key: tuple[object, ...]) -> bool:
    """Whether this is the first document of its path (then noted): the passes alone lay it out,
    and the path is analysed when a second document comes (most paths of a campaign's varied
    documents have one: analysing costs a little more than the passes)."""
    if key in _SEEN_ONCE:
        _SEEN_ONCE.discard(key)
        return False
    if len(_SEEN_ONCE) >= _MOST_PATHS * 4:
        _SEEN_ONCE.clear()
    _SEEN_ONCE.add(key)
    return True


def _readable(pieces: list[str]) -> list[str] | None:
    """The pieces as this module reads them (values' line breaks as written), or None when they
    are not its to read (see _NOT_REPLAYABLE; no pieces: a part too large to keep them)."""
    joined = "".join([piece for piece in pieces if type(piece) is not str])
    if not pieces or _NOT_REPLAYABLE.search(joined):
        return None
    return _with_line_breaks(pieces) if "\n" in joined else pieces


def _with_line_breaks(pieces: list[str]) -> list[str]:
    """The pieces with each value's line breaks as the engine's finishing writes them (docxtpl's
    listing: the run's text ends, a w:br, a new text): a value that holds one becomes several.
    Whether the finishing did so here is checked once per path (see _analysed)."""
    out: list[str] = []
    for piece in pieces:
        if type(piece) is str or "\n" not in piece:
            out.append(piece)
            continue
        first, *rest = piece.split("\n")
        out.append(first)
        for line in rest:
            out += [_LINE_BREAK_IN_RUN, line]
    return out


def _analysed(
    key: tuple[object, ...], need: layout.Needs, pieces: list[str], data: bytes, plain: list[str], names: TitleNames
) -> bytes:
    """Lay the part out by the passes on a tree whose values are located, keep the result for its
    path and features, and return it."""
    global _kept_chars
    part_name, sealed = str(key[0]), bool(key[1])
    COUNTS["analysed"] += 1
    _make_room()
    if _in_markup(pieces):
        _PATHS[key] = None
        return _by_passes(part_name, data, sealed, names)
    marked, count = [], 0
    for piece in pieces:
        if type(piece) is str:
            marked.append(piece)
        else:
            marked.append(f"{_OPEN}{count}{_INDEX_END}{piece}{_CLOSE}")
            count += 1
    # The engine undid its paragraph line breaks as it encoded the render (_PARAGRAPH_BREAKS); a part it
    # changed otherwise (a tab or line break in the template's text) is not the pieces joined.
    if "".join(pieces).replace("\n<w:p", "<w:p").encode("utf-8") != data:
        _PATHS[key] = None
        return _by_passes(part_name, data, sealed, names)
    root = wml.parse("".join(marked).replace("\n<w:p", "<w:p"))
    located = _locate(root, plain)
    if located is None:
        _PATHS[key] = None
        return _by_passes(part_name, data, sealed, names)
    path = _PATHS.get(key)
    if not isinstance(path, _Path):
        path = _PATHS[key] = _Path(_readings(root, located))
    kept = path.kept[path.features(plain, names)] = _lay_out_and_keep(root, located, need, sealed, names)
    if kept is None:
        return wml.to_bytes(root)  # (laid out, and no marks set in it)
    _kept_chars += sum(len(text) for text in kept.texts)
    return _written(part_name, kept, [piece for piece in pieces if type(piece) is not str], plain)


def _make_room() -> None:
    """Every path forgotten when there are too many, or their kept layouts hold too much."""
    global _kept_chars
    if len(_PATHS) >= _MOST_PATHS or _kept_chars > _MOST_KEPT_CHARS:
        _PATHS.clear()
        _kept_chars = 0


def _in_markup(pieces: list[str]) -> bool:
    """Whether a value is written inside a tag (an attribute's value: a roll-up's gridSpan), seen
    from the static chunk before it: such a path is the passes' (and need not be parsed to know)."""
    inside = False
    for piece in pieces:
        if type(piece) is not str:
            if inside:
                return True
        elif "<" in piece or ">" in piece:
            inside = piece.rfind("<") > piece.rfind(">")
    return False


# A table as _paragraph_reading reads it: whether its columns are fitted to their text, its grid's width.
_Table = tuple[bool, int]

# Where values are: an element whose text holds values, with (index, start, end) of each.
Located = dict[Element, list[tuple[int, int, int]]]


def _unmark(text: str, plain: Sequence[str]) -> tuple[str, list[tuple[int, int, int]]] | None:
    """A text without its marks, and where its values are in it (None: not as marked)."""
    out: list[str] = []
    slots: list[tuple[int, int, int]] = []
    length, at = 0, 0
    while (start := text.find(_OPEN, at)) != -1:
        index_end = text.find(_INDEX_END, start)
        end = text.find(_CLOSE, index_end)
        if index_end == -1 or end == -1:
            return None
        index = int(text[start + 1 : index_end])
        value = text[index_end + 1 : end]
        if value != plain[index]:
            return None
        out.append(text[at:start])
        length += start - at
        slots.append((index, length, length + len(value)))
        out.append(value)
        length += len(value)
        at = end + 1
    out.append(text[at:])
    return "".join(out), slots


# The texts holding a mark (found by lxml, in C): a w:t's text, or some element's tail.
_MARKED_TEXTS = etree.XPath(f"//text()[contains(., '{_OPEN}')]")


def _locate(root: Element, plain: Sequence[str]) -> Located | None:
    """Every value's element and place in its text, the marks removed; None when a value is not
    all in one element's text (in an attribute, a comment, across markup, in a tail)."""
    located: Located = {}
    found = 0
    texts = _MARKED_TEXTS(root)
    for text in texts if isinstance(texts, list) else ():
        element = getattr(text, "getparent", lambda: None)()
        if not getattr(text, "is_text", False) or element is None or element in located:
            return None
        unmarked = _unmark(str(text), plain)
        if unmarked is None:
            return None
        element.text, slots = unmarked[0] or None, unmarked[1]  # (as parsed: no text is None, written <w:t/>)
        located[element] = slots
        found += len(slots)
    return located if found == len(plain) else None


def _recipe_of_text(element: Element, located: Located) -> Recipe:
    text = element.text or ""
    slots = located.get(element)
    if not slots:
        return (text,)
    items: list[str | int] = []
    at = 0
    for index, start, end in slots:
        items += [text[at:start], index]
        at = end
    items.append(text[at:])
    return tuple(items)


def _paragraph_recipe(paragraph: Element, located: Located, breaks: bool = True) -> Recipe:
    """The paragraph's text as the passes read it (w:t, a w:br a line break)."""
    items: list[str | int] = []
    for node in paragraph.iter(_T, _BR) if breaks else paragraph.iter(_T):
        items += (LINE_BREAK,) if node.tag == _BR else _recipe_of_text(node, located)
    return tuple(items)


def _readings(root: Element, located: Located) -> tuple[_AnyReading, ...]:
    """What the passes may read of the values, paragraph by paragraph (see the module's docstring)."""
    readings: list[_AnyReading] = []
    widths = _page_widths(root)
    paragraphs: list[Element] = []
    for element, slots in located.items():
        paragraph = next(element.iterancestors(_P), None) if element.tag == _T else None
        if paragraph is None:  # a value outside a paragraph's text: its own shape
            readings += [_Reading(tuple(index for index, _, _ in slots))]
        elif paragraph not in paragraphs:
            paragraphs.append(paragraph)
    fitted: dict[Element, _Table] = {}  # by table: read once per table
    for paragraph in paragraphs:
        readings.append(_paragraph_reading(paragraph, located, widths, fitted))
        if paragraph in widths and _is_title(paragraph):
            readings.append(_TitleReading(_paragraph_recipe(paragraph, located), widths[paragraph]))
    for table in root.iter(_TBL):
        first = _first_column(table, located)
        if any(isinstance(item, int) for cell in first.cells for item in cell):
            readings.append(first)
    return tuple(readings)


def _is_title(paragraph: Element) -> bool:
    properties = next(paragraph.iterchildren(_PPR), None)
    style = None if properties is None else next(properties.iterchildren(_PSTYLE), None)
    return style is not None and style.get(_VAL) == std.TITLE.style_id


def _first_column(table: Element, located: Located) -> _FirstColumn:
    cells: list[Recipe] = []
    for row in table.iterchildren(_TR):
        properties = next(row.iterchildren(_TRPR), None)
        if properties is not None and next(properties.iterchildren(_TBL_HEADER), None) is not None:
            continue
        cell = next(row.iterchildren(_TC), None)
        if cell is not None:
            cells.append(tuple(item for p in cell.iterchildren(_P) for item in _paragraph_recipe(p, located, False)))
    return _FirstColumn(tuple(cells))


def _page_widths(root: Element) -> dict[Element, tuple[int, ...]]:
    """For each paragraph of the body, the widths the passes may measure it at: its section's
    type area as rendered, and the standard's portrait one (a sheet turned portrait)."""
    body = next(root.iterchildren(_BODY), None)
    if body is None:
        return {}
    widths: dict[Element, tuple[int, ...]] = {}
    for width, paragraphs in paragraphs_by_page_width(body):
        widths.update((paragraph, (width, std.TYPE_AREA_WIDTH)) for paragraph in paragraphs)
    return widths


def _paragraph_reading(
    paragraph: Element, located: Located, widths: dict[Element, tuple[int, ...]], fitted: dict[Element, _Table]
) -> _Reading | _BodyReading:
    recipe = _paragraph_recipe(paragraph, located)
    properties = next(paragraph.iterchildren(_PPR), None)
    style = None if properties is None else next(properties.iterchildren(_PSTYLE), None)
    style_id = "" if style is None else style.get(_VAL) or ""
    if paragraph in widths and style_id not in (std.SIGNATURE.style_id, std.DATE.style_id):
        return _BodyReading(recipe, style_id, _run_spacing(paragraph), widths[paragraph])
    cell = next(paragraph.iterancestors(_TC), None)
    table = None if cell is None else next(cell.iterancestors(_TBL), None)
    if table is not None and table not in fitted:
        fitted[table] = (layout.fitted_table(table), _grid_width(table))
    if cell is None or table is None or fitted[table][0]:
        return _Reading(recipe)
    role = _ROLES.get(style_id, std.BODY)
    width = _narrowest(cell, fitted[table][1])
    room = width - std.STATS_CELL_MARGINS - max(0, role.left + role.first_line - role.hanging, role.left)
    return _Reading(recipe, max(room, 0), role.size * 10)


def _run_spacing(paragraph: Element) -> str | None:
    """The w:spacing w:val the paragraph's first run sets (the flow measures the paragraph so)."""
    run = next(paragraph.iterchildren(_R), None)
    properties = None if run is None else next(run.iterchildren(_RPR), None)
    spacing = None if properties is None else next(properties.iterchildren(_SPACING), None)
    return None if spacing is None else spacing.get(_VAL)


def _grid_width(table: Element) -> int:
    return sum(int(c.get(_W) or 0) if (c.get(_W) or "").isdecimal() else 0 for c in table.iter(_GRID_COL))


def _narrowest(cell: Element, grid: int) -> int:
    """The narrowest the passes may make the cell: as rendered, or scaled to the portrait page
    (and narrowed to sheets.NARROW_COLUMN where the names need the room)."""
    properties = next(cell.iterchildren(_TCPR), None)
    width = None if properties is None else next(properties.iterchildren(_TCW), None)
    value = None if width is None else width.get(_W)
    twips = int(value) if value and value.isdecimal() else std.CHAR_WIDTH * 4
    if grid > std.TYPE_AREA_WIDTH:
        twips = min(twips, twips * std.TYPE_AREA_WIDTH // grid, NARROW_COLUMN)
    return twips


# Every text and tail of a tree (found by lxml, in C).
_TEXTS = etree.XPath("//text()")


def _holding_text(root: Element) -> list[Element]:
    """The elements whose text or tail holds something."""
    texts = _TEXTS(root)
    return [getattr(text, "getparent", lambda: None)() for text in texts] if isinstance(texts, list) else []


# A title paragraph's text before the passes, and where its values are in it: (index, start, end).
_Title = tuple[str, list[tuple[int, int, int]]]


def _titles(root: Element, located: Located) -> dict[Element, _Title]:
    """The 公文标题 paragraphs of the body holding values, as the passes will find them."""
    body = next(root.iterchildren(_BODY), None)
    titles: dict[Element, _Title] = {}
    for paragraph in [] if body is None else body.iterchildren(_P):
        if not _is_title(paragraph):
            continue
        texts, ranges, at = [], [], 0
        for element in paragraph.iter(_T):
            text = element.text or ""
            ranges += [(index, at + start, at + end) for index, start, end in located.get(element, ())]
            texts.append(text)
            at += len(text)
        if ranges:
            titles[paragraph] = ("".join(texts), ranges)
    return titles


def _in_title(element: Element) -> bool:
    paragraph = next(element.iterancestors(_P), None)
    return element.tag == _T and paragraph is not None and paragraph.getparent().tag == _BODY and _is_title(paragraph)


def _changed(root: Element, known: set[int], before: dict[Element, str | None], titles: dict[Element, _Title]) -> bool:
    """Whether the passes made text of their own (an element holding text that was not there, but
    a title's line broken into a new w:t) or changed a value's text (a title's text but its breaks)."""
    if any(id(element) not in known and not _in_title(element) for element in _holding_text(root)):
        return True
    if any("".join(t.text or "" for t in paragraph.iter(_T)) != text for paragraph, (text, _) in titles.items()):
        return True
    return any(element.text != text for element, text in before.items())


def _title_marks(paragraph: Element, ranges: list[tuple[int, int, int]]) -> dict[Element, list[tuple[int, int, str]]]:
    """Where each value (or part of one: the passes may break a title inside a value) is in the
    paragraph's w:t elements after the passes: (start, end, mark) by element."""
    marks: dict[Element, list[tuple[int, int, str]]] = {}
    placed: set[int] = set()  # empty values, each marked once
    at = 0
    for element in paragraph.iter(_T):
        length = len(element.text or "")
        for index, start, end in ranges if length else ():
            first, last = max(at, start), min(at + length, end)
            if start == end and (index in placed or not at <= start <= at + length):
                continue
            if start < end and first >= last:
                continue
            placed.add(index)
            whole = first == start and last == end
            mark = str(index) if whole else f"{index}:{first - start}:{-1 if last == end else last - start}"
            marks.setdefault(element, []).append((first - at, last - at, mark))
        at += length
    return marks


def _lay_out_and_keep(
    root: Element, located: Located, need: layout.Needs, sealed: bool, names: TitleNames
) -> _Kept | None:
    """Lay the tree out by the passes and keep it with a slot per value (or part of a value a
    title was broken inside); None when the passes changed a value's text, or made text of their
    own (a copy, a header broken into lines)."""
    holding = _holding_text(root)  # (held: lxml keeps an element's proxy while it is referenced)
    titles = _titles(root, located)
    in_titles = {element for paragraph in titles for element in paragraph.iter(_T)}
    before = {element: element.text for element in located if element not in in_titles}
    known = {id(element) for element in holding}
    layout.lay_out(root, need, sealed, names)
    if _changed(root, known, before, titles):
        return None
    _mark(root, located, in_titles, titles)
    # The kept layout's own text, its values marked: whether a placeholder's characters are in it.
    plain = not PLACEHOLDER_CHARACTER.search("".join([text.text or "" for text in root.iter(_T)]))
    laid = wml.to_bytes(root).decode("utf-8")
    first, *rest = laid.split(_OPEN)
    texts: list[str] = [first]
    written: list[int | tuple[int, int, int]] = []
    for piece in rest:
        mark, _, after = piece.partition(_CLOSE)
        index, *part = (int(number) for number in mark.split(":"))
        written.append((index, part[0], part[1]) if part else index)
        texts.append(after)
    del holding
    return _Kept(tuple(texts), tuple(written), root.tag == _DOCUMENT, plain)


def _mark(root: Element, located: Located, in_titles: set[Element], titles: dict[Element, _Title]) -> None:
    """Each value's place in the laid-out tree marked in its element's text: its index, or for
    part of a value (a title broken inside it) index:start:end."""
    marks: dict[Element, list[tuple[int, int, str]]] = {}
    for element, slots in located.items():
        if element not in in_titles:
            marks[element] = [(start, end, str(index)) for index, start, end in slots]
    for paragraph, (_, ranges) in titles.items():
        marks.update(_title_marks(paragraph, ranges))
    for element, spans in marks.items():
        text = element.text or ""
        if not text or element.getroottree().getroot() is not root:
            continue  # empty (written <w:t/>), or removed with its paragraph: no value of it to write
        for start, end, mark in reversed(spans):
            text = f"{text[:start]}{_OPEN}{mark}{_CLOSE}{text[end:]}"
        element.text = text
