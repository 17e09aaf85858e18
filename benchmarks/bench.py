"""Measure gongwen against a naive docxtpl loop, and its memory and rebuild costs.

    python -m benchmarks.bench                 # the full run (takes a few minutes)
    python -m benchmarks.bench --quick         # smaller sizes

Prints, in one run:
1. documents per second for the same documents made by a naive docxtpl loop
   (a new DocxTemplate per document, render with our sandboxed, autoescaping
   environment, save) and by gongwen, and the ratio;
2. gongwen's time and peak memory (RSS of the whole process tree) as the
   number of documents grows, up to about 3,000;
3. a no-op rebuild of the example relative to its full build.
Not a test: timings depend on the machine; nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from docxtpl import DocxTemplate

from generator.app import build
from generator.documents import registry
from generator.documents.kinds import plan_jobs
from generator.inputs.validate import load_inputs
from generator.output.rollup import rollup_xlsx
from generator.pdf.libreoffice import convert_many, convert_to_pdf, find_soffice
from generator.render.engine import make_environment
from generator.workspace import Workspace, bundled_root

from .synthetic import make_workspace


def naive_docxtpl(ws: Path, out: Path) -> tuple[int, float]:
    """The loop most scripts write: a fresh DocxTemplate per document."""
    inputs, _ = load_inputs(ws / "inputs" / "活动数据.xlsx", "inputs")
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
    shutil.rmtree(ws / "output")
    (ws / "output").mkdir()
    started = time.perf_counter()
    report = build(Workspace(ws), jobs=jobs)
    return len(report.written), time.perf_counter() - started


def _tree_memory(pid: int) -> tuple[int, int]:
    """RSS and PSS of a process and all its descendants, in bytes (Linux /proc).

    RSS counts a page shared by forked workers once per process; PSS divides it
    among them, so PSS is the memory the build really takes.
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


def build_in_subprocess(ws: Path, jobs: int) -> tuple[float, int, int]:
    """Wall time, peak RSS and peak PSS of `gongwen build` on a workspace, as a clerk would run it."""
    shutil.rmtree(ws / "output")
    (ws / "output").mkdir()
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(ws), "build", "-q", "-j", str(jobs)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0

    def watch() -> None:
        nonlocal peak_rss, peak_pss
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    proc.wait()
    watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"build failed with exit code {proc.returncode}")
    return time.perf_counter() - started, peak_rss, peak_pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a quick look")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    compare_units = 15 if args.quick else 50  # x (plan + 3 monthly sheets) + roll-ups
    units_for = [60, 125] if args.quick else [125, 250, 500, 750]  # about 500 ... 3,000 documents
    root = Path(tempfile.mkdtemp(prefix="gongwen-bench-"))
    os.environ["GONGWEN_CACHE_DIR"] = str(root / "cache")  # start cold, whatever earlier runs left
    print(f"machine: {os.cpu_count()} cores; gongwen --jobs {args.jobs}\n")

    # 1. Same documents, naive docxtpl loop vs gongwen.
    # Best of three runs each: the first gongwen run also fills the caches of compiled
    # templates and of the county chart, as a clerk's first build of the day would.
    ws = make_workspace(root / "compare", compare_units)
    cold, t_cold = gongwen_build(ws, jobs=1)
    n_naive, t_naive = min((naive_docxtpl(ws, root / "naive-out") for _ in range(3)), key=lambda r: r[1])
    n_one, t_one = min((gongwen_build(ws, jobs=1) for _ in range(3)), key=lambda r: r[1])
    n_all, t_all = min((gongwen_build(ws, jobs=args.jobs) for _ in range(3)), key=lambda r: r[1])
    print(f"1. {n_naive} documents ({compare_units} units: notice, plans, 3 months of sheets and roll-ups), best of 3")
    print(f"   naive docxtpl loop      {n_naive / t_naive:8.1f} docs/s   ({t_naive * 1000 / n_naive:6.2f} ms/doc)")
    print(
        f"   gongwen, 1 process      {n_one / t_one:8.1f} docs/s   ({t_one * 1000 / n_one:6.2f} ms/doc)"
        "  (whole build: reading the workbook included)"
    )
    print(f"   gongwen, first build    {cold / t_cold:8.1f} docs/s   (caches empty: compiling, drawing the chart)")
    print(f"   gongwen, {args.jobs} processes    {n_all / t_all:8.1f} docs/s   ({t_all * 1000 / n_all:6.2f} ms/doc)")
    best = max(n_one / t_one, n_all / t_all)  # below a few hundred documents a pool may not pay
    print(f"   ratio best gongwen / naive {best / (n_naive / t_naive):5.1f} x\n")

    # 2. Growth and peak memory, as a command (interpreter start-up included).
    print("2. gongwen build as a command: time and peak memory (whole process tree)")
    print("   documents    seconds   docs/s   peak RSS   peak PSS")
    for units in units_for:
        big = make_workspace(root / f"big{units}", units)
        documents = 1 + units * 4 + 2 * 3
        seconds, rss, pss = build_in_subprocess(big, args.jobs)
        rate = documents / seconds
        print(f"   {documents:9d} {seconds:10.2f} {rate:8.0f} {rss / 2**20:8.0f} MB {pss / 2**20:7.0f} MB")
        shutil.rmtree(big)
    print()

    # 3. No-op rebuild of the example.
    example = root / "example"
    shutil.copytree(bundled_root() / "inputs", example / "inputs")
    shutil.copytree(bundled_root() / "templates", example / "templates")
    (example / "output").mkdir()
    fulls, noops, count = [], [], 0
    for _ in range(5):
        shutil.rmtree(example / "output")
        (example / "output").mkdir()
        started = time.perf_counter()
        count = len(build(Workspace(example), jobs=args.jobs).written)
        fulls.append(time.perf_counter() - started)
        started = time.perf_counter()
        build(Workspace(example), jobs=args.jobs)
        noops.append(time.perf_counter() - started)
    full, noop = statistics.median(fulls), statistics.median(noops)
    print(f"3. the example ({count} documents): full build vs no-op rebuild (median of 5)")
    print(f"   full {full * 1000:.1f} ms, no-op {noop * 1000:.1f} ms = {noop / full * 100:.1f}% of the full build")

    # 4. PDF: one LibreOffice launch per document vs gongwen's pool.
    if find_soffice():
        plans = sorted((example / "output" / "方案").glob("*.docx"))[:12]
        started = time.perf_counter()
        for plan in plans:
            convert_to_pdf([plan], root / "one-by-one")
        one_by_one = time.perf_counter() - started
        started = time.perf_counter()
        convert_many([(d, root / "pool" / f"{i}.pdf") for i, d in enumerate(plans)], args.jobs)
        pooled = time.perf_counter() - started
        print(f"\n4. PDF of {len(plans)} plans: one soffice per document {one_by_one:.1f} s, "
              f"gongwen's pool of {args.jobs} {pooled:.1f} s ({one_by_one / pooled:.1f}x)")  # fmt: skip
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
