"""`gongwen check` on a labelled corpus (tests/gbt_corpus.py): every conforming document and every
document of the shipped examples passes; every labelled fault is caught, alone, at its place.

The corpus is written once per session; its PDFs are made in one LibreOffice call.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.check.conformance import Defect, check_document, check_rendered, expected_pages
from generator.check.rendered import Expected, check_pages
from generator.pdf import libreoffice
from generator.pdf.measure import Char, Line, Page

from .conftest import Run, require_soffice
from .gbt_corpus import FAULTS, Case, conforming, write_all

XML_FAULTS = [c for c in FAULTS if not c.on_pdf]
PDF_FAULTS = [c for c in FAULTS if c.on_pdf]
GOOD = [name for name, _ in conforming()]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]]:
    return write_all(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def corpus_pdfs(
    corpus: tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    require_soffice()
    good, bad = corpus
    documents = [*good.values(), *(path for _, path, _ in bad.values())]
    folder = tmp_path_factory.mktemp("corpus-pdf")
    libreoffice.convert_to_pdf(documents, folder)  # one LibreOffice call for the whole corpus
    return folder


def rendered(path: Path, pdfs: Path) -> list[Defect]:
    return check_rendered(pdfs / f"{path.stem}.pdf", expected_pages(path, check_document(path)))


def test_the_corpus_is_large_enough() -> None:
    assert len(FAULTS) >= 60
    assert len({c.name for c in FAULTS}) == len(FAULTS)
    rules = {c.rule.split(" ")[0] for c in FAULTS}
    # Every part of the standard the checker knows has a fault: page, fonts, 版头, 主体, 版记, 页码.
    assert {"5.1", "5.2.1", "5.2.2", "5.2.3", "5.2.4", "7.2.4", "7.2.5", "7.2.7", "7.3.1", "7.3.2", "7.3.3",
            "7.3.4", "7.3.5", "7.3.5.4", "7.3.6", "7.3.7", "7.4.2", "7.4.3", "7.5", "9"} <= rules  # fmt: skip


@pytest.mark.parametrize("name", GOOD)
def test_conforming_documents_pass_on_the_xml(corpus: tuple[dict[str, Path], dict[str, object]], name: str) -> None:
    assert check_document(corpus[0][name]) == []


@pytest.mark.parametrize("case", XML_FAULTS, ids=[c.name for c in XML_FAULTS])
def test_each_fault_is_found_alone_at_its_place(
    corpus: tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]], case: Case
) -> None:
    _, path, where = corpus[1][case.name]
    (defect,) = check_document(path)  # one fault, one finding
    assert case.message in defect.message, (case.message, str(defect))
    assert defect.where == where or defect.where.startswith(f"{where}等 "), (where, str(defect))


@pytest.mark.parametrize("name", GOOD)
def test_conforming_documents_pass_as_laid_out(
    corpus: tuple[dict[str, Path], dict[str, object]], corpus_pdfs: Path, name: str
) -> None:
    assert rendered(corpus[0][name], corpus_pdfs) == []


@pytest.mark.parametrize("case", PDF_FAULTS, ids=[c.name for c in PDF_FAULTS])
def test_each_layout_fault_is_found_alone_on_its_page(
    corpus: tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]], corpus_pdfs: Path, case: Case
) -> None:
    _, path, where = corpus[1][case.name]
    assert check_document(path) == []  # the file's settings alone look right
    (defect,) = rendered(path, corpus_pdfs)
    assert case.message in defect.message, (case.message, str(defect))
    assert defect.where == where or defect.where.startswith(f"{where}等 "), (where, str(defect))


def test_a_word_grid_is_judged_on_the_file_not_on_libreoffice_line_breaks(
    corpus: tuple[dict[str, Path], dict[str, object]], corpus_pdfs: Path
) -> None:
    """LibreOffice sets Word's character grid 14 to a line: what depends on line breaks is said
    to be unchecked, and the 28 per line is counted from the grid."""
    path = corpus[0]["Word 文档网格每行 28 字的通知"]
    note = expected_pages(path, []).note
    assert note is not None and "文档网格" in note and "没有在 PDF 上检查每页行数" in note
    assert rendered(path, corpus_pdfs) == []


def test_faults_in_the_file_add_nothing_on_the_pages(
    corpus: tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]], corpus_pdfs: Path
) -> None:
    extra = {c.name: [str(d) for d in rendered(corpus[1][c.name][1], corpus_pdfs)] for c in XML_FAULTS}
    assert {name: found for name, found in extra.items() if found} == {}


@pytest.mark.parametrize("example", ["liuhe", "blank"])
def test_every_document_of_the_shipped_examples_passes_as_laid_out(
    tmp_path: Path, run: Run, example: str, built_examples: dict[str, Path]
) -> None:
    """`check output` (a folder) on a whole built example, laid out by LibreOffice. The 永清 example's
    documents are checked the same way in tests/test_pdf.py; 柳河's build is a copy of the session's."""
    require_soffice()
    ws = tmp_path / example
    if example == "blank":
        assert run("init", ws, "--blank").exit_code == 0
        assert run("-C", ws, "build").exit_code == 0
    else:
        shutil.copytree(built_examples[example], ws, symlinks=True)
    count = len(list((ws / "output").rglob("*.docx")))
    assert count >= 12
    # One LibreOffice (-j 1, not one per core): the test run's workers keep both cores busy, and two
    # launches cost a CPU-second more; conversion in parallel is test_pdf.py's `build --pdf`.
    result = run("-C", ws, "check", "-j", "1", ws / "output")
    assert result.exit_code == 0, result.output
    assert f"检查 {count} 个文件：符合 {count} 个，有问题 0 个。" in result.output


def test_check_a_folder_finds_every_docx_below_it(
    corpus: tuple[dict[str, Path], dict[str, tuple[Case, Path, str]]], tmp_path: Path, run: Run
) -> None:
    folder = tmp_path / "要检查的"
    (folder / "二级").mkdir(parents=True)
    good = corpus[0][GOOD[0]]
    (folder / "好.docx").write_bytes(good.read_bytes())
    (folder / "二级" / "坏.docx").write_bytes(corpus[1]["wenhao-015"][1].read_bytes())
    (folder / "~$好.docx").write_bytes(b"Word lock file")  # Word's lock file beside an open document
    (folder / "说明.txt").write_text("不是 Word 文件", encoding="utf-8")
    result = run("check", "--no-pdf", "--json", folder)
    assert result.exit_code == 1
    report = {Path(r["文件"]).name: r for r in json.loads(result.output)}
    assert set(report) == {"好.docx", "坏.docx"}
    assert report["好.docx"]["符合"] is True
    assert report["坏.docx"]["问题"][0]["code"] == "wenhao-padding"


def test_a_folder_named_from_outside_the_workspace_is_the_workspace_s(
    corpus: tuple[dict[str, Path], dict[str, object]], tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/换一个活动.md: `gongwen -C 森林防火 check output`, typed in the folder above the workspace."""
    ws = tmp_path / "森林防火"
    (ws / "output" / "通知").mkdir(parents=True)
    (ws / "output" / "通知" / "通知.docx").write_bytes(corpus[0][GOOD[0]].read_bytes())
    (tmp_path / "output").mkdir()  # another output/ where the command is typed: not the one meant
    monkeypatch.chdir(tmp_path)
    result = run("-C", ws, "check", "--no-pdf", "output")
    assert result.exit_code == 0, result.output
    assert "√ output/通知/通知.docx：符合" in result.output


