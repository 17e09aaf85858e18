"""Every file gongwen writes is protected the same way, and a lost record of them loses nothing."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from examples.yongqing.workbook import LEADERS, write_workbook
from generator import faults
from generator.inputs.schema import WORKBOOK_NAME
from generator.output import manifest as manifest_module
from generator.output.manifest import MANIFEST_NAME, STAMPS_NAME
from generator.output.report import STAGING_NAME

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


def test_an_edited_new_version_is_never_overwritten_either(built_copy: Path, run: Run) -> None:
    workspace = built_copy
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
def test_a_lost_manifest_is_rebuilt_from_the_files_gongwen_would_write(damage: str, built_copy: Path, run: Run) -> None:
    workspace = built_copy
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


def _age_stamps(ws: Path) -> None:
    """As if the stamps had been saved ten seconds after the documents were written: they then prove."""
    stamps = ws / "output" / STAMPS_NAME
    later = stamps.stat().st_mtime_ns + 10_000_000_000
    os.utime(stamps, ns=(later, later))


def _edit_in_place_keeping_size_and_time(path: Path) -> bytes:
    """A deliberate edit that leaves the size and the modification time as gongwen's write left them:
    the same file (same inode), one byte changed, the old time put back."""
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    with open(path, "r+b") as fh:
        fh.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)
    return bytes(data)


@pytest.mark.parametrize("stamps", ["saved in the same second", "saved long after"])
def test_an_edit_keeping_size_and_time_is_still_caught(stamps: str, workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "build").exit_code == 0
    if stamps == "saved long after":  # the stamps prove: only the change time tells
        _age_stamps(workspace)
    plan = workspace / PLANS / f"{HANCUN}.docx"
    edited = _edit_in_place_keeping_size_and_time(plan)
    kept = run("-C", workspace, "build")
    assert kept.exit_code == 0, kept.output
    assert f"保留手工修改  {PLANS}/{HANCUN}.docx" in kept.output, kept.output
    assert re.search(r"手工修改过，保留\s+1\n", kept.output), kept.output
    _change_hancun_leader(workspace, "赵新任")
    changed = run("-C", workspace, "build")
    assert f"新版本写到「{PLANS}/{HANCUN}（新生成）.docx」" in changed.output
    assert plan.read_bytes() == edited


def test_the_inputs_stamps_prove_them_unchanged_until_they_change(workspace: Path, run: Run) -> None:
    """A no-op build proves the workbook, the templates and the generator's files unchanged by their
    stamps, as it does the documents: an in-place edit that puts the size and modification time
    back is still noticed (by the change time), and so is a template added to templates/."""
    from generator.output.manifest import Manifest
    from generator.output.report import inputs_proven

    def proven() -> bool:
        manifest = Manifest.load(workspace / "output")
        return inputs_proven(str(workspace), manifest.kinds, manifest.inputs, manifest.saved_ns)

    assert run("-C", workspace, "build").exit_code == 0
    assert proven()  # (the inputs were written long before the build saved their stamps)
    template = workspace / "templates" / "通知.docx"
    original = template.read_bytes()
    added = workspace / "templates" / "简报.docx"
    added.write_bytes(original)
    assert not proven()
    added.unlink()
    assert proven()
    _edit_in_place_keeping_size_and_time(template)
    assert not proven()
    template.write_bytes(original)  # the same bytes, written again: its stamp no longer proves them
    assert not proven()
    assert re.search(rf"未变化 {EXAMPLE_OUTPUTS} 个", run("-C", workspace, "build").output)  # (hashed: the same)


def test_documents_whose_stamps_prove_them_gongwens_are_not_read(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("-C", workspace, "build").exit_code == 0
    _age_stamps(workspace)
    hashed: list[Path] = []
    real = manifest_module.file_sha256

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(manifest_module, "file_sha256", counting)
    assert run("-C", workspace, "build").exit_code == 0  # nothing changed
    _change_hancun_leader(workspace, "赵新任")
    changed = run("-C", workspace, "build")
    assert f"已更新  {PLANS}/{HANCUN}.docx" in changed.output, changed.output
    assert hashed == []
    # An edited document's stamp proves nothing: it alone is read (by the no-op check, then the build).
    _edit(workspace / PLANS / f"{HANCUN}.docx")
    assert run("-C", workspace, "build").exit_code == 0
    assert set(hashed) == {workspace / PLANS / f"{HANCUN}.docx"}


def test_the_manifest_and_stamps_are_saved_as_json_dumps_writes_them(built_copy: Path) -> None:
    """Saved a file at a time (ten thousand are never one string), byte for byte what json.dumps
    writes of the same data, and read back as they were: pending entries, odd characters, inputs."""
    import json

    output = built_copy / "output"
    manifest = manifest_module.Manifest.load(output)
    assert len(manifest.entries) > 50 and any(e.stamp for e in manifest.entries.values())
    manifest.pending = {"方案/新\\的\u2028文件.docx": manifest_module.Entry('a"b', "c\nd")}
    manifest.kinds = ["templates/方案.docx", "templates/通知.docx"]
    manifest.fingerprint = "fingerprint"
    manifest.inputs = manifest_module.InputStamps([("generator/x.py", 10, 20)], {"inputs/工作簿.xlsx": (1, 2, 3, 4)})
    manifest.save()
    saved = (output / MANIFEST_NAME).read_text("utf-8")
    data = json.loads(saved)
    assert saved == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    assert data["files"] == {k: {"sha256": v.sha256, "source": v.source} for k, v in manifest.entries.items()}
    assert list(data["files"]) == sorted(manifest.entries)
    assert data["pending"] == {"方案/新\\的\u2028文件.docx": {"sha256": 'a"b', "source": "c\nd"}}
    assert data["last_full_build"] == {"fingerprint": "fingerprint", "kinds": manifest.kinds}
    stamps_text = (output / STAMPS_NAME).read_text("ascii")
    stamps = json.loads(stamps_text)
    assert stamps_text == json.dumps(stamps, separators=(",", ":")) + "\n"
    assert stamps["outputs"] == {k: [v.sha256, *v.stamp] for k, v in manifest.entries.items() if v.stamp}
    assert stamps["inputs"] == {"code": [["generator/x.py", 10, 20]], "files": {"inputs/工作簿.xlsx": [1, 2, 3, 4]}}
    manifest.entries, manifest.pending, manifest.kinds, manifest.inputs = {}, {}, [], None
    manifest.save()
    empty = (output / MANIFEST_NAME).read_text("utf-8")
    assert empty == json.dumps(json.loads(empty), ensure_ascii=False, indent=1) + "\n"
    assert json.loads(empty)["files"] == {} and (output / STAMPS_NAME).read_text("ascii") == '{"outputs":{}}\n'


def _staged_files_counted(workspace: Path, monkeypatch: pytest.MonkeyPatch, counts: Path) -> None:
    """Each time a rendered document reaches its staging point, in whichever process rendered it, how
    many files the staging folder holds: a line of `counts`."""
    staging = workspace / "output" / STAGING_NAME

    def count(point: str) -> None:
        if point == "staged":
            with open(counts, "a", encoding="ascii") as file:
                file.write(f"{len(list(staging.iterdir()))}\n")

    monkeypatch.setattr(faults, "reached", count)


def _counted(counts: Path) -> list[int]:
    numbers = [int(line) for line in counts.read_text("ascii").split()]
    counts.unlink()
    return numbers


def test_a_document_rendered_to_the_bytes_already_in_its_place_is_not_written_again(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A forced build, or a change that no document prints, renders documents to the very bytes gongwen
    wrote before. Where the stamps prove the file in place still holds them, nothing is staged for it:
    no file created, written and removed again (each new file costs the file system, and on Windows the
    virus scanner, more than the document's render)."""
    assert run("-C", workspace, "build").exit_code == 0
    _age_stamps(workspace)
    documents = [p for p in output_files(workspace) if p.suffix in (".docx", ".xlsx")]
    before = {p: (p.stat().st_ino, p.read_bytes()) for p in documents}
    counts = tmp_path / "counts"
    _staged_files_counted(workspace, monkeypatch, counts)
    forced = run("-C", workspace, "build", "--force", "-j", "1")
    assert forced.exit_code == 0, forced.output
    assert re.search(rf"未变化（跳过）\s+{EXAMPLE_OUTPUTS}\n", forced.output), forced.output
    # The notice alone is staged: its 版记 is moved to an even page after it renders (版记在偶数页).
    assert _counted(counts) == [1] * EXAMPLE_OUTPUTS
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in documents} == before
    _age_stamps(workspace)
    assert run("-C", workspace, "build", "--force", "-j", "2").exit_code == 0  # the same in forked workers
    assert len(counted := _counted(counts)) == EXAMPLE_OUTPUTS and max(counted) == 1
    assert {p: (p.stat().st_ino, p.read_bytes()) for p in documents} == before
    # A changed leader: the documents that print him are staged and updated, and only they.
    _age_stamps(workspace)
    _change_hancun_leader(workspace, "赵新任")
    changed = run("-C", workspace, "build", "-j", "1")
    assert changed.exit_code == 0, changed.output
    updated = int(re.findall(r"已更新\s+(\d+)\n", changed.output)[-1])
    assert f"已更新  {PLANS}/{HANCUN}.docx" in changed.output
    assert _counted(counts)[-1] == updated  # (one process: the folder only grows while documents render)


