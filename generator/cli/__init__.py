"""The `gongwen` command line: one module of click commands over the application API."""

from generator.cli.commands import main

__all__ = ["main"]
