"""The `gongwen` command line: parses options, calls the pipeline, prints Chinese.

Exit codes: 0 success (warnings allowed), 1 bad input or a document problem,
2 wrong usage (click's own), 3 an internal error (a bug: the details go to a
log file, never a traceback on the clerk's screen).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
import unicodedata
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__, app
from generator.app import Findings, GongwenError, InputError, Severity, Workspace
from generator.cli import i18n as cli_i18n

cli_i18n.install()

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _print_findings(findings: Findings, verbose: bool = False) -> None:
    for finding in findings.items:
        if finding.severity is Severity.NOTE and not verbose:
            continue
        color = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: None}[finding.severity]
        click.secho(str(finding), fg=color, err=True)


def friendly_errors(func: F) -> F:
    """Turn gongwen's errors into Chinese lines and an exit code; never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for finding in exc.findings:
                if finding.severity is not Severity.NOTE:
                    click.secho(str(finding), fg="red" if finding.severity is Severity.ERROR else "yellow", err=True)
            errors = sum(1 for f in exc.findings if f.severity.value == "错误")
            click.secho(f"输入有 {errors} 处错误，没有生成任何文件。", fg="red", err=True)
            sys.exit(exc.exit_code)
        except GongwenError as exc:
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
            log = Path(tempfile.gettempdir()) / "gongwen-error.log"
            log.write_text(traceback.format_exc(), encoding="utf-8")
            click.secho(
                f"程序内部出错（这是 gongwen 的问题，不是您的操作问题）。详细信息已保存到 {log}，请发给维护人员。",
                fg="red",
                err=True,
            )
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
      gongwen init 我的工作区      新建工作区（含永清县示例）
      gongwen -C 我的工作区 validate   检查输入数据
      gongwen -C 我的工作区 build      生成全部公文到 output 文件夹
      gongwen forms --month 2018-02    生成 2月的统计报表填报表，发给各单位
      gongwen collect 收回的报表        收回填好的报表，并入工作簿
    """
    ctx.obj = Workspace(workspace.resolve())


@main.command(context_settings=CONTEXT)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=cli_i18n.Choice(app.KINDS),
    help=f"只生成这一类公文（{'、'.join(app.KINDS)}），可重复指定。",
)
@click.option("--unit", "units", multiple=True, metavar="单位名称", help="只生成这个单位的公文，可重复指定。")
@click.option("--force", is_flag=True, help="全部重新生成，并覆盖手工修改过的文件（会逐一列出）。")
@click.option("--dry-run", is_flag=True, help="只列出哪些文件会重新生成及原因，不写任何文件。")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=app.default_jobs(),
    show_default="CPU 核数",
    help="同时生成的进程数。",
)
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（放在 Word 文件旁边，只转换有变化的）。")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误，不显示进度条和汇总表。")
@click.pass_obj
@friendly_errors
def build(
    workspace: Workspace,
    kinds: tuple[str, ...],
    units: tuple[str, ...],
    force: bool,
    dry_run: bool,
    jobs: int,
    pdf: bool,
    quiet: bool,
) -> None:
    """生成工作区定义的公文，写入 output 文件夹。

    \b
    默认生成全部：县级通知，以及每个单位的工作方案。
      gongwen build --kind 方案              只生成各单位的工作方案
      gongwen build --kind 方案 --unit 韩村镇  只生成韩村镇的工作方案
      gongwen build --dry-run                只看哪些文件会重新生成

    只重新生成输入或模板有变化的文件；手工修改过的文件不会被覆盖，
    新版本另存为“（新生成）”文件。
    """
    if dry_run:
        _dry_run(workspace, force, kinds, units, quiet)
        return
    show_progress = not quiet and sys.stdout.isatty()
    report = app.build(
        workspace, force=force, kinds=kinds, units=units, jobs=jobs, progress=_progress_bar if show_progress else None
    )
    _print_findings(report.findings)
    if report.stale_lock:
        click.secho("提示：发现上次中断留下的锁文件，已自动清除。", fg="yellow", err=True)
    if not quiet:
        _print_report(workspace, report)
    else:
        for w in report.written:
            if w.note:
                click.secho(w.note, fg="yellow", err=True)
    if pdf:
        _make_pdfs([w.path for w in report.written], jobs, quiet)


def _make_pdfs(paths: list[Path], jobs: int, quiet: bool) -> None:
    """PDFs beside the .docx files whose PDF is missing or older."""
    started = time.perf_counter()
    report = app.make_pdfs(paths, jobs)
    _print_font_hints(report)
    if not quiet:
        click.echo(
            f"PDF：生成 {report.converted} 个，已是最新 {report.current} 个，"
            f"用时 {time.perf_counter() - started:.1f} 秒。"
        )


def _print_font_hints(report: app.PdfReport) -> None:
    for font, substitute in report.missing_fonts:
        click.secho(f"提示：本机没有「{font}」，PDF 中用「{substitute}」代替。", fg="yellow", err=True)
    if report.missing_fonts:
        click.secho(app.FONT_HINT, fg="yellow", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("kind", metavar="公文类别", type=cli_i18n.Choice(app.TEMPLATE_KINDS))
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=app.default_jobs(), show_default="CPU 核数",
              help="同时转换的 LibreOffice 进程数。")  # fmt: skip
@click.pass_obj
@friendly_errors
def bundle(workspace: Workspace, kind: str, jobs: int) -> None:
    """把一类公文（如各单位的方案）合成一个 PDF，供文印室双面打印：每份都从单数页开始。

    需要先运行 gongwen build；缺少或过期的 PDF 会先转换。
    """
    report = app.bundle(workspace, kind, jobs)
    _print_font_hints(report.pdfs)
    click.echo(
        f"已合订 {report.documents} 份，共 {report.pages} 页（双面打印时每份从单数页开始）："
        f"{workspace.display(report.target)}"
    )
    starts = report.starts
    if len(starts) > 1:
        click.echo(f"各份起始页：{'、'.join(map(str, starts[:10]))}{'……' if len(starts) > 10 else ''}")


@main.command(context_settings=CONTEXT)
@click.argument("document", metavar="文件", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dpi", type=click.IntRange(30, 300), default=60, show_default=True, help="图片分辨率。")
@click.pass_obj
@friendly_errors
def preview(workspace: Workspace, document: Path, dpi: int) -> None:
    """把一个 Word 文件（gongwen 生成的或任何 .docx）转成每页一张 PNG 图片，方便打印前看一眼。"""
    target, shown = app.preview(workspace, document, dpi)
    for page in shown:
        click.echo(workspace.display(page.resolve()))
    click.echo(f"共 {len(shown)} 页，图片在 {workspace.display(target.resolve())}")


@main.command(context_settings=CONTEXT)
@click.argument("documents", metavar="文件...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（供程序读取）。")
@click.option("--no-pdf", is_flag=True, help="不用 LibreOffice 排版检查，只检查文件设置（更快）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=app.default_jobs(), show_default="CPU 核数",
              help="同时转换的 LibreOffice 进程数。")  # fmt: skip
@click.pass_obj
@friendly_errors
def check(workspace: Workspace, documents: tuple[Path, ...], as_json: bool, no_pdf: bool, jobs: int) -> None:
    """按 GB/T 9704-2012 检查 Word 文件（gongwen 生成的或任何 .docx）。

    \b
    文件设置：纸张和页边距、中文字体、正文/标题/页码字号、页码格式、
              发文字号、成文日期、层次序数、主送机关冒号、半角标点；
    实际排版（需要 LibreOffice）：每页 22 行、每行 28 字、页码的格式和位置、红色版头。
    全部符合时退出码为 0，否则为 1。
    """
    report = app.check(documents, lay_out=not no_pdf, jobs=jobs)
    if report.soffice_missing:
        click.secho(f"提示：没有找到 LibreOffice，只检查了文件设置，没有检查实际排版。安装：{app.INSTALL_HINT}",
                    fg="yellow", err=True)  # fmt: skip
    if as_json:
        click.echo(report.as_json())
    else:
        for document, result in report.results.items():
            name = workspace.display(document.resolve())
            if result == []:
                click.secho(f"✓ {name}：符合", fg="green")
                continue
            problems = [result] if isinstance(result, str) else [str(x) for x in result]
            click.secho(f"✗ {name}：{len(problems)} 处问题", fg="red")
            for problem in problems:
                click.echo(f"    {problem}")
        total = len(report.results)
        click.echo(f"检查 {total} 个文件：符合 {report.passed} 个，有问题 {total - report.passed} 个。")
    if not report.conforms:
        sys.exit(1)


def _dry_run(workspace: Workspace, force: bool, kinds: tuple[str, ...], units: tuple[str, ...], quiet: bool) -> None:
    planned, findings, _ = app.plan(workspace, force=force, kinds=kinds, units=units)
    _print_findings(findings)
    todo = [p for p in planned if p.reason.renders]
    for p in planned:
        if p.reason.renders or not quiet:
            verb = "将生成" if p.reason.renders else "不生成"
            click.echo(f"  {verb}  {workspace.display(p.target)}：{p.reason.value}")
    click.echo(f"预演：将生成 {len(todo)} 个，不生成 {len(planned) - len(todo)} 个；没有写任何文件。")


def _progress_bar(total: int) -> Callable[[app.DocumentJob], None]:
    """A progress bar on the terminal, closed when the last document is done."""
    bar: Any = click.progressbar(length=total, label="正在生成", show_pos=True, width=30)
    bar.__enter__()
    done = 0

    def tick(job: app.DocumentJob) -> None:
        nonlocal done
        done += 1
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    return tick


# Outcomes, in the order of the closing table.
_TABLE = (
    (app.Outcome.CREATED, "新生成"),
    (app.Outcome.UPDATED, "已更新"),
    (app.Outcome.UNCHANGED, "未变化（跳过）"),
    (app.Outcome.WRITTEN_BESIDE, "手工修改过，新版另存"),
    (app.Outcome.KEPT_EDITED, "手工修改过，保留"),
    (app.Outcome.OVERWROTE_EDITED, "覆盖了手工修改"),
)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _print_report(workspace: Workspace, report: app.BuildReport) -> None:
    for w in report.written:
        if w.outcome is app.Outcome.UNCHANGED and len(report.written) > 30:
            continue  # a large set: list only what happened
        fg = (
            "yellow"
            if w.outcome in (app.Outcome.WRITTEN_BESIDE, app.Outcome.OVERWROTE_EDITED, app.Outcome.KEPT_EDITED)
            else None
        )
        click.secho(f"  {w.outcome.value}  {workspace.display(w.path)}", fg=fg)
        if w.note:
            click.secho(f"    {w.note}", fg="yellow")
    rows = [(label, str(report.count(outcome))) for outcome, label in _TABLE if report.count(outcome)]
    rows += [("警告", str(len(report.findings.warnings))), ("错误", "0"), ("用时", f"{report.seconds:.2f} 秒")]
    width = max(_display_width(label) for label, _ in rows) + 2
    rule = "─" * (width + 10)
    click.echo(rule)
    for label, value in rows:
        click.echo(f"{label}{' ' * (width - _display_width(label))}{value:>10}")
    click.echo(rule)
    made = report.count(
        app.Outcome.CREATED, app.Outcome.UPDATED, app.Outcome.OVERWROTE_EDITED, app.Outcome.WRITTEN_BESIDE
    )
    same = report.count(app.Outcome.UNCHANGED, app.Outcome.KEPT_EDITED)
    click.echo(
        f"完成：生成 {made} 个，未变化 {same} 个，警告 {len(report.findings.warnings)} 条，"
        f"错误 0 条，用时 {report.seconds:.2f} 秒。"
    )


@main.command(context_settings=CONTEXT)
@click.option(
    "-v", "--verbose", is_flag=True, help="同时列出 gongwen 自动纠正的每一处（如把文字“2018.1.19”当作日期）。"
)
@click.pass_obj
@friendly_errors
def validate(workspace: Workspace, verbose: bool) -> None:
    """读取并检查输入数据，列出全部错误和警告，不写任何文件。"""
    inputs, findings = app.validate(workspace)
    if inputs is None:
        raise InputError([f for f in findings.items if verbose or f.severity is not Severity.NOTE])
    _print_findings(findings, verbose)
    click.echo(
        f"检查通过：{workspace.display(workspace.workbook)}，{len(inputs.units)} 个单位，"
        f"{len(inputs.campaign.phases)} 个阶段，警告 {len(findings.warnings)} 条。"
    )


@main.group(context_settings=CONTEXT)
def templates() -> None:
    """查看、导出和检查公文模板（templates 文件夹里的 Word 文件）。"""


@templates.command("list", context_settings=CONTEXT)
@click.pass_obj
@friendly_errors
def templates_list(workspace: Workspace) -> None:
    """列出每类公文用的是哪个模板文件。"""
    for info in app.templates(workspace):
        where = "工作区自己的模板" if info.own else "随程序附带的默认模板"
        click.echo(f"{info.kind}\t{workspace.display(info.path)}（{where}）\t{info.description}")


@templates.command("export", context_settings=CONTEXT)
@click.argument("kind", metavar="公文类别", type=cli_i18n.Choice(app.TEMPLATE_KINDS))
@click.pass_obj
@friendly_errors
def templates_export(workspace: Workspace, kind: str) -> None:
    """把某类公文的默认模板复制到工作区的 templates 文件夹，以便用 Word/WPS 修改。"""
    target = app.export(workspace, kind)
    click.echo(f"已复制到 {workspace.display(target)}，用 Word 或 WPS 打开修改后，运行 gongwen build 即可。")


@templates.command("vars", context_settings=CONTEXT)
@click.argument("kind", metavar="公文类别", type=cli_i18n.Choice(app.TEMPLATE_KINDS))
@click.pass_obj
@friendly_errors
def templates_vars(workspace: Workspace, kind: str) -> None:
    """列出某类模板可以用的全部变量和写法（过滤器），附说明和当前数据中的示例值。"""
    job, found = app.template_variables(workspace, kind)
    click.echo(f"「{kind}」模板可以用的变量（示例值取自{'「' + job.unit + '」' if job.unit else '当前数据'}）：")
    for var in found:
        example = f"  例：{var.example}" if var.example else ""
        click.echo(f"  {{{{ {var.path} }}}}  {var.description}{example}")
    click.echo("可以用的写法（过滤器），写在变量后面，用 | 隔开：")
    for name, (_, description, example) in app.FILTERS.items():
        click.echo(f"  |{name}  {description}。{example}")


@templates.command("check", context_settings=CONTEXT)
@click.pass_obj
@friendly_errors
def templates_check(workspace: Workspace) -> None:
    """检查模板中的常见错误：未定义的变量、全角括号、标签缺空格、if/for 不配对、标签被拆开等。

    每次 gongwen build 之前也会自动检查。
    """
    problems = app.check_templates(workspace)
    _print_findings(problems)
    if problems.errors:
        click.secho(f"模板有 {len(problems.errors)} 处错误。", fg="red", err=True)
        sys.exit(1)
    click.echo(f"模板检查通过（{len(app.TEMPLATE_KINDS)} 个模板，警告 {len(problems.warnings)} 条）。")


@main.command(context_settings=CONTEXT)
@click.option("--month", required=True, metavar="年-月", help="哪个月的报表，如 2018-02。")
@click.option("--unit", "units", multiple=True, metavar="单位名称", help="只生成这个单位的，可重复指定；默认全部单位。")
@click.pass_obj
@friendly_errors
def forms(workspace: Workspace, month: str, units: tuple[str, ...]) -> None:
    """生成某月的统计报表填报表（每个单位一个 .xlsx），发给各单位填写。

    填报单位和月份已填好并锁定，只能填写黄色单元格。已经存在的填报表不会被覆盖。
    """
    report = app.forms(workspace, month, units)
    for path in report.written:
        click.echo(f"  新生成  {workspace.display(path)}")
    for path in report.kept:
        click.secho(f"  已存在，未覆盖  {workspace.display(path)}", fg="yellow")
    click.echo(f"完成：{report.month_name}填报表 {len(report.written)} 个，已存在 {len(report.kept)} 个。")


@main.command(context_settings=CONTEXT)
@click.argument("directory", metavar="文件夹", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.pass_obj
@friendly_errors
def collect(workspace: Workspace, directory: Path) -> None:
    """收回“文件夹”里各单位填好的报表，检查后并入工作簿的「月报」表。

    \b
    逐个单位报告：新报送、有变化（旧值 → 新值）、未变化、未采用（哪个单元格、什么问题）、拒收。
    工作簿会另存为新版本，原来的版本保存在 inputs/备份/ 里，不会被覆盖。
    """
    report = app.collect(workspace, directory)
    for note in report.notes:
        click.secho(note, fg="yellow")
    refused = (app.CollectOutcome.REJECTED, app.CollectOutcome.REFUSED)
    for item in report.items:
        for line in item.lines():
            click.secho(line, fg="red" if item.outcome in refused else None)
    if report.backup is not None:
        book, kept = workspace.display(workspace.workbook), workspace.display(report.backup)
        click.echo(f"已并入 {len(report.merged)} 份报表：{book}（原工作簿备份为 {kept}）")
    else:
        click.echo("没有需要并入的新数据，工作簿未改动。")
    if report.refused:
        click.secho(
            f"有 {len(report.refused)} 份报表未采用或被拒收，请按上面的提示处理后重新收回。", fg="red", err=True
        )
        sys.exit(1)
    click.echo("下一步：运行 gongwen build 生成统计报表和汇总表。")


@main.command(context_settings=CONTEXT)
@click.argument("directory", metavar="文件夹", type=click.Path(path_type=Path))
@friendly_errors
def init(directory: Path) -> None:
    """新建工作区“文件夹”：复制示例数据（inputs）、模板（templates），并建空的 output。"""
    ws = app.init(directory)
    click.echo(f"已新建工作区：{ws.root}")
    click.echo(f"下一步：修改 {ws.display(ws.workbook)}，然后运行  gongwen -C {directory} build")


def _chinese_usage(command: click.Command) -> None:
    """ "[OPTIONS]" and "COMMAND [ARGS]..." in the usage lines, in Chinese."""
    command.options_metavar = "[选项]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "命令 [参数]..."
        for sub in command.commands.values():
            _chinese_usage(sub)


_chinese_usage(main)

if __name__ == "__main__":
    main()
