"""Measure gongwen: against a naive docxtpl loop, as the work grows, as a command, and for PDFs.

    python -m benchmarks.bench                 # everything (about ten minutes on 2 cores)
    python -m benchmarks.bench --quick         # smaller sizes, fewer repeats

Prints, in one run:
1. documents per second for the same documents made by a naive docxtpl loop (a new DocxTemplate
   per document, rendered with gongwen's own sandboxed, autoescaping environment, saved) and by
   gongwen with 1 and with N processes, every document of the build counted (spreadsheets too);
2. `gongwen build` as a command on synthetic campaigns of about 300, 1,000, 3,000 and 10,000
   documents, with 1 process and with the default: wall time, CPU per document (all processes),
   and the peak RSS and PSS of the whole process tree, workers included;
3. command start: `gongwen --help`, and a no-op `gongwen build` of the example, as commands;
4. PDFs of the example: `gongwen build --pdf` (gongwen's pool), one `soffice` call for all of
   them, and one `soffice` per document; then a second `--pdf` that has nothing to convert;
5. where a document's CPU goes, against the targets: forced in-process builds as shipped and with
   the layout passes switched off (in this script only: no setting of gongwen's turns them off),
   the plan alone (workbook read and checked, contexts composed and hashed), and the file system's
   own cost of writing each document and renaming it over the old one.
Not a test: timings depend on the machine; nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate

from generator.app import build, plan
from generator.documents import registry
from generator.documents.kinds import plan_jobs
from generator.output.rollup import rollup_xlsx
from generator.pdf.libreoffice import find_soffice, run_soffice
from generator.pipeline import read_workbook
from generator.render import layout
from generator.render.engine import make_environment
from generator.workspace import Workspace, bundled_root

from .synthetic import make_workspace

CORES = os.cpu_count() or 1


def documents_for(units: int, months: int = 3) -> int:
    """What a synthetic campaign makes: the notice; per unit a plan, a sheet a month and a summary;
    per month the roll-up and its spreadsheet; the county summary."""
    return 1 + units * (2 + months) + 2 * months + 1


def units_for(documents: int, months: int = 3) -> int:
    return max(1, (documents - 2 - 2 * months) // (2 + months))


def naive_docxtpl(ws: Path, out: Path) -> tuple[int, float]:
    """The loop most scripts write: a fresh DocxTemplate per document (the contexts are gongwen's,
    composed before the clock starts)."""
    inputs, _ = read_workbook(ws / "inputs" / "活动数据.xlsx", "inputs")
    assert inputs is not None
    jobs = plan_jobs(inputs)
    env = make_environment()
    workspace = Workspace(ws)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for i, job in enumerate(jobs):
        if not registry.kind(job.kind).has_template:  # no docxtpl for spreadsheets: both sides use the same writer
            (out / f"{i}.xlsx").write_bytes(rollup_xlsx(job.context))
            continue
        template = DocxTemplate(str(workspace.template(job.document, job.kind)))
        template.render(job.context, jinja_env=env)
        template.save(str(out / f"{i}.docx"))
    return len(jobs), time.perf_counter() - started


def gongwen_build(ws: Path, jobs: int) -> tuple[int, float]:
    """A whole build in this process (reading and checking the workbook included), output emptied."""
    shutil.rmtree(ws / "output")
    (ws / "output").mkdir()
    started = time.perf_counter()
    report = build(Workspace(ws), jobs=jobs)
    return len(report.written), time.perf_counter() - started


def _tree_memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of a process and all its descendants, in bytes (Linux /proc).

    RSS counts a page shared by forked workers once per process; PSS divides it among them,
    so PSS is the memory the build really takes.
    """
    rss = pss = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            with open(f"/proc/{current}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as fh:
                pids += [int(p) for p in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return rss, pss


@dataclass
class Run:
    seconds: float  # wall
    cpu: float  # user + system of the command and everything it started
    peak_rss: int
    peak_pss: int


def command(args: Sequence[str], watch_memory: bool = False) -> Run:
    """`gongwen ARGS` as a clerk runs it (interpreter start included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen([_gongwen(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0

    def watch() -> None:
        nonlocal peak_rss, peak_pss
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch) if watch_memory else None
    if watcher:
        watcher.start()
    proc.wait()
    seconds = time.perf_counter() - started
    if watcher:
        watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"gongwen {' '.join(args)} failed with exit code {proc.returncode}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(seconds, cpu, peak_rss, peak_pss)


def _gongwen() -> str:
    script = Path(sys.executable).with_name("gongwen")
    return str(script) if script.exists() else shutil.which("gongwen") or "gongwen"


def median_of(count: int, run: Callable[[], float]) -> float:
    return statistics.median(run() for _ in range(count))


def compare(root: Path, units: int, repeats: int) -> float:
    """Section 1; returns the naive loop's wall time per document."""
    ws = make_workspace(root / "compare", units)
    cold, t_cold = gongwen_build(ws, jobs=1)  # empty caches: templates compiled, the chart drawn
    n_naive, t_naive = min((naive_docxtpl(ws, root / "naive-out") for _ in range(repeats)), key=lambda r: r[1])
    n_one, t_one = min((gongwen_build(ws, jobs=1) for _ in range(repeats)), key=lambda r: r[1])
    n_all, t_all = min((gongwen_build(ws, jobs=CORES) for _ in range(repeats)), key=lambda r: r[1])
    assert n_naive == n_one == n_all == cold, (n_naive, n_one, n_all, cold)
    print(f"1. {n_naive} documents ({units} units: notice, plans, 3 months of sheets, roll-ups and their")
    print(f"   spreadsheets, summaries), best of {repeats}; gongwen's time is the whole build, workbook included")
    naive = n_naive / t_naive
    rows = [
        ("naive docxtpl loop", n_naive, t_naive),
        ("gongwen, 1 process", n_one, t_one),
        (f"gongwen, {CORES} processes", n_all, t_all),
        ("gongwen, first build", cold, t_cold),
    ]
    for name, count, seconds in rows:
        rate = count / seconds
        print(f"   {name:24s} {rate:8.1f} docs/s  {seconds * 1000 / count:6.2f} ms/doc  {rate / naive:5.1f}x")
    print("   (first build: caches empty, templates compiled and the chart drawn)\n")
    return t_naive / n_naive


def growth(root: Path, sizes: Sequence[int]) -> None:
    print("2. gongwen build as a command on synthetic campaigns (whole process tree)")
    print("   documents  processes   wall s   CPU ms/doc  vs 1,000   peak RSS   peak PSS")
    reference: float | None = None
    for target in sizes:
        units = units_for(target)
        ws = make_workspace(root / f"grow{units}", units)
        documents = documents_for(units)
        command(["-C", str(ws), "build", "-q", "-j", "1"])  # the chart and templates cached, as on a second day
        for jobs in ("1", ""):
            shutil.rmtree(ws / "output")
            (ws / "output").mkdir()
            run = command(["-C", str(ws), "build", "-q", *(["-j", jobs] if jobs else [])], watch_memory=True)
            per_doc = run.cpu * 1000 / documents
            if jobs == "1" and target == 1000:
                reference = per_doc
            ratio = f"{per_doc / reference:8.2f}x" if reference and jobs == "1" else " " * 9
            shown = "1" if jobs else "default"
            print(
                f"   {documents:9,d}  {shown:>9s} {run.seconds:8.1f} {per_doc:12.2f} {ratio}"
                f" {run.peak_rss / 2**20:7.0f} MB {run.peak_pss / 2**20:7.0f} MB"
            )
        shutil.rmtree(ws)
    print("   (CPU counts every process; RSS counts a page shared by forked workers once per process, PSS once)\n")


def example_workspace(root: Path) -> Path:
    example = root / "example"
    shutil.copytree(bundled_root() / "inputs", example / "inputs")
    shutil.copytree(bundled_root() / "templates", example / "templates")
    (example / "output").mkdir()
    return example


def start(example: Path, repeats: int) -> None:
    full = command(["-C", str(example), "build", "-q"])
    help_wall = median_of(repeats, lambda: command(["--help"]).seconds)
    noop_wall = median_of(repeats, lambda: command(["-C", str(example), "build", "-q"]).seconds)
    print(f"3. command start, median of {repeats} (wall, interpreter start included)")
    print(f"   gongwen --help                {help_wall * 1000:7.0f} ms")
    whole = f"the example's first full build, caches empty: {full.seconds:.2f} s"
    print(f"   gongwen build, nothing to do  {noop_wall * 1000:7.0f} ms  ({whole})\n")


def pdf(root: Path, example: Path, sample: int) -> None:
    soffice = find_soffice()
    if soffice is None:
        print("4. PDF: no LibreOffice on this machine\n")
        return
    run = command(["-C", str(example), "build", "-q", "--pdf"])
    documents = sorted(example.glob("output/**/*.docx"))
    pooled = run.seconds / len(documents)
    again = command(["-C", str(example), "build", "-q", "--pdf"])
    folder = root / "pdf-in"
    folder.mkdir()
    copies = []
    for i, document in enumerate(documents):  # numbered: two documents may share a name
        copies.append(folder / f"{i}.docx")
        shutil.copyfile(document, copies[-1])
    started = time.perf_counter()
    run_soffice(soffice, root / "profile-batch", "pdf", root / "pdf-batch", copies, timeout=3600)
    batch = (time.perf_counter() - started) / len(copies)
    started = time.perf_counter()
    for i, copy in enumerate(copies[:sample]):
        run_soffice(soffice, root / f"profile-one-{i}", "pdf", root / "pdf-one", [copy], timeout=600)
    one_each = (time.perf_counter() - started) / sample
    print(f"4. PDF of the example's {len(documents)} documents (seconds per document)")
    print(f"   gongwen build --pdf, pool of {CORES}       {pooled:6.3f}  (whole command, build included)")
    print(f"   one soffice call for all of them       {batch:6.3f}  ({batch / pooled:.2f}x gongwen's time)")
    print(f"   one soffice call per document          {one_each:6.3f}  (over {sample} documents)")
    print(f"   build --pdf again, nothing changed     {again.seconds:6.2f} s for the whole command\n")


@dataclass(frozen=True)
class Cpu:
    user: float  # seconds
    system: float

    @property
    def total(self) -> float:
        return self.user + self.system


def cpu_of(run: Callable[[], object]) -> Cpu:
    before = resource.getrusage(resource.RUSAGE_SELF)
    run()
    after = resource.getrusage(resource.RUSAGE_SELF)
    return Cpu(after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime)


def _least(count: int, run: Callable[[], object]) -> Cpu:
    return min((cpu_of(run) for _ in range(count)), key=lambda cpu: cpu.total)


def _no_layout(sealed: bool) -> Callable[[str, bytes], bytes]:
    return lambda part_name, xml: xml


def _files_alone(output: Path, scratch: Path) -> None:
    """What a forced build asks of the file system, without the build: each document written
    whole into a staging folder, then renamed over its old copy."""
    staging = scratch / "staging"
    staging.mkdir(parents=True)
    for i, document in enumerate(sorted(output.rglob("*.doc*"))):
        staged = staging / f"{i}.part"
        staged.write_bytes(document.read_bytes())
        os.replace(staged, scratch / f"{i}.docx")
    staging.rmdir()


def floor(root: Path, units: int, repeats: int, naive_seconds: float) -> None:
    ws = make_workspace(root / "floor", units)
    workspace = Workspace(ws)
    documents = len(build(workspace, jobs=1).written)  # caches warm, outputs in place to overwrite
    shipped = _least(repeats, lambda: build(workspace, force=True, jobs=1))
    for_document = layout.for_document
    layout.for_document = _no_layout
    try:
        bare = _least(repeats, lambda: build(workspace, force=True, jobs=1))
    finally:
        layout.for_document = for_document
    planning = _least(repeats, lambda: plan(workspace, force=True))
    scratch = root / "files-alone"
    _files_alone(ws / "output", scratch)  # the old copies the timed runs rename over
    files = _least(repeats, lambda: _files_alone(ws / "output", scratch))
    shutil.rmtree(scratch)
    print(f"5. CPU per document, forced in-process builds of {documents:,d} documents in 1 process, least of {repeats}")
    print("                                                         user ms  system ms  total ms")
    for name, cpu in [
        ("as shipped", shipped),
        ("the layout passes switched off", bare),
        ("of which the plan: workbook read, contexts, hashes", planning),
        ("the files alone: written, renamed over the old", files),
    ]:
        print(
            f"   {name:52s} {cpu.user * 1000 / documents:8.2f} {cpu.system * 1000 / documents:10.2f}"
            f" {cpu.total * 1000 / documents:9.2f}"
        )
    needed = naive_seconds / 30
    print(f"   targets: 1.5 ms CPU per document; 30x the naive loop of section 1 is {needed * 1000:.2f} ms wall")
    print(f"   per document, {needed * CORES * 1000:.2f} ms CPU on {CORES} cores if the pool lost nothing\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer repeats, for a quick look")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gongwen-bench-"))
    os.environ["GONGWEN_CACHE_DIR"] = str(root / "cache")  # start cold, whatever earlier runs left
    print(f"machine: {CORES} cores, Python {sys.version.split()[0]}\n")
    try:
        naive_seconds = compare(root, units=15 if args.quick else 50, repeats=1 if args.quick else 3)
        growth(root, [300, 1000] if args.quick else [300, 1000, 3000, 10000])
        example = example_workspace(root)
        start(example, repeats=5 if args.quick else 11)
        pdf(root, example, sample=3 if args.quick else 12)
        floor(root, units=40 if args.quick else 200, repeats=2 if args.quick else 5, naive_seconds=naive_seconds)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
