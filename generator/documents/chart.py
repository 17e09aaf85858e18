"""The county summary's charts: the trend of the main metrics period by period, and the units compared.

They are native Word charts (generator/standard/charts.py): the clerk can restyle them and edit
their figures in Word or WPS, and they print in the document's own fonts. A figure that is not
there (a period nobody reported, a unit that never reported) is a gap, never a zero; a campaign
of one period gets no trend (a single point is not one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from generator.documents.contexts import ChartDataRecord
from generator.standard import gbt9704 as std
from generator.standard.charts import ChartSpec, Series

WIDTH_MM = std.TYPE_AREA_WIDTH_MM  # the 版心's width
TREND_HEIGHT_MM = 58.0
SIDE_BY_SIDE = 2  # trend panels that share a row (more would be too narrow for their legends)
LABEL_PT = 9  # no text smaller than this at print size
MAX_UNITS = 20  # bars beyond these are not drawn: the biggest ones are named, the count is said
PANEL_SPREAD = 8  # series in one panel differ by less than this factor, so none is a flat line
# A longer unit name is shortened on the axis (a 47-character name would crowd out the bars); past
# this LibreOffice wraps a label onto two lines and then leaves out every other label of the axis.
MAX_LABEL_CHARS = 9
BAR_ROW_MM = 4.8  # one bar and its label at 9 pt
BAR_FRAME_MM = 20.0  # the title and the axis
BAR_COLOR = "C0392B"
NOT_REPORTED = "（未报送）"


def magnitude_panels(series: Sequence[Sequence[float | None]]) -> list[list[int]]:
    """The series' indexes, grouped so that each panel's scale suits all of its series:
    a series in the thousands and one in the tens are not drawn on one axis."""

    def top(i: int) -> float:
        return max((v for v in series[i] if v is not None), default=0)

    order = sorted(range(len(series)), key=top)
    panels: list[list[int]] = []
    for i in order:
        if (panels and max(top(i), 1) <= PANEL_SPREAD * max(top(panels[-1][0]), 1)) or len(panels) == 3:
            panels[-1].append(i)
        else:
            panels.append([i])
    return panels[::-1]  # the biggest figures first


SHORT_MISSING = "（缺报）"  # a unit's missing periods said on the axis when they do not fit: the text names them


SHORT_NOT_REPORTED = "（未报）"  # 县应急管…（未报）: a unit that never reported, its name shortened


def short_label(name: str) -> str:
    """The unit's name on the axis, at most MAX_LABEL_CHARS: a mark of missing reports at its end
    (（缺第2周）, （未报送）) is kept whole, or said as （缺报）, （未报）, and the name before it shortened."""
    if len(name) <= MAX_LABEL_CHARS:
        return name
    never = name.endswith(NOT_REPORTED)
    unit, bracket, mark = (name[: -len(NOT_REPORTED)], NOT_REPORTED, "") if never else name.partition("（缺")
    suffix = bracket + mark if bracket and (never or mark.endswith("）")) else ""
    if suffix:
        if len(suffix) > MAX_LABEL_CHARS // 2:
            suffix = SHORT_NOT_REPORTED if never else SHORT_MISSING
        if len(unit) + len(suffix) <= MAX_LABEL_CHARS:
            return unit + suffix
    else:
        unit = name
    return unit[: MAX_LABEL_CHARS - len(suffix) - 1] + "…" + suffix


def county_charts(data: ChartDataRecord) -> list[list[ChartSpec]]:
    """The charts for the chart data of a campaign summary (documents/summary.py's 图表数据), in
    rows: the trend panels (two to a row where their axis labels fit), then the units compared."""
    if not data:
        return []
    trends = trend_charts(data) if len(data["期别"]) > 1 else []
    return [*trends, [units_chart(data)]]


# A period some units did not report is a partial total, or its dip would read as a fall: its axis
# label is marked so, and a note under the axis says what the mark means and, where it fits, which
# periods lack how many reports (二季度缺2个). A mark in the label itself (二季度（缺报2）) wrapped
# under its point when two charts shared a row, and stacked 旬's labels character by character.
MISSING_MARK = "*"
MISSING_NOTE = "注：*当期有单位未报送，合计不全"
READINGS_MISSING_NOTE = "注：*当期有单位未报送，数字不全"  # a panel drawing a largest or average reading
# A period others sent early, some units' reports not yet due on the document's date: its total lacks
# them too, but they are not 未报送 (the summary's text does not name them missing).
NOT_DUE = "尚未到报送期限"
VALUE_AXIS_MM = 14.0  # what a line chart's value labels and frame take of its width (4 digits at 9 pt)
LABEL_GAP_MM = 1.5  # between two level labels of the category axis
TURNED_LABELS = -45  # degrees: labels that do not fit level even on the 版心's width
NOTE_ROOM = 0.75  # of a chart's width, what LibreOffice gives an axis's title before it wraps it


def label_width_mm(text: str, pt: float = LABEL_PT) -> float:
    """A label's width at `pt` as LibreOffice sets it (render/metrics.py's rule): a 字 is 1 em, a
    mark half of one, a run of Latin letters and digits half an em each and a quarter on either side."""
    ems, latin = 0.0, 0
    for character in [*text, ""]:
        if character and character.isascii() and character.isalnum():
            latin += 1
            continue
        ems += (latin + 1) / 2 if latin else 0
        latin = 0
        if character:
            ems += 0.5 if character.isascii() else 1
    return ems * pt * 25.4 / 72


def labels_fit(labels: Sequence[str], width_mm: float) -> bool:
    """Whether every label stands level, on one line, under its point of a chart `width_mm` wide."""
    slot = (width_mm - VALUE_AXIS_MM) / len(labels)
    return max(label_width_mm(label) for label in labels) <= slot - LABEL_GAP_MM


def missing_note(
    periods: Sequence[str],
    missing: Sequence[int],
    width_mm: float,
    totals: bool = True,
    not_due: Sequence[int] = (),
) -> str:
    """注：*当期有单位未报送，合计不全（二季度缺2个、四季度缺1个）, the periods left out where the note
    would not fit the chart's width on one line (the summary's text and table name them). Not `totals`
    (a panel drawing a reading, 降雨量（最大）): 数字不全, no 合计 being drawn. Reports `not_due` on the
    document's date: 尚未到报送期限 (二季度1个未到期限), or 未报送或尚未到报送期限 beside missing ones."""
    not_due = list(not_due) or [0] * len(periods)
    if not any(missing) and not any(not_due):
        return ""
    note = MISSING_NOTE if totals else READINGS_MISSING_NOTE
    why = "或".join(w for w, n in (("未报送", any(missing)), (NOT_DUE, any(not_due))) if n)
    note = note.replace("未报送", why)
    lacking = "、".join(
        said
        for p, n, d in zip(periods, missing, not_due, strict=True)
        for said in (f"{p}缺{n}个" if n else "", f"{p}{d}个未到期限" if d else "")
        if said
    )
    whole = f"{note}（{lacking}）"
    return whole if label_width_mm(whole) <= width_mm * NOTE_ROOM else note


