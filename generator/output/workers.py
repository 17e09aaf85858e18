"""How many processes render at once when the clerk does not say (light to import: the CLI
shows it as the default of --jobs)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess


def default_jobs() -> int:
    return os.cpu_count() or 1


def release_free_memory() -> None:
    """Hand memory Python has freed back to the system (glibc keeps it for reuse otherwise): after
    reading a large workbook or laying out a large document, so that a long build's peak is that of
    its largest step, and forked workers do not start with the parent's garbage mapped."""
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim(0)


M_MMAP_THRESHOLD = -3  # malloc.h
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value


def map_large_blocks_apart() -> None:
    """Have every block over 128 KB mapped on its own and unmapped when freed, as glibc does until
    a large block is freed: it then raises the threshold to that block's size (up to 32 MB), and a
    roll-up's 13 MB parts come from the heap, between the build's small objects, where freeing them
    leaves holes the next roll-up cannot fill. Set once, the threshold stays: the forced build of
    9,998 documents peaked at 228 MB, now 193 (in-process, RSS sampled)."""
    mallopt = _glibc("mallopt")
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def _glibc(name: str) -> Any:
    """A function of the process's own C library if it is glibc on Linux (musl has neither of these;
    Windows' and macOS's allocators have no such calls), else None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only here: most commands never need it

    try:
        return getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError, TypeError):
        return None


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent() -> None:
    """Make this pool worker end when the process that started it ends, however that ends (a
    SIGKILL, a closed terminal): a worker blocked on its task queue would otherwise live on, an
    orphan holding the build's memory. On Linux the kernel sends SIGKILL when the parent dies
    (prctl PR_SET_PDEATHSIG); everywhere, a thread waits on the pipe multiprocessing keeps to the
    parent (its sentinel) and exits the process when it closes. Called first in every worker."""
    import multiprocessing
    import signal
    import threading

    parent = multiprocessing.parent_process()
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # (no prctl: the watching thread still works)
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is None:
        return
    if not parent.is_alive():  # it died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_exit_when_gone, args=(parent,), daemon=True, name="gongwen-parent-watch").start()


def _exit_when_gone(parent: BaseProcess) -> None:
    parent.join()  # returns when the parent's sentinel pipe closes: the parent has ended
    os._exit(1)
