"""The long work the page starts (a build, a print bundle, a zip of forms), run in a thread so
that the page can show its progress.

One at a time for the whole server: a second start while any of them runs is answered with what
runs, in plain words ("正在生成公文，请等它完成"); the workspace lock still stops a build started
from a terminal meanwhile, as it stops two terminals. Every task remembers the workspace it was
started on and the state of that workspace's files then: a page shows a result only while both
are still what the clerk sees (no 生成完成 table of another workspace, no error list of a
workbook fixed since).
"""

from __future__ import annotations

import secrets
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import app
from generator.app import BuildReport, GongwenError, Workspace
from generator.web.words import clerk_words, error_lines, seconds_said

BUILD = "生成公文"
DRY_RUN = "预演"  # renders what changed, as a build does: in the background too, with its progress


def inputs_stamp(workspace: Workspace) -> tuple[tuple[str, int, int], ...]:
    """The names, sizes and modification times of the workbook and templates: what a result was made from."""
    files: list[tuple[str, int, int]] = []
    for folder in (workspace.inputs_dir, workspace.templates_dir):
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            files.append((entry.as_posix(), stat.st_size, stat.st_mtime_ns))
    return tuple(files)


@dataclass
class Task:
    what: str  # what the page says runs: 生成公文, 制作「方案」打印合订本, 准备2月填报表
    root: Path  # the workspace it works on
    stamp: tuple[tuple[str, int, int], ...]  # that workspace's inputs when it started
    id: str = field(default_factory=lambda: secrets.token_urlsafe(9))
    total: int = 0
    done: int = 0
    finished: bool = False
    report: BuildReport | None = None
    download: tuple[Path, str, str] | None = None  # the file a finished task offers: path, name, type
    errors: list[str] = field(default_factory=list)  # the Chinese lines, when it failed
    pictures: list[str] = field(default_factory=list)  # a preview's pages, relative to output/
    asked: dict[str, str] = field(default_factory=dict)  # a build's form as the clerk filled it in
    predicted: list[Any] | None = None  # a 预演's answer (app.Prediction), document by document
    seen: bool = False  # a 预演's answer shown on the 生成 page (no longer offered there as a link)
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None

    def seconds(self) -> int:
        return int(self.elapsed())

    def elapsed(self) -> float:
        return (self.ended or time.monotonic()) - self.started

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "what": self.what,
            "total": self.total,
            "done": self.done,
            "seconds": self.seconds(),
            "took": seconds_said(self.elapsed()),  # what the page says when it is done
            "finished": self.finished,
            "failed": bool(self.errors),
            "errors": self.errors,
            "download": f"/tasks/{self.id}/file" if self.download and self.finished else None,
        }

    def current(self, workspace: Workspace) -> bool:
        """Whether this task's result still belongs to the workspace shown and its files."""
        return self.root == workspace.root and self.stamp == inputs_stamp(workspace)


Work = Callable[[Task], None]


