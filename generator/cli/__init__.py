"""The `gongwen` command line: one module per group of commands, each a thin layer over generator.app.

The commands parse what the clerk typed, call one function of the application API and print
its result in Chinese; importing this package registers them all on `main`.
"""

from generator.cli import build, templates, ui, workbook
from generator.cli.main import chinese_usage, main

chinese_usage(main)

__all__ = ["build", "main", "templates", "ui", "workbook"]
