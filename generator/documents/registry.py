"""The one registry of document kinds: what each kind is, how its documents are found, where they go.

A kind declares its name, whether a template in templates/ renders it or code makes it
(and which writer), the picture its template may ask for, and the function that lists
its documents for a campaign. Everything that treats kinds differently (the batch
renderer, the template preflight, `--kind`, `templates list`) reads it here, so adding a
kind is one `register` call.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from generator.inputs.model import Inputs

# The part of a job's context shared by every unit's documents, composed once per build.
Shared = dict[str, Any]


@dataclass(frozen=True)
class DocumentJob:
    """One document to make: which kind, where it goes, from what."""

    kind: str  # the kind's name, e.g. 通知
    unit: str | None  # the unit a unit document is for; None for the campaign's own documents
    output: str  # path relative to output/, with "/" separators (see output_name)
    title: str  # for the core properties
    author: str
    date_iso: str  # for the core properties: the document's own date
    context: dict[str, Any]


@dataclass(frozen=True)
class Picture:
    """A picture a kind's template may ask for by writing `marker` in a paragraph of its own."""

    marker: str
    name: str  # the media part's name
    width_mm: float
    height_mm: float
    draw: Callable[[Mapping[str, Any]], bytes]  # the PNG, from the job's context


JobsOf = Callable[[Inputs, Shared], list[DocumentJob]]


@dataclass(frozen=True)
class Twin:
    """Another form of each document of a kind: the same context, title and date, another file
    (the roll-up's spreadsheet beside its .docx)."""

    of: str  # the kind whose documents it doubles
    suffix: str  # its file's suffix, e.g. ".xlsx"


@dataclass(frozen=True)
class DocumentKind:
    name: str
    description: str
    jobs: JobsOf | None = None  # None for a twin: its documents are its original's
    # None: rendered from templates/<name>.docx. Otherwise the name of the writer in
    # generator/output that makes the file by code (e.g. the roll-up's spreadsheet).
    writer: str | None = None
    picture: Picture | None = None
    twin: Twin | None = None

    @property
    def has_template(self) -> bool:
        return self.writer is None


_REGISTRY: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    if kind.name in _REGISTRY:
        raise ValueError(f"document kind {kind.name!r} registered twice")
    if (kind.jobs is None) == (kind.twin is None) or (kind.twin and kind.twin.of not in _REGISTRY):
        raise ValueError(f"document kind {kind.name!r}: jobs of its own, or a twin of a kind registered before")
    _REGISTRY[kind.name] = kind
    return kind


def kind(name: str) -> DocumentKind:
    return _REGISTRY[name]


def kinds() -> list[DocumentKind]:
    """Every kind, in build order."""
    return list(_REGISTRY.values())


def kind_names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def template_kind_names() -> tuple[str, ...]:
    return tuple(k.name for k in _REGISTRY.values() if k.has_template)


_UNSAFE_IN_FILENAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]')
# Names Windows keeps for devices, with or without an extension: CON.docx cannot be opened there.
_RESERVED_ON_WINDOWS = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
# File systems count a name's bytes (255 on ext4 and NTFS); Chinese takes three in UTF-8. The room
# left is for a suffix such as （新生成2）.docx.
MAX_NAME_BYTES = 180


def safe_filename(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file name that Windows and Linux both accept, still readable Chinese.

    Unsafe and invisible characters become _, device names such as CON get a _, and a name too
    long for the file system is cut at a character boundary and given a short digest of the
    whole, so that two long names that differ only at the end stay different.
    """
    cleaned = _UNSAFE_IN_FILENAMES.sub("_", name).strip(" .")
    cleaned = cleaned.replace("..", "_") or "未命名"
    if _RESERVED_ON_WINDOWS.match(cleaned):
        cleaned = f"{cleaned}_"
    if len(cleaned.encode("utf-8")) <= limit:
        return cleaned
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    kept = cleaned
    while len(f"{kept}…{digest}".encode()) > limit:
        kept = kept[:-1]
    return f"{kept}…{digest}"


def output_name(folders: Iterable[str], stem: str, suffix: str) -> str:
    """Where a document goes under output/: the only place output file names are made safe."""
    return "/".join([*(safe_filename(f) for f in folders), safe_filename(stem) + suffix])


def colliding(jobs: Iterable[DocumentJob]) -> list[tuple[DocumentJob, DocumentJob]]:
    """Pairs of documents that would go to one file (names made safe can meet; so can case)."""
    seen: dict[str, DocumentJob] = {}
    pairs = []
    for job in jobs:
        key = job.output.casefold()
        if key in seen:
            pairs.append((seen[key], job))
        else:
            seen[key] = job
    return pairs


def plan_jobs(inputs: Inputs, shared: Callable[[Inputs], Shared]) -> list[DocumentJob]:
    """Every document the campaign defines, kind by kind in build order."""
    common = shared(inputs)  # one copy, shared by every unit's documents
    by_kind: dict[str, list[DocumentJob]] = {}
    for k in _REGISTRY.values():
        if k.twin is not None:
            by_kind[k.name] = [_twin_job(job, k.name, k.twin.suffix) for job in by_kind[k.twin.of]]
        elif k.jobs is not None:
            by_kind[k.name] = k.jobs(inputs, common)
    return [job for jobs in by_kind.values() for job in jobs]


def _twin_job(job: DocumentJob, kind: str, suffix: str) -> DocumentJob:
    return dataclasses.replace(job, kind=kind, output=str(PurePosixPath(job.output).with_suffix(suffix)))