class Tasks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running_task: Task | None = None
        self.builds: dict[Path, Task] = {}  # the last build per workspace
        self.dry_runs: dict[Path, Task] = {}  # the last 预演 per workspace: the 生成 page links to it
        self.finished: dict[str, Task] = {}  # tasks by id, for their progress and their file
        self.log: Callable[[str], None] = lambda line: None  # the console's short Chinese log

    def running(self) -> bool:
        return self.running_task is not None and not self.running_task.finished

    def busy(self) -> str | None:
        """What the page says when something else runs now, or None."""
        task = self.running_task
        if task is None or task.finished:
            return None
        return f"正在{task.what}（已用 {task.seconds()} 秒），请等它完成后再试。"

    def build_of(self, workspace: Workspace) -> Task | None:
        """The last build of this workspace, while its result still describes the workspace's files;
        a build still running is always shown."""
        task = self.builds.get(workspace.root)
        if task is None or not task.finished or task.current(workspace):
            return task
        return None

    def start(self, what: str, workspace: Workspace, work: Work) -> Task | str:
        """Start `work` in the background; the busy message when something already runs."""
        with self._lock:
            busy = self.busy()
            if busy:
                return busy
            task = self.running_task = Task(what, workspace.root, inputs_stamp(workspace))
            self.finished[task.id] = task
            if what == BUILD:
                self.builds[workspace.root] = task
            if what == DRY_RUN:
                self.dry_runs[workspace.root] = task
        self.log(f"{time.strftime('%H:%M:%S')} 开始{what}（{workspace.root.name}）")
        threading.Thread(target=self._run, args=(task, work, self.log), daemon=True, name="gongwen-task").start()
        return task

    def start_build(
        self, workspace: Workspace, force: bool, kinds: tuple[str, ...] = (), units: tuple[str, ...] = ()
    ) -> Task | str:
        def work(task: Task) -> None:
            task.report = app.build(workspace, force=force, kinds=kinds, units=units, progress=counted(task))
            task.done = task.total = max(task.total, len(task.report.written))

        return self.start(BUILD, workspace, work)

    def start_dry_run(
        self, workspace: Workspace, force: bool, kinds: tuple[str, ...] = (), units: tuple[str, ...] = ()
    ) -> Task | str:
        """预演 in the background: the documents whose inputs changed are rendered, which takes as long
        as building them (after an update of gongwen, every document)."""

        def work(task: Task) -> None:
            jobs = app.default_jobs()
            task.predicted, _ = app.predict(
                workspace, force=force, kinds=kinds, units=units, jobs=jobs, progress=counted(task)
            )
            task.done = task.total

        return self.start(DRY_RUN, workspace, work)

    @staticmethod
    def _run(task: Task, work: Work, log: Callable[[str], None]) -> None:
        try:
            work(task)
        except GongwenError as exc:  # (a workbook's findings placed as the 工作区 page places them)
            task.errors = [clerk_words(line) for line in error_lines(Workspace(task.root), exc)]
        except Exception as exc:  # a bug: the clerk gets the same plain sentence the command line gives
            full = app.disk_full(exc) or app.path_refused(exc)  # (not a bug: the clerk's disk or path)
            where = None if full else app.save_error_log(traceback.format_exc())
            task.errors = [full or f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。详细信息已保存到 {where}。"]
        finally:
            task.ended = time.monotonic()
            task.finished = True
            ended = "没有完成：" + task.errors[0] if task.errors else "完成"
            log(f"{time.strftime('%H:%M:%S')} {task.what}{ended}（{task.seconds()} 秒）")


def counted(task: Task) -> Callable[[int], Callable[[app.DocumentJob], None]]:
    """The progress callback of a build or a 预演: the task counts the documents rendered."""

    def progress(total: int) -> Callable[[app.DocumentJob], None]:
        task.total = total

        def tick(job: app.DocumentJob) -> None:
            task.done += 1

        return tick

    return progress


class Thumbnails:
    """Draws page-1 pictures in a background thread, many per LibreOffice run, so that a page of
    pictures never holds the server's threads (a download waits for none of them). The thread
    lives for a round and ends when no picture waits: a process with no other thread running
    forks its build's workers (batch.start_method), which a thread left waiting would prevent.

    Like a task, it counts: a round runs from the first picture asked for while none is being
    drawn to the last one drawn, and the page shows 正在画缩略图 N / M. A picture asked for again
    (a second tab, the browser's retries) while it waits or is being drawn is not drawn twice."""

    # Pictures per LibreOffice run. A run costs a second or two however many it draws, a picture a
    # tenth of that: the first run of a round draws a few, so that the first cards show theirs at
    # once, and each later run all that wait, up to a page of cards (48 pictures in 2 runs, not 6).
    FIRST_CHUNK = 8
    CHUNK = 48

    def __init__(self, draw: Callable[[list[Path]], None] | None = None) -> None:
        self._draw = draw
        self._wanted: dict[Path, None] = {}
        self._drawing: list[Path] = []
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None  # drawing this round's pictures, if any
        self.failed: set[Path] = set()  # LibreOffice could not draw these: not asked again
        self.total = 0  # pictures asked for in this round
        self.done = 0  # of them, drawn (or given up)
        self.started = time.monotonic()

    def want(self, document: Path) -> None:
        with self._lock:
            if document in self.failed or document in self._wanted or document in self._drawing:
                return
            if not self.drawing():
                self.total = self.done = 0
                self.started = time.monotonic()
            self._wanted[document] = None
            self.total += 1
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, daemon=True, name="gongwen-thumbnails")
                self._worker.start()

    def drawing(self) -> bool:
        """Whether pictures are waiting or being drawn now."""
        return bool(self._wanted or self._drawing)

    def as_json(self) -> dict[str, object]:
        return {
            "drawing": self.drawing(),
            "total": self.total,
            "done": self.done,
            "seconds": int(time.monotonic() - self.started),
            "took": seconds_said(time.monotonic() - self.started),
        }

    def _work(self) -> None:
        while True:
            time.sleep(0.3)  # let the browser ask for every picture of the page first
            with self._lock:
                if not self._wanted:  # the round is over: the next picture asked for starts a thread
                    self._worker = None
                    return
                batch = list(self._wanted)[: self.FIRST_CHUNK if self.done == 0 else self.CHUNK]
                for document in batch:
                    del self._wanted[document]
                self._drawing = batch
            try:
                (self._draw or app.make_thumbnails)(batch)
            except Exception:  # a document LibreOffice cannot open: leave its card without a picture
                self.failed.update(batch)
            finally:
                with self._lock:
                    self.done += len(batch)
                    self._drawing = []


