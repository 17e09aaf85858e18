from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.output.lock import LOCK_NAME
from generator.output.manifest import STAMPS_NAME
from generator.pdf.libreoffice import convert_to_pdf, find_soffice, render_png
from generator.pdf.measure import Page, read_pdf
from generator.workspace import bundled_root

REPO = Path(__file__).resolve().parent.parent
# The pristine example that ships inside the package. Tests copy it and never read the
# repository root's inputs/ or templates/: that workspace belongs to whoever tries gongwen out.
EXAMPLE = bundled_root()
DATA = Path(__file__).resolve().parent / "data"
ARTIFACTS = REPO / "test-artifacts"
IN_CI = os.environ.get("CI", "").lower() == "true"
# What the example workspace makes: the notice, 18 plans, for 3 months 18 unit sheets, the
# county roll-up (.docx) and its spreadsheet (.xlsx), and 18 unit summaries and the county's.
EXAMPLE_DOCX = 1 + 18 + 3 * (18 + 1) + 18 + 1
EXAMPLE_OUTPUTS = EXAMPLE_DOCX + 3


def _write_bytecode() -> None:
    """The test run's Python processes (its xdist workers, the CLI run as a program, `gongwen ui`, a
    build's workers started from a forkserver or spawned) write and reuse gongwen's bytecode, as a
    clerk's installation and a developer's checkout do: an environment that forbids it
    (PYTHONDONTWRITEBYTECODE) makes every one of them compile gongwen from source, about 0.2 CPU-s a
    start (benchmarks/bench.py runs its commands the same way). The files go to __pycache__ beside
    the sources (ignored by git; the code digest and the packaging tests skip them)."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False  # this process's later imports too


_write_bytecode()


@pytest.fixture(scope="session", autouse=True)
def template_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled templates go to a folder of the test run, not the user's cache."""
    path = tmp_path_factory.mktemp("cache")
    os.environ["GONGWEN_CACHE_DIR"] = str(path)
    os.environ["GONGWEN_CONFIG_DIR"] = str(tmp_path_factory.mktemp("config"))  # the cache's signing key
    return path


def require_soffice() -> None:
    """LibreOffice tests skip on a developer machine without it, and fail in CI."""
    if find_soffice() is None:
        if IN_CI:
            pytest.fail("CI=true but LibreOffice (soffice) is not installed: the layout tests must run in CI")
        pytest.skip("LibreOffice (soffice) not installed")


def make_workspace(root: Path, with_templates: bool = True) -> Path:
    """A fresh copy of the bundled example workspace."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE / "inputs", root / "inputs")
    if with_templates:
        shutil.copytree(EXAMPLE / "templates", root / "templates")
    (root / "output").mkdir()
    return root


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "ws")


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def documents_read(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every document 核稿 reads from now on, in order (its one reader, review._paragraphs, counted)."""
    from generator.proofread import review

    reads: list[Path] = []
    real = review._paragraphs

    def counting(path: Path) -> list[str] | None:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(review, "_paragraphs", counting)
    return reads


def output_files(ws: Path) -> list[Path]:
    """What a clerk finds in output/ (gongwen's staging folder of a killed build is not output, nor
    the workspace lock's file, which stays for the next run to lock, nor the stamps of this file
    system's inodes and times, which no other copy of the workspace shares)."""
    return sorted(
        p
        for p in (ws / "output").rglob("*")
        if p.is_file() and ".gongwen-staging" not in p.parts and p.name not in (LOCK_NAME, STAMPS_NAME)
    )


