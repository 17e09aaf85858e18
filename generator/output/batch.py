"""Render many documents into a staging folder, in this process or in a pool of processes.

Templates are compiled once in the parent (so a template error stops the build
before any work is spread out); forked workers inherit them. Each worker writes
its documents into the staging folder and returns only the file's hash, so
memory does not grow with the number of documents (a document whose place is proven to
hold its bytes already is not written at all). Nothing reaches output/
until every document has rendered: the pipeline then renames staged files into
place, one atomic rename each.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from generator import faults
from generator.documents import registry
from generator.documents.registry import DocumentJob
from generator.errors import TemplateError
from generator.output import kinds as kinds  # the kinds' declarations: every process that builds sees them
from generator.output.manifest import sha256
from generator.output.workers import default_jobs, die_with_parent, release_free_memory
from generator.render import layout, stream
from generator.render.charts import embed_charts
from generator.standard.ooxml import core_properties_xml
from generator.standard.package import why_unopenable
from generator.standard.wordml import BadPart

if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from generator.render.engine import CompiledTemplate


def render_document(template: CompiledTemplate, job: DocumentJob) -> bytes:
    try:
        return _rendered(template, job)
    except BadPart:  # the render's XML does not parse: a tag across a hyperlink's, a field's end
        raise TemplateError(
            f"模板「{template.name}」生成的「{job.output}」不是完整的 XML，Word 打不开：模板里可能有标签跨过了"
            "超链接、域或文本框的边界；请把每个标签放在同一段的普通文字里"
        ) from None


def _rendered(template: CompiledTemplate, job: DocumentJob) -> bytes:
    passes = layout.for_document(sealed=job.sealed, names=registry.title_names(job.context))
    charts = registry.kind(job.kind).charts
    # Core properties come from the inputs, never from the clock.
    core = core_properties_xml(job.title, job.author, job.date_iso).encode("utf-8")
    if charts is None:
        parts = template.render(job.context, job.output, passes)
        parts["docProps/core.xml"] = core
        return template.package(parts)
    # Charts go in before the layout passes, which must see how high they print.
    plain = template.render(job.context, job.output)
    plain["docProps/core.xml"] = core
    if charts.marker.encode("utf-8") in plain["word/document.xml"]:
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
            plain.setdefault(name, template.parts[name])
        embed_charts(plain, charts.marker, charts.draw(job))
    return template.package({name: passes(name, plain.pop(name)) for name in list(plain)})


def compile_templates(paths: dict[str, Path]) -> dict[str, CompiledTemplate]:
    from generator.render.engine import CompiledTemplate, make_environment  # Jinja: only to render

    env = make_environment()
    return {kind: CompiledTemplate(path, env) for kind, path in paths.items()}


@dataclass(frozen=True, slots=True)
class Staged:
    index: int  # position in the list of jobs given to render_all
    path: Path | None  # None: nothing staged, its place holds these very bytes (render_all's `in_place`)
    sha256: str
    without_placeholders: bool = False  # its text holds no character of a ×× (stream.without_placeholders)


# Worker state: the compiled templates and the jobs (inherited on fork; compiled and sent on spawn).
_templates: dict[str, CompiledTemplate] = {}
_jobs: Sequence[DocumentJob] = ()
_staging: Path = Path()
_in_place: Mapping[int, str] = {}


def _init_worker(
    paths: dict[str, Path], staging: Path, inherited: dict[str, CompiledTemplate], in_place: Mapping[int, str]
) -> None:
    global _templates, _staging, _in_place
    _templates = inherited or compile_templates(paths)
    _staging = staging
    _in_place = in_place


# A document this large (zipped), or with a part this large (unzipped), was a large tree or many
# rows' bytes while it was laid out: a roll-up of hundreds of units, a summary with a row per unit.
LARGE_DOCUMENT_BYTES = 256 * 1024
LARGE_PART_BYTES = 1024 * 1024


def _init_pool_worker(
    paths: dict[str, Path], staging: Path, inherited: dict[str, CompiledTemplate], in_place: Mapping[int, str]
) -> None:
    die_with_parent()
    _init_worker(paths, staging, inherited, in_place)


def _render_to_staging(item: tuple[int, DocumentJob]) -> Staged:
    index, job = item
    if job.compose is not None and not job.context:  # dropped after the plan (see _drop_recomposable)
        cast(dict[str, object], job.context).update(job.compose())
    writer = registry.kind(job.kind).writer
    data = writer(job, _title(job)) if writer else render_document(_templates[job.document], job)
    plain, largest_part = _check_opens(data, job, () if writer else _templates[job.document].compiled)
    digest = sha256(data)
    path = None
    if _in_place.get(index) != digest:  # (the same bytes as in place: no file made, written and removed)
        path = _staging / f"{index}.part"  # not a .docx until it is renamed into place
        with open(path, "wb") as fh:
            fh.write(data)
    faults.reached("staged")
    if len(data) > LARGE_DOCUMENT_BYTES or largest_part > LARGE_PART_BYTES:
        del data
        release_free_memory()  # its parsed tree is gone: give the pages back before the next document
    return Staged(index, path, digest, plain)


def _title(job: DocumentJob) -> str:
    """A code-made document's title: its original's, as that document's template writes it (the
    roll-up's spreadsheet is titled as the roll-up); the document's own name where there is none."""
    original = _templates.get(job.original) if job.original else None
    return (original.title(job.context) if original is not None else None) or job.title


def _check_opens(data: bytes, job: DocumentJob, rendered: Iterable[str]) -> tuple[bool, int]:
    """Nothing that would not open reaches staging, let alone output/ (package.why_unopenable).
    Returns whether its body is known to hold no character of a placeholder (as the part is read
    here: stream.without_placeholders), and the size of its largest rendered part."""
    suffix = Path(job.output).suffix
    plain: list[bool] = []
    largest = 0

    def known(part_name: str, part: bytes) -> bool:
        nonlocal largest
        largest = max(largest, len(part))
        # (A part the stream layout wrote from a kept layout is well-formed by construction: stream.py.)
        if part_name == "word/document.xml":
            plain.append(stream.without_placeholders(part_name, part))
        return stream.well_formed(part_name, part)

    def streamed(_: str, size: int) -> None:  # (a large part checked as it is inflated: never whole)
        nonlocal largest
        largest = max(largest, size)

    parse = rendered if suffix == ".docx" else ("xl/workbook.xml",)
    why = why_unopenable(data, suffix, parse, known, streamed)
    if why is not None:
        check = f"请用 gongwen templates check 检查「{job.document}」的模板"
        raise TemplateError(f"生成的「{job.output}」无法打开（{why}），没有写入 output；{check}")
    return plain == [True], largest


def render_index(index: int) -> Staged:
    """A forked worker's task: only the job's number crosses the process boundary."""
    return _render_to_staging((index, _jobs[index]))


# A worker is worth starting for about this much work: forking and collecting its results
# costs a few tens of milliseconds; a document costs a few milliseconds.
DOCUMENTS_PER_WORKER = 48
# A worker started afresh (from the forkserver under `gongwen ui`; spawned on Windows) imports gongwen
# and is sent its jobs first: two cost about what 150 documents take in one process (the 永清 example,
# 97 documents, in a process with another thread running: 0.4 s alone, 0.7-1.0 s with two such workers).
DOCUMENTS_PER_STARTED_WORKER = 3 * DOCUMENTS_PER_WORKER


def workers_for(documents: int, cores: int, per_worker: int = DOCUMENTS_PER_WORKER) -> int:
    """How many processes a build of `documents` documents uses when the clerk does not say:
    one for a small build (never slower than --jobs 1), more as the work grows, at most one per core."""
    return max(1, min(cores, documents // per_worker))


def pool_plan(documents: int, asked: int | None) -> tuple[int, str | None]:
    """The processes a build of `documents` uses (`asked`: the clerk's --jobs) and how its workers
    start; no start method when it renders in this process alone. Unasked, workers that do not fork
    from this process are started only for work worth their start (DOCUMENTS_PER_STARTED_WORKER)."""
    workers = workers_for(documents, default_jobs()) if asked is None else min(asked, documents)
    if workers <= 1:
        return 1, None
    import multiprocessing  # only for a pool: a small build never pays for importing it
    import threading

    method = start_method(multiprocessing.get_all_start_methods(), threading.active_count())
    if asked is None and method != "fork":
        workers = workers_for(documents, default_jobs(), DOCUMENTS_PER_STARTED_WORKER)
    return (workers, method) if workers > 1 else (1, None)


def render_all(
    jobs: Sequence[DocumentJob],
    templates: dict[str, CompiledTemplate],
    template_paths: dict[str, Path],
    staging: Path,
    workers: int | None,
    progress: Callable[[DocumentJob], None] | None = None,
    release_contexts: bool = False,
    in_place: Mapping[int, str] | None = None,
) -> list[Staged]:
    """Render `jobs` into `staging`, in `workers` processes (None: as many as the work is worth).
    `release_contexts`: in this process, empty each job's context once its last document is
    rendered (a build that needs them no more: see _released). `in_place`: job index -> the hash of
    the bytes its place is proven to hold; a document rendered to those bytes is not staged."""
    global _jobs
    in_place = in_place or {}
    staging.mkdir(parents=True, exist_ok=True)
    workers, method = pool_plan(len(jobs), workers)
    if method is None:
        _init_worker(template_paths, staging, templates, in_place)
        if release_contexts:
            _drop_recomposable(jobs)
        results = map(_render_to_staging, ((index, jobs[index]) for index in in_context_order(range(len(jobs)), jobs)))
        return _collect(_released(results, jobs) if release_contexts else results, jobs, progress)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, len(jobs) // (workers * 8))
    if method == "fork":
        _init_worker(template_paths, staging, templates, in_place)
        if release_contexts:
            _drop_recomposable(jobs)  # (before the fork: no worker inherits them)
        _jobs = jobs
        try:
            return _collect(render_forked(jobs, chunk, workers - 1), jobs, progress)
        finally:
            _jobs = ()
    inherited: dict[str, CompiledTemplate] = {}
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # The forkserver starts once per process (the page's server) and forks every later build's
        # workers: with this module imported there, they start with it instead of importing it
        # again (a second build of the example under `gongwen ui`: 0.95 s -> 0.67 s).
        context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_init_pool_worker,
        initargs=(template_paths, staging, inherited, in_place),
    ) as pool:
        return _collect(pool.map(_render_to_staging, enumerate(jobs), chunksize=chunk), jobs, progress)


def _drop_recomposable(jobs: Sequence[DocumentJob]) -> None:
    """Empty the contexts that are composed again when rendered (DocumentJob.compose): a roll-up's
    is held from its turn to its spreadsheet's, not from the plan to the end of the build."""
    for job in jobs:
        if job.compose is not None:
            cast(dict[str, object], job.context).clear()


def in_context_order(indices: Iterable[int], jobs: Sequence[DocumentJob]) -> list[int]:
    """`indices` in order, except that the jobs sharing a context (a twin has its original's) follow
    the first of them: a roll-up's spreadsheet is made right after it, so that one roll-up's context
    is composed at a time, not every period's."""
    first: dict[int, int] = {}
    return sorted(indices, key=lambda index: (first.setdefault(id(jobs[index].context), index), index))


def _released(results: Iterator[Staged], jobs: Sequence[DocumentJob]) -> Iterator[Staged]:
    """Each result, after which the context of its job is emptied if no later job shares it (a
    twin has its original's): the rest of the build (moving in, 核稿, the record) holds no context."""
    last_use = {id(job.context): index for index, job in enumerate(jobs)}
    for result in results:
        context = jobs[result.index].context
        if last_use[id(context)] == result.index:
            cast(dict[str, object], context).clear()  # (a context record is a dict at run time)
        yield result


def render_indices(indices: Sequence[int]) -> list[Staged]:
    return [render_index(index) for index in indices]


def render_forked(jobs: Sequence[DocumentJob], chunk: int, helpers: int) -> Iterator[Staged]:
    """The units' documents shared with `helpers` forked workers, then the campaign's own, here.

    The campaign's own documents (a roll-up of every unit, the county's summary and its chart)
    are the large ones. A forked worker's RSS is every page it inherits, so they are made once the
    workers have exited: no worker holds a copy of the memory they take, and the build's peak is
    one process's, not two."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    spread = [index for index, job in enumerate(jobs) if job.unit is not None]
    # This process is one of the workers: one fewer copy of the build's state in memory.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=helpers, mp_context=context, initializer=die_with_parent) as pool:
        yield from alongside(pool, spread, chunk, helpers)
    for index, job in enumerate(jobs):
        if job.unit is None:
            yield render_index(index)


def alongside(pool: Executor, spread: Sequence[int], chunk: int, helpers: int) -> Iterator[Staged]:
    """The jobs `spread`, in chunks: the pool's `helpers` workers are kept two chunks each in hand
    and this process renders the next chunk itself while they work, then waits for the last."""
    from concurrent.futures import FIRST_COMPLETED, wait

    pending: set[Future[list[Staged]]] = set()
    start, count = 0, len(spread)
    try:
        while start < count or pending:
            while start < count and len(pending) < 2 * helpers:
                pending.add(pool.submit(render_indices, spread[start : start + chunk]))
                start += chunk
            if start < count:
                yield from render_indices(spread[start : start + chunk])
                start += chunk
            done, pending = wait(pending, timeout=0 if start < count else None, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
    finally:
        for future in pending:  # an error here or in a worker: what has not started never does
            future.cancel()


START_METHOD_ENV = "GONGWEN_START_METHOD"


def start_method(available: Sequence[str], threads: int) -> str:
    """How workers start. Forked, they inherit the compiled templates and the composed jobs and get
    only job numbers: nothing is compiled, pickled or composed twice. But forking a process that
    runs other threads (the web page's server) can inherit a lock mid-use, so such a process starts
    workers from a clean forkserver (or spawns them, where there is neither) and sends them the jobs."""
    chosen = os.environ.get(START_METHOD_ENV, "")
    if chosen in available:  # (the tests that kill builds try each method)
        return chosen
    if "fork" in available and threads == 1:
        return "fork"
    return "forkserver" if "forkserver" in available else "spawn"


def _collect(
    results: Iterator[Staged], jobs: Sequence[DocumentJob], progress: Callable[[DocumentJob], None] | None
) -> list[Staged]:
    staged = []
    for result in results:
        staged.append(result)
        if progress:
            progress(jobs[result.index])
    return staged
