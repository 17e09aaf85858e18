"""Named points where a test can kill a build, to prove what a real kill at that moment leaves.

`GONGWEN_KILL_AT="moved:5"` kills the build's whole process group (workers included) the
fifth time this process reaches the point "moved". Without the variable, which is how gongwen
always runs outside its own tests, `reached` only looks up one dictionary entry.
"""

from __future__ import annotations

import os
import signal

KILL_AT_ENV = "GONGWEN_KILL_AT"

# A rendered document staged, or found in its place already (in whichever process rendered it); the
# manifest saved with the documents about to be moved in marked pending; one document moved into
# output/; the final manifest saved, the lock not yet released; collect's backup of the workbook
# written, the workbook not yet replaced.
POINTS = ("staged", "pending-saved", "moved", "saved", "backed-up")

_counts: dict[str, int] = {}


def _target() -> tuple[str, int] | None:
    spec = os.environ.get(KILL_AT_ENV, "")
    point, _, count = spec.partition(":")
    if point not in POINTS:
        return None
    return point, int(count or "1")


def reached(point: str) -> None:
    target = _target() if KILL_AT_ENV in os.environ else None
    if target is None or target[0] != point:
        return
    _counts[point] = _counts.get(point, 0) + 1
    if _counts[point] < target[1]:
        return
    if hasattr(os, "killpg"):
        os.killpg(os.getpgrp(), signal.SIGKILL)
    os._exit(137)  # where there are no process groups (Windows): this process alone, at once
