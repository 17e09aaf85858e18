"""Native Word charts (DrawingML): the chart part and the workbook that holds its data.

A chart drawn this way is one the clerk can edit in Word or WPS (右键 → 编辑数据 opens its
figures in a small workbook), prints sharp at any size, takes the document's fonts, and costs no
drawing library: the install carries no matplotlib. Every element is written in the order the
ISO/IEC 29500 schema gives (CT_ChartSpace, CT_Chart, CT_LineSer …): Word refuses a chart that is out
of order. A missing figure (a period a unit did not report) is a gap in the line, not a zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from generator.standard.package import zip_bytes

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"c": C, "a": A, "r": R}
SHEET = "Sheet1"
# How a line chart's alt text (wp:docPr descr) begins: pagination may draw such a chart lower.
LINE_CHART = "折线图"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: no figure (drawn as a gap)


@dataclass(frozen=True)
class ChartSpec:
    """One chart: a line over the categories, or horizontal bars (one per category)."""

    kind: Literal["line", "bar"]
    title: str  # "" for none
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    width_mm: float
    height_mm: float
    font: str  # East Asian typeface of every label
    font_pt: float
    color: str | None = None  # bars' fill (RRGGBB); lines take the theme's colours
    note: str = ""  # a line under the chart's lower axis (注：…): the category axis, a bar chart's values
    label_rotation: int = 0  # degrees the category labels turn (-45: up to the right), 0 level


def _q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


def _sub(parent: etree._Element, name: str, **attributes: str | int | float) -> etree._Element:
    child = etree.SubElement(parent, _q(name))
    for key, value in attributes.items():
        child.set(_q(key.replace("_", ":", 1)) if key.startswith("r_") else key, str(value))
    return child


def _text_properties(
    parent: etree._Element, spec: ChartSpec, tag: str = "c:txPr", bold: bool = False, rotation: int = 0
) -> None:
    """The labels' font (c:txPr): size in hundredths of a point, the East Asian face named; level
    text (rot 0) unless `rotation` (degrees) turns it, which also lets LibreOffice draw every label of
    an axis: without it, it leaves out every other unit name of a bar chart of three or four bars
    (tickLblSkip 1 notwithstanding)."""
    holder = _sub(parent, tag)
    _sub(holder, "a:bodyPr", rot=rotation * 60000, vert="horz")
    _sub(holder, "a:lstStyle")
    paragraph = _sub(holder, "a:p")
    _run_properties(_sub(paragraph, "a:pPr"), "a:defRPr", spec, bold)
    _sub(paragraph, "a:endParaRPr", lang="zh-CN")


def _run_properties(parent: etree._Element, tag: str, spec: ChartSpec, bold: bool) -> None:
    properties = _sub(parent, tag, sz=round(spec.font_pt * 100), b=int(bold))
    _sub(_sub(properties, "a:solidFill"), "a:srgbClr", val="000000")
    _sub(properties, "a:latin", typeface="Times New Roman")
    _sub(properties, "a:ea", typeface=spec.font)


def _title(chart: etree._Element, spec: ChartSpec, text: str | None = None, bold: bool = True) -> None:
    """The chart's title (or, with `text`, an axis's: the note under the category axis)."""
    title = _sub(chart, "c:title")
    rich = _sub(_sub(title, "c:tx"), "c:rich")
    _sub(rich, "a:bodyPr")
    _sub(rich, "a:lstStyle")
    paragraph = _sub(rich, "a:p")
    _run_properties(_sub(paragraph, "a:pPr"), "a:defRPr", spec, bold)
    run = _sub(paragraph, "a:r")
    _run_properties(run, "a:rPr", spec, bold)
    _sub(run, "a:t").text = spec.title if text is None else text
    _sub(title, "c:overlay", val=0)


def _column(index: int) -> str:
    """Spreadsheet column letters of a 0-based index (series occupy B, C, …)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _string_cache(parent: etree._Element, formula: str, texts: Sequence[str]) -> None:
    reference = _sub(parent, "c:strRef")
    _sub(reference, "c:f").text = formula
    cache = _sub(reference, "c:strCache")
    _sub(cache, "c:ptCount", val=len(texts))
    for i, text in enumerate(texts):
        _sub(_sub(cache, "c:pt", idx=i), "c:v").text = text


