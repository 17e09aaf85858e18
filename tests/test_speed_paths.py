"""The fast paths keep the results of the slow ones: pool start methods, work-sized pools, the
spreadsheet writer, shared-part hashing, remembered template checks and code digests.

(Speed itself is measured by benchmarks/bench.py, never here.)
"""

from __future__ import annotations

import copy
import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2.exceptions import SecurityError, UndefinedError
from openpyxl import load_workbook

from benchmarks.synthetic import make_workspace as make_synthetic
from generator.documents.contexts import SheetContext
from generator.documents.kinds import plan_jobs
from generator.documents.registry import typed_context
from generator.output import batch
from generator.output.batch import (
    DOCUMENTS_PER_STARTED_WORKER,
    DOCUMENTS_PER_WORKER,
    Staged,
    pool_plan,
    start_method,
    workers_for,
)
from generator.output.spreadsheet import Font, Sheet, Style, text_style, xlsx_bytes
from generator.pipeline import SourceHasher, check_templates, validate
from generator.render.engine import make_environment
from generator.standard.package import read_parts, zip_bytes
from generator.workspace import Workspace

from .conftest import Run, output_files


def test_workers_only_where_the_work_pays_for_them() -> None:
    assert workers_for(0, 8) == 1
    assert workers_for(DOCUMENTS_PER_WORKER - 1, 2) == 1  # a small build is one process
    assert workers_for(2 * DOCUMENTS_PER_WORKER, 2) == 2
    assert workers_for(3 * DOCUMENTS_PER_WORKER, 8) == 3  # no more workers than the work is worth
    assert workers_for(100_000, 2) == 2  # never more than the cores
    assert workers_for(100_000, 1) == 1


def test_workers_are_forked_only_from_a_process_without_other_threads() -> None:
    assert start_method(["fork", "spawn", "forkserver"], threads=1) == "fork"
    assert start_method(["fork", "spawn", "forkserver"], threads=3) == "forkserver"  # the web page's server
    assert start_method(["spawn"], threads=1) == "spawn"  # Windows
    assert start_method(["fork", "spawn"], threads=2) == "spawn"


def test_workers_that_are_not_forked_from_here_are_started_only_for_more_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `gongwen ui` (another thread running) workers come from a forkserver and import gongwen
    first: the 永清 example (97 documents) is rendered in the page's own process, as --jobs 1 would."""
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    assert DOCUMENTS_PER_STARTED_WORKER > 2 * DOCUMENTS_PER_WORKER
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # a command's process
    assert pool_plan(97, None) == (2, "fork")
    assert pool_plan(97, 1) == (1, None)
    monkeypatch.setattr(threading, "active_count", lambda: 5)  # the page's server: its threads
    assert pool_plan(97, None) == (1, None)
    assert pool_plan(2 * DOCUMENTS_PER_STARTED_WORKER, None) == (2, "forkserver")
    assert pool_plan(97, 2) == (2, "forkserver")  # the clerk's --jobs is obeyed


def test_this_process_renders_alongside_its_forked_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """With N processes the build forks N - 1 workers and renders its share itself: every job
    once, some here and some there."""
    monkeypatch.setattr(batch, "render_index", lambda index: Staged(index, Path(str(os.getpid())), ""))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        staged = list(batch.alongside(pool, range(100), 5, helpers=1))
    assert sorted(s.index for s in staged) == list(range(100))
    by = {str(s.path) for s in staged}
    assert str(os.getpid()) in by and len(by) == 2


def test_the_campaigns_own_documents_are_laid_out_here_once_the_workers_are_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A roll-up of every unit is the large document: made in this process after the workers have
    exited, so that no worker holds a copy of the memory it takes, and the build's peak is one
    process's."""
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")

    def render(index: int) -> Staged:  # who rendered it, and the children the test's process had then
        return Staged(index, Path(f"{os.getpid()}-{','.join(children.read_text().split())}"), "")

    monkeypatch.setattr(batch, "render_index", render)
    jobs = [SimpleNamespace(unit=None if i % 25 == 7 else f"单位{i}") for i in range(100)]
    staged = list(batch.render_forked(jobs, 5, helpers=1))  # type: ignore[arg-type]  # only .unit is read
    assert sorted(s.index for s in staged) == list(range(100))
    assert [s.index for s in staged[-4:]] == [7, 32, 57, 82]  # last, in plan order
    renderers = [str(s.path).partition("-") for s in staged]
    workers = {pid for pid, _, _ in renderers if pid != str(os.getpid())}
    assert workers  # the worker did its share
    for pid, _, alive in renderers[-4:]:  # here, with no worker alive (another test's child may be)
        assert pid == str(os.getpid()) and not workers & set(alive.split(","))


