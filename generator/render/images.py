"""Put a picture into a rendered document, where a template left its marker.

The picture becomes a media part with a relationship and an inline DrawingML
drawing, in a paragraph of its own: centred, off the line grid, with single
line spacing (an exact line height would clip it).
"""

from __future__ import annotations

from generator.standard import gbt9704 as std
from generator.standard import wordml as wml
from generator.standard.wordml import Element

EMU_PER_MM = 36000
_REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _drawing_paragraph(rid: str, name: str, width_mm: float, height_mm: float, picture_id: int) -> Element:
    """A paragraph holding only the inline picture: centred, off the grid, single line spacing."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    paragraph = wml.element("w:p")
    properties = wml.sub(paragraph, "w:pPr")
    wml.sub(properties, "w:snapToGrid", w_val=0)
    wml.sub(properties, "w:spacing", w_before=0, w_after=0, w_line=240, w_lineRule="auto")
    wml.sub(properties, "w:ind", w_left=0, w_firstLine=0)
    wml.sub(properties, "w:jc", w_val="center")
    drawing = wml.sub(wml.sub(paragraph, "w:r"), "w:drawing")
    inline = wml.sub(drawing, "wp:inline", {"distT": 0, "distB": 0, "distL": 0, "distR": 0})
    wml.sub(inline, "wp:extent", {"cx": cx, "cy": cy})
    wml.sub(inline, "wp:docPr", {"id": picture_id, "name": name})
    data = wml.sub(wml.sub(inline, "a:graphic"), "a:graphicData", {"uri": wml.PIC})
    picture = wml.sub(data, "pic:pic")
    names = wml.sub(picture, "pic:nvPicPr")
    wml.sub(names, "pic:cNvPr", {"id": picture_id, "name": f"{name}.png"})
    wml.sub(names, "pic:cNvPicPr")
    fill = wml.sub(picture, "pic:blipFill")
    wml.sub(fill, "a:blip", {"r:embed": rid})
    wml.sub(wml.sub(fill, "a:stretch"), "a:fillRect")
    shape = wml.sub(picture, "pic:spPr")
    transform = wml.sub(shape, "a:xfrm")
    wml.sub(transform, "a:off", {"x": 0, "y": 0})
    wml.sub(transform, "a:ext", {"cx": cx, "cy": cy})
    wml.sub(wml.sub(shape, "a:prstGeom", {"prst": "rect"}), "a:avLst")
    return paragraph


def embed_picture(
    parts: dict[str, bytes], marker: str, png: bytes, name: str, width_mm: float, height_mm: float
) -> bool:
    """Replace the paragraph holding `marker` with the picture; False when the template has no marker."""
    document = wml.parse(parts["word/document.xml"])
    holder = next((p for p in wml.iter_descendants(document, "w:p") if marker in wml.paragraph_text(p)), None)
    if holder is None:
        return False
    parent = holder.getparent()
    assert parent is not None
    rid = f"rIdGongwen{name}"
    parent.replace(holder, _drawing_paragraph(rid, name, width_mm, height_mm, 9000))
    parts["word/document.xml"] = wml.to_bytes(document)
    rels = wml.parse(parts["word/_rels/document.xml.rels"])
    wml.sub(rels, f"{{{wml.PACKAGE_RELS}}}Relationship", {"Id": rid, "Type": _REL_IMAGE, "Target": f"media/{name}.png"})
    parts["word/_rels/document.xml.rels"] = wml.to_bytes(rels)
    types = wml.parse(parts["[Content_Types].xml"])
    defaults = wml.findall(types, f"{{{wml.CONTENT_TYPES}}}Default")
    if not any(d.get("Extension") == "png" for d in defaults):  # a template saved by Word without pictures
        png_type = wml.element(f"{{{wml.CONTENT_TYPES}}}Default", {"Extension": "png", "ContentType": "image/png"})
        types.insert(len(defaults), png_type)  # Defaults come before Overrides in [Content_Types].xml
        parts["[Content_Types].xml"] = wml.to_bytes(types)
    parts[f"word/media/{name}.png"] = png
    return True


CHART_WIDTH_MM = std.TYPE_AREA_WIDTH_MM
