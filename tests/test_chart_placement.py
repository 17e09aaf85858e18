"""Issue 34.4: a chart that cannot fit the rest of its page even drawn at 85 % goes after the text
that follows it (up to a heading or the 落款), so that no page is left short before it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from click.testing import CliRunner
from lxml import etree

from benchmarks.synthetic import make_workspace
from generator.cli import main
from generator.pdf.libreoffice import convert_to_pdf
from generator.pdf.measure import read_pdf
from generator.render.pagination import paginate
from generator.standard import gbt9704 as std
from generator.standard import wordml as wml

from .conftest import require_soffice

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_MM = 36000
LINE_TEXT = "正文" * 14  # one full line of 28 字


def _styled(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def _body(lines: int, mark: str) -> str:
    return _styled(std.BODY.style_id, mark + LINE_TEXT * lines)


def _chart(height_mm: int) -> str:
    extent = f'<wp:extent cx="{150 * EMU_PER_MM}" cy="{height_mm * EMU_PER_MM}"/>'
    return f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:drawing><wp:inline>{extent}</wp:inline></w:drawing></w:r></w:p>"


def _paginated(*blocks: str) -> list[str]:
    """The body's paragraphs after pagination: 'chart' for the picture, else the text's first 4 characters."""
    root = etree.fromstring(
        f'<w:document xmlns:w="{W}" xmlns:wp="{WP}"><w:body>{"".join(blocks)}</w:body></w:document>'
    )
    paginate(root)
    body = wml.find(root, "w:body")
    assert body is not None
    return ["chart" if p.find(f".//{{{WP}}}extent") is not None else wml.paragraph_text(p)[:4] for p in body]


def test_a_chart_that_does_not_fit_goes_after_the_text_that_follows_it() -> None:
    caption = _styled(std.WENHAO.style_id, "图1　各单位比较")
    # 12 lines of text, then a chart of some 17 lines: even at 85 % it leaves page 1 short by 10 lines.
    order = _paginated(_body(11, "引用"), _chart(160), caption, _body(4, "甲段"), _body(4, "乙段"), _body(4, "丙段"))
    assert order == ["引用正文", "甲段正文", "乙段正文", "丙段正文", "chart", "图1　各"], order
    # Enough text after it: it goes after the paragraphs that fill the page, not further.
    order = _paginated(_body(11, "引用"), _chart(160), caption, *[_body(4, f"{n}段") for n in "甲乙丙丁戊己庚辛"])
    assert 2 < order.index("chart") < 7 and order[order.index("chart") + 1] == "图1　各", order


def test_a_moved_chart_stops_at_a_heading_and_before_the_closing() -> None:
    heading = _styled(std.HEADING_2.style_id, "（二）各单位")
    order = _paginated(_body(11, "引用"), _chart(160), _body(2, "甲段"), heading, _body(12, "乙段"))
    assert order == ["引用正文", "甲段正文", "chart", "（二）各", "乙段正文"], order
    closing = [
        _body(1, "末段"),
        _styled(std.BLANK.style_id, ""),
        _styled(std.SIGNATURE.style_id, "某县领导小组办公室"),
        _styled(std.DATE.style_id, "2018年4月1日"),
    ]
    order = _paginated(_body(11, "引用"), _chart(160), _body(2, "甲段"), *closing)
    assert order[:4] == ["引用正文", "甲段正文", "chart", "末段正文"], order  # the last text keeps with the 署名
    # A chart that fits where it stands does not move.
    order = _paginated(_body(2, "引用"), _chart(100), _body(4, "甲段"))
    assert order == ["引用正文", "chart", "甲段正文"], order


def _cited_early(path: Path) -> None:
    """The county summary's template as a clerk may edit it: the charts right under a short
    paragraph citing them at the top of 一、工作成效, their own sub-heading removed."""
    document = docx.Document(str(path))
    paragraphs = document.paragraphs
    first, heading, marker, caption, second = (paragraphs[i] for i in (4, 10, 11, 12, 13))
    assert "图表" in marker.text and caption.text.startswith("图1") and second.text.startswith("（二）")
    heading._p.getparent().remove(heading._p)
    for run in second.runs:
        run.text = run.text.replace("（二）", "（一）")
    citing = document.add_paragraph(
        "全县各单位出动排查人员的人次和主要指标逐月变化见图1：城区和交通要道所在乡镇的工作量明显多于偏远乡镇，"
        "各项指标逐月保持平稳。",
        style=paragraphs[5].style,
    )
    first._p.addnext(citing._p)
    citing._p.addnext(marker._p)
    marker._p.addnext(caption._p)
    document.save(str(path))


def test_a_tall_units_chart_prints_after_the_text_and_leaves_no_page_short(tmp_path: Path) -> None:
    """40 units: the trend row and the units' chart (some 17 lines) stand under a 3-line paragraph
    near the top of page 1; at 85 % they still do not fit, and moved whole they left page 1 seven
    lines short (5 pages). They go after the figures' paragraph: page 1 is full (4 pages)."""
    from generator.check.conformance import check_rendered, expected_pages

    require_soffice()
    root = make_workspace(tmp_path / "ws", 40)
    _cited_early(root / "templates" / "县总结.docx")
    result = CliRunner().invoke(main, ["-C", str(root), "build", "--kind", "总体总结", "-q"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = next((root / "output" / "总结").glob("永清县*.docx"))
    with zipfile.ZipFile(summary) as package:
        body = wml.find(etree.fromstring(package.read("word/document.xml")), "w:body")
    assert body is not None
    texts = [wml.paragraph_text(p) if p.find(f".//{{{WP}}}extent") is None else "chart" for p in body.iter(f"{{{W}}}p")]
    assert texts.index("chart") > next(i for i, t in enumerate(texts) if t.startswith("大排查期间")), texts[:12]
    pdf = convert_to_pdf([summary], tmp_path / "pdf")[0]
    pages = read_pdf(pdf)
    lines = [line.text.replace(" ", "") for page in pages for line in page.lines]
    cited = next(i for i, t in enumerate(lines) if "无传销社区" in t)  # the last line of the figures' paragraph
    assert cited < next(i for i, t in enumerate(lines) if t.startswith("图1")), lines
    faults = [d.message for d in check_rendered(pdf, expected_pages(summary, [])) if d.code == "half-empty-page"]
    assert faults == []
    assert len(pages) == 4
