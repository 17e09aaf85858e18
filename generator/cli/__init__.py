"""The `gongwen` command line: one module per group of commands, each a thin layer over generator.app.

The commands parse what the clerk typed, call one function of the application API and print
its result in Chinese. Each command module is imported when its command is wanted
(main.COMMANDS): `gongwen --help` imports none of them.
"""

from generator.cli.main import chinese_usage, main

chinese_usage(main)

__all__ = ["main"]
