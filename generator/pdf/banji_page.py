"""版记 on an even page, for offices that print double-sided (a setting of the 文档 sheet).

GB/T 9704 7.4 puts the 版记 at the foot of the last page, and office practice wants that page
even, on the back of a sheet: when the text ends on an odd page, the 版记 moves to the foot of
the next page (numbered like the others: 7.5 leaves out the numbers only after a blank page).
Where the text ends depends on the layout, so the staged document is laid out once by
LibreOffice and its pages counted.
"""

from __future__ import annotations

import copy
import hashlib
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
    for path, count in counts.items():
        if count % 2:
            write_atomic(path, banji_on_next_page(documents[path]))
    return []


def _left_on_last_page(with_banji: Sequence[tuple[Path, str]], why: str) -> list[Finding]:
    return [Finding(Severity.WARNING, Location(shown), why) for _, shown in with_banji]


def _page_counts(documents: dict[Path, bytes]) -> dict[Path, int]:
    """Each document's number of pages: from the cache, or laid out by LibreOffice in one call."""
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
                counts[path] = libreoffice.page_count(pdf)
                store_in_cache(_count_entry(documents[path]), str(counts[path]).encode())
    return {path: count for path, count in counts.items() if count is not None}


# The page count of a document's exact bytes does not change: kept in the cache, a rebuild that
# renders the same notice again (another workspace, a --force) does not run LibreOffice again.
def _count_entry(docx: bytes) -> Path:
    return cache_dir("pages") / f"{hashlib.sha256(docx).hexdigest()}.txt"


def _cached_page_count(docx: bytes) -> int | None:
    try:
        text = _count_entry(docx).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdecimal() else None