def notice_path(ws: Path) -> Path:
    (path,) = (ws / "output" / "通知").glob("*.docx")
    return path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]) -> Path:
    """The folder `name`, made by `make` once for the whole run: by the first test process (of
    pytest-xdist's workers) that asks for it, while the others wait and then read it."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, shared by its workers (each has its own below it)
    target, done = base / name, base / f"{name}.done"
    try:
        (base / f"{name}.claimed").mkdir()  # atomic: one process claims the work
    except FileExistsError:
        deadline = time.monotonic() + 1800
        while not done.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"{name}: another test process claimed it and never finished")
            time.sleep(0.2)
        failure = done.read_text(encoding="utf-8")
        if failure:
            pytest.fail(f"{name} failed in another test process: {failure}")
        return target
    try:
        make(target)
    except BaseException as exc:
        done.write_text(f"{type(exc).__name__}: {exc}"[:2000] or "failed", encoding="utf-8")
        raise
    done.write_text("", encoding="utf-8")
    return target


def serve_in_thread(server: Any) -> threading.Thread:
    """Run a waitress server of `generator.web.server.make_server` in a thread (the clerk's `gongwen ui`
    runs it in the main thread, and closes it there); stop it with `close_server`."""
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return thread


def close_server(server: Any, thread: threading.Thread | None = None) -> None:
    """Stop a waitress server of `generator.web.server.make_server` and its four request threads,
    which waitress's close() leaves waiting: a test process with no other thread running forks its
    builds' workers (`batch.start_method`), cheaper than the forkserver a waiting thread calls for.
    A loop running in `thread` is let go first (its socket map emptied, its select woken), so that it
    does not poll sockets closed under it (EBADF, an exception in a thread)."""
    if thread is not None:
        server._map.clear()  # waitress's loop runs while its socket map holds anything
        server.trigger.pull_trigger()
        thread.join(10)
    server.close()
    server.task_dispatcher.shutdown()


def _build_example(target: Path) -> None:
    ws = make_workspace(target)
    result = CliRunner().invoke(main, ["-C", str(ws), "build"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The example, built once per test run and shared read-only by every test that only reads it."""
    ws = made_once(tmp_path_factory, "example-built", _build_example)
    before = _snapshot(ws)
    yield ws
    # A test that wrote into the shared build would have changed what the others read.
    after = _snapshot(ws)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert not changed, f"a test modified the shared example build: {changed[:5]}"


@pytest.fixture
def built_copy(tmp_path: Path, built_workspace: Path) -> Path:
    """A private copy of the built example (inputs, templates, output and gongwen's record of it), for
    a test that goes on from a built workspace: copying it takes milliseconds, building its 91
    documents seconds. gongwen finds it as it left it (its record holds no absolute path)."""
    return Path(shutil.copytree(built_workspace, tmp_path / "ws", symlinks=True))


