"""GB/T 9704 checks on any .docx, from its XML and from its LibreOffice PDF: `gongwen check`.

Works on documents gongwen did not make, so nothing here relies on our style names: parts.py
recognises the parts of a 公文 by text, colour, alignment and position; rules.py judges each part
on the XML, rendered.py the laid-out pages. Each finding names the defect and where it is.
"""

from __future__ import annotations

from pathlib import Path

from generator.check import rules
from generator.check.defect import Defect
from generator.check.parts import Role, read_structure, recognise
from generator.check.rendered import Expected, check_pages, read_pages, squeeze
from generator.check.styles import NS, Styles
from generator.errors import Finding, Location, Severity
from generator.standard import wordml as wml
from generator.standard.package import read_parts

__all__ = ["Defect", "Expected", "check_document", "check_rendered", "expected_pages"]

# What the XML checks cover and what only the laid-out pages show: said when the pages are not checked.
RENDERED_CHECKS = "每页 22 行、每行 28 字、页码的位置、红色版头、落款或附注单独成页、正文前留下大半页空白"


def check_document(path: Path) -> list[Defect]:
    """Every defect found in one .docx from its XML (empty: it conforms to what is checked)."""
    parts = read_parts(path)
    body = wml.parse(parts["word/document.xml"]).find("w:body", NS)
    if body is None:
        raise KeyError("word/document.xml")
    styles = Styles(parts.get("word/styles.xml"))
    document = recognise(body, styles)
    defects = rules.check_page(document, styles)
    defects += rules.check_fonts(document, styles)
    defects += rules.check_sizes(document, styles)
    defects += rules.check_colours(document, styles)
    defects += rules.check_headers_and_footers(parts, styles)
    defects += (
        rules.check_wenhao(document) + rules.check_title(document, styles) + rules.check_zhusong(document, styles)
    )
    defects += rules.check_indents(document, styles)
    defects += rules.check_dates(document) + rules.check_note(document) + rules.check_attachments(document)
    defects += rules.check_banji(document) + rules.check_headings(document, styles)
    defects += rules.check_punctuation(document, {d.where for d in defects if "段" in d.where})
    return defects


# What GB/T 9704 asks of the page (5.1, 5.2.1), said after each of a template's page-setup findings.
PAGE_EXPECTED = "纸张应为 A4 210×297 毫米（表格页可横放），版心 156×225 毫米（上边距 37 毫米，左边距 28 毫米）"


# A template's page findings that refuse it: a page not A4 or not set (Word's Letter), its margins not
# set (Word's own), columns.
REFUSED_PAGE_CODES = ("page-size", "margins-unset", "columns")


def template_page_findings(path: Path, display: str) -> list[Finding]:
    """check's page rules (paper, margins, columns, character grid) on a template, which every
    document made from it inherits. A page not A4, columns, or margins that leave no 版心 are
    errors; margins or a grid a few millimetres off (a clerk's own habit, perhaps) a warning.
    Its package is read already (check_template found no error in it)."""
    parts = read_parts(path)
    body = wml.parse(parts["word/document.xml"]).find("w:body", NS)
    if body is None:
        return []
    styles = Styles(parts.get("word/styles.xml"))
    document = read_structure(body, styles)
    no_type_area = any(rules.leaves_no_type_area(s.properties) for s in document.sections)
    findings = []
    for defect in rules.check_page(document, styles):
        refused = defect.code in REFUSED_PAGE_CODES or (defect.code == "margins" and no_type_area)
        severity = Severity.ERROR if refused else Severity.WARNING
        message = f"模板的{defect.where}：{defect.message}；{PAGE_EXPECTED}，用它生成的公文都会这样"
        findings.append(Finding(severity, Location(display), message))
    return findings


def expected_pages(path: Path, found: list[Defect]) -> Expected:
    """What the pages of a document should show, read from its XML."""
    parts = read_parts(path)
    body = wml.parse(parts["word/document.xml"]).find("w:body", NS)
    if body is None:
        return Expected()
    document = recognise(body, Styles(parts.get("word/styles.xml")))
    return Expected(
        has_masthead=document.first(Role.WENHAO) is not None,
        closing=frozenset(squeeze(p.text) for p in document.having(Role.SIGNATURE, Role.DATE)),
        notes=frozenset(squeeze(p.text) for p in document.having(Role.NOTE)),
        found=frozenset(d.code for d in found),
        first_page_unnumbered=bool(document.sections)
        and document.sections[0].properties.find("w:titlePg", NS) is not None,
        word_grid=any(rules.char_grid(s.properties) is not None for s in document.sections if not s.landscape),
    )


def check_rendered(pdf: Path, expected: Expected) -> list[Defect]:
    """Defects visible only on the laid-out pages."""
    return check_pages(read_pages(pdf), expected)
