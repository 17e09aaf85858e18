"""The workspace convention: inputs/, templates/, output/ under one folder.

    工作区/
      inputs/活动数据.xlsx    the clerk's data
      templates/通知.docx     optional: a template edited by the clerk wins
      output/                 generated documents (never edited in place by gongwen
                              once the clerk has changed them)

Example workspaces and a generic starter ship inside the package; `gongwen init`
copies one of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import WorkspaceError
from generator.inputs.names import INPUTS_FOLDER, OUTPUT_FOLDER, TEMPLATES_FOLDER, WORKBOOK_NAME
from generator.standard.filenames import device_part, plain_file_name

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DIR = PACKAGE_DIR / "_bundled"
DEFAULT_EXAMPLE = "yongqing"
# The generic starter (`gongwen init --blank`): one template per kind of document, no
# campaign's words. A workspace without its own template for a document gets this one.
STARTER = "blank"
DESCRIPTION_FILE = "说明.txt"


def bundled_root(name: str = DEFAULT_EXAMPLE) -> Path:
    """Where a workspace that ships with gongwen lives (inputs/ and templates/): package data.

    The repository root is an example workspace too, but one the clerk may edit; the
    defaults must not change when they do, so they live in generator/_bundled.
    """
    candidate = BUNDLED_DIR / name
    if (candidate / "templates").is_dir() and (candidate / "inputs").is_dir():
        return candidate
    raise WorkspaceError("安装不完整：找不到随程序附带的模板和示例数据，请重新安装 gongwen")


def bundled_examples() -> dict[str, str]:
    """The examples `gongwen init --example` offers (the default first), with what each is (its 说明.txt)."""
    out = {}
    folders = (
        sorted(BUNDLED_DIR.iterdir(), key=lambda f: (f.name != DEFAULT_EXAMPLE, f.name)) if BUNDLED_DIR.is_dir() else []
    )
    for folder in folders:
        about = folder / DESCRIPTION_FILE
        if folder.name != STARTER and about.is_file():
            out[folder.name] = about.read_text(encoding="utf-8").strip().splitlines()[0]
    return out


def starter_template(kind: str) -> Path:
    return bundled_root(STARTER) / "templates" / f"{kind}.docx"


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inputs_dir(self) -> Path:
        return self.root / INPUTS_FOLDER

    @property
    def workbook(self) -> Path:
        return self.inputs_dir / WORKBOOK_NAME

    @property
    def templates_dir(self) -> Path:
        return self.root / TEMPLATES_FOLDER

    @property
    def output_dir(self) -> Path:
        return self.root / OUTPUT_FOLDER

    def display(self, path: Path) -> str:
        """A path as the clerk should read it: relative to the workspace."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def own_template(self, document: str) -> Path:
        """templates/<document>.docx, never a path elsewhere: a 文档 name is a file name."""
        if not plain_file_name(document):
            raise WorkspaceError(
                f"文档名「{document}」不能用作模板的文件名（templates/文档.docx）；请在「文档」表里改名"
            )
        return self.templates_dir / f"{document}.docx"

    def template(self, document: str, kind: str | None = None) -> Path:
        """templates/<document>.docx; without it, the generic starter template of its kind."""
        own = self.own_template(document)
        if own.exists():
            return own
        default = starter_template(kind or document)
        if default.exists():
            return default
        raise WorkspaceError(f"找不到「{document}」的模板：{self.display(own)}")

    def check(self) -> None:
        if not self.root.is_dir():
            raise WorkspaceError(f"工作区文件夹不存在：{self.root}")
        if not self.inputs_dir.is_dir():
            raise WorkspaceError(
                f"「{self.root}」不是 gongwen 工作区：缺少 inputs 文件夹。"
                "可以用 gongwen init 文件夹名 新建一个工作区，或用 -C 指定工作区"
            )
        if self.output_dir.exists() and not self.output_dir.is_dir():
            raise WorkspaceError(
                f"「{self.display(self.output_dir)}」应当是存放生成结果的文件夹，现在却是一个文件；请把它改名或移走后再运行"
            )
        if self.workbook.exists() and not self.workbook.is_file():  # a folder, a pipe, a device
            raise WorkspaceError(
                f"「{self.display(self.workbook)}」不是普通文件（可能是同名的文件夹或设备），"
                "请换成 Excel 工作簿（.xlsx）"
            )


