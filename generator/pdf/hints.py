"""What to tell the clerk when LibreOffice or the official fonts are missing (light to import).

The hint is for the machine gongwen runs on: the web page is served by the clerk's own computer,
so the server's platform is the clerk's.
"""

import sys


def install_hint(platform: str = sys.platform) -> str:
    """How to install LibreOffice on `platform` (sys.platform's words), in the clerk's language."""
    if platform == "win32":
        return (
            "安装 LibreOffice（Windows 版安装程序，政务内网电脑请向信息中心索取），装在默认位置即可，"
            "gongwen 会自己找到；装在别处时，把环境变量 GONGWEN_SOFFICE 设为 soffice.exe 的完整路径"
        )
    if platform == "darwin":
        return (
            "安装 LibreOffice，拖进“应用程序”文件夹即可；装在别处时，把环境变量 GONGWEN_SOFFICE 设为 soffice 的完整路径"
        )
    return (
        "在终端运行 sudo apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk"
        "（麒麟、统信 UOS 可在软件商店安装 LibreOffice）"
    )


INSTALL_HINT = install_hint()


def font_hint(platform: str = sys.platform) -> str:
    """How to install the official fonts on `platform`, so that PDFs match the printed page."""
    head = "PDF 中将用相近字体代替，排版（22 行 × 28 字）不变；要与打印件完全一致，请安装这些字体："
    if platform == "win32":
        return head + (
            "右键点字体文件（.ttf）选“为所有用户安装”，"
            "或打开 控制面板 → 字体，把字体文件拖进去（即复制到 C:\\Windows\\Fonts）"
        )
    if platform == "darwin":
        return head + "双击字体文件（.ttf），在“字体册”里点“安装”"
    return head + "把字体文件（.ttf）复制到 ~/.local/share/fonts/ 或 /usr/share/fonts/，再运行 fc-cache -f"


FONT_HINT = font_hint()
