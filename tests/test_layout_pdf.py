"""GB/T 9704 layout, measured on the PDF LibreOffice makes of the example notice.

Lengths in millimetres from the paper's top-left corner. "Top of the 版心" is
the top of the first line's character boxes (the em box pdfplumber reports).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from examples.yongqing.workbook import write_workbook
from generator import app
from generator.inputs.schema import WORKBOOK_NAME
from generator.pdf.measure import Line, Page, is_cjk, is_red, read_pdf
from generator.standard import gbt9704 as std

from .conftest import Run, notice_path

LEFT = std.TYPE_AREA_LEFT_MM
RIGHT = LEFT + std.TYPE_AREA_WIDTH_MM
TOP = std.TYPE_AREA_TOP_MM
BOTTOM = TOP + std.TYPE_AREA_HEIGHT_MM
SIHAO_MM = 14 * 25.4 / 72  # one 四号 character


# document -> (pages that fill the 版心, pure-CJK lines that fill the width) it has at least
DOCUMENTS = {"notice": (4, 20), "plan": (1, 2), "custom": (4, 20)}


@pytest.fixture(params=list(DOCUMENTS))
def document(request: pytest.FixtureRequest) -> tuple[str, list[Page]]:
    """The example notice, a township plan (韩村镇), and the notice after a clerk's edits."""
    result: list[Page] = request.getfixturevalue(f"{request.param}_pages")
    return request.param, result


@pytest.fixture
def pages(document: tuple[str, list[Page]]) -> list[Page]:
    return document[1]


def body_lines(page: Page) -> list[Line]:
    return [ln for ln in page.body_lines() if ln.top < BOTTOM]


def full_body_pages(pages: list[Page]) -> list[Page]:
    """Pages of running text that fill the 版心: no title on them, text down to the bottom."""
    return [
        p
        for p in pages
        if not any(ln.size > 17 for ln in p.lines) and body_lines(p) and body_lines(p)[-1].bottom > BOTTOM - 3
    ]


def test_every_page_is_a4(pages: list[Page]) -> None:
    assert len(pages) >= 4
    for page in pages:
        assert page.width == pytest.approx(210, abs=0.5)
        assert page.height == pytest.approx(297, abs=0.5)


def test_full_pages_have_22_lines_starting_37mm_down(document: tuple[str, list[Page]]) -> None:
    name, pages = document
    full = full_body_pages(pages)
    assert len(full) >= DOCUMENTS[name][0]
    for page in full:
        lines = body_lines(page)
        assert len(lines) == 22, f"page {page.number}: {len(lines)} lines"
        assert lines[0].top == pytest.approx(TOP, abs=1.0), f"page {page.number}: first line at {lines[0].top:.2f} mm"
        assert lines[-1].bottom == pytest.approx(BOTTOM, abs=1.0)
        assert all(ln.size == 16.0 for ln in lines)  # body in 三号


def test_left_margin_is_28mm(pages: list[Page]) -> None:
    for page in full_body_pages(pages):
        # Lines that start flush left (not first lines of paragraphs).
        assert min(ln.x0 for ln in body_lines(page)) == pytest.approx(LEFT, abs=1.0)


def test_full_lines_hold_28_characters(document: tuple[str, list[Page]]) -> None:
    name, pages = document
    full = [
        ln
        for page in full_body_pages(pages)
        for ln in body_lines(page)
        if ln.x0 == pytest.approx(LEFT, abs=0.5) and ln.x1 > RIGHT - 1.5 and all(is_cjk(c.text) for c in ln.chars)
    ]
    assert len(full) >= DOCUMENTS[name][1]
    counts = [len(ln.chars) for ln in full]
    # A line that would end before a comma moves a character down (避头尾) and
    # is justified with 27; none holds more than 28 or crosses the 版心.
    assert max(counts) == 28, counts
    assert counts.count(28) >= 0.8 * len(counts), counts
    assert max(ln.x1 for page in pages for ln in body_lines(page)) <= RIGHT + 0.5