def test_an_empty_folder_is_a_clear_error(tmp_path: Path, run: Run) -> None:
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    result = run("check", empty)
    assert result.exit_code == 2
    assert "里没有 .docx 文件" in result.output
    assert "Traceback" not in result.output and "Error" not in result.output


def test_click_messages_of_check_are_chinese(tmp_path: Path, run: Run) -> None:
    missing = run("check", tmp_path / "没有这个.docx")
    assert missing.exit_code == 2
    assert "错误：找不到" in missing.output and "does not exist" not in missing.output
    none = run("check")
    assert none.exit_code == 2
    assert "缺少参数" in none.output and "Missing" not in none.output


def test_without_pdf_the_report_says_what_was_not_checked(
    corpus: tuple[dict[str, Path], dict[str, object]], run: Run
) -> None:
    result = run("check", "--no-pdf", corpus[0][GOOD[0]])
    assert result.exit_code == 0
    assert "提示：没有检查实际排版（每页 22 行、每行 28 字" in result.output
    assert "落款或附注单独成页" in result.output and "--no-pdf" in result.output


def _page(number: int, texts: list[tuple[float, str, float]]) -> Page:
    """A laid-out A4 page with lines of text at (top in mm, text, size in pt)."""
    lines = [
        Line(
            [
                Char(ch, 28 + i * 5.6, 33.6 + i * 5.6, top, top + size * 0.35, size, "FangSong", None)
                for i, ch in enumerate(text)
            ]
        )
        for top, text, size in texts
    ]
    return Page(number, 210.0, 297.0, lines, [])


