"""Dates and reporting periods that notices write without a day: 3月底前, 5月上旬, 即日起至…, 每周五前,
每季度末, 每半月. Each notice here is a few hand-written lines; each expected value was worked out by
hand from the calendar (2024-03-04 is a Monday, 2024-03-02 a Saturday)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.importer.facts import Found, Recognition, recognise
from generator.importer.parts import split_parts
from generator.importer.reading import read_source
from generator.importer.report import found_lines

from .test_import import import_and_build, sheet_values

D = dt.date
HEAD = ["××县人民政府办公室关于开展××专项整治的通知", "各乡镇人民政府，县直各有关部门："]


def recognised(tmp_path: Path, body: list[str], date: str = "2024年2月20日") -> Recognition:
    source = tmp_path / "通知.txt"
    source.write_text("\n".join([*HEAD, *body, "××县人民政府办公室", date]), encoding="utf-8")
    return recognise(split_parts(read_source(source).paragraphs))


def found(rec: Recognition, name: str) -> Found:
    return next(f for f in rec.found if f.field == name)


def test_from_today_until_a_date_starts_on_the_notice_s_date_marked_uncertain(tmp_path: Path) -> None:
    body = ["一、整治时间", "即日起至2025年6月30日。", "二、工作要求", "请认真落实。"]
    rec = recognised(tmp_path, body, "2025年3月10日")
    start, end = found(rec, "活动.开始日期"), found(rec, "活动.结束日期")
    assert (start.value, start.certain) == (D(2025, 3, 10), False)
    assert (end.value, end.certain, end.where) == (D(2025, 6, 30), True, "第 4 段")
    assert "第 4 段：开始日期 2025年3月10日（不确定，请核对：原文“即日起”，按成文日期）" in found_lines(rec)
    assert not any(u.startswith("活动的开始和结束日期") for u in rec.unread)


def test_from_today_until_a_month_s_end(tmp_path: Path) -> None:
    rec = recognised(tmp_path, ["一、整治时间", "自即日起至6月底，在全县开展专项整治。"], "2024年4月8日")
    end = found(rec, "活动.结束日期")
    assert (end.value, end.certain) == (D(2024, 6, 30), False)
    assert "6月底" in end.note


def test_month_only_deadlines_take_the_month_s_last_day_marked_uncertain(tmp_path: Path) -> None:
    body = ["一、工作要求", "各乡镇于3月底前将实施方案报送县整治办。", "各乡镇于4月份报送工作总结。"]
    rec = recognised(tmp_path, body)
    plan, summary = found(rec, "活动.方案报送截止"), found(rec, "活动.总结报送截止")
    assert (plan.value, plan.certain, plan.where) == (D(2024, 3, 31), False, "第 4 段")
    assert (summary.value, summary.certain, summary.where) == (D(2024, 4, 30), False, "第 5 段")
    assert "3月底" in plan.note and "最后一天" in plan.note


def test_a_month_early_in_the_year_belongs_to_the_next_year_when_the_notice_is_dated_in_december(
    tmp_path: Path,
) -> None:
    rec = recognised(tmp_path, ["一、工作要求", "各单位于2月底前报送实施方案。"], "2024年12月20日")
    assert found(rec, "活动.方案报送截止").value == D(2025, 2, 28)  # 2025 is not a leap year


def test_first_middle_and_last_ten_days_of_a_month(tmp_path: Path) -> None:
    body = ["一、工作要求", "5月上旬完成实施方案。", "6月中旬前报送工作总结。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.方案报送截止").value == D(2024, 5, 10)
    assert found(rec, "活动.总结报送截止").value == D(2024, 6, 20)
    rec = recognised(tmp_path, ["一、工作要求", "2月下旬报送工作总结。"])
    assert found(rec, "活动.总结报送截止").value == D(2024, 2, 29)  # 2024 is a leap year


def test_a_named_day_wins_over_a_month(tmp_path: Path) -> None:
    body = ["一、工作要求", "各乡镇于3月底前报送实施方案，", "各乡镇于3月15日前报送实施方案。"]
    rec = recognised(tmp_path, body)
    plan = found(rec, "活动.方案报送截止")
    assert (plan.value, plan.certain) == (D(2024, 3, 15), True)


def test_every_friday_is_a_week_ending_on_friday_due_that_day(tmp_path: Path) -> None:
    """每周五前报送: the import counted weeks from the campaign's first day (Monday 3-4, so weeks ending on
    Sunday) and made 报送日 5, the next week's Friday; the week now ends on the Friday it names."""
    body = ["一、整治时间", "自2024年3月4日至5月31日。", "二、工作要求", "各乡镇每周五前报送工作进展情况。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.报送周期").value == "周"
    week_end, day = found(rec, "活动.每周最后一天"), found(rec, "活动.报送日")
    assert (week_end.value, week_end.certain, week_end.where) == ("星期五", False, "第 6 段")
    assert (day.value, day.certain) == (0, False)
    assert "本周的情况在星期五当天报送" in day.note


