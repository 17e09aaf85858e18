"""How many processes render at once when the clerk does not say (light to import: the CLI
shows it as the default of --jobs)."""

from __future__ import annotations

import os
import sys


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
