"""Property-based tests: whatever a clerk puts in a cell, the loader answers, and documents stay valid."""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from examples.yongqing.workbook import DOCUMENTS, TEAMS, UNITS, write_workbook
from generator.cli import main
from generator.inputs.schema import CAMPAIGN_SHEET, NOTICE_SHEET, WORKBOOK_NAME
from generator.pdf.banji_page import banji_on_next_page
from generator.pdf.libreoffice import convert_to_pdf
from generator.pipeline import read_workbook
from generator.standard.package import read_parts

from .conftest import make_workspace, require_soffice

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# What a cell can hold, as openpyxl can write it (Excel itself can hold no more).
writable_text = st.text(max_size=60).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s))
cell_values = st.one_of(
    st.none(),
    writable_text,
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 12, 31)),
)


@SETTINGS
@given(
    notice=st.dictionaries(st.sampled_from([f.name for f in NOTICE_SHEET.fields]), cell_values, max_size=4),
    campaign=st.dictionaries(st.sampled_from([f.name for f in CAMPAIGN_SHEET.fields]), cell_values, max_size=4),
    team=st.lists(cell_values, min_size=4, max_size=4),
    unit=st.lists(cell_values, min_size=5, max_size=5),
)
def test_the_loader_answers_every_cell_value(
    notice: dict[str, Any], campaign: dict[str, Any], team: list[Any], unit: list[Any]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / WORKBOOK_NAME
        # None removes a row in write_workbook; an empty string keeps it empty.
        write_workbook(
            path,
            notice={k: ("" if v is None else v) for k, v in notice.items()},
            campaign={k: ("" if v is None else v) for k, v in campaign.items()},
            teams=[team, *TEAMS[1:]],
            units=[*UNITS, unit],
        )
        inputs, findings = read_workbook(path, "inputs/活动数据.xlsx")  # must not raise
    if inputs is None:
        assert findings.errors, "a refusal without a reason"
    for finding in findings.items:
        assert finding.location.file == "inputs/活动数据.xlsx"
        assert finding.message


HOSTILE = [
    "A&B<委员会>",
    "<w:p>注入</w:p>",
    "]]>\"'&amp;",
    "{{ 7*7 }}{% for x in range(3) %}x{% endfor %}",
    "{{ 发文.__class__ }}",
    "\u202e右到左\u200b零宽\ufeff",
    "😀🇨🇳𠀀",
    "刘_x0007_卫_x001F_兵",  # control characters, as Excel stores them
    "长" * 3000,
]


@SETTINGS
@given(
    contact=st.sampled_from(HOSTILE) | writable_text.filter(lambda s: s.strip() != ""),
    village=st.sampled_from(HOSTILE) | writable_text.filter(lambda s: s.strip() != ""),
)
def test_hostile_text_never_makes_an_invalid_document(contact: str, village: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ws = make_workspace(Path(tmp) / "ws")
        write_workbook(
            ws / "inputs" / WORKBOOK_NAME,
            notice={"联系人": contact, "抄送机关": contact},
            teams=[["永清镇", village, "沈彦军", 20], *TEAMS[1:]],
            # 版记在偶数页 off: LibreOffice would lay out each example's notice to count its pages
            # (seconds each); the move it decides is made below, on this notice, without it.
            documents=[[*DOCUMENTS[0][:6], None], *DOCUMENTS[1:]],
        )
        # The documents that print these cells: the notice (联系人, 抄送机关) and 永清镇's plan (its
        # team's 村（社区）); the other 89 print neither and cost most of a full build.
        for only in (["--kind", "通知"], ["--kind", "方案", "--unit", "永清镇"]):
            result = CliRunner().invoke(main, ["-C", str(ws), "build", "-j", "1", *only], catch_exceptions=False)
            assert "Traceback" not in result.output
            if result.exit_code != 0:  # refused: said why, wrote nothing
                assert "错误：" in result.output
                assert not list((ws / "output").rglob("*.docx"))
                return
        for path in (ws / "output").rglob("*.docx"):
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    if name.endswith(".xml"):
                        etree.fromstring(zf.read(name))  # well-formed XML, every part
            Document(str(path))
        notice = next((ws / "output" / "通知").glob("*.docx"))
        text = "\n".join(p.text for p in Document(str(notice)).paragraphs)
        assert "49" not in text.replace("0316", "")  # {{ 7*7 }} is text, never evaluated
        # The 版记 (printing 抄送机关) moved to an even page keeps every part well-formed too.
        moved = banji_on_next_page(notice.read_bytes())
        assert moved != notice.read_bytes()
        for name, data in read_parts(moved).items():
            if name.endswith(".xml"):
                etree.fromstring(data)


def test_hostile_documents_open_in_libreoffice(tmp_path: Path) -> None:
    require_soffice()
    ws = make_workspace(tmp_path / "ws")
    write_workbook(
        ws / "inputs" / WORKBOOK_NAME,
        notice={"联系人": "".join(HOSTILE[:8]), "抄送机关": HOSTILE[0]},
        teams=[["永清镇", HOSTILE[1], "沈彦军", 20], *TEAMS[1:]],
    )
    result = CliRunner().invoke(
        main, ["-C", str(ws), "build", "--kind", "方案", "--unit", "永清镇"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    plan = next((ws / "output" / "方案").glob("*.docx"))
    (pdf,) = convert_to_pdf([plan], tmp_path / "pdf")
    assert pdf.stat().st_size > 10_000
