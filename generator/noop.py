"""The light door of a plain ``gongwen build`` with nothing to do (the clerk runs one after every
small doubt): the last full build still stands, proven from output/'s manifest and stamps with os
and json alone. A front end asks here first; None sends it to `app.build`, which decides anew
(hashing what the stamps do not prove) and does the work. Importing the application API would
cost such a build more than its answer: pathlib, the API's records, the engine's doors
(tests/test_cli.py holds this module to that).
"""

from __future__ import annotations

import time

from generator.output.report import LastBuild, Outcome, last_build_stands

__all__ = ["LastBuild", "Outcome", "unchanged"]


def unchanged(folder: str) -> LastBuild | None:
    """The workspace at `folder` (as the clerk named it) needs no work: its documents and the last
    full build's findings; None when anything may have changed."""
    return last_build_stands(folder, time.perf_counter())
