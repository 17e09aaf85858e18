"""A template whose page setup is not GB/T 9704's (A4, 版心 156 × 225 mm) is refused by name, or
warned about where a clerk may mean it, at templates check, validate, build and upload: every
document made from it would carry its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import Run, make_workspace
from .hostile import edit_main

A4_SIZE = '<w:pgSz w:w="11906" w:h="16838"/>'
A4_MARGINS = (
    '<w:pgMar w:top="1982" w:right="1475" w:bottom="1832" w:left="1587" w:header="851" w:footer="1367" w:gutter="0"/>'
)


def with_section(source: Path, size: str, margins: str) -> bytes:
    """`source` with its body's page size and margins replaced."""

    def replaced(xml: bytes) -> bytes:
        assert A4_SIZE.encode() in xml and A4_MARGINS.encode() in xml  # the shipped template's, to be replaced
        return xml.replace(A4_SIZE.encode(), size.encode()).replace(A4_MARGINS.encode(), margins.encode())

    return edit_main(replaced)(source.read_bytes())


REFUSED = {
    "tiny page": ('<w:pgSz w:w="2000" w:h="3000"/>', A4_MARGINS, "纸张不是 A4（210 × 297 mm），而是 35.3 × 52.9 mm"),
    "zero page": ('<w:pgSz w:w="0" w:h="0"/>', A4_MARGINS, "纸张不是 A4（210 × 297 mm），而是 0 × 0 mm"),
    "margins over the page": (
        A4_SIZE,
        '<w:pgMar w:top="1982" w:right="9000" w:bottom="1832" w:left="9000" w:header="851" w:footer="1367"/>',
        "左（订口）边距 158.8 mm，应为 28 mm（版心宽 156 mm）",
    ),
    # Word takes its own paper (Letter, often) or margins (25.4 / 31.8 mm) where a section names none.
    "no page size": ("", A4_MARGINS, "没有设定纸张大小，Word 会用它自己的默认纸张（常为 Letter 信纸"),
    "no margins": (A4_SIZE, "", "没有设定页边距，Word 会用它自己的默认边距（上下 25.4 mm、左右 31.8 mm）"),
    "a thousand columns": (
        A4_SIZE + '<w:pgMar w:top="1982" w:right="1475" w:bottom="1832" w:left="1587" w:header="851" w:footer="1367"'
        ' w:gutter="0"/><w:cols w:num="1000" w:space="0"/>',
        "",
        "正文分成了 1000 栏，公文的正文应为单栏",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
@pytest.mark.parametrize("command", [("templates", "check"), ("validate",), ("build",)])
def test_a_template_off_the_page_is_refused(tmp_path: Path, run: Run, case: str, command: tuple[str, ...]) -> None:
    ws = make_workspace(tmp_path / "ws")
    size, margins, message = REFUSED[case]
    template = ws / "templates" / "通知.docx"
    template.write_bytes(with_section(template, size, margins))
    result = run("-C", ws, *command)
    assert result.exit_code == 1, result.output
    line = next(line for line in result.output.splitlines() if message in line)
    assert line.startswith("错误：templates/通知.docx：") and "模板的页面设置" in line, line
    assert "纸张应为 A4 210×297 毫米" in line and "版心 156×225 毫米" in line, line
    assert not any((ws / "output").rglob("*.docx"))


def test_a_template_a_few_millimetres_off_is_warned_about_and_built(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    template = ws / "templates" / "通知.docx"
    template.write_bytes(with_section(template, A4_SIZE, A4_MARGINS.replace('w:left="1587"', 'w:left="1800"')))
    result = run("-C", ws, "build")
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "templates/通知.docx" in line and "边距" in line]
    assert line.startswith("警告：") and "左（订口）边距 31.8 mm，应为 28 mm" in line, line
    assert any(re.search("通知", p.name) for p in (ws / "output").rglob("*.docx"))


def test_the_shipped_templates_have_no_page_setup_finding(tmp_path: Path, run: Run) -> None:
    ws = make_workspace(tmp_path / "ws")
    result = run("-C", ws, "templates", "check")
    assert result.exit_code == 0 and "页面设置" not in result.output, result.output