def test_every_friday_when_the_weeks_end_on_friday(tmp_path: Path) -> None:
    body = ["一、整治时间", "自2024年3月2日至5月31日。", "二、工作要求", "请于每周星期五下班前报送周报。"]
    rec = recognised(tmp_path, body)
    assert (found(rec, "活动.报送周期").value, found(rec, "活动.报送日").value) == ("周", 0)
    assert found(rec, "活动.每周最后一天").value == "星期五"


def test_every_monday_for_last_week_is_a_week_ending_on_sunday_due_monday(tmp_path: Path) -> None:
    """每周一报送上周: read as 周 with 报送日 请核对 only; the week is a calendar week, due the Monday after."""
    body = ["一、整治时间", "自2024年3月6日至5月31日。", "二、工作要求", "各乡镇每周一上午报送上周工作进展情况。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.报送周期").value == "周"
    assert (found(rec, "活动.每周最后一天").value, found(rec, "活动.报送日").value) == ("星期日", 1)
    assert "上周的情况在星期一报送" in found(rec, "活动.报送日").note


def test_quarter_and_month_ends(tmp_path: Path) -> None:
    body = ["一、整治时间", "自2024年3月1日至12月31日。", "二、工作要求", "各乡镇每季度末报送工作进展。"]
    rec = recognised(tmp_path, body)
    period, day = found(rec, "活动.报送周期"), found(rec, "活动.报送日")
    assert (period.value, period.certain, day.value, day.certain) == ("季", True, 0, False)
    body[-1] = "各乡镇每月底前报送统计报表。"
    rec = recognised(tmp_path, body)
    assert (found(rec, "活动.报送周期").value, found(rec, "活动.报送日").value) == ("月", 0)


def test_every_half_month_is_half_monthly_due_on_its_last_day_to_be_checked(tmp_path: Path) -> None:
    """每半月 was said to have no period of its own (before 半月 was one); the day is not said: checked."""
    body = ["一、整治时间", "自2024年3月1日至6月30日。", "二、工作要求", "各乡镇每半月报送一次工作进展。"]
    rec = recognised(tmp_path, body)
    period, day = found(rec, "活动.报送周期"), found(rec, "活动.报送日")
    assert (period.value, period.certain, day.value, day.certain) == ("半月", True, 0, False)
    assert period.where == "第 6 段" and not [u for u in rec.unread if u.startswith("报送周期")]


def test_every_half_year_is_half_yearly(tmp_path: Path) -> None:
    """本溪满族自治县's 河长制 考核 (2019) is reported 每半年: no period kind cut a year in two, and the notice's
    words were read as none (报送周期 left the starter's 月)."""
    body = ["一、考核时间", "自2019年4月30日至12月31日。", "二、工作要求", "各乡镇每半年报送一次河长制工作进展情况。"]
    rec = recognised(tmp_path, body)
    period, day = found(rec, "活动.报送周期"), found(rec, "活动.报送日")
    assert (period.value, period.certain, day.value, day.certain) == ("半年", True, 0, False)
    body[-1] = "各乡镇于每年7月10日前和次年1月10日前分别报送上半年和全年工作情况。"
    rec = recognised(tmp_path, body)
    period, day = found(rec, "活动.报送周期"), found(rec, "活动.报送日")
    assert (period.value, period.certain, day.value, day.certain) == ("半年", True, 10, True)
    body[-1] = "各乡镇每半年至少组织一次巡河培训。"  # no report: the starter's 月 stays, said
    rec = recognised(tmp_path, body)
    assert any(u.startswith("报送周期") for u in rec.unread)


