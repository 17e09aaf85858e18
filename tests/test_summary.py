"""Final summaries: figures first, from the monthly statistics, never typed twice."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from examples.yongqing.workbook import (
    LATE_REPORT,
    METRICS,
    MISSING_REPORT,
    NO_DENS,
    REPORTS,
    SUMMARY,
    UNITS,
    write_workbook,
)
from generator.documents.contexts import ChartDataRecord
from generator.inputs.schema import WORKBOOK_NAME

from .conftest import Run

UNIT_NAMES = [u[0] for u in UNITS]


# Each unit's figures over the whole campaign, in the 统计指标 sheet's order, written out from the
# example's 统计报表 sheet (examples/yongqing/workbook.py REPORTS): a flow is its three months added,
# a stock (组建排查队伍, 排查队伍人数: 取最新) its last report; 三圣口乡's lack February. Literals, not a
# second copy of the rule the summaries are made by.
# fmt: off
CUMULATIVE: dict[str, list[int | str]] = {
    "永清镇": [9, 3, 72, 145, 31, 33, 387, 18, 22, 458, 111, 8, 8, 6, 4, 30, 23, 6, 30, 0, 0, 0, 0, 0, 0, 0, 6, 672, 39, 95, 3],
    "韩村镇": [9, 4, 94, 145, 29, 34, 280, 19, 24, 386, 142, 10, 11, 6, 6, 31, 29, 10, 31, 0, 0, 0, 0, 0, 0, 0, 7, 899, 45, 91, 3],
    "后奕镇": [8, 5, 126, 196, 28, 26, 250, 27, 31, 567, 147, 8, 9, 6, 5, 21, 33, 6, 21, 0, 0, 0, 0, 0, 0, 0, 8, 702, 54, 99, 2],
    "别古庄镇": [7, 3, 77, 170, 30, 27, 396, 22, 28, 544, 149, 10, 12, 6, 4, 34, 26, 9, 34, 0, 0, 0, 0, 0, 0, 0, 7, 828, 41, 102, 2],
    "里澜城镇": [7, 4, 97, 186, 33, 28, 346, 24, 21, 371, 150, 6, 12, 4, 2, 31, 26, 9, 31, 0, 0, 0, 0, 0, 0, 0, 6, 730, 43, 91, 3],
    "管家务回族乡": [5, 5, 127, 174, 33, 26, 326, 19, 25, 630, 112, 7, 9, 5, 2, 30, 24, 9, 30, 0, 0, 0, 0, 0, 0, 0, 8, 842, 50, 123, 2],
    "曹家务乡": [9, 3, 71, 142, 25, 28, 320, 21, 29, 572, 186, 8, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6, 919, 34, 84, 2],
    "龙虎庄乡": [8, 4, 100, 162, 29, 29, 364, 19, 29, 651, 147, 8, 7, 3, 1, 21, 21, 5, 21, 0, 0, 0, 0, 0, 0, 0, 7, 655, 46, 88, 2],
    "刘街乡": [8, 5, 128, 142, 27, 24, 491, 20, 22, 480, 142, 9, 11, 4, 2, 27, 26, 10, 27, 0, 0, 0, 0, 0, 0, 0, 10, 874, 61, 97, 3],
    "三圣口乡": [5, 3, 76, 89, 15, 15, 191, 14, 20, 340, 80, 4, 8, 2, 2, 18, 13, 5, 18, 0, 0, 0, 0, 0, 0, 0, 5, 470, 23, 71, 1],
    "永清经济开发区": [8, 2, 49, 161, 28, 30, 347, 24, 19, 551, 122, 8, 12, 4, 2, 30, 24, 7, 30, 0, 0, 0, 0, 0, 0, 0, 5, 883, 44, 96, 2],
    "永清台湾工业新城": [8, 2, 44, 103, 33, 34, 313, 17, 18, 401, 147, 8, 11, 5, 4, 27, 15, 7, 27, 0, 0, 0, 0, 0, 0, 0, 8, 947, 67, 99, 2],
    "县公安局": [4, 0, 0, 76, 10, 0, 159, 9, 11, 155, 0, 4, 5, 0, 0, 0, 0, 0, 0, 3, 3, "6.92", 0, 4, 3, "72.98", 3, 316, 23, 50, 0],
    "县工商和食药监局": [3, 0, 0, 53, 11, 0, 0, 8, 8, 0, 0, 2, 4, 0, 0, 0, 0, 0, 0, 2, 2, "1.81", 2, 0, 0, "28.22", 4, 260, 23, 50, 0],
    "县教育局": [2, 0, 0, 60, 14, 0, 0, 0, 9, 0, 0, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 351, 24, 47, 0],
    "县人社局": [3, 0, 0, 47, 15, 0, 0, 0, 9, 0, 0, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 460, 23, 43, 0],
    "县司法局": [3, 0, 0, 68, 11, 0, 0, 0, 8, 0, 0, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 320, 20, 47, 0],
    "县民政局": [2, 0, 0, 71, 11, 0, 0, 0, 6, 0, 0, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 383, 22, 29, 0],
    "永清县": [108, 43, 1061, 2190, 413, 334, 4170, 261, 339, 6106, 1635, 113, 144, 51, 34, 300, 260, 83, 300, 5, 5, "8.73", 2, 4, 3, "101.20", 99, 11511, 682, 1402, 27],
}
# fmt: on


def cumulative(unit: str | None) -> dict[str, Decimal]:
    """The campaign totals of a unit (None: the county), by metric."""
    row = CUMULATIVE[unit or "永清县"]
    return {metric[1]: Decimal(str(value)) for metric, value in zip(METRICS, row, strict=True)}


def text_of(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])


def summary_path(ws: Path, name: str) -> Path:
    return ws / "output" / "总结" / f"{name}打击传销活动大排查工作总结.docx"


def test_a_summary_for_every_unit_and_the_county(built: Path) -> None:
    names = sorted(p.name for p in (built / "output" / "总结").glob("*.docx"))
    assert names == sorted(
        [f"{u}打击传销活动大排查工作总结.docx" for u in UNIT_NAMES] + ["永清县打击传销活动大排查工作总结.docx"]
    )


# How each of the example's units speaks of itself, as its own clerk would write it.
SCOPE = {
    "永清镇": "全镇", "韩村镇": "全镇", "后奕镇": "全镇", "别古庄镇": "全镇", "里澜城镇": "全镇",
    "管家务回族乡": "全乡", "曹家务乡": "全乡", "龙虎庄乡": "全乡", "刘街乡": "全乡", "三圣口乡": "全乡",
    "永清经济开发区": "全区", "永清台湾工业新城": "全区",
    # A department speaks of its duties, not of a territory: 本局, never 全局.
    "县公安局": "本局", "县工商和食药监局": "本局", "县教育局": "本局", "县人社局": "本局", "县司法局": "本局",
    "县民政局": "本局",
}  # fmt: skip


def check_figures(sentence: str, totals: dict[str, Decimal]) -> None:
    """Every metric with a value is said with exactly that value and its unit; zeros are not."""
    for metric in METRICS:
        name, unit = metric[1], metric[2]
        wording = metric[6] if len(metric) > 6 and metric[6] else f"{name}{{值}}{unit}"
        pattern = re.escape(wording).replace(re.escape("{值}"), r"(\d+(?:\.\d+)?)")
        value = totals[name]
        said = re.findall(pattern, sentence)
        if value == 0:
            assert not said, f"{name} is zero but said: {said}"
        else:
            assert said and Decimal(said[0]) == value, f"{name}: {said} != {value}"


@pytest.mark.parametrize("unit", UNIT_NAMES)
def test_every_figure_equals_the_cumulative_statistics(unit: str, built: Path) -> None:
    text = text_of(summary_path(built, unit))
    (sentence,) = [p for p in text.splitlines() if p.startswith("大排查期间，")]
    totals = cumulative(unit)
    check_figures(sentence, totals)
    if unit == MISSING_REPORT[0]:  # its figures say first which months they cover
        coverage = "我乡2月份统计报表未报送，以下为1月、3月合计。"
        assert sentence.startswith(f"大排查期间，{coverage}")
        sentence = sentence.replace(coverage, "")
    check_grouped(sentence, totals, SCOPE[unit])


GROUPS = list(dict.fromkeys(m[0] for m in METRICS))


def said_as(metric: list[object]) -> str:
    wording = metric[6] if len(metric) > 6 and metric[6] else f"{metric[1]}{{值}}{metric[2]}"
    return str(wording).split("{值}")[0]


def check_grouped(paragraph: str, totals: dict[str, Decimal], scope: str) -> None:
    """One sentence per metric group, in the sheet's group order, each opening with its main
    metric (when it has one that is not zero), each metric said in its own group's sentence."""
    sentences = [s for s in paragraph.removeprefix("大排查期间，").split("。") if s]
    # A group is said when one of its figures is not zero, or a zero of it is said in words.
    spoken = [g for g in GROUPS if any(totals[m[1]] or (len(m) > 7 and m[7]) for m in METRICS if m[0] == g)]
    assert [s.split("方面，")[0] for s in sentences] == spoken
    for group, sentence in zip(spoken, sentences, strict=True):
        figures = any(totals[m[1]] for m in METRICS if m[0] == group)
        assert sentence.startswith(f"{group}方面，{scope}共" if figures else f"{group}方面，{scope}")
        # A zero said in words follows the figures: "共核查线索5条，未发现…", never "共未发现…".
        assert "共未" not in sentence
        for m in METRICS:
            if m[0] == group and len(m) > 7 and m[7] and not totals[m[1]] and m[7] in sentence:
                assert sentence.endswith(m[7]), sentence
        for metric in METRICS:
            if totals[metric[1]] and said_as(metric) + str(totals[metric[1]]) in paragraph:
                assert (metric[0] == group) == (said_as(metric) + str(totals[metric[1]]) in sentence)
        mains = [m for m in METRICS if m[0] == group and len(m) > 4 and m[4] == "是" and totals[m[1]]]
        if mains and not any(len(m) > 8 and m[8] for m in mains):
            assert sentence.removeprefix(f"{group}方面，{scope}共").startswith(said_as(mains[0]))


