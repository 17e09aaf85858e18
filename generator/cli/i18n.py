"""Chinese for click's own words (Usage, Options, Error ...).

click marks its strings for gettext but ships no Chinese catalogue; each of
its modules binds ``_`` at import. Rebinding that name to a lookup in this
table is the smallest way to make every line the clerk sees Chinese.
"""

from __future__ import annotations

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
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "No such option: {name}": "没有这个选项：{name}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "您是不是想用 {possibility}？",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Aborted!": "已取消。",
    "default: {default}": "默认：{default}",
    "{name} option requires an argument.": "选项 {name} 需要一个值。",
    "Got unexpected extra argument ({args})": "多了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了参数（{args}）",
    "Directory {name} does not exist.": "文件夹 {name} 不存在。",
    "Path {name} does not exist.": "路径 {name} 不存在。",
}


def translate(message: str) -> str:
    return CHINESE.get(message, message)


def install() -> None:
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]


class Choice(click.Choice):  # type: ignore[type-arg]
    """click.Choice with its complaint in Chinese (click builds it with ngettext)."""

    def get_invalid_choice_message(self, value: object, ctx: click.Context | None) -> str:
        return f"「{value}」不是可选的值，应为：{'、'.join(map(str, self.choices))}"