def test_every_day_is_daily(tmp_path: Path) -> None:
    body = ["一、检查时间", "自2024年3月1日至3月7日。", "二、工作要求", "各检查组每日17时前报送检查情况。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.报送周期").value == "日"


def test_each_month_deadline_is_read_from_its_own_clause(tmp_path: Path) -> None:
    body = ["一、工作要求", "各乡镇于3月底前将实施方案报送县整治办，每周五前报送进展，6月中旬前报送工作总结。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.方案报送截止").value == D(2024, 3, 31)
    assert found(rec, "活动.总结报送截止").value == D(2024, 6, 20)


def test_a_campaign_in_months_runs_from_the_first_to_the_last_day_marked_uncertain(tmp_path: Path) -> None:
    rec = recognised(tmp_path, ["一、整治时间", "自2024年4月至6月底，在全县开展专项整治。"], "2024年3月25日")
    start, end = found(rec, "活动.开始日期"), found(rec, "活动.结束日期")
    assert (start.value, start.certain, end.value, end.certain) == (D(2024, 4, 1), False, D(2024, 6, 30), False)
    rec = recognised(tmp_path, ["一、整治时间", "时间从11月中旬到次年2月。"], "2024年11月1日")
    assert (found(rec, "活动.开始日期").value, found(rec, "活动.结束日期").value) == (D(2024, 11, 11), D(2025, 2, 28))
    rec = recognised(tmp_path, ["一、整治时间", "自3月上旬至次年5月。"], "2024年2月20日")
    assert (found(rec, "活动.开始日期").value, found(rec, "活动.结束日期").value) == (D(2024, 3, 1), D(2025, 5, 31))


def test_a_month_followed_by_its_day_is_not_read_as_a_month(tmp_path: Path) -> None:
    rec = recognised(tmp_path, ["一、整治时间", "自2024年4月至5月15日开展整治。"], "2024年3月25日")
    assert "活动.结束日期" not in {f.field for f in rec.found}


def test_days_after_each_period_ends_give_the_period_and_its_report_day(tmp_path: Path) -> None:
    """每季度结束后5日内 (兴县, 2024), 每旬结束后3日内 (张家川县, 2023): the period and its 报送日,
    and the notice template says the 报送日 as a value, so a changed day prints in the notice."""
    body = [
        "一、整治时间",
        "自2024年7月15日至12月31日。",
        "二、工作要求",
        "各乡镇于每季度结束后5日内将统计表报县处非办。",
    ]
    rec = recognised(tmp_path, body)
    period, day = found(rec, "活动.报送周期"), found(rec, "活动.报送日")
    assert (period.value, period.certain, day.value, day.certain, day.where) == ("季", True, 5, True, "第 6 段")
    assert [s.template for s in rec.slots if s.text == "每季度结束后5日内"] == ["每季度结束后{{ 活动.报送日 }}日内"]
    assert not any(u.startswith("报送周期") for u in rec.unread)
    body[-1] = "全面开展排查整治，每旬结束后3日内报送进展情况。"
    rec = recognised(tmp_path, body)
    assert (found(rec, "活动.报送周期").value, found(rec, "活动.报送日").value) == ("旬", 3)
    body[-1] = "各乡镇每月结束后5个工作日内报送统计报表。"  # working days are not calendar days: said, not trusted
    rec = recognised(tmp_path, body)
    day = found(rec, "活动.报送日")
    assert (found(rec, "活动.报送周期").value, day.value, day.certain) == ("月", 5, False)
    assert "工作日" in day.note


def test_a_day_of_the_same_month_is_read_but_marked_for_checking(tmp_path: Path) -> None:
    """每月25日前报送当月情况: due in the month reported on, which a 报送日 (days after a period ends:
    25 is the next month's 25th) cannot say. It was taken as certain, every deadline a month late."""
    body = ["一、整治时间", "自2024年3月1日至6月30日。", "二、工作要求", "各乡镇于每月25日前将当月排查情况报县防汛办。"]
    rec = recognised(tmp_path, body)
    day = found(rec, "活动.报送日")
    assert (found(rec, "活动.报送周期").value, day.value, day.certain) == ("月", 25, False)
    assert "当月" in day.note and "次月25日" in day.note
    body[-1] = "各乡镇每月5日前报送上月统计报表。"  # the month before: what 报送日 means
    day = found(recognised(tmp_path, body), "活动.报送日")
    assert (day.value, day.certain) == (5, True)


