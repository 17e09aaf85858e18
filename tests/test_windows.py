"""Windows' own behaviour, run here: what gongwen does differently on the clerk's usual system."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.standard import package


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