def test_no_dens_found_is_said_in_words(built: Path) -> None:
    text = text_of(summary_path(built, NO_DENS))
    assert "未发现传销窝点" in text
    assert "捣毁传销窝点0" not in text and "发现传销窝点0" not in text
    assert cumulative(NO_DENS)["发现传销窝点"] == 0


def test_the_narrative_comes_from_the_workbook(built: Path) -> None:
    text = text_of(summary_path(built, "韩村镇"))
    for unit, kind, title, content in SUMMARY:
        if unit != "韩村镇":
            continue
        assert content in text
        if kind == "主要做法":
            assert f"{title}。{content}。" in text
    doc = Document(str(summary_path(built, "韩村镇")))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.style_id == "Heading1"]
    assert headings == ["一、工作成效", "二、主要做法", "三、存在问题", "四、下一步工作打算"]
    assert doc.paragraphs[-1].text == "2018年4月2日" and doc.paragraphs[-2].text == "韩村镇人民政府"


# The units by their campaign's 出动排查人员, most first; equal totals by name (code point order).
RANKED = [
    "后奕镇", "里澜城镇", "管家务回族乡", "别古庄镇", "龙虎庄乡", "永清经济开发区", "永清镇", "韩村镇", "刘街乡",
    "曹家务乡", "永清台湾工业新城", "三圣口乡", "县公安局", "县民政局", "县司法局", "县教育局", "县工商和食药监局",
    "县人社局",
]  # fmt: skip


