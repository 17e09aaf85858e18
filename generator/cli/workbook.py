"""Commands about the clerk's data: validate, forms, collect, init, import."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.cli import i18n as cli_i18n
from generator.cli.main import CONTEXT, LateHelpOption, app, friendly_errors, main, pass_workspace, print_findings

if TYPE_CHECKING:
    from generator.app import Workspace


def period_option(asks: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The required --period (--month) option of the commands about one period's reports."""
    return click.option(
        "--period",
        "--month",
        "period",
        required=True,
        metavar="期别",
        help=(
            f"{asks}：按月报送写 2024-05，按周写 第3周，按季写 2024年第三季度，按半年写 2024年上半年，"
            "按阶段写阶段名称（如 集中整治阶段），也可以写第几期（如 3）。"
        ),
    )


@main.command(context_settings=CONTEXT)
@click.option(
    "-v", "--verbose", is_flag=True, help="同时列出 gongwen 自动纠正的每一处（如把文字“2018.1.19”当作日期）。"
)
@pass_workspace
@friendly_errors
def validate(workspace: Workspace, verbose: bool) -> None:
    """读取并检查输入数据和全部模板，一次列出全部错误和警告（按文件和工作表分组），不写任何文件。

    还在等报表的文档（月报、汇总、总结……）也按示例报表检查模板。
    """
    inputs, findings = app.check_setup(workspace)
    shown = [f for f in findings.items if verbose or f.severity is not app.Severity.NOTE]
    if inputs is None or findings.errors:
        raise app.InputError(grouped(shown))
    print_findings(app.Findings(grouped(shown)), verbose)
    click.echo(
        f"检查通过：{workspace.display(workspace.workbook)}，{len(inputs.units)} 个单位，"
        f"{len(inputs.campaign.phases)} 个阶段，模板 {len(app.templates(workspace))} 个，"
        f"警告 {len(findings.warnings)} 条。"
    )


def grouped(findings: list[app.Finding]) -> list[app.Finding]:
    """The findings by file and sheet, in the order each first appears (one file's, one sheet's together)."""
    order: dict[tuple[str, str], int] = {}
    for f in findings:
        order.setdefault((f.location.file, f.location.sheet or ""), len(order))
    return sorted(findings, key=lambda f: order[f.location.file, f.location.sheet or ""])


@main.command(context_settings=CONTEXT)
@period_option("哪一期的报表")
@click.option("--unit", "units", multiple=True, metavar="单位名称", help="只生成这个单位的，可重复指定；默认全部单位。")
@pass_workspace
@friendly_errors
def forms(workspace: Workspace, period: str, units: tuple[str, ...]) -> None:
    """生成某一期的统计报表填报表（每个单位一个 .xlsx），发给各单位填写。

    填报单位和期别已填好并锁定，只能填写黄色单元格。已经存在的填报表不会被覆盖。
    """
    report = app.forms(workspace, period, units)
    for path in report.written:
        click.echo(f"  新生成  {workspace.display(path)}")
    for path in report.kept:
        click.secho(f"  已存在，未覆盖  {workspace.display(path)}", fg="yellow")
    click.echo(f"完成：{report.period_name}填报表 {len(report.written)} 个，已存在 {len(report.kept)} 个。")


@main.command(context_settings=CONTEXT)
@click.argument("directory", metavar="文件夹", type=cli_i18n.ExistingPath(exists=True, path_type=Path))  # or a .zip
@click.option(
    "--只并入已填",
    "--filled-only",
    "filled_only",
    is_flag=True,
    help="有空格的报表只并入已填的数，空着的格子保留工作簿里的原数（默认：有空格的报表暂不并入）。",
)
@pass_workspace
@friendly_errors
def collect(workspace: Workspace, directory: Path, filled_only: bool) -> None:
    """收回“文件夹”（或一个 zip 压缩包）里各单位填好的报表，检查后并入工作簿的「统计报表」表。

    \b
    逐个单位报告：新报送、有变化（旧值 → 新值）、未变化、暂不并入（有空格、重复、比已并入的旧）、
    未采用（哪个单元格、什么问题）、拒收；核对规则的提醒也在并入前列出。
    空着的格子是“没有填”，不是 0：有空格的报表默认不并入，确认后加 --只并入已填 再运行。
    工作簿会另存为新版本，原来的版本保存在 inputs/备份/ 里，不会被覆盖。
    """
    report = app.collect(
        workspace,
        directory,
        filled_only=filled_only,
        waiting=lambda message: click.secho(message, fg="yellow", err=True),
    )
    for note in report.notes:
        click.secho(note, fg="yellow")
    for item in report.items:
        for line in item.lines():
            click.secho(line, fg="red" if item.refused else "yellow" if item.held else None)
    if report.backup is not None:
        book, kept = workspace.display(workspace.workbook), workspace.display(report.backup)
        click.echo(f"已并入 {len(report.merged)} 份报表：{book}（原工作簿备份为 {kept}）")
    elif not report.items:  # a wrong folder, or the forms one level down: nothing to build from
        click.secho(f"在 {directory} 里没有找到填报表（.xlsx 文件），工作簿未改动；请检查是不是选错了文件夹", fg="red")
        sys.exit(1)
    else:
        click.echo("没有需要并入的新数据，工作簿未改动。")
    _say_what_waits(report)
    if report.refused or report.held:
        sys.exit(1)
    click.echo("下一步：运行 gongwen build 生成统计报表和汇总表。")


