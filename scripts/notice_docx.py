"""Write a notice's text (one paragraph a line) as the .docx a clerk receives: ``python scripts/notice_docx.py X.txt``.

(--skip leaves out the lines of a web page around the document, by number.)

Word's default template and its Normal style, plain paragraphs: no gongwen formatting. With
``--word-numbering`` the 一、 headings are Word's automatic numbering (the number is not in the
text, as when a drafter used the numbering button); with ``--formatted`` the title is centred and
large and the date right-aligned by direct formatting, as a drafter formats by hand. The tests'
notices in tests/data are made by this script from their .txt.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

WEB_ONLY = re.compile(
    r"^(发表日期|发布时间)|email\xa0protected|email protected"
)  # lines of the web page, not of the file
H1 = re.compile(r"^([一二三四五六七八九十]+)、")

NUMBERING = (
    f"<w:numbering {nsdecls('w')}>"
    '<w:abstractNum w:abstractNumId="7"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>'
    '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)


def write(source: Path, target: Path, word_numbering: bool, formatted: bool, skip: set[int]) -> None:
    document = Document()
    lines = [ln.strip(" \u3000\u00a0") for ln in source.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    lines = [ln for i, ln in enumerate(lines, 1) if i not in skip and not WEB_ONLY.search(ln)]
    if word_numbering:
        part = document.part.numbering_part
        part._element = parse_xml(NUMBERING)  # the default template's numbering part, replaced by one list
    for i, line in enumerate(lines):
        if word_numbering and H1.match(line):
            paragraph = document.add_paragraph(H1.sub("", line))
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>')
            )
            continue
        paragraph = document.add_paragraph(line)
        if formatted and i == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.font.size, run.font.bold = Pt(22), True
        elif formatted and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", line):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.core_properties.author = ""
    document.save(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--word-numbering", action="store_true")
    parser.add_argument("--formatted", action="store_true")
    parser.add_argument(
        "--skip", default="", help="lines (from 1, non-empty ones) of the web page to leave out: 1-6,18"
    )
    args = parser.parse_args()
    skip: set[int] = set()
    for item in filter(None, args.skip.split(",")):
        low, _, high = item.partition("-")
        skip.update(range(int(low), int(high or low) + 1))
    write(args.source, args.source.with_suffix(".docx"), args.word_numbering, args.formatted, skip)


if __name__ == "__main__":
    main()
