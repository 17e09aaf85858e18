"""The frozen program's entry point (PyInstaller): the `gongwen` command, and a double-click.

Double-clicked from Explorer (no arguments), it opens the web page on the 工作区 folder beside the
program, which the page offers to fill from the example or the blank starter.
"""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

DEFAULT_WORKSPACE = "工作区"


def arguments(argv: list[str], program: Path) -> list[str]:
    """What to run: the clerk's own arguments, or `ui` on the workspace beside the program."""
    if argv:
        return argv
    # gongwen-windows-x64/gongwen/gongwen.exe -> gongwen-windows-x64/工作区
    workspace = program.resolve().parent.parent / DEFAULT_WORKSPACE
    workspace.mkdir(exist_ok=True)
    return ["-C", str(workspace), "ui"]


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned worker of the build pool runs this program too
    from generator.cli import main

    main(arguments(sys.argv[1:], Path(sys.executable)), prog_name="gongwen")
