"""Windows' own behaviour, run here: what gongwen does differently on the clerk's usual system."""

from __future__ import annotations

import ctypes
import struct
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.standard import package

from .conftest import Run, make_workspace, output_files


class FakeKernel32:
    """GetFileAttributesW / SetFileAttributesW over a dict, as Windows keeps them per file."""

    def __init__(self) -> None:
        self.attributes: dict[str, int] = {}

    def GetFileAttributesW(self, path: str) -> int:  # Windows API name
        if not Path(path).exists():
            return package.INVALID_FILE_ATTRIBUTES
        return self.attributes.setdefault(path, 0x80)  # FILE_ATTRIBUTE_NORMAL

    def SetFileAttributesW(self, path: str, value: int) -> int:
        self.attributes[path] = value
        return 1


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> FakeKernel32:
    kernel32 = FakeKernel32()
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=kernel32), raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    return kernel32


def test_gongwens_dot_files_are_hidden_in_explorer(tmp_path: Path, windows: FakeKernel32) -> None:
    manifest = tmp_path / ".gongwen-manifest.json"
    package.write_atomic(manifest, b"{}")
    assert windows.attributes[str(manifest)] & package.FILE_ATTRIBUTE_HIDDEN
    # written again: shown for the replace (Windows may refuse to replace a hidden file), hidden after
    package.write_atomic(manifest, b"{ }")
    assert manifest.read_bytes() == b"{ }"
    assert windows.attributes[str(manifest)] & package.FILE_ATTRIBUTE_HIDDEN


def test_the_clerks_documents_are_never_hidden(tmp_path: Path, windows: FakeKernel32) -> None:
    document = tmp_path / "通知.docx"
    package.write_atomic(document, b"PK")
    assert not windows.attributes.get(str(document), 0) & package.FILE_ATTRIBUTE_HIDDEN


def test_nothing_is_asked_of_windows_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delattr(ctypes, "windll", raising=False)  # would raise if called
    package.write_atomic(tmp_path / ".gongwen-form-key", b"k")
    assert (tmp_path / ".gongwen-form-key").read_bytes() == b"k"


def deep_workspace(tmp_path: Path) -> Path:
    """A workspace whose folder is nested deep enough that its plans' paths pass 259 characters."""
    folder = tmp_path
    while len(str(folder)) < 230:
        folder = folder / "各乡镇街道办事处报送材料"
    return make_workspace(folder / "ws")


def test_a_workspace_too_deep_for_word_is_said_on_windows_before_anything_is_written(
    tmp_path: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = deep_workspace(tmp_path)
    monkeypatch.setattr(sys, "platform", "win32")
    result = run("-C", ws, "build")
    assert result.exit_code == 1
    assert "工作区所在的文件夹太深" in result.output
    assert "Windows 上的 Word 打不开超过 259 个字符的路径" in result.output
    assert "请把工作区文件夹移到较浅的位置（如 D:\\公文\\活动名称）" in result.output
    assert output_files(ws) == []


def test_elsewhere_a_deep_workspace_builds_with_a_warning(tmp_path: Path, run: Run) -> None:
    ws = deep_workspace(tmp_path)
    result = run("-C", ws, "build", "--kind", "方案")
    assert result.exit_code == 0, result.output
    assert "工作区所在的文件夹太深" in result.output  # it may be copied to Windows later
    assert output_files(ws)


def test_a_shallow_workspace_says_nothing_of_paths(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "build", "--kind", "通知")
    assert result.exit_code == 0
    assert "文件夹太深" not in result.output


def test_the_shortcut_is_written_in_the_code_page_cmd_reads() -> None:
    from generator.workspace import launcher_script

    root = Path("D:/公文/2025年防汛")
    name, data = launcher_script(root, ["C:/Python311/python.exe", "-m", "gongwen"], "win32", "cp936")
    assert name == "打开gongwen.bat"
    text = data.decode("cp936")  # as cmd on a Chinese Windows reads it: the path comes back whole
    assert '"C:/Python311/python.exe" "-m" "gongwen" "-C" "D:' in text
    assert "2025年防汛" in text and "\r\n" in text
    assert "2025年防汛".encode() not in data  # not UTF-8, which cmd would garble
    # a name the code page cannot hold: cmd is switched to UTF-8 first
    name, data = launcher_script(Path("D:/공문"), ["gongwen.exe"], "win32", "cp936")
    assert data.startswith(b"@chcp 65001 >nul\r\n")
    assert "공문".encode() in data


def test_gongwen_shortcut_writes_a_script_that_opens_the_page(workspace: Path, run: Run) -> None:
    import subprocess

    result = run("-C", workspace, "shortcut")
    assert result.exit_code == 0, result.output
    script = workspace / "打开gongwen.sh"
    assert f"已写好：{script}" in result.output
    # the script runs gongwen on this workspace (validate in place of ui, which would serve until stopped)
    text = script.read_text(encoding="utf-8")
    assert str(workspace.resolve()) in text and text.rstrip().endswith("'ui'")
    shown = subprocess.run(["sh", "-c", text.replace("'ui'", "'validate'")], capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr


def sfnt_with_family(family: str) -> bytes:
    """The smallest font file Windows would list: an sfnt holding only a 'name' table whose
    family (name 1) is `family`, for Windows (platform 3, Chinese PRC 0x0804), as Chinese fonts carry it."""
    text = family.encode("utf-16-be")
    name_table = struct.pack(">HHH", 0, 1, 6 + 12) + struct.pack(">HHHHHH", 3, 1, 0x0804, 1, len(text), 0) + text
    directory = struct.pack(">IHHHH", 0x00010000, 1, 16, 0, 0)
    record = struct.pack(">4sIII", b"name", 0, 12 + 16, len(name_table))
    return directory + record + name_table


def test_missing_official_fonts_are_found_on_windows_from_the_font_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.pdf import libreoffice
    from generator.standard.gbt9704 import FONT_FANGSONG, FONT_HEITI, OFFICIAL_FONTS

    system = tmp_path / "Windows" / "Fonts"
    user = tmp_path / "AppData" / "Local" / "Microsoft" / "Windows" / "Fonts"
    system.mkdir(parents=True)
    user.mkdir(parents=True)
    (system / "FS_GB2312.ttf").write_bytes(sfnt_with_family(FONT_FANGSONG))
    (user / "simhei.ttf").write_bytes(sfnt_with_family(FONT_HEITI))  # installed for this user only
    (system / "broken.ttf").write_bytes(b"\x00\x01\x00\x00")  # a damaged file names nothing
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    monkeypatch.setattr(sys, "platform", "win32")
    missing = [font for font, _ in libreoffice.missing_fonts()]
    assert missing == [f for f in OFFICIAL_FONTS if f not in (FONT_FANGSONG, FONT_HEITI)]


def test_family_names_are_read_from_each_face_of_a_collection() -> None:
    from generator.pdf.fonts import family_names

    noto = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")  # scripts/install-system-deps.sh
    assert "Noto Serif CJK SC" in family_names(noto)
    assert "Noto Serif CJK JP" in family_names(noto)  # another face of the same .ttc


def test_the_workspace_lock_is_hidden_too(tmp_path: Path, windows: FakeKernel32) -> None:
    from generator.output.lock import LOCK_NAME, BuildLock, PosixLocking

    (tmp_path / "output").mkdir()
    with BuildLock(tmp_path / "output", locking=PosixLocking()):  # (Windows' own locking: tests/test_lock.py)
        pass
    assert windows.attributes[str(tmp_path / "output" / LOCK_NAME)] & package.FILE_ATTRIBUTE_HIDDEN