def test_the_county_summary(built: Path) -> None:
    text = text_of(summary_path(built, "永清县"))
    (sentence,) = [p for p in text.splitlines() if p.startswith("大排查期间，组织发动方面，全县共")]
    check_figures(sentence, cumulative(None))
    check_grouped(sentence, cumulative(None), "全县")
    # A metric needing another comes after it: found, then destroyed.
    found = cumulative(None)["发现传销窝点"]
    assert sentence.index(f"发现传销窝点{found}处") < sentence.index("捣毁传销窝点")
    unit, month = MISSING_REPORT
    assert (
        "全县18个单位应报送统计报表54份，实际报送53份，其中逾期报送的有："
        f"{LATE_REPORT[0]}（{LATE_REPORT[1].year}年{LATE_REPORT[1].month}月，"
        f"{LATE_REPORT[2].month}月{LATE_REPORT[2].day}日报送）；未报送的有：{unit}（{month.year}年{month.month}月）。"
        in text
    )
    doc = Document(str(summary_path(built, "永清县")))
    # Signed by the office's full name: the 县 of 县打击传销领导小组办公室 is 永清县.
    assert doc.paragraphs[-2].text == "永清县打击传销领导小组办公室"
    months, ranking = doc.tables
    # February's total lacks one unit's report, and says so: it is not a fall.
    assert [r.cells[0].text for r in months.rows[1:]] == ["2018年1月", "2018年2月（1个单位未报送）", "2018年3月"]
    column = next(i for i, c in enumerate(months.rows[0].cells) if c.text.replace("\n", "").startswith("出动排查人员"))
    assert months.rows[2].cells[column].text == "875"  # the 17 February reports' 出动排查人员
    # 序号 in a column of its own, the name beside it.
    assert [r.cells[0].text for r in ranking.rows[1:]] == [str(i) for i in range(1, len(UNIT_NAMES) + 1)]
    order = [r.cells[1].text for r in ranking.rows[1:]]
    ranked = RANKED  # most 出动排查人员 first
    # A unit whose figures lack a month is named with it: its total is not comparable as it stands.
    assert order == [f"{u}（2月未报送）" if u == MISSING_REPORT[0] else u for u in ranked]


