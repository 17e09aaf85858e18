"""The `gongwen` command as a clerk uses it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from examples.yongqing.workbook import write_workbook
from generator import __version__
from generator.cli.main import print_findings
from generator.errors import Findings, Location
from generator.inputs.schema import WORKBOOK_NAME
from generator.output.manifest import FINE_CLOCK_STEP_NS, STAMPS_NAME

from .conftest import EXAMPLE, EXAMPLE_DOCX, EXAMPLE_OUTPUTS, REPO, Run, notice_path, output_files

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_version(run: Run) -> None:
    for flag in ("--version", "-V"):
        result = run(flag)
        assert result.exit_code == 0
        assert result.output.strip() == f"gongwen {__version__}"


@pytest.mark.parametrize("command", [["forms"], ["台账"]])
def test_the_period_option_says_how_each_kind_of_period_is_written(command: list[str], run: Run) -> None:
    """来苏镇 (by phase) and 龙里县 (by quarter), 2021 and 2018: --period's help gave a month and a week only."""
    text = " ".join(run(*command, "--help").output.split())
    assert "按季写 2024年第三季度" in text and "按阶段写阶段名称" in text, text


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["init"]])
def test_help_is_chinese(command: list[str], run: Run) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("用法：")
    assert "选项" in text and "显示本帮助并退出" in text
    assert "Usage" not in text and "Show this message" not in text
    # Every option and command is explained in Chinese.
    for line in text.splitlines():
        if line.startswith("  -") or (command == [] and re.match(r"^  [a-z]+ ", line)):
            assert HAN.search(line), line


def test_build_then_rebuild_is_a_no_op(workspace: Path, run: Run) -> None:
    first = run("-C", workspace, "build")
    assert first.exit_code == 0, first.output
    assert "新生成  output/通知/永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知.docx" in first.output
    assert re.search(
        rf"完成：生成 {EXAMPLE_OUTPUTS} 个，未变化 0 个，核稿提醒 5 条，警告 1 条，错误 0 条，用时 [\d.]+ 秒。",
        first.output,
    )
    # The workbook's one warning, then what 核稿 finds in the real notice's dates (the 永清 notice
    # asks for plans before its own date, and for summaries before the last monthly report, so the
    # summaries waiting for March's reports are late).
    assert first.output.count("核稿〔") == 5
    before = {p: p.stat().st_mtime_ns for p in output_files(workspace) if p.suffix == ".docx"}
    assert len(before) == EXAMPLE_DOCX
    second = run("-C", workspace, "build")
    assert re.search(rf"完成：生成 0 个，未变化 {EXAMPLE_OUTPUTS} 个，核稿提醒 5 条，警告 1 条", second.output)
    assert second.output.count("核稿〔") == 5  # the first build's findings, replayed without reading anything
    assert {p: p.stat().st_mtime_ns for p in before} == before


# What a command that does no document work must not load (issue 17: start fast).
ENGINE_MODULES = ("openpyxl", "docxtpl", "docx", "jinja2", "lxml", "pdfplumber", "generator.pipeline")

