"""A 公文标题 too long for one line is broken between words into balanced lines (GB/T 9704 7.3.1).

Expected lines are written out by hand from the titles' words (an organ's name, a campaign's name, 关于印发,
工作方案, 的通知): what a clerk would break, never what the code returns. A line of a 二号 title holds 20 字
on the portrait 版心.
"""

from __future__ import annotations

import pytest

from generator.render import layout
from generator.render.titles import break_titles, title_lines
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.words import TitleNames

ROOM = std.TYPE_AREA_WIDTH
XING_BRANCH = "国家金融监督管理总局吕梁监管分局兴县监管支局"  # 22 字: longer than a line
GAS = "城镇燃气安全专项整治"


@pytest.mark.parametrize(
    ("title", "names", "lines"),
    [
        # An organ's name, then the campaign's name and the kind's suffix: between the two.
        (
            "兴县市场监督管理局打击非法集资专项整治统计报表",
            TitleNames(("兴县市场监督管理局", "打击非法集资专项整治", "兴县")),
            ["兴县市场监督管理局", "打击非法集资专项整治统计报表"],
        ),
        (
            "张家川回族自治县住房和城乡建设局城镇燃气安全专项整治工作方案",
            TitleNames(("张家川回族自治县住房和城乡建设局", GAS)),
            ["张家川回族自治县住房和城乡建设局", "城镇燃气安全专项整治工作方案"],
        ),
        # An organ's name longer than a line: after its levels (…总局 / …分局…支局), not 兴县监管/支局.
        (
            f"{XING_BRANCH}打击非法集资宣传月活动工作方案",
            TitleNames((XING_BRANCH, "打击非法集资宣传月活动", "兴县")),
            ["国家金融监督管理总局", "吕梁监管分局兴县监管支局", "打击非法集资宣传月活动工作方案"],
        ),
        # 关于印发 … 的通知 quoting a plan's title: between the organ and 关于, or inside the plan's
        # title where its parts meet (张家川县 / 城镇燃气…), never 工/作方案; no short last line.
        (
            f"张家川县人民政府办公室关于印发张家川县{GAS}工作方案的通知",
            TitleNames(("张家川县人民政府办公室", GAS, "张家川县"), (f"张家川县{GAS}工作方案",)),
            ["张家川县人民政府办公室关于印发张家川县", f"{GAS}工作方案的通知"],
        ),
        (
            f"张家川回族自治县人民政府办公室关于印发张家川县{GAS}工作方案的通知",
            TitleNames(("张家川回族自治县人民政府办公室", GAS, "张家川县"), (f"张家川县{GAS}工作方案",)),
            ["张家川回族自治县人民政府办公室", f"关于印发张家川县{GAS}", "工作方案的通知"],
        ),
        # No names known: the 公文's own words (关于印发, 、, 实施方案的通知) still place the break.
        (
            "关于印发兴县防范和处置非法集资、打击电信网络诈骗专项行动实施方案的通知",
            TitleNames(),
            ["关于印发兴县防范和处置非法集资、", "打击电信网络诈骗专项行动实施方案的通知"],
        ),
    ],
)
def test_a_long_title_breaks_between_its_words_into_even_lines(title: str, names: TitleNames, lines: list[str]) -> None:
    assert title_lines(title, names, ROOM) == lines


def test_quotation_marks_take_a_whole_character_in_a_title() -> None:
    """于都县 (2022): …应急管理工作“五个全覆盖”工作方案》的通知 was measured 20 字 with its quotation marks
    at half a 字 each; printed, each takes a whole one, and 知 wrapped onto a line of its own."""
    campaign = "应急管理工作“五个全覆盖”"
    names = TitleNames((campaign, "于都县"), (f"于都县{campaign}工作方案",))
    assert title_lines(f"关于印发《于都县{campaign}工作方案》的通知", names, ROOM) == [
        "关于印发《于都县",
        campaign,
        "工作方案》的通知",
    ]


SANBAN_CAMPAIGN = "工贸行业落实企业全员安全生产责任制拓展安全生产标准化提升专项行动2025年持续深化"


