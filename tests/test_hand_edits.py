"""Every file gongwen writes is protected the same way, and a lost record of them loses nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from examples.yongqing.workbook import LEADERS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.output.manifest import MANIFEST_NAME

from .conftest import EXAMPLE_OUTPUTS, Run, output_files

PLANS = "output/方案"
HANCUN = "韩村镇打击传销活动大排查工作方案"


def _change_hancun_leader(ws: Path, name: str) -> None:
    leaders = [list(r) for r in LEADERS]
    next(r for r in leaders if r[0] == "韩村镇")[2] = name
    write_workbook(ws / "inputs" / WORKBOOK_NAME, leaders=leaders)


def _edit(path: Path) -> bytes:
    """A hand edit: any change of bytes (Word rewrites the whole file)."""
    path.write_bytes(path.read_bytes() + b"\0")
    return path.read_bytes()


def test_an_edited_new_version_is_never_overwritten_either(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "build").exit_code == 0
    plan = workspace / PLANS / f"{HANCUN}.docx"
    edited = _edit(plan)
    _change_hancun_leader(workspace, "赵新任")
    first = run("-C", workspace, "build")
    beside = workspace / PLANS / f"{HANCUN}（新生成）.docx"
    assert beside.exists() and f"新版本写到「{PLANS}/{HANCUN}（新生成）.docx」" in first.output
    edited_beside = _edit(beside)  # the clerk goes on in the new version
    _change_hancun_leader(workspace, "钱又新")
    second = run("-C", workspace, "build")
    assert second.exit_code == 0, second.output
    assert plan.read_bytes() == edited and beside.read_bytes() == edited_beside
    assert f"新版本写到「{PLANS}/{HANCUN}（新生成2）.docx」" in second.output
    assert (workspace / PLANS / f"{HANCUN}（新生成2）.docx").exists()
    # An unedited new version is gongwen's own: the next change replaces it in place.
    _change_hancun_leader(workspace, "孙第三")
    third = run("-C", workspace, "build")
    assert f"新版本写到「{PLANS}/{HANCUN}（新生成2）.docx」" in third.output
    assert not (workspace / PLANS / f"{HANCUN}（新生成3）.docx").exists()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "deleted", "empty"])
def test_a_lost_manifest_is_rebuilt_from_the_files_gongwen_would_write(damage: str, workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "build").exit_code == 0
    manifest = workspace / "output" / MANIFEST_NAME
    plan = workspace / PLANS / f"{HANCUN}.docx"
    edited = _edit(plan)  # one real hand edit among the files
    if damage == "garbage":
        manifest.write_bytes(b"\x89PNG not json at all")
    elif damage == "truncated":
        manifest.write_bytes(manifest.read_bytes()[: len(manifest.read_bytes()) // 2])
    elif damage == "deleted":
        manifest.unlink()
    else:
        manifest.write_bytes(b"")
    result = run("-C", workspace, "build")
    assert result.exit_code == 0, result.output
    assert "gongwen 的生成记录无法读取（已损坏或被删除）" in result.output
    copies = [p for p in output_files(workspace) if "新生成" in p.name]
    assert [p.name for p in copies] == [f"{HANCUN}（新生成）.docx"]  # only the file that was really edited
    assert plan.read_bytes() == edited
    assert re.search(rf"未变化（跳过）\s+{EXAMPLE_OUTPUTS - 1}\n", result.output), result.output
    # The manifest is whole again: the next build is a no-op that changes nothing.
    again = run("-C", workspace, "build")
    assert "无法读取" not in again.output
    assert "新生成" not in again.output.replace("未变化", "")


def test_forms_made_before_the_first_build_are_not_a_lost_record(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "forms", "--month", "2018-02").exit_code == 0
    result = run("-C", workspace, "build")
    assert result.exit_code == 0, result.output
    assert "无法读取" not in result.output