def test_title_is_22pt_and_centred(notice_pages: list[Page]) -> None:
    title = [ln for ln in notice_pages[0].lines if ln.size == 22.0]
    assert [ln.text for ln in title] == ["永清县人民政府办公室关于印发", "永清县打击传销活动大排查实施方案的通知"]
    for ln in title:
        assert (ln.x0 + ln.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)


def test_red_header_on_page_one(notice_pages: list[Page]) -> None:
    first = notice_pages[0]
    mark = first.lines[0]
    assert mark.text == "永清县人民政府办公室文件"
    assert all(is_red(c.color) for c in mark.chars)
    # 发文机关标志: top edge 35 mm below the top of the 版心.
    assert mark.top == pytest.approx(TOP + std.MARK_TOP_BELOW_TYPE_AREA_MM, abs=1.0)
    number = next(ln for ln in first.lines if ln.text == "永政办〔2018〕15号")
    assert (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    rules = [r for r in first.rules if is_red(r.color)]
    assert rules, "no red rule on page 1"
    rule = rules[0]
    assert rule.top - number.bottom == pytest.approx(std.RULE_GAP_BELOW_WENHAO_MM, abs=0.5)
    assert rule.x0 == pytest.approx(LEFT, abs=1.0)
    assert rule.x1 == pytest.approx(RIGHT, abs=1.0)
    # No red anywhere else.
    for page in notice_pages[1:]:
        assert not any(is_red(c.color) for ln in page.lines for c in ln.chars)


def test_page_numbers_follow_7_5(pages: list[Page]) -> None:
    for page in pages:
        (footer,) = page.footer_lines(BOTTOM)
        assert re.fullmatch(rf"—{page.number}—", footer.text), footer.text
        assert footer.size == 14.0
        # 一字线 7 mm under the 版心.
        assert (footer.top + footer.bottom) / 2 == pytest.approx(BOTTOM + std.PAGE_NUMBER_BELOW_TYPE_AREA_MM, abs=1.0)
        if page.number % 2:
            assert footer.x1 == pytest.approx(RIGHT - SIHAO_MM, abs=1.0)  # odd: right, one 字 in
        else:
            assert footer.x0 == pytest.approx(LEFT + SIHAO_MM, abs=1.0)  # even: left, one 字 in


def test_banji_sits_on_the_bottom_of_the_last_page(notice_pages: list[Page]) -> None:
    last = notice_pages[-1]
    rules = sorted((r for r in last.rules if not is_red(r.color)), key=lambda r: r.top)
    assert len(rules) == 3  # 抄送 and 印发 rows: thick, thin, thick
    for r in rules:
        assert r.x0 == pytest.approx(LEFT, abs=0.5) and r.x1 == pytest.approx(RIGHT, abs=0.5)
    # 7.4.1: the last line coincides with the bottom of the 版心; first and last thick, middle thin.
    assert rules[-1].top == pytest.approx(BOTTOM, abs=0.5)
    assert rules[0].width_pt == rules[-1].width_pt > rules[1].width_pt
    texts = [ln.text for ln in last.lines if rules[0].top < ln.top < rules[-1].top]
    assert texts == ["抄送：县委办公室，县人大常委会办公室，县政协办公室。", "永清县人民政府办公室2018年1月22日印发"]
    copies, printed = (ln for ln in last.lines if rules[0].top < ln.top < rules[-1].top)
    assert copies.size == printed.size == 14.0
    # 印发机关 左空一字, 印发日期 右空一字 (one 四号 character).
    assert printed.x0 == pytest.approx(LEFT + SIHAO_MM, abs=0.5)
    assert printed.x1 == pytest.approx(RIGHT - SIHAO_MM, abs=0.5)
    # Nothing else is on the 版记's lines.
    assert all(not (rules[0].top - 1 < ln.bottom and ln.top < BOTTOM) for ln in last.lines if ln.size == 16.0)


def test_the_banji_is_on_an_even_page_when_the_document_asks(notice_pages: list[Page]) -> None:
    """Issue 15.11: the example's 文档 row asks for the 版记 on an even page (double-sided printing).
    Its text ends on page 7, so the 版记 is at the foot of page 8, numbered, with nothing above it;
    page 7 ends with the text and has no 版记 rules."""
    assert len(notice_pages) == 8
    last, before = notice_pages[-1], notice_pages[-2]
    assert not [ln for ln in body_lines(last) if ln.bottom < BOTTOM - 20]  # only the 版记 on the page
    assert [ln.text for ln in last.lines if ln.top > BOTTOM][-1] == "—8—"
    assert not [r for r in before.rules if not is_red(r.color)]
    assert body_lines(before)[-1].text.startswith("电子邮箱")


def test_signature_is_centred_over_the_date(notice_pages: list[Page]) -> None:
    first = notice_pages[0]
    date = next(ln for ln in first.lines if ln.text == "2018年1月22日")
    signature = next(ln for ln in first.lines if ln.text == "永清县人民政府办公室")
    # 成文日期右空四字.
    assert date.x1 == pytest.approx(RIGHT - 4 * std.CHAR_WIDTH / 20 * 25.4 / 72, abs=1.5)
    # LibreOffice adds a quarter-字 gap between CJK and digits that Word does not
    # (it ignores autoSpaceDE/DN=0), so the centres agree to within 3 mm here.
    assert (signature.x0 + signature.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=3.0)
    assert signature.bottom < date.top


def test_an_unsealed_signature_is_two_characters_in_with_the_date_below(unsealed_pages: list[Page]) -> None:
    """7.3.5.2: 正文下空一行, 署名右空二字, the date's first character two characters right of the 署名's."""
    last = unsealed_pages[-1]
    lines = body_lines(last)
    signature = next(ln for ln in lines if ln.text == "韩村镇人民政府")
    date = next(ln for ln in lines if ln.text.replace(" ", "") == "2018年4月2日")
    char = std.CHAR_WIDTH / 20 * 25.4 / 72
    assert signature.x1 == pytest.approx(RIGHT - 2 * char, abs=1.0)
    # The date starts two characters right of the 署名: 7 characters of 署名, 6 of date
    # ("2018", "4" and "2" are half-width; signed 4月2日, when its March report came), so it ends a
    # character from the edge.
    assert date.x1 == pytest.approx(RIGHT - (2 + 7 - 2 - 6) * char, abs=1.0)
    # LibreOffice widens the date by a quarter 字 at each CJK/digit boundary that Word leaves out.
    assert signature.x0 + 2 * char - 4 * char / 4 - 1 < date.x0 < signature.x0 + 2 * char + 1
    text_above = lines[lines.index(signature) - 1]
    pitch = std.LINE_PITCH / 20 * 25.4 / 72
    assert signature.top - text_above.top == pytest.approx(2 * pitch, abs=1.0)  # one empty line between
    assert date.top - signature.top == pytest.approx(pitch, abs=1.0)


def test_cjk_text_is_drawn_with_cjk_fonts(pages: list[Page]) -> None:
    for page in pages:
        for ln in page.lines:
            for c in ln.chars:
                if is_cjk(c.text):
                    assert "CJK" in c.font or "Kai" in c.font, (page.number, c.text, c.font)


def test_plan_attachment_page_holds_the_teams_table(plan_pages: list[Page]) -> None:
    last = plan_pages[-1]
    label, title = last.lines[0], last.lines[1]
    # 7.3.7: "附件" 顶格 on line 1 of a new page, the title centred on line 3.
    assert label.text == "附件" and label.size == 16.0
    assert label.x0 == pytest.approx(LEFT, abs=0.5)
    assert label.top == pytest.approx(TOP, abs=1.0)
    assert title.text == "韩村镇打传队伍名单" and title.size == 22.0
    pitch = std.LINE_PITCH / 20 * 25.4 / 72
    assert (title.top + title.bottom) / 2 == pytest.approx((label.top + label.bottom) / 2 + 2 * pitch, abs=1.5)
    # The table: inside the 版心, its header and every team on this page, nothing of the body.
    rules = [r for r in last.rules]
    assert rules
    assert min(r.x0 for r in rules) >= LEFT - 0.5 and max(r.x1 for r in rules) <= RIGHT + 0.5
    texts = [ln.text for ln in last.lines]
    assert "序号村（社区）队长队员人数" in texts
    assert any(t.startswith("合计4支") for t in texts)
    assert not any(ln.size == 16.0 and ln.text.startswith("（") for ln in last.lines)
    # The page before ends the plan: 附件说明, 署名 and date together.
    before = [ln.text for ln in plan_pages[-2].lines]
    assert "附件：韩村镇打传队伍名单" in before
    assert before[-3:-1] == ["韩村镇人民政府", "2018年1月23日"]


def test_a_unit_sheet_turns_to_portrait_to_print_on_one_page(landscape_pages: dict[str, list[Page]]) -> None:
    """Issue 34.1: the 31 rows of a unit's sheet do not fit a landscape page; the sheet prints on
    one portrait page, inside the portrait 版心, its groups merged (each 分组 printed once)."""
    (page,) = landscape_pages["monthly"]
    assert page.width == pytest.approx(210, abs=0.5) and page.height == pytest.approx(297, abs=0.5)
    assert min(r.x0 for r in page.rules) >= LEFT - 0.5 and max(r.x1 for r in page.rules) <= RIGHT + 0.5
    assert max(r.bottom for r in page.rules) <= BOTTOM + 0.5
    texts = [ln.text.replace(" ", "") for ln in page.lines]
    assert sum(t.startswith("组织发动") for t in texts) == 1, texts
    # The notes under the table are in the table's small type, not in 三号.
    (note,) = [ln for ln in page.lines if ln.text.startswith("注")]
    (filler,) = [ln for ln in page.lines if ln.text.startswith("填报人")]
    assert note.size == filler.size < 12
    # The page number as on any portrait page (7.5), not the landscape page's turned one.
    assert page.turned == []
    (footer,) = page.footer_lines(BOTTOM)
    assert footer.text == "—1—"
    assert footer.x1 == pytest.approx(RIGHT - SIHAO_MM, abs=1.0)


@pytest.mark.parametrize("name", ["rollup"])
def test_landscape_table_pages(name: str, landscape_pages: dict[str, list[Page]]) -> None:
    """GB/T 9704 §8: A4 landscape, tables inside the 225 x 156 mm 版心, page numbers as on other pages.
    The 版心 is the portrait one turned with the sheet (the table's head on the 订口 side of an odd
    page): 订口 28 mm at the top, the 天头 37 mm on the right, 297 - 37 - 225 = 35 mm on the left."""
    pages = landscape_pages[name]
    left, right = 35.0, 297 - 37.0
    top, bottom = 28.0, 210 - 26.0
    assert right - left == pytest.approx(225, abs=0.5)
    for page in pages:
        assert page.width == pytest.approx(297, abs=0.5) and page.height == pytest.approx(210, abs=0.5)
        rules = page.rules
        if rules:  # the last page may hold only the notes under the tables
            assert min(r.x0 for r in rules) >= left - 0.5 and max(r.x1 for r in rules) <= right + 0.5
            assert min(r.top for r in rules) >= top - 0.5 and max(r.bottom for r in rules) <= bottom + 0.5
        assert_turned_page_number(page, left, top, bottom)
    # The tables fill the width of the 版心.
    widths = [max(r.x1 for r in p.rules) - min(r.x0 for r in p.rules) for p in pages]
    assert max(widths) == pytest.approx(225, abs=1.0)
    assert min(min(r.x0 for r in p.rules) for p in pages if p.rules) == pytest.approx(left, abs=1.0)


def assert_turned_page_number(page: Page, left: float, top: float, bottom: float) -> None:
    """GB/T 9704 §8: the page number where it is on other pages, i.e. on the sheet's foot, 7 mm under
    the 版心, one 字 in from its outer edge (7.5). The sheet is turned to read the table, its foot the
    landscape page's left edge: the number runs down that edge, turned a quarter, 7 mm left of the
    版心 (its 一字线 28 mm from the edge, as 269 mm from the top of a portrait page), its end one
    字 above the 版心's bottom on an odd page, its start one 字 under the 版心's top on an even one."""
    assert not [ln.text for ln in page.lines if ln.x1 < left or ln.top > bottom], "a number set upright"
    number = page.turned
    assert re.fullmatch(rf"—{page.number}—", "".join(c.text for c in number)), [c.text for c in number]
    for char in number:
        # 四号: its em box 14 pt across the line (pdfplumber's size of a turned glyph is not its size)
        assert char.x1 - char.x0 == pytest.approx(SIHAO_MM, abs=0.3)
        assert (char.x0 + char.x1) / 2 == pytest.approx(left - std.PAGE_NUMBER_BELOW_TYPE_AREA_MM, abs=1.0)
    if page.number % 2:
        assert number[-1].bottom == pytest.approx(bottom - SIHAO_MM, abs=1.0)
    else:
        assert number[0].top == pytest.approx(top + SIHAO_MM, abs=1.0)


def heading_texts(docx: Path) -> set[str]:
    doc = Document(str(docx))
    return {p.text for p in doc.paragraphs if p.style is not None and p.style.style_id.startswith("Heading") and p.text}


@pytest.mark.parametrize("name", ["summary", "plan", "notice"])
def test_no_heading_is_left_alone_at_a_page_foot(name: str, request: pytest.FixtureRequest, built: Path) -> None:
    pages: list[Page] = request.getfixturevalue(f"{name}_pages")
    docx = {
        "summary": built / "output" / "总结" / "永清县打击传销活动大排查工作总结.docx",
        "plan": built / "output" / "方案" / "韩村镇打击传销活动大排查工作方案.docx",
        "notice": notice_path(built),
    }[name]
    headings = heading_texts(docx)
    assert headings
    for page in pages[:-1]:
        # every line above the page number, a chart's labels included: a heading followed by a chart is not alone
        lines = [ln for ln in page.lines if ln.top < BOTTOM]
        if lines:
            assert lines[-1].text.replace(" ", "") not in headings, f"page {page.number} ends with a heading"


def test_rollup_packs_its_groups_onto_three_full_pages(landscape_pages: dict[str, list[Page]], built: Path) -> None:
    """Issue 34.1: the roll-up printed one table per metric group, 6 landscape pages of 5, 6, 8,
    7, 4 and 1 columns. Adjacent groups share a table under a group header row (5+6, 8, 7+4+1, the
    headers of twelve narrow columns in 小五): 3 pages (4 before, 6 at first), no page but the last
    less than half full, each table whole on its page (its header rows on top, every unit, the 合计
    last), the notes with the last table."""
    from openpyxl import load_workbook

    book = load_workbook(built / "inputs" / "活动数据.xlsx", read_only=True)
    units = [str(row[0]) for row in book["单位"].iter_rows(min_row=2, values_only=True) if row[0]]
    groups = list(
        dict.fromkeys(str(row[0]) for row in book["统计指标"].iter_rows(min_row=2, values_only=True) if row[0])
    )
    pages = landscape_pages["rollup"]
    assert len(pages) == 3  # was 6, then 4
    top, bottom = 28.0, 210 - 26.0
    for page in pages[:-1]:
        printed = max(r.bottom for r in page.rules)
        assert printed - top >= (bottom - top) / 2, f"page {page.number} is less than half full"
    named_groups = []
    for page in pages:
        texts = [ln.text.replace(" ", "") for ln in page.lines]
        (header,) = [i for i, t in enumerate(texts) if t.startswith("单位")]
        (total,) = [i for i, t in enumerate(texts) if t.startswith("合计")]
        named_groups += [g for g in groups if any(g in t for t in texts[: header + 1])]
        assert [u for u in units if any(t.startswith(u) for t in texts[header:total])] == units, page.number
    assert named_groups == groups  # each group named once, over its columns, in the workbook's order
    assert any(ln.text.startswith("注：合计为已报送单位的合计") for ln in pages[-1].lines)


def line_text(line: Line) -> str:
    return "".join(c.text for c in line.chars).replace(" ", "")


def test_no_signature_prints_alone_on_a_page(built: Path, example_pdfs: dict[Path, Path]) -> None:
    """Issue 15.9 (GB/T 9704 7.3.5.5): the 署名 and date share their page with the text, and the
    page before theirs is full, in every plan and summary: 永清镇's summary had them alone on
    page 3, and every township plan's page 3 ended 7 lines short of a page."""
    from generator.pdf.measure import read_pdf

    documents = sorted((built / "output" / "总结").glob("*.docx")) + sorted((built / "output" / "方案").glob("*.docx"))
    assert len(documents) == 2 * 18 + 1
    for document in documents:
        pdf = example_pdfs[document]
        docx = Document(str(document))
        signature = next(p.text for p in docx.paragraphs if p.style is not None and p.style.style_id == "GwSignature")
        pages = read_pdf(pdf)
        (page,) = [p for p in pages if any(line_text(line) == signature for line in p.lines)]
        text = [line_text(line) for line in page.lines]
        above = text[: text.index(signature)]
        assert any(len(t) > 10 for t in above), f"{document.name}: page {page.number} holds only {text}"
        if page.number > 1:  # the page before is full: the 落款 did not leave it short (15.9)
            before = [t for t in (line_text(line) for line in pages[page.number - 2].lines) if "—" not in t]
            assert len(before) >= std.LINES_PER_PAGE - 3, f"{document.name}: page {page.number - 1} has {before}"


def test_summary_table_headers_break_between_words(summary_pages: list[Page]) -> None:
    """Issue 34.3, on the printed county summary: each table header reads 出动排查 over 人员, never
    出动排查人 over 员, and its rows repeat on any continuation page of the ranking (since the
    chart no longer leaves page 2 a third empty, the ranking fits page 3)."""
    lines = [line.text.replace(" ", "") for page in summary_pages for line in page.lines]
    first = [i for i, text in enumerate(lines) if text == "出动排查排查出租捣毁传销教育遣散"]
    assert len(first) >= 2, lines  # the period table, the ranking (and its next page, if it breaks)
    for page in summary_pages[1:]:
        texts = [line.text.replace(" ", "") for line in page.lines]
        if texts and re.match(r"\d+\D", texts[0]) and page.rules:  # a table row at the top of the page
            assert "出动排查排查出租捣毁传销教育遣散" in texts[:2], f"page {page.number}: no header row"
    seconds = [lines[i + 1] for i in first]
    assert seconds[0] == "月份人员房屋窝点传销人员"
    assert all(text == "序号单位人员房屋窝点传销人员" for text in seconds[1:])
    assert all(lines[i + 2] == "（人次）（户）（处）（人）" for i in first)


def test_a_mark_longer_than_a_line_is_narrowed_onto_one_and_passes_check(workspace: Path, run: Run) -> None:
    """张家川回族自治县人民政府办公室文件 (17 字, 216 mm at 小初) is set on one line of the 156 mm 版心,
    its characters narrowed (w:w 72 %: 156 / 216 = 72.2 %), and gongwen check accepts it as laid out."""
    mark = "张家川回族自治县人民政府办公室文件"
    write_workbook(workspace / "inputs" / WORKBOOK_NAME, notice={"发文机关标志": mark})
    built = run("-C", workspace, "build", "--kind", "通知", "--pdf")
    assert built.exit_code == 0, built.output
    notice = notice_path(workspace)
    first = read_pdf(notice.with_suffix(".pdf"))[0]
    (line,) = [ln for ln in first.lines if any(is_red(c.color) for c in ln.chars)]
    assert line.text == mark
    assert line.x0 >= LEFT - 0.5
    assert line.x1 <= RIGHT + 0.5
    assert line.x1 - line.x0 > std.TYPE_AREA_WIDTH_MM - 5  # narrowed to fit, not shrunk to a small size
    assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1.0)
    assert line.top == pytest.approx(TOP + std.MARK_TOP_BELOW_TYPE_AREA_MM, abs=1.0)
    checked = app.check([notice])  # (the PDF beside it is current: no second conversion)
    assert checked.laid_out
    assert checked.results[notice] == []