# check_setup's answer (the inputs, None when they do not read, and the findings), or why it failed
Setup = tuple[Any, app.Findings] | list[str]


class WorkbookReader:
    """Reads a changed workbook in a background thread (2,000 units take seconds), and checks the
    templates against it (the 工作区 page's findings), so that a page never hangs blind: the request
    waits a moment, then the page says 正在读取工作簿 and refreshes itself until the reading is
    done. Reading is not a Task: it never holds the workspace lock and runs beside a build."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reading: dict[Path, threading.Thread] = {}
        self._setups: dict[Path, tuple[tuple[tuple[str, int, int], ...], Setup]] = {}
        self.since: dict[Path, float] = {}  # when the reading of each workspace started
        self.counted: dict[Path, int | None] = {}  # the 单位 sheet's rows, counted as the reading starts
        self.log: Callable[[str], None] = lambda line: None

    def setup(self, workspace: Workspace) -> Setup | None:
        """The template check of the workspace's current files, when the reading has made it."""
        known = self._setups.get(workspace.root)
        return known[1] if known is not None and known[0] == inputs_stamp(workspace) else None

    def ready(self, workspace: Workspace, wait: float, setup: bool = False) -> bool:
        """Whether the page can read the workbook (and with `setup`, the template check) at once;
        starts reading it otherwise and waits up to `wait` s. A reading that failed is ready too:
        the page reads it again and says what is wrong."""
        if self._done(workspace, setup):
            return True
        with self._lock:
            thread = self._reading.get(workspace.root)
            if thread is None or not thread.is_alive():
                thread = threading.Thread(target=self._read, args=(workspace,), daemon=True, name="gongwen-read")
                self._reading[workspace.root] = thread
                self.since[workspace.root] = time.monotonic()
                self.counted.pop(workspace.root, None)
                thread.start()
        thread.join(wait)
        return self._done(workspace, setup) or not thread.is_alive()

    def _done(self, workspace: Workspace, setup: bool) -> bool:
        return app.workbook_read(workspace) and (not setup or self.setup(workspace) is not None)

    def seconds(self, workspace: Workspace) -> int:
        return int(time.monotonic() - self.since.get(workspace.root, time.monotonic()))

    def _read(self, workspace: Workspace) -> None:
        started = time.monotonic()
        stamp = inputs_stamp(workspace)  # before reading: a file saved meanwhile is read again
        # First the units (a few tenths of a second at 2,000), for the 正在读取工作簿（N 个单位） page:
        # counted here, not in the page's request, which would share the interpreter with this reading.
        self.counted[workspace.root] = app.units_in_workbook(workspace)
        try:
            app.validate(workspace)
        except Exception:  # the page reads it again itself and shows the clerk what is wrong
            return
        units = app.units_last_read(workspace)
        count = f"，{units} 个单位" if units is not None else ""
        took = time.monotonic() - started
        self.log(f"{time.strftime('%H:%M:%S')} 读取工作簿（{workspace.root.name}{count}）用时 {took:.1f} 秒")
        if self.setup(workspace) is not None:
            return
        try:
            found: Setup = app.check_setup(workspace)
        except GongwenError as exc:
            found = exc.lines()
        except Exception:  # a bug: the page runs the check itself and reports it as one
            return
        self._setups[workspace.root] = (stamp, found)