def test_each_dated_deadline_is_read_from_its_own_clause(tmp_path: Path) -> None:
    """琼安委办〔2013〕62号 names both deadlines in one sentence: the plan's first, the summary's second."""
    body = ["一、报送要求", "各单位的工作方案请于2024年3月20日前报送，工作总结请于2024年10月10日前报送。"]
    rec = recognised(tmp_path, body)
    assert found(rec, "活动.方案报送截止").value == D(2024, 3, 20)
    assert found(rec, "活动.总结报送截止").value == D(2024, 10, 10)


def test_a_dated_deadline_whose_clause_names_nothing_takes_the_sentence_s_word(tmp_path: Path) -> None:
    body = ["一、工作要求", "各乡镇要认真总结经验，于2024年6月5日前报送县整治办。"]
    assert found(recognised(tmp_path, body), "活动.总结报送截止").value == D(2024, 6, 5)


def test_a_range_typed_with_一_for_its_dash_is_the_campaign_s(tmp_path: Path) -> None:
    """石马山镇's 禁种铲毒 plan: 时间安排 2023年3月13日一2023年5月31日 (一 for the dash, as PDFs and quick typists
    give it); its phases, written without the year, then take the campaign's."""
    body = ["一、时间安排", "2023年3月13日一2023年5月31日。", "二、工作步骤", "（一）宣传发动阶段（3月13日—3月20日）。",
            "（二）全面踏查阶段（3月21日–5月31日）。"]  # fmt: skip
    rec = recognised(tmp_path, body, "")
    assert (found(rec, "活动.开始日期").value, found(rec, "活动.结束日期").value) == (D(2023, 3, 13), D(2023, 5, 31))
    assert [(p.start, p.end) for p in rec.phases] == [
        (D(2023, 3, 13), D(2023, 3, 20)),
        (D(2023, 3, 21), D(2023, 5, 31)),
    ]


def test_a_deadline_inside_a_phase_s_text_says_where_it_stays_words(tmp_path: Path) -> None:
    """石马山镇: 各村于5月31日前报送工作总结 in the 总结验收 phase; the notice prints the phase from the 阶段
    sheet, so a changed 总结报送截止 left the printed date as it was, unsaid."""
    body = ["一、工作步骤", "（一）宣传发动阶段（3月13日—3月20日）。各村召开村民代表会议。",
            "（二）总结验收阶段（5月21日—5月31日）。各村于5月31日前报送工作总结。"]  # fmt: skip
    summary = found(recognised(tmp_path, body, "2023年3月10日"), "活动.总结报送截止")
    assert summary.value == D(2023, 5, 31) and not summary.certain
    assert "「阶段」表第3行的「标题后内容」" in summary.note and "5月31日" in summary.note


def test_a_deadline_without_its_year_is_after_the_notice_not_the_nearest_day(tmp_path: Path) -> None:
    """麟游县's 自建房 notice of 2022年5月12日: 11月20日前报送总结 was read as 2021年11月20日 (173 days before
    the campaign's start, 192 after): a deadline is set for after the notice, never half a year before."""
    body = ["一、工作步骤", "（一）排查摸底阶段（2022年5月12日至6月30日）。逐栋排查。",
            "（二）总结验收阶段（2022年11月1日至11月30日）。建立台账。", "二、工作要求",
            "各镇于12月底前报送工作方案，于11月20日前报送工作总结。"]  # fmt: skip
    rec = recognised(tmp_path, body, "2022年5月12日")
    assert found(rec, "活动.总结报送截止").value == D(2022, 11, 20)
    assert found(rec, "活动.方案报送截止").value == D(2022, 12, 31)


def test_the_member_units_are_the_list_not_the_leader_s_clause(tmp_path: Path) -> None:
    body = ["一、组织领导", "成立由县长任组长，县住建局、县自然资源局、县市场监管局等部门组成的领导小组。"]
    assert found(recognised(tmp_path, body), "单位.领导小组成员单位").value == "县住建局、县自然资源局、县市场监管局"