def test_an_error_in_this_process_share_is_the_builds_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def render(index: int) -> Staged:
        if index == 12:
            raise ValueError("a template error")
        return Staged(index, Path(), "")

    monkeypatch.setattr(batch, "render_index", render)
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=fork) as pool, pytest.raises(ValueError, match="template"):
        list(batch.alongside(pool, range(10_000), 5, helpers=1))


def _docx(ws: Path) -> dict[str, bytes]:
    return {p.relative_to(ws).as_posix(): p.read_bytes() for p in output_files(ws)}


# Windows has only spawn: a process of its own that offers no other start method.
SPAWN_ONLY = (
    "import multiprocessing, sys; multiprocessing.get_all_start_methods = lambda: ['spawn'];"
    "from generator.cli import main; main(sys.argv[1:])"
)


@pytest.mark.parametrize("start", ["fork", "forkserver", "spawn"])
def test_every_pool_makes_what_one_process_makes(start: str, tmp_path: Path, run: Run) -> None:
    serial, pooled = make_synthetic(tmp_path / "s", 30, 2), make_synthetic(tmp_path / "p", 30, 2)
    assert run("-C", serial, "build", "-j", "1").exit_code == 0
    if start in ("fork", "spawn"):  # a process of its own, with no other thread: forked where it can be
        program = ["-m", "generator.cli"] if start == "fork" else ["-c", SPAWN_ONLY]
        command = [sys.executable, *program, "-C", str(pooled), "build", "-q", "-j", "2"]
        subprocess.run(command, check=True, capture_output=True, env=dict(os.environ))
    else:  # another thread alive, as under `gongwen ui`: workers come from a forkserver
        stop = threading.Event()
        other = threading.Thread(target=stop.wait)
        other.start()
        try:
            assert run("-C", pooled, "build", "-j", "2").exit_code == 0
        finally:
            stop.set()
            other.join()
    made = _docx(serial)
    assert len([name for name in made if name.endswith(".xlsx")]) == 2  # the roll-ups' spreadsheets too
    assert made == _docx(pooled)


def test_a_shared_part_hashes_as_an_equal_copy_does(tmp_path: Path) -> None:
    """Parts of contexts are hashed once per object: a document whose part is another object with
    the same content gets the same source hash (nothing depends on what happens to be shared)."""
    ws = Workspace(make_synthetic(tmp_path / "ws", 3, 1))
    inputs, _ = validate(ws)
    assert inputs is not None
    jobs = plan_jobs(inputs)
    assert jobs[0].context["活动"] is jobs[1].context["活动"]  # shared by construction
    copies = [copy.deepcopy(job) for job in jobs]
    assert copies[0].context["活动"] is not copies[1].context["活动"]
    template = b"template bytes"
    reads: dict[str, frozenset[tuple[str, ...]] | None] = {job.document: None for job in jobs}  # all of it
    shared, copied = SourceHasher(reads), SourceHasher(reads)
    assert [shared(template, j) for j in jobs] == [copied(template, j) for j in copies]
    changed = copy.deepcopy(jobs[1])
    changed.context["活动"]["名称"] = "另一个活动"
    assert SourceHasher(reads)(template, changed) != SourceHasher(reads)(template, jobs[1])


def test_a_remembered_template_check_is_the_check(workspace: Path) -> None:
    """Template checks are remembered by template bytes and context shape: a second build reports
    the same findings, and a changed template is checked again."""
    ws = Workspace(workspace)
    inputs, _ = validate(ws)
    assert inputs is not None
    jobs = plan_jobs(inputs)
    template = workspace / "templates" / "通知.docx"
    parts = read_parts(template)
    parts["word/document.xml"] = parts["word/document.xml"].replace("{{ 发文.标题".encode(), "{{ 发文.标题甲".encode())
    template.write_bytes(zip_bytes(parts))
    first = [f.message for f in check_templates(ws, jobs)]
    assert any("标题甲" in message for message in first), first
    assert [f.message for f in check_templates(ws, jobs)] == first  # from the cache
    parts["word/document.xml"] = parts["word/document.xml"].replace("{{ 发文.标题甲".encode(), "{{ 发文.标题".encode())
    template.write_bytes(zip_bytes(parts))
    assert not [f for f in check_templates(ws, jobs) if "标题甲" in f.message]


