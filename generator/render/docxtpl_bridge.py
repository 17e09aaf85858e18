"""The pieces of docxtpl that compile-once rendering needs, in one place.

docxtpl's public `DocxTemplate.render` mends Word's run splitting (`patch_xml`), compiles the
whole document with Jinja, then restores escaped braces and resolves typed line breaks
(`resolve_listing`) on every call. Its brace restore runs over the rendered XML, values included (a
联系人 typed 王{_{五}_} would print 王{{五}}): gongwen restores braces in the template's text before
compiling instead (engine.literal_braces). gongwen compiles once per build, so it calls the steps before
and after the Jinja render itself. `patch_xml` and `resolve_listing` are public methods, but their
behaviour is docxtpl's internals: the version range is pinned in pyproject.toml, and
tests/test_templates.py renders the same template through `DocxTemplate.render` and through
gongwen and fails, naming this module, if the two ever disagree.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# The docxtpl releases this bridge was tested with (pyproject.toml: docxtpl>=0.20,<0.21).
TESTED_VERSIONS = ("0.20.",)


@cache
def _docxtpl() -> Any:
    """Neither method reads the instance: one made without a document serves every call. Imported
    on first use: docxtpl brings python-docx, which a command that renders nothing does not need."""
    from docxtpl import DocxTemplate

    return DocxTemplate.__new__(DocxTemplate)


def docxtpl_version() -> str:
    from importlib.metadata import version  # (7 ms of a build's start, with the email package it brings)

    return version("docxtpl")


def mend_tags(xml: str) -> str:
    """docxtpl's clean-up: tags split across runs by Word made whole, {%p %}/{%tr %}/{%tc %} resolved."""
    mended: str = _docxtpl().patch_xml(xml)
    return mended


def finish_render(xml: bytes) -> bytes:
    """What docxtpl does to a part after Jinja: line breaks, tabs, paragraph and page breaks typed
    in a value made WordprocessingML. On the UTF-8 bytes: every mark is ASCII, and no byte of a
    multi-byte character is. (docxtpl's brace restore is not here: see the module's docstring.)"""
    # resolve_listing rewrites the whole part: only when a value brought one of its characters
    # (the line break after the XML declaration does not count).
    body = xml.find(b"?>") + 3 if xml.startswith(b"<?xml") else 0  # (an offset: no copy of a large part)
    if any(xml.find(mark, body) != -1 for mark in (b"\n", b"\t", b"\a", b"\f")):
        resolved: str = _docxtpl().resolve_listing(xml.decode("utf-8"))
        return resolved.encode("utf-8")
    return xml
