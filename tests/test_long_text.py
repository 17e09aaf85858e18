"""A .docx with one paragraph longer than libxml2 reads without huge_tree (kept off) is refused at
every entry point with the truth: which file, which part, that one run of text is too long, and the
limit; never "not valid XML", which sends the clerk looking for damage that is not there."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from generator.standard.wordml import MAX_TEXT_BYTES

from .conftest import Run, make_workspace
from .hostile import edit_main

# One clerk's paragraph, pasted from a system's export: CJK characters, 3 bytes each in UTF-8.
# Drawn at random so that it compresses as text does (a run of one character would be refused
# earlier, as a zip bomb).
LONG_TEXT_CHARS = MAX_TEXT_BYTES // 3 + 100_000
TOLD = "里有一段文字太长（一段连续的文字超过 1000 万字节，约 333 万个汉字）"


def with_long_paragraph(source: Path) -> bytes:
    """`source` with one paragraph of LONG_TEXT_CHARS characters first in its body."""
    chars = [chr(c) for c in range(0x4E00, 0x9FA5)]
    text = "".join(random.Random(9704).choices(chars, k=LONG_TEXT_CHARS))
    assert len(text.encode("utf-8")) > MAX_TEXT_BYTES
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
    return edit_main(lambda xml: xml.replace(b"<w:body>", b"<w:body>" + paragraph, 1))(source.read_bytes())


@pytest.fixture(scope="module")
def long_notice(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return with_long_paragraph(Path(__file__).parent.parent / "templates" / "通知.docx")


def _told(output: str, file: str) -> None:
    assert file in output and "word/document.xml" in output and TOLD in output, output
    assert "不是有效的" not in output and "不是完整的 XML" not in output and "Traceback" not in output


def test_import_tells_the_long_paragraph(tmp_path: Path, run: Run, long_notice: bytes) -> None:
    notice = tmp_path / "长通知.docx"
    notice.write_bytes(long_notice)
    result = run("import", notice, tmp_path / "ws")
    assert result.exit_code == 1
    _told(result.output, "长通知.docx")
    assert not (tmp_path / "ws").exists() and notice.read_bytes() == long_notice


def test_check_tells_the_long_paragraph(tmp_path: Path, run: Run, long_notice: bytes) -> None:
    document = tmp_path / "长文件.docx"
    document.write_bytes(long_notice)
    result = run("check", "--no-pdf", document)
    assert result.exit_code == 1
    _told(result.output, "长文件.docx")


@pytest.mark.parametrize("command", [("templates", "check"), ("validate",), ("build",)])
def test_a_template_with_the_long_paragraph_is_refused(
    tmp_path: Path, run: Run, long_notice: bytes, command: tuple[str, ...]
) -> None:
    ws = make_workspace(tmp_path / "ws")
    (ws / "templates" / "通知.docx").write_bytes(long_notice)
    result = run("-C", ws, *command)
    assert result.exit_code == 1
    _told(result.output, "通知.docx")
    assert not any((ws / "output").rglob("*.docx"))
    shutil.rmtree(ws)
