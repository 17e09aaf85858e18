"""Put a picture into a rendered document, where a template left its marker.

The picture becomes a media part with a relationship and an inline DrawingML
drawing, in a paragraph of its own: centred, off the line grid, with single
line spacing (an exact line height would clip it).
"""

from __future__ import annotations

from generator.standard import gbt9704 as std

EMU_PER_MM = 36000
_NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_REL_IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _drawing(rid: str, name: str, width_mm: float, height_mm: float, picture_id: int) -> str:
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    return (
        '<w:p><w:pPr><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline xmlns:wp="{_NS_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{picture_id}" name="{name}"/>'
        f'<a:graphic xmlns:a="{_NS_A}"><a:graphicData uri="{_NS_PIC}">'
        f'<pic:pic xmlns:pic="{_NS_PIC}"><pic:nvPicPr><pic:cNvPr id="{picture_id}" name="{name}.png"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r></w:p>"
    )


def embed_picture(
    parts: dict[str, bytes], marker: str, png: bytes, name: str, width_mm: float, height_mm: float
) -> bool:
    """Replace the paragraph holding `marker` with the picture; False when the template has no marker."""
    document = parts["word/document.xml"].decode("utf-8")
    at = document.find(marker)
    if at == -1:
        return False
    start = max(document.rfind("<w:p>", 0, at), document.rfind("<w:p ", 0, at))
    end = document.find("</w:p>", at) + len("</w:p>")
    rid = f"rIdGongwen{name}"
    parts["word/document.xml"] = (
        document[:start] + _drawing(rid, name, width_mm, height_mm, 9000) + document[end:]
    ).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    relation = f'<Relationship Id="{rid}" Type="{_REL_IMAGE}" Target="media/{name}.png"/>'
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", relation + "</Relationships>").encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="png"' not in types:  # a template saved by Word without pictures
        types = types.replace("<Override ", '<Default Extension="png" ContentType="image/png"/><Override ', 1)
        parts["[Content_Types].xml"] = types.encode("utf-8")
    parts[f"word/media/{name}.png"] = png
    return True


CHART_WIDTH_MM = std.TYPE_AREA_WIDTH_MM
