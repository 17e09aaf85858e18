"""How many processes render at once when the clerk does not say (light to import: the CLI
shows it as the default of --jobs)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess


def default_jobs() -> int:
    return os.cpu_count() or 1


def release_free_memory() -> None:
    """Hand memory Python has freed back to the system (glibc keeps it for reuse otherwise): after
    reading a large workbook or laying out a large document, so that a long build's peak is that of
    its largest step, and forked workers do not start with the parent's garbage mapped."""
    if not sys.platform.startswith("linux"):  # (Windows' and macOS's allocators have no such call)
        return
    import ctypes  # only here: most commands never need it

    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library: glibc has it, musl not
    except (OSError, AttributeError, TypeError):
        return
    trim(0)


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
