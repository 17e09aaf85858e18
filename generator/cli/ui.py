"""`gongwen ui`: the same steps as the other commands, on a local web page."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import click

from generator.cli.main import CONTEXT, friendly_errors, main

if TYPE_CHECKING:
    from generator.app import Workspace


@main.command(context_settings=CONTEXT)
@click.option("--no-browser", is_flag=True, help="只显示网址，不自动打开浏览器。")
@click.pass_obj
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
    with contextlib.suppress(KeyboardInterrupt):
        serve(workspace.root, open_browser=not no_browser, announce=announce)
    click.echo("已停止。")