LOADED_AFTER = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("LOADED:" + " ".join(m for m in {modules!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["validate", "--help"], ["build"]])
def test_commands_that_do_no_work_start_without_the_engine(args: list[str], built_copy: Path) -> None:
    """`gongwen --help` and a no-op build answer before the workbook reader, the templates' engine
    or the document kinds are imported (measured by benchmarks/bench.py as start time)."""
    workspace = built_copy  # built: the next build is a no-op
    code = LOADED_AFTER.format(modules=ENGINE_MODULES)
    result = subprocess.run(
        [sys.executable, "-c", code, "-C", str(workspace), *args], capture_output=True, text=True, check=False
    )
    (loaded,) = [line.removeprefix("LOADED:") for line in result.stdout.splitlines() if line.startswith("LOADED:")]
    assert loaded == "", f"gongwen {' '.join(args)} imported {loaded}"
    if args == ["build"]:
        assert "未变化" in result.stdout + result.stderr


# What a no-op build whose stamps prove every file (inputs, templates, documents) must not load either:
# it answers through generator.noop, from the manifest and stamps with os and json: not the application
# API (its records, pathlib), no hash function, no dataclass (each costs the start about 0.4 ms).
UNLOADED = (
    "generator.app",
    "generator.workspace",
    "pathlib",
    "hashlib",
    "dataclasses",
    "generator.cache",
    "generator.standard.package",
    "generator.output.changes",
)


def test_a_no_op_build_proven_by_stamps_loads_neither_the_application_nor_pathlib(built_copy: Path, run: Run) -> None:
    """It answers through generator.noop (UNLOADED stays unloaded) and says exactly what the application's
    own no-op answer says, which hashes what the stamps do not prove."""
    workspace = built_copy
    assert run("-C", workspace, "build", "--force", "-q").exit_code == 0  # a copy's stamps prove nothing: anew
    stamps = workspace / "output" / STAMPS_NAME  # as if saved ten seconds after the documents were written
    later = stamps.stat().st_mtime_ns + 10_000_000_000
    os.utime(stamps, ns=(later, later))

    def no_op() -> tuple[str, str]:
        code = LOADED_AFTER.format(modules=(*ENGINE_MODULES, *UNLOADED))
        argv = [sys.executable, "-c", code, "-C", str(workspace), "build"]
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        lines = result.stdout.splitlines()
        (loaded,) = [line.removeprefix("LOADED:") for line in lines if line.startswith("LOADED:")]
        said = [re.sub(r"[\d.]+ 秒", "… 秒", line) for line in lines if not line.startswith("LOADED:")]
        return loaded, result.stderr + "\n".join(said)

    loaded, light = no_op()
    assert loaded == "", f"gongwen build imported {loaded}"
    assert f"未变化 {EXAMPLE_OUTPUTS} 个" in light and light.count("核稿〔") == 5
    os.utime(workspace / "inputs" / WORKBOOK_NAME)  # the same bytes, a new time: the workbook is hashed
    loaded, hashed = no_op()
    assert "generator.app" in loaded and "hashlib" in loaded
    assert hashed == light


def test_a_no_op_build_that_had_to_hash_saves_the_stamps_for_the_next(built_copy: Path, run: Run) -> None:
    """A build saves its stamps within a fraction of a second of writing the documents, where a stamp
    proves nothing (the clock step): the first no-op build after it reads and hashes every document, and
    saves the stamps it took then, so that the next one is proven by stamps alone (no hash function)."""
    workspace = built_copy
    assert run("-C", workspace, "build", "-q").exit_code == 0  # a copy's stamps prove nothing: saved anew
    stamps = workspace / "output" / STAMPS_NAME  # as if saved 1 ms after the last document was written
    newest = max(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) for p in output_files(workspace))
    os.utime(stamps, ns=(newest + 1_000_000, newest + 1_000_000))
    while time.time_ns() < newest + 2 * FINE_CLOCK_STEP_NS:  # the clerk's next build comes later than that
        time.sleep(0.05)

    def loaded_by_a_no_op() -> str:
        code = LOADED_AFTER.format(modules=("generator.app", "hashlib"))
        argv = [sys.executable, "-c", code, "-C", str(workspace), "build"]
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and f"未变化 {EXAMPLE_OUTPUTS} 个" in result.stdout, result.stdout + result.stderr
        (loaded,) = [line.removeprefix("LOADED:") for line in result.stdout.splitlines() if line.startswith("LOADED:")]
        return loaded

    saved = stamps.stat().st_mtime_ns
    assert loaded_by_a_no_op() == "generator.app hashlib"  # every document hashed: its stamp was too new
    assert stamps.stat().st_mtime_ns > saved
    assert loaded_by_a_no_op() == ""  # proven by the stamps the first one saved


def test_help_lists_the_commands_without_loading_the_application(workspace: Path) -> None:
    """`gongwen --help` is click's alone: the commands' modules, generator.app and what it imports
    (the report, the manifest, the workspace) are loaded only when a command runs."""
    light = ["generator.app", "generator.cli.build", "generator.cli.workbook", "generator.cli.ui", "pathlib"]
    code = LOADED_AFTER.format(modules=[*light, "generator.output.report", "generator.output.manifest"])
    result = subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=False)
    (loaded,) = [line.removeprefix("LOADED:") for line in result.stdout.splitlines() if line.startswith("LOADED:")]
    assert "用法" in result.stdout and "validate" in result.stdout
    assert loaded == "", f"gongwen --help imported {loaded}"


