"""The command that makes documents: build (the one a clerk runs most, and after every small doubt:
its module holds nothing else, so that a build with nothing to do starts fast)."""

from __future__ import annotations

import sys
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from generator import noop
from generator.cli import i18n as cli_i18n
from generator.cli.main import (
    CONTEXT,
    LateHelpOption,
    app,
    friendly_errors,
    main,
    print_findings,
    print_font_hints,
    workspace_at,
)

if TYPE_CHECKING:
    from pathlib import Path

    from generator.app import Finding, Workspace


@main.command(context_settings=CONTEXT)
@click.option(
    "--kind",
    "kinds",
    cls=LateHelpOption,
    help_values=lambda: {"kinds": "、".join(app.kinds())},
    multiple=True,
    metavar="文档",
    help="只生成这一种文档（「文档」表中的名称，如 方案；也可写种类：{kinds}），可重复指定。",
)
@click.option("--unit", "units", multiple=True, metavar="单位名称", help="只生成这个单位的公文，可重复指定。")
@click.option(
    "--force",
    is_flag=True,
    help="全部重新生成，并覆盖手工修改过的文件（会逐一列出）；被取代的“（新生成）”文件移到 output/备份/<日期>/。",
)
@click.option("--dry-run", is_flag=True, help="只列出哪些文件会写入、改了什么（与实际生成完全一致），不写任何文件。")
@click.option(
    "-j",
    "--jobs",
    type=cli_i18n.WholeNumber(1, 64),
    default=None,
    help="同时生成的进程数（默认按工作量自动决定：文档少时 1 个，多时最多每个 CPU 核 1 个）。",
)
@click.option(
    "--对照",
    "--compare",
    "compare",
    is_flag=True,
    help="为每份有变化的文档另存一份修改对照稿（Word 修订模式显示改动，放在 output/修改对照）。",
)
@click.option(
    "--对照旧版",
    "--compare-with",
    "compare_with",
    type=click.Path(file_okay=False),
    metavar="文件夹",
    help="与这个文件夹里保存的旧版（如已印发时复制的 output）逐份对照，另存修改对照稿。",
)
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（放在 Word 文件旁边，只转换有变化的）。")
@click.option("-q", "--quiet", is_flag=True, help="只显示警告和错误，不显示进度条和汇总表。")
@click.pass_obj
@friendly_errors
def build(
    folder: str,
    kinds: tuple[str, ...],
    units: tuple[str, ...],
    force: bool,
    dry_run: bool,
    jobs: int | None,
    compare: bool,
    compare_with: str | None,
    pdf: bool,
    quiet: bool,
) -> None:
    """生成工作区定义的公文，写入 output 文件夹。

    \b
    默认生成工作簿「文档」表列出的全部文档。
      gongwen build --kind 方案                只生成各单位的工作方案
      gongwen build --kind 方案 --unit 某单位  只生成这个单位的工作方案
      gongwen build --dry-run                只看哪些文件会重新生成
      gongwen build --对照                   另存有变化文档的修改对照稿（修订模式）

    只重新生成模板用到的数据或模板有变化的文件，内容没变的不重写；每份更新的文档列出改了什么，
    完整清单在 output/变更记录/ 的 Excel 文件里。手工修改过的文件不会被覆盖，新版本另存为“（新生成）”文件。
    """
    if not any((kinds, units, force, dry_run, compare, compare_with, pdf)):
        last = noop.unchanged(folder)  # a plain build with nothing to do answers without the application
        if last is not None:
            _print_unchanged(last, quiet)
            return
    workspace = workspace_at(folder)
    _exit_without_collecting()
    if dry_run:
        _dry_run(workspace, force, kinds, units, jobs, quiet)
        return
    show_progress = not quiet and sys.stdout.isatty()
    report = app.build(
        workspace, force=force, kinds=kinds, units=units, jobs=jobs, progress=_progress_bar if show_progress else None
    )
    _print_build(workspace, report, quiet)
    if pdf:
        _make_pdfs(workspace, [w.path for w in report.written], jobs or app.default_jobs(), quiet)
    if compare or compare_with is not None:
        from pathlib import Path  # (loaded by workspace_at already)

        _compare(workspace, report, None if compare_with is None else Path(compare_with))
    if report.locked:
        _stop_for_locked(workspace, report)


