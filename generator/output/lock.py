"""One build at a time per workspace: output/.gongwen.lock holds the builder's process id."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from generator.errors import WorkspaceError


def _hostname() -> str:
    import socket  # only when a lock is taken or read: `gongwen --help` does not pay for it

    return socket.gethostname()


LOCK_NAME = ".gongwen.lock"


def _alive(pid: int) -> bool:
    if sys.platform == "win32":
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


if sys.platform == "win32":  # checked on Windows only (mypy and CI run on Linux)

    def _alive_on_windows(pid: int) -> bool:
        """On Windows os.kill(pid, 0) would send CTRL_C_EVENT: ask the kernel for the process instead."""
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        query_limited_information, still_active = 0x1000, 259
        handle = kernel32.OpenProcess(query_limited_information, False, pid)
        if not handle:
            return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists, owned by someone else
        try:
            code = ctypes.c_ulong()
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
            return code.value == still_active
        finally:
            kernel32.CloseHandle(handle)


class BuildLock:
    """Exclusive lock on a workspace's output folder; a lock left by a dead process is taken over."""

    def __init__(self, output_dir: Path):
        self.path = output_dir / LOCK_NAME
        self.took_over_stale = False

    def __enter__(self) -> BuildLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise WorkspaceError(
                f"「{self.path.parent}」应当是文件夹，现在却是一个文件；请把它改名或移走后再运行"
            ) from None
        except PermissionError:
            raise WorkspaceError(f"没有权限在「{self.path.parent.parent}」里建立 output 文件夹") from None
        if self.path.exists() and not self.path.is_file():
            raise WorkspaceError(
                f"output 文件夹里的「{LOCK_NAME}」应当是 gongwen 的锁文件，现在却是文件夹或设备；"
                "确认没有 gongwen 在运行后，请删除它"
            )
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except PermissionError:
                raise WorkspaceError(
                    f"没有权限在「{self.path.parent}」里写文件（文件夹只读，或被其他程序占用）"
                ) from None
            except FileExistsError:
                if self._holder_is_alive():
                    raise WorkspaceError(self._busy_message()) from None
                self.path.unlink(missing_ok=True)
                self.took_over_stale = True
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n{_hostname()}\n")
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
        if host and host != _hostname():
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
