"""Render the pictures of docs/换一个活动.md's 报送情况, 单位类型 and 核稿 sections from real output.

    python scripts/make_truth_pictures.py      # needs LibreOffice and pdftoppm

Builds the 永清 example and the two campaigns of tests/test_truth.py (a school-safety campaign of
schools, departments and a township; a campaign where 19 of 22 units never reported) in scratch
workspaces, converts the documents shown to PDF and keeps the page that shows the point, and
writes the 核稿 output of the school campaign as the guide quotes it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from click.testing import CliRunner  # noqa: E402

from generator.cli import main  # noqa: E402
from generator.pdf.libreoffice import convert_to_pdf  # noqa: E402
from tests import test_truth  # noqa: E402

OUT = REPO / "docs" / "guide"
DPI = 70


def run(*args: Any) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def page_png(document: Path, page: int, name: str, scratch: Path) -> None:
    (pdf,) = convert_to_pdf([document], scratch)
    stem = OUT / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)],
        check=True,
    )
    print(stem.with_suffix(".png"))


def fixture(function: Any, root: Path) -> Any:
    """A module fixture of tests/test_truth.py, called as plain code."""

    class Factory:
        def mktemp(self, name: str) -> Path:
            path = root / name
            path.mkdir(parents=True)
            return path

    return function.__wrapped__(Factory())


def main_() -> int:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        yongqing = scratch / "yongqing"
        run("init", yongqing)
        run("-C", yongqing, "build", "-q")
        out = yongqing / "output"
        page_png(out / "总结" / "三圣口乡打击传销活动大排查工作总结.docx", 1, "truth-missing-month", scratch)
        page_png(out / "方案" / "县公安局打击传销活动大排查工作方案.docx", 1, "truth-department-plan", scratch)
        silent = fixture(test_truth.silent, scratch)
        page_png(silent / "output" / "总结" / "安平县打击非法集资专项行动工作总结.docx", 3, "truth-ranking", scratch)
        schools, _ = fixture(test_truth.schools, scratch)
        page_png(schools / "output" / "总结" / "县实验小学校园安全专项整治工作总结.docx", 1, "truth-sections", scratch)
        text = run("-C", schools, "核稿")
        (OUT / "truth-proofread.txt").write_text(text, encoding="utf-8")
        print(OUT / "truth-proofread.txt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_())
