"""gongwen check: every generated document passes; each GB/T 9704 defect is named, with where it is."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pdf import libreoffice
from generator.standard.package import read_parts, replace_in_part, zip_bytes

from .conftest import EXAMPLE_DOCX, Run, require_soffice

NOTICE_TITLE = "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知"


def test_every_generated_document_conforms(built: Path, run: Run) -> None:
    documents = sorted((built / "output").rglob("*.docx"))
    assert len(documents) == EXAMPLE_DOCX
    result = run("-C", built, "check", "--no-pdf", *documents)  # rendered too: test_pdf.py
    assert result.exit_code == 0, result.output
    assert f"检查 {EXAMPLE_DOCX} 个文件：符合 {EXAMPLE_DOCX} 个，有问题 0 个。" in result.output


def defective(notice: Path, target: Path, part: str, old: str, new: str, count: int = 1) -> Path:
    """The notice with one edit in one part, as a clerk's (or Word's) slip would make it."""
    target.write_bytes(replace_in_part(notice, part, [(old, new)], count))
    return target


DEFECTS = [
    # (id, part, old, new, count, expected finding)
    ("letter-paper", "word/document.xml", 'w:w="11906"', 'w:w="12240"', -1,
     "页面设置：纸张不是 A4（210 × 297 mm），而是 215.9 × 297 mm"),
    ("left-margin", "word/document.xml", 'w:left="1587"', 'w:left="1800"', -1,
     "页面设置：左（订口）边距 31.8 mm，应为 28 mm（版心宽 156 mm）"),
    ("latin-font-for-chinese", "word/styles.xml", 'w:eastAsia="仿宋_GB2312"', 'w:eastAsia="Calibri"', -1,
     "第 5 段「永政办〔2018〕15号」等 15 段：中文用的是西文字体「Calibri」"),
    ("body-size", "word/styles.xml", '<w:sz w:val="32"/>', '<w:sz w:val="24"/>', -1,
     "正文字号为 12 磅，应为三号（16 磅）"),
    ("title-size", "word/styles.xml", '<w:sz w:val="44"/>', '<w:sz w:val="36"/>', -1,
     f"第 9 段「{NOTICE_TITLE[:12]}…」：标题字号为 18 磅，应为二号（22 磅）"),
    ("page-number-dash", "word/footer1.xml", "—", "-", -1,
     "页码：页码两边应各有一条一字线，如「— 1 —」"),
    ("page-number-size", "word/footer1.xml", '<w:sz w:val="28"/>', '<w:sz w:val="32"/>', -1,
     "页码：页码字号为 16 磅，应为四号（14 磅）"),
    ("wenhao-brackets", "word/document.xml", "〔2018〕", "[2018]", 1,
     "发文字号的年份应用六角括号〔〕"),
    ("wenhao-padding", "word/document.xml", "〕15号", "〕015号", 1,
     "发文字号的序号不编虚位"),
    ("date-in-chinese-numerals", "word/document.xml", "2018年1月22日<", "二〇一八年一月二十二日<", 1,
     "成文日期应用阿拉伯数字"),
    ("date-zero-padded", "word/document.xml", "2018年1月22日<", "2018年01月22日<", 1,
     "「2018年01月22日」：成文日期的月、日不编虚位"),
    ("heading-skipped", "word/document.xml", ">六、", ">七、", 1,
     "「七、工作要求」：序号不连续：上一个是 5，这里是 7"),
    ("heading-with-comma", "word/document.xml", ">（一）", ">（一）、", 1,
     "「（一）」「（1）」后面不再加顿号"),
    ("zhusong-ascii-colon", "word/document.xml", "有关部门：", "有关部门:", 1,
     "第 11 段「各乡镇（区、办），县政府…」：主送机关后应用全角冒号「：」"),
    ("black-masthead", "word/styles.xml", 'w:color w:val="FF0000"', 'w:color w:val="000000"', -1,
     "第 2 段「永清县人民政府办公室文件」：发文机关标志应为红色，这里是黑色"),
    ("ascii-comma", "word/document.xml", "要求，", "要求,", 1,
     "中文旁用了半角标点"),
    # Without w:pgSz or w:pgMar Word takes its own defaults (Letter paper, 25.4 / 31.8 mm margins).
    ("no-page-size", "word/document.xml", '<w:pgSz w:w="11906" w:h="16838"/>', "", -1,
     "页面设置：没有设定纸张大小，Word 会用它自己的默认纸张（常为 Letter 信纸 215.9 × 279.4 mm），不一定是 A4"),
    ("no-margins", "word/document.xml", '<w:pgMar w:top="1982" w:right="1475" w:bottom="1832" w:left="1587" '
     'w:header="851" w:footer="1367" w:gutter="0"/>', "", -1,
     "页面设置：没有设定页边距，Word 会用它自己的默认边距（上下 25.4 mm、左右 31.8 mm）"),
]  # fmt: skip


@pytest.mark.parametrize(("part", "old", "new", "count", "expected"), [d[1:] for d in DEFECTS],
                         ids=[d[0] for d in DEFECTS])  # fmt: skip
def test_each_defect_is_named_with_where_it_is(
    built_notice: Path, tmp_path: Path, run: Run, part: str, old: str, new: str, count: int, expected: str
) -> None:
    document = defective(built_notice, tmp_path / "公文.docx", part, old, new, count)
    result = run("check", "--no-pdf", document)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert "检查 1 个文件：符合 0 个，有问题 1 个。" in result.output
    assert "：1 处问题" in result.output  # one slip, one finding


def test_json_report_for_machines(built_notice: Path, tmp_path: Path, run: Run) -> None:
    bad = defective(built_notice, tmp_path / "坏.docx", "word/document.xml", "〕15号", "〕015号")
    result = run("check", "--json", "--no-pdf", built_notice, bad)
    assert result.exit_code == 1
    good_report, bad_report = json.loads(result.output)
    assert good_report == {"文件": str(built_notice), "符合": True, "问题": []}
    assert bad_report["符合"] is False
    (problem,) = bad_report["问题"]
    assert problem["code"] == "wenhao-padding" and problem["where"] == "第 5 段「永政办〔2018〕015…」"


def test_a_file_that_is_not_a_docx_is_reported_not_raised(tmp_path: Path, run: Run) -> None:
    fake = tmp_path / "通知.docx"
    fake.write_text("不是 Word 文件")
    result = run("check", fake)
    assert result.exit_code == 1
    assert "不是有效的 Word（.docx）文件，无法检查" in result.output
    assert "Traceback" not in result.output


def test_a_plain_word_document_is_checked_too(tmp_path: Path, run: Run) -> None:
    from docx import Document

    document = Document()  # python-docx's default: Letter paper, fonts from the theme
    document.add_paragraph("关于开展排查工作的通知")
    document.add_paragraph("各乡镇:")
    path = tmp_path / "别人的文件.docx"
    document.save(str(path))
    result = run("check", "--no-pdf", path)
    assert result.exit_code == 1
    assert "页面设置：纸张不是 A4（210 × 297 mm），而是 215.9 × 279.4 mm" in result.output
    assert "第 1 段「关于开展排查工作的通知」等 2 段：中文字体取自主题" in result.output
    assert "第 1 段「关于开展排查工作的通知」：标题应居中排布" in result.output
    assert "第 2 段「各乡镇:」：主送机关后应用全角冒号「：」" in result.output


RENDERED_DEFECTS = [
    # (id, part, old, new, expected finding): what only the laid-out page shows
    ("line-pitch", "word/document.xml", 'w:linePitch="592"', 'w:linePitch="640"',
     "第 3 页等 5 页：排了 20 行，应为每页 22 行"),
    ("character-spacing", "word/styles.xml", '<w:spacing w:val="-5"/>', '<w:spacing w:val="20"/>',
     "行每行 26 字，应为每行 28 字"),
    ("footer-distance", "word/document.xml", 'w:footer="1367"', 'w:footer="300"',
     "第 1 页等 8 页：页码在纸张上边 288 mm 处，应在版心下 7 mm（约 269 mm）"),
]  # fmt: skip


@pytest.fixture(scope="module")
def rendered_defects(built_notice: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each defective notice of RENDERED_DEFECTS checked as laid out, all in one `check` of their
    folder (one LibreOffice run, not one per defect): what it said of each, by the defect's id."""
    from click.testing import CliRunner

    from generator.cli import main

    require_soffice()
    folder = tmp_path_factory.mktemp("rendered-defects")
    for name, part, old, new, _ in RENDERED_DEFECTS:
        defective(built_notice, folder / f"{name}.docx", part, old, new, -1)
    runner = CliRunner()
    # The files' settings alone look right: only their pages show the defects.
    settings = runner.invoke(main, ["check", "--no-pdf", str(folder)], catch_exceptions=False)
    assert settings.exit_code == 0, settings.output
    result = runner.invoke(main, ["check", str(folder)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    said: dict[str, str] = {}
    for line in result.output.splitlines():  # "× <file>：…" heads each file's block
        if line.startswith(("×", "√")):
            current = Path(line[2:].split("：")[0]).stem
        if line.startswith(("×", "√", " ")):
            said[current] = said.get(current, "") + line + "\n"
    return said


@pytest.mark.parametrize("defect", [d[0] for d in RENDERED_DEFECTS])
def test_each_layout_defect_is_found_on_the_rendered_pages(rendered_defects: dict[str, str], defect: str) -> None:
    expected = next(d[4] for d in RENDERED_DEFECTS if d[0] == defect)
    said = rendered_defects[defect]
    assert said.startswith("×") and expected in said, said


def test_without_libreoffice_only_the_file_is_checked(
    built_notice: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    result = run("check", built_notice)
    assert result.exit_code == 0
    assert "提示：没有检查实际排版（每页 22 行、每行 28 字" in result.output
    assert "：本机没有找到 LibreOffice。" in result.output


def _variant(source: Path, target: Path, change: Callable[[str, bytes], bytes | None], big: int = 0) -> Path:
    """A copy of a .docx with each member passed through `change` (None drops it), and optionally a
    member of `big` MB of zeros (it compresses to almost nothing: a zip bomb)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
        if big:
            with zout.open("word/media/big.bin", "w", force_zip64=True) as fh:
                for _ in range(big):
                    fh.write(b"\0" * (1 << 20))
    return target


def test_hostile_files_each_get_a_reason_and_the_others_are_still_checked(
    built_notice: Path, tmp_path: Path, run: Run
) -> None:
    """Issue 16.12-13: in one batch, a zip bomb, a DOCTYPE, deep nesting, a missing body and a
    non-zip file are each refused with a reason a clerk can act on; the real document is checked."""

    def document(change: Callable[[bytes], bytes | None]) -> Callable[[str, bytes], bytes | None]:
        return lambda name, data: change(data) if name == "word/document.xml" else data

    cases = {
        "bomb": (_variant(built_notice, tmp_path / "bomb.docx", lambda n, d: d, big=100), "解压后有 100 MB，超过上限"),
        "dtd": (
            _variant(
                built_notice,
                tmp_path / "dtd.docx",
                document(lambda d: d.replace(b"<w:document", b'<!DOCTYPE x [<!ENTITY a "a">]><w:document', 1)),
            ),
            "DOCTYPE",
        ),
        "deep": (
            _variant(
                built_notice,
                tmp_path / "deep.docx",
                document(lambda d: d.replace(b"<w:body>", b"<w:body>" + b"<w:sdt>" * 100000 + b"</w:sdt>" * 100000, 1)),
            ),
            "",
        ),
        "no body": (_variant(built_notice, tmp_path / "nobody.docx", document(lambda d: None)), "缺少正文部分"),
    }
    fake = tmp_path / "假的.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    good = tmp_path / "good.docx"
    good.write_bytes(built_notice.read_bytes())
    result = run("check", "--no-pdf", *[path for path, _ in cases.values()], fake, good)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "程序内部出错" not in result.output
    lines = result.output.splitlines()
    for path, reason in [*cases.values(), (fake, "不是有效的 zip 包")]:
        at = next(i for i, ln in enumerate(lines) if path.name in ln)
        assert "不是有效的 Word（.docx）文件，无法检查：" in lines[at + 1] and reason in lines[at + 1], lines[at + 1]
    assert any(ln.startswith("√ ") and ln.endswith("good.docx：符合") for ln in lines), result.output


LANDSCAPE_SIZE = '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
# GB/T 9704's portrait margins turned with the page (8: on an odd page the table's head is on the
# 订口 side): 订口 28 mm at the top, 切口 26 mm at the foot, the 天头 37 mm on the right and the
# 地脚 (297 - 37 - 225 = 35 mm) on the left; written out here, not taken from the code.
TURNED_MARGINS = '<w:pgMar w:top="1587" w:right="2098" w:bottom="1474" w:left="1984"'


def test_a_landscape_table_page_is_checked_with_the_margins_turned(built: Path, tmp_path: Path, run: Run) -> None:
    """The roll-up's landscape section: its margins are the portrait page's turned a quarter, as
    the sheet is turned to read it. gongwen's own roll-up passes; one with the 天头 on the left (the
    portrait margins mirrored, not turned: the 版心 35 mm under the sheet's top edge) or a page's
    margins a clerk left at Word's defaults is named, section and side."""
    rollup = built / "output" / "统计" / "2018年2月" / "全县汇总表2018年2月.docx"
    xml = read_parts(rollup)["word/document.xml"].decode("utf-8")
    margins = re.search(r"<w:pgMar [^>]*>", xml[xml.index(LANDSCAPE_SIZE) :])
    assert margins is not None and margins.group(0).startswith(TURNED_MARGINS), margins
    result = run("check", "--no-pdf", rollup)
    assert result.exit_code == 0, result.output
    mirrored = TURNED_MARGINS.replace('w:right="2098"', 'w:right="1984"').replace('w:left="1984"', 'w:left="2098"')
    word = '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440"'
    expected = {
        mirrored: ["左（地脚）边距 37 mm，应为 35 mm", "右（天头）边距 35 mm，应为 37 mm"],
        word: ["上（订口）边距 25.4 mm，应为 28 mm", "右（天头）边距 25.4 mm，应为 37 mm"],
    }
    for index, (edit, messages) in enumerate(expected.items()):
        document = defective(rollup, tmp_path / f"汇总{index}.docx", "word/document.xml", TURNED_MARGINS, edit, -1)
        result = run("check", "--no-pdf", document)
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if "横排页" in line]
        for message in messages:
            assert any(message in line and "页面设置" in line for line in lines), (message, result.output)
        assert "Traceback" not in result.output


def test_a_document_with_no_page_setup_at_all_is_named(built_notice: Path, tmp_path: Path, run: Run) -> None:
    """A body with no w:sectPr: Word lays every page out on its own defaults (Letter, its margins)."""
    parts = read_parts(built_notice)
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = re.sub(r"<w:sectPr\b.*?</w:sectPr>", "", xml, flags=re.S).encode("utf-8")
    assert b"sectPr" not in parts["word/document.xml"]
    document = tmp_path / "无页面设置.docx"
    document.write_bytes(zip_bytes(parts))
    result = run("check", "--no-pdf", document)
    assert result.exit_code == 1, result.output
    assert "页面设置：没有设定纸张大小，Word 会用它自己的默认纸张" in result.output, result.output
    assert "Traceback" not in result.output
