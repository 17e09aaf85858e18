"""Every 报送周期 a campaign can have, as units: the periods it cuts and the 期别 a clerk may type.

Expected dates are calendar facts written out by hand (2024 is a leap year, a 下旬 ends on the
month's last day, a quarter on the 31st of March, the 30th of June ...), never computed here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from examples.yongqing.workbook import write_workbook
from generator import app
from generator.inputs.model import Period, Phase
from generator.inputs.periods import PERIOD_KINDS, ambiguous_period, campaign_periods, find_period
from generator.inputs.schema import WORKBOOK_NAME

from .conftest import make_workspace

D = dt.date
K = PERIOD_KINDS


def spans(periods: tuple[Period, ...]) -> list[tuple[int, str, dt.date, dt.date, dt.date]]:
    return [(p.number, p.label, p.start, p.end, p.due) for p in periods]


def test_monthly_periods_are_calendar_months_clipped_to_the_campaign_and_due_on_the_report_day() -> None:
    periods = campaign_periods(K["月"], D(2024, 1, 19), D(2024, 4, 10), (), 5)
    assert spans(periods) == [
        (1, "2024年1月", D(2024, 1, 19), D(2024, 1, 31), D(2024, 2, 5)),
        (2, "2024年2月", D(2024, 2, 1), D(2024, 2, 29), D(2024, 3, 5)),
        (3, "2024年3月", D(2024, 3, 1), D(2024, 3, 31), D(2024, 4, 5)),
        (4, "2024年4月", D(2024, 4, 1), D(2024, 4, 10), D(2024, 4, 15)),
    ]
    assert find_period("2024-02", periods, K["月"]) is periods[1]
    assert find_period("2024年3月份", periods, K["月"]) is periods[2]
    assert find_period(dt.datetime(2024, 1, 1), periods, K["月"]) is periods[0]  # a month typed as its first day
    assert find_period("第4期", periods, K["月"]) is periods[3]
    assert find_period(4.0, periods, K["月"]) is periods[3]
    assert find_period("第2周", periods, K["月"]) is None  # a week is not the second month
    assert find_period("2024-05", periods, K["月"]) is None
    assert find_period(True, periods, K["月"]) is None


def test_ten_day_periods_end_on_the_10th_the_20th_and_the_months_last_day() -> None:
    periods = campaign_periods(K["旬"], D(2024, 2, 5), D(2024, 3, 15), (), 3)
    assert spans(periods) == [
        (1, "2024年2月上旬", D(2024, 2, 5), D(2024, 2, 10), D(2024, 2, 13)),
        (2, "2024年2月中旬", D(2024, 2, 11), D(2024, 2, 20), D(2024, 2, 23)),
        (3, "2024年2月下旬", D(2024, 2, 21), D(2024, 2, 29), D(2024, 3, 3)),
        (4, "2024年3月上旬", D(2024, 3, 1), D(2024, 3, 10), D(2024, 3, 13)),
        (5, "2024年3月中旬", D(2024, 3, 11), D(2024, 3, 15), D(2024, 3, 18)),
    ]
    assert find_period("2024年2月 下旬", periods, K["旬"]) is periods[2]
    assert find_period("第4旬", periods, K["旬"]) is periods[3]
    assert find_period("第4周", periods, K["旬"]) is None
    assert find_period(D(2024, 2, 20), periods, K["旬"]) is periods[1]


def test_half_month_periods_end_on_the_15th_and_the_months_last_day() -> None:
    """大理市's 燃气 campaign (2023) as its clerk set it: 每半月报送, from 8月25日 to 10月20日."""
    periods = campaign_periods(K["半月"], D(2023, 8, 25), D(2023, 10, 20), (), 3)
    assert spans(periods) == [
        (1, "2023年8月下半月", D(2023, 8, 25), D(2023, 8, 31), D(2023, 9, 3)),
        (2, "2023年9月上半月", D(2023, 9, 1), D(2023, 9, 15), D(2023, 9, 18)),
        (3, "2023年9月下半月", D(2023, 9, 16), D(2023, 9, 30), D(2023, 10, 3)),
        (4, "2023年10月上半月", D(2023, 10, 1), D(2023, 10, 15), D(2023, 10, 18)),
        (5, "2023年10月下半月", D(2023, 10, 16), D(2023, 10, 20), D(2023, 10, 23)),
    ]
    assert find_period("2023年9月 下半月", periods, K["半月"]) is periods[2]
    assert find_period("9月上半月", periods, K["半月"]) is periods[1]  # the one it can be without its year
    assert find_period("第4期", periods, K["半月"]) is periods[3]
    assert find_period(D(2023, 9, 16), periods, K["半月"]) is periods[2]
    assert find_period("第4旬", periods, K["半月"]) is None
    assert [K["半月"].axis(p) for p in periods[:2]] == ["8月下半月", "9月上半月"]


