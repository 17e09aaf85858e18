"""The `gongwen` command group and what every command shares: Chinese errors, exit codes, findings.

Exit codes: 0 success (warnings allowed), 1 bad input or a document problem,
2 wrong usage (click's own), 3 an internal error (a bug: the details go to a
log file, never a traceback on the clerk's screen).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.cli import i18n as cli_i18n


def lazy_module(name: str) -> ModuleType:
    """The module `name`, loaded when one of its names is first used (importlib's LazyLoader):
    `gongwen --help` lists the commands without loading the application behind them."""
    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # not an assert: python -O would drop it
        raise ModuleNotFoundError(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # as an import statement does
    return module


if TYPE_CHECKING:
    from generator import app as app
    from generator.app import Findings
else:
    app = lazy_module("generator.app")  # every command module's way to the application API

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


def print_findings(findings: Findings, verbose: bool = False) -> None:
    for finding in findings.items:
        if finding.severity is app.Severity.NOTE and not verbose:
            continue
        color = {app.Severity.ERROR: "red", app.Severity.WARNING: "yellow"}.get(finding.severity)
        click.secho(str(finding), fg=color, err=True)


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
        except Exception:  # a bug: keep the details for developers, tell the clerk plainly
            where = app.save_error_log(traceback.format_exc())
            kept = (
                f"详细信息已保存到 {where}，请发给维护人员。" if where else "（详细信息无法保存：临时文件夹不可写。）"
            )
            click.secho(f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。{kept}", fg="red", err=True)
            sys.exit(3)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="gongwen", message="%(prog)s %(version)s")
@click.option(
    "-C",
    "--workspace",
    "workspace",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="文件夹",
    default=Path("."),
    show_default="当前文件夹",
    help="工作区文件夹（含 inputs、templates、output）。",
)
@click.pass_context
def main(ctx: click.Context, workspace: Path) -> None:
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
    ctx.obj = app.Workspace(workspace.resolve())


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
