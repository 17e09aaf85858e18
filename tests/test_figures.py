"""One figure from its cell (statistics.parse_figure): what a decimal metric keeps and what the clerk
is told when gongwen keeps less than the cell holds. Expected values are written out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.errors import Findings, Location
from generator.inputs.model import Metric
from generator.inputs.statistics import parse_figure
from generator.inputs.xlsx_reader import Cell

AMOUNT = Metric("查处", "罚没款", "万元", decimal=True)
COUNT = Metric("排查", "出动人次", "人次", decimal=False)
HERE = Location("inputs/活动数据.xlsx", "统计报表", "F7")


def parsed(metric: Metric, value: object) -> tuple[Decimal | None, list[str]]:
    findings = Findings()
    figure = parse_figure(metric, Cell(7, 6, value), HERE, findings)
    return figure, [f.message for f in findings.notes] + [f.message for f in findings.errors]


@pytest.mark.parametrize(
    ("value", "kept", "said"),
    [
        (12.5, Decimal("12.50"), []),
        (12, Decimal("12.00"), []),
        (0.125, Decimal("0.13"), ["「罚没款」0.125 保留两位小数，按 0.13 处理"]),  # 四舍五入, not half to even
        (12.345, Decimal("12.35"), ["「罚没款」12.345 保留两位小数，按 12.35 处理"]),
        # The cell's text (2.675), not the float's binary value (2.67499…):
        (2.675, Decimal("2.68"), ["「罚没款」2.675 保留两位小数，按 2.68 处理"]),
        (0.124, Decimal("0.12"), ["「罚没款」0.124 保留两位小数，按 0.12 处理"]),
    ],
)
def test_a_decimal_figure_is_kept_to_the_cent_rounded_half_up_and_said_when_rounded(
    value: object, kept: Decimal, said: list[str]
) -> None:
    assert parsed(AMOUNT, value) == (kept, said)


def test_a_count_with_a_fraction_is_refused_not_rounded() -> None:
    assert parsed(COUNT, 3.5) == (None, ["「出动人次」应为整数（人次），实际为 3.5"])


@pytest.mark.parametrize("metric", [AMOUNT, COUNT], ids=["decimal", "count"])
@pytest.mark.parametrize(("value", "digits"), [(10**30, 31), (1e300, 301), ("1" + "0" * 15, 16)])
def test_a_figure_beyond_fifteen_digits_is_refused_at_its_cell(metric: Metric, value: object, digits: int) -> None:
    """(A decimal metric's quantize raised InvalidOperation, an internal error; a count of 301 digits
    went into every document.)"""
    assert parsed(metric, value) == (None, [f"「{metric.name}」数字太大（{digits} 位；Excel 只能精确保存 15 位）"])


def test_the_largest_figure_excel_keeps_is_kept() -> None:
    assert parsed(COUNT, 999_999_999_999_999) == (Decimal(999_999_999_999_999), [])