def _number_cache(parent: etree._Element, formula: str, values: Sequence[float | None]) -> None:
    reference = _sub(parent, "c:numRef")
    _sub(reference, "c:f").text = formula
    cache = _sub(reference, "c:numCache")
    _sub(cache, "c:formatCode").text = "General"
    _sub(cache, "c:ptCount", val=len(values))
    for i, value in enumerate(values):
        if value is not None:  # a point left out is a gap (c:dispBlanksAs)
            _sub(_sub(cache, "c:pt", idx=i), "c:v").text = _number(value)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _series(plot: etree._Element, spec: ChartSpec, i: int, series: Series) -> None:
    rows = len(spec.categories)
    column = _column(i + 1)
    element = _sub(plot, "c:ser")
    _sub(element, "c:idx", val=i)
    _sub(element, "c:order", val=i)
    _string_cache(_sub(element, "c:tx"), f"{SHEET}!${column}$1", [series.name])
    if spec.kind == "bar":
        if spec.color:
            _sub(_sub(_sub(element, "c:spPr"), "a:solidFill"), "a:srgbClr", val=spec.color)
        _sub(element, "c:invertIfNegative", val=0)
    else:
        marker = _sub(element, "c:marker")
        _sub(marker, "c:symbol", val="circle")
        _sub(marker, "c:size", val=5)
    _string_cache(_sub(element, "c:cat"), f"{SHEET}!$A$2:$A${rows + 1}", spec.categories)
    _number_cache(_sub(element, "c:val"), f"{SHEET}!${column}$2:${column}${rows + 1}", series.values)
    if spec.kind == "line":
        _sub(element, "c:smooth", val=0)


def _axes(plot: etree._Element, spec: ChartSpec) -> None:
    horizontal = spec.kind == "bar"
    category = _sub(plot, "c:catAx")
    _sub(category, "c:axId", val=1)
    # horizontal bars list the first category at the top, as a table does
    _sub(_sub(category, "c:scaling"), "c:orientation", val="maxMin" if horizontal else "minMax")
    _sub(category, "c:delete", val=0)
    _sub(category, "c:axPos", val="l" if horizontal else "b")
    if spec.note and not horizontal:
        _title(category, spec, spec.note, bold=False)
    _sub(category, "c:numFmt", formatCode="General", sourceLinked=0)
    _sub(category, "c:majorTickMark", val="none")
    _sub(category, "c:minorTickMark", val="none")
    _sub(category, "c:tickLblPos", val="nextTo")
    _text_properties(category, spec, rotation=spec.label_rotation)
    _sub(category, "c:crossAx", val=2)
    _sub(category, "c:crosses", val="autoZero")
    _sub(category, "c:auto", val=1)
    _sub(category, "c:lblAlgn", val="ctr")
    _sub(category, "c:lblOffset", val=100)
    _sub(category, "c:tickLblSkip", val=1)  # every unit named, none skipped for room
    _sub(category, "c:noMultiLvlLbl", val=0)
    value = _sub(plot, "c:valAx")
    _sub(value, "c:axId", val=2)
    scaling = _sub(value, "c:scaling")
    _sub(scaling, "c:orientation", val="minMax")
    _sub(scaling, "c:min", val=0)  # figures are counts and sums: the axis starts at zero
    _sub(value, "c:delete", val=0)
    _sub(value, "c:axPos", val="t" if horizontal else "l")
    if spec.note and horizontal:  # horizontal bars: the value axis is the one printed under them
        _title(value, spec, spec.note, bold=False)
    gridlines = _sub(value, "c:majorGridlines")
    line = _sub(_sub(gridlines, "c:spPr"), "a:ln", w=3175)
    _sub(_sub(line, "a:solidFill"), "a:srgbClr", val="D9D9D9")
    _sub(value, "c:numFmt", formatCode="General", sourceLinked=0)
    _sub(value, "c:majorTickMark", val="none")
    _sub(value, "c:minorTickMark", val="none")
    _sub(value, "c:tickLblPos", val="nextTo")
    _text_properties(value, spec)
    _sub(value, "c:crossAx", val=1)
    _sub(value, "c:crosses", val="max" if horizontal else "autoZero")
    _sub(value, "c:crossBetween", val="between")
    top = max((v for s in spec.series for v in s.values if v is not None), default=0)
    if top <= 5:  # whole figures: no tick at 0.5
        _sub(value, "c:majorUnit", val=1)


