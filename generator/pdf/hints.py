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

FONT_HINT = (
    "PDF 中将用相近字体代替，排版（22 行 × 28 字）不变；"
    "要与打印件完全一致，请把这些字体（.ttf）复制到 ~/.local/share/fonts/ 或 /usr/share/fonts/，再运行 fc-cache -f"
)
