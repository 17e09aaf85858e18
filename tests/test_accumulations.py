"""累计方式 beyond 累加 and 取最新: a 防汛 campaign's rainfall is its largest reading (取最大), its
temperature an average (取平均), its evacuations a count (累加). Each figure is combined the one way its
metric declares, over a unit's weeks and over the units, and said so: the sheet's 累计, the roll-up's 合计,
the summaries' sentences and tables, the charts. A maximum is never added up, nor called 累计 or 共."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from .conftest import Run
from .test_truth import notice_of, paragraphs, tables, workspace_with

D = dt.date

FLOOD_METRICS = [
    # 分组, 指标, 单位, 类型, 主要指标, 累计方式
    ["雨情水情", "降雨量", "毫米", "小数", "是", "取最大"],
    ["雨情水情", "平均气温", "摄氏度", "小数", None, "取平均"],
    ["转移避险", "转移群众", "人", "整数", "是", "累加"],
]
WEEKS = ["第1周", "第2周", "第3周"]


def flood_workspace(tmp_path: Path, run: Run) -> Path:
    """清河县's 汛期 of three weeks: 城关镇 reports every week, 李村乡 misses the second, 县水利局 none."""
    return workspace_with(
        tmp_path / "ws",
        run,
        notice=notice_of(
            "清河县防汛抗旱指挥部",
            "清汛指〔2024〕3号",
            "清河县防汛抗旱指挥部关于做好主汛期防汛工作的通知",
            D(2024, 6, 28),
        ),
        campaign={
            "活动名称": "主汛期防汛",
            "本级名称": "清河县",
            "方案标题": "清河县主汛期防汛工作方案",
            "开始日期": D(2024, 7, 1),
            "结束日期": D(2024, 7, 21),
            "牵头单位": "县水利局",
            "领导小组办公室": "县防汛抗旱指挥部办公室",
            "报送周期": "周",
            "报送日": 1,
            "每周最后一天": "星期日",
        },
        kinds=[["乡镇", None, "人民政府"], ["部门", None, None]],
        units=[
            ["城关镇", "乡镇", None, None, None, None],
            ["李村乡", "乡镇", None, None, None, None],
            ["县水利局", "部门", None, "是", None, None],
        ],
        leaders=[
            ["城关镇", "组长", "王强", "镇长"],
            ["李村乡", "组长", "李军", "乡长"],
            ["县水利局", "组长", "赵刚", "局长"],
        ],
        metrics=FLOOD_METRICS,
        reports=[
            ["城关镇", WEEKS[0], 45.5, 26, 10, None],
            ["城关镇", WEEKS[1], 120.3, 24, 30, None],
            ["城关镇", WEEKS[2], 60, 28, 5, None],
            ["李村乡", WEEKS[0], 80, 25, 0, None],
            ["李村乡", WEEKS[2], 95.5, 29, 12, None],
        ],
        summary=[],
    )


