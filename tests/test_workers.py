"""Pool workers end with the build: a build killed with SIGKILL at a random moment leaves no
process behind, whichever way its workers were started (fork, forkserver, spawn)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import make_workspace as make_synthetic
from generator.output.batch import START_METHOD_ENV

from .conftest import REPO

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def session_processes(sid: int) -> list[int]:
    """Live processes of session `sid` (zombies are dead: they only wait to be reaped)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # state, ppid, pgrp, session, …
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _kill_one_build(ws: Path, method: str, delay: float) -> bool:
    """Start a build, SIGKILL its process (only it) `delay` s after its workers appear; True when
    it had workers at that moment. Asserts that nothing of it is left a few seconds later."""
    env = dict(os.environ, **{START_METHOD_ENV: method})
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(ws), "build", "-q", "-j", "2", "--force"]
    build = subprocess.Popen(cmd, cwd=REPO, env=env, start_new_session=True, stdout=subprocess.DEVNULL)
    had_workers = False
    deadline = time.monotonic() + 60
    while build.poll() is None and time.monotonic() < deadline:
        if len(session_processes(build.pid)) >= 2:
            had_workers = True
            break
        time.sleep(0.01)
    time.sleep(delay)
    had_workers = had_workers and build.poll() is None and len(session_processes(build.pid)) >= 2
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    gone_by = time.monotonic() + 10
    while session_processes(build.pid) and time.monotonic() < gone_by:
        time.sleep(0.05)
    left = session_processes(build.pid)
    for pid in left:  # (so that a failure does not leave them running)
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"{method}: {len(left)} process(es) outlived the killed build"
    return had_workers


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 600 documents: a second or more of work for 2 workers on a quiet machine (the stream
    layout made each document cheap), so kills within 0.4 s of the workers' start land while they
    run. One workspace for the three start methods, as for the four kills of each: every build is
    --force, over whatever the last killed one left."""
    return make_synthetic(tmp_path_factory.mktemp("workers") / "big", 300, 1)


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_a_killed_build_leaves_no_worker_behind(method: str, big: Path) -> None:
    ws = big
    rng = random.Random(method)
    killed_with_workers = sum(_kill_one_build(ws, method, rng.uniform(0.0, 0.4)) for _ in range(4))
    assert killed_with_workers >= 2  # the kills landed while workers were running
