"""Draw docs/import-report.png: the 导入说明 that `gongwen import` writes for the seed notice.

    python scripts/make_import_picture.py      # the seed notice's .docx, imported into a scratch folder

The text is the real report of a real import (nothing typed by hand), drawn as the clerk reads it
in 导入说明.txt, with the lines that ask the clerk to check something in orange.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator import app  # noqa: E402

FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "C:/Windows/Fonts/msyh.ttc")


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        report = app.import_notice(REPO / "tests" / "data" / "seed_notice.docx", Path(scratch) / "2019年打击传销")
        lines = [ln.replace(str(Path(scratch)), "…") for ln in report.lines]
    font = ImageFont.truetype(next(f for f in FONTS if Path(f).exists()), 18)
    height, width = 30, max(int(font.getlength(ln)) for ln in lines) + 60
    image = Image.new("RGB", (width, height * len(lines) + 40), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        unsure = "不确定" in line or "未导入" in line or "请在" in line
        heading = line[:2] in ("一、", "二、", "三、", "四、", "五、") or line.startswith("导入说明")
        colour = "#c55a11" if unsure else "#1f3864" if heading else "#222222"
        draw.text((30, 20 + i * height), line, font=font, fill=colour)
    target = REPO / "docs" / "import-report.png"
    image.save(target, optimize=True)
    print(target)


if __name__ == "__main__":
    main()