def chart_part(spec: ChartSpec, workbook_rid: str = "rId1") -> bytes:
    """word/charts/chartN.xml for `spec`; its data's workbook is the relationship `workbook_rid`."""
    space = etree.Element(_q("c:chartSpace"), nsmap=_NS)
    _sub(space, "c:date1904", val=0)
    _sub(space, "c:lang", val="zh-CN")
    _sub(space, "c:roundedCorners", val=0)
    chart = _sub(space, "c:chart")
    if spec.title:
        _title(chart, spec)
    _sub(chart, "c:autoTitleDeleted", val=int(not spec.title))
    plot_area = _sub(chart, "c:plotArea")
    _sub(plot_area, "c:layout")
    if spec.kind == "bar":
        plot = _sub(plot_area, "c:barChart")
        _sub(plot, "c:barDir", val="bar")
        _sub(plot, "c:grouping", val="clustered")
    else:
        plot = _sub(plot_area, "c:lineChart")
        _sub(plot, "c:grouping", val="standard")
    _sub(plot, "c:varyColors", val=0)
    for i, series in enumerate(spec.series):
        _series(plot, spec, i, series)
    if spec.kind == "bar":
        labels = _sub(plot, "c:dLbls")  # each bar's figure printed at its end
        _sub(labels, "c:showLegendKey", val=0)
        _sub(labels, "c:showVal", val=1)
        for flag in ("c:showCatName", "c:showSerName", "c:showPercent", "c:showBubbleSize"):
            _sub(labels, flag, val=0)
        _sub(plot, "c:gapWidth", val=60)
    else:
        _sub(plot, "c:marker", val=1)
    _sub(plot, "c:axId", val=1)
    _sub(plot, "c:axId", val=2)
    _axes(plot_area, spec)
    if spec.kind == "line":
        legend = _sub(chart, "c:legend")
        _sub(legend, "c:legendPos", val="t")
        _sub(legend, "c:overlay", val=0)
        _text_properties(legend, spec)
    _sub(chart, "c:plotVisOnly", val=1)
    _sub(chart, "c:dispBlanksAs", val="gap")
    _text_properties(space, spec)
    external = _sub(space, "c:externalData", r_id=workbook_rid)
    _sub(external, "c:autoUpdate", val=0)
    body: bytes = etree.tostring(space, encoding="UTF-8", xml_declaration=True, standalone=True)
    return body


# --- the chart's data, as a workbook Word opens for 编辑数据 --------------------------------------

_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _xml(tag: str, nsmap: dict[str | None, str]) -> etree._Element:
    return etree.Element(tag, nsmap=nsmap)


def _bytes(root: etree._Element) -> bytes:
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
    return body


def chart_workbook(spec: ChartSpec) -> bytes:
    """The smallest .xlsx that holds the chart's figures where its formulas point: categories in
    column A from row 2, each series in the next column with its name in row 1 (inline strings:
    no shared-string or style part is needed)."""
    s = f"{{{_SPREADSHEET}}}"
    types = _xml(f"{{{_CONTENT_TYPES}}}Types", {None: _CONTENT_TYPES})
    for extension, content in (
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
    ):
        etree.SubElement(types, f"{{{_CONTENT_TYPES}}}Default", Extension=extension, ContentType=content)
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    for part, content in (("/xl/workbook.xml", "sheet.main+xml"), ("/xl/worksheets/sheet1.xml", "worksheet+xml")):
        etree.SubElement(types, f"{{{_CONTENT_TYPES}}}Override", PartName=part, ContentType=f"{sheet_type}.{content}")
    package_rels = _xml(f"{{{_PACKAGE_RELS}}}Relationships", {None: _PACKAGE_RELS})
    etree.SubElement(
        package_rels, f"{{{_PACKAGE_RELS}}}Relationship", Id="rId1", Type=_OFFICE_DOCUMENT, Target="xl/workbook.xml"
    )
    workbook = _xml(f"{s}workbook", {None: _SPREADSHEET, "r": R})
    sheet = etree.SubElement(etree.SubElement(workbook, f"{s}sheets"), f"{s}sheet", name=SHEET, sheetId="1")
    sheet.set(f"{{{R}}}id", "rId1")
    workbook_rels = _xml(f"{{{_PACKAGE_RELS}}}Relationships", {None: _PACKAGE_RELS})
    etree.SubElement(
        workbook_rels, f"{{{_PACKAGE_RELS}}}Relationship", Id="rId1", Type=_WORKSHEET, Target="worksheets/sheet1.xml"
    )
    worksheet = _xml(f"{s}worksheet", {None: _SPREADSHEET})
    data = etree.SubElement(worksheet, f"{s}sheetData")
    header: list[str | float | None] = ["", *(series.name for series in spec.series)]
    rows: list[list[str | float | None]] = [header]
    for i, category in enumerate(spec.categories):
        rows.append([category, *(series.values[i] for series in spec.series)])
    for r, values in enumerate(rows, start=1):
        row = etree.SubElement(data, f"{s}row", r=str(r))
        for c, value in enumerate(values):
            if value is None or value == "":
                continue
            cell = etree.SubElement(row, f"{s}c", r=f"{_column(c)}{r}")
            if isinstance(value, str):
                cell.set("t", "inlineStr")
                etree.SubElement(etree.SubElement(cell, f"{s}is"), f"{s}t").text = value
            elif math.isfinite(value):
                etree.SubElement(cell, f"{s}v").text = _number(value)
    return zip_bytes(
        {
            "[Content_Types].xml": _bytes(types),
            "_rels/.rels": _bytes(package_rels),
            "xl/workbook.xml": _bytes(workbook),
            "xl/_rels/workbook.xml.rels": _bytes(workbook_rels),
            "xl/worksheets/sheet1.xml": _bytes(worksheet),
        }
    )
