"""Batch regeneration: exclusive, atomic, incremental, parallel, and honest about what it did."""

from __future__ import annotations

import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from benchmarks.synthetic import make_workspace as make_synthetic
from examples.yongqing.workbook import LEADERS, write_workbook
from generator.faults import KILL_AT_ENV
from generator.inputs.schema import WORKBOOK_NAME
from generator.output.lock import LOCK_NAME, left_behind
from generator.standard.package import read_parts, zip_bytes

from .conftest import EXAMPLE_DOCX, EXAMPLE_OUTPUTS, REPO, Run, output_files
from .test_lock import hold


def docx_files(ws: Path) -> list[Path]:
    return [p for p in output_files(ws) if p.suffix == ".docx"]


def all_open(ws: Path) -> int:
    """Every .docx in output/ is a complete document: a valid zip that python-docx opens."""
    files = docx_files(ws)
    for path in files:
        with zipfile.ZipFile(path) as zf:
            assert zf.testzip() is None, path
        Document(str(path))
    return len(files)


def test_a_live_lock_stops_a_second_build(workspace: Path, run: Run) -> None:
    holder = hold(workspace / "output")
    try:
        result = run("-C", workspace, "build")
        assert result.exit_code == 1
        assert f"另一个 gongwen 正在生成这个工作区（进程号 {holder.pid}），请等它结束后再运行" in result.output
        assert docx_files(workspace) == []
    finally:
        holder.kill()
        holder.wait()


def test_a_stale_lock_is_taken_over(workspace: Path, run: Run) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (workspace / "output" / LOCK_NAME).write_text(f"{dead.pid}\n{os.uname().nodename}\n", encoding="utf-8")
    result = run("-C", workspace, "build")
    assert result.exit_code == 0, result.output
    assert "发现上次中断留下的锁文件，已自动清除" in result.output
    assert not left_behind(workspace / "output")
    assert len(docx_files(workspace)) == EXAMPLE_DOCX


# Where a real kill can land, and how many times the point is reached before it does: in a
# worker while documents render, after the pending entries are saved, after the first, a middle
# and the last document is moved in, and after the final manifest is saved.
KILL_POINTS = ["staged:3", "pending-saved:1", "moved:1", "moved:31", "moved:61", "saved:1"]