def _build_examples(target: Path) -> None:
    runner = CliRunner()
    for name in ("yongqing", "liuhe"):
        root = target / name / "ws"
        assert runner.invoke(main, ["init", str(root), "--example", name]).exit_code == 0
        result = runner.invoke(main, ["-C", str(root), "build", "-q"])
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both shipped examples, initialised and built once per test run, for tests that only read their output."""
    target = made_once(tmp_path_factory, "examples-built", _build_examples)
    return {name: target / name / "ws" for name in ("yongqing", "liuhe")}


@pytest.fixture(scope="session")
def built(built_workspace: Path) -> Path:
    """The example workspace, built once for every test that only reads its output."""
    return built_workspace


@pytest.fixture(scope="session")
def built_notice(built_workspace: Path) -> Path:
    return notice_path(built_workspace)


@pytest.fixture(scope="session")
def built_plan(built_workspace: Path) -> Path:
    return built_workspace / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx"


def _pdf_artifact(docx: Path, name: str, made: dict[Path, Path] | None = None) -> Path:
    """A document as a LibreOffice PDF (from `made` when it was converted already), kept with a
    PNG of page 1 in test-artifacts/.

    Converted in a private folder and then copied in whole, so that parallel test workers
    never read each other's half-written files.
    """
    require_soffice()
    private = Path(tempfile.mkdtemp(prefix=f"gongwen-{name}-"))
    if made is not None and docx in made:
        pdf = private / f"{docx.stem}.pdf"
        shutil.copyfile(made[docx], pdf)
    else:
        (pdf,) = convert_to_pdf([docx], private)
    render_png(pdf, private / f"{name}-page", dpi=60, first=1, last=1)
    ARTIFACTS.mkdir(exist_ok=True)
    for file in private.iterdir():
        keep = ARTIFACTS / (f"{name}.pdf" if file == pdf else file.name)
        staged = keep.with_name(f".{keep.name}.{os.getpid()}")
        shutil.copyfile(file, staged)
        os.replace(staged, keep)
    return pdf


def _build_pdfs(built_workspace: Path) -> Callable[[Path], None]:
    def make(target: Path) -> None:
        ws = Path(shutil.copytree(built_workspace, target / "ws", symlinks=True))
        result = CliRunner().invoke(main, ["-C", str(ws), "build", "--pdf"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        (target / "output.txt").write_text(result.output, encoding="utf-8")

    return make


@pytest.fixture(scope="session")
def example_with_pdfs(tmp_path_factory: pytest.TempPathFactory, built_workspace: Path) -> tuple[Path, str]:
    """A copy of the session's build on which `build --pdf` made a PDF beside each of its 91
    documents (the documents current, so only the PDFs are made), and what that command said: made
    once per test run, read-only, by `test_pdf.py` (through a copy) and the layout tests (`example_pdfs`)."""
    require_soffice()
    target = made_once(tmp_path_factory, "example-with-pdfs", _build_pdfs(built_workspace))
    return target / "ws", (target / "output.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_pdfs(built_workspace: Path, example_with_pdfs: tuple[Path, str]) -> dict[Path, Path]:
    """The example's documents the layout tests read (the notice, every plan and summary, one
    month's unit sheet and roll-up) mapped to their PDFs: those `build --pdf` made once for the
    test run (`example_with_pdfs`), instead of a second LibreOffice conversion of the same documents."""
    out = built_workspace / "output"
    month = out / "统计" / "2018年2月"
    documents = [
        notice_path(built_workspace),
        *sorted(out.glob("方案/*.docx")),
        *sorted(out.glob("总结/*.docx")),
        month / "韩村镇2018年2月统计报表.docx",
        month / "全县汇总表2018年2月.docx",
    ]
    with_pdfs, _ = example_with_pdfs
    pdfs = {d: with_pdfs / d.relative_to(built_workspace).with_suffix(".pdf") for d in documents}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    assert not missing, missing
    return pdfs


@pytest.fixture(scope="session")
def notice_pages(built_notice: Path, example_pdfs: dict[Path, Path]) -> list[Page]:
    return read_pdf(_pdf_artifact(built_notice, "notice", example_pdfs))


@pytest.fixture(scope="session")
def plan_pages(built_plan: Path, example_pdfs: dict[Path, Path]) -> list[Page]:
    return read_pdf(_pdf_artifact(built_plan, "plan", example_pdfs))


@pytest.fixture(scope="session")
def summary_pages(built_workspace: Path, example_pdfs: dict[Path, Path]) -> list[Page]:
    """The county's 工作总结: prose, a chart, two tables, the 署名."""
    county = built_workspace / "output" / "总结" / "永清县打击传销活动大排查工作总结.docx"
    return read_pdf(_pdf_artifact(county, "summary", example_pdfs))


@pytest.fixture(scope="session")
def unsealed_pages(built_workspace: Path, example_pdfs: dict[Path, Path]) -> list[Page]:
    """韩村镇's 工作总结: its 文档 row says 加盖印章 否 (GB/T 9704 7.3.5.2)."""
    township = built_workspace / "output" / "总结" / "韩村镇打击传销活动大排查工作总结.docx"
    return read_pdf(_pdf_artifact(township, "unsealed", example_pdfs))


@pytest.fixture(scope="session")
def landscape_pages(built_workspace: Path, example_pdfs: dict[Path, Path]) -> dict[str, list[Page]]:
    """A unit's monthly sheet (turned to portrait to fit one page) and the county roll-up (A4
    landscape), as PDFs."""
    folder = built_workspace / "output" / "统计" / "2018年2月"
    return {
        "monthly": read_pdf(_pdf_artifact(folder / "韩村镇2018年2月统计报表.docx", "monthly", example_pdfs)),
        "rollup": read_pdf(_pdf_artifact(folder / "全县汇总表2018年2月.docx", "rollup", example_pdfs)),
    }


