"""The build the page started, run in a thread so that the page can show its progress.

One at a time: a second start while a build runs is answered "正在生成" (and the workspace
lock stops a build started from a terminal meanwhile, as it stops two terminals).
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator import app
from generator.app import BuildReport, GongwenError, Workspace


@dataclass
class BuildTask:
    force: bool
    total: int = 0
    done: int = 0
    finished: bool = False
    report: BuildReport | None = None
    errors: list[str] = field(default_factory=list)  # the Chinese lines, when the build failed
    started: float = field(default_factory=time.monotonic)

    def as_json(self) -> dict[str, object]:
        return {"total": self.total, "done": self.done, "finished": self.finished, "failed": bool(self.errors)}


class Tasks:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.build: BuildTask | None = None

    def running(self) -> bool:
        return self.build is not None and not self.build.finished

    def start_build(self, workspace: Workspace, force: bool) -> bool:
        """Start a build in the background; False when one is already running."""
        with self._lock:
            if self.running():
                return False
            task = self.build = BuildTask(force)
        threading.Thread(target=self._run, args=(task, workspace), daemon=True, name="gongwen-build").start()
        return True

    @staticmethod
    def _run(task: BuildTask, workspace: Workspace) -> None:
        def progress(total: int) -> Callable[[app.DocumentJob], None]:
            task.total = total

            def tick(job: app.DocumentJob) -> None:
                task.done += 1

            return tick

        try:
            task.report = app.build(workspace, force=task.force, progress=progress)
            task.done = task.total = max(task.total, len(task.report.written))
        except GongwenError as exc:
            task.errors = exc.lines()
        except Exception:  # a bug: the clerk gets the same plain sentence the command line gives
            where = app.save_error_log(traceback.format_exc())
            task.errors = [f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。详细信息已保存到 {where}。"]
        finally:
            task.finished = True


class Thumbnails:
    """Draws page-1 pictures in one background thread, a batch per LibreOffice run, so that a
    page of pictures never holds the server's threads (a download waits for none of them)."""

    def __init__(self) -> None:
        self._wanted: dict[Path, None] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self.failed: set[Path] = set()  # LibreOffice could not draw these: not asked again
        threading.Thread(target=self._work, daemon=True, name="gongwen-thumbnails").start()

    def want(self, document: Path) -> None:
        with self._lock:
            if document not in self.failed:
                self._wanted[document] = None
        self._wake.set()

    def _work(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(0.3)  # let the browser ask for every picture of the page first
            with self._lock:
                batch, self._wanted = list(self._wanted), {}
                self._wake.clear()
            try:
                app.make_thumbnails(batch)
            except Exception:  # a document LibreOffice cannot open: leave its card without a picture
                self.failed.update(batch)
