"""A large part (a roll-up of hundreds of units) is laid out with its tables set aside, one in
memory at a time; what comes out is the bytes the whole-tree passes make, and a valid document."""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from openxml_audit import OpenXmlValidator

from benchmarks.synthetic import make_workspace as make_synthetic
from generator.output.batch import compile_templates, render_document
from generator.pipeline import plan
from generator.render import layout, sandbox
from generator.render.aside import TablesAside
from generator.standard import wordml as wml
from generator.standard.package import DEFLATE_LEVEL, ZipEntry
from generator.standard.wordml import BadPart
from generator.workspace import Workspace

PART = "word/document.xml"


def _deflated(data: bytes) -> bytes:
    deflater = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return deflater.compress(data) + deflater.flush()


def _both_ways(ws: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple[bytes, bytes]]]:
    """Every rendered document.xml of the workspace, laid out as a small part and as a large one."""
    planned, _, paths = plan(Workspace(ws), force=True)
    templates = compile_templates(paths)
    out: dict[str, list[tuple[bytes, bytes]]] = {}
    entries: list[ZipEntry] = []
    for item in planned:
        job = item.job
        if job.document not in templates:
            continue  # made by code (the roll-up's spreadsheet)
        rendered = templates[job.document].render(job.context, job.output)[PART]
        monkeypatch.setattr(layout, "LARGE_PART_BYTES", 10**12)
        whole = layout.laid_out(PART, rendered, job.sealed)
        monkeypatch.setattr(layout, "LARGE_PART_BYTES", 0)
        aside = layout.laid_out(PART, rendered, job.sealed)
        # As the engine takes it: a part with tables is its zip entry, compressed as it was written
        # (the bytes of one deflate of the whole part); one without, its bytes.
        entry = layout.laid_out_entry(PART, rendered, job.sealed)
        if isinstance(entry, ZipEntry):
            assert aside is not None and b"<w:tbl" in rendered
            assert zlib.decompress(entry.compressed, -15) == aside and entry.crc == zlib.crc32(aside)
            assert entry.compressed == _deflated(aside) and entry.size == len(aside)
            entries.append(entry)
        else:
            assert entry == aside and b"<w:tbl" not in rendered
        if whole is not None and aside is not None:
            out.setdefault(job.kind, []).append((whole, aside))
    assert entries  # (the example's roll-ups and sheets have tables)
    return out


def test_a_large_part_is_laid_out_as_a_small_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A synthetic campaign's documents (unsealed summaries, a roll-up of 60 units): every kind
    with a table or a 落款, sealed and not, gives the same bytes both ways."""
    written: list[bytes] = []  # the parts laid out the large way

    def to_bytes(tables: TablesAside, made: Callable[[TablesAside], bytes] = TablesAside.to_bytes) -> bytes:
        written.append(made(tables))
        return written[-1]

    monkeypatch.setattr(TablesAside, "to_bytes", to_bytes)
    found = _both_ways(make_synthetic(tmp_path / "s", 60, 2), monkeypatch)
    assert {"通知", "方案", "报表", "汇总", "总结", "总体总结"} <= set(found)
    assert all(aside in written for _, aside in found["汇总"]) and len(written) > len(found["汇总"])
    for kind, pairs in found.items():
        for whole, aside in pairs:
            assert aside == whole, kind
    # The passes did change the part (column widths fitted, rows kept together).
    whole, _ = found["汇总"][0]
    assert b"w:keepNext" in whole


def test_the_example_lays_out_the_same_either_way(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _both_ways(workspace, monkeypatch)
    assert len(found) >= 6
    assert all(a == w for pairs in found.values() for w, a in pairs)


def test_a_large_roll_up_is_a_valid_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_synthetic(tmp_path / "s", 40, 1)
    planned, _, paths = plan(Workspace(ws), force=True)
    job = next(p.job for p in planned if p.job.kind == "汇总")
    template = compile_templates({job.document: paths[job.document]})[job.document]
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", 0)
    document = tmp_path / "汇总.docx"
    document.write_bytes(render_document(template, job))
    result = OpenXmlValidator().validate(str(document))
    assert result.is_valid, [str(e) for e in result.errors]


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE w:document [<!ENTITY e "x">]><w:document xmlns:w="' + wml.W.encode() + b'"><w:body>'
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
        b'<w:document xmlns:w="' + wml.W.encode() + b'"><w:body><w:tbl><w:tr></w:tbl></w:body></w:document>',
    ],
    ids=["a DTD", "not well-formed"],
)
def test_a_large_part_is_read_as_carefully_as_a_small_one(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "LARGE_PART_BYTES", 0)
    with pytest.raises(BadPart):
        layout.laid_out(PART, data)


def test_the_paragraph_breaks_are_undone_as_the_render_is_encoded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's line breaks before each paragraph are taken out batch by batch as the text is
    encoded, as one replace on the whole text would: a break cut between two batches (at any of its
    characters) too, and a line break a value brought that no paragraph follows stays."""
    chunks = [
        "<w:body>",
        "\n",
        "<w:p>",
        "韩村镇\n",
        "<w:t>2018年\n</w:t>",
        "\n<",
        "w:",
        "p ",
        "w:x='1'>",
        "\n<w:pPr/>",
    ] * 4
    whole = "".join(chunks).replace("\n<w:p", "<w:p").encode("utf-8")
    for every in range(1, 16):
        monkeypatch.setattr(sandbox, "ENCODE_EVERY_CHARS", every)
        assert sandbox.bounded_output(iter(chunks), undo=("\n<w:p", "<w:p")) == whole, every