def test_a_four_line_title_breaks_between_words_never_inside_a_place() -> None:
    """三班镇 (2025, tests/data/notices): a 65-字 title whose campaign's name (40 字) is longer than a
    line. It broke 德化县三班镇人民政府关于印发《三/班镇…, inside the place; a clerk breaks it between
    words: after the place, between the phrases of the campaign's name, before its year."""
    title = f"德化县三班镇人民政府关于印发《三班镇{SANBAN_CAMPAIGN}方案》的通知"
    names = TitleNames(("德化县三班镇人民政府", SANBAN_CAMPAIGN, "三班镇"), (f"三班镇{SANBAN_CAMPAIGN}方案",))
    assert title_lines(title, names, ROOM) == [
        "德化县三班镇人民政府关于印发《三班镇",
        "工贸行业落实企业全员安全生产责任制",
        "拓展安全生产标准化提升专项行动",
        "2025年持续深化方案》的通知",
    ]


def test_a_title_whose_names_are_not_known_still_breaks_between_words() -> None:
    """No names known (a title typed in a template): before 关于, after a level of the organ, after
    、; never 防范和处/置 (处 ends a level of an organ's name, not of this word)."""
    title = f"{XING_BRANCH}关于印发兴县防范和处置非法集资、打击电信网络诈骗专项行动实施方案的通知"
    assert title_lines(title, TitleNames(), ROOM) == [
        "国家金融监督管理总局",
        "吕梁监管分局兴县监管支局",
        "关于印发兴县防范和处置非法集资、",
        "打击电信网络诈骗专项行动实施方案的通知",
    ]


def test_a_quoted_title_is_broken_between_its_words_rather_than_leave_a_connector_alone() -> None:
    """A 书名号 span that fits a line stays whole unless that leaves a line of only 的通知 (or 印发,
    关于): GB/T 9704 7.3.1 breaks a title by meaning, and a connector alone on a line is none."""
    title = f"张家川县人民政府办公室关于印发《张家川县{GAS}工作方案》的通知"
    names = TitleNames(("张家川县人民政府办公室", GAS, "张家川县"), (f"张家川县{GAS}工作方案",))
    assert title_lines(title, names, ROOM) == [
        "张家川县人民政府办公室关于印发《张家川县",
        f"{GAS}工作方案》的通知",
    ]


YUEYANG_ORGANS = "中共岳阳市委办公室岳阳市人民政府办公室"
YUEYANG_OPINION = "关于全面推进政务公开工作的实施意见"


def test_a_joint_notices_title_leaves_neither_its_verb_nor_its_kind_alone_on_a_line() -> None:
    """岳阳 (2017, tests/data/notices): two organs (19 字), then 印发《…实施意见》(19 字 quoted) 的通知.
    Kept whole, the quoted title left 印发 and 的通知 each on a line of their own; a clerk breaks
    inside the quoted title between its words instead."""
    title = f"{YUEYANG_ORGANS}印发《{YUEYANG_OPINION}》的通知"
    names = TitleNames((YUEYANG_ORGANS, "中共岳阳市委办公室", "岳阳市人民政府办公室", "岳阳市"), (YUEYANG_OPINION,))
    lines = title_lines(title, names, ROOM)
    assert "".join(lines) == title
    assert not {"印发", "的通知", "关于", "印发《", "》的通知"} & set(lines), lines
    assert lines[0] == YUEYANG_ORGANS
    assert len(lines) == 3, lines


def test_a_title_that_fits_one_line_is_left_as_it_is() -> None:
    title = "张家川县城镇燃气安全专项整治工作方案"  # 18 字
    assert title_lines(title, TitleNames(("张家川县", GAS)), ROOM) == [title]


def test_a_title_never_breaks_inside_an_organs_name_when_a_break_between_words_fits() -> None:
    # 兴县 is a name too, but inside 兴县监管支局 it is no place to break.
    title = "国家金融监督管理总局兴县监管支局关于开展打击非法集资宣传月活动的通知"
    names = TitleNames(("国家金融监督管理总局兴县监管支局", "打击非法集资宣传月活动", "兴县"))
    assert title_lines(title, names, ROOM) == [
        "国家金融监督管理总局兴县监管支局",
        "关于开展打击非法集资宣传月活动的通知",
    ]


def test_a_landscape_page_holds_a_longer_title_line() -> None:
    title = "兴县市场监督管理局打击非法集资专项整治统计报表"  # 23 字: one line across a landscape 版心
    assert title_lines(title, TitleNames(("兴县市场监督管理局",)), 12_000) == [title]


