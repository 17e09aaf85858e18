"""The two pieces of docxtpl that compile-once rendering needs, in one place.

docxtpl's public `DocxTemplate.render` mends Word's run splitting (`patch_xml`), compiles the
whole document with Jinja and resolves typed line breaks (`resolve_listing`) on every call. gongwen
compiles once per build, so it calls those two steps itself. They are public methods, but their
behaviour is docxtpl's internals: the version range is pinned in pyproject.toml, and
tests/test_templates.py renders the same template through `DocxTemplate.render` and through
gongwen and fails, naming this module, if the two ever disagree.
"""

from __future__ import annotations

from importlib.metadata import version

from docxtpl import DocxTemplate

# The docxtpl releases this bridge was tested with (pyproject.toml: docxtpl>=0.20,<0.21).
TESTED_VERSIONS = ("0.20.",)

# Neither method reads the instance: one made without a document serves every call.
_DOCXTPL = DocxTemplate.__new__(DocxTemplate)


def docxtpl_version() -> str:
    return version("docxtpl")


def mend_tags(xml: str) -> str:
    """docxtpl's clean-up: tags split across runs by Word made whole, {%p %}/{%tr %}/{%tc %} resolved."""
    mended: str = _DOCXTPL.patch_xml(xml)
    return mended


def resolve_listing(xml: str) -> str:
    """Line breaks, tabs, paragraph and page breaks typed in a value, as WordprocessingML."""
    resolved: str = _DOCXTPL.resolve_listing(xml)
    return resolved