def test_the_command_list_is_what_the_commands_say_of_themselves() -> None:
    """`gongwen --help` lists the commands from a table (main.COMMANDS) without importing them: the
    table names each command's module and says what its own help says."""
    import importlib

    import click

    from generator.cli.main import COMMANDS, main

    for name, (module, said) in COMMANDS.items():
        importlib.import_module(module)
        command = main.commands[name]
        assert command.callback is not None and command.callback.__module__ == module, name
        for width in (30, 10_000):  # shortened or whole, the same words
            assert click.Command(name, help=said).get_short_help_str(width) == command.get_short_help_str(width), name
    assert sorted(main.commands) == sorted(COMMANDS)  # every command is in the table


def test_changing_an_input_regenerates(built_copy: Path, run: Run) -> None:
    workspace = built_copy
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, notice={"联系人": "王小明"})
    result = run("-C", workspace, "build")
    assert "已更新  output/通知/" in result.output
    # Every document sees the notice's facts (发文.*), but only the notice's template shows 联系人.
    assert re.search(rf"完成：生成 1 个，未变化 {EXAMPLE_OUTPUTS - 1} 个", result.output)
    assert "联 系 人：王小明" in [p.text for p in Document(str(notice_path(workspace))).paragraphs]


def test_same_inputs_give_identical_bytes(tmp_path: Path, run: Run, built_workspace: Path) -> None:
    from .conftest import make_workspace

    a, b = make_workspace(tmp_path / "a"), built_workspace  # b: the session's build, in another folder
    run("-C", a, "build")

    def contents(ws: Path) -> dict[str, bytes]:
        return {p.relative_to(ws).as_posix(): p.read_bytes() for p in output_files(ws)}

    # The documents, and gongwen's own hidden files (the manifest, the record of what each was made from …)
    assert len([name for name in contents(a) if not Path(name).name.startswith(".")]) == EXAMPLE_OUTPUTS
    assert contents(a) == contents(b)
    run("-C", a, "build", "--force")
    assert contents(a) == contents(b)


def test_core_properties_come_from_the_inputs(built_notice: Path) -> None:
    props = Document(str(built_notice)).core_properties
    assert props.title == "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知"
    assert props.author == "永清县人民政府办公室"
    assert props.created is not None and props.created.date().isoformat() == "2018-01-22"


def test_a_hand_edited_document_is_never_overwritten_silently(built_copy: Path, run: Run) -> None:
    workspace = built_copy
    path = notice_path(workspace)
    doc = Document(str(path))
    doc.add_paragraph("科长手工加的一段话")
    doc.save(str(path))
    edited = path.read_bytes()

    # Inputs unchanged: the edit is kept.
    result = run("-C", workspace, "build")
    assert "保留手工修改" in result.output
    assert path.read_bytes() == edited

    # Inputs changed: the new version goes beside it.
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, notice={"联系人": "王小明"})
    result = run("-C", workspace, "build")
    assert result.exit_code == 0
    assert path.read_bytes() == edited
    beside = path.with_name(path.stem + "（新生成）.docx")
    assert beside.exists()
    assert f"被手工修改过，未覆盖；新版本写到「output/通知/{beside.name}」" in result.output

    # --force overwrites, and says so.
    result = run("-C", workspace, "build", "--force")
    assert "覆盖了手工修改  output/通知/" in result.output
    assert path.read_bytes() != edited


def test_a_file_gongwen_did_not_write_is_not_overwritten(workspace: Path, run: Run) -> None:
    target = workspace / "output" / "通知" / "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知.docx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"clerk's own file")
    run("-C", workspace, "build")
    assert target.read_bytes() == b"clerk's own file"
    assert target.with_name(target.stem + "（新生成）.docx").exists()


def test_validate_writes_nothing(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "validate")
    assert result.exit_code == 0
    assert "检查通过：inputs/活动数据.xlsx，18 个单位，3 个阶段，模板 6 个，警告 1 条。" in result.output
    assert output_files(workspace) == []


def test_init_creates_a_workspace_that_builds(tmp_path: Path, run: Run) -> None:
    target = tmp_path / "新工作区"
    result = run("init", target)
    assert result.exit_code == 0, result.output
    assert (target / "inputs" / WORKBOOK_NAME).exists()
    assert (target / "templates" / "通知.docx").exists()
    assert (target / "output").is_dir()
    assert run("-C", target, "build").exit_code == 0
    # Never over an existing workspace.
    again = run("init", target)
    assert again.exit_code == 1
    assert "已存在且不是空的" in again.output