def test_every_phase_s_end_is_a_reporting_period(tmp_path: Path) -> None:
    body = ["一、工作要求", "各镇、各有关部门于每个阶段结束后5日内，将本阶段排查整治情况统计表报县领导小组办公室。"]
    rec = recognised(tmp_path, body)
    assert (found(rec, "活动.报送周期").value, found(rec, "活动.报送日").value) == ("阶段", 5)


def test_a_plan_printed_alone_names_its_level_and_itself_from_its_title(tmp_path: Path) -> None:
    """石马山镇2023年春季禁种铲毒工作实施方案, with no notice, 署名 or date: the 本级名称 was left for the clerk
    and the campaign was named by the whole title (its documents 春季禁种铲毒工作工作方案 at best)."""
    source = tmp_path / "方案.txt"
    lines = ["石马山镇2023年春季禁种铲毒工作实施方案", "一、时间安排", "2023年3月13日一2023年5月31日。"]
    source.write_text("\n".join(lines), encoding="utf-8")
    rec = recognise(split_parts(read_source(source).paragraphs))
    assert found(rec, "活动.本级名称").value == "石马山镇" and not found(rec, "活动.本级名称").certain
    assert found(rec, "活动.方案标题").value == "石马山镇2023年春季禁种铲毒工作实施方案"
    assert found(rec, "活动.活动名称").value == "春季禁种铲毒"


def test_a_date_line_typed_with_dots_is_the_notice_s_date_and_the_line_above_its_signature(tmp_path: Path) -> None:
    """城关镇's notice ends 城关镇人民政府 / 2024.2.26: the import said 原文没有署名, left the blank workbook's
    成文日期 and printed both lines as body text."""
    rec = recognised(tmp_path, ["一、工作要求", "认真开展整治。"], "2024.2.26")
    assert found(rec, "发文.成文日期").value == D(2024, 2, 26)
    assert "写成“年月日”" in found(rec, "发文.成文日期").note
    assert found(rec, "发文.发文机关").value == "××县人民政府办公室" and found(rec, "发文.发文机关").certain
    for typed in ("2024-02-26", "2024/2/26"):
        assert found(recognised(tmp_path, ["一、工作要求"], typed), "发文.成文日期").value == D(2024, 2, 26)


def test_an_office_named_in_passing_is_marked_for_its_full_name(tmp_path: Path) -> None:
    """麟游县: 各镇…将工作总结报县领导小组办公室 gave 县领导小组办公室 as the office the roll-ups and the county's
    summary are signed with, as certain as a name."""
    rec = recognised(tmp_path, ["一、工作要求", "各镇于11月20日前将工作总结报县领导小组办公室。"], "2022年5月12日")
    office = found(rec, "活动.领导小组办公室")
    assert office.value == "县领导小组办公室" and not office.certain and "全称" in office.note
    full = ["一、组织领导", "成立县消防安全专项整治领导小组，领导小组办公室设在县消防救援大队。",
            "各镇将情况报县消防安全专项整治领导小组办公室。"]  # fmt: skip
    assert found(recognised(tmp_path, full), "活动.领导小组办公室").certain


def test_phases_dated_by_their_months_are_read_marked_for_checking(tmp_path: Path) -> None:
    """大理市's plan (2023): 集中攻坚阶段（2023年8月至11月）, a phase named by months only, was no phase at
    all (阶段：正文中没有找到…); its days are the months' first and last, marked for checking, and the
    rebuilt notice prints the heading as it was."""
    body = ["一、工作安排",
            "（一）集中攻坚阶段（2023年8月至11月）。用3个月左右时间开展集中攻坚。",
            "（二）巩固提升阶段（2023年12月至2024年6月）。组织开展“回头看”。"]  # fmt: skip
    rec = recognised(tmp_path, body, "2023年8月20日")
    phases = [(p.name, p.start, p.end) for p in rec.phases]
    assert phases == [
        ("集中攻坚阶段", D(2023, 8, 1), D(2023, 11, 30)),
        ("巩固提升阶段", D(2023, 12, 1), D(2024, 6, 30)),
    ]
    first = found(rec, "阶段.第1个阶段")
    assert not first.certain and "原文“2023年8月至11月”没有写到哪一天" in first.note
    assert not any(u.startswith("阶段") for u in rec.unread)
    source = tmp_path / "通知.txt"
    _workspace, report = import_and_build(source, tmp_path / "ws")  # the notice recognised() wrote
    assert any("与原文逐段相同" in line for line in report.lines), report.lines