def test_weekly_periods_count_seven_days_from_the_campaigns_first_day() -> None:
    periods = campaign_periods(K["周"], D(2024, 5, 8), D(2024, 5, 22), (), 1)
    assert spans(periods) == [
        (1, "第1周", D(2024, 5, 8), D(2024, 5, 14), D(2024, 5, 15)),
        (2, "第2周", D(2024, 5, 15), D(2024, 5, 21), D(2024, 5, 22)),
        (3, "第3周", D(2024, 5, 22), D(2024, 5, 22), D(2024, 5, 23)),
    ]
    assert find_period("第２周", periods, K["周"]) is periods[1]  # a full-width digit
    assert find_period("2024-05-21", periods, K["周"]) is periods[1]
    assert find_period("2024年5月22日", periods, K["周"]) is periods[2]
    assert find_period("2024-05-23", periods, K["周"]) is None
    assert find_period("2024-02-30", periods, K["周"]) is None  # no such day


def test_weekly_periods_end_on_the_weekday_the_campaign_names() -> None:
    """每周五报送本周情况: 2023-03-13 is a Monday; the first week ends on the first Friday (3-17), the next
    ones Saturday to Friday, each due that Friday (报送日 0). 每周一报送上周: weeks end on Sunday, due Monday."""
    fridays = campaign_periods(K["周"], D(2023, 3, 13), D(2023, 3, 29), (), 0, 4)
    assert spans(fridays) == [
        (1, "第1周", D(2023, 3, 13), D(2023, 3, 17), D(2023, 3, 17)),
        (2, "第2周", D(2023, 3, 18), D(2023, 3, 24), D(2023, 3, 24)),
        (3, "第3周", D(2023, 3, 25), D(2023, 3, 29), D(2023, 3, 29)),
    ]
    sundays = campaign_periods(K["周"], D(2023, 3, 13), D(2023, 3, 29), (), 1, 6)
    assert spans(sundays) == [
        (1, "第1周", D(2023, 3, 13), D(2023, 3, 19), D(2023, 3, 20)),
        (2, "第2周", D(2023, 3, 20), D(2023, 3, 26), D(2023, 3, 27)),
        (3, "第3周", D(2023, 3, 27), D(2023, 3, 29), D(2023, 3, 30)),
    ]
    # a campaign starting on the day after its weeks' last day has a whole first week
    saturday = campaign_periods(K["周"], D(2023, 3, 11), D(2023, 3, 17), (), 0, 4)
    assert spans(saturday) == [(1, "第1周", D(2023, 3, 11), D(2023, 3, 17), D(2023, 3, 17))]
    # a month is no week: the weekday changes nothing
    assert campaign_periods(K["月"], D(2023, 3, 13), D(2023, 4, 5), (), 5, 4) == campaign_periods(
        K["月"], D(2023, 3, 13), D(2023, 4, 5), (), 5
    )


def test_quarterly_periods_are_calendar_quarters_across_the_new_year() -> None:
    periods = campaign_periods(K["季"], D(2024, 11, 1), D(2025, 5, 20), (), 10)
    assert spans(periods) == [
        (1, "2024年第四季度", D(2024, 11, 1), D(2024, 12, 31), D(2025, 1, 10)),
        (2, "2025年第一季度", D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 10)),
        (3, "2025年第二季度", D(2025, 4, 1), D(2025, 5, 20), D(2025, 5, 30)),
    ]
    assert find_period("2025年第一季度", periods, K["季"]) is periods[1]
    assert find_period(D(2025, 6, 1), periods, K["季"]) is None


