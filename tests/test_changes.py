"""Regeneration tells the truth about what changed: exactly the documents whose bytes change are
rewritten and counted, --dry-run predicts exactly those, and each says what changed in it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import openpyxl
import pytest
from lxml import etree

from examples.yongqing.workbook import LEADERS, METRICS, REPORTS, UNITS, write_workbook
from generator.inputs.schema import WORKBOOK_NAME
from generator.pipeline import PREVIOUS_NAME
from generator.standard import gbt9704 as std
from generator.standard.package import read_parts, zip_bytes

from .conftest import Run

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTICE = "output/通知/永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知.docx"
HANCUN_PLAN = "output/方案/韩村镇打击传销活动大排查工作方案.docx"
METRIC = "出动排查人员"
FEB, JAN = dt.date(2018, 2, 1), dt.date(2018, 1, 1)


def _figure(unit: str, month: dt.date) -> int:
    names = [m[1] for m in METRICS]
    row = next(r for r in REPORTS if r[0] == unit and r[1] == month)
    return int(row[2 + names.index(METRIC)])


def _notice_row(ws: Path) -> None:
    write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={"联系电话": "0316-6611111"})


def _unit_column(ws: Path) -> None:
    units = [list(u) for u in UNITS]
    next(u for u in units if u[0] == "韩村镇")[4] = dt.date(2018, 1, 25)
    write_workbook(ws / "inputs" / WORKBOOK_NAME, units=units)


def _list_row(ws: Path) -> None:
    leaders = [list(r) for r in LEADERS]
    next(r for r in leaders if r[0] == "韩村镇")[2] = "赵新任"
    write_workbook(ws / "inputs" / WORKBOOK_NAME, leaders=leaders)


def _report_figure(ws: Path) -> None:
    names = [m[1] for m in METRICS]
    reports = [list(r) for r in REPORTS]
    row = next(r for r in reports if r[0] == "韩村镇" and r[1] == FEB)
    row[2 + names.index(METRIC)] += 5
    write_workbook(ws / "inputs" / WORKBOOK_NAME, reports=reports)


def _paragraph_number(document_xml: bytes, words: str) -> int:
    """The 1-based number of the body paragraph holding `words`, counting every w:p in order."""
    paragraphs = list(etree.fromstring(document_xml).iter(f"{W}p"))
    return next(i for i, p in enumerate(paragraphs, 1) if words in "".join(p.itertext()))


def _template_paragraph(ws: Path) -> None:
    template = ws / "templates" / "通知.docx"
    parts = read_parts(template)
    parts["word/document.xml"] = parts["word/document.xml"].replace("认真贯彻落实".encode(), "抓好贯彻落实".encode())
    template.write_bytes(zip_bytes(parts))


def _leader() -> str:
    return str(next(r[2] for r in LEADERS if r[0] == "韩村镇"))


def _expected_notice_paragraph() -> int:
    from generator.workspace import bundled_root

    return _paragraph_number(
        read_parts(bundled_root() / "templates" / "通知.docx")["word/document.xml"], "认真贯彻落实"
    )


HANCUN_FEB = _figure("韩村镇", FEB)
TOTAL_FEB = 875  # February's 出动排查人员 over the 17 units that reported (三圣口乡 did not)
SO_FAR = HANCUN_FEB + _figure("韩村镇", JAN)

# Each change, what it must rewrite (exactly), and the change lines that must be printed.
CASES: dict[str, tuple[Callable[[Path], None], set[str], list[str]]] = {
    "notice_row": (_notice_row, {NOTICE}, ["联系电话 0316-6681122、6681123（传真） → 0316-6611111"]),
    "unit_column": (_unit_column, {HANCUN_PLAN}, ["方案日期 2018年1月23日 → 2018年1月25日"]),
    "list_row": (_list_row, {HANCUN_PLAN}, [f"领导小组 第1行 姓名 {_leader()} → 赵新任"]),
    "report_figure": (
        _report_figure,
        {
            "output/统计/2018年2月/韩村镇2018年2月统计报表.docx",
            "output/统计/2018年3月/韩村镇2018年3月统计报表.docx",
            "output/统计/2018年2月/全县汇总表2018年2月.docx",
            "output/统计/2018年2月/全县汇总表2018年2月.xlsx",
            "output/总结/韩村镇打击传销活动大排查工作总结.docx",
            "output/总结/永清县打击传销活动大排查工作总结.docx",
        },
        [
            f"{METRIC} 本期 {HANCUN_FEB} → {HANCUN_FEB + 5}",
            f"{METRIC} 累计 {SO_FAR} → {SO_FAR + 5}",
            f"韩村镇 {METRIC} {HANCUN_FEB} → {HANCUN_FEB + 5}",
            f"合计 {METRIC} {TOTAL_FEB} → {TOTAL_FEB + 5}",
            f"排名 韩村镇 {METRIC} {SO_FAR + _figure('韩村镇', dt.date(2018, 3, 1))} → "
            f"{SO_FAR + _figure('韩村镇', dt.date(2018, 3, 1)) + 5}",
            "图表随数字更新",
        ],
    ),
    "template_paragraph": (_template_paragraph, {NOTICE}, [f"模板 通知.docx 第 {_expected_notice_paragraph()} 段"]),
}


def _change_list(ws: Path) -> list[str]:
    """The lines of the 变更记录 spreadsheet, as a clerk reads them: item, old → new."""
    (record,) = (ws / "output" / "变更记录").glob("变更记录 *.xlsx")
    rows = list(openpyxl.load_workbook(record).active.iter_rows(values_only=True))[2:]
    return [f"{item} {old} → {new}" if old or new else str(item) for _, _, item, old, new, _ in rows]


def _written(output: str) -> set[str]:
    return set(re.findall(r"^  (?:已更新|新生成)  (\S+)$", output, re.MULTILINE))


def _predicted(output: str) -> set[str]:
    return set(re.findall(r"^  将生成  (\S+?)：", output, re.MULTILINE))


@pytest.mark.parametrize("case", list(CASES))
def test_one_changed_value_rewrites_exactly_the_documents_it_reaches(case: str, built_copy: Path, run: Run) -> None:
    change, expected, lines = CASES[case]
    workspace = built_copy
    before = {p: p.read_bytes() for p in (workspace / "output").rglob("*.docx")}
    change(workspace)

    dry = run("-C", workspace, "build", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert _predicted(dry.output) == expected
    total = len(before) + 3  # and the three roll-up spreadsheets
    assert f"预演：将生成 {len(expected)} 个，不生成 {total - len(expected)} 个；没有写任何文件。" in dry.output
    assert {p: p.read_bytes() for p in (workspace / "output").rglob("*.docx")} == before

    built = run("-C", workspace, "build")
    assert built.exit_code == 0, built.output
    assert _written(built.output) == expected == _predicted(dry.output)
    assert re.search(rf"^已更新 +{len(expected)}$", built.output, re.MULTILINE), built.output
    assert re.search(rf"^未变化（跳过） +{total - len(expected)}$", built.output, re.MULTILINE)
    listed = _change_list(workspace)
    for line in lines:  # (a template paragraph's line goes on with its old and new text)
        assert any(r == line or r.startswith(f"{line} ") for r in listed), listed
    record_rows = openpyxl.load_workbook(next((workspace / "output" / "变更记录").glob("*.xlsx"))).active
    said = [(r[5], r[2], r[3], r[4]) for r in record_rows.iter_rows(min_row=3, values_only=True)]
    assert len(said) == len(set(said)), said  # each change of a document told once
    for line in lines[:2]:  # the terminal shows the first few of each document
        assert f"    {line}" in built.output, built.output
        assert line in dry.output
    # Every document not listed has the bytes it had.
    after = {p: p.read_bytes() for p in (workspace / "output").rglob("*.docx")}
    changed = {f"output/{p.relative_to(workspace / 'output').as_posix()}" for p in before if before[p] != after[p]}
    assert changed == {e for e in expected if e.endswith(".docx")}

    # The full list, in a spreadsheet the clerk opens in Excel.
    (record,) = (workspace / "output" / "变更记录").glob("变更记录 *.xlsx")
    assert f"变更记录：output/变更记录/{record.name}" in built.output.replace(
        "（每份文档改了什么，可用 Excel 打开）", ""
    )
    from openxml_audit import OpenXmlValidator

    assert OpenXmlValidator().validate(str(record)).is_valid
    rows = list(openpyxl.load_workbook(record).active.iter_rows(values_only=True))
    assert rows[1] == ("文档", "结果", "变化的项目", "原来", "现在", "文件")
    assert {r[5] for r in rows[2:]} == expected
    assert all(r[1] == "已更新" for r in rows[2:])


def test_an_unchanged_rebuild_writes_nothing_and_no_change_list(built_copy: Path, run: Run) -> None:
    workspace = built_copy
    forced = run("-C", workspace, "build", "--force")
    assert forced.exit_code == 0
    assert not _written(forced.output)
    assert not (workspace / "output" / "变更记录").exists()


def test_a_record_kept_by_gongwen_0_3_still_says_what_changed(built_copy: Path, run: Run) -> None:
    """0.3 kept its record as one JSON object (every value parsed on every build); the next build
    reads it, tells the change, and writes the record as it keeps it now."""
    import json

    record = built_copy / "output" / ".gongwen-record.json"
    header, *lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    documents = {d["output"]: {"template": d["template"], "reads": d["reads"]} for d in lines if isinstance(d, dict)}
    values = dict(v for v in lines if isinstance(v, list))
    old = {k: header[k] for k in ("code", "templates", "last_changed", "comparisons")}
    record.write_text(json.dumps({**old, "documents": documents, "values": values}, ensure_ascii=False), "utf-8")
    _unit_column(built_copy)
    built = run("-C", built_copy, "build")
    assert built.exit_code == 0, built.output
    assert "    方案日期 2018年1月23日 → 2018年1月25日" in built.output, built.output
    _list_row(built_copy)
    again = run("-C", built_copy, "build")
    assert f"    领导小组 第1行 姓名 {_leader()} → 赵新任" in again.output, again.output


def test_a_long_text_is_told_around_what_changed() -> None:
    from generator.output.changes import Change

    old = "全镇共出动排查人员145人次，召开专题会议3次，发放宣传资料2000份，排查出租房屋300间。"
    new = old.replace("145", "150")
    assert (
        Change("数字段", old, new).line
        == "数字段 …共出动排查人员145人次，召开专题会… → …共出动排查人员150人次，召开专题会…"
    )


def test_a_roll_ups_printed_tables_are_told_by_unit_and_metric() -> None:
    """A roll-up's 表 (its groups laid side by side) was told as 表 第1行 韩村镇 第4项 61 → 66: by the
    table's place and the figure's, its group names taken for its columns."""
    from generator.output.changes import diff_read

    def table(hancun: int, total: int) -> list[dict[str, Any]]:
        return [
            {
                "分组": [{"名称": "组织发动", "列数": 1}, {"名称": "摸底排查", "列数": 2}],
                "指标": [{"名称": "召开专题会议"}, {"名称": "出动排查人员"}, {"名称": "出动车辆"}],
                "行": [{"单位": "韩村镇", "已报送": True, "报送状态": "已报送", "值": [3, hancun, 4]}],
                "合计": [40, total, 50],
            }
        ]

    told = [c.line for c in diff_read("汇总.表", table(61, 875), table(66, 880))]
    assert told == ["韩村镇 出动排查人员 61 → 66", "合计 出动排查人员 875 → 880"]


def test_a_field_named_after_its_record_is_told_by_its_own_name() -> None:
    """A corrected form's date was told as 填报 填报日期 2018年4月2日 → 2018年4月5日."""
    from generator.output.changes import diff_read

    footer = {"填报人": "王芳", "填报日期": "2018年4月2日"}
    told = [c.line for c in diff_read("统计.填报", footer, footer | {"填报日期": "2018年4月5日"})]
    assert told == ["填报日期 2018年4月2日 → 2018年4月5日"]
    assert [c.line for c in diff_read("统计.填报.填报日期", "2018年4月2日", "2018年4月5日")] == told


