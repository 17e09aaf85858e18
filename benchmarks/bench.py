"""Measure gongwen against its peers, as the work grows, and at start: issue 42's figures in one run.

    python -m benchmarks.bench             # every figure (about 15 minutes of CPU)
    python -m benchmarks.bench --quick     # small sizes, 2 rounds: a look, not figures
    python -m benchmarks.bench --pdf       # also PDFs, through LibreOffice

Every figure is CPU time (user + system of a command and everything it started, or of this
process), not wall time: on a shared machine wall time measures the neighbours. The commands
being compared run interleaved, round by round, and the median of the rounds is shown; the
machine's load (os.getloadavg) is printed with each section.

1. Peers: the same monthly statistics sheets (one per unit and month of a synthetic campaign),
   from the same data, each written to a real file, by gongwen, docxtemplater and Carbone (npm,
   when node is here: benchmarks/peers.py), the naive docxtpl loop and a Python floor (twice: its
   data from the workbook, and from the npm peers' JSON file): the render loop's CPU per document,
   and the whole command's.
2. Scale: `gongwen build --force -j 1` at 1,000 and 10,000 documents (CPU per document, peak
   RSS and PSS of the process tree), and the CPU of the default processes against one.
3. Start: `gongwen --help` against `python -c "import click"`, and a no-op build against --help.
4. Where a forced build's CPU goes: as shipped, with the layout passes switched off, the plan
   alone, and what a build in which every document changed asks of the file system (each document
   written, then renamed over its old copy; a forced build of unchanged documents stages none).
5. (--pdf) PDFs of the example: gongwen's pool, one soffice call, one soffice per document.
Not a test: nothing here asserts; the last lines compare the figures with issue 42's targets.
"""

from __future__ import annotations

import argparse
import json
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

from generator.app import build, plan
from generator.pdf.libreoffice import find_soffice, run_soffice
from generator.render import layout
from generator.standard.words import NO_NAMES, TitleNames
from generator.workspace import Workspace, bundled_root

from . import peers
from .synthetic import make_workspace

CORES = os.cpu_count() or 1
# Commands run as a clerk's installation runs them: with their bytecode compiled (this machine's
# environment may forbid writing it, which would make every start compile gongwen from source).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def documents_for(units: int, months: int = 3) -> int:
    """What a synthetic campaign makes: the notice; per unit a plan, a sheet a month and a summary;
    per month the roll-up and its spreadsheet; the county summary."""
    return 1 + units * (2 + months) + 2 * months + 1


