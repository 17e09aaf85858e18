"""Put native charts into a rendered document, where a template left their marker.

Each chart becomes a chart part (word/charts/chartN.xml) with the workbook of its figures embedded
beside it (word/embeddings/), and an inline DrawingML frame in a paragraph of its own: centred, off
the line grid, with single line spacing (an exact line height would clip it).
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from generator.standard import wordml as wml
from generator.standard.charts import LINE_CHART, ChartSpec, chart_part, chart_workbook
from generator.standard.wordml import Element

from .aside import TablesCut

EMU_PER_MM = 36000
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
_REL_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_DRAWING_ID = 9000  # docPr ids of gongwen's drawings: far from any a template may hold
CHART_KIND_WORDS = {"line": LINE_CHART, "bar": "条形图"}  # the start of a chart's alt text (wp:docPr descr)


def _charts_paragraph(charts: Sequence[tuple[str, ChartSpec, int]], last: bool) -> Element:
    """A paragraph holding only inline charts (side by side): centred, off the grid, single line
    spacing. The last keeps with what follows it (the figure's caption)."""
    paragraph = wml.element("w:p")
    properties = wml.sub(paragraph, "w:pPr")
    if last:
        wml.sub(properties, "w:keepNext")
    wml.sub(properties, "w:snapToGrid", w_val=0)
    wml.sub(properties, "w:spacing", w_before=0, w_after=120, w_line=240, w_lineRule="auto")
    wml.sub(properties, "w:ind", w_left=0, w_firstLine=0)
    wml.sub(properties, "w:jc", w_val="center")
    for rid, spec, drawing_id in charts:
        _inline_chart(wml.sub(wml.sub(paragraph, "w:r"), "w:drawing"), rid, spec, drawing_id)
    return paragraph


def _inline_chart(drawing: Element, rid: str, spec: ChartSpec, drawing_id: int) -> None:
    cx, cy = round(spec.width_mm * EMU_PER_MM), round(spec.height_mm * EMU_PER_MM)
    inline = wml.sub(drawing, "wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0})
    wml.sub(inline, "wp:extent", {"cx": cx, "cy": cy})
    name = spec.title or f"图表{drawing_id - FIRST_DRAWING_ID}"
    # The alt text names the chart's kind (a reader's screen reader says it; pagination may draw a
    # line chart lower, never a bar chart: its rows are its labels').
    wml.sub(inline, "wp:docPr", {"id": drawing_id, "name": name, "descr": f"{CHART_KIND_WORDS[spec.kind]}：{name}"})
    wml.sub(inline, "wp:cNvGraphicFramePr")
    data = wml.sub(wml.sub(inline, "a:graphic"), "a:graphicData", {"uri": CHART_URI})
    # c: is not one of gongwen's prefixes: it is declared where it is used, as Word writes it
    chart = etree.SubElement(data, f"{{{CHART_URI}}}chart", nsmap={"c": CHART_URI})
    chart.set(wml.qn("r:id"), rid)


def embed_charts(parts: dict[str, bytes], marker: str, rows: Sequence[Sequence[ChartSpec]]) -> bool:
    """Replace the paragraph holding `marker` with the charts, a paragraph per row of them (none:
    the paragraph goes); False when the template has no marker."""
    data = parts["word/document.xml"]
    cut = TablesCut.of(data, marker.encode("utf-8"))  # (a summary's table of every unit: not parsed)
    document = wml.parse(data) if cut is None else cut.root
    del data
    holder = next((p for p in wml.iter_descendants(document, "w:p") if marker in wml.paragraph_text(p)), None)
    if holder is None:
        return False
    parent = holder.getparent()
    if parent is None:  # a paragraph is always inside the body or a cell
        return False
    rels = wml.parse(parts["word/_rels/document.xml.rels"])
    types = wml.parse(parts["[Content_Types].xml"])
    position = parent.index(holder)
    parent.remove(holder)
    n = 0
    for index, row in enumerate(rows):
        placed = []
        for spec in row:
            n += 1
            placed.append((f"rIdGongwenChart{n}", spec, FIRST_DRAWING_ID + n))
            _add_chart_parts(parts, rels, types, n, spec)
        parent.insert(position + index, _charts_paragraph(placed, last=index == len(rows) - 1))
    defaults = wml.findall(types, f"{{{wml.CONTENT_TYPES}}}Default")
    if n and not any(d.get("Extension") == "xlsx" for d in defaults):
        xlsx = etree.SubElement(types, f"{{{wml.CONTENT_TYPES}}}Default", Extension="xlsx", ContentType=_XLSX_TYPE)
        types.insert(len(defaults), xlsx)  # moved: Defaults come before Overrides in [Content_Types].xml
    parts["word/document.xml"] = wml.to_bytes(document) if cut is None else cut.to_bytes()
    parts["word/_rels/document.xml.rels"] = wml.to_bytes(rels)
    parts["[Content_Types].xml"] = wml.to_bytes(types)
    return True


def _add_chart_parts(parts: dict[str, bytes], rels: Element, types: Element, n: int, spec: ChartSpec) -> None:
    """Chart n's part, its workbook, the relationship to it and its content type."""
    target = f"charts/chart{n}.xml"
    etree.SubElement(
        rels, f"{{{wml.PACKAGE_RELS}}}Relationship", Id=f"rIdGongwenChart{n}", Type=_REL_CHART, Target=target
    )
    parts[f"word/{target}"] = chart_part(spec)
    parts[f"word/charts/_rels/chart{n}.xml.rels"] = _workbook_relationship(n)
    parts[f"word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"] = chart_workbook(spec)
    etree.SubElement(types, f"{{{wml.CONTENT_TYPES}}}Override", PartName=f"/word/{target}", ContentType=_CHART_TYPE)


def _workbook_relationship(n: int) -> bytes:
    rels = etree.Element(f"{{{wml.PACKAGE_RELS}}}Relationships", nsmap={None: wml.PACKAGE_RELS})
    target = f"../embeddings/Microsoft_Excel_Worksheet{n}.xlsx"
    etree.SubElement(rels, f"{{{wml.PACKAGE_RELS}}}Relationship", Id="rId1", Type=_REL_PACKAGE, Target=target)
    return wml.to_bytes(rels)
