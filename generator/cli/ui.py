"""`gongwen ui`: the same steps as the other commands, on a local web page."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli.main import CONTEXT, app, friendly_errors, main, pass_workspace

if TYPE_CHECKING:
    from generator.app import Workspace


@main.command(context_settings=CONTEXT)
@click.option("--no-browser", is_flag=True, help="只显示网址，不自动打开浏览器。")
@pass_workspace
@friendly_errors
def ui(workspace: Workspace, no_browser: bool) -> None:
    """在浏览器里使用 gongwen：生成公文、下载和收回报表、修改模板、检查文件。

    只在本机（127.0.0.1）打开，别的电脑访问不到；按 Ctrl+C 停止。
    """
    from generator.web import serve  # the web parts load only for this command

    def announce(address: str) -> None:
        click.echo(f"gongwen 已启动，请用浏览器打开（地址含一次性口令，请勿发给他人）：\n  {address}")
        click.echo("用完后回到这个窗口按 Ctrl+C 停止。")

    # Ctrl+C ends the server's loop (waitress stops on KeyboardInterrupt and returns).
    served = True
    with contextlib.suppress(KeyboardInterrupt):
        served = serve(workspace.root, open_browser=not no_browser, announce=announce, say=click.echo)
    if served:
        click.echo("已停止。")


@main.command(context_settings=CONTEXT)
@click.option("--desktop", is_flag=True, help="放在桌面上（默认放在工作区文件夹里）。")
@pass_workspace
@friendly_errors
def shortcut(workspace: Workspace, desktop: bool) -> None:
    """写一个双击就能打开本工作区页面的文件（Windows 上是“打开gongwen.bat”）。

    文件里的中文路径按 Windows 命令窗口能读的编码写好，不会变成乱码。
    """
    folder = Path.home() / "Desktop" if desktop else None
    if folder is not None and not folder.is_dir():
        raise click.ClickException(f"没有找到桌面文件夹：{folder}")
    path = app.write_shortcut(workspace, folder)
    click.echo(f"已写好：{path}\n以后双击它即可打开本工作区的 gongwen 页面。")