def test_a_blank_page_before_the_banji_page_and_that_page_carry_no_number() -> None:
    """7.5: a blank page before the 版记's page: neither is numbered. Any other page without one is named."""
    text = [(39.1 + i * 10.44, "各乡镇要把检查延伸到村，把小作坊纳入检查范围", 16.0) for i in range(22)]
    numbered = [(266.0, "— 1 —", 14.0)]
    pages = [_page(1, text + numbered), _page(2, []), _page(3, [(250.0, "抄送：县委办公室。", 14.0)])]
    assert [d for d in check_pages(pages, Expected()) if d.code == "page-number-missing"] == []
    pages[1] = _page(2, [(39.1, "和出租房屋纳入检查范围。", 16.0)])
    (missing,) = [d for d in check_pages(pages, Expected()) if d.code == "page-number-missing"]
    assert missing.where == "第 2 页等 2 页"


def _full_lines_page(number: int, counts: list[int]) -> Page:
    """A page of 22 lines of 三号 text as wide as the 版心, the nth holding counts[n] characters."""
    text = "各乡镇要把检查延伸到村把小作坊和出租房屋纳入检查范围逐户登记建档落实"
    lines = []
    for row, count in enumerate(counts):
        top, pitch = 39.1 + row * 10.44, 156.0 / count
        chars = [
            Char(ch, 28 + i * pitch, 28 + (i + 1) * pitch, top, top + 5.6, 16.0, "FangSong", None)
            for i, ch in enumerate(text[:count])
        ]
        lines.append(Line(chars))
    lines.append(
        Line(
            [
                Char(ch, 170 + i * 3, 173 + i * 3, 266.0, 271.0, 14.0, "SimSun", None)
                for i, ch in enumerate(f"— {number} —")
            ]
        )
    )
    return Page(number, 210.0, 297.0, lines, [])


def test_a_paragraph_set_29_characters_a_line_is_not_a_page_set_wrong() -> None:
    """A 文秘 sets a paragraph whose last line would hold one character (安。) a little closer: its
    lines hold 29 or 30 字 (docs/layout.md), on any page. A page set 29 a line throughout, or a
    line of 31, is still reported."""

    def found(*pages: list[int]) -> list[Defect]:
        laid = [_full_lines_page(number, counts) for number, counts in enumerate(pages, start=1)]
        return [d for d in check_pages(laid, Expected()) if d.code == "chars-per-line"]

    assert found([28] * 18 + [29] * 4, [28] * 20 + [30] * 2) == []
    (wrong,) = found([29] * 22, [28] * 22)
    assert "每行 29 字" in wrong.message
    (wrong,) = found([28] * 20 + [31] * 2, [28] * 22)
    assert "每行 31 字" in wrong.message
