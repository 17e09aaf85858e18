"""`gongwen import`: real notices in, a workspace out whose build prints the notice again.

Every expected value below was read by hand from the notice's text (tests/data/notices/README.md
says where each notice comes from); none is produced by the importer. The rebuilt text is the
notice's own lines, changed only as the comments say (web-page lines dropped, the 发文字号 in the
版头 before the title, a title's lines joined).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from generator import app
from generator.importer.facts import recognise
from generator.importer.parts import Part, split_parts
from generator.importer.punctuation import full_width
from generator.importer.reading import SourceRefused, read_source
from generator.pdf.libreoffice import convert_to_pdf, page_count
from generator.standard import gbt9704

from .conftest import DATA, EXAMPLE, FILLED_TITLE, Run, fill_blank_dates, notice_path, require_soffice

D = dt.date
NOTICES = DATA / "notices"


def printed_paragraphs(path: Path) -> list[str]:
    """The notice's paragraphs as printed: non-empty, the red 发文机关标志 left out (the sources
    have none), a title's line break read as nothing, the last lines the 落款 keeps with it (a body
    paragraph without its first-line indent, pagination's cut) read with the lines before them."""
    out: list[str] = []
    for p in Document(str(path)).paragraphs:
        if p.style is not None and p.style.style_id == gbt9704.MARK.style_id:
            continue
        text = p.text.replace("\n", "").replace("\t", "")  # (a joint 署名's organs stand at tab stops)
        indent = p._p.find(f"{W}pPr/{W}ind")
        body = p.style is not None and p.style.style_id == gbt9704.BODY.style_id
        if out and body and indent is not None and indent.get(f"{W}firstLine") == "0":
            out[-1] += text
            continue
        if text.strip():
            out.append(text)
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def source_lines(name: str) -> list[str]:
    text = (NOTICES / name).read_text(encoding="utf-8") if "/" not in name else Path(name).read_text("utf-8")
    return [ln.strip(" \u3000\u00a0") for ln in text.splitlines() if ln.strip(" \u3000\u00a0")]


def expected(lines: list[str], *, drop: Sequence[int] = (), first: int | None = None,
             join: Sequence[int] = (), replace: dict[int, str] | None = None,
             insert: dict[int, list[str]] | None = None) -> list[str]:  # fmt: skip
    """The lines (numbered from 1) as the rebuilt notice prints them: `drop` the web page's,
    `first` the line of the 发文字号 (printed before the title), `join` lines of a title (with
    the line after each), `replace` lines gongwen writes differently (and says so), `insert` lines
    gongwen adds before a line (a title the page printed as its heading, inferred and said)."""
    rows = {i: ln for i, ln in enumerate(lines, start=1)}
    for i, text in (replace or {}).items():
        rows[i] = text
    for i in sorted(join, reverse=True):
        rows[i] = rows[i] + rows.pop(i + 1)
    order = [i for i in rows if i not in drop and i != first]
    out = [rows[first]] if first else []
    for i in order:
        out += (insert or {}).get(i, [])
        out.append(rows[i].replace(" ", "") if i in join else rows[i])
    return out


