"""累计方式: how a metric's figures combine, over the periods a unit reported and over the units.

Each is one declaration, read by everything that combines or tells figures: the 统计指标 sheet's choices
and help, a statistics sheet's 累计, a roll-up's 合计, the summaries' sentences and tables, the charts.
A count (出动人次) adds up; a stock (队伍人数) is read at a unit's latest report and adds up over units;
a reading (降雨量, 水位, 气温) is never added: its largest, smallest or average, and said so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

Combine = Callable[[Sequence[Decimal]], Decimal]


def _total(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0))


def _latest(values: Sequence[Decimal]) -> Decimal:
    return values[-1]


def _mean(values: Sequence[Decimal]) -> Decimal:
    return _total(values) / len(values)


@dataclass(frozen=True)
class Accumulation:
    name: str  # as the 统计指标 sheet's 累计方式 column says it
    explained: str  # the column's help: what it does, with an example
    over_periods: Combine  # a unit's figures of the periods it reported, in their order (never empty)
    over_units: Combine  # the units' figures (never empty): a roll-up's 合计, the county's
    word: str = ""  # a reading's, said before its figure and beside its name (最大); "" for a total

    @property
    def adds(self) -> bool:
        """Whether its figures over units are a total (合计, 共…), or a reading (最大…, 平均…)."""
        return not self.word


ADDED = Accumulation("累加", "各期相加（如出动人次）", _total, _total)
LATEST = Accumulation("取最新", "取最近一期的数（如队伍数、队伍人数），各单位相加", _latest, _total)
LARGEST = Accumulation("取最大", "取各期中最大的数（如降雨量、最高水位），全县也取各单位中最大的", max, max, "最大")
SMALLEST = Accumulation("取最小", "取各期中最小的数（如最低水位），全县也取各单位中最小的", min, min, "最小")
AVERAGE = Accumulation("取平均", "取已报送各期的平均（如平均气温），全县取已报送单位的平均", _mean, _mean, "平均")
ACCUMULATIONS = {a.name: a for a in (ADDED, LATEST, LARGEST, SMALLEST, AVERAGE)}
DEFAULT_ACCUMULATION = ADDED


def accumulations_said() -> str:
    """The column's help: each choice and what it does."""
    said = "；".join(f"{a.name}：{a.explained}" for a in ACCUMULATIONS.values())
    return f"{said}。不填为{DEFAULT_ACCUMULATION.name}"
