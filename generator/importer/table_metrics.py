"""The metrics of a statistics table a notice attaches (附件：……情况统计表): its header's cells.

A notice asking for figures often prints the form itself as its 附件: a header row of metrics with
their measure (检查企业（家）, 发现隐患（处）) or a count's own word (报送条数), under a title. Those
are the campaign's 统计指标; the period's own words (本月, 累计) are not part of a metric's name, since
gongwen prints the period and the running total itself. Cells that name no measure (单位, 序号,
备注, 联系电话) are not metrics. A table may list its metrics down instead, one a row under a header
naming the column of metrics and the column of their measures (序号|指标|单位, 统计项目|计量单位).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.importer.parts import Part, Piece
from generator.inputs.statistics import RATE_MEASURES

# A rate's measure (validate's, and the full-width ％ a table types): a column of the form, never a
# metric (the roll-up would add the units' rates).
RATES = (*RATE_MEASURES, "％")
# Measures a statistics table counts in; a bracket holding anything else (盖章, 签字) is not one.
MEASURES = (
    "家", "处", "个", "人", "人次", "次", "件", "起", "条", "份", "户", "台", "台次", "辆", "辆次", "车次", "场",
    "场次", "名", "吨", "亩", "公顷", "公里", "千米", "米", "平方米", "立方米", "张", "册", "本",
    "块", "幅", "期", "批", "项", "所", "座", "艘", "只", "头", "株", "棵", "处次", "小时", "天", "支", "队",
    "组", "课时", "篇", "条次", "架", "箱", "瓶", "罐", "kg", "km", "m²", *RATES,
)  # fmt: skip
DECIMAL_MEASURES = ("吨", "亩", "公顷", "公里", "千米", "平方米", "立方米", "kg", "km", "m²")
MONEY = "元"  # 元 and any multiple of it: money is counted in decimals
WITH_MEASURE = re.compile(r"^(?P<name>[^（()）]{2,24}?)\s*[（(]\s*(?P<unit>[^（()）]{1,4})\s*[）)]$")
COUNT_WORD = re.compile(r"^(?P<name>.{2,20}?)(?P<unit>人次|人|户|件|条|次|个|家|处|起|份|场)数$")  # 报送条数
PERIOD_WORDS = re.compile(r"^(本月|本周|本旬|本期|本季度?|本年度?|当月|当期|全年累计|年度累计|累计|全年|合计)")
CELL_SPLIT = re.compile(r"\t|\s*[|｜]\s*|\s{2,}")
TITLE_WORDS = re.compile(r"(情况)?(统计|汇总|报送|登记)?(日|周|旬|月|季|半年|年)?(报表|报告表|统计表|表)$")
# The header cells of a table listing one metric a row: its name's column, its measure's column.
NAME_COLUMN = re.compile(r"^(统计)?(指标|项目)(名称)?$")
MEASURE_COLUMN = re.compile(r"^(计量)?单位$")
LEADING_PERIOD = re.compile(r"^(\d{4}年(度)?)?(第?[一二三四1-4]季度|\d{1,2}月(份)?|第\d+周)?")


@dataclass(frozen=True)
class Metric:
    name: str
    unit: str

    @property
    def decimal(self) -> bool:
        return self.unit in DECIMAL_MEASURES or self.unit.endswith(MONEY)

    @property
    def rate(self) -> bool:
        return self.unit in RATES


@dataclass(frozen=True)
class AttachedMetrics:
    metrics: tuple[Metric, ...]
    group: str  # the table's subject, from its title: the metrics' 分组
    piece: Piece  # the header row's line (or the table)
    title: str
    rates: tuple[Metric, ...] = ()  # its columns of rates (整改率（%）): said, not metrics


def _attached(found: dict[str, Metric], title: str, piece: Piece) -> AttachedMetrics | None:
    """The table's metrics, its rates set apart; None when it asks for rates only."""
    metrics = tuple(m for m in found.values() if not m.rate)
    rates = tuple(m for m in found.values() if m.rate)
    return AttachedMetrics(metrics, _group(title), piece, title, rates) if metrics else None


def metric_of(cell: str) -> Metric | None:
    text = re.sub(r"\s+", "", cell)
    text = PERIOD_WORDS.sub("", text)
    m = WITH_MEASURE.match(text)
    if m and (m["unit"] in MEASURES or m["unit"].endswith(MONEY)):
        return Metric(m["name"], m["unit"])
    m = COUNT_WORD.match(text)
    return Metric(m["name"], m["unit"]) if m else None


def _rows(piece: Piece) -> list[list[str]]:
    table = piece.paragraphs[0].table
    if table:
        return [list(row) for row in table]
    return [[c for c in CELL_SPLIT.split(piece.text) if c.strip()]]


def _listed_down(rows: list[list[str]]) -> dict[str, Metric]:
    """The metrics of a table listing one a row (序号|指标|单位 / 1|检查企业|家): a row's name cell
    and the measure beside it, when that is a measure a statistics table counts in."""
    header = [re.sub(r"\s+", "", cell) for cell in rows[0]]
    name = next((k for k, cell in enumerate(header) if NAME_COLUMN.match(cell)), None)
    measure = next((k for k, cell in enumerate(header) if MEASURE_COLUMN.match(cell)), None)
    found: dict[str, Metric] = {}
    if name is None or measure is None:
        return found
    for row in rows[1:]:
        if max(name, measure) >= len(row):
            continue
        metric = metric_of(f"{row[name]}（{row[measure]}）") if row[measure].strip() else metric_of(row[name])
        if metric is not None:
            found.setdefault(metric.name, metric)
    return found


def _group(title: str) -> str:
    subject = TITLE_WORDS.sub("", LEADING_PERIOD.sub("", re.sub(r"\s+", "", title)))
    return subject or "统计"


def attachment_metrics(pieces: list[Piece]) -> AttachedMetrics | None:
    """The metrics of the first header row of an attached table (two metrics at least), or None."""
    title = ""
    for piece in pieces:
        if piece.part is Part.ATTACHMENT_TITLE:
            title = piece.text
        if piece.part not in (Part.ATTACHMENT_TITLE, Part.ATTACHMENT_BODY):
            continue
        rows = _rows(piece)
        down = _listed_down(rows) if piece.paragraphs[0].table else {}
        if len(down) >= 2:
            return _attached(down, title, piece)
        for row in rows:
            found: dict[str, Metric] = {}
            for cell in row:
                metric = metric_of(cell)
                if metric is not None:
                    found.setdefault(metric.name, metric)  # 本月 and 累计 of one metric: one metric
            if len(found) >= 2:
                return _attached(found, title, piece)
    return None
