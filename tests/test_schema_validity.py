"""Word is strict about element order; Word for the web refuses what it cannot read.

Every generated .docx and .xlsx and every bundled template is validated against the ISO/IEC 29500
transitional schemas by openxml-audit (a port of the Open XML SDK validator).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from generator.standard.package import read_parts, zip_bytes

from .conftest import EXAMPLE, EXAMPLE_OUTPUTS, output_files

VALIDATOR = OpenXmlValidator()


def problems(path: Path) -> list[str]:
    result = VALIDATOR.validate(str(path))
    return [] if result.is_valid else [str(e) for e in result.errors]


def test_every_generated_document_and_spreadsheet_is_schema_valid(built: Path) -> None:
    files = [p for p in output_files(built) if p.suffix in (".docx", ".xlsx")]
    assert len(files) == EXAMPLE_OUTPUTS
    found = {p.name: problems(p) for p in files}
    assert {name: errors for name, errors in found.items() if errors} == {}


@pytest.mark.parametrize("template", sorted(p.name for p in (EXAMPLE / "templates").glob("*.docx")))
def test_every_bundled_template_is_schema_valid(template: str) -> None:
    assert problems(EXAMPLE / "templates" / template) == []


def test_the_validator_catches_a_misordered_run_property(built_notice: Path, tmp_path: Path) -> None:
    """snapToGrid belongs before color in w:rPr (CT_RPr is a sequence): the check must see it."""
    parts = read_parts(built_notice)
    styles = parts["word/styles.xml"].decode("utf-8")
    assert '<w:snapToGrid w:val="0"/><w:color ' in styles  # the 发文机关标志's style, as gongwen writes it
    color_start = styles.index("<w:color ", styles.index('<w:snapToGrid w:val="0"/><w:color '))
    color = styles[color_start : styles.index("/>", color_start) + 2]
    swapped = styles.replace(f'<w:snapToGrid w:val="0"/>{color}', f'{color}<w:snapToGrid w:val="0"/>', 1)
    parts["word/styles.xml"] = swapped.encode("utf-8")
    broken = tmp_path / "misordered.docx"
    broken.write_bytes(zip_bytes(parts))
    found = problems(broken)
    assert any("snapToGrid" in e and "styles.xml" in e for e in found), found


def test_a_fill_in_form_is_schema_valid_and_the_same_bytes_each_time(tmp_path: Path) -> None:
    """The forms come from the one SpreadsheetML writer too: two sheets, protection, data
    validation, a very hidden sheet, print titles; a form written twice is the same file."""
    from generator.forms.fill_in import form_bytes
    from generator.inputs.schema import WORKBOOK_NAME
    from generator.pipeline import read_workbook

    inputs, _ = read_workbook(EXAMPLE / "inputs" / WORKBOOK_NAME, "inputs")
    assert inputs is not None
    period = inputs.campaign.periods[1]
    key = b"k" * 32
    form = tmp_path / "form.xlsx"
    form.write_bytes(form_bytes(inputs, inputs.units[0].name, period, key, "某单位统计报表"))
    assert problems(form) == []
    assert form_bytes(inputs, inputs.units[0].name, period, key, "某单位统计报表") == form.read_bytes()