def test_the_spreadsheet_writer_keeps_text_numbers_and_styles(tmp_path: Path) -> None:
    styles = {
        "bold": Style(Font("仿宋_GB2312", 12, bold=True), fill="00DDEBF7", border=True, middle_and_wrapped=True),
        "grey": Style(Font(italic=True, color="00808080"), centred=True),
    }
    sheet = Sheet("表", styles, column_widths=[20, 9], row_heights={2: 30}, frozen=(1, 1))
    sheet.row(1, [("单位", "bold"), ("=SUM(A1)", text_style("bold", "=SUM(A1)"))])
    sheet.row(2, [(" 空格 ", "grey"), (3, "default")])
    sheet.row(3, [(2.5, "default"), (None, "bold")])
    sheet.merged.append("A4:B4")
    path = tmp_path / "t.xlsx"
    path.write_bytes(xlsx_bytes(sheet, "标题", f"{dt.datetime(2018, 2, 1):%Y-%m-%dT%H:%M:%S}Z"))
    ws = load_workbook(path)["表"]
    assert ws["A1"].value == "单位" and ws["A1"].font.b and ws["A1"].fill.fgColor.rgb == "00DDEBF7"
    assert ws["B1"].value == "=SUM(A1)" and ws["B1"].data_type == "s" and ws["B1"].quotePrefix
    assert not ws["A1"].quotePrefix
    assert ws["A2"].value == " 空格 " and ws["A2"].font.i and ws["A2"].alignment.horizontal == "center"
    assert ws["B2"].value == 3 and isinstance(ws["B2"].value, int)
    assert ws["A3"].value == 2.5 and ws["B3"].value is None and ws["B3"].border.left.style == "thin"
    assert ws.freeze_panes == "B2" and ws.column_dimensions["A"].width == 20 and ws.row_dimensions[2].height == 30
    assert "A4:B4" in {str(r) for r in ws.merged_cells.ranges}
    again = xlsx_bytes(sheet, "标题", f"{dt.datetime(2018, 2, 1):%Y-%m-%dT%H:%M:%S}Z")
    assert again == path.read_bytes()  # same sheet, same bytes


def test_the_code_digest_follows_the_code(tmp_path: Path) -> None:
    """The digest is remembered under the package files' sizes and times: a changed file (a fix
    installed under the same version) gives another digest, in a new process as in this one."""
    package = tmp_path / "site" / "generator"
    import generator

    source = Path(generator.__file__).parent
    for path in source.rglob("*.py"):
        if "__pycache__" not in path.parts:
            target = package / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (package / "_bundled").symlink_to(source / "_bundled")
    (package / "data").symlink_to(source / "data")
    probe = (
        "import generator; from generator.output.report import code_digest; print(generator.__file__, code_digest())"
    )
    env = dict(os.environ, PYTHONPATH=str(package.parent))

    def digest() -> str:
        done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True)
        where, value = done.stdout.split()
        assert Path(where).is_relative_to(package), where  # the copy, not the checkout
        return value

    first = digest()
    assert digest() == first  # remembered
    (package / "render" / "layout.py").write_text((package / "render" / "layout.py").read_text() + "\n# a fix\n")
    assert digest() != first


def test_equal_sheet_rows_are_one_row_and_templates_cannot_change_them(tmp_path: Path) -> None:
    """Thousands of sheets share a few hundred distinct rows; sharing is safe only because the
    sandbox refuses to change what a template is given."""
    ws = Workspace(make_synthetic(tmp_path / "ws", 20, 2))
    inputs, _ = validate(ws)
    assert inputs is not None
    sheets = [typed_context(job, SheetContext) for job in plan_jobs(inputs) if job.kind == "报表"]
    rows = [row for sheet in sheets for row in sheet["统计"]["行"]]
    distinct = {id(row) for row in rows}
    assert len(distinct) < len(rows)
    assert len(distinct) == len({tuple(row.items()) for row in rows})  # equal rows are one, unequal ones not
    before = dict(rows[0])
    template = make_environment().from_string("{{ 行.update({'本期': '9'}) }}")
    with pytest.raises(SecurityError):
        template.render(行=rows[0])
    assert rows[0] == before


