"""Names that reach file names: invisible and bidi characters, device names, names too long."""

from __future__ import annotations

from pathlib import Path

import pytest

from examples.yongqing.workbook import DOCUMENTS, UNITS, write_workbook
from generator.documents.registry import safe_filename
from generator.inputs.schema import WORKBOOK_NAME

from .conftest import Run, output_files


def _units_with(first: str) -> list[list[object]]:
    return [[first, *UNITS[0][1:]], *[list(u) for u in UNITS[1:]]]


def test_a_right_to_left_override_never_reaches_a_file_name(workspace: Path, run: Run) -> None:
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=_units_with("永清\u202e镇"))
    result = run("-C", workspace, "build", "--kind", "方案")
    assert result.exit_code == 0, result.output
    assert "单元格 A2：「单位名称」中有看不见的字符（零宽字符或文字方向控制符），已删除" in result.output
    names = [p.name for p in output_files(workspace)]
    assert "永清镇打击传销活动大排查工作方案.docx" in names
    assert not any(ch in n for n in names for ch in "\u202a\u202b\u202c\u202d\u202e\u200b")


@pytest.mark.parametrize(
    "invisible",
    [
        "\u061c",  # ARABIC LETTER MARK: a direction control, as U+202E is
        "\u2028",  # LINE SEPARATOR: a line break inside a file name
        "\u00ad",  # SOFT HYPHEN
        "\u3164",  # HANGUL FILLER: blank, yet a letter (printable)
        "\ufe0f",  # VARIATION SELECTOR-16 (printable)
        "\U000e0041",  # TAG LATIN CAPITAL LETTER A
        "\u180e",  # MONGOLIAN VOWEL SEPARATOR
    ],
    ids=["ALM", "LS", "SHY", "hangul-filler", "VS16", "tag", "MVS"],
)
def test_no_invisible_character_reaches_a_file_name(invisible: str, workspace: Path, run: Run) -> None:
    """Each made 永清镇's plan a file whose name looks the same and is another (or breaks a line)."""
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=_units_with(f"永清{invisible}镇"))
    result = run("-C", workspace, "build", "--kind", "方案")
    assert result.exit_code == 0, result.output
    assert "单元格 A2：「单位名称」中有看不见的字符（零宽字符或文字方向控制符），已删除" in result.output
    names = [p.name for p in output_files(workspace)]
    assert "永清镇打击传销活动大排查工作方案.docx" in names
    assert not any(invisible in n for n in names)


def test_a_character_lost_to_an_encoding_is_told_by_its_cell(workspace: Path, run: Run) -> None:
    """U+FFFD is what a wrong conversion leaves of a character: printed as it is, named, never silent."""
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=_units_with("永\ufffd镇"))
    result = run("-C", workspace, "validate")
    assert (
        "工作表「单位」 单元格 A2：「单位名称」中有乱码字符「\ufffd」（U+FFFD：文字转换编码时丢失的字）"
        in result.output
    )


def test_a_zero_width_twin_of_a_unit_is_the_same_unit(workspace: Path, run: Run) -> None:
    units = [*[list(u) for u in UNITS], ["韩\u200b村镇", "乡镇", None, None, None]]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=units)
    result = run("-C", workspace, "validate")
    assert result.exit_code == 1
    assert "单位「韩村镇」重复" in result.output


def test_a_windows_device_name_is_not_used_as_a_file_name(workspace: Path, run: Run) -> None:
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, notice={"标题": "CON"})
    assert run("-C", workspace, "build", "--kind", "通知").exit_code == 0
    assert [p.name for p in (workspace / "output" / "通知").iterdir()] == ["CON_.docx"]


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("CON", "CON_"),
        ("nul.txt", "nul_.txt"),  # was nul.txt_: still the device NUL to Windows
        ("Aux.tar.gz", "Aux_.tar.gz"),
        ("CON .docx", "CON_.docx"),  # Windows drops the spaces before the dot
        ("com¹", "com¹_"),  # ¹ ² ³ are digits to Windows: COM¹ is a serial port
        ("LPT³.报表", "LPT³_.报表"),
        ("CONIN$", "CONIN$_"),
        ("conout$.x", "conout$_.x"),
        ("COM10", "COM10"),
        ("CONSOLE", "CONSOLE"),
        ("韩村镇.2月", "韩村镇.2月"),
    ],
)
def test_no_name_windows_keeps_for_a_device_is_a_file_name(name: str, kept: str) -> None:
    assert safe_filename(name) == kept


def test_long_names_are_shortened_readably_and_stay_distinct(workspace: Path, run: Run) -> None:
    long_a, long_b = "甲" * 119 + "镇", "甲" * 118 + "乙镇"
    units = [[long_a, "乡镇", None, None, None], [long_b, "乡镇", None, None, None], *[list(u) for u in UNITS[1:]]]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, units=units, teams=[], leaders=[], focus=[],
                   summary=[], reports=[], campaign={"牵头单位": UNITS[1][0]},
                   notice={"标题": "关于" + "开展" * 40 + "的通知"})  # fmt: skip
    result = run("-C", workspace, "build", "--kind", "方案", "--kind", "通知")
    assert result.exit_code == 0, result.output
    files = output_files(workspace)
    assert all(len(p.name.encode("utf-8")) <= 255 for p in files)
    plans = sorted(p.name for p in (workspace / "output" / "方案").glob("甲*.docx"))
    assert len(plans) == 2 and plans[0] != plans[1]
    assert all(name.startswith("甲甲甲甲甲") and "…" in name for name in plans)  # still readable


def test_a_folder_deeper_than_any_path_this_system_allows_is_refused_at_the_documents_sheet(
    workspace: Path, run: Run
) -> None:
    """A 文件夹 of 2,000 levels: the build's plan asked whether its file existed and stopped with an
    internal error (ENAMETOOLONG). It is an error of the 文档 sheet before anything is written."""
    documents = [["通知", "通知", "是", None, "/".join(["层"] * 2000), "是", "是"], *DOCUMENTS[1:]]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, documents=documents)
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 1, result.output
    assert "工作表「文档」：「通知」的文件「output/层/层/层/" in result.output
    assert "字节，无法写入；请在「文档」表里把它的文件名、文件夹改短" in result.output
    assert "程序内部出错" not in result.output
    assert output_files(workspace) == []


@pytest.mark.parametrize("name", ["../../外面", "{outside}/外面", "..\\..\\外面", "子目录/通知", "CON"])
def test_a_document_name_is_never_a_path_to_a_template_elsewhere(
    name: str, workspace: Path, run: Run, tmp_path: Path
) -> None:
    """templates/<文档>.docx was joined from the 文档 name as it was: `templates export ../../外面`
    wrote a template outside the workspace, and a build read <absolute path>.docx as the template
    of its documents. The name is an error at its cell, for every command, and nothing is written."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "外面.docx").write_bytes((workspace / "templates" / "通知.docx").read_bytes())
    name = name.format(outside=outside)
    documents = [[name, "通知", "是", None, None, "是", "是"], *DOCUMENTS[1:]]
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, documents=documents)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    for command in (["validate"], ["build", "--kind", "通知"], ["templates", "export", name]):
        result = run("-C", workspace, *command)
        assert result.exit_code == 1, (command, result.output)
        assert f"工作表「文档」 单元格 A2：文档名「{name}」不能用作文件名" in result.output, command
        assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before, command
