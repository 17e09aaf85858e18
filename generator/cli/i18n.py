"""Chinese for click's own words (Usage, Options, Error, its parameter types' complaints ...).

click marks its strings for gettext but ships no Chinese catalogue; each of
its modules binds ``_`` (and ``ngettext``) at import. Rebinding those names to a
lookup in this table is the smallest way to make every line the clerk sees
Chinese. The parameter types gongwen uses (a file, a folder, a whole number in
a range, a choice) are subclasses here that say what was expected in the clerk's
words, and name themselves in Chinese in the help (文件夹, 整数), never
``INTEGER RANGE``.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types

CHINESE = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "您是不是想用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是想用其中之一：{possibilities}？）",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Aborted!": "已取消。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "(dynamic)": "（自动）",
    "env var: {var}": "环境变量：{var}",
    "{name} option requires an argument.": "选项 {name} 需要一个值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面需要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）",
    "Directory {name} does not exist.": "文件夹 {name} 不存在。",
    "Path {name} does not exist.": "路径 {name} 不存在。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "“{filename}”是一个文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是一个文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能运行。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 的范围内。",
    "integer": "整数",
    "float": "数字",
    "text": "文字",
    "boolean": "是或否",
    "{value!r} is not {choice}.": "“{value}”不是可选的值，应为：{choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值，应为其中之一：{choices}。",
    "{value!r} is not a valid boolean.": "“{value}”不是“是”或“否”。",
    "Value must be an iterable.": "这里要写一组值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只写了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，写了 {len} 个。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接执行。",
    "Repeat for confirmation": "再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}


def translate(message: str) -> str:
    return CHINESE.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


class ChineseHelpFormatter(click.formatting.HelpFormatter):
    """Headings end with a full-width colon (选项：), as Chinese text does. Its width is the
    terminal's, as click finds it, but without importing shutil (and bz2, lzma with it) for that."""

    def __init__(self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None) -> None:
        if width is None and click.formatting.FORCED_WIDTH is None:
            width = max(min(terminal_columns(), max_width or 80) - 2, 50)
        super().__init__(indent_increment, width, max_width)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


def terminal_columns() -> int:
    """shutil.get_terminal_size().columns: $COLUMNS, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _missing_in_chinese(original: Any) -> Any:
    def format_message(self: click.exceptions.MissingParameter) -> str:
        text: str = original(self)
        return text[:-1] + "。" if text.endswith(".") else text  # click ends the sentence itself

    return format_message


def install() -> None:
    click.core.Context.formatter_class = ChineseHelpFormatter
    missing = click.exceptions.MissingParameter
    if not getattr(missing.format_message, "chinese", False):
        missing.format_message = _missing_in_chinese(missing.format_message)  # type: ignore[method-assign]
        missing.format_message.chinese = True  # type: ignore[attr-defined]
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


class Choice(click.Choice):  # type: ignore[type-arg]
    """click.Choice with its complaint in Chinese (click builds it with ngettext)."""

    def get_invalid_choice_message(self, value: object, ctx: click.Context | None) -> str:
        return f"「{value}」不是可选的值，应为：{'、'.join(map(str, self.choices))}"


class WholeNumber(click.IntRange):
    """A whole number from `low` to `high`: named 整数 in the help, its complaint in Chinese."""

    name = "整数"

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str | None:
        return "整数"

    def _describe_range(self) -> str:
        return f"{self.min} 到 {self.max}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(f"“{value}”不是整数，应写 {self._describe_range()} 之间的整数", param, ctx)
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            self.fail(f"{number} 超出范围，应写 {self._describe_range()} 之间的整数", param, ctx)
        return number


class ExistingPath(click.Path):
    """A file or folder that must exist, its complaints in Chinese with the full path it looked at
    (a clerk on Windows sees where gongwen looked, not only what was typed)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if self.exists and isinstance(value, (str, os.PathLike)) and not os.path.exists(value):
            what = "文件夹" if not self.file_okay else "文件" if not self.dir_okay else "文件或文件夹"
            self.fail(f"找不到{what}“{os.path.abspath(value)}”，请检查名称和位置", param, ctx)
        return super().convert(value, param, ctx)


def existing_file() -> ExistingPath:
    from pathlib import Path

    return ExistingPath(exists=True, dir_okay=False, path_type=Path)


def existing_folder() -> ExistingPath:
    from pathlib import Path

    return ExistingPath(exists=True, file_okay=False, path_type=Path)


def folder() -> click.Path:
    """A folder that need not exist yet (named 文件夹 in messages)."""
    from pathlib import Path

    return click.Path(file_okay=False, path_type=Path)