def test_a_document_open_in_word_is_named_and_everything_else_is_built(
    built_copy: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a file Word holds open (PermissionError): after a brief retry the
    build names it, finishes the others, exits 1, and the next run, once it is closed, is clean."""
    import os

    from generator import pipeline

    workspace = built_copy
    _report_figure(workspace)
    rollup = workspace / "output/统计/2018年2月/全县汇总表2018年2月.docx"
    sheet = rollup.with_suffix(".xlsx")
    held = {rollup: rollup.read_bytes(), sheet: sheet.read_bytes()}
    real_replace = os.replace
    tries: list[Path] = []

    def like_windows(source: str | Path, target: str | Path) -> None:
        if Path(target) in held:
            tries.append(Path(target))
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", like_windows)
    monkeypatch.setattr(pipeline, "REPLACE_DELAYS", (0.01, 0.02))
    result = run("-C", workspace, "build")
    assert result.exit_code == 1, result.output
    assert "请先在 Word 中关闭：output/统计/2018年2月/全县汇总表2018年2月.docx" in result.output
    assert "请先在 Excel 中关闭：output/统计/2018年2月/全县汇总表2018年2月.xlsx" in result.output
    assert "程序内部出错" not in result.output and "Traceback" not in result.output
    assert len(tries) == 2 * 3  # each tried again before giving up
    assert {p: p.read_bytes() for p in held} == held  # nothing lost
    assert rollup.stat().st_nlink == 1  # nor a second name left to it (the one kept for the 修改对照稿)
    others = CASES["report_figure"][1] - {
        "output/统计/2018年2月/全县汇总表2018年2月.docx",
        f"output/统计/2018年2月/{sheet.name}",
    }
    assert _written(result.output) == others
    monkeypatch.undo()  # Word closed
    again = run("-C", workspace, "build")
    assert again.exit_code == 0, again.output
    assert _written(again.output) == {
        "output/统计/2018年2月/全县汇总表2018年2月.docx",
        f"output/统计/2018年2月/{sheet.name}",
    }
    assert f"韩村镇 {METRIC} {HANCUN_FEB} → {HANCUN_FEB + 5}" in again.output
    previous = workspace / "output" / PREVIOUS_NAME / "统计/2018年2月/全县汇总表2018年2月.docx"
    assert previous.read_bytes() == held[rollup]  # the replaced version, kept by a link, not a copy
    assert rollup.stat().st_nlink == previous.stat().st_nlink == 1
    assert not _written(run("-C", workspace, "build").output)


def test_force_moves_superseded_new_versions_into_a_dated_backup(built_copy: Path, run: Run) -> None:
    workspace = built_copy
    plan = workspace / HANCUN_PLAN
    plan.write_bytes(plan.read_bytes() + b"\0")  # edited by hand
    _unit_column(workspace)
    assert run("-C", workspace, "build").exit_code == 0
    beside = plan.with_name(f"{plan.stem}（新生成）.docx")
    kept = beside.read_bytes()
    forced = run("-C", workspace, "build", "--force")
    assert forced.exit_code == 0, forced.output
    today = dt.date.today()
    folder = f"output/备份/{today.year}年{today.month}月{today.day}日/方案"
    assert not beside.exists()
    assert (workspace / folder / beside.name).read_bytes() == kept
    assert f"已将被取代的「{beside.name}」移到「{folder}」" in forced.output
    assert plan.read_bytes() == kept  # the forced build wrote the same new version over the edit


def test_beside_copies_are_found_by_their_literal_names(tmp_path: Path) -> None:
    from generator.pipeline import BesideCopies

    target = tmp_path / "方案[1].docx"  # "[1]" is a glob's character class, not these characters
    names = [
        "方案[1]（新生成2）.docx",
        "方案[1]（新生成）.docx",
        "方案[1]X（新生成）.docx",
        "方案[1]（新生成）.xlsx",
        "方案1（新生成）.docx",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    besides = BesideCopies()
    assert [p.name for p in besides.of(target)] == ["方案[1]（新生成2）.docx", "方案[1]（新生成）.docx"]
    besides.moved(tmp_path / "方案[1]（新生成2）.docx")
    (tmp_path / "方案[1]（新生成3）.docx").write_bytes(b"")  # the folder is listed once per build
    assert [p.name for p in besides.of(target)] == ["方案[1]（新生成）.docx"]


def _odt_tracked_changes(docx: Path, folder: Path) -> tuple[list[str], list[str], str]:
    """LibreOffice's own reading of the tracked changes: (deleted texts, authors, document text)."""
    import subprocess
    import zipfile

    from .conftest import require_soffice

    require_soffice()
    from generator.pdf.libreoffice import find_soffice

    soffice = find_soffice()
    assert soffice is not None
    profile = folder / "profile"
    subprocess.run(
        [str(soffice), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "odt",
         "--outdir", str(folder), str(docx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with zipfile.ZipFile(folder / f"{docx.stem}.odt") as odt:
        content = etree.fromstring(odt.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0", "dc": "http://purl.org/dc/elements/1.1/"}
    deletions = ["".join(d.itertext()) for d in content.iterfind(".//text:tracked-changes//text:deletion/text:p", ns)]
    authors = [a.text or "" for a in content.iterfind(".//text:tracked-changes//dc:creator", ns)]
    assert content.find(".//text:tracked-changes//text:insertion", ns) is not None
    return deletions, authors, "".join(content.itertext())


def test_a_comparison_shows_a_date_change_as_tracked_changes(built_copy: Path, run: Run, tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    workspace = built_copy
    _unit_column(workspace)
    result = run("-C", workspace, "build", "--对照")
    assert result.exit_code == 0, result.output
    comparison = workspace / "output/修改对照/方案/韩村镇打击传销活动大排查工作方案（修改对照）.docx"
    assert f"修改对照稿（1 处改动）：output/修改对照/方案/{comparison.name}" in result.output
    validity = OpenXmlValidator().validate(str(comparison))
    assert validity.is_valid, [str(e) for e in validity.errors]
    settings = etree.fromstring(read_parts(comparison)["word/settings.xml"])
    assert settings.find(f"{W}trackRevisions") is not None
    deleted, authors, text = _odt_tracked_changes(comparison, tmp_path)
    assert deleted == ["3"]  # 2018年1月23日 → 2018年1月25日: the day's last digit
    assert authors == ["gongwen", "gongwen"]
    assert "2018年1月25日" in text.replace(" ", "")
    # The ASCII spelling, and a build with nothing changed says so.
    again = run("-C", workspace, "build", "--compare")
    assert "这次没有文档更新" in again.output


def _paragraph_texts(document_xml: bytes, keep: str) -> list[str]:
    """The text Word shows once every change is accepted (keep="ins") or rejected (keep="del")."""
    gone = "del" if keep == "ins" else "ins"
    root = etree.fromstring(document_xml)
    texts = []
    for paragraph in root.iter(f"{W}p"):
        if paragraph.find(f"{W}pPr/{W}rPr/{W}{gone}") is not None:
            continue  # its mark (and so the paragraph) goes
        text = "".join(
            t.text or ""
            for t in paragraph.iter(f"{W}t", f"{W}delText")
            if not any(a.tag == f"{W}{gone}" for a in t.iterancestors())
        )
        texts.append(text)
    return texts


@pytest.mark.parametrize("case", ["report_figure", "template_paragraph", "list_row"])
def test_accepting_every_change_gives_the_new_text_and_rejecting_the_old(case: str, built_copy: Path, run: Run) -> None:
    from generator.output.tracked import tracked_document

    change, expected, _ = CASES[case]
    workspace = built_copy
    docx = sorted(e for e in expected if e.endswith(".docx"))
    old = {e: (workspace / e).read_bytes() for e in docx}
    change(workspace)
    assert run("-C", workspace, "build").exit_code == 0
    for name in docx:
        new = (workspace / name).read_bytes()
        tracked, places = tracked_document(old[name], new, "2026-01-01T00:00:00Z")
        assert places >= 1
        marked = read_parts(tracked)["word/document.xml"]
        plain = [_paragraph_texts(read_parts(v)["word/document.xml"], "ins") for v in (old[name], new)]
        assert _paragraph_texts(marked, "ins") == plain[1], name
        assert _paragraph_texts(marked, "del") == plain[0], name


def test_the_web_page_shows_what_changed_and_makes_the_comparison(built_copy: Path) -> None:
    import lxml.html

    from generator.web import security
    from generator.web.server import create_app

    from .test_web import PORT, Browser, build, text

    ws = built_copy  # built: the page's build after the change is what it shows
    keys = security.Secrets()
    browser = Browser(create_app(ws, PORT, keys), keys)
    _unit_column(ws)
    build(browser)
    page = lxml.html.fromstring(text(browser.get("/build")))
    (changes,) = page.xpath("//div[@id='changes']")
    assert "韩村镇打击传销活动大排查工作方案：方案日期 2018年1月23日 → 2018年1月25日" in changes.text_content()
    (card,) = page.xpath("//li[contains(@class, 'changed')]")
    assert "韩村镇" in card.text_content() and "已更新" in card.text_content()
    assert card.get("title") == "方案日期 2018年1月23日 → 2018年1月25日"
    (download,) = page.xpath("//a[@id='changes-file']/@href")
    assert browser.get(download).status_code == 200
    made = lxml.html.fromstring(text(browser.post("/build/compare")))
    (link,) = made.xpath("//section[@id='comparisons']//a/@href")
    assert urllib_unquote(link) == "/files/修改对照/方案/韩村镇打击传销活动大排查工作方案（修改对照）.docx"
    response = browser.get(link)
    assert response.status_code == 200 and response.data[:2] == b"PK"


def urllib_unquote(url: str) -> str:
    import urllib.parse

    return urllib.parse.unquote(url)


def test_a_comparison_with_a_version_the_clerk_kept(built_copy: Path, run: Run, tmp_path: Path) -> None:
    """--对照旧版: against the documents as they were sent (a copy of output/), two builds ago."""
    import shutil

    workspace = built_copy
    sent = tmp_path / "已印发"
    shutil.copytree(workspace / "output", sent)
    _unit_column(workspace)
    assert run("-C", workspace, "build").exit_code == 0
    _list_row(workspace)  # the unit's date back as it was, a leader changed
    result = run("-C", workspace, "build", "--对照旧版", sent)
    assert result.exit_code == 0, result.output
    (line,) = [ln for ln in result.output.splitlines() if ln.startswith("修改对照稿")]
    assert line.endswith("output/修改对照/方案/韩村镇打击传销活动大排查工作方案（修改对照）.docx")
    missing = run("-C", workspace, "build", "--compare-with", tmp_path / "没有")
    assert missing.exit_code == 2 and "找不到文件夹" in missing.output


def test_code_writers_and_charts_read_only_what_they_declare(workspace: Path) -> None:
    """A code-made document (the roll-up's spreadsheet) and a template's charts are rebuilt by the
    context paths their kind declares: given only those, they make the same bytes."""
    import dataclasses

    from generator.documents import registry
    from generator.documents.contexts import SharedContext
    from generator.documents.kinds import plan_jobs
    from generator.documents.registry import DocumentJob
    from generator.pipeline import validate
    from generator.workspace import Workspace

    def only(job: DocumentJob, paths: tuple[str, ...]) -> DocumentJob:
        """The job with only `paths` of its context (a record missing the rest: what is not declared)."""
        pruned: dict[str, Any] = {}
        for path in paths:
            *parents, last = path.split(".")
            source: Any = job.context
            target = pruned
            for key in parents:
                source, target = source[key], target.setdefault(key, {})
            target[last] = source[last]
        return dataclasses.replace(job, context=cast(SharedContext, pruned))

    inputs, _ = validate(Workspace(workspace))
    assert inputs is not None
    checked = set()
    for job in plan_jobs(inputs):
        kind = registry.kind(job.kind)
        if kind.writer and kind.reads:
            writer = kind.writer
            assert writer(only(job, kind.reads), "标题") == writer(job, "标题")
            checked.add(job.kind)
        if kind.charts is not None and kind.charts.reads:
            assert kind.charts.draw(only(job, kind.charts.reads)) == kind.charts.draw(job)
            checked.add(job.kind)
    assert checked == {"汇总表", "总体总结"}


def _title_lines(document: Path) -> list[str]:
    """The lines of the document's 公文标题, as its line breaks set them."""
    root = etree.fromstring(read_parts(document.read_bytes())["word/document.xml"])
    title = next(
        p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}pStyle[@{W}val='{std.TITLE.style_id}']") is not None
    )
    text = "".join("\n" if node.tag == f"{W}br" else node.text or "" for node in title.iter(f"{W}t", f"{W}br"))
    return text.split("\n")


def test_a_name_a_title_breaks_between_rebuilds_a_document_whose_template_does_not_read_it(
    built_copy: Path, run: Run
) -> None:
    """The notice's template reads 发文.标题, not 活动.本级名称; but where a title typed on one line
    breaks depends on the names in it. A clerk who typed 永清 for 永清县 sees the title broken
    after 永清; corrected, the notice is made again and breaks where the names now say."""
    workspace = built_copy
    title = "永清县人民政府办公室关于印发永清县打击传销活动大排查实施方案的通知"
    write_workbook(
        workspace / "inputs" / WORKBOOK_NAME, notice={"标题": title}, campaign={"本级名称": "永清", "范围": "全县"}
    )
    assert run("-C", workspace, "build", "--kind", "通知").exit_code == 0
    assert _title_lines(workspace / NOTICE) == [
        "永清县人民政府办公室关于印发永清",
        "县打击传销活动大排查实施方案的通知",
    ]

    write_workbook(
        workspace / "inputs" / WORKBOOK_NAME, notice={"标题": title}, campaign={"本级名称": "永清县", "范围": "全县"}
    )
    built = run("-C", workspace, "build", "--kind", "通知")
    assert built.exit_code == 0, built.output
    assert _written(built.output) == {NOTICE}
    assert "    活动 本级名称 永清 → 永清县" in built.output
    assert _title_lines(workspace / NOTICE) == [
        "永清县人民政府办公室关于印发永清县",
        "打击传销活动大排查实施方案的通知",
    ]


def test_values_a_build_adds_wait_for_the_save_and_are_recorded_whole(tmp_path: Path) -> None:
    """A value line over SPILLED_LINE_BYTES (a roll-up's tables) waits in a temporary file from the
    plan to the save, and is recorded as it was made, as are the small ones kept in memory."""
    from generator.output.changes import SPILLED_LINE_BYTES, NewValueLines, Record, value_line

    table = [[f"合成{i:04d}镇", i, i * 2] for i in range(SPILLED_LINE_BYTES // 10)]
    lines = NewValueLines()
    lines["a" * 16] = value_line("a" * 16, "韩村镇")
    lines["b" * 16] = value_line("b" * 16, table)
    lines["c" * 16] = value_line("c" * 16, "不读的值")
    assert len(lines["b" * 16]) > SPILLED_LINE_BYTES and lines.file is not None  # (it waits on disk)
    assert "b" * 16 in lines.spilled and "b" * 16 not in lines.small and len(lines) == 3
    assert sorted(lines) == ["a" * 16, "b" * 16, "c" * 16]
    record = Record.load(tmp_path)  # (none yet)
    record.remember("方案.docx", "方案", {"单位.名称": "a" * 16, "汇总.表": "b" * 16})
    record.added = lines
    record.save()
    lines.close()
    again = Record.load(tmp_path)
    assert again.value("a" * 16) == "韩村镇" and again.value("b" * 16) == table
    assert not again.knows("c" * 16)  # read by no document recorded: not saved


def test_a_build_records_what_it_holds_by_reference_and_saves_it_as_copied(tmp_path: Path) -> None:
    """The digests a build already holds (the plan's Reads, immutable) are referred to by the record,
    not copied into it (10,000 documents' copies were the forced build's last 4.5 MB); the file saved
    is the same as with copies, and reads back the same."""
    from types import MappingProxyType

    from generator.output.changes import Record

    reads = {"单位.名称": "a" * 16, "汇总.表": "b" * 16, "活动.标题": "c" * 16}
    copied = Record.load(tmp_path / "copied")
    copied.remember("方案/韩村镇.docx", "方案", reads)
    copied.remember("通知.docx", "通知", {"活动.标题": "c" * 16})
    held = MappingProxyType(dict(reads))
    referred = Record.load(tmp_path / "referred")
    referred.refer("方案/韩村镇.docx", "方案", held)
    referred.remember("通知.docx", "通知", {"活动.标题": "c" * 16})
    assert referred.documents["方案/韩村镇.docx"].reads() == reads
    assert getattr(referred.documents["方案/韩村镇.docx"], "held", None) is held  # (not a copy)
    for record in (copied, referred):
        record.path.parent.mkdir()
        record.save()
    assert referred.path.read_bytes() == copied.path.read_bytes()
    again = Record.load(tmp_path / "referred").documents["方案/韩村镇.docx"]
    assert again.reads() == reads and again.template == "方案"
