"""PDFs and previews made with LibreOffice: beside the .docx files, only for what changed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from examples.yongqing.workbook import LEADERS, write_workbook
from generator.documents.kinds import plan_jobs
from generator.inputs.schema import WORKBOOK_NAME
from generator.pdf import libreoffice as pdf_module
from generator.pdf.measure import read_pdf
from generator.pipeline import validate
from generator.workspace import Workspace

from .conftest import EXAMPLE_DOCX, Run, notice_path, output_files, require_soffice


@pytest.fixture(scope="module")
def with_pdfs(tmp_path_factory: pytest.TempPathFactory, example_with_pdfs: tuple[Path, str]) -> tuple[Path, str]:
    """A copy of the session's `build --pdf` over its build (conftest.example_with_pdfs: the documents
    current, only the PDFs made), and what that command said; these tests change the copy."""
    shared, output = example_with_pdfs
    return Path(shutil.copytree(shared, tmp_path_factory.mktemp("pdf") / "ws", symlinks=True)), output


def test_build_pdf_makes_one_pdf_beside_each_document(with_pdfs: tuple[Path, str]) -> None:
    ws, output = with_pdfs
    documents = [p for p in output_files(ws) if p.suffix == ".docx"]
    pdfs = [p for p in output_files(ws) if p.suffix == ".pdf"]
    assert len(documents) == EXAMPLE_DOCX
    assert sorted(p.with_suffix(".docx") for p in pdfs) == sorted(documents)
    assert f"PDF：生成 {EXAMPLE_DOCX} 个，已是最新 0 个" in output
    (notice,) = [p for p in pdfs if p.parent.name == "通知"]
    assert len(read_pdf(notice)) == 8  # the same pages as the layout tests measure (the 版记 on page 8)


def test_missing_official_fonts_are_named_with_their_stand_ins(with_pdfs: tuple[Path, str]) -> None:
    """The official faces are commercial: the install script brings free stand-ins only.

    Which faces this machine has is asked of fontconfig directly; every official face it lacks is
    named once, with a stand-in that is itself installed, and a face it has is not named.
    """
    _, output = with_pdfs
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    for font in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"):
        said = re.findall(rf"提示：本机没有「{font}」，PDF 中用「([^」]+)」代替。", output)
        if font in families:
            assert said == [], font
        else:
            assert len(said) == 1, (font, output)
            assert said[0] in families, f"stand-in {said[0]} for {font} is not an installed font"


def test_only_changed_documents_are_converted_again(
    example_with_pdfs: tuple[Path, str], tmp_path: Path, run: Run
) -> None:
    ws = Path(shutil.copytree(example_with_pdfs[0], tmp_path / "ws", symlinks=True))  # its own: it changes inputs
    result = run("-C", ws, "build", "--pdf")
    assert f"PDF：生成 0 个，已是最新 {EXAMPLE_DOCX} 个" in result.output
    plan = ws / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx"
    run("-C", ws, "build", "--force", "--unit", "韩村镇", "--kind", "方案")  # the same bytes again
    result = run("-C", ws, "build", "--pdf", "--unit", "韩村镇", "--kind", "方案")
    assert "PDF：生成 0 个，已是最新 1 个" in result.output  # current by content, whatever the file times
    leaders = [list(r) for r in LEADERS]
    next(r for r in leaders if r[0] == "韩村镇")[2] = "赵新任"
    write_workbook(ws / "inputs" / WORKBOOK_NAME, leaders=leaders)
    result = run("-C", ws, "build", "--pdf", "--unit", "韩村镇", "--kind", "方案")
    assert "PDF：生成 1 个，已是最新 0 个" in result.output
    assert any("赵新任" in line.text for page in read_pdf(plan.with_suffix(".pdf")) for line in page.lines)


def test_without_libreoffice_the_word_files_are_still_written(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_module, "find_soffice", lambda: None)
    result = run("-C", workspace, "build", "--pdf", "--kind", "通知")
    assert result.exit_code == 1
    assert (
        "错误：没有找到 LibreOffice，无法生成 PDF（Word 文件已经生成）。请先安装：在终端运行 sudo apt-get install -y libreoffice-writer-nogui"
        in result.output
    )
    assert "Traceback" not in result.output
    assert [p.suffix for p in output_files(workspace) if p.parent.name == "通知"] == [".docx"]


@pytest.fixture(scope="module")
def previewed(tmp_path_factory: pytest.TempPathFactory, built_workspace: Path) -> tuple[Path, Path, Result]:
    """`preview` of the notice, at 30 dpi, in a copy of the session's build, with a pdftoppm that
    fails first on PATH (Windows has none: page pictures are drawn by PDFium, whatever is on PATH):
    one LibreOffice run for both tests below."""
    from click.testing import CliRunner

    from generator.cli import main

    require_soffice()
    folder = tmp_path_factory.mktemp("preview")
    ws = Path(shutil.copytree(built_workspace, folder / "ws", symlinks=True))
    notice = notice_path(ws)
    trap = folder / "bin" / "pdftoppm"  # it must not be called
    trap.parent.mkdir()
    trap.write_text("#!/bin/sh\nexit 1\n")
    trap.chmod(0o755)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{trap.parent}:{os.environ['PATH']}")
        result = CliRunner().invoke(
            main, ["-C", str(ws), "preview", str(notice), "--dpi", "30"], catch_exceptions=False
        )
    return ws, notice, result


def test_preview_writes_a_png_per_page(previewed: tuple[Path, Path, Result]) -> None:
    ws, notice, result = previewed
    assert result.exit_code == 0, result.output
    folder = ws / "output" / "预览" / notice.stem
    pages = sorted(folder.glob("第*页.png"))
    assert len(pages) == 8  # 7 of text, the 版记 on the even page after them
    assert f"共 8 页，图片在 output/预览/{notice.stem}" in result.output
    assert f"output/预览/{notice.stem}/第1页.png" in result.output.splitlines()


def test_preview_needs_no_poppler(previewed: tuple[Path, Path, Result]) -> None:
    """Drawn with a failing pdftoppm first on PATH (the fixture), at the dpi asked for."""
    from PIL import Image

    ws, notice, result = previewed
    assert result.exit_code == 0, result.output
    first = ws / "output" / "预览" / notice.stem / "第1页.png"
    with Image.open(first) as image:
        # A4 portrait at 30 dpi: 210 x 297 mm is 248 x 351 pixels
        assert (abs(image.width - 248), abs(image.height - 351)) <= (1, 1)
        rgb = image.convert("RGB")
        pixels = [rgb.getpixel((x, y)) for x in range(rgb.width) for y in range(rgb.height)]
        red = sum(1 for r, g, b in pixels if r > 180 and g < 80 and b < 80)  # type: ignore[misc]
    assert red > 200  # the red 版头 and its rule are drawn, not a blank page


@pytest.mark.parametrize(
    ("platform", "says", "never"),
    [
        ("win32", "soffice.exe", "apt-get"),
        ("darwin", "应用程序", "apt-get"),
        ("linux", "apt-get install", "soffice.exe"),
    ],
)
def test_the_install_hint_is_for_the_clerks_own_system(platform: str, says: str, never: str) -> None:
    from generator.pdf.hints import install_hint

    hint = install_hint(platform)
    assert says in hint
    assert never not in hint
    assert "poppler" not in hint  # page pictures need no poppler any more


def test_bundle_starts_every_plan_on_an_odd_page(with_pdfs: tuple[Path, str], run: Run) -> None:
    from pypdf import PdfReader

    ws, _ = with_pdfs
    inputs, _ = validate(Workspace(ws))
    assert inputs is not None
    # in the workbook's order of units, the order of the print run
    plans = [(ws / "output" / j.output).with_suffix(".pdf") for j in plan_jobs(inputs) if j.kind == "方案"]
    result = run("-C", ws, "bundle", "方案")
    assert result.exit_code == 0, result.output
    bundle = PdfReader(str(ws / "output" / "打印" / "方案合订本.pdf"))
    counts = [len(PdfReader(str(p)).pages) for p in plans]
    # every plan but the last is padded to an even count, so the next one starts on a right-hand page
    assert len(bundle.pages) == sum(c + c % 2 for c in counts[:-1]) + counts[-1]
    assert f"已合订 {len(plans)} 份，共 {len(bundle.pages)} 页" in result.output
    page = 0
    for plan, count in zip(plans, counts, strict=True):
        assert page % 2 == 0  # zero-based even: page 1, 3, 5 ...
        unit = plan.stem.removesuffix("打击传销活动大排查工作方案")
        assert unit in bundle.pages[page].extract_text().replace("\n", "")
        if count % 2 and plan != plans[-1]:
            assert bundle.pages[page + count].extract_text().strip() == ""
        page += count + count % 2


def test_bundle_asks_for_a_build_first(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "bundle", "总结")
    assert result.exit_code == 1
    assert "请先运行 gongwen build" in result.output
    assert "Traceback" not in result.output


def test_check_passes_every_generated_document_as_laid_out(with_pdfs: tuple[Path, str], run: Run) -> None:
    ws, _ = with_pdfs
    # The folder: every .docx below it, gongwen's hidden folders (.gongwen-previous) left out; the
    # PDFs beside them are read, not made again.
    result = run("-C", ws, "check", ws / "output")
    assert result.exit_code == 0, result.output
    assert f"检查 {EXAMPLE_DOCX} 个文件：符合 {EXAMPLE_DOCX} 个，有问题 0 个。" in result.output


def test_a_pdf_is_current_by_content_not_by_clock(
    example_with_pdfs: tuple[Path, str], tmp_path: Path, run: Run
) -> None:
    """After the clock is set right again an old PDF may look newer than its .docx: it is not current."""
    import os

    require_soffice()
    # The notice and its PDF as `build --pdf` made them (the session's, copied: this test changes it)
    workspace = Path(shutil.copytree(example_with_pdfs[0], tmp_path / "ws", symlinks=True))
    (notice,) = (workspace / "output" / "通知").glob("*.docx")
    pdf = notice.with_suffix(".pdf")
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, notice={"联系人": "王新来"})
    assert run("-C", workspace, "build", "--kind", "通知").exit_code == 0
    future = notice.stat().st_mtime + 365 * 86400
    os.utime(pdf, (future, future))  # made "later" than the document, by a wrong clock
    result = run("-C", workspace, "build", "--pdf", "--kind", "通知")
    assert "PDF：生成 1 个，已是最新 0 个" in result.output, result.output
    assert any("王新来" in line.text for page in read_pdf(pdf) for line in page.lines)
    again = run("-C", workspace, "build", "--pdf", "--kind", "通知")
    assert "PDF：生成 0 个，已是最新 1 个" in again.output


@pytest.mark.parametrize(
    ("platform", "variable", "folder"),
    [
        ("win32", "PROGRAMFILES", "LibreOffice/program/soffice.exe"),
        ("win32", "LOCALAPPDATA", "Programs/LibreOffice/program/soffice.exe"),
        ("darwin", "HOME", "Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ],
)
def test_soffice_is_found_where_the_installers_put_it(
    platform: str, variable: str, folder: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Windows installer never puts soffice on PATH; on macOS it lives in the app bundle."""
    from generator.pdf import libreoffice

    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("GONGWEN_SOFFICE", raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("PROGRAMFILES", "PROGRAMFILES(X86)", "PROGRAMW6432", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(variable, str(tmp_path))
    assert libreoffice.find_soffice() is None
    soffice = tmp_path / folder
    soffice.parent.mkdir(parents=True)
    soffice.write_bytes(b"")
    assert libreoffice.find_soffice() == str(soffice)
    monkeypatch.setenv("GONGWEN_SOFFICE", str(tmp_path / "elsewhere.exe"))
    assert libreoffice.find_soffice() is None  # a named soffice that is not there is not replaced by another


def test_a_libreoffice_run_past_its_time_is_one_message(tmp_path: Path) -> None:
    """A template of millions of characters kept LibreOffice (the 版记's page count) past its
    timeout: subprocess.TimeoutExpired was an internal error."""
    from generator.errors import GongwenError

    from .hostile import good_template

    require_soffice()
    document = tmp_path / "通知.docx"
    document.write_bytes(good_template())
    with pytest.raises(GongwenError, match=r"LibreOffice 在 0\.01 秒内没有转换完"):
        pdf_module.convert_to_pdf([document], tmp_path / "pdf", timeout=0.01)


def test_a_failed_conversion_is_told_in_chinese_and_what_libreoffice_said_is_kept_in_a_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview showed LibreOffice's English stderr to the clerk. Any program that fails with
    English on stderr stands for a LibreOffice that failed (no LibreOffice run): Python does, given
    soffice's arguments (-env:... is no option of its)."""
    from generator.errors import GongwenError

    from .hostile import good_template

    monkeypatch.setenv("GONGWEN_SOFFICE", sys.executable)
    document = tmp_path / "通知.docx"
    document.write_bytes(good_template())
    target = tmp_path / "通知.pdf"
    for convert in (
        lambda: pdf_module.convert_to_pdf([document], tmp_path / "pdf"),
        lambda: pdf_module.convert_many([(document, target)], workers=1),
    ):
        with pytest.raises(GongwenError) as raised:
            convert()
        message = str(raised.value)
        kept = re.search(r"保存到 (.+?\.log)，", message)
        assert kept is not None, message
        log = Path(kept.group(1))
        assert "Unknown option" in log.read_text(encoding="utf-8")
        log.unlink()
        assert message == (
            f"LibreOffice 没能把「通知.docx」转成 PDF；LibreOffice 给出的详细信息已保存到 {log}，请发给维护人员。"
            "请确认这些文件能在 Word 或 WPS 中打开，再试一次"
        )
    assert not target.exists()


def test_many_documents_are_converted_a_hundred_a_launch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """文安乡's 汛期值班 (daily, 5月1日 to 9月30日) built 1,084 documents; `gongwen check` gave LibreOffice 542
    a launch over two workers and soffice exited 0 after converting 245 of them: 297 never converted.
    Here LibreOffice is stood in for (it converts what it is given and says which launch it was), and
    the limit of 100 a launch is lowered to 4 for 10 documents: the same split, without staging 250 copies."""
    from docx import Document

    assert pdf_module.FILES_PER_LAUNCH == 100
    monkeypatch.setattr(pdf_module, "FILES_PER_LAUNCH", 4)
    source = tmp_path / "一份.docx"
    Document().save(str(source))
    pairs = [(source, tmp_path / "pdf" / f"{i}.pdf") for i in range(10)]
    launches: list[int] = []

    def convert(soffice: str, profile: Path, fmt: str, out: Path, staged: list[Path], timeout: float) -> Any:
        out.mkdir(parents=True, exist_ok=True)
        for docx in staged:
            (out / f"{docx.stem}.pdf").write_bytes(f"%PDF-1.4 launch {len(launches)}".encode())
        launches.append(len(staged))
        return subprocess.CompletedProcess([soffice], 0, "", "")

    monkeypatch.setattr(pdf_module, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf_module, "run_soffice", convert)
    pdf_module.convert_many(pairs, workers=1)
    assert launches == [4, 4, 2]
    assert all(target.exists() for _, target in pairs)
