"""Every 核对规则 relation, as units: the rule read from its sheet's rows, and the warning a report
breaking it gets (or not, one figure either side of the line).

The rows are written once per case as the 核对规则 sheet gives them (TableSheet of located values);
the reports are model objects. Expected warnings are written out whole, as the clerk reads them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from generator.errors import Findings, Location
from generator.inputs.model import CheckRule, Metric, Report
from generator.inputs.schema import CHECK_RELATIONS
from generator.inputs.statistics import checks_from, implausible
from generator.inputs.workbook import TableSheet, Value

FILE = "inputs/活动数据.xlsx"
METRICS = (
    Metric("排查整治", "排查企业", "家", False),
    Metric("排查整治", "发现隐患", "处", False),
    Metric("排查整治", "整改隐患", "处", False),
    Metric("排查整治", "立案", "件", False),
    Metric("排查整治", "罚没款", "万元", True),
)


def rules_sheet(*rows: tuple[Any, ...]) -> TableSheet:
    """The 核对规则 sheet: 指标, 关系, 对象, 提示 from row 2 on, each value at its cell."""
    table = TableSheet(Location(FILE, "核对规则"))
    for number, row in enumerate(rows, start=2):
        table.rows.append(
            {
                name: Value(value, Location(FILE, "核对规则", f"{column}{number}"))
                for name, column, value in zip(("指标", "关系", "对象", "提示"), "ABCD", (*row, None)[:4], strict=True)
            }
        )
    return table


def read_rules(*rows: tuple[Any, ...]) -> tuple[list[CheckRule], Findings]:
    findings = Findings()
    return checks_from(rules_sheet(*rows), METRICS, findings), findings


def report(period: int, **figures: int | str) -> Report:
    values = {m.name: Decimal(0) for m in METRICS}
    values.update({name: Decimal(str(v)) for name, v in figures.items()})
    return Report("韩村镇", period, values)


def warnings(rules: list[CheckRule], now: Report, before: Report | None = None) -> list[tuple[str, str]]:
    return implausible(now, before, METRICS, rules, "韩村镇", f"2024年{now.period}月")


def test_not_greater_than_warns_only_above_the_other_metric() -> None:
    rules, findings = read_rules(("整改隐患", "不大于", "发现隐患"))
    assert not findings.items
    assert rules == [CheckRule("整改隐患", "不大于", "发现隐患", None, None)]
    assert warnings(rules, report(2, 发现隐患=7, 整改隐患=7)) == []
    assert warnings(rules, report(2, 发现隐患=7, 整改隐患=8)) == [
        ("整改隐患", "韩村镇2024年2月「整改隐患」8处，多于「发现隐患」7处，请核实")
    ]


def test_not_less_than_warns_only_below_the_other_metric() -> None:
    rules, _ = read_rules(("排查企业", "不小于", "立案"))
    assert warnings(rules, report(3, 排查企业=4, 立案=4)) == []
    assert warnings(rules, report(3, 排查企业=3, 立案=4)) == [
        ("排查企业", "韩村镇2024年3月「排查企业」3家，少于「立案」4件，请核实")
    ]


def test_one_requires_the_other_warns_only_when_the_other_is_zero() -> None:
    rules, _ = read_rules(("罚没款", "有则须有", "立案"))
    assert warnings(rules, report(1)) == []  # neither: nothing to say
    assert warnings(rules, report(1, 立案=1)) == []  # a case without a fine is possible
    assert warnings(rules, report(1, 罚没款="0.50", 立案=1)) == []
    assert warnings(rules, report(1, 罚没款="0.50")) == [
        ("罚没款", "韩村镇2024年1月「罚没款」为 0.5万元，但「立案」为 0，请核实")
    ]


def test_not_more_than_times_the_period_before_compares_with_the_previous_report_only() -> None:
    rules, findings = read_rules(("发现隐患", "不超过上期倍数", "３"))  # a full-width 3 as typed
    assert not findings.items
    assert rules == [CheckRule("发现隐患", "不超过上期倍数", None, Decimal(3), None)]
    assert warnings(rules, report(2, 发现隐患=6), report(1, 发现隐患=2)) == []  # exactly 3 times
    assert warnings(rules, report(2, 发现隐患=7), report(1, 发现隐患=2)) == [
        ("发现隐患", "韩村镇2024年2月「发现隐患」7处，超过上期 2处 的 3 倍，请核实")
    ]
    assert warnings(rules, report(1, 发现隐患=7)) == []  # no period before
    assert warnings(rules, report(2, 发现隐患=7), report(1)) == []  # from nothing, no multiple


def test_the_clerks_own_wording_replaces_the_default_with_its_placeholders_filled() -> None:
    rules, _ = read_rules(("整改隐患", "不大于", "发现隐患", "{单位}{期别}整改{值}处，发现只有{对象值}处"))
    assert warnings(rules, report(4, 发现隐患=1, 整改隐患=2)) == [("整改隐患", "韩村镇2024年4月整改2处，发现只有1处")]


@pytest.mark.parametrize(
    ("row", "message", "cell"),
    [
        (("整改数", "不大于", "发现隐患"), "指标「整改数」不在「统计指标」表中", "A2"),
        (("整改隐患", "不大于", "发现数"), "指标「发现数」不在「统计指标」表中", "C2"),
        (("发现隐患", "不超过上期倍数", "三倍"), "“不超过上期倍数”的对象应为倍数（数字），实际为「三倍」", "C2"),
    ],
)
def test_a_rule_that_names_no_metric_or_no_multiple_is_refused_at_its_cell(
    row: tuple[str, str, str], message: str, cell: str
) -> None:
    rules, findings = read_rules(row)
    assert rules == []
    assert [(f.location.cell, f.message) for f in findings.errors] == [(cell, message)]


def test_a_row_without_metric_relation_or_object_is_no_rule() -> None:
    rules, findings = read_rules((None, None, None), ("立案", "不大于", None))
    assert rules == [] and not findings.items


def test_the_tests_cover_every_relation_the_schema_allows() -> None:
    """A new relation in the schema fails here until it has a test above."""
    assert set(CHECK_RELATIONS) == {"不大于", "不小于", "有则须有", "不超过上期倍数"}


def test_the_jump_warning_writes_decimal_figures_as_every_other_message_does() -> None:
    """岚县 (2025): 是上期 1.00公顷 的 860 倍, beside 120.5公顷 → 1公顷 in the same collect."""
    assert warnings([], report(2, 罚没款="860.25"), report(1, 罚没款="1.00")) == [
        ("罚没款", "韩村镇2024年2月「罚没款」860.25万元，是上期 1万元 的 860 倍，请核实")
    ]
    assert warnings([], report(2, 罚没款="12.50"), report(1, 罚没款="1.20")) == [
        ("罚没款", "韩村镇2024年2月「罚没款」12.5万元，是上期 1.2万元 的 10 倍，请核实")
    ]