def test_half_year_periods_are_the_calendar_halves_across_the_new_year() -> None:
    """本溪满族自治县 (2019): a county's 河长制 考核 reports 每半年 (6月底、12月底); no kind cut a year in two."""
    periods = campaign_periods(K["半年"], D(2019, 4, 30), D(2020, 12, 31), (), 10)
    assert spans(periods) == [
        (1, "2019年上半年", D(2019, 4, 30), D(2019, 6, 30), D(2019, 7, 10)),
        (2, "2019年下半年", D(2019, 7, 1), D(2019, 12, 31), D(2020, 1, 10)),
        (3, "2020年上半年", D(2020, 1, 1), D(2020, 6, 30), D(2020, 7, 10)),
        (4, "2020年下半年", D(2020, 7, 1), D(2020, 12, 31), D(2021, 1, 10)),
    ]
    assert find_period("2019年下半年", periods, K["半年"]) is periods[1]
    assert find_period("2019 年 下半年", periods, K["半年"]) is periods[1]
    assert find_period("下半年", periods, K["半年"]) is None  # two years have one
    assert ambiguous_period("下半年", periods) is not None
    assert find_period(D(2020, 3, 5), periods, K["半年"]) is periods[2]
    one_year = campaign_periods(K["半年"], D(2019, 4, 30), D(2019, 12, 31), (), 10)
    assert find_period("下半年", one_year, K["半年"]) is one_year[1]
    assert [K["半年"].axis(p) for p in one_year] == ["上半年", "下半年"]


def test_phase_periods_are_the_phases_clipped_to_the_campaign() -> None:
    phases = (
        Phase("动员部署", D(2024, 3, 1), D(2024, 3, 15)),
        Phase("集中整治", D(2024, 3, 16), D(2024, 6, 30)),
        Phase("总结验收", D(2024, 7, 1), D(2024, 7, 31)),
    )
    periods = campaign_periods(K["阶段"], D(2024, 3, 5), D(2024, 7, 10), phases, None)
    assert spans(periods) == [
        (1, "动员部署", D(2024, 3, 5), D(2024, 3, 15), D(2024, 3, 15)),
        (2, "集中整治", D(2024, 3, 16), D(2024, 6, 30), D(2024, 6, 30)),
        (3, "总结验收", D(2024, 7, 1), D(2024, 7, 10), D(2024, 7, 10)),
    ]
    assert find_period("集中 整治", periods, K["阶段"]) is periods[1]
    assert find_period("第3期", periods, K["阶段"]) is periods[2]
    assert find_period("整改提高", periods, K["阶段"]) is None
    # 来苏镇's clerk (2021) typed 总结验收 for 总结验收阶段; another names phases without the word and types it
    named = (Phase("前期准备阶段", D(2024, 3, 1), D(2024, 3, 27)), Phase("选举实施", D(2024, 3, 28), D(2024, 5, 15)))
    staged = campaign_periods(K["阶段"], D(2024, 3, 1), D(2024, 5, 15), named, None)
    assert find_period("前期准备", staged, K["阶段"]) is staged[0]
    assert find_period("选举实施阶段", staged, K["阶段"]) is staged[1]
    assert find_period("阶段", staged, K["阶段"]) is None
    # A phase wholly outside the campaign is no period of it.
    late = (*phases, Phase("巩固提升", D(2024, 8, 1), D(2024, 8, 31)))
    assert [p.label for p in campaign_periods(K["阶段"], D(2024, 3, 1), D(2024, 7, 31), late, None)] == [
        "动员部署",
        "集中整治",
        "总结验收",
    ]


def test_daily_periods_are_the_campaigns_days() -> None:
    periods = campaign_periods(K["日"], D(2024, 2, 28), D(2024, 3, 1), (), None)
    assert spans(periods) == [
        (1, "2024年2月28日", D(2024, 2, 28), D(2024, 2, 28), D(2024, 2, 28)),
        (2, "2024年2月29日", D(2024, 2, 29), D(2024, 2, 29), D(2024, 2, 29)),
        (3, "2024年3月1日", D(2024, 3, 1), D(2024, 3, 1), D(2024, 3, 1)),
    ]
    assert find_period("2024-02-29", periods, K["日"]) is periods[1]
    assert find_period(dt.datetime(2024, 3, 1, 18, 30), periods, K["日"]) is periods[2]
    assert find_period(2, periods, K["日"]) is periods[1]


