"""The generated notice says, paragraph by paragraph, what 永政办〔2018〕15号 says."""

from __future__ import annotations

import difflib
from pathlib import Path

from docx import Document

from examples.yongqing.workbook import NOTICE
from generator.standard import gbt9704

from .conftest import DATA


def document_paragraphs(path: Path) -> list[str]:
    """Non-empty body paragraphs, without the red 发文机关标志 (the seed text has none)."""
    doc = Document(str(path))
    out = []
    for p in doc.paragraphs:
        if p.style is not None and p.style.style_id == gbt9704.MARK.style_id:
            continue
        text = p.text.replace("\n", "")  # a title broken over two lines is one paragraph
        if text.strip():
            out.append(text)
    return out


def seed_paragraphs() -> list[str]:
    """The seed text as the document must print it.

    Adjustments, all explained in tests/data/README.md: the web page's
    "发表日期" line is not part of the document; the page lists the title before
    the 发文字号 while the document prints the number first (版头); the page
    hid the e-mail address, so the example's placeholder stands in, with the
    full-width colon the document uses.
    """
    lines = (DATA / "seed_notice.txt").read_text(encoding="utf-8").splitlines()
    lines = [ln for ln in lines if ln.strip() and not ln.startswith("发表日期")]
    title, number, *rest = lines
    email_line = next(i for i, ln in enumerate(rest) if ln.startswith("电子邮箱"))
    rest[email_line] = f"电子邮箱：{NOTICE['电子邮箱']}"
    return [number, title, *rest]


def test_notice_reproduces_the_seed_paragraph_by_paragraph(built_notice: Path) -> None:
    expected = seed_paragraphs()
    actual = document_paragraphs(built_notice)
    diff = "\n".join(difflib.unified_diff(expected, actual, "seed", "generated", lineterm=""))
    assert actual == expected, diff
    assert len(actual) == 40


def test_the_seed_copy_is_the_real_text() -> None:
    text = (DATA / "seed_notice.txt").read_text(encoding="utf-8")
    assert text.startswith("永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知\n永政办〔2018〕15号\n")
    assert "县政府决定自2018年1月19日至3月31日" in text
    assert len(text.splitlines()) == 41


def test_red_header_mark_and_banji_are_present(built_notice: Path) -> None:
    doc = Document(str(built_notice))
    marks = [p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == gbt9704.MARK.style_id]
    assert marks == ["永清县人民政府办公室文件"]
    banji = [
        p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs if p.text
    ]
    assert banji == ["抄送：县委办公室，县人大常委会办公室，县政协办公室。", "永清县人民政府办公室\t2018年1月22日印发"]


def test_headings_take_their_level_style(built_notice: Path) -> None:
    doc = Document(str(built_notice))
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        if p.style is not None:
            by_style.setdefault(p.style.style_id, []).append(p.text)
    assert by_style["Heading1"] == [
        "一、目标任务",
        "二、工作重点",
        "三、工作安排",
        "四、行动步骤",
        "五、工作措施",
        "六、工作要求",
    ]
    assert by_style["Heading2"] == [
        "（一）线索排查阶段（1月19日起至1月23日）",
        "（二）集中打击阶段（1月24日至3月25日）",
        "（三）巩固总结阶段（3月26日至3月31日）",
    ]
    # Run-in level-2 headings: the 楷体 character style covers exactly "（一）制定工作方案。".
    run_in = [
        r.text
        for p in doc.paragraphs
        for r in p.runs
        if r.style is not None and r.style.style_id == gbt9704.RUN_IN_HEADING_2.style_id
    ]
    assert run_in[:2] == ["（一）制定工作方案。", "（二）开展排查打击。"]
    assert len(run_in) == 12
