"""Render the before/after pictures of docs/模板修改指南.md from real output.

    python scripts/make_guide_images.py      # needs LibreOffice and pdftoppm

Each scenario edits a template (and the workbook) of a scratch workspace the way
the guide tells a clerk to, builds, converts to PDF and crops the part of the
page that changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from examples.yongqing.workbook import NOTICE, TEAMS, write_workbook  # noqa: E402
from generator.inputs.schema import WORKBOOK_NAME  # noqa: E402
from generator.pdf.libreoffice import convert_to_pdf  # noqa: E402
from generator.pdf.measure import read_pdf  # noqa: E402
from generator.pipeline import build  # noqa: E402
from generator.standard import gbt9704  # noqa: E402
from generator.standard.package import read_parts, replace_in_part, zip_bytes  # noqa: E402
from generator.workspace import Workspace, bundled_root  # noqa: E402

OUT = REPO / "docs" / "guide"
OLD_SENTENCE = "请结合本地本部门的实际情况，认真贯彻落实。"
NEW_SENTENCE = "请结合实际，认真组织实施，确保取得实效。"
DPI = 80


def edit(path: Path, *replacements: tuple[str, str]) -> None:
    path.write_bytes(replace_in_part(path, "word/document.xml", replacements))


def paragraph(style: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def add_column(path: Path, after_header: str, header: str, cell: str) -> None:
    """Insert a table column after the one headed `after_header`, as Word's 'insert column right'
    does, then share the table's width evenly between old and new columns."""
    parts = read_parts(path)
    xml = parts["word/document.xml"].decode()
    table = re.search(r"<w:tbl>(?:(?!<w:tbl>).)*?" + re.escape(after_header) + r".*?</w:tbl>", xml, re.DOTALL)
    assert table
    tbl = table.group(0)
    cols = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', tbl)]
    rows = re.findall(r"<w:tr>.*?</w:tr>", tbl, re.DOTALL)
    index = next(i for i, c in enumerate(re.findall(r"<w:tc>.*?</w:tc>", rows[0], re.DOTALL)) if after_header in c)
    total = sum(cols)
    widths = [w * total // (total + total // len(cols)) for w in cols]
    widths.insert(index + 1, total - sum(widths))
    new = re.sub(
        r"<w:tblGrid>.*?</w:tblGrid>",
        "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>",
        tbl,
        flags=re.DOTALL,
    )
    for r, row in enumerate(rows):
        cells = re.findall(r"<w:tc>.*?</w:tc>", row, re.DOTALL)
        text = header if r == 0 else (cell if "{{ t." in row else "")
        run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
        added = re.sub(r"<w:r>.*</w:r>", run, cells[index], flags=re.DOTALL)
        cells.insert(index + 1, added)
        cells = [re.sub(r'<w:tcW w:w="\d+"', f'<w:tcW w:w="{w}"', c) for c, w in zip(cells, widths, strict=True)]
        head = row[: row.index("<w:tc>")]
        new = new.replace(row, head + "".join(cells) + "</w:tr>", 1)
    parts["word/document.xml"] = xml.replace(tbl, new).encode()
    path.write_bytes(zip_bytes(parts))


def crop(pdf: Path, keyword: str, name: str, above: float = 20, below: float = 30) -> Path:
    """A PNG of the band of the page around the first line containing `keyword`."""
    for page in read_pdf(pdf):
        for line in page.lines:
            if keyword in line.text:
                top = max(0.0, line.top - above)
                height = min(page.height - top, above + below)
                px = DPI / 25.4
                prefix = OUT / name
                subprocess.run(
                    [
                        "pdftoppm", "-png", "-r", str(DPI), "-f", str(page.number), "-l", str(page.number),
                        "-x", str(int(15 * px)), "-y", str(int(top * px)),
                        "-W", str(int(180 * px)), "-H", str(int(height * px)), "-singlefile",
                        str(pdf), str(prefix),
                    ],
                    check=True,
                )  # fmt: skip
                return prefix.with_suffix(".png")
    raise SystemExit(f"{keyword!r} not found in {pdf}")


def scenario(
    root: Path, name: str, change: Callable[[Path], None], doc: str, before: str, after: str, above: float = 20
) -> None:
    ws = root / name
    shutil.copytree(bundled_root() / "inputs", ws / "inputs")
    shutil.copytree(bundled_root() / "templates", ws / "templates")
    (ws / "output").mkdir()
    build(Workspace(ws), jobs=1)
    (first,) = convert_to_pdf([next((ws / "output").glob(doc))], root / f"{name}-before")
    crop(first, before, f"{name}-before", above)
    change(ws)
    build(Workspace(ws), jobs=1, force=True)
    (second,) = convert_to_pdf([next((ws / "output").glob(doc))], root / f"{name}-after")
    crop(second, after, f"{name}-after", above)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="gongwen-guide-"))
    notice, plan = "通知/*.docx", "方案/韩村镇*.docx"
    contact = '<w:t xml:space="preserve">联 系 人：{{ 发文.联系人 }}</w:t></w:r></w:p>'

    scenario(
        root, "1-sentence",
        lambda ws: edit(ws / "templates" / "通知.docx", (OLD_SENTENCE, NEW_SENTENCE)),
        notice, "现将《", "现将《",
    )  # fmt: skip
    scenario(
        root, "2-paragraph",
        lambda ws: edit(
            ws / "templates" / "通知.docx",
            (contact, contact + paragraph(gbt9704.HEADING_2.style_id, "（六）畅通举报渠道")
             + paragraph(gbt9704.BODY.style_id, "各乡镇（区、办）要公布举报电话，对群众举报的线索逐条核查。")),
        ),
        notice, "联系人", "畅通举报渠道",
    )  # fmt: skip

    def variable(ws: Path) -> None:
        edit(
            ws / "templates" / "通知.docx",
            (contact, contact + paragraph(gbt9704.BODY.style_id, "督导组电话：{{ 发文.督导电话 }}")),
        )
        write_workbook(ws / "inputs" / WORKBOOK_NAME, notice={**NOTICE, "督导电话": "0316-6689999"})

    scenario(root, "3-variable", variable, notice, "联系人", "督导组电话")

    def column(ws: Path) -> None:
        add_column(ws / "templates" / "方案.docx", "队长", "联系电话", "{{ t.联系电话 }}")
        write_workbook(
            ws / "inputs" / WORKBOOK_NAME,
            teams=[[*row, f"139031{i:05d}"] for i, row in enumerate(TEAMS)],
            table_headers={"打传队伍": ["单位名称", "村（社区）", "队长", "队员人数", "联系电话"]},
        )

    scenario(root, "4-column", column, plan, "序号", "序号", above=6)
    shutil.rmtree(root)
    for png in sorted(OUT.glob("*.png")):
        print(png.relative_to(REPO))


if __name__ == "__main__":
    main()