@pytest.mark.parametrize("typed", ["全程", "一次", "全部", "活动全程", "整个活动", " 全 程 ", 1, "第1期"])
def test_a_campaign_that_reports_once_has_one_period_for_any_word_a_clerk_types(typed: object) -> None:
    periods = campaign_periods(K["一次"], D(2024, 4, 1), D(2024, 9, 30), (), 7)
    assert spans(periods) == [(1, "全程", D(2024, 4, 1), D(2024, 9, 30), D(2024, 10, 7))]
    assert find_period(typed, periods, K["一次"]) is periods[0]


def test_a_campaign_that_reports_once_knows_no_other_period() -> None:
    periods = campaign_periods(K["一次"], D(2024, 4, 1), D(2024, 9, 30), (), 7)
    assert find_period("2024-10-01", periods, K["一次"]) is None
    assert find_period(2, periods, K["一次"]) is None
    assert find_period("一次", campaign_periods(K["月"], D(2024, 4, 1), D(2024, 5, 31), (), 5), K["月"]) is None


def test_a_campaign_that_reports_nothing_has_no_period() -> None:
    assert campaign_periods(K["无"], D(2024, 4, 1), D(2024, 9, 30), (), None) == ()
    assert find_period("2024年4月", (), K["无"]) is None
    assert find_period(1, (), K["无"]) is None


@pytest.mark.parametrize("kind", [k for k in PERIOD_KINDS if k != "无"])
def test_every_period_kind_cuts_nothing_when_the_campaign_ends_before_it_starts(kind: str) -> None:
    phases = (Phase("全程", D(2024, 1, 1), D(2024, 12, 31)),)
    assert campaign_periods(K[kind], D(2024, 5, 2), D(2024, 5, 1), phases, 3) == ()


@pytest.mark.parametrize("kind", [k for k in PERIOD_KINDS if k != "无"])
def test_every_period_kind_covers_each_campaign_day_exactly_once(kind: str) -> None:
    """Periods in order, without gap or overlap, from the first day to the last (any calendar)."""
    start, end = D(2023, 12, 27), D(2024, 3, 3)
    phases = (Phase("一", D(2023, 12, 1), D(2024, 1, 31)), Phase("二", D(2024, 2, 1), D(2024, 3, 31)))
    for week_end in (None, 0, 4, 6):  # and weeks ending on a Monday, a Friday, a Sunday
        periods = campaign_periods(K[kind], start, end, phases, 0, week_end)
        assert periods[0].start == start and periods[-1].end == end
        for before, after in itertools.pairwise(periods):
            assert after.start == before.end + dt.timedelta(days=1)
    periods = campaign_periods(K[kind], start, end, phases, 0)
    for before, after in itertools.pairwise(periods):
        assert after.start == before.end + dt.timedelta(days=1)
    assert [p.number for p in periods] == list(range(1, len(periods) + 1))


def test_the_test_covers_every_period_kind_the_schema_allows() -> None:
    """A new kind in the schema fails here until it has a test above."""
    assert set(PERIOD_KINDS) == {"月", "半月", "旬", "周", "季", "半年", "阶段", "日", "一次", "无"}


def test_each_period_kind_declares_whether_its_periods_fall_due_a_report_day_after_they_end() -> None:
    assert {k.name for k in PERIOD_KINDS.values() if k.needs_report_day} == {"月", "半月", "旬", "周", "季", "半年"}
    assert {k.name for k in PERIOD_KINDS.values() if not k.reports} == {"无"}


def test_prose_and_chart_axes_name_a_month_by_its_month_and_other_periods_by_their_label() -> None:
    months = campaign_periods(K["月"], D(2024, 1, 19), D(2024, 3, 10), (), 5)
    weeks = campaign_periods(K["周"], D(2024, 5, 8), D(2024, 5, 22), (), 1)
    assert [K["月"].short(p) for p in months] == ["1月", "2月", "3月"]
    assert [K["周"].short(p) for p in weeks] == ["第1周", "第2周", "第3周"]
    assert (K["月"].said_suffix, K["周"].said_suffix) == ("份", "")


