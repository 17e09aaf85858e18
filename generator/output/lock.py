"""One build at a time per workspace: output/.gongwen.lock holds the builder's process id."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from types import TracebackType

from generator.errors import WorkspaceError

LOCK_NAME = ".gongwen.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class BuildLock:
    """Exclusive lock on a workspace's output folder; a lock left by a dead process is taken over."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / LOCK_NAME
        self.took_over_stale = False

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if self._holder_is_alive():
                    raise WorkspaceError(self._busy_message()) from None
                self.path.unlink(missing_ok=True)
                self.took_over_stale = True
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n{socket.gethostname()}\n")
            return self
        raise WorkspaceError(self._busy_message())

    def _holder(self) -> tuple[int | None, str]:
        try:
            lines = self.path.read_text(encoding="utf-8").split()
            return int(lines[0]), lines[1] if len(lines) > 1 else ""
        except (OSError, ValueError, IndexError):
            return None, ""

    def _holder_is_alive(self) -> bool:
        pid, host = self._holder()
        if pid is None:
            return False  # unreadable: a crash while writing it
        if host and host != socket.gethostname():
            return True  # another machine on a shared folder: cannot tell, assume busy
        return _alive(pid)

    def _busy_message(self) -> str:
        pid, _ = self._holder()
        return (
            f"另一个 gongwen 正在生成这个工作区（进程号 {pid}），请等它结束后再运行。"
            f"如果确认没有在运行，可以删除 {self.path.name} 文件（在 output 文件夹里）"
        )

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.path.unlink(missing_ok=True)