def test_a_dotted_name_on_a_context_dict_is_its_key_and_the_sandbox_still_holds() -> None:
    """The sandbox looks a dotted name up as a key first (no AttributeError raised and caught on
    every name of every document); what is not a key is checked as before."""
    env = make_environment()
    row = {"名称": "韩村镇", "items": "一栏叫 items 的值"}
    assert env.from_string("{{ 行.名称 }}|{{ 行.items }}").render(行=row) == "韩村镇|一栏叫 items 的值"
    assert env.from_string("{% for k, v in 行.items() %}{{ k }}{% endfor %}").render(行={"甲": 1, "乙": 2}) == "甲乙"
    with pytest.raises(SecurityError):
        env.from_string("{{ 行.update({'名称': '改'}) }}").render(行=row)
    for unsafe in ("{{ 行.__class__.__mro__ }}", "{{ 行.items.__self__.__class__ }}"):
        with pytest.raises((SecurityError, UndefinedError)):
            env.from_string(unsafe).render(行={"甲": 1})
    assert row["名称"] == "韩村镇"


@pytest.mark.parametrize("platform", ["win32", "darwin", "linux"])
def test_handing_memory_back_never_fails_a_build(platform: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """glibc's malloc_trim where there is one; elsewhere (Windows, macOS, musl) nothing happens."""
    import ctypes

    from generator.output import workers

    calls: list[object] = []

    def no_c_library(name: object) -> object:
        calls.append(name)
        raise TypeError("no such library")  # what CDLL(None) raises on Windows

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(ctypes, "CDLL", no_c_library)
    workers.release_free_memory()
    assert calls == ([None] if platform == "linux" else [])


def test_proofreading_reads_each_document_once_and_says_what_reading_on_demand_says(
    built_examples: dict[str, Path], documents_read: list[Path]
) -> None:
    from generator.app import load
    from generator.documents.kinds import plan_jobs as planned
    from generator.proofread import review

    ws = Workspace(built_examples["yongqing"])
    inputs = load(ws)
    jobs = planned(inputs)
    streamed = review.review(inputs, jobs, review.Documents(ws.output_dir), "inputs/活动数据.xlsx")
    assert sorted(documents_read) == sorted({ws.output_dir / job.output for job in jobs})  # each one, once
    # Without the recording run every question reads its document when asked: the same remarks.
    assert streamed == review.checks(inputs, jobs, review.Documents(ws.output_dir), "inputs/活动数据.xlsx")
    assert any(r.check == "方案晚于截止" and r.where for r in streamed)  # answers from the documents


def test_proofreading_reads_a_part_whole_or_as_it_streams_alike(
    built_examples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small document part is parsed whole, a large one read as it streams: the same paragraphs
    either way, on every example document, one with a text box (a paragraph holding another) and
    one with a DOCTYPE (not read); and a text holding the character that marks paragraphs where the
    part is read whole."""
    from generator.proofread import review
    from generator.standard.package import replace_in_part

    documents = [path for root in built_examples.values() for path in sorted((root / "output").rglob("*.docx"))]
    example = documents[0]
    closing = "</w:body>"
    boxed = (
        "<w:p><w:r><w:t>框外</w:t></w:r><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></w:r><w:r><w:t>之后</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>标\ue000记</w:t></w:r></w:p>"
    )
    text_box = tmp_path / "text-box.docx"
    text_box.write_bytes(replace_in_part(example, "word/document.xml", [(closing, boxed + closing)]))
    typed = tmp_path / "doctype.docx"
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    typed.write_bytes(replace_in_part(example, "word/document.xml", [(declaration, declaration + "<!DOCTYPE x>")]))
    whole = [review._paragraphs(path) for path in [*documents, text_box, typed]]
    monkeypatch.setattr(review, "WHOLE_PART_BYTES", 0)
    assert [review._paragraphs(path) for path in [*documents, text_box, typed]] == whole
    assert len(documents) > 20 and all(whole[:-1])
    assert whole[-2] is not None and whole[-2][-3:] == ["框外框内之后", "框内", "标\ue000记"]
    assert whole[-1] is None
