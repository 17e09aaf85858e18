"""Commands on finished documents, gongwen's or any .docx: bundle (one PDF to print), preview (page
pictures), check (GB/T 9704-2012)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli import i18n as cli_i18n
from generator.cli.main import CONTEXT, app, friendly_errors, main, pass_workspace, print_font_hints

if TYPE_CHECKING:
    from generator.app import Workspace


@main.command(context_settings=CONTEXT)
@click.argument("kind", metavar="文档")
@click.option("-j", "--jobs", type=cli_i18n.WholeNumber(1, 64), default=None, show_default="CPU 核数",
              help="同时转换的 LibreOffice 进程数。")  # fmt: skip
@pass_workspace
@friendly_errors
def bundle(workspace: Workspace, kind: str, jobs: int | None) -> None:
    """把一类公文（如各单位的方案）合成一个 PDF，供文印室双面打印：每份都从单数页开始。

    需要先运行 gongwen build；缺少或过期的 PDF 会先转换。
    """
    report = app.bundle(workspace, kind, jobs or app.default_jobs())
    print_font_hints(report.pdfs)
    click.echo(
        f"已合订 {report.documents} 份，共 {report.pages} 页（双面打印时每份从单数页开始）："
        f"{workspace.display(report.target)}"
    )
    starts = report.starts
    if len(starts) > 1:
        click.echo(f"各份起始页：{'、'.join(map(str, starts[:10]))}{'……' if len(starts) > 10 else ''}")


@main.command(context_settings=CONTEXT)
@click.argument("document", metavar="文件", type=cli_i18n.existing_file())
@click.option("--dpi", type=cli_i18n.WholeNumber(30, 300), default=60, show_default=True, help="图片分辨率。")
@pass_workspace
@friendly_errors
def preview(workspace: Workspace, document: Path, dpi: int) -> None:
    """把一个 Word 文件（gongwen 生成的或任何 .docx）转成每页一张 PNG 图片，方便打印前看一眼。"""
    target, shown = app.preview(workspace, document, dpi)
    for page in shown:
        click.echo(workspace.display(page.resolve()))
    click.echo(f"共 {len(shown)} 页，图片在 {workspace.display(target.resolve())}")


@main.command(context_settings=CONTEXT)
@click.argument("documents", metavar="文件或文件夹...", nargs=-1, required=True,
                type=click.Path(path_type=Path))  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（供程序读取）。")
@click.option("--no-pdf", is_flag=True, help="不用 LibreOffice 排版检查，只检查文件设置（更快）。")
@click.option("-j", "--jobs", type=cli_i18n.WholeNumber(1, 64), default=None, show_default="CPU 核数",
              help="同时转换的 LibreOffice 进程数。")  # fmt: skip
@pass_workspace
@friendly_errors
def check(workspace: Workspace, documents: tuple[Path, ...], as_json: bool, no_pdf: bool, jobs: int | None) -> None:
    """按 GB/T 9704-2012 检查 Word 文件（gongwen 生成的或任何 .docx）；给文件夹时检查其中所有 .docx。

    \b
    文件设置：纸张和页边距；版头（红色发文机关标志和分隔线、发文字号）、标题、
              主送机关、正文和层次序数、附件说明、成文日期、附注、附件、版记、
              页眉页码各自的字体、字号、颜色和写法；表格里的字体和标点；
    实际排版（需要 LibreOffice）：每页 22 行、每行 28 字、页码的格式和位置、
              红色版头、落款或附注单独成页、正文前留下大半页空白。
    全部符合时退出码为 0，否则为 1。
    """
    files = _files_to_check(workspace, documents)
    report = app.check(files, lay_out=not no_pdf, jobs=jobs or app.default_jobs())
    if report.skipped and report.soffice_missing:
        click.secho(f"提示：{report.skipped}安装：{app.INSTALL_HINT}", fg="yellow", err=True)
    elif report.skipped and not as_json:
        click.secho(f"提示：{report.skipped}", fg="yellow", err=True)
    if as_json:
        click.echo(report.as_json())
    else:
        _print_check_report(workspace, report)
    if not report.conforms:
        sys.exit(1)


def _files_to_check(workspace: Workspace, documents: tuple[Path, ...]) -> list[Path]:
    """The files named and every .docx in the folders named; a name that is not there, or folders
    without a .docx, said in Chinese here rather than by click (exit code 2)."""
    # `gongwen -C 工作区 check output` means the workspace's output/: a relative name is looked for in
    # the workspace first, then here.
    documents = tuple(
        workspace.root / d if not d.is_absolute() and (workspace.root / d).exists() else d for d in documents
    )
    absent = [d for d in documents if not d.exists()]
    if absent:
        click.secho(f"错误：找不到 {'、'.join(str(d) for d in absent)}。", fg="red", err=True)
        sys.exit(2)
    files = app.documents_below(documents)
    if not files:
        named = "、".join(workspace.display(d.resolve()) for d in documents)
        click.secho(f"错误：{named} 里没有 .docx 文件。", fg="red", err=True)
        sys.exit(2)
    return files


def _print_check_report(workspace: Workspace, report: app.CheckReport) -> None:
    for document, result in report.results.items():
        name = workspace.display(document.resolve())
        problems = [result] if isinstance(result, str) else [str(x) for x in result]
        if problems:
            click.secho(f"× {name}：{len(problems)} 处问题", fg="red")
        else:
            click.secho(f"√ {name}：符合", fg="green")
        for problem in problems:
            click.echo(f"    {problem}")
        if document in report.notes:
            click.echo(f"    说明：{report.notes[document]}")
    total = len(report.results)
    click.echo(f"检查 {total} 个文件：符合 {report.passed} 个，有问题 {total - report.passed} 个。")