@pytest.mark.parametrize("command", ["init", "import"])
@pytest.mark.parametrize("where", ["文件", "文件/新工作区"])
def test_a_new_workspace_where_a_file_stands_is_one_chinese_sentence(
    command: str, where: str, tmp_path: Path, run: Run
) -> None:
    """`init` over a file was an internal error (NotADirectoryError), `import` an English "File exists"."""
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    notice = REPO / "tests" / "data" / "seed_notice.docx"
    args = ["init", tmp_path / where] if command == "init" else ["import", notice, tmp_path / where]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert f"「{tmp_path / '文件'}」是一个文件，不是文件夹，不能在这里新建工作区" in result.output
    assert (tmp_path / "文件").read_text(encoding="utf-8") == "x"


def test_workspace_defaults_to_the_current_folder(built_copy: Path) -> None:
    """`gongwen build` without -C, run in a built workspace, builds that workspace: it finds every
    document of it current (a copy of the session's build: no second build of the 91 documents)."""
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"], cwd=built_copy, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert f"未变化 {EXAMPLE_OUTPUTS} 个" in result.stdout, result.stdout
    assert len([p for p in output_files(built_copy) if not p.name.startswith(".")]) == EXAMPLE_OUTPUTS


def test_bundled_templates_are_used_when_the_workspace_has_none(tmp_path: Path, run: Run) -> None:
    from .conftest import make_workspace

    ws = make_workspace(tmp_path / "ws", with_templates=False)
    assert run("-C", ws, "build", "--kind", "通知").exit_code == 0
    # the starter's 通知 (generator/_bundled/blank), filled from this workbook: its contact line is one
    # paragraph, where the example's own template has three
    paragraphs = [p.text for p in Document(str(notice_path(ws))).paragraphs]
    assert "联系人：刘卫兵，联系电话：0316-6681122、6681123（传真），电子邮箱：yqdachuanban@163.com。" in paragraphs
    assert "联 系 人：刘卫兵" not in paragraphs


def test_the_repository_is_itself_a_workspace() -> None:
    """The root's inputs/ and templates/ are the bundled example's files (what `gongwen build` there reads)."""
    assert (REPO / "inputs" / WORKBOOK_NAME).read_bytes() == (EXAMPLE / "inputs" / WORKBOOK_NAME).read_bytes()
    assert (REPO / "templates" / "通知.docx").read_bytes() == (EXAMPLE / "templates" / "通知.docx").read_bytes()


@pytest.mark.parametrize("encoding", ["gbk", "cp936", "ascii"])
def test_every_command_prints_on_a_console_of_any_encoding(built_notice: Path, tmp_path: Path, encoding: str) -> None:
    """Chinese Windows consoles are GBK; output redirected to a file may be anything."""
    env = dict(os.environ, PYTHONIOENCODING=encoding)
    for args in (["check", "--no-pdf", str(built_notice)], ["--help"], ["init", str(tmp_path / f"new-{encoding}")]):
        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", *args], cwd=REPO, env=env, capture_output=True, check=False
        )
        assert result.returncode == 0, (args, result.stderr.decode(encoding, "replace"))
        assert b"Traceback" not in result.stderr
        if encoding != "ascii":
            assert "符合" in result.stdout.decode(encoding) or "gongwen" in result.stdout.decode(encoding)


def test_many_findings_print_each_once_in_order_without_notes(capsys: pytest.CaptureFixture[str]) -> None:
    """More findings than one write holds (print_findings writes them in parts): every warning and
    error once, in order, each on its own line; notes only when verbose."""
    findings = Findings()
    for row in range(1, 1202):
        where = Location("inputs/活动数据.xlsx", "统计报表", f"Q{row}")
        if row % 400 == 0:
            findings.note(where, f"第{row}条说明")
        elif row % 7 == 0:
            findings.error(where, f"第{row}条错误")
        else:
            findings.warning(where, f"第{row}条警告")
    print_findings(findings)
    err = capsys.readouterr().err
    expected = [
        f"{'错误' if row % 7 == 0 else '警告'}：inputs/活动数据.xlsx 工作表「统计报表」 单元格 Q{row}："
        f"第{row}条{'错误' if row % 7 == 0 else '警告'}"
        for row in range(1, 1202)
        if row % 400
    ]
    assert err == "\n".join(expected) + "\n"
    print_findings(findings, verbose=True)
    assert len(capsys.readouterr().err.splitlines()) == 1201
