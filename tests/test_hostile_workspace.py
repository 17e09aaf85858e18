"""A workspace whose folders and files are not what they should be (issue 16.12, 16.14): a clear
Chinese message and exit code 1, never a hang, a traceback or exit code 3."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.inputs.schema import WORKBOOK_NAME

from .conftest import DATA, Run, make_workspace


def workbook_is_a_folder(ws: Path) -> None:
    book = ws / "inputs" / WORKBOOK_NAME
    book.unlink()
    book.mkdir()


def workbook_is_a_pipe(ws: Path) -> None:
    book = ws / "inputs" / WORKBOOK_NAME
    book.unlink()
    os.mkfifo(book)  # reading it would wait for a writer forever


def workbook_is_dev_zero(ws: Path) -> None:
    book = ws / "inputs" / WORKBOOK_NAME
    book.unlink()
    book.symlink_to("/dev/zero")  # reading it never ends


def old_workbook_is_a_pipe(ws: Path) -> None:
    """Only an .xls, and a pipe: LibreOffice was given it to convert, and its failure was blamed on a
    missing LibreOffice Calc."""
    (ws / "inputs" / WORKBOOK_NAME).unlink()
    os.mkfifo(ws / "inputs" / "活动数据.xls")


def output_is_a_file(ws: Path) -> None:
    shutil.rmtree(ws / "output", ignore_errors=True)
    (ws / "output").write_text("不是文件夹", encoding="utf-8")


def lock_is_a_folder(ws: Path) -> None:
    (ws / "output" / ".gongwen.lock").mkdir(parents=True)


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "workbook-folder": (workbook_is_a_folder, "「inputs/活动数据.xlsx」不是普通文件"),
    "workbook-fifo": (workbook_is_a_pipe, "「inputs/活动数据.xlsx」不是普通文件"),
    "workbook-dev-zero": (workbook_is_dev_zero, "「inputs/活动数据.xlsx」不是普通文件"),
    "old-workbook-fifo": (
        old_workbook_is_a_pipe,
        "inputs/活动数据.xls：这不是普通文件（是管道、设备或特殊文件），已拒绝读取",
    ),
    "output-file": (output_is_a_file, "「output」应当是存放生成结果的文件夹，现在却是一个文件"),
    "lock-folder": (lock_is_a_folder, "「.gongwen.lock」应当是 gongwen 的锁文件，现在却是文件夹、链接或设备"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize(
    ("case", "command"),
    [(case, command) for case in CASES for command in ("validate", "build") if "workbook" in case]
    + [("output-file", "build"), ("lock-folder", "build")],  # validate does not touch output/
)
def test_a_broken_workspace_gets_one_clear_message(case: str, command: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    damage, message = CASES[case]
    damage(ws)
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "-C", str(ws), command],
        capture_output=True,
        text=True,
        timeout=60,  # a hang is a failure, not a stuck suite
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout and "程序内部出错" not in result.stderr


LONG = "长" * 100  # 300 bytes of UTF-8: more than a file name may have (255)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init", LONG], f"文件夹名「{LONG[:40]}…」太长（300 字节），请换一个短一些的名字"),
        (["init", f"外层/{LONG}/工作区"], f"文件夹名「{LONG[:40]}…」太长（300 字节）"),
        (["-C", LONG, "validate"], "的名字或路径太长，这台电脑的文件系统放不下；请把文件夹或文件的名字改短后再试"),
        (["-C", LONG, "build"], "的名字或路径太长，这台电脑的文件系统放不下"),
        (["check", f"{LONG}.docx"], "的名字或路径太长，这台电脑的文件系统放不下"),
        (["import", str(DATA / "seed_notice.docx"), f"外层/{LONG}/工作区"], f"文件夹名「{LONG[:40]}…」太长"),
        # a workspace named so cannot be opened once copied to Windows
        (["init", "CON"], "「CON」是 Windows 保留的设备名，不能用作文件夹名"),
        (["import", str(DATA / "seed_notice.docx"), "nul.2025"], "「nul.2025」是 Windows 保留的设备名"),
    ],
)
def test_a_name_longer_than_the_file_system_takes_is_one_clear_message(
    args: list[str], message: str, tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each was an internal error (exit 3, ENAMETOOLONG), or made 外层 before failing, or made a
    workspace named as a Windows device."""
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "程序内部出错" not in result.output
    assert list(tmp_path.iterdir()) == []
