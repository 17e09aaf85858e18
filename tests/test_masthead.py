"""A 发文机关标志 longer than the 版心's line at 小初 (12 字) is set on one line with narrower characters
(w:w), down to 60 %; longer ones are left to wrap (validate advises the 规范化简称). The scales are
worked out by hand: the 版心 is 156 mm (8,844 twips), a 小初 字 12.7 mm (720 twips)."""

from __future__ import annotations

import pytest

from generator.render import layout
from generator.render.pagination import content_height
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml


def _part(mark: str) -> bytes:
    return (
        f'<w:document xmlns:w="{wml.NS["w"]}"><w:body>'
        f'<w:p><w:pPr><w:pStyle w:val="{std.MARK.style_id}"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{std.MARK_LINE_HEIGHT}" w:lineRule="exact"/></w:pPr>'
        f"<w:r><w:t>{mark}</w:t></w:r></w:p>"
        "</w:body></w:document>"
    ).encode()


def _scales(part: bytes) -> list[str | None]:
    root = wml.parse(part)
    return [wml.get(wml.find(run, "w:rPr/w:w"), "w:val") for run in root.iter(wml.qn("w:r"))]


@pytest.mark.parametrize(
    ("mark", "scale"),
    [
        ("永清县人民政府办公室文件", None),  # 12 字: 152.4 mm, fits
        ("张家川县人民政府办公室文件", "94"),  # 13 字: 165.1 mm; 156 / 165.1 = 94.5 %
        ("张家川回族自治县人民政府办公室文件", "72"),  # 17 字: 215.9 mm; 72.3 %
        ("张家川回族自治县住房和城乡建设局文件", "68"),  # 18 字: 228.6 mm; 68.2 %
        ("甘肃省张家川回族自治县人民政府办公室文件", "61"),  # 20 字: 254 mm; 61.4 %
        ("甘肃省天水市张家川回族自治县人民政府办公室", None),  # 21 字: 58.5 %, below 60 %: left to wrap
    ],
)
def test_a_long_mark_is_narrowed_onto_one_line_down_to_sixty_percent(mark: str, scale: str | None) -> None:
    laid = layout.laid_out("word/document.xml", _part(mark))
    assert _scales(laid if laid is not None else _part(mark)) == [scale]


def test_the_narrowed_mark_is_measured_as_one_line_by_the_page_breaks() -> None:
    mark = "张家川回族自治县人民政府办公室文件"
    before = wml.parse(_part(mark))
    after = wml.parse(layout.laid_out("word/document.xml", _part(mark)) or b"")
    height = [content_height(list(root[0]), std.TYPE_AREA_WIDTH) for root in (before, after)]
    assert height == [2 * std.MARK_LINE_HEIGHT, std.MARK_LINE_HEIGHT]