@pytest.fixture(scope="session")
def custom_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """The notice after a clerk exported, edited and rebuilt its template."""
    from .test_customization import customised_workspace

    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    ws = customised_workspace(tmp_path_factory.mktemp("custom") / "ws", run)
    assert run("-C", ws, "build", "--kind", "通知").exit_code == 0  # the customised template's document
    return read_pdf(_pdf_artifact(notice_path(ws), "custom"))


# The modules that take longest, longest first (their CPU time alone, docs/tests.md): with
# `--dist loadfile` each worker takes whole files in collection order, and a long file handed out
# last would keep one worker busy alone after the other has run out of files.
LONGEST_FIRST = (
    "test_frozen.py", "test_web.py", "test_web_e2e.py", "test_check_corpus.py", "test_print_layout.py",
    "test_import.py", "test_stream_layout.py", "test_batch.py", "test_corpus.py", "test_workers.py",
    "test_pdf.py", "test_changes.py", "test_fuzz.py", "test_properties.py", "test_layout_pdf.py",
    "test_templates.py", "test_truth.py", "test_cli.py", "test_collect_safety.py", "test_safety.py",
    "test_large_parts.py", "test_speed_paths.py",
)  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(LONGEST_FIRST)))  # stable: the rest keep their order


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With CI=true nothing skips: a skip there is a test that did not run, reported as a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI=true but this test skipped: {report.longrepr}"


FILLED_TITLE = "关于做好国庆节期间安全工作的通知"  # the clerk's title for a notice whose page printed it apart


def fill_blank_dates(
    workspace: Path, start: dt.date = dt.date(2024, 3, 1), end: dt.date = dt.date(2024, 5, 31)
) -> list[str]:
    """Fill the date cells `gongwen import` left blank (the notice does not give them) as the clerk does
    before building: the campaign from `start` to `end`, the notice dated `start`; a blank 报送日 (the
    notice asks for no periodic report) the 5th; the blank name of the one phase of a notice without
    phases; the blank title of a notice whose page printed it apart (FILLED_TITLE); the 牵头单位 and
    领导小组办公室 of a notice that names neither (the level's 党政办公室). The cells' names."""
    book = workspace / "inputs" / "活动数据.xlsx"
    wb = openpyxl.load_workbook(book)
    level = next((r[1].value for r in wb["活动"].iter_rows(min_row=2, max_col=2) if r[0].value == "本级名称"), None)
    typed = {
        "成文日期": start,
        "印发日期": start,
        "开始日期": start,
        "结束日期": end,
        "报送日": 5,
        "标题": FILLED_TITLE,
        "牵头单位": "党政办",
        "领导小组办公室": f"{level or ''}党政办公室",
    }
    filled = []
    for sheet in ("发文", "活动"):
        for row in wb[sheet].iter_rows(min_row=2, max_col=2):
            if row[0].value in typed and row[1].value is None:
                row[1].value = typed[str(row[0].value)]
                filled.append(f"{sheet}.{row[0].value}")
    for row in wb["阶段"].iter_rows(min_row=2, max_col=3):
        if row[1].value is None and row[2].value is None:
            row[1].value, row[2].value = start, end
        if row[0].value is None:  # a notice without phases: the clerk names its one
            row[0].value = "实施阶段"
            filled.append("阶段.阶段名称")
    if filled:
        wb.save(book)
    return filled