def _document(title_runs: str) -> bytes:
    return (
        f'<w:document xmlns:w="{wml.NS["w"]}"><w:body>'
        f'<w:p><w:pPr><w:pStyle w:val="{std.TITLE.style_id}"/></w:pPr>{title_runs}</w:p>'
        f'<w:p><w:pPr><w:pStyle w:val="{std.BODY.style_id}"/></w:pPr><w:r><w:t>正文。</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()


def test_the_pass_breaks_a_title_set_in_several_runs_with_line_breaks_and_keeps_its_text() -> None:
    runs = "<w:r><w:t>兴县市场监督管理局打击</w:t></w:r><w:r><w:t>非法集资专项整治统计报表</w:t></w:r>"
    root = wml.parse(_document(runs))
    names = TitleNames(("兴县市场监督管理局", "打击非法集资专项整治"))
    assert break_titles(root[0], names) == 1
    title = root[0][0]
    lines = "".join(
        "\n" if node.tag == wml.qn("w:br") else node.text or "" for node in title.iter(wml.qn("w:t"), wml.qn("w:br"))
    )
    assert lines == "兴县市场监督管理局\n打击非法集资专项整治统计报表"
    assert wml.paragraph_text(root[0][1]) == "正文。"


def test_the_pass_breaks_each_line_of_a_title_already_cut_into_lines_on_its_own() -> None:
    runs = f"<w:r><w:t>{XING_BRANCH}</w:t><w:br/><w:t>打击非法集资工作方案</w:t></w:r>"
    root = wml.parse(_document(runs))
    assert break_titles(root[0], TitleNames((XING_BRANCH,))) == 1
    texts = [t.text for t in root[0][0].iter(wml.qn("w:t"))]
    assert texts == ["国家金融监督管理总局", "吕梁监管分局兴县监管支局", "打击非法集资工作方案"]


def test_a_part_whose_only_pass_is_a_title_that_fits_is_returned_unparsed() -> None:
    data = _document("<w:r><w:t>兴县打击非法集资工作方案</w:t></w:r>")
    assert layout.laid_out("word/document.xml", data, True, TitleNames()) is None


def test_a_title_longer_than_four_lines_is_left_as_it_is() -> None:
    """No four lines can hold it: it is set as Word sets it, and not searched (a unit's name of 120
    字 in every plan's title took over a minute of cut choices per build)."""
    line = "甲" * 119 + "镇打击非法集资专项整治工作方案"
    names = TitleNames(("甲" * 119 + "镇", "打击非法集资专项整治"))
    assert title_lines(line, names, std.TYPE_AREA_WIDTH) == [line]
    fits = "甲" * 19 + "镇打击非法集资专项整治工作方案"  # 34 字: two lines, cut where the name ends
    assert title_lines(fits, TitleNames(("甲" * 19 + "镇", "打击非法集资专项整治")), std.TYPE_AREA_WIDTH) == [
        "甲" * 19 + "镇",
        "打击非法集资专项整治工作方案",
    ]


def test_a_title_of_many_lines_longer_than_any_title_is_left_as_it_is_unsearched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Text pasted into a title (20 lines of 79 字, each just short of four lines of 20): no title
    is that long, and each line's cuts were searched on their own, a tenth of a second a line (a
    标题 cell of 32,767 characters cost a minute). It is set as Word sets it, each line measured
    once: the work grows with the text, not with its lines' choices of cuts."""
    from generator.render import metrics, titles
    from generator.render.pagination import LINE_BREAK

    measured: list[str] = []

    def counted(text: str, advance: int) -> int:
        measured.append(text)
        return metrics.laid_out_width(text, advance)

    monkeypatch.setattr(titles, "laid_out_width", counted)
    line = ("永清县人民政府办公室关于印发打击传销活动大排查实施方案的通知" * 3)[:79]
    lines = [line] * 20
    assert titles.title_cuts(LINE_BREAK.join(lines), TitleNames(), std.TYPE_AREA_WIDTH) == ()
    assert len(measured) <= 2 * len(lines), len(measured)
    runs = "<w:r><w:t>" + "</w:t><w:br/><w:t>".join(lines) + "</w:t></w:r>"
    root = wml.parse(_document(runs))
    measured.clear()
    assert break_titles(root[0], TitleNames()) == 0
    assert len(measured) <= 2 * len(lines), len(measured)
    # Two such lines are a title of eight lines at most: each is still broken between words.
    assert len(titles.title_cuts(LINE_BREAK.join(lines[:2]), TitleNames(), std.TYPE_AREA_WIDTH)) == 6