def test_the_county_s_own_monthly_deadline_is_its_roll_up_s_not_the_units(tmp_path: Path) -> None:
    """县应急局汇总后于每月5日前报市: the county's own deadline, written before the townships' 每月3日前.
    It is the roll-up's (汇总上报日 5), never the units' 报送日 (3), and the notice's template prints
    the county's sentence from the workbook too."""
    body = [
        "一、工作要求",
        "县应急局汇总后于每月5日前报市应急管理局。各乡镇于每月3日前将本月统计表报县应急局。",
    ]
    rec = recognised(tmp_path, body)
    assert (found(rec, "活动.报送周期").value, found(rec, "活动.报送日").value) == ("月", 3)
    county = found(rec, "活动.汇总上报日")
    assert (county.value, county.where) == (5, "第 4 段")
    assert any(s.template == "每月{{ 活动.汇总上报日 }}日前" for s in rec.slots), rec.slots
    assert any(s.template == "每月{{ 活动.报送日 }}日前" for s in rec.slots), rec.slots
    workspace, report = import_and_build(tmp_path / "通知.txt", tmp_path / "ws")  # the notice recognised() wrote
    assert any("与原文逐段相同" in line for line in report.lines), report.lines
    assert (sheet_values(workspace.root, "活动")["汇总上报日"], sheet_values(workspace.root, "活动")["报送日"]) == (
        5,
        3,
    )


def test_the_county_s_own_summary_deadline_is_not_the_units(tmp_path: Path) -> None:
    """县打传办于6月30日前将全县工作总结报市打传办, written before 各乡镇于6月20日前报送工作总结: the
    county's own (总结上报截止), the units' 总结报送截止 the 20th."""
    body = [
        "一、工作要求",
        "县打传办于6月30日前将全县工作总结报市打传办；各乡镇于6月20日前将工作总结报县打传办。",
    ]
    rec = recognised(tmp_path, body, "2024年3月1日")
    assert found(rec, "活动.总结报送截止").value == D(2024, 6, 20)
    assert found(rec, "活动.总结上报截止").value == D(2024, 6, 30)


def test_a_notice_stating_no_deadline_of_the_county_s_own_gets_none(tmp_path: Path) -> None:
    body = ["一、工作要求", "各乡镇于每月3日前将本月统计表报县应急局，6月20日前报送工作总结。"]
    rec = recognised(tmp_path, body, "2024年3月1日")
    assert found(rec, "活动.报送日").value == 3
    assert not [f for f in rec.found if f.field in ("活动.汇总上报日", "活动.总结上报截止")]


def test_a_date_written_with_the_digit_zero_for_〇_is_the_notice_s_date(tmp_path: Path) -> None:
    """文安乡's notice (2012) is dated 二0一二年四月二十六日, the digit typed for 〇: no 成文日期 was read."""
    rec = recognised(tmp_path, ["请认真落实。"], "二0一二年四月二十六日")
    date = found(rec, "发文.成文日期")
    assert (date.value, date.where) == (D(2012, 4, 26), "第 5 段")  # title, 主送, body, 署名, date


def test_one_numbered_paragraph_with_a_span_is_the_campaign_s_span_not_a_phase(tmp_path: Path) -> None:
    """文安乡's 一、我乡今年防汛值班时间从5月1日开始至9月30日结束，……: read as a step heading (a phase) and
    set aside, one step is no phases, and the campaign had no dates."""
    body = [
        "一、我乡今年防汛值班时间从5月1日开始至9月30日结束，在此期间，实行24小时值班。",
        "二、各村坚持24小时值班制。",
    ]
    rec = recognised(tmp_path, body, "2012年4月26日")
    start, end = found(rec, "活动.开始日期"), found(rec, "活动.结束日期")
    assert (start.value, end.value, start.where) == (D(2012, 5, 1), D(2012, 9, 30), "第 3 段")
    assert not rec.phases