def test_a_largest_reading_and_an_average_are_never_added_up(tmp_path: Path, run: Run) -> None:
    root = flood_workspace(tmp_path, run)
    built = run("-C", root, "build")
    assert built.exit_code == 0, built.output
    out = root / "output"

    # 城关镇's sheet of week 3: 累计 of the rainfall its largest week, of the temperature its mean, said so
    sheet = next((out / "统计").rglob("城关镇第3周*.docx"))
    rows = {row[1]: row for row in next(t for t in tables(sheet) if t[0][1] == "指标")[1:]}
    assert rows["降雨量"][3:] == ["60", "最大120.3"], rows
    assert rows["平均气温"][3:] == ["28", "平均26"], rows
    assert rows["转移群众"][3:] == ["5", "45"], rows
    # 李村乡 missed week 2: its 累计 is not a 合计 of the weeks it sent
    li = "".join(paragraphs(next((out / "统计").rglob("李村乡第3周*.docx"))))
    assert "第2周未报送" in li and "合计" not in li, li

    # the roll-up of week 1: the county's largest rainfall and the mean of the units' temperatures
    rollup = next((out / "统计").rglob("*汇总*第1周*.docx"))
    table = next(t for t in tables(rollup) if any(r[0] == "合计" for r in t))
    total = next(r for r in table if r[0] == "合计")
    assert total[1:] == ["最大80", "平均25.5", "10"], table

    # 城关镇's summary: its largest week, its mean, its evacuations, and no 共 or 累计 before a maximum
    own = "".join(paragraphs(out / "总结" / "城关镇主汛期防汛工作总结.docx"))
    assert "降雨量最大120.3毫米" in own and "平均气温26摄氏度" in own and "转移群众45人" in own, own
    assert "共降雨量" not in own and "共最大" not in own and "累计降雨" not in own, own

    # the county's: the largest of its units' (not 120.3 + 95.5), the mean of those that reported, and over which
    county_path = out / "总结" / "清河县主汛期防汛工作总结.docx"
    county = "".join(paragraphs(county_path))
    assert "降雨量最大120.3毫米（已报送的2个单位中）" in county and "215.8" not in county, county
    assert "平均气温26.5摄氏度（已报送的2个单位的平均）" in county, county
    assert "转移群众57人" in county, county
    assert "按最大降雨量从多到少排列" in county, county
    ranking = next(t for t in tables(county_path) if t[0][0] == "序号")
    assert ranking[0][2].startswith("降雨量（最大）") and ranking[1][1:3] == ["城关镇", "120.3"], ranking
    by_week = next(t for t in tables(county_path) if t[0][0] == "期别")
    assert [row[1] for row in by_week[1:]] == ["80.0", "120.3", "95.5"], by_week  # each week's largest
    assert [row[2] for row in by_week[1:]] == ["10", "30", "17"], by_week
    with zipfile.ZipFile(county_path) as zf:
        charts = " ".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("word/charts/chart"))
    assert "降雨量（最大，毫米）" in charts and "（累计" not in charts, charts
    # its panel draws a reading; dated 7月21日, 县水利局's week 3 (due 7月22日) is not yet due, not 未报送
    assert "当期有单位未报送或尚未到报送期限，数字不全" in charts and "合计不全" not in charts, charts
    assert "全县3个单位应报送统计报表8份，实际报送5份" in county, county


def test_the_metrics_sheet_offers_each_accumulation(tmp_path: Path, run: Run) -> None:
    """取最小 is read as declared, and a 累计方式 gongwen does not know is refused at its cell with the choices."""
    root = flood_workspace(tmp_path, run)
    book = load_workbook(root / "inputs" / "活动数据.xlsx")
    sheet = book["统计指标"]
    sheet["F3"].value = "取最小"
    book.save(root / "inputs" / "活动数据.xlsx")
    assert run("-C", root, "build", "-q").exit_code == 0
    own = "".join(paragraphs(root / "output" / "总结" / "城关镇主汛期防汛工作总结.docx"))
    assert "平均气温最小24摄氏度" in own, own
    sheet["F3"].value = "取中位数"
    book.save(root / "inputs" / "活动数据.xlsx")
    refused = run("-C", root, "validate")
    assert refused.exit_code != 0 and "F3" in refused.output and "取最大" in refused.output, refused.output


def test_a_reading_written_by_the_number_filter_keeps_its_word() -> None:
    """A template writing the sheet's 累计 as {{ r.累计|数字(r.单位) }} (as gongwen's own advice on a renamed
    filter has it) gets 最大120.3毫米 for a reading, not a refusal of the cell; a name is still refused."""
    import pytest

    from generator.render.filters import FILTERS, guarded

    number = guarded("数字", FILTERS["数字"][0])
    assert number("最大120.30", "毫米") == "最大120.3毫米"
    assert number("平均26") == "平均26"
    with pytest.raises(ValueError, match="不能用在「城关镇」上"):
        number("城关镇")


def test_the_number_filter_writes_a_cell_without_a_figure_as_it_stands() -> None:
    """{{ r.累计|数字(r.单位) }} on a unit that has not reported (a sheet's or roll-up's 未报送), a metric its
    type is not asked for (—) or a blank 本期: the cell's own text, no unit after it (未报送吨 is no
    figure), not a refusal of the whole document."""
    from generator.render.filters import FILTERS, guarded

    number = guarded("数字", FILTERS["数字"][0])
    assert number("未报送", "吨") == "未报送"
    assert number("—", "人") == "—"
    assert number("", "毫米") == ""
    assert number("0", "吨") == "0吨"