def test_a_week_is_told_to_a_reader_with_its_days_and_a_month_by_its_label() -> None:
    """第3周 alone does not say which week: a roll-up or a summary names it with its days."""
    weeks = campaign_periods(K["周"], D(2024, 5, 8), D(2024, 5, 22), (), 1)
    months = campaign_periods(K["月"], D(2024, 1, 19), D(2024, 2, 10), (), 5)
    assert [K["周"].told(p) for p in weeks] == [
        "第1周（5月8日至5月14日）",
        "第2周（5月15日至5月21日）",
        "第3周（5月22日）",
    ]
    assert K["周"].told(weeks[0], "1个单位未报送") == "第1周（5月8日至5月14日，1个单位未报送）"
    assert [K["月"].told(p) for p in months] == ["2024年1月", "2024年2月"]
    assert K["月"].told(months[0], "1个单位未报送") == "2024年1月（1个单位未报送）"


def test_a_period_typed_without_its_year_is_the_one_period_it_can_be() -> None:
    """What a clerk types in 期别 or --period: 9月上旬, 第三季度, 2月份. Across a new year a month
    that comes twice is not guessed."""
    tens = campaign_periods(K["旬"], D(2023, 8, 22), D(2023, 11, 30), (), 3)
    assert find_period("9月上旬", tens, K["旬"]) is tens[1]
    quarters = campaign_periods(K["季"], D(2024, 7, 15), D(2024, 12, 31), (), 5)
    assert find_period("第三季度", quarters, K["季"]) is quarters[0]
    assert find_period("四季度", quarters, K["季"]) is quarters[1]
    assert find_period("第一季度", quarters, K["季"]) is None
    months = campaign_periods(K["月"], D(2024, 11, 1), D(2025, 11, 30), (), 5)
    assert find_period("2月份", months, K["月"]) is months[3]
    assert find_period("12月", months, K["月"]) is months[1]
    assert find_period("11月", months, K["月"]) is None  # 2024年11月 or 2025年11月
    assert find_period("第2周", months, K["月"]) is None


def test_a_filed_date_without_its_year_is_the_first_such_day_from_its_period_on() -> None:
    """1月3日 on a fourth-quarter report of a campaign that began in July 2024 is 2025年1月3日: it was
    read as 2024年1月3日 (the campaign's year), months before the quarter, and never late."""
    from generator.inputs.statistics import filed_date_problem, filed_on

    q4 = campaign_periods(K["季"], D(2024, 7, 15), D(2024, 12, 31), (), 5)[1]
    assert filed_on("1月3日", q4) == D(2025, 1, 3)
    assert filed_on("1月8日", q4) == D(2025, 1, 8)  # after its due date, 1月5日: late
    assert filed_on("12月30日", q4) == D(2024, 12, 30)
    assert filed_on("2024年1月3日", q4) == D(2024, 1, 3)  # a year written is the year meant
    assert filed_date_problem("1月3日", "蔚汾镇", q4) is None
    assert filed_date_problem("2024年1月3日", "蔚汾镇", q4) == (
        "蔚汾镇2024年第四季度的「填报日期」2024年1月3日早于这一期开始（10月1日），请核实"
    )


def test_chart_axes_name_a_ten_day_period_and_a_quarter_without_their_year() -> None:
    # 2024年第三季度（缺报2） wrapped when two trend charts sit side by side; prose keeps the year.
    ten_days = campaign_periods(K["旬"], D(2024, 6, 25), D(2024, 7, 15), (), 3)
    quarters = campaign_periods(K["季"], D(2024, 8, 1), D(2025, 2, 1), (), 10)
    assert [K["旬"].axis(p) for p in ten_days] == ["6月下旬", "7月上旬", "7月中旬"]
    assert [K["季"].axis(p) for p in quarters] == ["三季度", "四季度", "一季度"]
    assert [K["季"].short(p) for p in quarters] == ["2024年第三季度", "2024年第四季度", "2025年第一季度"]
    months = campaign_periods(K["月"], D(2024, 1, 19), D(2024, 2, 10), (), 5)
    weeks = campaign_periods(K["周"], D(2024, 5, 8), D(2024, 5, 15), (), 1)
    assert [K["月"].axis(p) for p in months] + [K["周"].axis(p) for p in weeks] == ["1月", "2月", "第1周", "第2周"]


