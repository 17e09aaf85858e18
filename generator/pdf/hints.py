"""What to tell the clerk when LibreOffice or the official fonts are missing (light to import)."""

INSTALL_HINT = "sudo apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils"

FONT_HINT = (
    "PDF 中将用相近字体代替，排版（22 行 × 28 字）不变；"
    "要与打印件完全一致，请把这些字体（.ttf）复制到 ~/.local/share/fonts/ 或 /usr/share/fonts/，再运行 fc-cache -f"
)
