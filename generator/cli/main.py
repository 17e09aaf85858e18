"""The `gongwen` command group and what every command shares: Chinese errors, exit codes, findings.

Exit codes: 0 success (warnings allowed), 1 bad input or a document problem,
2 wrong usage (click's own), 3 an internal error (a bug: the details go to a
log file, never a traceback on the clerk's screen).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.cli import i18n as cli_i18n


class OnFirstUse:
    """The module `name`, imported when one of its names is first used: `gongwen --help` lists
    the commands without loading the application behind them."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        module = importlib.import_module(self._name)
        self.__dict__.update(vars(module))  # (later uses find the names without this lookup)
        return getattr(module, attribute)


if TYPE_CHECKING:
    from generator import app as app
    from generator.app import Findings, PdfReport, Workspace
else:
    app = OnFirstUse("generator.app")  # every command module's way to the application API

cli_i18n.install()

F = TypeVar("F", bound=Callable[..., Any])


class LateHelpOption(click.Option):
    """An option whose help names what the application knows (the document kinds, the examples):
    `help_values` fills the help's {fields} only when the help is shown, so that a command starts
    without loading the application."""

    def __init__(self, *args: Any, help_values: Callable[[], dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_values: Callable[[], dict[str, str]] | None = help_values

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self.help and self.help_values is not None:  # once: the filled-in text may hold braces of its own
            self.help = self.help.format(**self.help_values())
            self.help_values = None
        return super().get_help_record(ctx)


CONTEXT = {"help_option_names": ["-h", "--help"]}


_FINDINGS_PER_WRITE = 500


def print_findings(findings: Findings, verbose: bool = False) -> None:
    # (By the severity's name: a build with nothing to do prints its findings without the application.)
    # One write per _FINDINGS_PER_WRITE: a synthetic campaign's 2,000 warnings cost 11 ms of CPU one
    # secho each, and all of a 10,000-document build's in one string raised its peak memory by 25 MB.
    colors = {"ERROR": "red", "WARNING": "yellow"}
    shown = [finding for finding in findings.items if verbose or finding.severity.name != "NOTE"]
    for start in range(0, len(shown), _FINDINGS_PER_WRITE):
        lines = [
            click.style(str(finding), fg=colors.get(finding.severity.name))
            for finding in shown[start : start + _FINDINGS_PER_WRITE]
        ]
        click.echo("\n".join(lines), err=True)


def print_font_hints(report: PdfReport) -> None:
    """The official fonts this machine lacks, and what LibreOffice drew instead (the PDFs of build
    --pdf and bundle)."""
    for font, substitute in report.missing_fonts:
        click.secho(f"提示：本机没有「{font}」，PDF 中用「{substitute}」代替。", fg="yellow", err=True)
    if report.missing_fonts:
        click.secho(app.FONT_HINT, fg="yellow", err=True)


def friendly_errors(func: F) -> F:
    """Turn gongwen's errors into Chinese lines and an exit code; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except app.InputError as exc:
            for finding in exc.findings:
                if finding.severity is not app.Severity.NOTE:
                    click.secho(
                        str(finding), fg="red" if finding.severity is app.Severity.ERROR else "yellow", err=True
                    )
            errors = sum(1 for f in exc.findings if f.severity.value == "错误")
            click.secho(f"输入有 {errors} 处错误，没有生成任何文件。", fg="red", err=True)
            sys.exit(exc.exit_code)
        except app.GongwenError as exc:
            for line in exc.lines():
                click.secho(f"错误：{line}", fg="red", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            # The reader went away (gongwen ... | head): stop quietly, as other commands do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            click.secho("已中断。已写好的文件都是完整的。", err=True)
            sys.exit(130)
        except click.exceptions.ClickException:
            raise
        except Exception as exc:  # a bug: keep the details for developers, tell the clerk plainly
            full = app.disk_full(exc) or app.path_refused(exc)
            if full:  # not a bug: the clerk's disk, or a path of theirs the file system refuses
                click.secho(f"错误：{full}", fg="red", err=True)
                sys.exit(1)
            import traceback

            where = app.save_error_log(traceback.format_exc())
            kept = (
                f"详细信息已保存到 {where}，请发给维护人员。" if where else "（详细信息无法保存：临时文件夹不可写。）"
            )
            click.secho(f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。{kept}", fg="red", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


# Every command: the module that defines it, and the first paragraph of its help, which is what
# `gongwen --help` lists (tests/test_cli.py checks the two agree). A command's module is imported
# only when the command runs or shows its own help: the list starts no faster if it imports them.
BUILD, DOCUMENTS, WORKBOOK, UI, TEMPLATES = (
    "generator.cli.build",
    "generator.cli.documents",
    "generator.cli.workbook",
    "generator.cli.ui",
    "generator.cli.templates",
)
COMMANDS = {
    "build": (BUILD, "生成工作区定义的公文，写入 output 文件夹。"),
    "bundle": (DOCUMENTS, "把一类公文（如各单位的方案）合成一个 PDF，供文印室双面打印：每份都从单数页开始。"),
    "check": (
        DOCUMENTS,
        "按 GB/T 9704-2012 检查 Word 文件（gongwen 生成的或任何 .docx）；给文件夹时检查其中所有 .docx。",
    ),
    "collect": (WORKBOOK, "收回“文件夹”（或一个 zip 压缩包）里各单位填好的报表，检查后并入工作簿的「统计报表」表。"),
    "forms": (WORKBOOK, "生成某一期的统计报表填报表（每个单位一个 .xlsx），发给各单位填写。"),
    "import": (WORKBOOK, "从现有公文新建工作区：读入“公文文件”，把认出的内容填进工作簿，用原文做通知模板。"),
    "init": (WORKBOOK, "新建工作区“文件夹”：复制数据（inputs）、模板（templates），并建空的 output。"),
    "preview": (DOCUMENTS, "把一个 Word 文件（gongwen 生成的或任何 .docx）转成每页一张 PNG 图片，方便打印前看一眼。"),
    "shortcut": (UI, "写一个双击就能打开本工作区页面的文件（Windows 上是“打开gongwen.bat”）。"),
    "templates": (TEMPLATES, "查看、导出和检查公文模板（templates 文件夹里的 Word 文件）。"),
    "ui": (UI, "在浏览器里使用 gongwen：生成公文、下载和收回报表、修改模板、检查文件。"),
    "validate": (
        WORKBOOK,
        "读取并检查输入数据和全部模板，一次列出全部错误和警告（按文件和工作表分组），不写任何文件。",
    ),
    "台账": (
        WORKBOOK,
        "报送台账：这一期每个单位已报送、逾期报送还是未报送，填报日期，以及可以直接复制发出的催报文字。",
    ),
    "核稿": (WORKBOOK, "核稿：像老文秘一样通读这次活动的数据和已生成的公文，列出彼此矛盾的地方。"),
}


class CommandsOnDemand(click.Group):
    """The `gongwen` group: lists its commands from COMMANDS, imports a command's module when the
    command is wanted (the module's decorators register its commands on this group)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name][0])
            for command in self.commands.values():
                chinese_usage(command)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click lists them, from the table: the same text, no command module imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None:
                rows.append((name, loaded.get_short_help_str(limit)))
            else:
                said = click.Command(name, help=COMMANDS[name][1])  # shortened as click shortens it
                rows.append((name, said.get_short_help_str(limit)))
        with formatter.section(cli_i18n.translate("Commands")):
            formatter.write_dl(rows)


@click.group(cls=CommandsOnDemand, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="gongwen", message="%(prog)s %(version)s")
@click.option(
    "-C",
    "--workspace",
    "workspace",
    type=click.Path(file_okay=False),
    metavar="文件夹",
    default=".",
    show_default="当前文件夹",
    help="工作区文件夹（含 inputs、templates、output）。",
)
@click.pass_context
def main(ctx: click.Context, workspace: str) -> None:
    """gongwen：用 Excel 数据生成符合 GB/T 9704-2012 的公文（Word 文档）。

    \b
    常用步骤：
      gongwen import 通知.docx 我的工作区   从上级的通知新建工作区（导入说明列出认出的内容）
      gongwen init 我的工作区      新建工作区（含示例；--blank 从空白开始）
      gongwen -C 我的工作区 validate   检查输入数据
      gongwen -C 我的工作区 build      生成全部公文到 output 文件夹
      gongwen forms --period 3         生成第 3 期的统计报表填报表，发给各单位
      gongwen collect 收回的报表        收回填好的报表，并入工作簿
    """
    safe_console()
    ctx.obj = workspace  # the folder as named: each command makes its Workspace (pass_workspace)


def workspace_at(folder: str) -> Workspace:
    """The workspace -C names. (pathlib imports urllib.parse and more: not for `gongwen --help`, nor
    for a build with nothing to do, which answers from the folder's name.)"""
    from pathlib import Path

    return app.Workspace(Path(folder).resolve())


def pass_workspace(command: F) -> F:
    """Call `command` with the workspace -C names as its first argument."""

    @wraps(command)
    def with_workspace(*args: Any, **kwargs: Any) -> Any:
        return command(workspace_at(click.get_current_context().obj), *args, **kwargs)

    return with_workspace  # type: ignore[return-value]


def safe_console() -> None:
    """Print on any console: a character the console's encoding lacks (a GBK console on Chinese
    Windows, output redirected to a file) becomes "?" instead of stopping the command."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A stream that cannot change now keeps its own setting.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def chinese_usage(command: click.Command) -> None:
    """ "[OPTIONS]" and "COMMAND [ARGS]..." in the usage lines, in Chinese."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            chinese_usage(sub)