def export_template(workspace: Workspace, document: str, kind: str) -> Path:
    """Copy the starter template of a kind into the workspace for editing; never over an existing file."""
    target = workspace.own_template(document)
    if target.exists():
        raise WorkspaceError(f"{workspace.display(target)} 已经存在，没有覆盖。要重新导出，请先把它改名或移走")
    target.parent.mkdir(parents=True, exist_ok=True)
    import shutil  # only when files are copied: not on every command's start

    shutil.copyfile(starter_template(kind), target)
    return target


# A folder's name, in UTF-8 bytes: what ext4 and NTFS take (255), less room for what gongwen adds.
MAX_FOLDER_NAME_BYTES = 240


def refuse_unusable_folder(target: Path) -> None:
    """A new workspace's folder, refused before any folder of its path is made: a name longer than
    a file system takes, or the new folder's own name one Windows keeps for a device (CON, NUL …:
    a workspace copied there could not be opened)."""
    too_long = next((part for part in target.parts if len(part.encode("utf-8")) > MAX_FOLDER_NAME_BYTES), None)
    if too_long is not None:
        raise WorkspaceError(f"文件夹名「{too_long[:40]}…」太长（{len(too_long.encode())} 字节），请换一个短一些的名字")
    if device_part(target.name) is not None:
        raise WorkspaceError(f"「{target.name}」是 Windows 保留的设备名，不能用作文件夹名；请换一个名字")
    # The nearest part of the path that exists must be a folder: a file there made `init` an
    # internal error (NotADirectoryError) and `import` an English "File exists".
    existing = next((folder for folder in (target, *target.parents) if os.path.lexists(folder)), None)
    if existing is not None and not existing.is_dir():
        raise WorkspaceError(f"「{existing}」是一个文件，不是文件夹，不能在这里新建工作区；请换一个新文件夹名")


def init_workspace(target: Path, source: str = DEFAULT_EXAMPLE) -> Workspace:
    """Create a new workspace from a bundled example or the starter; never overwrites anything."""
    if source != STARTER and source not in bundled_examples():
        names = "、".join(bundled_examples())
        raise WorkspaceError(f"没有名为「{source}」的示例；可选：{names}")
    refuse_unusable_folder(target)
    if target.exists() and any(target.iterdir()):
        raise WorkspaceError(f"文件夹「{target}」已存在且不是空的；为避免覆盖，请换一个新文件夹名")
    root = bundled_root(source)
    target.mkdir(parents=True, exist_ok=True)
    import shutil

    shutil.copytree(root / "inputs", target / "inputs")
    shutil.copytree(root / "templates", target / "templates")
    (target / "output").mkdir()
    return Workspace(target)


def launcher_script(root: Path, program: list[str], platform: str, code_page: str | None) -> tuple[str, bytes]:
    """A file the clerk double-clicks to open gongwen's page on the workspace `root`: its name and bytes.

    `program` is how to start gongwen (the frozen gongwen.exe, or python -m gongwen). On Windows a .bat,
    which cmd reads in the system's OEM code page (`code_page`: cp936 on a Chinese Windows), so a
    Chinese path written as UTF-8 (Notepad's default) would be garbled; where the code page cannot
    hold the path, the script switches cmd to UTF-8 first. Elsewhere a shell script.
    """
    command = [*program, "-C", str(root), "ui"]
    if platform == "win32":
        lines = [
            "@echo off",
            "rem 打开 gongwen 的页面；用完后关闭这个窗口即可停止。",
            " ".join(f'"{part}"' for part in command),
            "if errorlevel 1 pause",
        ]
        text = "\r\n".join(lines) + "\r\n"
        try:
            return "打开gongwen.bat", text.encode(code_page or "cp936")
        except UnicodeEncodeError:
            return "打开gongwen.bat", ("@chcp 65001 >nul\r\n" + text).encode("utf-8")
    quoted = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
    return "打开gongwen.sh", f"#!/bin/sh\n# 打开 gongwen 的页面；按 Ctrl+C 停止。\nexec {quoted}\n".encode()
