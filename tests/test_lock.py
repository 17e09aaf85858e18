"""The workspace lock: held by one process at a time, whatever processes race for it, with stale
locks left by killed holders on the way; released only by its holder; its Windows logic too."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.errors import WorkspaceError
from generator.output.lock import LOCK_NAME, BuildLock, WindowsLocking, left_behind

from .conftest import REPO

HOLDER = """
import sys, time
from pathlib import Path
from generator.output.lock import BuildLock
with BuildLock(Path(sys.argv[1]), doing=sys.argv[2]):
    print("held", flush=True)
    time.sleep(float(sys.argv[3]))
    (Path(sys.argv[1]) / "released").write_text("")  # the last thing it does before releasing
"""


def hold(output: Path, doing: str = "生成这个工作区", seconds: float = 30) -> subprocess.Popen[str]:
    """Another process holding the workspace lock (for `seconds`), once it says so."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(output), doing, str(seconds)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    return holder


def _race(output: str, journal: str, rounds: int, kill_every: int, seed: int) -> None:
    """One racer: take the lock, journal the hold (begin, end), sometimes die holding it."""
    import random

    rng = random.Random(seed)
    for n in range(rounds):
        if kill_every and rng.randrange(kill_every) == 0:
            child = os.fork()
            if child == 0:  # a holder killed while holding the lock: it leaves a stale lock file
                lock = BuildLock(Path(output))
                lock.__enter__()
                os.kill(os.getpid(), signal.SIGKILL)
            os.waitpid(child, 0)
        with BuildLock(Path(output), wait=lambda _m: None):
            with open(journal, "a") as fh:
                fh.write(f"{time.monotonic_ns()} B {os.getpid()} {n}\n")
            time.sleep(rng.random() / 2000)
            with open(journal, "a") as fh:
                fh.write(f"{time.monotonic_ns()} E {os.getpid()} {n}\n")


def _overlaps(journal: Path) -> tuple[int, int]:
    """(holds, holds that began while another was held), from the journal's order of lines."""
    holding = 0
    holds = overlapping = 0
    for line in journal.read_text().splitlines():
        if " B " in line:
            holds += 1
            overlapping += holding > 0
            holding += 1
        else:
            holding -= 1
    return holds, overlapping