def test_a_render_is_encoded_in_pieces_as_it_comes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text is encoded every ENCODE_EVERY_CHARS characters: the bytes are the text's, whatever
    the pieces (a character is never cut), and the size limit still holds."""
    monkeypatch.setattr(sandbox, "ENCODE_EVERY_CHARS", 7)
    chunks = ["<w:t>", "韩村镇", "打击传销活动", "</w:t>", "", "2018年", "\n", "𠀀字"] * 5
    assert sandbox.bounded_output(iter(chunks)) == "".join(chunks).encode("utf-8")
    monkeypatch.setattr(sandbox, "MAX_OUTPUT_CHARS", 40)
    with pytest.raises(sandbox.RenderLimit):
        sandbox.bounded_output(iter(chunks))


def test_a_roll_up_s_rendered_part_is_let_go_before_its_rows_are_laid_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a roll-up's tables are cut from the render's bytes, nothing holds the whole part while
    its rows are laid out (at 2,000 units it is 13 MB, beside its tables and their rows): no call
    on the way down from the engine keeps it (issue 42's memory target)."""
    from generator.render import docxtpl_bridge, engine, rows

    ws = make_synthetic(tmp_path / "s", 40, 1)
    planned, _, paths = plan(Workspace(ws), force=True)
    job = next(p.job for p in planned if p.job.kind == "汇总")
    template = compile_templates({job.document: paths[job.document]})[job.document]
    made: list[tuple[int, int]] = []  # the rendered part's id and length (not the part: that would hold it)

    def finished(xml: bytes, finish: Callable[[bytes], bytes] = docxtpl_bridge.finish_render) -> bytes:
        data = finish(xml)
        if b"<w:tbl" in data:
            made.append((id(data), len(data)))
        return data

    held: list[str] = []

    def holders() -> list[str]:
        found = []
        frame: FrameType | None = sys._getframe(2)
        while frame is not None:
            for name, value in frame.f_locals.items():
                inner = [value, *(getattr(value, slot, None) for slot in getattr(type(value), "__slots__", ()))]
                inner += list(getattr(value, "__dict__", {}).values()) if not isinstance(value, type) else []
                if any(isinstance(v, bytes) and (id(v), len(v)) in made for v in inner):
                    found.append(f"{frame.f_code.co_name}: {name}")
            frame = frame.f_back
        return found

    def laid_out(data: bytes, fit: Callable[..., object], lay_out: Callable[..., object] = rows.laid_out) -> object:
        held.extend(holders())
        return lay_out(data, fit)

    monkeypatch.setattr(engine, "finish_render", finished)
    monkeypatch.setattr(rows, "laid_out", laid_out)
    document = render_document(template, job)
    assert made and document  # (the roll-up was rendered, with its tables)
    assert not held, held


def test_a_roll_up_s_tables_are_not_copied_beside_its_part(tmp_path: Path) -> None:
    """Cutting a roll-up's tables from the render's bytes copies none of them whole beside the part
    (at 2,500 units the part and its tables' copies were 26 MB at once): what Python allocates while
    they are set aside (tracemalloc: bytes, not libxml2's tree of the paragraphs) stays under a
    quarter of the part, and the part is written back as it was cut."""
    import tracemalloc

    ws = make_synthetic(tmp_path / "s", 400, 1)
    planned, _, paths = plan(Workspace(ws), force=True)
    job = next(p.job for p in planned if p.job.kind == "汇总")
    rendered = compile_templates({job.document: paths[job.document]})[job.document].render(job.context, job.output)
    part = rendered[PART]
    assert len(part) > 2**20 and b"<w:tbl" in part
    tracemalloc.start()
    try:
        aside = TablesAside(part, prepare=lambda table: None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < len(part) // 4, (peak, len(part))
    assert aside.to_bytes() == wml.to_bytes(wml.parse(part))