def gas_campaign(root: Path) -> Path:
    """大理市 (2023), started from its notice as a clerk goes on: five metrics of long names, all of
    them 主要指标 (检查餐饮等用气场所 among them), three towns and two bureaus of long names, three
    months reported (not built: the workspace's root is returned)."""
    from generator import app

    app.import_notice(Path(__file__).parent / "data" / "notices" / "大理市城镇燃气安全专项整治.docx", root)
    fill_blank_dates(root, dt.date(2025, 3, 1), dt.date(2025, 5, 31))  # the notice says none
    book = openpyxl.load_workbook(root / "inputs" / "活动数据.xlsx")
    metrics = [
        ("检查督导", "检查燃气经营企业", "家"),
        ("检查督导", "检查餐饮等用气场所", "家"),
        ("隐患整治", "排查燃气安全隐患", "处"),
        ("隐患整治", "整改燃气安全隐患", "处"),
        ("执法处罚", "立案查处违法行为", "起"),
    ]
    units = [("下关镇", "乡镇"), ("大理镇", "乡镇"), ("太邑彝族乡", "乡镇"), ("市住房和城乡建设局", "部门")]
    units.append(("市市场监督管理局", "部门"))
    for sheet in ("统计指标", "单位", "领导小组", "统计报表", "核对规则", "总结"):
        book[sheet].delete_rows(2, book[sheet].max_row)
    for group, name, measure in metrics:
        book["统计指标"].append([group, name, measure, "整数", "是", "累加"])
    for number, (unit, unit_type) in enumerate(units):
        book["单位"].append([unit, unit_type, None, "是" if unit_type == "部门" else None, "办公室"])
        book["领导小组"].append([unit, "组长", "×××", "主任"])
        for month in (3, 4, 5):
            book["统计报表"].append([unit, f"2025年{month}月"] + [10 + 3 * number + i for i in range(len(metrics))])
    reports = book["统计报表"]
    for column, header in enumerate(["单位名称", "期别"] + [name for _, name, _ in metrics], start=1):
        reports.cell(1, column).value = header
    book.save(root / "inputs" / "活动数据.xlsx")
    return root


def sixteen_character_campaign(
    root: Path, silent_units: tuple[str, ...] = (), reporting_units: tuple[str, ...] = (), per_group: int = 11
) -> Path:
    """The blank starter's campaign with 22 metrics in two groups, each name 16 字 long (排查出租房屋
    重点人员并登记建档数), 县××局's report left out and `silent_units` (乡镇 of no report) added: the
    sheet of a unit that did not report (本期未报送, a line more) does not fit a landscape page, and
    fits a portrait one only with each name on a line. `reporting_units` (乡镇 that did report) are
    added too, the last with a figure of ten digits; `per_group` metrics a group, up to 12 (not
    built: the workspace's root is returned)."""
    assert CliRunner().invoke(main, ["init", str(root), "--blank"]).exit_code == 0
    workbook = root / "inputs" / "活动数据.xlsx"
    book = openpyxl.load_workbook(workbook)
    metrics, reports, checks = book["统计指标"], book["统计报表"], book["核对规则"]
    metrics.delete_rows(2, metrics.max_row)
    reports.delete_cols(3, reports.max_column)
    checks.delete_rows(2, checks.max_row)  # they name the starter's metrics
    places = ["出租房屋", "城中村落", "商住楼宇", "宾馆旅店", "网吧酒吧", "培训机构"]
    places += ["物流站点", "农贸市场", "工地工棚", "学校周边", "车站码头", "公园广场"]
    groups = (("工作开展", "排查"), ("问题整改", "整改"))
    for unit in reporting_units:
        book["单位"].append([unit, "乡镇", None, None, "综治办"])
        reports.append([unit, reports.cell(2, 2).value])
    for number, (group, verb, place) in enumerate((g, v, p) for g, v in groups for p in places[:per_group]):
        name = f"{verb}{place}重点人员并登记建档数"
        metrics.append([group, name, "人次", "整数", None, "累加"])
        column = reports.max_column + 1
        reports.cell(1, column).value = name
        for row in range(2, reports.max_row + 1):
            reports.cell(row, column).value = row + number
    if reporting_units:
        reports.cell(reports.max_row, 3).value = 1234567890  # wider than sheets.NARROW_COLUMN, not its column
    (unit_row,) = [row for row in range(2, reports.max_row + 1) if reports.cell(row, 1).value == "县××局"]
    reports.delete_rows(unit_row)
    for unit in silent_units:
        book["单位"].append([unit, "乡镇", None, None, "综治办"])
    book.save(workbook)
    return root