@pytest.fixture(scope="module")
def built_synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 units' plans and their notice (61 documents: enough for the pool to be used), built once: each
    kill point rebuilds over a copy of it."""
    ws = make_synthetic(tmp_path_factory.mktemp("synthetic") / "big", 60, 0)
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(ws), "build", "-q", "-j", "2"]
    first = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert all_open(ws) == 61
    return ws


@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_killed_build_leaves_only_complete_documents(kill_at: str, tmp_path: Path, built_synthetic: Path) -> None:
    ws = Path(shutil.copytree(built_synthetic, tmp_path / "big", symlinks=True))  # a complete build to rebuild over
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(ws), "build", "-q", "-j", "2"]
    env = dict(os.environ, **{KILL_AT_ENV: kill_at})
    proc = subprocess.run(
        [*cmd, "--force"], cwd=REPO, env=env, capture_output=True, start_new_session=True, check=False
    )
    assert proc.returncode == -signal.SIGKILL, (kill_at, proc.returncode, proc.stderr)
    assert left_behind(ws / "output")  # it died inside the build, holding the lock
    assert all_open(ws) == 61  # whatever the moment, every document there is whole
    # The next build takes over the lock, cleans up, and finds every document its own.
    result = subprocess.run([*cmd, "--force"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "发现上次中断留下的锁文件，已自动清除" in result.stderr
    assert "手工修改" not in result.stderr + result.stdout
    assert all_open(ws) == 61
    assert not [p for p in docx_files(ws) if "新生成" in p.name]
    assert not (ws / "output" / ".gongwen-staging").exists()
    assert not list((ws / "output").rglob(".~gongwen-*.tmp"))
    assert not left_behind(ws / "output")


def test_a_build_killed_before_its_first_document_leaves_nothing(tmp_path: Path) -> None:
    ws = make_synthetic(tmp_path / "big", 20, 0)
    cmd = [sys.executable, "-m", "generator.cli", "-C", str(ws), "build", "-q", "-j", "1"]
    env = dict(os.environ, **{KILL_AT_ENV: "staged:5"})
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, start_new_session=True, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert docx_files(ws) == []  # staged documents are not output until all have rendered
    assert subprocess.run(cmd, cwd=REPO, capture_output=True).returncode == 0
    assert all_open(ws) == 21


def test_leftovers_of_a_killed_build_are_removed(workspace: Path, run: Run) -> None:
    staging = workspace / "output" / ".gongwen-staging"
    staging.mkdir()
    (staging / "3.part").write_bytes(b"half")
    (workspace / "output" / "通知").mkdir()
    tmp = workspace / "output" / "通知" / ".~gongwen-abc.tmp"
    tmp.write_bytes(b"half")
    assert run("-C", workspace, "build", "--kind", "方案", "--unit", "韩村镇").exit_code == 0  # any build cleans up
    assert not staging.exists() and not tmp.exists()


def test_dry_run_says_what_and_why_and_writes_nothing(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "build", "--dry-run")
    assert result.exit_code == 0
    assert "  将生成  output/方案/韩村镇打击传销活动大排查工作方案.docx：还没有生成过" in result.output
    assert f"预演：将生成 {EXAMPLE_OUTPUTS} 个，不生成 0 个；没有写任何文件。" in result.output
    assert docx_files(workspace) == []

    run("-C", workspace, "build")
    before = {p: p.stat().st_mtime_ns for p in output_files(workspace)}
    leaders = [list(r) for r in LEADERS]
    next(r for r in leaders if r[0] == "韩村镇")[2] = "赵新任"
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, leaders=leaders)
    edited = workspace / "output" / "方案" / "刘街乡打击传销活动大排查工作方案.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")  # a hand edit
    result = run("-C", workspace, "build", "--dry-run")
    lines = [ln.strip() for ln in result.output.splitlines() if ln.startswith("  将生成")]
    # The summary does not show the leading group: only the plan is remade, and it says what changed.
    leader = next(r[2] for r in LEADERS if r[0] == "韩村镇")
    assert lines == [
        f"将生成  output/方案/韩村镇打击传销活动大排查工作方案.docx：领导小组 第1行 姓名 {leader} → 赵新任"
    ]
    assert "不生成  output/方案/刘街乡打击传销活动大排查工作方案.docx：手工修改过，输入没有变化，保留" in result.output
    assert f"预演：将生成 1 个，不生成 {EXAMPLE_OUTPUTS - 1} 个；没有写任何文件。" in result.output
    before[edited] = edited.stat().st_mtime_ns
    assert {p: p.stat().st_mtime_ns for p in output_files(workspace)} == before


def test_parallel_and_serial_builds_are_byte_identical(tmp_path: Path, run: Run) -> None:
    serial, parallel = make_synthetic(tmp_path / "s", 40, 1), make_synthetic(tmp_path / "p", 40, 1)
    assert run("-C", serial, "build", "-j", "1").exit_code == 0
    assert run("-C", parallel, "build", "-j", "2").exit_code == 0

    def contents(ws: Path) -> dict[str, bytes]:
        return {p.relative_to(ws).as_posix(): p.read_bytes() for p in docx_files(ws)}

    assert len(contents(serial)) == 1 + 40 + 40 + 1 + 41  # notice, plans, a month's sheets, roll-up, summaries
    assert contents(serial) == contents(parallel)


def test_changing_a_template_rebuilds_only_its_documents(built_copy: Path, run: Run) -> None:
    workspace = built_copy
    template = workspace / "templates" / "通知.docx"
    parts = read_parts(template)
    parts["word/document.xml"] = parts["word/document.xml"].replace("认真贯彻落实".encode(), "抓好贯彻落实".encode())
    template.write_bytes(zip_bytes(parts))
    result = run("-C", workspace, "build")
    assert re.findall(r"已更新  (\S+)", result.output) == [
        "output/通知/永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知.docx"
    ]


def test_progress_bar_only_on_a_terminal(workspace: Path, run: Run) -> None:
    assert "正在生成" not in run("-C", workspace, "build", "--force").output
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "-C", str(workspace), "build", "--force"],
        stdout=secondary,
        stderr=secondary,
        cwd=REPO,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait()
    os.close(primary)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "正在生成" in text and f"{EXAMPLE_OUTPUTS}/{EXAMPLE_OUTPUTS}" in text
    assert "新生成" not in text or "已更新" in text


@pytest.mark.parametrize("quiet", [True, False])
def test_closing_table(workspace: Path, run: Run, quiet: bool) -> None:
    # -q: no table whatever is built (the notice alone here); without it, the whole build's table
    result = run("-C", workspace, "build", *(["-q", "--kind", "通知"] if quiet else []))
    if quiet:
        assert "完成：" not in result.output and "新生成" not in result.output
        return
    table = re.split("─{10,}", result.output)[1]
    assert re.search(rf"新生成\s+{EXAMPLE_OUTPUTS}\n", table)
    # 核稿's five on the real notice's dates (its summaries due 4月1日, March's reports 4月2日), apart from the workbook's one warning (as the page counts them)
    assert re.search(r"核稿提醒\s+5\n", table) and re.search(r"\n警告\s+1\n", table)
    assert re.search(r"用时\s+[\d.]+ 秒", table)


def test_documents_moved_in_before_a_kill_are_not_taken_for_hand_edits(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import pipeline

    from .test_customization import edit_template

    assert run("-C", workspace, "build", "--kind", "方案").exit_code == 0
    edit_template(workspace / "templates" / "方案.docx", ("一级序号 }}工作目标<", "一级序号 }}目标任务<"))
    real_commit, moved = pipeline._commit, list[object]()

    def commit_then_die(*args: object, **kwargs: object) -> object:
        if len(moved) == 5:
            raise KeyboardInterrupt  # as if killed: five new plans in place, the manifest not yet final
        moved.append(args)
        return real_commit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_commit", commit_then_die)
    assert run("-C", workspace, "build", "--kind", "方案").exit_code != 0
    assert len(moved) == 5
    monkeypatch.setattr(pipeline, "_commit", real_commit)
    result = run("-C", workspace, "build", "--kind", "方案")
    assert result.exit_code == 0, result.output
    assert "手工修改" not in result.output
    plans = sorted((workspace / "output" / "方案").glob("*.docx"))
    assert not [p for p in plans if "新生成" in p.name]
    assert all("一、目标任务" in "".join(p.text for p in Document(str(d)).paragraphs) for d in plans)
    assert "未变化 5 个" in result.output  # the five moved in before the kill are known as gongwen's own