def import_and_build(source: Path, target: Path) -> tuple[app.Workspace, Any]:
    report = app.import_notice(source, target)
    workspace = app.Workspace(target)
    fill_blank_dates(target)
    result = app.build(workspace, kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    return workspace, report


def sheet_values(workspace: Path, sheet: str) -> dict[str, Any]:
    wb = load_workbook(workspace / "inputs" / "活动数据.xlsx")
    return {str(r[0].value): r[1].value for r in wb[sheet].iter_rows(min_row=2) if r[0].value}


def phases(workspace: Path) -> list[tuple[Any, ...]]:
    wb = load_workbook(workspace / "inputs" / "活动数据.xlsx")
    rows = list(wb["阶段"].iter_rows(min_row=2, max_col=3, values_only=True))
    return [(name, start.date(), end.date()) for name, start, end in rows if name]


def assert_same(expected_lines: list[str], actual: list[str]) -> None:
    diff = "\n".join(difflib.unified_diff(expected_lines, actual, "原文", "生成", lineterm=""))
    assert actual == expected_lines, diff


# --- the seed notice: 永政办〔2018〕15号 ----------------------------------------------------------

SEED_NOTICE = {
    "发文机关": "永清县人民政府办公室",
    "发文字号": "永政办〔2018〕15号",
    "成文日期": dt.datetime(2018, 1, 22),
    "标题": "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知",
    "主送机关": "各乡镇（区、办），县政府有关部门",
    "联系人": "刘卫兵",
    "联系电话": "0316-6681122、6681123（传真）",
}
SEED_CAMPAIGN = {
    "活动名称": "打击传销活动大排查",
    "本级名称": "永清县",
    "范围": "全县",
    "方案标题": "永清县打击传销活动大排查实施方案",
    "开始日期": dt.datetime(2018, 1, 19),
    "结束日期": dt.datetime(2018, 3, 31),
    "牵头单位": "县工商和食药监局",
    "领导小组办公室": "县打击传销领导小组办公室",
    "方案报送截止": dt.datetime(2018, 1, 19),
    "报送周期": "月",
    "报送日": 2,
    "总结报送截止": dt.datetime(2018, 4, 1),
}
SEED_PHASES = [
    ("线索排查阶段", D(2018, 1, 19), D(2018, 1, 23)),
    ("集中打击阶段", D(2018, 1, 24), D(2018, 3, 25)),
    ("巩固总结阶段", D(2018, 3, 26), D(2018, 3, 31)),
]


def seed_expected() -> list[str]:
    # line 3 is the web page's 发表日期; line 41 the e-mail address the page hid
    return expected(source_lines(str(DATA / "seed_notice.txt")), drop=(3, 41), first=2)


@pytest.mark.parametrize("name", ["seed_notice.txt", "seed_notice.docx"])
def test_the_seed_notice_imports_to_a_workspace_that_prints_it_again(tmp_path: Path, name: str) -> None:
    _workspace, report = import_and_build(DATA / name, tmp_path / "ws")
    actual = printed_paragraphs(notice_path(tmp_path / "ws"))
    assert_same(seed_expected(), actual)
    assert len(actual) == 39
    assert {k: v for k, v in sheet_values(tmp_path / "ws", "发文").items() if k in SEED_NOTICE} == SEED_NOTICE
    assert {k: v for k, v in sheet_values(tmp_path / "ws", "活动").items() if k in SEED_CAMPAIGN} == SEED_CAMPAIGN
    assert phases(tmp_path / "ws") == SEED_PHASES
    units = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")["单位"]
    members = [r[0] for r in units.iter_rows(min_row=2, values_only=True) if r[3] == "是"]
    assert members == ["县公安局", "县工商和食药监局", "县教育局", "县人社局"]
    lines = (tmp_path / "ws" / "导入说明.txt").read_text(encoding="utf-8").splitlines()
    assert list(report.lines) == lines
    assert "  第 2 段：发文字号 永政办〔2018〕15号" in lines
    later = 0 if name.endswith(".txt") else 1  # the .docx has no 发表日期 line: later paragraphs are one up
    assert f"  第 {17 - later} 段：领导小组办公室 县打击传销领导小组办公室" in lines
    assert f"  第 {38 - later} 段：报送日 2" in lines
    assert any("发文机关标志" in ln and "不确定" in ln for ln in lines)  # inferred, and said to be


def test_the_seed_notice_template_holds_variables_not_the_values(tmp_path: Path) -> None:
    app.import_notice(DATA / "seed_notice.txt", tmp_path / "ws")
    text = "".join(p.text for p in Document(str(tmp_path / "ws" / "templates" / "通知.docx")).paragraphs)
    for variable in ("{{ 活动.开始日期|日期 }}", "{{ 活动.结束日期|月日 }}", "{%p for s in 活动.阶段 %}",
                     "{{ 活动.报送日 }}", "{{ 活动.领导小组成员单位|顿号连接 }}", "{{ 活动.领导小组办公室 }}"):  # fmt: skip
        assert variable in text
    assert "线索排查阶段" not in text and "1月23日" not in text  # the phases come from the 阶段 sheet


def test_changing_the_workbook_changes_the_imported_notice(tmp_path: Path) -> None:
    """The values are the workbook's: next year's campaign is this year's notice with new dates."""
    app.import_notice(DATA / "seed_notice.txt", tmp_path / "ws")
    book = tmp_path / "ws" / "inputs" / "活动数据.xlsx"
    wb = load_workbook(book)
    rows = {r[0].value: r[1] for r in wb["活动"].iter_rows(min_row=2)}
    rows["结束日期"].value = dt.datetime(2018, 4, 15)
    wb["阶段"]["C4"].value = dt.datetime(2018, 4, 15)
    wb.save(book)
    app.build(app.Workspace(tmp_path / "ws"), kinds=["通知"], jobs=1)
    printed = printed_paragraphs(notice_path(tmp_path / "ws"))
    assert "打击传销大排查时间从1月19日起至4月15日结束，分为三个阶段：" in printed
    assert "（三）巩固总结阶段（3月26日至4月15日）" in printed


def test_another_document_s_title_keeps_its_words_when_the_campaign_is_renamed(tmp_path: Path) -> None:
    """云乐镇 (2019) cites 《安徽省人民政府办公厅关于印发安徽省政府信息公开统计制度的通知》; the import's
    campaign name 信息公开 stood in it as a variable, and the clerk who renamed the campaign 政务公开
    printed the province's notice as 《…安徽省政府政务公开统计制度的通知》. A title the notice cites is
    its issuer's words; the campaign's name still stands in the notice's own sentences."""
    workspace, _report = import_and_build(NOTICES / "云乐镇信息公开统计制度.docx", tmp_path / "ws")
    _set_cells(workspace.root, "活动", {("活动名称", "内容"): "政务公开"})
    assert not app.build(workspace, kinds=["通知"], jobs=1).findings.errors
    printed = "".join(printed_paragraphs(notice_path(tmp_path / "ws")))
    assert "《安徽省人民政府办公厅关于印发安徽省政府信息公开统计制度的通知》" in printed
    assert "深入推进全镇政府政务公开工作" in printed  # the campaign's own words follow its name


def test_a_renamed_campaign_that_doubles_a_word_of_its_sentence_is_told(tmp_path: Path) -> None:
    """云乐镇's notice says 深入推进全镇政府信息公开工作; the import made 信息公开 (the campaign's name)
    the variable in 政府{{ 活动.名称 }}工作. The clerk who renames the campaign 政府信息公开 would print
    政府政府信息公开: the build says so, naming the template's paragraph, the words doubled and the
    cell to change, while a name that doubles nothing (政务公开) is not warned of."""
    workspace, _report = import_and_build(NOTICES / "云乐镇信息公开统计制度.docx", tmp_path / "ws")
    _set_cells(workspace.root, "活动", {("活动名称", "内容"): "政务公开"})
    quiet = app.build(workspace, kinds=["通知"], jobs=1).findings
    assert not [f for f in quiet.warnings if "重复" in f.message], quiet.warnings
    _set_cells(workspace.root, "活动", {("活动名称", "内容"): "政府信息公开"})
    findings = app.build(workspace, kinds=["通知"], jobs=1).findings
    doubled = [f for f in findings.warnings if "政府政府信息公开" in f.message]
    assert doubled, findings.warnings
    assert all(
        "「活动」表" in f.message and "{{ 活动.名称 }}" in f.message and "所在段落" in f.message for f in doubled
    )
    assert any("深入推进全镇政府{{ 活动.名称 }}工作" in f.message for f in doubled), doubled
    assert "政府政府信息公开" in "".join(printed_paragraphs(notice_path(tmp_path / "ws")))  # told, as printed


def _recognised(tmp_path: Path, lines: Sequence[str]) -> Any:
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    document = read_source(source)
    return recognise(split_parts(document.paragraphs), [(p.number, p.text) for p in document.set_aside])


# Real titles and the campaign a clerk names from each: without the notice's framing (关于做好…工作的
# 紧急通知), without the issuer of a notice passed on, without its dates (which the forms, sheets and
# summaries print beside the name, each period its own): a name printed in 第3期强降雨防范统计报表 that
# said 7月2日至4日 would read wrong on every form.
CAMPAIGN_TITLES = [
    ("云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知", "强降雨防范"),  # 宜君县云梦乡, 2018
    (
        "关于转发《国家森林防火指挥部关于做好2009年元旦春节期间森林防火工作的紧急通知》",
        "元旦春节期间森林防火",
    ),  # 通源乡
    ("卢市镇关于做好2021年全国“两会”安全生产大检查的通知", "全国“两会”安全生产大检查"),  # 卢市镇, 2021
    ("铜冶中心校关于做好2014年春季开学初安全工作的通知", "春季开学初安全"),  # 铜冶中心校, 2014
    ("福州市人民政府办公厅转发市教育局等部门关于进一步加强中小学安全管理工作的通知", "中小学安全管理"),  # 2006
    ("关于开展2011年12月21日至2012年1月5日建筑安全生产大排查的通知", "建筑安全生产大排查"),  # 重庆市城乡建委's span
    ("关于做好2016年10月1日—7日国庆节期间安全工作的通知", "国庆节期间安全"),
]


@pytest.mark.parametrize(("title", "name"), CAMPAIGN_TITLES)
def test_the_campaign_name_is_the_title_s_subject_without_its_dates(tmp_path: Path, title: str, name: str) -> None:
    rec = _recognised(tmp_path, [title, "各村委会：", "请认真贯彻执行。", "××乡人民政府", "2018年7月2日"])
    assert rec.value("活动.活动名称") == name


def test_a_title_s_dates_are_the_campaign_s_when_the_body_gives_none(tmp_path: Path) -> None:
    """云梦乡's notice with its first sentence's 7月2日至4日 left out: the title's dates, in the notice's year,
    are the campaign's 开始 and 结束 (never its name's), read from the title."""
    rec = _recognised(tmp_path, ["云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知", "各村委会、乡属各单位：",
                                 "接县防汛办紧急通知，我县将有一次强降水天气过程。特紧急通知如下：",
                                 "云梦乡人民政府", "2018年7月2日"])  # fmt: skip
    assert rec.value("活动.活动名称") == "强降雨防范"
    assert (rec.value("活动.开始日期"), rec.value("活动.结束日期")) == (D(2018, 7, 2), D(2018, 7, 4))
    assert next(f.where for f in rec.found if f.field == "活动.开始日期") == "第 1 段"


# A name the notice gives that the new workspace's documents print beside their own words: 工作 after it
# (……工作方案, 为做好……工作), 统计报表 after it. The import names the campaign without the doubled words.
DOUBLING_TITLES = [
    ("××镇人民政府关于做好森林防火工作有关事项的通知", "森林防火", "工作"),
    ("××镇人民政府关于做好政府信息公开统计工作的通知", "政府信息公开", "统计"),
]


@pytest.mark.parametrize(("title", "name", "words"), DOUBLING_TITLES)
def test_an_imported_campaign_name_doubles_no_word_its_documents_print_beside_it(
    tmp_path: Path, title: str, name: str, words: str
) -> None:
    source = tmp_path / "通知.txt"
    lines = [
        title,
        "各村委会：",
        "自2024年3月1日至5月31日，在全镇开展工作。每月5日前报送统计表。",
        "××镇人民政府",
        "2024年2月28日",
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    report = app.import_notice(source, tmp_path / "ws")
    assert sheet_values(tmp_path / "ws", "活动")["活动名称"] == name
    found = next(f for f in report.recognition.found if f.field == "活动.活动名称")
    assert f"去掉了“{words}”" in found.note, found.note  # the clerk is told why the name is shorter than the title's
    fill_blank_dates(tmp_path / "ws")
    result = app.build(app.Workspace(tmp_path / "ws"), jobs=1)
    assert not result.findings.errors, result.findings.errors
    assert not [f for f in result.findings.warnings if "重复" in f.message], result.findings.warnings
    names = [p.name for p in (tmp_path / "ws" / "output").rglob("*.docx")]
    assert names and not [n for n in names if re.search(r"(..)\1", n.replace(name, ""))], names


def test_the_imported_notice_passes_gongwen_check(tmp_path: Path) -> None:
    require_soffice()
    import_and_build(DATA / "seed_notice.docx", tmp_path / "ws")
    report = app.check([notice_path(tmp_path / "ws")])
    assert report.laid_out
    assert all(found == [] for found in report.results.values()), report.results


@pytest.fixture(scope="module")
def seed_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """seed_notice.docx saved as Word 97 (.doc) by LibreOffice, with a private profile: made once for
    the module's two tests of .doc and .wps files (a LibreOffice launch costs about a CPU-second)."""
    require_soffice()
    folder = tmp_path_factory.mktemp("seed-doc")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--convert-to", "doc",
         "--outdir", str(folder / "doc"), str(DATA / "seed_notice.docx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return (folder / "doc" / "seed_notice.doc").read_bytes()


def test_doc_and_wps_files_are_read_through_libreoffice(tmp_path: Path, seed_doc: bytes) -> None:
    (tmp_path / "seed_notice.doc").write_bytes(seed_doc)
    expected_lines = [ln for i, ln in enumerate(source_lines(str(DATA / "seed_notice.txt")), 1) if i not in (3, 41)]
    # WPS's .wps files are Word 97 documents by another name: LibreOffice reads them by their content
    shutil.copyfile(tmp_path / "seed_notice.doc", tmp_path / "永清县通知.wps")
    for name, kind in (("seed_notice.doc", "旧版 Word（.doc）"), ("永清县通知.wps", "WPS 文字（.wps）")):
        doc = read_source(tmp_path / name)
        assert doc.kind == kind
        assert [p.text for p in doc.paragraphs] == expected_lines


# --- five other real notices ------------------------------------------------------------------------

SANBAN_PLAN = "三班镇工贸行业落实企业全员安全生产责任制拓展安全生产标准化提升专项行动2025年持续深化方案"
SANBAN_TITLE = f"德化县三班镇人民政府关于印发{SANBAN_PLAN}的通知"
# the page's stray half-width full stop after a comma (印发给你们，.请) made full-width, as gongwen says it does
DATONG_6 = (NOTICES / "大同市环保专项行动.txt").read_text(encoding="utf-8").splitlines()[5].replace(".", "。")
# the lines whose page spaces beside full-width marks go (欢乐、 祥和, 一、各部门做到自查自检， 提前防范。)
YINCHUAN_SPACED = {
    n: line.replace("、 ", "、").replace("， ", "，")
    for n, line in enumerate((NOTICES / "银川住房公积金国庆安全.txt").read_text(encoding="utf-8").splitlines(), 1)
    if n in (2, 3, 5, 7, 9)
}
YUEYANG_TITLE = "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知"
TONGYUAN_NOTE = "附件：国家森林防火指挥部关于做好2009年元旦春节期间森林防火工作的紧急通知"
BENXI_TITLE = "本溪满族自治县人民政府办公室关于印发《本溪满族自治县2019年河长制工作考核方案》的通知"
# name: (what the notice says, as read by hand; the rebuilt text's changes)
REAL: dict[str, dict[str, Any]] = {
    "兴县打击非法集资": {
        "发文": {"发文机关": "兴县人民政府办公室", "成文日期": dt.datetime(2024, 7, 12),
                 "标题": "兴县人民政府办公室\n关于印发兴县打击非法集资专项行动\n工作方案的通知",
                 "主送机关": "各乡（镇）人民政府、县直各有关单位"},
        "活动": {"活动名称": "打击非法集资专项行动", "本级名称": "兴县", "方案标题": "兴县打击非法集资专项行动工作方案"},
        "parts": {Part.TITLE: 1, Part.ZHUSONG: 2, Part.SIGNATURE: 4, Part.DATE: 5, Part.FUZHU: 6, Part.PLAN_TITLE: 7},
        # the page's title, its three lines parted by spaces, prints as one title over three lines
        "rebuilt": {"replace": {1: "兴县人民政府办公室关于印发兴县打击非法集资专项行动工作方案的通知"}},
        "unread": ("发文字号", "活动的开始和结束日期", "阶段", "牵头单位", "领导小组办公室", "报送周期"),
    },
    "于都县应急管理五个全覆盖": {
        "发文": {"发文字号": "于府办发〔2022〕33号", "成文日期": dt.datetime(2022, 4, 26),
                 "主送机关": "各乡（镇）人民政府，县政府有关部门、县直（驻县）有关单位"},
        "活动": {"本级名称": "于都县", "方案标题": "于都县应急管理工作“五个全覆盖”工作方案",
                 "活动名称": "应急管理工作“五个全覆盖”"},
        "parts": {Part.WENHAO: 1, Part.TITLE: 2, Part.ZHUSONG: 4, Part.DATE: 6, Part.PLAN_TITLE: 7},
        # the organ's line and 关于印发… are one title; the page left out the 署名: the title's organ signs
        "rebuilt": {"join": (2,), "insert": {6: ["于都县人民政府办公室"]}},
        "unsure": ("发文机关", "方案标题"),  # the page has no 署名; the first printed plan is not the title's
        "unread": ("活动的开始和结束日期", "阶段"),
    },
    "淅川县森林火灾应急预案": {
        "发文": {"发文字号": "淅政办〔2009〕147号", "成文日期": dt.datetime(2009, 11, 18),
                 "主送机关": "各乡镇人民政府（街道办事处），县直有关单位"},
        "活动": {"本级名称": "淅川县", "方案标题": "淅川县森林火灾应急预案", "活动名称": "森林火灾应急预案"},
        "parts": {Part.TITLE: 17, Part.WENHAO: 19, Part.ZHUSONG: 20, Part.DATE: 22, Part.ATTACHMENT_NOTE: 23,
                  Part.PLAN_TITLE: 24},
        # lines 1-16 and 18: the site's navigation and information bar; the date in Arabic numerals
        # (no 署名 on the page: the title's organ signs)
        "rebuilt": {"drop": (*range(1, 17), 18), "first": 19, "replace": {22: "2009年11月18日"},
                    "insert": {22: ["淅川县人民政府办公室"]}},
        "unsure": ("发文机关",),
        "page_lines": 17,
    },
    "怀远县防汛抗旱应急预案": {
        "发文": {"发文字号": "怀政办〔2022〕15号", "发文机关": "怀远县人民政府办公室", "成文日期": dt.datetime(2022, 3, 26),
                 "主送机关": "各乡、镇人民政府，县政府各部门、各直属机构"},
        "活动": {"本级名称": "怀远县", "方案标题": "怀远县防汛抗旱应急预案", "领导小组办公室": "县防汛抗旱指挥部办公室"},
        "parts": {Part.TITLE: 7, Part.WENHAO: 9, Part.ZHUSONG: 10, Part.SIGNATURE: 12, Part.DATE: 13,
                  Part.FUZHU: 14, Part.PLAN_TITLE: 15},
        # lines 1-6: the page's information bar; line 9's number lost its 〕 and 号 on the page,
        # the bar has it whole
        "rebuilt": {"drop": range(1, 7), "first": 9, "join": (7,), "replace": {9: "怀政办〔2022〕15号"}},
        "unsure": ("发文字号",),
        "page_lines": 6,
        # the .docx has no information bar: the garbled number is printed as it is in the 版头, and said
        "docx": {"rebuilt": {"first": 3, "join": (1,)}, "发文": {"发文机关": "怀远县人民政府办公室"}, "unsure": (),
                 "unread": ("发文字号",), "garbled": "怀政办〔202215"},
    },
    "卢市镇两会安全生产大检查": {
        # the page printed no 成文日期: the campaign's first day, inferred (not the starter's 2025年3月1日)
        "发文": {"标题": "卢市镇关于做好2021年全国“两会”安全生产大检查的通知", "成文日期": dt.datetime(2021, 3, 7)},
        "活动": {"本级名称": "卢市镇", "范围": "全镇", "开始日期": dt.datetime(2021, 3, 7),
                 "结束日期": dt.datetime(2021, 3, 10), "活动名称": "全国“两会”安全生产大检查"},
        "parts": {Part.TITLE: 1},
        "rebuilt": {},
        "unsure": ("发文机关", "活动名称", "成文日期"),  # a plain notice: no 署名 on the page, the name from its title
        "unread": ("发文字号", "阶段", "牵头单位"),  # the page printed no 发文字号: the clerk is told
    },
    "来苏镇村委会换届选举": {
        # a joint notice (联合行文) of a town's Party committee and government: both marks in the 版头,
        # both organs sign, the lead organ first; its place is named with those above it
        "发文": {"发文机关": "中共重庆市永川区来苏镇委员会\n重庆市永川区来苏镇人民政府",
                 "发文机关标志": "中共重庆市永川区来苏镇委员会\n重庆市永川区来苏镇人民政府",
                 "发文字号": "来苏委发〔2021〕68号", "成文日期": dt.datetime(2021, 3, 11),
                 "标题": "关于印发《来苏镇第十一届村民委员会换届选举工作方案》的通知",
                 "主送机关": "各村党总支、村委会", "印发机关": "中共重庆市永川区来苏镇委员会"},
        "活动": {"本级名称": "来苏镇", "范围": "全镇", "方案标题": "来苏镇第十一届村民委员会换届选举工作方案",
                 "活动名称": "第十一届村民委员会换届选举"},
        "parts": {Part.WENHAO: 5, Part.MARK: 6, Part.TITLE: 8, Part.ZHUSONG: 9, Part.SIGNATURE: 11, Part.DATE: 13,
                  Part.FUZHU: 14, Part.PLAN_TITLE: 15},
        # lines 1-4: the page's information bar; 6-7 the marks (the 版头, not compared); the two 署名
        # lines are one paragraph broken between the organs
        "rebuilt": {"drop": (1, 2, 3, 4, 6, 7), "first": 5, "join": (11,)},
        "unread": ("活动的开始和结束日期", "牵头单位"),
        "page_lines": 4,
    },
    "三班镇工贸行业安全生产标准化": {
        # the page starts at the 主送机关 (its heading was the title), its information bar holds the
        # 发文字号 (备注/文号：德三政〔2025〕39号), the plan's title runs over two lines
        "发文": {"发文字号": "德三政〔2025〕39号", "发文机关": "德化县三班镇人民政府", "成文日期": dt.datetime(2025, 4, 3),
                 "主送机关": "各村（居）委会，镇直有关单位、相关企业", "标题": SANBAN_TITLE},
        "活动": {"本级名称": "三班镇", "方案标题": SANBAN_PLAN},
        "parts": {Part.ZHUSONG: 5, Part.SIGNATURE: 7, Part.DATE: 8, Part.FUZHU: 9, Part.PLAN_TITLE: 10},
        # lines 1-4: the page's bar; the number it holds and the inferred title print before line 5
        "rebuilt": {"drop": range(1, 5), "insert": {5: ["德三政〔2025〕39号", SANBAN_TITLE]}, "join": (10,)},
        "unsure": ("发文字号", "标题"),
        "page_lines": 4,
        # the .docx has no bar: no number (asked for), the title inferred all the same
        "docx": {"rebuilt": {"insert": {1: [SANBAN_TITLE]}, "join": (6,)}, "unsure": ("标题",),
                 "发文": {"发文机关": "德化县三班镇人民政府", "标题": SANBAN_TITLE}, "unread": ("发文字号",)},
    },
    "通州区园林绿化局信息报送通报": {
        # a 区's bureau office: its 通报's 附件 is the statistics table itself, pasted from the page as
        # one line of cells parted by |; the metrics come from its header (本月 and 累计 of one metric
        # are one metric, 采用情况 and 报送分数 count nothing)
        "发文": {"发文机关": "通州区园林绿化局办公室", "成文日期": dt.datetime(2016, 10, 8),
                 "标题": "2016年9月信息报送及采用情况通报", "主送机关": "局机关各科室、森林公安处及各基层单位"},
        "活动": {"本级名称": "通州区", "范围": "全区", "活动名称": "信息报送及采用情况"},
        "parts": {Part.TITLE: 1, Part.ZHUSONG: 2, Part.ATTACHMENT_NOTE: 6, Part.SIGNATURE: 8, Part.DATE: 9,
                  Part.ATTACHMENT_LABEL: 10, Part.ATTACHMENT_TITLE: 11, Part.ATTACHMENT_BODY: 12},
        "rebuilt": {"replace": {10: "附件1"}},  # 附件标识 without the page's colon (GB/T 9704 8.2)
        "unsure": ("活动名称", "统计指标"),
        "metrics": [["局机关科室信息报送分数", "报送", "条", "整数"], ["局机关科室信息报送分数", "采用", "条", "整数"]],
    },
    "西津街道中秋国庆森林防火": {
        # a 街道's notice on its site: the site's name over its location bar (您现在所在的位置：…), the
        # information bar with the number in ﹝﹞, the title opening with the place, not the organ
        "发文": {"发文字号": "西办秘〔2019〕61号", "发文机关": "西津街道办事处", "主送机关": "各村、社区、直属各单位",
                 "标题": "西津街道关于切实做好中秋国庆期间森林防火工作的通知", "印发机关": "西津街道办事处"},
        # a plain notice prints no plan: the units' plans cite the notice (根据《…的通知》要求)
        "活动": {"本级名称": "西津街道", "范围": "全街道", "活动名称": "中秋国庆期间森林防火",
                 "方案标题": "西津街道关于切实做好中秋国庆期间森林防火工作的通知"},
        "parts": {Part.TITLE: 9, Part.ZHUSONG: 11},
        # lines 1-8 and 10: the page's; the number its bar holds prints in the 版头, before the title
        "rebuilt": {"drop": (*range(1, 9), 10), "insert": {9: ["西办秘〔2019〕61号"]}},
        "unsure": ("发文字号", "发文机关", "活动名称"),
        "unread": ("活动的开始和结束日期",),
        "page_lines": 9,
        "docx": {"rebuilt": {}, "unsure": ("发文机关",), "unread": ("发文字号",),
                 "发文": {"发文机关": "西津街道办事处", "主送机关": "各村、社区、直属各单位", "印发机关": "西津街道办事处"}},
    },
    "岳阳市政务公开实施意见": {
        # a joint notice (联合行文) of a city's Party committee office and government office, as the county's
        # page copied it: the heading gives the 发文字号 after the title in brackets; the page's lines
        # (归档时间, 视力保护色, 浏览量) stand between it and the 主送机关
        "发文": {"发文字号": "岳办发〔2017〕2号", "发文机关": "中共岳阳市委办公室\n岳阳市人民政府办公室",
                 "发文机关标志": "中共岳阳市委办公室\n岳阳市人民政府办公室",
                 "成文日期": dt.datetime(2017, 1, 10), "印发机关": "中共岳阳市委办公室",
                 "标题": "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
                 "主送机关": "各县市区委、人民政府，岳阳经济技术开发区、城陵矶新港区、南湖新区、屈原管理区，"
                             "市直各单位，中央、省驻岳单位"},
        "活动": {"本级名称": "岳阳市", "范围": "全市", "方案标题": "关于全面推进政务公开工作的实施意见",
                 "活动名称": "全面推进政务公开"},
        "parts": {Part.WENHAO: 3, Part.TITLE: 3, Part.ZHUSONG: 7, Part.SIGNATURE: 9, Part.DATE: 11,
                  Part.PLAN_TITLE: 12},
        # lines 1-2 and 4-6: the page's; the number in the heading's brackets prints in the 版头
        "rebuilt": {"drop": (1, 2, 4, 5, 6), "first": 3, "join": (9,),
                    "replace": {3: "岳办发〔2017〕2号"},
                    "insert": {7: ["中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知"]}},
        "unsure": ("印发机关",),
        "page_lines": 5,
    },
    "云乐镇信息公开统计制度": {
        # a 镇's 制度 on its site: the site's name over its location bar; the units report quarterly,
        # 每年1、4、7、10月8日之前 the quarter before
        "发文": {"标题": "云乐镇信息公开统计制度"},
        "活动": {"本级名称": "云乐镇", "范围": "全镇", "报送周期": "季", "报送日": 8, "活动名称": "信息公开"},
        "parts": {Part.TITLE: 3},
        "rebuilt": {"drop": (1, 2, 4)},
        "unsure": ("本级名称", "方案标题"),
        "unread": ("活动的开始和结束日期", "阶段"),
        "page_lines": 3,
    },
    "泾县防范电信网络诈骗集中宣传": {
        # a county's 平安办 (a Party committee's office, its county named with one character): 中共泾县县委…
        "发文": {"发文字号": "泾平安办〔2021〕1号", "发文机关": "中共泾县县委平安泾县建设领导小组办公室",
                 "成文日期": dt.datetime(2021, 1, 6), "主送机关": "各乡镇，县直各单位",
                 "标题": "关于印发《泾县防范电信网络诈骗犯罪集中宣传活动工作方案》的通知"},
        "活动": {"本级名称": "泾县", "范围": "全县", "方案标题": "泾县防范电信网络诈骗犯罪集中宣传活动工作方案",
                 "活动名称": "防范电信网络诈骗犯罪集中宣传活动"},
        "parts": {Part.TITLE: 9, Part.ZHUSONG: 11, Part.SIGNATURE: 13, Part.DATE: 14, Part.PLAN_TITLE: 15},
        # lines 1-8 and 10: the page's; the number its bar holds prints in the 版头, before the title
        "rebuilt": {"drop": (*range(1, 9), 10), "insert": {9: ["泾平安办〔2021〕1号"]}, "join": (15,)},
        "unsure": ("发文字号",),
        "page_lines": 9,
        "docx": {"rebuilt": {"join": (6,)}, "unsure": (), "unread": ("发文字号",),
                 "发文": {"发文机关": "中共泾县县委平安泾县建设领导小组办公室", "主送机关": "各乡镇，县直各单位"}},
    },
    "大同市环保专项行动": {
        # a 市 office's notice to its counties, as a law database's page holds it: the site's name over
        # the title, the 发文字号 in round brackets under it (its year in [ ]), the date written 二OO九 with
        # letters, a sentence broken at its link (为进一步贯彻落实 / 国务院《……》), a page number pasted in;
        # no 署名 on the page: the organ the title names signs over the date, as its mark heads the 版头
        "发文": {"发文字号": "同政办发〔2009〕96号", "发文机关": "大同市人民政府办公厅", "成文日期": dt.datetime(2009, 4, 28),
                 "主送机关": "各县（区）人民政府，市直各委、局、办、企事业单位"},
        "活动": {"本级名称": "大同市", "范围": "全市",
                 "方案标题": "大同市2009年开展整治违法排污企业保障群众健康环保专项行动实施方案",
                 "活动名称": "整治违法排污企业保障群众健康环保专项行动",  # not 开展…: a form is 城区……统计报表
                 "开始日期": dt.datetime(2009, 5, 1), "结束日期": dt.datetime(2009, 10, 31)},
        "parts": {Part.TITLE: 2, Part.WENHAO: 3, Part.ZHUSONG: 4, Part.DATE: 7, Part.PLAN_TITLE: 8},
        # line 1: the site's name; 12: the page number
        "rebuilt": {"drop": (1, 12), "first": 3, "join": (5, 8), "insert": {7: ["大同市人民政府办公厅"]},
                    "replace": {3: "同政办发〔2009〕96号", 6: DATONG_6, 7: "2009年4月28日"}},
        "unsure": ("发文机关",),  # no 署名 on the page: the organ before 关于 in the title
        "unread": ("阶段", "牵头单位"),
        "page_lines": 2,
        # the .docx is the document alone (no site name, no page number: its lines counted without them),
        # its paragraphs the page's lines: one that ends mid-sentence in Word is left as it is
        "docx": {"rebuilt": {"first": 2, "join": (7,), "insert": {6: ["大同市人民政府办公厅"]},
                             "replace": {2: "同政办发〔2009〕96号", 5: DATONG_6, 6: "2009年4月28日"}}},
    },
    "银川住房公积金国庆安全": {
        # an organ's notice to its own 处室、分中心、办事处 (departments only), copied from the page from its
        # 主送机关 (the title was the page's heading; no title can be inferred: left blank, printed above
        # the 主送机关 once the clerk fills it), the page's spaces beside full-width marks (一、 加强…), no 署名
        "发文": {"主送机关": "各处室、分中心、办事处", "成文日期": dt.datetime(2016, 9, 29), "标题": FILLED_TITLE},
        "活动": {"开始日期": dt.datetime(2016, 10, 1), "结束日期": dt.datetime(2016, 10, 7)},
        "parts": {Part.ZHUSONG: 1, Part.DATE: 14},
        "rebuilt": {"insert": {1: [FILLED_TITLE]}, "replace": {**YINCHUAN_SPACED, 14: "2016年9月29日"}},
        "unread": ("标题", "发文字号", "本级名称"),
        # the units' plans cite the notice: its title, the clerk's, not the starter's ××县××专项行动实施方案
        "活动_blank": "方案标题",
    },
    "岳阳政务公开": {
        # a 市's joint notice (市委办公室 and 市政府办公室) to its 县市区委、人民政府, as the county's page copied
        # it: the 发文字号 after the title in ASCII brackets, the lead organ of the Party (中共岳阳市委办公室),
        # an 意见 printed
        # (its 版头 inferred: the two organs, one a line, without a 文件 after each (7.2.3))
        "发文": {"发文字号": "岳办发〔2017〕2号", "发文机关": "中共岳阳市委办公室\n岳阳市人民政府办公室",
                 "发文机关标志": "中共岳阳市委办公室\n岳阳市人民政府办公室",
                 "成文日期": dt.datetime(2017, 1, 10), "标题": YUEYANG_TITLE},
        "活动": {"本级名称": "岳阳市", "范围": "全市", "方案标题": "关于全面推进政务公开工作的实施意见",
                 "活动名称": "全面推进政务公开"},
        "parts": {Part.WENHAO: 2, Part.TITLE: 2, Part.ZHUSONG: 4, Part.SIGNATURE: 6, Part.DATE: 8, Part.PLAN_TITLE: 9},
        # lines 1 and 3: the page's; the number after the title prints in the 版头, before it; the two
        # 署名 lines are one paragraph broken between the organs
        "rebuilt": {"drop": (1, 3), "replace": {2: YUEYANG_TITLE}, "insert": {2: ["岳办发〔2017〕2号"]}, "join": (6,)},
        "page_lines": 2,
        "docx": {"rebuilt": {"replace": {1: YUEYANG_TITLE}, "insert": {1: ["岳办发〔2017〕2号"]}, "join": (4,)}},
    },
    "本溪满族自治县河长制工作考核": {
        # a county's 印发 of its yearly 考核方案 to 乡、镇, a 街道办事处 and 部门, as its page printed it: the
        # information bar ending in an empty 关键词： (once read as the 主送机关), the title twice around 发布时间,
        # the number in the bar only
        "发文": {"发文字号": "本县政办字〔2019〕41号", "发文机关": "本溪满族自治县人民政府办公室",
                 "成文日期": dt.datetime(2019, 4, 30), "标题": BENXI_TITLE,
                 "主送机关": "各乡、镇人民政府，观音阁街道办事处，县政府有关部门"},
        "活动": {"本级名称": "本溪满族自治县", "方案标题": "本溪满族自治县2019年河长制工作考核方案",
                 "活动名称": "河长制工作考核"},
        # the title is the one above the 主送机关: the first is the page's heading, which it says again
        "parts": {Part.TITLE: 8, Part.ZHUSONG: 9, Part.SIGNATURE: 11, Part.DATE: 12, Part.PLAN_TITLE: 13},
        # lines 1-7: the page's bar, its heading and 发布时间; the number from the bar
        "rebuilt": {"drop": (1, 2, 3, 4, 5, 6, 7), "insert": {8: ["本县政办字〔2019〕41号"]}, "join": (13,)},
        "unsure": ("发文字号",),
        "unread": ("活动的开始和结束日期", "阶段", "牵头单位"),
        "page_lines": 7,
        # the .docx is the document alone: no bar, so no number
        "docx": {"rebuilt": {"join": (6,)}, "unsure": (),
                 "发文": {"标题": BENXI_TITLE, "发文字号": None, "主送机关": "各乡、镇人民政府，观音阁街道办事处，县政府有关部门"}},
    },
    "南安市教育局学校安全隐患排查": {
        # a county-level city's 教育局 passing on the province's notice to its 中学、中心小学 and 市直学校 (转发):
        # its mark spaced out, a ★ under the number, an empty 附件：; the campaign is the notice passed on,
        # not its 的通知
        "发文": {"发文字号": "南教综〔2007〕224号", "发文机关": "南安市教育局", "成文日期": dt.datetime(2007, 8, 29),
                 "标题": "关于转发省教育厅《关于开展学校安全隐患排查治理专项行动的通知》的通知",
                 "主送机关": "各中学、乡镇（街道）中心小学、市直学校（幼儿园）"},
        # the units' plans cite this notice, with its number (the province's has its own): its title's 《》 as 〈〉
        "活动": {"本级名称": "南安市", "活动名称": "学校安全隐患排查治理专项行动",
                 "方案标题": "关于转发省教育厅〈关于开展学校安全隐患排查治理专项行动的通知〉的通知"},
        "unsure": ("方案标题",),
        "parts": {Part.MARK: 1, Part.WENHAO: 2, Part.TITLE: 4, Part.ZHUSONG: 5, Part.ATTACHMENT_NOTE: 9,
                  Part.SIGNATURE: 10, Part.DATE: 11},
        # the mark (the sources' has no 文件) is left out of the printed text; the number in 〔〕
        "rebuilt": {"drop": (1,), "first": 2, "replace": {2: "南教综〔2007〕224号"}},
        "unread": ("活动的开始和结束日期", "阶段"),
        "docx": {"rebuilt": {"first": 1, "replace": {1: "南教综〔2007〕224号"}}},
        "defects": ["attachment-note-empty"],
    },
    "大理市城镇燃气安全专项整治": {
        # the plan alone, as the city's page printed it: its heading twice, a bulleted date
        "发文": {"标题": "大理市城镇燃气安全专项整治工作实施方案"},
        "活动": {"本级名称": "大理市", "范围": "全市", "方案标题": "大理市城镇燃气安全专项整治工作实施方案",
                 "活动名称": "城镇燃气安全专项整治"},
        "parts": {Part.TITLE: 3},
        # lines 1-2 and 5-8: the page's information; line 4 the page's heading said again
        "rebuilt": {"drop": (1, 2, 4, 5, 6, 7, 8)},
        "unsure": ("本级名称", "方案标题"),
        "unread": ("活动的开始和结束日期", "阶段"),  # (a plan alone has no 发文字号 to ask for)
        "page_lines": 7,
    },
    "云梦乡强降雨防范紧急通知": {
        # a 乡's 紧急通知 to its 村委会 for a three-day rain (7月2日至4日), as the county's site printed it:
        # no 版头 and no number, the site's credit line (网络编辑：…  信息审核：…) under the date, never 附注
        "发文": {"发文机关": "云梦乡人民政府", "成文日期": dt.datetime(2018, 7, 2), "主送机关": "各村委会、乡属各单位",
                 "标题": "云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知"},
        # the campaign is the rain's 防范, its dates (7月2日至4日) the campaign's 开始 and 结束, never its name's
        "活动": {"本级名称": "云梦乡", "范围": "全乡", "开始日期": dt.datetime(2018, 7, 2), "结束日期": dt.datetime(2018, 7, 4),
                 "活动名称": "强降雨防范"},
        "parts": {Part.TITLE: 1, Part.ZHUSONG: 3, Part.SIGNATURE: 8, Part.DATE: 9, Part.FUZHU: None},
        # lines 2, 10 and 11: the page's (来源, the editors' names, 扫一扫)
        "rebuilt": {"drop": (2, 10, 11)},
        "unsure": ("活动名称",),
        "unread": ("发文字号", "阶段", "牵头单位"),
        "page_lines": 3,
    },
    "文安乡汛期值班": {
        # a 乡's notice of 2012 to its 村民委员会: the page's heading (the title without its organ) over the
        # number and the title set over three lines, organ first; no 署名 (the title's organ signs); the
        # date written 二0一二 with the digit; the campaign 从5月1日开始至9月30日结束 in a numbered paragraph
        # (one: not a phase); a 主题词 line (GB/T 9704-1999's, gone from the 2012 standard) set aside
        "发文": {"发文字号": "广朝文府发〔2012〕45号", "发文机关": "广元市朝天区文安乡人民政府",
                 "成文日期": dt.datetime(2012, 4, 26), "主送机关": "各村民委员会、乡属各部门",
                 "抄送机关": "区政府办，区防汛抗旱指挥部"},
        "活动": {"本级名称": "文安乡", "范围": "全乡", "开始日期": dt.datetime(2012, 5, 1), "结束日期": dt.datetime(2012, 9, 30)},
        "parts": {Part.WENHAO: 2, Part.TITLE: 3, Part.ZHUSONG: 6, Part.ATTACHMENT_NOTE: 11, Part.DATE: 13,
                  Part.CHAOSONG: 15, Part.FUZHU: None},
        # lines 1, 14 and 16: the page's heading, the 主题词, 扫一扫; 15 the 抄送 (in the 版记's table)
        # (the 附件说明's numbers 1、 printed 1． as 7.3.4 writes them)
        "rebuilt": {"drop": (1, 14, 15, 16), "first": 2, "join": (3, 4),
                    "replace": {11: "附件：1．文安乡2012年汛期值班安排表", 12: "2．文安乡重要场所、重要地段（点）、防汛责任人名单",
                                13: "2012年4月26日"},
                    "insert": {13: ["广元市朝天区文安乡人民政府"]}},
        "unsure": ("发文机关",),
        "unread": ("阶段", "牵头单位", "附件说明"),
        "page_lines": 3,
    },
    "通源乡转发春节森林防火紧急通知": {
        # a 乡 passing on (转发) the national 森林防火 headquarters' 紧急通知 to its villages: its mark and number,
        # a title without its own 的通知, the page's 文章播报 button over it, the date 二OO九 with letters, a
        # 主题词 line (GB/T 9704-1999) and 抄送 under the date; the campaign is the forwarded notice's subject
        # without its issuer, its 关于做好, its year and its 工作的紧急通知
        "发文": {"发文字号": "通政〔2009〕3号", "发文机关": "通源乡人民政府", "成文日期": dt.datetime(2009, 1, 9),
                 "主送机关": "各行政村", "抄送机关": "市府办、市森林消防指挥办", "发文机关标志": "嵊州市通源乡人民政府文件"},
        "活动": {"本级名称": "通源乡", "范围": "全乡", "活动名称": "元旦春节期间森林防火"},
        "parts": {Part.MARK: 2, Part.WENHAO: 3, Part.TITLE: 4, Part.ZHUSONG: 5, Part.ATTACHMENT_NOTE: 7,
                  Part.SIGNATURE: 8, Part.DATE: 9, Part.CHAOSONG: 11, Part.HEADER_OTHER: None, Part.FUZHU: None},
        # line 1: the page's 文章播报 button; 2 the mark; 10 the 主题词; 11 the 抄送 (in the 版记's table)
        # its 附件：《…紧急通知》 printed as 7.3.4 writes it, the name without the 《》 around it (said)
        "rebuilt": {"drop": (1, 2, 10, 11), "first": 3, "replace": {7: TONGYUAN_NOTE, 9: "2009年1月9日"}},
        "unsure": ("方案标题",),
        "unread": ("阶段", "牵头单位", "附件说明"),
        "page_lines": 2,
        # the .docx (made with --skip 1): the mark, the 主题词 and the 抄送 are in it
        "docx": {"rebuilt": {"first": 1, "replace": {5: TONGYUAN_NOTE, 7: "2009年1月9日"}}},
    },
    "修水县处置重大森林火灾应急预案": {
        # a county office's 印发 of its 预案, as a document site holds it: the title over two lines, no 版头, no
        # 署名 (the title's organ signs), the date 二〇〇八 in characters; the plan's run-in heading（二）… broken
        # mid-sentence where the page's line ended (降到 / 最低限度。): one paragraph
        "发文": {"发文机关": "修水县人民政府办公室", "成文日期": dt.datetime(2008, 4, 3),
                 "主送机关": "各乡镇人民政府，县政府各部门，县直各单位"},
        "活动": {"本级名称": "修水县", "范围": "全县", "方案标题": "修水县处置重大森林火灾应急预案",
                 "活动名称": "处置重大森林火灾应急预案"},
        "parts": {Part.TITLE: 1, Part.ZHUSONG: 3, Part.DATE: 5, Part.PLAN_TITLE: 6, Part.SIGNATURE: None},
        "rebuilt": {"join": (1, 12), "replace": {5: "2008年4月3日"}, "insert": {5: ["修水县人民政府办公室"]}},
        "unsure": ("发文机关",),
        "unread": ("发文字号", "阶段", "牵头单位"),
        # the .docx: a paragraph that ends mid-sentence in Word is left as it is
        "docx": {"rebuilt": {"join": (1,), "replace": {5: "2008年4月3日"}, "insert": {5: ["修水县人民政府办公室"]}}},
    },
    "九都中心小学转发学校安全隐患排查": {
        # 九都中心小学's page whole: its own short note to 各小学 (现将南教综[2007]224号文《…》转发给你们), signed and
        # dated, over the 南安市教育局's notice it passes on. That notice is what the note forwards, printed after
        # it from its title on (its 版头, lines 6-8, not again: the note cites its number), never 附注 under the date
        "发文": {"发文机关": "九都中心小学", "成文日期": dt.datetime(2007, 9, 5), "主送机关": "各小学",
                 "标题": "关于开展学校安全隐患排查治理专项行动的通知"},
        "活动": {"活动名称": "学校安全隐患排查治理专项行动"},
        "parts": {Part.TITLE: 1, Part.ZHUSONG: 2, Part.SIGNATURE: 4, Part.DATE: 5, Part.FORWARDED_HEADER: 6,
                  Part.FORWARDED_TITLE: 9, Part.FUZHU: None, Part.ATTACHMENT_LABEL: None},
        "rebuilt": {"drop": (6, 7, 8)},
        "unsure": ("活动名称",),
        "unread": ("本级名称", "阶段", "转发"),
        "docx": {"rebuilt": {}},
        "defects": ["attachment-note-empty"],  # the 教育局's own 附件： (its page lost the name), as 南安市's
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(REAL))
@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_a_real_notice_imports_and_rebuilds_its_own_text(tmp_path: Path, name: str, suffix: str) -> None:
    case = REAL[name] | (REAL[name].get("docx", {}) if suffix == ".docx" else {})
    source = NOTICES / (name + suffix)
    _workspace, report = import_and_build(source, tmp_path / "ws")
    lines = source_lines(name + ".txt")
    rebuilt = case["rebuilt"]
    if suffix == ".docx" and "docx" in REAL[name]:
        lines = [ln for i, ln in enumerate(lines, 1) if i not in REAL[name]["rebuilt"].get("drop", ())]
    elif suffix == ".docx":  # the .docx holds the document alone: the web page's lines were never in it
        kept = [ln for i, ln in enumerate(lines, 1) if i not in rebuilt.get("drop", ())]
        shift = {
            old: new
            for new, old in enumerate((i for i in range(1, len(lines) + 1) if i not in rebuilt.get("drop", ())), 1)
        }
        rebuilt = {"first": shift.get(rebuilt.get("first", 0)), "join": [shift[j] for j in rebuilt.get("join", ())],
                   "replace": {shift[k]: v for k, v in rebuilt.get("replace", {}).items()},
                   "insert": {shift[k]: v for k, v in rebuilt.get("insert", {}).items()}}  # fmt: skip
        lines = kept
    assert_same(expected(lines, **rebuilt), printed_paragraphs(notice_path(tmp_path / "ws")))
    notice, campaign = sheet_values(tmp_path / "ws", "发文"), sheet_values(tmp_path / "ws", "活动")
    assert {k: notice[k] for k in case["发文"]} == case["发文"]
    assert {k: campaign[k] for k in case["活动"]} == case["活动"]
    unsure = {f.field.split(".")[1] for f in report.recognition.found if not f.certain}
    assert set(case.get("unsure", ())) <= unsure
    assert not {"发文字号", "成文日期", "主送机关", "标题"} & unsure - set(case.get("unsure", ()))
    for what in case.get("unread", ()):
        assert any(line.startswith(what) for line in report.recognition.unread), what
    if "活动_blank" in case:  # left blank for the clerk, never the starter's example
        assert campaign[case["活动_blank"]] is None
        assert any(line.startswith(f"  「活动」表的{case['活动_blank']}：") for line in report.lines), report.lines
    assert any("与原文逐段相同" in line for line in report.lines)  # the import's own check agrees
    if "metrics" in case:  # 分组, 指标, 单位, 类型 of the attached table's metrics, the 统计报表 header after them
        metrics = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")["统计指标"]
        assert [[c.value for c in row[:4]] for row in metrics.iter_rows(min_row=2)] == case["metrics"]
        reports = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")["统计报表"]
        assert [c.value for c in reports[1]] == ["单位名称", "期别", *(m[1] for m in case["metrics"])]
    checked = app.check([notice_path(tmp_path / "ws")], lay_out=False)  # GB/T 9704, from the file's XML
    defects = [d for found in checked.results.values() if isinstance(found, list) for d in found]
    if "garbled" in case:  # the number the source lost part of is not a 发文字号, and gongwen check says so
        assert any(case["garbled"] in d.where for d in defects), defects
    else:  # none, or the source's own (its 附件： without the attachment's name, printed as the page has it)
        assert [d.code for d in defects] == case.get("defects", []), defects


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_parts_are_where_they_are_in_the_notice(name: str) -> None:
    doc = read_source(NOTICES / (name + ".txt"))
    rec = recognise(split_parts(doc.paragraphs), [(p.number, p.text) for p in doc.set_aside])
    found: dict[Part, int] = {}
    for piece in rec.pieces:
        found.setdefault(piece.part, piece.number)
    assert {part: found.get(part) for part in REAL[name]["parts"]} == REAL[name]["parts"]
    assert len(doc.set_aside) == REAL[name].get("page_lines", 0)


def test_a_notice_printing_several_plans_names_each(tmp_path: Path) -> None:
    doc = read_source(NOTICES / "于都县应急管理五个全覆盖.txt")
    rec = recognise(split_parts(doc.paragraphs))
    printed = [p.text for p in rec.pieces if p.part is Part.PLAN_TITLE]
    assert printed == ["于都县应急责任落实全覆盖工作方案"]  # the stored page is cut after the first
    names = "".join(p.text for p in rec.pieces if p.number == 5)
    assert names.count("》《") == 4  # the notice's sentence names all five


def test_an_attached_table_after_the_date_is_the_attachment_not_a_note(tmp_path: Path) -> None:
    """琼安委办〔2013〕62号 ends with 附件 / ……周报表 / its header row: the attachment's own page, never
    附注 printed under the date, and never the campaign's plan."""
    lines = ["××省安委办关于做好安全生产大检查信息报送工作的通知", "各市县安委会：", "请每周五前报送周报表。",
             "附件：安全生产大检查情况周报表", "××省安全生产委员会办公室", "2013年6月14日", "附件",
             "安全生产大检查情况周报表", "填报单位：    填报时间：", "检查企业（家）\t发现隐患（处）\t联系电话"]  # fmt: skip
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    parts = [(p.part, p.text) for p in rec.pieces[-4:]]
    assert [part for part, _ in parts] == [
        Part.ATTACHMENT_LABEL, Part.ATTACHMENT_TITLE, Part.ATTACHMENT_BODY, Part.ATTACHMENT_BODY,
    ]  # fmt: skip
    assert rec.value("活动.方案标题") == lines[0]  # the units' plans cite the notice, never the table
    assert "发文.联系电话" not in {f.field for f in rec.found}


def test_the_metrics_of_an_attached_word_table_fill_the_metrics_sheet(tmp_path: Path) -> None:
    """A notice whose 附件 is the form to fill in, as a Word table: its header's metrics (with their
    measure; 本月 and 累计 of one metric are one) replace the starter's examples, and the starter's
    核对规则, which name those examples, go with them; the workspace checks clean."""
    document = Document()
    for line in ("××区应急管理局关于开展安全隐患排查整治的通知", "各街道办事处，区直有关部门：",
                 "请于每月5日前报送上月统计表。", "附件：安全隐患排查整治情况统计表", "××区应急管理局",
                 "2024年3月1日", "附件", "2024年安全隐患排查整治情况统计表"):  # fmt: skip
        document.add_paragraph(line)
    header = ("单位名称", "检查企业（家）", "本月发现隐患（处）", "累计发现隐患（处）", "整改资金（万元）", "备注")
    table = document.add_table(rows=2, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    document.save(str(tmp_path / "通知.docx"))
    _, report = import_and_build(tmp_path / "通知.docx", tmp_path / "ws")  # its campaign's dates filled in
    book = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")
    assert [[c.value for c in row[:4]] for row in book["统计指标"].iter_rows(min_row=2)] == [
        ["安全隐患排查整治", "检查企业", "家", "整数"],
        ["安全隐患排查整治", "发现隐患", "处", "整数"],
        ["安全隐患排查整治", "整改资金", "万元", "小数"],
    ]
    assert book["核对规则"].max_row == 1  # the starter's rule named its example metrics
    assert any(
        line.startswith("  第 9 段：统计指标 检查企业（家）、发现隐患（处）、整改资金（万元）") for line in report.lines
    )
    inputs, findings = app.validate(app.Workspace(tmp_path / "ws"))
    assert inputs is not None and [m.name for m in inputs.metrics] == ["检查企业", "发现隐患", "整改资金"], findings


def test_a_rate_column_of_an_attached_table_is_said_not_made_a_metric(tmp_path: Path) -> None:
    """A form asking each unit its 整改率（%）: as a metric the roll-up would add the units' rates (and
    validate refuses a % metric, so the import could not even print its notice again to compare)."""
    document = Document()
    for line in ("××区应急管理局关于开展安全隐患排查整治的通知", "各街道办事处，区直有关部门：",
                 "请于每月5日前报送上月统计表。", "附件：安全隐患排查整治情况统计表", "××区应急管理局",
                 "2024年3月1日", "附件", "2024年安全隐患排查整治情况统计表"):  # fmt: skip
        document.add_paragraph(line)
    header = ("单位名称", "检查企业（家）", "发现隐患（处）", "整改率（%）", "备注")
    table = document.add_table(rows=2, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    document.save(str(tmp_path / "通知.docx"))
    _, report = import_and_build(tmp_path / "通知.docx", tmp_path / "ws")
    book = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")
    assert [row[1].value for row in book["统计指标"].iter_rows(min_row=2)] == ["检查企业", "发现隐患"]
    assert any("「整改率（%）」是比率" in line for line in report.recognition.unread), report.recognition.unread
    assert any("与原文逐段相同" in line for line in report.lines), report.lines
    _, findings = app.validate(app.Workspace(tmp_path / "ws"))
    assert not findings.errors, findings.errors


def test_the_attachment_note_of_a_plan_printed_without_a_date_is_known(tmp_path: Path) -> None:
    """石马山镇's 禁种铲毒 plan has no 署名 and no date; its 附件：1.… / 2.… printed as body paragraphs, the
    second not aligned under the first name (7.3.4)."""
    lines = ["石马山镇2023年春季禁种铲毒工作实施方案", "一、工作要求", "各村每旬结束后2日内报送统计表。",
             "附件：1.禁种铲毒踏查情况统计表", "2.禁种铲毒领导小组成员名单"]  # fmt: skip
    source = tmp_path / "方案.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    pieces = split_parts(read_source(source).paragraphs)
    assert [p.part for p in pieces[-2:]] == [Part.ATTACHMENT_NOTE, Part.ATTACHMENT_NOTE]
    import_and_build(source, tmp_path / "ws")  # undated: built once the clerk fills the dates
    first, second = Document(str(notice_path(tmp_path / "ws"))).paragraphs[-2:]
    assert (first.text, second.text) == tuple(lines[-2:])
    assert first.paragraph_format.left_indent is None  # the style's: 附件 two characters in, names under 1.
    # 2.… starts where the first name does: the style's left indent, without its hanging first line
    assert second.paragraph_format.left_indent == gbt9704.ATTACHMENT_NOTE.left * 635
    assert second.paragraph_format.first_line_indent == 0


def test_an_attachment_note_s_names_lose_their_book_title_marks_and_end_punctuation(tmp_path: Path) -> None:
    """附件：1.《…统计表》； as typed: 7.3.4 writes the name alone, no 《》 around it and no punctuation after
    it; a 《》 inside a name (关于印发《…》的通知) is the name's own and stays."""
    lines = ["石马山镇2023年春季禁种铲毒工作实施方案", "一、工作要求", "各村每旬结束后2日内报送统计表。",
             "附件：1.《禁种铲毒踏查情况统计表》；", "2.《禁种铲毒领导小组成员名单》。",
             "3.关于印发《禁种铲毒工作考核办法》的通知"]  # fmt: skip
    source = tmp_path / "方案.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    pieces = split_parts(read_source(source).paragraphs)
    assert [p.part for p in pieces[-3:]] == [Part.ATTACHMENT_NOTE] * 3
    assert [p.text for p in pieces[-3:]] == [
        "附件：1.禁种铲毒踏查情况统计表",
        "2.禁种铲毒领导小组成员名单",
        "3.关于印发《禁种铲毒工作考核办法》的通知",
    ]
    import_and_build(source, tmp_path / "ws")
    printed = [p.text for p in Document(str(notice_path(tmp_path / "ws"))).paragraphs[-3:]]
    assert printed == [p.text for p in pieces[-3:]], printed


# --- reading ---------------------------------------------------------------------------------------


def test_other_files_are_refused_in_chinese(tmp_path: Path, run: Run) -> None:
    sheet = tmp_path / "数据.xlsx"
    sheet.write_bytes(b"PK\x03\x04")
    result = run("import", sheet, tmp_path / "ws")
    assert result.exit_code != 0
    assert "「数据.xlsx」不是能导入的公文文件：可以导入 Word 文档（.docx、.doc）、WPS 文字（.wps）" in result.output
    broken = tmp_path / "坏的.docx"
    broken.write_bytes(b"not a zip")
    result = run("import", broken, tmp_path / "ws")
    assert result.exit_code != 0 and "「坏的.docx」打不开：文件已损坏，或不是 Word/Excel 文件" in result.output
    assert "NotAZip" not in result.output and "另存为 .docx 后再导入" in result.output
    renamed = tmp_path / "改名的.docx"  # a zip without word/document.xml: another file renamed (an .odt)
    with zipfile.ZipFile(renamed, "w") as package:
        package.writestr("content.xml", "<office:document-content/>")
    result = run("import", renamed, tmp_path / "ws")
    assert result.exit_code != 0 and "「改名的.docx」打不开：不是完整的 Word 文档（缺少正文部分" in result.output
    assert "KeyError" not in result.output
    assert not (tmp_path / "ws").exists()  # refused before anything is written
    with pytest.raises(SourceRefused, match="找不到文件"):
        read_source(tmp_path / "没有.docx")


@pytest.mark.parametrize("part", ["word/styles.xml", "word/numbering.xml"])
def test_a_notice_whose_styles_carry_a_doctype_is_refused_in_chinese(part: str, tmp_path: Path) -> None:
    from generator.standard.package import read_parts, zip_bytes

    from .hostile import LAUGHS

    notice = tmp_path / "通知.docx"
    notice.write_bytes(zip_bytes({**read_parts(DATA / "seed_notice.docx"), part: LAUGHS}))
    with pytest.raises(SourceRefused, match=r"「通知\.docx」打不开：样式或编号部分.*已损坏或带有 DOCTYPE"):
        read_source(notice)


def test_a_notice_with_an_embedded_chunk_is_refused_not_imported_without_its_text(tmp_path: Path, run: Run) -> None:
    """An altChunk's text lives in another part (HTML, often from an OA system) that nothing here
    reads: the import wrote a workspace without it and said the notice matched its source."""
    from .hostile import ALT_CHUNK_NOTICE, seed_notice

    notice = tmp_path / "来文.docx"
    notice.write_bytes(ALT_CHUNK_NOTICE(seed_notice()))
    result = run("import", notice, tmp_path / "ws")
    assert result.exit_code == 1, result.output
    assert "「来文.docx」的正文有一部分是嵌入的外部内容（altChunk" in result.output
    assert "请用 Word 打开它，另存为 .docx 后再导入" in result.output
    assert not (tmp_path / "ws").exists()


def test_lines_that_never_end_a_sentence_are_rejoined_into_paragraphs_of_bounded_length(tmp_path: Path) -> None:
    """Text of thousands of lines none of which ends a sentence was rejoined into one paragraph, read
    again whole for every line it took (19,000 lines: 83 s). Rejoining stops at 5,000 characters
    (reading.MAX_REJOINED), and no character is lost."""
    lines = [
        "关于开展清理整治工作的通知",
        *(f"第{i:05d}行的文字写到这里没有句号也没有逗号还在继续" for i in range(2000)),
    ]
    source = tmp_path / "来文.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    paragraphs = [p.text for p in read_source(source).paragraphs]
    longest = 5_000 + len(lines[1])  # the line that passes 5,000 is kept whole
    assert max(len(p) for p in paragraphs) <= longest
    assert len(paragraphs) >= len("".join(lines)) // longest
    assert "".join(paragraphs) == "".join(lines)


def test_a_notice_whose_tables_have_more_cells_than_a_template_can_hold_is_refused_unwritten(
    tmp_path: Path, run: Run
) -> None:
    """A pasted table of 300 rows of 200 cells made a workspace whose own template was too large for
    a template (a 2,000-row one: 74 MB), told only after it was written."""
    source = tmp_path / "来文.txt"
    rows = ("\t".join(f"格{r}-{c}" for c in range(200)) for r in range(300))
    source.write_text("关于开展工作的通知\n各乡镇：\n" + "\n".join(rows), encoding="utf-8")
    result = run("import", source, tmp_path / "ws")
    assert result.exit_code == 1, result.output
    assert "「来文.txt」的表格共有 60000 个格子，超过上限 50000，不像一份公文，未导入" in result.output
    assert not (tmp_path / "ws").exists()


def test_an_existing_folder_is_never_written_over(tmp_path: Path, run: Run) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "我的.txt").write_text("x", encoding="utf-8")
    result = run("import", DATA / "seed_notice.txt", tmp_path / "ws")
    assert result.exit_code != 0 and "已存在且不是空的" in result.output
    assert sorted(p.name for p in (tmp_path / "ws").iterdir()) == ["我的.txt"]


def test_the_cli_prints_the_report_and_the_next_step(tmp_path: Path, run: Run) -> None:
    result = run("import", DATA / "seed_notice.txt", tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert "  第 9 段：开始日期 2018年1月19日" in result.output
    assert "  第 21 段：第1个阶段 线索排查阶段，2018年1月19日至2018年1月23日" in result.output
    assert f"gongwen -C {tmp_path / 'ws'} build" in result.output


def test_web_page_noise_is_set_aside_and_said(tmp_path: Path) -> None:
    page = tmp_path / "网页.txt"
    page.write_text(
        "当前位置：首页 > 政务公开\n××县人民政府办公室关于做好防汛工作的通知\n发布时间：2023-05-06 浏览次数：12\n"
        "【字体：大 中 小】\n×政办〔2023〕8号\n各乡镇人民政府：\n请做好防汛工作。\n××县人民政府办公室\n2023年5月6日\n"
        "打印本页 关闭窗口\n",
        encoding="gb18030",  # a page saved by a Chinese Windows editor
    )
    doc = read_source(page)
    assert [p.number for p in doc.set_aside] == [1, 3, 4, 10]
    assert [p.text for p in doc.paragraphs][:2] == ["××县人民政府办公室关于做好防汛工作的通知", "×政办〔2023〕8号"]


def test_the_sites_name_over_its_location_bar_is_the_pages_never_a_mark_between_page_lines(tmp_path: Path) -> None:
    """西津街道's page printed its site's name (西津街道办事处) over 您现在所在的位置：…: taken for the 发文机关标志.
    A line between two of the page's lines is the page's, unless it is the document's own: a mark
    (…文件), a number, a 签发人, a title."""
    page = tmp_path / "网页.txt"
    page.write_text(
        "无障碍浏览\n西津街道办事处\n您现在所在的位置：网站首页> 本级政府文件\n"
        "发布时间：2019-09-13\n西津街道办事处文件\n浏览次数：5\n签发人：汪涛\n【字体：大 中 小】\n"
        "西津街道关于做好森林防火工作的通知\n各村、社区：\n请做好森林防火工作。\n",
        encoding="utf-8",
    )
    doc = read_source(page)
    assert [p.number for p in doc.set_aside] == [1, 2, 3, 4, 6, 8]
    assert [p.text for p in doc.paragraphs][:2] == ["西津街道办事处文件", "签发人：汪涛"]


def test_lines_copied_from_a_pdf_are_joined_back_into_their_paragraphs(tmp_path: Path) -> None:
    """Text copied from a notice's PDF breaks where the page's lines broke (……2025年5月31日在 / 全区开展……):
    each piece printed as a paragraph of its own, indented, a document the 文秘 retypes. A line goes on
    the paragraph before when that one ends mid-sentence (on ， or 、, or a near-full line with no
    closing mark) and the line starts no paragraph of its own (a heading, a label and its colon, 附件,
    a date); the 主送机关 under a long title, and a title's own line, stay apart."""
    lines = ["××区人民政府办公室关于开展校园周边环境专项整治的通知", "各街道办事处，区政府各部门：",
             "为净化校园周边环境，决定自2025年3月1日至2025年5月31日在", "全区开展校园周边环境专项整治。现将有关事项通知如下：",
             "一、整治重点", "各街道要组织力量，对辖区中小学校、幼儿园周边200米范围内", "的流动摊点、网吧、娱乐场所开展拉网式排查，建立问题台账，逐",
             "项整改销号。", "责任单位：区教育局、区公安分局、区市场监管局、区城管执法局", "检查范围：校园周边200米。",
             "××区人民政府办公室", "2025年2月25日"]  # fmt: skip
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    doc = read_source(source)
    assert [p.text for p in doc.paragraphs] == [
        lines[0],
        lines[1],
        lines[2] + lines[3],
        lines[4],
        lines[5] + lines[6] + lines[7],
        *lines[8:],
    ]
    assert "第 4 段接着上一段（原文在句子中间换了行），已并入第 3 段" in doc.notes
    import_and_build(source, tmp_path / "ws")  # the clerk fills the 报送日 it leaves blank
    assert lines[2] + lines[3] in printed_paragraphs(notice_path(tmp_path / "ws"))


def test_a_statistics_table_pasted_as_text_prints_as_a_table(tmp_path: Path) -> None:
    """An attached 统计表 copied from Word or Excel into the text comes as lines of tab-parted cells (the
    empty cells of its rows at their ends): each line printed as a paragraph of tabs. Its rows are one
    table, as a Word table is read; its header gives the metrics."""
    lines = ["××区应急管理局关于开展冬春火灾防控工作的通知", "各街道办事处，区直有关部门：", "请于每月5日前报送上月统计表。",
             "附件：冬春火灾防控情况统计表", "××区应急管理局", "2024年11月28日", "附件", "冬春火灾防控情况统计表",
             "单位\t检查单位（家）\t发现隐患（处）\t备注", "××街道\t\t\t", "合计\t\t\t"]  # fmt: skip
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    table = read_source(source).paragraphs[-1]
    assert table.table == (
        ("单位", "检查单位（家）", "发现隐患（处）", "备注"),
        ("××街道", "", "", ""),
        ("合计", "", "", ""),
    )
    _, report = import_and_build(source, tmp_path / "ws")  # its campaign's dates filled in
    printed = Document(str(notice_path(tmp_path / "ws"))).tables
    assert [[c.text for c in row.cells] for row in printed[0].rows][1:] == [
        ["××街道", "", "", ""],
        ["合计", "", "", ""],
    ]
    assert any("统计指标 检查单位（家）、发现隐患（处）" in line for line in report.lines)


def test_a_table_flattened_to_lines_of_bars_is_read_and_printed_as_a_table(tmp_path: Path) -> None:
    """A table pasted from a web page or a PDF tool into Word comes as lines of | (序号|指标|单位, then its
    rows, a row's empty cells kept: 1|检查企业|家|): each line printed as a paragraph of bars, its
    metrics (one a row, under 指标 and 单位) never read. A line of prose holding one | stays prose."""
    lines = ["××区应急管理局关于开展冬春火灾防控工作的通知", "各街道办事处，区直有关部门：",
             "请各单位按月报送以下指标：", "|序号|指标|单位|本月|", "|---|---|---|---|", "|1|检查单位|家||",
             "|2|发现隐患|处||", "请于每月5日前报送（填报系统|纸质均可）。", "附件：冬春火灾防控情况统计表",
             "××区应急管理局", "2024年11月28日", "附件", "冬春火灾防控情况统计表", "序号|指标|单位|本月",
             "1|检查单位|家|", "2|发现隐患|处|", "3|整改资金|万元|"]  # fmt: skip
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    source = tmp_path / "通知.docx"
    document.save(str(source))
    read = read_source(source).paragraphs
    assert [p.table for p in read if p.table] == [
        (("序号", "指标", "单位", "本月"), ("1", "检查单位", "家", ""), ("2", "发现隐患", "处", "")),
        (("序号", "指标", "单位", "本月"), ("1", "检查单位", "家", ""), ("2", "发现隐患", "处", ""),
         ("3", "整改资金", "万元", "")),
    ]  # fmt: skip
    assert "请于每月5日前报送（填报系统|纸质均可）。" in [p.text for p in read if not p.table]
    pasted = tmp_path / "通知.txt"  # the same lines pasted as text: the same tables
    pasted.write_text("\n".join(lines), encoding="utf-8")
    assert [p.table for p in read_source(pasted).paragraphs if p.table] == [p.table for p in read if p.table]
    _, report = import_and_build(source, tmp_path / "ws")
    printed = Document(str(notice_path(tmp_path / "ws")))
    assert [[c.text for c in row.cells] for row in printed.tables[0].rows] == [
        ["序号", "指标", "单位", "本月"], ["1", "检查单位", "家", ""], ["2", "发现隐患", "处", ""]
    ]  # fmt: skip
    assert [p.text for p in printed.paragraphs if "|" in p.text] == ["请于每月5日前报送（填报系统|纸质均可）。"]
    assert any("统计指标 检查单位（家）、发现隐患（处）、整改资金（万元）" in line for line in report.lines)


def test_page_numbers_copied_with_the_text_are_set_aside_and_said(tmp_path: Path) -> None:
    """A notice copied from its PDF or printed pages carries their numbers (— 2 —, -3-, 第4页 共5页, 2/5):
    they printed again as body paragraphs of the new notice."""
    page = tmp_path / "通知.txt"
    page.write_text(
        "××区应急管理局关于开展冬春火灾防控工作的通知\n各街道办事处：\n请做好冬春火灾防控工作。\n— 2 —\n"
        "请于每月5日前报送统计表。\n-3-\n第4页 共5页\n2/5\n××区应急管理局\n2024年11月28日\n",
        encoding="utf-8",
    )
    doc = read_source(page)
    assert [p.number for p in doc.set_aside] == [4, 6, 7, 8]
    assert "第 4 段「— 2 —」是页码（复制时一起带进来的），不是正文，未导入" in doc.notes
    assert "请于每月5日前报送统计表。" in [p.text for p in doc.paragraphs]


def test_word_numbering_is_read_as_printed() -> None:
    """The 兴县 .docx was written with Word's automatic 一、 numbering: the number is not in its text."""
    doc = read_source(NOTICES / "兴县打击非法集资.docx")
    assert "一、总体要求" in [p.text for p in doc.paragraphs]
    assert doc.paragraphs[0].centered and doc.paragraphs[0].size == 44  # direct formatting: centred, 22 pt


def test_copying_a_workspace_keeps_it_working(tmp_path: Path) -> None:
    """The workspace is ordinary files: moved elsewhere, it builds the same notice."""
    import_and_build(DATA / "seed_notice.txt", tmp_path / "ws")
    shutil.copytree(tmp_path / "ws" / "inputs", tmp_path / "copy" / "inputs")
    shutil.copytree(tmp_path / "ws" / "templates", tmp_path / "copy" / "templates")
    app.build(app.Workspace(tmp_path / "copy"), kinds=["通知"], jobs=1)
    assert printed_paragraphs(notice_path(tmp_path / "copy")) == seed_expected()


def test_a_table_in_the_notice_is_printed_again_as_a_table(tmp_path: Path) -> None:
    """A notice whose 领导小组 is a table (as many are): read row by row, printed as a table."""
    document = Document()
    for line in ("××县人民政府办公室关于成立防汛工作领导小组的通知", "×政办〔2024〕9号", "各乡镇人民政府：",
                 "为做好防汛工作，成立领导小组，组成人员如下："):  # fmt: skip
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        (("职务", "姓名", "单位及职务"), ("组长", "王×", "县长"), ("副组长", "李×", "副县长\n（分管）"))
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for line in ("领导小组办公室设在县水利局。", "××县人民政府办公室", "2024年5月6日"):
        document.add_paragraph(line)
    source = tmp_path / "通知.docx"
    document.save(str(source))
    doc = read_source(source)
    assert doc.paragraphs[4].table == (
        ("职务", "姓名", "单位及职务"),
        ("组长", "王×", "县长"),
        ("副组长", "李×", "副县长\n（分管）"),
    )
    _, report = import_and_build(source, tmp_path / "ws")
    printed = Document(str(notice_path(tmp_path / "ws")))
    (rebuilt,) = [t for t in printed.tables if t.cell(0, 0).text == "职务"]
    assert [[c.text for c in row.cells] for row in rebuilt.rows] == [
        ["职务", "姓名", "单位及职务"], ["组长", "王×", "县长"], ["副组长", "李×", "副县长\n（分管）"]
    ]  # fmt: skip
    assert report.lines[-1].endswith("与原文逐段相同（10 段）")
    assert ("活动.牵头单位", "县水利局") in [(f.field, f.value) for f in report.recognition.found]


def test_gongwen_s_own_notice_imports_back_with_its_header_and_banji(tmp_path: Path, built_notice: Path) -> None:
    """The example's notice as gongwen prints it (red 版头, 版记 as Word's table, e-mail line): every
    part recognised, and the example's own values found again."""
    from examples.yongqing.workbook import CAMPAIGN, NOTICE

    report = app.import_notice(built_notice, tmp_path / "ws")
    found = {f.field: f.value for f in report.recognition.found}
    for name in (
        "发文机关",
        "发文机关标志",
        "发文字号",
        "主送机关",
        "抄送机关",
        "印发机关",
        "联系人",
        "联系电话",
        "电子邮箱",
    ):
        assert found[f"发文.{name}"] == NOTICE[name], name
    for name in ("成文日期", "印发日期"):
        assert found[f"发文.{name}"] == NOTICE[name], name
    assert found["发文.标题"] == NOTICE["标题"]
    for name in ("活动名称", "本级名称", "方案标题", "开始日期", "结束日期", "牵头单位", "领导小组办公室",
                 "方案报送截止", "报送周期", "报送日", "总结报送截止"):  # fmt: skip
        assert found[f"活动.{name}"] == CAMPAIGN[name], name
    assert all(f.certain for f in report.recognition.found if f.field.startswith("发文."))
    assert report.recognition.unread == []
    assert report.lines[-1].endswith("与原文逐段相同（40 段）")


def test_text_that_looks_like_a_template_tag_is_printed_as_it_is(tmp_path: Path) -> None:
    """A notice quoting braces ({{ }} {% %}) prints them as they are, not as template tags."""
    source = tmp_path / "通知.txt"
    lines = ["××县人民政府关于开展××行动的通知", "各乡镇：", "表格中的{{ 单位 }}和{% 空 %}照原样填写，{单独的括号}也一样。",
             "（一）动员部署阶段（3月1日至3月10日）", "部署。", "（二）集中整治阶段（3月11日至4月30日）", "整治。",
             "××县人民政府", "2024年2月26日"]  # fmt: skip
    source.write_text("\n".join(lines), encoding="utf-8")
    _, report = import_and_build(source, tmp_path / "ws")
    assert printed_paragraphs(notice_path(tmp_path / "ws")) == lines
    # no 自…至… in the text: the campaign runs over its phases, and the 导入说明 says it inferred that
    found = {f.field: f for f in report.recognition.found}
    assert (found["活动.开始日期"].value, found["活动.结束日期"].value) == (D(2024, 3, 1), D(2024, 4, 30))
    assert not found["活动.开始日期"].certain


def test_a_notice_printing_two_plans_prints_both_each_on_its_own_page(tmp_path: Path) -> None:
    """The shape of 于都县's notice (its stored copy holds only the first plan): two plans named, both printed."""
    lines = ["××县人民政府办公室关于印发《××县春季防火工作方案》《××县防火宣传方案》的通知", "×政办〔2024〕3号",
             "各乡镇人民政府：", "现将《××县春季防火工作方案》《××县防火宣传方案》印发给你们，请认真贯彻落实。",
             "××县人民政府办公室", "2024年2月20日", "××县春季防火工作方案", "一、工作目标", "不发生重大森林火灾。",
             "××县防火宣传方案", "一、宣传重点", "野外用火。"]  # fmt: skip
    source = tmp_path / "两个方案.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    _, report = import_and_build(source, tmp_path / "ws")
    plans = [(p.text, p.plan) for p in report.recognition.pieces if p.part is Part.PLAN_TITLE]
    assert plans == [("××县春季防火工作方案", 1), ("××县防火宣传方案", 2)]
    printed = Document(str(notice_path(tmp_path / "ws")))
    breaks = [p.text for p in printed.paragraphs if p.paragraph_format.page_break_before]
    assert breaks == ["××县春季防火工作方案", "××县防火宣传方案"]
    assert printed_paragraphs(notice_path(tmp_path / "ws")) == [lines[1], lines[0], *lines[2:]]


def test_the_other_templates_speak_of_the_imported_campaign(tmp_path: Path) -> None:
    """The unit plans start from the starter's template, with the notice's campaign and phases."""
    app.import_notice(DATA / "seed_notice.txt", tmp_path / "ws")
    app.build(app.Workspace(tmp_path / "ws"), kinds=["方案"], units=["县公安局"], jobs=1)
    (plan,) = (tmp_path / "ws" / "output" / "方案").glob("*.docx")
    text = "\n".join(p.text for p in Document(str(plan)).paragraphs)
    assert "根据《永清县打击传销活动大排查实施方案》（永政办〔2018〕15号）要求" in text
    assert "（一）线索排查阶段（1月19日至1月23日）" in text and "（三）巩固总结阶段（3月26日至3月31日）" in text


def test_a_notice_without_a_date_gets_no_invented_banji(tmp_path: Path) -> None:
    """卢市镇's page has no 成文日期 and no 版记: the notice prints no 印发 line (it would be the starter's date).
    The workbook's 印发日期 (a required cell) is the 成文日期 inferred from the campaign's first day, said so."""
    _, report = import_and_build(NOTICES / "卢市镇两会安全生产大检查.txt", tmp_path / "ws")
    assert Document(str(notice_path(tmp_path / "ws"))).tables == []
    yinfa = next(f for f in report.recognition.found if f.field == "发文.印发日期")
    assert (yinfa.where, yinfa.certain, yinfa.value) == ("推断", False, dt.date(2021, 3, 7))


@pytest.mark.parametrize(
    ("heading", "name", "start", "end"),
    [
        ("（一）线索排查阶段（1月19日起至1月23日）", "线索排查阶段", D(2024, 1, 19), D(2024, 1, 23)),
        ("第一阶段：自查自纠（2024年4月1日至4月20日）", "第一阶段：自查自纠", D(2024, 4, 1), D(2024, 4, 20)),
        ("1.宣传发动阶段：3月1日—3月10日。", "宣传发动阶段", D(2024, 3, 1), D(2024, 3, 10)),
        ("（二）自查摸底阶段（7月3日至7月15日）。各地对辖区内重点问题进行检查。", "自查摸底阶段", D(2024, 7, 3), D(2024, 7, 15)),
        ("（三）巩固提升阶段（5月21日-31日）", "巩固提升阶段", D(2024, 5, 21), D(2024, 5, 31)),
    ],
)  # fmt: skip
def test_phase_headings_as_notices_write_them(tmp_path: Path, heading: str, name: str, start: D, end: D) -> None:
    lines = ["××县人民政府办公室关于开展××工作的通知", "各乡镇人民政府：", "一、工作步骤", heading, "按要求开展。",
             "二、工作要求", "联系人：王××，联系电话：0000-1234567", "××县人民政府办公室", "2024年1月10日"]  # fmt: skip
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    _, report = import_and_build(source, tmp_path / "ws")
    assert [(p.name, p.start, p.end) for p in report.recognition.phases] == [(name, start, end)]
    assert printed_paragraphs(notice_path(tmp_path / "ws")) == lines
    found = {f.field: f.value for f in report.recognition.found}
    assert (found["发文.联系人"], found["发文.联系电话"]) == ("王××", "0000-1234567")  # two on one line


def test_numbered_steps_with_dates_are_phases_without_the_word(tmp_path: Path) -> None:
    lines = ["××县人民政府办公室关于开展××整治的通知", "各乡镇人民政府：", "一、实施步骤",
             "（一）宣传发动（2024年3月1日—3月15日）", "广泛宣传。", "（二）集中整治（3月16日—5月15日）", "逐项整治。",
             "（三）总结验收（5月16日—5月31日）", "总结验收。", "二、工作要求", "各乡镇于6月5日前报送工作总结。",
             "××县人民政府办公室", "2024年2月26日"]  # fmt: skip
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    _, report = import_and_build(source, tmp_path / "ws")
    assert [(p.name, p.start, p.end) for p in report.recognition.phases] == [
        ("宣传发动", D(2024, 3, 1), D(2024, 3, 15)), ("集中整治", D(2024, 3, 16), D(2024, 5, 15)),
        ("总结验收", D(2024, 5, 16), D(2024, 5, 31)),
    ]  # fmt: skip
    found = {f.field: f.value for f in report.recognition.found}
    assert found["活动.总结报送截止"] == D(2024, 6, 5)
    assert printed_paragraphs(notice_path(tmp_path / "ws")) == lines


def test_a_heading_style_linked_to_a_list_gives_its_numbers(tmp_path: Path) -> None:
    """Word's 标题 1 tied to a 一、二、 list in the style itself (not on each paragraph), as templates do."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    document.part.numbering_part._element = parse_xml(
        f'<w:numbering {nsdecls("w")}><w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="chineseCountingThousand"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num></w:numbering>'
    )
    heading = document.styles["Heading 1"]
    heading.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="4"/></w:numPr>'))
    document.add_paragraph("××县关于开展××工作的通知")
    for text, style in (
        ("工作目标", "Heading 1"),
        ("不发生事故。", None),
        ("工作要求", "Heading 1"),
        ("认真落实。", None),
    ):
        document.add_paragraph(text, style=style)
    source = tmp_path / "标题样式.docx"
    document.save(str(source))
    assert [p.text for p in read_source(source).paragraphs] == [
        "××县关于开展××工作的通知", "一、工作目标", "不发生事故。", "二、工作要求", "认真落实。"
    ]  # fmt: skip


def test_a_title_set_by_hand_is_known_by_its_look(tmp_path: Path) -> None:
    """A plan title in words of its own (no 方案, no 关于) is known by being centred and large."""
    document = Document()
    for line in ("××县人民政府办公室关于印发春季防火行动的通知", "各乡镇人民政府：", "现将春季防火行动要点印发给你们。",
                 "××县人民政府办公室", "2024年2月20日", "春季防火“百日行动”", "一、目标", "不发生重大火灾。"):  # fmt: skip
        paragraph = document.add_paragraph(line)
        if line == "春季防火“百日行动”":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.runs[0].font.size = Pt(22)
    source = tmp_path / "通知.docx"
    document.save(str(source))
    report = app.import_notice(source, tmp_path / "ws")
    assert [p.text for p in report.recognition.pieces if p.part is Part.PLAN_TITLE] == ["春季防火“百日行动”"]


def test_an_import_that_fails_half_way_leaves_no_half_workspace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.importer as importer

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importer, "write_atomic", full_disk)
    with pytest.raises(OSError):
        importer.import_notice(DATA / "seed_notice.txt", tmp_path / "ws")
    assert list(tmp_path.iterdir()) == []


def test_departments_named_in_the_text_are_listed_whole(tmp_path: Path) -> None:
    """张家川县 (2023): 县住房和城乡建设局 was listed as 乡建设局 (cut at 和, restarted at 城乡's 乡) and
    县安委办 as 县安委 (cut at the first 委)."""
    source = tmp_path / "通知.txt"
    lines = [
        "××县安全生产委员会关于印发城镇燃气安全专项整治工作方案的通知",
        "各乡镇人民政府，县政府各部门：",
        "各乡镇、各部门制定具体实施方案，于9月5日前报县安委办。",
        "县住房和城乡建设局、县人力资源和社会保障局负责督导，县公安局和县民政局配合。",
        "××县安全生产委员会",
        "2023年8月22日",
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    named = next(f.value for f in rec.found if f.field == "其他.文中提到的单位").split("、")
    assert named == ["县安委办", "县住房和城乡建设局", "县人力资源和社会保障局", "县公安局", "县民政局"]


@pytest.mark.parametrize("school", ["九都中心小学", "南安市第一中学", "南安市实验幼儿园", "铜冶中心校"])
def test_a_school_signs_its_notice(tmp_path: Path, school: str) -> None:
    """九都中心小学 (2007) passed the 教育局's notice on to its 各小学: its 署名 was read as a line of the body,
    and the notice had no 发文机关."""
    source = tmp_path / "通知.txt"
    lines = [
        "关于开展学校安全隐患排查治理专项行动的通知",
        "各小学：",
        "现将《关于开展学校安全隐患排查治理专项行动的通知》转发给你们，请各校认真贯彻执行。",
        school,
        "2007年9月5日",
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    assert [(p.part, p.text) for p in rec.pieces[-2:]] == [(Part.SIGNATURE, school), (Part.DATE, "2007年9月5日")]
    assert rec.value("发文.发文机关") == school


def test_a_cited_documents_number_names_no_unit(tmp_path: Path) -> None:
    """本溪满族自治县 (2019): its plan cites （本县政办字﹝2018﹞16号）, and 县政办, the number's prefix, was listed
    among the departments the text names."""
    source = tmp_path / "通知.txt"
    lines = [
        "××县人民政府办公室关于印发××县河长制工作考核方案的通知",
        "各乡、镇人民政府，县政府有关部门：",
        "根据《××县全面推行河长制实施方案》（本县政办字﹝2018﹞16号）和县政府办〔2017〕81号文件，"
        "由县水务局会同县生态环境局组织考核。",
        "××县人民政府办公室",
        "2019年4月30日",
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    named = next(f.value for f in rec.found if f.field == "其他.文中提到的单位").split("、")
    assert named == ["县水务局", "县生态环境局"]


# A notice of 宁武县 (2024): its number, title, addressees and first sentence, and its 署名 and date;
# the tests of its 发文机关标志 and of its run-in phase headings each add their own lines.
NINGWU_HEAD = [
    "宁政办发〔2024〕21号",
    "宁武县人民政府办公室关于开展汛期安全隐患大排查的通知",
    "各乡镇人民政府，县直各有关单位：",
    "经县政府同意，决定自2024年6月1日至2024年9月30日在全县开展汛期安全隐患大排查。",
]
NINGWU_SIGNATURE = ["宁武县人民政府办公室", "2024年5月20日"]


def test_an_organ_name_above_the_number_is_the_mark_without_文件(tmp_path: Path) -> None:
    """GB/T 9704 7.2.3: the 发文机关标志 may be the organ's name alone. Typed as a line above the
    发文字号 (宁武县, 2024), it was copied as a body paragraph under the red line, and a mark with
    文件 was made up for the 版头: the notice printed the organ's name twice."""
    source = tmp_path / "通知.txt"
    lines = ["宁武县人民政府办公室", *NINGWU_HEAD, *NINGWU_SIGNATURE]
    source.write_text("\n".join(lines), encoding="utf-8")
    workspace, report = import_and_build(source, tmp_path / "ws")
    mark = next(f for f in report.recognition.found if f.field == "发文.发文机关标志")
    assert (mark.value, mark.certain, mark.where) == ("宁武县人民政府办公室", True, "第 1 段")
    assert not [p for p in report.recognition.pieces if p.part is Part.HEADER_OTHER]
    marks = [p.text for p in Document(str(notice_path(workspace.root))).paragraphs if p.style is not None
             and p.style.style_id == gbt9704.MARK.style_id]  # fmt: skip
    assert marks == ["宁武县人民政府办公室"]
    printed = printed_paragraphs(notice_path(workspace.root))
    assert printed.count("宁武县人民政府办公室") == 1, printed  # the 署名; no body line under the red line
    assert any("与原文逐段相同" in line for line in report.lines), report.lines


def test_a_phase_heading_with_its_sentence_runs_in_and_keeps_no_next(tmp_path: Path) -> None:
    """（一）自查阶段（6月1日—6月30日）。各乡镇…: a heading run into its sentence (宁武县, 2024). In the
    二级标题 style (keep with next), the three phases chained 一、 to the 落款 onto the next page and
    left page 1 five lines short; as the other run-in headings, it is body text with a 楷体 head."""
    source = tmp_path / "通知.txt"
    lines = [
        *NINGWU_HEAD,
        "一、排查步骤",
        "（一）自查阶段（6月1日—6月30日）。各乡镇、各单位对照排查重点全面自查。",
        "（二）督查阶段（7月1日—8月31日）。县防汛办组织督查组开展督查。",
        "（三）总结阶段（9月1日—9月30日）。各乡镇、各单位于9月25日前报送工作总结。",
        *NINGWU_SIGNATURE,
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    workspace, report = import_and_build(source, tmp_path / "ws")
    assert any("与原文逐段相同" in line for line in report.lines), report.lines
    document = Document(str(notice_path(workspace.root)))
    phases = [p for p in document.paragraphs if p.text.startswith(("（一）", "（二）", "（三）"))]
    assert [p.text for p in phases] == lines[5:8]
    for paragraph in phases:
        assert paragraph.style is not None and paragraph.style.style_id == gbt9704.BODY.style_id, paragraph.text
        head = paragraph.runs[0]
        assert head.style is not None and head.style.style_id == gbt9704.RUN_IN_HEADING_2.style_id
        assert paragraph.text.startswith(head.text) and head.text.endswith("）。")


# A page's text as many government sites serve it, and as a clerk pastes it: ASCII punctuation in
# Chinese text (the stored copies of these pages had it; the .txt files hold what the notices print).
AS_PASTED = str.maketrans("，：；（）？！“”", ',:;()?!""')


def test_a_notice_pasted_with_half_width_punctuation_imports_as_printed_and_passes_check(tmp_path: Path) -> None:
    name = "于都县应急管理五个全覆盖"
    printed = (NOTICES / f"{name}.txt").read_text(encoding="utf-8")
    pasted = tmp_path / f"{name}.txt"
    pasted.write_text(printed.translate(AS_PASTED), encoding="utf-8")
    assert "," in pasted.read_text(encoding="utf-8") and '"' in pasted.read_text(encoding="utf-8")
    _workspace, report = import_and_build(pasted, tmp_path / "ws")
    # The notice as printed: 18 ， 18 “” 10 （） 1 ： in lines 3, 4, 5, 8, 10 and 12 of the file.
    assert_same(
        expected(source_lines(f"{name}.txt"), join=(2,), insert={6: ["于都县人民政府办公室"]}),  # (its 署名)
        printed_paragraphs(notice_path(tmp_path / "ws")),
    )
    assert report.lines[1] == (
        "原文中文里的半角标点已改为全角（逗号 18 个、引号 18 个、括号 10 个、冒号 1 个；第 3、4、5、8、10、12 段）；"
        "数字、时间、电话、网址、电子邮箱和发文字号里的没有改动"
    )
    assert sheet_values(tmp_path / "ws", "活动")["方案标题"] == "于都县应急管理工作“五个全覆盖”工作方案"
    checked = app.check([notice_path(tmp_path / "ws")], lay_out=False)
    defects = [d for found in checked.results.values() if isinstance(found, list) for d in found]
    assert defects == [], defects


@pytest.mark.parametrize(
    ("pasted", "printed"),
    [
        ("各乡镇人民政府,县政府各部门:", "各乡镇人民政府，县政府各部门："),
        ('(一)开展"清源"行动.', "（一）开展“清源”行动。"),
        ("会议时间:5月6日(星期一)上午8:30, 地点另行通知!", "会议时间：5月6日（星期一）上午8:30，地点另行通知！"),
        # Numbers, times, ratios, URLs, e-mail, phone numbers and a 发文字号 keep their marks.
        ("按4:3:3的比例分担,补助1,200元,PM2.5下降3.5%", "按4:3:3的比例分担，补助1,200元，PM2.5下降3.5%"),
        (
            "网址:http://www.yd.gov.cn/a.html?id=3,邮箱:ydyj@163.com",
            "网址：http://www.yd.gov.cn/a.html?id=3，邮箱：ydyj@163.com",
        ),
        ("电话(0797)6221234(传真)", "电话(0797)6221234（传真）"),
        ("依据于府办发(2022)33号文件", "依据于府办发(2022)33号文件"),
        ("1.工作目标", "1.工作目标"),
        # Latin words: their own punctuation stays; what sits in Chinese changes.
        ("使用App (Application)上报, 勿用Wi-Fi", "使用App（Application）上报，勿用Wi-Fi"),
        ("Hello, world (test).", "Hello, world (test)."),
        ('他说:"don\'t"?', "他说：“don't”？"),
        ("通知如下...", "通知如下……"),
    ],
)
def test_half_width_punctuation_in_chinese_is_made_full_width_and_nothing_else(pasted: str, printed: str) -> None:
    assert full_width(pasted)[0] == printed


# --- broken notices a clerk really has -------------------------------------------------------------

SEED_TITLE = "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知"


def seed_lines() -> list[str]:
    """The seed notice's printed lines as LibreOffice reads its .doc (as in the test above)."""
    return [ln for i, ln in enumerate(source_lines(str(DATA / "seed_notice.txt")), 1) if i not in (3, 41)]


def _seed_with_body(edit: Any) -> bytes:
    from generator.standard.package import read_parts, zip_bytes

    parts = read_parts(DATA / "seed_notice.docx")
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    return zip_bytes(parts)


def _after_title(fragment: str) -> Any:
    title = f"<w:p><w:r><w:t>{SEED_TITLE}</w:t></w:r></w:p>"
    return lambda xml: xml.replace(title, title + fragment, 1)


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# A text box as Word saves it: the drawing (mc:Choice) and, for older readers, the same text again
# as VML (mc:Fallback). Its text was read twice: "文本框里的字文本框里的字带文本框的段落。"
TEXT_BOX = (
    f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing>'
    '<wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:txbx><w:txbxContent>'
    "<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
    '<mc:Fallback><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
    "<w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
    "</mc:AlternateContent></w:r><w:r><w:t>带文本框的段落。</w:t></w:r></w:p>"
)
# Tracked changes: a deletion (w:delText) and a paragraph moved away (its old place, w:moveFrom, still
# holds w:t) are not printed; an insertion is. The moved-away sentence was read as a paragraph.
TRACKED = (
    '<w:p><w:moveFrom w:id="3" w:author="王"><w:r><w:t>挪走的旧句子。</w:t></w:r></w:moveFrom></w:p>'
    '<w:p><w:del w:id="1" w:author="王"><w:r><w:delText>删去的话，</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="王"><w:r><w:t>补上的话。</w:t></w:r></w:ins></w:p>'
)
# A table in a table's cell, with a text box in the outer cell: each text once, the inner table's as its text.
NESTED = (
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>外表格</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>内表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    f"{TEXT_BOX}</w:tc><w:tc><w:p><w:r><w:t>第二格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)


@pytest.mark.parametrize(
    ("fragment", "read"),
    [
        (TEXT_BOX, ["文本框里的字带文本框的段落。"]),
        (TRACKED, ["补上的话。"]),
        (NESTED, ["外表格\n内表格\n文本框里的字带文本框的段落。\t第二格"]),
    ],
    ids=["text box", "tracked changes", "nested tables"],
)
def test_text_boxes_tracked_changes_and_nested_tables_are_read_as_printed(
    tmp_path: Path, fragment: str, read: list[str]
) -> None:
    notice = tmp_path / "通知.docx"
    notice.write_bytes(_seed_with_body(_after_title(fragment)))
    texts = [p.text for p in read_source(notice).paragraphs]
    at = texts.index(SEED_TITLE) + 1
    assert texts[at : at + len(read)] == read
    assert texts[at + len(read)] == "永政办〔2018〕15号"


def test_a_strict_open_xml_notice_is_read_as_word_saves_it_otherwise(tmp_path: Path) -> None:
    """Word's "Strict Open XML 文档" names its elements in another namespace: it was "里没有正文"."""
    from generator.standard.package import read_parts, zip_bytes

    transitional = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    strict = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
    parts = read_parts(DATA / "seed_notice.docx")
    notice = tmp_path / "严格.docx"
    notice.write_bytes(zip_bytes({name: data.replace(transitional, strict) for name, data in parts.items()}))
    document = read_source(notice)
    assert [p.text for p in document.paragraphs] == seed_lines()
    # the styles' sizes read too (the notice's styles part is Strict as well)
    assert [p.size for p in document.paragraphs] == [p.size for p in read_source(DATA / "seed_notice.docx").paragraphs]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("通知.docx", b"", "「通知.docx」是空文件（0 字节）"),
        ("通知.doc", b"", "「通知.doc」是空文件（0 字节）"),
        (
            "通知.docx",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            "「通知.docx」其实是 PDF 文件（只是扩展名写成了 .docx）",
        ),
        ("通知.doc", b"%PDF-1.7\n1 0 obj", "「通知.doc」其实是 PDF 文件（只是扩展名写成了 .doc）"),
    ],
    ids=["empty docx", "empty doc", "pdf as docx", "pdf as doc"],
)
def test_a_file_that_is_not_what_its_name_says_is_told_what_it_is(
    tmp_path: Path, run: Run, name: str, content: bytes, message: str
) -> None:
    notice = tmp_path / name
    notice.write_bytes(content)
    result = run("import", notice, tmp_path / "ws")
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing written
    assert notice.read_bytes() == content


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda xml: re.sub(r"^<\?xml[^>]*\?>", "", xml).encode("gbk"),
            "正文部分（word/document.xml）的文字不是 UTF-8 编码（文件已损坏，或是别的软件写坏的）",
        ),
        (
            lambda xml: xml.encode("gbk"),  # declared UTF-8, written in GBK
            "正文部分（word/document.xml）的文字不是 UTF-8 编码（文件已损坏，或是别的软件写坏的）",
        ),
        (
            lambda xml: xml.replace("?>", '?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1).encode(),
            "正文部分（word/document.xml）带有 DOCTYPE 声明（Word 文件从不带它，可能是恶意构造的文件）",
        ),
        (
            lambda xml: xml[: len(xml) // 2].encode(),
            "正文部分（word/document.xml）不是有效的 XML（文件已损坏，或嵌套过深）",
        ),
    ],
    ids=["gbk without declaration", "gbk declared utf-8", "doctype", "cut in half"],
)
def test_a_body_part_that_cannot_be_read_is_named_with_the_reason(tmp_path: Path, edit: Any, message: str) -> None:
    from generator.standard.package import read_parts, zip_bytes

    parts = read_parts(DATA / "seed_notice.docx")
    parts["word/document.xml"] = edit(parts["word/document.xml"].decode("utf-8"))
    notice = tmp_path / "通知.docx"
    notice.write_bytes(zip_bytes(parts))
    with pytest.raises(SourceRefused) as refused:
        read_source(notice)
    assert str(refused.value) == f"「通知.docx」打不开：{message}；请用 Word 或 WPS 打开它，另存为 .docx 后再导入"


def test_a_notice_declared_in_gbk_is_read(tmp_path: Path) -> None:
    """An XML declaration may name its encoding: WPS's older files say GBK."""
    from generator.standard.package import read_parts, zip_bytes

    parts = read_parts(DATA / "seed_notice.docx")
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = re.sub(r"encoding=['\"]UTF-8['\"]", "encoding='GBK'", xml, count=1).encode("gbk")
    notice = tmp_path / "通知.docx"
    notice.write_bytes(zip_bytes(parts))
    assert [p.text for p in read_source(notice).paragraphs] == seed_lines()


def test_a_doc_or_wps_file_renamed_docx_is_read_by_its_content(tmp_path: Path, seed_doc: bytes) -> None:
    """A .doc (or .wps, the same Word 97 format) renamed .docx was "文件已损坏" though Word opens it."""
    notice = tmp_path / "通知.docx"
    notice.write_bytes(seed_doc)
    before = sorted(p.name for p in tmp_path.iterdir())
    document = read_source(notice)
    assert document.kind == "旧版 Word（.doc）或 WPS 文字（.wps），扩展名写成了 .docx"
    assert [p.text for p in document.paragraphs] == seed_lines()
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing beside it (no LibreOffice lock file)


SEED_HTML = (
    '<html><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"></head><body>'
    f"<p align=center><b>{SEED_TITLE}</b></p><p>各乡镇（区、办），县政府有关部门：</p>"
    "<p>现将方案印发给你们，请认真贯彻落实。</p><p align=right>永清县人民政府办公室</p><p align=right>2018年1月22日</p>"
    "</body></html>"
)
SEED_HTML_LINES = [SEED_TITLE, "各乡镇（区、办），县政府有关部门：", "现将方案印发给你们，请认真贯彻落实。",
                   "永清县人民政府办公室", "2018年1月22日"]  # fmt: skip


def _mht(html: str) -> bytes:
    """A web archive as Word's "单个文件网页" writes it: MIME, the page quoted-printable in GB2312."""
    import quopri

    page = quopri.encodestring(html.encode("gb2312")).decode("ascii")
    return (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01D0"\r\n\r\n'
        "此文档为“单个文件网页”，也称为“Web 档案”文件。\r\n\r\n------=_NextPart_01D0\r\n"
        "Content-Location: file:///C:/D0/notice.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        f'Content-Type: text/html; charset="gb2312"\r\n\r\n{page}\r\n------=_NextPart_01D0--\r\n'
    ).encode("gb2312")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("通知.doc", SEED_HTML.encode("gb2312"), "网页（.html），扩展名写成了 .doc"),
        ("通知.docx", SEED_HTML.encode("gb2312"), "网页（.html），扩展名写成了 .docx"),
        ("通知.doc", _mht(SEED_HTML), "网页存档（.mht），扩展名写成了 .doc"),
    ],
    ids=["html as doc", "html as docx", "mht as doc"],
)
def test_a_web_page_saved_as_doc_is_read_as_the_page_it_is(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    """A site's "下载 Word" is often its page saved with .doc: LibreOffice converted nothing (HTML is not
    Writer's to convert), and a web archive (.mht) was read as its MIME headers."""
    require_soffice()
    notice = tmp_path / name
    notice.write_bytes(content)
    document = read_source(notice)
    assert document.kind == kind
    assert [p.text for p in document.paragraphs] == SEED_HTML_LINES
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_damaged_doc_that_libreoffice_reads_as_noise_is_refused(tmp_path: Path, run: Run) -> None:
    """A .doc whose content is damaged: LibreOffice falls back to reading its bytes as text, and the
    import made a workspace of one paragraph of Hangul and CJK noise."""
    import random

    require_soffice()
    notice = tmp_path / "通知.doc"
    notice.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + random.Random(7).randbytes(4096))
    result = run("import", notice, tmp_path / "ws")
    assert result.exit_code == 1, result.output
    assert "「通知.doc」读出来的是乱码（文件已损坏，或不是 Word 文档）" in result.output
    assert not (tmp_path / "ws").exists()


def test_a_workbook_renamed_docx_is_told_as_a_workbook(tmp_path: Path) -> None:
    notice = tmp_path / "通知.docx"
    notice.write_bytes((EXAMPLE / "inputs" / "活动数据.xlsx").read_bytes())
    with pytest.raises(
        SourceRefused, match=r"「通知\.docx」是 Excel 工作簿（\.xlsx），只是扩展名写成了 \.docx，不是公文："
    ):
        read_source(notice)


def test_a_folder_or_a_pipe_named_as_a_notice_is_told_as_such(tmp_path: Path, run: Run) -> None:
    """They were "找不到文件", as if the clerk had mistyped the name."""
    import os

    (tmp_path / "通知.docx").mkdir()
    os.mkfifo(tmp_path / "管道.docx")
    result = run("import", tmp_path / "通知.docx", tmp_path / "ws")
    assert result.exit_code == 1 and "「通知.docx」是一个文件夹，不是公文文件" in result.output
    result = run("import", tmp_path / "管道.docx", tmp_path / "ws")
    assert result.exit_code == 1 and "「管道.docx」不是普通文件（是管道、设备或特殊文件），已拒绝读取" in result.output


def test_a_package_refusal_that_says_what_to_do_is_not_followed_by_other_advice(tmp_path: Path) -> None:
    """An encrypted notice was told to remove the password and save again, then to save it as .docx."""
    from .hostile import with_zip_method

    notice = tmp_path / "通知.docx"
    notice.write_bytes(with_zip_method(99, 1)((DATA / "seed_notice.docx").read_bytes()))  # AES, as WinZip encrypts
    with pytest.raises(SourceRefused) as refused:
        read_source(notice)
    assert str(refused.value) == (
        "「通知.docx」打不开：文件里的「word/document.xml」已加密（文件设置了密码）；"
        "请在 Word/WPS/Excel 里取消密码、另存后再试"
    )


def test_a_notice_whose_body_part_has_another_name_is_found_by_the_package_relationships(tmp_path: Path) -> None:
    """Word Online saves the body as word/document2.xml when the package's relationship says so: it
    was "缺少正文部分 word/document.xml"."""
    from generator.standard.package import read_parts, zip_bytes

    parts = read_parts(DATA / "seed_notice.docx")
    parts["word/document2.xml"] = parts.pop("word/document.xml")
    parts["word/_rels/document2.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="word/document.xml"', b'Target="/word/document2.xml"')
    assert b"document2.xml" in parts["_rels/.rels"]
    notice = tmp_path / "通知.docx"
    notice.write_bytes(zip_bytes(parts))
    assert [p.text for p in read_source(notice).paragraphs] == seed_lines()


def test_words_owner_file_beside_an_open_notice_is_told_as_such(tmp_path: Path) -> None:
    """~$通知.docx, which Word leaves beside a notice it has open, picked by mistake: it was "文件已损坏"."""
    owner = tmp_path / "~$通知.docx"
    owner.write_bytes(b"\x0cAdministrator" + bytes(149))
    with pytest.raises(SourceRefused) as refused:
        read_source(owner)
    assert str(refused.value) == (
        "「~$通知.docx」是 Word/WPS 打开「通知.docx」时留下的临时文件，不是公文：请选「通知.docx」本身"
    )


def _set_cells(workspace: Path, sheet: str, values: dict[tuple[str, str], Any]) -> None:
    """Values typed into the workbook as a clerk does: (row's first cell, column header) → value."""
    path = workspace / "inputs" / "活动数据.xlsx"
    wb = load_workbook(path)
    ws = wb[sheet]
    headers = {str(c.value): c.column for c in ws[1] if c.value}
    for (row_name, column), value in values.items():
        row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == row_name)
        ws.cell(row[0].row, headers[column], value)
    wb.save(path)


def _signature_indent(workspace: Path) -> tuple[str, int, int]:
    """The 署名's text, its right indent and the 成文日期's under it, in twips."""
    paragraphs = Document(str(notice_path(workspace))).paragraphs
    (at,) = [i for i, p in enumerate(paragraphs) if p.style is not None
             and p.style.style_id == gbt9704.SIGNATURE.style_id]  # fmt: skip
    signature, date = paragraphs[at], paragraphs[at + 1]
    return signature.text, _right_indent(signature._p), _right_indent(date._p)


def _right_indent(paragraph: Any) -> int:
    return int(paragraph.find(f"{qn('w:pPr')}/{qn('w:ind')}").get(qn("w:right")))


@pytest.mark.parametrize("sealed", ["否"])
def test_a_joint_signature_is_placed_by_its_longest_organ(tmp_path: Path, sealed: str) -> None:
    """来苏镇 (2021) signs with its Party committee and its government, one under the other (7.3.5.2,
    not sealed): the 署名 was placed as if its two names were one line 27 characters long. Each line
    now stands where the longer organ alone would. Its mark of two lines was warned of as 28
    characters that no narrowing fits on one line. (Sealed, each organ has its seal's room:
    test_print_layout.py, test_a_joint_notice_gives_each_organ_s_seal_its_room.)"""
    workspace, _report = import_and_build(NOTICES / "来苏镇村委会换届选举.docx", tmp_path / "ws")
    _, findings = app.validate(workspace)  # each mark is a line of 14 characters: narrowed, each on its line
    assert [f.message for f in findings.items if "发文机关标志" in f.message] == [
        "发文机关标志有 14 个字，一行只能排 12 个字，生成时压窄字宽（字符缩放）排在一行"
    ]
    _set_cells(workspace.root, "文档", {("通知", "加盖印章"): sealed})
    assert not app.build(workspace, kinds=["通知"], jobs=1).findings.errors
    joint = _signature_indent(workspace.root)
    assert joint[0] == "中共重庆市永川区来苏镇委员会\n重庆市永川区来苏镇人民政府"
    _set_cells(workspace.root, "发文", {("发文机关", "内容"): "中共重庆市永川区来苏镇委员会"})
    assert not app.build(workspace, kinds=["通知"], jobs=1).findings.errors
    alone = _signature_indent(workspace.root)
    assert alone[0] == "中共重庆市永川区来苏镇委员会"
    assert joint[1:] == alone[1:]


def test_a_joint_signature_typed_side_by_side_is_each_organ(tmp_path: Path) -> None:
    """岳阳市 (2017) as a clerk pastes it from a Word file: the two organs' 署名 typed on one line, full-width
    spaces between (as they print side by side), a page number among the lines. The 发文机关 was one organ
    named 中共岳阳市委办公室　　　　岳阳市人民政府办公室, and so its mark and 印发机关: each organ now, lead first."""
    lines = (NOTICES / "岳阳市政务公开实施意见.txt").read_text(encoding="utf-8").splitlines()
    signed = lines.index("中共岳阳市委办公室")
    lines[signed : signed + 2] = ["中共岳阳市委办公室　　　　岳阳市人民政府办公室"]
    lines.insert(signed + 2, "— 1 —")
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    report = app.import_notice(source, tmp_path / "ws")
    notice = sheet_values(tmp_path / "ws", "发文")
    assert notice["发文机关"] == notice["发文机关标志"] == "中共岳阳市委办公室\n岳阳市人民政府办公室"
    assert notice["印发机关"] == "中共岳阳市委办公室"
    assert any("与原文逐段相同" in line for line in report.lines)


JINGXIAN_FROM_PDF = [  # 泾县's notice copied out of its PDF: the 版头, lines broken where the page broke them
    "中共泾县县委平安泾县建设领导小组办公室文件", "泾平安办〔2021〕1号",
    "关于印发《泾县防范电信网络诈骗犯罪集中宣传", "活动工作方案》的通知", "各乡镇，县直各单位：",
    "　　现将《泾县防范电信网络诈骗犯罪集中宣传活动工作方案》印发给你们，", "请遵照执行。",
    "　　附件：泾县防范电信网络诈骗犯罪集中宣传活动工作方案", "中共泾县县委平安泾县建设领导小组办公室",
    "2021年1月6日", "- 1 -", "泾县防范电信网络诈骗犯罪集中宣传活动工作方案",
    "　　决定自2021年1月10日至3月31日在全县开展集中宣传活动。各乡镇、县直各单位每周五下午下班前将本周宣传情况报县委平安办。",
]  # fmt: skip


def test_a_mark_as_long_as_a_line_is_not_a_sentence_broken_by_the_page(tmp_path: Path) -> None:
    """泾县 (2021) copied out of its PDF: the mark 中共泾县县委平安泾县建设领导小组办公室文件 is 21 characters,
    as long as a line the page broke, so the number and the title were joined to it as one sentence: the
    notice had a 95-character title and no 发文字号. A mark and a number are lines of their own."""
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(JINGXIAN_FROM_PDF), encoding="utf-8")
    report = app.import_notice(source, tmp_path / "ws")
    notice, campaign = sheet_values(tmp_path / "ws", "发文"), sheet_values(tmp_path / "ws", "活动")
    assert notice["发文机关标志"] == "中共泾县县委平安泾县建设领导小组办公室文件"
    assert notice["发文字号"] == "泾平安办〔2021〕1号"
    assert notice["标题"] == "关于印发《泾县防范电信网络诈骗犯罪集中宣传活动工作方案》的通知"
    assert (campaign["报送周期"], campaign["每周最后一天"], campaign["报送日"]) == ("周", "星期五", 0)
    assert any("与原文逐段相同" in line for line in report.lines)


def test_line_breaks_typed_in_the_closing_and_in_a_sentence_are_read_as_the_notice_prints(tmp_path: Path) -> None:
    """岳阳市 (2017) as a drafter typed it in Word with Shift+回车: the two 署名 and the 成文日期 one paragraph
    of three lines, a body sentence broken where a line ended. The import found no 署名 and no date (the
    发文机关 came from the title: 中共岳阳市委办公室岳阳市人民政府办公室印发《) and printed the break in the
    middle of the sentence. The closing's lines are its parts; the sentence prints whole."""
    document = Document()

    def typed(*lines: str) -> None:
        paragraph = document.add_paragraph()
        for k, line in enumerate(lines):
            run = paragraph.add_run(line)
            if k < len(lines) - 1:
                run.add_break()

    typed("岳办发〔2017〕2号")
    typed("中共岳阳市委办公室 岳阳市人民政府办公室", "印发《关于全面推进政务公开工作的实施意见》的通知")
    typed("各县市区委、人民政府，市直各单位：")
    typed("《关于全面推进政务公开工作的实施意见》已经市委、市人民政府同意，现印发给你们，", "请结合实际认真贯彻执行。")
    typed("中共岳阳市委办公室", "岳阳市人民政府办公室", "2017年1月10日")
    typed("关于全面推进政务公开工作的实施意见")
    typed("根据有关要求，结合我市实际，现就全面推进政务公开工作提出如下实施意见。")
    document.save(str(tmp_path / "通知.docx"))
    workspace, report = import_and_build(tmp_path / "通知.docx", tmp_path / "ws")
    notice = sheet_values(workspace.root, "发文")
    assert notice["发文机关"] == "中共岳阳市委办公室\n岳阳市人民政府办公室"
    assert notice["成文日期"] == dt.datetime(2017, 1, 10)
    sentence = "《关于全面推进政务公开工作的实施意见》已经市委、市人民政府同意，现印发给你们，请结合实际认真贯彻执行。"
    assert sentence in printed_paragraphs(notice_path(workspace.root))
    assert not [p for p in Document(str(notice_path(workspace.root))).paragraphs if "你们，\n" in p.text]
    assert any("与原文逐段相同" in line for line in report.lines)


def test_a_joint_notice_without_its_signature_is_signed_by_the_organs_its_title_names(tmp_path: Path) -> None:
    """岳阳市 (2017) pasted without its 落款's names: the 发文机关 came from the title before 关于, which stands
    inside 印发《关于…》: 中共岳阳市委办公室岳阳市人民政府办公室印发《. The organs the title names, lead first."""
    lines = (NOTICES / "岳阳市政务公开实施意见.txt").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if line not in ("中共岳阳市委办公室", "岳阳市人民政府办公室")]
    at = next(i for i, line in enumerate(lines) if line.startswith("中共岳阳市委办公室岳阳市人民政府办公室印发"))
    lines[at : at + 1] = ["中共岳阳市委办公室 岳阳市人民政府办公室", "印发《关于全面推进政务公开工作的实施意见》的通知"]
    source = tmp_path / "通知.txt"
    source.write_text("\n".join(lines), encoding="utf-8")
    app.import_notice(source, tmp_path / "ws")
    notice = sheet_values(tmp_path / "ws", "发文")
    assert notice["发文机关"] == "中共岳阳市委办公室\n岳阳市人民政府办公室"
    assert notice["印发机关"] == "中共岳阳市委办公室"


def test_a_joint_mark_with_文件_on_every_line_is_warned_of(tmp_path: Path) -> None:
    """GB/T 9704 7.2.3: a joint notice's 文件 stands once, right of all the organs' names. The import
    wrote 中共岳阳市委办公室文件 over 岳阳市人民政府办公室文件, and a clerk who types it so was told nothing."""
    app.import_notice(NOTICES / "岳阳市政务公开实施意见.docx", tmp_path / "ws")
    _, findings = app.validate(app.Workspace(tmp_path / "ws"))
    assert not [f for f in findings.items if "文件”二字" in f.message]
    _set_cells(tmp_path / "ws", "发文", {("发文机关标志", "内容"): "中共岳阳市委办公室文件\n岳阳市人民政府办公室文件"})
    _, findings = app.validate(app.Workspace(tmp_path / "ws"))
    (said,) = [f for f in findings.items if "文件”二字" in f.message]
    assert said.location.cell == "B3" and "只在各机关名称的右侧出现一次（GB/T 9704 第 7.2.3 条）" in said.message


def test_a_document_named_in_the_text_names_no_unit(tmp_path: Path) -> None:
    """来苏镇 (2021): 《永川区第十一届村民委员会换届选举工作方案》 gave 区第十一届村民委员会 as a unit the text
    names, 《重庆市村民委员会选举规程（试行）》 gave 市村民委员会: a document's name is not a unit's."""
    source = tmp_path / "通知.txt"
    lines = [
        "来苏镇人民政府关于做好村民委员会换届选举工作的通知",
        "各村党总支、村委会：",
        "按照《重庆市村民委员会选举规程（试行）》，参照《永川区第十一届村民委员会换届选举工作方案》，"
        "各村于3月27日前将选举工作方案报镇民政办。",
        "来苏镇人民政府",
        "2021年3月11日",
    ]
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    named = next(f.value for f in rec.found if f.field == "其他.文中提到的单位").split("、")
    assert named == ["镇民政办"]


def _marks(path: Path) -> list[str]:
    return [
        p.text
        for p in Document(str(path)).paragraphs
        if p.style is not None and p.style.style_id == gbt9704.MARK.style_id
    ]


def test_a_page_without_a_版头_prints_it_once_the_clerk_fills_the_number(tmp_path: Path) -> None:
    """云梦乡's page printed no 版头 and no number; its clerk filled the 发文字号 the 导入说明 asked for, the
    村's plans cited it (根据《…》（云政发〔2018〕23号）), and the notice they cited printed no number."""
    workspace, report = import_and_build(NOTICES / "云梦乡强降雨防范紧急通知.txt", tmp_path / "ws")
    notice = notice_path(tmp_path / "ws")
    assert _marks(notice) == [] and printed_paragraphs(notice)[0].startswith("云梦乡人民政府关于")
    assert any("填写后，通知印出版头" in line for line in report.lines)
    book = tmp_path / "ws" / "inputs" / "活动数据.xlsx"
    wb = load_workbook(book)
    next(r for r in wb["发文"].iter_rows(min_row=2) if r[0].value == "发文字号")[1].value = "云政发〔2018〕23号"
    wb.save(book)
    result = app.build(workspace, kinds=["通知"], jobs=1)
    assert not result.findings.errors, result.findings.errors
    assert _marks(notice) == ["云梦乡人民政府文件"]
    assert printed_paragraphs(notice)[:2] == [
        "云政发〔2018〕23号",
        "云梦乡人民政府关于做好7月2日至4日强降雨防范工作的紧急通知",
    ]


def test_a_主题词_line_is_set_aside_and_said(tmp_path: Path) -> None:
    """文安乡's notice (2012) ends with 主题词：防汛 值班 通知, a line of GB/T 9704-1999 the 2012 standard took
    out: it was printed under the date as a 附注."""
    doc = read_source(NOTICES / "文安乡汛期值班.docx")
    assert [p.text for p in doc.set_aside] == ["主题词：防汛 值班 通知"]
    assert doc.notes == ("第 13 段「主题词：防汛 值班 通知」：主题词是 GB/T 9704-1999 的要素，2012 年版已取消，未导入",)


def test_a_page_s_credit_line_is_the_page_s_but_a_heading_naming_the_same_words_is_the_document_s() -> None:
    """云梦乡's page ends with 网络编辑：石振海 信息审核：石振海 under the date (it was printed as 附注); a body's
    二、严格信息审核 names the same words and is the document's."""
    from generator.importer.reading import is_noise

    assert is_noise("网络编辑：石振海 信息审核：石振海") and is_noise("审核：李四")
    assert not is_noise("二、严格信息审核") and not is_noise("加强网络编辑队伍建设")


def test_a_township_notice_s_office_is_where_its_reports_go(tmp_path: Path) -> None:
    """云乐镇 (2019) names no ……领导小组办公室 but says where the reports go (报送至镇党政办): the import
    kept the starter's 县××专项行动领导小组办公室, so the township's roll-ups were made, and its summary
    signed, by a 县 office of no one's, and its sample department was a 县××局. The office is read from
    the notice (with the township's name, orange, to check); no document of the campaign says 县."""
    workspace, report = import_and_build(NOTICES / "云乐镇信息公开统计制度.docx", tmp_path / "ws")
    book = tmp_path / "ws" / "inputs" / "活动数据.xlsx"
    campaign = sheet_values(tmp_path / "ws", "活动")
    assert campaign["领导小组办公室"] == "云乐镇党政办", campaign
    office = next(r[1] for r in load_workbook(book)["活动"].iter_rows(min_row=2) if r[0].value == "领导小组办公室")
    assert office.fill.fgColor.rgb == "00FCE4D6"  # inferred: the clerk checks its full name
    assert any("领导小组办公室 云乐镇党政办" in line and "报送至镇党政办" in line for line in report.lines)
    wb = load_workbook(book)
    names = [r[0].value for r in wb["单位"].iter_rows(min_row=2) if r[0].value]
    assert names == ["××镇", "××乡", "镇××所"], names
    metrics = [c.value for c in wb["统计报表"][1]][2:]
    wb["统计报表"].append(["××镇", "2024年第一季度", *[1 for _ in metrics]])
    wb.save(book)
    assert not app.build(workspace, jobs=1).findings.errors
    made = sorted((tmp_path / "ws" / "output").rglob("*.docx"))
    said = {path.name: "\n".join(printed_paragraphs(path)) for path in made}
    said |= {
        f"{path.name} 表格": "".join(c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells)
        for path in made
    }
    assert [name for name, text in said.items() if "县" in text] == []
    rollup = next(text for name, text in said.items() if name.startswith("全镇汇总表"))
    assert "制表单位：云乐镇党政办" in rollup, rollup
    assert said["云乐镇信息公开工作总结.docx"].splitlines()[-2] == "云乐镇党政办"


def test_a_notice_naming_no_office_leaves_it_blank_for_the_clerk(tmp_path: Path) -> None:
    """卢市镇's notice (2021) names no leading-group office and no place reports go: the import left the
    starter's 县××局 and 县××专项行动领导小组办公室. Both cells are left blank and yellow, the 导入说明
    says what to fill, and the workbook is refused, by cell, until the clerk does."""
    report = app.import_notice(NOTICES / "卢市镇两会安全生产大检查.docx", tmp_path / "ws")
    rows = {r[0].value: r[1] for r in load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")["活动"].iter_rows()}
    for name in ("牵头单位", "领导小组办公室"):
        assert rows[name].value is None and rows[name].fill.fgColor.rgb == "00FFF2CC", name
        assert any(line.startswith(f"  「活动」表的{name}：原文没有写") for line in report.lines), report.lines
    fill_blank_dates(tmp_path / "ws")
    wb = load_workbook(tmp_path / "ws" / "inputs" / "活动数据.xlsx")
    next(r[1] for r in wb["活动"].iter_rows(min_row=2) if r[0].value == "领导小组办公室").value = None
    wb.save(tmp_path / "ws" / "inputs" / "活动数据.xlsx")
    _, findings = app.validate(app.Workspace(tmp_path / "ws"))
    refused = [str(f) for f in findings.errors]
    assert len(refused) == 1 and "工作表「活动」" in refused[0] and "领导小组办公室" in refused[0], refused


def test_a_banji_alone_on_an_odd_page_that_cannot_move_is_said(tmp_path: Path) -> None:
    """GB/T 9704 7.4.1/7.5 and 版记在偶数页: 修水县's notice fills page 2 with its plan to the last line,
    so its 版记 prints alone on page 3. Opening a page before it moved nothing (the 版记 was on a page
    of its own already): the document is left as rendered, and the clerk is told where the 版记
    prints and what the standard allows (a blank page before it, neither numbered), never silently."""
    require_soffice()
    import_and_build(NOTICES / "修水县处置重大森林火灾应急预案.txt", tmp_path / "ws")
    workbook = tmp_path / "ws" / "inputs" / "活动数据.xlsx"
    book = load_workbook(workbook)
    documents = book["文档"]
    column = [c.value for c in documents[1]].index("版记在偶数页") + 1
    (row,) = [r for r in range(2, documents.max_row + 1) if documents.cell(r, 1).value == "通知"]
    documents.cell(row, column).value = "是"
    book.save(workbook)
    result = app.build(app.Workspace(tmp_path / "ws"), kinds=["通知"], jobs=1)
    assert not result.findings.errors
    (said,) = [f for f in result.findings.warnings if "版记" in f.message]
    assert "版记单独在第3页（单数页）" in said.message and "空白页" in said.message, said.message
    (pdf,) = convert_to_pdf([notice_path(tmp_path / "ws")], tmp_path / "pdf")
    assert page_count(pdf) == 3