def test_racing_processes_with_stale_locks_never_hold_it_twice(tmp_path: Path) -> None:
    output, journal = tmp_path / "output", tmp_path / "journal"
    output.mkdir()
    (output / LOCK_NAME).write_text("999999\nelsewhere\n生成这个工作区\n")  # a stale lock to start with
    context = multiprocessing.get_context("fork")
    racers = [context.Process(target=_race, args=(str(output), str(journal), 40, 8, seed)) for seed in range(6)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(120)
        assert racer.exitcode == 0
    holds, overlapping = _overlaps(journal)
    assert holds == 6 * 40
    assert overlapping == 0
    assert not left_behind(output)


def test_a_held_lock_refuses_with_the_holders_pid_and_what_it_does(tmp_path: Path) -> None:
    holder = hold(tmp_path, "收报表")
    try:
        with pytest.raises(WorkspaceError) as refused, BuildLock(tmp_path):
            pass
        assert str(refused.value) == f"另一个 gongwen 正在收报表（进程号 {holder.pid}），请等它结束后再运行"
    finally:
        holder.kill()
        holder.wait()


def test_a_waiter_says_so_and_gets_the_lock_when_the_holder_ends(tmp_path: Path) -> None:
    holder = hold(tmp_path, "收报表", seconds=1)
    said: list[str] = []
    with BuildLock(tmp_path, wait=said.append) as lock:
        assert (tmp_path / "released").exists()  # only once the holder has let go
        assert not lock.took_over_stale
    assert said == [f"另一个 gongwen 正在收报表（进程号 {holder.pid}），等它结束后接着进行……"]


def test_a_killed_holders_lock_is_free_at_once_and_reported_stale(tmp_path: Path) -> None:
    holder = hold(tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert left_behind(tmp_path)
    with BuildLock(tmp_path) as lock:
        assert lock.took_over_stale
    assert not left_behind(tmp_path)


def test_only_the_holder_releases_it(tmp_path: Path) -> None:
    """A process refused the lock, or one rewriting the lock file, does not free it."""
    holder = hold(tmp_path)
    try:
        for _ in range(2):  # the first refusal released nothing: the second is refused too
            with pytest.raises(WorkspaceError), BuildLock(tmp_path):
                pass
        (tmp_path / LOCK_NAME).write_text("")  # emptied by someone else: still held
        with pytest.raises(WorkspaceError), BuildLock(tmp_path):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_file_that_is_a_link_or_a_fifo_is_refused(tmp_path: Path) -> None:
    (tmp_path / LOCK_NAME).symlink_to("/dev/null")
    with pytest.raises(WorkspaceError, match="应当是 gongwen 的锁文件"), BuildLock(tmp_path):
        pass
    (tmp_path / LOCK_NAME).unlink()
    os.mkfifo(tmp_path / LOCK_NAME)
    with pytest.raises(WorkspaceError, match="应当是 gongwen 的锁文件"), BuildLock(tmp_path):
        pass


class FakeMsvcrt:
    """msvcrt.locking's contract, on Linux: lock `n` bytes at the descriptor's position; LK_NBLCK
    raises at once when another holds them, LK_LOCK after ten tries; LK_UNLCK releases. fcntl's
    record locks give the same per-process byte ranges."""

    LK_UNLCK, LK_LOCK, LK_NBLCK = 0, 1, 2

    def __init__(self) -> None:
        self.calls: list[tuple[int, int, int]] = []

    def locking(self, fd: int, mode: int, n: int) -> None:
        position = os.lseek(fd, 0, os.SEEK_CUR)
        self.calls.append((mode, position, n))
        if mode == self.LK_UNLCK:
            fcntl.lockf(fd, fcntl.LOCK_UN, n, position)
            return
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, n, position)
        except OSError:
            raise PermissionError(13, "Permission denied") from None


def _windows_holder(
    output: str, ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    with BuildLock(Path(output), doing="转换 PDF", locking=WindowsLocking(FakeMsvcrt())):  # type: ignore[arg-type]
        ready.set()
        done.wait(30)


def test_the_windows_branch_locks_one_byte_away_from_the_holders_text(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_windows_holder, args=(str(tmp_path), ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        msvcrt = FakeMsvcrt()
        with pytest.raises(WorkspaceError) as refused, BuildLock(tmp_path, locking=WindowsLocking(msvcrt)):  # type: ignore[arg-type]
            pass
        assert f"正在转换 PDF（进程号 {holder.pid}）" in str(refused.value)  # its text stays readable
        assert msvcrt.calls == [(FakeMsvcrt.LK_NBLCK, 2**30, 1)]
    finally:
        done.set()
        holder.join(30)
    msvcrt = FakeMsvcrt()
    with BuildLock(tmp_path, locking=WindowsLocking(msvcrt)):  # type: ignore[arg-type]
        pass
    assert msvcrt.calls == [(FakeMsvcrt.LK_NBLCK, 2**30, 1), (FakeMsvcrt.LK_UNLCK, 2**30, 1)]
    assert not left_behind(tmp_path)


def test_a_windows_waiter_keeps_trying_past_lk_locks_ten_seconds(tmp_path: Path) -> None:
    fd = os.open(tmp_path / "f", os.O_RDWR | os.O_CREAT)
    tries = iter([OSError(), OSError(), OSError(), None])

    class Stubborn(FakeMsvcrt):
        def locking(self, fd: int, mode: int, n: int) -> None:
            outcome = next(tries)
            if outcome is not None:
                raise outcome

    WindowsLocking(Stubborn()).lock(fd)  # type: ignore[arg-type]
    assert next(tries, "spent") == "spent"
    assert os.lseek(fd, 0, os.SEEK_CUR) == 0
    os.close(fd)


def test_build_and_collect_leave_the_lock_file_empty(tmp_path: Path) -> None:
    with BuildLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text().startswith(f"{os.getpid()}\n")
    assert (tmp_path / LOCK_NAME).read_text() == ""
