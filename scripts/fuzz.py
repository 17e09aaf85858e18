"""Run the whole hostile corpus (tests/hostile.py) and report per family.

    python scripts/fuzz.py [--jobs 2] [--only FAMILY] [--keep DIR]

Each case runs gongwen as its own process in a fresh workspace; the report gives, per family,
the cases, how many were refused (exit 1/2) and accepted (exit 0), every case that broke a
promise (exit 3, a hang, no Chinese message, a file written outside the workspace, an unopenable
output, time or memory over the bounds), and the worst time and peak memory. Exit code 1 when
any case broke a promise.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hostile import MEMORY_BOUND, TIME_BOUND, Outcome, all_cases, prepare_master, run_case  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", help="one family (zip-methods, zip-sizes, damaged, huge, …) or a case id prefix")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it")
    args = parser.parse_args()
    cases = [c for c in all_cases() if not args.only or c.family == args.only or c.id.startswith(args.only)]
    root = args.keep or Path(tempfile.mkdtemp(prefix="gongwen-fuzz-"))
    root.mkdir(parents=True, exist_ok=True)
    prepare_master(root)
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(args.jobs) as pool:
        for outcome in pool.map(lambda c: run_case(c, root), cases):
            outcomes.append(outcome)
            mark = "BROKEN " + "; ".join(outcome.problems) if outcome.problems else f"exit {outcome.exit_code}"
            print(
                f"{outcome.case.id:60} {outcome.seconds:6.1f} s {outcome.peak_bytes / 2**20:6.0f} MB  {mark}",
                flush=True,
            )
    families: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        families[o.case.family].append(o)
    print(f"\n{'family':16} {'cases':>5} {'refused':>7} {'accepted':>8} {'broken':>6} {'worst s':>8} {'worst MB':>8}")
    for family, group in families.items():
        refused = sum(o.exit_code in (1, 2) and not o.problems for o in group)
        accepted = sum(o.exit_code == 0 and not o.problems for o in group)
        broken = sum(bool(o.problems) for o in group)
        worst_s = max(o.seconds for o in group)
        worst_mb = max(o.peak_bytes for o in group) / 2**20
        print(f"{family:16} {len(group):5} {refused:7} {accepted:8} {broken:6} {worst_s:8.1f} {worst_mb:8.0f}")
    slowest = max(outcomes, key=lambda o: o.seconds)
    largest = max(outcomes, key=lambda o: o.peak_bytes)
    print(f"\n{len(outcomes)} cases; bounds {TIME_BOUND:g} s, {MEMORY_BOUND // 2**20} MB")
    print(f"slowest: {slowest.case.id} {slowest.seconds:.1f} s")
    print(f"largest: {largest.case.id} {largest.peak_bytes / 2**20:.0f} MB")
    failures = [o for o in outcomes if o.problems]
    for o in failures:
        print(f"BROKEN {o.case.id}: {'; '.join(o.problems)}\n    {o.output.strip()[-300:]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
