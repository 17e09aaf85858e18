"""版记 on an even page, for offices that print double-sided (a setting of the 文档 sheet).

GB/T 9704 7.4 puts the 版记 at the foot of the last page, and office practice wants that page
even, on the back of a sheet: when the text ends on an odd page, the 版记 moves to the foot of
the next page (numbered like the others: 7.5 leaves out the numbers only after a blank page).
Where the text ends depends on the layout, so the staged document is laid out once by
LibreOffice and its pages counted. When the text fills the page before to its last line, the 版记
is alone on the odd page already and cannot move after the text: the clerk is told (a blank page
before it, 7.5), the document left as rendered.
"""

from __future__ import annotations

import copy
import hashlib
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.cache import cache_dir, store_in_cache
from generator.errors import Finding, GongwenError, Location, Severity
from generator.pdf import libreoffice
from generator.pdf.hints import INSTALL_HINT
from generator.standard import wordml as wml
from generator.standard.package import read_parts, write_atomic, zip_bytes
from generator.standard.schema_order import reorder
from generator.standard.wordml import Element


def banji_table(body: Element) -> Element | None:
    """The 版记: a floating table anchored to the foot of the page, the body's last table."""
    tables = [
        t for t in wml.findall(body, "w:tbl") if wml.get(wml.find(t, "w:tblPr/w:tblpPr"), "w:tblpYSpec") == "bottom"
    ]
    return tables[-1] if tables else None


def has_banji(docx: bytes) -> bool:
    body = wml.find(wml.parse(read_parts(docx)["word/document.xml"]), "w:body")
    return body is not None and banji_table(body) is not None


def banji_on_next_page(docx: bytes) -> bytes:
    """The document with its 版记 at the foot of the page after the text's last page."""
    parts = read_parts(docx)
    root = wml.parse(parts["word/document.xml"])
    body = wml.find(root, "w:body")
    table = banji_table(body) if body is not None else None
    if table is None:
        return docx
    before = table.getprevious()
    if before is not None and wml.find(before, "w:pPr/w:pageBreakBefore") is not None:
        return docx  # moved already
    # A paragraph of its own opens the new page: LibreOffice anchors a floating table to the
    # paragraph before it (Word to the one after), so both keep the 版记 on that page. It is a
    # copy of the 版记's 1 pt anchor paragraph, and takes no room.
    anchor = table.getnext()
    opening = copy.deepcopy(anchor) if anchor is not None and anchor.tag == wml.qn("w:p") else wml.element("w:p")
    ppr = wml.find(opening, "w:pPr")
    if ppr is None:
        ppr = wml.element("w:pPr")
        opening.insert(0, ppr)
    wml.sub(ppr, "w:pageBreakBefore")
    reorder(ppr)
    table.addprevious(opening)
    parts["word/document.xml"] = wml.to_bytes(root)
    return zip_bytes(parts)


def place_on_even_pages(staged: Sequence[tuple[Path, str]]) -> list[Finding]:
    """For each staged (document, name shown to the clerk) whose 版记 would print on an odd page,
    move it to the next page, in place. Without LibreOffice nothing moves, and the clerk is told."""
    documents = {path: path.read_bytes() for path, _ in staged}
    with_banji = [(path, shown) for path, shown in staged if has_banji(documents[path])]
    if not with_banji:
        return []
    if libreoffice.find_soffice() is None:
        return _left_on_last_page(
            with_banji,
            f"没有找到 LibreOffice，无法确定页数，版记留在最后一页（可能是单数页）；安装后重新生成即可：{INSTALL_HINT}",
        )
    try:
        counts = _page_counts({path: documents[path] for path, _ in with_banji})
    except GongwenError as exc:  # LibreOffice there but failing: the documents stay as rendered
        return _left_on_last_page(with_banji, f"无法确定页数（{exc}），版记留在最后一页")
    findings = []
    for path, shown in with_banji:
        count, alone = counts.get(path, (0, False))
        if count % 2 and alone:
            findings.append(_alone_on_odd_page(shown, count))
        elif count % 2:
            write_atomic(path, banji_on_next_page(documents[path]))
    return findings


def _alone_on_odd_page(shown: str, page: int) -> Finding:
    """The text fills the page before to its last line, so the 版记 is on a page of its own already:
    opening a page before it would move nothing. GB/T 9704 7.5 allows a blank page before the 版记
    page (neither numbered); the clerk decides, and is told."""
    return Finding(
        Severity.WARNING,
        Location(shown),
        f"版记单独在第{page}页（单数页）：正文排满了第{page - 1}页，版记移不到其后的双数页。双面印刷时可在版记页前"
        "加一空白页（GB/T 9704 第7.5条：空白页和版记页均不编排页码），或删减正文使版记与正文同页",
    )


def _left_on_last_page(with_banji: Sequence[tuple[Path, str]], why: str) -> list[Finding]:
    return [Finding(Severity.WARNING, Location(shown), why) for _, shown in with_banji]


def _page_counts(documents: dict[Path, bytes]) -> dict[Path, tuple[int, bool]]:
    """Each document's (number of pages, whether its 版记 is alone on the last one): from the cache,
    or laid out by LibreOffice in one call."""
    counts = {path: _cached_page_count(data) for path, data in documents.items()}
    unknown = [path for path, count in counts.items() if count is None]
    if unknown:
        with tempfile.TemporaryDirectory(prefix="gongwen-banji-") as tmp:
            copies = []  # staged files are not named .docx yet; LibreOffice names its PDFs after them
            for i, path in enumerate(unknown):
                copies.append(Path(tmp) / f"{i}.docx")
                copies[-1].write_bytes(documents[path])
            pdfs = libreoffice.convert_to_pdf(copies, Path(tmp) / "pdf")
            for path, pdf in zip(unknown, pdfs, strict=True):
                found = (libreoffice.page_count(pdf), _banji_alone_on_last_page(pdf, documents[path]))
                counts[path] = found
                store_in_cache(_count_entry(documents[path]), f"{found[0]} {int(found[1])}".encode())
    return {path: count for path, count in counts.items() if count is not None}


def _banji_alone_on_last_page(pdf: Path, docx: bytes) -> bool:
    """Whether the last page prints the 版记 and its page number, nothing else."""
    import pdfplumber

    body = wml.find(wml.parse(read_parts(docx)["word/document.xml"]), "w:body")
    table = banji_table(body) if body is not None else None
    if table is None:
        return False
    banji = "".join(wml.paragraph_text(p) for p in table.iter(wml.qn("w:p")))
    with pdfplumber.open(pdf) as opened:
        printed = "".join(c["text"] for c in opened.pages[-1].chars)
    printed = re.sub(r"—\s*\d+\s*—", "", printed)
    return _bare(printed) == _bare(banji)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The page count of a document's exact bytes does not change: kept in the cache, a rebuild that
# renders the same notice again (another workspace, a --force) does not run LibreOffice again.
def _count_entry(docx: bytes) -> Path:
    return cache_dir("pages") / f"{hashlib.sha256(docx).hexdigest()}.txt"


def _cached_page_count(docx: bytes) -> tuple[int, bool] | None:
    """(pages, 版记 alone on the last) as stored; an entry of an older gongwen (pages alone) is none."""
    try:
        text = _count_entry(docx).read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    if len(text) != 2 or not text[0].isdecimal() or text[1] not in ("0", "1"):
        return None
    return int(text[0]), text[1] == "1"