def test_a_document_changed_while_the_build_runs_is_left_as_it_is(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document found to be what gongwen wrote is not staged; if another program changes it after that
    (the build is rendering the others), there is nothing to put in its place and it must not be lost:
    it is left as it is, named, and the next build treats the change as any hand edit."""
    assert run("-C", workspace, "build").exit_code == 0
    _age_stamps(workspace)
    plan = workspace / PLANS / f"{HANCUN}.docx"
    edited: list[bytes] = []

    def edit_once(point: str) -> None:
        if point == "pending-saved" and not edited:  # every document rendered, none moved in yet
            edited.append(_edit(plan))

    monkeypatch.setattr(faults, "reached", edit_once)
    forced = run("-C", workspace, "build", "--force", "-j", "1")
    assert forced.exit_code == 1, forced.output
    assert f"「{PLANS}/{HANCUN}.docx」在生成期间被其他程序改动过，没有覆盖" in forced.output, forced.output
    assert plan.read_bytes() == edited[0]
    monkeypatch.undo()
    again = run("-C", workspace, "build")
    assert again.exit_code == 0, again.output
    assert f"保留手工修改  {PLANS}/{HANCUN}.docx" in again.output, again.output
    assert plan.read_bytes() == edited[0]


def test_a_changed_document_edited_while_the_build_renders_is_kept_and_the_new_version_set_beside(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document the plan found to be gongwen's and due for an update (its leader changed); the clerk
    edits it in Word after the plan, while the others render. Moving the new version over it would lose
    the edit: it is kept, and the new version written beside it as （新生成）, as if the edit had come first."""
    assert run("-C", workspace, "build").exit_code == 0
    _age_stamps(workspace)
    plan = workspace / PLANS / f"{HANCUN}.docx"
    _change_hancun_leader(workspace, "赵新任")
    edited: list[bytes] = []

    def edit_once(point: str) -> None:
        if point == "pending-saved" and not edited:  # every document rendered, none moved in yet
            edited.append(_edit(plan))

    monkeypatch.setattr(faults, "reached", edit_once)
    changed = run("-C", workspace, "build", "-j", "1")
    assert changed.exit_code == 0, changed.output
    assert plan.read_bytes() == edited[0]
    assert f"新版本写到「{PLANS}/{HANCUN}（新生成）.docx」" in changed.output, changed.output
    assert f"已更新  {PLANS}/{HANCUN}.docx" not in changed.output, changed.output
    assert (workspace / PLANS / f"{HANCUN}（新生成）.docx").exists()