def _lacking(data: ChartDataRecord, key: Literal["未报送", "未到期"]) -> list[int]:
    """How many units each period lacks (未报送, or 未到期: not yet due); none where the data says nothing."""
    return list(data.get(key) or [0] * len(data["期别"]))


def trend_charts(data: ChartDataRecord) -> list[list[ChartSpec]]:
    """One line chart per order of magnitude, in rows; the heading or caption above says what they
    are. Two share a row where their axis labels fit level; else each has the 版心's width, and
    labels that do not fit even so are turned (TURNED_LABELS)."""
    missing, not_due = _lacking(data, "未报送"), _lacking(data, "未到期")  # a total lacking either is marked
    lacking = [n + d for n, d in zip(missing, not_due, strict=True)]
    periods = tuple(f"{p}{MISSING_MARK}" if n else p for p, n in zip(data["期别"], lacking, strict=True))
    series = [[row[i] for row in data["逐期"]] for i in range(len(data["指标"]))]
    totals = data.get("合计") or [True] * len(series)  # which series are totals, not readings
    panels = magnitude_panels(series)
    half = (WIDTH_MM - 2) / SIDE_BY_SIDE
    side_by_side = len(panels) > 1 and labels_fit(periods, half)
    width = half if side_by_side else WIDTH_MM
    charts = [
        ChartSpec(
            kind="line",
            title="",
            categories=periods,
            series=tuple(Series(data["指标"][i], tuple(series[i])) for i in members),
            width_mm=width,
            height_mm=TREND_HEIGHT_MM,
            font=std.FONT_HEITI,
            font_pt=LABEL_PT,
            note=missing_note(data["期别"], missing, width, all(totals[i] for i in members), not_due),
            label_rotation=0 if labels_fit(periods, width) else TURNED_LABELS,
        )
        for members in panels
    ]
    per_row = SIDE_BY_SIDE if side_by_side else 1
    return [charts[i : i + per_row] for i in range(0, len(charts), per_row)]


def units_chart(data: ChartDataRecord) -> ChartSpec:
    """Each unit's figure of the lead metric, most first (ties by name, as the ranking table lists
    them). Units that never reported have no bar: one note under the bars names them, or counts
    them where their names do not fit its line (11 labels of 县××…（未报） ran into each other in
    银川's summary, a bar chart drawn smaller; the text and the ranking table name them all).
    Where no unit reported, each is named as such (a chart of no bars says nothing else)."""
    figures: list[float | None] = list(data["各单位"])
    names = data["单位"]
    order = sorted(range(len(figures)), key=lambda i: (figures[i] is None, -(figures[i] or 0), names[i]))
    drawn = [i for i in order if figures[i] is not None] or order
    shown = drawn[:MAX_UNITS]
    labels = tuple(short_label(names[i] + (NOT_REPORTED if figures[i] is None else "")) for i in shown)
    said = [data.get("各单位口径", "累计")]  # a reading's name says what it is: 降雨量（最大，毫米）, no 累计
    said += [f"前{MAX_UNITS}名"] if len(drawn) > MAX_UNITS else []
    more = "，".join(w for w in said if w)
    note = never_reported_note([names[i] for i in order if i not in drawn], WIDTH_MM)
    return ChartSpec(
        kind="bar",
        title=f"各单位{data['各单位指标']}" + (f"（{more}）" if more else ""),
        categories=labels,
        series=(Series(data["各单位指标"], tuple(figures[i] for i in shown)),),
        width_mm=WIDTH_MM,
        height_mm=BAR_FRAME_MM + BAR_ROW_MM * (len(shown) + (1 if note else 0)),
        font=std.FONT_HEITI,
        font_pt=LABEL_PT,
        color=BAR_COLOR,
        note=note,
    )


def never_reported_note(units: Sequence[str], width_mm: float) -> str:
    """注：信息中心、灵武分中心未报送，不列入本图 under a units' chart; 注：另有11个单位未报送，不列入本图 where
    the names would not fit the chart's width on one line; "" when every unit reported."""
    if not units:
        return ""
    named = f"注：{'、'.join(units)}未报送，不列入本图"
    return named if label_width_mm(named) <= width_mm * NOTE_ROOM else f"注：另有{len(units)}个单位未报送，不列入本图"
