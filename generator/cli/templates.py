"""`gongwen templates`: list, export, vars and check the templates in use."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from generator.cli.main import CONTEXT, app, friendly_errors, main, pass_workspace, print_findings

if TYPE_CHECKING:
    from generator.app import Workspace


@main.group(context_settings=CONTEXT)
def templates() -> None:
    """查看、导出和检查公文模板（templates 文件夹里的 Word 文件）。"""


@templates.command("list", context_settings=CONTEXT)
@pass_workspace
@friendly_errors
def templates_list(workspace: Workspace) -> None:
    """列出每类公文用的是哪个模板文件。"""
    for info in app.templates(workspace):
        if info.own:
            where = f"{workspace.display(info.path)}（工作区自己的模板）"
        else:
            missing = workspace.display(workspace.templates_dir / f"{info.document}.docx")
            where = f"{missing} 不存在（gongwen templates export {info.document} 可复制随程序附带的通用模板）"
        click.echo(f"{info.document}（{info.kind}）\t{where}\t{info.description}")


@templates.command("export", context_settings=CONTEXT)
@click.argument("kind", metavar="文档")
@pass_workspace
@friendly_errors
def templates_export(workspace: Workspace, kind: str) -> None:
    """把某种文档的通用模板复制到工作区的 templates 文件夹（templates/文档.docx），以便用 Word/WPS 修改。"""
    target = app.export(workspace, kind)
    click.echo(
        f"工作区还没有「{kind}」的模板：已把随程序附带的通用模板复制到 {workspace.display(target)}，"
        "用 Word 或 WPS 打开修改后，运行 gongwen build 即可。"
    )


@templates.command("vars", context_settings=CONTEXT)
@click.argument("kind", metavar="文档")
@pass_workspace
@friendly_errors
def templates_vars(workspace: Workspace, kind: str) -> None:
    """列出某种文档的模板可以用的全部变量和写法（过滤器），附说明和当前数据中的示例值。

    自行添加的列表（工作表）和列也都列出。
    """
    job, found = app.template_variables(workspace, kind)
    source = f"「{job.unit}」" if job.unit else "当前数据"
    if job.document in app.sample_documents(workspace):
        source += "；还没有收到报表，统计数字是示例报表的（每项为 1）"
    click.echo(f"「{job.document}」模板可以用的变量（示例值取自{source}）：")
    for var in found:
        example = f"  例：{var.example}" if var.example else ""
        click.echo(f"  {{{{ {var.path} }}}}  {var.description}{example}")
    click.echo("可以用的写法（过滤器），写在变量后面，用 | 隔开：")
    for name, (description, example) in app.filters().items():
        click.echo(f"  |{name}  {description}。{example}")


@templates.command("check", context_settings=CONTEXT)
@pass_workspace
@friendly_errors
def templates_check(workspace: Workspace) -> None:
    """检查模板中的常见错误：未定义的变量、全角括号、标签缺空格、if/for 不配对、标签被拆开等。

    每次 gongwen build 之前也会自动检查。
    """
    problems = app.check_templates(workspace)
    print_findings(problems)
    if problems.errors:
        click.secho(f"模板有 {len(problems.errors)} 处错误。", fg="red", err=True)
        sys.exit(1)
    click.echo(f"模板检查通过（警告 {len(problems.warnings)} 条）。")
