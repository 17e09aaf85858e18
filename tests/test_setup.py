"""A new campaign without traps (issue 36): what the clerk reads at setup, in Chinese, in one round."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pdf.hints import font_hint, install_hint

# An English sentence: two words of letters in a row, once quoted values, option names and the
# usage line (which names the command as typed) are set aside.
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,:;]+[a-z]{2,}")
QUOTED = re.compile(r"gongwen [a-z]+|'[^']*'|“[^”]*”|「[^」]*」|\"[^\"]*\"|--?[a-z][a-z-]*")


def english_sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if line.startswith("用法："):
            continue
        found += ENGLISH.findall(QUOTED.sub("", line))
    return found


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


BAD_INVOCATIONS = [
    ["bui"],
    ["templates", "frob"],
    ["build", "--kind"],
    ["build", "--jobs", "0"],
    ["build", "--jobs", "很多"],
    ["build", "--frob"],
    ["forms"],
    ["check"],
    ["templates", "vars"],
    ["validate", "多余的"],
    ["collect", "没有这个文件夹"],
    ["preview", "没有这个文件.docx"],
    ["preview", "."],
    ["init"],
    ["build", "--kind", "没有这种文档"],
    ["forms", "--period", "99"],
    ["templates", "export", "没有这种文档"],
]


@pytest.mark.parametrize("args", BAD_INVOCATIONS, ids=lambda a: " ".join(a))
def test_every_mistake_on_the_command_line_is_told_in_chinese(args: list[str], workspace: Path) -> None:
    code, out, err = invoke("-C", workspace, *args)
    assert code in (1, 2), (code, out, err)
    assert err.strip(), out
    assert re.search(r"[\u4e00-\u9fff]", err)
    assert english_sentences(err) == [], err
    assert "Traceback" not in err


def test_the_messages_the_clerk_reads_for_usual_slips(workspace: Path) -> None:
    assert "“很多”不是整数，应写 1 到 64 之间的整数" in invoke("-C", workspace, "build", "-j", "很多")[2]
    assert "0 超出范围，应写 1 到 64 之间的整数" in invoke("-C", workspace, "build", "-j", "0")[2]
    assert "选项 '--kind' 后面需要写一个值。" in invoke("-C", workspace, "build", "--kind")[2]
    missing = invoke("-C", workspace, "collect", "收回的报表")[2]
    assert f"找不到文件夹“{Path('收回的报表').resolve()}”" in missing
    assert "您是不是想用其中之一：'build', 'ui'" in invoke("bui")[2]
    assert "缺少选项 '--period' / '--month'。" in invoke("-C", workspace, "forms")[2]


@pytest.mark.parametrize(
    "command",
    [[], ["build"], ["forms"], ["collect"], ["check"], ["preview"], ["bundle"], ["templates", "vars"], ["ui"]],
)
def test_help_has_no_english_words_of_click(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    for english in ("INTEGER", "RANGE", "[required]", "PATH", "TEXT", "Options:", "<=x<="):
        assert english not in out, english
    assert english_sentences(out) == [], out


def test_font_and_install_advice_follow_the_clerks_system() -> None:
    windows = font_hint("win32")
    assert "控制面板 → 字体" in windows and "C:\\Windows\\Fonts" in windows and "fc-cache" not in windows
    assert "fc-cache -f" in font_hint("linux") and "~/.local/share/fonts" in font_hint("linux")
    assert "Windows 版安装程序" in install_hint("win32") and "apt-get" not in install_hint("win32")
    assert "apt-get" in install_hint("linux")
