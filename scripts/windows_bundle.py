"""Make gongwen's package for Windows: the offline wheel set here, the frozen program where it runs.

    python scripts/windows_bundle.py wheels DIR      # every dependency as win_amd64 wheels, per Python
    python scripts/windows_bundle.py check           # only resolve them (is the set complete?)
    python scripts/windows_bundle.py freeze DIR      # freeze gongwen for THIS system and lay out the package

`wheels` and `check` run on any system (pip resolves Windows wheels from here). PyInstaller builds
for the system it runs on, so the clerk's package (gongwen.exe) is frozen on Windows by
.github/workflows/windows.yml; the same `freeze` runs on Linux in tests/test_frozen.py, so that
what can be checked here (package data, lazy imports, templates, the web page's files) is.

The package a clerk unzips:

    gongwen-windows-x64/
      打开gongwen.bat     double-click: opens the web page on 工作区/ (ASCII inside: cmd reads a .bat
                          in the system's code page, which would garble Chinese written in UTF-8)
      说明.txt            in Chinese, UTF-8 with a byte order mark (Notepad's own)
      gongwen/            gongwen.exe and what it needs (no Python to install)
      工作区/              made at the first start
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13")  # the versions gongwen supports (pyproject: requires-python >= 3.11)
PLATFORM = "win_amd64"

LAUNCHER = (
    "@echo off\r\n"
    "rem Opens gongwen's page in the browser. Close this window to stop gongwen.\r\n"
    '"%~dp0gongwen\\gongwen.exe" %*\r\n'
    "if errorlevel 1 pause\r\n"
)

README = """gongwen：用 Excel 数据生成公文

一、使用
  1. 把整个文件夹解压到本机硬盘（如 D:\\gongwen），不要在压缩包里直接打开。
  2. 双击“打开gongwen.bat”。浏览器会打开 gongwen 的页面；黑色窗口不要关，用完后关掉它即可停止。
  3. 第一次使用时，在页面的“工作区”里从示例或空白新建一个活动。数据和公文都在“工作区”文件夹里：
     工作区\\inputs\\活动数据.xlsx 是您填写的数据，工作区\\output 里是生成的公文。

二、适用的系统
  Windows 10、Windows 11（64 位）。不需要安装 Python，也不需要管理员权限，不需要联网。
  不支持 Windows 7。

三、可选：LibreOffice
  生成 PDF、预览图、打印合订本和排版检查需要 LibreOffice。装在默认位置即可，gongwen 会自己找到。

四、出错时
  提示里会给出日志文件的位置（在系统临时文件夹里，文件名是 gongwen-error-….log），请发给维护人员。
"""


def dependencies() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def pip_platform_args(python: str) -> list[str]:
    return ["--platform", PLATFORM, "--only-binary=:all:", "--python-version", python, "--implementation", "cp"]


def resolve(python: str) -> dict[str, str]:
    """Each package gongwen needs on Windows x64 under `python`, with the wheel pip would take.
    Raises CalledProcessError when one has no wheel for that system (the set would be incomplete)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet"]
        cmd += ["--report", str(report), "--target", str(Path(tmp) / "t"), *pip_platform_args(python), *dependencies()]
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        installs = json.loads(report.read_text(encoding="utf-8"))["install"]
    return {i["metadata"]["name"].lower(): i["download_info"]["url"].rsplit("/", 1)[-1] for i in installs}


def download_wheels(target: Path) -> None:
    """Every dependency for every supported Python, as wheels, and gongwen's own wheel."""
    for python in PYTHONS:
        folder = target / f"python{python}"
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "-d", str(folder), *pip_platform_args(python)]
        subprocess.run([*cmd, *dependencies()], check=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(target), str(REPO)], check=True
    )


def freeze(target: Path) -> Path:
    """Freeze gongwen for this system with packaging/gongwen.spec and lay out the package in
    `target`; returns the package folder (its zip is written beside it)."""
    work = target / "pyinstaller"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), "gongwen.spec"],
        cwd=REPO / "packaging",
        check=True,
    )  # fmt: skip
    suffix = "windows-x64" if sys.platform == "win32" else f"{sys.platform}-{_machine()}"
    package = target / f"gongwen-{suffix}"
    shutil.rmtree(package, ignore_errors=True)
    shutil.copytree(work / "dist" / "gongwen", package / "gongwen", symlinks=True)
    write_launchers(package)
    archive = package.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:  # UTF-8 names, flagged as such
        for path in sorted(package.rglob("*")):
            zf.write(path, path.relative_to(package.parent).as_posix())
    return package


def write_launchers(package: Path) -> None:
    (package / "打开gongwen.bat").write_bytes(LAUNCHER.encode("ascii"))
    (package / "说明.txt").write_bytes(README.replace("\n", "\r\n").encode("utf-8-sig"))


def _machine() -> str:
    import platform

    return platform.machine().lower()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["check", "wheels", "freeze"])
    parser.add_argument("target", nargs="?", type=Path, default=REPO / "dist" / "windows")
    args = parser.parse_args(argv)
    if args.step == "check":
        for python in PYTHONS:
            wheels = resolve(python)
            print(f"Python {python}, {PLATFORM}: {len(wheels)} wheels")
            for name, wheel in sorted(wheels.items()):
                print(f"  {name:24} {wheel}")
    elif args.step == "wheels":
        download_wheels(args.target)
        print(f"wheels in {args.target}")
    else:
        print(f"package in {freeze(args.target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