def _say_what_waits(report: app.CollectReport) -> None:
    """What the clerk must do about the forms not merged."""
    if report.held_for_blanks:
        click.secho(
            f"有 {len(report.held_for_blanks)} 份报表有空格，暂不并入：请退回单位填全（没有发生的填 0）；"
            "如确认空着的格子保留原数，加 --只并入已填 重新运行。",
            fg="yellow",
            err=True,
        )
    if any(item.duplicates for item in report.items):
        click.secho(
            "同一单位同一期收到了不止一份报表，都暂不并入：请从文件夹里移走不要的那一份，再重新运行。",
            fg="yellow",
            err=True,
        )
    if report.refused:
        click.secho(
            f"有 {len(report.refused)} 份报表未采用或被拒收，请按上面的提示处理后重新收回。", fg="red", err=True
        )


def _examples_help() -> str:
    return "；".join(f"{name}：{about}" for name, about in app.EXAMPLES().items())


@main.command(context_settings=CONTEXT)
@click.argument("directory", metavar="文件夹", type=click.Path(path_type=Path))
@click.option(
    "--example",
    cls=LateHelpOption,
    help_values=lambda: {"examples": _examples_help()},
    metavar="示例",
    help="从哪个示例开始（默认第一个）。可选：{examples}。",
)
@click.option("--blank", is_flag=True, help="不要示例：从一份空白的工作簿和通用模板开始一个新活动。")
@friendly_errors
def init(directory: Path, example: str | None, blank: bool) -> None:
    """新建工作区“文件夹”：复制数据（inputs）、模板（templates），并建空的 output。

    默认复制第一个示例；--example 选其他示例，--blank 从空白开始。
    """
    if blank and example:
        raise app.SelectionError("--blank 和 --example 只能选一个")
    examples = list(app.EXAMPLES())
    ws = app.init(directory, app.BLANK if blank else example or examples[0])
    click.echo(f"已新建工作区：{ws.root}")
    click.echo(f"下一步：修改 {ws.display(ws.workbook)}，然后运行  gongwen -C {directory} build")


@main.command("import", context_settings=CONTEXT)
@click.argument("source", metavar="公文文件", type=click.Path(path_type=Path))
@click.argument("directory", metavar="[文件夹]", required=False, type=click.Path(path_type=Path))
@friendly_errors
def import_(source: Path, directory: Path | None) -> None:
    """从现有公文新建工作区：读入“公文文件”，把认出的内容填进工作簿，用原文做通知模板。

    \b
    公文文件可以是 Word 文档（.docx、.doc）、WPS 文字（.wps）或从政府网站复制的纯文本（.txt）。
    “文件夹”是新工作区，须是新的或空的；不写时在当前文件夹下以公文文件名新建。
    找到的每一项、在原文第几段、没认出的内容和还要填写的内容，都列在工作区的 导入说明.txt 里。
    """
    report = app.import_notice(source, directory)
    for line in report.lines:
        click.echo(line)
    click.echo("")
    click.echo(f"已新建工作区：{report.root}（导入说明也保存在 {report.root / '导入说明.txt'}）")
    click.echo(
        "下一步：核对 inputs/活动数据.xlsx 中标了颜色的单元格（单位、领导小组、统计指标），"
        f"然后运行  gongwen -C {report.root} build"
    )


@main.command("核稿", context_settings=CONTEXT)
@pass_workspace
@friendly_errors
def proofread(workspace: Workspace) -> None:
    """核稿：像老文秘一样通读这次活动的数据和已生成的公文，列出彼此矛盾的地方。

    \b
    逐条写明哪份公文、第几段、哪句话、怎么改：落款早于所引数据、截止日期早于要报的数据、
    方案晚于报送截止、某单位的组长等（「字段规则」的「每个单位一名」）有两名或没有、
    单位填了不适用的指标、单位名称被自动更正到别的单位、没填的“××”、各单位的存在问题雷同、
    某类单位的方案照印了对别的单位类型说的阶段工作内容（部门的方案里“各村……”）。
    这些都是提醒，不影响生成；gongwen build 每次也会列出。
    """
    remarks = app.proofread(workspace)
    for remark in remarks:
        place = " ".join(part for part in (remark.document, remark.where) if part)
        click.secho(f"〔{remark.check}〕{place}", fg="yellow")
        click.echo(f"    {remark}")
    if remarks:
        kinds = "，".join(f"{check} {n} 条" for check, n in Counter(r.check for r in remarks).items())
        click.echo(f"核稿完成：提醒 {len(remarks)} 条（{kinds}；不影响生成）。")
    else:
        click.echo("核稿完成：没有发现前后矛盾的地方。")


@main.command(name="台账", context_settings=CONTEXT)
@period_option("哪一期")
@pass_workspace
@friendly_errors
def ledger(workspace: Workspace, period: str) -> None:
    """报送台账：这一期每个单位已报送、逾期报送还是未报送，填报日期，以及可以直接复制发出的催报文字。"""
    table = app.ledger(workspace, period)
    due = app.chinese_date(table.due)
    click.echo(f"{table.period}（{due}截止），共 {len(table.rows)} 个单位：")
    for row in table.rows:
        click.echo(f"  {row.unit}\t{row.status}\t{row.received_said}")
        for why in row.why:  # as the page's 台账 says it: which cell, what is wrong
            click.echo(f"      {why}")
        if row.kept:
            click.echo(f"      {row.kept}")
    click.echo(table.summary())  # as the page's 台账, the roll-up and the county summary count them
    reminders = [text for row in table.rows if (text := row.reminder(table.period_told, table.due))]
    if reminders:
        click.echo("\n催报（可复制到微信、短信）：")
        for text in reminders:
            click.echo(f"  {text}")
