"""Render many documents into a staging folder, in this process or in a pool of processes.

Templates are compiled once in the parent (so a template error stops the build
before any work is spread out); forked workers inherit them. Each worker writes
its documents into the staging folder and returns only the file's hash, so
memory does not grow with the number of documents. Nothing reaches output/
until every document has rendered: the pipeline then renames staged files into
place, one atomic rename each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import faults
from generator.documents import registry
from generator.documents.registry import DocumentJob
from generator.output.manifest import sha256
from generator.render import layout
from generator.render.images import embed_picture
from generator.standard.ooxml import core_properties_xml

if TYPE_CHECKING:
    from generator.render.engine import CompiledTemplate

# Below this many documents a process pool costs more than it saves.
POOL_THRESHOLD = 16


def render_document(template: CompiledTemplate, job: DocumentJob) -> bytes:
    parts = template.render(job.context, job.output, layout.for_document(sealed=job.sealed))
    # Core properties come from the inputs, never from the clock.
    parts["docProps/core.xml"] = core_properties_xml(job.title, job.author, job.date_iso).encode("utf-8")
    picture = registry.kind(job.kind).picture
    if picture is not None and picture.marker.encode("utf-8") in parts["word/document.xml"]:
        for name in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
            parts.setdefault(name, template.parts[name])
        png = picture.draw(job.context)
        embed_picture(parts, picture.marker, png, picture.name, picture.width_mm, picture.height_mm)
    return template.package(parts)


def _rollup_xlsx(context: dict[str, Any]) -> bytes:
    from generator.output.xlsx_writer import rollup_xlsx  # openpyxl: only when a spreadsheet is made

    return rollup_xlsx(context)


# Kinds made by code instead of a template, by the writer name their registry entry gives.
WRITERS: dict[str, Callable[[dict[str, Any]], bytes]] = {"rollup_xlsx": _rollup_xlsx}


def compile_templates(paths: dict[str, Path]) -> dict[str, CompiledTemplate]:
    from generator.render.engine import CompiledTemplate, make_environment  # Jinja: only to render

    env = make_environment()
    return {kind: CompiledTemplate(path, env) for kind, path in paths.items()}


@dataclass(frozen=True)
class Staged:
    index: int  # position in the list of jobs given to render_all
    path: Path
    sha256: str


# Worker state: the compiled templates (inherited on fork, compiled on spawn).
_templates: dict[str, CompiledTemplate] = {}
_staging: Path = Path()


def _init_worker(paths: dict[str, Path], staging: Path, inherited: dict[str, CompiledTemplate]) -> None:
    global _templates, _staging
    _templates = inherited or compile_templates(paths)
    _staging = staging


def _render_to_staging(item: tuple[int, DocumentJob]) -> Staged:
    index, job = item
    writer = registry.kind(job.kind).writer
    data = WRITERS[writer](job.context) if writer else render_document(_templates[job.document], job)
    path = _staging / f"{index}.part"  # not a .docx until it is renamed into place
    with open(path, "wb") as fh:
        fh.write(data)
    faults.reached("staged")
    return Staged(index, path, sha256(data))


def render_all(
    jobs: Sequence[DocumentJob],
    templates: dict[str, CompiledTemplate],
    template_paths: dict[str, Path],
    staging: Path,
    workers: int,
    progress: Callable[[DocumentJob], None] | None = None,
) -> list[Staged]:
    staging.mkdir(parents=True, exist_ok=True)
    items = list(enumerate(jobs))
    results: Iterator[Staged]
    if workers <= 1 or len(items) < POOL_THRESHOLD:
        _init_worker(template_paths, staging, templates)
        results = map(_render_to_staging, items)
        return _collect(results, jobs, progress)
    import multiprocessing  # only for a pool: a small build never pays for importing it
    from concurrent.futures import ProcessPoolExecutor

    # Workers start lean (forkserver where available, spawn elsewhere) instead of
    # inheriting the parent's inputs and contexts: memory stays flat as the
    # campaign grows. They compile the templates from the cache in milliseconds.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    inherited: dict[str, CompiledTemplate] = {}
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(template_paths, staging, inherited)
    ) as pool:
        return _collect(pool.map(_render_to_staging, items, chunksize=chunk), jobs, progress)


def _collect(
    results: Iterator[Staged], jobs: Sequence[DocumentJob], progress: Callable[[DocumentJob], None] | None
) -> list[Staged]:
    staged = []
    for result in results:
        staged.append(result)
        if progress:
            progress(jobs[result.index])
    return staged