def _exit_without_collecting() -> None:
    """At the process's exit, leave what the build holds to the operating system instead of a last
    garbage collection over it (the inputs, plan, record and findings: 27 ms of CPU after a build of 300
    statistics sheets, 6 frozen). Every file is closed and the lock released by then; only the
    collector's last scan is skipped (objects in reference cycles are left to the operating system; exit
    handlers still run)."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # (once, however many builds a process runs: the tests' runner)
    atexit.register(gc.freeze)


def _print_build(workspace: Workspace, report: app.BuildReport, quiet: bool) -> None:
    print_findings(report.findings)
    if report.stale_lock:
        click.secho("提示：发现上次中断留下的锁文件，已自动清除。", fg="yellow", err=True)
    if not quiet:
        _print_report(workspace, report)
    else:
        for w in report.written:
            if w.note:
                click.secho(w.note, fg="yellow", err=True)


def _compare(workspace: Workspace, report: app.BuildReport, since: Path | None) -> None:
    if since is not None:
        made = app.compare(workspace, since=since)
        if not made:
            click.echo(f"修改对照稿：output 里的文档与「{since}」里的旧版相同（或没有同名的旧版），没有需要对照的。")
    else:
        changed = [w.path for w in report.changed if w.outcome is app.Outcome.UPDATED and w.path.suffix == ".docx"]
        if not changed:
            click.echo("修改对照稿：这次没有文档更新，没有需要对照的。")
            return
        made = app.compare(workspace, changed)
    for comparison in made:
        click.echo(f"修改对照稿（{comparison.places} 处改动）：{workspace.display(comparison.comparison)}")


def _stop_for_locked(workspace: Workspace, report: app.BuildReport) -> None:
    """Files another program held open: one message naming them, the rest is done; exit 1."""
    for w in report.locked:
        click.secho(w.note, fg="red", err=True)
    click.secho(
        f"以上 {len(report.locked)} 个文件正被打开，没有更新（原文件未动）；其他文档已生成。"
        "关闭后重新运行 gongwen build 即可。",
        fg="red",
        err=True,
    )
    sys.exit(1)


def _make_pdfs(workspace: Workspace, paths: list[Path], jobs: int, quiet: bool) -> None:
    """PDFs beside the .docx files whose PDF is missing or older."""
    started = time.perf_counter()
    report = app.make_pdfs(workspace, paths, jobs)
    print_font_hints(report)
    if not quiet:
        click.echo(
            f"PDF：生成 {report.converted} 个，已是最新 {report.current} 个，"
            f"用时 {time.perf_counter() - started:.1f} 秒。"
        )


def _dry_run(
    workspace: Workspace, force: bool, kinds: tuple[str, ...], units: tuple[str, ...], jobs: int | None, quiet: bool
) -> None:
    predicted, findings = app.predict(workspace, force=force, kinds=kinds, units=units, jobs=jobs)
    print_findings(findings)
    todo = [p for p in predicted if p.writes]
    for p in predicted:
        if p.writes or not quiet:
            verb = "将生成" if p.writes else "不生成"
            click.echo(f"  {verb}  {workspace.display(p.planned.target)}：{p.why}")
    click.echo(f"预演：将生成 {len(todo)} 个，不生成 {len(predicted) - len(todo)} 个；没有写任何文件。")


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


# The closing table: each outcome (by name: a build with nothing to do prints the table without the
# application) and its label, in order; which outcomes count as made, which as unchanged.
TOTALS = {
    "CREATED": "新生成",
    "UPDATED": "已更新",
    "UNCHANGED": "未变化（跳过）",
    "WRITTEN_BESIDE": "手工修改过，新版另存",
    "KEPT_EDITED": "手工修改过，保留",
    "OVERWROTE_EDITED": "覆盖了手工修改",
    "LOCKED": "被打开，未能更新",
}
MADE, SAME = ("CREATED", "UPDATED", "OVERWROTE_EDITED", "WRITTEN_BESIDE"), ("UNCHANGED", "KEPT_EDITED")
LISTED_ALL = 30  # a larger build lists only the documents something happened to

SHOWN_CHANGES = 3  # change lines per document on the terminal; the 变更记录 has them all


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _print_report(workspace: Workspace, report: app.BuildReport) -> None:
    for w in report.written:
        if w.outcome is app.Outcome.UNCHANGED and len(report.written) > LISTED_ALL and not w.note:
            continue
        fg = (
            "yellow"
            if w.outcome in (app.Outcome.WRITTEN_BESIDE, app.Outcome.OVERWROTE_EDITED, app.Outcome.KEPT_EDITED)
            else None
        )
        click.secho(f"  {w.outcome.value}  {workspace.display(w.path)}", fg=fg)
        if w.note and w.outcome is not app.Outcome.LOCKED:
            click.secho(f"    {w.note}", fg="yellow")
        for change in w.changes[:SHOWN_CHANGES]:
            click.echo(f"    {change.line}")
        if len(w.changes) > SHOWN_CHANGES:
            click.echo(f"    ……另有 {len(w.changes) - SHOWN_CHANGES} 处，见变更记录")
    counts: dict[str, int] = {}
    for w in report.written:
        counts[w.outcome.name] = counts.get(w.outcome.name, 0) + 1
    _print_totals(counts, report.findings.warnings, report.seconds)
    if report.changes_file is not None:
        click.echo(f"变更记录（每份文档改了什么，可用 Excel 打开）：{workspace.display(report.changes_file)}")


def _print_unchanged(last: noop.LastBuild, quiet: bool) -> None:
    """What `_print_report` prints of a build with nothing to do, from the light door's answer."""
    print_findings(last.findings)
    if quiet:
        return
    if len(last.documents) <= LISTED_ALL:
        for shown in last.documents:
            click.secho(f"  {noop.Outcome.UNCHANGED.value}  {shown}", fg=None)
    _print_totals({"UNCHANGED": len(last.documents)}, last.findings.warnings, last.seconds)


def _print_totals(counts: Mapping[str, int], findings: Sequence[Finding], seconds: float) -> None:
    """The closing table and sentence, from the number of documents of each outcome (by name) and
    the build's warnings: 核稿's remarks counted apart from the workbook's warnings, as the page does."""
    remarks = sum(1 for finding in findings if finding.is_proofread)
    warnings = len(findings) - remarks
    rows = [(label, str(counts[name])) for name, label in TOTALS.items() if counts.get(name)]
    rows += [("核稿提醒", str(remarks)), ("警告", str(warnings)), ("错误", "0"), ("用时", f"{seconds:.2f} 秒")]
    width = max(_display_width(label) for label, _ in rows) + 2
    rule = "─" * (width + 10)
    click.echo(rule)
    for label, value in rows:
        click.echo(f"{label}{' ' * (width - _display_width(label))}{value:>10}")
    click.echo(rule)
    made, same = sum(counts.get(name, 0) for name in MADE), sum(counts.get(name, 0) for name in SAME)
    said = f"完成：生成 {made} 个，未变化 {same} 个，核稿提醒 {remarks} 条，警告 {warnings} 条，错误 0 条"
    click.echo(f"{said}，用时 {seconds:.2f} 秒。")