def chart_workbook_rows(docx: zipfile.ZipFile, n: int) -> list[list[object]]:
    """The figures Word's 编辑数据 opens for chart n: its embedded workbook, read by openpyxl."""
    import openpyxl

    data = docx.read(f"word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_charts_are_native_word_charts_with_their_figures(built: Path) -> None:
    """Charts the clerk can edit in Word or WPS: chart parts with their data, no picture."""
    with zipfile.ZipFile(summary_path(built, "永清县")) as zf:
        names = zf.namelist()
        document = zf.read("word/document.xml").decode()
        charts = sorted(n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n))
        assert "〔图表：主要指标〕" not in document
        assert not [n for n in names if n.startswith("word/media/")]
        assert len(charts) == document.count("<c:chart ") == 3  # two orders of magnitude, then the units
        units = chart_workbook_rows(zf, len(charts))
        trend = chart_workbook_rows(zf, 1)
        content_types = zf.read("[Content_Types].xml").decode()
    assert content_types.count("drawingml.chart+xml") == 3
    # the units' bars, most first: each unit's cumulative 出动排查人员, as the ranking table has them
    # (a unit whose total lacks a month is named with it, as in the ranking table)
    named = {u: f"{u}（缺2月）" if u == MISSING_REPORT[0] else u for u in UNIT_NAMES}
    expected = [(named[u], cumulative(u)["出动排查人员"]) for u in RANKED]
    assert [(name, Decimal(str(value))) for name, value in units[1:]] == [
        (name if len(name) <= 9 else name[:8] + "…", value) for name, value in expected
    ]
    # the trend: the county's monthly totals of the biggest main metrics
    months = sorted({r[1] for r in REPORTS})
    # February's total lacks a unit's report: its label is marked, and the note under the axis says
    # what the mark means, or its dip would read as a fall
    assert [row[0] for row in trend[1:]] == [f"{m.month}月" + ("*" if m == MISSING_REPORT[1] else "") for m in months]
    with zipfile.ZipFile(summary_path(built, "永清县")) as zf:
        assert "注：*当期有单位未报送，合计不全" in zf.read("word/charts/chart1.xml").decode()
    column = trend[0].index("出动排查人员（人次）")
    assert [row[column] for row in trend[1:]] == [432, 875, 883]  # the county's 出动排查人员 of each month


def data(periods: list[str], by_period: list[list[float | None]], units: dict[str, float | None]) -> ChartDataRecord:
    return {
        "指标": ["排查人员（人次）"],
        "期别": periods,
        "逐期": by_period,
        "单位": list(units),
        "各单位": list(units.values()),
        "各单位指标": "排查人员（人次）",
    }