def units_for(documents: int, months: int = 3) -> int:
    return max(1, (documents - 2 - 2 * months) // (2 + months))


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {CORES} cores"


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
    stdout: str


def command(argv: Sequence[str], watch_memory: bool = False, env: dict[str, str] | None = None) -> Run:
    """One command, as a clerk runs it (interpreter start included); its CPU from the kernel."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env or CHILD_ENV, text=True
    )
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
    stdout, _ = proc.communicate()
    seconds = time.perf_counter() - started
    if watcher:
        watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(seconds, cpu, peak_rss, peak_pss, stdout)


def gongwen(*args: str | Path) -> list[str]:
    script = Path(sys.executable).with_name("gongwen")
    return [str(script) if script.exists() else shutil.which("gongwen") or "gongwen", *map(str, args)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- 1. peers ------------------------------------------------------------------------------------


@dataclass
class Contender:
    name: str
    loop: Callable[[int], list[str]]  # round -> the command that runs its render loop
    whole: Callable[[int], list[str]] | None = None  # the whole command, when not the loop's own
    before: Callable[[], None] = lambda: None  # what each run starts from (output emptied)


def _always(argv: list[str]) -> Callable[[int], list[str]]:
    return lambda number: argv


def _loop_cpu(run: Run) -> tuple[int, float]:
    said = json.loads(run.stdout.strip().splitlines()[-1])
    return int(said["documents"]), float(said["loop_cpu_us"]) / 1e6


def compare(root: Path, units: int, rounds: int) -> dict[str, tuple[float, float]]:
    """Section 1; returns each contender's (render loop, whole command) CPU ms per document."""
    ws = make_workspace(root / "peers", units)
    out = root / "peers-out"
    records = [peers.record(job.context) for job in peers.monthly_jobs(ws)]
    data = root / "peers.json"
    data.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    template = ws / "templates" / f"{peers.MONTHLY}.docx"
    python = [sys.executable, "-m", "benchmarks.peers"]

    def empty() -> None:
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()

    def empty_sheets() -> None:  # the sheets are written anew: created and renamed into place
        shutil.rmtree(ws / "output" / "统计", ignore_errors=True)

    contenders = [
        Contender("gongwen", lambda r: [*python, "gongwen", str(ws), str(out)],
                  lambda r: gongwen("-C", ws, "build", "-q", "-j", "1", "--kind", peers.MONTHLY), empty),
        Contender("naive docxtpl loop", lambda r: [*python, "naive", str(ws), str(out)], None, empty),
        Contender("Python floor", lambda r: [*python, "floor", str(ws), str(out)], None, empty),
        Contender("Python floor, JSON data", lambda r: [*python, "floor-json", str(ws), str(out), str(data)],
                  None, empty),
    ]  # fmt: skip
    modules = peers.node_modules()
    node = shutil.which("node")
    node_env = dict(CHILD_ENV, NODE_PATH=str(modules))
    if modules is not None and node is not None:
        for tool, rewrite in (("docxtemplater", peers.docxtemplater_xml), ("Carbone", peers.carbone_xml)):
            dialect = peers.peer_template(template, root / f"{tool}.docx", rewrite)
            argv = [node, str(peers.NODE_SCRIPT), tool.lower(), str(dialect), str(data), str(out)]
            contenders.append(Contender(tool, _always(argv), None, empty))
    versions = f"node {peers.node_version()}, " if modules is not None and node is not None else ""
    print(f"1. {len(records)} monthly statistics sheets ({units} units, 3 months), each written to a file;")
    print(f"   ({versions}Python {sys.version.split()[0]})")
    print(f"   CPU ms per document, median of {rounds} interleaved rounds ({load()})")
    loops: dict[str, list[float]] = {c.name: [] for c in contenders}
    wholes: dict[str, list[float]] = {c.name: [] for c in contenders}
    made: dict[str, Path] = {}
    for number in range(rounds + 1):  # round 0 warms caches (compiled templates, the bytecode)
        for contender in contenders:
            contender.before()
            env = node_env if contender.name in ("docxtemplater", "Carbone") else None
            run = command(contender.loop(number), env=env)
            count, loop_cpu = _loop_cpu(run)
            if number == 0:
                made[contender.name] = _first_document(out, contender.name)
            whole_cpu = run.cpu
            if contender.whole is not None:
                empty_sheets()
                whole_cpu = command(contender.whole(number)).cpu
            if number:
                loops[contender.name].append(loop_cpu * 1000 / count)
                wholes[contender.name].append(whole_cpu * 1000 / count)
    different = peers.check_same_text({name: path for name, path in made.items() if name != "gongwen"})
    result = {name: (median(loops[name]), median(wholes[name])) for name in loops}
    reference = result["gongwen"]
    print("                              render loop           whole command")
    for name, (loop_ms, whole_ms) in result.items():
        spread = f"{min(loops[name]):.2f}-{max(loops[name]):.2f}"
        print(
            f"   {name:24s} {loop_ms:6.2f} ({loop_ms / reference[0]:4.1f}x) [{spread:>11s}]"
            f"  {whole_ms:6.2f} ({whole_ms / reference[1]:4.1f}x)"
        )
    if modules is None or node is None:
        print("   (docxtemplater and Carbone: no node/npm here, or the packages could not be installed)")
    said = "the same words as the naive loop's" if not different else f"other words: {', '.join(different)}"
    print(f"   every peer's first sheet says {said} (gongwen's also merges each group's cells)")
    print("   gongwen's whole command: `build --kind 月报 -j 1` of the same sheets: the workbook read and checked,")
    print("   the plan, 核稿, the manifest and the record; the others' whole command: the process of their loop")
    print("   (the naive loop and the floor: the workbook read by gongwen's reader; node and the JSON floor:")
    print("   the records' JSON file)")
    print(f"   ({load()})\n")
    return result


def _first_document(out: Path, name: str) -> Path:
    """The round's first document, kept to compare the tools' words (gongwen's loop writes 0.part)."""
    found = next(p for p in (out / "0.docx", out / "0.part") if p.exists())
    kept = out.parent / f"first-{name}.docx"
    shutil.copyfile(found, kept)
    return kept


# --- 2. scale ------------------------------------------------------------------------------------


@dataclass
class Scale:
    documents: int
    one: float  # CPU ms per document, -j 1
    default: float  # CPU ms per document, the default processes
    rss: int  # peak RSS of the forced -j 1 build, bytes
    pss: int
    first_rss: int  # peak RSS of the first build, into an empty output/ (nothing recorded to compare)


def scale(root: Path, sizes: Sequence[int], rounds: Callable[[int], int]) -> list[Scale]:
    print(f"2. `gongwen build --force` as a command on synthetic campaigns, median of {rounds(0)} ({load()})")
    print("   documents   CPU ms/doc -j 1   default (processes)   peak RSS -j 1   peak PSS   first build's RSS")
    out = []
    for target in sizes:
        units = units_for(target)
        ws = make_workspace(root / f"scale{units}", units)
        documents = documents_for(units)
        first = command(gongwen("-C", ws, "build", "-q", "-j", "1"), watch_memory=True)  # outputs in place
        ones, defaults, peaks = [], [], []
        for _ in range(rounds(documents)):
            run = command(gongwen("-C", ws, "build", "-q", "--force", "-j", "1"), watch_memory=True)
            ones.append(run.cpu * 1000 / documents)
            peaks.append((run.peak_rss, run.peak_pss))
            defaults.append(command(gongwen("-C", ws, "build", "-q", "--force")).cpu * 1000 / documents)
        rss, pss = max(peaks)
        row = Scale(documents, median(ones), median(defaults), rss, pss, first.peak_rss)
        print(
            f"   {documents:9,d} {row.one:12.2f}      {row.default:8.2f} ({row.default / row.one:4.2f}x)"
            f"    {rss / 2**20:8.0f} MB  {pss / 2**20:6.0f} MB  {first.peak_rss / 2**20:8.0f} MB"
        )
        out.append(row)
        shutil.rmtree(ws)
    print(f"   (a forced build of unchanged documents renders and lays out every one; {load()})\n")
    return out


# --- 3. start ------------------------------------------------------------------------------------


def example_workspace(root: Path) -> Path:
    example = root / "example"
    shutil.copytree(bundled_root() / "inputs", example / "inputs")
    shutil.copytree(bundled_root() / "templates", example / "templates")
    (example / "output").mkdir()
    return example


def start(example: Path, rounds: int) -> tuple[float, float]:
    """Section 3; returns (--help / import click, no-op build / --help), CPU medians."""
    command(gongwen("-C", example, "build", "-q"))  # the example built: the next build has nothing to do
    argvs = {
        "python -c 'import click'": [sys.executable, "-c", "import click"],
        "gongwen --help": gongwen("--help"),
        "gongwen build, nothing to do": gongwen("-C", example, "build", "-q"),
    }
    for argv in argvs.values():  # bytecode written, file caches warm
        command(argv)
    cpu: dict[str, list[float]] = {name: [] for name in argvs}
    for _ in range(rounds):
        for name, argv in argvs.items():
            cpu[name].append(command(argv).cpu)
    shown = {name: median(values) * 1000 for name, values in cpu.items()}
    click, helped, noop = shown.values()
    print(f"3. command start, CPU ms, median of {rounds} interleaved rounds ({load()})")
    for name, ms in shown.items():
        print(f"   {name:32s} {ms:6.1f}")
    print(f"   --help / import click {helped / click:.2f}x; no-op build / --help {noop / helped:.2f}x\n")
    return helped / click, noop / helped


# --- 4. where the CPU goes -------------------------------------------------------------------------


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


def _no_layout(sealed: bool, names: TitleNames = NO_NAMES) -> Callable[[str, bytes], bytes]:
    return lambda part_name, xml: xml


def _files_alone(output: Path, scratch: Path) -> None:
    """What a build in which every document changed asks of the file system, without the build: each
    document written whole into a staging folder, then renamed over its old copy. (A forced build of
    unchanged documents stages none of them; on ext4 without a journal, creating a file costs more the
    more files were deleted in the last minute, so this figure follows the disk's recent history.)"""
    staging = scratch / "staging"
    staging.mkdir(parents=True)
    for i, document in enumerate(sorted(output.rglob("*.doc*"))):
        staged = staging / f"{i}.part"
        staged.write_bytes(document.read_bytes())
        os.replace(staged, scratch / f"{i}.docx")
    staging.rmdir()


def where(root: Path, units: int, repeats: int) -> None:
    ws = make_workspace(root / "where", units)
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
    print(f"4. CPU per document, forced in-process builds of {documents:,d} documents, 1 process, least of {repeats}")
    print(f"   ({load()})                                user ms  system ms  total ms")
    for name, cpu in [
        ("as shipped", shipped),
        ("the layout passes switched off", bare),
        ("of which the plan: workbook read, contexts, hashes", planning),
        ("the files, every one changed: written, renamed", files),
    ]:
        print(
            f"   {name:52s} {cpu.user * 1000 / documents:8.2f} {cpu.system * 1000 / documents:10.2f}"
            f" {cpu.total * 1000 / documents:9.2f}"
        )
    print()


# --- 5. PDF --------------------------------------------------------------------------------------


def pdf(root: Path, example: Path, sample: int) -> None:
    soffice = find_soffice()
    if soffice is None:
        print("5. PDF: no LibreOffice on this machine\n")
        return
    run = command(gongwen("-C", example, "build", "-q", "--pdf"))
    documents = sorted(example.glob("output/**/*.docx"))
    pooled = run.seconds / len(documents)
    again = command(gongwen("-C", example, "build", "-q", "--pdf"))
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
    print(f"5. PDF of the example's {len(documents)} documents (wall seconds per document; {load()})")
    print(f"   gongwen build --pdf, pool of {CORES}       {pooled:6.3f}  (whole command, build included)")
    print(f"   one soffice call for all of them       {batch:6.3f}  ({batch / pooled:.2f}x gongwen's time)")
    print(f"   one soffice call per document          {one_each:6.3f}  (over {sample} documents)")
    print(f"   build --pdf again, nothing changed     {again.seconds:6.2f} s for the whole command\n")


# --- the targets ---------------------------------------------------------------------------------


def verdict(peer: dict[str, tuple[float, float]], scaled: list[Scale], starts: tuple[float, float]) -> None:
    gongwen_loop, gongwen_whole = peer["gongwen"]
    rows = [
        ("render loop <= 1.5 ms/doc", f"{gongwen_loop:.2f}", gongwen_loop <= 1.5),
        *[
            (f"forced build at {s.documents:,d} <= 3.0 ms/doc (1 process)", f"{s.one:.2f}", s.one <= 3.0)
            for s in scaled
        ],
        ("--help <= 1.15x import click", f"{starts[0]:.2f}x", starts[0] <= 1.15),
        ("no-op build <= 1.3x --help", f"{starts[1]:.2f}x", starts[1] <= 1.3),
    ]
    if len(scaled) >= 2:
        small, large = scaled[0], scaled[-1]
        for what, growth in (
            ("forced build", large.rss / small.rss),
            ("first build", large.first_rss / small.first_rss),
        ):
            named = f"{what}'s peak RSS at {large.documents:,d} <= 1.5x at {small.documents:,d}"
            rows.append((named, f"{growth:.2f}x", growth <= 1.5))
    for name, wanted in (("docxtemplater", 8), ("naive docxtpl loop", 12)):
        if name in peer:
            times = peer[name][1] / gongwen_whole
            rows.append((f"whole command >= {wanted}x {name}", f"{times:.1f}x", times >= wanted))
    print(f"issue 42's targets ({load()})")
    for name, value, met in rows:
        print(f"   {name:52s} {value:>8s}  {'met' if met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes and fewer rounds, for a quick look")
    parser.add_argument("--pdf", action="store_true", help="also the PDF section (LibreOffice)")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one round: that the script runs (tests)")
    args = parser.parse_args()
    if args.smoke:
        args.quick = True
    root = Path(tempfile.mkdtemp(prefix="gongwen-bench-"))
    os.environ["GONGWEN_CACHE_DIR"] = str(root / "cache")  # start cold, whatever earlier runs left
    CHILD_ENV["GONGWEN_CACHE_DIR"] = str(root / "cache")
    print(f"machine: {CORES} cores, Python {sys.version.split()[0]}, {load()}\n")
    try:
        peer = compare(
            root,
            units=3 if args.smoke else 20 if args.quick else 100,
            rounds=1 if args.smoke else 2 if args.quick else 5,
        )
        sizes = [30, 60] if args.smoke else [300, 1000] if args.quick else [1000, 10000]
        scaled = scale(root, sizes, rounds=lambda documents: 1 if args.quick or documents > 5000 else 3)
        example = example_workspace(root)
        starts = start(example, rounds=1 if args.smoke else 5 if args.quick else 21)
        if not args.smoke:
            where(root, units=20 if args.quick else 100, repeats=2 if args.quick else 3)
        if args.pdf:
            pdf(root, example, sample=3 if args.quick else 12)
        verdict(peer, scaled, starts)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