def test_a_count_written_in_chinese_numerals_is_the_period_of_that_number() -> None:
    """A clerk of a weekly 安全生产大检查 typed 第二周 (as the notices say it): refused as no period."""
    periods = campaign_periods(K["周"], D(2013, 6, 1), D(2013, 9, 30), (), 1)
    assert find_period("第二周", periods, K["周"]) is periods[1]
    assert find_period("第十二周", periods, K["周"]) is periods[11]
    assert find_period("第十二期", periods, K["周"]) is periods[11]
    assert find_period("第二旬", periods, K["周"]) is None  # a 旬 is not a week
    assert find_period("第二十二周", periods, K["周"]) is None  # the campaign has 18
    months = campaign_periods(K["季"], D(2024, 1, 1), D(2024, 12, 31), (), 10)
    assert find_period("第三季度", months, K["季"]) is months[2]  # read as before, by its words


def test_a_period_without_its_year_that_two_years_have_is_said_to_be_both() -> None:
    periods = campaign_periods(K["季"], D(2024, 10, 1), D(2025, 12, 31), (), 10)
    assert find_period("第四季度", periods, K["季"]) is None
    assert ambiguous_period("第四季度", periods) == (
        "期别「第四季度」在这次活动里有 2 期：2024年第四季度、2025年第四季度，请写上年份"
    )
    assert ambiguous_period("四季度", periods) is not None
    assert ambiguous_period("三季度", periods) is None  # one 三季度: it is that one
    assert ambiguous_period("2025年第四季度", periods) is None
    assert ambiguous_period(4, periods) is None


def test_a_weekly_campaign_naming_no_last_day_of_its_weeks_is_told_what_gongwen_assumed(tmp_path: Path) -> None:
    """永清县's campaign starts on Friday 2018-01-19; reported by week with no 每周最后一天 row, its weeks
    run 7 days from that Friday and end on Thursdays: what its forms' spans and deadlines say. A notice
    asking for 每周五报送 would be contradicted by every form: the clerk is told the weekday gongwen
    assumed and where to name another; a campaign naming it, or reporting by month, is not."""
    root = make_workspace(tmp_path / "ws")
    book = root / "inputs" / WORKBOOK_NAME
    write_workbook(book, campaign={"报送周期": "周", "报送日": 1})
    _inputs, findings = app.validate(app.Workspace(root))
    (told,) = [f for f in findings.warnings if "每周最后一天" in f.message]
    assert "「活动」" in str(told.location)
    for said in ("2018年1月19日", "星期五", "星期四", "7天"):
        assert said in told.message, told.message
    write_workbook(book, campaign={"报送周期": "周", "报送日": 0, "每周最后一天": "星期五"})
    _inputs, findings = app.validate(app.Workspace(root))
    assert not [f for f in findings.warnings if "每周最后一天" in f.message], findings.warnings
    write_workbook(book)
    _inputs, findings = app.validate(app.Workspace(root))
    assert not [f for f in findings.warnings if "每周最后一天" in f.message], findings.warnings


def test_a_refused_period_of_a_long_daily_campaign_names_the_first_and_the_last() -> None:
    """文安乡's 汛期值班 (2012, daily from 5月1日 to 9月30日): gongwen forms --period 2012年10月1日 listed all 153
    days in its one line of refusal."""
    from generator.inputs.periods import periods_listed

    days = campaign_periods(K["日"], D(2012, 5, 1), D(2012, 9, 30), (), None)
    assert len(days) == 153
    assert periods_listed(days) == "2012年5月1日、2012年5月2日、2012年5月3日……2012年9月30日"
    assert periods_listed(days[:3]) == "2012年5月1日、2012年5月2日、2012年5月3日"  # a few: all of them
