"""One writer at a time per workspace: an operating-system lock on output/.gongwen.lock.

The kernel holds the lock (flock on POSIX, a byte-range lock on Windows), so it cannot be held
twice, and it is released the moment its holder exits, however it exits: a killed build leaves
no lock to take over, and there is no check-then-delete race between two processes that both
see a stale one. The file itself is never deleted (deleting it while another process waits on
it would let a third lock a new file beside it); its text names the holder's process id, host
and what it is doing, for the message a second process shows. The holder empties it when it
releases the lock, so a non-empty file found on taking the lock was left by a killed holder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING

from generator.errors import WorkspaceError

if TYPE_CHECKING:
    from pathlib import Path

LOCK_NAME = ".gongwen.lock"
# Windows locks a byte range, and a locked range cannot be read by other processes: lock one
# byte far beyond the text that names the holder, so that the others can still read it.
WINDOWS_LOCK_OFFSET = 2**30


def _hostname() -> str:
    if hasattr(os, "uname"):  # what gethostname(2) answers, without importing socket (2 ms of a build)
        return os.uname().nodename
    import socket  # (Windows) only when a lock is taken or read: `gongwen --help` does not pay for it

    return socket.gethostname()


class PosixLocking:
    """flock(2): whole-file, released by the kernel when the holder's descriptor closes."""

    def __init__(self) -> None:
        import fcntl

        self._fcntl = fcntl

    def try_lock(self, fd: int) -> bool:
        try:
            self._fcntl.flock(fd, self._fcntl.LOCK_EX | self._fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def lock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_EX)

    def unlock(self, fd: int) -> None:
        self._fcntl.flock(fd, self._fcntl.LOCK_UN)


class WindowsLocking:
    """msvcrt.locking on one byte at WINDOWS_LOCK_OFFSET; `msvcrt` is passed in so that the logic
    is tested on Linux with a stand-in (tests/test_lock.py)."""

    def __init__(self, msvcrt: ModuleType) -> None:
        self._msvcrt = msvcrt

    def _at_lock_byte(self, fd: int, mode: int) -> None:
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            self._msvcrt.locking(fd, mode, 1)
        finally:
            os.lseek(fd, 0, os.SEEK_SET)

    def try_lock(self, fd: int) -> bool:
        try:
            self._at_lock_byte(fd, self._msvcrt.LK_NBLCK)
        except OSError:  # PermissionError (EACCES) when another process holds the byte
            return False
        return True

    def lock(self, fd: int) -> None:
        # LK_LOCK gives up after ten one-second tries (raising OSError); a waiter keeps trying.
        while True:
            try:
                self._at_lock_byte(fd, self._msvcrt.LK_LOCK)
                return
            except OSError:
                continue

    def unlock(self, fd: int) -> None:
        self._at_lock_byte(fd, self._msvcrt.LK_UNLCK)


def os_locking() -> PosixLocking | WindowsLocking:
    if sys.platform == "win32":
        import msvcrt

        return WindowsLocking(msvcrt)
    return PosixLocking()


class BuildLock:
    """Exclusive lock on a workspace (its output folder). `doing` says what the holder does (生成,
    收报表 …) in a second process's message. With `wait`, a second process waits for the lock
    instead of refusing, after calling `wait` once with a sentence saying so."""

    def __init__(
        self,
        output_dir: Path,
        *,
        doing: str = "生成这个工作区",
        wait: Callable[[str], None] | None = None,
        locking: PosixLocking | WindowsLocking | None = None,
    ):
        self.path = output_dir / LOCK_NAME
        self.doing = doing
        self.wait = wait
        self.took_over_stale = False
        self._locking = locking or os_locking()
        self._fd: int | None = None

    def __enter__(self) -> BuildLock:
        fd = self._open()
        try:
            if not self._locking.try_lock(fd):
                if self.wait is None:
                    raise WorkspaceError(self._busy_message(fd))
                self.wait(self._waiting_message(fd))
                self._locking.lock(fd)
            self.took_over_stale = bool(_read_text(fd).strip())  # a holder killed before releasing
            _write_text(fd, f"{os.getpid()}\n{_hostname()}\n{self.doing}\n")
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        return self

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise WorkspaceError(
                f"「{self.path.parent}」应当是文件夹，现在却是一个文件；请把它改名或移走后再运行"
            ) from None
        except PermissionError:
            raise WorkspaceError(f"没有权限在「{self.path.parent.parent}」里建立 output 文件夹") from None
        not_a_file = WorkspaceError(
            f"output 文件夹里的「{LOCK_NAME}」应当是 gongwen 的锁文件，现在却是文件夹、链接或设备；"
            "确认没有 gongwen 在运行后，请删除它"
        )
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            fd = os.open(self.path, flags | getattr(os, "O_BINARY", 0), 0o644)
        except PermissionError:
            raise WorkspaceError(f"没有权限在「{self.path.parent}」里写文件（文件夹只读，或被其他程序占用）") from None
        except OSError:  # a folder (EISDIR), a symbolic link (ELOOP)
            raise not_a_file from None
        import stat

        from generator.standard.package import set_hidden  # (the zip writer: not for a no-op build)

        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or a device: opened without blocking
            os.close(fd)
            raise not_a_file
        set_hidden(self.path, True)  # not a file for the clerk to move or delete in Explorer
        return fd

    def _holder(self, fd: int) -> tuple[str, str]:
        lines = _read_text(fd).splitlines()
        pid = lines[0].strip() if lines else ""
        doing = lines[2].strip() if len(lines) > 2 else "生成这个工作区"
        return (pid if pid.isdecimal() else "未知"), doing or "生成这个工作区"

    def _busy_message(self, fd: int) -> str:
        pid, doing = self._holder(fd)
        return f"另一个 gongwen 正在{doing}（进程号 {pid}），请等它结束后再运行"

    def _waiting_message(self, fd: int) -> str:
        pid, doing = self._holder(fd)
        return f"另一个 gongwen 正在{doing}（进程号 {pid}），等它结束后接着进行……"

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # released cleanly: the next holder finds nothing left behind
            self._locking.unlock(fd)
        finally:
            os.close(fd)  # closing releases an OS lock in any case


def _read_text(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096).decode("utf-8", "replace")


def _write_text(fd: int, text: str) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, text.encode("utf-8"))


def left_behind(output_dir: str | Path) -> bool:
    """The lock file names a holder: a build is running, or one was killed (the full path, which
    takes the lock, then cleans up after it)."""
    try:
        return os.stat(os.path.join(output_dir, LOCK_NAME)).st_size > 0
    except OSError:
        return False