A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def test_a_missing_figure_is_a_gap_never_a_zero() -> None:
    from lxml import etree

    from generator.documents.chart import county_charts
    from generator.standard.charts import chart_part

    rows = county_charts(data(["第1周", "第2周", "第3周"], [[12.0], [None], [9.0]], {"一组": 21.0, "二组": None}))
    (trend,), (units,) = rows
    c = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    line = etree.fromstring(chart_part(trend))
    assert line.xpath("//c:val//c:pt/@idx", namespaces=c) == ["0", "2"]  # no point for 第2周
    assert line.xpath("//c:dispBlanksAs/@val", namespaces=c) == ["gap"]
    bars = etree.fromstring(chart_part(units))
    assert bars.xpath("//c:cat//c:v/text()", namespaces=c) == ["一组"]  # 二组 never reported: no bar
    assert bars.xpath("//c:valAx/c:title//a:t/text()", namespaces={**c, "a": A}) == ["注：二组未报送，不列入本图"]
    assert bars.xpath("//c:val//c:v/text()", namespaces=c) == ["21"]
    # Level labels: LibreOffice then names every bar (it left out 第一检查组 of three, and the
    # unit that never reported, whatever tickLblSkip says).
    a = {**c, "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    assert bars.xpath("//c:catAx/c:txPr/a:bodyPr/@rot", namespaces=a) == ["0"]


def test_one_period_draws_no_trend_and_long_names_are_shortened() -> None:
    from generator.documents.chart import county_charts

    long_name = "某某县人民政府办公室关于开展专项整治工作领导小组第三检查组"  # 29 characters
    rows = county_charts(data(["全程"], [[5.0]], {long_name: 5.0, "县公安局": 3.0}))
    assert [[chart.kind for chart in row] for row in rows] == [["bar"]]  # a single point is no trend
    (units,) = rows[0]
    assert units.categories == ("某某县人民政府办…", "县公安局")  # nine with the ellipsis
    # Longer, a label wraps in LibreOffice, which then leaves out every other label of the axis; a
    # mark of missing reports is kept, shortened to （缺报） where it does not fit (the text names them).
    named: dict[str, float | None] = {
        "第三检查组（缺第2周）": 1.0,
        "县局（缺第2周）": 2.0,
        long_name + "（缺第2周）": 3.0,
    }
    (units,) = county_charts(data(["全程"], [[6.0]], named))[0]
    assert units.categories == ("某某县人…（缺报）", "县局（缺第2周）", "第三检查组（缺报）")


def test_quarters_with_missing_reports_share_a_row_with_level_labels_and_a_note() -> None:
    """二季度（缺报2） wrapped under its point when the two trend panels of a 季 campaign shared a row:
    the label is marked 二季度* and the note under the axis says what * means. 8 字 at 9 pt is 25.4 mm,
    a quarter's room in a 77 mm panel about 12 mm; 二季度* takes 11.1 mm."""
    from generator.documents.chart import county_charts

    quarters = data(
        ["一季度", "二季度", "三季度", "四季度"], [[432.0, 50.0], [875.0, 60.0], [883.0, 70.0], [400.0, 3.0]], {}
    )
    quarters |= {"指标": ["出动排查人员（人次）", "捣毁传销窝点（处）"], "未报送": [0, 2, 0, 1]}
    rows = county_charts(quarters)
    assert [len(row) for row in rows] == [2, 1]  # the two panels side by side, then the units
    for chart in rows[0]:
        assert chart.categories == ("一季度", "二季度*", "三季度", "四季度*")
        assert chart.label_rotation == 0
        assert chart.note == "注：*当期有单位未报送，合计不全"  # (which ones: the text above and the table below)


NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


def test_many_ten_day_periods_take_the_whole_width_and_turn_their_labels() -> None:
    """Ten 旬 (1月上旬 … 4月上旬) stacked their labels character by character two panels to a row:
    each panel takes the 版心's width, and labels that do not stand level in a 14 mm slot
    (1月中旬* is 4.5 em, 14.3 mm) are turned 45 degrees; a single panel's note names the periods."""
    from lxml import etree

    from generator.documents.chart import county_charts
    from generator.standard.charts import chart_part

    names = [f"{1 + k // 3}月{'上中下'[k % 3]}旬" for k in range(10)]
    figures: list[list[float | None]] = [[float(100 + k), float(k)] for k in range(10)]
    ten = data(names, figures, {}) | {
        "指标": ["出动排查人员（人次）", "捣毁传销窝点（处）"],
        "未报送": [0, 2] + [0] * 8,
    }
    rows = county_charts(ten)
    assert [len(row) for row in rows] == [1, 1, 1]
    assert rows[0][0].categories[:3] == ("1月上旬", "1月中旬*", "1月下旬")
    assert {chart.label_rotation for row in rows[:2] for chart in row} == {-45}
    turned = etree.fromstring(chart_part(rows[0][0]))
    assert turned.xpath("//c:catAx/c:txPr/a:bodyPr/@rot", namespaces=NS) == ["-2700000"]  # 60000ths of a degree
    assert turned.xpath("//c:catAx/c:title//a:t/text()", namespaces=NS) == [
        "注：*当期有单位未报送，合计不全（1月中旬缺2个）"
    ]
    three = data(["1月上旬", "1月中旬", "1月下旬"], [[5.0], [6.0], [7.0]], {}) | {"未报送": [0, 1, 0]}
    (trend,), _units = county_charts(three)
    assert (trend.width_mm, trend.label_rotation) == (156.0, 0)
    assert trend.note == "注：*当期有单位未报送，合计不全（1月中旬缺1个）"


def test_a_unit_that_never_reported_keeps_its_mark_within_the_label_length() -> None:
    """县应急管理局（未报送） (张家川县, 2023) was 11 characters: the mark was added after the name was
    shortened, the label wrapped onto three lines and ran into the bar label above it. (Units that
    never reported are named on the axis only where none did: else a note under the bars names them.)"""
    from generator.documents.chart import MAX_LABEL_CHARS, county_charts

    named: dict[str, float | None] = {"县应急管理局": None, "二组": None, "国家金融监督管理总局兴县监管支局": None}
    (units,) = county_charts(data(["全程"], [[None]], named))[0]
    assert units.categories == ("二组（未报送）", "县应急管…（未报）", "国家金融…（未报）")
    assert all(len(label) <= MAX_LABEL_CHARS for label in units.categories) and units.note == ""


def test_units_that_never_reported_are_one_note_under_the_bars_not_labels_that_overlap() -> None:
    """银川住房公积金管理中心's summary (2016): 11 of 16 处室、分中心、办事处 did not report, and their
    labels (县××…（未报）) ran into each other on a bar chart drawn smaller. They have no bar: one
    note under the bars counts them where their names do not fit its line (the text names them)."""
    from lxml import etree

    from generator.documents.chart import county_charts
    from generator.standard.charts import chart_part

    reported = {"稽核处": 7.0, "财务处": 6.0, "贷款处": 5.0, "归集处": 4.0, "综合处": 3.0}
    silent = ["信息中心", "灵武分中心", "永宁办事处", "贺兰办事处", "宁东办事处", "兴庆区办事处"]
    silent += ["金凤区办事处", "西夏区办事处", "石嘴山分中心", "区直分中心", "宁夏电力分中心"]
    named: dict[str, float | None] = {**reported, **dict.fromkeys(silent)}
    (units,) = county_charts(data(["全程"], [[25.0]], named))[0]
    bars = etree.fromstring(chart_part(units))
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart", "a": A}
    assert bars.xpath("//c:cat//c:v/text()", namespaces=ns) == ["稽核处", "财务处", "贷款处", "归集处", "综合处"]
    assert bars.xpath("//c:valAx/c:title//a:t/text()", namespaces=ns) == ["注：另有11个单位未报送，不列入本图"]
    assert bars.xpath("//c:catAx/c:title", namespaces=ns) == []  # not turned up the side of the axis
    two = county_charts(data(["全程"], [[25.0]], {**reported, "信息中心": None, "灵武分中心": None}))[0][0]
    assert two.note == "注：信息中心、灵武分中心未报送，不列入本图"
    assert two.height_mm == units.height_mm  # five bars and the note's line


def test_one_changed_figure_rebuilds_that_unit_summary_and_the_county_only(built_copy: Path, run: Run) -> None:
    ws = built_copy
    reports = [list(r) for r in REPORTS]
    row = next(r for r in reports if r[0] == "韩村镇" and r[1] == dt.date(2018, 3, 1))
    index = 2 + [m[1] for m in METRICS].index("出动排查人员")
    row[index] += 100
    write_workbook(ws / "inputs" / WORKBOOK_NAME, reports=reports)
    result = run("-C", ws, "build")
    updated = re.findall(r"已更新  (\S+)", result.output)
    summaries = sorted(p for p in updated if p.startswith("output/总结/"))
    assert summaries == sorted(
        ["output/总结/韩村镇打击传销活动大排查工作总结.docx", "output/总结/永清县打击传销活动大排查工作总结.docx"]
    )
    # The rest: 韩村镇's March sheet and March's roll-ups, nothing else.
    assert sorted(set(updated) - set(summaries)) == sorted(
        ["output/统计/2018年3月/韩村镇2018年3月统计报表.docx", "output/统计/2018年3月/全县汇总表2018年3月.docx",
         "output/统计/2018年3月/全县汇总表2018年3月.xlsx"]
    )  # fmt: skip
    total = cumulative("韩村镇")["出动排查人员"] + 100
    assert f"出动排查人员{total}人次" in text_of(summary_path(ws, "韩村镇"))


def test_a_wording_that_says_its_own_quantity_takes_no_extra_共() -> None:
    """岚县 森林防火 (2025): a stock said 现有扑火队员{值}人 came out 全镇共现有扑火队员32人; a figure after
    another keeps its place after 共 (共排查…，现有…)."""
    from generator.documents.summary import figures_sentences
    from generator.inputs.accumulations import LATEST
    from generator.inputs.model import Campaign, Metric
    from generator.inputs.periods import PERIOD_KINDS

    day = dt.date(2025, 3, 1)
    campaign = Campaign("春季森林防火隐患排查整治", "排查整治", "岚县", "全县", None, day, day, "县林业局",
                        "县森林防火指挥部办公室", None, PERIOD_KINDS["阶段"], None, day, ())  # fmt: skip
    area = Metric("隐患排查", "排查林区面积", "公顷", True, wording="排查林区面积{值}公顷")
    rangers = Metric("隐患排查", "专职护林员", "人", False, accumulation=LATEST, wording="现有专职护林员{值}人")
    team = Metric("队伍建设", "扑火队员", "人", False, accumulation=LATEST, wording="现有扑火队员{值}人")
    totals = {"排查林区面积": Decimal("980.75"), "专职护林员": Decimal(6), "扑火队员": Decimal(32)}
    assert figures_sentences(campaign, "全镇", totals, [area, rangers, team]) == [
        "排查整治期间，隐患排查方面，全镇共排查林区面积980.75公顷，现有专职护林员6人。",
        "队伍建设方面，全镇现有扑火队员32人。",
    ]


def test_a_short_name_that_is_a_season_is_not_followed_by_a_second_期() -> None:
    """修水县 森林防火 (2024—2025): its clerk typed the 简称 防火期, and every summary opened 防火期期间，…;
    a season's name takes 内 (防火期内, 汛期内), any other 简称 still 期间."""
    from generator.documents.summary import during
    from generator.inputs.model import Campaign
    from generator.inputs.periods import PERIOD_KINDS

    day = dt.date(2024, 10, 1)
    said = []
    for short in ("防火期", "汛期", "大检查", None):
        campaign = Campaign("森林防火专项行动", short, "修水县", "全县", None, day, day, "县林业局",
                            "修水县森林防火指挥部办公室", None, PERIOD_KINDS["季"], 10, day, ())  # fmt: skip
        said.append(during(campaign))
    assert said == ["防火期内", "汛期内", "大检查期间", "活动期间"]


def test_a_figure_whose_prerequisite_is_left_out_is_left_out_too() -> None:
    """立案侦办 needs 发现风险线索, 涉案金额 needs 立案侦办 (兴县, 2024). With no 线索 the 立案 was left out
    but its 涉案金额 was said alone: 打击处置方面，全县共涉案金额713.5万元."""
    from generator.documents.summary import figures_sentences
    from generator.inputs.model import Campaign, Metric
    from generator.inputs.periods import PERIOD_KINDS

    day = dt.date(2024, 7, 15)
    campaign = Campaign("打击非法集资专项行动", "专项行动", "兴县", "全县", None, day, day, "县金融服务中心",
                        "县打击非法集资专项行动领导小组办公室", None, PERIOD_KINDS["季"], 5, day, ())  # fmt: skip
    clues = Metric("风险排查", "发现风险线索", "条", False, zero_wording="未发现非法集资风险线索")
    cases = Metric("打击处置", "立案侦办", "起", False, wording="立案侦办非法集资案件{值}起", requires="发现风险线索")
    money = Metric("打击处置", "涉案金额", "万元", True, wording="涉案金额{值}万元", requires="立案侦办")
    totals = {"发现风险线索": Decimal(0), "立案侦办": Decimal(4), "涉案金额": Decimal("713.50")}
    assert figures_sentences(campaign, "全县", totals, [clues, cases, money]) == [
        "专项行动期间，风险排查方面，全县未发现非法集资风险线索。"
    ]
