"""The workspace convention: inputs/, templates/, output/ under one folder.

    工作区/
      inputs/活动数据.xlsx    the clerk's data
      templates/通知.docx     optional: a template edited by the clerk wins
      output/                 generated documents (never edited in place by gongwen
                              once the clerk has changed them)

Defaults for templates ship inside the package; `gongwen init` copies the
bundled example workspace.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.errors import WorkspaceError
from generator.inputs.schema import WORKBOOK_NAME

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """Where the pristine example workspace (inputs/ and templates/) ships: package data.

    The repository root is an example workspace too, but one the clerk may edit; the
    defaults must not change when they do, so they live in generator/_bundled.
    """
    candidate = PACKAGE_DIR / "_bundled"
    if (candidate / "templates").is_dir() and (candidate / "inputs").is_dir():
        return candidate
    raise WorkspaceError("安装不完整：找不到随程序附带的模板和示例数据，请重新安装 gongwen")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def inputs_dir(self) -> Path:
        return self.root / "inputs"

    @property
    def workbook(self) -> Path:
        return self.inputs_dir / WORKBOOK_NAME

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def output_dir(self) -> Path:
        return self.root / "output"

    def display(self, path: Path) -> str:
        """A path as the clerk should read it: relative to the workspace."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def template(self, kind: str) -> Path:
        """The workspace's own template wins over the bundled default."""
        own = self.templates_dir / f"{kind}.docx"
        if own.exists():
            return own
        default = bundled_root() / "templates" / f"{kind}.docx"
        if default.exists():
            return default
        raise WorkspaceError(f"找不到「{kind}」的模板：{self.display(own)}")

    def check(self) -> None:
        if not self.root.is_dir():
            raise WorkspaceError(f"工作区文件夹不存在：{self.root}")
        if not self.inputs_dir.is_dir():
            raise WorkspaceError(
                f"「{self.root}」不是 gongwen 工作区：缺少 inputs 文件夹。"
                "可以用 gongwen init 文件夹名 新建一个工作区，或用 -C 指定工作区"
            )


def export_template(workspace: Workspace, kind: str) -> Path:
    """Copy a bundled default template into the workspace for editing; never over an existing file."""
    target = workspace.templates_dir / f"{kind}.docx"
    if target.exists():
        raise WorkspaceError(f"{workspace.display(target)} 已经存在，没有覆盖。要重新导出，请先把它改名或移走")
    source = bundled_root() / "templates" / f"{kind}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def init_workspace(target: Path) -> Workspace:
    """Create a new workspace from the bundled example; never overwrites anything."""
    if target.exists() and any(target.iterdir()):
        raise WorkspaceError(f"文件夹「{target}」已存在且不是空的；为避免覆盖，请换一个新文件夹名")
    source = bundled_root()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "inputs", target / "inputs")
    shutil.copytree(source / "templates", target / "templates")
    (target / "output").mkdir()
    return Workspace(target)
